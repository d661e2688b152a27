import type { ResourceGraph } from "../engine/graph";
import type { TfResource } from "../engine/model";
import type { Violation } from "../engine/policy";
import { nonWebService } from "./openstack-rules";
import { internetWide } from "../../lib/cidr";
import { publicAddresses, publicHeldBy } from "../../lib/interval-set";
import { blocks, isUnknown, isUnset, list, literalBool, literalNumber, literalString } from "./values";

export const loadBalancerType = "openstack_lb_loadbalancer_v2";
const listenerType = "openstack_lb_listener_v2";
const poolType = "openstack_lb_pool_v2";
const memberType = "openstack_lb_member_v2";
const membersType = "openstack_lb_members_v2";
const l7PolicyType = "openstack_lb_l7policy_v2";
const l7RuleType = "openstack_lb_l7rule_v2";

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
    const pools = poolsOf(listener, graph);
    const plain = port === 80 ? plainHttpServed(listener, protocol, pools, graph) : undefined;
    const inClear: Violation[] = plain
      ? [{ ...plain, message: `${who} ${loadBalancer.address}, whose listener ${listener.address} on port 80 ${plain.message}`, path }]
      : [];
    return inClear.concat(
      memberPorts(pools, graph).flatMap((memberPort): Violation[] => {
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
      }),
    );
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
 * What an HTTP listener on port 80 serves in clear: the requests it forwards to a pool, unless the load balancer sends
 * every request to HTTPS first, as Octavia's L7 cookbook does ("Redirect http://www.example.com/ to
 * https://www.example.com/"). A TCP listener passes the bytes to members whose own redirection the configuration does
 * not show; a listener that forwards to no pool answers no request with content.
 */
function plainHttpServed(
  listener: TfResource,
  protocol: string | undefined,
  pools: ReadonlySet<TfResource>,
  graph: ResourceGraph,
): Pick<Violation, "message" | "outcome"> | undefined {
  if (protocol !== undefined && protocol.toUpperCase() !== "HTTP") return undefined;
  if (pools.size === 0 && isUnset(listener.values.default_pool_id)) return undefined;
  const redirect = httpsRedirect(listener, graph);
  if (redirect === "every request") return undefined;
  const advice =
    'redirect every request to HTTPS at the load balancer (an L7 policy REDIRECT_PREFIX or REDIRECT_TO_URL to https://, with a rule PATH STARTS_WITH "/")';
  if (redirect === "known at apply")
    return { message: `may redirect to HTTPS, to an address known only at apply: what it serves in clear cannot be told`, outcome: "cannot-evaluate" };
  if (protocol === undefined)
    return { message: `speaks a protocol known only at apply and forwards to its pool: in plain HTTP, ${advice}`, outcome: "cannot-evaluate" };
  return { message: `forwards plain HTTP to its pool: requests and answers cross the Internet in clear; ${advice}` };
}

/**
 * Whether an L7 policy of the listener answers every request with a redirect to an https:// address. Octavia's
 * haproxy template (combined_listeners/templates/macros.j2) writes a policy only when it is enabled and has enabled
 * rules (jinja_cfg.py keeps those), all of which must match: a rule matches every request when it compares the path,
 * not inverted, as starting with "/". HAProxy evaluates redirect rules before use_backend, so a pool of another policy
 * placed before it does not take the requests.
 */
function httpsRedirect(listener: TfResource, graph: ResourceGraph): "every request" | "known at apply" | undefined {
  let unknownTarget = false;
  for (const policy of graph.referrers(listener, { type: l7PolicyType, path: "listener_id" })) {
    if (literalBool(policy.values.admin_state_up) === false) continue;
    const rules = graph.referrers(policy, { type: l7RuleType, path: "l7policy_id" }).filter((rule) => literalBool(rule.values.admin_state_up) !== false);
    if (rules.length === 0 || !rules.every(matchesEveryPath)) continue;
    const action = literalString(policy.values.action)?.toUpperCase();
    const target = action === "REDIRECT_TO_URL" ? policy.values.redirect_url : action === "REDIRECT_PREFIX" ? policy.values.redirect_prefix : undefined;
    if (typeof target !== "string") continue;
    // An address whose interpolations come after the scheme is still an https:// one.
    if (/^https:\/\//i.test(target)) return "every request";
    if (isUnknown(target) && target.startsWith("${")) unknownTarget = true;
  }
  return unknownTarget ? "known at apply" : undefined;
}

const matchesEveryPath = (rule: TfResource): boolean =>
  literalString(rule.values.type)?.toUpperCase() === "PATH" &&
  literalString(rule.values.compare_type)?.toUpperCase() === "STARTS_WITH" &&
  rule.values.value === "/" &&
  literalBool(rule.values.invert) !== true;

/**
 * A listener's pools: those naming it, its default pool, and the pools its L7 policies send requests to
 * (`redirect_pool_id` of an openstack_lb_l7policy_v2 naming it, action REDIRECT_TO_POOL), which usually name only the
 * load balancer.
 */
const poolsOf = (listener: TfResource, graph: ResourceGraph): Set<TfResource> =>
  new Set([
    ...graph.referrers(listener, { type: poolType, path: "listener_id" }),
    ...graph.targetsOf(listener.values.default_pool_id, listener),
    ...graph.referrers(listener, { type: l7PolicyType, path: "listener_id" }).flatMap((policy) => graph.targetsOf(policy.values.redirect_pool_id, policy)),
  ]);

/**
 * The ports a listener's pools (poolsOf) forward to, as their members write them, or the member whose port is known
 * only at apply.
 */
function memberPorts(pools: ReadonlySet<TfResource>, graph: ResourceGraph): (number | { readonly member: string })[] {
  // protocol_port is required of a member (the provider's schema): one not written is a configuration Terraform refuses.
  const portOf = (value: unknown, member: string) => (value === undefined || value === null ? [] : [literalNumber(value) ?? { member }]);
  return [...pools].flatMap((pool) => [
    ...graph.referrers(pool, { type: memberType, path: "pool_id" }).flatMap((member) => portOf(member.values.protocol_port, member.address)),
    ...graph
      .referrers(pool, { type: membersType, path: "pool_id" })
      .flatMap((members) => blocks(members.values.member).flatMap((member) => portOf(member.protocol_port, `a member of ${members.address}`))),
  ]);
}
