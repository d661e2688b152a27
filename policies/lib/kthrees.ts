import type { Violation } from "../engine/policy";
import type { ResourceGraph } from "../engine/graph";
import { filesOnDisk, type WrittenFile } from "./cloud-init";
import { filesAfterCommands } from "./file-commands";
import { type AppliedManifest, appliedManifests, findingsOn, isKind } from "./helm";
import { bootstrapFiles } from "./kubeadm";
import { k3sConfigFiles, mergedConfig } from "./rancher-config";
import type { Placed, RancherNode } from "./rancher-node";
import { fieldAt, isUnknown, type LooseObject, list } from "./values";

/**
 * Cluster API's K3s control plane provider (k3s-io/cluster-api-k3s, read at commit 7ed944f2, 2026-04-02): a
 * KThreesControlPlane, or its template, gives each control plane machine a kthreesConfigSpec, from which the provider
 * writes K3s's /etc/rancher/k3s/config.yaml (pkg/k3s/config.go, GenerateInitControlPlaneConfig and
 * GenerateJoinControlPlaneConfig) and the spec's files. Its API group and versions: controlplane.cluster.x-k8s.io,
 * v1beta1 and v1beta2, which name the fields alike (bootstrap/api, KThreesServerConfig: `kubeAPIServerArg`, singular).
 */
const controlPlaneGroup = "controlplane.cluster.x-k8s.io";

/**
 * The provider's own kube-apiserver-arg, after the spec's, so they win: anonymous requests allowed (for its load
 * balancer's health checks), and its cipher suites, two of them with static RSA key exchange (getTLSCipherSuiteArg).
 */
export const providerApiServerArgs = [
  "anonymous-auth=true",
  `tls-cipher-suites=${[
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
    "TLS_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_RSA_WITH_AES_256_GCM_SHA384",
  ].join(",")}`,
];

/** Where the provider writes K3s's configuration (pkg/k3s, DefaultK3sConfigLocation). */
const configPath = "/etc/rancher/k3s/config.yaml";

/** The K3s keys the provider writes each list of the spec under (K3sServerConfig, K3sAgentConfig). */
const listKeys: readonly (readonly [readonly string[], string])[] = [
  [["serverConfig", "kubeAPIServerArg"], "kube-apiserver-arg"],
  [["serverConfig", "kubeControllerManagerArgs"], "kube-controller-manager-arg"],
  [["serverConfig", "kubeSchedulerArgs"], "kube-scheduler-arg"],
  [["serverConfig", "tlsSan"], "tls-san"],
  [["serverConfig", "disableComponents"], "disable"],
  [["agentConfig", "kubeletArgs"], "kubelet-arg"],
  [["agentConfig", "nodeLabels"], "node-label"],
  [["agentConfig", "nodeTaints"], "node-taint"],
  [["agentConfig", "kubeProxyArgs"], "kube-proxy-arg"],
];

/** Where, under a kthreesConfigSpec, the spec writes a K3s key's values: its field, else its files (a drop-in). */
export const kthreesFieldOf = (key: string): readonly string[] => listKeys.find(([, written]) => written === key)?.[0] ?? kthreesFilesAt;

/** Where the spec's files and the API server's arguments are, under a kthreesConfigSpec. */
export const kthreesFilesAt = ["files"];
export const kthreesArgsAt = ["serverConfig", "kubeAPIServerArg"];

/** The API group of the provider's bootstrap configurations, which its workers are made from. */
const bootstrapGroup = "bootstrap.cluster.x-k8s.io";

/**
 * The kthreesConfigSpec an object gives its machines, where it is written, and the role they run: a server for a
 * KThreesControlPlane or its template; an agent for a KThreesConfig or its template, the workers' (a MachineDeployment's
 * bootstrap: pkg/cloudinit/worker_join.go, `sh -s - agent`, given the agent's keys alone: GenerateWorkerConfig).
 * Undefined for another object.
 */
function kthreesSpec(manifest: LooseObject): { readonly spec: unknown; readonly at: readonly string[]; readonly role: "server" | "agent" } | undefined {
  const at = (...path: string[]) => ({ spec: fieldAt(manifest, ...path), at: path });
  if (isKind(manifest, "KThreesControlPlane", controlPlaneGroup)) return { ...at("spec", "kthreesConfigSpec"), role: "server" };
  if (isKind(manifest, "KThreesControlPlaneTemplate", controlPlaneGroup)) return { ...at("spec", "template", "spec", "kthreesConfigSpec"), role: "server" };
  if (isKind(manifest, "KThreesConfig", bootstrapGroup)) return { ...at("spec"), role: "agent" };
  if (isKind(manifest, "KThreesConfigTemplate", bootstrapGroup)) return { ...at("spec", "template", "spec"), role: "agent" };
  return undefined;
}

/**
 * The K3s node a machine runs (RancherNode), a control plane's server or a worker's agent (`role`): the values of the
 * configuration the provider writes, the spec's lists under K3s's keys (an agent's alone for a worker), a server's
 * own kube-apiserver-arg after them, then the drop-ins the spec's files write in /etc/rancher/k3s/config.yaml.d, which
 * K3s reads after it (a key there replaces the list, `key+` adds to it), once preK3sCommands have run over them
 * (filesAfterCommands); with the files then on disk (one read from a Secret, contentFrom, is not known). Not known: a
 * spec, a list, its files or its commands known only at apply, a drop-in not read, a config.yaml of the spec's own,
 * which the provider's replaces or not, or one a command changes.
 */
export function kthreesNode(
  spec: unknown,
  role: "server" | "agent" = "server",
): { readonly node: RancherNode } | { readonly notKnown: string; readonly at: readonly string[] } {
  if (isUnknown(spec)) return { notKnown: "the K3s configuration is not known here", at: [] };
  const values: Record<string, unknown> = role === "server" ? { "cluster-init": "true" } : {};
  for (const [at, key] of listKeys.filter(([[config]]) => role === "server" || config === "agentConfig")) {
    const written = fieldAt(spec, ...at);
    if (isUnknown(written)) return { notKnown: `${at.join(".")} is not known here`, at };
    if (written !== undefined) values[key] = list(written);
  }
  if (role === "server") values["kube-apiserver-arg"] = [...list(values["kube-apiserver-arg"]), ...providerApiServerArgs];
  const entries = fieldAt(spec, ...kthreesFilesAt);
  if (isUnknown(entries)) return { notKnown: "the files written on the machines are not known here", at: kthreesFilesAt };
  const files = bootstrapFiles(entries);
  if (files.some((file) => file.path === configPath))
    return { notKnown: `files write ${configPath}, which the provider writes too: which one K3s reads is not known here`, at: kthreesFilesAt };
  // The provider's cloud-config writes the files, then runs preK3sCommands, then installs K3s (pkg/cloudinit,
  // controlPlaneCloudInit): what those commands write or move is on disk when K3s reads its configuration.
  const commands = fieldAt(spec, "preK3sCommands");
  if (isUnknown(commands)) return { notKnown: "preK3sCommands are not known here", at: ["preK3sCommands"] };
  const providers: WrittenFile = { path: configPath, content: "" };
  const onDisk = filesAfterCommands(filesOnDisk([...files, providers]), list(commands).map(String), [`${configPath}.d`]).files;
  if (onDisk.get(configPath) !== providers)
    return {
      notKnown: `a command of preK3sCommands changes ${configPath}, which the provider writes: what K3s reads is not known here`,
      at: ["preK3sCommands"],
    };
  const written = [...onDisk.values()].filter((file) => file !== providers);
  const merged = mergedConfig(k3sConfigFiles(written), values);
  if ("unreadable" in merged) return { notKnown: merged.unreadable, at: kthreesFilesAt };
  return { node: { name: "K3s", role, values: merged.values, files: written, expanded: new Set() } };
}

/**
 * What a policy finds on the K3s servers of each control plane of Cluster API's K3s provider a configuration applies:
 * `judge`'s findings on its server (kthreesNode), as a K3s node's judgement gives them, each pointed at the field of
 * the kthreesConfigSpec it is about (`at`: the arguments, or the files); not evaluable where the server is not known here.
 */
export function eachKThreesControlPlane(graph: ResourceGraph, judge: (server: RancherNode, placed: Placed) => Violation[]): Violation[] {
  return appliedManifests(graph).flatMap((applied: AppliedManifest): Violation[] => {
    const found = kthreesSpec(applied.manifest);
    if (found?.role !== "server") return [];
    const finding = findingsOn(applied, found.at);
    const read = kthreesNode(found.spec);
    if ("notKnown" in read) return [finding(read.at, read.notKnown, {})];
    return judge(read.node, (about, violation) =>
      finding(about === "files" ? kthreesFilesAt : kthreesArgsAt, violation.message, violation.outcome === "cannot-evaluate" ? {} : undefined),
    );
  });
}

/** The K3s node (a control plane's server, a worker's agent) an object of Cluster API's K3s provider makes, where it is one. */
export const kthreesNodeOf = (manifest: LooseObject) => {
  const found = kthreesSpec(manifest);
  return found && { at: found.at, read: kthreesNode(found.spec, found.role) };
};
