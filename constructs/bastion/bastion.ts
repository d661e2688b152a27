import { Construct } from "constructs";
import { ComputeInstanceV2 } from "../../.gen/providers/openstack/compute-instance-v2/index";
import { DataOpenstackImagesImageV2 } from "../../.gen/providers/openstack/data-openstack-images-image-v2/index";
import { NetworkingFloatingipV2 } from "../../.gen/providers/openstack/networking-floatingip-v2/index";
import { NetworkingPortV2 } from "../../.gen/providers/openstack/networking-port-v2/index";
import type { INetwork } from "../network/isolated-network";
import { SecurityGroup, type FlowRule } from "../network/security-group";
import { bastionCloudInit } from "./cloud-init";
import { bastionDefaults } from "./defaults";

export interface BastionProps {
  readonly namePrefix: string;
  readonly network: INetwork;
  /** Administrators' networks: the only sources allowed to open SSH to the bastion. */
  readonly adminCidrs: readonly string[];
  /** OpenSSH public keys of the administrators; password login is disabled. */
  readonly sshPublicKeys: readonly string[];
  readonly flavor: string;
  /** Glance name of a hardened image. */
  readonly image: string;
  /** Encrypted volume type of the boot volume. */
  readonly volumeType: string;
  /** @default 20 */
  readonly volumeSizeGiB?: number;
  /**
   * Further outbound flows the bastion needs (DNS, time, package mirrors), each with its reason.
   * @default - none: the bastion reaches only the nodes
   */
  readonly outboundServices?: readonly FlowRule[];
  /**
   * Login of the administrators' account created by cloud-init.
   * @default "eds-admin"
   */
  readonly adminUser?: string;
}

/**
 * The single SSH entry point of the region, on the administration subnet. It carries the foundation's only floating IP,
 * accepts SSH only from the declared administrators' networks, and records sessions (ANSSI PA-022 R9-R26, SecNumCloud 12.13).
 */
export class Bastion extends Construct {
  readonly resource: ComputeInstanceV2;
  readonly port: NetworkingPortV2;
  readonly floatingIp: NetworkingFloatingipV2;
  readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: BastionProps) {
    super(scope, id);
    const { network } = props;
    const adminIngress = props.adminCidrs.map(
      (cidr, i): FlowRule => ({
        id: `SshFromAdmin${i}`,
        direction: "ingress",
        protocol: "tcp",
        ports: 22,
        remoteCidr: cidr,
        why: `Administrators reach the bastion over SSH from ${cidr}`,
      }),
    );
    this.securityGroup = new SecurityGroup(this, "SecurityGroup", {
      name: `${props.namePrefix}-bastion`,
      description: "Bastion: SSH in from the administrators' networks only; out to the nodes for SSH and the Kubernetes API",
      rules: [
        ...adminIngress,
        {
          id: "SshToNodes",
          direction: "egress",
          protocol: "tcp",
          ports: 22,
          remoteCidr: network.subnetCidr("nodes"),
          why: "Administration of the Kubernetes nodes over SSH",
        },
        {
          id: "KubeApiToNodes",
          direction: "egress",
          protocol: "tcp",
          ports: 6443,
          remoteCidr: network.subnetCidr("nodes"),
          why: "kubectl to the private Kubernetes API load balancer",
        },
        ...(props.outboundServices ?? []),
      ],
    });
    this.port = new NetworkingPortV2(this, "Port", {
      name: `${props.namePrefix}-bastion`,
      description: "Bastion interface on the administration subnet",
      networkId: network.networkId,
      fixedIp: [{ subnetId: network.subnetId("admin") }],
      securityGroupIds: [this.securityGroup.id],
      adminStateUp: true,
    });
    const image = new DataOpenstackImagesImageV2(this, "Image", { name: props.image, mostRecent: true });
    this.resource = new ComputeInstanceV2(this, "Resource", {
      name: `${props.namePrefix}-bastion`,
      flavorName: props.flavor,
      metadata: { role: "bastion", region: props.namePrefix },
      userData: bastionCloudInit({ adminUser: props.adminUser ?? "eds-admin", sshPublicKeys: props.sshPublicKeys }),
      blockDevice: [
        {
          uuid: image.id,
          sourceType: "image",
          destinationType: "volume",
          bootIndex: 0,
          volumeSize: props.volumeSizeGiB ?? bastionDefaults.volumeSizeGiB,
          volumeType: props.volumeType,
          deleteOnTermination: true,
        },
      ],
      network: [{ port: this.port.id }],
    });
    this.floatingIp = new NetworkingFloatingipV2(this, "FloatingIp", {
      pool: network.externalNetworkName,
      portId: this.port.id,
      description: `Public address of the ${props.namePrefix} bastion, the only administration entry point`,
    });
  }
}
