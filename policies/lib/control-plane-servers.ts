import type { ResourceGraph } from "../engine/graph";
import type { Violation } from "../engine/policy";
import { filesOnDisk, type WrittenFile } from "./cloud-init";
import { filesAfterCommands } from "./file-commands";
import { appliedManifests, findingsOn } from "./helm";
import { bootstrapFiles, filesAt } from "./kubeadm";
import { configFilesAt, mergedConfig } from "./rancher-config";
import type { Placed, RancherNode } from "./rancher-node";
import { fieldAt, isUnknown, type LooseObject, list } from "./values";

/** The K3s or RKE2 node a Cluster API object makes, or why it is not known here, with the field of its spec that says why. */
export type NodeRead = { readonly node: RancherNode } | { readonly notKnown: string; readonly at: readonly string[] };

/** What a Cluster API bootstrap provider writes on a machine besides the spec's files, and what the node is. */
export interface ProviderWrites {
  readonly name: RancherNode["name"];
  readonly role: RancherNode["role"];
  /** Where the provider writes the configuration the distribution reads first (config.yaml). */
  readonly configPath: string;
  /** The values of that configuration, made from the spec's fields. */
  readonly values: Readonly<Record<string, unknown>>;
  /** The files the provider writes before the spec's (an audit policy read from a Secret). */
  readonly filesBefore?: readonly WrittenFile[];
  /** The spec's field holding the commands its cloud-config runs once the files are written, before the install. */
  readonly commandsAt: string;
}

/**
 * The node a Cluster API bootstrap provider's machine runs, as its cloud-config sets it up: the provider's files and the
 * spec's written in order (write_files: a later one at the same path replaces the one before), its configuration
 * written last; then the spec's commands (`commandsAt`: preK3sCommands, preRKE2Commands) run over them
 * (filesAfterCommands); then the install, which reads the provider's configuration (`values`), then the drop-ins the
 * files leave in config.yaml.d, a key there replacing the value before it, `key+` adding to it (mergedConfig). Not
 * known: the files or the commands known only at apply, a command that changes the provider's configuration, a
 * drop-in not read (one read from a Secret).
 */
export function providerMadeNode(spec: unknown, writes: ProviderWrites): NodeRead {
  const { configPath, commandsAt } = writes;
  const entries = fieldAt(spec, ...filesAt);
  if (isUnknown(entries)) return { notKnown: "the files written on the machines are not known here", at: filesAt };
  const commands = fieldAt(spec, commandsAt);
  if (isUnknown(commands)) return { notKnown: `${commandsAt} are not known here`, at: [commandsAt] };
  const providers: WrittenFile = { path: configPath, content: "" };
  const written = filesOnDisk([...(writes.filesBefore ?? []), ...bootstrapFiles(entries), providers]);
  const onDisk = filesAfterCommands(written, list(commands).map(String), [`${configPath}.d`]).files;
  if (onDisk.get(configPath) !== providers)
    return {
      notKnown: `a command of ${commandsAt} changes ${configPath}, which the provider writes: what ${writes.name} reads is not known here`,
      at: [commandsAt],
    };
  const files = [...onDisk.values()].filter((file) => file !== providers);
  const merged = mergedConfig(configFilesAt(files, configPath), writes.values);
  if ("unreadable" in merged) return { notKnown: merged.unreadable, at: filesAt };
  return { node: { name: writes.name, role: writes.role, values: merged.values, files, expanded: new Set() } };
}

/**
 * The K3s or RKE2 node an object of a Cluster API provider makes (a control plane's server, a worker's agent): where
 * its spec is in the object, the node read from it, and the field of the spec that writes a key of its configuration
 * (the spec's files where only a drop-in does).
 */
export interface ClusterApiNode {
  readonly at: readonly string[];
  readonly role: RancherNode["role"];
  readonly read: NodeRead;
  readonly fieldOf: (key: string) => readonly string[];
  /** The spec's field holding the commands its machines run before the install (ProviderWrites.commandsAt). */
  readonly commandsAt: string;
}

/**
 * What a policy finds on the servers of each Cluster API control plane a configuration applies (`nodeOf` tells the
 * provider's objects and reads their node): `judge`'s findings on the server, as a K3s or RKE2 node's judgement gives
 * them, each pointed at the field of the spec it is about (its arguments: kube-apiserver-arg's; its network plugin:
 * cni's; a file: the spec's files); not evaluable where the server is not known here.
 */
export function eachControlPlaneServer(
  graph: ResourceGraph,
  nodeOf: (manifest: LooseObject) => ClusterApiNode | undefined,
  judge: (server: RancherNode, placed: Placed) => Violation[],
): Violation[] {
  return appliedManifests(graph).flatMap((applied): Violation[] => {
    const found = nodeOf(applied.manifest);
    if (found?.role !== "server") return [];
    const finding = findingsOn(applied, found.at);
    const { read, fieldOf } = found;
    if ("notKnown" in read) return [finding(read.at, read.notKnown, {})];
    const fieldFor = (about: Parameters<Placed>[0]) => (about === "files" ? filesAt : fieldOf(about === "args" ? "kube-apiserver-arg" : "cni"));
    return judge(read.node, (about, violation) => finding(fieldFor(about), violation.message, violation.outcome === "cannot-evaluate" ? {} : undefined));
  });
}
