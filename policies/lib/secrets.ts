import type { Violation } from "../engine/policy";
import { isPath, looksSecret, namesACredential, onlyVariableReferences } from "./kubernetes";
import { attributePath, isMap, isUnknown, keyPath, knownAfterApply, memoized, walk } from "./values";

/** Argument names that hold a credential: a literal value for them ends up in the JSON and in the state. */
export const secretArgumentNames: ReadonlySet<string> = new Set([
  "password",
  "user_password",
  "admin_pass",
  "secret",
  "token",
  "private_key",
  "client_key",
  "secret_key",
  "psk",
  "container_sync_key",
  "application_credential_secret",
  // openstack_images_image_v2: the password of the web server the image is downloaded from (Sensitive in the schema).
  "image_source_password",
  // helm_release: the chart repository's basic authentication password (Sensitive in the Helm provider's schema).
  "repository_password",
  // The value a secret store keeps, written into the configuration: Google Secret Manager's secret_data, AWS Secrets
  // Manager's secret_string (Sensitive in both providers' schemas).
  "secret_data",
  "secret_string",
]);

/**
 * Arguments of one resource type whose name says nothing of a credential elsewhere, and which hold one there (Sensitive
 * in the OpenStack provider's schema): the key a Swift temporary URL is signed with. A test keeps every settable
 * sensitive argument of the schema the project carries covered, here, by secretArgumentNames or by a policy of its own
 * (a Barbican secret's payload: keymanager-secret-no-payload).
 */
export const typeSecretArguments: Readonly<Record<string, ReadonlySet<string>>> = {
  openstack_objectstorage_tempurl_v1: new Set(["key"]),
};

/**
 * The words that name a credential, in a key or a setting; a secret's key written with separators (`SECRET_KEY`, AWS's
 * `AWS_SECRET_ACCESS_KEY`, MinIO's `MINIO_SECRET_KEY`) is one, where `secretKey` names a key in a Secret (Helm values'
 * existingSecret and secretKey, External Secrets' data[].secretKey). Vault's root token ID is the token (looksSecret).
 */
export const secretWords = "password|passwd|secret(?:[_-](?:access[_-])?key)?|root[_-]token[_-]id|token|api[_-]?key";
const namesASecret = new RegExp(secretWords, "i");

/**
 * Whether a map names a Kubernetes Secret to read credentials from: `secret`, `existingSecret`, Strimzi's
 * `passwordSecret` and the like holding the Secret's `name` or `secretName`, and not one the chart creates
 * (`create: true`), beside which `password: password` is the key in that Secret, not a password (projectnessie's
 * chart: jdbc.secret.password is "The secret key storing the datasource password"; Strimzi's
 * passwordSecret.password).
 */
const namesAKubernetesSecret = (item: unknown, key: string | number | undefined): boolean =>
  typeof key === "string" &&
  /secret(?:ref)?$/i.test(key) &&
  item !== null &&
  typeof item === "object" &&
  !Array.isArray(item) &&
  (typeof (item as { name?: unknown }).name === "string" || typeof (item as { secretName?: unknown }).secretName === "string") &&
  (item as { create?: unknown }).create !== true;

/**
 * Whether a map holds the keys of a Secret, by its name (`secretKeys`, `existingSecretKeys`, `msc3861SecretKeys`):
 * small-hack's charts document externalDatabase.secretKeys.password as "key in existing Secret to use for db user's
 * password", and so do Bitnami's theirs.
 */
const isKeyMap = (item: unknown, key: string | number | undefined): boolean => isMap(item) && typeof key === "string" && /secretkeys$/i.test(key);

/** The maps of keys beside a Secret's name in a map: a secretRef's `keys`, an existingSecret's `secretKeys`. */
const keyMapsBesideSecret = (item: unknown, namesSecret: boolean): string[] => {
  const named = (name: unknown) => typeof name === "string" && name !== "";
  if (!isMap(item) || !(namesSecret || named(item.existingSecret) || named(item.existingSecretName))) return [];
  return Object.keys(item).filter((name) => /keys$/i.test(name) && isMap(item[name]));
};

/** A key of a Secret that says what it holds (password, db-password, POSTGRES_PASSWORD), not a credential. */
const isSecretKeyName = (value: unknown): boolean => typeof value === "string" && /^[\w.-]{1,63}$/.test(value) && namesASecret.test(value);

/**
 * A text that reads as the name of a key in a Secret, beside the Secret's name: one that says what it holds
 * (isSecretKeyName), words in lower case (`pass`, `aws-access-key`: digits only in a word joined to others, where a
 * random credential of letters and digits is one word), in camelCase words (`accessKey`, `clientID`) or in capitals
 * (`AWS_SECRET_ACCESS_KEY`, `SABNZBD__NZB_KEY`), as keys are written.
 */
const readsAsKeyName = (value: unknown): boolean =>
  isSecretKeyName(value) ||
  (typeof value === "string" &&
    value.length <= 63 &&
    (/^[a-z]+(?:[A-Z][a-z]+|ID)*$/.test(value) || /^[a-z][a-z0-9]*(?:[._-][a-z0-9]+)+$/.test(value) || /^[A-Z][A-Z0-9]*(?:_+[A-Z0-9]+)*$/.test(value)));

/**
 * A template's action, `{{ ... }}`: Go's, or Kyverno's JMESPath variables, whose quoted strings may hold braces
 * (`{{ random('[0-9a-f]{128}') }}`: kyverno.io/docs/writing-policies/jmespath, raw string literals in single quotes).
 */
const templateAction = /\{\{((?:'[^']*'|"(?:[^"\\]|\\.)*"|[^{}'"])*)\}\}/g;

/**
 * A literal credential: a known, non-empty string. An interpolation is supplied at deploy time, and a value made only
 * of template actions that print what they read (`{{ .password }}`, `{{ .token | b64dec }}`, `{{ index . "db-password" }}`)
 * is rendered from elsewhere by the tool that reads it: External Secrets' templates from the secret fetched from the
 * store (external-secrets.io/latest/guides/templating), Argo's parameters. An action that prints text of its own is a
 * literal (actionWritesText).
 */

export const isLiteralSecret = (value: unknown): boolean =>
  typeof value === "string" &&
  value
    .replace(escapedTemplate, (action, constant: string) => (constant.includes("{{") ? "" : action))
    .replace(templateAction, (_, action: string) => (actionWritesText(action) ? "text" : ""))
    .trim() !== "" &&
  !isUnknown(value) &&
  !isReference(value);

/**
 * The secrets a configuration generates, known at apply only, each kind with the attributes that hold it, by type: a
 * private key (tls_private_key's private_key_pem, private_key_openssh or private_key_pem_pkcs8, an
 * openstack_compute_keypair_v2's that Nova generates, given no public_key), and random_password's result (sensitive in
 * its schema: hashicorp/random, resource_password.go).
 */
export const generatedSecrets: readonly { readonly what: string; readonly attributes: Readonly<Record<string, readonly string[]>> }[] = [
  {
    what: "a private key generated at apply",
    attributes: { tls_private_key: ["private_key_pem", "private_key_openssh", "private_key_pem_pkcs8"], openstack_compute_keypair_v2: ["private_key"] },
  },
  { what: "a password generated at apply", attributes: { random_password: ["result"] } },
];

/**
 * A token a script or a build replaces before the text is read, as the whole value: `@DB_PASSWORD@`, as autoconf's
 * AC_SUBST and CMake's configure_file write them, and start-up scripts fill in with sed from the environment; in
 * capitals, as environment variables are named, where a password between two @ (`@Tr0ub4dor@`) is a literal.
 */
const substitutedToken = /^@[A-Z_][A-Z0-9_]*@$/;

/**
 * A value that stands for a secret kept elsewhere, filled in by the tool that reads it: SOPS's ciphertext
 * (`ENC[AES256_GCM,data:...,type:str]`, decrypted by Flux or the sops CLI), a shell variable an envsubst step
 * replaces (`$DB_PASSWORD`, `${DB_PASSWORD}`, which Terraform's text keeps as `$${DB_PASSWORD}`, `$password`: in capitals or
 * in lower case, as such variables are written,
 * where `$ecretPassw0rd` is a literal), Grafana's expansions (`$__env{X}`, `$__file{path}`, `$__vault{...}`, its
 * configuration's "Variable expansion"), argocd-vault-plugin's placeholder (`<path:kv/data/app#password>`, optionally
 * with `| base64encode`, filled from Vault at sync: argocd-vault-plugin.readthedocs.io, "Usage"), the OpenTelemetry Collector's configuration providers (`${env:X}`, `${file:path}`:
 * opentelemetry-collector confmap, "Configuration providers"), a 1Password reference (`op://vault/item/field`),
 * vals' and Vault injectors' references (`ref+vault://...`, `vault:secret/data/db#password#2`, `vault:login`), and an ERB template
 * that prints what it reads (`<%= ENV["X"] %>`, not a quoted constant), a token a script replaces (`@DB_PASSWORD@`,
 * substitutedToken), and a Secret's key Traefik's Kubernetes provider reads in a plugin's settings
 * (`urn:k8s:secret:<name>:<key>`: traefik pkg/provider/kubernetes/crd/kubernetes.go, loadSecretKeys).
 */
const isReference = (value: string): boolean =>
  /^ENC\[[A-Z0-9_]+,data:[^\]]*\]$/.test(value) ||
  /^\$(?:[A-Z_][A-Z0-9_]*|[a-z_]+|\$?\{[A-Za-z_]\w*\}|__(?:env|file|vault)\{[^{}]+\}|\$?\{env:[A-Za-z_]\w*\}|\$?\{file:[^{}\s]+\})$/.test(value) ||
  substitutedToken.test(value) ||
  /^(?:op:\/\/|ref\+[a-z0-9]+:\/\/)\S+$/.test(value) ||
  /^<path:[^<>#\s]+#[^<>]+>$/.test(value) ||
  /^vault:(?:login|[\w.-]+(?:\/[\w.-]+)+#[\w.-]+(?:#\d+)?)$/.test(value) ||
  /^<%=?\s*[^"'\s][\s\S]*%>$/.test(value.trim()) ||
  /^urn:k8s:secret:[a-z0-9][-a-z0-9.]*:[-._a-zA-Z0-9]+$/.test(value);

const quoted = /"(?:[^"\\]|\\.)*"|`[^`]*`/g;

/**
 * An action that prints a quoted constant, which is a template itself when it holds an action: printed for the tool
 * that renders it next (Helm values escaping an External Secrets template, {{`{{ .token }}`}}; Homepage's
 * {{ "{{HOMEPAGE_VAR_X}}" }}).
 */
const escapedTemplate = /\{\{-?\s*("(?:[^"\\]|\\.)*"|`[^`]*`)\s*-?\}\}/g;

/** The text a Go template action falls back on: `default "pw"`, the constant quoted. */
const defaultText = /\bdefault\s+("(?:[^"\\]|\\.)+"|`[^`]+`)/;

/**
 * Whether a Go template action prints text it holds: a quoted constant with nothing read (`{{ "pw" }}`: Go's templates
 * print a constant as written), or a fallback of some text (`{{ .x | default "pw" }}`), printed when what it reads is
 * empty. A quoted key it looks up (`index . "db-password"`) or an empty default prints what it reads.
 */
function actionWritesText(action: string): boolean {
  const unquoted = action.replace(quoted, '""');
  if (unquoted === action) return false;
  const reads = /(^|[\s(|])(\.[A-Za-z_]|\.(?=[\s)|]|$)|\$)/.test(unquoted);
  return !reads || defaultText.test(action);
}

/**
 * Whether a text is a name the API server takes for an object, a Secret's among them (a DNS subdomain: RFC 1123 labels
 * of lower-case letters, digits and -, dotted, at most 253 characters), and reads as one: of several words joined by
 * - or . (warehouse-pmm-secret), or one ending in secret (authsecret), where a random credential of lower-case
 * letters and digits is one word, and a UUID is a client secret's form.
 */
export const isObjectName = (value: unknown): boolean =>
  typeof value === "string" &&
  value.length <= 253 &&
  /[-.]|secret$/.test(value) &&
  !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value) &&
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(value);

/** How literalSecretPaths reads names. */
export interface SecretNames {
  /** Argument names not to report (other policies cover them). */
  readonly except?: ReadonlySet<string>;
  /** Argument names that hold a credential in this resource's type (typeSecretArguments), beside secretArgumentNames. */
  readonly also?: ReadonlySet<string>;
  /**
   * A chart's values or a Kubernetes object (camelCase keys of any name, which no schema fixes): keys are read by their
   * last words (namesACredential: postgresPassword, clientSecret), and a secret field that holds an object's name names
   * the Secret to read, as the API conventions refer to objects (Percona's pmm.secret, a Secret's name).
   */
  readonly byWord?: boolean;
  /**
   * Where entries that name a credential and give it (`{name: DB_PASSWORD, value: ...}`) are read: everywhere in chart
   * values (a chart hands its extraEnvVars to its containers as written), outside containers in an object (an Argo
   * Workflow's parameters; a container's environment is k8s-env-no-literal-secrets').
   */
  readonly entries?: "everywhere" | "outside containers";
}

/**
 * Paths of the arguments named like a credential that hold a literal, at any depth: a provider's nested blocks (the Helm
 * provider's `kubernetes { token }` and `registries { password }`) as much as a resource's.
 */
export function literalSecretPaths(values: unknown, { except = new Set(), also, byWord = false, entries }: SecretNames = {}): string[] {
  const found: string[] = [];
  const secretMaps = new Set<string>();
  const keyNames = new Set<string>();
  walk(values, (item, key, path) => {
    // A SealedSecret's ciphertext is made to be committed.
    if (byWord && key === "encryptedData") return false;
    // A ResourceQuota's hard limits count objects and resources by their names (`secrets: "10"`, the number of Secrets
    // a namespace may hold: Kubernetes, "Resource Quotas", object count quota), and so do patterns of them.
    if (key === "hard" && typeof item === "object" && item !== null) return false;
    const namesSecret = namesAKubernetesSecret(item, key);
    if (namesSecret || isKeyMap(item, key)) secretMaps.add(path());
    for (const name of keyMapsBesideSecret(item, namesSecret)) secretMaps.add(keyPath(path(), name));
    // External Secrets' data entries: secretKey names the key of the Secret it writes (ExternalSecretData).
    if (byWord && isMap(item) && item.remoteRef !== undefined && typeof item.secretKey === "string") keyNames.add(attributePath(path(), "secretKey"));
    if (byWord && (isTypedCredential(item) || (entries && isNamedCredentialEntry(item) && (entries === "everywhere" || !inContainer(path())))))
      found.push(attributePath(path(), "value"));
    // A list of passwords or tokens under a name that says so (Bitnami MongoDB's auth.passwords); a list of secrets or
    // keys names Secrets or keys in them (Alertmanager's secrets, Crossplane's connectionSecretKeys).
    if (
      byWord &&
      typeof key === "string" &&
      Array.isArray(item) &&
      /(?:passw(?:or)?ds?|passphrases?|tokens?)$/i.test(key) &&
      readByWord(key, path()) &&
      namesACredential(key)
    )
      item.forEach((entry, i) => {
        if (isLiteralSecret(entry) && holdsNamedSecret(key, entry)) found.push(`${path()}[${i}]`);
      });
    if (typeof item !== "string" || typeof key !== "string" || except.has(key)) return true;
    // The name first: most values of most resources are named no credential, and isLiteralSecret reads the text. A
    // write-only argument (password_wo, Terraform 1.11+) keeps its value out of the state, not out of the code.
    const argument = key.endsWith("_wo") ? key.slice(0, -"_wo".length) : key;
    const exact = secretArgumentNames.has(argument) || also?.has(argument) === true;
    const named = byWord ? readByWord(key, path()) && namesACredential(key) : namesACredentialArgument(argument);
    if (!exact && !isAuthorizationKey(key) && !named) return true;
    const literal =
      isLiteralSecret(item) &&
      (isAuthorizationHeader(key, item) ||
        (exact
          ? byWord
            ? holdsLiteralSecret(item) && !(key === "secret" && isObjectName(item))
            : // A key argument holding a file's path names where the key is read from (private_key = "~/.ssh/id_rsa");
              // a password or a token is never a file's name, and a key's text may begin with a slash.
              !(/key/i.test(key) && isKeyFilePath(item)) && !isJsonWithoutSecret(item)
          : named && holdsNamedSecret(key, item)));
    if (!literal || keyNames.has(path()) || isHeaderLogMode(parentPath(path(), key), item)) return true;
    // In a map that names a Secret, a value that names a key in it is no credential.
    if (readsAsKeyName(item) && secretMaps.has(parentPath(path(), key))) return false;
    found.push(path());
    return false;
  });
  return found;
}

/**
 * Whether an argument of a provider's schema (snake_case) names a credential by its last words, as a chart's keys are
 * read (keycloak's client_secret, azurerm's admin_password, gitlab's registration_token): not a token that makes a
 * request idempotent or pages through results (AWS's creation_token and client_token, a continuation or page token).
 */
const namesACredentialArgument = (argument: string): boolean =>
  // Most arguments name no credential, told by their words before namesACredential reads them.
  /pass|pwd|secret|token|key|credential|cookie|masterauth/.test(argument) &&
  /^[a-z][a-z0-9_]*$/.test(argument) &&
  namesACredential(argument) &&
  !/(?:^|_)(?:creation|idempotency|client|continuation|page|next|request)_token$/.test(argument);

/**
 * Whether a text is a JSON object that holds no secret: a secret store's value written as JSON
 * (`secret_string = jsonencode({ host = "db", port = 5432 })`) is judged by its own keys and texts.
 */
function isJsonWithoutSecret(text: string): boolean {
  const parsed = jsonObjectIn(text);
  return parsed !== undefined && chartValueSecrets(parsed).length === 0;
}

/** The object a text writes in JSON (`jsonencode({ ... })`); undefined for any other text. */
export function jsonObjectIn(text: string): Record<string, unknown> | undefined {
  if (!text.trimStart().startsWith("{")) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return isMap(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a key is read by its words: a field's name, not an object's metadata (whose annotation keys are other
 * tools' settings: cert-manager.io/inject-ca-from-secret) nor a key of a pattern (Kyverno's anchors, X(secret)).
 */
const readByWord = (key: string, path: string): boolean => /^[A-Za-z_][\w.-]*$/.test(key) && !/^metadata[.[]/.test(path);

/**
 * A credential written as a typed value: a map whose type says it is a password or a secret and whose value is a
 * literal (Keycloak's CredentialRepresentation, in a realm import's users: `{type: password, value: ...}`).
 */
const isTypedCredential = (item: unknown): boolean =>
  isMap(item) &&
  typeof item.type === "string" &&
  /^(?:password|secret)$/i.test(item.type) &&
  holdsLiteralSecret(item.value) &&
  !(/^secret$/i.test(item.type) && isObjectName(item.value));

/** An entry that names a credential and gives it: `{name: db-password, value: ...}` (SecretNames.entries). */
const isNamedCredentialEntry = (item: unknown): boolean =>
  isMap(item) && typeof item.name === "string" && looksSecret(item.name) && holdsNamedSecret(item.name, item.value);

/** The fields of an object that hold its containers: a pod's, a workflow template's (`container`, `script`). */
export const containerFields: ReadonlySet<string> = new Set(["containers", "initContainers", "ephemeralContainers", "sidecars", "container", "script"]);

const containerPath = new RegExp(`(?:^|\\.)(?:${[...containerFields].join("|")})[[.]`);

/** Whether a path lies in a container of an object (containerFields). */
const inContainer = (path: string): boolean => containerPath.test(path);

/**
 * What Traefik's access log does with a request header, named under fields.headers.names: keep, drop or redact it
 * (Traefik's access logs, `Authorization: drop`), not the header's value.
 */
const isHeaderLogMode = (mapPath: string, value: string): boolean => /(?:^|\.)fields\.headers\.names$/.test(mapPath) && /^(?:keep|drop|redact)$/i.test(value);

/** The path of the map a key sits in, from the key's path. */
const parentPath = (path: string, key: string): string => path.slice(0, path.endsWith("]") ? path.lastIndexOf("[") : -(key.length + 1));

/**
 * An HTTP Authorization header that carries its credentials (RFC 9110, 11.6.2: a scheme and its token), as the http
 * data source's request_headers and API providers' headers write it: `Authorization = "Bearer ..."`.
 */
export const isAuthorizationHeader = (key: string, value: unknown): boolean =>
  isAuthorizationKey(key) && typeof value === "string" && /^(?:Bearer|Basic|Token)[ \t]+[A-Za-z0-9._~+/=-]{8,}$/i.test(value.trim());

/** The Authorization header's name, in any case (read first by its length: most keys are not it). */
const isAuthorizationKey = (key: string): boolean => key.length === 13 && /^authorization$/i.test(key);

/**
 * Whether the literal under a key read by its words is a secret (holdsLiteralSecret), and no file's name (privateKey:
 * private.key) or duration (Dex's expiry.idTokens: 24h); under a SECRET, a CREDENTIAL or a KEY, or their plurals, no
 * object's name (Percona's secrets.encryptionKey names a Secret, as rucio-daemons' RUCIO_FTS_SECRETS does) or
 * `namespace/name` (cert-manager's inject-ca-from-secret); under a secretKey, no text that reads as a key's name in a
 * Secret (readsAsKeyName), as External Secrets' data[].secretKey (password, username) is.
 */
export const holdsNamedSecret = (key: string, value: unknown): boolean =>
  holdsLiteralSecret(value) &&
  // A model's special tokens (stopTokens: ["<|eot_id|>", "</s>"], specialTokens: ["[CLS]"]) are markers.
  !/^(?:<[^>]*>|\[[^\]]*\])$/.test(value as string) &&
  !/^[\w.-]+\.(?:key|pem|crt|cer|der|p12|pfx|jks|json|ya?ml|txt|properties|conf|ini)$/i.test(value as string) &&
  !/^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d))+$/.test(value as string) &&
  !(/(?:secrets?|credentials?|keys?)$/i.test(key) && namesAnObject(printedWhenEmpty(value as string))) &&
  !(/secret[_-]?key$/i.test(key) && readsAsKeyName(value)) &&
  !isSdsMarker(key, value);

/**
 * Istio's marker for a key its gateway fetches through the Secret Discovery Service, `privateKey: sds` beside
 * `serverCertificate: sds` (istio.io, "Securing Gateways with HTTPS Using Secret Discovery Service"): the key is in
 * the Secret credentialName names, and the field otherwise holds a path.
 */
const isSdsMarker = (key: string, value: unknown): boolean => key === "privateKey" && value === "sds";

/** An object's name, or `namespace/name` (cert-manager's inject-ca-from-secret). */
const namesAnObject = (text: string): boolean => isObjectName(text) || /^[a-z0-9][-a-z0-9]*\/[a-z0-9][-a-z0-9.]*$/.test(text);

/**
 * The text a value prints where what its template actions read is empty: each action that prints text of its own
 * (actionWritesText) as that text, its default where it has one (`{{ default "vault-credentials" .secret }}`, as an
 * ApplicationSet's template writes a Secret's name), the others as nothing.
 */
function printedWhenEmpty(value: string): string {
  return value.replace(/\{\{([^{}]*)\}\}/g, (_, action: string) => {
    if (!actionWritesText(action)) return "";
    const constant = defaultText.exec(action)?.[1] ?? action.match(quoted)?.[0] ?? "";
    // A raw string as written; an interpreted one as JSON reads it, which takes Go's common escapes (not \x, \a, \v).
    try {
      return constant.startsWith('"') ? (JSON.parse(constant) as string) : constant.slice(1, -1);
    } catch {
      return constant.slice(1, -1);
    }
  });
}

/**
 * A key file's path: relative to the home or the working folder (`~/.ssh/id_ed25519`, `./keys/deploy`), or absolute and
 * ending like a key file (`.pem`, `.key`, `id_rsa`). An absolute path of other words may be a key's own text
 * (an S3 secret key of base64 with slashes).
 */
const isKeyFilePath = (value: string): boolean =>
  isPath(value) && (/^(?:~|\.\.?)\//.test(value) || /(?:\.(?:pem|key|p8|p12|pfx|der)|\/id_(?:rsa|dsa|ecdsa|ed25519)(?:-cert)?(?:\.pub)?)$/.test(value));

/**
 * Whether a value given under a secret's name is a literal secret: not a switch (MYSQL_RANDOM_ROOT_PASSWORD=yes), a
 * reference to a container's other variables, a path that points at the secret, or an AWS access key's identifier
 * (AKIA or ASIA and 16 characters of base 32, as IAM's "Manage access keys" describes it), which names the key the
 * secret half opens (--access-key, AWS_ACCESS_KEY).
 */
export const holdsLiteralSecret = (value: unknown): boolean =>
  isLiteralSecret(value) && !isSwitch(value) && !onlyVariableReferences(value) && !isPath(value) && !/^(?:AKIA|ASIA)[A-Z2-7]{16}$/.test(value as string);

/** A secret found in a chart's values: its path there, and what is said of it, in words that never show it. */
export interface ChartValueSecret {
  readonly path: string;
  readonly said: string;
}

/**
 * The secrets a chart's values hold: values named like a credential (literalSecretPaths, by word), environment
 * entries (`extraEnvVars: [{ name: DB_PASSWORD, value: x }]`, which charts hand to their containers as written) whose
 * name designates a secret, and texts that hold one (a password in a URL, in a configuration file).
 */
export function chartValueSecrets(values: unknown): ChartValueSecret[] {
  const named = literalSecretPaths(values, { byWord: true, entries: "everywhere" });
  const found: ChartValueSecret[] = named.map((path) => ({ path, said: "is a literal credential" }));
  const reported = new Set(named);
  walk(values, (item, _key, path) => {
    if (typeof item !== "string") return true;
    const text = reported.has(path()) ? undefined : secretInText(item, "its text");
    if (text) found.push({ path: path(), said: `holds ${text} (not shown)` });
    return false;
  });
  return found;
}

/**
 * A value that switches a behaviour about a secret rather than holding one: MYSQL_RANDOM_ROOT_PASSWORD=yes,
 * MYSQL_ALLOW_EMPTY_PASSWORD=1 (the images' documented switches), says there is none (`token: "null"`, `None`), or
 * whether one is asked (EC2's instance metadata `httpTokens: required` or `optional`, as Karpenter's EC2NodeClass and
 * the AWS provider's metadata_options write it: EC2 API, InstanceMetadataOptionsRequest HttpTokens).
 */
export const isSwitch = (value: unknown): boolean =>
  typeof value === "string" && /^\s*(?:true|false|yes|no|on|off|0|1|null|nil|none|enabled|disabled|required|optional)\s*$/i.test(value);

/**
 * Code that reads or computes a secret: Python's os.getenv, os.environ and sys.argv (the process's arguments), env(...), Node's process.env, Java's
 * System.getenv, a shell's command substitution in backticks, a call (`f.read()`, `get_password()`; not one given a
 * quoted literal, such as a decoding of one, unless it wraps a read of the environment; nor a text that merely holds
 * a parenthesis); and what the application or a tool reads in its place: argocd-vault-plugin's placeholder
 * (`<path:kv/data/app#password>`, filled from Vault at sync), the YAML tags Home Assistant and recyclarr fill at start-up
 * (`!secret name`, from its secrets.yaml; `!env_var NAME`, from the environment); an attribute of the object the code
 * runs in (Python's `self.client_secret`, JavaScript's and Java's `this.password`), set at run time; Frigate's
 * `{FRIGATE_MQTT_PASSWORD}`, which it fills from its environment variables and secret files named FRIGATE_*
 * (frigate/config/env.py: FRIGATE_ENV_VARS, validate_env_string).
 */
const readOrFilledElsewhere = String.raw`(?:os\.environ(?:\.get)?|os\.getenv|getenv|System\.getenv|env|ENV)[ \t]*[([]|sys\.argv\[|process\.env\.|\x60|[\w.]+\([^)"']*\)|[\w.]+\((?=[^)]*(?:os\.environ|getenv|process\.env))|<path:[^<>#\s]+#|!(?:secret|env_var)[ \t]+\w|(?:self|this)\.[A-Za-z_]|\{FRIGATE_\w+\}`;

/**
 * A value that is a file's path, up to its end, as isPath reads one under a secret's name: where the secret is read
 * from, such as Telegraf's bearer_token = "/var/run/secrets/kubernetes.io/serviceaccount/token" (its kube_inventory
 * README: bearer_token is the token file's path, bearer_token_string the token).
 */
const pathValue = String.raw`(?:\/|~\/|\.\.?\/)[\w./-]*(?![^\s"'])`;

/**
 * A type annotation of code, where a parameter or a field named like a secret is declared, not given a value: Python's
 * `def call(url: str, token: str)`, a dataclass's or pydantic's `password: SecretStr = Field(...)`, TypeScript's
 * `token: string;` (PEP 3107 and PEP 526 annotations; TypeScript's type annotations). The type's name ends the value:
 * a comma, a parenthesis, a default, a semicolon, `| None`, or the line's end.
 */
const typeAnnotation = String.raw`(?:Optional\[)?(?:str|bytes|string|String|SecretStr|SecretBytes)\]?(?:[ \t]*\|[ \t]*(?:None|null|undefined))?[ \t]*(?:[,)=;]|$)`;

/**
 * Where a match does not stand on a line commented out: one that starts with #, ; or //. Read after the word that names
 * a secret, so that it is tried only where one stands.
 */
const notCommentedOut = String.raw`(?<!^[ \t]*(?:#|;|\/\/)[^\n]*)`;

/** A YAML flow sequence or mapping that closes on its line, then a comment or nothing: `[email, groups]`, `{}`. */
const flowCollection = String.raw`(?:\[[^\]\n]*\]|\{[^}\n]*\})[ \t]*(?:#[^\n]*)?$`;

/**
 * The kinds of secret a text may hold, and whether a key names the secret (`keyed`): the pattern's group where it has
 * one, else the word that names a secret in the match with the rest of its key.
 */
const patterns: readonly { what: string; pattern: RegExp; keyed?: true }[] = [
  { what: "a private key", pattern: /-{3,}BEGIN [A-Z0-9 ]*PRIVATE KEY-{3,}/ },
  // cloud-init's ssh_keys writes each <type>_private as the host's private key (cc_ssh.py, CONFIG_KEY_TO_FILE:
  // /etc/ssh/ssh_host_<type>_key), whatever gives it: one a reference fills (a key generated by tls_private_key) is in
  // the user data all the same.
  { what: "a host's private key (cloud-init's ssh_keys)", pattern: /^[ \t]*(?:rsa|dsa|ecdsa|ed25519)_private[ \t]*:[ \t]*\S/m },
  // nsswitch.conf's passwd line names sources (passwd: files compat), no password.
  {
    what: "a cloud-init password",
    pattern: /^\s*(plain_text_passwd|passwd|hashed_passwd)[ \t]*:[ \t]*(?!(?:files|compat|sss|ldap|nis|systemd|db|winbind)\b|\$\{\}(?:\s|$))\S+/m,
    keyed: true,
  },
  // cloud-init's chpasswd sets the passwords its `list` holds (cc_set_passwords; `expire` alone sets none, and the
  // passwords of its `users` are judged as any password key), and so does a line piped to chpasswd in a script.
  {
    what: "a chpasswd list",
    // Between the two keys: lines of the block, blank lines and comments, in either line ending.
    pattern:
      /^(?<indent>[ \t]*)chpasswd[ \t]*:[ \t]*(?:\{[^}\n]*\blist[ \t]*:|(?:\r?\n(?:\k<indent>[ \t]+[^\n]*|[ \t]*(?:#[^\n]*)?))*?\r?\n\k<indent>[ \t]+list[ \t]*:)/m,
  },
  {
    what: "a password piped to chpasswd",
    // echo or printf into it, or a here-string (`chpasswd <<< "root:x"`).
    pattern:
      /\b(?:(?:echo|printf)[ \t]+(?:-[a-z]+[ \t]+)?["']?[\w.-]+:(?![$"'\s])[^\s"']{3,}["']?[ \t]*\|[ \t]*(?:sudo[ \t]+)?chpasswd|chpasswd[ \t]*<<<[ \t]*["']?[\w.-]+:(?![$"'\s])[^\s"']{3,})/,
  },
  {
    what: "a password directive",
    keyed: true,
    // Configuration written as `directive value` (redis.conf's requirepass and masterauth, keepalived.conf's auth_pass)
    // at the start of a line, or where a script writes it: after a quote (echo "requirepass x") or a slash (sed's
    // s/^# requirepass .*/requirepass x/). A line commented out (# or keepalived's !) is none, nor prose or a grep.
    pattern: /^(?![ \t]*[#!])(?:[ \t]*|[^\n]*?["'/])(requirepass|masterauth|auth_pass)[ \t]+(?:\$\{\})?(?!\.\*)[^\s"'$#/]{4,}/m,
  },
  {
    what: "a password or token assignment",
    keyed: true,
    // On its line: the first word of the next line is not the value of a key whose value is an interpolation. A value
    // that reads the secret from the environment (os.getenv("X"), os.environ["X"], env('X'), process.env.X) is code,
    // and so is one a shell completes ("pvc-$(date +%s)"); a file's path names where the secret is (pathValue); the
    // literal after an expression (${}) is judged, unless an & begins it: the next field of a form or a query
    // (client_secret=${PASSWORD}&resource=...; application/x-www-form-urlencoded splits on &, WHATWG URL Standard). A
    // YAML flow sequence or mapping closed on its line is a collection, no secret text (Authelia's `id_token: [email]`);
    // a group of a regular expression (sed's `s/"secret":"\([^"]*\)"/\1/`) captures the value, and holds none; a word
    // after a $ names a Secret and its key, as Argo CD's settings read `$argocd-oidc-secret:oidc.clientSecret` (argo-cd
    // util/settings: a value starting with $ is a Secret's key, "$<secret name>:<key>").
    // A line commented out (#, ; or //) is an example of the setting, as for a URL's password below.
    pattern: new RegExp(
      String.raw`(?:^|[^a-z]|pg)(?<!\$[-\w.]*)(?:${secretWords})${notCommentedOut}["']?[ \t]*[=:][ \t]*["']?(?:\$\{\}(?!&))?(?!\$\{|\{\{|\\\(|(?:true|false|yes|no|none|null|nil|required|optional|files|compat|sss)\b|${readOrFilledElsewhere}|${pathValue}|${typeAnnotation}|${flowCollection}|[^\s"'$]*\$\()[^\s"'$]{4,}`,
      "im",
    ),
  },
  {
    what: "a password or token assignment",
    keyed: true,
    // YAML's value of a key may be a plain scalar on the next line, indented further than the key (not a list, a
    // comment, or a map of keys under it).
    pattern: new RegExp(
      String.raw`^(?<indent>[ \t]*)(?:- +)?([\w.-]*(?:${secretWords})[\w.-]*)[ \t]*:[ \t]*\n\k<indent>[ \t]+(?:\$\{\})?(?![#-]|\$\{|\{\{|[^\s:"']+:(?:[ \t]|$)|${readOrFilledElsewhere})[^\s"'$#]{4,}`,
      "im",
    ),
  },
  {
    what: "a password or token element",
    keyed: true,
    // An XML element named for a secret that holds one as its text: OPNsense's and pfSense's config.xml (<password>),
    // Maven's settings.xml (<password>), a Jenkins user's <apiToken>. Not one that holds elements,
    // an interpolation, a file's path or a value read elsewhere, nor one whose name only begins with a secret's word
    // (<tokenType>, <passwordPolicy>).
    pattern: new RegExp(
      String.raw`<(?:[\w.-]+:)?([\w.-]*(?:${secretWords}))(?:[ \t\n][^<>]*)?>[ \t]*(?!\$\{|\{\{|${readOrFilledElsewhere}|(?:\/|~\/|\.\.?\/)[\w./-]*[ \t]*<)[^\s<>"'$]{4,}[ \t]*<\/`,
      "i",
    ),
  },
  {
    what: "an authorization header",
    // An HTTP Authorization header's credentials (RFC 9110, 11.6.2) written out: a bearer token, basic credentials.
    pattern: /\bAuthorization["']?[ \t]*:[ \t]*["']?(?:Bearer|Basic|Token)[ \t]+[A-Za-z0-9._~+/=-]{8,}/i,
  },
  {
    what: "a password in a URL",
    // The userinfo of a URL (RFC 3986, 3.2.1: user:password@), read as libpq reads a connection URI (up to the @
    // before the first /, so a password may hold ? or #), where a port followed by a query or a fragment of
    // parameters is no password (smtp://host:25?from=ops@example.fr); not on a line commented out (#, ; or //, an
    // example of the setting). A password that is a reference ($VAR, $(X), ${X}, {name}, {{ }}, %(x)s), a placeholder
    // (<password>) or a mask (****) is none, and so is a reference Flux's post-build substitution escapes for the
    // application to expand ($${X}, which it writes ${X}: fluxcd/pkg envsubst/parse/scan.go, scanEscaped).
    pattern:
      /^(?![ \t]*(?:#|;|\/\/))[^\n]*?\b[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s:@/?#]*:(?!\$+[A-Za-z_({]|\{\{|\{\w*\}@|%\(|<[^\s@/>]*>@|\*+@|\d*[?#][^\s@/]*=)[^\s@/]{3,}@[^\s@/?#]/m,
  },
];

/**
 * The literal parts of a value: its text with each `${...}` expression (nested braces included) emptied to `${}`. An
 * expression is code, such as templatefile("x", { token = var.token }), not a value: judging its text would flag the
 * reference.
 */
export function literalParts(text: string): string {
  let literal = "";
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (depth === 0 && text[i] === "$" && text[i + 1] === "{") {
      depth = 1;
      i++;
    } else if (depth > 0 && text[i] === "{") depth++;
    else if (depth > 0 && text[i] === "}") {
      depth--;
      // What stands for the expression reads as one to the patterns (`password=${x}` assigns no literal), not as a
      // blank before the next word.
      if (depth === 0) literal += "${}";
    } else if (depth === 0) literal += text[i];
    // An expression's own line ends are kept, so that the text's lines stay where they are written.
    else if (text[i] === "\n") literal += "\n";
  }
  return literal;
}

/**
 * Where a plan leaves a text until apply, the secrets in its literal parts cannot be read: `terraform show -json` keeps
 * none of its text (internal/command/jsonplan, after_unknown), where the configuration shows "password=x-${id}".
 */
export const unreadableText = (value: unknown, what: string, path: string): Violation | undefined =>
  value === knownAfterApply
    ? { outcome: "cannot-evaluate", path, message: `the plan does not hold the text of ${what}, left until apply: judge the configuration` }
    : undefined;

/**
 * A secret found in a text: its kind, what the text reads it from where it is not written there (a private key
 * generated at apply), the key that names it where one does, and the line (1-based) it is on.
 */
export interface SecretFound {
  readonly what: string;
  readonly from?: string;
  readonly key?: string;
  readonly line: number;
}

/** The first secret a text (such as user_data) holds in its literal parts, if any. */
export function secretIn(text: string): SecretFound | undefined {
  const literal = literalParts(text);
  for (const { what, pattern, keyed } of patterns) {
    // matchAll copies its pattern at every call: most texts hold no match, told by the pattern itself first.
    if (!pattern.test(literal)) continue;
    for (const match of literal.matchAll(everyMatch(pattern))) {
      const key = keyed && (match.slice(1).find((group) => group !== undefined && /\S/.test(group)) ?? keyAround(literal, match));
      const separated = assignedValue.exec(match[0]);
      const value = separated?.[3] ?? "";
      const quotedKey = /["']:/.test(match[0]);
      if (separated?.[1] === ":" && separated[2] === "" && key && !quotedKey && (isEntryPoint(key, value) || isSecretReference(key, value))) continue;
      // A Secret's name given to an option that names one (--sops-age-secret=sops-age), and a path under a secret's
      // name: a Vault KV engine's (secret: secret/data/db), a JSON path (Flux's skipJSONPath "Secret:/sops").
      if (key && /secrets?$/i.test(key) && ((key.startsWith("-") && isObjectName(value)) || /^(?:(?:secret|kv|kv-v2)\/|\/[\w.-]+$)/.test(value))) continue;
      // A token a script replaces (substitutedToken), told in capitals, which the case-blind patterns cannot tell.
      if (substitutedToken.test(match[0].trim().split(/\s+/).pop()?.replace(/^["']/, "") ?? "")) continue;
      // The match may begin with what ends the line before it.
      const start = match.index + match[0].length - match[0].replace(/^\s+/, "").length;
      let line = 1;
      for (let i = literal.indexOf("\n"); i !== -1 && i < start; i = literal.indexOf("\n", i + 1)) line++;
      return key ? { what, key, line } : { what, line };
    }
  }
  return undefined;
}

/**
 * A Python entry point, `module.path:attribute` (keystonemiddleware.auth_token:filter_factory,
 * magnum.api.middleware.auth_token:AuthTokenMiddleware.factory): a dotted module that names no credential's setting
 * (`db.admin_password`, `client-secret`), and an attribute named as Python names them (words in lower case joined by
 * `_`, or a class's name then its function's), where `spring.datasource.password:Summer_2024` assigns.
 */
const isEntryPoint = (key: string, value: string): boolean =>
  key.includes(".") &&
  !/(?:password|passwd|secret|api[_-]?key)$/i.test(key) &&
  !/^token$/i.test(key.slice(key.lastIndexOf(".") + 1)) &&
  /^(?:[a-z]+(?:_[a-z]+)+|[A-Z][A-Za-z0-9]*(?:_[a-z]+)+|[A-Z][A-Za-z0-9]*\.[a-z]+(?:_[a-z]+)*)$/.test(value);

/**
 * A Secret named in a reference's syntax, the key being `secret` itself, not a quoted JSON key: Camel's
 * `secret:slack-credentials`, Traefik's `urn:k8s:secret:name:key`.
 */
const isSecretReference = (key: string, value: string): boolean => /^secret$/i.test(key) && (isObjectName(value) || /^[\w.-]+:[\w.-]+$/.test(value));

/** An assignment's separator, the blank after it and the value, after the word that names a secret. */
const assignedValue = new RegExp(String.raw`(?:${secretWords})["']?[ 	]*([=:])([ 	]*)["']?([^\s"']+)$`, "i");

/** A pattern's global copy, made once, for reading every match. */
const everyMatch = memoized((pattern: RegExp): RegExp => new RegExp(pattern.source, `${pattern.flags}g`));

/** The word that names a secret in a match, with the rest of its key around it (POSTGRES_PASSWORD, db.password). */
function keyAround(literal: string, match: RegExpMatchArray): string | undefined {
  const word = namesASecret.exec(match[0]);
  if (!word) return undefined;
  let start = (match.index ?? 0) + word.index;
  let end = start + word[0].length;
  while (start > 0 && /[\w.-]/.test(literal[start - 1]!)) start--;
  while (end < literal.length && /[\w.-]/.test(literal[end]!)) end++;
  return literal.slice(start, end);
}

/**
 * A secret found in a text, for a message that never shows its value: "a password or token assignment (key password,
 * line 3 of the user data)"; the line only for a text of several.
 */
export function secretText({ what, from, key, line }: SecretFound, text: string, of: string): string {
  const where = [...(from ? [from] : []), ...(key ? [`key ${key}`] : []), ...(text.includes("\n") ? [`line ${line} of ${of}`] : [])];
  return where.length > 0 ? `${what} (${where.join(", ")})` : what;
}

/** The secret a text holds, in words (secretText), with its line in the text, if any. */
export function secretInTextAt(text: string, of: string): { message: string; line: number } | undefined {
  const found = secretIn(text);
  return found && { message: secretText(found, text, of), line: found.line };
}

/** The secret a text holds, in words (secretText), if any. */
export const secretInText = (text: string, of: string): string | undefined => secretInTextAt(text, of)?.message;
