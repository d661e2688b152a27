import { Construct } from "constructs";
import type { FlowEndpoint } from "../flows";
import { NetworkingSecgroupRuleV2 } from "../../.gen/providers/openstack/networking-secgroup-rule-v2/index";
import { NetworkingSecgroupV2 } from "../../.gen/providers/openstack/networking-secgroup-v2/index";

/** Neutron keeps 255 characters of a description (DESCRIPTION_FIELD_SIZE, neutron-lib db/constants.py). */
const descriptionLength = 255;

/** The reasons of the flows one rule allows, within Neutron's length. */
function describe(reasons: readonly string[]): string {
  const text = reasons.join("; ");
  return text.length <= descriptionLength ? text : `${text.slice(0, descriptionLength - 3)}...`;
}

/** The other end of a flow: addresses, or the members of a security group. */
export type FlowPeer = { readonly cidr: string } | { readonly group: SecurityGroup };

/** One allowed flow. Anything not listed is denied: the group starts empty. */
export interface FlowRule {
  /** Stable construct id of the rule; renaming it replaces the rule. */
  readonly id: string;
  readonly direction: "ingress" | "egress";
  readonly protocol: "tcp" | "udp" | "icmp";
  /** Single port, or [min, max]. Omit for ICMP. */
  readonly ports?: number | readonly [number, number];
  /** The other end of the flow. */
  readonly peer: FlowPeer;
  /** Why the flow exists; written into the rule's description so the reason travels with it. */
  readonly why: string;
}

export interface SecurityGroupProps {
  readonly name: string;
  /** What the group protects; required because an undescribed group cannot be reviewed. */
  readonly description: string;
  /** @default - none: add them with allow() */
  readonly rules?: readonly FlowRule[];
}

/**
 * A default-deny security group: Neutron's default rules (all egress) are deleted and only the listed flows are allowed
 * (SecNumCloud 13.2.e, ANSSI PA-022 R16).
 */
export class SecurityGroup extends Construct {
  readonly resource: NetworkingSecgroupV2;
  /** Its members, as one end of a declared flow. */
  readonly members: FlowEndpoint;
  private readonly flowRules: NetworkingSecgroupRuleV2[] = [];
  private readonly byKey = new Map<string, { rule: NetworkingSecgroupRuleV2; reasons: string[] }>();

  constructor(scope: Construct, id: string, props: SecurityGroupProps) {
    super(scope, id);
    this.resource = new NetworkingSecgroupV2(this, "Resource", {
      name: props.name,
      description: props.description,
      deleteDefaultRules: true,
    });
    this.members = { name: `members of ${props.name}`, securityGroup: props.name };
    for (const rule of props.rules ?? []) this.allow(rule);
  }

  /**
   * Adds one allowed flow. A flow that another already allows (two mirrors behind one address, say) adds its reason to
   * that rule: Neutron refuses a second rule with the same direction, protocol, ports and remote, whatever its
   * description (SecurityGroupRuleExists, neutron/db/securitygroups_db.py, _rule_to_key), and the apply would stop there.
   */
  allow(rule: FlowRule): NetworkingSecgroupRuleV2 {
    const [portMin, portMax] = typeof rule.ports === "number" ? [rule.ports, rule.ports] : (rule.ports ?? []);
    // Neutron compares rules after making them canonical: 1-65535 is no range at all (_make_canonical_port_range).
    const ports = portMin === undefined || (portMin === 1 && portMax === 65535) ? "" : `${portMin}-${portMax}`;
    const key = [rule.direction, rule.protocol, ports, "cidr" in rule.peer ? rule.peer.cidr : rule.peer.group.node.path].join(" ");
    const same = this.byKey.get(key);
    if (same) {
      same.reasons.push(rule.why);
      same.rule.description = describe(same.reasons);
      return same.rule;
    }
    const created = new NetworkingSecgroupRuleV2(this, rule.id, {
      securityGroupId: this.resource.id,
      description: describe([rule.why]),
      direction: rule.direction,
      ethertype: "IPv4",
      protocol: rule.protocol,
      ...(portMin === undefined ? {} : { portRangeMin: portMin, portRangeMax: portMax }),
      ...("cidr" in rule.peer ? { remoteIpPrefix: rule.peer.cidr } : { remoteGroupId: rule.peer.group.id }),
    });
    this.flowRules.push(created);
    this.byKey.set(key, { rule: created, reasons: [rule.why] });
    return created;
  }

  get rules(): readonly NetworkingSecgroupRuleV2[] {
    return this.flowRules;
  }

  get id(): string {
    return this.resource.id;
  }
}
