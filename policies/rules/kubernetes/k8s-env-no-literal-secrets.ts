import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { eachContainer, looksSecret, onlyVariableReferences, workloadTypes } from "../../lib/kubernetes";
import { isLiteralSecret, isSwitch, secretInText, unreadableText } from "../../lib/secrets";
import { attributePath, blocks, literalString } from "../../lib/values";

/** kubernetes_env sets environment variables of a container of a workload that exists (resource_kubernetes_env.go). */
const envType = "kubernetes_env";

/** The env entries of a container (at `path`, named `label` in messages) that hold a literal secret. */
const envViolations = (label: string, env: unknown, path: string): Violation[] => {
  // Entries written with `dynamic` over a collection a plan leaves until apply: the whole list is unknown.
  const unreadableList = unreadableText(env, `${label}'s environment`, attributePath(path, "env"));
  if (unreadableList) return [unreadableList];
  return blocks(env).flatMap((entry, i): Violation[] => {
    const name = literalString(entry.name);
    const unreadable = unreadableText(entry.value, `${label}'s environment variable ${name ?? i}`, attributePath(path, "env", i, "value"));
    if (unreadable) return [unreadable];
    const what =
      name !== undefined && looksSecret(name) && isLiteralSecret(entry.value) && !isSwitch(entry.value) && !onlyVariableReferences(entry.value)
        ? "a literal secret value"
        : typeof entry.value === "string"
          ? secretInText(entry.value, "the value")
          : undefined;
    return what ? [{ message: `${label}: environment variable ${name ?? i} holds ${what} (not shown)`, path: attributePath(path, "env", i, "value") }] : [];
  });
};

export default resourcePolicy(
  {
    id: "k8s-env-no-literal-secrets",
    title: "No secret is written as a literal environment variable",
    description:
      "Flags every env entry of a container or init container (or that a kubernetes_env sets in a workload that exists) whose name designates a secret (PASSWORD, PASSPHRASE, SECRET, TOKEN, API_KEY, PRIVATE_KEY, CREDENTIAL as a word part, PASS or PWD as the last, PGPASSWORD) and whose value is a literal, and every env entry whose value contains a private key, a password or token assignment or a URL with a password, whatever its name; value_from, interpolated values, references to other variables ($(DB_PASSWORD)) and switches (MYSQL_RANDOM_ROOT_PASSWORD=yes) pass.",
    rationale:
      "A literal sits in the synthesized JSON, the repository, the state and the pod spec that anyone who can read the workload sees; it cannot be rotated without a redeploy.",
    remediation: "Read the value from a Kubernetes secret with value_from.secret_key_ref, or better mount the secret as a file.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "10.5.c"), cite("cis-kubernetes", "5.4.1"), cite("anssi", "PA-022 R34-R38")],
    enforcementLevel: "mandatory",
    // A template's literal parts are judged (a literal secret cannot hide in a variable); a value a plan leaves until
    // apply has no text, and the policy says it cannot judge it.
    onUnknown: "reported-by-policy",
  },
  [...workloadTypes, envType],
  (resource, context) =>
    resource.type === envType
      ? envViolations(`container ${literalString(resource.values.container ?? resource.values.init_container) ?? ""}`.trim(), resource.values.env, "")
      : eachContainer((at) => envViolations(at.label, at.container.env, at.path))(resource, context),
);
