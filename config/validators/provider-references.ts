import type { ConfigIssue } from "../../lib/issues";
import type { EnvironmentValidator } from "./context";
import { declaredTwice } from "./declared-twice";

/** Choices that must be among what the provider profile offers. */
export const validateProviderReferences: EnvironmentValidator = ({ env, source }) => {
  const issues: ConfigIssue[] = [];
  const { provider } = env;
  const qualifiedRegions = provider.qualifiedRegions ?? [provider.region];
  if (!qualifiedRegions.includes(provider.region)) {
    issues.push(source.issueAt(["provider", "region"], `region "${provider.region}" is not among the qualified regions ${qualifiedRegions.join(", ")}`));
  }
  if (provider.services.magnum === "none" && !env.network.mirrors.some((mirror) => mirror.name === "rke2")) {
    issues.push(
      source.issueAt(
        ["network", "mirrors"],
        'without Magnum the cluster is built from instances running RKE2, installed from the in-region mirror: declare a mirror named "rke2"',
      ),
    );
  }
  if (provider.services.magnum === "cluster-api" && provider.dnsNameservers.length === 0) {
    issues.push(
      source.issueAt(
        ["provider", "dnsNameservers"],
        "Magnum's Cluster API driver fails every cluster whose template has no dns_nameserver (magnum-cluster-api v0.38.1): declare the region's resolvers",
        { onKey: true },
      ),
    );
  }
  const twice = (name: unknown) => `"${String(name)}" is declared twice`;
  issues.push(
    ...declaredTwice(source, env.bastion.administrators, ["bastion", "administrators"], "login", twice),
    ...declaredTwice(source, env.network.mirrors, ["network", "mirrors"], "name", twice),
    ...declaredTwice(source, env.storage.containers, ["storage", "containers"], "name", twice),
    ...declaredTwice(source, env.kubernetes.nodeGroups, ["kubernetes", "nodeGroups"], "name", twice),
  );
  return issues;
};
