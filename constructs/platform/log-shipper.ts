import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { DaemonSetV1 } from "@cdktf/provider-kubernetes/lib/daemon-set-v1";
import { Construct } from "constructs";
import { declareException } from "../exceptions";
import { declareFlow, zone } from "../flows";
import { labelKeys, restrictedContainer, restrictedPodSpec } from "./private/restricted-pod";
import { mebibytes, millicores } from "../../lib/quantities";
import { type NamespaceQuota, Peer, type SecureNamespace } from "./secure-namespace";

export interface LogShipperProps {
  /** The logging namespace: its Pod Security level must allow the node's log folders to be mounted. */
  readonly namespace: SecureNamespace;
  readonly regionId: string;
  /** Image of the shipper (Fluent Bit, the fluent/fluent-bit image), pinned by digest. */
  readonly image: string;
  readonly store: { readonly host: string; readonly port: number; readonly cidr: string; readonly caCertificate?: string };
  /** Retention the log store applies, sent with every record as structured data: the store, not this code, deletes. */
  readonly retentionDays: number;
  /** Where the API servers write their audit log on the control-plane nodes (it depends on how the cluster is built). */
  readonly auditLogDirectory: string;
  /** Taints of the nodes the shipper must run on too (control plane, workspaces). */
  readonly tolerations: readonly { readonly key: string; readonly effect: string }[];
}

/** The RFC 5424 SD-ID under which each record carries its region and retention. */
export const structuredDataId = "eds@32473";

/** Where the ConfigMap is mounted: beside, not over, the image's own /fluent-bit/etc. */
const configDirectory = "/fluent-bit/etc/eds";
/** The ConfigMap key, and file beside the configuration, of the log store's authority when the region declares its own. */
const logStoreCaKey = "log-store-ca.pem";

/**
 * The longest API audit event shipped whole: one line holds a request and its response, and an object in etcd is at
 * most 1.5 MiB (etcd's `--max-request-bytes`), so a CRD written at the RequestResponse level (Magnum's driver logs
 * those, and CloudNativePG's are far larger than tail's default buffer) or an airlock release record fits with room.
 */
export const longestAuditEvent = "8M";

/**
 * Fluent Bit's configuration. Container logs are read with the built-in multiline parsers for the CRI and Docker
 * formats (no parsers file needed), a line longer than tail's buffer skipped. Audit lines are kept whole, up to
 * `longestAuditEvent`, at both ends: tail stops following a file whose line outgrows its buffer (32 KiB by default;
 * in_tail tail_file.c, "requires a larger buffer size"), and the syslog output cuts every message to 2,048 bytes in
 * RFC 5424 unless told otherwise (out_syslog syslog_conf.c, syslog.c; fluent-bit v4.2.8). Every record carries its text under `log`, which the
 * syslog output sends as the message (Syslog_Message_Key), its source (workload containers or the API audit log) as
 * the app name, and its region and retention as structured data, over TLS with the store's certificate verified.
 */
export const fluentBitConfig = (props: Pick<LogShipperProps, "regionId" | "store" | "retentionDays" | "auditLogDirectory">): string =>
  [
    "[SERVICE]",
    "    Flush        5",
    "    Log_Level    info",
    "    HTTP_Server  On",
    "    HTTP_Listen  0.0.0.0",
    "    HTTP_Port    2020",
    "    Health_Check On",
    "",
    "[INPUT]",
    "    Name             tail",
    "    Tag              kube.*",
    "    Path             /var/log/containers/*.log",
    "    multiline.parser cri, docker",
    "    DB               /var/fluent-bit/state/containers.db",
    "    Mem_Buf_Limit    50MB",
    "    Skip_Long_Lines  On",
    "",
    "[INPUT]",
    "    Name             tail",
    "    Tag              audit.*",
    `    Path             ${props.auditLogDirectory}/*.log`,
    "    DB               /var/fluent-bit/state/audit.db",
    "    Mem_Buf_Limit    50MB",
    "    Buffer_Chunk_Size 256k",
    `    Buffer_Max_Size  ${longestAuditEvent}`,
    "",
    "[FILTER]",
    "    Name   record_modifier",
    "    Match  kube.*",
    "    Record source containers",
    "",
    "[FILTER]",
    "    Name   record_modifier",
    "    Match  audit.*",
    "    Record source kube-apiserver-audit",
    "",
    "[FILTER]",
    "    Name   record_modifier",
    "    Match  *",
    `    Record region ${props.regionId}`,
    `    Record retention_days ${props.retentionDays}`,
    "",
    // The syslog output sends only the keys it is told to: region and retention go as RFC 5424 structured data, under
    // an SD-ID of the documentation's enterprise number (RFC 5612), since names without "@" are the IETF's.
    "[FILTER]",
    "    Name       nest",
    "    Match      *",
    "    Operation  nest",
    "    Wildcard   region",
    "    Wildcard   retention_days",
    `    Nest_under ${structuredDataId}`,
    "",
    "[OUTPUT]",
    "    Name                syslog",
    "    Match               *",
    `    Host                ${props.store.host}`,
    `    Port                ${props.store.port}`,
    "    Mode                tls",
    "    tls                 On",
    "    tls.verify          On",
    // Without it, Fluent Bit trusts the image's bundle only (src/tls/openssl.c, load_system_certificates), and retries
    // for ever, silently, against a store signed by the region's own authority.
    ...(props.store.caCertificate ? [`    tls.ca_file         ${configDirectory}/${logStoreCaKey}`] : []),
    `    tls.vhost           ${props.store.host}`,
    "    Syslog_Format       rfc5424",
    `    Syslog_MaxSize      ${longestAuditEvent}`,
    "    Syslog_Message_Key  log",
    `    Syslog_Hostname_Preset ${props.regionId}`,
    "    Syslog_Appname_Key  source",
    `    Syslog_SD_Key       ${structuredDataId}`,
    "    Retry_Limit         False",
    "",
  ].join("\n");

/** What each node's shipper may use. */
const shipperResources = { cpu: { request: "50m", limit: "200m" }, memory: { request: "64Mi", limit: "256Mi" } } as const;

/**
 * The logging namespace holds a shipper on every node, and its quota must hold them all: past it, the API server
 * refuses the pods of the last nodes, whose logs (the control plane's API audit among them) then go nowhere. A
 * DaemonSet deletes a node's old pod before it starts the new one (maxUnavailable 1, maxSurge 0 by default): never
 * more pods than nodes.
 */
export function logShipperNamespaceQuota(nodes: number): NamespaceQuota {
  return {
    cpu: `${Math.max(4000, nodes * millicores(shipperResources.cpu.limit))}m`,
    memory: `${Math.max(8192, nodes * mebibytes(shipperResources.memory.limit))}Mi`,
    storage: "20Gi",
    pods: Math.max(20, nodes),
  };
}

/**
 * Ships every node's container logs (workspace access logs through the ingress and the tools, the airlock's and the
 * pseudonymisation service's access logs) and the Kubernetes API audit log to the region's log store over TLS
 * (SecNumCloud 12.6-12.7, CNIL EDS ch. 10). It reads the nodes' log folders read-only, as root without any capability:
 * the one workload of the region that needs exceptions to the restricted profile, declared here with their reasons
 * and approved (or not) by the region's environment file.
 */
export class LogShipper extends Construct {
  readonly resource: DaemonSetV1;

  constructor(scope: Construct, id: string, props: LogShipperProps) {
    super(scope, id);
    const labels = { [labelKeys.component]: "log-shipper" };
    const config = new ConfigMapV1(this, "Config", {
      metadata: { name: "log-shipper", namespace: props.namespace.ref },
      data: { "fluent-bit.conf": fluentBitConfig(props), ...(props.store.caCertificate ? { [logStoreCaKey]: props.store.caCertificate } : {}) },
    });
    const container = restrictedContainer({
      name: "fluent-bit",
      image: props.image,
      args: ["--config", `${configDirectory}/fluent-bit.conf`],
      volumeMounts: [
        { name: "config", mountPath: configDirectory, readOnly: true },
        { name: "container-logs", mountPath: "/var/log", readOnly: true },
        { name: "audit-logs", mountPath: props.auditLogDirectory, readOnly: true },
        { name: "state", mountPath: "/var/fluent-bit/state" },
      ],
      ...shipperResources,
    });
    const pod = restrictedPodSpec({
      labels,
      containers: [{ ...container, securityContext: { ...container.securityContext, runAsNonRoot: false, runAsUser: "0" } }],
      volumes: [
        { name: "config", configMap: { name: config.metadata.name } },
        { name: "container-logs", hostPath: { path: "/var/log", type: "Directory" } },
        { name: "audit-logs", hostPath: { path: props.auditLogDirectory, type: "DirectoryOrCreate" } },
        // Read positions outlive the pod: on an emptyDir, a replaced shipper starts at the files' end (tail's
        // default), and what the nodes wrote meanwhile, API audit events included, is never shipped.
        { name: "state", hostPath: { path: "/var/lib/eds-log-shipper", type: "DirectoryOrCreate" } },
      ],
    });
    this.resource = new DaemonSetV1(this, "Resource", {
      metadata: { name: "log-shipper", namespace: props.namespace.ref, labels },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            ...pod,
            securityContext: { ...pod.securityContext, runAsNonRoot: false, runAsUser: "0", runAsGroup: "0" },
            toleration: props.tolerations.map((taint) => ({ key: taint.key, operator: "Exists", effect: taint.effect })),
          },
        },
      },
    });
    declareException(this.resource, {
      id: "log-shipper-node-logs",
      policy: "k8s-no-host-path",
      reason:
        "the log shipper reads the nodes' container and API audit log folders, read-only, to ship them to the log store, and keeps its read positions in a folder of its own on the node so that a replaced shipper resumes where it stopped",
    });
    declareException(this.resource, {
      id: "log-shipper-root",
      policy: "k8s-run-as-non-root",
      reason: "node log files are readable by root only; the shipper runs as root without any capability",
    });
    declareException(props.namespace.resource, {
      id: "log-shipper-namespace",
      policy: "k8s-namespace-restricted-pss",
      reason: "the logging namespace must admit the log shipper's hostPath volumes; audit and warn stay restricted",
    });
    declareFlow(this, {
      id: "log-shipper-to-log-store",
      from: props.namespace.pods("the log shipper", labels),
      to: zone("logStore"),
      port: props.store.port,
      why: "Workload and API audit logs go to the log store",
    });
    props.namespace.allowEgress("to-log-store", Peer.cidrs(props.store.cidr), {
      pods: labels,
      ports: [{ port: props.store.port }],
      why: "Ships logs to the central log store over TLS",
    });
  }
}
