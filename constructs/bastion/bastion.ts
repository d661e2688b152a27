import { Construct } from "constructs";
import { ComputeInstanceV2 } from "../../.gen/providers/openstack/compute-instance-v2/index";
import { DataOpenstackImagesImageV2 } from "../../.gen/providers/openstack/data-openstack-images-image-v2/index";
import { NetworkingFloatingipV2 } from "../../.gen/providers/openstack/networking-floatingip-v2/index";
import { NetworkingPortV2 } from "../../.gen/providers/openstack/networking-port-v2/index";
import { type Administrator, hardenedCloudConfig, userDataDelivery } from "../host/hardened-host";
import type { INetwork } from "../network/isolated-network";
import { declareFlow, zone } from "../flows";
import { type RegionServices, serviceFlows } from "../network/region-services";
import { type FlowRule, SecurityGroup } from "../network/security-group";
import { bastionDefaults } from "./defaults";

export interface BastionProps {
  readonly namePrefix: string;
  readonly network: INetwork;
  /** Administrators' networks: the only sources allowed to open SSH to the bastion. */
  readonly adminCidrs: readonly string[];
  /** One account each, with their own keys; password login is disabled. */
  readonly administrators: readonly Administrator[];
  /** The region's services the bastion reaches: mirrors, time, logs, and the provider's APIs for OpenTofu. */
  readonly services: RegionServices;
  readonly flavor: string;
  /** Glance name of a hardened Debian image. */
  readonly image: string;
  /** Encrypted volume type of the boot volume. */
  readonly volumeType: string;
  /** @default 20 */
  readonly volumeSizeGiB?: number;
}

/** What the bastion reaches on the nodes' subnet, and so what administrators may forward through it. */
const toNodes = [
  { id: "SshToNodes", port: 22, why: "Administration of the Kubernetes nodes over SSH" },
  { id: "KubeApiToNodes", port: 6443, why: "kubectl and OpenTofu to the private Kubernetes API load balancer" },
] as const;

/**
 * The single SSH entry point of the region, on the administration subnet. It carries the foundation's only floating IP,
 * accepts SSH only from the declared administrators' networks, gives each administrator an account of their own with
 * sudo on a logged reason, records sessions, ships its logs to the central store over TLS, and reaches nothing but the
 * region's declared services and the Kubernetes nodes (ANSSI PA-022 R9-R31, SecNumCloud 12.13, 13.2).
 * It is also where OpenTofu runs from, so it reaches the provider's APIs and the state's object storage.
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
        peer: { cidr },
        why: `Administrators reach the bastion over SSH from ${cidr}`,
      }),
    );
    this.securityGroup = new SecurityGroup(this, "SecurityGroup", {
      name: `${props.namePrefix}-bastion`,
      description: "Bastion: SSH in from the administrators' networks only; out to the nodes and the region's declared services",
      rules: [
        ...adminIngress,
        ...toNodes.map(
          ({ id, port, why }): FlowRule => ({ id, direction: "egress", protocol: "tcp", ports: port, peer: { cidr: network.subnetCidr("nodes") }, why }),
        ),
        // Every service of the region: OpenTofu runs here, and the Helm provider pulls the charts from the registry on
        // this machine (terraform-provider-helm, LocateChart), and the deployer signs in to the API server at the
        // identity provider (kubectl oidc-login).
        ...serviceFlows(props.services),
      ],
    });
    if (props.adminCidrs.length > 0)
      declareFlow(this, {
        id: "administrators-to-bastion",
        from: zone("administrators"),
        to: this.securityGroup.members,
        port: 22,
        why: "Administration enters the region through the bastion only",
      });
    if (props.services.logStore)
      declareFlow(this, {
        id: "bastion-to-log-store",
        from: this.securityGroup.members,
        to: zone("logStore"),
        port: props.services.logStore.port,
        why: "The bastion's audit, auth and journal logs go to the log store",
      });
    if (props.services.registry)
      declareFlow(this, {
        id: "bastion-to-registry",
        from: this.securityGroup.members,
        to: zone("registry"),
        port: props.services.registry.port ?? 443,
        why: "The platform's charts are pulled where OpenTofu runs",
      });
    if (props.services.identityProvider)
      declareFlow(this, {
        id: "bastion-to-identity-provider",
        from: this.securityGroup.members,
        to: zone("identityProvider"),
        port: Number(new URL(props.services.identityProvider.url).port || 443),
        why: "The deployer signs in to the Kubernetes API where OpenTofu runs",
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
      ...userDataDelivery,
      userData: hardenedCloudConfig({
        role: "bastion",
        administrators: props.administrators,
        services: props.services,
        packages: ["git"],
        forwarding: { ports: toNodes.map(({ port }) => port) },
      }),
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
    // Neutron refuses a floating IP on a port whose subnet has no router leg yet (l3_db, "External network ... is not
    // reachable from subnet"); Terraform sees no reference between the two, so the order is written down.
    this.floatingIp = new NetworkingFloatingipV2(this, "FloatingIp", {
      pool: network.externalNetworkName,
      portId: this.port.id,
      description: `Public address of the ${props.namePrefix} bastion, the only administration entry point`,
      dependsOn: [network.routerInterface("admin")],
    });
  }
}
