import { Construct } from "constructs";
import { Bastion } from "../bastion/bastion";
import type { Administrator } from "../host/hardened-host";
import { KeyStore } from "../keys/key-store";
import type { IKubernetesCluster, OidcSettings } from "../kubernetes/cluster";
import { MagnumCluster, type NodeGroupSpec } from "../kubernetes/magnum-cluster";
import { Rke2Cluster } from "../kubernetes/rke2-cluster";
import { IsolatedNetwork, type SubnetRole } from "../network/isolated-network";
import { type RegionServices, registryAddress, resolvableNames, serviceFlows } from "../network/region-services";
import { SubnetEgressFirewall } from "../network/subnet-egress-firewall";
import { type ContainerSpec, EncryptedStorage } from "../storage/encrypted-storage";
import { PublicSite } from "../storage/public-site";

/** How the region's Kubernetes cluster is built, as the provider profile says. */
export type KubernetesEngine = "magnum-cluster-api" | "rke2";

export interface RegionalEdsFoundationProps {
  /** Region id, prefix of every resource name. */
  readonly regionId: string;
  readonly externalNetwork: string;
  readonly subnets: Readonly<Record<SubnetRole, string>>;
  readonly adminCidrs: readonly string[];
  /** Everything outside the private network that the region's hosts reach. */
  readonly services: RegionServices;
  /** Encrypted volume types of the provider; the first is used for every volume that does not choose. */
  readonly encryptedVolumeTypes: readonly string[];
  /** Whether the provider offers Barbican; without it no key is ordered. */
  readonly barbican: boolean;
  /**
   * Whether the provider offers Neutron's firewall groups (FWaaS v2): what leaves the nodes subnet is then filtered at
   * its router interface (SubnetEgressFirewall), the only filter on a Magnum cluster's nodes, whose security groups let
   * every packet out. @default false
   */
  readonly firewall?: boolean;
  readonly bastion: {
    readonly administrators: readonly Administrator[];
    readonly flavor: string;
    readonly image: string;
    readonly volumeSizeGiB?: number;
  };
  readonly kubernetes: {
    readonly engine: KubernetesEngine;
    readonly image: string;
    readonly imageOsDistro: "ubuntu" | "debian" | "flatcar" | "rockylinux";
    readonly version?: string;
    readonly rke2Revision?: string;
    readonly controlPlaneCount?: number;
    readonly controlPlaneFlavor: string;
    readonly nodeGroups: readonly NodeGroupSpec[];
    readonly nodeVolumeSizeGiB?: number;
    /** @default - no OIDC on the API server (no platform declared) */
    readonly oidc?: OidcSettings;
  };
  readonly storage: {
    readonly containers?: readonly ContainerSpec[];
    readonly backupSchedule?: "hourly" | "daily";
    readonly backupRetentionDays?: number;
  };
  /**
   * The region's transparency site (its files by path), published from a container of its own, the only public one.
   * @default - no public container
   */
  readonly publicSite?: ReadonlyMap<string, string>;
}

/** Keys the foundation orders, one per purpose (SecNumCloud 10.5, SNC-KEY-2). */
export const keyPurposes = ["pseudonymisation", "backups", "extracts"] as const;

/** OIDC settings when the region declares none: the API server then trusts no identity provider. */
const noOidc: OidcSettings = { issuerUrl: "", clientId: "", groupsPrefix: "", deployersGroup: "" };

/**
 * The OpenStack half of a regional health data warehouse: isolated network, bastion, encrypted storage, keys and the
 * Kubernetes cluster (Magnum's Cluster API driver, or instances running RKE2 on clouds without Magnum). The platform
 * stack builds on its outputs through the same cluster interface whichever way it is built.
 */
export class RegionalEdsFoundation extends Construct {
  readonly network: IsolatedNetwork;
  readonly bastion: Bastion;
  readonly storage: EncryptedStorage;
  readonly publicSite?: PublicSite;
  readonly keys?: KeyStore;
  readonly kubernetes: IKubernetesCluster;

  constructor(scope: Construct, id: string, props: RegionalEdsFoundationProps) {
    super(scope, id);
    const namePrefix = props.regionId;
    const volumeType = props.encryptedVolumeTypes[0];
    if (volumeType === undefined) throw new Error(`${this.node.path}: encryptedVolumeTypes must name at least one encrypted volume type`);
    if (!props.services.registry) throw new Error(`${this.node.path}: the cluster's system images come from the region's registry, which is not declared`);

    this.network = new IsolatedNetwork(this, "Network", {
      namePrefix,
      subnets: props.subnets,
      externalNetwork: props.externalNetwork,
      ...(props.services.dns ? { dnsNameservers: props.services.dns } : {}),
    });
    this.bastion = new Bastion(this, "Bastion", {
      namePrefix,
      network: this.network,
      adminCidrs: props.adminCidrs,
      services: props.services,
      ...props.bastion,
      volumeType,
    });
    this.storage = new EncryptedStorage(this, "Storage", { namePrefix, ...props.storage });
    if (props.publicSite) this.publicSite = new PublicSite(this, "PublicSite", { namePrefix, files: props.publicSite });
    if (props.barbican) this.keys = new KeyStore(this, "Keys", { namePrefix, purposes: keyPurposes });
    if (props.firewall)
      new SubnetEgressFirewall(this, "NodesEgress", {
        namePrefix,
        network: this.network,
        role: "nodes",
        services: serviceFlows(props.services),
        privateCidrs: Object.entries(props.subnets).flatMap(([role, cidr]) => (role === "nodes" ? [] : [cidr])),
      });
    const { engine, oidc = noOidc, ...kubernetes } = props.kubernetes;
    this.kubernetes =
      engine === "magnum-cluster-api"
        ? new MagnumCluster(this, "Kubernetes", {
            namePrefix,
            network: this.network,
            volumeType,
            imageRepository: `${registryAddress(props.services.registry)}/magnum`,
            oidc,
            ...kubernetes,
            resolvable: { names: resolvableNames(props.services), resolvers: props.services.dns ?? [] },
          })
        : new Rke2Cluster(this, "Kubernetes", {
            namePrefix,
            network: this.network,
            volumeType,
            administrators: props.bastion.administrators,
            services: props.services,
            bastionGroup: this.bastion.securityGroup,
            registry: registryAddress(props.services.registry),
            oidc,
            ...kubernetes,
          });
  }
}
