import { cite, resourcePolicy } from "../../engine/policy";
import { eachPodSpec, requireFlag, workloadTypes } from "../../lib/kubernetes";
import { attributePath } from "../../lib/values";

export default resourcePolicy(
  {
    id: "k8s-no-service-account-token",
    title: "Pods mount no service account token unless they need the Kubernetes API",
    description: "Flags every pod spec, in every kind of workload, that does not set automount_service_account_token = false.",
    rationale: "Most workloads never call the Kubernetes API; a mounted token gives an intruder in the pod the service account's rights on the cluster.",
    remediation: "Set automount_service_account_token = false in the pod spec, and suppress this policy only for workloads that call the API.",
    severity: "medium",
    references: [cite("cis-kubernetes", "5.1.6", "unverified"), cite("nsa-cisa-kubernetes", "service account tokens", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  workloadTypes,
  eachPodSpec((pod) =>
    requireFlag(
      "pod",
      "automount_service_account_token",
      { value: pod.spec.automount_service_account_token, path: attributePath(pod.path, "automount_service_account_token") },
      false,
    ),
  ),
);
