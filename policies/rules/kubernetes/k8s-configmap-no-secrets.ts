import { cite, lineInValue, resourcePolicy, type Violation } from "../../engine/policy";
import { looksSecret, withV1 } from "../../lib/kubernetes";
import { isLiteralSecret, isSwitch, secretInTextAt, unreadableText } from "../../lib/secrets";
import { block, isUnknown, keyPath } from "../../lib/values";

/**
 * A value that is one line and not an empty collection: a document under a telling key ("repository.credentials: []",
 * a list of references to Secrets) is judged by what it contains, not by its key.
 */
const isScalar = (value: string): boolean => !value.trim().includes("\n") && !/^\s*(\[\s*\]|\{\s*\})\s*$/.test(value);

export default resourcePolicy(
  {
    id: "k8s-configmap-no-secrets",
    title: "No config map holds a credential",
    description:
      "Flags every key of a kubernetes_config_map's data or binary_data (base64, judged decoded; or of the data a kubernetes_config_map_v1_data writes into an existing one) whose name designates a secret (PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY, CREDENTIAL as a word part) and whose value is a literal, and every value that contains a private key or a password or token assignment, whatever its key.",
    rationale:
      "A config map is no secret: the built-in view role and every workload that mounts it read it, it is not encrypted at rest like Secrets can be, and its value sits in the code and the state (Kubernetes documentation: ConfigMap does not provide secrecy or encryption).",
    remediation: "Move the value into a Kubernetes Secret fed from the secret store, mount it as a file, and keep only its path in the config map.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "10.5.c"), cite("anssi", "PA-022 R34-R38")],
    enforcementLevel: "mandatory",
    // A template's literal parts are judged (a literal secret cannot hide in a variable); a value a plan leaves until
    // apply has no text, and the policy says it cannot judge it.
    onUnknown: "reported-by-policy",
  },
  // kubernetes_config_map_v1_data writes its data into a ConfigMap that exists (resource_kubernetes_config_map_v1_data.go).
  [...withV1("kubernetes_config_map"), "kubernetes_config_map_v1_data"],
  (configMap): Violation[] =>
    // binary_data is written in base64, which the provider sends as it is and the API server decodes
    // (resource_kubernetes_config_map.go; ConfigMap.binaryData): it is judged decoded.
    (["data", "binary_data"] as const).flatMap((field): Violation[] => {
      const data = configMap.values[field];
      // The Kubernetes provider (SDKv2) plans a map with one unknown value as wholly unknown.
      const unreadable = unreadableText(data, `the ${field}`, field);
      if (unreadable) return [unreadable];
      if (data === undefined || isUnknown(data)) return [];
      return Object.entries(block(data) ?? {}).flatMap(([key, written]): Violation[] => {
        const unreadableValue = unreadableText(written, `${field} key ${key}`, keyPath(field, key));
        if (unreadableValue) return [unreadableValue];
        if (typeof written !== "string") return [];
        const value = field === "binary_data" ? Buffer.from(written, "base64").toString("utf8") : written;
        const found =
          looksSecret(key) && isLiteralSecret(written) && !isSwitch(value) && isScalar(value)
            ? { message: "a literal secret" }
            : secretInTextAt(value, "the value");
        // binary_data's lines are those of the text it encodes.
        const line = field === "data" && found && "line" in found ? found.line : undefined;
        return found ? [{ message: `${field} key ${key} holds ${found.message} (not shown)`, path: keyPath(field, key), ...lineInValue(line) }] : [];
      });
    }),
);
