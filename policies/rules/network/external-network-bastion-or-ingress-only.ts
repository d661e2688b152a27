import type { ResourceGraph } from "../../engine/graph";
import type { TfResource } from "../../engine/model";
import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import {
  externalNetworkJoined,
  instancesOnPort,
  instanceType,
  isBastion,
  namesExternalNetwork,
  onExternalNetwork,
  unlessLabelledAtApply,
} from "../../lib/openstack";
import { beyondTheIngress, loadBalancerType } from "../../lib/openstack-load-balancers";

const portType = "openstack_networking_port_v2";
const interfaceAttachType = "openstack_compute_interface_attach_v2";
const magnumTypes = ["openstack_containerinfra_clustertemplate_v1", "openstack_containerinfra_cluster_v1"];

/** What the external network reaches through a load balancer's VIP: judged by what the load balancer serves. */
const throughLoadBalancer = (loadBalancer: TfResource, graph: ResourceGraph, path: string): Violation[] =>
  beyondTheIngress(loadBalancer, graph, "the external network reaches", path);

function judgePort(port: TfResource, graph: ResourceGraph, declared: readonly string[]): Violation[] {
  if (!onExternalNetwork(port, graph, declared)) return [];
  const loadBalancers = graph.referrers(port, { type: loadBalancerType, path: "vip_port_id" });
  if (loadBalancers.length > 0) return loadBalancers.flatMap((loadBalancer) => throughLoadBalancer(loadBalancer, graph, "network_id"));
  const instances = instancesOnPort(port, graph);
  return instances.length > 0 && instances.every(isBastion)
    ? []
    : [
        unlessLabelledAtApply(
          { message: "the port is on an external network: what it serves has an address of the Internet", path: "network_id" },
          instances.filter((instance) => !isBastion(instance)),
        ),
      ];
}

/** A load balancer whose VIP is made on an external network, named directly or through its subnet. */
function judgeLoadBalancer(loadBalancer: TfResource, graph: ResourceGraph, declared: readonly string[]): Violation[] {
  if (namesExternalNetwork(loadBalancer.values.vip_network_id, loadBalancer, graph, declared))
    return throughLoadBalancer(loadBalancer, graph, "vip_network_id");
  const subnet = graph.targetOf(loadBalancer.values.vip_subnet_id, loadBalancer);
  return subnet && namesExternalNetwork(subnet.values.network_id, subnet, graph, declared) ? throughLoadBalancer(loadBalancer, graph, "vip_subnet_id") : [];
}

/** An interface attached to a running instance on an external network (a port attached by id is judged as a port). */
function judgeInterface(attachment: TfResource, graph: ResourceGraph, declared: readonly string[]): Violation[] {
  if (!namesExternalNetwork(attachment.values.network_id, attachment, graph, declared)) return [];
  const instance = graph.targetOf(attachment.values.instance_id, attachment);
  return instance && isBastion(instance)
    ? []
    : [
        unlessLabelledAtApply(
          { message: "the interface attaches the instance to an external network: it has an address of the Internet", path: "network_id" },
          instance ? [instance] : [],
        ),
      ];
}

/** A Magnum cluster, or its template, whose nodes join the external network instead of a private one. */
const judgeMagnum = (resource: TfResource, graph: ResourceGraph, declared: readonly string[]): Violation[] =>
  namesExternalNetwork(resource.values.fixed_network, resource, graph, declared)
    ? [{ message: "the cluster's nodes join the external network (fixed_network): each node has an address of the Internet", path: "fixed_network" }]
    : [];

export default resourcePolicy(
  {
    id: "external-network-bastion-or-ingress-only",
    title: "Only the bastion and the ingress load balancer sit on an external network",
    description:
      "Flags instances that join an external network (declared or looked up with external = true, a router's or a Magnum template's gateway, a floating IP's pool, or named in the settings' externalNetworks) by id or name, ports on one, and interfaces attached to one (openstack_compute_interface_attach_v2), unless they are the bastion's; Magnum clusters and templates whose fixed network is one; and load balancers whose VIP is on one (its port, network or subnet) unless they serve the ingress's web ports only, as floating-ip-bastion-or-ingress-only judges them.",
    rationale:
      "A port on the cloud's external network takes an address of the Internet: the machine is reachable as if it had a floating IP, without one that floating-ip-bastion-or-ingress-only could judge.",
    remediation: "Attach the machine to a private network behind the region's router, and publish it through the ingress load balancer.",
    severity: "critical",
    references: [cite("secnumcloud-3.2", "13.2.e"), cite("anssi", "PA-022 R15-R16")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [instanceType, portType, interfaceAttachType, loadBalancerType, ...magnumTypes],
  (resource, { graph, settings }) => {
    // The cloud's external networks the settings name, which a configuration may join by name alone.
    const declared = settings.externalNetworks;
    if (resource.type === portType) return judgePort(resource, graph, declared);
    if (resource.type === loadBalancerType) return judgeLoadBalancer(resource, graph, declared);
    if (resource.type === interfaceAttachType) return judgeInterface(resource, graph, declared);
    if (magnumTypes.includes(resource.type)) return judgeMagnum(resource, graph, declared);
    const joined = externalNetworkJoined(resource, graph, declared);
    if (joined === undefined || isBastion(resource)) return [];
    return [unlessLabelledAtApply({ message: "the instance joins an external network: it has an address of the Internet", path: joined }, [resource])];
  },
);
