import { cite, resourcePolicy } from "../../engine/policy";
import { containerSecurityField, eachContainer, forbidFlag, writtenWorkloadTypes } from "../../lib/kubernetes";

export default resourcePolicy(
  {
    id: "k8s-no-privileged",
    title: "No container runs privileged",
    description:
      "Flags every container and init container, in every kind of workload, whose security_context sets privileged = true, or that leaves it unset where the operator that gives the container its security context sets it (Zalando's Spilo container, by the operator's spilo_privileged).",
    rationale:
      "A privileged container holds every capability and sees the host's devices: escaping to the node, and from there to the health data of every pod on it, is trivial.",
    remediation: "Remove privileged = true from the container's security_context.",
    severity: "critical",
    references: [
      cite("k8s-pss", "Baseline: Privileged Containers", "secondary"),
      cite("cis-kubernetes", "5.2.2", "unverified"),
      cite("anssi", "FT-082", "unverified"),
    ],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  writtenWorkloadTypes,
  eachContainer((at) => forbidFlag(at, "privileged", containerSecurityField(at, "privileged"))),
);
