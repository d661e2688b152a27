import { Construct } from "constructs";
import { DataOpenstackNetworkingNetworkV2 } from "../../.gen/providers/openstack/data-openstack-networking-network-v2/index";
import { NetworkingNetworkV2 } from "../../.gen/providers/openstack/networking-network-v2/index";
import { NetworkingRouterInterfaceV2 } from "../../.gen/providers/openstack/networking-router-interface-v2/index";
import { NetworkingRouterV2 } from "../../.gen/providers/openstack/networking-router-v2/index";
import { NetworkingSubnetV2 } from "../../.gen/providers/openstack/networking-subnet-v2/index";

/** The four subnets of a region, one per kind of flow. */
export type SubnetRole = "admin" | "dmz" | "nodes" | "data";
export const subnetRoles: readonly SubnetRole[] = ["admin", "dmz", "nodes", "data"];

export interface IsolatedNetworkProps {
  /** Prefix of every resource name, the region id. */
  readonly namePrefix: string;
  /** One CIDR per subnet role. */
  readonly subnets: Readonly<Record<SubnetRole, string>>;
  /** Name of the provider's external network; the router uses it for outbound traffic only. */
  readonly externalNetwork: string;
  /**
   * Resolvers handed out by DHCP.
   * @default - the provider's DHCP default
   */
  readonly dnsNameservers?: readonly string[];
}

/** What other constructs need of the network: ids, never names. */
export interface INetwork {
  readonly networkId: string;
  readonly externalNetworkId: string;
  readonly externalNetworkName: string;
  subnetId(role: SubnetRole): string;
  subnetCidr(role: SubnetRole): string;
}

/**
 * The region's private network: four subnets (administration, DMZ, Kubernetes nodes, data services) behind one router
 * whose only external leg is outbound (SNAT). Nothing here is reachable from outside: inbound paths exist only where a
 * floating IP is given (the bastion) or a load balancer is published.
 */
export class IsolatedNetwork extends Construct implements INetwork {
  readonly resource: NetworkingNetworkV2;
  readonly router: NetworkingRouterV2;
  readonly subnets: Readonly<Record<SubnetRole, NetworkingSubnetV2>>;
  private readonly external: DataOpenstackNetworkingNetworkV2;
  private readonly cidrs: Readonly<Record<SubnetRole, string>>;
  readonly externalNetworkName: string;

  constructor(scope: Construct, id: string, props: IsolatedNetworkProps) {
    super(scope, id);
    this.cidrs = props.subnets;
    this.externalNetworkName = props.externalNetwork;
    this.external = new DataOpenstackNetworkingNetworkV2(this, "External", { name: props.externalNetwork, external: true });
    this.resource = new NetworkingNetworkV2(this, "Resource", {
      name: `${props.namePrefix}-network`,
      description: `Private network of the ${props.namePrefix} health data warehouse`,
      adminStateUp: true,
      portSecurityEnabled: true,
    });
    this.router = new NetworkingRouterV2(this, "Router", {
      name: `${props.namePrefix}-router`,
      description: "Outbound (SNAT) access for the private subnets; no inbound path",
      externalNetworkId: this.external.id,
      enableSnat: true,
    });
    const subnets = {} as Record<SubnetRole, NetworkingSubnetV2>;
    for (const role of subnetRoles) {
      const subnet = new NetworkingSubnetV2(this, `Subnet-${role}`, {
        name: `${props.namePrefix}-${role}`,
        description: `${role} subnet of ${props.namePrefix}`,
        networkId: this.resource.id,
        cidr: props.subnets[role],
        ipVersion: 4,
        enableDhcp: true,
        ...(props.dnsNameservers && props.dnsNameservers.length > 0 ? { dnsNameservers: [...props.dnsNameservers] } : {}),
      });
      new NetworkingRouterInterfaceV2(this, `RouterInterface-${role}`, { routerId: this.router.id, subnetId: subnet.id });
      subnets[role] = subnet;
    }
    this.subnets = subnets;
  }

  get networkId(): string {
    return this.resource.id;
  }

  get externalNetworkId(): string {
    return this.external.id;
  }

  subnetId(role: SubnetRole): string {
    return this.subnets[role].id;
  }

  subnetCidr(role: SubnetRole): string {
    return this.cidrs[role];
  }
}
