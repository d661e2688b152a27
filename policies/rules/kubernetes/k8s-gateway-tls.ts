import { cite, configurationPolicy, type Violation } from "../../engine/policy";
import { type AppliedManifest, appliedManifests, isKind, placeOf } from "../../lib/helm";
import { fieldAt, hasUnknownItem, isUnknown, list, mapsIn } from "../../lib/values";

/** The Gateway API's group (gateway.networking.k8s.io: v1, v1beta1). */
const gatewayGroup = "gateway.networking.k8s.io";

/**
 * A Gateway's listener that speaks plain HTTP, or may: `certain` is false for a listener, or its protocol, known only at
 * apply (then its name and port are unknown too, when the whole listener is).
 */
interface HttpListener {
  readonly gateway: AppliedManifest;
  readonly name: string | undefined;
  readonly port: unknown;
  readonly allowedRoutes: unknown;
  /** The listener's hostname, undefined where it names none (it then serves every host). */
  readonly hostname: unknown;
  readonly certain: boolean;
}

/**
 * Whether two hostnames meet (Gateway API, "Hostnames": a wildcard `*.example.com` stands for one label or more before
 * the suffix; two wildcards meet where one's suffix ends the other's).
 */
function hostnamesMeet(a: string, b: string): boolean {
  const suffix = (host: string) => (host.startsWith("*.") ? host.slice(1) : undefined);
  const [wildA, wildB] = [suffix(a), suffix(b)];
  if (wildA === undefined && wildB === undefined) return a === b;
  if (wildA !== undefined && wildB !== undefined) return wildA.endsWith(wildB) || wildB.endsWith(wildA);
  return wildA !== undefined ? b.endsWith(wildA) : a.endsWith(wildB!);
}

/**
 * Whether a route's hostnames meet its listener's, which attaching it takes (Gateway API, HTTPRouteSpec.hostnames: a
 * route attaches to a listener only where one of its hostnames intersects the listener's; either side naming none
 * matches all). A hostname known only at apply may meet any.
 */
function hostnamesIntersect(route: Record<string, unknown>, listener: HttpListener): boolean {
  const routeHosts = fieldAt(route, "spec", "hostnames");
  if (listener.hostname === undefined || isUnknown(listener.hostname) || hasUnknownItem(routeHosts) || list(routeHosts).length === 0) return true;
  return list(routeHosts).some((host) => typeof host === "string" && hostnamesMeet(host, String(listener.hostname)));
}

/**
 * Whether a route's parentRef attaches it to a listener (Gateway API, ParentReference): a Gateway by name, in the
 * route's namespace unless it names another, at the listener its sectionName and port name when they do; and whether
 * the listener admits it (AllowedRoutes: routes of the Gateway's namespace only unless `from` says All, or a Selector
 * this check takes for admitting it; of the kinds it lists, when it lists some), where their hostnames meet.
 */
function attaches(route: Record<string, unknown>, parentRef: Record<string, unknown>, listener: HttpListener): boolean {
  const gateway = listener.gateway.manifest;
  const routeNamespace = fieldAt(route, "metadata", "namespace");
  // A listener known only at apply may admit routes of any namespace.
  const from = listener.certain ? (fieldAt(listener.allowedRoutes, "namespaces", "from") ?? "Same") : "All";
  const kinds = mapsIn(fieldAt(listener.allowedRoutes, "kinds"));
  return (
    (from !== "Same" || routeNamespace === fieldAt(gateway, "metadata", "namespace")) &&
    (kinds.length === 0 || kinds.some((kind) => kind.kind === route.kind)) &&
    (parentRef.group ?? gatewayGroup) === gatewayGroup &&
    (parentRef.kind ?? "Gateway") === "Gateway" &&
    parentRef.name === fieldAt(gateway, "metadata", "name") &&
    (parentRef.namespace ?? routeNamespace) === fieldAt(gateway, "metadata", "namespace") &&
    (parentRef.sectionName === undefined || listener.name === undefined || parentRef.sectionName === listener.name) &&
    (parentRef.port === undefined || listener.port === undefined || parentRef.port === listener.port) &&
    hostnamesIntersect(route, listener)
  );
}

/** Whether a route rule's filters, or a redirect's scheme in them, are known only at apply. */
const filtersUnknown = (rule: Record<string, unknown>): boolean =>
  isUnknown(rule.filters) || list(rule.filters).some((filter) => isUnknown(filter) || isUnknown(fieldAt(filter, "requestRedirect", "scheme")));

/** Whether a route rule answers every request with a redirect to HTTPS (an HTTPRoute's RequestRedirect filter). */
const redirectsToHttps = (rule: Record<string, unknown>): boolean =>
  mapsIn(rule.filters).some((filter) => filter.type === "RequestRedirect" && fieldAt(filter, "requestRedirect", "scheme") === "https");

export default configurationPolicy(
  {
    id: "k8s-gateway-tls",
    title: "Every route a Gateway serves over plain HTTP redirects to HTTPS",
    description:
      "Flags, on each Gateway API listener of protocol HTTP (not evaluable where a listener or its protocol is known only at apply), every HTTPRoute attached to it (by the Gateway's name and namespace, and its sectionName and port when given, if the listener's allowedRoutes admit it and its hostnames meet the listener's, a wildcard meeting the hosts under it) with a rule that does not redirect to HTTPS (a RequestRedirect filter with scheme https), and every GRPCRoute attached to it, which has no such redirect.",
    rationale:
      "A listener of protocol HTTP serves its routes without TLS: sessions, identifiers and results cross the network readable by anyone on the path. It may only send clients to the HTTPS listener.",
    remediation:
      "Attach the routes to a listener of protocol HTTPS with a certificate, and give the HTTP listener only a route whose rules redirect to https (filters: [{type: RequestRedirect, requestRedirect: {scheme: https, statusCode: 301}}]).",
    severity: "high",
    references: [cite("secnumcloud-3.2", "10.2.a")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  (_configuration, { graph }): Violation[] => {
    const applied = appliedManifests(graph);
    const listeners = applied
      .filter(({ manifest }) => isKind(manifest, "Gateway", gatewayGroup))
      .flatMap((gateway): HttpListener[] => {
        const written = fieldAt(gateway.manifest, "spec", "listeners");
        const unknownListener = hasUnknownItem(written);
        return [
          ...(unknownListener ? [{ gateway, name: undefined, port: undefined, allowedRoutes: undefined, hostname: undefined, certain: false }] : []),
          ...mapsIn(written).flatMap((listener): HttpListener[] =>
            listener.protocol === "HTTP" || isUnknown(listener.protocol)
              ? [
                  {
                    gateway,
                    name: String(listener.name),
                    port: listener.port,
                    allowedRoutes: listener.allowedRoutes,
                    hostname: listener.hostname,
                    certain: !isUnknown(listener.protocol),
                  },
                ]
              : [],
          ),
        ];
      });
    if (listeners.length === 0) return [];
    return applied.flatMap((route): Violation[] => {
      const grpc = isKind(route.manifest, "GRPCRoute", gatewayGroup);
      if (!grpc && !isKind(route.manifest, "HTTPRoute", gatewayGroup)) return [];
      const unknown = (what: string): Violation[] => [
        { message: `${what} known only at apply`, address: route.resource.address, path: placeOf(route, "spec.parentRefs"), outcome: "cannot-evaluate" },
      ];
      const parentRefs = fieldAt(route.manifest, "spec", "parentRefs");
      if (hasUnknownItem(parentRefs)) return unknown("the listeners the route attaches to (its parentRefs) are");
      const served = listeners.filter((listener) => mapsIn(parentRefs).some((ref) => attaches(route.manifest, ref, listener)));
      if (served.length === 0) return [];
      // A route without rules sends nothing to a backend (the API's default rule has no backendRefs).
      const written = fieldAt(route.manifest, "spec", "rules");
      if (hasUnknownItem(written)) return unknown("the route's rules are");
      const rules = mapsIn(written);
      // A GRPCRoute cannot redirect, whatever its filters; an HTTPRoute's rule whose filters are unknown may.
      const plain = rules.flatMap((rule, i) => (!grpc && (redirectsToHttps(rule) || filtersUnknown(rule)) ? [] : [i]));
      if (plain.length === 0 && !grpc && rules.some(filtersUnknown)) return unknown("whether the route's rules redirect to https is");
      if (plain.length === 0) return [];
      const what = grpc ? "the GRPCRoute, which cannot redirect," : `rule ${plain.join(", ")} of the HTTPRoute, which does not redirect to https,`;
      const gatewayName = (listener: HttpListener) => String(fieldAt(listener.gateway.manifest, "metadata", "name"));
      const certain = served.filter((listener) => listener.certain);
      if (certain.length === 0)
        return [
          {
            message: `${what} may be served over plain HTTP: whether ${[...new Set(served.map(gatewayName))].join(", ")} listens on HTTP is known only at apply`,
            address: route.resource.address,
            path: placeOf(route, "spec.parentRefs"),
            outcome: "cannot-evaluate",
          },
        ];
      const where = certain.map((listener) => `${gatewayName(listener)}'s listener ${listener.name}`).join(", ");
      return [{ message: `${what} is served over plain HTTP by ${where}`, address: route.resource.address, path: placeOf(route, "spec.parentRefs") }];
    });
  },
);
