import { cite, configurationPolicy } from "../../engine/policy";
import { literalSecretPaths } from "../../lib/secrets";
import { withV1 } from "../../lib/kubernetes";

/** Arguments and resource types other policies already cover, reported once only. */
const coveredElsewhere = new Set(["admin_pass"]);
const typesCoveredElsewhere = new Set([...withV1("kubernetes_secret"), "kubernetes_secret_v1_data"]);

export default configurationPolicy(
  {
    id: "no-literal-secret-arguments",
    title: "No resource argument holds a literal credential",
    description: "Flags any resource argument named password, secret, token, private_key, psk and the like whose value is a literal string.",
    rationale:
      "A literal credential is stored in the repository, the synthesized JSON and the state; it must be generated server side or passed at deploy time.",
    remediation: "Generate the value server side (Barbican, in-cluster) or pass it as a sensitive variable at deploy time.",
    severity: "critical",
    references: [cite("secnumcloud-3.2", "10.5.c"), cite("anssi", "PA-022 R34-R38")],
    enforcementLevel: "mandatory",
    onUnknown: "pass",
  },
  (configuration) =>
    configuration.resources
      .filter((resource) => !typesCoveredElsewhere.has(resource.type))
      .flatMap((resource) =>
        literalSecretPaths(resource.values, coveredElsewhere).map((path) => ({ message: `${path} is a literal credential`, address: resource.address, path })),
      ),
);
