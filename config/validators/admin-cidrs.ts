import type { EnvironmentValidator } from "./context";

/** Shortest prefix accepted for an administrators' network: anything wider is not a network of administrators. */
const widestAdminPrefix = 8;

/** The bastion is reachable only from declared administration networks, never from anywhere (ANSSI PA-022 R15-R16). */
export const validateAdminCidrs: EnvironmentValidator = ({ env, source }) =>
  env.network.adminCidrs.flatMap((cidr, i) => {
    const prefix = Number(cidr.split("/")[1]);
    if (prefix === 0) {
      return [source.issueAt(["network", "adminCidrs", i], `${cidr} opens the bastion to the whole Internet; list the administrators' networks instead`)];
    }
    if (prefix < widestAdminPrefix) {
      return [source.issueAt(["network", "adminCidrs", i], `${cidr} is wider than /${widestAdminPrefix}; list the administrators' networks instead`)];
    }
    return [];
  });
