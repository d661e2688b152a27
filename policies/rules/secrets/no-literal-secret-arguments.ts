import type { TfResource } from "../../engine/model";
import { cite, configurationPolicy, type Violation } from "../../engine/policy";
import { helmReleaseType, helmValues } from "../../lib/helm";
import { withV1 } from "../../lib/kubernetes";
import { isLiteralSecret, literalSecretPaths, secretInText } from "../../lib/secrets";
import { blocks, literalString, walk } from "../../lib/values";

/** Arguments and resource types other policies already cover, reported once only. */
const coveredElsewhere = new Set(["admin_pass"]);
const typesCoveredElsewhere = new Set([...withV1("kubernetes_secret"), "kubernetes_secret_v1_data"]);

/**
 * A Helm release's literal credentials: what `set_sensitive` and `set_wo` set (they exist for secrets: Terraform hides
 * the first from its output, not from the repository or the state, and keeps the second out of the state only), the
 * chart values named like a credential that `values` or `set` write, and the secrets their texts hold (a password in
 * a connection URL, a configuration file's). The raw chart's values are objects, each judged as its kind (a Secret by
 * k8s-secret-no-literal-data).
 */
function releaseSecrets(release: TfResource): Violation[] {
  // set_wo (the Helm provider 3.x's write-only values) keeps them out of the state, not out of the code.
  const sensitive = (["set_sensitive", "set_wo"] as const).flatMap((field) =>
    blocks(release.values[field]).flatMap((set, i) =>
      isLiteralSecret(set.value)
        ? [{ message: `${field} ${literalString(set.name) ?? i} is a literal credential`, address: release.address, path: `${field}[${i}].value` }]
        : [],
    ),
  );
  if (release.values.chart === "raw") return sensitive;
  // What values and set write, set_sensitive's and set_wo's left to the lines above: a literal in values is one,
  // whatever replaces it.
  // A value known only at apply is no literal: the literals beside it are still read.
  const written = helmValues({ ...release, values: { ...release.values, set_sensitive: [], set_wo: [] } }, { unknownsAsWritten: true });
  const named = literalSecretPaths(written ?? {});
  const values = named.map((path) => ({ message: `the chart value ${path} is a literal credential`, address: release.address, path: "values" }));
  const texts: Violation[] = [];
  walk(written ?? {}, (item, _key, path) => {
    if (typeof item !== "string") return true;
    const found = named.includes(path()) ? undefined : secretInText(item, "its text");
    if (found) texts.push({ message: `the chart value ${path()} holds ${found} (not shown)`, address: release.address, path: "values" });
    return false;
  });
  return [...sensitive, ...values, ...texts];
}

export default configurationPolicy(
  {
    id: "no-literal-secret-arguments",
    title: "No resource argument holds a literal credential",
    description:
      "Flags any resource argument named password, secret, token, private_key, psk and the like whose value is a literal string (in a Kubernetes object, a secret field that holds an object name names a Secret), and in a Helm release, what set_sensitive and set_wo set, the chart values so named that values or set write, and the secrets the chart values' texts hold (a password in a URL, in a configuration file).",
    rationale:
      "A literal credential is stored in the repository, the synthesized JSON and the state; it must be generated server side or passed at deploy time.",
    remediation:
      "Generate the value server side (Barbican, in-cluster) or pass it as a sensitive variable at deploy time; give a chart an existing Secret's name rather than its content.",
    severity: "critical",
    references: [cite("secnumcloud-3.2", "10.5.c"), cite("anssi", "PA-022 R34-R38")],
    enforcementLevel: "mandatory",
    onUnknown: "pass",
  },
  (configuration) =>
    configuration.resources
      .filter((resource) => !typesCoveredElsewhere.has(resource.type))
      .flatMap((resource) => [
        ...literalSecretPaths(resource.values, coveredElsewhere, resource.type === "kubernetes_manifest").map((path) => ({
          // An object written as a manifest is named by its fields, as the file writes them.
          message: `${resource.type === "kubernetes_manifest" ? path.replace(/^manifest\./, "") : path} is a literal credential`,
          address: resource.address,
          path,
        })),
        ...(resource.type === helmReleaseType ? releaseSecrets(resource) : []),
      ]),
);
