import type { IConstruct } from "constructs";

/** A Secret the platform reads and never writes, with what it must hold and who reads it. */
export interface DeployTimeSecret {
  readonly name: string;
  /** The keys the reader looks up. */
  readonly keys: readonly string[];
  /** What to put in it, in words. */
  readonly holds: string;
  /** Where the reader's documentation or code says so. */
  readonly source: string;
}

/** An application credential, as the OpenStack SDKs read it from the environment. */
const keystoneEnvironment = ["OS_AUTH_URL", "OS_AUTH_TYPE", "OS_APPLICATION_CREDENTIAL_ID", "OS_APPLICATION_CREDENTIAL_SECRET", "OS_REGION_NAME"];

/**
 * Credentials created at deploy time from the region's vault (`kubectl create secret generic`), so that none passes
 * through the environment file, the synthesized JSON or the state. Each construct names its Secret from here and
 * declares it with `requireSecret`; synthesis lists, per region, the Secrets to create before applying the platform.
 */
export const deployTimeSecrets = {
  entranceClient: {
    name: "oauth2-proxy-client",
    keys: ["client-id", "client-secret", "cookie-secret"],
    holds:
      "the entrance's OIDC client at the identity provider (members sign in on each tool's own host: its redirect URIs must admit https://<tool>.<project>.<domain>/oauth2/callback), and a random 32-byte cookie key",
    source: "oauth2-proxy chart, values.yaml config.existingSecret",
  },
  warehouseBackups: {
    name: "warehouse-backup-s3",
    keys: ["ACCESS_KEY_ID", "ACCESS_SECRET_KEY"],
    holds: "EC2 credentials of a project that may write the backup container only",
    source: "CloudNativePG API reference, BarmanObjectStoreConfiguration.s3Credentials",
  },
  restoreDrillBackups: {
    name: "warehouse-backup-s3-read",
    keys: ["ACCESS_KEY_ID", "ACCESS_SECRET_KEY"],
    holds: "EC2 credentials of a project that may read the backup container only: the restore drill recovers from it",
    source: "CloudNativePG API reference, BarmanObjectStoreConfiguration.s3Credentials (externalClusters)",
  },
  volumeBackups: {
    name: "velero-openstack",
    keys: keystoneEnvironment,
    holds: "an application credential allowed Cinder snapshots and the backup container",
    source: "velero-plugin-for-openstack, docs/installation-using-helm.md (credentials.extraSecretRef)",
  },
  cloudProvider: {
    name: "cloud-config",
    keys: ["cloud.conf"],
    holds: "the [Global] section of an application credential for load balancers and Cinder volumes (RKE2 clusters only)",
    source: "cloud-provider-openstack charts, secret.name mounted as /etc/config/cloud.conf",
  },
  airlockSubmit: {
    name: "airlock-submit-keystone",
    keys: keystoneEnvironment,
    holds: "an application credential that may write the airlock's staging container",
    source: "constructs/platform/airlock.ts (envFrom)",
  },
  airlockRelease: {
    name: "airlock-release-keystone",
    keys: keystoneEnvironment,
    holds: "an application credential that may read the staging container and write the release container",
    source: "constructs/platform/airlock.ts (envFrom)",
  },
  pseudonymisation: {
    name: "pseudonymisation-keystone",
    keys: keystoneEnvironment,
    holds: "an application credential that may read the pseudonymisation key in Barbican and the opt-out list",
    source: "constructs/platform/pseudonymisation-service.ts (envFrom)",
  },
} as const satisfies Record<string, DeployTimeSecret>;

/**
 * What an application credential may do, as a Keystone access rule (its service type, HTTP method and path, where `*`
 * stands for one segment of the path and `**` for any number: keystone access_rules_config, "Application credential
 * access rules"). Without rules, a credential does what its roles allow in the whole project, every container of the
 * object storage included (Swift keystoneauth: an operator role owns the account).
 */
export interface AccessRule {
  readonly service: "object-store" | "key-manager";
  readonly method: "GET" | "HEAD" | "PUT" | "POST" | "DELETE";
  readonly path: string;
}

/**
 * Access rules for reading one container of the object storage (listing it, reading its objects), or one object of
 * it, or writing objects into it (Swift's API, /v1/AUTH_<project>/<container>/<object>).
 */
export function containerAccess(container: string, access: "read" | "write", object?: string): AccessRule[] {
  const paths =
    object !== undefined ? [`/v1/*/${container}/${object}`] : access === "read" ? [`/v1/*/${container}`, `/v1/*/${container}/**`] : [`/v1/*/${container}/**`];
  const methods = access === "read" ? (["GET", "HEAD"] as const) : (["PUT", "HEAD"] as const);
  return methods.flatMap((method) => paths.map((path) => ({ service: "object-store" as const, method, path })));
}

const metadataType = "eds-regional/deploy-time-secret";

/**
 * Records that the workloads under `scope` read `secret` in `namespace`; for an application credential, the only
 * requests it must be able to make, which the checklist turns into the credential's access rules.
 */
export function requireSecret(scope: IConstruct, namespace: string, secret: DeployTimeSecret, accessRules: readonly AccessRule[] = []): void {
  scope.node.addMetadata(metadataType, { namespace, ...secret, ...(accessRules.length > 0 ? { accessRules } : {}) }, { stackTrace: false });
}

/** A Secret as a stack requires it: in a namespace, with the access rules of its credential, if any. */
export type RequiredSecret = DeployTimeSecret & { readonly namespace: string; readonly accessRules?: readonly AccessRule[] };

/** The Secrets the workloads under `scope` read, each once, by namespace then name. */
export function requiredSecrets(scope: IConstruct): RequiredSecret[] {
  const found = scope.node
    .findAll()
    .flatMap((construct) => construct.node.metadata.filter((entry) => entry.type === metadataType).map((entry) => entry.data as RequiredSecret));
  const unique = new Map(found.map((secret) => [`${secret.namespace}/${secret.name}`, secret]));
  return [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, secret]) => secret);
}

/** A file-like key (cloud.conf) comes from a file, the others from a value typed in. */
const isFileKey = (key: string) => key.includes(".");

/**
 * The shell function the checklist's commands type values with. The bastion's auditd records every command line with
 * its arguments (hardened-host.ts, the execve rules), and pam_tty_audit every key typed while the terminal echoes;
 * keystrokes typed with echo off in canonical mode are not recorded unless log_passwd is set (pam_tty_audit(8)). So each
 * value is read with echo off and reaches kubectl as a `key=value` line on its standard input (printf is a shell
 * builtin: no command line), which `--from-env-file` reads like a file (kubectl, pkg/cmd/util/env_file.go).
 */
const typeValuesFunction = [
  "from_vault() {",
  '  for key in "$@"; do',
  "    printf '%s (from the vault): ' \"$key\" >&2; stty -echo; IFS= read -r value; stty echo; echo >&2",
  '    printf \'%s=%s\\n\' "$key" "$value"',
  "  done",
  "}",
];

/** The command that creates one Secret, values typed through `from_vault`, files named by path. */
function createCommand(secret: RequiredSecret): string[] {
  const create = `kubectl -n ${secret.namespace} create secret generic ${secret.name}`;
  const files = secret.keys.filter(isFileKey);
  if (files.length === 0) return [`from_vault ${secret.keys.join(" ")} | ${create} --from-env-file=/dev/stdin`];
  // kubectl refuses --from-env-file beside --from-file (create_secret.go, Validate).
  if (files.length !== secret.keys.length) throw new Error(`${secret.name}: a Secret holds either files or values, not both`);
  return [`${create} \\`, ...files.map((key, i) => `  --from-file=${key}=<file from the vault>${i < files.length - 1 ? " \\" : ""}`)];
}

/** The checklist's file, beside the stack's cdk.tf.json. */
export const secretsChecklistFileName = "SECRETS.md";

/**
 * How to create an application credential limited to its access rules. Each service enforces them itself
 * (keystonemiddleware's auth_token): the provider must confirm that its object storage and key manager do.
 */
const credentialCreation = (secret: RequiredSecret): string[] =>
  secret.accessRules
    ? [
        "Create its application credential with the only requests it needs; without them it could do the same in every",
        "container of the project. The provider must confirm that its services enforce access rules.",
        "",
        ...(secret.accessRules.some((rule) => rule.service === "key-manager") ? privateKeys : []),
        "```sh",
        `openstack application credential create ${secret.name} --access-rules '${JSON.stringify(secret.accessRules)}'`,
        "```",
        "",
      ]
    : [];

/**
 * A key Barbican holds without an ACL is read and deleted by any member of the project (barbican/common/policies/
 * secrets.py: secret:decrypt, secret:delete), so by every credential of it: Magnum's driver gives each cluster an
 * application credential of its creator, without access rules, in a Secret every node mounts (magnum-cluster-api,
 * driver.py and resources.py). Access rules bound the credentials the platform creates; an ACL bounds the others.
 */
const privateKeys = [
  "It reads keys in Barbican, which every credential of the project may read and delete while a key has no ACL, the",
  "one Magnum's driver puts on every node included. Create this credential as a Keystone user of its own (not the",
  "deployer, who creates the cluster and the keys), then make each key it reads private to that user and check it:",
  "",
  "```sh",
  "openstack acl submit --no-project-access --user <the id of that user> <the key's secret href>",
  "openstack acl get <the key's secret href>   # read: project access False, users: that user only",
  "```",
  "",
];

/**
 * The deployer's checklist: what comes before the first apply (`firstApply`, Markdown lines: the cluster's own step,
 * the namespaces the Secrets go in), then one `kubectl create secret` per Secret, its values typed in, never written.
 */
export function secretsChecklist(stack: string, secrets: readonly RequiredSecret[], firstApply: readonly string[] = []): string {
  return [
    `# Secrets to create before applying ${stack}`,
    "",
    "The platform reads these Secrets and never writes them: create each from the region's vault, then apply.",
    "",
    "The bastion records every command line and every key typed while the terminal echoes: never put a value in a",
    "command. Define this function first; it asks for each value with echo off and hands it to kubectl on its input:",
    "",
    "```sh",
    ...typeValuesFunction,
    "```",
    "",
    ...(firstApply.length > 0 ? ["## Before the first apply", "", ...firstApply, ""] : []),
    ...secrets.flatMap((secret) => [
      `## ${secret.namespace}/${secret.name}`,
      "",
      `Holds ${secret.holds}. Read by: ${secret.source}.`,
      "",
      ...credentialCreation(secret),
      "```sh",
      ...createCommand(secret),
      "```",
      "",
    ]),
  ].join("\n");
}
