import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { eachContainer, looksSecret, writtenWorkloadTypes } from "../../lib/kubernetes";
import { commandLineSecrets } from "../../lib/command-line";
import { holdsNamedSecret, isAuthorizationHeader, secretInText, unreadableText } from "../../lib/secrets";
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
      name !== undefined && looksSecret(name) && holdsNamedSecret(name, entry.value)
        ? "a literal secret value"
        : typeof entry.value === "string"
          ? secretInText(entry.value, "the value")
          : undefined;
    return what ? [{ message: `${label}: environment variable ${name ?? i} holds ${what} (not shown)`, path: attributePath(path, "env", i, "value") }] : [];
  });
};

/**
 * The command lines of a container (at `path`) that pass a literal secret (commandLineSecrets): its command with its
 * arguments, and the exec commands of its probes and of its lifecycle hooks, which the kubelet runs in it.
 */
function commandLineViolations(label: string, container: Record<string, unknown>, path: string, found: ReturnType<typeof handlers>): Violation[] {
  const command = list(container.command);
  const lines = [
    {
      items: [...command, ...list(container.args)],
      at: (i: number) => (i < command.length ? { field: `command[${i}]`, path: attributePath(path, "command", i) } : argument(path, i - command.length)),
    },
    ...execCommands(found),
  ];
  return lines.flatMap(({ items, at }) =>
    commandLineSecrets(items).map(({ item, what }) => {
      const { field, path: where } = at(item);
      return { message: `${label}: ${field} holds ${what} (not shown)`, path: where };
    }),
  );
}

const argument = (path: string, i: number) => ({ field: `args[${i}]`, path: attributePath(path, "args", i) });

/**
 * The handlers of a container's probes and lifecycle hooks (core/v1 Probe and LifecycleHandler), each with its path
 * and its name in messages ("the liveness probe's"); their exec and http_get blocks are read from them.
 */
function handlers(container: Record<string, unknown>, path: string): { value: Record<string, unknown>; at: string; name: string }[] {
  const probes = ["liveness", "readiness", "startup"].flatMap((probe) =>
    blocks(container[`${probe}_probe`]).map((value, i) => ({ value, at: attributePath(path, `${probe}_probe`, i), name: `the ${probe} probe's` })),
  );
  const hooks = blocks(container.lifecycle).flatMap((lifecycle, i) =>
    [
      ["post_start", "postStart"],
      ["pre_stop", "preStop"],
    ].flatMap(([hook, named]) =>
      blocks(lifecycle[hook!]).map((value, j) => ({ value, at: attributePath(path, "lifecycle", i, hook!, j), name: `the ${named} hook's` })),
    ),
  );
  return [...probes, ...hooks];
}

/** The blocks of one kind (exec, http_get) of a container's handlers. */
const handlerBlocks = (found: ReturnType<typeof handlers>, kind: "exec" | "http_get") =>
  found.flatMap(({ value, at, name }) => blocks(value[kind]).map((block, i) => ({ value: block, at: attributePath(at, kind, i), name })));

/** The exec commands of a container's probes and lifecycle hooks, which the kubelet runs in it, item by item. */
const execCommands = (found: ReturnType<typeof handlers>) =>
  handlerBlocks(found, "exec").map(({ value, at, name }) => ({
    items: list(value.command),
    at: (i: number) => ({ field: `${name} command[${i}]`, path: attributePath(at, "command", i) }),
  }));

/**
 * The HTTP headers of a container's probes and hooks that carry credentials (an Authorization header with a bearer token
 * or basic credentials), which the kubelet sends and the pod spec shows. A typed resource names them http_header, a
 * manifest httpHeaders.
 */
const headerViolations = (label: string, found: ReturnType<typeof handlers>): Violation[] =>
  handlerBlocks(found, "http_get").flatMap(({ value, at, name }) => {
    const field = value.http_header !== undefined ? "http_header" : "http_headers";
    return blocks(value[field]).flatMap((header, i): Violation[] =>
      typeof header.name === "string" && isAuthorizationHeader(header.name, header.value)
        ? [{ message: `${label}: ${name} HTTP header ${header.name} holds its credentials (not shown)`, path: attributePath(at, field, i, "value") }]
        : [],
    );
  });

export default resourcePolicy(
  {
    id: "k8s-env-no-literal-secrets",
    title: "No secret is written as a literal environment variable or command-line argument",
    description:
      "Flags every env entry of a container or init container (or that a kubernetes_env sets in a workload that exists) whose name designates a secret (PASSWORD, PASSPHRASE, SECRET, TOKEN, API_KEY, PRIVATE_KEY, CREDENTIAL as a word part, PASS or PWD as the last unless it holds a path, PGPASSWORD) and whose value is a literal, and every env entry whose value contains a private key, a password or token assignment or a URL with a password, whatever its name; value_from, interpolated values, references to other variables ($(DB_PASSWORD)) and switches (MYSQL_RANDOM_ROOT_PASSWORD=yes) pass; and every item of a command line (the command and arguments, and the exec commands of probes and lifecycle hooks; a shell script word by word) that holds such a secret, a literal after an option named like a secret (--password pw), or a password given to a client by its short option (mysql -pX, redis-cli -a X, mongosh -p X, sshpass -p X, curl -u user:X).",
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
  [...writtenWorkloadTypes, envType],
  (resource, context) =>
    resource.type === envType
      ? envViolations(`container ${literalString(resource.values.container ?? resource.values.init_container) ?? ""}`.trim(), resource.values.env, "")
      : eachContainer((at) => {
          const found = handlers(at.container, at.path);
          return [
            ...envViolations(at.label, at.container.env, at.path),
            ...commandLineViolations(at.label, at.container, at.path, found),
            ...headerViolations(at.label, found),
          ];
        })(resource, context),
);
