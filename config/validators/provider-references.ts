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
  env.storage.volumes.forEach((volume, i) => {
    if (volume.volumeType !== undefined && !provider.encryptedVolumeTypes.includes(volume.volumeType)) {
      issues.push(
        source.issueAt(
          ["storage", "volumes", i, "volumeType"],
          `"${volume.volumeType}" is not an encrypted volume type of the provider; expected one of ${provider.encryptedVolumeTypes.join(", ")}`,
        ),
      );
    }
  });
  if (!provider.services.magnum) {
    issues.push(
      source.issueAt(
        ["provider", "services", "magnum"],
        "the Kubernetes cluster needs Magnum (openstack_containerinfra_*), which this provider profile does not offer; no other path exists yet",
      ),
    );
  }
  const twice = (name: unknown) => `"${String(name)}" is declared twice`;
  issues.push(
    ...declaredTwice(source, env.storage.volumes, ["storage", "volumes"], "name", twice),
    ...declaredTwice(source, env.storage.containers, ["storage", "containers"], "name", twice),
    ...declaredTwice(source, env.kubernetes.nodeGroups, ["kubernetes", "nodeGroups"], "name", twice),
  );
  return issues;
};
