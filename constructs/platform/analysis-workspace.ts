import { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { IngressV1 } from "@cdktf/provider-kubernetes/lib/ingress-v1";
import { PersistentVolumeClaimV1 } from "@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { Construct } from "constructs";
import type { AccessControl } from "./access-control";
import { labelKeys, restrictedContainer, restrictedPodSpec } from "./private/restricted-pod";
import { SecureNamespace } from "./secure-namespace";

/** Tools a workspace may offer, with the port each listens on. */
export const toolPorts = { jupyterlab: 8888, rstudio: 8787 } as const;

export interface WorkspaceTool {
  readonly kind: keyof typeof toolPorts;
  /** Image pinned by digest, from the region's registry. */
  readonly image: string;
}

export interface AnalysisWorkspaceProps {
  readonly projectId: string;
  /** Last day of the authorization, written on the namespace so that a reaper can act on it. */
  readonly expiry: string;
  /** Identity-provider group of the people named in the authorization. */
  readonly membersGroup: string;
  readonly tools: readonly WorkspaceTool[];
  readonly cpu: string;
  readonly memory: string;
  readonly storageGiB: number;
  readonly storageClass: string;
  readonly accessControl: AccessControl;
  /** Host names of the tools are `<tool>.<project>.<domain>`. */
  readonly domain: string;
  /** Authentication endpoint the ingress asks before letting anyone through (OIDC). */
  readonly authUrl: string;
  readonly ingressNamespace: string;
  /** Where results go for review: the only destination of a workspace besides DNS and the mirrors. */
  readonly airlock: { readonly namespace: string; readonly port: number };
  /** In-region package mirrors. @default - none: no egress at all */
  readonly mirrorCidrs?: readonly string[];
}

/** Labels that mark a namespace as a workspace (the airlock accepts submissions from these only). */
export const workspaceNamespaceLabels = { [labelKeys.kind]: "workspace" } as const;

/**
 * One approved research project's analysis environment: its own namespace, quota, home volume on the encrypted class,
 * the project's pseudonymised extract mounted read-only, the tools behind the region's ingress with OIDC, no Internet
 * egress, and the airlock as the only way out (EHDS Art. 73, CNIL EDS ch. 10, MR-004).
 */
export class AnalysisWorkspace extends Construct {
  readonly namespace: SecureNamespace;
  readonly deployments: readonly DeploymentV1[];

  constructor(scope: Construct, id: string, props: AnalysisWorkspaceProps) {
    super(scope, id);
    this.namespace = new SecureNamespace(this, "Namespace", {
      name: `project-${props.projectId}`,
      labels: { ...workspaceNamespaceLabels, [labelKeys.project]: props.projectId, [labelKeys.expiry]: props.expiry },
      quota: { cpu: props.cpu, memory: props.memory, storage: `${props.storageGiB * 2}Gi`, pods: 10 },
    });
    const namespace = this.namespace.resource.metadata.name;
    props.accessControl.grantWorkspace(this, namespace, props.membersGroup);
    const claim = (claimId: string, name: string) =>
      new PersistentVolumeClaimV1(this, claimId, {
        metadata: { name, namespace },
        spec: { accessModes: ["ReadWriteOnce"], storageClassName: props.storageClass, resources: { requests: { storage: `${props.storageGiB}Gi` } } },
        waitUntilBound: false,
      });
    const home = claim("Home", "home");
    const extract = claim("Extract", "extract");

    this.deployments = props.tools.map((tool) => {
      const port = toolPorts[tool.kind];
      const labels = { [labelKeys.component]: tool.kind, [labelKeys.project]: props.projectId };
      const deployment = new DeploymentV1(this, `Tool-${tool.kind}`, {
        metadata: { name: tool.kind, namespace, labels },
        spec: {
          replicas: "1",
          strategy: { type: "Recreate" },
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: restrictedPodSpec({
              labels,
              containers: [
                restrictedContainer({
                  name: tool.kind,
                  image: tool.image,
                  port,
                  healthPath: "/",
                  env: [
                    { name: "EDS_PROJECT", value: props.projectId },
                    { name: "EDS_AIRLOCK_URL", value: `http://airlock.${props.airlock.namespace}.svc:${props.airlock.port}` },
                  ],
                  volumeMounts: [
                    { name: "home", mountPath: "/home/work" },
                    { name: "extract", mountPath: "/data/extract", readOnly: true },
                  ],
                  cpu: { request: "500m", limit: props.cpu },
                  memory: { request: "1Gi", limit: props.memory },
                }),
              ],
              volumes: [
                { name: "home", persistentVolumeClaim: { claimName: home.metadata.name } },
                { name: "extract", persistentVolumeClaim: { claimName: extract.metadata.name, readOnly: true } },
              ],
            }),
          },
        },
      });
      const service = new ServiceV1(this, `Service-${tool.kind}`, {
        metadata: { name: tool.kind, namespace },
        spec: { type: "ClusterIP", selector: labels, port: [{ name: "http", port, targetPort: String(port) }] },
      });
      const host = `${tool.kind}.${props.projectId}.${props.domain}`;
      new IngressV1(this, `Ingress-${tool.kind}`, {
        metadata: {
          name: tool.kind,
          namespace,
          annotations: {
            "nginx.ingress.kubernetes.io/auth-url": props.authUrl,
            "nginx.ingress.kubernetes.io/auth-response-headers": "X-Auth-Request-User,X-Auth-Request-Groups",
            "nginx.ingress.kubernetes.io/force-ssl-redirect": "true",
          },
        },
        spec: {
          ingressClassName: "nginx",
          tls: [{ hosts: [host], secretName: `${tool.kind}-tls` }],
          rule: [{ host, http: { path: [{ path: "/", pathType: "Prefix", backend: { service: { name: service.metadata.name, port: { number: port } } } }] } }],
        },
      });
      this.namespace.allowIngress({
        id: `AllowIngress-${tool.kind}`,
        podLabels: labels,
        peer: { namespace: props.ingressNamespace },
        ports: [{ port }],
        why: `Members reach ${tool.kind} through the ingress (OIDC)`,
      });
      return deployment;
    });

    this.namespace.allowEgress({
      id: "AllowAirlock",
      peer: { namespace: props.airlock.namespace },
      ports: [{ port: props.airlock.port }],
      why: "Results leave only through the airlock, after review",
    });
    if (props.mirrorCidrs && props.mirrorCidrs.length > 0) {
      this.namespace.allowEgress({
        id: "AllowMirrors",
        peer: { cidrs: props.mirrorCidrs },
        ports: [{ port: 443 }],
        why: "Packages from the in-region mirror only",
      });
    }
  }
}
