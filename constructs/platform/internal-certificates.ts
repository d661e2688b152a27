import { Construct } from "constructs";
import { type CustomResources, HelmComponent, imageParts } from "./helm-component";
import { Peer, type SecureNamespace } from "./secure-namespace";

export interface InternalCertificatesProps {
  /** Label of the workspaces' nodes, which its pods keep off (on Magnum they carry no taint). */
  readonly workspacesNodeLabel: readonly [string, string];
  readonly namespace: SecureNamespace;
  readonly chartRepository: string;
  readonly apiServerCidr: string;
  readonly images: { readonly controller: string; readonly webhook: string; readonly cainjector: string };
}

/** Issuers of the region's certificates, by purpose. */
export const issuers = {
  /** TLS of the region's web endpoints (ingress hosts). */
  web: "eds-internal-ca",
  /** The data tier: the database servers' certificates and every client's (services, workspaces). */
  postgres: "eds-postgres-ca",
} as const;

/** cert-manager's pods, as its chart labels them. */
const certManagerPods = { "app.kubernetes.io/instance": "cert-manager" };

/**
 * cert-manager, and the region's internal certificate authorities: one for the web endpoints, one for the data tier
 * (servers and clients, so a workspace proves which project it is with a certificate, never a password). Both roots
 * are generated inside the cluster; no key material ever goes through the configuration or the state.
 */
export class InternalCertificates extends Construct {
  readonly component: HelmComponent;

  constructor(scope: Construct, id: string, props: InternalCertificatesProps) {
    super(scope, id);
    const image = (which: keyof InternalCertificatesProps["images"]) => ({
      repository: imageParts(props.images[which]).fullRepository,
      tag: HelmComponent.tagOf("certManager", props.images[which]),
    });
    this.component = new HelmComponent(this, "CertManager", {
      avoidNodes: props.workspacesNodeLabel,
      component: "certManager",
      chartRepository: props.chartRepository,
      namespace: props.namespace,
      name: "cert-manager",
      images: Object.values(props.images),
      values: {
        crds: { enabled: true, keep: true },
        image: image("controller"),
        webhook: { image: image("webhook") },
        cainjector: { image: image("cainjector") },
        startupapicheck: { enabled: false },
        // The chart adds the right to create Certificates to Kubernetes' built-in edit and admin roles (templates/
        // rbac.yaml, aggregate-to-edit/admin): whoever is given either anywhere could have the data tier's CA sign a
        // client certificate for any database role, extract_builder's included. Only the platform asks for them.
        global: { rbac: { aggregateClusterRoles: false } },
      },
    });
    props.namespace.allowEgress("to-api-server", Peer.cidrs(props.apiServerCidr), {
      pods: certManagerPods,
      ports: [{ port: 6443 }],
      why: "cert-manager watches and writes certificates and secrets",
    });
    props.namespace.allowIngress("webhook-from-api-server", Peer.apiServerCalls(props.apiServerCidr), {
      pods: { ...certManagerPods, "app.kubernetes.io/component": "webhook" },
      ports: [{ port: 10250 }],
      why: "The API server validates cert-manager's resources through its webhook",
    });
  }

  /** The self-signed roots and the cluster issuers built on them. */
  addIssuers(resources: CustomResources, namespace: string): void {
    resources.add({ apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", metadata: { name: "eds-self-signed" }, spec: { selfSigned: {} } });
    for (const [purpose, name] of Object.entries(issuers)) {
      resources.add({
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        metadata: { name, namespace },
        spec: {
          isCA: true,
          commonName: `EDS Régional ${purpose} CA`,
          secretName: name,
          duration: "87600h",
          privateKey: { algorithm: "ECDSA", size: 384 },
          issuerRef: { name: "eds-self-signed", kind: "ClusterIssuer", group: "cert-manager.io" },
        },
      });
      resources.add({ apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", metadata: { name }, spec: { ca: { secretName: name } } });
    }
  }
}
