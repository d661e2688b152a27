import type { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { PodDisruptionBudgetV1 } from "@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { Construct } from "constructs";
import { labelKeys, restrictedContainer, restrictedPodSpec, type ContainerProps } from "./restricted-pod";

export interface ReplicatedServiceProps {
  /** Namespace name (or a reference to it). */
  readonly namespace: string;
  readonly name: string;
  /** Image pinned by digest. */
  readonly image: string;
  readonly port: number;
  readonly replicas: number;
  /** Configuration mounted read-only at /etc/eds. */
  readonly config: ConfigMapV1;
  /** Secret, created at deploy time outside Terraform, whose keys become environment variables (credentials). */
  readonly credentialsSecret: string;
  readonly cpu: ContainerProps["cpu"];
  readonly memory: ContainerProps["memory"];
  /** Further environment variables. @default - none */
  readonly env?: ContainerProps["env"];
  /** Secrets mounted read-only (client certificates). @default - none */
  readonly secretMounts?: readonly { readonly name: string; readonly secret: string; readonly mountPath: string }[];
  /** A node label whose nodes the service must never run on (the workspaces' nodes, for a key-holding service). */
  readonly avoidNodes?: readonly [string, string];
}

/**
 * A small in-cluster service that must stay up: replicas on different nodes, a disruption budget, health probes,
 * the restricted security context, its configuration read-only, a ClusterIP Service.
 */
export class ReplicatedService extends Construct {
  readonly deployment: DeploymentV1;
  readonly service: ServiceV1;
  readonly labels: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: ReplicatedServiceProps) {
    super(scope, id);
    this.labels = { [labelKeys.component]: props.name };
    const metadata = { name: props.name, namespace: props.namespace };
    this.deployment = new DeploymentV1(this, "Resource", {
      metadata: { ...metadata, labels: this.labels },
      spec: {
        replicas: String(props.replicas),
        selector: { matchLabels: this.labels },
        template: {
          metadata: { labels: this.labels },
          spec: restrictedPodSpec({
            labels: this.labels,
            spreadOverNodes: true,
            containers: [
              restrictedContainer({
                name: props.name,
                image: props.image,
                port: props.port,
                healthPath: "/healthz",
                envFromSecret: props.credentialsSecret,
                env: [{ name: "EDS_CONFIG_DIR", value: "/etc/eds" }, ...(props.env ?? [])],
                volumeMounts: [
                  { name: "config", mountPath: "/etc/eds", readOnly: true },
                  ...(props.secretMounts ?? []).map((mount) => ({ name: mount.name, mountPath: mount.mountPath, readOnly: true })),
                ],
                cpu: props.cpu,
                memory: props.memory,
              }),
            ],
            volumes: [
              { name: "config", configMap: { name: props.config.metadata.name } },
              ...(props.secretMounts ?? []).map((mount) => ({ name: mount.name, secret: { secretName: mount.secret, defaultMode: "0400" } })),
            ],
            ...(props.avoidNodes ? { avoidNodes: props.avoidNodes } : {}),
          }),
        },
      },
    });
    new PodDisruptionBudgetV1(this, "DisruptionBudget", { metadata, spec: { minAvailable: "1", selector: { matchLabels: this.labels } } });
    this.service = new ServiceV1(this, "Service", {
      metadata,
      spec: { type: "ClusterIP", selector: this.labels, port: [{ name: "http", port: props.port, targetPort: String(props.port) }] },
    });
  }
}
