import { cite, configurationPolicy, type Violation } from "../../engine/policy";
import { gitOpsReleases } from "../../lib/gitops-charts";
import { chartValueWritten, helmReleaseType, helmValuesAt, valuesArgumentNotKnown } from "../../lib/helm";
import { isHashicorpVaultChart, vaultWithoutTls } from "../../lib/vault";
import { literalString } from "../../lib/values";

/** The chart values the policy reads: which server the chart runs and its configuration (vault-helm values.yaml). */
const readPaths = ["server", "global.enabled", "global.externalVaultAddr", "injector.externalVaultAddr"];

/** The finding on what installs the chart (`who`: "the release", "a Flux HelmRelease"), where its values serve no TLS. */
function withoutTls(
  values: Record<string, unknown>,
  who: string,
  address: string,
  place: (at: string) => Pick<Violation, "path" | "lineInValue" | "keysInValue">,
): Violation[] {
  const found = vaultWithoutTls(values);
  return found ? [{ message: `${who} ${found.why}`, address, ...place(found.at), ...(found.notKnown ? { outcome: "cannot-evaluate" as const } : {}) }] : [];
}

export default configurationPolicy(
  {
    id: "vault-listener-tls",
    title: "Vault serves its API over TLS",
    description:
      "Flags each release of HashiCorp's Vault chart (hashicorp/vault, or vault from HashiCorp's repository), by a helm_release or a GitOps controller (a Flux HelmRelease, an Argo CD Application or ApplicationSet, a K3s HelmChart), that runs Vault's dev server, or whose server configuration (server.standalone.config, server.ha.config, server.ha.raft.config where raft is on; read as the chart's templates choose it) sets tls_disable on a listener, or that writes none, since the chart's own configuration sets tls_disable = 1. A release that runs no server (an external Vault's address) is not judged; values known only at apply, a tls_disable a template action fills, or a configuration known in part that sets none where it is known, are not evaluable.",
    rationale:
      "Vault hands out the keys and credentials of the warehouse: over plain HTTP, its tokens, its unseal exchanges and every secret it returns cross the network readable by anyone on the path, and the chart's defaults serve it so.",
    remediation:
      "Give the listener a certificate (tls_cert_file and tls_key_file from a Secret mounted with server.extraVolumes, as cert-manager writes it), remove tls_disable, and set global.tlsDisable: false so that the chart's clients speak HTTPS.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "10.2.a")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  (_configuration, { graph }): Violation[] => {
    const releases = graph
      .ofType([helmReleaseType])
      .filter((release) => release.mode !== "data" && isHashicorpVaultChart(literalString(release.values.chart), literalString(release.values.repository)))
      .flatMap((release): Violation[] => {
        const notKnown = valuesArgumentNotKnown(release);
        const values = notKnown ? undefined : helmValuesAt(release, readPaths);
        if (values === undefined)
          return [
            {
              message: "the chart's values are known only at apply: how Vault serves its API cannot be told",
              address: release.address,
              path: notKnown ?? "values",
              outcome: "cannot-evaluate",
            },
          ];
        return withoutTls(values, "the release", release.address, (at) => chartValueWritten(release, at) ?? { path: "values" });
      });
    const gitOps = gitOpsReleases(graph)
      .filter(({ chart, repository }) => isHashicorpVaultChart(chart, repository))
      .flatMap(({ resource, installer, values, valuesAt }): Violation[] => {
        if ("unread" in values)
          return [
            {
              message: `${installer}'s values are set by its ${values.unread}, not read here: how Vault serves its API cannot be told`,
              address: resource.address,
              outcome: "cannot-evaluate",
            },
          ];
        return withoutTls(values, installer, resource.address, () => ({ path: valuesAt }));
      });
    return [...releases, ...gitOps];
  },
);
