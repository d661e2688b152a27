import { registryAddress } from "../../constructs/network/region-services";
import type { ConfigIssue } from "../../lib/issues";
import type { EnvironmentValidator } from "./context";
import { declaredTwice } from "./declared-twice";

const hostOf = (image: string): string => image.split("/")[0]!;

/** The platform needs its services declared, images from the region's registry, and coherent project dates. */
export const validatePlatform: EnvironmentValidator = ({ env, source }) => {
  const issues: ConfigIssue[] = [];
  const needsPlatform = (["pseudonymisation", "airlock"] as const).filter((key) => env[key] !== undefined);
  if (!env.platform) {
    for (const key of needsPlatform) issues.push(source.issueAt([key], `${key} needs the platform section (the Kubernetes layer it runs on)`, { onKey: true }));
    if (env.projects.length > 0) issues.push(source.issueAt(["projects"], "projects need the platform section (their workspaces run on it)", { onKey: true }));
    return issues;
  }
  /** What the platform needs: where to report it missing, whether it is there, what to declare. */
  const required: { at: string[]; name: string; present: boolean; what: string }[] = [
    { at: [], name: "registry", present: env.registry !== undefined, what: "the region's container registry (registry.host)" },
    { at: [], name: "pseudonymisation", present: env.pseudonymisation !== undefined, what: "the pseudonymisation service (pseudonymisation.image)" },
    { at: [], name: "airlock", present: env.airlock !== undefined, what: "the airlock (airlock.image, airlock.reviewersGroup)" },
    {
      at: ["logging"],
      name: "logging.store",
      present: env.logging.store !== undefined,
      what: "the central log store (logging.store.host, cidr, shipperImage)",
    },
  ];
  for (const { at, name, present, what } of required) {
    if (!present) issues.push(source.issueAt(at, `${name} is required with platform: declare ${what}`));
  }
  if (!env.provider.services.barbican)
    issues.push(source.issueAt(["provider", "services", "barbican"], "the platform needs Barbican: the pseudonymisation key is generated and kept there"));
  const registry = env.registry && registryAddress(env.registry);
  const images: [(string | number)[], string | undefined][] = [
    [["pseudonymisation", "image"], env.pseudonymisation?.image],
    [["airlock", "image"], env.airlock?.image],
    [["logging", "store", "shipperImage"], env.logging.store?.shipperImage],
    ...env.projects.flatMap((project, i) => project.tools.map((tool, j): [(string | number)[], string] => [["projects", i, "tools", j, "image"], tool.image])),
  ];
  for (const [path, image] of images) {
    if (registry && image && hostOf(image) !== registry)
      issues.push(source.issueAt(path, `the image comes from ${hostOf(image)}; images must come from the region's registry ${registry}`));
  }
  env.projects.forEach((project, i) => {
    if (project.expiry <= project.start)
      issues.push(source.issueAt(["projects", i, "expiry"], `the authorization ends (${project.expiry}) before it starts (${project.start})`));
  });
  issues.push(...declaredTwice(source, env.projects, ["projects"], "id", (id) => `project "${String(id)}" is declared twice`));
  return issues;
};
