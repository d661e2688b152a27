import { cite, resourcePolicy } from "../../engine/policy";
import { eachContainer, eachPodSpec, forbidFlag, writtenWorkloadTypes } from "../../lib/kubernetes";
import { attributePath, block } from "../../lib/values";

/** windows_options.host_process of a security context (the pod's or a container's own), with its path. */
const hostProcess = (securityContext: unknown, path: string) => ({
  value: block(block(securityContext)?.windows_options)?.host_process,
  path: attributePath(path, "security_context", 0, "windows_options", 0, "host_process"),
});

const inPods = eachPodSpec((pod) => forbidFlag("pod", "windows_options.host_process", hostProcess(pod.spec.security_context, pod.path)));
const inContainers = eachContainer((at) => forbidFlag(at, "windows_options.host_process", hostProcess(at.container.security_context, at.path)));

export default resourcePolicy(
  {
    id: "k8s-no-host-process",
    title: "No Windows container runs as a process of the node",
    description:
      "Flags every pod spec, in every kind of workload, whose security context, or a container's own, sets windows_options.host_process to true (pod-security-admission's check_windowsHostProcess.go reads both).",
    rationale: "A HostProcess container runs as a process of the Windows node, with the node's network and file system: Pod Security's Baseline forbids it.",
    remediation: "Remove windows_options.host_process from the pod and its containers.",
    severity: "critical",
    references: [cite("k8s-pss", "Baseline: HostProcess", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  writtenWorkloadTypes,
  (resource, context) => [...inPods(resource, context), ...inContainers(resource, context)],
);
