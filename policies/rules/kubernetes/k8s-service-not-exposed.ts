import { cite, notKnownOf, resourcePolicy, type Violation } from "../../engine/policy";
import { namespaceNotKnown, namespaceOf, withV1 } from "../../lib/kubernetes";
import { transportNamed } from "../../lib/openstack";
import { beyondWebPorts } from "../../lib/openstack-rules";
import type { TfResource } from "../../engine/model";
import { attributePath, block, blocks, isUnknown, list, literalNumber, literalString } from "../../lib/values";

const exposing = ["LoadBalancer", "NodePort"];

/** cloud-provider-openstack's annotation for a load balancer with no floating IP (its docs, expose-applications). */
const internalAnnotation = (service: TfResource): unknown =>
  (block(service.values.metadata)?.annotations as Record<string, unknown> | undefined)?.["service.beta.kubernetes.io/openstack-internal-load-balancer"];

/**
 * Whether a Service is published on an internal load balancer alone: of type LoadBalancer, with no external IP, and
 * annotated internal, which cloud-provider-openstack reads with getBoolFromServiceAnnotation ("true" alone is true, any
 * other value falls back to the cloud's internal-lb); undefined where the annotation is known only at apply.
 */
function onInternalLoadBalancer(service: TfResource, spec: Record<string, unknown>): boolean | undefined {
  if (spec.type !== "LoadBalancer" || list(spec.external_ips).length > 0) return false;
  const internal = internalAnnotation(service);
  return isUnknown(internal) ? undefined : internal === "true" || internal === true;
}

/**
 * What an exposed namespace's Service publishes beyond the ingress's web ports: a load balancer or an external IP
 * listens on each Service port (cloud-provider-openstack gives a LoadBalancer Service an Octavia listener per port, and
 * a floating IP unless told otherwise), so a database there faces the Internet as an Octavia listener on its port would.
 * A NodePort's node ports are the nodes' own, reached through the nodes' security groups.
 */
function beyondTheIngressPorts(service: TfResource, spec: Record<string, unknown>, i: number, what: string): Violation[] {
  if (spec.type === "NodePort" && list(spec.external_ips).length === 0) return [];
  // An internal load balancer gets no floating IP (cloud-provider-openstack, ServiceAnnotationLoadBalancerInternal).
  const internal = onInternalLoadBalancer(service, spec);
  if (internal === true) return [];
  if (internal === undefined)
    return [
      {
        message: `Service ${what}: whether its load balancer is internal (service.beta.kubernetes.io/openstack-internal-load-balancer) is known only at apply`,
        path: "metadata[0].annotations",
        outcome: "cannot-evaluate",
      },
    ];
  return blocks(spec.port).flatMap((port, j): Violation[] => {
    const path = attributePath("spec", i, "port", j, "port");
    if (isUnknown(port.port)) return [{ message: `Service ${what}: a port is known only at apply`, path, outcome: "cannot-evaluate" }];
    const number = literalNumber(port.port);
    // A Service port is TCP unless it says UDP or SCTP (Kubernetes API, ServicePort.protocol).
    const beyond = number === undefined ? undefined : beyondWebPorts(number, number, transportNamed(literalString(port.protocol) ?? "TCP"));
    return beyond ? [{ message: `Service ${what} publishes ${beyond}: only the ingress's ports 80 and 443 may face the Internet`, path }] : [];
  });
}

export default resourcePolicy(
  {
    id: "k8s-service-not-exposed",
    title: "Only the ingress namespaces publish Services outside the cluster",
    description:
      "Flags every Service of type LoadBalancer or NodePort, or with external IPs, whose namespace is not one of settings.exposedNamespaces, and in those namespaces a LoadBalancer Service or external IP publishing a port other than 80 and 443.",
    rationale:
      "Every way in must go through the ingress, where TLS, authentication and filtering are enforced; a LoadBalancer or NodePort elsewhere is a door that bypasses them, and so are external IPs, which kube-proxy routes to the Service on every node whatever its type.",
    remediation: "Make the Service a ClusterIP without external_ips and publish it through the ingress.",
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
      const typePath = attributePath("spec", i, "type");
      if (isUnknown(spec.type))
        return [
          { message: "the Service type is not known before apply, so its exposure cannot be checked", path: typePath, outcome: "cannot-evaluate" as const },
        ];
      // Kubernetes' Service documentation (External IPs): traffic reaching a node on an external IP and the Service port
      // is routed to the Service's endpoints, whatever its type.
      const externalIps = list(spec.external_ips);
      // A list known only at apply may be empty: the Service is then judged by its type alone.
      if (!exposing.includes(spec.type as string) && isUnknown(spec.external_ips))
        return [
          {
            message: "the Service's external IPs are known only at apply",
            path: attributePath("spec", i, "external_ips"),
            outcome: "cannot-evaluate" as const,
          },
        ];
      const how = exposing.includes(spec.type as string)
        ? { what: `of type ${spec.type as string}`, path: typePath }
        : externalIps.length > 0
          ? { what: `with external IPs (${externalIps.join(", ")})`, path: attributePath("spec", i, "external_ips") }
          : undefined;
      if (how === undefined) return [];
      const namespace = namespaceOf(service, graph);
      if (namespace === undefined) {
        return [
          {
            message: `Service ${how.what}: its namespace is not known before apply`,
            path: "metadata[0].namespace",
            outcome: "cannot-evaluate" as const,
            ...notKnownOf(namespaceNotKnown(service, graph)),
          },
        ];
      }
      if (settings.exposedNamespaces.includes(namespace)) return beyondTheIngressPorts(service, spec, i, how.what);
      const exposed = settings.exposedNamespaces.join(", ") || "none";
      // Internal, it faces no Internet, but every address of the project's networks reaches it without the ingress.
      const message =
        onInternalLoadBalancer(service, spec) === true
          ? `Service ${how.what} in namespace ${namespace}, on an internal load balancer: no floating IP, yet the project's networks reach it without the ingress, and only the exposed namespaces (${exposed}) publish Services outside the cluster`
          : `Service ${how.what} in namespace ${namespace}, which may not be exposed (exposed namespaces: ${exposed})`;
      return [{ message, path: how.path }];
    }),
);
