import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import type { TfResource } from "../../engine/model";
import { eachPodSpec, shown, withV1, writtenWorkloadTypes } from "../../lib/kubernetes";
import { attributePath, block, blocks, literalString, maybeAbsentOver } from "../../lib/values";

const persistentVolumeTypes = withV1("kubernetes_persistent_volume");

const hostPathsInPods = eachPodSpec((pod) =>
  blocks(pod.spec.volume).map((volume, i) => {
    const hostPath = block(volume.host_path);
    if (!hostPath) return undefined;
    // Read for the message only: a name known only at apply must not make a volume without host_path not evaluable.
    const name = literalString(volume.name) ?? String(i);
    const path = attributePath(pod.path, "volume", i, "host_path");
    const over = maybeAbsentOver(hostPath);
    if (over !== undefined)
      return {
        outcome: "cannot-evaluate" as const,
        message: `volume ${name}: a dynamic block over a collection known only at apply makes its host_path block, so whether the pod mounts a node's path is not known before apply`,
        path,
        notKnown: over,
      };
    return { message: `volume ${name}: mounts the node's path ${shown(hostPath.path)}`, path };
  }),
);

/**
 * A persistent volume of type hostPath or local hands a directory of the node to whatever pod uses a claim bound to it
 * (the provider's `local` is the "path of the directory on the host", schema_volume_source.go): Pod Security admission
 * sees the claim only (pod-security-admission, check_hostPathVolumes.go reads the pod's volumes).
 */
const hostPathVolumes = (volume: TfResource): Violation[] =>
  blocks(volume.values.spec).flatMap((spec, i) =>
    blocks(spec.persistent_volume_source).flatMap((source, j) =>
      (["host_path", "local"] as const).flatMap((type): Violation[] => {
        const hostPath = block(source[type]);
        return hostPath
          ? [
              {
                message: `persistent volume of type ${type}: a pod that claims it mounts the node's path ${shown(hostPath.path)}, unseen by Pod Security admission`,
                path: attributePath("spec", i, "persistent_volume_source", j, type),
              },
            ]
          : [];
      }),
    ),
  );

export default resourcePolicy(
  {
    id: "k8s-no-host-path",
    title: "No pod mounts a directory of the node",
    description:
      "Flags every pod volume, in every kind of workload, declared with a host_path block, and every persistent volume of type host_path or local (a claim bound to it mounts the node's directory).",
    rationale: "A host path gives the pod the node's file system: kubelet credentials, other pods' volumes and logs, the container runtime socket.",
    remediation:
      "Replace the host_path volume with a persistent volume claim on a storage class, a config map, a secret or an empty_dir; provision persistent volumes through a CSI driver, not as host paths.",
    severity: "high",
    references: [cite("k8s-pss", "Baseline: HostPath Volumes", "secondary"), cite("cis-kubernetes", "5.2.12", "unverified")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [...writtenWorkloadTypes, ...persistentVolumeTypes],
  (resource, context) => (persistentVolumeTypes.includes(resource.type) ? hostPathVolumes(resource) : hostPathsInPods(resource, context)),
);
