import { dependsOn, fieldAt, isUnknown } from "./values";

type Values = Record<string, unknown>;

/**
 * Whether a chart is HashiCorp's Vault chart (hashicorp/vault-helm), by its name and its repository: `hashicorp/vault`,
 * or `vault` from HashiCorp's repository (helm.releases.hashicorp.com). Another chart named vault (Bitnami's) writes
 * its server's configuration elsewhere, and is not read as this one.
 */
export const isHashicorpVaultChart = (chart: string | undefined, repository: string | undefined): boolean =>
  chart === "hashicorp/vault" || (/^vault(?:-\d[\w.+-]*\.tgz)?$/.test(chart?.split("/").pop() ?? "") && /hashicorp/i.test(repository ?? ""));

/** What a Vault listener written in a configuration says of TLS: off, on, or given by a template action Helm fills. */
const tlsDisabled = /^[ \t]*"?tls_disable"?[ \t]*[=:][ \t]*("?)(\{\{[^}]*\}\}|[^\s",}]+)\1/gim;

/**
 * Vault reads tls_disable as a boolean (parseutil.ParseBool: true, 1, t and their capitals, in a string or not).
 * `tls_disable = 1` turns TLS off on its listener; lines commented out (# or //) are not read.
 */
function listenerTls(config: string): "off" | "on" | "template" {
  for (const [, , value] of config.matchAll(tlsDisabled)) {
    if (value!.startsWith("{{")) return "template";
    if (/^(?:1|t|true)$/i.test(value!)) return "off";
  }
  return "on";
}

/** A value of the chart's, with the chart's own default where the release writes none (vault-helm values.yaml). */
const valueAt = (values: Values, path: readonly string[], fallback: unknown): unknown => fieldAt(values, ...path) ?? fallback;

/**
 * How Vault's chart serves the API of the server it runs, from the values a release gives it: vault-helm's
 * templates/_helpers.tpl, "vault.mode" (no server where an external Vault's address is given or the server is off; the
 * dev server, which listens in plain HTTP and keeps everything in memory; else ha or standalone) and "vault.config"
 * (ha's config, raft's where raft is on, or standalone's). Left unset, each config is the chart's, whose tcp listener
 * sets `tls_disable = 1`, as `global.tlsDisable: true` does for the chart's own clients (values.yaml). A configuration
 * that sets no tls_disable where it is known, and is known only in part, cannot be judged (`notKnown`).
 * Undefined where the release runs no server, or serves TLS.
 */
export function vaultWithoutTls(values: Values): { readonly why: string; readonly at: string; readonly notKnown?: true } | undefined {
  const external = valueAt(values, ["injector", "externalVaultAddr"], "") || valueAt(values, ["global", "externalVaultAddr"], "");
  const server = String(valueAt(values, ["server", "enabled"], "-"));
  const serverOn = server === "true" || (server === "-" && String(valueAt(values, ["global", "enabled"], true)) === "true");
  if (external || !serverOn) return undefined;
  if (String(valueAt(values, ["server", "dev", "enabled"], false)) === "true")
    return { why: "runs Vault's dev server, which serves its API in plain HTTP and keeps every secret in memory", at: "server.dev.enabled" };
  const ha = String(valueAt(values, ["server", "ha", "enabled"], false)) === "true";
  const standalone = ["true", "-"].includes(String(valueAt(values, ["server", "standalone", "enabled"], "-")));
  if (!ha && !standalone) return undefined;
  const raft = ha && String(valueAt(values, ["server", "ha", "raft", "enabled"], false)) === "true";
  const path = raft ? ["server", "ha", "raft", "config"] : ha ? ["server", "ha", "config"] : ["server", "standalone", "config"];
  const at = path.join(".");
  const config = valueAt(values, path, undefined);
  if (config === undefined || config === null)
    return { why: `writes no ${at}: the chart's own configuration's listener sets tls_disable = 1, so Vault serves its API in plain HTTP`, at };
  if (typeof config !== "string") return undefined;
  const tls = listenerTls(config);
  if (tls === "off") return { why: `sets tls_disable on a listener in ${at}: Vault serves its API there in plain HTTP`, at };
  if (tls === "template") return { why: `fills tls_disable in ${at} with a template action Helm renders at install`, at, notKnown: true };
  return isUnknown(config)
    ? { why: `writes ${at} with what is not known here (${dependsOn(config)}): whether a listener sets tls_disable cannot be told`, at, notKnown: true }
    : undefined;
}
