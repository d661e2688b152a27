import { ConfigMapV1Data } from "@cdktf/provider-kubernetes/lib/config-map-v1-data";
import { Construct } from "constructs";
import type { FlowEndpoint } from "../flows";
import type { IKubernetesCluster } from "../kubernetes/cluster";
import { AccessControl } from "../platform/access-control";
import { Airlock } from "../platform/airlock";
import { AnalysisWorkspace, type WorkspaceTool, workspaceNamespaceLabels } from "../platform/analysis-workspace";
import {
  clientCertificate,
  DataTier,
  dataNamespaceQuota,
  type ExtractState,
  restoreDrillQuota,
  warehouse,
  warehouseBackupPath,
  projectDatabase,
  warehouseRoles,
} from "../platform/data-tier";
import { EncryptedStorageClass } from "../platform/encrypted-storage-class";
import { CustomResources } from "../platform/helm-component";
import { entranceNamespaceQuota, IngressGateway } from "../platform/ingress-gateway";
import { InternalCertificates } from "../platform/internal-certificates";
import { LogShipper, logShipperNamespaceQuota } from "../platform/log-shipper";
import { type CinderCsiSidecarImages, OpenStackCloudProvider } from "../platform/openstack-cloud-provider";
import { PseudonymisationService } from "../platform/pseudonymisation-service";
import { Peer, SecureNamespace } from "../platform/secure-namespace";
import { VolumeBackups } from "../platform/volume-backups";
import { WarehouseRestoreDrill } from "../platform/warehouse-restore-drill";
import { WorkspaceExpiry } from "../platform/workspace-expiry";
import { platformNamespaces } from "./namespaces";

export interface PlatformProject {
  readonly id: string;
  readonly expiry: string;
  readonly membersGroup: string;
  readonly dataCategories: readonly string[];
  readonly tools: readonly WorkspaceTool[];
  readonly resources: { readonly cpu: string; readonly memory: string; readonly storageGiB: number };
  /** active: workspace and extract; archived: extract kept, nobody logs in; dropped: extract deleted. */
  readonly state: ExtractState;
}

/** Images of the well-known components, each pinned by digest in the region's registry. */
export interface PlatformImages {
  readonly traefik: string;
  readonly oauth2Proxy: string;
  readonly certManagerController: string;
  readonly certManagerWebhook: string;
  readonly certManagerCainjector: string;
  readonly cloudnativePg: string;
  readonly postgres: string;
  readonly velero: string;
  readonly veleroOpenstackPlugin: string;
  /** kubectl and a POSIX shell, for the job that stops expired workspaces. */
  readonly kubectl: string;
  /** Needed on a cluster built from instances only. */
  readonly openstackCloudControllerManager?: string;
  readonly cinderCsiPlugin?: string;
  readonly cinderCsiSidecars?: CinderCsiSidecarImages;
}

export interface RegionalEdsPlatformProps {
  readonly regionId: string;
  /** The cluster, whichever way it was built. */
  readonly cluster: Pick<IKubernetesCluster, "engine" | "volumeType" | "auditLogDirectory" | "nodeCount" | "nodeTaints" | "workspacesNodes" | "dnsCorefile">;
  readonly domain: string;
  readonly identity: {
    readonly adminGroup: string;
    readonly groupsPrefix: string;
    readonly oidcIssuer: string;
    readonly issuerCidr: string;
    readonly clientId: string;
  };
  readonly apis: { readonly identity: string; readonly keyManager: string; readonly objectStorage: string; readonly otherApis: string };
  readonly openstackRegion: string;
  readonly s3Endpoint: string;
  /** The DMZ subnet, where the ingress load balancer lives, and the nodes subnet, where the API servers answer. */
  readonly subnets: { readonly dmz: { readonly id: string; readonly cidr: string }; readonly nodes: string };
  /** @default - none */
  readonly mirrorCidrs?: readonly string[];
  /** OCI repository of the region's mirrored charts. */
  readonly chartRepository: string;
  readonly images: PlatformImages;
  /** Barbican reference of the pseudonymisation master key. */
  readonly masterKeyRef: string;
  readonly pseudonymisation: {
    readonly image: string;
    readonly replicas: number;
    readonly optOutList: { readonly container: string; readonly object: string };
  };
  readonly airlock: { readonly image: string; readonly requiredApprovals: number; readonly reviewersGroup: string };
  readonly logStore: { readonly host: string; readonly port: number; readonly cidr: string; readonly shipperImage: string; readonly caCertificate?: string };
  readonly logRetentionDays: number;
  readonly dataTier: { readonly instances: number; readonly storageGiB: number };
  readonly backups: { readonly schedule: "hourly" | "daily"; readonly retentionDays: number };
  /** The projects known on the day of synthesis, each in its state. */
  readonly projects: readonly PlatformProject[];
}

/** Object containers the platform relies on, created by the foundation. */
export const platformContainers = { airlockStaging: "airlock", release: "exports", backups: "backups" } as const;

/**
 * The Kubernetes half of a regional health data warehouse: the entrance (Traefik, oauth2-proxy, internal certificates),
 * the warehouse (CloudNativePG) with continuous backups, the ingestion and pseudonymisation namespaces, the airlock,
 * the log shipper, volume backups (Velero), and one analysis workspace per approved project. Every namespace starts
 * from nothing allowed; each flow is opened where it is needed, with its reason.
 */
export class RegionalEdsPlatform extends Construct {
  readonly namespaces: Readonly<Record<Exclude<keyof typeof platformNamespaces, "cloudProvider">, SecureNamespace>>;
  readonly storageClass: EncryptedStorageClass;
  /** The class of the restore drill's copies: deleted with them. */
  readonly scratchStorageClass: EncryptedStorageClass;
  readonly accessControl: AccessControl;
  readonly gateway: IngressGateway;
  readonly certificates: InternalCertificates;
  readonly dataTier: DataTier;
  readonly pseudonymisation: PseudonymisationService;
  readonly airlock: Airlock;
  readonly logShipper: LogShipper;
  readonly backups: VolumeBackups;
  readonly workspaceExpiry: WorkspaceExpiry;
  readonly restoreDrill: WarehouseRestoreDrill;
  readonly resources: CustomResources;
  readonly workspaces: readonly AnalysisWorkspace[];
  /** Who plays the roles the frameworks' forbidden flows name, for the flow check. */
  readonly flowRoles: Readonly<Record<"workspaces" | "ingestion" | "pseudonymisation" | "warehouse", FlowEndpoint>>;

  constructor(scope: Construct, id: string, props: RegionalEdsPlatformProps) {
    super(scope, id);
    const apiServerCidr = props.subnets.nodes;
    const activeProjects = props.projects.filter((project) => project.state === "active");
    const small = { cpu: "4", memory: "8Gi", storage: "20Gi" };
    const ns = (key: keyof typeof platformNamespaces, quota: ConstructorParameters<typeof SecureNamespace>[2]["quota"], podSecurity?: "privileged") =>
      new SecureNamespace(this, `Namespace-${key}`, { name: platformNamespaces[key], quota, ...(podSecurity ? { podSecurity } : {}) });
    this.namespaces = {
      ingress: ns("ingress", entranceNamespaceQuota(activeProjects.length)),
      certificates: ns("certificates", small),
      ingestion: ns("ingestion", { cpu: "8", memory: "32Gi", storage: "500Gi" }),
      pseudonymisation: ns("pseudonymisation", small),
      data: ns("data", dataNamespaceQuota(props.dataTier.instances, props.dataTier.storageGiB, activeProjects.length)),
      databaseOperator: ns("databaseOperator", small),
      airlock: ns("airlock", small),
      backups: ns("backups", small),
      logging: ns("logging", logShipperNamespaceQuota(props.cluster.nodeCount), "privileged"),
      workspaceExpiry: ns("workspaceExpiry", { cpu: "1", memory: "1Gi", storage: "1Gi", pods: 4 }),
      restoreDrill: ns("restoreDrill", restoreDrillQuota(props.dataTier.storageGiB)),
    };
    const n = this.namespaces;
    this.storageClass = new EncryptedStorageClass(this, "StorageClass", { volumeType: props.cluster.volumeType });
    this.scratchStorageClass = new EncryptedStorageClass(this, "ScratchStorageClass", { volumeType: props.cluster.volumeType, scratch: true });
    this.accessControl = new AccessControl(this, "AccessControl", props.identity);
    const chartRepository = props.chartRepository;
    const images = props.images;

    this.certificates = new InternalCertificates(this, "Certificates", {
      workspacesNodeLabel: props.cluster.workspacesNodes.label,
      namespace: n.certificates,
      chartRepository,
      apiServerCidr,
      images: { controller: images.certManagerController, webhook: images.certManagerWebhook, cainjector: images.certManagerCainjector },
    });
    this.gateway = new IngressGateway(this, "Gateway", {
      workspacesNodeLabel: props.cluster.workspacesNodes.label,
      namespace: n.ingress,
      chartRepository,
      domain: props.domain,
      dmzSubnet: props.subnets.dmz,
      apiServerCidr,
      oidc: { issuerUrl: props.identity.oidcIssuer, issuerCidr: props.identity.issuerCidr, clientId: props.identity.clientId },
      images: { traefik: images.traefik, oauth2Proxy: images.oauth2Proxy },
    });
    const cloudProvider =
      props.cluster.engine === "rke2"
        ? new OpenStackCloudProvider(this, "CloudProvider", {
            namespace: ns("cloudProvider", small, "privileged"),
            chartRepository,
            apiServerCidr,
            apis: props.apis,
            images: {
              cloudControllerManager: required(images.openstackCloudControllerManager, "openstackCloudControllerManager"),
              cinderCsiPlugin: required(images.cinderCsiPlugin, "cinderCsiPlugin"),
              cinderCsiSidecars: required(images.cinderCsiSidecars, "cinderCsiSidecars"),
            },
          })
        : undefined;
    if (props.cluster.dnsCorefile) {
      // Server-side apply, forced: the key changes managers, from kubeadm to the platform (terraform-provider-kubernetes,
      // resource_kubernetes_config_map_v1_data.go). Destroying the platform empties it, and the cluster DNS with it.
      new ConfigMapV1Data(this, "ClusterDns", {
        metadata: { name: "coredns", namespace: "kube-system" },
        data: { Corefile: props.cluster.dnsCorefile },
        force: true,
      });
    }
    this.dataTier = new DataTier(this, "DataTier", {
      namespace: n.data,
      operatorNamespace: n.databaseOperator,
      chartRepository,
      apiServerCidr,
      images: { operator: images.cloudnativePg, postgres: images.postgres },
      storageClass: this.storageClass.name,
      instances: props.dataTier.instances,
      storageGiB: props.dataTier.storageGiB,
      backups: { container: platformContainers.backups, s3Endpoint: props.s3Endpoint, objectStorageCidr: props.apis.objectStorage, ...props.backups },
      workspacesNodeLabel: props.cluster.workspacesNodes.label,
    });
    this.restoreDrill = new WarehouseRestoreDrill(this, "RestoreDrill", {
      namespace: n.restoreDrill,
      operatorNamespace: n.databaseOperator,
      image: images.kubectl,
      postgresImage: images.postgres,
      storageGiB: props.dataTier.storageGiB,
      storageClass: this.scratchStorageClass.name,
      backupPath: warehouseBackupPath(props.regionId, platformContainers.backups),
      s3Endpoint: props.s3Endpoint,
      apiServerCidr,
      objectStorageCidr: props.apis.objectStorage,
      workspacesNodeLabel: props.cluster.workspacesNodes.label,
    });
    this.pseudonymisation = new PseudonymisationService(this, "Pseudonymisation", {
      namespace: n.pseudonymisation,
      clientNamespace: n.ingestion,
      regionId: props.regionId,
      image: props.pseudonymisation.image,
      replicas: props.pseudonymisation.replicas,
      masterKeyRef: props.masterKeyRef,
      projects: activeProjects,
      optOutList: props.pseudonymisation.optOutList,
      apis: props.apis,
      dataNamespace: n.data,
      warehouseHost: this.dataTier.host,
      workspacesNodeLabel: props.cluster.workspacesNodes.label,
    });
    this.dataTier.allowClients(
      "pseudonymisation",
      Peer.pods(n.pseudonymisation, this.pseudonymisation.labels),
      "The pseudonymisation service writes pseudonymised records",
    );
    this.dataTier.allowClients(
      "extract-builders",
      Peer.pods(n.data, { "app.kubernetes.io/name": "extract-builder" }),
      "The jobs that build each project's extract",
    );
    n.data.allowEgress("extract-builders-to-warehouse", Peer.pods(n.data, { "cnpg.io/cluster": "warehouse" }), {
      pods: { "app.kubernetes.io/name": "extract-builder" },
      ports: [{ port: 5432 }],
      why: "The jobs that build each project's extract read the warehouse and write the extract",
    });
    this.dataTier.allowClients(
      "workspaces",
      Peer.namespacesLabelled(workspaceNamespaceLabels),
      "Each workspace reads its own extract (its certificate opens its database only)",
    );
    n.ingestion.allowEgress("to-pseudonymisation", Peer.pods(n.pseudonymisation, this.pseudonymisation.labels), {
      ports: [{ port: PseudonymisationService.port }],
      why: "Data from care systems goes into the warehouse only through the pseudonymisation service",
    });

    this.airlock = new Airlock(this, "Airlock", {
      namespace: n.airlock,
      regionId: props.regionId,
      image: props.airlock.image,
      requiredApprovals: props.airlock.requiredApprovals,
      reviewersGroup: `${props.identity.groupsPrefix}${props.airlock.reviewersGroup}`,
      groupsPrefix: props.identity.groupsPrefix,
      stagingContainer: platformContainers.airlockStaging,
      releaseContainer: platformContainers.release,
      workspaceNamespaceLabels,
      apiServerCidr,
      apis: props.apis,
      workspacesNodeLabel: props.cluster.workspacesNodes.label,
    });
    this.logShipper = new LogShipper(this, "LogShipper", {
      namespace: n.logging,
      regionId: props.regionId,
      image: props.logStore.shipperImage,
      store: props.logStore,
      retentionDays: props.logRetentionDays,
      auditLogDirectory: props.cluster.auditLogDirectory,
      tolerations: props.cluster.nodeTaints,
    });
    const backedUpNamespaces: string[] = [n.ingestion.name];
    this.backups = new VolumeBackups(this, "Backups", {
      workspacesNodeLabel: props.cluster.workspacesNodes.label,
      namespace: n.backups,
      chartRepository,
      apiServerCidr,
      apis: props.apis,
      regionId: props.regionId,
      container: platformContainers.backups,
      openstackRegion: props.openstackRegion,
      images: { velero: images.velero, openstackPlugin: images.veleroOpenstackPlugin },
      ...props.backups,
      namespaces: backedUpNamespaces,
    });

    this.workspaceExpiry = new WorkspaceExpiry(this, "WorkspaceExpiry", {
      workspacesNodeLabel: props.cluster.workspacesNodes.label,
      namespace: n.workspaceExpiry,
      image: images.kubectl,
      workspaceNamespaceLabels,
      apiServerCidr,
    });
    for (const project of props.projects) this.dataTier.addProject(project);
    this.workspaces = activeProjects.map((project) => {
      const workspace = new AnalysisWorkspace(this, `Workspace-${project.id}`, {
        projectId: project.id,
        expiry: project.expiry,
        membersGroup: project.membersGroup,
        tools: project.tools,
        ...project.resources,
        storageClass: this.storageClass.name,
        accessControl: this.accessControl,
        domain: props.domain,
        gateway: this.gateway,
        airlockNamespace: n.airlock,
        dataNamespace: n.data,
        warehouseHost: this.dataTier.host,
        nodes: props.cluster.workspacesNodes,
        ...(props.mirrorCidrs ? { mirrorCidrs: props.mirrorCidrs } : {}),
      });
      backedUpNamespaces.push(workspace.namespace.name);
      this.workspaceExpiry.cover(workspace);
      return workspace;
    });

    this.flowRoles = {
      workspaces: { name: "the analysis workspaces", pods: { namespaceLabels: workspaceNamespaceLabels } },
      ingestion: n.ingestion.pods("ingestion"),
      pseudonymisation: n.pseudonymisation.pods("the pseudonymisation service", this.pseudonymisation.labels),
      warehouse: n.data.pods("the warehouse", warehouse.pods),
    };
    this.resources = new CustomResources(this, "Resources", {
      chartRepository,
      namespace: n.certificates,
      dependsOn: [
        this.certificates.component.release,
        this.gateway.traefik.release,
        this.dataTier.operator.release,
        ...(cloudProvider ? [cloudProvider.cinderCsi.release] : []),
      ],
    });
    this.certificates.addIssuers(this.resources, n.certificates.name);
    this.resources.add(clientCertificate(n.pseudonymisation.name, warehouseRoles.writer));
    for (const workspace of this.workspaces) this.resources.add(clientCertificate(workspace.namespace.name, projectDatabase(workspace.projectId)));
    this.dataTier.addResources(this.resources, props.regionId);
  }
}

function required<T>(image: T | undefined, name: string): T {
  if (!image) throw new Error(`platform.images.${name} is needed on a cluster built from instances`);
  return image;
}
