import { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { IngressV1 } from "@cdktf/provider-kubernetes/lib/ingress-v1";
import { PersistentVolumeClaimV1 } from "@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { Construct } from "constructs";
import { declareFlow } from "../flows";
import type { AccessControl } from "./access-control";
import { Airlock, airlockTokenAudience, membersGroupAnnotation } from "./airlock";
import { clientEnvironment, projectDatabase, warehouse } from "./data-tier";
import type { IngressGateway } from "./ingress-gateway";
import { labelKeys, restrictedContainer, restrictedPodSpec } from "./private/restricted-pod";
import { Peer, SecureNamespace } from "./secure-namespace";

/** Tools a workspace may offer, with the port each listens on. */
export const toolPorts = { jupyterlab: 8888, rstudio: 8787 } as const;

export interface WorkspaceTool {
  readonly kind: keyof typeof toolPorts;
  /** Image pinned by digest, from the region's registry. */
  readonly image: string;
}

export interface AnalysisWorkspaceProps {
  readonly projectId: string;
  /** Last day of the authorization, written on the namespace, where the expiry job reads it (see WorkspaceExpiry). */
  readonly expiry: string;
  /** Identity-provider group of the people named in the authorization. */
  readonly membersGroup: string;
  readonly tools: readonly WorkspaceTool[];
  /** The project's quota: the tools share it, so the pod fits it whatever the number of tools. */
  readonly cpu: string;
  readonly memory: string;
  readonly storageGiB: number;
  readonly storageClass: string;
  readonly accessControl: AccessControl;
  /** Host names of the tools are `<tool>.<project>.<domain>`. */
  readonly domain: string;
  readonly gateway: IngressGateway;
  readonly airlockNamespace: SecureNamespace;
  readonly dataNamespace: SecureNamespace;
  /** The warehouse's read-write service, where the project's extract database lives. */
  readonly warehouseHost: string;
  /** How the workspaces' nodes are picked, and their taint, if any. */
  readonly nodes: { readonly label: readonly [string, string]; readonly taint?: { readonly key: string; readonly value: string; readonly effect: string } };
  /** In-region package mirrors. @default - none: no egress at all */
  readonly mirrorCidrs?: readonly string[];
}

/** Labels that mark a namespace as a workspace (the airlock accepts submissions from these only). */
export const workspaceNamespaceLabels = { [labelKeys.kind]: "workspace" } as const;

/** Where the project's database client certificate is mounted in the tools. */
const certificateDirectory = "/var/run/eds/extract-client";

/** "8" → 8000 millicores; "500m" → 500. */
const millicores = (cpu: string): number => (cpu.endsWith("m") ? Number(cpu.slice(0, -1)) : Number(cpu) * 1000);
/** "32Gi" → 32768 Mi. */
const mebibytes = (memory: string): number => (memory.endsWith("Gi") ? Number(memory.slice(0, -2)) * 1024 : Number(memory.slice(0, -2)));

/**
 * One approved research project's analysis environment (EHDS Art. 73, CNIL EDS ch. 10, MR-004): its own namespace and
 * quota; one pod with the project's tools, sized to fit the quota together and sharing one home volume on the
 * encrypted class; the project's extract reached in the data tier with a client certificate that names the project's
 * role (its database only); the tools published behind the region's ingress to the members' group only; on the
 * workspaces' nodes; no egress but DNS, the project's database, the in-region mirror and the airlock's submission port.
 */
export class AnalysisWorkspace extends Construct {
  /** The tools' Deployment, the same in every workspace namespace. */
  static readonly deploymentName = "workspace";
  /** The names a workspace's Ingresses may have: one per tool, named after it. */
  static readonly ingressNames: readonly string[] = Object.keys(toolPorts);
  readonly namespace: SecureNamespace;
  readonly deployment: DeploymentV1;
  readonly projectId: string;

  constructor(scope: Construct, id: string, props: AnalysisWorkspaceProps) {
    super(scope, id);
    this.projectId = props.projectId;
    this.namespace = new SecureNamespace(this, "Namespace", {
      name: `project-${props.projectId}`,
      labels: { ...workspaceNamespaceLabels, [labelKeys.project]: props.projectId, [labelKeys.expiry]: props.expiry },
      annotations: { [membersGroupAnnotation]: props.membersGroup },
      quota: { cpu: props.cpu, memory: props.memory, storage: `${props.storageGiB}Gi`, pods: 4 },
    });
    const namespace = this.namespace.ref;
    props.accessControl.grantWorkspace(this.namespace, props.membersGroup);
    const home = new PersistentVolumeClaimV1(this, "Home", {
      metadata: { name: "home", namespace },
      spec: { accessModes: ["ReadWriteOnce"], storageClassName: props.storageClass, resources: { requests: { storage: `${props.storageGiB}Gi` } } },
      waitUntilBound: false,
    });
    const database = projectDatabase(props.projectId);
    const labels = { [labelKeys.component]: "workspace", [labelKeys.project]: props.projectId };
    // The tools share the quota: limits add up to it, so the pod is always admitted.
    const share = props.tools.length;
    const cpuLimit = `${Math.floor(millicores(props.cpu) / share)}m`;
    const memoryLimit = `${Math.floor(mebibytes(props.memory) / share)}Mi`;
    this.deployment = new DeploymentV1(this, "Tools", {
      metadata: { name: AnalysisWorkspace.deploymentName, namespace, labels },
      spec: {
        replicas: "1",
        strategy: { type: "Recreate" },
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            ...restrictedPodSpec({
              labels,
              containers: props.tools.map((tool) =>
                restrictedContainer({
                  name: tool.kind,
                  image: tool.image,
                  port: toolPorts[tool.kind],
                  healthPath: "/",
                  env: [
                    ...clientEnvironment(database, database, props.warehouseHost, certificateDirectory),
                    { name: "EDS_AIRLOCK_URL", value: `http://airlock.${props.airlockNamespace.name}.svc:${Airlock.port}` },
                    { name: "EDS_AIRLOCK_TOKEN_FILE", value: "/var/run/eds/airlock/token" },
                  ],
                  volumeMounts: [
                    { name: "home", mountPath: "/home/work" },
                    { name: "extract-client", mountPath: certificateDirectory, readOnly: true },
                    { name: "airlock-token", mountPath: "/var/run/eds/airlock", readOnly: true },
                  ],
                  cpu: { request: "250m", limit: cpuLimit },
                  memory: { request: "512Mi", limit: memoryLimit },
                }),
              ),
              volumes: [
                { name: "home", persistentVolumeClaim: { claimName: home.metadata.name } },
                { name: "extract-client", secret: { secretName: `postgres-client-${database.replace(/_/g, "-")}`, defaultMode: "0400" } },
                {
                  name: "airlock-token",
                  projected: [{ sources: [{ serviceAccountToken: { audience: airlockTokenAudience, expirationSeconds: 600, path: "token" } }] }],
                },
              ],
            }),
            nodeSelector: { [props.nodes.label[0]]: props.nodes.label[1] },
            ...(props.nodes.taint
              ? { toleration: [{ key: props.nodes.taint.key, operator: "Equal", value: props.nodes.taint.value, effect: props.nodes.taint.effect }] }
              : {}),
          },
        },
      },
    });
    const service = new ServiceV1(this, "Service", {
      metadata: { name: "workspace", namespace },
      spec: {
        type: "ClusterIP",
        selector: labels,
        port: props.tools.map((tool) => ({ name: tool.kind, port: toolPorts[tool.kind], targetPort: String(toolPorts[tool.kind]) })),
      },
    });
    const hostOf = (tool: (typeof props.tools)[number]) => `${tool.kind}.${props.projectId}.${props.domain}`;
    const annotations = props.gateway.projectAccess(this.namespace, props.projectId, props.membersGroup, props.tools.map(hostOf));
    for (const tool of props.tools) {
      const host = hostOf(tool);
      new IngressV1(this, `Ingress-${tool.kind}`, {
        metadata: { name: tool.kind, namespace, annotations },
        spec: {
          ingressClassName: "traefik",
          tls: [{ hosts: [host], secretName: `${tool.kind}-tls` }],
          rule: [
            {
              host,
              http: {
                path: [{ path: "/", pathType: "Prefix", backend: { service: { name: service.metadata.name, port: { number: toolPorts[tool.kind] } } } }],
              },
            },
          ],
        },
      });
    }
    const ports = props.tools.map((tool) => toolPorts[tool.kind]);
    this.namespace.allowIngress("from-ingress", props.gateway.peer, {
      pods: labels,
      ports: ports.map((port) => ({ port })),
      why: "Members reach their tools through the ingress, once the identity provider says they belong to the project",
    });
    props.gateway.allowBackend(
      `to-project-${props.projectId}`,
      Peer.pods(this.namespace, labels),
      ports,
      `The ingress forwards the members of ${props.projectId} to their tools`,
    );
    const tools = this.namespace.pods(`the tools of ${props.projectId}`, labels);
    for (const port of ports)
      declareFlow(this, {
        id: `${props.projectId}-tools-from-entrance-${port}`,
        from: props.gateway.entrance,
        to: tools,
        port,
        why: "Members reach their tools through the entrance",
      });
    declareFlow(this, {
      id: `${props.projectId}-to-extract`,
      from: tools,
      to: props.dataNamespace.pods("the warehouse", warehouse.pods),
      port: warehouse.port,
      why: "The tools read the project's extract",
    });
    declareFlow(this, {
      id: `${props.projectId}-to-airlock`,
      from: tools,
      to: props.airlockNamespace.pods("the airlock's submission service", Airlock.submitPods),
      port: Airlock.port,
      why: "Results leave through the airlock",
    });
    this.namespace.allowEgress("to-extract", Peer.pods(props.dataNamespace, warehouse.pods), {
      pods: labels,
      ports: [{ port: warehouse.port }],
      why: "The project's own extract in the warehouse; its certificate opens no other database",
    });
    this.namespace.allowEgress("to-airlock", Peer.namespace(props.airlockNamespace), {
      pods: labels,
      ports: [{ port: Airlock.port }],
      why: "Results leave only through the airlock's submission port, then review",
    });
    if (props.mirrorCidrs && props.mirrorCidrs.length > 0) {
      this.namespace.allowEgress("to-mirrors", Peer.cidrs(...props.mirrorCidrs), {
        pods: labels,
        ports: [{ port: 443 }],
        why: "Packages from the in-region mirror only",
      });
    }
  }
}
