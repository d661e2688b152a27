import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import type { ResourceGraph } from "../../engine/graph";
import { bindingTypes, namespaceTypes, resolvedName, subjectNameNotKnown, serviceAccountTypes } from "../../lib/kubernetes";
import type { TfResource } from "../../engine/model";
import { attributePath, block, blocks, literalString } from "../../lib/values";

/** The group of every service account of one namespace; the cluster-wide system:serviceaccounts is k8s-no-binding-to-everyone's. */
const serviceAccountsOf = /^system:serviceaccounts:([^:]+)$/;

/**
 * The namespace of a service account subject: its own; else, from the provider's typed resource, `default`, which its
 * schema sends (kubernetes/schema_rbac.go, rbacSubjectSchema); else, in a manifest, the binding's, where RBAC looks
 * for it (pkg/registry/rbac/validation/rule.go, appliesToUser).
 */
function subjectNamespace(binding: TfResource, subject: Record<string, unknown>, graph: ResourceGraph): string | undefined {
  const own = resolvedName(subject.namespace, binding, graph, namespaceTypes);
  if (own !== undefined && own !== "") return own;
  return binding.fromManifest ? literalString(block(binding.values.metadata)?.namespace) : "default";
}

export default resourcePolicy(
  {
    id: "k8s-no-binding-to-default-service-account",
    title: "No role is granted to a namespace's default service account",
    description:
      "Flags every RoleBinding and ClusterRoleBinding, whatever its role, with a subject that is the service account named default, or the group of every service account of a namespace (system:serviceaccounts:<namespace>), which holds it.",
    rationale:
      "Every pod that names no service account runs as its namespace's default one: a right bound to it goes to each of them, to pods added later by anyone who may create pods there, and not only to the workload it was meant for.",
    remediation: "Create a service account for the workload that needs the right, bind the role to it, and name it in that workload's pod spec.",
    severity: "high",
    references: [cite("cis-kubernetes", "5.1.5", "unverified"), cite("anssi", "PA-022 R39-R40"), cite("secnumcloud-3.2", "9.3.d-f")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  bindingTypes,
  (binding, { graph }): Violation[] =>
    blocks(binding.values.subject).flatMap((subject, i): Violation[] => {
      const kind = literalString(subject.kind);
      // A name another block gives (a service account a data source reads) is the one Terraform knows at plan.
      const name = resolvedName(subject.name, binding, graph, serviceAccountTypes);
      const path = attributePath("subject", i, "name");
      const unread = subjectNameNotKnown(subject, i, name, binding, graph);
      if (unread) return [unread];
      // A User subject named as the service account's user name is that service account (RBAC matches a User subject
      // on the user name: rbac/validation/rule.go, appliesToUser).
      const asUser = kind === "User" ? /^system:serviceaccount:([^:]+):default$/.exec(name ?? "")?.[1] : undefined;
      if ((kind === "ServiceAccount" && name === "default") || asUser !== undefined)
        return [
          {
            message: `the binding grants its role to the default service account of namespace ${asUser ?? subjectNamespace(binding, subject, graph) ?? "(unset)"}: every pod there that names no account gets it`,
            path,
          },
        ];
      // The API server puts every service account of a namespace in this group (Kubernetes RBAC documentation,
      // "Referring to subjects"): the default one among them.
      const namespace = kind === "Group" ? serviceAccountsOf.exec(name ?? "")?.[1] : undefined;
      return namespace
        ? [
            {
              message: `the binding grants its role to every service account of namespace ${namespace}, its default one among them: every pod there gets it`,
              path,
            },
          ]
        : [];
    }),
);
