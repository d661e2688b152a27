import type { ResourceGraph } from "../../engine/graph";
import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import type { TfResource } from "../../engine/model";
import { withV1 } from "../../lib/kubernetes";
import { attributePath, block, blocks, isUnknown, isUnset, list, literalString } from "../../lib/values";

/** Traefik's annotation that makes an Ingress's router serve TLS only, with the controller's default certificate. */
const traefikTls = "traefik.ingress.kubernetes.io/router.tls";

/**
 * Whether Traefik serves the Ingress, and so reads its annotation: no class (the default class, which Traefik's chart
 * makes its own), a class the configuration declares with Traefik's controller, or, undeclared, the name Traefik's chart
 * gives its class (traefik-helm-chart templates/ingressclass.yaml; controller traefik.io/ingress-controller). Another
 * controller ignores the annotation, and a class that cannot be read is not assumed to be Traefik's.
 */
function servedByTraefik(ingress: TfResource, annotations: Record<string, unknown> | undefined, graph: ResourceGraph): boolean {
  const classValue = block(ingress.values.spec)?.ingress_class_name ?? annotations?.["kubernetes.io/ingress.class"];
  if (classValue === undefined) return true;
  const className = literalString(classValue);
  if (className === undefined) return false;
  const declared = graph
    .ofType(withV1("kubernetes_ingress_class"))
    .filter((ingressClass) => literalString(block(ingressClass.values.metadata)?.name) === className);
  if (declared.length === 0) return className === "traefik";
  return declared.some((ingressClass) => literalString(block(ingressClass.values.spec)?.controller) === "traefik.io/ingress-controller");
}

/**
 * ingress-nginx redirects HTTP to HTTPS for an Ingress with TLS unless this annotation says "false" (ingress-nginx
 * documentation, Annotations: Server-side HTTPS enforcement through redirect): then it serves the hosts in plain HTTP too.
 */
const nginxSslRedirect = "nginx.ingress.kubernetes.io/ssl-redirect";

/** Whether a TLS host list covers a host: the same name, or a wildcard of one label (`*.example.fr`). */
const covers = (tlsHost: string, host: string): boolean =>
  tlsHost === host || (tlsHost.startsWith("*.") && host.endsWith(tlsHost.slice(1)) && !host.slice(0, -tlsHost.length + 1).includes("."));

/**
 * A rule without a host, and the default backend of an Ingress with no rules, answer every name the controller
 * receives (ingress-nginx internal/ingress/controller/controller.go, createServers: an Ingress's default backend
 * configures the catch-all server only when it has no rules). ingress-nginx serves them from its catch-all server and
 * redirects a plain HTTP request only when a certificate is configured for the request's own host
 * (rootfs/etc/nginx/lua/lua_ingress.lua, redirect_to_https; certificate.lua, configured_for_current_request): a request
 * to any name outside the tls hosts reaches them over plain HTTP.
 */
const catchAll = (what: string, tlsHosts: string[]): string =>
  `${what} answers every host name, and the tls blocks cover only ${tlsHosts.join(", ")}: ingress-nginx serves a request to any other name over plain HTTP`;

export default resourcePolicy(
  {
    id: "k8s-ingress-tls",
    title: "Every host an Ingress serves is served over TLS",
    description:
      "Flags Ingresses with no tls block (and no Traefik router.tls annotation on an Ingress Traefik serves), rule hosts that no tls block lists and rules with no host, and a default backend without rules, when the tls blocks list hosts, as they answer every other name (a tls block without hosts covers every host, as the controller's default certificate does), and Ingresses that turn ingress-nginx's redirect to HTTPS off.",
    rationale: "An Ingress without TLS serves its hosts over plain HTTP: sessions, identifiers and results cross the network readable by anyone on the path.",
    remediation: "Add a tls block listing every host of the rules, with a certificate secret (cert-manager can issue it).",
    severity: "high",
    references: [cite("secnumcloud-3.2", "10.2.a")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  withV1("kubernetes_ingress"),
  (ingress, { graph }): Violation[] => {
    const annotations = block(ingress.values.metadata)?.annotations as Record<string, unknown> | undefined;
    const withTls = blocks(ingress.values.spec).some((spec) => blocks(spec.tls).length > 0);
    if (withTls && literalString(annotations?.[nginxSslRedirect]) === "false")
      return [{ message: `${nginxSslRedirect} is "false": the hosts are served over plain HTTP as well as over TLS`, path: "metadata[0].annotations" }];
    if (literalString(annotations?.[traefikTls]) === "true" && servedByTraefik(ingress, annotations, graph)) return [];
    return blocks(ingress.values.spec).flatMap((spec, i) => {
      if (isUnknown(spec.tls))
        return [{ message: "the Ingress's tls blocks are known only at apply", path: attributePath("spec", i, "tls"), outcome: "cannot-evaluate" as const }];
      const tls = blocks(spec.tls);
      if (tls.length === 0) return [{ message: "the Ingress has no tls block: it serves its hosts over plain HTTP", path: attributePath("spec", i, "tls") }];
      if (tls.some((entry) => list(entry.hosts).length === 0)) return [];
      const tlsHosts = tls.flatMap((entry) => list(entry.hosts)).map(literalString);
      if (tlsHosts.includes(undefined)) return [];
      // With rules, the default backend serves their hosts' other paths; without, every name (createServers).
      const catchAllBackend = blocks(spec.rule).length === 0 ? blocks(spec.default_backend) : [];
      const defaultBackend = catchAllBackend.map(() => ({
        message: catchAll("the default backend", tlsHosts as string[]),
        path: attributePath("spec", i, "default_backend"),
      }));
      const rules = blocks(spec.rule).flatMap((rule, r) => {
        if (isUnset(rule.host)) return [{ message: catchAll("a rule with no host", tlsHosts as string[]), path: attributePath("spec", i, "rule", r) }];
        const host = literalString(rule.host);
        if (host === undefined) return [];
        return tlsHosts.some((tlsHost) => tlsHost !== undefined && covers(tlsHost, host))
          ? []
          : [{ message: `host ${host} is in no tls block: it is served over plain HTTP`, path: attributePath("spec", i, "rule", r, "host") }];
      });
      return [...rules, ...defaultBackend];
    });
  },
);
