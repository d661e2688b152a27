import { Construct } from "constructs";
import { NetworkingSecgroupRuleV2 } from "../../.gen/providers/openstack/networking-secgroup-rule-v2/index";
import { NetworkingSecgroupV2 } from "../../.gen/providers/openstack/networking-secgroup-v2/index";

/** One allowed flow. Anything not listed is denied: the group starts empty. */
export interface FlowRule {
  /** Stable construct id of the rule; renaming it replaces the rule. */
  readonly id: string;
  readonly direction: "ingress" | "egress";
  readonly protocol: "tcp" | "udp" | "icmp";
  /** Single port, or [min, max]. Omit for ICMP. */
  readonly ports?: number | readonly [number, number];
  /** The other end of the flow, as a CIDR. */
  readonly remoteCidr: string;
  /** Why the flow exists; written into the rule's description so the reason travels with it. */
  readonly why: string;
}

export interface SecurityGroupProps {
  readonly name: string;
  /** What the group protects; required because an undescribed group cannot be reviewed. */
  readonly description: string;
  readonly rules: readonly FlowRule[];
}

/**
 * A default-deny security group: Neutron's default rules (all egress) are deleted and only the listed flows are allowed
 * (SecNumCloud 13.2.e, ANSSI PA-022 R16).
 */
export class SecurityGroup extends Construct {
  readonly resource: NetworkingSecgroupV2;
  readonly rules: readonly NetworkingSecgroupRuleV2[];

  constructor(scope: Construct, id: string, props: SecurityGroupProps) {
    super(scope, id);
    this.resource = new NetworkingSecgroupV2(this, "Resource", {
      name: props.name,
      description: props.description,
      deleteDefaultRules: true,
    });
    this.rules = props.rules.map((rule) => {
      const [portMin, portMax] = typeof rule.ports === "number" ? [rule.ports, rule.ports] : (rule.ports ?? []);
      return new NetworkingSecgroupRuleV2(this, rule.id, {
        securityGroupId: this.resource.id,
        description: rule.why,
        direction: rule.direction,
        ethertype: "IPv4",
        protocol: rule.protocol,
        ...(portMin === undefined ? {} : { portRangeMin: portMin, portRangeMax: portMax }),
        remoteIpPrefix: rule.remoteCidr,
      });
    });
  }

  get id(): string {
    return this.resource.id;
  }
}
