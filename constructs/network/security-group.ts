import { Construct } from "constructs";
import type { FlowEndpoint } from "../flows";
import { NetworkingSecgroupRuleV2 } from "../../.gen/providers/openstack/networking-secgroup-rule-v2/index";
import { NetworkingSecgroupV2 } from "../../.gen/providers/openstack/networking-secgroup-v2/index";

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

  /** Adds one allowed flow. */
  allow(rule: FlowRule): NetworkingSecgroupRuleV2 {
    const [portMin, portMax] = typeof rule.ports === "number" ? [rule.ports, rule.ports] : (rule.ports ?? []);
    const created = new NetworkingSecgroupRuleV2(this, rule.id, {
      securityGroupId: this.resource.id,
      description: rule.why,
      direction: rule.direction,
      ethertype: "IPv4",
      protocol: rule.protocol,
      ...(portMin === undefined ? {} : { portRangeMin: portMin, portRangeMax: portMax }),
      ...("cidr" in rule.peer ? { remoteIpPrefix: rule.peer.cidr } : { remoteGroupId: rule.peer.group.id }),
    });
    this.flowRules.push(created);
    return created;
  }

  get rules(): readonly NetworkingSecgroupRuleV2[] {
    return this.flowRules;
  }

  get id(): string {
    return this.resource.id;
  }
}
