import { cite, resourcePolicy } from "../../engine/policy";
import { withV1 } from "../../lib/kubernetes";
import { isLiteralSecret } from "../../lib/secrets";
import { block, isUnknown, keyPath } from "../../lib/values";

export default resourcePolicy(
  {
    id: "k8s-secret-no-literal-data",
    title: "No Kubernetes secret carries its value in the code",
    description:
      "Flags every key of a kubernetes_secret's data or binary_data (or their write-only data_wo and binary_data_wo, which the state does not keep but the code does), or of the data a kubernetes_secret_v1_data writes into an existing Secret, written as a literal value rather than an interpolation.",
    rationale:
      "A literal sits in the synthesized JSON and in the repository that produces it, readable by anyone with access to the code, and cannot be rotated without a commit.",
    remediation: "Generate the value (random_password) or read it from the secret store (Vault, Barbican), and pass it by reference.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "10.5.c"), cite("cis-kubernetes", "5.4.2"), cite("anssi", "PA-022 R34-R38")],
    enforcementLevel: "mandatory",
    onUnknown: "pass",
  },
  // kubernetes_secret_v1_data writes its data into a Secret that exists (resource_kubernetes_secret_v1_data.go).
  [...withV1("kubernetes_secret"), "kubernetes_secret_v1_data"],
  (secret) =>
    // The write-only arguments (provider 2.37+: data_wo, binary_data_wo) keep the value out of the state, not out of the code.
    (["data", "binary_data", "data_wo", "binary_data_wo"] as const).flatMap((field) => {
      const map = secret.values[field];
      if (isUnknown(map)) return [];
      return Object.entries(block(map) ?? {})
        .filter(([, value]) => isLiteralSecret(value))
        .map(([key]) => ({ message: `${field} key ${key} holds a literal value (not shown)`, path: keyPath(field, key) }));
    }),
);
