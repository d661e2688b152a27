import { cite, resourcePolicy } from "../../engine/policy";
import { eachPodSpec, shown, workloadTypes } from "../../lib/kubernetes";
import { attributePath, block, blocks, literalString, mayBeAbsent } from "../../lib/values";

export default resourcePolicy(
  {
    id: "k8s-no-host-path",
    title: "No pod mounts a directory of the node",
    description: "Flags every pod volume, in every kind of workload, declared with a host_path block.",
    rationale: "A host path gives the pod the node's file system: kubelet credentials, other pods' volumes and logs, the container runtime socket.",
    remediation: "Replace the host_path volume with a persistent volume claim, a config map, a secret or an empty_dir.",
    severity: "high",
    references: [cite("k8s-pss", "Baseline: HostPath Volumes", "secondary"), cite("cis-kubernetes", "5.2.12", "unverified")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  workloadTypes,
  eachPodSpec((pod) =>
    blocks(pod.spec.volume).map((volume, i) => {
      const hostPath = block(volume.host_path);
      if (!hostPath) return undefined;
      // Read for the message only: a name known only at apply must not make a volume without host_path not evaluable.
      const name = literalString(volume.name) ?? String(i);
      const path = attributePath(pod.path, "volume", i, "host_path");
      if (mayBeAbsent(hostPath))
        return {
          outcome: "cannot-evaluate" as const,
          message: `volume ${name}: a dynamic block over a collection known only at apply makes its host_path block, so whether the pod mounts a node's path is not known before apply`,
          path,
        };
      return { message: `volume ${name}: mounts the node's path ${shown(hostPath.path)}`, path };
    }),
  ),
);
