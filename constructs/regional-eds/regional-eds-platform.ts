import { Construct } from "constructs";
import { platformNamespaces } from "./namespaces";
import { AccessControl } from "../platform/access-control";
import { Airlock } from "../platform/airlock";
import { AnalysisWorkspace, workspaceNamespaceLabels, type WorkspaceTool } from "../platform/analysis-workspace";
import { EncryptedStorageClass } from "../platform/encrypted-storage-class";
import { LogShipper } from "../platform/log-shipper";
import { PseudonymisationService } from "../platform/pseudonymisation-service";
import { SecureNamespace } from "../platform/secure-namespace";

export interface WorkspaceProject {
  readonly id: string;
  readonly expiry: string;
  readonly membersGroup: string;
  readonly tools: readonly WorkspaceTool[];
  readonly resources: { readonly cpu: string; readonly memory: string; readonly storageGiB: number };
}

export interface RegionalEdsPlatformProps {
  readonly regionId: string;
  /** Encrypted volume type of the default storage class. */
  readonly volumeType: string;
  readonly domain: string;
  readonly identity: { readonly adminGroup: string; readonly groupsPrefix: string };
  readonly serviceCidrs: { readonly keyManager: string; readonly objectStorage: string };
  /** The DMZ subnet, where the ingress load balancer sends user traffic from. */
  readonly dmzCidr: string;
  /** @default - none */
  readonly mirrorCidrs?: readonly string[];
  /** Barbican reference of the pseudonymisation master key. */
  readonly masterKeyRef: string;
  readonly pseudonymisation: {
    readonly image: string;
    readonly replicas: number;
    readonly optOutList: { readonly container: string; readonly object: string };
  };
  readonly airlock: { readonly image: string; readonly requiredApprovals: number; readonly reviewersGroup: string };
  readonly logStore: { readonly host: string; readonly port: number; readonly cidr: string; readonly shipperImage: string };
  readonly logRetentionDays: number;
  /** Projects whose authorization is in force today; the others are not synthesized. */
  readonly projects: readonly WorkspaceProject[];
}

/** Object containers the platform relies on, created by the foundation. */
export const platformContainers = { airlockStaging: "airlock", release: "exports", optOut: "opt-out" } as const;

/** Namespaces of the platform, by role. */

/**
 * The Kubernetes half of a regional health data warehouse: encrypted default storage, access by identity-provider
 * groups, the ingestion and pseudonymisation namespaces, the airlock, the log shipper and one analysis workspace per
 * approved project.
 */
export class RegionalEdsPlatform extends Construct {
  readonly storageClass: EncryptedStorageClass;
  readonly accessControl: AccessControl;
  readonly namespaces: Readonly<Record<keyof typeof platformNamespaces, SecureNamespace>>;
  readonly pseudonymisation: PseudonymisationService;
  readonly airlock: Airlock;
  readonly logShipper: LogShipper;
  readonly workspaces: readonly AnalysisWorkspace[];

  constructor(scope: Construct, id: string, props: RegionalEdsPlatformProps) {
    super(scope, id);
    this.storageClass = new EncryptedStorageClass(this, "StorageClass", { volumeType: props.volumeType });
    this.accessControl = new AccessControl(this, "AccessControl", props.identity);
    const small = { cpu: "4", memory: "8Gi", storage: "20Gi" };
    this.namespaces = {
      ingress: new SecureNamespace(this, "IngressNamespace", { name: platformNamespaces.ingress, quota: small }),
      ingestion: new SecureNamespace(this, "IngestionNamespace", { name: platformNamespaces.ingestion, quota: { cpu: "8", memory: "32Gi", storage: "500Gi" } }),
      pseudonymisation: new SecureNamespace(this, "PseudonymisationNamespace", { name: platformNamespaces.pseudonymisation, quota: small }),
      airlock: new SecureNamespace(this, "AirlockNamespace", { name: platformNamespaces.airlock, quota: small }),
      logging: new SecureNamespace(this, "LoggingNamespace", { name: platformNamespaces.logging, quota: small, podSecurity: "privileged" }),
    };
    const { ingress, ingestion } = this.namespaces;
    ingress.allowIngress({
      id: "AllowUsers",
      peer: { cidrs: [props.dmzCidr] },
      ports: [{ port: 443 }],
      why: "User traffic from the ingress load balancer in the DMZ",
    });
    ingress.allowEgress({
      id: "AllowWorkspaces",
      peer: { namespaceLabels: workspaceNamespaceLabels },
      ports: [{ port: 8888 }, { port: 8787 }],
      why: "The ingress forwards members to their workspace tools",
    });
    ingress.allowEgress({
      id: "AllowAirlock",
      peer: { namespace: platformNamespaces.airlock },
      ports: [{ port: Airlock.port }],
      why: "The ingress forwards reviewers to the airlock",
    });
    ingestion.allowEgress({
      id: "AllowPseudonymisation",
      peer: { namespace: platformNamespaces.pseudonymisation },
      ports: [{ port: PseudonymisationService.port }],
      why: "Extracts are pseudonymised before they are stored",
    });

    this.pseudonymisation = new PseudonymisationService(this, "Pseudonymisation", {
      namespace: this.namespaces.pseudonymisation,
      clientNamespace: platformNamespaces.ingestion,
      regionId: props.regionId,
      image: props.pseudonymisation.image,
      replicas: props.pseudonymisation.replicas,
      masterKeyRef: props.masterKeyRef,
      projects: props.projects,
      optOutList: props.pseudonymisation.optOutList,
      keyManagerCidr: props.serviceCidrs.keyManager,
      objectStorageCidr: props.serviceCidrs.objectStorage,
    });
    this.airlock = new Airlock(this, "Airlock", {
      namespace: this.namespaces.airlock,
      regionId: props.regionId,
      image: props.airlock.image,
      requiredApprovals: props.airlock.requiredApprovals,
      reviewersGroup: `${props.identity.groupsPrefix}${props.airlock.reviewersGroup}`,
      stagingContainer: platformContainers.airlockStaging,
      releaseContainer: platformContainers.release,
      workspaceNamespaceLabels,
      ingressNamespace: platformNamespaces.ingress,
      objectStorageCidr: props.serviceCidrs.objectStorage,
    });
    this.logShipper = new LogShipper(this, "LogShipper", {
      namespace: this.namespaces.logging,
      regionId: props.regionId,
      image: props.logStore.shipperImage,
      store: props.logStore,
      retentionDays: props.logRetentionDays,
    });
    this.workspaces = props.projects.map(
      (project) =>
        new AnalysisWorkspace(this, `Workspace-${project.id}`, {
          projectId: project.id,
          expiry: project.expiry,
          membersGroup: project.membersGroup,
          tools: project.tools,
          ...project.resources,
          storageClass: this.storageClass.name,
          accessControl: this.accessControl,
          domain: props.domain,
          authUrl: `https://auth.${props.domain}/oauth2/auth`,
          ingressNamespace: platformNamespaces.ingress,
          airlock: { namespace: platformNamespaces.airlock, port: Airlock.port },
          ...(props.mirrorCidrs ? { mirrorCidrs: props.mirrorCidrs } : {}),
        }),
    );
  }
}
