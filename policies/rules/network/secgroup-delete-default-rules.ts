import { cite, resourcePolicy } from "../../engine/policy";
import { isTrue } from "../../lib/openstack";
import { isUnknownValue } from "../../lib/values";

export default resourcePolicy(
  {
    id: "secgroup-delete-default-rules",
    title: "Security groups start empty (default rules deleted)",
    description: "Flags security groups without delete_default_rules = true.",
    rationale: "Neutron adds allow-all egress rules to every new group; default-deny needs them removed so that only the listed flows exist.",
    remediation: "Set delete_default_rules = true and add explicit egress rules for the flows the members need.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "13.2.e"), cite("anssi", "PA-022 R16")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  ["openstack_networking_secgroup_v2"],
  (group) =>
    isTrue(group.values.delete_default_rules) || isUnknownValue(group.values.delete_default_rules)
      ? []
      : [{ message: "the group keeps Neutron's default allow-all egress rules", path: "delete_default_rules" }],
);
