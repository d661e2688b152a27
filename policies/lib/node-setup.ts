import type { ResourceGraph } from "../engine/graph";
import type { TfResource } from "../engine/model";
import type { Violation } from "../engine/policy";
import { scriptCommands, type UserDataRead, userDataRead, type WrittenFile, withScriptsRun } from "./cloud-init";
import { floatingIpTypes, reached } from "./floating-ips";
import { instancesOnPort, instanceType, portType } from "./openstack";
import { block, copiedTexts, memoized, provisionersOf } from "./values";

/**
 * How a node gets its software and its settings, as the policies that read what runs on it (K3s, RKE2, kubeadm) take
 * it: an instance's user data, which cloud-init runs at boot, or the provisioners Terraform runs over SSH once the node
 * is up (a file provisioner writes a file, a remote-exec runs commands), on the instance itself or on a null_resource or
 * terraform_data whose connection reaches it. Each is read apart: what it runs, the files on the node, where a finding
 * goes, and how a message names it.
 */
export interface NodeSetup extends UserDataRead {
  /** Where a finding on what it sets up goes: the instance's user_data, or the resource's first remote-exec provisioner. */
  readonly path: string;
  /** How a message names it. */
  readonly said: "the user data" | "Terraform's provisioning";
  /** Whether its text is written at its path as the node gets it (not in base64, not in several parts): a line of it is a line there. */
  readonly textAsWritten: boolean;
  /**
   * The setup as the provisioners alone give it, without the files the instance's user data wrote before them, where
   * they come after some: what they set up themselves (a remote-exec that waits for a node the user data set up sets
   * up nothing).
   */
  readonly own?: NodeSetup;
}

/** The resources whose setups the policies read: instances (their user data, their provisioners), and the resources that only run provisioners. */
export const nodeSetupTypes = [instanceType, "null_resource", "terraform_data"];

/** An instance's user data as a node's setup (userDataRead). */
export const userDataSetup = memoized((instance: TfResource): NodeSetup => {
  const read = userDataRead(instance);
  return { ...read, path: "user_data", said: "the user data", textAsWritten: read.text !== undefined && instance.values.user_data === read.text };
});

/** A script as Terraform's remote-exec runs it: uploaded and run, with `#!/bin/sh` where it names no interpreter of its own (each runs in a shell of its own). */
const asRun = (script: string): string => (script.startsWith("#!") ? script : `#!/bin/sh\n${script}`);

/**
 * The scripts a remote-exec provisioner runs, and where they are written: its inline commands, a line each, as one
 * script (Terraform's internal/builtin/provisioners/remote-exec, generateScripts: joined by "\n" into one script it
 * uploads and runs), or its script or scripts, files of the machine that runs Terraform it uploads and runs in turn,
 * where they are here (copiedTexts; one not here is not read).
 */
function remoteScripts(body: Readonly<Record<string, unknown>>): { readonly scripts: string[]; readonly at: string } {
  if (Array.isArray(body.inline)) return { scripts: body.inline.length > 0 ? [asRun(`${body.inline.map(String).join("\n")}\n`)] : [], at: "inline" };
  const scripts = copiedTexts(body).flatMap((text) => (text === undefined ? [] : [asRun(text)]));
  return { scripts, at: body.script === undefined ? "scripts" : "script" };
}

/**
 * The file a file provisioner writes: its content at its destination (internal/builtin/provisioners/file, getSrc:
 * content, else source), a destination relative to the home of the user it connects as kept as written; a file copied
 * from the machine that runs Terraform (source) is read where it is here (copiedTexts), and not otherwise.
 */
function provisionedFile(body: Readonly<Record<string, unknown>>): WrittenFile | undefined {
  if (typeof body.destination !== "string") return undefined;
  if (typeof body.content === "string") return { path: body.destination, content: body.content };
  const [copied] = copiedTexts(body);
  if (copied !== undefined) return { path: body.destination, content: copied };
  return {
    path: body.destination,
    content: undefined,
    unreadable: `it is copied from ${String(body.source)} on the machine that runs Terraform, which is not here`,
  };
}

/**
 * A resource's provisioners as a node's setup, where one of them runs commands on it (remote-exec) that are read: its
 * scripts in the order Terraform runs them (provisionersOf), and the files on the node when the last one runs: those its file
 * provisioners write before it, after those of the instance's user data, which cloud-init wrote at boot. Destroy-time
 * provisioners (when = destroy) set nothing up. A file written between two scripts is taken as there for both.
 */
export const provisionedSetup = memoized((resource: TfResource): NodeSetup | undefined =>
  provisionedOn(resource, resource.type === instanceType ? resource : undefined),
);

/** A resource's provisioners as a node's setup (provisionedSetup), on `node`, the instance whose user data wrote its files first. */
function provisionedOn(resource: TfResource, node: TfResource | undefined): NodeSetup | undefined {
  const provisioners = provisionersOf(resource.values).filter(({ body }) => !String(body.when ?? "").includes("destroy"));
  const files: WrittenFile[] = node ? [...(userDataRead(node).files ?? [])] : [];
  const inherited = files.length;
  const scripts: string[] = [];
  let path: string | undefined;
  let writtenBeforeLast = files.length;
  for (const { type, path: provisioner, body } of provisioners) {
    const file = type === "file" ? provisionedFile(body) : undefined;
    if (file) files.push(file);
    const run = type === "remote-exec" ? remoteScripts(body) : undefined;
    if (run === undefined || run.scripts.length === 0) continue;
    scripts.push(...run.scripts);
    path ??= `${provisioner}.${run.at}`;
    writtenBeforeLast = files.length;
  }
  if (path === undefined) return undefined;
  const written = files.slice(0, writtenBeforeLast);
  const commands = scripts.flatMap(scriptCommands);
  const own = inherited > 0 ? provisionedOn(resource, undefined) : undefined;
  return {
    text: scripts.join(""),
    commands: withScriptsRun(commands, written),
    commandsAfterFiles: commands,
    files: written,
    path,
    said: "Terraform's provisioning",
    textAsWritten: false,
    ...(own ? { own } : {}),
  };
}

/** The one instance of `instances`, where there is one alone. */
const soleInstance = (instances: readonly TfResource[]): TfResource | undefined => (instances.length === 1 ? instances[0] : undefined);

/**
 * The instance a resource's provisioners reach, where its connection's host (the resource's own, else its first
 * provisioner's) names one of its attributes (`host = openstack_compute_instance_v2.server.access_ip_v4`), the address
 * of a port it alone sits on (`host = openstack_networking_port_v2.server.all_fixed_ips[0]`: instancesOnPort), or of a
 * floating IP bound to it alone (`host = openstack_networking_floatingip_v2.fip.address`, bound by its port_id, a port
 * or instance association: reached): Terraform creates the instance first, and cloud-init has written the files of
 * its user data once SSH lets the provisioners in.
 */
function connectedInstance(resource: TfResource, graph: ResourceGraph): TfResource | undefined {
  const connection =
    block(resource.values.connection) ??
    provisionersOf(resource.values)
      .map(({ body }) => block(body.connection))
      .find(Boolean);
  const target = graph.targetOf(connection?.host, resource);
  if (target === undefined || target.type === instanceType) return target;
  if (target.type === portType) return soleInstance(instancesOnPort(target, graph));
  if (!floatingIpTypes.includes(target.type)) return undefined;
  const { boundTo, targets } = reached(target, graph);
  return boundTo === "instance" ? soleInstance(targets) : undefined;
}

/**
 * The setups of a node a resource gives: an instance's user data, then its provisioners; a null_resource's or
 * terraform_data's provisioners. With the configuration's graph, the provisioners of a resource whose connection reaches
 * an instance (connectedInstance) find the files that instance's user data wrote on it.
 */
export function nodeSetups(resource: TfResource, graph?: ResourceGraph): readonly NodeSetup[] {
  if (resource.type === instanceType || graph === undefined || resource.values.provisioner === undefined) return ownSetups(resource);
  return graph.cached(`node setups of ${resource.address}`, () => {
    const node = connectedInstance(resource, graph);
    const provisioned = node ? provisionedOn(resource, node) : provisionedSetup(resource);
    return provisioned ? [provisioned] : [];
  });
}

/**
 * The setups of the resources whose provisioners reach an instance through their connection (connectedInstance): the
 * null_resources and terraform_data that set up the node it is, an index built once.
 */
export function connectedSetups(instance: TfResource, graph: ResourceGraph): readonly NodeSetup[] {
  if (instance.type !== instanceType) return [];
  const connected = graph.cached("node-setup: resources connected to instances", () => {
    const byInstance = new Map<string, TfResource[]>();
    for (const resource of graph.ofType(nodeSetupTypes.filter((type) => type !== instanceType))) {
      if (resource.values.provisioner === undefined) continue;
      const node = connectedInstance(resource, graph);
      if (node) byInstance.set(node.address, [...(byInstance.get(node.address) ?? []), resource]);
    }
    return byInstance;
  });
  return (connected.get(instance.address) ?? []).flatMap((resource) => nodeSetups(resource, graph));
}

/** The setups a resource gives on its own (nodeSetups without the graph). */
const ownSetups = memoized((resource: TfResource): readonly NodeSetup[] => {
  const provisioned = provisionedSetup(resource);
  return [...(resource.type === instanceType ? [userDataSetup(resource)] : []), ...(provisioned ? [provisioned] : [])];
});

/**
 * Findings on what a setup runs, at its path: the judgements of a node speak of the place of its setup as user_data
 * (their findings on an instance's user data stand as they are), which a provisioner's replaces.
 */
export const onSetup = (setup: NodeSetup, violations: readonly Violation[]): Violation[] =>
  violations.map((violation) => (violation.path === "user_data" && setup.path !== "user_data" ? { ...violation, path: setup.path } : violation));

/** What the policies that read a node's setup say of it, after their description. */
export const nodeSetupsDescribed =
  "Where this says user data, the provisioners Terraform runs on a node once it is up are read alike (on the instance, a null_resource or a terraform_data: a file provisioner's content and a remote-exec's inline commands, in the order they are written, the files written before the last script taken as there when it runs, after those the user data of the instance it reaches wrote, provisioners that neither start K3s or RKE2 nor write their configuration leaving the node to that user data, and a configuration the user data writes for provisioners that start K3s or RKE2 judged with them; a file a provisioner copies from the machine that runs Terraform, or a script a remote-exec uploads, read where it is in the checked folder, relative to it, and named among the sources not judged otherwise).";
