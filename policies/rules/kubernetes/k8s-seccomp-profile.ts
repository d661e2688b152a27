import { cite, resourcePolicy } from "../../engine/policy";
import { eachLinuxContainer, securityField, shown, workloadTypes } from "../../lib/kubernetes";
import { attributePath, block, isUnknown } from "../../lib/values";

const confined = ["RuntimeDefault", "Localhost"];

export default resourcePolicy(
  {
    id: "k8s-seccomp-profile",
    title: "Every container runs under a seccomp profile",
    description:
      "Flags every container and init container whose seccomp profile (its own, else the pod's) is missing or Unconfined; RuntimeDefault and Localhost pass. A Windows pod (spec.os.name windows), where the API refuses the field, is not judged.",
    rationale: "Without seccomp a container may call every system call of the node's kernel, the widest attack surface there is for a container escape.",
    remediation: 'Set security_context.seccomp_profile.type = "RuntimeDefault" on the pod (or on each container).',
    severity: "high",
    references: [cite("k8s-pss", "Restricted: Seccomp", "secondary"), cite("cis-kubernetes", "5.7.2", "unverified")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  workloadTypes,
  eachLinuxContainer((at) => {
    const profile = securityField(at, "seccomp_profile");
    const type = block(profile.value)?.type;
    if (isUnknown(profile.value) || isUnknown(type) || confined.includes(type as string)) return undefined;
    const path = block(profile.value) ? attributePath(profile.path, 0, "type") : profile.path;
    return { message: `${at.label}: seccomp profile type is ${shown(type)}, must be RuntimeDefault or Localhost`, path };
  }),
);
