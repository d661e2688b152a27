import { cite, resourcePolicy } from "../../engine/policy";
import { containerSecurityField, eachContainer, shown, writtenWorkloadTypes } from "../../lib/kubernetes";
import { isUnknown } from "../../lib/values";

export default resourcePolicy(
  {
    id: "k8s-proc-mount-default",
    title: "Containers keep the runtime's masked /proc",
    description:
      'Flags every container and init container whose security_context.proc_mount is set to anything but "Default" (pod-security-admission, check_procMount.go).',
    rationale:
      "The runtime masks and makes read-only the parts of /proc that reveal or change the node (kcore, sysrq-trigger, the kernel's tunables); an Unmasked /proc hands them to the container. Pod Security's Baseline forbids it.",
    remediation: 'Remove proc_mount, or set it to "Default".',
    severity: "high",
    references: [cite("k8s-pss", "Baseline: /proc Mount Type", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  writtenWorkloadTypes,
  eachContainer((at) => {
    const { value, path } = containerSecurityField(at, "proc_mount");
    return value === undefined || value === null || value === "Default" || isUnknown(value)
      ? undefined
      : { message: `${at.label}: proc_mount is ${shown(value)}, must be unset or "Default"`, path };
  }),
);
