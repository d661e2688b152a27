import { cite, resourcePolicy } from "../../engine/policy";
import { instanceType } from "../../lib/openstack";
import { isLiteralSecret } from "../../lib/secrets";

export default resourcePolicy(
  {
    id: "instance-no-admin-pass",
    title: "No instance carries an administrator password in the configuration",
    description: "Flags compute instances with a literal admin_pass.",
    rationale: "A literal password is readable by anyone with the repository or the state, and password login defeats key-based administration.",
    remediation: "Remove admin_pass and give administrators SSH keys through cloud-init.",
    severity: "critical",
    references: [cite("secnumcloud-3.2", "10.5.c"), cite("anssi", "PA-022 R34-R38"), cite("secnumcloud-3.2", "10.3.a")],
    enforcementLevel: "mandatory",
    onUnknown: "pass",
  },
  [instanceType],
  (instance) => (isLiteralSecret(instance.values.admin_pass) ? [{ message: "the instance sets a literal admin_pass", path: "admin_pass" }] : []),
);
