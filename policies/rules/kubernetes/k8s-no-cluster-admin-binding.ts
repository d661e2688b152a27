import type { ResourceGraph } from "../../engine/graph";
import type { TfResource } from "../../engine/model";
import { cite, notKnownOf, resourcePolicy, type Violation } from "../../engine/policy";
import { bindingTypes, populationOf, referenceNotKnown, resolvedName, serviceAccountIdentity, serviceAccountTypes, withV1 } from "../../lib/kubernetes";
import { attributePath, block, blocks, literalString, unknownShown } from "../../lib/values";

export default resourcePolicy(
  {
    id: "k8s-no-cluster-admin-binding",
    title: "cluster-admin is bound to no user, group or service account of ours, and nothing to system:masters",
    description: `Flags every ClusterRoleBinding or RoleBinding to the ClusterRole cluster-admin with a subject that is not a built-in component's system: user or group (any subject meaning "everyone", and the groups of the nodes and of their bootstrap tokens, included), and every binding, whatever its role, that names the group system:masters.`,
    rationale:
      "cluster-admin can read every Secret and run anything on every node; administrators get scoped roles through groups, and break-glass access goes through the bastion.",
    remediation: "Bind a narrower role (a namespaced Role, or a ClusterRole with the verbs needed) to a group instead of cluster-admin.",
    severity: "critical",
    references: [cite("anssi", "PA-022 R39-R40"), cite("cis-kubernetes", "5.1.1"), cite("cis-kubernetes", "5.1.7"), cite("secnumcloud-3.2", "9.3.d-f")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  bindingTypes,
  (binding, { graph }): Violation[] => [...mastersSubjects(binding, graph), ...clusterAdminSubjects(binding, graph)],
);

/**
 * system:masters is the API server's superuser group: its members pass every authorization check, RBAC or not
 * (kubernetes.io/docs/concepts/security/rbac-good-practices, "Least privilege"). A binding naming it says the
 * configuration relies on certificates issued in that group, which cannot be revoked. A User or ServiceAccount subject of
 * that name is matched on a user's name, not on the group (rbac/validation/rule.go, appliesTo).
 */
function mastersSubjects(binding: TfResource, graph: ResourceGraph): Violation[] {
  return blocks(binding.values.subject).flatMap((subject, i): Violation[] =>
    resolvedName(subject.name, binding, graph, []) === "system:masters" &&
    literalString(subject.kind) !== "User" &&
    literalString(subject.kind) !== "ServiceAccount"
      ? [{ message: "the binding names system:masters, the group that bypasses every authorization check", path: attributePath("subject", i, "name") }]
      : [],
  );
}

/**
 * The identities of the nodes and of their bootstrap tokens: the groups, and a token's own user name,
 * system:bootstrap:<id> (kubernetes.io/docs/reference/access-authn-authz/node, bootstrap-tokens).
 */
const nodeIdentity = /^system:(nodes$|node:|bootstrappers($|:)|bootstrap:)/;

function clusterAdminSubjects(binding: TfResource, graph: ResourceGraph): Violation[] {
  const roleRef = block(binding.values.role_ref);
  const kind = literalString(roleRef?.kind);
  if (!roleRef || (kind !== undefined && kind !== "ClusterRole")) return [];
  const clusterRoleTypes = withV1("kubernetes_cluster_role");
  const role = resolvedName(roleRef.name, binding, graph, clusterRoleTypes);
  // A ClusterRole the configuration creates is not cluster-admin, whatever its name: every cluster has that one
  // (the API server's bootstrap roles), and creating it again fails.
  const declared = graph.targetOf(roleRef.name, binding);
  if (role === undefined && declared && clusterRoleTypes.includes(declared.type) && declared.mode === "managed") return [];
  if (role === undefined)
    return [
      { message: "the bound role is not known before apply, so cluster-admin cannot be ruled out", path: "role_ref[0].name", outcome: "cannot-evaluate" },
    ];
  if (role !== "cluster-admin") return [];
  return blocks(binding.values.subject).flatMap((subject, i): Violation[] => {
    // A service account's name, a DNS subdomain, is never a built-in component's system: name, whatever it is.
    const kind = literalString(subject.kind);
    const name = resolvedName(subject.name, binding, graph, serviceAccountTypes);
    const path = attributePath("subject", i, "name");
    if (name === undefined)
      return kind === "ServiceAccount"
        ? [{ message: `cluster-admin is granted to the ServiceAccount ${unknownShown(subject.name)}, whatever its name`, path }]
        : [
            {
              message: `subject ${i} of a cluster-admin binding is not known here`,
              path,
              outcome: "cannot-evaluate",
              ...notKnownOf(referenceNotKnown(subject.name, binding, graph)),
            },
          ];
    // A system: name other than a population group is a built-in component's; a population group is the worst case. A
    // service account's user name (system:serviceaccount:<namespace>:<name>) and its namespace's group
    // (system:serviceaccounts:<namespace>) are a workload's, however they are written (k8s.io/apiserver
    // authentication/serviceaccount util.go; RBAC matches a User subject on the user name, rbac/validation/rule.go).
    // The nodes' identities are every kubelet's (system:nodes, system:node:<name>) and every bootstrap token's
    // (system:bootstrappers, system:bootstrappers:<group>, system:bootstrap:<id>): one node, or one token, would then
    // own the cluster.
    const builtIn = name.startsWith("system:") && populationOf(kind, name) === undefined && !serviceAccountIdentity.test(name) && !nodeIdentity.test(name);
    if (builtIn) return [];
    return [{ message: `cluster-admin is granted to ${kind ?? "subject"} ${name}`, path }];
  });
}
