import type { TfResource } from "../engine/model";
import { helmValues, isMap } from "./helm";
import { isUnknown, list, literalBool, literalString } from "./values";

/** Whether a release installs Traefik's chart (`traefik`, from a repository or an OCI registry). */
export const isTraefikChart = (release: TfResource): boolean => literalString(release.values.chart)?.split("/").pop() === "traefik";

/** What decides whether an entry point of Traefik serves plain HTTP: each is true, false or unknown before apply. */
export interface TraefikEntryPoint {
  readonly name: string;
  /** The chart's Service publishes its port (`expose.default`). */
  readonly exposed: boolean | "unknown";
  /** Every router on it terminates TLS (`--entryPoints.<name>.http.tls`). */
  readonly tls: boolean | "unknown";
  /** It answers every request with a redirection (`--entryPoints.<name>.http.redirections.entryPoint.to`). */
  readonly redirects: boolean | "unknown";
  readonly asDefault: boolean | "unknown";
  /** Traefik's own entry point (the API and dashboard) and UDP ones are never a router's by default. */
  readonly neverDefault: boolean;
}

/**
 * The chart's own entry points, as its values.yaml declares them (traefik-helm-chart v34 to v41): `web` published
 * without TLS or redirection, `websecure` published with TLS, `traefik` and `metrics` not published.
 */
const chartPorts: Record<string, Record<string, unknown>> = {
  traefik: { expose: { default: false } },
  web: { expose: { default: true } },
  websecure: { expose: { default: true }, tls: { enabled: true } },
  metrics: { expose: { default: false } },
};

/** A value of the chart's values, known (a bool), unknown before apply, or unset (undefined). */
function knownBool(value: unknown): boolean | "unknown" | undefined {
  if (value === undefined || value === null) return undefined;
  return isUnknown(value) ? "unknown" : (literalBool(value) ?? "unknown");
}

/** Whether a redirection target is set: the chart's `to` (v34 on) or `redirectTo` (a name, or `{ port }` before v34). */
function redirectionSet(...targets: unknown[]): boolean | "unknown" {
  for (const target of targets) {
    if (target === undefined || target === null || target === "") continue;
    if (isUnknown(target)) return "unknown";
    if (isMap(target)) return target.port === undefined || target.port === null ? false : isUnknown(target.port) ? "unknown" : true;
    return true;
  }
  return false;
}

/**
 * Traefik flags given in `additionalArguments` that set an entry point's TLS, redirection or default role:
 * `--entryPoints.web.http.redirections.entryPoint.to=websecure` (flag names are case-insensitive to Traefik's parser,
 * paerser; a bool flag without a value is true).
 */
function flagsOf(values: Record<string, unknown>, name: string): { tls?: boolean; redirects?: boolean; asDefault?: boolean } | "unknown" {
  const flags: { tls?: boolean; redirects?: boolean; asDefault?: boolean } = {};
  const prefix = `--entrypoints.${name.toLowerCase()}.`;
  for (const argument of list(values.additionalArguments)) {
    if (isUnknown(argument)) return "unknown";
    const text = literalString(argument);
    if (text === undefined || !text.toLowerCase().startsWith(prefix)) continue;
    const [flag, value] = [text.slice(prefix.length).split("=")[0]!.toLowerCase(), text.includes("=") ? text.slice(text.indexOf("=") + 1) : "true"];
    if (flag === "http.tls") flags.tls = literalBool(value) ?? true;
    else if (flag === "http.redirections.entrypoint.to") flags.redirects = value !== "";
    else if (flag === "asdefault") flags.asDefault = literalBool(value) ?? false;
  }
  return flags;
}

/**
 * The entry points a release of Traefik's chart starts, as its pod template renders their flags
 * (traefik-helm-chart templates/_podtemplate.tpl: `ports.<name>.tls.enabled` up to v39, `ports.<name>.http.tls.enabled`
 * from v40, `redirections.entryPoint` likewise, `redirectTo` before v34; `expose` a bool before v24), its values
 * merged over the chart's defaults; a port set to null is removed. Undefined when the values are not known before apply.
 */
export function traefikEntryPoints(release: TfResource): TraefikEntryPoint[] | undefined {
  const values = helmValues(release);
  if (values === undefined || isUnknown(values.ports) || isUnknown(values.additionalArguments)) return undefined;
  const written = isMap(values.ports) ? values.ports : {};
  const names = [...new Set([...Object.keys(chartPorts), ...Object.keys(written)])].filter((name) => written[name] !== null).sort();
  return names.map((name) => {
    const port = { ...chartPorts[name], ...(isMap(written[name]) ? written[name] : {}) } as Record<string, unknown>;
    const http = isMap(port.http) ? port.http : {};
    const flags = flagsOf(values, name);
    const expose = port.expose;
    const tlsBlock = http.tls ?? port.tls;
    const protocol = literalString(port.protocol);
    return {
      name,
      exposed: isMap(expose) ? (knownBool(expose.default) ?? false) : (knownBool(expose) ?? false),
      tls:
        flags === "unknown"
          ? "unknown"
          : (flags.tls ?? (isMap(tlsBlock) ? (knownBool(tlsBlock.enabled) ?? false) : tlsBlock === undefined ? false : "unknown")),
      redirects:
        flags === "unknown"
          ? "unknown"
          : flags.redirects ||
            redirectionSet(
              isMap(http.redirections) && isMap(http.redirections.entryPoint) ? http.redirections.entryPoint.to : undefined,
              isMap(port.redirections) && isMap(port.redirections.entryPoint) ? port.redirections.entryPoint.to : undefined,
              port.redirectTo,
            ),
      asDefault: flags === "unknown" ? "unknown" : (flags.asDefault ?? knownBool(port.asDefault) ?? false),
      neverDefault: name === "traefik" || protocol?.toUpperCase() === "UDP",
    };
  });
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
