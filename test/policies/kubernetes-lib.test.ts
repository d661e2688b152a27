import { type AuditedRequest, auditLevel, securityRequests } from "../../policies/lib/kubernetes-audit";
import { describe, expect, it } from "vitest";
import { ResourceGraph } from "../../policies/engine/graph";
import type { TfResource } from "../../policies/engine/model";
import {
  capabilityList,
  containers,
  eachContainer,
  forbidFlag,
  fromAllowedRegistry,
  isSha256Digest,
  looksSecret,
  namespaceOf,
  parseImage,
  partlyKnownRegistry,
  partlyKnownTagAndDigest,
  requireFlag,
  resolvedName,
  shown,
} from "../../policies/lib/kubernetes";
import { apiSelectorOf, literalLabels, matches, type Selector, selectorOf, selectsEverything } from "../../policies/lib/label-selectors";
import { containerDefaults } from "../../policies/lib/limit-ranges";
import { claimClassViolations, volumeClaims } from "../../policies/lib/storage-classes";
import { keyPath } from "../../policies/lib/values";
import { findingsOf, findingsOnFixture, fixtureSettings, fixturesDir } from "./fixture-runner";
import { allPolicies } from "../../policies/rules/index";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const hex = "a".repeat(64);

const resource = (type: string, name: string, values: Record<string, unknown>): TfResource => ({
  address: `${type}.${name}`,
  mode: "managed",
  type,
  name,
  values,
  provider: "kubernetes",
  stack: "test",
  file: "test.tf.json",
});

describe("parseImage", () => {
  it("reads registry, repository, tag and digest", () => {
    expect(parseImage(`registry.example.fr/eds/portal:1.4.2@sha256:${hex}`)).toEqual({
      registry: "registry.example.fr",
      host: "registry.example.fr",
      implicitRegistry: false,
      repository: "eds/portal",
      tag: "1.4.2",
      digest: `sha256:${hex}`,
    });
  });

  it("keeps the port with the registry, and tells the tag from the port", () => {
    expect(parseImage("registry.example.fr:5443/eds/portal:2.0")).toMatchObject({
      registry: "registry.example.fr:5443",
      host: "registry.example.fr",
      repository: "eds/portal",
      tag: "2.0",
    });
    expect(parseImage("registry.example.fr:5443/eds/portal")).toMatchObject({ registry: "registry.example.fr:5443", repository: "eds/portal" });
    expect(parseImage("registry.example.fr:5443/eds/portal")?.tag).toBeUndefined();
    expect(parseImage("localhost:5000/app:1")).toMatchObject({ registry: "localhost:5000", host: "localhost", tag: "1" });
    // Docker Hub's legacy host is docker.io, as the runtime normalises it.
    expect(parseImage("index.docker.io/library/nginx:1.27")).toMatchObject({ registry: "docker.io", host: "docker.io", implicitRegistry: false });
  });

  it("means docker.io when no registry is written", () => {
    // A one-part name is an official image, under library/ (as the runtime names it).
    expect(parseImage("nginx")).toEqual({ registry: "docker.io", host: "docker.io", implicitRegistry: true, repository: "library/nginx" });
    expect(parseImage("library/nginx:1.27")).toMatchObject({ registry: "docker.io", implicitRegistry: true, repository: "library/nginx", tag: "1.27" });
    // A first component without a dot, port or "localhost" is a Docker Hub namespace, not a host.
    expect(parseImage("registry/eds/portal:1")).toMatchObject({ registry: "docker.io", repository: "registry/eds/portal" });
  });

  it("reads untagged images, digest-only images and lower-cases the host", () => {
    expect(parseImage("Registry.Example.FR/eds/portal")).toMatchObject({ registry: "registry.example.fr", repository: "eds/portal" });
    const digestOnly = parseImage(`registry.example.fr/eds/portal@sha256:${hex}`);
    expect(digestOnly?.tag).toBeUndefined();
    expect(digestOnly?.digest).toBe(`sha256:${hex}`);
  });

  it("rejects malformed references", () => {
    for (const bad of ["", "   ", "registry.example.fr/eds/portal:", "registry.example.fr/eds/portal@", "eds portal:1", ":1.0"])
      expect(parseImage(bad), bad).toBeUndefined();
  });
});

describe("fromAllowedRegistry", () => {
  const allowed = fixtureSettings.allowedRegistries;
  const from = (reference: string, registries: readonly string[] = allowed) => fromAllowedRegistry(parseImage(reference)!, registries);

  it("accepts the exact host, with or without a port", () => {
    expect(from("registry.example.fr/eds/portal:1")).toBe(true);
    expect(from("REGISTRY.example.fr/eds/portal:1")).toBe(true);
    expect(from("registry.example.fr:5443/eds/portal:1")).toBe(true);
  });

  it("rejects look-alike hosts, sub-domains and docker.io", () => {
    expect(from("registry.example.fr.evil.com/eds/portal:1")).toBe(false);
    expect(from("evil-registry.example.fr/eds/portal:1")).toBe(false);
    expect(from("mirror.registry.example.fr/eds/portal:1")).toBe(false);
    expect(from("evil.com/registry.example.fr/eds/portal:1")).toBe(false);
    expect(from("registry.example.fr")).toBe(false);
    expect(from("nginx:1.27")).toBe(false);
    expect(from("docker.io/library/nginx:1.27", ["docker.io"])).toBe(true);
  });

  it("holds an allowed entry with a port to that port", () => {
    expect(from("registry.example.fr:5443/eds/portal:1", ["registry.example.fr:5443"])).toBe(true);
    expect(from("registry.example.fr:5000/eds/portal:1", ["registry.example.fr:5443"])).toBe(false);
    expect(from("registry.example.fr/eds/portal:1", ["registry.example.fr:5443"])).toBe(false);
  });

  it("allows nothing when no registry is declared", () => {
    expect(from("registry.example.fr/eds/portal:1", [])).toBe(false);
  });
});

describe("isSha256Digest", () => {
  it("wants sha256 and 64 lower-case hex digits", () => {
    expect(isSha256Digest(`sha256:${hex}`)).toBe(true);
    expect(isSha256Digest(undefined)).toBe(false);
    expect(isSha256Digest("sha256:0123456789abcdef")).toBe(false);
    expect(isSha256Digest(`sha256:${"A".repeat(64)}`)).toBe(false);
    expect(isSha256Digest(`sha512:${hex}${hex}`)).toBe(false);
  });
});

describe("partlyKnownTagAndDigest", () => {
  it("reads the tag and digest written after the part known only at apply, where they start the last component", () => {
    expect(partlyKnownTagAndDigest("${var.registry}/web:1.4.2")).toEqual({ tag: "1.4.2" });
    expect(partlyKnownTagAndDigest("${var.registry}:5000/team/web")).toEqual({});
    expect(partlyKnownTagAndDigest(`\${aws_ecr_repository.web.repository_url}:1.4.2@sha256:${hex}`)).toEqual({ tag: "1.4.2", digest: `sha256:${hex}` });
    expect(partlyKnownTagAndDigest(`\${var.image}@sha256:${hex}`)).toEqual({ digest: `sha256:${hex}` });
    // What follows the last part known only at apply is no whole component: the tag may be in it.
    expect(partlyKnownTagAndDigest("registry.example.fr/web:${var.tag}")).toBeUndefined();
    expect(partlyKnownTagAndDigest("${var.image}")).toBeUndefined();
    expect(partlyKnownTagAndDigest("registry.example.fr/${var.team}-web")).toBeUndefined();
  });

  it("says the runtime refuses a reference whose known end is no valid last component, tag or digest, whatever comes before", () => {
    expect(partlyKnownTagAndDigest("${var.registry}/web:")).toBe("refused");
    expect(partlyKnownTagAndDigest("${var.registry}/Web:1.4.2")).toBe("refused");
    expect(partlyKnownTagAndDigest(`\${var.image}:${"1".repeat(129)}`)).toBe("refused");
    expect(partlyKnownTagAndDigest(`\${var.image}@sha256:${hex.slice(1)}`)).toBe("refused");
  });
});

describe("partlyKnownRegistry", () => {
  it("reads the registry from the first component, whatever follows", () => {
    expect(partlyKnownRegistry("registry.example.fr:5443/eds/${var.name}:1")).toEqual({
      registry: "registry.example.fr:5443",
      host: "registry.example.fr",
      implicitRegistry: false,
    });
    expect(partlyKnownRegistry("eds/${var.name}")).toEqual({ registry: "docker.io", host: "docker.io", implicitRegistry: true });
    expect(partlyKnownRegistry("${var.registry}/eds/portal:1")).toBeUndefined();
    expect(partlyKnownRegistry("registry.example.fr${var.suffix}/eds/portal:1")).toBeUndefined();
  });

  it("says the runtime refuses a reference whose first component is neither a valid domain nor a valid path component", () => {
    expect(partlyKnownRegistry("registry.example.fr:abc/${var.name}")).toBe("refused");
    expect(partlyKnownRegistry("-registry.example.fr/${var.name}")).toBe("refused");
    expect(partlyKnownRegistry(" registry.example.fr/${var.name}")).toBe("refused");
  });

  it("says the runtime refuses a reference whose known path has an invalid whole component or a repository in upper case", () => {
    expect(partlyKnownRegistry("registry.example.fr/EDS/${var.name}")).toBe("refused");
    expect(partlyKnownRegistry("registry.example.fr/eds//${var.name}")).toBe("refused");
    expect(partlyKnownRegistry("registry.example.fr/eds/App${var.suffix}")).toBe("refused");
    expect(partlyKnownRegistry("registry.example.fr/eds/app:V${var.tag}")).toEqual({
      registry: "registry.example.fr",
      host: "registry.example.fr",
      implicitRegistry: false,
    });
    expect(partlyKnownRegistry("registry.example.fr/eds/app-${var.suffix}")).not.toBe("refused");
  });
});

describe("looksSecret", () => {
  it("spots secret words as word parts, in any case and style", () => {
    for (const name of [
      "PASSWORD",
      "DB_PASSWORD",
      "db-password",
      "dbPassword",
      "POSTGRES_PASSWORDS",
      "OIDC_CLIENT_SECRET",
      "GITLAB_TOKEN",
      "API_KEY",
      "apiKey",
      "REGISTRY_APIKEY",
      "TLS_PRIVATE_KEY",
      "AWS_CREDENTIALS",
      "SMTP_PASSWD",
      "GPG_PASSPHRASE",
      // One-word names and abbreviations of a password: libpq's, the MySQL client's, the RabbitMQ image's.
      "PGPASSWORD",
      "MYSQL_PWD",
      "ORACLE_PWD",
      // Keys that sign, encrypt or open, and Redis's options.
      "SYSDIG_ACCESS_KEY",
      "ENCRYPTION_KEY",
      "MASTER_KEY",
      "JWT_SIGNING_KEY",
      "RABBITMQ_ERLANG_COOKIE",
      "requirepass",
      // A quantity inside a name that holds a password, Vault AppRole's secret identifier (a credential).
      "KONG_RATE_LIMIT_REDIS_PASSWORD",
      "MinIORootPassword",
      "VAULT_SECRET_ID",
      // Vault's root token ID is the token; keys that encrypt (Airflow's, JupyterHub's).
      "VAULT_DEV_ROOT_TOKEN_ID",
      "dev-root-token-id",
      "AIRFLOW__CORE__FERNET_KEY",
      "JUPYTERHUB_CRYPT_KEY",
      "AES_KEY",
      "HMAC_KEY",
      "RABBITMQ_DEFAULT_PASS",
      "db_pass",
    ]) {
      expect(looksSecret(name), name).toBe(true);
    }
  });

  it("ignores words that merely contain a secret word, and pointers to a secret", () => {
    for (const name of [
      "TOKENIZER_MODE",
      "SECRETARY_EMAIL",
      "PASSWORDLESS_LOGIN",
      "KEY_ID",
      "PRIVATE_NETWORK",
      "DB_PASSWORD_FILE",
      "TOKEN_URL",
      "OIDC_SECRET_NAME",
      "LOG_LEVEL",
      "",
      // Settings about a secret: postgres-operator's operator parameters, Grafana's token rotation.
      "password_rotation_interval",
      "password_rotation_user_retention",
      "secret_name_template",
      "GF_AUTH_TOKEN_ROTATION_INTERVAL_MINUTES",
      // Settings about a password or a token (vaultwarden's, Gitea's, PostgreSQL's).
      "PASSWORD_ITERATIONS",
      "PASSWORD_HASH_ALGO",
      "PASSWORD_COMPLEXITY",
      "POSTGRESQL_PASSWORD_ENCRYPTION",
      "TOKEN_ISSUER",
      "SECRET_BACKEND",
      // How long a token lives, how it is signed, sent and checked (simplejwt's, a JWT's alg, RFC 7591's auth method).
      "ACCESS_TOKEN_LIFETIME",
      "TOKEN_SIGNING_ALG",
      "AUTH_TOKEN_PREFIX",
      "API_TOKEN_HEADER",
      "OIDC_TOKEN_ENDPOINT_AUTH_METHOD",
      // Where a token is: a token contract's public address.
      "ethTokenAddress",
      // Quantities and bounds about a secret or what it counts, and etcd's cluster identifier.
      "MAX_TOTAL_TOKENS",
      "max-input-tokens",
      "SECRET_SHARES",
      "SECRET_THRESHOLD",
      "SECRET_VERSION",
      "initial-cluster-token",
      "OPENAI_MAX_TOKENS",
      "MAX_TOKENS_PER_REQUEST",
      "PM_API_TOKEN_ID",
      // A key's size.
      "AES_KEY_SIZE",
      "HMAC_KEY_BITS",
      "ENCRYPTION_KEY_SIZE",
      "AWS_ACCESS_KEY_ID",
      // The shell's working directory, PASS inside a word, and a plural kept from eating a double S.
      "PWD",
      "BYPASS_PROXY",
      "PASS_THROUGH_MODE",
      "ACCESS_MODE",
    ]) {
      expect(looksSecret(name), name).toBe(false);
    }
  });
});

describe("namesACredential", () => {
  it("reads a chart value's or a custom resource's name by its last words", async () => {
    const { namesACredential } = await import("../../policies/lib/kubernetes");
    // Bitnami's, oauth2-proxy's, RabbitMQ's, MinIO's and an access key's secret half.
    for (const name of ["password", "postgresPassword", "rootPassword", "adminPass", "clientSecret", "cookieSecret", "secret", "apiToken"])
      expect(namesACredential(name), name).toBe(true);
    for (const name of ["erlangCookie", "apiKey", "privateKey", "secretKey", "masterKey", "secretAccessKey", "credentials", "keystorePassword"])
      expect(namesACredential(name), name).toBe(true);
    // An acronym ends a word (SMTPPassword, JWTSecret); MongoDB's replica set key is its members' shared key file.
    for (const name of ["SMTPPassword", "JWTSecret", "adminDBPassword", "replicaSetKey", "passwords"]) expect(namesACredential(name), name).toBe(true);
    // Keys that encrypt or sign, named by what uses them or by their cipher or MAC.
    for (const name of ["fernetKey", "cryptKey", "aesKey", "hmacKey"]) expect(namesACredential(name), name).toBe(true);
    for (const name of [
      // An existing Secret's name and the key in it.
      ...["existingSecret", "existingSecretPasswordKey", "adminPasswordKey", "userPasswordKey", "existingPasswordSecret"],
      // A Secret named by what it holds.
      ...["extraEnvVarsSecret", "initdbScriptsSecret", "certificatesSecret", "tlsSecret", "passwordsSecret", "accessKeySecret", "imagePullSecret"],
      // Where it is, a setting about it, a count, an identifier; a cookie or a key of no credential.
      ...["passwordFile", "tokenTTL", "numTokens", "initialClusterToken", "accessKey", "sessionCookie", "topologyKey", "usePasswordFiles"],
      // A Kubernetes Secret's name; a key of a data set.
      ...["TS_KUBE_SECRET", "dataSetKey"],
    ])
      expect(namesACredential(name), name).toBe(false);
  });
});

describe("chartValueSecrets", () => {
  it("finds credentials named by word, secret environment entries and secrets in texts, at their paths", async () => {
    const { chartValueSecrets } = await import("../../policies/lib/secrets");
    const found = chartValueSecrets({
      auth: { postgresPassword: "not-a-real-one-2024", existingSecret: "pg", secretKeys: { adminPasswordKey: "postgres-password" } },
      extraEnvVars: [
        { name: "DB_PASSWORD", value: "not-a-real-one-2024" },
        { name: "DB_PASSWORD_FILE", value: "/run/secrets/db" },
        { name: "REPLICA_PASSWORD", value: "$(DB_PASSWORD)" },
      ],
      config: { url: "postgres://app:not-a-real-one@db:5432/app", clientSecret: "oauth-client-secret" },
      objstore: { secretKey: "thanos.yaml" },
      minio: { secretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", switch: { generatePassword: "true" } },
      backup: { secretKey: "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY12", externalSecret: { secretKey: "username" } },
      mongodb: { auth: { passwords: ["not-a-real-one", "${MONGODB_PASSWORD}"], replicaSetKey: "notarealkeyfile2024" } },
      "grafana.ini": { security: { admin_password: "not-a-real-one" } },
      git: [{ name: "GIT_SSH_PRIVATE_KEY", value: "-----BEGIN OPENSSH PRIVATE KEY-----\nexample\n-----END OPENSSH PRIVATE KEY-----" }],
    });
    expect(found).toEqual([
      { path: "auth.postgresPassword", said: "is a literal credential" },
      { path: "extraEnvVars[0].value", said: "is a literal credential" },
      { path: "minio.secretKey", said: "is a literal credential" },
      { path: "backup.secretKey", said: "is a literal credential" },
      { path: "mongodb.auth.passwords[0]", said: "is a literal credential" },
      { path: "mongodb.auth.replicaSetKey", said: "is a literal credential" },
      { path: '["grafana.ini"].security.admin_password', said: "is a literal credential" },
      { path: "git[0].value", said: "is a literal credential" },
      { path: "config.url", said: "holds a password in a URL (not shown)" },
    ]);
  });
});

describe("isPath", () => {
  it("takes a path for a pointer to a secret or a directory, and any other value for what it is", async () => {
    const { isPath } = await import("../../policies/lib/kubernetes");
    expect(isPath("/workspace")).toBe(true);
    expect(isPath("./build")).toBe(true);
    expect(isPath("/var/secrets/google/key.json")).toBe(true);
    expect(isPath("example-only-pw")).toBe(false);
    expect(isPath("/ two words")).toBe(false);
    // A base64 key that opens with a slash holds + or =, no path does.
    expect(isPath("/Ab3+xyzExampleOnly=")).toBe(false);
    expect(isPath("/var/secrets/$(SA_NAME)/key.json")).toBe(true);
  });
});

describe("the words of the default service account finding", () => {
  it("name the namespace RBAC reads: the subject's, else the provider's default, else in a manifest the binding's", async () => {
    const { default: policy } = await import("../../policies/rules/kubernetes/k8s-no-binding-to-default-service-account");
    const binding = (subject: Record<string, unknown>, fromManifest: boolean) =>
      ({
        address: "binding",
        mode: "managed",
        type: "kubernetes_role_binding_v1",
        name: "binding",
        values: { metadata: [{ name: "b", namespace: "analytics" }], subject: [{ kind: "ServiceAccount", name: "default", ...subject }] },
        provider: "kubernetes",
        stack: "test",
        file: "main.tf",
        ...(fromManifest ? { fromManifest: true } : {}),
      }) as const;
    const namespaceIn = (subject: Record<string, unknown>, fromManifest: boolean) => {
      const resource = binding(subject, fromManifest) as unknown as TfResource;
      const graph = new ResourceGraph({ stack: "test", files: ["main.tf"], resources: [resource], providers: [] });
      return (policy.check(resource as never, { graph } as never) as { message: string }[])[0]!.message.replace(/.* of namespace (\S+):.*/, "$1");
    };
    expect(namespaceIn({ namespace: "team" }, false)).toBe("team");
    expect(namespaceIn({}, false)).toBe("default");
    expect(namespaceIn({}, true)).toBe("analytics");
  });
});

describe("the words of the AppArmor and digest findings", () => {
  const pod = (annotations: Record<string, string>, image: string) =>
    ({
      address: "kubernetes_pod_v1.p",
      mode: "managed",
      type: "kubernetes_pod_v1",
      name: "p",
      values: { metadata: [{ name: "p", namespace: "team", annotations }], spec: [{ container: [{ name: "c", image }] }] },
      provider: "kubernetes",
      stack: "test",
      file: "main.tf",
    }) as const;
  const messages = async (policyId: string, resource: ReturnType<typeof pod>) => {
    const { default: policy } = await import(`../../policies/rules/kubernetes/${policyId}`);
    const graph = new ResourceGraph({ stack: "test", files: ["main.tf"], resources: [resource as never], providers: [], backend: undefined });
    return (policy.check(resource as never, { graph } as never) as { message: string }[]).map((violation) => violation.message);
  };

  it("say an AppArmor value that is no profile is refused, and unconfined lifts the confinement", async () => {
    const key = "container.apparmor.security.beta.kubernetes.io/c";
    expect(await messages("k8s-lsm-confinement-kept", pod({ [key]: "dummy" }, "x"))).toEqual([
      `pod: AppArmor annotation ${key} is dummy, no profile the API server accepts (runtime/default, localhost/<name>, unconfined)`,
    ]);
    expect(await messages("k8s-lsm-confinement-kept", pod({ [key]: "unconfined" }, "x"))).toEqual([
      `pod: AppArmor annotation ${key} is unconfined, which lifts the confinement`,
    ]);
  });

  it("name the images an operator runs from a Prometheus where they are written, and who runs each", async () => {
    const policy = allPolicies.filter((each) => each.metadata.id === "k8s-image-pinned-digest");
    const file = join(mkdtempSync(join(tmpdir(), "eds-prometheus-images-")), "prometheus.yaml");
    writeFileSync(
      file,
      [
        "apiVersion: monitoring.coreos.com/v1",
        "kind: Prometheus",
        "metadata: {name: k8s, namespace: monitoring}",
        "spec:",
        "  thanos: {image: registry.example.fr/thanos:v0.39.2}",
        "  containers: [{name: prometheus}, {name: proxy, image: registry.example.fr/proxy:v1}]",
        "  initContainers: [{name: init, image: registry.example.fr/init:v1}]",
        "",
      ].join("\n"),
    );
    const found = await findingsOf({ policyId: "k8s-image-pinned-digest", kind: "fail", name: "prometheus", file }, policy);
    expect(found.map((outcome) => `${outcome.path}: ${outcome.message}`).sort()).toEqual([
      'spec.containers[1].image: container proxy: image "registry.example.fr/proxy:v1" has no digest',
      "spec.image: Prometheus monitoring/k8s names no image: it runs the operator's default base image (--prometheus-default-base-image; quay.io/prometheus/prometheus upstream), which is not in this configuration",
      'spec.initContainers[0].image: init container init: image "registry.example.fr/init:v1" has no digest',
      'spec.thanos.image: thanos sidecar of Prometheus monitoring/k8s: image "registry.example.fr/thanos:v0.39.2" has no digest',
    ]);
  });

  it("name the image an operator builds or looks up, and why one it chooses alone is not evaluable", async () => {
    const policy = allPolicies.filter((each) => each.metadata.id === "k8s-image-allowed-registry");
    const file = join(mkdtempSync(join(tmpdir(), "eds-operator-images-")), "main.tf");
    const prometheus = (name: string, spec: string) =>
      `resource "kubernetes_manifest" "${name}" {\n  manifest = {\n    apiVersion = "monitoring.coreos.com/v1"\n    kind = "Prometheus"\n    metadata = { name = "${name}", namespace = "monitoring" }\n    spec = ${spec}\n  }\n}\n`;
    const cnpg = (name: string, kind: string, spec: string) =>
      `resource "kubernetes_manifest" "${name}" {\n  manifest = {\n    apiVersion = "postgresql.cnpg.io/v1"\n    kind = "${kind}"\n    metadata = { name = "${name}", namespace = "data" }\n    spec = ${spec}\n  }\n}\n`;
    writeFileSync(
      file,
      [
        'variable "registry" {}\nvariable "prometheus_version" {}\n',
        // A base image with a tag is taken as it is: the sha is not added (BuildImagePath).
        prometheus("tagged_base", '{ baseImage = "quay.io/prometheus/prometheus:v3.5.0", sha = "0123" }'),
        prometheus("base_known_at_apply", '{ baseImage = "registry.example.fr/prometheus", version = var.prometheus_version }'),
        prometheus("base_alone", '{ baseImage = "registry.example.fr/prometheus" }'),
        // A PrometheusAgent has no baseImage: the operator's is the one (prometheusagent/statefulset.go).
        prometheus("agent", '{ baseImage = "registry.example.fr/prometheus", version = "v3.5.0" }').replace('"Prometheus"', '"PrometheusAgent"'),
        cnpg(
          "catalog",
          "ImageCatalog",
          '{ images = [{ major = 16, image = "registry.example.fr/postgresql:16.10" }, { major = 17, image = "${var.registry}/postgresql:17.6" }] }',
        ),
        cnpg("other", "ImageCatalog", "{ images = [] }"),
        cnpg("major_known_at_apply", "Cluster", '{ imageCatalogRef = { kind = "ImageCatalog", name = "catalog", major = 17 } }'),
        cnpg("major_missing", "Cluster", '{ imageCatalogRef = { kind = "ImageCatalog", name = "catalog", major = 15 } }'),
        cnpg("major_allowed", "Cluster", '{ imageCatalogRef = { kind = "ImageCatalog", name = "catalog", major = 16 } }'),
        'variable "catalog" {}\n',
        cnpg("catalog_by_variable", "Cluster", '{ imageCatalogRef = { kind = "ImageCatalog", name = var.catalog, major = 16 } }'),
        // An empty imageName is none: the operator gives its own (api/v1/cluster_defaults.go).
        cnpg("empty_name", "Cluster", '{ imageName = "" }'),
        // An extension with neither image nor catalog: the webhook refuses the cluster, and no pod runs.
        cnpg("refused_extension", "Cluster", '{ imageName = "registry.example.fr/postgresql:17.6", postgresql = { extensions = [{ name = "postgis" }] } }'),
        // A Zalando pooler enabled by a value known only at apply may run the pooler image.
        'variable "pooled" {}\nresource "kubernetes_manifest" "pooled" {\n  manifest = {\n    apiVersion = "acid.zalan.do/v1"\n    kind = "postgresql"\n    metadata = { name = "pooled", namespace = "data" }\n    spec = { dockerImage = "registry.example.fr/spilo:17", enableConnectionPooler = var.pooled, connectionPooler = { dockerImage = "docker.io/pgbouncer:1" } }\n  }\n}\n',
      ].join(""),
    );
    const found = await findingsOf({ policyId: "k8s-image-allowed-registry", kind: "fail", name: "operators", file }, policy);
    expect(found.map((outcome) => `${outcome.address} ${outcome.path}: ${outcome.status}: ${outcome.message}`).sort()).toEqual([
      "kubernetes_manifest.agent manifest.spec.image: cannot-evaluate: PrometheusAgent monitoring/agent names no image: it runs the operator's default base image (--prometheus-default-base-image; quay.io/prometheus/prometheus upstream), which is not in this configuration",
      "kubernetes_manifest.base_alone manifest.spec.image: cannot-evaluate: Prometheus monitoring/base_alone names no image: the operator tags its baseImage registry.example.fr/prometheus with its own default version, which is not in this configuration",
      "kubernetes_manifest.base_known_at_apply manifest.spec.image: cannot-evaluate: Prometheus monitoring/base_known_at_apply names no image: the operator builds it from baseImage, sha, tag and version, not all known before apply",
      "kubernetes_manifest.catalog_by_variable manifest.spec.imageCatalogRef: cannot-evaluate: database cluster data/catalog_by_variable names no image: its instances run the image for major 16 that ImageCatalog ${var.catalog} gives, and no such catalog is in this configuration: ${var.catalog}, given no value (no default, tfvars file, --var, --var-file or TF_VAR_): terraform plan asks for it; give the values a deployment uses to judge it",
      "kubernetes_manifest.empty_name manifest.spec.imageName: cannot-evaluate: database cluster data/empty_name names no image: its instances run the image the CloudNativePG operator is configured with (POSTGRES_IMAGE_NAME; ghcr.io/cloudnative-pg/postgresql by tag upstream), which is not in this configuration",
      // The catalog's image waits on a variable given no value: Terraform knows it at plan once given.
      "kubernetes_manifest.major_known_at_apply manifest.spec.imageCatalogRef: cannot-evaluate: database cluster data/major_known_at_apply (from ImageCatalog catalog) runs the image ${var.registry}/postgresql:17.6, not known here: ${var.registry}, given no value (no default, tfvars file, --var, --var-file or TF_VAR_): terraform plan asks for it; give the values a deployment uses to judge it",
      "kubernetes_manifest.major_missing manifest.spec.imageCatalogRef: cannot-evaluate: database cluster data/major_missing names no image: its instances run the image for major 15 that ImageCatalog catalog gives, which it does not give here",
      "kubernetes_manifest.pooled manifest.spec.enableConnectionPooler: cannot-evaluate: the connection pooler of postgresql data/pooled: whether it runs, and so its image, depends on ${var.pooled}, not known here: ${var.pooled}, given no value (no default, tfvars file, --var, --var-file or TF_VAR_): terraform plan asks for it; give the values a deployment uses to judge it",
      'kubernetes_manifest.tagged_base manifest.spec.baseImage: violation: Prometheus monitoring/tagged_base: image "quay.io/prometheus/prometheus:v3.5.0" comes from quay.io, not an allowed registry (registry.example.fr)',
    ]);
  });

  it("read each image of Strimzi's version maps, one version=image a line", async () => {
    const policy = allPolicies.filter((each) => each.metadata.id === "k8s-image-allowed-registry");
    const file = join(mkdtempSync(join(tmpdir(), "eds-operator-given-")), "operator.yaml");
    writeFileSync(
      file,
      [
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata: {name: strimzi, namespace: strimzi}",
        "spec:",
        "  selector: {matchLabels: {app: strimzi}}",
        "  template:",
        "    metadata: {labels: {app: strimzi}}",
        "    spec:",
        "      containers:",
        "        - name: operator",
        "          image: registry.example.fr/strimzi/operator:0.48.0",
        "          env:",
        "            - name: STRIMZI_KAFKA_IMAGES",
        "              value: |",
        "                4.0.0=registry.example.fr/strimzi/kafka:0.48.0-kafka-4.0.0",
        "                4.1.0=quay.io/strimzi/kafka:0.48.0-kafka-4.1.0",
        "",
      ].join("\n"),
    );
    const found = await findingsOf({ policyId: "k8s-image-allowed-registry", kind: "fail", name: "strimzi", file }, policy);
    expect(found.map((outcome) => `${outcome.path}: ${outcome.message}`)).toEqual([
      'spec.template.spec.containers[0].env[0].value: container operator\'s STRIMZI_KAFKA_IMAGES, an image the operator runs: image "quay.io/strimzi/kafka:0.48.0-kafka-4.1.0" comes from quay.io, not an allowed registry (registry.example.fr)',
    ]);
  });

  it("say that an environment entry named with a part not known here may give an operator an image, and judge the container's own where it cannot", async () => {
    const policy = allPolicies.filter((each) => each.metadata.id === "k8s-image-allowed-registry");
    const file = join(mkdtempSync(join(tmpdir(), "eds-operator-env-")), "main.tf");
    const deployment = (name: string, env: string) =>
      `resource "kubernetes_deployment_v1" "${name}" {\n  metadata {\n    name      = "${name}"\n    namespace = "apps"\n  }\n  spec {\n    selector {\n      match_labels = { app = "${name}" }\n    }\n    template {\n      metadata {\n        labels = { app = "${name}" }\n      }\n      spec {\n        container {\n          name  = "app"\n          image = "registry.example.fr/app:1.0"\n${env}\n        }\n      }\n    }\n  }\n}`;
    const dynamicEnv = (name: string) =>
      `          dynamic "env" {\n            for_each = var.env\n            content {\n              name  = ${name}\n              value = env.value\n            }\n          }`;
    writeFileSync(
      file,
      [
        'variable "env" {\n  type = map(string)\n}',
        'variable "suffix" {\n  type = string\n}',
        deployment("any_name", dynamicEnv("env.key")),
        deployment(
          "image_name",
          '          env {\n            name  = "RELATED_IMAGE_${var.suffix}"\n            value = "registry.example.fr/db:1.0"\n          }',
        ),
        deployment("prefixed", dynamicEnv('"APP_${env.key}"')),
        // Where the image is not known itself, that is what the finding says first.
        deployment("image_not_known", dynamicEnv("env.key")).replace('"registry.example.fr/app:1.0"', "var.image"),
        'variable "image" {\n  type = string\n}',
        // Where an image fails, the violation stands whatever the entry gives.
        deployment("image_failing", dynamicEnv("env.key")).replace("registry.example.fr/app:1.0", "docker.io/library/app:1.0"),
      ].join("\n"),
    );
    const found = await findingsOf({ policyId: "k8s-image-allowed-registry", kind: "unknown", name: "operator-env", file }, policy);
    const given =
      "given no value (no default, tfvars file, --var, --var-file or TF_VAR_): terraform plan asks for it; give the values a deployment uses to judge it";
    expect(found.map((outcome) => `${outcome.address} ${outcome.path}: ${outcome.status}: ${outcome.message}`)).toEqual([
      `kubernetes_deployment_v1.any_name spec[0].template[0].spec[0].container[0].env[0].name: cannot-evaluate: container app's environment entry 0 is named \${env.key}, not known here: it may be one by which an operator is given an image to run (RELATED_IMAGE_* and the like), not judged: it depends on \${var.env}, ${given}`,
      'kubernetes_deployment_v1.image_failing spec[0].template[0].spec[0].container[0].image: violation: container app: image "docker.io/library/app:1.0" comes from docker.io, not an allowed registry (registry.example.fr)',
      `kubernetes_deployment_v1.image_name spec[0].template[0].spec[0].container[0].env[0].name: cannot-evaluate: container app's environment entry 0 is named RELATED_IMAGE_\${var.suffix}, not known here: it may be one by which an operator is given an image to run (RELATED_IMAGE_* and the like), not judged: \${var.suffix}, ${given}`,
      `kubernetes_deployment_v1.image_not_known spec[0].template[0].spec[0].container[0].image: cannot-evaluate: spec[0].template[0].spec[0].container[0].image is not known here: it depends on \${var.image}, ${given}`,
    ]);
  });

  it("say what a sha256 digest is", async () => {
    expect(await messages("k8s-image-pinned-digest", pod({}, `registry.example.fr/web@sha512:${"a".repeat(128)}`))).toEqual([
      `container c: image "registry.example.fr/web@sha512:${"a".repeat(128)}" has digest "sha512:${"a".repeat(128)}", not a sha256 digest (sha256: and 64 lower-case hexadecimal digits)`,
    ]);
  });

  it("say that the kubelet refuses a digest too short, and that the container never runs", async () => {
    expect(await messages("k8s-image-pinned-digest", pod({}, `registry.example.fr/web@sha256:${"a".repeat(63)}`))).toEqual([
      `container c: image "registry.example.fr/web@sha256:${"a".repeat(63)}" is not a valid image reference: the kubelet refuses it (InvalidImageName), so the container never runs`,
    ]);
  });

  it("say that the API server refuses an image with whitespace around it, before any kubelet", async () => {
    expect(await messages("k8s-image-pinned-digest", pod({}, " registry.example.fr/web:1.0"))).toEqual([
      'container c: image " registry.example.fr/web:1.0" has leading or trailing whitespace: the API server refuses a pod with it, so no pod runs it',
    ]);
  });
});

describe("secretIn", () => {
  it("reads a token a script replaces only as a whole value: text before it is a literal", async () => {
    const { isLiteralSecret, secretIn } = await import("../../policies/lib/secrets");
    expect(isLiteralSecret("@DB_PASSWORD@")).toBe(false);
    expect(isLiteralSecret("Tr0ub4dor@DB_PASSWORD@")).toBe(true);
    expect(secretIn('password: "Tr0ub4dor@DB_PASSWORD@"')).toEqual({ what: "a password or token assignment", key: "password", line: 1 });
  });

  it("finds an XML element named for a secret that holds one as its text, not one holding elements, an interpolation, a path, or another name", async () => {
    const { secretIn } = await import("../../policies/lib/secrets");
    const element = { what: "a password or token element" };
    expect(secretIn("<opnsense>\n  <system>\n    <password>s3cr3t-Pa55word</password>\n")).toEqual({ ...element, key: "password", line: 3 });
    expect(secretIn('<server>\n  <adminPassword type="plain"> Xq7vL2pRk9s </adminPassword>')).toEqual({ ...element, key: "adminPassword", line: 2 });
    expect(secretIn("<settings><servers><server><id>repo</id><apiToken>Xq7vL2pRk9s</apiToken></server></servers></settings>")).toEqual({
      ...element,
      key: "apiToken",
      line: 1,
    });
    for (const text of [
      "<password>${var.ha_password}</password>",
      "<password>\n  <hash>x</hash>\n</password>",
      "<password></password><token/>",
      "<passwordFile>/etc/eds/password</passwordFile>",
      "<token>/var/run/secrets/kubernetes.io/serviceaccount/token</token>",
      "<tokenType>Bearer</tokenType><passwordPolicy>strong</passwordPolicy>",
      "<password>{{ .Values.password }}</password>",
    ])
      expect(secretIn(text), text).toBeUndefined();
  });

  it("finds an assignment on its line, not a key whose value is on the next, nor code that reads it from the environment", async () => {
    const { secretIn } = await import("../../policies/lib/secrets");
    const assignment = { what: "a password or token assignment" };
    expect(secretIn("db_password: not-a-real-one\ndb_host: db.internal")).toEqual({ ...assignment, key: "db_password", line: 1 });
    // A YAML collection closed on its line holds no secret text; an unclosed bracket is text.
    expect(secretIn("claims:\n  id_token: [email, groups]\n  access_token: {} # none\n")).toBeUndefined();
    expect(secretIn("api_token: [Xq7vL2pRk9s\n")).toEqual({ ...assignment, key: "api_token", line: 1 });
    // A line commented out is an example of the setting; a comment after the value is not.
    expect(secretIn("# password: apisecret\n  ; password=apisecret\n// password = apisecret\n")).toBeUndefined();
    expect(secretIn("user: ops\npassword: Xq7vL2pRk9s # the old one\n")).toEqual({ ...assignment, key: "password", line: 2 });
    expect(secretIn("db_password: ${var.db_password}\ndb_host: db.internal")).toBeUndefined();
    expect(secretIn("condor_password: ${var.condor_pass}\ntasks:")).toBeUndefined();
    expect(secretIn("MAPBOX_API_KEY = os.getenv('MAPBOX_API_KEY','')")).toBeUndefined();
    expect(secretIn('redis_password=os.environ["REDIS_PASSWORD"]')).toBeUndefined();
    expect(secretIn("password=env('REDIS_PASSWORD')")).toBeUndefined();
    expect(secretIn("token: process.env.API_TOKEN")).toBeUndefined();
    // A token a start-up script replaces, the whole value; text around it is a literal.
    expect(secretIn('password: "@DB_PASSWORD@"\nuser: app')).toBeUndefined();
    expect(secretIn("password:\n  @DB_PASSWORD@")).toBeUndefined();
    expect(secretIn('password: "@DB@not-a-real-one"')).toEqual({ ...assignment, key: "password", line: 1 });
    expect(secretIn('password: "@N0t4R3alOne@"')).toEqual({ ...assignment, key: "password", line: 1 });
    // JSON's quoted key; not a Python entry point (module:function), a Vault KV path or a kind and a JSON path.
    expect(secretIn('{"user": "app", "password": "not-a-real-one"}')).toEqual({ ...assignment, key: "password", line: 1 });
    expect(secretIn("paste.filter_factory = keystonemiddleware.auth_token:filter_factory")).toBeUndefined();
    expect(secretIn("security:\n  vault:\n    secret: secret/data/dc/cluster1/rs0")).toBeUndefined();
    expect(secretIn('skipJSONPath: ["Secret:/sops"]')).toBeUndefined();
    // But a .properties file's key:value, a base64 secret holding a slash, and a secret of words joined by a dash.
    expect(secretIn("spring.datasource.password:Xk92mPq7Lw")).toEqual({ ...assignment, key: "spring.datasource.password", line: 1 });
    expect(secretIn("aws_secret=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")).toEqual({ ...assignment, key: "aws_secret", line: 1 });
    expect(secretIn("SESSION_SECRET=keyboard-cat")).toEqual({ ...assignment, key: "SESSION_SECRET", line: 1 });
    expect(secretIn("--sops-age-secret=sops-age")).toBeUndefined();
    // Entry points whose attribute is a class's, a Secret named in a reference's syntax, an expression then a word, a
    // value a shell completes.
    expect(secretIn("paste.filter_factory = magnum.api.middleware.auth_token:AuthTokenMiddleware.factory")).toBeUndefined();
    expect(secretIn("paste.filter_factory = heat.api.aws.ec2token:EC2Token_filter_factory")).toBeUndefined();
    expect(secretIn('trait.camel.apache.org/mount.configs: "secret:slack-credentials"')).toBeUndefined();
    expect(secretIn('secret: ["urn:k8s:secret:name:key1"]')).toBeUndefined();
    expect(secretIn('sh -c "VAULT_TOKEN=${old_token} vault token create"')).toBeUndefined();
    expect(secretIn('token="pvc-$(date +%s)-${RANDOM}"')).toBeUndefined();
    expect(secretIn('token="mytoken-$(date +%s)"')).toBeUndefined();
    // But credentials that look like them: .properties keys of credentials, JSON's quoted key, a secret: that is no
    // reference's, a literal after an expression or before one, a password holding a $.
    for (const text of [
      "app.client_secret:Ab_Cd_123",
      "db.admin_password:summer_time",
      "spring.security.oauth2.client.registration.github.client-secret:Abc_123def",
      '{"client_secret":"abc-def-ghi-jkl"}',
      '{"secret":"abc-def-ghi-jkl"}',
      "JWT_SECRET:my-jwt-signing-key-2024",
      "password=${x}Hunter2024",
      "password=abcd${x}",
      "password=Pa5s$word",
      "requirepass ${x}abcd",
    ])
      expect(secretIn(text), text).toBeDefined();
    // An expression alone as a cloud-init password, on the last line.
    expect(secretIn("#cloud-config\nusers:\n  - name: app\n    passwd: ${hash}")).toBeUndefined();
    // An Authorization header's credentials written out, not one that reads them or names its scheme alone.
    const header = { what: "an authorization header", line: 2 };
    expect(secretIn('#!/bin/sh\ncurl -H "Authorization: Bearer not-a-real-token" https://api.example.fr')).toEqual(header);
    expect(secretIn("#!/bin/sh\ncurl -H 'authorization: Basic ZXhhbXBsZTpvbmx5' https://api.example.fr")).toEqual(header);
    expect(secretIn('curl -H "Authorization: Bearer $API_TOKEN" https://api.example.fr')).toBeUndefined();
    expect(secretIn('curl -H "Authorization: Bearer ${var.token}" https://api.example.fr')).toBeUndefined();
    expect(secretIn("Authorization: Negotiate")).toBeUndefined();
    expect(secretIn('{"Accept": "application/json", "Authorization": "Bearer not-a-real-token"}')).toEqual({ ...header, line: 1 });
    // A URL's userinfo holds a password (RFC 3986, 3.2.1), unless it is a reference to one.
    expect(secretIn("url: postgres://app:example-only@db:5432/app")).toEqual({ what: "a password in a URL", line: 1 });
    expect(secretIn("redis://:example-only@cache:6379/0")).toEqual({ what: "a password in a URL", line: 1 });
    expect(secretIn("postgres://app:$(DB_PASSWORD)@db:5432/app")).toBeUndefined();
    expect(secretIn("postgres://app@db:5432/app https://user:@host/")).toBeUndefined();
    expect(secretIn("see https://example.fr:8443/path@v2")).toBeUndefined();
    // The userinfo ends before a query or a fragment; a line commented out, a placeholder and a mask hold none; a
    // password may start with a percent-encoded character.
    expect(secretIn("dsn: smtp://mail.example.fr:25?from=eds@example.fr")).toBeUndefined();
    expect(secretIn("https://h:8443#notify=ops@example.fr")).toBeUndefined();
    expect(secretIn("[database]\n# Example: mysql://user:secret@host:port/database\n; url = postgres://u:example-only@db/app")).toBeUndefined();
    expect(secretIn("postgres://app:<password>@db/app postgres://app:****@db/app")).toBeUndefined();
    expect(secretIn("postgres://app:%25example-only@db/app")).toEqual({ what: "a password in a URL", line: 1 });
    expect(secretIn("[database]\nurl = postgres://app:example-only@db/app")).toEqual({ what: "a password in a URL", line: 2 });
    // libpq reads the password up to the @ before the first /, ? and # included; a variable or a format field is none.
    expect(secretIn("postgresql://app:Xk#9?pLm2@db/app")).toEqual({ what: "a password in a URL", line: 1 });
    expect(secretIn('sh -c "psql postgresql://app:$DB_PASSWORD@db/app"')).toBeUndefined();
    expect(secretIn("url = f'postgresql://{user}:{password}@{host}/app'")).toBeUndefined();
    // A chart's template action is no literal, after a key named like a secret as in a URL; nor is code that computes
    // the secret, nor nsswitch.conf's sources.
    expect(secretIn("password: {{ .Values.db.password }}")).toBeUndefined();
    expect(secretIn("DOCKER_PASSWORD=`aws ecr get-login-password`")).toBeUndefined();
    expect(secretIn("token = f.read().strip()")).toBeUndefined();
    expect(secretIn("password = keyring.get_password(SERVICE, USER)")).toBeUndefined();
    expect(secretIn("password = base64.b64decode(os.environ['DB_PASSWORD_B64'])")).toBeUndefined();
    expect(secretIn("passwd:     files compat\ngroup: files")).toBeUndefined();
    // A parenthesis inside a password is no call; digits then # then no parameters are no port.
    expect(secretIn("password = aB3x(9Kq!zT")).toEqual({ ...assignment, key: "password", line: 1 });
    expect(secretIn("postgres://app:2024#Winter!x@db/app")).toEqual({ what: "a password in a URL", line: 1 });
    // A $ opens a shell variable, in lower case too ($pass); a template's action is one as well.
    expect(secretIn("sh -c 'pass=$(cat /run/secrets/db); psql postgresql://app:$pass@db/app'")).toBeUndefined();
    expect(secretIn("postgres://app:{{ .password }}@db/app")).toBeUndefined();
    // libpq's variable set before the command it runs.
    expect(secretIn("PGPASSWORD=example-only psql -h db -U app")).toEqual({ ...assignment, key: "PGPASSWORD", line: 1 });
    expect(secretIn("password = hunter2-not-real")).toEqual({ ...assignment, key: "password", line: 1 });
    // A literal merely encoded is a literal; only reads from the environment are code.
    expect(secretIn('DB_PASSWORD = base64.b64decode("bm90LWEtcmVhbC1vbmU=")')).toEqual({ ...assignment, key: "DB_PASSWORD", line: 1 });
    // YAML: a plain scalar on the next line, indented further, is the key's value; a list or a map there is not.
    expect(secretIn("database:\n  password:\n    not-a-real-one")).toEqual({ ...assignment, key: "password", line: 2 });
    expect(secretIn("database:\n  password:\n  host: db.internal")).toBeUndefined();
    expect(secretIn("password:\n  existingSecret: db")).toBeUndefined();
    expect(secretIn("password:\n  - a\n  - b")).toBeUndefined();
  });

  it("names the key and the line of what it finds, counting the lines an interpolation spans, and never the value", async () => {
    const { secretInText } = await import("../../policies/lib/secrets");
    const text = '#!/bin/sh\nuser="${join(",",\n  var.users)}"\ncurl --data-urlencode \'password=guacadmin\' https://bastion.example.fr\n';
    expect(secretInText(text, "the user data")).toBe("a password or token assignment (key password, line 4 of the user data)");
    expect(secretInText("#cloud-config\nusers:\n  - name: a\n    hashed_passwd: $6$abc\n", "the user data")).toBe(
      "a cloud-init password (key hashed_passwd, line 4 of the user data)",
    );
    expect(secretInText("#cloud-config\nchpasswd:\n  list: root:x\n", "the user data")).toBe("a chpasswd list (line 2 of the user data)");
    // chpasswd sets passwords by its list (block or flow style), not by `expire` alone; a Secret's key reference is none.
    expect(secretInText("#cloud-config\nchpasswd:\n  expire: false\n\n  list: |\n    root:x1y2\n", "the user data")).toBe(
      "a chpasswd list (line 2 of the user data)",
    );
    expect(secretInText('#cloud-config\nchpasswd: {expire: false, list: ["root:x1y2"]}\n', "the user data")).toBe("a chpasswd list (line 2 of the user data)");
    expect(secretInText("#cloud-config\nchpasswd:\n  expire: false\nusers:\n  - name: a\n    list: b\n", "the user data")).toBeUndefined();
    expect(secretInText('#!/bin/sh\necho "root:x1y2" | sudo chpasswd\n', "the user data")).toBe("a password piped to chpasswd (line 2 of the user data)");
    expect(secretInText('echo "$USER:$PASS" | chpasswd', "the value")).toBeUndefined();
    expect(secretInText("printf 'root:x1y2\\n' | chpasswd", "the value")).toBe("a password piped to chpasswd");
    expect(secretInText('chpasswd <<< "root:x1y2"', "the value")).toBe("a password piped to chpasswd");
    expect(secretInText('chpasswd <<< "$ROOT:$PASS"', "the value")).toBeUndefined();
    expect(secretInText("MINIO_SECRET_KEY: not-a-real-key", "the value")).toBe("a password or token assignment (key MINIO_SECRET_KEY)");
    expect(secretInText("secretKeyRef: db-credentials", "the value")).toBeUndefined();
    // The key of a Secret named beside it; either line ending, and comments, in a chpasswd block; a docstring's word.
    expect(secretInText("existingSecret: db\nsecretKey: password\n", "the value")).toBeUndefined();
    expect(secretInText("#cloud-config\r\nchpasswd:\r\n  list: |\r\n    root:x1y2\r\n", "the user data")).toBe("a chpasswd list (line 2 of the user data)");
    expect(secretInText("#cloud-config\nchpasswd:\n# set below\n  list: |\n    root:x1y2\n", "the user data")).toBe(
      "a chpasswd list (line 2 of the user data)",
    );
    expect(secretInText("minio_secret_key: Required (no default)", "the value")).toBeUndefined();
    // Python's None, YAML's null: no value.
    expect(secretInText("def sync(minio_secret_key=None, password=null):", "the value")).toBeUndefined();
    expect(secretInText("API_TOKEN=not-a-real-token", "the value")).toBe("a password or token assignment (key API_TOKEN)");
    expect(secretInText("x\n-----BEGIN PRIVATE KEY-----\nAAA", "the file")).toBe("a private key (line 2 of the file)");
    // A directive and its value, as redis.conf and keepalived.conf write them; commented out, or an interpolation, none.
    expect(secretInText('#!/bin/sh\necho "requirepass not-a-real-one" >> /etc/redis/redis.conf\n', "the user data")).toBe(
      "a password directive (key requirepass, line 2 of the user data)",
    );
    expect(secretInText("vrrp_instance VI_1 {\n  authentication {\n    auth_pass not-real\n  }\n}\n", "the file")).toBe(
      "a password directive (key auth_pass, line 3 of the file)",
    );
    expect(secretInText("# requirepass foobared\nmasterauth ${var.auth}\n", "the file")).toBeUndefined();
    // What the application or a tool fills in: Home Assistant's and recyclarr's tags, argocd-vault-plugin's placeholder.
    for (const filled of ["password: !secret influxdb_password", "api_key: !env_var SONARR_API_KEY", "db:\n  password: <path:kv/data/app#password>"])
      expect(secretInText(filled, "the file"), filled).toBeUndefined();
    expect(secretInText("password: !Tr0ub4dor-and-more", "the file")).toBe("a password or token assignment (key password)");
    // Vault's root token ID is the token, in a script or an .env file as in an environment variable.
    expect(secretInText("VAULT_DEV_ROOT_TOKEN_ID=example-root-token\n", "the file")).toBe(
      "a password or token assignment (key VAULT_DEV_ROOT_TOKEN_ID, line 1 of the file)",
    );
    expect(secretInText("sed -i 's/^# requirepass .*/requirepass not-a-real-one/' /etc/redis/redis.conf", "the file")).toBe(
      "a password directive (key requirepass)",
    );
    for (const prose of ["grep -q requirepass /etc/redis/redis.conf", 'echo "set requirepass before starting"', "  ! auth_pass commented-out"])
      expect(secretInText(prose, "the file"), prose).toBeUndefined();
  });

  it("takes a value made only of template actions for no literal, unless an action writes a quoted string", async () => {
    const { isLiteralSecret } = await import("../../policies/lib/secrets");
    for (const rendered of [
      "{{ .password }}",
      " {{ .token | b64dec }} ",
      // References another tool fills in: envsubst's variables, Terraform's escaped ${X}, Grafana's expansion.
      "$db_password",
      "$${DEX_CLIENT_SECRET}",
      "$__env{GF_SECRET}",
      // The OpenTelemetry Collector's configuration providers.
      "${env:OTELCOL_PASSWORD}",
      "$${env:OTELCOL_PASSWORD}",
      "${file:/etc/otelcol/password}",
      // argocd-vault-plugin's placeholders.
      "<path:secret/data/database#password>",
      "<path:kv/data/app#token | base64encode>",
      "{{`{{ .token }}`}}",
      "{{.a}}{{.b}}",
      "${var.x}",
      '{{ index . "db-password" }}',
      '{{ .token | default "" }}',
      // Kyverno's variables: a JMESPath expression whose raw string may hold braces (a generate rule's random value).
      "{{ random('[0-9a-f]{128}') }}",
      "{{ request.object.metadata.name }}",
    ])
      expect(isLiteralSecret(rendered), rendered).toBe(false);
    for (const written of [
      '{{ "pw" }}',
      '{{ .x | default "pw" }}',
      "{{ `pw` }}",
      '{{ printf "%s" "pw" }}',
      "pw-{{ .suffix }}",
      "not-a-real-password",
      "$ecret2024",
    ])
      expect(isLiteralSecret(written), written).toBe(true);
  });
});

describe("flags and paths", () => {
  const at = { value: undefined, path: "x" };

  it("requireFlag: unset and the wrong value fail, an interpolation passes", () => {
    expect(requireFlag("container app", "read_only_root_filesystem", at, true)).toEqual({
      message: "container app: read_only_root_filesystem is unset, must be true",
      path: "x",
    });
    expect(requireFlag("c", "f", { value: "false", path: "x" }, false)).toBeUndefined();
    expect(requireFlag("c", "f", { value: true, path: "x" }, false)?.message).toBe("c: f is true, must be false");
    expect(requireFlag("c", "f", { value: "${var.on}", path: "x" }, true)).toBeUndefined();
  });

  it("forbidFlag: only a literal true fails", () => {
    expect(forbidFlag("pod", "host_network", { value: "true", path: "x" })).toEqual({ message: "pod: host_network is true", path: "x" });
    expect(forbidFlag("pod", "host_network", at)).toBeUndefined();
    expect(forbidFlag("pod", "host_network", { value: "${var.on}", path: "x" })).toBeUndefined();
  });

  it("keyPath quotes keys that are not plain names", () => {
    expect(keyPath("data", "password")).toBe("data.password");
    expect(keyPath("metadata[0].labels", "pod-security.kubernetes.io/enforce")).toBe('metadata[0].labels["pod-security.kubernetes.io/enforce"]');
  });

  it("selectsEverything: an empty selector only, never one whose labels are known only at apply", () => {
    expect(selectsEverything(undefined)).toBe(true);
    expect(selectsEverything([{}])).toBe(true);
    expect(selectsEverything([{ match_labels: {} }])).toBe(true);
    expect(selectsEverything([{ match_labels: { app: "web" } }])).toBe(false);
    expect(selectsEverything([{ match_expressions: [{ key: "app", operator: "Exists", values: [] }] }])).toBe(false);
    expect(selectsEverything([{ match_labels: "${var.labels}" }])).toBe(false);
  });

  it("shown", () => {
    expect(shown(undefined)).toBe("unset");
    expect(shown(["NET_RAW"])).toBe('["NET_RAW"]');
    // A value a function made huge (setproduct of ranges) is shown by its beginning, not whole in every report.
    const huge = Array.from({ length: 100_000 }, (_, i) => [i, i]);
    expect(shown(huge)).toBe(`${JSON.stringify(huge).slice(0, 120)}… (${JSON.stringify(huge).length} characters)`);
    expect(shown("x".repeat(118))).toBe(JSON.stringify("x".repeat(118)));
  });
});

describe("containers and their settings", () => {
  const pod = resource("kubernetes_pod_v1", "p", {
    metadata: { name: "p" },
    spec: {
      container: [{ name: "app", security_context: { capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] } } }],
      init_container: { name: "setup", security_context: [{ capabilities: "${var.caps}" }] },
    },
  });

  it("reads blocks written as objects or arrays, and capability lists with their paths", () => {
    const [app, setup] = containers(pod);
    expect(app?.label).toBe("container app");
    expect(setup?.label).toBe("init container setup");
    expect(capabilityList(app!, "add")).toEqual({
      value: ["NET_BIND_SERVICE"],
      items: ["NET_BIND_SERVICE"],
      path: "spec[0].container[0].security_context[0].capabilities[0].add",
    });
    expect(capabilityList(setup!, "drop")).toMatchObject({ value: "${var.caps}", items: [] });
  });

  it("eachContainer flattens single, listed and missing violations", () => {
    const check = eachContainer((container) =>
      container.label === "container app" ? [{ message: "one" }, undefined, { message: "two" }] : { message: "three" },
    );
    const context = { graph: new ResourceGraph({ stack: "test", files: [], resources: [pod], providers: [] }), settings: fixtureSettings };
    expect(check(pod, context).map((v) => v.message)).toEqual(["one", "two", "three"]);
  });
});

describe("names through references", () => {
  const namespace = resource("kubernetes_namespace_v1", "apps", { metadata: [{ name: "apps" }] });
  const unnamed = resource("kubernetes_namespace_v1", "dyn", { metadata: [{ name: "${var.name}" }] });
  const inApps = resource("kubernetes_service_v1", "a", { metadata: [{ namespace: "${kubernetes_namespace_v1.apps.metadata[0].name}" }] });
  const literal = resource("kubernetes_service_v1", "b", { metadata: [{ namespace: "ingress" }] });
  const none = resource("kubernetes_service_v1", "c", { metadata: [{ name: "c" }] });
  const dynamic = resource("kubernetes_service_v1", "d", { metadata: [{ namespace: "${kubernetes_namespace_v1.dyn.metadata[0].name}" }] });
  const variable = resource("kubernetes_service_v1", "e", { metadata: [{ namespace: "${var.namespace}" }] });
  const graph = new ResourceGraph({ stack: "test", files: [], resources: [namespace, unnamed, inApps, literal, none, dynamic, variable], providers: [] });

  it("namespaceOf follows references, defaults to default, and gives up on unknowns", () => {
    expect([inApps, literal, none, dynamic, variable].map((service) => namespaceOf(service, graph))).toEqual([
      "apps",
      "ingress",
      "default",
      undefined,
      undefined,
    ]);
  });

  it("resolvedName gives the name of a declared resource of the given types, or a value another block gives at plan", () => {
    expect(resolvedName("${kubernetes_namespace_v1.apps.metadata[0].name}", inApps, graph, ["kubernetes_namespace_v1"])).toBe("apps");
    expect(resolvedName("cluster-admin", inApps, graph, [])).toBe("cluster-admin");
    // The object a kubernetes_resource data source reads is the one it names (the provider gives none otherwise, and
    // Terraform refuses the plan); what the cluster holds in it, and a name given by a variable, are not known here.
    const lookup = (name: string, values: Record<string, unknown>): TfResource => ({
      ...resource("kubernetes_resource", name, values),
      address: `data.kubernetes_resource.${name}`,
      mode: "data",
    });
    const admin = lookup("admin", { api_version: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: [{ name: "cluster-admin" }] });
    const named = lookup("named", { api_version: "v1", kind: "ConfigMap", metadata: [{ name: "${var.name}", namespace: "apps" }] });
    const withData = new ResourceGraph({ stack: "test", files: [], resources: [namespace, admin, named], providers: [] });
    const types = ["kubernetes_cluster_role_v1"];
    expect(resolvedName("${data.kubernetes_resource.admin.object.metadata.name}", inApps, withData, types)).toBe("cluster-admin");
    expect(resolvedName("${data.kubernetes_resource.admin.object.rules}", inApps, withData, types)).toBeUndefined();
    expect(resolvedName("${data.kubernetes_resource.named.object.metadata.name}", inApps, withData, types)).toBeUndefined();
    expect(resolvedName("${data.kubernetes_resource.named.object.metadata.namespace}", inApps, withData, types)).toBeUndefined();
    // A name Terraform knows at plan is the name, whichever block gives it.
    expect(resolvedName("${kubernetes_namespace_v1.apps.metadata[0].name}", inApps, withData, types)).toBe("apps");
    expect(resolvedName("${kubernetes_namespace_v1.apps.id}", inApps, withData, types)).toBeUndefined();
  });
});

describe("label selectors (apimachinery LabelSelectorAsSelector)", () => {
  const selector = (matchLabels: Record<string, string>, ...expressions: [string, string, string[]][]): Selector => ({
    matchLabels,
    expressions: expressions.map(([key, operator, values]) => ({ key, operator, values })),
  });
  const web = { app: "web", tier: "front" };

  it("matches: every label of matchLabels and every expression, each operator as Kubernetes reads it", () => {
    expect(matches(selector({ app: "web" }), web)).toBe(true);
    expect(matches(selector({ app: "api" }), web)).toBe(false);
    expect(matches(selector({ app: "web", zone: "a" }), web)).toBe(false);
    expect(matches(selector({ app: "web" }, ["tier", "In", ["back"]]), web)).toBe(false);
    expect(matches(selector({}, ["tier", "In", ["front", "back"]]), web)).toBe(true);
    expect(matches(selector({}, ["zone", "In", ["a"]]), web)).toBe(false);
    expect(matches(selector({}, ["tier", "NotIn", ["back"]]), web)).toBe(true);
    expect(matches(selector({}, ["tier", "NotIn", ["front"]]), web)).toBe(false);
    // NotIn selects the labels that lack the key.
    expect(matches(selector({}, ["zone", "NotIn", ["a"]]), web)).toBe(true);
    expect(matches(selector({}, ["tier", "Exists", []]), web)).toBe(true);
    expect(matches(selector({}, ["zone", "Exists", []]), web)).toBe(false);
    expect(matches(selector({}, ["zone", "DoesNotExist", []]), web)).toBe(true);
    expect(matches(selector({}, ["tier", "DoesNotExist", []]), web)).toBe(false);
    // An operator Kubernetes does not know makes no selector: it selects nothing.
    expect(matches(selector({}, ["tier", "Equals", ["front"]]), web)).toBe(false);
    expect(matches(selector({}, ["tier", "Exists", []], ["zone", "Exists", []]), web)).toBe(false);
    // A label key is only what the map holds, never a property every object has.
    expect(matches(selector({}, ["constructor", "Exists", []]), web)).toBe(false);
  });

  it("literalLabels: a literal map, or undefined when the map, a key or a value is known only at apply", () => {
    expect(literalLabels({ app: "web" })).toEqual({ app: "web" });
    expect(literalLabels([{ app: "web" }])).toEqual({ app: "web" });
    expect(literalLabels(undefined)).toEqual({});
    expect(literalLabels("${var.labels}")).toBeUndefined();
    expect(literalLabels({ app: "${var.app}" })).toBeUndefined();
    expect(literalLabels({ "${var.key}": "web" })).toBeUndefined();
  });

  it("selectorOf reads match_labels and match_expressions blocks; 'unknown' when a part is known only at apply", () => {
    expect(selectorOf([{ match_labels: { app: "web" }, match_expressions: [{ key: "tier", operator: "In", values: ["front"] }] }])).toEqual(
      selector({ app: "web" }, ["tier", "In", ["front"]]),
    );
    expect(selectorOf(undefined)).toEqual(selector({}));
    expect(selectorOf("${var.selector}")).toBe("unknown");
    expect(selectorOf(["${var.selector}"])).toBe("unknown");
    expect(selectorOf([{ match_labels: "${var.labels}" }])).toBe("unknown");
    expect(selectorOf([{ match_expressions: "${var.expressions}" }])).toBe("unknown");
    for (const expression of [
      { key: "${var.key}", operator: "In", values: ["front"] },
      { key: "tier", operator: "${var.operator}", values: ["front"] },
      { key: "tier", operator: "In", values: ["front", "${var.tier}"] },
    ])
      expect(selectorOf([{ match_expressions: [expression] }]), JSON.stringify(expression)).toBe("unknown");
  });

  it("apiSelectorOf reads matchLabels and matchExpressions; 'unknown' when a part is not a literal", () => {
    expect(apiSelectorOf({ matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "NotIn", values: ["back"] }] })).toEqual(
      selector({ app: "web" }, ["tier", "NotIn", ["back"]]),
    );
    expect(apiSelectorOf({})).toEqual(selector({}));
    expect(apiSelectorOf("${var.selector}")).toBe("unknown");
    expect(apiSelectorOf({ matchExpressions: "${var.expressions}" })).toBe("unknown");
    expect(apiSelectorOf({ matchExpressions: [{ key: "tier", operator: "In", values: "${var.tiers}" }] })).toBe("unknown");
  });

  it("selectsEverything: no selector known only at apply selects everything", () => {
    expect(selectsEverything([{ match_expressions: "${var.expressions}" }])).toBe(false);
    expect(selectsEverything(["${var.selector}"])).toBe(false);
  });
});

describe("containerDefaults: what a namespace's LimitRanges give a container at admission", () => {
  const workload = (namespace: unknown) => resource("kubernetes_deployment_v1", "web", { metadata: [{ name: "web", namespace }] });
  const limitRange = (name: string, namespace: unknown, limit: unknown, mode: "managed" | "data" = "managed"): TfResource => ({
    ...resource("kubernetes_limit_range_v1", name, { metadata: [{ name, namespace }], spec: [{ limit }] }),
    mode,
  });
  const defaultsOf = (namespace: unknown, ...ranges: TfResource[]) => {
    const app = workload(namespace);
    return containerDefaults(app, new ResourceGraph({ stack: "test", files: [], resources: [...ranges, app], providers: [] }));
  };

  it("defaults a Container item as the API does: the limit from default, else max; the request from default_request, else the limit, else min", () => {
    const item = {
      type: "Container",
      max: { cpu: "2", memory: "1Gi" },
      default: { cpu: "1" },
      min: { cpu: "100m", "ephemeral-storage": "1Gi" },
      default_request: { memory: "512Mi" },
    };
    expect(defaultsOf("apps", limitRange("limits", "apps", [item]))).toEqual({
      limit: { cpu: "1", memory: "1Gi" },
      request: { cpu: "1", memory: "512Mi", "ephemeral-storage": "1Gi" },
    });
  });

  it("takes, within one LimitRange, the last Container item that gives a resource; across LimitRanges, the first", () => {
    const items = [
      { type: "Container", default: { cpu: "1", memory: "1Gi" }, default_request: { memory: "256Mi" } },
      { type: "Pod", max: { cpu: "4" } },
      { type: "Container", default: { cpu: "2" } },
    ];
    expect(defaultsOf("apps", limitRange("limits", "apps", items))).toEqual({
      limit: { cpu: "2", memory: "1Gi" },
      request: { cpu: "2", memory: "256Mi" },
    });
    const first = limitRange("first", "apps", [{ type: "Container", default: { cpu: "1" } }]);
    const second = limitRange("second", "apps", [{ type: "Container", default: { cpu: "2", memory: "1Gi" } }]);
    expect(defaultsOf("apps", first, second)).toEqual({ limit: { cpu: "1", memory: "1Gi" }, request: { cpu: "1", memory: "1Gi" } });
  });

  it("reads only the managed LimitRanges of the workload's namespace, and only their Container items", () => {
    const apps = limitRange("limits", "apps", [{ type: "Container", default: { cpu: "1" } }]);
    expect(defaultsOf("web", apps)).toBeUndefined();
    expect(defaultsOf("apps", limitRange("limits", "apps", [{ type: "Container", default: { cpu: "1" } }], "data"))).toBeUndefined();
    expect(defaultsOf("apps", limitRange("limits", "apps", [{ type: "Pod", max: { cpu: "1" } }]))).toBeUndefined();
    expect(defaultsOf("apps", limitRange("pods", "apps", [{ type: "Pod", max: { cpu: "1" } }]), apps)).toEqual({
      limit: { cpu: "1" },
      request: { cpu: "1" },
    });
  });

  it("is 'unknown' when a namespace, or what a LimitRange of the workload's namespace gives, is known only at apply", () => {
    const apps = limitRange("limits", "apps", [{ type: "Container", default: { cpu: "1" } }]);
    expect(defaultsOf("${var.namespace}", apps)).toBe("unknown");
    expect(defaultsOf("${var.namespace}")).toBeUndefined();
    expect(defaultsOf("web", apps, limitRange("elsewhere", "${var.namespace}", [{ type: "Container", default: { cpu: "1" } }]))).toBe("unknown");
    const unknownLimits = [
      "${var.limits}",
      [{ type: "${var.type}" }, { type: "Container", default: { cpu: "1" } }],
      ...["max", "default", "min", "default_request"].map((field) => [{ type: "Container", [field]: "${var.resources}" }, { type: "Container" }]),
    ];
    for (const limit of unknownLimits) {
      expect(defaultsOf("apps", limitRange("unknown", "apps", limit)), JSON.stringify(limit)).toBe("unknown");
      // Whichever the lister gives first, the namespace's defaults are not known.
      expect(defaultsOf("apps", apps, limitRange("unknown", "apps", limit)), JSON.stringify(limit)).toBe("unknown");
      expect(defaultsOf("apps", limitRange("unknown", "apps", limit), apps), JSON.stringify(limit)).toBe("unknown");
    }
    const unknownSpec = { ...resource("kubernetes_limit_range_v1", "spec", { metadata: [{ name: "spec", namespace: "apps" }], spec: "${var.spec}" }) };
    expect(defaultsOf("apps", unknownSpec)).toBe("unknown");
  });

  it("is not 'unknown' for a namespace known only at apply when the LimitRange gives no container a default", () => {
    const givingNothing = [[{ type: "Pod", max: { cpu: "1" } }], [{ type: "Container", max_limit_request_ratio: { cpu: "4" } }], []];
    for (const limit of givingNothing) {
      expect(defaultsOf("web", limitRange("elsewhere", "${var.namespace}", limit)), JSON.stringify(limit)).toBeUndefined();
      expect(defaultsOf("${var.namespace}", limitRange("apps", "apps", limit)), JSON.stringify(limit)).toBeUndefined();
    }
    expect(
      defaultsOf("web", limitRange("elsewhere", "${var.namespace}", [{ type: "Container", max_limit_request_ratio: { cpu: "${var.ratio}" } }])),
    ).toBeUndefined();
  });
});

describe("auditLevel: the level of the first audit rule a request matches (audit.k8s.io/v1 PolicyRule)", () => {
  const [secretRead, bindingChange] = securityRequests as [AuditedRequest, AuditedRequest];
  it("takes the first rule every filter of which matches, None when none does", () => {
    const rules = [
      { level: "None", users: ["system:kube-proxy"] },
      { level: "None", namespaces: ["kube-system"] },
      { level: "None", nonResourceURLs: ["/healthz"] },
      { level: "Request", userGroups: ["system:authenticated"], verbs: ["get", "list"], resources: [{ group: "", resources: ["secrets", "configmaps"] }] },
      { level: "Metadata", resources: [{ group: "rbac.authorization.k8s.io" }] },
    ];
    expect(auditLevel(rules, secretRead)).toBe("Request");
    expect(auditLevel(rules, bindingChange)).toBe("Metadata");
    expect(auditLevel(rules.slice(0, 3), secretRead)).toBe("None");
    expect(auditLevel([{ level: "None", verbs: ["*"], resources: [{ group: "", resources: ["*"] }] }, { level: "Metadata" }], secretRead)).toBe("None");
    expect(auditLevel([{ level: "Metadata", userGroups: ["system:masters"] }], bindingChange)).toBe("None");
    // A rule for one named secret records reads of that one only.
    expect(
      auditLevel([{ level: "Metadata", resources: [{ group: "", resources: ["secrets"], resourceNames: ["unused"] }] }, { level: "None" }], secretRead),
    ).toBe("None");
  });
});

describe("policies that read a value only where their verdict needs it", () => {
  /** The findings of one policy on a Terraform file, through the engine (which makes a read of an unknown value not evaluable). */
  const findings = async (policyId: string, text: string) => {
    const file = join(mkdtempSync(join(tmpdir(), "eds-reads-")), "main.tf");
    writeFileSync(file, text);
    const policy = allPolicies.filter((each) => each.metadata.id === policyId);
    return (await findingsOf({ policyId, kind: "pass", name: "reads", file }, policy)).map((outcome) => outcome.status);
  };
  const deployment = (namespace: string, limits: string) => `variable "namespace" {
  type = string
}
resource "kubernetes_deployment_v1" "web" {
  metadata {
    name      = "web"
    namespace = ${namespace}
  }
  spec {
    selector {
      match_labels = { app = "web" }
    }
    template {
      metadata {
        labels = { app = "web" }
      }
      spec {
        container {
          name  = "web"
          image = "registry.example.fr/web@sha256:${"0".repeat(64)}"
          resources {
            limits = ${limits}
          }
        }
      }
    }
  }
}
`;

  it("no policy reads a container's name for its verdict: one given by a variable with no value is named as written, not a reason to judge nothing", async () => {
    const text = deployment('"apps"', '{ cpu = "500m", memory = "256Mi" }')
      .replace('name  = "web"', "name  = var.name")
      .replace(
        "          resources {",
        '          env {\n            name  = "MODE"\n            value = "prod"\n          }\n          liveness_probe {\n            http_get {\n              port = 8080\n            }\n          }\n          resources {',
      );
    const file = join(mkdtempSync(join(tmpdir(), "eds-container-name-")), "main.tf");
    writeFileSync(file, `variable "name" {\n  type = string\n}\n${text}`);
    const judged = ["k8s-image-no-latest-tag", "k8s-image-pinned-digest", "k8s-lsm-confinement-kept", "k8s-no-probe-host", "k8s-drop-all-capabilities"];
    const found = await findingsOf(
      { policyId: "k8s-no-probe-host", kind: "pass", name: "container-name", file },
      allPolicies.filter((each) => judged.includes(each.metadata.id)),
    );
    expect(found.map((outcome) => `${outcome.policyId} ${outcome.status}: ${outcome.message}`)).toEqual([
      'k8s-drop-all-capabilities violation: container ${var.name}: capabilities.drop is unset, must contain "ALL"',
    ]);
  });

  it("k8s-resource-limits reads a workload's namespace only for a limit it leaves unset", async () => {
    expect(await findings("k8s-resource-limits", deployment("var.namespace", '{ cpu = "500m", memory = "256Mi" }'))).toEqual([]);
    expect(await findings("k8s-resource-limits", deployment("var.namespace", '{ cpu = "500m" }'))).toEqual(["violation"]);
  });

  it("k8s-image-allowed-registry judges the registry of an image whose tag is known only at apply", async () => {
    const withImage = (image: string) => deployment('"apps"', '{ cpu = "500m", memory = "256Mi" }').replace(/image = "[^"]*"/, `image = "${image}"`);
    const cases = {
      "registry.example.fr/web:${var.namespace}": [],
      "registry.example.fr:5000/web@${var.namespace}": [],
      "docker.io/web:${var.namespace}": ["violation"],
      "team/web:${var.namespace}": ["violation"],
      // The registry is the interpolation's, or ends after it: not known.
      "${var.namespace}/web:1.0": ["cannot-evaluate"],
      "registry.example.fr${var.namespace}/web:1.0": ["cannot-evaluate"],
      "web:${var.namespace}": ["cannot-evaluate"],
      // A template directive decides the registry as an interpolation does: the text before it is all that is known.
      '%{if var.namespace == "apps"}registry.example.fr%{else}registry.example.fr:5000%{endif}/web:1.0': ["cannot-evaluate"],
    };
    for (const [image, expected] of Object.entries(cases)) expect(await findings("k8s-image-allowed-registry", withImage(image)), image).toEqual(expected);
  });

  it("the image policies read the spec of an object only of a kind that runs images", async () => {
    const pdb = `variable "namespace" {
  type = string
}
resource "kubernetes_manifest" "pdb" {
  manifest = {
    apiVersion = "policy/v1"
    kind       = "PodDisruptionBudget"
    metadata   = { name = "web", namespace = var.namespace }
    spec       = { minAvailable = 1, selector = { matchLabels = { app = "web" } } }
  }
}
`;
    for (const policyId of ["k8s-image-allowed-registry", "k8s-image-no-latest-tag", "k8s-image-pinned-digest"])
      expect(await findings(policyId, pdb), policyId).toEqual([]);
  });

  it("the image policies read no spec of a kind that runs no image, even one known only at apply", async () => {
    const pdb = `variable "spec" {}
resource "kubernetes_manifest" "pdb" {
  manifest = {
    apiVersion = "policy/v1"
    kind       = "PodDisruptionBudget"
    metadata   = { name = "web", namespace = "apps" }
    spec       = var.spec
  }
}
`;
    for (const policyId of ["k8s-image-allowed-registry", "k8s-image-no-latest-tag", "k8s-image-pinned-digest"])
      expect(await findings(policyId, pdb), policyId).toEqual([]);
  });
});

describe("the words and places of findings on what the API server or an operator makes", () => {
  const found = async (policyId: string, text: string) => {
    const file = join(mkdtempSync(join(tmpdir(), "eds-words-")), "main.tf");
    writeFileSync(file, text);
    const policy = allPolicies.filter((each) => each.metadata.id === policyId);
    return (await findingsOf({ policyId, kind: "fail", name: "words", file }, policy)).map((outcome) => `${outcome.path}: ${outcome.message}`);
  };

  it("k8s-no-host-ports says a port of a pod on the host's network is published by the API server, not by a written host port", async () => {
    const pod = `resource "kubernetes_pod_v1" "agent" {
  metadata {
    name      = "agent"
    namespace = "apps"
  }
  spec {
    host_network = true
    container {
      name  = "agent"
      image = "registry.example.fr/agent@sha256:${"0".repeat(64)}"
      port {
        container_port = 9100
      }
      port {
        container_port = 9200
        host_port      = 9300
      }
    }
  }
}
`;
    expect(await found("k8s-no-host-ports", pod)).toEqual([
      "spec[0].container[0].port[0].host_port: container agent: container port 9100 is published on host port 9100 (the pod uses the host's network, where the API server sets the host port to the container port)",
      "spec[0].container[0].port[1].host_port: container agent: container port 9200 is published on host port 9300",
    ]);
  });

  it("volume-claim-encrypted-class places a claim an operator makes at the storage class its object writes", async () => {
    const postgresql = `resource "kubernetes_manifest" "db" {
  manifest = {
    apiVersion = "acid.zalan.do/v1"
    kind       = "postgresql"
    metadata   = { name = "db", namespace = "data" }
    spec       = { teamId = "data", numberOfInstances = 2, postgresql = { version = "17" }, volume = { size = "10Gi" } }
  }
}
`;
    expect((await found("volume-claim-encrypted-class", postgresql)).map((finding) => finding.split(": ")[0])).toEqual(["manifest.spec.volume.storageClass"]);
    // A CloudNativePG cluster's class comes from storageClass, else from its claim template (build.go, Build).
    const cluster = (storage: string) => `resource "kubernetes_manifest" "cluster" {
  manifest = {
    apiVersion = "postgresql.cnpg.io/v1"
    kind       = "Cluster"
    metadata   = { name = "warehouse", namespace = "data" }
    spec       = { instances = 1, storage = ${storage} }
  }
}
`;
    const places = async (storage: string) => (await found("volume-claim-encrypted-class", cluster(storage))).map((finding) => finding.split(": ")[0]);
    expect(await places('{ size = "1Gi", pvcTemplate = { storageClassName = "standard" } }')).toEqual(["manifest.spec.storage.pvcTemplate.storageClassName"]);
    expect(await places('{ size = "1Gi", storageClass = "standard", pvcTemplate = { storageClassName = "other" } }')).toEqual([
      "manifest.spec.storage.storageClass",
    ]);
    expect(await places('{ size = "1Gi" }')).toEqual(["manifest.spec.storage.storageClass"]);
  });

  it("volume-claim-encrypted-class reads a class another resource's argument names, as Terraform knows it at plan", async () => {
    const claim = (storageClass: string) => `resource "kubernetes_config_map_v1" "settings" {
  metadata {
    name      = "settings"
    namespace = "data"
  }
  data = { class = "block-encrypted-ssd", other = "standard" }
}

resource "kubernetes_persistent_volume_claim_v1" "records" {
  metadata {
    name      = "records"
    namespace = "data"
  }
  spec {
    access_modes       = ["ReadWriteOnce"]
    storage_class_name = ${storageClass}
    resources {
      requests = { storage = "5Gi" }
    }
  }
}
`;
    expect(await found("volume-claim-encrypted-class", claim("kubernetes_config_map_v1.settings.data.class"))).toEqual([]);
    expect(await found("volume-claim-encrypted-class", claim("kubernetes_config_map_v1.settings.data.other"))).toEqual([
      "spec[0].storage_class_name: the claim: storage class standard is not declared in this configuration, so its volume type is not known",
    ]);
    expect(await found("volume-claim-encrypted-class", claim("kubernetes_config_map_v1.settings.id"))).toEqual([
      "spec[0].storage_class_name: the claim: its storage class ${kubernetes_config_map_v1.settings.id} is known only at apply",
    ]);
  });

  it("volume-claim-encrypted-class names the volumes of no class a claim of no class may bind, and which are on Cinder", async () => {
    const volume = (name: string, source: string) => `resource "kubernetes_persistent_volume_v1" "${name}" {
  metadata {
    name = "${name}"
  }
  spec {
    storage_class_name = ""
    access_modes       = ["ReadWriteOnce"]
    capacity           = { storage = "5Gi" }
    persistent_volume_source {
      ${source}
    }
  }
}
`;
    const claim = `resource "kubernetes_manifest" "raid" {
  manifest = {
    apiVersion = "v1"
    kind       = "PersistentVolumeClaim"
    metadata   = { name = "raid", namespace = "data" }
    spec = {
      storageClassName = ""
      accessModes      = ["ReadWriteOnce"]
      resources        = { requests = { storage = "5Gi" } }
    }
  }
}
`;
    const hostPath = volume("raid", 'host_path {\n        path = "/mnt/raid1"\n      }');
    const cinder = volume(
      "archive",
      'csi {\n        driver        = "cinder.csi.openstack.org"\n        volume_handle = "00000000-0000-0000-0000-000000000009"\n      }',
    );
    const said = async (text: string) => (await found("volume-claim-encrypted-class", text)).map((finding) => finding.split(": it binds ")[1]);
    expect(await said(claim)).toEqual(["an existing volume of no class, which this configuration does not declare"]);
    expect(await said(claim + hostPath)).toEqual([
      "an existing volume of no class, the one this configuration declares (not a Cinder volume), or another in the cluster",
    ]);
    expect(await said(claim + hostPath + cinder)).toEqual([
      "an existing volume of no class, one of the 2 this configuration declares (1 of them on a Cinder volume), or another in the cluster",
    ]);
    // A volume that names no class is of no class; one of a class, or one a data source reads, is no candidate.
    const unclassed = hostPath.replace(/"raid"/g, '"unclassed"').replace('    storage_class_name = ""\n', "");
    expect(await said(claim + hostPath + unclassed)).toEqual([
      "an existing volume of no class, one of the 2 this configuration declares (none of them on a Cinder volume), or another in the cluster",
    ]);
    const declaredCinder = `resource "openstack_blockstorage_volume_v3" "archive" {
  name        = "archive"
  size        = 5
  volume_type = "encrypted-ssd"
}
${volume("archive", 'csi {\n        driver        = "cinder.csi.openstack.org"\n        volume_handle = openstack_blockstorage_volume_v3.archive.id\n      }')}`;
    const classed = hostPath.replace(/"raid"/g, '"classed"').replace('storage_class_name = ""', 'storage_class_name = "fast"');
    const read = 'data "kubernetes_persistent_volume_v1" "existing" {\n  metadata {\n    name = "existing"\n  }\n}\n';
    expect(await said(claim + declaredCinder + classed + read)).toEqual([
      "an existing volume of no class, the one this configuration declares (on a Cinder volume), or another in the cluster",
    ]);
  });

  const noClass =
    "names no storage class: the cluster's default class decides, which this configuration does not choose (on a region's Magnum cluster, the class of the provider's default volume type, encrypted or not)";

  it("volume-claim-encrypted-class judges a claim of no class by the class the configuration marks default, each of several", async () => {
    const policy = allPolicies.filter((each) => each.metadata.id === "volume-claim-encrypted-class");
    const said = async (name: string) =>
      (
        await findingsOf(
          { policyId: "volume-claim-encrypted-class", kind: "fail", name, file: join(fixturesDir, "volume-claim-encrypted-class", "fail", name) },
          policy,
        )
      ).map((outcome) => `${outcome.path}: ${outcome.message}`);
    expect(await said("claim-of-no-class-on-a-default-off-cinder.yaml")).toEqual([
      "spec.storageClassName: the claim names no storage class, so it gets the default class this configuration declares: storage class shares is provisioned by nfs.csi.k8s.io, not on the provider's encrypted Cinder volume types",
    ]);
    expect(await said("claim-of-no-class-beside-two-defaults.yaml")).toEqual([
      'spec.storageClassName: the claim names no storage class, so it gets the most recently created of the default classes this configuration declares (encrypted, legacy), which may be: storage class legacy\'s volume type "classic" is not one of the encrypted types encrypted-ssd',
    ]);
  });

  it("volume-claim-encrypted-class places each claim at the class it writes, and a claim that binds a volume at its volume_name", async () => {
    const claim = (name: string, spec: string) => `resource "kubernetes_persistent_volume_claim_v1" "${name}" {
  metadata {
    name      = "${name}"
    namespace = "data"
  }
  spec {
    access_modes = ["ReadWriteOnce"]
    ${spec}
    resources {
      requests = { storage = "5Gi" }
    }
  }
}
`;
    const text = `variable "class" {
  type = string
}
variable "template" {
  type = string
}
resource "kubernetes_storage_class_v1" "standard" {
  metadata {
    name = "standard"
  }
  storage_provisioner = "cinder.csi.openstack.org"
  parameters          = { type = "standard-ssd" }
}
resource "kubernetes_storage_class_v1" "shares" {
  metadata {
    name = "shares"
  }
  storage_provisioner = "nfs.csi.k8s.io"
}
resource "kubernetes_persistent_volume_v1" "disk" {
  metadata {
    name = "disk"
  }
  spec {
    capacity     = { storage = "5Gi" }
    access_modes = ["ReadWriteOnce"]
    persistent_volume_source {
      host_path {
        path = "/mnt/disk"
      }
    }
  }
}
${claim("bound", 'storage_class_name = "standard"\n    volume_name = "disk"')}${claim("standard", 'storage_class_name = "standard"')}${claim("shares", 'storage_class_name = "shares"')}${claim("chosen", "storage_class_name = var.class")}
resource "kubernetes_stateful_set_v1" "warehouse" {
  metadata {
    name      = "warehouse"
    namespace = "data"
  }
  spec {
    service_name = "warehouse"
    selector {
      match_labels = { app = "warehouse" }
    }
    template {
      metadata {
        labels = { app = "warehouse" }
      }
      spec {
        container {
          name  = "warehouse"
          image = "registry.example.fr/warehouse@sha256:${"0".repeat(63)}2"
          volume_mount {
            name       = "scratch"
            mount_path = "/scratch"
          }
        }
        volume {
          name = "scratch"
          ephemeral {
            volume_claim_template {
              spec {
                access_modes = ["ReadWriteOnce"]
                resources {
                  requests = { storage = "1Gi" }
                }
              }
            }
          }
        }
      }
    }
    volume_claim_template {
      metadata {
        name = var.template
      }
      spec {
        access_modes = ["ReadWriteOnce"]
        resources {
          requests = { storage = "5Gi" }
        }
      }
    }
  }
}
`;
    expect(await found("volume-claim-encrypted-class", text)).toEqual([
      "spec[0].volume_name: the claim binds kubernetes_persistent_volume_v1.disk, a host_path volume, not one of the provider's encrypted Cinder volumes",
      "spec[0].storage_class_name: the claim: its storage class ${var.class} is not known here: ${var.class}, given no value (no default, tfvars file, --var, --var-file or TF_VAR_): terraform plan asks for it; give the values a deployment uses to judge it",
      "spec[0].storage_class_name: the claim: storage class shares is provisioned by nfs.csi.k8s.io, not on the provider's encrypted Cinder volume types",
      'spec[0].storage_class_name: the claim: storage class standard\'s volume type "standard-ssd" is not one of the encrypted types encrypted-ssd',
      `spec[0].template[0].spec[0].volume[0].ephemeral[0].volume_claim_template[0].spec[0].storage_class_name: ephemeral volume scratch ${noClass}`,
      // A template named only at apply is named by its place.
      `spec[0].volume_claim_template[0].spec[0].storage_class_name: claim template 0 ${noClass}`,
    ]);
  });

  it("volume-claim-encrypted-class says an empty class the provider does not send is none, and one a manifest sends binds a volume of no class", async () => {
    const template = '{ metadata = { name = "data" }, spec = { storageClassName = "", accessModes = ["ReadWriteOnce"] } }';
    const pod = (volumes: string) => `{ containers = [{ name = "app", image = "registry.example.fr/app@sha256:${"0".repeat(63)}2" }], volumes = [${volumes}] }`;
    const text = `resource "kubernetes_persistent_volume_claim_v1" "scratch" {
  metadata {
    name      = "scratch"
    namespace = "data"
  }
  spec {
    access_modes       = ["ReadWriteOnce"]
    storage_class_name = ""
    resources {
      requests = { storage = "1Gi" }
    }
  }
}
resource "kubernetes_manifest" "cache" {
  manifest = { apiVersion = "apps/v1", kind = "StatefulSet", metadata = { name = "cache", namespace = "data" }, spec = { serviceName = "cache", selector = { matchLabels = { app = "cache" } }, template = { metadata = { labels = { app = "cache" } }, spec = ${pod("")} }, volumeClaimTemplates = [${template}] } }
}
resource "kubernetes_manifest" "worker" {
  manifest = { apiVersion = "apps/v1", kind = "Deployment", metadata = { name = "worker", namespace = "data" }, spec = { selector = { matchLabels = { app = "worker" } }, template = { metadata = { labels = { app = "worker" } }, spec = ${pod(`{ name = "scratch", ephemeral = { volumeClaimTemplate = { spec = { storageClassName = "", accessModes = ["ReadWriteOnce"] } } } }`)} } } }
}
`;
    expect(await found("volume-claim-encrypted-class", text)).toEqual([
      'manifest.spec.volumeClaimTemplates[0].spec.storageClassName: claim template data names no class (""): it binds an existing volume of no class, which this configuration does not declare',
      'manifest.spec.template.spec.volumes[0].ephemeral.volumeClaimTemplate.spec.storageClassName: ephemeral volume scratch names no class (""): it binds an existing volume of no class, which this configuration does not declare',
      `spec[0].storage_class_name: the claim names no storage class (its empty class is not sent): ${noClass.replace("names no storage class: ", "")}`,
    ]);
  });

  it("volume-claim-encrypted-class names each claim an operator makes by its pool, volume or section, at the class its object writes", async () => {
    const object = (name: string, body: string) => `resource "kubernetes_manifest" "${name}" {\n  manifest = ${body}\n}\n`;
    const text = [
      object(
        "events",
        '{ apiVersion = "kafka.strimzi.io/v1beta2", kind = "Kafka", metadata = { name = "events", namespace = "data" }, spec = { kafka = { replicas = 3, storage = { type = "jbod", volumes = [{ id = 1, type = "persistent-claim", size = "100Gi", class = "block-encrypted-ssd" }, { id = 2, type = "persistent-claim", size = "100Gi" }] } }, zookeeper = { replicas = 3, storage = { type = "persistent-claim", size = "10Gi" } } } }',
      ),
      object(
        "broker",
        '{ apiVersion = "kafka.strimzi.io/v1beta2", kind = "KafkaNodePool", metadata = { name = "broker", namespace = "data" }, spec = { replicas = 3, roles = ["broker"], storage = { type = "persistent-claim", size = "100Gi" } } }',
      ),
      object(
        "extracts",
        '{ apiVersion = "minio.min.io/v2", kind = "Tenant", metadata = { name = "extracts", namespace = "data" }, spec = { pools = [{ name = "pool-0", servers = 4, volumesPerServer = 2, volumeClaimTemplate = { spec = { storageClassName = "block-encrypted-ssd" } } }, { name = "pool-1", servers = 4, volumesPerServer = 2, volumeClaimTemplate = { spec = { accessModes = ["ReadWriteOnce"] } } }] } }',
      ),
      object(
        "warehouse",
        '{ apiVersion = "postgresql.cnpg.io/v1", kind = "Cluster", metadata = { name = "warehouse", namespace = "data" }, spec = { instances = 3, storage = { size = "100Gi" } } }',
      ),
      object(
        "registry",
        '{ apiVersion = "postgres-operator.crunchydata.com/v1beta1", kind = "PostgresCluster", metadata = { name = "registry", namespace = "data" }, spec = { postgresVersion = 17, instances = [{ name = "instance1", dataVolumeClaimSpec = { storageClassName = "block-encrypted-ssd" } }], backups = { pgbackrest = { repos = [{ name = "repo1", volume = { volumeClaimSpec = { storageClassName = "block-encrypted-ssd" } } }, { name = "repo2", volume = { volumeClaimSpec = { accessModes = ["ReadWriteOnce"] } } }] } } } }',
      ),
    ].join("");
    expect(await found("volume-claim-encrypted-class", text)).toEqual([
      `manifest.spec.storage.class: Kafka node pool broker's storage ${noClass}`,
      `manifest.spec.kafka.storage.volumes[1].class: Kafka cluster events's kafka volume 2 ${noClass}`,
      `manifest.spec.zookeeper.storage.class: Kafka cluster events's zookeeper storage ${noClass}`,
      `manifest.spec.pools[1].volumeClaimTemplate.spec.storageClassName: object store extracts's pool pool-1 ${noClass}`,
      `manifest.spec.backups.pgbackrest.repos[1].volume.volumeClaimSpec.storageClassName: database cluster registry's backups.pgbackrest.repos[1].volume.volumeClaimSpec ${noClass}`,
      `manifest.spec.storage.storageClass: database cluster warehouse's storage ${noClass}`,
    ]);
  });
});

describe("storage classes and bound volumes as a plan or a module gives them", () => {
  /** The findings on every claim of these resources, as `path: message`. */
  const claimFindings = (resources: TfResource[]) => {
    const graph = new ResourceGraph({ stack: "test", files: ["test.tf.json"], resources, providers: [] });
    return volumeClaims(graph).flatMap((claim) => claimClassViolations(claim, graph, ["encrypted-ssd"]).map((found) => `${found.path}: ${found.message}`));
  };
  const claim = (spec: Record<string, unknown>) =>
    resource("kubernetes_persistent_volume_claim_v1", "data", {
      metadata: [{ name: "data", namespace: "apps" }],
      spec: [{ access_modes: ["ReadWriteOnce"], ...spec }],
    });

  it("names the sources a bound volume has, not the empty lists a plan writes for the others, and a volume of none sourceless", () => {
    const volume = (spec: Record<string, unknown>) => resource("kubernetes_persistent_volume_v1", "disk", { metadata: [{ name: "disk" }], spec: [spec] });
    const bound = claim({ storage_class_name: "", volume_name: "disk" });
    // terraform show -json writes every nested block type of the source, as an empty list where none is written.
    const planned = volume({ persistent_volume_source: [{ csi: [], host_path: [{ path: "/mnt/disk" }], nfs: [] }] });
    expect(claimFindings([planned, bound])).toEqual([
      "spec[0].volume_name: the claim binds kubernetes_persistent_volume_v1.disk, a host_path volume, not one of the provider's encrypted Cinder volumes",
    ]);
    expect(claimFindings([volume({ capacity: { storage: "5Gi" } }), bound])).toEqual([
      "spec[0].volume_name: the claim binds kubernetes_persistent_volume_v1.disk, a sourceless volume, not one of the provider's encrypted Cinder volumes",
    ]);
  });

  it("makes no claim of a claim a data source reads, whose spec a plan gives from the cluster", () => {
    const read: TfResource = { ...claim({ storage_class_name: "standard" }), mode: "data", address: "data.kubernetes_persistent_volume_claim_v1.data" };
    expect(claimFindings([read])).toEqual([]);
  });

  it("reads a class's volume type in the class's module, where the claim of another module names the class", () => {
    const inModule = (type: string, name: string, values: Record<string, unknown>): TfResource => ({
      ...resource(type, name, values),
      address: `module.storage.${type}.${name}`,
    });
    const volumeType = inModule("openstack_blockstorage_volume_type_v3", "encrypted", { name: "encrypted-ssd" });
    const storageClass = inModule("kubernetes_storage_class_v1", "encrypted", {
      metadata: [{ name: "encrypted" }],
      storage_provisioner: "cinder.csi.openstack.org",
      parameters: { type: "${openstack_blockstorage_volume_type_v3.encrypted.name}" },
    });
    expect(claimFindings([volumeType, storageClass, claim({ storage_class_name: "encrypted" })])).toEqual([
      "spec[0].storage_class_name: the claim: storage class encrypted's volume type is a type this configuration creates (module.storage.openstack_blockstorage_volume_type_v3.encrypted), which nothing encrypts",
    ]);
  });
});

describe("k8s-rbac-no-escalation-paths on pods", () => {
  it("says what updating pods opens (their images), and names one path for a rule that also creates them", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "eds-rbac-pods-")), "main.tf");
    const role = (name: string, verbs: string) =>
      `resource "kubernetes_role_v1" "${name}" {\n  metadata {\n    name      = "${name}"\n    namespace = "apps"\n  }\n  rule {\n    api_groups = [""]\n    resources  = ["pods"]\n    verbs      = ${verbs}\n  }\n}\n`;
    writeFileSync(file, role("patcher", '["get", "patch"]') + role("creator", '["create", "patch"]'));
    const policy = allPolicies.filter((each) => each.metadata.id === "k8s-rbac-no-escalation-paths");
    const found = await findingsOf({ policyId: "k8s-rbac-no-escalation-paths", kind: "fail", name: "pods", file }, policy);
    expect(found.map((outcome) => `${outcome.address}: ${outcome.message}`).sort()).toEqual([
      "kubernetes_role_v1.creator: rule 0 grants pods: its holder writes the pods of its scope: any image, run as any service account there, mounting any of its secrets and volumes",
      "kubernetes_role_v1.patcher: rule 0 grants pods: its holder swaps the images of the pods of its scope: any code, run with their service accounts, secrets and volumes",
    ]);
  });
});

describe("helm-release-pinned on charts Helm installs as they are named", () => {
  it("judges the source of a local chart or an archive's URL, not a version Helm does not read", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "eds-helm-local-")), "main.tf");
    const release = (name: string, chart: string, extra = "") =>
      `resource "helm_release" "${name}" {\n  name      = "${name}"\n  namespace = "apps"\n  chart     = "${chart}"\n${extra}}\n`;
    writeFileSync(
      file,
      release("local", "./charts/app") +
        release("archive", "https://charts.example.fr/app-1.0.4.tgz") +
        release("alias", "bitnami/nginx") +
        release("in_a_module", "modules/app/chart") +
        release("beside_a_repository", "./charts/app", '  repository = "https://charts.example.fr"\n'),
    );
    const policy = allPolicies.filter((each) => each.metadata.id === "helm-release-pinned");
    const found = await findingsOf({ policyId: "helm-release-pinned", kind: "fail", name: "local", file }, policy);
    expect(found.map((outcome) => `${outcome.address}: ${outcome.message}`).sort()).toEqual([
      "helm_release.alias: chart bitnami/nginx does not come from an OCI repository of the region's registry",
      "helm_release.alias: chart bitnami/nginx has no version: Helm takes the latest",
      "helm_release.archive: chart https://charts.example.fr/app-1.0.4.tgz does not come from an OCI repository of the region's registry",
      "helm_release.beside_a_repository: chart ./charts/app does not come from an OCI repository of the region's registry",
      "helm_release.beside_a_repository: chart ./charts/app has no version: Helm takes the latest",
      "helm_release.in_a_module: chart modules/app/chart does not come from an OCI repository of the region's registry",
      "helm_release.local: chart ./charts/app does not come from an OCI repository of the region's registry",
    ]);
  });
  it("says a chart named only at apply is the chart, with no empty name", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "eds-helm-variable-")), "main.tf");
    writeFileSync(
      file,
      'variable "chart" {\n  type = string\n}\nresource "helm_release" "app" {\n  name       = "app"\n  chart      = var.chart\n  repository = "https://charts.example.fr"\n}\n',
    );
    const policy = allPolicies.filter((each) => each.metadata.id === "helm-release-pinned");
    const found = await findingsOf({ policyId: "helm-release-pinned", kind: "fail", name: "variable", file }, policy);
    expect(found.map((outcome) => outcome.message).sort()).toEqual([
      "the chart does not come from an OCI repository of the region's registry",
      "the chart has no version: Helm takes the latest",
    ]);
  });
  it("says an empty version, which the Helm provider hands to Helm trimmed, is none", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "eds-helm-empty-version-")), "main.tf");
    const release = (name: string, version: string) =>
      `resource "helm_release" "${name}" {\n  name       = "${name}"\n  chart      = "app"\n  repository = "oci://registry.example.fr/charts"\n  version    = "${version}"\n}\n`;
    writeFileSync(file, release("empty", "") + release("blank", " ") + release("pinned", "1.0.4"));
    const policy = allPolicies.filter((each) => each.metadata.id === "helm-release-pinned");
    const found = await findingsOf({ policyId: "helm-release-pinned", kind: "fail", name: "empty", file }, policy);
    expect(found.map((outcome) => `${outcome.address}: ${outcome.message}`).sort()).toEqual([
      "helm_release.blank: chart app has no version (an empty one): Helm takes the latest",
      "helm_release.empty: chart app has no version (an empty one): Helm takes the latest",
    ]);
  });
});

describe("k8s-ingress-tls on Traefik installed by a GitOps controller", () => {
  it("says which of the controller's fields holds the values not read, where they decide the entry points", async () => {
    const file = join(import.meta.dirname, "fixtures", "k8s-ingress-tls", "unknown", "traefik-values-kept-elsewhere.yaml");
    const policy = allPolicies.filter((each) => each.metadata.id === "k8s-ingress-tls");
    const found = await findingsOf({ policyId: "k8s-ingress-tls", kind: "unknown", name: "gitops", file }, policy);
    expect(found.map((outcome) => outcome.message)).toEqual([
      "Traefik serves the Ingress, and its router takes TLS from its traefik.ingress.kubernetes.io/router.tls annotations or from its entry points, not from the tls block (certificates only): the entry points of HelmRelease/ingress/traefik are set by its spec.valuesFrom[0] (ConfigMap traefik-ports, key values.yaml: not in what was checked), not read here",
    ]);
  });
});

describe("k8s-restricted-volume-types on every source", () => {
  it("flags each source of VolumeSource the Restricted profile does not allow, as a manifest names it", async () => {
    const file = join(import.meta.dirname, "fixtures", "k8s-restricted-volume-types", "fail", "every-restricted-source.yaml");
    const policy = allPolicies.filter((each) => each.metadata.id === "k8s-restricted-volume-types");
    const found = await findingsOf({ policyId: "k8s-restricted-volume-types", kind: "fail", name: "every", file }, policy);
    expect(found.filter((outcome) => outcome.status === "violation").map((outcome) => outcome.path)).toHaveLength(20);
  });
});

describe("pod templates Elastic's operator completes", () => {
  const policiesOf = (...ids: string[]) => allPolicies.filter((each) => ids.includes(each.metadata.id));

  it("report a literal secret in a container's environment once, as a pod's", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "eds-eck-env-")), "kibana.yaml");
    writeFileSync(
      file,
      "apiVersion: kibana.k8s.elastic.co/v1\nkind: Kibana\nmetadata: {name: kb, namespace: logging}\nspec:\n  version: 8.15.0\n  podTemplate:\n    spec:\n      containers:\n        - name: kibana\n          env:\n            - {name: DB_PASSWORD, value: example-only-not-real}\n",
    );
    const ids = ["k8s-env-no-literal-secrets", "no-literal-secret-arguments"];
    const found = await findingsOf({ policyId: ids[0]!, kind: "fail", name: "env", file }, policiesOf(...ids));
    expect(found.filter((outcome) => outcome.status === "violation").map((outcome) => outcome.policyId)).toEqual(["k8s-env-no-literal-secrets"]);
  });

  it("are judged in a raw chart's objects, at the object's place in the values, and their secrets once", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "eds-eck-raw-")), "main.tf");
    const logstash = {
      apiVersion: "logstash.k8s.elastic.co/v1alpha1",
      kind: "Logstash",
      metadata: { name: "ls" },
      spec: {
        version: "8.15.0",
        podTemplate: { spec: { hostIPC: true, containers: [{ name: "logstash", env: [{ name: "DB_PASSWORD", value: "example-only-not-real" }] }] } },
      },
    };
    writeFileSync(
      file,
      `resource "helm_release" "raw" {\n  name      = "raw"\n  chart     = "raw"\n  namespace = "logging"\n  values    = [${JSON.stringify(JSON.stringify({ resources: [logstash] }))}]\n}\n`,
    );
    const ids = ["k8s-no-host-namespaces", "k8s-env-no-literal-secrets", "no-literal-secret-arguments"];
    const found = await findingsOf({ policyId: ids[0]!, kind: "fail", name: "raw", file }, policiesOf(...ids));
    expect(found.filter((outcome) => outcome.status === "violation").map((outcome) => `${outcome.policyId} ${outcome.address}`)).toEqual([
      "k8s-env-no-literal-secrets helm_release.raw.resources[0]",
      "k8s-no-host-namespaces helm_release.raw.resources[0]",
    ]);
  });
});

describe("k8s-namespace-network-policy's words", () => {
  it("says whom a rule opens pods to: every source or destination without peers, every pod of the cluster with an empty namespace selector", async () => {
    const messages = async (name: string) =>
      (
        await findingsOf(
          { policyId: "k8s-namespace-network-policy", kind: "fail", name, file: join(fixturesDir, "k8s-namespace-network-policy", "fail", `${name}.tf`) },
          allPolicies.filter((policy) => policy.metadata.id === "k8s-namespace-network-policy"),
        )
      ).map((outcome) => outcome.message);
    for (const message of [...(await messages("open-to-every-namespace")), ...(await messages("some-pods-open-to-every-namespace"))]) {
      expect(message).toContain("to every pod of the cluster");
      expect(message).not.toContain("every source");
    }
    expect(await messages("second-default-deny-opens-every-peer")).toEqual([
      expect.stringContaining("opens every pod to every destination (an egress rule without to)"),
    ]);
  });

  it("names the ports of a rule that opens every pod, those given by variables as written, and a namespace whose name is not known by its address and name", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "eds-netpol-words-")), "main.tf");
    writeFileSync(
      file,
      [
        ...["team", "protocol", "port", "end_port"].map((name) => `variable "${name}" {}`),
        'resource "kubernetes_namespace_v1" "team" {\n  metadata {\n    name = var.team\n  }\n}',
        'resource "kubernetes_namespace_v1" "apps" {\n  metadata {\n    name = "apps"\n  }\n}',
        'resource "kubernetes_network_policy_v1" "scraping" {',
        '  metadata {\n    name = "scraping"\n    namespace = "apps"\n  }',
        '  spec {\n    pod_selector {}\n    policy_types = ["Ingress"]',
        "    ingress {\n      from {\n        namespace_selector {}\n      }",
        '      ports {\n        port = 8080\n      }\n      ports {\n        protocol = "UDP"\n        port = 53\n        end_port = 60\n      }\n      ports {\n        protocol = "SCTP"\n      }',
        "      ports {\n        protocol = var.protocol\n        port = var.port\n        end_port = var.end_port\n      }",
        "    }\n  }\n}",
      ].join("\n"),
    );
    const found = await findingsOf(
      { policyId: "k8s-namespace-network-policy", kind: "fail", name: "words", file },
      allPolicies.filter((policy) => policy.metadata.id === "k8s-namespace-network-policy"),
    );
    expect(found.map((outcome) => `${outcome.address}: ${outcome.message}`)).toEqual([
      expect.stringContaining("every namespace, on TCP 8080, UDP 53-60, every SCTP port, ${var.protocol} ${var.port}-${var.end_port})"),
      expect.stringContaining("kubernetes_namespace_v1.apps: namespace apps: no NetworkPolicy of this configuration selects every pod for Egress"),
      expect.stringContaining("kubernetes_namespace_v1.team: namespace kubernetes_namespace_v1.team (named ${var.team}) has no NetworkPolicy"),
    ]);
  });
});

describe("backups-cover-data's words", () => {
  it("says a volume's metadata is no backup only where it names one", async () => {
    const messages = async (file: string) =>
      (
        await findingsOf(
          { policyId: "backups-cover-data", kind: "fail", name: "words", file },
          allPolicies.filter((policy) => policy.metadata.id === "backups-cover-data"),
        )
      )
        .filter((outcome) => outcome.address.startsWith("openstack_blockstorage_volume"))
        .map((outcome) => outcome.message);
    const labelled = join(fixturesDir, "backups-cover-data", "fail", "volume-with-a-label-only.tf.json");
    expect(await messages(labelled)).toEqual(["no job backs this volume up (its metadata names a backup, which is not one)"]);
    const plain = join(mkdtempSync(join(tmpdir(), "eds-backups-")), "main.tf");
    writeFileSync(plain, 'resource "openstack_blockstorage_volume_v3" "data" {\n  name = "data"\n  size = 10\n}\n');
    expect(await messages(plain)).toEqual(["no job backs this volume up"]);
    // A value that names a backup, under a key that does not.
    const byValue = join(mkdtempSync(join(tmpdir(), "eds-backups-")), "main.tf");
    writeFileSync(
      byValue,
      'resource "openstack_blockstorage_volume_v3" "data" {\n  name = "data"\n  size = 10\n  metadata = {\n    policy = "nightly-backup"\n  }\n}\n',
    );
    expect(await messages(byValue)).toEqual(["no job backs this volume up (its metadata names a backup, which is not one)"]);
  });
});

describe("the words of the Magnum policies with magnum-capi-helm, and of container-private", () => {
  it("name what the driver reads, and a local etcd device once", async () => {
    const of = async (policyId: string, kind: "fail" | "unknown", name: string) => {
      const settingsFile = join(fixturesDir, policyId, kind, `${name}.settings.yaml`);
      const fixture = { policyId, kind, name, file: join(fixturesDir, policyId, kind, `${name}.tf`), ...(existsSync(settingsFile) ? { settingsFile } : {}) };
      return (
        await findingsOf(
          fixture,
          allPolicies.filter((policy) => policy.metadata.id === policyId),
        )
      ).map((o) => `${o.address} ${o.path}: ${o.message}`);
    };
    const template = "openstack_containerinfra_clustertemplate_v1.bad_template";
    expect(await of("kubernetes-version-supported", "unknown", "capi-helm-image-by-name")).toEqual([
      `${template} image: magnum-capi-helm runs the Kubernetes version of the image's kube_version property, which the configuration does not give`,
    ]);
    expect(await of("kubernetes-version-supported", "unknown", "capi-helm-image-properties-from-a-variable")).toEqual([
      `${template} image: the Kubernetes version is not known here: it depends on \${var.image_properties}, given no value (no default, tfvars file, --var, --var-file or TF_VAR_): terraform plan asks for it; give the values a deployment uses to judge it`,
    ]);
    expect((await of("magnum-node-volumes-encrypted", "fail", "capi-helm-etcd-devices")).filter((message) => message.includes(".bad_local "))).toEqual([
      "openstack_containerinfra_clustertemplate_v1.bad_local labels.etcd_blockdevice_type: etcd_blockdevice_type is local: etcd's block device is the compute host's local disk, unencrypted",
    ]);
    expect(await of("magnum-private-api", "fail", "capi-helm-api-floating-ip")).toEqual([
      `${template} labels.master_lb_floating_ip_enabled: master_lb_floating_ip_enabled is "true": the API load balancer gets a floating IP`,
    ]);
    expect((await of("container-private", "fail", "public-element-after-a-named-user")).filter((message) => message.includes(".bad_listed "))).toEqual([
      'openstack_objectstorage_container_v1.bad_listed container_read: container_read "project-a:analyst,.r:*,.rlistings" makes the container public: a referrer grant needs no token, and .rlistings lets it list the objects',
    ]);
  });
});

describe("no-literal-secret-arguments on Magnum labels", () => {
  it("reports a label named as a credential argument once", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "eds-label-")), "main.tf");
    writeFileSync(
      file,
      'resource "openstack_containerinfra_clustertemplate_v1" "t" {\n  name   = "t"\n  coe    = "kubernetes"\n  image  = "ubuntu"\n  labels = { password = "example-only-not-a-password" }\n}\n',
    );
    const findings = await findingsOf(
      { policyId: "no-literal-secret-arguments", kind: "fail", name: "label", file },
      allPolicies.filter((policy) => policy.metadata.id === "no-literal-secret-arguments"),
    );
    expect(findings.map((finding) => finding.path)).toEqual(["labels.password"]);
  });
});

describe("the words of the Service exposure findings", () => {
  const findingsOn = (name: string) => findingsOnFixture("k8s-service-not-exposed", name);

  it('take the internal annotation as cloud-provider-openstack does: true only when it is "true"', async () => {
    expect(await findingsOn("internal-annotation-not-true")).toEqual([
      "violation Service/ingress/bad-database: Service of type LoadBalancer publishes 5432 (PostgreSQL): only the ingress's ports 80 and 443 may face the Internet",
    ]);
    expect(await findingsOn("internal-annotation-from-a-variable")).toEqual([
      "cannot-evaluate kubernetes_service_v1.bad_database: Service of type LoadBalancer: whether its load balancer is internal (service.beta.kubernetes.io/openstack-internal-load-balancer) is not known here: it depends on ${var.internal}, given no value (no default, tfvars file, --var, --var-file or TF_VAR_): terraform plan asks for it; give the values a deployment uses to judge it",
    ]);
    expect(await findingsOn("internal-load-balancer-in-ingress")).toEqual([]);
  });

  it("say that a load balancer outside the exposed namespaces is internal, where it is", async () => {
    expect(await findingsOn("internal-load-balancer-outside-ingress")).toEqual([
      "violation Service/poc/bad-internal-web: Service of type LoadBalancer in namespace poc, on an internal load balancer: no floating IP, yet the project's networks reach it without the ingress, and only the exposed namespaces (ingress) publish Services outside the cluster",
    ]);
    expect(await findingsOn("exposed-outside-ingress")).toContain(
      "violation kubernetes_service_v1.bad_portal_lb: Service of type LoadBalancer in namespace apps, which may not be exposed (exposed namespaces: ingress)",
    );
  });

  it('take an annotation written as a boolean true, which Terraform sends as "true", for an internal load balancer', async () => {
    const { default: policy } = await import("../../policies/rules/kubernetes/k8s-service-not-exposed");
    const service = (internal: unknown): TfResource => ({
      address: "kubernetes_service_v1.database",
      mode: "managed",
      type: "kubernetes_service_v1",
      name: "database",
      values: {
        metadata: [{ name: "database", namespace: "ingress", annotations: { "service.beta.kubernetes.io/openstack-internal-load-balancer": internal } }],
        spec: [{ type: "LoadBalancer", port: [{ port: 5432 }] }],
      },
      provider: "kubernetes",
      stack: "test",
      file: "main.tf",
    });
    const findings = (internal: unknown) =>
      policy.check(service(internal), {
        graph: new ResourceGraph({ stack: "test", files: ["main.tf"], resources: [service(internal)], providers: [] }),
        settings: fixtureSettings,
      });
    expect(findings(true)).toEqual([]);
    expect(findings("1")).toHaveLength(1);
  });
});
