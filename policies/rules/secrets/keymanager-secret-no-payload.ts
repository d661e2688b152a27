import { cite, resourcePolicy } from "../../engine/policy";
import { isLiteralSecret } from "../../lib/secrets";

export default resourcePolicy(
  {
    id: "keymanager-secret-no-payload",
    title: "Keys are generated inside Barbican, not written in the configuration",
    description: "Flags Barbican secrets created with a literal payload.",
    rationale:
      "A payload written in the configuration is stored in the JSON and in the Terraform state; keys must be generated and kept server side (orders) so that no copy exists outside the key manager.",
    remediation: "Replace the secret by an openstack_keymanager_order_v1 that generates the key inside Barbican.",
    severity: "critical",
    references: [cite("secnumcloud-3.2", "10.5.c"), cite("secnumcloud-3.2", "10.5.a"), cite("cnil-eds-2021", "ch. 10 (keys)", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "pass",
  },
  ["openstack_keymanager_secret_v1"],
  (secret) =>
    isLiteralSecret(secret.values.payload) ? [{ message: "the secret's key material is written in the configuration (payload)", path: "payload" }] : [],
);
