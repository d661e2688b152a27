import type { KubernetesEngine } from "../constructs/regional-eds/regional-eds-foundation";
import { type RegionServices, registryAddress } from "../constructs/network/region-services";
import type { StateKeyProvider } from "../constructs/state/state-encryption";
import type { RegionEnvironment } from "./schema/region";

/**
 * A region's configuration with every default filled in: what the constructs receive.
 * Defaults that depend on other fields (flavors, images, volume types from the provider profile) are resolved here.
 */
export interface RegionConfig {
  readonly id: string;
  readonly name: string;
  readonly provider: RegionEnvironment["provider"] & { readonly qualifiedRegions: readonly string[] };
  readonly network: RegionEnvironment["network"];
  readonly bastion: Required<RegionEnvironment["bastion"]>;
  /** Everything outside the private network that the region's hosts reach, from the provider profile and the network plan. */
  readonly services: RegionServices;
  readonly kubernetes: {
    /** Magnum's Cluster API driver when the provider runs it, else instances running RKE2. */
    readonly engine: KubernetesEngine;
    readonly version: string;
    readonly rke2Revision: string;
    readonly controlPlane: { readonly count: number; readonly flavor: string };
    readonly nodeGroups: readonly { readonly name: string; readonly count: number; readonly flavor: string; readonly role: string }[];
    readonly nodeVolumeSizeGiB: number;
  };
  readonly storage: {
    readonly containers: RegionEnvironment["storage"]["containers"];
    readonly backups: RegionEnvironment["storage"]["backups"];
  };
  readonly registry: RegionEnvironment["registry"];
  readonly logging: RegionEnvironment["logging"];
  readonly state: { readonly bucket: string; readonly encryption: StateKeyProvider };
  readonly suppressions: RegionEnvironment["suppressions"];
  readonly approvals: RegionEnvironment["approvals"];
  /** The Kubernetes layer, when the environment declares it. */
  readonly platform?: PlatformConfig;
  /** What the region tells patients (contact, objection), when it publishes a transparency site. */
  readonly transparency?: RegionEnvironment["transparency"];
  /** The region's databases, published in the public directory. */
  readonly datasets: RegionEnvironment["datasets"];
}

export type ProjectConfig = RegionEnvironment["projects"][number];

export interface PlatformConfig {
  readonly domain: string;
  readonly identity: NonNullable<RegionEnvironment["platform"]>["identity"];
  readonly registry: string;
  readonly pseudonymisation: NonNullable<RegionEnvironment["pseudonymisation"]>;
  readonly airlock: NonNullable<RegionEnvironment["airlock"]>;
  readonly logStore: NonNullable<RegionEnvironment["logging"]["store"]>;
  readonly charts: string;
  readonly images: NonNullable<RegionEnvironment["platform"]>["images"];
  readonly dataTier: NonNullable<RegionEnvironment["platform"]>["dataTier"];
  /** Every declared project; which are active depends on the day of synthesis. */
  readonly projects: readonly ProjectConfig[];
}

/** The platform part, once validation has checked that every piece it needs is declared. */
function resolvePlatform(env: RegionEnvironment): PlatformConfig | undefined {
  const { platform, registry, pseudonymisation, airlock } = env;
  const logStore = env.logging.store;
  if (!platform || !pseudonymisation || !airlock || !logStore) return undefined;
  return { ...platform, registry: registryAddress(registry), pseudonymisation, airlock, logStore, projects: env.projects };
}

const stateKeyProvider = (encryption: RegionEnvironment["state"]["encryption"]): StateKeyProvider =>
  encryption.keyProvider === "pbkdf2"
    ? { kind: "pbkdf2" }
    : { kind: "openbao", address: encryption.address, keyName: encryption.keyName, transitEnginePath: encryption.transitEnginePath };

export function resolveEnvironment(env: RegionEnvironment): RegionConfig {
  const { provider } = env;
  const identityHost = new URL(provider.authUrl).hostname;
  return {
    id: env.id,
    name: env.name,
    provider: { ...provider, qualifiedRegions: provider.qualifiedRegions ?? [provider.region] },
    network: env.network,
    bastion: {
      ...env.bastion,
      flavor: env.bastion.flavor ?? provider.flavors.bastion,
      image: env.bastion.image ?? provider.images.bastion,
    },
    services: {
      dns: provider.dnsNameservers,
      ntp: provider.ntpServers,
      mirrors: env.network.mirrors,
      ...(env.network.proxy ? { proxy: env.network.proxy } : {}),
      registry: env.registry,
      ...(env.logging.store ? { logStore: env.logging.store } : {}),
      ...(env.platform ? { identityProvider: { url: env.platform.identity.oidcIssuer, cidr: env.platform.identity.issuerCidr } } : {}),
      apis: provider.apiEndpoints,
      apiNames: [provider.apiZone ?? identityHost.replace(/^[^.]+\./, ""), identityHost, new URL(provider.objectStorage.s3Endpoint).hostname],
    },
    kubernetes: {
      engine: provider.services.magnum === "cluster-api" ? "magnum-cluster-api" : "rke2",
      version: env.kubernetes.version,
      rke2Revision: env.kubernetes.rke2Revision,
      controlPlane: { count: env.kubernetes.controlPlane.count, flavor: env.kubernetes.controlPlane.flavor ?? provider.flavors.kubernetesControlPlane },
      nodeGroups: env.kubernetes.nodeGroups.map((group) => ({
        name: group.name,
        count: group.count,
        flavor: group.flavor ?? provider.flavors.kubernetesNode,
        role: group.role ?? group.name,
      })),
      nodeVolumeSizeGiB: env.kubernetes.nodeVolumeSizeGiB,
    },
    storage: {
      containers: env.storage.containers,
      backups: env.storage.backups,
    },
    registry: env.registry,
    logging: env.logging,
    state: { bucket: env.state.bucket ?? `${env.id}-terraform-state`, encryption: stateKeyProvider(env.state.encryption) },
    suppressions: env.suppressions,
    approvals: env.approvals,
    ...(env.platform ? { platform: resolvePlatform(env) } : {}),
    ...(env.transparency ? { transparency: env.transparency } : {}),
    datasets: env.datasets,
  };
}
