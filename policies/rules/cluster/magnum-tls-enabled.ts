import { cite, resourcePolicy } from "../../engine/policy";
import { clusterTemplateType } from "../../lib/magnum";
import { literalBool } from "../../lib/values";

export default resourcePolicy(
  {
    id: "magnum-tls-enabled",
    title: "Kubernetes API and components talk over TLS",
    description:
      "Flags cluster templates with tls_disabled = true, which Magnum's Heat drivers (k8s_fedora_coreos_v1) honour; magnum-cluster-api, the driver the project deploys, reads no such setting and always serves TLS (v0.38.1), so there the flag states an intent the cluster does not follow.",
    rationale: "Administration and cluster flows must be authenticated and encrypted; without TLS the API and etcd traffic is readable on the network.",
    remediation: "Remove tls_disabled or set it to false.",
    severity: "critical",
    references: [cite("secnumcloud-3.2", "10.2.a"), cite("secnumcloud-3.2", "9.6.h"), cite("anssi", "TLS R3-R30", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [clusterTemplateType],
  (template) => (literalBool(template.values.tls_disabled) === true ? [{ message: "TLS is disabled on the cluster", path: "tls_disabled" }] : []),
);
