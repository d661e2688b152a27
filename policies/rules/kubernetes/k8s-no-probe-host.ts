import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { eachContainer, writtenWorkloadTypes } from "../../lib/kubernetes";
import { attributePath, block, literalString } from "../../lib/values";

/** Where a container names a host for the kubelet to reach: its probes and its lifecycle handlers. */
const probes = ["liveness_probe", "readiness_probe", "startup_probe"] as const;
const lifecycleHandlers = ["post_start", "pre_stop"] as const;
const handlerKinds = ["http_get", "tcp_socket"] as const;

/** The violations of the handlers of one probe or lifecycle hook, written at `path`. */
function hostsOf(holder: Record<string, unknown> | undefined, path: string, what: string, label: string): Violation[] {
  return handlerKinds.flatMap((kind) => {
    const host = literalString(block(holder?.[kind])?.host);
    return host ? [{ message: `${label}: ${what} sends the kubelet to host ${host}, not to the pod`, path: attributePath(path, kind, 0, "host") }] : [];
  });
}

export default resourcePolicy(
  {
    id: "k8s-no-probe-host",
    title: "Probes and lifecycle hooks reach the pod itself",
    description:
      "Flags every container and init container whose liveness, readiness or startup probe, or post_start or pre_stop hook, names a host in http_get or tcp_socket.",
    rationale:
      "The kubelet runs probes and hooks from the node: a host other than the pod's turns it into a client that reaches whatever the node can reach, such as the node's own services or the cloud's metadata address.",
    remediation: "Remove host from the probe or hook: the kubelet then reaches the pod's own address.",
    severity: "medium",
    references: [cite("k8s-pss", "Baseline: Probes and Lifecycle Handlers", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  writtenWorkloadTypes,
  eachContainer((at) => [
    ...probes.flatMap((probe) => hostsOf(block(at.container[probe]), attributePath(at.path, probe, 0), probe.replace("_", " "), at.label)),
    ...lifecycleHandlers.flatMap((hook) => {
      const path = attributePath(at.path, "lifecycle", 0, hook, 0);
      return hostsOf(block(block(at.container.lifecycle)?.[hook]), path, `the ${hook.replace("_", " ")} hook`, at.label);
    }),
  ]),
);
