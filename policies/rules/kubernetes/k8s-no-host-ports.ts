import { cite, resourcePolicy } from "../../engine/policy";
import { eachContainer, shown, workloadTypes } from "../../lib/kubernetes";
import { attributePath, blocks, literalNumber } from "../../lib/values";

export default resourcePolicy(
  {
    id: "k8s-no-host-ports",
    title: "No container publishes a port on the node",
    description: "Flags every container or init container port that sets a non-zero host_port.",
    rationale: "A host port opens the node's own address to the workload, outside Services and NetworkPolicies, and ties the pod to one node.",
    remediation: "Remove host_port and publish the port through a ClusterIP Service (and the ingress when it must be reached from outside).",
    severity: "high",
    references: [cite("k8s-pss", "Baseline: Host Ports", "secondary"), cite("cis-kubernetes", "5.2.13", "unverified")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  workloadTypes,
  eachContainer((at) =>
    blocks(at.container.port).map((port, i) => {
      const hostPort = literalNumber(port.host_port);
      return hostPort
        ? {
            message: `${at.label}: container port ${shown(port.container_port)} is published on host port ${hostPort}`,
            path: attributePath(at.path, "port", i, "host_port"),
          }
        : undefined;
    }),
  ),
);
