import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { literalBool, literalString, unknownShown } from "../../lib/values";

const networkType = "openstack_networking_network_v2";

/**
 * What an RBAC policy on a network grants another project (Neutron's "Role-Based Access Control" documentation):
 * access_as_shared lets it create ports on the network, access_as_external lets it route to it and take floating IPs.
 */
const grantedActions: Readonly<Record<string, string>> = {
  access_as_shared: "create ports on the network",
  access_as_external: "attach its routers and floating IPs to the network",
};

export default resourcePolicy(
  {
    id: "network-not-shared",
    title: "The region's networks are shared with no other project",
    description:
      'Flags networks declared with shared = true or external = true (Neutron then gives them to every project), and Neutron RBAC policies that give a network to another project (object_type "network", action access_as_shared or access_as_external), "*" being every project of the cloud.',
    rationale:
      "An instance of another project on the region's network gets an address in its subnets, and every security group rule that admits those subnets by address admits it: the isolation of the health data network then depends on who else the cloud hosts.",
    remediation: "Remove shared = true and the RBAC policy; connect another project through a router and declared flows, never onto the network itself.",
    severity: "critical",
    references: [cite("secnumcloud-3.2", "13.2.a"), cite("hds-2", "EXI 05", "secondary"), cite("cnil-eds-2021", "ch. 10 (isolation)", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [networkType, "openstack_networking_rbac_policy_v2"],
  (resource, { graph }): Violation[] => {
    if (resource.type === networkType)
      return [
        ...(literalBool(resource.values.shared) === true
          ? [{ message: "the network is shared: every project of the cloud may create ports on it", path: "shared" }]
          : []),
        // Neutron gives an external network to every project: it adds the access_as_external RBAC policy for "*"
        // (neutron db/external_net_db.py, when router:external is set).
        ...(literalBool(resource.values.external) === true
          ? [{ message: "the network is external: every project of the cloud may attach its routers and floating IPs to it", path: "external" }]
          : []),
      ];
    const granted = grantedActions[literalString(resource.values.action) ?? ""];
    if (literalString(resource.values.object_type) !== "network" || granted === undefined) return [];
    const target = literalString(resource.values.target_tenant);
    // A project the configuration creates is named by its name, its id known only at apply.
    const project = target === undefined ? graph.targetOf(resource.values.target_tenant, resource) : undefined;
    const projectName = project?.type === "openstack_identity_project_v3" ? literalString(project.values.name) : undefined;
    const who =
      target === "*"
        ? "every project of the cloud"
        : `project ${target ?? (projectName ? `${projectName} (${project!.address})` : unknownShown(resource.values.target_tenant))}`;
    return [{ message: `the RBAC policy lets ${who} ${granted}`, path: "action" }];
  },
);
