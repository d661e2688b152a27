import { cite, resourcePolicy } from "../../engine/policy";
import { instancesOnPort, instanceType, isBastion, onExternalNetwork } from "../../lib/openstack";

const portType = "openstack_networking_port_v2";
const loadBalancerType = "openstack_lb_loadbalancer_v2";

export default resourcePolicy(
  {
    id: "external-network-bastion-or-ingress-only",
    title: "Only the bastion and the ingress load balancer sit on an external network",
    description:
      "Flags instances that join an external network (declared or looked up with external = true, a router's gateway, a floating IP's pool) by id or name, and ports on one, unless they are the bastion's or the ingress load balancer's.",
    rationale:
      "A port on the cloud's external network takes an address of the Internet: the machine is reachable as if it had a floating IP, without one that floating-ip-bastion-or-ingress-only could judge.",
    remediation: "Attach the machine to a private network behind the region's router, and publish it through the ingress load balancer.",
    severity: "critical",
    references: [cite("secnumcloud-3.2", "13.2.e"), cite("anssi", "PA-022 R15-R16")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [instanceType, portType],
  (resource, { graph }) => {
    if (!onExternalNetwork(resource, graph)) return [];
    if (resource.type === instanceType)
      return isBastion(resource) ? [] : [{ message: "the instance joins an external network: it has an address of the Internet", path: "network" }];
    const instances = instancesOnPort(resource, graph);
    const loadBalancer = graph.referrers(resource, { type: loadBalancerType, path: "vip_port_id" }).length > 0;
    return loadBalancer || (instances.length > 0 && instances.every(isBastion))
      ? []
      : [{ message: "the port is on an external network: what it serves has an address of the Internet", path: "network_id" }];
  },
);
