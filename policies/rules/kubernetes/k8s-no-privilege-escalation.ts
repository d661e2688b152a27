import { cite, resourcePolicy } from "../../engine/policy";
import { containerSecurityField, eachLinuxContainer, requireFlag, writtenWorkloadTypes } from "../../lib/kubernetes";

export default resourcePolicy(
  {
    id: "k8s-no-privilege-escalation",
    title: "No container may gain more privileges than its parent process",
    description:
      "Flags every container and init container whose security_context does not set allow_privilege_escalation = false; unset counts as a violation, since Kubernetes then allows escalation. A Windows pod (spec.os.name windows), where the API refuses the field, is not judged.",
    rationale:
      "With escalation allowed, a setuid binary or file capability in the image turns a compromised process into root inside the container, one step from the node.",
    remediation: "Set allow_privilege_escalation = false in the security_context of every container and init container.",
    severity: "high",
    references: [cite("k8s-pss", "Restricted: Privilege Escalation", "secondary"), cite("cis-kubernetes", "5.2.6", "unverified")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  writtenWorkloadTypes,
  eachLinuxContainer((at) => requireFlag(at, "allow_privilege_escalation", containerSecurityField(at, "allow_privilege_escalation"), false)),
);
