import { cite, resourcePolicy } from "../../engine/policy";
import { keyPath, metadataName, namespaceTypes, shown } from "../../lib/kubernetes";
import { attributePath, block, isUnknown } from "../../lib/values";

const enforce = "pod-security.kubernetes.io/enforce";

export default resourcePolicy(
  {
    id: "k8s-namespace-restricted-pss",
    title: "Every namespace enforces the restricted Pod Security Standard",
    description: `Flags every namespace declared in the configuration whose label ${enforce} is not "restricted".`,
    rationale:
      "The admission controller then rejects any pod that breaks the restricted profile, including pods created outside this code (kubectl, operators, Helm).",
    remediation: `Label the namespace ${enforce} = "restricted" (with audit and warn alike).`,
    severity: "high",
    references: [cite("k8s-pss", "Pod Security Admission: enforce label (K8S-PSS-1)", "secondary"), cite("cis-kubernetes", "5.2.1", "unverified")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  namespaceTypes,
  (namespace) => {
    const labels = block(namespace.values.metadata)?.labels;
    const value = isUnknown(labels) ? labels : block(labels)?.[enforce];
    const path = keyPath(attributePath("metadata", 0, "labels"), enforce);
    const who = `namespace ${metadataName(namespace) ?? namespace.name}`;
    if (isUnknown(value)) return [{ message: `${who}: label ${enforce} is not known before apply`, path, outcome: "cannot-evaluate" }];
    return value === "restricted" ? [] : [{ message: `${who}: label ${enforce} is ${shown(value)}, must be "restricted"`, path }];
  },
);
