import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { bindingTypes } from "../../lib/kubernetes";
import { attributePath, blocks, literalString } from "../../lib/values";

export default resourcePolicy(
  {
    id: "k8s-no-binding-to-default-service-account",
    title: "No role is granted to a namespace's default service account",
    description: "Flags every RoleBinding and ClusterRoleBinding, whatever its role, with a subject that is the service account named default.",
    rationale:
      "Every pod that names no service account runs as its namespace's default one: a right bound to it goes to each of them, to pods added later by anyone who may create pods there, and not only to the workload it was meant for.",
    remediation: "Create a service account for the workload that needs the right, bind the role to it, and name it in that workload's pod spec.",
    severity: "high",
    references: [cite("cis-kubernetes", "5.1.5", "unverified"), cite("anssi", "PA-022 R39-R40"), cite("secnumcloud-3.2", "9.3.d-f")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  bindingTypes,
  (binding): Violation[] =>
    blocks(binding.values.subject).flatMap((subject, i): Violation[] =>
      literalString(subject.kind) === "ServiceAccount" && literalString(subject.name) === "default"
        ? [
            {
              message: `the binding grants its role to the default service account of namespace ${literalString(subject.namespace) ?? "(unset)"}: every pod there that names no account gets it`,
              path: attributePath("subject", i, "name"),
            },
          ]
        : [],
    ),
);
