import type { ResourceGraph } from "../engine/graph";
import type { Violation } from "../engine/policy";
import type { WrittenFile } from "./cloud-init";
import { type ClusterApiNode, eachControlPlaneServer, type NodeRead, providerMadeNode } from "./control-plane-servers";
import { filesAt } from "./kubeadm";
import { isKind } from "./helm";
import { rke2DefaultPolicyFile } from "./kubernetes-audit";
import type { Placed, RancherNode } from "./rancher-node";
import { fieldAt, isMap, isUnknown, type LooseObject } from "./values";

/**
 * Cluster API's RKE2 provider (rancher/cluster-api-provider-rke2, read at commit c8a3286a, 2026-08-19): an
 * RKE2ControlPlane, or its template, gives each control plane machine the bootstrap spec it holds inline (files,
 * preRKE2Commands, agentConfig) and its serverConfig, from which the provider writes RKE2's /etc/rancher/rke2/config.yaml
 * (pkg/rke2/config.go, newRKE2ServerConfig and newRKE2AgentConfig); an RKE2Config, or its template (a MachineDeployment's
 * bootstrap), makes a worker, an RKE2 agent given its agentConfig alone (GenerateWorkerConfig). API groups
 * controlplane.cluster.x-k8s.io and bootstrap.cluster.x-k8s.io, versions v1beta1 and v1beta2, which name these fields alike.
 */
const controlPlaneGroup = "controlplane.cluster.x-k8s.io";
const bootstrapGroup = "bootstrap.cluster.x-k8s.io";

/** Where the provider writes RKE2's configuration (pkg/rke2, DefaultRKE2ConfigLocation). */
const configPath = "/etc/rancher/rke2/config.yaml";

/** The RKE2 keys the provider writes from the spec's fields, among those the policies read, each where it is in the spec and on which nodes. */
const writtenKeys: readonly { readonly at: readonly string[]; readonly key: string; readonly servers?: true }[] = [
  { at: ["serverConfig", "kubeAPIServer", "extraArgs"], key: "kube-apiserver-arg", servers: true },
  { at: ["serverConfig", "kubeControllerManager", "extraArgs"], key: "kube-controller-manager-arg", servers: true },
  { at: ["serverConfig", "kubeScheduler", "extraArgs"], key: "kube-scheduler-arg", servers: true },
  { at: ["serverConfig", "etcd", "customConfig", "extraArgs"], key: "etcd-arg", servers: true },
  { at: ["serverConfig", "disableComponents", "pluginComponents"], key: "disable", servers: true },
  { at: ["agentConfig", "kubelet", "extraArgs"], key: "kubelet-arg" },
  { at: ["agentConfig", "cisProfile"], key: "profile" },
  { at: ["agentConfig", "podSecurityAdmissionConfigFile"], key: "pod-security-admission-config-file" },
  { at: ["agentConfig", "dataDir"], key: "data-dir" },
];

/**
 * The cloud-config the provider merges into the machine's (cloudinit, cleanupAdditionalCloudInit: its runcmd, write_files
 * and ntp dropped, its other modules kept, bootcmd among them, which may write RKE2's files before the install).
 */
const additionalCloudConfigAt = ["agentConfig", "additionalUserData", "config"];
const cniAt = ["serverConfig", "cni"];
const auditPolicySecretAt = ["serverConfig", "auditPolicySecret"];
const backupAt = ["serverConfig", "etcd", "backupConfig"];
const s3At = [...backupAt, "s3"];

/**
 * The keys the provider writes from fields of the spec other than their own (cni after multus, the etcd snapshots' S3
 * settings), and the field it writes the registries file from, where a finding on that file goes (private-registry).
 */
const derivedKeys: Readonly<Record<string, readonly string[]>> = {
  cni: cniAt,
  "etcd-s3": s3At,
  "etcd-s3-endpoint": [...s3At, "endpoint"],
  "etcd-s3-skip-ssl-verify": [...s3At, "enforceSslVerify"],
  "etcd-disable-snapshots": [...backupAt, "disableAutomaticSnapshots"],
  "private-registry": ["privateRegistriesConfig"],
};

/** Where the provider writes containerd's registries (pkg/rke2/registries.go, DefaultRKE2RegistriesLocation). */
const registriesPath = "/etc/rancher/rke2/registries.yaml";

/**
 * The registries file the provider writes from privateRegistriesConfig (GenerateRegistries): its mirrors as they are,
 * each registry's tls with insecure_skip_verify where insecureSkipVerify is set (its certificates and credentials are
 * read from Secrets, and left out here). Written before the spec's files, so one of theirs at its path replaces it.
 */
function providerRegistries(config: unknown): WrittenFile | undefined {
  if (config === undefined || config === null) return undefined;
  if (isUnknown(config)) return { path: registriesPath, content: undefined, unreadable: "privateRegistriesConfig is known only at apply" };
  const mirrors = fieldAt(config, "mirrors");
  const configs = fieldAt(config, "configs");
  const tlsOf = (registry: unknown) => {
    const skip = fieldAt(registry, "tls", "insecureSkipVerify");
    return skip === undefined ? {} : { tls: { insecure_skip_verify: skip } };
  };
  const document = {
    mirrors: mirrors ?? {},
    configs: isUnknown(configs)
      ? configs
      : Object.fromEntries(Object.entries(isMap(configs) ? configs : {}).map(([name, registry]) => [name, tlsOf(registry)])),
  };
  return { path: registriesPath, content: JSON.stringify(document) };
}

/** The field of an RKE2 spec holding the commands its machines run before RKE2's install. */
const rke2CommandsAt = "preRKE2Commands";

/** Where, under an RKE2 spec, the provider writes a key's values from: its field, else the spec's files (a drop-in). */
const rke2FieldOf = (key: string): readonly string[] => derivedKeys[key] ?? writtenKeys.find((written) => written.key === key)?.at ?? filesAt;

/**
 * The etcd snapshot settings the provider writes from serverConfig.etcd.backupConfig (newRKE2ServerConfig): with s3,
 * etcd-s3, its endpoint, and etcd-s3-skip-ssl-verify unless enforceSslVerify (the certificate goes unchecked by
 * default); disableAutomaticSnapshots as etcd-disable-snapshots; with externalDatastoreSecret, a datastore-endpoint.
 */
function etcdBackupValues(spec: unknown): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  // An external datastore's endpoint is read from its Secret (externalDatastoreSecret): RKE2 then keeps no etcd.
  const externalDatastore = fieldAt(spec, "serverConfig", "externalDatastoreSecret");
  if (externalDatastore !== undefined && externalDatastore !== null) values["datastore-endpoint"] = externalDatastore;
  const disabled = fieldAt(spec, ...backupAt, "disableAutomaticSnapshots");
  if (disabled !== undefined) values["etcd-disable-snapshots"] = disabled;
  const s3 = fieldAt(spec, ...s3At);
  if (s3 === undefined || s3 === null) return values;
  if (isUnknown(s3)) return { ...values, "etcd-s3": s3 };
  const enforced = fieldAt(s3, "enforceSslVerify");
  return {
    ...values,
    "etcd-s3": true,
    "etcd-s3-endpoint": fieldAt(s3, "endpoint"),
    "etcd-s3-skip-ssl-verify": isUnknown(enforced) ? enforced : String(enforced) !== "true",
  };
}

/**
 * The RKE2 node a machine runs (RancherNode), a control plane's server or a worker's agent (`role`): the configuration
 * the provider writes from the spec (`writtenKeys`, an agent's alone for a worker; a server's cni, after multus where
 * cniMultusEnable is set, and its etcd snapshots' settings, etcdBackupValues; with auditPolicySecret,
 * audit-policy-file at /etc/rancher/rke2/audit-policy.yaml, which it writes from the Secret), and the registries file
 * (providerRegistries), those files written before the spec's, so one of theirs at the same path replaces them; the
 * configuration written after the spec's files (cloudinit, NewInitControlPlane and NewJoinWorker: it is the last file,
 * so one the spec writes at its path is replaced), read with the drop-ins of config.yaml.d once preRKE2Commands have
 * run (providerMadeNode). A value known only at apply is kept as such, for the judgements to say so. Not known: an
 * additional cloud-config that names RKE2's folders (or is known only at apply). Not read: the manifests of
 * manifestsConfigMapReference, a ConfigMap's, written in the server's manifests folder.
 */
export function rke2ClusterApiNode(spec: unknown, role: "server" | "agent" = "server"): NodeRead {
  if (isUnknown(spec)) return { notKnown: "the RKE2 configuration is not known here", at: [] };
  const additional = fieldAt(spec, ...additionalCloudConfigAt);
  if (isUnknown(additional) || (typeof additional === "string" && /\/etc\/rancher\/rke2|\/var\/lib\/rancher\/rke2/.test(additional)))
    return {
      notKnown: "agentConfig.additionalUserData.config adds cloud-config modules that write RKE2's files, which are not read here",
      at: additionalCloudConfigAt,
    };
  const values: Record<string, unknown> = {};
  for (const { at, key } of writtenKeys.filter((written) => role === "server" || !written.servers)) {
    const written = fieldAt(spec, ...at);
    if (written !== undefined && written !== "") values[key] = written;
  }
  const registries = providerRegistries(fieldAt(spec, "privateRegistriesConfig"));
  const filesBefore: WrittenFile[] = registries ? [registries] : [];
  if (role === "server") {
    const cni = fieldAt(spec, ...cniAt);
    if (cni !== undefined && cni !== "") values.cni = String(fieldAt(spec, "serverConfig", "cniMultusEnable")) === "true" ? ["multus", cni] : [cni];
    Object.assign(values, etcdBackupValues(spec));
    const auditPolicySecret = fieldAt(spec, ...auditPolicySecretAt);
    if (isUnknown(auditPolicySecret)) values["audit-policy-file"] = auditPolicySecret;
    else if (auditPolicySecret !== undefined && auditPolicySecret !== null) {
      values["audit-policy-file"] = rke2DefaultPolicyFile;
      filesBefore.push({ path: rke2DefaultPolicyFile, content: undefined, unreadable: "it is read from the Secret serverConfig.auditPolicySecret names" });
    }
  }
  return providerMadeNode(spec, { name: "RKE2", role, configPath, values, filesBefore, commandsAt: rke2CommandsAt });
}

/** Where an object of the RKE2 provider holds the spec of the machines it makes, and what they run; undefined for another object. */
function rke2SpecAt(manifest: LooseObject): { readonly at: readonly string[]; readonly role: "server" | "agent" } | undefined {
  if (isKind(manifest, "RKE2ControlPlane", controlPlaneGroup)) return { at: ["spec"], role: "server" };
  if (isKind(manifest, "RKE2ControlPlaneTemplate", controlPlaneGroup)) return { at: ["spec", "template", "spec"], role: "server" };
  if (isKind(manifest, "RKE2Config", bootstrapGroup)) return { at: ["spec"], role: "agent" };
  if (isKind(manifest, "RKE2ConfigTemplate", bootstrapGroup)) return { at: ["spec", "template", "spec"], role: "agent" };
  return undefined;
}

/** The RKE2 node (a control plane's server, a worker's agent) an object of Cluster API's RKE2 provider makes, where it is one. */
export function rke2ClusterApiNodeOf(manifest: LooseObject): ClusterApiNode | undefined {
  const found = rke2SpecAt(manifest);
  return found && { ...found, read: rke2ClusterApiNode(fieldAt(manifest, ...found.at), found.role), fieldOf: rke2FieldOf, commandsAt: rke2CommandsAt };
}

/**
 * What a policy finds on the RKE2 servers of each RKE2ControlPlane and RKE2ControlPlaneTemplate a configuration applies
 * (eachControlPlaneServer): `judge`'s findings on its server, each pointed at the field of the spec it is about.
 */
export const eachRke2ControlPlane = (graph: ResourceGraph, judge: (server: RancherNode, placed: Placed) => Violation[]): Violation[] =>
  eachControlPlaneServer(graph, rke2ClusterApiNodeOf, judge);
