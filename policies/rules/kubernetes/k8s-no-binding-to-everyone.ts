import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { bindingTypes, populationOf, resolvedName, subjectNameNotKnown } from "../../lib/kubernetes";
import { attributePath, blocks, literalString } from "../../lib/values";

export default resourcePolicy(
  {
    id: "k8s-no-binding-to-everyone",
    title: "No role is granted to everyone",
    description:
      "Flags every RoleBinding and ClusterRoleBinding, whatever its role, with a subject that stands for a whole population: the user system:anonymous, the groups system:unauthenticated, system:authenticated and system:serviceaccounts.",
    rationale:
      "A right granted to system:authenticated goes to every account the identity provider signs in and to every pod's service account: one user of one project then reads what the role opens in every project.",
    remediation: "Bind the role to the group of the people who need it (a project's group from the identity provider), or to named service accounts.",
    severity: "critical",
    references: [cite("anssi", "PA-022 R39-R40"), cite("secnumcloud-3.2", "9.3.d-f")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  bindingTypes,
  (binding, { graph }): Violation[] =>
    blocks(binding.values.subject).flatMap((subject, i): Violation[] => {
      // A name another block gives (a ConfigMap's data) is the one Terraform knows at plan.
      const name = resolvedName(subject.name, binding, graph, []);
      const path = attributePath("subject", i, "name");
      const unread = subjectNameNotKnown(subject, i, name, binding, graph);
      if (unread) return [unread];
      const who = name === undefined ? undefined : populationOf(literalString(subject.kind), name);
      return who ? [{ message: `the binding grants its role to ${name}: ${who}`, path }] : [];
    }),
);
