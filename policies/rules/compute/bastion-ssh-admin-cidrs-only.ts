import { block as cidrBlock, contains, ipv4Block } from "../../../lib/cidr";
import type { ResourceGraph } from "../../engine/graph";
import type { TfResource } from "../../engine/model";
import { cite, resourcePolicy } from "../../engine/policy";
import {
  coversPort,
  instanceType,
  instancesOnPort,
  isBastion,
  namesNoRemote,
  portsOfGroup,
  remotePath,
  remotePrefixes,
  securityGroupRuleType,
  takesNamedGroups,
} from "../../lib/openstack";
import { type SshdPorts, sshdPorts } from "../../lib/sshd";
import { list, literalString } from "../../lib/values";
import { addToGroup } from "../../../lib/groups";

/** The instances of the configuration by each security group name their `security_groups` list holds. */
const instancesByGroupName = (graph: ResourceGraph): ReadonlyMap<string, TfResource[]> =>
  graph.cached("bastion-ssh-admin-cidrs-only/instances-by-group-name", () => {
    const found = new Map<string, TfResource[]>();
    for (const instance of graph.ofType([instanceType]))
      for (const name of list(instance.values.security_groups)) if (typeof name === "string") addToGroup(found, name, instance);
    return found;
  });

/** Every port the configuration's bastions take SSH on, and whether one bastion's are known only at apply. */
const bastionSshPorts = (graph: ResourceGraph): { ports: ReadonlySet<number>; unknown: boolean } =>
  graph.cached("bastion-ssh-admin-cidrs-only/ssh-ports", () => {
    const each = graph.ofType([instanceType]).filter(isBastion).map(sshdPorts);
    return { ports: new Set(each.flatMap((found) => ("ports" in found ? found.ports : []))), unknown: each.some((found) => "unknown" in found) };
  });

/** Whether a rule admits SSH to a bastion whose sshd listens as `ssh` says (unknown: it may). */
const admitsSsh = (rule: TfResource, ssh: SshdPorts): boolean => "unknown" in ssh || ssh.ports.some((port) => coversPort(rule, port, ["tcp"]));

export default resourcePolicy(
  {
    id: "bastion-ssh-admin-cidrs-only",
    title: "The bastion accepts SSH only from the administrators' networks",
    description:
      "For each SSH ingress rule (TCP to a port the bastion's sshd listens on: 22, or the Port and ListenAddress its cloud-config writes in sshd_config or sshd_config.d) of a security group attached to a bastion (by the instance, its port, or a port-groups association), checks that every source it admits (its prefix, the addresses of its address group, or every address when it names no remote) lies inside one of the declared administration CIDRs; not evaluable when none is declared, or when the sshd port is known only at apply.",
    rationale: "Administration flows come only from the dedicated administration networks; any other source turns the bastion into a public SSH server.",
    remediation: "Restrict remote_ip_prefix of the bastion's SSH rules to the adminCidrs of the environment file.",
    severity: "critical",
    references: [cite("anssi", "PA-022 R15-R16"), cite("secnumcloud-3.2", "13.2.e"), cite("secnumcloud-3.2", "Annex 2 i")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [securityGroupRuleType],
  (rule, { graph, settings }) => {
    if (rule.values.direction !== "ingress") return [];
    const everySshPort = bastionSshPorts(graph);
    if (!everySshPort.unknown && ![...everySshPort.ports].some((port) => coversPort(rule, port, ["tcp"]))) return [];
    const group = graph.targetOf(rule.values.security_group_id, rule);
    if (!group) return [];
    // An instance names its groups by reference or by their names, which Nova resolves in the project, for the ports it
    // makes (takesNamedGroups).
    const name = literalString(group.values.name);
    const byName = name === undefined ? [] : (instancesByGroupName(graph).get(name) ?? []);
    const bastions = [
      ...portsOfGroup(group, graph).flatMap((port) => instancesOnPort(port, graph)),
      ...[...graph.referrers(group, { type: instanceType, path: "security_groups" }), ...byName].filter((instance) => takesNamedGroups(instance)),
    ].filter((instance) => isBastion(instance) && admitsSsh(rule, sshdPorts(instance)));
    if (bastions.length === 0) return [];
    const unknownPorts = bastions.map(sshdPorts).flatMap((ssh) => ("unknown" in ssh ? [ssh.unknown] : []));
    if (unknownPorts.length > 0)
      return [
        {
          message: `the port the bastion's sshd listens on cannot be told (${unknownPorts[0]}): whether this rule admits SSH cannot be judged`,
          outcome: "cannot-evaluate",
        },
      ];
    if (settings.adminCidrs.length === 0)
      return [{ message: "no administrators' networks (adminCidrs) are declared: the bastion's SSH sources cannot be judged", outcome: "cannot-evaluate" }];
    // A rule that names no remote admits every address (Neutron's API: no remote_ip_prefix means 0.0.0.0/0 or ::/0).
    if (namesNoRemote(rule)) return [{ message: "SSH to the bastion from any address: the rule names no remote", path: "remote_ip_prefix" }];
    const remote = remotePrefixes(rule, graph);
    const sources = remote?.prefixes.map(literalString);
    if (!remote || !sources || sources.some((source) => source === undefined))
      return [
        {
          message:
            "the SSH source of the bastion is not a literal CIDR or a declared address group, so it cannot be checked against the administrators' networks",
          outcome: "cannot-evaluate",
        },
      ];
    // An IPv6 source is outside the administrators' networks, which are IPv4 (settings: adminCidrs).
    const outside = (sources as string[]).filter((source) => {
      const from = ipv4Block(source);
      return from === undefined || !settings.adminCidrs.some((admin) => contains(cidrBlock(admin), from));
    });
    return outside.length === 0
      ? []
      : [
          {
            message: `SSH to the bastion from ${remote.shown}, outside the administrators' networks ${settings.adminCidrs.join(", ")}`,
            path: remotePath(rule),
          },
        ];
  },
);
