import { cite, resourcePolicy } from "../../engine/policy";
import { capabilityList, eachLinuxContainer, givenByOperator, leftToOperatorViolation, shown, writtenWorkloadTypes } from "../../lib/kubernetes";
import { isUnknown } from "../../lib/values";

export default resourcePolicy(
  {
    id: "k8s-drop-all-capabilities",
    title: "Every container drops all Linux capabilities",
    description:
      'Flags every container and init container whose security_context.capabilities.drop does not contain "ALL". A Windows pod (spec.os.name windows), where the API refuses the field, is not judged. A container left to an operator that gives it its security context (the Elastic operator by the stack version, prometheus-operator to its own containers) is judged by what the operator sets.',
    rationale:
      "The container runtime grants a default set of capabilities (NET_RAW, CHOWN, SETUID...) that a compromised process can abuse; dropping them all leaves only what is added back on purpose.",
    remediation: 'Add "ALL" to security_context.capabilities.drop of every container and init container.',
    severity: "high",
    references: [
      cite("k8s-pss", "Restricted: Capabilities", "secondary"),
      cite("cis-kubernetes", "5.2.8-5.2.10", "unverified"),
      cite("anssi", "FT-082", "unverified"),
    ],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  writtenWorkloadTypes,
  eachLinuxContainer((at) => {
    const drop = capabilityList(at, "drop");
    const dropsAll = (items: readonly unknown[]) => items.some((capability) => capability === "ALL" || isUnknown(capability));
    if (isUnknown(drop.value) || dropsAll(drop.items)) return undefined;
    const given = drop.value === undefined ? givenByOperator(at, "drop") : undefined;
    if (given === undefined) return { message: `${at.label}: capabilities.drop is ${shown(drop.value)}, must contain "ALL"`, path: drop.path };
    return Array.isArray(given.value) && dropsAll(given.value)
      ? undefined
      : leftToOperatorViolation(at.label, "capabilities.drop", given, 'must contain "ALL"', drop.path);
  }),
);
