import { createHash } from "node:crypto";
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { CronJobV1 } from "@cdktf/provider-kubernetes/lib/cron-job-v1";
import { JobV1 } from "@cdktf/provider-kubernetes/lib/job-v1";
import { Construct } from "constructs";
import { declareFlow, zone } from "../flows";
import { type DeployTimeSecret, deployTimeSecrets, requireSecret } from "./deploy-time-secrets";
import { type CustomResources, HelmComponent, imageParts, nodeAffinityAvoiding } from "./helm-component";
import { issuers } from "./internal-certificates";
import { restrictedContainer, restrictedPodSpec } from "./private/restricted-pod";
import { quantity } from "../../lib/quantities";
import { type NamespaceQuota, Peer, type SecureNamespace } from "./secure-namespace";

/** What becomes of a project's extract on a given day. */
export type ExtractState = "active" | "archived" | "dropped";

export interface DataTierProject {
  readonly id: string;
  /** The warehouse schemas the extract copies, one per declared data category. */
  readonly dataCategories: readonly string[];
  readonly state: ExtractState;
}

export interface DataTierProps {
  /** Where the warehouse cluster runs. */
  readonly namespace: SecureNamespace;
  /** Where the CloudNativePG operator runs. */
  readonly operatorNamespace: SecureNamespace;
  readonly chartRepository: string;
  readonly apiServerCidr: string;
  readonly images: { readonly operator: string; readonly postgres: string };
  readonly storageClass: string;
  /** @default 3 */
  readonly instances?: number;
  readonly storageGiB: number;
  readonly backups: {
    /** The private, versioned container backups go to. */
    readonly container: string;
    readonly s3Endpoint: string;
    readonly objectStorageCidr: string;
    readonly schedule: "hourly" | "daily";
    readonly retentionDays: number;
  };
  /** Label of the workspaces' nodes: the warehouse never runs there. */
  readonly workspacesNodeLabel: readonly [string, string];
}

/** The warehouse cluster, its services (warehouse-rw, warehouse-ro) and its pods' label, as CloudNativePG names them. */
export const warehouse = { cluster: "warehouse", database: "warehouse", port: 5432, pods: { "cnpg.io/cluster": "warehouse" } } as const;

const backupCredentials = deployTimeSecrets.warehouseBackups;

export interface WarehouseRecovery {
  readonly name: string;
  readonly namespace: string;
  /** PostgreSQL image of the warehouse (CloudNativePG's operand image). */
  readonly image: string;
  readonly storageGiB: number;
  readonly storageClass: string;
  /** The warehouse's backups: see warehouseBackupPath. */
  readonly backupPath: string;
  readonly s3Endpoint: string;
  /** EC2 credentials that can read the backup container. */
  readonly credentials: DeployTimeSecret;
  /** A node label whose nodes the copy must never run on (the workspaces'). @default - none */
  readonly avoidNodes?: readonly [string, string];
}

/**
 * A one-instance cluster recovered from the warehouse's base backups and WAL archive, as CloudNativePG bootstraps one
 * from an external cluster's object store (bootstrap.recovery): what a restore drill proves. Nobody connects to it.
 */
export function warehouseRecovery(recovery: WarehouseRecovery) {
  return {
    apiVersion: "postgresql.cnpg.io/v1",
    kind: "Cluster",
    metadata: { name: recovery.name, namespace: recovery.namespace },
    spec: {
      instances: 1,
      imageName: recovery.image,
      storage: { size: `${recovery.storageGiB + walGiB(recovery.storageGiB)}Gi`, storageClass: recovery.storageClass },
      resources: instanceResources,
      ...(recovery.avoidNodes ? { affinity: { nodeAffinity: nodeAffinityAvoiding(recovery.avoidNodes) } } : {}),
      bootstrap: { recovery: { source: warehouse.cluster } },
      externalClusters: [
        {
          name: warehouse.cluster,
          barmanObjectStore: {
            destinationPath: recovery.backupPath,
            endpointURL: recovery.s3Endpoint,
            s3Credentials: {
              accessKeyId: { name: recovery.credentials.name, key: recovery.credentials.keys[0] },
              secretAccessKey: { name: recovery.credentials.name, key: recovery.credentials.keys[1] },
            },
          },
        },
      ],
      postgresql: { pg_hba: ["host all all all reject"] },
    },
  };
}

/** Where the warehouse's base backups and WAL archive go, in the region's backup container (barman's destinationPath). */
export const warehouseBackupPath = (regionId: string, container: string): string => `s3://${regionId}-${container}/${warehouse.cluster}`;

/** What one warehouse instance and one extract job may use: their sum is the data namespace's quota. */
const sizing = {
  instance: { cpu: { request: "1", limit: "2" }, memory: { request: "4Gi", limit: "8Gi" } },
  extract: { cpu: { request: "100m", limit: "1" }, memory: { request: "256Mi", limit: "1Gi" } },
} as const;

/** A warehouse instance's resources, as a CloudNativePG cluster declares them. */
const instanceResources = {
  requests: { cpu: sizing.instance.cpu.request, memory: sizing.instance.memory.request },
  limits: { cpu: sizing.instance.cpu.limit, memory: sizing.instance.memory.limit },
};

/** CPU and memory figures of the sizing, in cores and GiB. */
const cores = (figure: string) => quantity(figure)!;
const gibibytes = (figure: string) => quantity(figure)! / 2 ** 30;

/** Extract pods a project may run at once: its one-off job, after a change, and its nightly rebuild. */
const extractsPerProject = 2;

/**
 * The data namespace's quota: every warehouse instance plus each active project's extract jobs (the one-off and the
 * nightly one), all running at once, and the volumes of the instances (data and write-ahead log). Sized from the same
 * figures the pods declare, so the API server never refuses a pod the region asked for.
 */
export function dataNamespaceQuota(instances: number, storageGiB: number, activeProjects: number): NamespaceQuota {
  const extracts = activeProjects * extractsPerProject;
  const add = (of: (resources: (typeof sizing)["instance"] | (typeof sizing)["extract"]) => number) =>
    instances * of(sizing.instance) + extracts * of(sizing.extract);
  return {
    cpu: String(add((r) => cores(r.cpu.limit))),
    memory: `${add((r) => gibibytes(r.memory.limit))}Gi`,
    storage: `${instances * (storageGiB + walGiB(storageGiB))}Gi`,
    pods: instances + extracts + 2,
  };
}

/**
 * The restore drill's namespace: the recovered copy's instance and CloudNativePG's recovery job (which take the
 * instance's resources), the drill's own job, and the copy's one volume (data and write-ahead log).
 */
export function restoreDrillQuota(storageGiB: number): NamespaceQuota {
  return {
    cpu: String(2 * cores(sizing.instance.cpu.limit) + 1),
    memory: `${2 * gibibytes(sizing.instance.memory.limit) + 1}Gi`,
    storage: `${storageGiB + walGiB(storageGiB)}Gi`,
    pods: 4,
  };
}

export const walGiB = (storageGiB: number) => Math.max(20, Math.ceil(storageGiB / 10));

/** How long an extract job waits for the operator to create its project's database and role. */
const extractWaitMinutes = 30;

/** The role that writes pseudonymised data into the warehouse, and the one that builds the projects' extracts. */
export const warehouseRoles = { writer: "pseudonymisation", extractBuilder: "extract_builder" } as const;

/** A data category as a schema name: "hospital stays" → hospital_stays. */
export const schemaOf = (category: string): string =>
  category
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "");

/**
 * The column by which every warehouse table names its patient: the pseudonym the pseudonymisation service gave (text).
 * Each project's extract replaces it with a pseudonym of its own (see DataTier.addProject).
 */
export const patientColumn = "patient_pseudonym";

/**
 * Where a project's database keeps the key of its pseudonyms, out of the project role's reach: never dropped with the
 * extract's schemas, so that a rebuilt extract gives each patient the same pseudonym again.
 */
export const extractKeySchema = "eds_extract";

/**
 * The warehouse's list of the patients who objected, by their warehouse pseudonym (a table `objectors` with the
 * column patientColumn), which the pseudonymisation service keeps from the opt-out list it reads (its image is not
 * in this repository). Every extract leaves their rows out, and every extract is rebuilt each night
 * (extractRebuildSchedule): an objection reaches the projects' copies the night after it reaches the list.
 */
export const optOutSchema = "eds_optout";
/** When every active project's extract is built again, objectors left out: each night, before the workday. */
export const extractRebuildSchedule = "30 1 * * *";

/** The tables (not views: a view shows its table's rows) of some schemas that name a patient. */
const patientTables = (schemas: readonly string[]): string =>
  `SELECT c.table_schema, c.table_name FROM information_schema.columns c JOIN information_schema.tables USING (table_schema, table_name) WHERE table_type = 'BASE TABLE' AND c.column_name = '${patientColumn}' AND c.table_schema = ANY (ARRAY[${schemas.map((schema) => `'${schema}'`).join(", ")}])`;

/** A project's database and the role that reads it. */
export const projectDatabase = (projectId: string): string => `project_${projectId.replace(/-/g, "_")}`;

/** What backs a data-bearing thing up, for the policies: the warehouse's continuous backup. */
const cronOf = { daily: "0 0 2 * * *", hourly: "0 0 * * * *" } as const;

/** A client of the warehouse: the certificate it proves its role with, from the data tier's CA, and its Secret. */
export function clientCertificate(namespace: string, role: string, name = `postgres-client-${role.replace(/_/g, "-")}`) {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name, namespace },
    spec: {
      commonName: role,
      secretName: name,
      usages: ["client auth"],
      duration: "2160h",
      privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
      issuerRef: { name: issuers.postgres, kind: "ClusterIssuer", group: "cert-manager.io" },
    },
  };
}

/** libpq settings of a client that proves its role with the certificate mounted at `directory`. */
export const clientEnvironment = (role: string, database: string, host: string, directory: string) => [
  { name: "PGHOST", value: host },
  { name: "PGPORT", value: String(warehouse.port) },
  { name: "PGDATABASE", value: database },
  { name: "PGUSER", value: role },
  { name: "PGSSLMODE", value: "verify-full" },
  { name: "PGSSLCERT", value: `${directory}/tls.crt` },
  { name: "PGSSLKEY", value: `${directory}/tls.key` },
  { name: "PGSSLROOTCERT", value: `${directory}/ca.crt` },
];

/**
 * The warehouse: a PostgreSQL cluster run by CloudNativePG (the maintained operator of the CNCF; replication,
 * failover and continuous backup built in), replicated over nodes that never host workspaces, on the encrypted storage
 * class. Every connection is TLS with a client certificate from the data tier's CA (no password anywhere): the
 * pseudonymisation service writes the warehouse, each project's workspace reads only its own extract (pg_hba: its
 * database, its role), which a job builds from the project's declared data categories. WAL is archived continuously and
 * base backups taken at the declared frequency to the private backup container, kept for the declared retention
 * (barman-cloud deletes what is older; the container is not versioned, so a deletion deletes). An expired project's
 * extract stays (its role can no longer log in) for the archive period, then is dropped.
 */
export class DataTier extends Construct {
  /** The operator's pods, as its chart labels them. */
  static readonly operatorPods = { "app.kubernetes.io/name": "cloudnative-pg" } as const;
  readonly operator: HelmComponent;
  private readonly projects: DataTierProject[] = [];
  private readonly extractJobs: JobV1[] = [];
  readonly host: string;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: DataTierProps,
  ) {
    super(scope, id);
    requireSecret(this, props.namespace.name, backupCredentials);
    const { namespace, operatorNamespace } = props;
    this.host = `${warehouse.cluster}-rw.${namespace.name}.svc`;
    this.operator = new HelmComponent(this, "Operator", {
      avoidNodes: props.workspacesNodeLabel,
      component: "cloudnativePg",
      chartRepository: props.chartRepository,
      namespace: operatorNamespace,
      images: [props.images.operator],
      values: {
        image: { repository: imageParts(props.images.operator).fullRepository, tag: HelmComponent.tagOf("cloudnativePg", props.images.operator) },
        crds: { create: true },
      },
    });
    const operatorPods = DataTier.operatorPods;
    operatorNamespace.allowEgress("to-api-server", Peer.cidrs(props.apiServerCidr), {
      pods: operatorPods,
      ports: [{ port: 6443 }],
      why: "The operator reconciles its clusters",
    });
    operatorNamespace.allowIngress("webhook-from-api-server", Peer.apiServerCalls(props.apiServerCidr), {
      pods: operatorPods,
      ports: [{ port: 9443 }],
      why: "The API server validates CloudNativePG resources through the operator's webhook",
    });
    operatorNamespace.allowEgress("to-instances", Peer.pods(namespace, warehouse.pods), {
      pods: operatorPods,
      ports: [{ port: 8000 }],
      why: "The operator reads each instance's status",
    });
    namespace.allowIngress("instances-from-operator", Peer.pods(operatorNamespace, operatorPods), {
      pods: warehouse.pods,
      ports: [{ port: 8000 }],
      why: "The operator reads each instance's status",
    });
    namespace.allowIngress("replication", Peer.pods(namespace, warehouse.pods), {
      pods: warehouse.pods,
      ports: [{ port: warehouse.port }, { port: 8000 }],
      why: "Streaming replication between the instances",
    });
    namespace.allowEgress("replication", Peer.pods(namespace, warehouse.pods), {
      pods: warehouse.pods,
      ports: [{ port: warehouse.port }, { port: 8000 }],
      why: "Streaming replication between the instances",
    });
    namespace.allowEgress("instances-to-api-server", Peer.cidrs(props.apiServerCidr), {
      pods: warehouse.pods,
      ports: [{ port: 6443 }],
      why: "Each instance manager reports to the API",
    });
    declareFlow(this, {
      id: "warehouse-to-backups",
      from: namespace.pods("the warehouse", warehouse.pods),
      to: zone("objectStorage"),
      port: 443,
      why: "WAL archive and base backups go to the backup container",
    });
    namespace.allowEgress("instances-to-backups", Peer.cidrs(props.backups.objectStorageCidr), {
      pods: warehouse.pods,
      ports: [{ port: 443 }],
      why: "WAL archiving and base backups to the backup container",
    });
  }

  /** Lets some pods connect to the warehouse (what they may do there is the certificate's role's business). */
  allowClients(name: string, clients: Peer, why: string): void {
    this.props.namespace.allowIngress(`from-${name}`, clients, { pods: warehouse.pods, ports: [{ port: warehouse.port }], why });
  }

  /** A project's extract: built while the project runs, kept while it is archived, dropped afterwards. */
  addProject(project: DataTierProject): void {
    this.projects.push(project);
    if (project.state !== "active") return;
    const database = projectDatabase(project.id);
    const schemas = project.dataCategories.map(schemaOf);
    const labels = { "app.kubernetes.io/name": "extract-builder", "eds-regional/project": project.id };
    const scriptText = [
      "#!/bin/sh",
      "# Builds the project's extract from its declared data categories, read-only for its role, in one transaction.",
      "set -eu",
      // The operator creates the project's database and role from the resources release, and may still be at it when
      // the job starts (its certificate comes first): wait for them, a role check through the database.
      "tries=0",
      `until [ "$(psql --dbname="${database}" -tAc "SELECT count(*) FROM pg_roles WHERE rolname = '${database}'" 2>/dev/null)" = 1 ]; do`,
      "  tries=$((tries + 1))",
      `  if [ "$tries" -ge ${extractWaitMinutes * 6} ]; then echo "the database ${database} or its role is not there after ${extractWaitMinutes} minutes" >&2; exit 1; fi`,
      "  sleep 10",
      "done",
      // One transaction: the previous extract's schemas dropped (a category the project no longer has must not stay
      // readable, and pg_dump --schema writes CREATE SCHEMA, which an existing one refuses), the categories copied,
      // the grants given. psql commits what it was given when its input ends: if pg_dump fails, its output ends with
      // an error instead (a line break to end a cut line, a backslash-dot to end a COPY it was in, then an exception),
      // so that psql stops and rolls it all back (psql(1): --single-transaction with ON_ERROR_STOP).
      // Then each patient's warehouse pseudonym is replaced with HMAC-SHA256 under the project's own key (pgcrypto, a
      // trusted extension its owner may create), made once in the project's database, which the project's role cannot
      // read: two projects' extracts cannot be joined on the patient, and neither holds the warehouse's pseudonyms.
      "{",
      "  cat <<'SQL'",
      "DO $drop$ DECLARE s name; BEGIN",
      `  FOR s IN SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('public', 'information_schema', '${extractKeySchema}') AND nspname NOT LIKE 'pg\\_%' LOOP`,
      "    EXECUTE format('DROP SCHEMA %I CASCADE', s);",
      "  END LOOP;",
      "END $drop$;",
      `CREATE SCHEMA IF NOT EXISTS ${extractKeySchema};`,
      `REVOKE ALL ON SCHEMA ${extractKeySchema} FROM PUBLIC;`,
      `CREATE EXTENSION IF NOT EXISTS pgcrypto SCHEMA ${extractKeySchema};`,
      `CREATE TABLE IF NOT EXISTS ${extractKeySchema}.project_key AS SELECT ${extractKeySchema}.gen_random_bytes(32) AS key;`,
      "SQL",
      `  pg_dump --no-owner --no-privileges ${[...schemas, optOutSchema].map((schema) => `--schema=${schema}`).join(" ")} --dbname="${warehouse.database}" ||`,
      `    printf '\\n\\\\.\\n%s\\n' "DO \\$fail\\$ BEGIN RAISE EXCEPTION 'pg_dump failed: nothing of the extract is kept'; END \\$fail\\$;"`,
      "  cat <<'SQL'",
      // The objectors' rows go before anything is re-keyed, and their warehouse pseudonyms with them. Until the
      // service has written its list, there is none: an empty one.
      `CREATE SCHEMA IF NOT EXISTS ${optOutSchema};`,
      `CREATE TABLE IF NOT EXISTS ${optOutSchema}.objectors (${patientColumn} text);`,
      `DO $optout$ DECLARE t record; BEGIN`,
      `  FOR t IN ${patientTables(schemas)} LOOP`,
      `    EXECUTE format('DELETE FROM %I.%I WHERE ${patientColumn}::text IN (SELECT ${patientColumn}::text FROM ${optOutSchema}.objectors)', t.table_schema, t.table_name);`,
      "  END LOOP;",
      "END $optout$;",
      `DROP SCHEMA ${optOutSchema} CASCADE;`,
      `DO $rekey$ DECLARE t record; k bytea := (SELECT key FROM ${extractKeySchema}.project_key); BEGIN`,
      // Tables only: a view shows its table's column, rewritten with it (and a view that cannot be updated would fail).
      `  FOR t IN ${patientTables(schemas)} LOOP`,
      `    EXECUTE format('UPDATE %I.%I SET ${patientColumn} = encode(${extractKeySchema}.hmac(convert_to(${patientColumn}::text, ''UTF8''), $1, ''sha256''), ''hex'')', t.table_schema, t.table_name) USING k;`,
      "  END LOOP;",
      "END $rekey$;",
      `REVOKE ALL ON DATABASE ${database} FROM PUBLIC;`,
      `GRANT CONNECT ON DATABASE ${database} TO ${database};`,
      ...schemas.flatMap((schema) => [`GRANT USAGE ON SCHEMA ${schema} TO ${database};`, `GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO ${database};`]),
      "SQL",
      `} | psql --dbname="${database}" --single-transaction -v ON_ERROR_STOP=1`,
      "",
    ].join("\n");
    const script = new ConfigMapV1(this, `ExtractScript-${project.id}`, {
      metadata: { name: `extract-${project.id}`, namespace: this.props.namespace.ref },
      data: { "build-extract.sh": scriptText },
    });
    const certificates = "/var/run/postgres-client";
    const jobSpec = {
      backoffLimit: 3,
      template: {
        metadata: { labels },
        spec: {
          ...restrictedPodSpec({
            labels,
            // Its certificate reads the whole warehouse: never on a node that runs workspaces.
            avoidNodes: this.props.workspacesNodeLabel,
            containers: [
              restrictedContainer({
                name: "build-extract",
                image: this.props.images.postgres,
                args: ["sh", "/scripts/build-extract.sh"],
                env: clientEnvironment(warehouseRoles.extractBuilder, warehouse.database, this.host, certificates),
                volumeMounts: [
                  { name: "scripts", mountPath: "/scripts", readOnly: true },
                  { name: "client-certificate", mountPath: certificates, readOnly: true },
                ],
                ...sizing.extract,
              }),
            ],
            volumes: [
              { name: "scripts", configMap: { name: script.metadata.name } },
              {
                name: "client-certificate",
                secret: { secretName: clientCertificate(this.props.namespace.name, warehouseRoles.extractBuilder).spec.secretName, defaultMode: "0400" },
              },
            ],
          }),
          restartPolicy: "OnFailure",
        },
      },
    };
    const job = new JobV1(this, `Extract-${project.id}`, {
      metadata: {
        // A Job runs once, and its name is the only field whose change makes a new one (terraform-provider-kubernetes,
        // schema_metadata.go): named after its script, it runs again whenever the categories, and so the script, change.
        name: `extract-${project.id}-${createHash("sha256").update(scriptText).digest("hex").slice(0, 10)}`,
        namespace: this.props.namespace.ref,
        labels,
      },
      spec: jobSpec,
      waitForCompletion: false,
    });
    // Each night too, so that an objection leaves the extract the night after it reaches the opt-out list.
    new CronJobV1(this, `ExtractRebuild-${project.id}`, {
      metadata: { name: `extract-${project.id}-nightly`, namespace: this.props.namespace.ref, labels },
      spec: {
        schedule: extractRebuildSchedule,
        timezone: "Etc/UTC",
        concurrencyPolicy: "Forbid",
        jobTemplate: { metadata: { labels }, spec: jobSpec },
      },
    });
    this.extractJobs.push(job);
  }

  /** The cluster, its roles, client rules, databases and backups, as custom resources installed after the operator. */
  addResources(resources: CustomResources, regionId: string): void {
    // The extract jobs read the warehouse and write the projects' databases, which this release makes.
    for (const job of this.extractJobs) job.dependsOn = [resources.component.release.fqn];
    const { namespace, props } = { namespace: this.props.namespace.name, props: this.props };
    const projectRoles = this.projects.filter((project) => project.state !== "dropped").map((project) => projectDatabase(project.id));
    resources.add(clientCertificate(namespace, warehouseRoles.extractBuilder));
    resources.add({
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: "warehouse-server", namespace },
      spec: {
        secretName: "warehouse-server",
        usages: ["server auth"],
        dnsNames: ["rw", "ro", "r"].flatMap((suffix) => [`${warehouse.cluster}-${suffix}`, `${warehouse.cluster}-${suffix}.${namespace}.svc`]),
        privateKey: { algorithm: "ECDSA", size: 256 },
        issuerRef: { name: issuers.postgres, kind: "ClusterIssuer", group: "cert-manager.io" },
      },
    });
    resources.add(clientCertificate(namespace, "streaming_replica", "warehouse-replication"));
    resources.add({
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "Cluster",
      metadata: { name: warehouse.cluster, namespace },
      spec: {
        instances: props.instances ?? 3,
        imageName: props.images.postgres,
        primaryUpdateStrategy: "unsupervised",
        storage: { size: `${props.storageGiB}Gi`, storageClass: props.storageClass },
        walStorage: { size: `${walGiB(props.storageGiB)}Gi`, storageClass: props.storageClass },
        resources: instanceResources,
        affinity: {
          enablePodAntiAffinity: true,
          podAntiAffinityType: "required",
          topologyKey: "kubernetes.io/hostname",
          nodeAffinity: nodeAffinityAvoiding(props.workspacesNodeLabel),
        },
        bootstrap: { initdb: { database: warehouse.database, owner: warehouse.database } },
        certificates: {
          serverTLSSecret: "warehouse-server",
          serverCASecret: "warehouse-server",
          clientCASecret: "warehouse-replication",
          replicationTLSSecret: "warehouse-replication",
        },
        postgresql: {
          pg_hba: [
            `hostssl ${warehouse.database} ${warehouseRoles.writer} all cert`,
            `hostssl all ${warehouseRoles.extractBuilder} all cert`,
            ...projectRoles.map((role) => `hostssl ${role} ${role} all cert`),
            // CloudNativePG ends the file with `host all all all scram-sha-256` (pkg/postgres/configuration.go, its
            // default rule), after these: a role with a password, the database owner's among them (the operator keeps
            // it in the warehouse-app Secret), would log in with it. Nothing passes here but a certificate.
            "host all all all reject",
          ],
        },
        managed: {
          roles: [
            { name: warehouseRoles.writer, login: true, ensure: "present", inRoles: [warehouse.database] },
            { name: warehouseRoles.extractBuilder, login: true, ensure: "present", inRoles: ["pg_read_all_data", ...projectRoles] },
            ...this.projects.map((project) => ({
              name: projectDatabase(project.id),
              login: project.state === "active",
              ensure: project.state === "dropped" ? "absent" : "present",
              connectionLimit: 10,
            })),
          ],
        },
        backup: {
          retentionPolicy: `${props.backups.retentionDays}d`,
          barmanObjectStore: {
            destinationPath: warehouseBackupPath(regionId, props.backups.container),
            endpointURL: props.backups.s3Endpoint,
            s3Credentials: {
              accessKeyId: { name: backupCredentials.name, key: backupCredentials.keys[0] },
              secretAccessKey: { name: backupCredentials.name, key: backupCredentials.keys[1] },
            },
            wal: { compression: "gzip", maxParallel: 4 },
            data: { compression: "gzip" },
          },
        },
      },
    });
    resources.add({
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "ScheduledBackup",
      metadata: { name: `${warehouse.cluster}-${props.backups.schedule}`, namespace },
      spec: { schedule: cronOf[props.backups.schedule], backupOwnerReference: "self", cluster: { name: warehouse.cluster }, immediate: true },
    });
    for (const project of this.projects) {
      resources.add({
        apiVersion: "postgresql.cnpg.io/v1",
        kind: "Database",
        metadata: { name: `extract-${project.id}`, namespace },
        spec: {
          name: projectDatabase(project.id),
          owner: warehouseRoles.extractBuilder,
          cluster: { name: warehouse.cluster },
          ensure: project.state === "dropped" ? "absent" : "present",
          databaseReclaimPolicy: "delete",
        },
      });
    }
  }
}
