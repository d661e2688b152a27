import { stringify } from "yaml";

/** The zones the kubernetes plugin answers: the cluster's domain (rke2-coredns writes it) and reverse lookups. */
const clusterZones = ["cluster.local", "in-addr.arpa", "ip6.arpa"];

interface CoreDnsPlugin {
  readonly name: string;
  readonly parameters?: string;
  readonly configBlock?: string;
}

/** CoreDNS server blocks as the CoreDNS chart's `servers` value holds them (coredns/helm 1.47.0). */
interface CoreDnsServer {
  readonly zones: readonly { readonly zone: string }[];
  readonly port: number;
  readonly plugins: readonly CoreDnsPlugin[];
}

/**
 * The servers of a cluster DNS that answers the cluster's own names, and forwards to the region's resolvers only the
 * names outside the cluster that the platform needs (resolvableNames). Every pod may query the cluster DNS, and a
 * resolver that recurses to the Internet would carry anything a workspace encodes in the names it asks: no other name
 * leaves the cluster. `clusterDomain` is written before the kubernetes plugin's zones, as RKE2's chart does itself
 * (rke2-charts, packages/rke2-coredns: values.yaml.patch; its configmap.yaml), or in the Corefile.
 */
function allowListServers(names: readonly string[], resolvers: readonly string[], clusterDomain: string | undefined): CoreDnsServer[] {
  const upstream = resolvers.length > 0 ? resolvers.join(" ") : "/etc/resolv.conf";
  const kubernetesZones = [...(clusterDomain ? [clusterDomain] : []), "in-addr.arpa", "ip6.arpa"].join(" ");
  return [
    // The cluster's own names, and reverse lookups, answered by the kubernetes plugin alone.
    {
      zones: clusterZones.map((zone) => ({ zone })),
      port: 53,
      plugins: [
        { name: "errors" },
        { name: "health", configBlock: "lameduck 5s" },
        { name: "ready" },
        { name: "kubernetes", parameters: kubernetesZones, configBlock: "pods insecure\nttl 30" },
        { name: "prometheus", parameters: "0.0.0.0:9153" },
        { name: "cache", parameters: "30" },
        { name: "loop" },
        { name: "reload" },
        { name: "loadbalance" },
      ],
    },
    ...(names.length > 0
      ? [
          {
            zones: names.map((zone) => ({ zone })),
            port: 53,
            plugins: [{ name: "errors" }, { name: "cache", parameters: "30" }, { name: "forward", parameters: `. ${upstream}` }, { name: "loop" }],
          },
        ]
      : []),
    // Every other name does not exist. NXDOMAIN, not the SERVFAIL of a block without an answer: a resolver trying a
    // name with each search domain first (ndots 5) goes on after NXDOMAIN, while musl and c-ares stop at SERVFAIL and
    // would never reach the allowed names (the template plugin, coredns.io/plugins/template).
    { zones: [{ zone: "." }], port: 53, plugins: [{ name: "errors" }, { name: "template", parameters: "ANY ANY", configBlock: "rcode NXDOMAIN" }] },
  ];
}

/**
 * The cluster DNS of an RKE2 cluster, as a HelmChartConfig of its packaged CoreDNS (docs.rke2.io, add-ons/helm:
 * "Customizing packaged components with HelmChartConfig", a file in the servers' manifests folder).
 */
export function coreDnsAllowList(names: readonly string[], resolvers: readonly string[]): string {
  const servers = allowListServers(names, resolvers, undefined);
  return stringify(
    {
      apiVersion: "helm.cattle.io/v1",
      kind: "HelmChartConfig",
      metadata: { name: "rke2-coredns", namespace: "kube-system" },
      spec: { valuesContent: stringify({ servers }, { lineWidth: 0 }) },
    },
    { lineWidth: 0 },
  );
}

/**
 * The same cluster DNS as a Corefile, for a CoreDNS that kubeadm installed (the `Corefile` key of kube-system/coredns,
 * which its Deployment mounts, and which the `reload` plugin of kubeadm's own Corefile reads again when it changes).
 */
export function coreDnsCorefile(names: readonly string[], resolvers: readonly string[]): string {
  const indent = (text: string, depth: number) => text.replace(/^/gm, " ".repeat(depth));
  const plugin = ({ name, parameters, configBlock }: CoreDnsPlugin) =>
    `${[name, parameters].filter(Boolean).join(" ")}${configBlock ? ` {\n${indent(configBlock, 4)}\n}` : ""}`;
  return allowListServers(names, resolvers, "cluster.local")
    .map(
      (server) => `${server.zones.map(({ zone }) => `${zone}:${server.port}`).join(" ")} {\n${server.plugins.map((p) => indent(plugin(p), 4)).join("\n")}\n}\n`,
    )
    .join("");
}
