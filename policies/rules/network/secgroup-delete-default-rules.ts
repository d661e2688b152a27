import { cite, resourcePolicy } from "../../engine/policy";
import { computeSecurityGroupType, isTrue, securityGroupType } from "../../lib/openstack";
import { isUnknownValue } from "../../lib/values";

export default resourcePolicy(
  {
    id: "secgroup-delete-default-rules",
    title: "Security groups start empty (default rules deleted)",
    description:
      "Flags security groups without delete_default_rules = true, and every group of the compute API (openstack_compute_secgroup_v2), which cannot delete them.",
    rationale: "Neutron adds allow-all egress rules to every new group; default-deny needs them removed so that only the listed flows exist.",
    remediation:
      "Set delete_default_rules = true and add explicit egress rules for the flows the members need; replace a group of the compute API with openstack_networking_secgroup_v2.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "13.2.e"), cite("anssi", "PA-022 R16")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [securityGroupType, computeSecurityGroupType],
  (group) => {
    // Nova creates the group through Neutron, with a name and a description alone, and its API manages ingress rules
    // only: the provider's resource has no way to delete the egress ones (resource_openstack_compute_secgroup_v2.go).
    if (group.type === computeSecurityGroupType)
      return [
        {
          message: "the group keeps Neutron's default allow-all egress rules: a group of the compute API cannot delete them",
          path: "name",
        },
      ];
    return isTrue(group.values.delete_default_rules) || isUnknownValue(group.values.delete_default_rules)
      ? []
      : [{ message: "the group keeps Neutron's default allow-all egress rules", path: "delete_default_rules" }];
  },
);
