import type { ResourceGraph } from "../../engine/graph";
import type { TfResource } from "../../engine/model";
import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { instanceType, portGroups, portSecurityOff, securityGroupRuleType } from "../../lib/openstack";
import { blocks, isUnknownValue, isUnset, list, literalString } from "../../lib/values";

const portType = "openstack_networking_port_v2";
const interfaceAttachType = "openstack_compute_interface_attach_v2";
const groupType = "openstack_networking_secgroup_v2";
const routerInterfaceType = "openstack_networking_router_interface_v2";

/** A data source that looks the project's default group up. */
const looksUpTheDefault = (group: TfResource): boolean =>
  group.type === groupType && group.mode === "data" && literalString(group.values.name)?.toLowerCase() === "default";

/** Whether the configuration looks the project's default group up, so that a reference may name it. */
const looksUpDefault = (graph: ResourceGraph): boolean =>
  graph.cached("default-secgroup-unused/looked-up", () => graph.ofType([groupType]).some(looksUpTheDefault));

/**
 * Whether a value names the project's default group: the name "default" (Neutron refuses that name to any other group:
 * `_validate_name_not_default` in neutron/extensions/securitygroup.py), or a reference to a group looked up by that name.
 */
function namesDefault(value: unknown, from: TfResource, graph: ResourceGraph): boolean {
  if (literalString(value)?.toLowerCase() === "default") return true;
  return looksUpDefault(graph) && graph.targetsOf(value, from).some(looksUpTheDefault);
}

/**
 * The finding on groups that name the default one (`groups`, `what`: "the port"): a violation, unless each names it
 * only in a branch of a condition not known here (`var.no_sg ? [] : [data.openstack_networking_secgroup_v2.default.id]`),
 * which may not be taken: then not evaluable.
 */
function joinsDefault(groups: readonly unknown[], what: string, path: string): Violation[] {
  if (groups.length === 0) return [];
  const chosenNotKnown = groups.every((group) => isUnknownValue(group) && (group as string).includes("?"));
  return [
    chosenNotKnown
      ? {
          message: `the condition that chooses whether ${what} joins the project's default security group is not known here`,
          path,
          outcome: "cannot-evaluate",
        }
      : { message: `${what} joins the project's default security group`, path },
  ];
}

/**
 * Nova gives the ports it creates for an instance the groups the instance names, and the project's default group when
 * it names none ("applied to any port that has no other security group defined": Nova's user guide, security-groups).
 * A network joined by a port of the configuration takes that port's groups, judged on the port.
 */
function instanceViolations(instance: TfResource, graph: ResourceGraph): Violation[] {
  const networks = blocks(instance.values.network);
  if (networks.length > 0 && networks.every((network) => network.port !== undefined && network.port !== "")) return [];
  const groups = list(instance.values.security_groups);
  if (groups.length === 0) return [{ message: "the instance names no security group: Nova puts it in the project's default group", path: "security_groups" }];
  return joinsDefault(
    groups.filter((group) => namesDefault(group, instance, graph)),
    "the instance",
    "security_groups",
  );
}

/**
 * Neutron gives a port created without groups the default one (`_ensure_default_security_group_on_port` in
 * neutron/db/securitygroups_db.py), unless its port security is off (port-security-enabled judges that), it asks for
 * none (`no_security_groups`), or it belongs to the network itself (a `network:` device owner, which Neutron trusts):
 * written, or given by a router interface attached by the port, whose owner Neutron sets to the router's
 * (`_add_interface_by_port` in neutron/db/l3_db.py: network:router_interface and its distributed and HA kinds).
 */
function portViolations(port: TfResource, graph: ResourceGraph): Violation[] {
  if (literalString(port.values.device_owner)?.startsWith("network:")) return [];
  if (graph.referrers(port, { type: routerInterfaceType, path: "port_id" }).length > 0) return [];
  const { references, withDefault } = portGroups(port, graph);
  const joining = joinsDefault(
    references.filter((group) => namesDefault(group, port, graph)),
    "the port",
    "security_group_ids",
  );
  if (joining.length > 0) return joining;
  if (!withDefault || portSecurityOff(port, graph)) return [];
  // A network looked up may have port security off, which the configuration does not show: Neutron then gives its
  // ports no group. Networks have it on unless made otherwise (Neutron's port_security extension), so the port is judged.
  const network = isUnset(port.values.port_security_enabled) ? graph.targetOf(port.values.network_id, port) : undefined;
  const lookedUp = network?.mode === "data" && network.values.port_security_enabled === undefined ? network.address : undefined;
  return [
    {
      message: `the port names no security group: Neutron puts it in the project's default group${lookedUp ? `, unless port security is off on the network it looks up (${lookedUp}), which the configuration does not show` : ""}`,
      path: "security_group_ids",
    },
  ];
}

/**
 * An interface attached by network makes Nova create its port with no security group (nova/network/neutron.py,
 * allocate_port_for_instance calls allocate_for_instance with none, whatever the instance's), so Neutron gives it the
 * default one. An interface attached by port takes that port's groups, judged on the port.
 */
const interfaceViolations = (attachment: TfResource): Violation[] =>
  !isUnset(attachment.values.port_id)
    ? []
    : [
        {
          message: "the interface is attached by network: Nova creates its port with no security group, and Neutron puts it in the project's default group",
          path: "network_id",
        },
      ];

/**
 * A rule written into the default group opens it to every instance and port in the project that falls back on it. A
 * rule reaches that group only through a data source that looks it up: without one, its group is not read (an
 * unknown id is then no more in question than a known one).
 */
const ruleViolations = (rule: TfResource, graph: ResourceGraph): Violation[] =>
  looksUpDefault(graph) && namesDefault(rule.values.security_group_id, rule, graph)
    ? [{ message: "the rule is added to the project's default security group", path: "security_group_id" }]
    : [];

export default resourcePolicy(
  {
    id: "default-secgroup-unused",
    title: "Nothing relies on the project's default security group",
    description:
      "Flags instances and ports that join the project's default security group, by name or because they name none (Nova and Neutron then apply it), interfaces attached by network (Nova makes their port with no group), and rules added to it. A group named in a branch of a condition not known here (a variable given no value chooses it) is not evaluable.",
    rationale:
      "The default group lets every member reach every other on every port and lets everything out: machines of different tiers that fall back on it share one flat zone that no flow matrix describes.",
    remediation:
      "Give each instance or port the groups of its tier (security_groups, security_group_ids), or no_security_groups = true for a port filtered otherwise; write rules into groups of the configuration.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "13.2.a"), cite("secnumcloud-3.2", "13.1.a"), cite("anssi", "PA-022 R16")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [instanceType, portType, interfaceAttachType, securityGroupRuleType],
  (resource, { graph }) =>
    resource.type === instanceType
      ? instanceViolations(resource, graph)
      : resource.type === portType
        ? portViolations(resource, graph)
        : resource.type === interfaceAttachType
          ? interfaceViolations(resource)
          : ruleViolations(resource, graph),
);
