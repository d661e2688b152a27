/** How the deployer (OpenTofu from the bastion) authenticates to the API: an exec credential plugin. */
export interface ExecCredential {
  readonly command: string;
  readonly args?: readonly string[];
}

/** OIDC on the API server, so that bindings to the identity provider's groups mean something. */
export interface OidcSettings {
  readonly issuerUrl: string;
  readonly clientId: string;
  /** @default "email" */
  readonly usernameClaim?: string;
  /** @default "groups" */
  readonly groupsClaim?: string;
  /** Prefix of group names in RBAC bindings, such as "oidc:". */
  readonly groupsPrefix: string;
  /**
   * The identity provider's group of those who apply the platform stack (people and CI), without the prefix: it
   * installs CRDs, admission webhooks and roles, so it is bound to cluster-admin from the cluster's first start.
   */
  readonly deployersGroup: string;
}

/** Signing in to the API through the identity provider, as the deployers do (int128/kubelogin's `kubectl oidc-login`). */
export const oidcLogin = (oidc: OidcSettings): ExecCredential => ({
  command: "kubectl",
  args: ["oidc-login", "get-token", `--oidc-issuer-url=${oidc.issuerUrl}`, `--oidc-client-id=${oidc.clientId}`],
});

/** The name of the binding that makes the deployers' group cluster-admin. */
export const deployersBindingName = "eds-deployers";

/** That binding, as an API object: without it, nobody signed in through the identity provider may apply anything. */
export const deployersBinding = (oidc: OidcSettings) => ({
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "ClusterRoleBinding",
  metadata: { name: deployersBindingName },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
  subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: `${oidc.groupsPrefix}${oidc.deployersGroup}` }],
});

/** What the platform stack needs of a cluster, whichever way it was built (Magnum, or instances running RKE2). */
export interface IKubernetesCluster {
  /** URL of the private API, such as https://10.40.16.10:6443. */
  readonly apiEndpoint: string;
  /**
   * CA certificate of the API, when OpenTofu learns it; undefined when the deployer supplies it (RKE2 generates its
   * CA on the first server).
   */
  readonly caCertificate?: string;
  readonly deployerCredential: ExecCredential;
  /**
   * What the deployers do, once, before the platform's first apply, for the cluster to let them in (Markdown lines);
   * none when the cluster binds them from its first start.
   */
  readonly firstApplySteps: readonly string[];
  /** Encrypted volume type of the nodes, for the default storage class. */
  readonly volumeType: string;
  /** How the cluster was built: the platform adds what the cluster lacks (RKE2 has no OpenStack cloud provider). */
  readonly engine: "magnum-cluster-api" | "rke2";
  /**
   * The Corefile the platform gives the cluster DNS, when the cluster does not start with it (kubeadm's CoreDNS, on
   * Magnum, forwards every name); undefined when it does (RKE2's HelmChartConfig in the servers' manifests folder).
   */
  readonly dnsCorefile?: string;
  /** Where the API servers write their audit log, on the control-plane nodes. */
  readonly auditLogDirectory: string;
  /** The nodes the cluster runs, its control plane's included: the log shipper runs a pod on each. */
  readonly nodeCount: number;
  /** The taints of nodes that the log shipper must tolerate to run everywhere. */
  readonly nodeTaints: readonly { readonly key: string; readonly effect: string }[];
  /** How the analysis workspaces' nodes are selected, and their taint when they have one. */
  readonly workspacesNodes: {
    readonly label: readonly [string, string];
    readonly taint?: { readonly key: string; readonly value: string; readonly effect: string };
  };
}

/** A Kubernetes minor from a version: "v1.35.5" → "1.35". */
export const minorOf = (version: string): string => version.replace(/^v/, "").split(".").slice(0, 2).join(".");
