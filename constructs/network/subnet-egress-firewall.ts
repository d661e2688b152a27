import { Construct } from "constructs";
import { FwGroupV2 } from "../../.gen/providers/openstack/fw-group-v2/index";
import { FwPolicyV2 } from "../../.gen/providers/openstack/fw-policy-v2/index";
import { FwRuleV2 } from "../../.gen/providers/openstack/fw-rule-v2/index";
import type { INetwork, SubnetRole } from "./isolated-network";
import type { FlowRule } from "./security-group";

export interface SubnetEgressFirewallProps {
  readonly namePrefix: string;
  readonly network: INetwork;
  /** The subnet whose way out is filtered at its router interface. */
  readonly role: SubnetRole;
  /** The services outside the private network its hosts reach (the egress flows of serviceFlows), each with its reason. */
  readonly services: readonly FlowRule[];
  /** The region's other subnets: they and the subnet reach each other freely, the security groups deciding. */
  readonly privateCidrs: readonly string[];
}

/**
 * A Neutron firewall group (FWaaS v2) on the router interface of one subnet, that lets its hosts reach the region's
 * services and private subnets and nothing else. It exists for the hosts whose security groups are not ours: Magnum
 * gives a cluster's nodes groups of its own that let every packet out (the Cluster API driver's are CAPO's managed
 * groups, with their "Full open" egress rules), and the router's SNAT would take them to the Internet.
 *
 * Its one policy is both the group's ingress and its egress policy, and every rule names its source and destination by
 * the subnet on one side: the filter holds whichever direction FWaaS calls the packets that leave the subnet. The
 * region's other subnets reach it, left to the security groups there; nothing else comes in (its hosts have no floating
 * IP), and replies pass as FWaaS tracks connections (docs.openstack.org/neutron-fwaas: a policy's rules are read in
 * order, and what none matches is denied).
 */
export class SubnetEgressFirewall extends Construct {
  readonly group: FwGroupV2;
  readonly policy: FwPolicyV2;

  constructor(scope: Construct, id: string, props: SubnetEgressFirewallProps) {
    super(scope, id);
    const { namePrefix, network, role } = props;
    const subnet = network.subnetCidr(role);
    const rule = (ruleId: string, config: Omit<ConstructorParameters<typeof FwRuleV2>[2], "name">) =>
      new FwRuleV2(this, ruleId, { name: `${namePrefix}-${role}-egress-${ruleId.toLowerCase()}`, ...config });
    const rules = [
      ...props.privateCidrs.flatMap((cidr, i) => [
        rule(`ToPrivate${i}`, {
          description: `From the ${role} subnet to the region's subnet ${cidr}: its security groups decide`,
          action: "allow",
          protocol: "any",
          sourceIpAddress: subnet,
          destinationIpAddress: cidr,
        }),
        rule(`FromPrivate${i}`, {
          description: `From the region's subnet ${cidr} to the ${role} subnet: the security groups there decide`,
          action: "allow",
          protocol: "any",
          sourceIpAddress: cidr,
          destinationIpAddress: subnet,
        }),
      ]),
      ...props.services
        .flatMap((flow) => (flow.direction === "egress" && "cidr" in flow.peer ? [{ ...flow, cidr: flow.peer.cidr }] : []))
        .map((flow) =>
          rule(flow.id, {
            description: flow.why.slice(0, 255),
            action: "allow",
            protocol: flow.protocol,
            sourceIpAddress: subnet,
            destinationIpAddress: flow.cidr,
            ...(flow.ports === undefined ? {} : { destinationPort: typeof flow.ports === "number" ? `${flow.ports}` : `${flow.ports[0]}:${flow.ports[1]}` }),
          }),
        ),
      rule("DenyRest", { description: `Nothing else leaves the ${role} subnet: no Internet`, action: "deny", protocol: "any", sourceIpAddress: subnet }),
    ];
    this.policy = new FwPolicyV2(this, "Policy", {
      name: `${namePrefix}-${role}-egress`,
      description: `What leaves the ${role} subnet: the region's services and subnets only`,
      rules: rules.map((each) => each.id),
    });
    this.group = new FwGroupV2(this, "Group", {
      name: `${namePrefix}-${role}-egress`,
      description: `Filters what leaves the ${role} subnet at its router interface`,
      ingressFirewallPolicyId: this.policy.id,
      egressFirewallPolicyId: this.policy.id,
      ports: [network.routerInterface(role).portId],
    });
  }
}
