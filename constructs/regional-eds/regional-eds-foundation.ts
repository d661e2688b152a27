import { Construct } from "constructs";
import { Bastion } from "../bastion/bastion";
import type { FlowRule } from "../network/security-group";
import { KeyStore } from "../keys/key-store";
import { KubernetesCluster, type NodeGroupSpec } from "../kubernetes/kubernetes-cluster";
import { IsolatedNetwork, type SubnetRole } from "../network/isolated-network";
import { EncryptedStorage, type ContainerSpec, type VolumeSpec } from "../storage/encrypted-storage";

export interface RegionalEdsFoundationProps {
  /** Region id, prefix of every resource name. */
  readonly regionId: string;
  readonly externalNetwork: string;
  readonly subnets: Readonly<Record<SubnetRole, string>>;
  readonly adminCidrs: readonly string[];
  /** @default - none */
  readonly mirrorCidrs?: readonly string[];
  /** @default - the provider's DHCP default */
  readonly dnsNameservers?: readonly string[];
  /** @default - none */
  readonly ntpServers?: readonly string[];
  /** Encrypted volume types of the provider; the first is used for every volume that does not choose. */
  readonly encryptedVolumeTypes: readonly string[];
  /** Whether the provider offers Barbican; without it no key is ordered. */
  readonly barbican: boolean;
  readonly bastion: {
    readonly sshPublicKeys: readonly string[];
    readonly flavor: string;
    readonly image: string;
    readonly volumeSizeGiB?: number;
  };
  readonly kubernetes: {
    readonly image: string;
    readonly version?: string;
    readonly controlPlaneCount?: number;
    readonly controlPlaneFlavor: string;
    readonly nodeGroups: readonly NodeGroupSpec[];
    readonly nodeVolumeSizeGiB?: number;
  };
  readonly storage: {
    readonly volumes?: readonly VolumeSpec[];
    readonly containers?: readonly ContainerSpec[];
    readonly backupSchedule?: "hourly" | "daily";
    readonly backupRetentionDays?: number;
  };
}

/** Keys the foundation orders, one per purpose (SecNumCloud 10.5, SNC-KEY-2). */
export const keyPurposes = ["pseudonymisation", "backups", "extracts"] as const;

/**
 * The OpenStack half of a regional health data warehouse: isolated network, bastion, encrypted storage, keys and the
 * Kubernetes cluster. The platform stack builds on its outputs.
 */
export class RegionalEdsFoundation extends Construct {
  readonly network: IsolatedNetwork;
  readonly bastion: Bastion;
  readonly storage: EncryptedStorage;
  readonly keys?: KeyStore;
  readonly kubernetes: KubernetesCluster;

  constructor(scope: Construct, id: string, props: RegionalEdsFoundationProps) {
    super(scope, id);
    const namePrefix = props.regionId;
    const volumeType = props.encryptedVolumeTypes[0];
    if (volumeType === undefined) throw new Error(`${this.node.path}: encryptedVolumeTypes must name at least one encrypted volume type`);

    this.network = new IsolatedNetwork(this, "Network", {
      namePrefix,
      subnets: props.subnets,
      externalNetwork: props.externalNetwork,
      ...(props.dnsNameservers ? { dnsNameservers: props.dnsNameservers } : {}),
    });
    this.bastion = new Bastion(this, "Bastion", {
      namePrefix,
      network: this.network,
      adminCidrs: props.adminCidrs,
      ...props.bastion,
      volumeType,
      outboundServices: outboundServices(props),
    });
    this.storage = new EncryptedStorage(this, "Storage", { namePrefix, encryptedVolumeTypes: props.encryptedVolumeTypes, ...props.storage });
    if (props.barbican) this.keys = new KeyStore(this, "Keys", { namePrefix, purposes: keyPurposes });
    this.kubernetes = new KubernetesCluster(this, "Kubernetes", {
      namePrefix,
      network: this.network,
      volumeType,
      sshPublicKey: props.bastion.sshPublicKeys[0]!,
      ...props.kubernetes,
      ...(props.dnsNameservers?.[0] ? { dnsNameserver: props.dnsNameservers[0] } : {}),
    });
  }
}

/** The bastion's flows to the region's services: DNS, time and package mirrors, when declared. */
function outboundServices(props: RegionalEdsFoundationProps): FlowRule[] {
  return [
    ...(props.dnsNameservers ?? []).flatMap((ip, i): FlowRule[] => [
      { id: `DnsUdp${i}`, direction: "egress", protocol: "udp", ports: 53, remoteCidr: `${ip}/32`, why: `Name resolution through ${ip}` },
      { id: `DnsTcp${i}`, direction: "egress", protocol: "tcp", ports: 53, remoteCidr: `${ip}/32`, why: `Name resolution through ${ip} (large answers)` },
    ]),
    ...(props.ntpServers ?? []).map(
      (ip, i): FlowRule => ({
        id: `Ntp${i}`,
        direction: "egress",
        protocol: "udp",
        ports: 123,
        remoteCidr: `${ip}/32`,
        why: `Clock synchronisation with ${ip} (SecNumCloud 12.8)`,
      }),
    ),
    ...(props.mirrorCidrs ?? []).map(
      (cidr, i): FlowRule => ({
        id: `Mirror${i}`,
        direction: "egress",
        protocol: "tcp",
        ports: 443,
        remoteCidr: cidr,
        why: `Security updates from the in-region mirror ${cidr}`,
      }),
    ),
  ];
}
