import type { ResourceGraph } from "../engine/graph";
import type { TfResource } from "../engine/model";
import { instancesOnPort, instanceType, isBastion, portsTakingOver } from "./openstack";
import { loadBalancerType } from "./openstack-load-balancers";

/** A floating IP, and the resources that bind one declared elsewhere: to a port, to an instance, or forwarding one of its ports. */
export const floatingIpType = "openstack_networking_floatingip_v2";
export const portAssociationType = "openstack_networking_floatingip_associate_v2";
export const instanceAssociationType = "openstack_compute_floatingip_associate_v2";
export const portForwardingType = "openstack_networking_portforwarding_v2";

/** The resources whose address is a floating IP's: a floating IP, the compute API's older one, and the associations, whose floating_ip is it. */
export const floatingIpTypes: readonly string[] = [floatingIpType, "openstack_compute_floatingip_v2", portAssociationType, instanceAssociationType];

/** What a floating IP reaches: the instances or load balancers it is bound to, through which port or association. */
export type Reached = {
  boundTo: "instance" | "load balancer" | "nothing" | "unknown";
  targets: TfResource[];
  port?: TfResource;
  /** The association that binds a floating IP declared here, when it is not the floating IP's own port_id. */
  via?: TfResource;
  /** The ports whose instances reach the targets by taking over the port's address (portsTakingOver). */
  takenOverBy?: TfResource[];
};

/** What sits on a port: a load balancer (its VIP port) or instances. */
function onPort(port: TfResource): Reached["boundTo"] {
  return port.type === loadBalancerType ? "load balancer" : "instance";
}

function reachedFromPort(ref: unknown, from: TfResource, graph: ResourceGraph): Reached {
  const port = graph.targetOf(ref, from);
  if (!port) return { boundTo: "unknown", targets: [] };
  // An instance's network[n].port is the port of that network the instance sits on ("The port UUID of a network to
  // attach to the server", the provider's schema; computed when not given): the port is the instance's.
  if (port.type === instanceType) return { boundTo: "instance", targets: [port] };
  if (onPort(port) === "load balancer") return { boundTo: "load balancer", targets: [port] };
  const loadBalancers = graph.referrers(port, { type: loadBalancerType, path: "vip_port_id" });
  if (loadBalancers.length > 0) return { boundTo: "load balancer", targets: loadBalancers };
  const instances = instancesOnPort(port, graph);
  if (instances.length > 0) return { boundTo: "instance", targets: instances, port };
  // A virtual address no instance sits on: it reaches the instances whose ports take it over.
  const takenOverBy = portsTakingOver(port, graph);
  const holders = [...new Set(takenOverBy.flatMap((other) => instancesOnPort(other, graph)))];
  return holders.length > 0 ? { boundTo: "instance", targets: holders, port, takenOverBy } : { boundTo: "instance", targets: [], port };
}

/**
 * What a floating IP, or an association of one, reaches: the port it is bound to (its own port_id, or a port
 * association) and what sits on that port, or the instance an instance association names.
 */
export function reached(subject: TfResource, graph: ResourceGraph): Reached {
  if (subject.type === instanceAssociationType) {
    const instance = graph.targetOf(subject.values.instance_id, subject);
    return instance ? { boundTo: "instance", targets: [instance] } : { boundTo: "unknown", targets: [] };
  }
  if (subject.type === portAssociationType) return reachedFromPort(subject.values.port_id, subject, graph);
  if (subject.type === portForwardingType) return reachedFromPort(subject.values.internal_port_id, subject, graph);
  // Each port_id is read where it is written: an association may sit in another module than its floating IP.
  const byPort = [subject, ...graph.referrers(subject, { type: portAssociationType })]
    .filter((bound) => bound.values.port_id !== undefined)
    .map((bound) => ({ ref: bound.values.port_id, from: bound }));
  const instanceAssociations = graph.referrers(subject, { type: instanceAssociationType });
  const byInstance = instanceAssociations.flatMap((a) => graph.targetsOf(a.values.instance_id, a));
  if (byPort.length === 0 && instanceAssociations.length === 0) return { boundTo: "nothing", targets: [] };
  // Of several associations, the finding names one that binds an instance no bastion's label covers.
  const via =
    instanceAssociations.find((association) => graph.targetsOf(association.values.instance_id, association).some((instance) => !isBastion(instance))) ??
    instanceAssociations[0];
  // An association whose instance is not declared here binds the floating IP to what this configuration cannot see.
  if (byPort.length === 0) return byInstance.length === 0 ? { boundTo: "unknown", targets: [] } : { boundTo: "instance", targets: byInstance, via };
  const fromPort = byPort
    .map(({ ref, from }): Reached => ({ ...reachedFromPort(ref, from, graph), ...(from === subject ? {} : { via: from }) }))
    .find((found) => found.boundTo !== "unknown") ?? { boundTo: "unknown", targets: [] };
  return fromPort.boundTo === "instance" ? { ...fromPort, targets: [...fromPort.targets, ...byInstance] } : fromPort;
}
