/**
 * Neutron's firewall groups (FWaaS v2, docs.openstack.org/neutron-fwaas: user guide) on router interfaces: a group binds
 * an ingress and an egress policy to ports; a policy is an ordered list of rules, the first that matches a packet
 * decides it, and what none matches is denied. Which of its two policies FWaaS applies to the packets that leave a
 * subnet through its router is not assumed here: a flow is stopped only where both stop it. The rules' defaults are
 * the OpenStack provider's (openstack/resource_openstack_fw_rule_v2.go: action deny, protocol any, IPv4, enabled;
 * resource_openstack_fw_group_v2.go: admin_state_up true).
 */
import { ipv4Block } from "../../lib/cidr";
import { addresses, allPorts, IntervalSet, portsOf } from "../../lib/interval-set";
import type { ResourceGraph } from "../engine/graph";
import type { TfResource } from "../engine/model";
import { isUnknownValue, isUnset, list, literalBool, literalNumber, literalString, stringArgument } from "../lib/values";
import { everyPort, type Grant, portsFor } from "./ports";

const groupType = "openstack_fw_group_v2";
const policyType = "openstack_fw_policy_v2";

export interface Filtered {
  readonly grants: readonly Grant[];
  /** The firewall groups that stop what they do not let through. */
  readonly stoppedBy: readonly string[];
  /** What the model cannot judge (a rule known only at apply, a policy not declared here), which may let anything through. */
  readonly mayOpen: readonly string[];
}

/** "443" or "8000:8080", as FWaaS writes a port range; every port when none is written. */
function portRange(written: unknown): IntervalSet | undefined {
  if (isUnset(written)) return allPorts;
  // A string argument: a port written as a number is its text, as Terraform converts it.
  const match = /^(\d+)(?::(\d+))?$/.exec(stringArgument(written) ?? "");
  return match ? portsOf(Number(match[1]), Number(match[2] ?? match[1])) : undefined;
}

/** The addresses a rule's address argument matches: every one when none is written. */
const addressesOf = (written: unknown): IntervalSet | undefined => {
  if (isUnset(written)) return addresses.all;
  const block = ipv4Block(literalString(written) ?? "");
  return block ? IntervalSet.of([block.first, block.last]) : undefined;
};

/** What one policy lets through from `sources` to `destinations`, its rules read in order. */
function policyGrants(rules: readonly TfResource[], sources: IntervalSet, destinations: IntervalSet, graph: ResourceGraph): Omit<Filtered, "stoppedBy"> {
  let undecided = destinations;
  const grants: Grant[] = [];
  const mayOpen: string[] = [];
  for (const rule of rules) {
    const { values } = rule;
    if (literalBool(values.enabled) === false || literalNumber(values.ip_version) === 6) continue;
    const action = (literalString(values.action) ?? "deny").toLowerCase();
    const protocol = (literalString(values.protocol) ?? "any").toLowerCase();
    const from = addressesOf(graph.readValue(values.source_ip_address, rule));
    const to = addressesOf(graph.readValue(values.destination_ip_address, rule));
    const range = portRange(values.destination_port);
    if (from === undefined || to === undefined || range === undefined || [values.action, values.protocol].some(isUnknownValue)) {
      if (isUnknownValue(values.action) || (action !== "deny" && action !== "reject")) mayOpen.push(`${rule.address} (known only at apply)`);
      continue;
    }
    const reached = undecided.intersect(to);
    if (reached.isEmpty || from.intersect(sources).isEmpty) continue;
    // ICMP carries no port: the flows follow TCP and UDP, which an ICMP rule neither lets through nor stops.
    if (protocol === "icmp") continue;
    const ports = protocol === "tcp" ? portsFor("TCP", range) : protocol === "udp" ? portsFor("UDP", range) : everyPort;
    if (action === "allow") grants.push({ addresses: reached, ports, because: rule.address });
    // A rule decides for good only what it matches whole: every source asked about, every protocol and port. What it
    // matches in part stays undecided for the rules after it (which may then be said to open ports it denies).
    if (from.covers(sources) && protocol === "any" && range.covers(allPorts)) undecided = undecided.minus(to);
  }
  return { grants, mayOpen };
}

/** The firewall groups of a region's configurations, by the router interfaces and ports they filter. */
export class RouterFirewalls {
  private readonly groups: { readonly group: TfResource; readonly graph: ResourceGraph; readonly ports: ReadonlySet<string> }[] = [];

  read(graph: ResourceGraph): void {
    for (const group of graph.ofType([groupType]).filter((candidate) => candidate.mode !== "data"))
      this.groups.push({
        group,
        graph,
        ports: new Set(list(group.values.ports).flatMap((port) => graph.targetsOf(port, group).map((target) => target.address))),
      });
  }

  /**
   * What the firewall groups on `ports` (router interfaces, ports: their addresses) let through from `sources` to
   * `destinations`; undefined where no group filters them.
   */
  filter(ports: readonly string[], sources: IntervalSet, destinations: IntervalSet): Filtered | undefined {
    const groups = this.groups.filter((candidate) => ports.some((port) => candidate.ports.has(port)));
    if (groups.length === 0) return undefined;
    const grants: Grant[] = [];
    const mayOpen: string[] = [];
    for (const { group, graph } of groups) {
      // A group administratively down is not relied on to stop anything.
      if (literalBool(group.values.admin_state_up) === false) {
        grants.push({ addresses: destinations, ports: everyPort, because: `${group.address} (admin_state_up = false)` });
        continue;
      }
      for (const slot of ["ingress_firewall_policy_id", "egress_firewall_policy_id"] as const) {
        const written = group.values[slot];
        if (isUnset(written)) {
          grants.push({ addresses: destinations, ports: everyPort, because: `${group.address} (no ${slot.replace(/_id$/, "")})` });
          continue;
        }
        const policy = graph.targetOf(written, group);
        if (policy?.type !== policyType) {
          mayOpen.push(`${group.address}'s ${slot.replace(/_id$/, "")} (a policy this configuration does not declare)`);
          continue;
        }
        const rules = list(policy.values.rules).map((rule) => graph.targetOf(rule, policy));
        if (rules.some((rule) => rule === undefined)) {
          mayOpen.push(`${policy.address} (a rule this configuration does not declare)`);
          continue;
        }
        const judged = policyGrants(rules as TfResource[], sources, destinations, graph);
        grants.push(...judged.grants);
        mayOpen.push(...judged.mayOpen);
      }
    }
    return { grants, stoppedBy: groups.map(({ group }) => group.address), mayOpen: [...new Set(mayOpen)] };
  }
}
