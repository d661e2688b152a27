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
  /** The router's leg on a subnet: a floating IP on that subnet works only once it exists (Neutron l3_db). */
  routerInterface(role: SubnetRole): NetworkingRouterInterfaceV2;
}

/**
 * The region's private network: four subnets (administration, DMZ, Kubernetes nodes, data services) behind one router
 * with an external gateway. Nothing here is reachable from outside: inbound paths exist only where a floating IP is
 * given (the bastion) or a load balancer is published. What each tier may reach outside is decided by its security
 * groups' egress rules, never by the router.
 */
export class IsolatedNetwork extends Construct implements INetwork {
  readonly resource: NetworkingNetworkV2;
  readonly router: NetworkingRouterV2;
  readonly subnets: Readonly<Record<SubnetRole, NetworkingSubnetV2>>;
  private readonly interfaces: Readonly<Record<SubnetRole, NetworkingRouterInterfaceV2>>;
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
    // enable_snat is left out: Neutron's default policy lets only admins set it, and refuses the key even when true
    // (neutron/conf/policies/router.py, create_router:external_gateway_info:enable_snat); the provider sends it only
    // when it is in the configuration (terraform-provider-openstack v3.4.0, getOkExists). SNAT is Neutron's default.
    this.router = new NetworkingRouterV2(this, "Router", {
      name: `${props.namePrefix}-router`,
      description: "Gateway of the private subnets to the provider's network; no inbound path",
      externalNetworkId: this.external.id,
    });
    const subnets = {} as Record<SubnetRole, NetworkingSubnetV2>;
    const interfaces = {} as Record<SubnetRole, NetworkingRouterInterfaceV2>;
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
      interfaces[role] = new NetworkingRouterInterfaceV2(this, `RouterInterface-${role}`, { routerId: this.router.id, subnetId: subnet.id });
      subnets[role] = subnet;
    }
    this.subnets = subnets;
    this.interfaces = interfaces;
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

  routerInterface(role: SubnetRole): NetworkingRouterInterfaceV2 {
    return this.interfaces[role];
  }
}
