import { cite, resourcePolicy } from "../../engine/policy";
import { namespaceOf, withV1, workloadTypes } from "../../lib/kubernetes";

/** What a namespace holds and guards: workloads, what they expose, what they read and the rights given in it. */
const namespacedTypes = [
  ...workloadTypes,
  ...withV1(
    "kubernetes_service",
    "kubernetes_ingress",
    "kubernetes_secret",
    "kubernetes_config_map",
    "kubernetes_service_account",
    "kubernetes_role",
    "kubernetes_role_binding",
    "kubernetes_persistent_volume_claim",
  ),
];

export default resourcePolicy(
  {
    id: "k8s-no-default-namespace",
    title: "Nothing is deployed in the default namespace",
    description:
      "Flags workloads, services, ingresses, secrets, config maps, service accounts, roles, role bindings and volume claims whose namespace is default, written or left unset (the provider's default).",
    rationale:
      "The default namespace exists in every cluster before any configuration: nothing here declares it, so no NetworkPolicy, Pod Security label or quota of the configuration guards it, and the namespace checks never see what runs there.",
    remediation: "Declare a namespace for the service, with its NetworkPolicies and Pod Security labels, and set metadata.namespace to it.",
    severity: "medium",
    references: [cite("cis-kubernetes", "5.7.4"), cite("secnumcloud-3.2", "13.2.a")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  namespacedTypes,
  (resource, { graph }) =>
    namespaceOf(resource, graph) === "default"
      ? [{ message: "the resource sits in the default namespace, which no namespace check of this configuration guards", path: "metadata[0].namespace" }]
      : [],
);
