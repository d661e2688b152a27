import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { eachPodSpec, requireFlag, withV1, workloadTypes } from "../../lib/kubernetes";
import { attributePath } from "../../lib/values";

/** Service accounts mount their token in every pod that does not say otherwise: the provider's default is true. */
const serviceAccountTypes = withV1("kubernetes_service_account", "kubernetes_default_service_account");

const podSpecsMountNoToken = eachPodSpec((pod) =>
  requireFlag(
    "pod",
    "automount_service_account_token",
    { value: pod.spec.automount_service_account_token, path: attributePath(pod.path, "automount_service_account_token") },
    false,
  ),
);

export default resourcePolicy(
  {
    id: "k8s-no-service-account-token",
    title: "Pods mount no service account token unless they need the Kubernetes API",
    description:
      "Flags every pod spec, in every kind of workload, that does not set automount_service_account_token = false, and every service account that does not (the provider's default for a service account is true).",
    rationale: "Most workloads never call the Kubernetes API; a mounted token gives an intruder in the pod the service account's rights on the cluster.",
    remediation:
      "Set automount_service_account_token = false in the pod spec and on the service account, and suppress this policy only for workloads that call the API.",
    severity: "medium",
    references: [cite("cis-kubernetes", "5.1.6", "unverified"), cite("nsa-cisa-kubernetes", "service account tokens", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [...workloadTypes, ...serviceAccountTypes],
  (resource, context): Violation[] => {
    if (!serviceAccountTypes.includes(resource.type)) return podSpecsMountNoToken(resource, context);
    const found = requireFlag(
      "service account",
      "automount_service_account_token",
      { value: resource.values.automount_service_account_token, path: "automount_service_account_token" },
      false,
    );
    return found ? [found] : [];
  },
);
