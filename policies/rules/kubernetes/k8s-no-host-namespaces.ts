import { cite, resourcePolicy } from "../../engine/policy";
import { eachPodSpec, forbidFlag, writtenWorkloadTypes } from "../../lib/kubernetes";
import { attributePath } from "../../lib/values";

const hostNamespaces = ["host_network", "host_pid", "host_ipc"] as const;

export default resourcePolicy(
  {
    id: "k8s-no-host-namespaces",
    title: "No pod shares the node's network, process or IPC namespace",
    description: "Flags every pod spec, in every kind of workload, that sets host_network, host_pid or host_ipc to true.",
    rationale:
      "A pod in the host's namespaces sees the node's network interfaces and every process and shared memory segment on it, and bypasses the NetworkPolicies that isolate the warehouse.",
    remediation: "Remove host_network, host_pid and host_ipc from the pod spec.",
    severity: "critical",
    references: [
      cite("k8s-pss", "Baseline: Host Namespaces", "secondary"),
      cite("cis-kubernetes", "5.2.3-5.2.5", "unverified"),
      cite("anssi", "FT-082", "unverified"),
    ],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  writtenWorkloadTypes,
  eachPodSpec((pod) => hostNamespaces.map((field) => forbidFlag("pod", field, { value: pod.spec[field], path: attributePath(pod.path, field) }))),
);
