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
}

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
  /** Encrypted volume type of the nodes, for the default storage class. */
  readonly volumeType: string;
}

/** A Kubernetes minor from a version: "v1.35.5" → "1.35". */
export const minorOf = (version: string): string => version.replace(/^v/, "").split(".").slice(0, 2).join(".");
