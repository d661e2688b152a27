import type { ResourceGraph } from "../engine/graph";
import type { TfResource } from "../engine/model";
import type { Violation } from "../engine/policy";
import { nonWebService } from "./openstack-rules";
import { internetWide } from "../../lib/cidr";
import { publicAddresses, publicHeldBy } from "../../lib/interval-set";
import { blocks, list, literalNumber, literalString } from "./values";

export const loadBalancerType = "openstack_lb_loadbalancer_v2";
const listenerType = "openstack_lb_listener_v2";
const poolType = "openstack_lb_pool_v2";
const memberType = "openstack_lb_member_v2";
const membersType = "openstack_lb_members_v2";
const l7PolicyType = "openstack_lb_l7policy_v2";

/** The ports an ingress serves to the Internet (as secgroup-public-web-ports-only allows them). */
const ingressPorts: readonly number[] = [80, 443];

/**
 * A load balancer is the ingress by what it serves: a listener on another port (a database, the Kubernetes API, SSH)
 * behind a floating IP, or on a VIP of the external network, publishes that service to the Internet, and so does a web port whose pool forwards to one
 * (443 in front, the API server's 6443 behind). Listeners are those naming it (`loadbalancer_id`); a listener's pools
 * name it (`listener_id`) or it names its default pool (`default_pool_id`); members name their pool (`pool_id`).
 */
export function beyondTheIngress(loadBalancer: TfResource, graph: ResourceGraph, who: string, path: string | undefined): Violation[] {
  return graph.referrers(loadBalancer, { type: listenerType, path: "loadbalancer_id" }).flatMap((listener): Violation[] => {
    if (admitsNoInternet(listener)) return [];
    const port = literalNumber(listener.values.protocol_port);
    if (port === undefined)
      return [
        {
          message: `${who} ${loadBalancer.address}, whose listener ${listener.address} serves a port known only at apply`,
          outcome: "cannot-evaluate",
        },
      ];
    if (!ingressPorts.includes(port))
      return [
        {
          message: `${who} ${loadBalancer.address}, whose listener ${listener.address} serves port ${port}: only the ingress's ports 80 and 443 may face the Internet`,
          path,
        },
      ];
    // Octavia's HTTP listener speaks plain HTTP (the API reference's listener protocols: TLS is TERMINATED_HTTPS, or
    // HTTPS and TCP passed through to members that terminate it): on 443, the requests and answers travel in clear.
    const protocol = literalString(listener.values.protocol);
    if (port === 443 && protocol === undefined)
      return [
        {
          message: `${who} ${loadBalancer.address}, whose listener ${listener.address} on port 443 speaks a protocol known only at apply: plain HTTP would encrypt nothing`,
          outcome: "cannot-evaluate",
        },
      ];
    if (port === 443 && protocol?.toUpperCase() === "HTTP")
      return [{ message: `${who} ${loadBalancer.address}, whose listener ${listener.address} serves plain HTTP on port 443: nothing is encrypted`, path }];
    return memberPorts(listener, graph).flatMap((memberPort): Violation[] => {
      if (typeof memberPort !== "number")
        return [
          {
            message: `${who} ${loadBalancer.address}, whose listener ${listener.address} on port ${port} forwards to ${memberPort.member}, whose port is known only at apply`,
            outcome: "cannot-evaluate",
          },
        ];
      const service = nonWebService(memberPort);
      return service
        ? [
            {
              message: `${who} ${loadBalancer.address}, whose listener ${listener.address} on port ${port} forwards to port ${memberPort} (${service})`,
              path,
            },
          ]
        : [];
    });
  });
}

/**
 * Whether a listener admits only sources none of which is the Internet: with allowed_cidrs, Octavia denies every other
 * source (its API reference, listeners: "the default is all allowed; when a list of CIDRs is provided, the default
 * switches to deny all"). A listener given blocks that hold the Internet, one known only at apply, or none, may face it.
 */
function admitsNoInternet(listener: TfResource): boolean {
  const cidrs = list(listener.values.allowed_cidrs).map(literalString);
  if (cidrs.length === 0 || cidrs.some((cidr) => cidr === undefined)) return false;
  const written = cidrs as string[];
  return written.every((cidr) => internetWide(cidr) === undefined) && !publicHeldBy(written).covers(publicAddresses);
}

/**
 * The ports a listener's pools forward to, as their members write them, or the member whose port is known only at apply.
 * Its pools: those naming it, its default pool, and the pools its L7 policies send requests to (`redirect_pool_id` of an
 * openstack_lb_l7policy_v2 naming it, action REDIRECT_TO_POOL), which usually name only the load balancer.
 */
function memberPorts(listener: TfResource, graph: ResourceGraph): (number | { readonly member: string })[] {
  const pools = new Set([
    ...graph.referrers(listener, { type: poolType, path: "listener_id" }),
    ...graph.targetsOf(listener.values.default_pool_id, listener),
    ...graph.referrers(listener, { type: l7PolicyType, path: "listener_id" }).flatMap((policy) => graph.targetsOf(policy.values.redirect_pool_id, policy)),
  ]);
  // protocol_port is required of a member (the provider's schema): one not written is a configuration Terraform refuses.
  const portOf = (value: unknown, member: string) => (value === undefined || value === null ? [] : [literalNumber(value) ?? { member }]);
  return [...pools].flatMap((pool) => [
    ...graph.referrers(pool, { type: memberType, path: "pool_id" }).flatMap((member) => portOf(member.values.protocol_port, member.address)),
    ...graph
      .referrers(pool, { type: membersType, path: "pool_id" })
      .flatMap((members) => blocks(members.values.member).flatMap((member) => portOf(member.protocol_port, `a member of ${members.address}`))),
  ]);
}
