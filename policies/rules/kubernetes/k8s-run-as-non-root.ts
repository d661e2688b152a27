import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { containers, podRunAsNonRoot, podSecurityField, podSpecs, requireFlag, runAsNonRoot, securityField, writtenWorkloadTypes } from "../../lib/kubernetes";
import { literalBool, literalNumber } from "../../lib/values";

const leftOutMessage = "its security_context leaves run_as_non_root out, so the provider sends false";

export default resourcePolicy(
  {
    id: "k8s-run-as-non-root",
    title: "Every container runs as a non-root user",
    description:
      "Flags every container and init container for which run_as_non_root is not true, or run_as_user is 0, each value the container's own, else the one it inherits from the pod security context; and a pod security context that sets run_as_non_root false or run_as_user 0 itself, which Pod Security admission refuses whatever the containers set, since a container that sets none (one kubectl debug adds) inherits it. A security_context block of the provider's typed resources written without run_as_non_root sends false. A pod in a user namespace of its own (host_users false) is judged all the same: Pod Security admission relaxes it only from policy version 1.35 (before, behind an alpha feature gate), and an API server without user namespace support drops the field, the pod running as root on the node.",
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
  writtenWorkloadTypes,
  (resource) =>
    [
      ...podSpecs(resource).flatMap((pod): (Violation | undefined)[] => {
        const user = podSecurityField(pod, "run_as_user");
        const nonRoot = podRunAsNonRoot(pod);
        const inherited = "which every container that sets none inherits";
        return [
          literalNumber(user.value) === 0 ? { message: `pod: run_as_user is 0 (root), ${inherited}`, path: user.path } : undefined,
          nonRoot.sentByProvider
            ? { message: `pod: ${leftOutMessage}, ${inherited}`, path: nonRoot.path }
            : literalBool(nonRoot.value) === false
              ? { message: `pod: run_as_non_root is false, ${inherited}`, path: nonRoot.path }
              : undefined,
        ];
      }),
      ...containers(resource).flatMap((at): (Violation | undefined)[] => {
        const user = securityField(at, "run_as_user");
        const sent = runAsNonRoot(at);
        // What the container inherits is judged on the pod above when it is set there; only its absence is the container's.
        return [
          !user.inherited && literalNumber(user.value) === 0 ? { message: `${at.label}: run_as_user is 0 (root)`, path: user.path } : undefined,
          sent.inherited && literalBool(sent.value) === false
            ? undefined
            : sent.sentByProvider
              ? { message: `${at.label}: ${leftOutMessage}, which overrides the pod's setting`, path: sent.path }
              : requireFlag(at, "run_as_non_root", sent, true),
        ];
      }),
    ].filter((found) => found !== undefined),
);
