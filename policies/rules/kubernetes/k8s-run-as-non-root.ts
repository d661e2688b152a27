import { cite, resourcePolicy } from "../../engine/policy";
import { eachContainer, requireFlag, runAsNonRoot, securityField, workloadTypes } from "../../lib/kubernetes";
import { literalNumber } from "../../lib/values";

export default resourcePolicy(
  {
    id: "k8s-run-as-non-root",
    title: "Every container runs as a non-root user",
    description:
      "Flags every container and init container for which run_as_non_root is not true, or run_as_user is 0; each value is the container's own, else the one it inherits from the pod security context. A container of the provider's typed resources that writes a security_context block without run_as_non_root sends false, which overrides the pod's.",
    rationale:
      "Root in a container is root on the node as far as the kernel is concerned: one kernel or runtime flaw away from every other pod and the health data they process.",
    remediation:
      "Set run_as_non_root = true and a non-zero run_as_user in the pod's security_context, and run_as_non_root = true in every container security_context block too.",
    severity: "high",
    references: [
      cite("k8s-pss", "Restricted: Running as Non-root / Running as Non-root user", "secondary"),
      cite("cis-kubernetes", "5.2.7", "unverified"),
      cite("anssi", "FT-082", "unverified"),
    ],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  workloadTypes,
  eachContainer((at) => {
    const user = securityField(at, "run_as_user");
    const sent = runAsNonRoot(at);
    return [
      literalNumber(user.value) === 0 ? { message: `${at.label}: run_as_user is 0 (root)`, path: user.path } : undefined,
      sent.sentByProvider
        ? {
            message: `${at.label}: its security_context leaves run_as_non_root out, so the provider sends false, which overrides the pod's setting`,
            path: sent.path,
          }
        : requireFlag(at, "run_as_non_root", sent, true),
    ];
  }),
);
