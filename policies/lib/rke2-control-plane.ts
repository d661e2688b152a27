import type { ResourceGraph } from "../engine/graph";
import type { Violation } from "../engine/policy";
import type { WrittenFile } from "./cloud-init";
import { eachControlPlaneServer, type NodeRead, providerMadeNode, specFilesAt } from "./control-plane-servers";
import { isKind } from "./helm";
import { rke2DefaultPolicyFile } from "./kubernetes-audit";
import type { Placed, RancherNode } from "./rancher-node";
import { fieldAt, isUnknown, type LooseObject } from "./values";

/**
 * Cluster API's RKE2 provider (rancher/cluster-api-provider-rke2, read at commit c8a3286a, 2026-08-19): an
 * RKE2ControlPlane, or its template, gives each control plane machine the bootstrap spec it holds inline (files,
 * preRKE2Commands, agentConfig) and its serverConfig, from which the provider writes RKE2's /etc/rancher/rke2/config.yaml
 * (pkg/rke2/config.go, newRKE2ServerConfig and newRKE2AgentConfig). API group controlplane.cluster.x-k8s.io, versions
 * v1beta1 and v1beta2, which name these fields alike.
 */
const controlPlaneGroup = "controlplane.cluster.x-k8s.io";

/** Where the provider writes RKE2's configuration (pkg/rke2, DefaultRKE2ConfigLocation). */
const configPath = "/etc/rancher/rke2/config.yaml";

/** The RKE2 keys the provider writes from the spec's fields, among those the policies read, each where it is in the spec. */
const writtenKeys: readonly (readonly [readonly string[], string])[] = [
  [["serverConfig", "kubeAPIServer", "extraArgs"], "kube-apiserver-arg"],
  [["serverConfig", "disableComponents", "pluginComponents"], "disable"],
  [["agentConfig", "cisProfile"], "profile"],
  [["agentConfig", "podSecurityAdmissionConfigFile"], "pod-security-admission-config-file"],
  [["agentConfig", "dataDir"], "data-dir"],
];

const argsAt = ["serverConfig", "kubeAPIServer", "extraArgs"];
const cniAt = ["serverConfig", "cni"];
const auditPolicySecretAt = ["serverConfig", "auditPolicySecret"];

/**
 * The RKE2 server a control plane machine runs (RancherNode): the configuration the provider writes from the spec
 * (`writtenKeys`; cni, after multus where cniMultusEnable is set; with auditPolicySecret, audit-policy-file at
 * /etc/rancher/rke2/audit-policy.yaml, which it writes from the Secret before the spec's files, so one of theirs at that
 * path replaces it), written after the spec's files (cloudinit, NewInitControlPlane: the configuration is the last
 * file, so one the spec writes at its path is replaced), read with the drop-ins of config.yaml.d once preRKE2Commands
 * have run (providerMadeNode). A value known only at apply is kept as such, for the judgements to say so. Not read: the
 * manifests of manifestsConfigMapReference, a ConfigMap's, written in the server's manifests folder.
 */
export function rke2ControlPlaneNode(spec: unknown): NodeRead {
  if (isUnknown(spec)) return { notKnown: "the RKE2 configuration is not known here", at: [] };
  const values: Record<string, unknown> = {};
  for (const [at, key] of writtenKeys) {
    const written = fieldAt(spec, ...at);
    if (written !== undefined && written !== "") values[key] = written;
  }
  const cni = fieldAt(spec, ...cniAt);
  if (cni !== undefined && cni !== "") values.cni = String(fieldAt(spec, "serverConfig", "cniMultusEnable")) === "true" ? ["multus", cni] : [cni];
  const auditPolicySecret = fieldAt(spec, ...auditPolicySecretAt);
  const filesBefore: WrittenFile[] = [];
  if (isUnknown(auditPolicySecret)) values["audit-policy-file"] = auditPolicySecret;
  else if (auditPolicySecret !== undefined && auditPolicySecret !== null) {
    values["audit-policy-file"] = rke2DefaultPolicyFile;
    filesBefore.push({ path: rke2DefaultPolicyFile, content: undefined, unreadable: "it is read from the Secret serverConfig.auditPolicySecret names" });
  }
  return providerMadeNode(spec, { name: "RKE2", role: "server", configPath, values, filesBefore, commandsAt: "preRKE2Commands" });
}

/** Where an RKE2ControlPlane's spec is: the object's own, or its template's. */
function rke2ControlPlaneSpecAt(manifest: LooseObject): readonly string[] | undefined {
  if (isKind(manifest, "RKE2ControlPlane", controlPlaneGroup)) return ["spec"];
  if (isKind(manifest, "RKE2ControlPlaneTemplate", controlPlaneGroup)) return ["spec", "template", "spec"];
  return undefined;
}

/** Where, under an RKE2ControlPlane's spec, a finding on its server goes, by what it is about. */
const fieldFor = (about: Parameters<Placed>[0]): readonly string[] => (about === "args" ? argsAt : about === "network" ? cniAt : specFilesAt);

/**
 * What a policy finds on the RKE2 servers of each RKE2ControlPlane and RKE2ControlPlaneTemplate a configuration applies
 * (eachControlPlaneServer): `judge`'s findings on its server (rke2ControlPlaneNode), each pointed at the field of the
 * spec it is about.
 */
export const eachRke2ControlPlane = (graph: ResourceGraph, judge: (server: RancherNode, placed: Placed) => Violation[]): Violation[] =>
  eachControlPlaneServer(
    graph,
    (manifest) => {
      const at = rke2ControlPlaneSpecAt(manifest);
      return at && { at, read: rke2ControlPlaneNode(fieldAt(manifest, ...at)), fieldOf: fieldFor };
    },
    judge,
  );
