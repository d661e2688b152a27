import { cite, resourcePolicy } from "../../engine/policy";
import { instanceType } from "../../lib/openstack";
import { secretIn } from "../../lib/secrets";

export default resourcePolicy(
  {
    id: "instance-user-data-no-secrets",
    title: "Instance user data holds no secret",
    description: "Flags user_data containing a private key, a cloud-init password or a password/token assignment.",
    rationale: "User data is stored in the state and served by the metadata service to any process on the instance; it is not a secret store.",
    remediation: "Fetch secrets at boot from Barbican (or another secret store) instead of writing them into user_data.",
    severity: "critical",
    references: [cite("secnumcloud-3.2", "10.5.c"), cite("secnumcloud-3.2", "10.5.d")],
    enforcementLevel: "mandatory",
    onUnknown: "pass",
  },
  [instanceType],
  (instance) => {
    const userData = instance.values.user_data;
    const found = typeof userData === "string" ? secretIn(userData) : undefined;
    return found ? [{ message: `user_data contains ${found}`, path: "user_data" }] : [];
  },
);
