import type { ResourceGraph } from "../../engine/graph";
import type { TfResource } from "../../engine/model";
import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { appliedManifestsOf, appliedObjects, helmReleaseType, helmValuesAt, isKind, isMap, releaseNamespace, valuesArgumentNotKnown } from "../../lib/helm";
import type { ComponentFinding } from "../../lib/component-findings";
import { componentTlsFaults, flagsTls, kubeletTls, kubeletTlsFlags, tlsFlags } from "../../lib/kubernetes-tls";
import { type KubeadmJudges, kubeadmObjectFindings } from "../../lib/kubeadm-components";
import { kubeadmInstanceFindings } from "../../lib/kubeadm-instance";
import { clusterTemplateType, clusterType, label } from "../../lib/magnum";
import { nodeSetupTypes, nodeSetupsDescribed } from "../../lib/node-setup";
import { filesAt } from "../../lib/kubeadm";
import { rancherKubeletConfig } from "../../lib/kubelet-config";
import { argumentNotKnown, eachNode, type RancherNode, rancherNodes } from "../../lib/rancher-node";
import { componentArgs } from "../../lib/rancher-config";
import { isTraefikChart, readsCrdObjectsIn, traefikGitOpsReleases, traefikReleases } from "../../lib/traefik";
import { anssiGoSuites, anssiOctaviaVersions, anssiOpensslSuites, opensslSuites, traefikVersions } from "../../lib/tls";
import { block, hasUnknownItem, isUnknown, isUnset, list, literalBool, literalString } from "../../lib/values";
import { clusterApiNodeOf } from "../../lib/cluster-api-nodes";

const listenerType = "openstack_lb_listener_v2";
const poolType = "openstack_lb_pool_v2";

/**
 * An Octavia listener that terminates TLS (TERMINATED_HTTPS), or a pool that speaks TLS to its members (tls_enabled):
 * the versions and suites it offers. Left unset, they are the cloud's (octavia.conf [api_settings]
 * default_listener_tls_versions and default_listener_ciphers, default_pool_* for pools; Octavia's amphora driver reads
 * `listener.tls_versions or CONF.api_settings.default_listener_tls_versions`), which the configuration does not show.
 */
function octaviaTls(values: TfResource["values"], side: "listener" | "pool"): Violation[] {
  const versions = list(values.tls_versions).map(literalString);
  if (isUnknown(values.tls_versions) || versions.includes(undefined)) return [knownAtApply("tls_versions")];
  // The provider sends tls_versions only when it is set and not empty (d.GetOk): an empty set is the cloud's default.
  const versionsUnset = versions.length === 0;
  if (isUnknown(values.tls_ciphers)) return [knownAtApply("tls_ciphers")];
  const violations: Violation[] = [];
  if (versionsUnset)
    violations.push({
      message: `the ${side} leaves its TLS versions to the cloud's default (Octavia's default_${side}_tls_versions): write tls_versions = ["TLSv1.2", "TLSv1.3"]`,
      path: "tls_versions",
      outcome: "cannot-evaluate",
    });
  const weak = versions.filter((version): version is string => version !== undefined && !anssiOctaviaVersions.has(version));
  if (weak.length > 0) violations.push({ message: `the ${side} offers ${weak.join(", ")}: only TLSv1.2 and TLSv1.3 are accepted`, path: "tls_versions" });
  // With TLS 1.3 alone, the suites are TLS 1.3's, all AEAD: tls_ciphers names TLS 1.2's.
  if (versions.length > 0 && versions.every((version) => version === "TLSv1.3")) return violations;
  if (isUnset(values.tls_ciphers)) {
    violations.push({
      message: `the ${side} leaves its cipher suites to the cloud's default (Octavia's default_${side}_ciphers): write tls_ciphers with the accepted suites`,
      path: "tls_ciphers",
      outcome: "cannot-evaluate",
    });
    return violations;
  }
  const written = String(values.tls_ciphers);
  const suites = opensslSuites(written);
  if (suites === undefined)
    violations.push({
      message: `tls_ciphers "${written}" is an OpenSSL expression, which only OpenSSL expands: name the suites`,
      path: "tls_ciphers",
      outcome: "cannot-evaluate",
    });
  else {
    const refused = suites.filter((suite) => !anssiOpensslSuites.has(suite));
    if (refused.length > 0)
      violations.push({
        message: `the ${side} offers ${refused.join(", ")}: only ephemeral (EC)DHE key exchange with AES-GCM, AES-CCM or ChaCha20-Poly1305 is accepted`,
        path: "tls_ciphers",
      });
  }
  return violations;
}

/**
 * A value the policy needs that is known only at apply. The policy says so itself (onUnknown "reported-by-policy"): a Helm release's
 * values hold references to other resources (a subnet's id) beside the TLS options, and those are not what it judges.
 */
const knownAtApply = (path: string): Violation => ({ message: `${path} is known only at apply`, path, outcome: "cannot-evaluate" });

/** Whether an apiVersion is Traefik's (traefik.io, and traefik.containo.us before Traefik v3). */
const isTraefikOption = (manifest: Record<string, unknown>): boolean =>
  isKind(manifest, "TLSOption", "traefik.io") || isKind(manifest, "TLSOption", "traefik.containo.us");

/**
 * A Traefik TLSOption's spec. Traefik builds Go's tls.Config from it: minVersion unset is Go's server default, TLS 1.2
 * (Go 1.22 release notes, crypto/tls), and cipherSuites unset is Go's list (Traefik's default option names every suite
 * tls.CipherSuites() returns, pkg/tls/tlsmanager.go DefaultTLSOptions), CBC suites with SHA-1 among them.
 */
function traefikOption(spec: Record<string, unknown> | undefined, at: string): Violation[] {
  const unknown = ["minVersion", "maxVersion", "cipherSuites"].find((field) => hasUnknownItem(spec?.[field]));
  if (unknown) return [knownAtApply(`${at}.${unknown}`)];
  // A version's rank among Traefik's, -1 for a name it does not know.
  const rank = (value: unknown, unset: number): number => (isUnset(value) ? unset : (traefikVersions as readonly string[]).indexOf(String(value)));
  const min = rank(spec?.minVersion, 2);
  const max = rank(spec?.maxVersion, 3);
  const shown = (value: unknown, unset: string) => (isUnset(value) ? `${unset} (unset)` : String(value));
  const [minShown, maxShown] = [shown(spec?.minVersion, "VersionTLS12"), shown(spec?.maxVersion, "VersionTLS13")];
  const violations: Violation[] = [];
  if (min > max && max >= 0)
    violations.push({ message: `the TLS option's minVersion ${minShown} is above its maxVersion ${maxShown}: it offers no version`, path: `${at}.maxVersion` });
  else if (min < 2 || max < 2)
    violations.push({
      message: `the TLS option offers ${minShown} to ${maxShown}: only VersionTLS12 and VersionTLS13 are accepted`,
      path: `${at}.${min < 2 ? "minVersion" : "maxVersion"}`,
    });
  if (min === 3) return violations;
  const suites = list(spec?.cipherSuites).map(String);
  if (isUnset(spec?.cipherSuites))
    violations.push({
      message: "the TLS option names no cipherSuites: Traefik offers Go's list, with CBC suites and SHA-1 MACs in it; name the accepted suites",
      path: `${at}.cipherSuites`,
    });
  const refused = suites.filter((suite) => !anssiGoSuites.has(suite));
  if (refused.length > 0)
    violations.push({
      message: `the TLS option names ${refused.join(", ")}: of the accepted suites, Traefik (Go's crypto/tls) has ECDHE with AES-GCM or ChaCha20-Poly1305 only`,
      path: `${at}.cipherSuites`,
    });
  return violations;
}

/** The faults of a component's TLS (componentTlsFaults), each a finding at `path`. */
const componentTls = (component: string, minVersions: readonly string[], cipherSuites: readonly string[], path: string): Violation[] =>
  componentTlsFaults(component, minVersions, cipherSuites).map((message) => ({ message, path }));

/** A TLS finding as a violation at `path`. */
const placedAt = (path: string, { message, evaluable }: ComponentFinding): Violation => ({
  message,
  path,
  ...(evaluable ? {} : { outcome: "cannot-evaluate" as const }),
});

/**
 * The TLS flags of the components a K3s or RKE2 node runs (`components`), from its configuration's values, and for
 * the kubelet the settings of its configuration that its flags leave unset (kubeletTls). Every copy of a flag
 * counts: K3s and RKE2 pass each (k3s pkg/util/args.go GetArgs), a component appends each copy of --tls-cipher-suites
 * to the list (pflag's string slice), and the supervisor's own listener takes the first copy of --tls-min-version
 * where the API server takes the last. `notKnown` names what of a component's arguments is not known here (an
 * argument known only at apply, a value a K3s command line's shell expands); `pathOf` where a finding about a
 * component's arguments, or about the files that configure it, goes.
 */
function rancherComponentsTls(
  node: RancherNode,
  components: readonly RancherComponent[],
  notKnown: (key: string, args: ReadonlyMap<string, readonly string[]>, flags: readonly string[]) => string | undefined,
  pathOf: (key: string, about: "args" | "files") => string = () => "user_data",
): Violation[] {
  return components.flatMap(({ component, key, suites }): Violation[] => {
    const args = componentArgs(node.values, key);
    const path = pathOf(key, "args");
    const kubelet = key === kubeletKey;
    const unknown = notKnown(key, args, kubelet ? kubeletTlsFlags : ["tls-min-version", suites]);
    if (unknown) return [{ outcome: "cannot-evaluate", message: `${unknown} is known only at apply: what ${component} accepts cannot be told`, path }];
    if (!kubelet) return componentTls(component, args.get("tls-min-version") ?? [], args.get(suites) ?? [], path);
    return kubeletTls(args, rancherKubeletConfig(node)).map((finding) => placedAt(finding.inFiles ? pathOf(key, "files") : path, finding));
  });
}

/**
 * The K3s or RKE2 node an object of Cluster API's K3s or RKE2 provider makes (clusterApiNodeOf: the
 * configuration it writes, the K3s provider's own suites after the spec's kube-apiserver-arg, the drop-ins the spec's
 * files write), each component's TLS flags pointed at the spec's field that writes them, `at` the object's place in the
 * resource.
 */
function clusterApiNodeTls(manifest: Record<string, unknown>, at: string): Violation[] {
  const found = clusterApiNodeOf(manifest);
  if (!found) return [];
  const place = (field: readonly string[]) => [at, ...found.at, ...field].join(".");
  if ("notKnown" in found.read)
    return [{ outcome: "cannot-evaluate", message: `${found.read.notKnown}: its TLS flags cannot be read`, path: place(found.read.at) }];
  const { node } = found.read;
  return rancherComponentsTls(
    node,
    componentsOf(node),
    (key, args, flags) => argumentNotKnown(node, key, args, flags),
    (key, about) => place(about === "files" ? filesAt : found.fieldOf(key)),
  );
}

/**
 * How the TLS of the components a kubeadm configuration starts is judged (kubeadmComponentFindings): its API server's
 * flags (clusterConfiguration.apiServer.extraArgs), its kubelets' flags (kubeletExtraArgs) and the settings they leave
 * to the kubelet's configuration (kubeadm's file with its kubeletconfiguration patches, or the file of a config flag,
 * and the drop-ins of a config-dir).
 */
const kubeadmTls: KubeadmJudges = {
  apiServer: { flags: tlsFlags, judge: (args) => flagsTls("kube-apiserver", args) },
  kubelet: { flags: kubeletTlsFlags, judge: kubeletTls },
};

/**
 * The TLS flags of the components of the K3s and RKE2 nodes a resource's setups run (rancherNodes: its user
 * data, its provisioners), from their configuration files, their command line and their service's environment: a
 * server's every component, an agent's kubelet. Where its configuration files are not read, one of them may add a flag.
 */
const rancherTls = (resource: TfResource, graph: ResourceGraph): Violation[] =>
  eachNode(rancherNodes(resource, graph), "its TLS flags cannot be read", (node) =>
    node.configUnread
      ? [{ outcome: "cannot-evaluate", message: `${node.configUnread}: the TLS flags it may add cannot be read`, path: "user_data" }]
      : rancherComponentsTls(node, componentsOf(node), (key, args, flags) => argumentNotKnown(node, key, args, flags)),
  );

/**
 * The components K3s and RKE2 pass flags to, and the flag that names each one's suites (Go's names): etcd's is
 * --cipher-suites (etcd's config, "between client/server and peers"); its --tls-min-version takes TLS1.2 or TLS1.3
 * only, so no weak version can be written there.
 */
interface RancherComponent {
  readonly component: string;
  readonly key: string;
  readonly suites: string;
}
const kubeletKey = "kubelet-arg";
const rancherComponents: readonly RancherComponent[] = [
  { component: "kube-apiserver", key: "kube-apiserver-arg", suites: "tls-cipher-suites" },
  { component: "the kubelet", key: kubeletKey, suites: "tls-cipher-suites" },
  { component: "kube-controller-manager", key: "kube-controller-manager-arg", suites: "tls-cipher-suites" },
  { component: "kube-scheduler", key: "kube-scheduler-arg", suites: "tls-cipher-suites" },
  { component: "the cloud controller manager", key: "kube-cloud-controller-manager-arg", suites: "tls-cipher-suites" },
  { component: "etcd", key: "etcd-arg", suites: "cipher-suites" },
];

/** The components a K3s or RKE2 node runs: a server's every one, an agent's kubelet. */
const componentsOf = (node: RancherNode): readonly RancherComponent[] =>
  node.role === "agent" ? rancherComponents.filter(({ key }) => key === kubeletKey) : rancherComponents;

/**
 * Magnum's Cluster API driver passes these labels of a cluster (its template's when it writes none; a node group's
 * are not read) to kube-apiserver and the kubelet as --tls-cipher-suites (magnum-cluster-api,
 * features/tls_cipher_suites.rs); unset, it passes Mozilla's intermediate list for Go, ECDHE with
 * AES-GCM or ChaCha20-Poly1305 (its docs, labels), which the ANSSI's recommendations accept.
 */
const magnumSuiteLabels = [
  ["kube-apiserver", "api_server_tls_cipher_suites"],
  ["the kubelet", "kubelet_tls_cipher_suites"],
] as const;

/**
 * The namespaces of the TLS options named `default` the configuration applies: as objects (in a kubernetes_manifest,
 * a YAML file, a release of the raw chart) and in Traefik's chart values. Traefik takes one such option, in any
 * namespace; named in several, it takes none (pkg/provider/kubernetes/crd/kubernetes.go, buildTLSOptions, drops it)
 * and serves its own default.
 */
const defaultOptionNamespaces = (graph: ResourceGraph): ReadonlySet<string> =>
  graph.cached("tls-versions-and-suites/default-option-namespaces", () => defaultOptionNamespacesOf(graph));

function defaultOptionNamespacesOf(graph: ResourceGraph): Set<string> {
  const namespaces = new Set<string>();
  // A namespace another resource's argument sets is read from it (a namespace resource's name), as Terraform knows it.
  const add = (manifest: Record<string, unknown> | undefined, namespace: string, resource: TfResource) => {
    const metadata = block(manifest?.metadata);
    if (manifest && isTraefikOption(manifest) && metadata?.name === "default")
      namespaces.add(literalString(graph.readValue(metadata.namespace, resource)) || namespace);
  };
  for (const resource of graph.ofType(["kubernetes_manifest", helmReleaseType]))
    for (const { manifest } of appliedObjects(resource))
      add(manifest, resource.type === helmReleaseType ? releaseNamespace(resource, graph) : "default", resource);
  for (const release of graph.ofType([helmReleaseType])) {
    const tlsOptions = isTraefikChart(release) ? helmValuesAt(release, ["tlsOptions"])?.tlsOptions : undefined;
    if (isMap(tlsOptions) && tlsOptions.default !== undefined) namespaces.add(releaseNamespace(release, graph));
  }
  // Helm renders a chart in "default" when it is given no namespace.
  for (const { values, namespace } of traefikGitOpsReleases(graph))
    if (!("unread" in values) && isMap(values.tlsOptions) && values.tlsOptions.default !== undefined) namespaces.add(namespace ?? "default");
  return namespaces;
}

/**
 * The TLS option named default a release of Traefik's chart takes: one its CRD provider reads (on, watching its
 * namespace), the chart's own (tlsOptions.default, a TLSOption object in the release's namespace) or another; none, or
 * several, and Traefik serves its own default, with every suite Go lists.
 */
function releaseDefault(resource: TfResource, graph: ResourceGraph, ownDefault: boolean, at: string): Violation[] {
  const release = traefikReleases(graph).find((each) => each.release.address === resource.address);
  if (release === undefined) return [];
  const path = ownDefault ? `${at}.tlsOptions.default` : `${at}.tlsOptions`;
  const read = [...defaultOptionNamespaces(graph)].sort().map((namespace) => ({ namespace, read: readsCrdObjectsIn(release, namespace) }));
  const taken = read.filter((each) => each.read === true).map((each) => each.namespace);
  if (taken.length > 1) return severalDefaults(taken, path);
  if (taken.length === 1) return [];
  const keeps = "Traefik keeps its default TLS options: every suite Go's crypto/tls lists, CBC with SHA-1 among them";
  const unread = read.map((each) => each.namespace);
  if (read.some((each) => each.read === "unknown"))
    return [
      {
        message: `${keeps}, unless its kubernetesCRD provider, set only at apply, reads the option named default in ${unread.join(", ")}`,
        path,
        outcome: "cannot-evaluate",
      },
    ];
  if (unread.length > 0)
    return [
      {
        message: `${keeps}: the TLS options named default are TLSOption objects in ${unread.join(", ")}, which its kubernetesCRD provider alone reads, and it ${release.crd.enabled === false ? "is off" : "does not watch them"}`,
        path,
      },
    ];
  return [{ message: `${keeps}; write tlsOptions.default with minVersion and cipherSuites`, path }];
}

/**
 * The tlsOptions of a release of Traefik's chart (written at `at`, its values), each judged as a TLSOption, and the
 * default option the release takes (releaseDefault).
 */
function chartOptions(tlsOptions: unknown, at: string, resource: TfResource, graph: ResourceGraph): Violation[] {
  if (isUnknown(tlsOptions)) return [knownAtApply(`${at}.tlsOptions`)];
  const options = isMap(tlsOptions) ? tlsOptions : {};
  const written = Object.entries(options).flatMap(([name, option]) =>
    isUnknown(option) ? [knownAtApply(`${at}.tlsOptions.${name}`)] : traefikOption(block(option), `${at}.tlsOptions.${name}`),
  );
  return [...written, ...releaseDefault(resource, graph, options.default !== undefined, at)];
}

/** TLS options named `default` in several namespaces, which Traefik then ignores all. */
const severalDefaults = (namespaces: readonly string[], path: string): Violation[] => [
  {
    message: `TLS options named default are applied in ${namespaces.join(", ")}: Traefik then ignores them all and serves its own default, with every suite Go lists`,
    path,
  },
];

/** A TLS option named `default` beside another one in another namespace, which Traefik then ignores. */
function ignoredDefault(graph: ResourceGraph, path: string): Violation[] {
  const namespaces = defaultOptionNamespaces(graph);
  return namespaces.size > 1 ? severalDefaults([...namespaces].sort(), path) : [];
}

export default resourcePolicy(
  {
    id: "tls-versions-and-suites",
    title: "TLS endpoints offer only TLS 1.2 and 1.3, with forward-secret AEAD suites",
    description: `Flags Octavia listeners that terminate TLS and pools that speak it to their members offering a version below TLS 1.2 or a suite outside the ANSSI's (ephemeral ECDHE or DHE, with AES-GCM, AES-CCM or ChaCha20-Poly1305), Traefik TLSOption objects and the tlsOptions of Traefik's chart (installed by a helm_release, or by a Flux HelmRelease, an Argo CD Application or a K3s HelmChart from the values it hands to Helm) doing the same or naming no suites (Traefik then offers Go's, CBC with SHA-1 among them), a Traefik release that keeps Traefik's default TLS options, TLS options named default in several namespaces (Traefik then ignores them), and kube-apiserver and kubelets given TLS 1.0 or 1.1 or such suites, in any copy of the flag but a kubelet's minimum version, of which it takes the last (Cluster API kubeadm control planes' and workers' apiServer.extraArgs and kubeletExtraArgs, then the KUBELET_EXTRA_ARGS of the kubelet's environment file their files write, and their kubelets' configuration: kubeadm's with its kubeletconfiguration patches, the file of a config flag, the drop-ins of a config-dir; the same of the kubeadm init or join an instance's user data runs, with the KubeletConfiguration of init's configuration file; RKE2's and K3s's kube-apiserver-arg and kubelet-arg (on nodes their setup installs, and those Cluster API's K3s and RKE2 providers make), and the controller manager's, the scheduler's and etcd's suites; K3s's from its configuration files and its command line, an agent's kubelet-arg too; a kubelet's tlsMinVersion and tlsCipherSuites from its configuration file and the drop-ins of its config-dir, K3s's and RKE2's kubelet.conf.d among them, where its flags set none), or other suites or none (Magnum's *_tls_cipher_suites labels). A Kubernetes component whose minimum version is VersionTLS13 in every copy offers none of the suites it is given (Go's TLS 1.3 suites are not configurable): they are not flagged. What the cloud or Octavia decides (no tls_versions, no tls_ciphers) and OpenSSL expressions are not evaluable. ${nodeSetupsDescribed}`,
    rationale:
      "TLS 1.0 and 1.1, static RSA key exchange and CBC suites with SHA-1 are the weaknesses the ANSSI's TLS recommendations exclude: an endpoint that still offers them can be made to use them by anyone on the path.",
    remediation:
      'On Octavia, write tls_versions = ["TLSv1.2", "TLSv1.3"] and tls_ciphers with the accepted suites; on Traefik, give the default TLS option (tlsOptions.default in the chart\'s values) minVersion VersionTLS12 and cipherSuites with the accepted suites; on Kubernetes components, tls-min-version VersionTLS12 and tls-cipher-suites with the accepted suites (a kubelet\'s tlsMinVersion and tlsCipherSuites in its configuration and drop-ins).',
    severity: "high",
    references: [cite("anssi", "TLS R3-R30"), cite("secnumcloud-3.2", "10.2.a")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  [listenerType, poolType, "kubernetes_manifest", helmReleaseType, ...nodeSetupTypes, clusterTemplateType, clusterType],
  (resource, { graph }): Violation[] => {
    const { values } = resource;
    if (nodeSetupTypes.includes(resource.type))
      return [...rancherTls(resource, graph), ...kubeadmInstanceFindings(resource, graph, kubeadmTls, "the TLS its API server and kubelet offer")];
    if ([clusterTemplateType, clusterType].includes(resource.type))
      return magnumSuiteLabels.flatMap(([component, name]): Violation[] => {
        const written = label(resource, name);
        if (written === undefined) return [];
        if (isUnknown(written)) return [knownAtApply(`labels.${name}`)];
        // The driver passes the label as it is (labels.get with its default): empty, it is --tls-cipher-suites= with
        // no suite, and the component falls back to Go's list, CBC with SHA-1 in it.
        if (String(written).trim() === "")
          return [{ message: `${component} is given no suite: it falls back to Go's list, with CBC suites and SHA-1 MACs in it`, path: `labels.${name}` }];
        return componentTls(component, [], [String(written)], `labels.${name}`);
      });
    if (resource.type === listenerType) {
      if (isUnknown(values.protocol)) return [knownAtApply("protocol")];
      return String(values.protocol).toUpperCase() === "TERMINATED_HTTPS" ? octaviaTls(values, "listener") : [];
    }
    if (resource.type === poolType) {
      if (isUnknown(values.tls_enabled)) return [knownAtApply("tls_enabled")];
      return literalBool(values.tls_enabled) === true ? octaviaTls(values, "pool") : [];
    }
    const isDefault = (manifest: Record<string, unknown>) => block(manifest.metadata)?.name === "default";
    const options = [
      ...appliedObjects(resource).flatMap(({ manifest, at }) =>
        isTraefikOption(manifest)
          ? isUnknown(manifest.spec)
            ? [knownAtApply(`${at}.spec`)]
            : [...traefikOption(block(manifest.spec), `${at}.spec`), ...(isDefault(manifest) ? ignoredDefault(graph, `${at}.metadata.name`) : [])]
          : clusterApiNodeTls(manifest, at),
      ),
      ...appliedManifestsOf(graph, resource).flatMap((applied) => kubeadmObjectFindings(applied, kubeadmTls)),
    ];
    if (resource.type === "kubernetes_manifest")
      return [
        ...options,
        ...traefikGitOpsReleases(graph)
          // By address: where something waits, the policy is given a view of the resource, not the graph's object.
          .filter((release) => release.resource.address === resource.address)
          .flatMap(({ values: chartValues, valuesAt }) =>
            "unread" in chartValues
              ? [
                  {
                    message: `the TLS options of Traefik's chart are set by its ${chartValues.unread}, not read here`,
                    path: `manifest.${valuesAt}`,
                    outcome: "cannot-evaluate" as const,
                  },
                ]
              : chartOptions(chartValues.tlsOptions, `manifest.${valuesAt}`, resource, graph),
          ),
      ];
    if (isUnknown(values.chart)) return [knownAtApply("chart")];
    if (!isTraefikChart(resource)) return options;
    const chartValues = helmValuesAt(resource, ["tlsOptions"]);
    if (chartValues === undefined) return [knownAtApply(valuesArgumentNotKnown(resource) ?? "values")];
    return [...options, ...chartOptions(chartValues.tlsOptions, "values", resource, graph)];
  },
);
