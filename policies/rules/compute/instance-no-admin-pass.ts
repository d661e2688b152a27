import { cite, resourcePolicy } from "../../engine/policy";
import { instanceType } from "../../lib/openstack";
import { isLiteralSecret } from "../../lib/secrets";
import { isUnknown, isUnset, unknownShown } from "../../lib/values";

export default resourcePolicy(
  {
    id: "instance-no-admin-pass",
    title: "No instance is given an administrator password",
    description:
      "Flags compute instances that set admin_pass, or the metadata key admin_pass that cloudbase-init reads as the administrator's password, literally or from a variable or a secret store.",
    rationale:
      "Whatever store the value comes from, the state holds it, Nova writes it into the instance's config drive when it has one, and password login defeats key-based administration; a literal is moreover readable by anyone with the repository.",
    remediation: "Remove admin_pass and give administrators SSH keys through cloud-init.",
    severity: "critical",
    references: [cite("secnumcloud-3.2", "10.5.c"), cite("anssi", "PA-022 R34-R38")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [instanceType],
  (instance) => {
    // Nova writes adminPass into the instance's config drive when it has one (nova/compute/manager.py passes admin_pass to
    // the drive's metadata, nova/api/metadata/base.py), where cloudbase-init and similar agents make it the
    // administrator's password, whatever store the value came from. cloudbase-init takes the instance's metadata key
    // admin_pass first (cloudbaseinit/metadata/services/baseopenstackservice.py, get_admin_password), which the metadata
    // service serves to every process of the instance.
    const metadata = instance.values.metadata as Record<string, unknown> | undefined;
    const set = [
      { password: instance.values.admin_pass, path: "admin_pass" },
      { password: metadata?.admin_pass, path: "metadata.admin_pass" },
    ];
    return set
      .filter(({ password }) => !isUnset(password))
      .map(({ password, path }) => ({
        message: isLiteralSecret(password)
          ? `the instance sets a literal ${path}`
          : `the instance sets ${path}${isUnknown(password) ? ` from ${unknownShown(password)}` : ""}: an administrator password, kept in the state and served to the instance by Nova`,
        path,
      }));
  },
);
