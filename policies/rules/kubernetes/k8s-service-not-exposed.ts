import { cite, resourcePolicy } from "../../engine/policy";
import { namespaceOf, withV1 } from "../../lib/kubernetes";
import { attributePath, blocks, isUnknown } from "../../lib/values";

const exposing = ["LoadBalancer", "NodePort"];

export default resourcePolicy(
  {
    id: "k8s-service-not-exposed",
    title: "Only the ingress namespaces publish Services outside the cluster",
    description: "Flags every Service of type LoadBalancer or NodePort whose namespace is not one of settings.exposedNamespaces.",
    rationale:
      "Every way in must go through the ingress, where TLS, authentication and filtering are enforced; a LoadBalancer or NodePort elsewhere is a door that bypasses them.",
    remediation: "Make the Service a ClusterIP and publish it through the ingress.",
    severity: "high",
    references: [
      cite("secnumcloud-3.2", "13.2.e"),
      cite("nsa-cisa-kubernetes", "network separation", "secondary"),
      cite("cnil-eds-2021", "ch. 10 (isolation)", "secondary"),
    ],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  withV1("kubernetes_service"),
  (service, { graph, settings }) =>
    blocks(service.values.spec).flatMap((spec, i) => {
      const path = attributePath("spec", i, "type");
      if (isUnknown(spec.type))
        return [{ message: "the Service type is not known before apply, so its exposure cannot be checked", path, outcome: "cannot-evaluate" as const }];
      if (!exposing.includes(spec.type as string)) return [];
      const namespace = namespaceOf(service, graph);
      if (namespace === undefined) {
        return [
          {
            message: `Service of type ${spec.type as string}: its namespace is not known before apply`,
            path: "metadata[0].namespace",
            outcome: "cannot-evaluate" as const,
          },
        ];
      }
      if (settings.exposedNamespaces.includes(namespace)) return [];
      const exposed = settings.exposedNamespaces.join(", ") || "none";
      return [{ message: `Service of type ${spec.type as string} in namespace ${namespace}, which may not be exposed (exposed namespaces: ${exposed})`, path }];
    }),
);
