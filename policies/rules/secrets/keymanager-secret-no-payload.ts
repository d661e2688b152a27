import { cite, resourcePolicy } from "../../engine/policy";
import { isLiteralSecret } from "../../lib/secrets";
import { isUnset } from "../../lib/values";

export default resourcePolicy(
  {
    id: "keymanager-secret-no-payload",
    title: "Keys are generated inside Barbican, not written in the configuration",
    description:
      "Flags Barbican secrets created with a payload, literal or not: the provider reads the payload back into the state after every apply (v3.4.0 resource_openstack_keymanager_secret_v1.go, Read sets payload), wherever it came from.",
    rationale:
      "A payload written in the configuration is stored in the JSON and in the Terraform state; keys must be generated and kept server side (orders) so that no copy exists outside the key manager.",
    remediation: "Replace the secret by an openstack_keymanager_order_v1 that generates the key inside Barbican.",
    severity: "critical",
    references: [cite("secnumcloud-3.2", "10.5.c"), cite("secnumcloud-3.2", "10.5.a"), cite("cnil-eds-2021", "ch. 10 (keys)", "secondary")],
    enforcementLevel: "mandatory",
    // Any payload is a finding, known or not.
    onUnknown: "reported-by-policy",
  },
  ["openstack_keymanager_secret_v1"],
  (secret) =>
    isUnset(secret.values.payload)
      ? []
      : [
          {
            message: isLiteralSecret(secret.values.payload)
              ? "the secret's key material is written in the configuration (payload)"
              : "the secret's key material is passed through Terraform (payload), and the provider keeps it in the state",
            path: "payload",
          },
        ],
);
