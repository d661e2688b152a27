import type { ResourceGraph } from "../../engine/graph";
import type { TfResource } from "../../engine/model";
import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { instancesOnPort, isBastion } from "../../lib/openstack";
import { nonWebService } from "../../lib/openstack-rules";
import { blocks, literalNumber } from "../../lib/values";

const loadBalancerType = "openstack_lb_loadbalancer_v2";
const listenerType = "openstack_lb_listener_v2";
const poolType = "openstack_lb_pool_v2";
const memberType = "openstack_lb_member_v2";
const membersType = "openstack_lb_members_v2";
const l7PolicyType = "openstack_lb_l7policy_v2";

const floatingIpType = "openstack_networking_floatingip_v2";
const portAssociationType = "openstack_networking_floatingip_associate_v2";
const instanceAssociationType = "openstack_compute_floatingip_associate_v2";

type Reached = { boundTo: "instance" | "load balancer" | "nothing" | "unknown"; targets: TfResource[]; port?: TfResource };

/** What sits on a port: a load balancer (its VIP port) or instances. */
function onPort(port: TfResource): Reached["boundTo"] {
  return port.type === loadBalancerType ? "load balancer" : "instance";
}

function reachedFromPort(ref: unknown, from: TfResource, graph: ResourceGraph): Reached {
  const port = graph.targetOf(ref, from);
  if (!port) return { boundTo: "unknown", targets: [] };
  if (onPort(port) === "load balancer") return { boundTo: "load balancer", targets: [port] };
  const loadBalancers = graph.referrers(port, { type: loadBalancerType, path: "vip_port_id" });
  if (loadBalancers.length > 0) return { boundTo: "load balancer", targets: loadBalancers };
  return { boundTo: "instance", targets: instancesOnPort(port, graph), port };
}

/**
 * What a floating IP, or an association of one, reaches: the port it is bound to (its own port_id, or a port
 * association) and what sits on that port, or the instance an instance association names.
 */
function reached(subject: TfResource, graph: ResourceGraph): Reached {
  if (subject.type === instanceAssociationType) {
    const instance = graph.targetOf(subject.values.instance_id, subject);
    return instance ? { boundTo: "instance", targets: [instance] } : { boundTo: "unknown", targets: [] };
  }
  if (subject.type === portAssociationType) return reachedFromPort(subject.values.port_id, subject, graph);
  // Each port_id is read where it is written: an association may sit in another module than its floating IP.
  const byPort = [subject, ...graph.referrers(subject, { type: portAssociationType })]
    .filter((bound) => bound.values.port_id !== undefined)
    .map((bound) => ({ ref: bound.values.port_id, from: bound }));
  const byInstance = graph.referrers(subject, { type: instanceAssociationType }).flatMap((a) => graph.targetsOf(a.values.instance_id, a));
  if (byPort.length === 0 && byInstance.length === 0) return { boundTo: "nothing", targets: [] };
  if (byPort.length === 0) return { boundTo: "instance", targets: byInstance };
  const fromPort = byPort.map(({ ref, from }) => reachedFromPort(ref, from, graph)).find((found) => found.boundTo !== "unknown") ?? {
    boundTo: "unknown",
    targets: [],
  };
  return fromPort.boundTo === "instance" ? { ...fromPort, targets: [...fromPort.targets, ...byInstance] } : fromPort;
}

/** The ports an ingress serves to the Internet (as secgroup-public-web-ports-only allows them). */
const ingressPorts: readonly number[] = [80, 443];

/**
 * A load balancer is the ingress by what it serves: a listener on another port (a database, the Kubernetes API, SSH)
 * behind a floating IP publishes that service to the Internet, and so does a web port whose pool forwards to one
 * (443 in front, the API server's 6443 behind). Listeners are those naming it (`loadbalancer_id`); a listener's pools
 * name it (`listener_id`) or it names its default pool (`default_pool_id`); members name their pool (`pool_id`).
 */
function beyondTheIngress(loadBalancer: TfResource, graph: ResourceGraph): Violation[] {
  return graph.referrers(loadBalancer, { type: listenerType, path: "loadbalancer_id" }).flatMap((listener): Violation[] => {
    const port = literalNumber(listener.values.protocol_port);
    if (port === undefined)
      return [
        {
          message: `the floating IP reaches ${loadBalancer.address}, whose listener ${listener.address} serves a port known only at apply`,
          outcome: "cannot-evaluate",
        },
      ];
    if (!ingressPorts.includes(port))
      return [
        {
          message: `the floating IP reaches ${loadBalancer.address}, whose listener ${listener.address} serves port ${port}: only the ingress's ports 80 and 443 may face the Internet`,
          path: "port_id",
        },
      ];
    return memberPorts(listener, graph).flatMap((memberPort): Violation[] => {
      const service = nonWebService(memberPort);
      return service
        ? [
            {
              message: `the floating IP reaches ${loadBalancer.address}, whose listener ${listener.address} on port ${port} forwards to port ${memberPort} (${service})`,
              path: "port_id",
            },
          ]
        : [];
    });
  });
}

/**
 * The ports a listener's pools forward to, as their members write them. Its pools: those naming it, its default pool,
 * and the pools its L7 policies send requests to (`redirect_pool_id` of an openstack_lb_l7policy_v2 naming it, action
 * REDIRECT_TO_POOL), which usually name only the load balancer.
 */
function memberPorts(listener: TfResource, graph: ResourceGraph): number[] {
  const pools = new Set([
    ...graph.referrers(listener, { type: poolType, path: "listener_id" }),
    ...graph.targetsOf(listener.values.default_pool_id, listener),
    ...graph.referrers(listener, { type: l7PolicyType, path: "listener_id" }).flatMap((policy) => graph.targetsOf(policy.values.redirect_pool_id, policy)),
  ]);
  return [...pools]
    .flatMap((pool) => [
      ...graph.referrers(pool, { type: memberType, path: "pool_id" }).map((member) => literalNumber(member.values.protocol_port)),
      ...graph
        .referrers(pool, { type: membersType, path: "pool_id" })
        .flatMap((members) => blocks(members.values.member).map((member) => literalNumber(member.protocol_port))),
    ])
    .filter((memberPort): memberPort is number => memberPort !== undefined);
}

export default resourcePolicy(
  {
    id: "floating-ip-bastion-or-ingress-only",
    title: "Floating IPs reach only the bastion or the ingress load balancer",
    description:
      "Follows each floating IP, and each association of an address declared elsewhere (openstack_networking_floatingip_associate_v2, openstack_compute_floatingip_associate_v2), to its port or instance and to what sits there; a load balancer is the ingress when its listeners serve ports 80 and 443 only, and their pools (default, named, or an L7 policy's redirect pool) forward to no administration or database port (SSH, the Kubernetes API, etcd, the kubelet, a database).",
    rationale: "Nothing but the administration entry point and the user-facing ingress may be reachable from outside; any other floating IP bypasses both.",
    remediation: "Remove the floating IP and reach the machine through the bastion, or publish the service through the ingress load balancer.",
    severity: "critical",
    references: [cite("secnumcloud-3.2", "13.2.e"), cite("anssi", "PA-022 R15-R16"), cite("cnil-eds-2021", "ch. 10 (isolation)", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [floatingIpType, portAssociationType, instanceAssociationType],
  (subject, { graph }) => {
    // An association of a floating IP declared here is judged with that floating IP.
    if (subject.type !== floatingIpType && graph.targetOf(subject.values.floating_ip, subject)?.type === floatingIpType) return [];
    const { boundTo, targets, port } = reached(subject, graph);
    if (boundTo === "load balancer") return targets.flatMap((loadBalancer) => beyondTheIngress(loadBalancer, graph));
    if (boundTo === "nothing") return [];
    if (boundTo === "unknown")
      return [
        {
          message: "the floating IP's port or instance is not declared in this configuration, so what it reaches cannot be checked",
          outcome: "cannot-evaluate",
        },
      ];
    const others = targets.filter((instance) => !isBastion(instance));
    if (targets.length > 0 && others.length === 0) return [];
    const path = subject.type === instanceAssociationType ? "instance_id" : "port_id";
    // A port no declared instance uses: a virtual address (keepalived, a firewall pair) or one attached outside.
    const message =
      others.length > 0
        ? `the floating IP reaches ${others.map((instance) => instance.address).join(", ")}, which is not a bastion (metadata.role = "bastion") or the ingress load balancer`
        : `the floating IP reaches ${port?.address ?? "a port"}, which no declared instance uses: it is neither a bastion's (metadata.role = "bastion") nor the ingress load balancer's`;
    return [{ message, path }];
  },
);
