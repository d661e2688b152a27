import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { eachContainer, looksSecret, workloadTypes } from "../../lib/kubernetes";
import { holdsLiteralSecret, isObjectName, secretInText, unreadableText } from "../../lib/secrets";
import { attributePath, blocks, list, literalString } from "../../lib/values";

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
      name !== undefined && looksSecret(name) && holdsLiteralSecret(entry.value)
        ? "a literal secret value"
        : typeof entry.value === "string"
          ? secretInText(entry.value, "the value")
          : undefined;
    return what ? [{ message: `${label}: environment variable ${name ?? i} holds ${what} (not shown)`, path: attributePath(path, "env", i, "value") }] : [];
  });
};

/**
 * The command and arguments of a container (at `path`) that hold a literal secret: a text the secret scanner finds one
 * in (`--db-url=postgres://app:pw@db`, `--password=pw`), or a literal after an option named like a secret
 * (`--password`, `pw`), as a process reads its arguments; visible to whoever reads the pod spec or the node's processes.
 */
const commandLineViolations = (label: string, container: Record<string, unknown>, path: string): Violation[] =>
  (["command", "args"] as const).flatMap((field) => {
    const items = list(container[field]);
    return items.flatMap((item, i): Violation[] => {
      if (typeof item !== "string") return [];
      const previous = i > 0 ? items[i - 1] : undefined;
      const what =
        typeof previous === "string" && takesASecret(previous, item) ? `a literal secret value after ${previous}` : secretInText(item, "the argument");
      return what ? [{ message: `${label}: ${field}[${i}] holds ${what} (not shown)`, path: attributePath(path, field, i) }] : [];
    });
  });

/**
 * Whether an option and the argument after it pass a literal secret: an option that ends with a secret's name
 * (--password, --db-password, --api-key, --token; not --enable-secret-rotation or --no-password, which take no value),
 * followed by a literal that is no path (--private-key /etc/tls/key), switch, reference, option, or a Secret's name
 * after a --secret.
 */
function takesASecret(option: string, item: string): boolean {
  const name = /^-{1,2}(?!no-)([\w.][\w.-]*)$/.exec(option)?.[1];
  if (name === undefined || !looksSecret(name) || !/(?:password|passwd|passphrase|secret|token|key|credentials?|cookie|pass|pwd|masterauth)$/i.test(name))
    return false;
  if (/secrets?$/i.test(name) && isObjectName(item)) return false;
  // A model's special tokens (--pad-token "<pad>", --sep-token "[SEP]") are markers, and a key's URI, ARN or resource
  // name (--encryption-key arn:aws:kms:..., --signing-key awskms:///alias/x, projects/.../cryptoKeys/k) names a key.
  return (
    !item.startsWith("-") && !/^(?:<[^>]*>|\[[^\]]*\])$/.test(item) && !/^(?:[a-z][a-z0-9+.-]*:\/\/|arn:|projects\/)/.test(item) && holdsLiteralSecret(item)
  );
}

export default resourcePolicy(
  {
    id: "k8s-env-no-literal-secrets",
    title: "No secret is written as a literal environment variable or command-line argument",
    description:
      "Flags every env entry of a container or init container (or that a kubernetes_env sets in a workload that exists) whose name designates a secret (PASSWORD, PASSPHRASE, SECRET, TOKEN, API_KEY, PRIVATE_KEY, CREDENTIAL as a word part, PASS or PWD as the last unless it holds a path, PGPASSWORD) and whose value is a literal, and every env entry whose value contains a private key, a password or token assignment or a URL with a password, whatever its name; value_from, interpolated values, references to other variables ($(DB_PASSWORD)) and switches (MYSQL_RANDOM_ROOT_PASSWORD=yes) pass; and every command or argument that holds such a secret, or a literal after an option named like a secret (--password, pw).",
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
      : eachContainer((at) => [...envViolations(at.label, at.container.env, at.path), ...commandLineViolations(at.label, at.container, at.path)])(
          resource,
          context,
        ),
);
