import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { DaemonSetV1 } from "@cdktf/provider-kubernetes/lib/daemon-set-v1";
import { Construct } from "constructs";
import { labelKeys, restrictedContainer, restrictedPodSpec } from "./private/restricted-pod";
import type { SecureNamespace } from "./secure-namespace";

export interface LogShipperProps {
  /** The logging namespace: its Pod Security level must allow the node's log folder to be mounted. */
  readonly namespace: SecureNamespace;
  readonly regionId: string;
  /** Image of the shipper (Fluent Bit), pinned by digest. */
  readonly image: string;
  readonly store: { readonly host: string; readonly port: number; readonly cidr: string };
  /** Retention the log store applies, passed with every record. */
  readonly retentionDays: number;
}

const fluentBitConfig = (props: LogShipperProps): string =>
  [
    "[SERVICE]",
    "    Flush        5",
    "    Log_Level    info",
    "    Parsers_File parsers.conf",
    "[INPUT]",
    "    Name   tail",
    "    Tag    kube.*",
    "    Path   /var/log/containers/*.log",
    "    Parser cri",
    "[INPUT]",
    "    Name   tail",
    "    Tag    audit.*",
    "    Path   /var/log/kubernetes/audit/*.log",
    "    Parser json",
    "[FILTER]",
    "    Name   record_modifier",
    "    Match  *",
    `    Record region ${props.regionId}`,
    `    Record retention_days ${props.retentionDays}`,
    "[OUTPUT]",
    "    Name            syslog",
    "    Match           *",
    `    Host            ${props.store.host}`,
    `    Port            ${props.store.port}`,
    "    Mode            tls",
    "    tls             On",
    "    tls.verify      On",
    "    Syslog_Format   rfc5424",
    "",
  ].join("\n");

/**
 * Ships container logs (workspace access logs included, from the ingress and the tools) and the Kubernetes API audit
 * log to the region's log store, over TLS, on every node (SecNumCloud 12.6-12.7, CNIL EDS ch. 10). It reads the
 * node's log folder read-only, as root without any capability: the one workload of the region that needs an
 * approved exception to the restricted profile.
 */
export class LogShipper extends Construct {
  readonly resource: DaemonSetV1;

  constructor(scope: Construct, id: string, props: LogShipperProps) {
    super(scope, id);
    const namespace = props.namespace.resource.metadata.name;
    const labels = { [labelKeys.component]: "log-shipper" };
    const config = new ConfigMapV1(this, "Config", { metadata: { name: "log-shipper", namespace }, data: { "fluent-bit.conf": fluentBitConfig(props) } });
    const container = restrictedContainer({
      name: "fluent-bit",
      image: props.image,
      args: ["--config", "/etc/fluent-bit/fluent-bit.conf"],
      volumeMounts: [
        { name: "config", mountPath: "/etc/fluent-bit", readOnly: true },
        { name: "node-logs", mountPath: "/var/log", readOnly: true },
      ],
      cpu: { request: "50m", limit: "200m" },
      memory: { request: "64Mi", limit: "256Mi" },
    });
    const pod = restrictedPodSpec({
      labels,
      containers: [{ ...container, securityContext: { ...container.securityContext, runAsNonRoot: false, runAsUser: "0" } }],
      volumes: [
        { name: "config", configMap: { name: config.metadata.name } },
        { name: "node-logs", hostPath: { path: "/var/log", type: "Directory" } },
      ],
    });
    this.resource = new DaemonSetV1(this, "Resource", {
      metadata: { name: "log-shipper", namespace, labels },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            ...pod,
            securityContext: { ...pod.securityContext, runAsNonRoot: false, runAsUser: "0", runAsGroup: "0" },
            toleration: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" }],
          },
        },
      },
    });
    props.namespace.allowEgress({
      id: "AllowLogStore",
      podLabels: labels,
      peer: { cidrs: [props.store.cidr] },
      ports: [{ port: props.store.port }],
      why: "Ships logs to the central log store over TLS",
    });
  }
}
