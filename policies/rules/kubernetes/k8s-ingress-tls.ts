import type { ResourceGraph } from "../../engine/graph";
import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import type { TfResource } from "../../engine/model";
import { appliedObjects, helmReleaseType, isKind, isMap, releaseNamespace } from "../../lib/helm";
import { namespaceOf, withV1 } from "../../lib/kubernetes";
import {
  defaultEntryPoints,
  enablesSection,
  redirectMiddlewares,
  referencedMiddleware,
  servesIngress,
  servesIngressRoute,
  type TraefikEntryPoint,
  type TraefikRelease,
  traefikReleases,
} from "../../lib/traefik";
import { attributePath, block, blocks, hasUnknownItem, isUnknown, isUnset, list, literalString, unrecorded } from "../../lib/values";

/** Traefik's annotation that makes an Ingress's router serve TLS only, with the controller's default certificate. */
const traefikTls = "traefik.ingress.kubernetes.io/router.tls";
/** Traefik's annotation naming the entry points an Ingress's router listens on (comma-separated). */
const traefikEntryPointsAnnotation = "traefik.ingress.kubernetes.io/router.entrypoints";
/** Traefik's annotation naming the middlewares of an Ingress's router (`<namespace>-<name>@kubernetescrd`, comma-separated). */
const traefikMiddlewaresAnnotation = "traefik.ingress.kubernetes.io/router.middlewares";

const traefikController = "traefik.io/ingress-controller";

/**
 * Whether the configuration makes an IngressClass of Traefik's controller of that name: a release of Traefik's chart
 * (templates/ingressclass.yaml) or a declared class; "unknown" when it makes none of that name (one may be made elsewhere).
 */
function traefikClass(graph: ResourceGraph, name: string): boolean | "unknown" {
  if (traefikReleases(graph).some((release) => release.className === name)) return true;
  const declared = graph.ofType(withV1("kubernetes_ingress_class")).filter((ingressClass) => literalString(block(ingressClass.values.metadata)?.name) === name);
  if (declared.length === 0) return "unknown";
  return declared.some((ingressClass) => literalString(block(ingressClass.values.spec)?.controller) === traefikController);
}

/**
 * The Ingress as Traefik's provider reads it: its spec's class (or, naming none, the default class a release makes,
 * which the API server gives it), its kubernetes.io/ingress.class annotation, its namespace. Undefined when a class is
 * known only at apply.
 */
function asTraefikReads(ingress: TfResource, annotations: Record<string, unknown> | undefined, graph: ResourceGraph) {
  const specClass = block(ingress.values.spec)?.ingress_class_name;
  const annotationClass = annotations?.["kubernetes.io/ingress.class"];
  if (isUnknown(specClass) || isUnknown(annotationClass)) return undefined;
  const defaultClass =
    specClass === undefined && annotationClass === undefined ? traefikReleases(graph).find((release) => release.isDefaultClass)?.className : undefined;
  // The hosts its routers match, for a redirectRegex: a rule without a host, or with one known only at apply, any host.
  const rules = blocks(block(ingress.values.spec)?.rule);
  const hosts = rules.length > 0 ? rules.map((rule) => literalString(unrecorded(rule, "host"))) : [undefined];
  return {
    specClass: literalString(specClass) ?? defaultClass,
    annotationClass: literalString(annotationClass),
    namespace: namespaceOf(ingress, graph),
    hosts,
  };
}

/**
 * Which controller serves the Ingress, as far as the configuration says: Traefik where a release of its chart serves
 * it (servesIngress), or where it names a class of Traefik's controller, or "traefik" undeclared (a Traefik installed
 * elsewhere); with no class and no release serving it, maybe Traefik. A class that cannot be read is not assumed to be
 * Traefik's.
 */
function controllerOf(read: ReturnType<typeof asTraefikReads>, graph: ResourceGraph): "traefik" | "maybe traefik" | "other" {
  if (!read) return "other";
  if (traefikReleases(graph).some((release) => servesIngress(release, read, (name) => traefikClass(graph, name)) !== false)) return "traefik";
  const named = read.specClass ?? read.annotationClass;
  if (named === undefined) return "maybe traefik";
  const made = traefikClass(graph, named);
  return made === true || (made === "unknown" && named === "traefik") ? "traefik" : "other";
}

/**
 * Whether an Ingress's router is TLS by its annotations (ingress/annotations.go: RouterTLSConfig, an allowEmpty section
 * read by paerser): router.tls makes the section unless it disables it, whatever options stand beside it; else any
 * router.tls.* option makes it, even one known only at apply (enablesSection).
 */
function routerTls(annotations: Record<string, unknown> | undefined): boolean | "unknown" {
  const written = annotations?.[traefikTls];
  if (isUnknown(written)) return "unknown";
  if (written !== undefined) return enablesSection(String(written));
  return Object.keys(annotations ?? {}).some((key) => key.startsWith(`${traefikTls}.`));
}

/**
 * Whether a router redirects every request to its hosts to HTTPS through its middlewares: those an Ingress's
 * router.middlewares annotation names, or each route's of an IngressRoute, one of them a redirectScheme to https or a
 * redirectRegex to https that matches every URL of the hosts (redirectMiddlewares).
 */
function redirectsByMiddleware(names: readonly string[], hosts: readonly (string | undefined)[], graph: ResourceGraph): boolean | "unknown" {
  const each = names.map((name) => redirectMiddlewares(graph).redirectsAll(name.trim(), hosts));
  return each.includes(true) ? true : each.includes("unknown") ? "unknown" : false;
}

/** What a finding adds when the router's middlewares may redirect every request: why that is not known. */
const unlessRedirected = (violations: Violation[], why: string): Violation[] =>
  violations.map((violation) => ({ ...violation, message: `${violation.message}, unless ${why}`, outcome: "cannot-evaluate" }));

/** The regex of a redirectRegex middleware that may redirect every request, as a finding says it is not read. */
const regexNotRead = "a redirectRegex among its middlewares, whose regex this check does not read as Go does, redirects every request to HTTPS";

/**
 * The hosts an IngressRoute's route matches, as a redirectRegex is probed with them: each name of its Host() matchers,
 * when the rule is only Host() matchers and others joined by `&&`; else any host (undefined).
 */
function routeHosts(match: unknown): (string | undefined)[] {
  const text = literalString(match) ?? "";
  const hosts = [...text.matchAll(/\bHost\(([^)]*)\)/g)].flatMap(([, names]) => names!.split(",").map((name) => name.trim().replace(/^[`"']|[`"']$/g, "")));
  return hosts.length > 0 && !text.includes("||") && !text.includes("!") ? hosts : [undefined];
}

const entryPointNames = (names: string[]): string => `${names.length > 1 ? "the entry points" : "the entry point"} ${names.sort().join(", ")}`;

/**
 * How Traefik serves a router that takes no TLS of its own: over plain HTTP on every entry point it listens on that is
 * published and neither terminates TLS nor redirects, those it names (`wanted`: an Ingress's router.entrypoints
 * annotation, an IngressRoute's entryPoints), or the default ones, in each release whose provider serves it (`serves`).
 * `subject` says what the router is, and why it takes no TLS, for the message.
 */
function plainEntryPoints(
  wanted: unknown,
  graph: ResourceGraph,
  serves: (release: TraefikRelease) => boolean | "unknown",
  subject: string,
  path: string,
): Violation[] {
  const undecided = (why: string): Violation[] => [{ message: `${subject}: ${why}`, path, outcome: "cannot-evaluate" }];
  const serving = traefikReleases(graph)
    .map((release) => ({ release, serves: serves(release) }))
    .filter(({ serves }) => serves !== false);
  if (serving.length === 0) return undecided("no release of Traefik's chart in this configuration serves it, to say which entry points do");
  if (isUnknown(wanted) || (Array.isArray(wanted) && wanted.some(isUnknown))) return undecided("the entry points it listens on are known only at apply");
  const names = typeof wanted === "string" ? wanted.split(",") : Array.isArray(wanted) ? wanted.map(String) : undefined;
  const named = names?.map((name) => name.trim()).filter(Boolean);
  const plain = new Set<string>();
  let uncertain: string | undefined;
  for (const { release, serves } of serving) {
    const entryPoints = release.entryPoints;
    const listened = entryPoints && (named?.length ? entryPoints.filter((entryPoint) => named.includes(entryPoint.name)) : defaultEntryPoints(entryPoints));
    if (!listened) {
      uncertain ??= `the entry points of ${release.release.address} ${release.valuesUnknown ?? "are known only at apply"}`;
      continue;
    }
    const open = listened.filter((entryPoint) => entryPoint.exposed !== false && entryPoint.tls !== true && entryPoint.redirects !== true);
    if (open.length === 0) continue;
    if (serves !== true) {
      uncertain ??= `whether ${release.release.address}, whose ${entryPointNames(open.map((entryPoint) => entryPoint.name))} serves plain HTTP, serves it is known only at apply`;
      continue;
    }
    // The router is on each of them: one known to serve plain HTTP is enough, whatever the others do.
    const known = (entryPoint: TraefikEntryPoint) => entryPoint.exposed === true && entryPoint.tls === false && entryPoint.redirects === false;
    for (const entryPoint of open.filter(known)) plain.add(entryPoint.name);
    const unsure = open.filter((entryPoint) => !known(entryPoint));
    if (unsure.length > 0)
      uncertain ??= `whether ${entryPointNames(unsure.map((entryPoint) => entryPoint.name))} of ${release.release.address} is published, without TLS or redirection, is known only at apply`;
  }
  if (plain.size > 0)
    return [{ message: `${subject}, so Traefik serves it over plain HTTP on ${entryPointNames([...plain])} (published, without TLS or redirection)`, path }];
  return uncertain ? undecided(uncertain) : [];
}

/**
 * An Ingress Traefik serves whose router.tls annotation is not "true": Traefik makes a router TLS from that annotation
 * only (pkg/provider/kubernetes/ingress/kubernetes.go, loadRouter: rt.TLS = rtConfig.Router.TLS; the tls block gives
 * certificates, getCertificates).
 */
function servedByTraefik(
  read: NonNullable<ReturnType<typeof asTraefikReads>>,
  annotations: Record<string, unknown> | undefined,
  graph: ResourceGraph,
): Violation[] {
  const middlewares = annotations?.[traefikMiddlewaresAnnotation];
  const redirected = redirectsByMiddleware(String(literalString(middlewares) ?? "").split(","), read.hosts, graph);
  if (redirected === true) return [];
  const found = plainEntryPoints(
    annotations?.[traefikEntryPointsAnnotation],
    graph,
    (release) => servesIngress(release, read, (name) => traefikClass(graph, name)),
    `Traefik serves the Ingress, and its router takes TLS from its ${traefikTls} annotations or from its entry points, not from the tls block (certificates only)`,
    "metadata[0].annotations",
  );
  // Middlewares named only at apply may redirect every request.
  if (isUnknown(middlewares)) return unlessRedirected(found, "its middlewares, known only at apply, redirect to HTTPS");
  return redirected === "unknown" ? unlessRedirected(found, regexNotRead) : found;
}

/** Whether an object is a Traefik IngressRoute (traefik.io, and traefik.containo.us before Traefik v3). */
const isIngressRoute = (manifest: Record<string, unknown>): boolean =>
  isKind(manifest, "IngressRoute", "traefik.io") || isKind(manifest, "IngressRoute", "traefik.containo.us");

/**
 * A Traefik IngressRoute's router is TLS when its spec has a tls section, whatever it holds (pkg/provider/kubernetes/crd/
 * kubernetes_http.go: `if ingressRoute.Spec.TLS != nil`); without one, its entry points decide (plainEntryPoints), in
 * the releases whose CRD provider serves its namespace and class (its kubernetes.io/ingress.class annotation). Its
 * namespace, unset or empty, is that of the chart's release that applies it (`resource`: Helm applies it there, helm
 * pkg/kube/client.go, buildResourceList: DefaultNamespace), else default.
 */
function ingressRouteTls(manifest: Record<string, unknown>, at: string, resource: TfResource, graph: ResourceGraph): Violation[] {
  const spec = manifest.spec;
  if (isUnknown(spec)) return [{ message: "the IngressRoute's spec is known only at apply", path: `${at}.spec`, outcome: "cannot-evaluate" }];
  if (!isMap(spec) || (spec.tls !== undefined && spec.tls !== null)) return [];
  const metadata = isMap(manifest.metadata) ? manifest.metadata : {};
  const annotations = isMap(metadata.annotations) ? metadata.annotations : {};
  const namespace = isUnknown(metadata.namespace)
    ? undefined
    : literalString(metadata.namespace) || (resource.type === helmReleaseType ? releaseNamespace(resource, graph) : "default");
  const className = spec.ingressClassName ?? annotations["kubernetes.io/ingress.class"];
  if (isUnknown(className)) return [{ message: "the IngressRoute's class is known only at apply", path: `${at}.metadata`, outcome: "cannot-evaluate" }];
  // Each route redirected by a middleware of its own: nothing is served in plain HTTP.
  const routes = Array.isArray(spec.routes) ? spec.routes.filter(isMap) : [];
  const routeMiddlewares = (route: Record<string, unknown>) =>
    list(route.middlewares)
      .filter(isMap)
      .map((middleware) => referencedMiddleware(middleware, String(namespace)));
  const redirected = routes.map((route) => redirectsByMiddleware(routeMiddlewares(route), routeHosts(route.match), graph));
  if (routes.length > 0 && redirected.every((each) => each === true)) return [];
  const found = plainEntryPoints(
    spec.entryPoints,
    graph,
    (release) => servesIngressRoute(release, literalString(className) ?? "", namespace, String(manifest.apiVersion).split("/")[0]!),
    "the IngressRoute has no tls section, so its router takes no TLS of its own",
    `${at}.spec.tls`,
  );
  return redirected.includes(false) || routes.length === 0 ? found : unlessRedirected(found, regexNotRead);
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
  `${what} answers every host name, and the tls blocks cover only ${tlsHosts.join(", ")}: a request to any other name is served over plain HTTP (ingress-nginx serves it from its catch-all server)`;

/**
 * The Tailscale operator serves an Ingress whose class is named "tailscale" on port 443 alone, over HTTPS for its
 * tailnet name (tailscale cmd/k8s-operator/ingress.go: shouldExpose reads the class's name, and maybeProvision's serve
 * configuration listens on 443 with HTTPS only).
 */
const servedByTailscale = (spec: Record<string, unknown>): boolean => literalString(spec.ingress_class_name) === "tailscale";

export default resourcePolicy(
  {
    id: "k8s-ingress-tls",
    title: "Every host an Ingress serves is served over TLS",
    description:
      "Flags Ingresses Traefik serves whose router takes no TLS from its router.tls annotation and listens on a published entry point of Traefik's chart (by a Service, a hostPort or the host's network, its values read in the layout and with the defaults of the chart's version) that neither terminates TLS nor redirects, and whose middlewares do not redirect every request (a redirectRegex only the URLs its regex matches) (Traefik reads the tls block for certificates only; not evaluable where Traefik's release, a helm_release or a Flux HelmRelease, an Argo CD Application or a K3s HelmChart read from the values it hands to Helm, is not in the configuration), Traefik IngressRoutes without a tls section on such entry points, and, for other controllers, Ingresses with no tls block, rule hosts that no tls block lists and rules with no host, and a default backend without rules, when the tls blocks list hosts, as they answer every other name (a tls block without hosts covers every host, as the controller's default certificate does), and Ingresses that turn ingress-nginx's redirect to HTTPS off. An Ingress of the class tailscale passes: the Tailscale operator serves it over HTTPS alone.",
    rationale: "An Ingress without TLS serves its hosts over plain HTTP: sessions, identifiers and results cross the network readable by anyone on the path.",
    remediation:
      'Add a tls block listing every host of the rules, with a certificate secret (cert-manager can issue it); on Traefik, annotate the Ingress traefik.ingress.kubernetes.io/router.tls: "true", or have its plain entry point redirect to HTTPS (ports.web.redirections in the chart\'s values).',
    severity: "high",
    references: [cite("secnumcloud-3.2", "10.2.a")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [...withV1("kubernetes_ingress"), ...withV1("kubernetes_manifest"), helmReleaseType],
  (ingress, { graph }): Violation[] => {
    if (!ingress.type.startsWith("kubernetes_ingress"))
      return appliedObjects(ingress).flatMap(({ manifest, at }) => (isIngressRoute(manifest) ? ingressRouteTls(manifest, at, ingress, graph) : []));
    const metadata = block(ingress.values.metadata);
    const annotations = metadata?.annotations as Record<string, unknown> | undefined;
    const read = asTraefikReads(ingress, annotations, graph);
    const controller = controllerOf(read, graph);
    if (controller !== "other") {
      const tls = isUnknown(metadata?.annotations) ? "unknown" : routerTls(annotations);
      if (tls === true) return [];
      if (tls === "unknown")
        return [{ message: `the Ingress's ${traefikTls} annotations are known only at apply`, path: "metadata[0].annotations", outcome: "cannot-evaluate" }];
    }
    if (controller === "traefik" && read) return servedByTraefik(read, annotations, graph);
    const withTls = blocks(ingress.values.spec).some((spec) => blocks(spec.tls).length > 0);
    if (withTls && literalString(annotations?.[nginxSslRedirect]) === "false")
      return [{ message: `${nginxSslRedirect} is "false": the hosts are served over plain HTTP as well as over TLS`, path: "metadata[0].annotations" }];
    return blocks(ingress.values.spec).flatMap((spec, i) => {
      if (servedByTailscale(spec)) return [];
      if (hasUnknownItem(spec.tls))
        return [{ message: "the Ingress's tls blocks are known only at apply", path: attributePath("spec", i, "tls"), outcome: "cannot-evaluate" as const }];
      const tls = blocks(spec.tls);
      if (tls.length === 0) return [{ message: "the Ingress has no tls block: it serves its hosts over plain HTTP", path: attributePath("spec", i, "tls") }];
      if (tls.some((entry) => list(entry.hosts).length === 0)) return [];
      // A rule's host written as a tls host is written (`app.${var.domain}` in both) is that host, whatever fills it:
      // read as written, it is not read as a value known only at apply.
      const tlsWritten = tls.flatMap((entry) => list(unrecorded(entry, "hosts")));
      const rulesToJudge = blocks(spec.rule)
        .map((rule, r) => ({ rule, r }))
        .filter(({ rule }) => !tlsWritten.includes(unrecorded(rule, "host")));
      // With rules, the default backend serves their hosts' other paths; without, every name (createServers).
      const catchAllBackend = blocks(spec.rule).length === 0 ? blocks(spec.default_backend) : [];
      if (rulesToJudge.length === 0 && catchAllBackend.length === 0) return [];
      const tlsHosts = tls.flatMap((entry) => list(entry.hosts)).map(literalString);
      if (tlsHosts.includes(undefined)) return [];
      const defaultBackend = catchAllBackend.map(() => ({
        message: catchAll("the default backend", tlsHosts as string[]),
        path: attributePath("spec", i, "default_backend"),
      }));
      const rules = rulesToJudge.flatMap(({ rule, r }) => {
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
