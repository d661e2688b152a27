import type { ResourceGraph } from "../../engine/graph";
import type { TfResource } from "../../engine/model";
import { cite, resourcePolicy } from "../../engine/policy";
import { instancesOnPort, isBastion } from "../../lib/openstack";

const loadBalancerType = "openstack_lb_loadbalancer_v2";

/** What a floating IP reaches: the port it is bound to (directly or by an association), then what sits on that port. */
function reached(
  floatingIp: TfResource,
  graph: ResourceGraph,
): { port?: TfResource; boundTo: "instance" | "load balancer" | "nothing" | "unknown"; targets: TfResource[] } {
  const associations = graph.referrers(floatingIp, { type: "openstack_networking_floatingip_associate_v2" });
  const portRefs = [floatingIp.values.port_id, ...associations.map((a) => a.values.port_id)].filter((ref) => ref !== undefined);
  if (portRefs.length === 0) return { boundTo: "nothing", targets: [] };
  const port = portRefs.map((ref) => graph.targetOf(ref, floatingIp)).find((target) => target !== undefined);
  if (!port) return { boundTo: "unknown", targets: [] };
  if (port.type === loadBalancerType) return { port, boundTo: "load balancer", targets: [port] };
  const loadBalancers = graph.referrers(port, { type: loadBalancerType, path: "vip_port_id" });
  if (loadBalancers.length > 0) return { port, boundTo: "load balancer", targets: loadBalancers };
  return { port, boundTo: "instance", targets: instancesOnPort(port, graph) };
}

export default resourcePolicy(
  {
    id: "floating-ip-bastion-or-ingress-only",
    title: "Floating IPs reach only the bastion or the ingress load balancer",
    description: "Follows each floating IP to its port (directly or through an association) and to what sits on that port.",
    rationale: "Nothing but the administration entry point and the user-facing ingress may be reachable from outside; any other floating IP bypasses both.",
    remediation: "Remove the floating IP and reach the machine through the bastion, or publish the service through the ingress load balancer.",
    severity: "critical",
    references: [cite("secnumcloud-3.2", "13.2.e"), cite("anssi", "PA-022 R15-R16"), cite("cnil-eds-2021", "ch. 10 (isolation)", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  ["openstack_networking_floatingip_v2"],
  (floatingIp, { graph }) => {
    const { boundTo, targets } = reached(floatingIp, graph);
    if (boundTo === "load balancer" || boundTo === "nothing") return [];
    if (boundTo === "unknown")
      return [{ message: "the floating IP's port is not declared in this configuration, so what it reaches cannot be checked", outcome: "cannot-evaluate" }];
    const others = targets.filter((instance) => !isBastion(instance));
    if (targets.length > 0 && others.length === 0) return [];
    const what = others.length > 0 ? others.map((instance) => instance.address).join(", ") : "a port with no declared bastion";
    return [{ message: `the floating IP reaches ${what}, which is not a bastion (metadata.role = "bastion") or the ingress load balancer`, path: "port_id" }];
  },
);
