import { Construct } from "constructs";
import { ComputeKeypairV2 } from "../../.gen/providers/openstack/compute-keypair-v2/index";
import { ContainerinfraClusterV1 } from "../../.gen/providers/openstack/containerinfra-cluster-v1/index";
import { ContainerinfraClustertemplateV1 } from "../../.gen/providers/openstack/containerinfra-clustertemplate-v1/index";
import { ContainerinfraNodegroupV1 } from "../../.gen/providers/openstack/containerinfra-nodegroup-v1/index";
import type { INetwork } from "../network/isolated-network";
import { kubernetesDefaults } from "./defaults";

export interface NodeGroupSpec {
  readonly name: string;
  readonly count: number;
  readonly flavor: string;
  /** Magnum role, used to schedule workloads. @default - the group name */
  readonly role?: string;
}

export interface KubernetesClusterProps {
  readonly namePrefix: string;
  readonly network: INetwork;
  /** Glance name of the node image Magnum expects (e.g. Fedora CoreOS). */
  readonly image: string;
  /** Encrypted volume type for boot, etcd and container volumes of every node. */
  readonly volumeType: string;
  readonly controlPlaneFlavor: string;
  /** The first group is the cluster's default group; the others become Magnum node groups. */
  readonly nodeGroups: readonly NodeGroupSpec[];
  /** SSH public key installed on the nodes, for break-glass access from the bastion. */
  readonly sshPublicKey: string;
  /** @default "v1.31.4" */
  readonly version?: string;
  /** @default 3 */
  readonly controlPlaneCount?: number;
  /** @default 50 */
  readonly nodeVolumeSizeGiB?: number;
  /**
   * Days of Kubernetes API audit logs kept on the control plane before shipping.
   * @default 30
   */
  readonly auditLogMaxAgeDays?: number;
  /** Resolver for the nodes. @default - the subnet's DHCP resolver */
  readonly dnsNameserver?: string;
}

/**
 * A Magnum Kubernetes cluster on the nodes subnet: TLS on, no floating IP on any node, a private API behind a load
 * balancer without floating IP, every node volume of an encrypted type, API audit logging on (SecNumCloud 9.6.e, 10.1.a, 12.6).
 */
export class KubernetesCluster extends Construct {
  readonly template: ContainerinfraClustertemplateV1;
  readonly resource: ContainerinfraClusterV1;
  readonly nodeGroups: readonly ContainerinfraNodegroupV1[];
  readonly volumeType: string;

  constructor(scope: Construct, id: string, props: KubernetesClusterProps) {
    super(scope, id);
    const [defaultGroup, ...extraGroups] = props.nodeGroups;
    if (!defaultGroup) throw new Error(`${this.node.path}: nodeGroups must list at least one node group`);
    const version = props.version ?? kubernetesDefaults.version;
    const volumeSize = props.nodeVolumeSizeGiB ?? kubernetesDefaults.nodeVolumeSizeGiB;
    this.volumeType = props.volumeType;

    const keypair = new ComputeKeypairV2(this, "Keypair", { name: `${props.namePrefix}-kubernetes-nodes`, publicKey: props.sshPublicKey });
    this.template = new ContainerinfraClustertemplateV1(this, "Template", {
      name: `${props.namePrefix}-kubernetes-${version}`,
      coe: "kubernetes",
      image: props.image,
      flavor: defaultGroup.flavor,
      masterFlavor: props.controlPlaneFlavor,
      externalNetworkId: props.network.externalNetworkId,
      fixedNetwork: props.network.networkId,
      fixedSubnet: props.network.subnetId("nodes"),
      ...(props.dnsNameserver ? { dnsNameserver: props.dnsNameserver } : {}),
      networkDriver: kubernetesDefaults.networkDriver,
      volumeDriver: "cinder",
      dockerStorageDriver: "overlay2",
      dockerVolumeSize: volumeSize,
      floatingIpEnabled: false,
      masterLbEnabled: true,
      tlsDisabled: false,
      public: false,
      hidden: false,
      registryEnabled: false,
      labels: {
        kube_tag: version,
        master_lb_floating_ip_enabled: "false",
        boot_volume_type: props.volumeType,
        boot_volume_size: String(volumeSize),
        etcd_volume_type: props.volumeType,
        etcd_volume_size: "20",
        docker_volume_type: props.volumeType,
        cinder_csi_enabled: "true",
        keystone_auth_enabled: "true",
        audit_log_enabled: "true",
        audit_log_maxage: String(props.auditLogMaxAgeDays ?? 30),
        audit_log_maxbackup: "10",
        audit_log_maxsize: "100",
      },
    });
    this.resource = new ContainerinfraClusterV1(this, "Resource", {
      name: `${props.namePrefix}-kubernetes`,
      clusterTemplateId: this.template.id,
      masterCount: props.controlPlaneCount ?? kubernetesDefaults.controlPlaneCount,
      nodeCount: defaultGroup.count,
      flavor: defaultGroup.flavor,
      masterFlavor: props.controlPlaneFlavor,
      keypair: keypair.name,
      fixedNetwork: props.network.networkId,
      fixedSubnet: props.network.subnetId("nodes"),
      floatingIpEnabled: false,
      masterLbEnabled: true,
      dockerVolumeSize: volumeSize,
      mergeLabels: true,
      labels: { master_lb_floating_ip_enabled: "false" },
    });
    this.nodeGroups = extraGroups.map(
      (group) =>
        new ContainerinfraNodegroupV1(this, `NodeGroup-${group.name}`, {
          clusterId: this.resource.id,
          name: group.name,
          nodeCount: group.count,
          flavorId: group.flavor,
          role: group.role ?? group.name,
          dockerVolumeSize: volumeSize,
          mergeLabels: true,
          labels: { boot_volume_type: props.volumeType, docker_volume_type: props.volumeType },
        }),
    );
  }

  /** Address of the private API (reachable from the nodes subnet and the bastion only). */
  get apiAddress(): string {
    return this.resource.apiAddress;
  }

  /** CA certificate of the API: public, needed by clients to verify the API's TLS certificate. */
  get caCertificate(): string {
    return this.resource.kubeconfig.lookup("cluster_ca_certificate");
  }
}
