import { goParseBool } from "../../lib/go-parse-bool";
import type { ResourceGraph } from "../engine/graph";
import type { TfResource } from "../engine/model";
import { appliedObjects, helmReleaseType, helmValuesAt, isMap, mergeMaps, releaseNamespace } from "./helm";
import { type GitOpsRelease, gitOpsReleases } from "./gitops-charts";
import { hasUnknownItem, isUnknown, isUnset, list, literalBool, literalString } from "./values";

/**
 * Whether a release installs Traefik's chart: `traefik` from a repository or an OCI registry, or the chart's archive
 * (`.../traefik-37.3.0.tgz`).
 */
export const isTraefikChart = (release: TfResource): boolean => isTraefikChartName(release.values.chart);

const isTraefikChartName = (chart: unknown): boolean => /^traefik(?:-\d[\w.+-]*\.tgz)?$/.test(literalString(chart)?.split("/").pop() ?? "");

/**
 * The version of Traefik's chart a release installs, major and minor: its archive's (`traefik-37.3.0.tgz`), else its `version`,
 * written as a version or a constraint within one major (`10.24.3`, `~10.24`, `^37`). Helm installs the newest version a
 * constraint admits (Masterminds semver: `^30` and `30.x` admit every 30.x, `~30.0` every 30.0.x), so a minor left open
 * is the major's newest: Infinity here. Undefined when another constraint, a value known only at apply, or nothing says
 * (the repository's latest, not known here).
 */
function chartVersion(chart: unknown, written: unknown): ChartVersion | undefined {
  const archive = /^traefik-(\d+)\.(\d+)/.exec(literalString(chart)?.split("/").pop() ?? "");
  if (archive) return { major: Number(archive[1]), minor: Number(archive[2]) };
  const version = literalString(written)?.trim();
  const [, operator, major, minor] = /^([=~^]?)\s*v?(\d+)(?:\.(\d+|[x*]))?(?:\.(?:\d+|[x*]))*(?:[-+][\w.-]*)?$/.exec(version ?? "") ?? [];
  if (major === undefined) return undefined;
  return { major: Number(major), minor: operator === "^" || minor === undefined || !/^\d+$/.test(minor) ? Number.POSITIVE_INFINITY : Number(minor) };
}

/** A chart version, major and minor (Infinity: the major's newest). */
interface ChartVersion {
  readonly major: number;
  readonly minor: number;
}

/** Whether a chart version is at least major.minor: unknown versions are read as having every feature. */
const atLeast = (version: ChartVersion | undefined, major: number, minor = 0): boolean =>
  version === undefined || version.major > major || (version.major === major && version.minor >= minor);

type Known = boolean | "unknown";

/** What decides whether an entry point of Traefik serves plain HTTP: each is true, false or unknown before apply. */
export interface TraefikEntryPoint {
  readonly name: string;
  /** One of the chart's Services publishes its port (`expose.default`, or another Service's key). */
  readonly exposed: Known;
  /** Every router on it terminates TLS (`--entryPoints.<name>.http.tls`). */
  readonly tls: Known;
  /** It answers every request with a redirection (`--entryPoints.<name>.http.redirections.entryPoint.to`). */
  readonly redirects: Known;
  readonly asDefault: Known;
  /** Traefik's own entry point (the API and dashboard) and UDP ones are never a router's by default. */
  readonly neverDefault: boolean;
}

/** A provider of Traefik that reads routers from the cluster: Ingresses, or IngressRoutes (kubernetesCRD). */
interface Provider {
  readonly enabled: Known;
  /** The only class it serves (`--providers.kubernetesingress.ingressclass`), "" when it names none. */
  readonly ingressClass: string | "unknown";
  /** The namespaces it watches, empty for all. */
  readonly namespaces: readonly string[] | "unknown";
}

/** A release of Traefik's chart, as far as its values say. */
export interface TraefikRelease {
  readonly release: TfResource;
  /** The IngressClass the chart makes (templates/ingressclass.yaml); undefined when it makes none. */
  readonly className: string | undefined;
  /** Its IngressClass is the cluster's default, which the API server gives an Ingress that names none. */
  readonly isDefaultClass: boolean;
  readonly ingress: Provider;
  /** The chart's major version, when the release says it (chartMajor). */
  readonly chartMajor: number | undefined;
  /** Its Ingress provider lists the IngressClasses, without which it serves no Ingress that names a class. */
  readonly readsIngressClasses: Known;
  readonly crd: Provider;
  /** Undefined when its values are not known (valuesUnknown says why). */
  readonly entryPoints: TraefikEntryPoint[] | undefined;
  /** Why its values are not known, for a message: "are known only at apply". */
  readonly valuesUnknown?: string;
}

/**
 * The chart's own entry points, as its values.yaml declares them (traefik-helm-chart v34 to v41, and alike from v10): `web` published
 * without TLS or redirection, `websecure` published (with TLS: tlsEnabled), `traefik` and `metrics` not published.
 * Written values are merged into them as Helm merges values, key by key at every depth.
 */
const chartPorts: Record<string, Record<string, unknown>> = {
  traefik: { expose: { default: false } },
  web: { expose: { default: true } },
  websecure: { expose: { default: true } },
  metrics: { expose: { default: false } },
};

/**
 * Where the chart reads an entry point's TLS and redirection (templates/_podtemplate.tpl): `ports.<name>.redirectTo`
 * before v34 (a port's name, `{ port }` from v28), `ports.<name>.redirections` and `ports.<name>.tls` from v34, and
 * `ports.<name>.http.redirections` and `http.tls` alone from v39 (its schema then refuses the older keys). With the
 * chart's version unknown, any layout is read.
 */
interface ValuesLayout {
  readonly redirectTo: boolean;
  readonly portLevel: boolean;
  readonly underHttp: boolean;
  /** `ports.<name>.middlewares` is read from v10.32 to v38 (v39 reads `http.middlewares` alone, underHttp). */
  readonly portMiddlewares: boolean;
  /** websecure terminates TLS unless told otherwise: from v15 (before, `ports.websecure.tls.enabled: false`). */
  readonly websecureTls: boolean;
  /** The chart makes its IngressClass, the cluster's default, unless told otherwise: from v19 (before, both false). */
  readonly defaultClass: boolean;
}

const layoutOf = (version: ChartVersion | undefined): ValuesLayout =>
  version === undefined
    ? { redirectTo: true, portLevel: true, portMiddlewares: true, underHttp: true, websecureTls: true, defaultClass: true }
    : {
        redirectTo: version.major < 34,
        portLevel: version.major < 39,
        portMiddlewares: atLeast(version, 10, 32) && version.major < 39,
        underHttp: version.major >= 39,
        websecureTls: version.major >= 15,
        defaultClass: version.major >= 19,
      };

/**
 * Whether an entry point terminates TLS by the chart's values: its `tls.enabled`, or `http.tls.enabled` from v39, as
 * written, else the chart's default, on for websecure alone (from v15). The written section is merged over a default
 * that keeps enabled.
 */
function tlsEnabled(name: string, port: Record<string, unknown>, layout: ValuesLayout): Known {
  const http = isMap(port.http) ? port.http : {};
  const section = layout.underHttp && http.tls !== undefined ? http.tls : layout.portLevel ? port.tls : undefined;
  // A value set to null deletes the chart's default (Helm's coalescing): the template then writes no TLS flag.
  if (section === null) return false;
  const byDefault = name === "websecure" && layout.websecureTls;
  if (section === undefined) return byDefault;
  if (!isMap(section)) return "unknown";
  if (section.enabled === null) return false;
  return knownBool(section.enabled) ?? byDefault;
}

/** A value of the chart's values, known (a bool), unknown before apply, or unset (undefined). */
function knownBool(value: unknown): Known | undefined {
  if (value === undefined || value === null) return undefined;
  return isUnknown(value) ? "unknown" : (literalBool(value) ?? "unknown");
}

/** Whether a redirection target is set: the chart's `to` (v34 on) or `redirectTo` (a name, or `{ port }` before v34). */
function redirectionSet(...targets: unknown[]): Known {
  for (const target of targets) {
    if (target === undefined || target === null || target === "") continue;
    if (isUnknown(target)) return "unknown";
    if (isMap(target)) return target.port === undefined || target.port === null ? false : isUnknown(target.port) ? "unknown" : true;
    return true;
  }
  return false;
}

/**
 * Whether one of the chart's Services publishes an entry point's port: `expose` a bool before chart v24, then a map of
 * Service names (`default`, `internal`...), each publishing it when true (templates/_service.tpl).
 */
function exposedBy(expose: unknown, service: Record<string, unknown>): Known {
  const created = (name: string): Known => {
    // The chart makes its default Service and each of service.additionalServices, unless enabled is false
    // (templates/service.yaml).
    if (name !== "default" && isUnknown(service.additionalServices)) return "unknown";
    const settings = name === "default" ? service : isMap(service.additionalServices) ? service.additionalServices[name] : undefined;
    if (isUnknown(settings)) return "unknown";
    if (!isMap(settings)) return name === "default";
    return knownBool(settings.enabled) ?? true;
  };
  const each = isMap(expose)
    ? Object.entries(expose).map(([name, value]) => both(knownBool(value) ?? false, created(name)))
    : [both(knownBool(expose) ?? false, created("default"))];
  return each.includes(true) ? true : each.includes("unknown") ? "unknown" : false;
}

/** Both true, either false, or unknown. */
const both = (a: Known, b: Known): Known => (a === false || b === false ? false : a === true && b === true ? true : "unknown");

/** The opposite, or unknown. */
const negated = (value: Known): Known => (value === "unknown" ? value : !value);

/** Either true, both false, or unknown. */
const either = (a: Known, b: Known): Known => (a === true || b === true ? true : a === false && b === false ? false : "unknown");

/** Whether a port's hostPort is set (a port number; unset, null or 0 publishes nothing). */
const publishedOnNode = (hostPort: unknown): Known => (isUnknown(hostPort) ? "unknown" : Number(hostPort) > 0);

/**
 * Whether the value written for a section Traefik may leave empty (a router's `tls`, an entry point's `http.tls`) makes
 * it: paerser (parser/nodes_metadata.go) disables such a section for any value but "" and "true", in any case, so "1"
 * and "t", which Go's ParseBool takes for true, turn it off.
 */
export const enablesSection = (value: string): boolean => value === "" || value.toLowerCase() === "true";

/**
 * Traefik flags given in `additionalArguments` that set an entry point's TLS, redirection or default role:
 * `--entryPoints.web.http.redirections.entryPoint.to=websecure` (flag names are case-insensitive to Traefik's parser,
 * paerser; a flag without a value is true). Any `http.tls.*` option turns TLS on, as the option's section is
 * created when one of its fields is set (static/entrypoints.go: HTTPConfig.TLS, allowEmpty).
 */
function flagsOf(
  values: Record<string, unknown>,
  name: string,
  entryPoints: readonly string[],
): { tls?: boolean; redirects?: boolean; asDefault?: boolean } | "unknown" {
  const flags: { tls?: boolean; redirects?: boolean; asDefault?: boolean } = {};
  const prefix = `--entrypoints.${name.toLowerCase()}.`;
  let tlsWritten: string | undefined;
  let tlsOption = false;
  for (const argument of list(values.additionalArguments)) {
    if (isUnknown(argument)) return "unknown";
    const text = literalString(argument);
    if (text === undefined || !text.toLowerCase().startsWith(prefix)) continue;
    const [flag, value] = [text.slice(prefix.length).split("=")[0]!.toLowerCase(), text.includes("=") ? text.slice(text.indexOf("=") + 1) : "true"];
    if (flag === "http.tls") tlsWritten = value;
    else if (flag.startsWith("http.tls.")) tlsOption = true;
    else if (flag === "http.redirections.entrypoint.to") flags.redirects = redirectionTarget(value, entryPoints);
    else if (flag === "asdefault") flags.asDefault = goParseBool(value) ?? false;
  }
  // The section's own value decides over its options (enablesSection); without one, an option makes it.
  if (tlsWritten !== undefined) flags.tls = enablesSection(tlsWritten);
  else if (tlsOption) flags.tls = true;
  return flags;
}

/**
 * Whether Traefik follows a redirection flag's `to`: a port (`:443`) or the name of one of its entry points, as
 * written; for any other, empty included, it logs an error and makes no redirection (pkg/provider/traefik/internal.go,
 * redirection and getEntryPointPort).
 */
const redirectionTarget = (to: string, entryPoints: readonly string[]): boolean => /^:\d+$/.test(to) || entryPoints.includes(to);

/** The entry points flags of `additionalArguments` give an address (`--entryPoints.admin.address=:9000`), beside the chart's. */
const flagEntryPoints = (values: Record<string, unknown>): string[] =>
  list(values.additionalArguments).flatMap((argument) => /^--entrypoints\.([^.=]+)\.address=/i.exec(literalString(argument) ?? "")?.[1] ?? []);

const unknownEntryPoint = (name: string): TraefikEntryPoint => ({
  name,
  exposed: "unknown",
  tls: "unknown",
  redirects: "unknown",
  asDefault: "unknown",
  neverDefault: name === "traefik",
});

/**
 * The entry points a release of Traefik's chart starts, as its pod template renders their flags
 * (traefik-helm-chart templates/_podtemplate.tpl, read in the layout of the chart's version: ValuesLayout), its values
 * merged over the chart's defaults; a port set to null is removed. Published by a Service, a hostPort, or the host's
 * network (hostNetwork). Undefined when the values are not known before apply.
 */
function entryPointsOf(values: Record<string, unknown>, redirecting: RedirectMiddlewares, layout: ValuesLayout): TraefikEntryPoint[] | undefined {
  if (isUnknown(values.ports) || isUnknown(values.additionalArguments) || isUnknown(values.hostNetwork)) return undefined;
  // On the node's network, the pod listens on every node's address at each entry point's port.
  const hostNetwork = knownBool(values.hostNetwork) ?? false;
  const service = isUnknown(values.service) ? { enabled: values.service } : isMap(values.service) ? values.service : {};
  const written = isMap(values.ports) ? values.ports : {};
  const names = [...new Set([...Object.keys(chartPorts), ...Object.keys(written)])].filter((name) => written[name] !== null).sort();
  return names.map((name) => {
    if (isUnknown(written[name])) return unknownEntryPoint(name);
    const port = mergeMaps(chartPorts[name] ?? {}, isMap(written[name]) ? written[name] : {});
    const http = isMap(port.http) ? port.http : {};
    const flags = flagsOf(values, name, [...names, ...flagEntryPoints(values)]);
    if (flags === "unknown") return unknownEntryPoint(name);
    const redirectionTo = (section: unknown) => (isMap(section) && isMap(section.entryPoint) ? section.entryPoint.to : undefined);
    return {
      name,
      // A hostPort publishes the entry point on its node whatever the Services do (templates/_podtemplate.tpl).
      exposed: hostNetwork || either(publishedOnNode(port.hostPort), exposedBy(port.expose, service)),
      tls: flags.tls ?? tlsEnabled(name, port, layout),
      redirects:
        flags.redirects ||
        either(
          // A middleware of the entry point that redirects every request to HTTPS, in the layout of the chart's version.
          [...(layout.portMiddlewares ? list(port.middlewares) : []), ...(layout.underHttp ? list(http.middlewares) : [])].reduce<Known>(
            (found, middleware) => either(found, redirecting.redirectsEntryPoint(String(middleware))),
            false,
          ),
          redirectionSet(
            layout.underHttp ? redirectionTo(http.redirections) : undefined,
            layout.portLevel ? redirectionTo(port.redirections) : undefined,
            layout.redirectTo ? port.redirectTo : undefined,
          ),
        ),
      asDefault: flags.asDefault ?? knownBool(port.asDefault) ?? false,
      neverDefault: name === "traefik" || literalString(port.protocol)?.toUpperCase() === "UDP",
    };
  });
}

/**
 * A provider's settings in the chart's values (providers.kubernetesIngress, providers.kubernetesCRD; both on by default).
 * With namespaced RBAC and no namespaces written, it watches the release's own namespace (templates/_podtemplate.tpl and
 * _helpers.tpl, providers.*.namespaces).
 */
function providerOf(settings: unknown, namespacedTo: string | "unknown" | undefined): Provider {
  if (isUnknown(settings)) return { enabled: "unknown", ingressClass: "unknown", namespaces: "unknown" };
  const written = isMap(settings) ? settings : {};
  const namespaces = written.namespaces;
  const watched = hasUnknownItem(namespaces) ? "unknown" : list(namespaces).map(String);
  return {
    enabled: knownBool(written.enabled) ?? true,
    ingressClass: isUnknown(written.ingressClass) ? "unknown" : (literalString(written.ingressClass) ?? ""),
    namespaces:
      watched !== "unknown" && watched.length === 0 && namespacedTo !== undefined ? (namespacedTo === "unknown" ? "unknown" : [namespacedTo]) : watched,
  };
}

/** The namespace namespaced RBAC confines a release's providers to (rbac.enabled and rbac.namespaced), if it does. */
function namespacedTo({ namespace }: ChartInstall, values: Record<string, unknown>): string | "unknown" | undefined {
  const rbac = isMap(values.rbac) ? values.rbac : {};
  const enabled = knownBool(rbac.enabled) ?? true;
  const namespaced = knownBool(rbac.namespaced) ?? false;
  if (enabled === false || namespaced === false) return undefined;
  return enabled === "unknown" || namespaced === "unknown" ? "unknown" : namespace;
}

/**
 * Whether a release's Ingress provider lists the IngressClasses, without which it serves no Ingress that names one
 * (ingress/kubernetes.go: no IngressClass is listed with disableIngressClassLookup or disableClusterScopeResources).
 * The chart passes one of them from v30.1 with rbac.namespaced, whatever rbac.enabled says, and from v27 to v30.0 with
 * providers.kubernetesIngress.disableIngressClassLookup (templates/_podtemplate.tpl).
 */
function readsIngressClasses(values: Record<string, unknown>, version: ChartVersion | undefined): Known {
  const namespaced = atLeast(version, 30, 1) ? (knownBool(isMap(values.rbac) ? values.rbac.namespaced : undefined) ?? false) : false;
  const provider = isMap(values.providers) && isMap(values.providers.kubernetesIngress) ? values.providers.kubernetesIngress : {};
  // v27 passes the flag only to a Traefik v3 image (semverCompare ">=3.0.0-0" on image.tag, else appVersion v2.11).
  const image = version?.major === 27 ? traefikImageMajor(values) : 3;
  const lookupOff =
    atLeast(version, 27) && !atLeast(version, 30, 1)
      ? both(knownBool(provider.disableIngressClassLookup) ?? false, image === "unknown" ? "unknown" : image >= 3)
      : false;
  return negated(either(namespaced, lookupOff));
}

/** The major version of the Traefik image a v27 release runs: its image.tag (v3.0.0, 3.0@sha256:...), else v2. */
function traefikImageMajor(values: Record<string, unknown>): number | "unknown" {
  const tag = isMap(values.image) ? values.image.tag : undefined;
  if (isUnknown(tag)) return "unknown";
  const major = /^v?(\d+)/.exec(literalString(tag) ?? "")?.[1];
  return major === undefined ? 2 : Number(major);
}

/**
 * The name the chart gives its objects and its IngressClass (templates/_helpers.tpl, traefik.fullname):
 * fullnameOverride, else the release's name when it holds the chart's name (nameOverride or "traefik"), else both.
 */
function fullName({ releaseName }: ChartInstall, values: Record<string, unknown>): string | undefined {
  const override = literalString(values.fullnameOverride);
  const chartName = literalString(values.nameOverride) || "traefik";
  const name = override || (releaseName === undefined ? undefined : releaseName.includes(chartName) ? releaseName : `${releaseName}-${chartName}`);
  return name?.slice(0, 63).replace(/-+$/, "");
}

/** The Middlewares that redirect to HTTPS, by the name a router gives them from Kubernetes (`<namespace>-<name>@kubernetescrd`). */
export interface RedirectMiddlewares {
  /**
   * Whether the middleware of that name redirects every plain HTTP request to the hosts to HTTPS (undefined: a host
   * not known, or any); false for a middleware of another kind or not in the configuration.
   */
  redirectsAll(name: string, hosts: readonly (string | undefined)[]): Known;
  /**
   * Whether an entry point's middleware of that name redirects every request on it to HTTPS: a redirectRegex that
   * does not match any host may still match the hosts of every route on the entry point, which are not known there.
   */
  redirectsEntryPoint(name: string): Known;
}

/**
 * The name a router gives a Middleware of the Kubernetes CRD provider, from a reference's name and namespace
 * (pkg/provider/kubernetes/crd/kubernetes.go, resolveReference and makeID): `<namespace>-<name>@kubernetescrd`, or the
 * name as written when it names its provider (`redirect@file`).
 */
const middlewareKey = (name: string, namespace: string): string => (name.includes("@") ? name : `${namespace}-${name}@kubernetescrd`);

/**
 * The name a router gives the Middleware a route or a chain refers to (`{ name, namespace }`): in the namespace the
 * reference names, else, unset or empty, in the referring object's (crd/kubernetes_http.go, namespaceOrParentNamespace).
 */
export const referencedMiddleware = (reference: Record<string, unknown>, parentNamespace: string): string =>
  middlewareKey(String(reference.name), literalString(reference.namespace) || parentNamespace);

/** How deep a chain of chains is followed: deeper, Traefik's own reading would loop. */
const maximumChainDepth = 8;

/** A host no route names, standing for any other in the probes of a redirectRegex. */
const anyHost = "any-host.example.invalid";

/**
 * A Go regular expression (RE2) as JavaScript reads it, for the patterns both read alike: Go's leading flags, `(?P<`,
 * `\A` and `\z` rewritten; undefined for one JavaScript reads otherwise or not at all (POSIX classes, ungreedy mode).
 */
function goRegExp(pattern: string): RegExp | undefined {
  const [, flags = "", body = ""] = /^(?:\(\?([ims]*)\))?([\s\S]*)$/.exec(pattern) ?? [];
  if (/\[\[:|\(\?[a-zA-Z]*[U-]|\\[pPQCE]/.test(body)) return undefined;
  try {
    return new RegExp(
      body
        .replace(/\(\?P</g, "(?<")
        .replace(/\\A/g, "^")
        .replace(/\\z/g, "$"),
      flags,
    );
  } catch {
    return undefined;
  }
}

/**
 * Whether a redirectRegex sends every plain HTTP request to the hosts elsewhere: Traefik passes a request whose URL
 * (`http://host/path?query`, pkg/middlewares/redirect/redirect_regex.go: rawURL) the regex does not match on to the
 * router (redirect.go: `if !r.regex.MatchString(oldURL)`), so a www-to-apex redirect leaves the apex in plain HTTP.
 * Probed with the root and a path of each host; unknown for a regex JavaScript does not read as Go does.
 */
function regexRedirectsAll(regex: RegExp | undefined, hosts: readonly (string | undefined)[]): Known {
  if (regex === undefined) return "unknown";
  const probed = (hosts.length > 0 ? hosts : [undefined]).map((host) => host?.replace(/^\*/, "any") ?? anyHost);
  return probed.every((host) => regex.test(`http://${host}/`) && regex.test(`http://${host}/some/path?query=1`));
}

/**
 * The Middlewares that redirect to HTTPS (spec.redirectScheme.scheme "https", a redirectRegex whose replacement is an
 * https:// URL, for the URLs its regex matches, or a chain holding one: its first redirect answers the request):
 * objects of the configuration (kubernetes_manifest, a raw chart's, in the release's namespace when they name none) and
 * those Traefik's chart makes (extraObjects), installed by a helm_release or a GitOps controller.
 */
export const redirectMiddlewares = (graph: ResourceGraph): RedirectMiddlewares =>
  graph.cached("traefik/redirect-middlewares", () => {
    const redirects = new Map<string, (hosts: readonly (string | undefined)[]) => Known>();
    const chains = new Map<string, string[]>();
    /** Adds a Middleware `resource` applies, in `namespace` when it names none. */
    const add = (object: unknown, namespace: string | undefined, resource: TfResource) => {
      // A name or namespace another resource's argument sets is read from it (a namespace resource's name).
      const text = (value: unknown) => literalString(graph.readValue(value, resource));
      if (!isMap(object) || object.kind !== "Middleware" || !/^traefik\.(?:io|containo\.us)\//.test(String(object.apiVersion))) return;
      const metadata = isMap(object.metadata) ? object.metadata : {};
      const spec = isMap(object.spec) ? object.spec : {};
      // Unset or empty, its namespace is the chart's release's (helm pkg/kube/client.go, buildResourceList), else default.
      const [name, inNamespace] = [text(metadata.name), isUnset(metadata.namespace) ? namespace : text(metadata.namespace)];
      if (!name || !inNamespace) return;
      const key = middlewareKey(name, inNamespace);
      if (isMap(spec.chain))
        chains.set(
          key,
          list(spec.chain.middlewares)
            .filter(isMap)
            .map((member) => referencedMiddleware(member, inNamespace)),
        );
      else if (isMap(spec.redirectScheme) && spec.redirectScheme.scheme === "https") redirects.set(key, () => true);
      else if (isMap(spec.redirectRegex) && /^https:\/\//.test(String(literalString(spec.redirectRegex.replacement) ?? ""))) {
        const regex = literalString(spec.redirectRegex.regex);
        const compiled = regex === undefined ? undefined : goRegExp(regex);
        redirects.set(key, (hosts) => regexRedirectsAll(compiled, hosts));
      }
    };
    for (const resource of graph.ofType(["kubernetes_manifest", "kubernetes_manifest_v1", helmReleaseType])) {
      const namespace = resource.type === helmReleaseType ? releaseNamespace(resource, graph) : "default";
      for (const { manifest } of appliedObjects(resource)) add(manifest, namespace, resource);
      if (isTraefikChart(resource)) for (const object of list(helmValuesAt(resource, ["extraObjects"])?.extraObjects)) add(object, namespace, resource);
    }
    // The extraObjects of Traefik's chart a GitOps controller installs, in its release's namespace.
    for (const { resource, namespace, values } of traefikGitOpsReleases(graph))
      if (!("unread" in values)) for (const object of list(values.extraObjects)) add(object, namespace, resource);
    /** Whether the middleware redirects some requests to HTTPS: a redirection, or a chain holding one. */
    const redirectsSome = (name: string, depth = 0): boolean =>
      redirects.has(name) || (depth < maximumChainDepth && (chains.get(name) ?? []).some((member) => redirectsSome(member, depth + 1)));
    const redirectsAll = (name: string, hosts: readonly (string | undefined)[], depth = 0): Known => {
      const members = chains.get(name);
      if (members === undefined || depth >= maximumChainDepth) return redirects.get(name)?.(hosts) ?? false;
      const each = members.map((member) => redirectsAll(member, hosts, depth + 1));
      return each.includes(true) ? true : each.includes("unknown") ? "unknown" : false;
    };
    return {
      redirectsAll: (name, hosts) => redirectsAll(name, hosts),
      redirectsEntryPoint: (name) => {
        const any = redirectsAll(name, [undefined]);
        return any === false && redirectsSome(name) ? "unknown" : any;
      },
    };
  });

/** The paths of the chart's values that a release is read by below (a value read beside them throws). */
const releaseValuePaths = [
  ...["ingressClass", "providers", "rbac", "ports", "additionalArguments", "hostNetwork", "service.enabled", "service.additionalServices"],
  ...["image", "fullnameOverride", "nameOverride"],
];

/**
 * An installation of Traefik's chart, as a helm_release or a GitOps controller's object (gitOpsReleases) makes it: the
 * resource that makes it, its release's name and namespace, its chart's version, and its values at the paths read here
 * (releaseValuePaths), undefined when they are not known.
 */
interface ChartInstall {
  readonly resource: TfResource;
  readonly releaseName: string | undefined;
  /** "unknown" when known only at apply. */
  readonly namespace: string | "unknown";
  readonly version: ChartVersion | undefined;
  readonly values: Record<string, unknown> | undefined;
  /** Why the values are not known, said of them: "are known only at apply". */
  readonly valuesUnknown: string;
}

/** The installations of Traefik's chart: its helm_releases, and the charts GitOps controllers install from the configuration's objects. */
const chartInstalls = (graph: ResourceGraph): ChartInstall[] => [
  ...graph
    .ofType([helmReleaseType])
    .filter(isTraefikChart)
    .map((release) => ({
      resource: release,
      releaseName: literalString(release.values.name),
      namespace: isUnknown(graph.readValue(release.values.namespace, release)) ? "unknown" : releaseNamespace(release, graph),
      version: chartVersion(release.values.chart, release.values.version),
      values: helmValuesAt(release, releaseValuePaths),
      valuesUnknown: "are known only at apply",
    })),
  ...traefikGitOpsReleases(graph).map(({ resource, chart, version, releaseName, namespace, values }) => ({
    resource,
    releaseName,
    namespace: namespace ?? "unknown",
    version: chartVersion(chart, version),
    // Values read whole: a value known only at apply is read as written, as the policies read a release's.
    values: "unread" in values ? undefined : values,
    valuesUnknown: "unread" in values ? `are set by its ${values.unread}, not read here` : "are known only at apply",
  })),
];

/** The charts of Traefik GitOps controllers install from the configuration's objects (gitOpsReleases). */
export const traefikGitOpsReleases = (graph: ResourceGraph): GitOpsRelease[] =>
  graph.cached("traefik/gitops-releases", () => gitOpsReleases(graph).filter(({ chart }) => isTraefikChartName(chart)));

/** The releases of Traefik's chart in the configuration, read once per configuration. */
export const traefikReleases = (graph: ResourceGraph): TraefikRelease[] =>
  graph.cached("traefik/releases", () =>
    chartInstalls(graph).map((install) => {
      const { resource: release, values, version, valuesUnknown } = install;
      if (values === undefined) {
        const unknownProvider: Provider = { enabled: "unknown", ingressClass: "unknown", namespaces: "unknown" };
        return {
          release,
          className: undefined,
          isDefaultClass: false,
          ingress: unknownProvider,
          chartMajor: version?.major,
          readsIngressClasses: "unknown" as const,
          crd: unknownProvider,
          entryPoints: undefined,
          valuesUnknown,
        };
      }
      const ingressClass = isMap(values.ingressClass) ? values.ingressClass : {};
      const providers = isMap(values.providers) ? values.providers : {};
      const confined = namespacedTo(install, values);
      const layout = layoutOf(version);
      const made = literalBool(ingressClass.enabled) ?? layout.defaultClass;
      return {
        release,
        className: made ? literalString(ingressClass.name) || fullName(install, values) : undefined,
        isDefaultClass: made && (literalBool(ingressClass.isDefaultClass) ?? layout.defaultClass),
        chartMajor: version?.major,
        ingress: providerOf(providers.kubernetesIngress, confined),
        readsIngressClasses: readsIngressClasses(values, version),
        crd: providerOf(providers.kubernetesCRD, confined),
        entryPoints: entryPointsOf(values, redirectMiddlewares(graph), layout),
      };
    }),
  );

/**
 * Whether a release's provider serves a router of a class and in a namespace: it is on, watches the namespace, and takes
 * the class. `matches` says whether the provider takes the class, from the class it names ("" for none).
 */
function providerServes(provider: Provider, matches: (providerClass: string) => Known, namespace: string | undefined): Known {
  if (provider.enabled === false) return false;
  const classes = provider.ingressClass === "unknown" ? "unknown" : matches(provider.ingressClass);
  const namespaces =
    provider.namespaces === "unknown"
      ? "unknown"
      : provider.namespaces.length === 0 || (namespace === undefined ? "unknown" : provider.namespaces.includes(namespace));
  if (classes === false || namespaces === false) return false;
  return provider.enabled === true && classes === true && namespaces === true ? true : "unknown";
}

/**
 * Whether a release reads the Traefik objects of a namespace that no class selects, such as TLSOptions: its CRD
 * provider is on and watches the namespace (pkg/provider/kubernetes/crd/kubernetes.go loads every TLSOption it lists).
 */
export const readsCrdObjectsIn = (release: TraefikRelease, namespace: string): Known => providerServes(release.crd, () => true, namespace);

/**
 * Whether a release serves an Ingress, as Traefik's Ingress provider chooses (ingress/kubernetes.go,
 * shouldProcessIngress): by its spec's class, when an IngressClass of Traefik's controller of that name is among those
 * the provider lists (all of them, or the one it names: `traefikClasses` says whether the configuration makes one, or
 * "unknown"); else by its kubernetes.io/ingress.class annotation, equal to the provider's class, or "traefik" when the
 * provider names none ("" matching no annotation).
 */
export function servesIngress(
  release: TraefikRelease,
  ingress: { readonly specClass?: string; readonly annotationClass?: string; readonly namespace: string | undefined },
  traefikClass: (name: string) => Known,
): Known {
  const { specClass, annotationClass = "" } = ingress;
  const matches = (providerClass: string): Known =>
    specClass !== undefined
      ? providerClass === "" || providerClass === specClass
        ? both(release.readsIngressClasses, traefikClass(specClass))
        : false
      : providerClass === annotationClass || (providerClass === "" && annotationClass === "traefik");
  return providerServes(release.ingress, matches, ingress.namespace);
}

/**
 * Whether a release serves an IngressRoute, as Traefik's CRD provider chooses (crd/kubernetes.go, shouldProcessIngress
 * and getIngressClassName): its spec.ingressClassName, else its kubernetes.io/ingress.class annotation, else none, equal
 * to the provider's class, or "traefik" when the provider names none. Traefik v3 (chart v28 on) reads the traefik.io
 * group only (docs, migrate/v2-to-v3: traefik.containo.us removed); with the chart's version unknown, whether it reads
 * the older group is not known.
 */
export function servesIngressRoute(release: TraefikRelease, className: string, namespace: string | undefined, group: string): Known {
  const readsGroup: Known = group !== "traefik.containo.us" ? true : release.chartMajor === undefined ? "unknown" : release.chartMajor < 28;
  return both(
    readsGroup,
    providerServes(release.crd, (providerClass) => providerClass === className || (providerClass === "" && className === "traefik"), namespace),
  );
}

/**
 * The entry points a router without an entry point of its own is attached to: those marked asDefault, or all but
 * Traefik's own and the UDP ones when none is (traefik cmd/traefik/traefik.go, getDefaultsEntrypoints). Undefined when
 * a mark is known only at apply.
 */
export function defaultEntryPoints(entryPoints: readonly TraefikEntryPoint[]): TraefikEntryPoint[] | undefined {
  if (entryPoints.some((entryPoint) => entryPoint.asDefault === "unknown")) return undefined;
  const marked = entryPoints.filter((entryPoint) => entryPoint.asDefault === true);
  return (marked.length > 0 ? marked : entryPoints).filter((entryPoint) => !entryPoint.neverDefault);
}
