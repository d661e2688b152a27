import type { ResourceGraph } from "../engine/graph";
import type { Violation } from "../engine/policy";
import { type ClusterApiNode, eachControlPlaneServer, type NodeRead, providerMadeNode } from "./control-plane-servers";
import { isKind } from "./helm";
import { bootstrapFiles, filesAt } from "./kubeadm";
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

/** Where the spec names the registries file, which the provider writes as private-registry (K3sAgentConfig, PrivateRegistry). */
const privateRegistryAt = ["agentConfig", "privateRegistry"];

/** The field of a kthreesConfigSpec holding the commands its machines run before K3s's install. */
const kthreesCommandsAt = "preK3sCommands";

/** Where, under a kthreesConfigSpec, the spec writes a K3s key's values: its field, else its files (a drop-in). */
const kthreesFieldOf = (key: string): readonly string[] =>
  key === "private-registry" ? privateRegistryAt : (listKeys.find(([, written]) => written === key)?.[0] ?? filesAt);

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
 * configuration the provider writes, the spec's lists under K3s's keys (an agent's alone for a worker) and its
 * agentConfig.privateRegistry as private-registry, a server's own kube-apiserver-arg after them, then the drop-ins the spec's files write in /etc/rancher/k3s/config.yaml.d, once
 * preK3sCommands have run over them (providerMadeNode: the provider's cloud-config writes the files, then runs
 * preK3sCommands, then installs K3s: pkg/cloudinit, controlPlaneCloudInit). Not known: a spec or a list known only at
 * apply, a config.yaml of the spec's own, which the provider's replaces or not, and what providerMadeNode does not know.
 */
export function kthreesNode(spec: unknown, role: "server" | "agent" = "server"): NodeRead {
  if (isUnknown(spec)) return { notKnown: "the K3s configuration is not known here", at: [] };
  const values: Record<string, unknown> = role === "server" ? { "cluster-init": "true" } : {};
  for (const [at, key] of listKeys.filter(([[config]]) => role === "server" || config === "agentConfig")) {
    const written = fieldAt(spec, ...at);
    if (isUnknown(written)) return { notKnown: `${at.join(".")} is not known here`, at };
    if (written !== undefined) values[key] = list(written);
  }
  const privateRegistry = fieldAt(spec, ...privateRegistryAt);
  if (privateRegistry !== undefined && privateRegistry !== "") values["private-registry"] = privateRegistry;
  if (role === "server") values["kube-apiserver-arg"] = [...list(values["kube-apiserver-arg"]), ...providerApiServerArgs];
  if (bootstrapFiles(fieldAt(spec, ...filesAt)).some((file) => file.path === configPath))
    return { notKnown: `files write ${configPath}, which the provider writes too: which one K3s reads is not known here`, at: filesAt };
  return providerMadeNode(spec, { name: "K3s", role, configPath, values, commandsAt: kthreesCommandsAt });
}

/**
 * What a policy finds on the K3s servers of each control plane of Cluster API's K3s provider a configuration applies
 * (eachControlPlaneServer): `judge`'s findings on its server (kthreesNode), each pointed at the field of the
 * kthreesConfigSpec it is about.
 */
export const eachKThreesControlPlane = (graph: ResourceGraph, judge: (server: RancherNode, placed: Placed) => Violation[]): Violation[] =>
  eachControlPlaneServer(graph, kthreesNodeOf, judge);

/** The K3s node (a control plane's server, a worker's agent) an object of Cluster API's K3s provider makes, where it is one. */
export function kthreesNodeOf(manifest: LooseObject): ClusterApiNode | undefined {
  const found = kthreesSpec(manifest);
  return found && { at: found.at, role: found.role, read: kthreesNode(found.spec, found.role), fieldOf: kthreesFieldOf, commandsAt: kthreesCommandsAt };
}
