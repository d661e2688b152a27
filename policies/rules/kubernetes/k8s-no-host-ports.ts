import { cite, resourcePolicy } from "../../engine/policy";
import { eachContainer, shown, writtenWorkloadTypes } from "../../lib/kubernetes";
import { attributePath, blocks, isUnset, literalBool, literalNumber } from "../../lib/values";

export default resourcePolicy(
  {
    id: "k8s-no-host-ports",
    title: "No container publishes a port on the node",
    description:
      "Flags every container or init container port that sets a non-zero host_port, and every port of a pod on the host's network, whose host port the API server sets to the container port.",
    rationale: "A host port opens the node's own address to the workload, outside Services and NetworkPolicies, and ties the pod to one node.",
    remediation: "Remove host_port and publish the port through a ClusterIP Service (and the ingress when it must be reached from outside).",
    severity: "high",
    references: [cite("k8s-pss", "Baseline: Host Ports", "secondary"), cite("cis-kubernetes", "5.2.13", "unverified")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  writtenWorkloadTypes,
  eachContainer((at) => {
    // On the host's network, the API server gives each container port of a pod a host port of its number where none is
    // written (core/v1 SetDefaults_Pod; since 1.28 in pods only, not in a workload's template: the feature gate
    // DefaultHostNetworkHostPortsInPodTemplates), so the pods a workload makes publish them, as Pod Security judges. A
    // host port written 0 is defaulted as an unset one (defaultHostNetworkPorts tests `HostPort == 0`).
    const hostNetwork = literalBool(at.pod.spec.host_network) === true;
    return blocks(at.container.port).map((port, i) => {
      const written = literalNumber(port.host_port);
      const defaulted = hostNetwork && (isUnset(port.host_port) || written === 0);
      const hostPort = written || (defaulted ? literalNumber(port.container_port) : undefined);
      if (!hostPort) return undefined;
      const how = written ? "" : " (the pod uses the host's network, where the API server sets the host port to the container port)";
      return {
        message: `${at.label}: container port ${shown(port.container_port)} is published on host port ${hostPort}${how}`,
        path: attributePath(at.path, "port", i, "host_port"),
      };
    });
  }),
);
