import type { Violation } from "../engine/policy";
import { filesOnDisk, type WrittenFile, writtenFileFault, writtenFiles, writtenYaml, writtenYamlDocuments } from "./cloud-init";
import { filesAfterCommands } from "./file-commands";
import { filesBelow, walkOrder } from "./folders";
import { type AppliedManifest, findingsOn, isKind, type ObjectFinding } from "./helm";
import { fieldAt, hasUnknownItem, isMap, isUnknown, type LooseObject, list, literalBool, literalString, memoized } from "./values";

/**
 * Cluster API's kubeadm control plane, read in kubernetes-sigs/cluster-api at commit ae7ff047db (2026-08-21):
 * api/controlplane/kubeadm and api/bootstrap/kubeadm, v1beta1 (and the v1alpha APIs before it, which name the fields
 * alike) and v1beta2 (Cluster API 1.11 on), which writes a component's extraArgs as a list of {name, value}.
 */
const controlPlaneGroup = "controlplane.cluster.x-k8s.io";

/**
 * A kubeadm configuration, and where it is written: the one a KubeadmControlPlane or a KubeadmConfig (or their
 * templates) gives its machines, or the one a node's setup runs kubeadm with (`onInstance`), whose
 * clusterConfiguration, initConfiguration and joinConfiguration are its configuration file's documents.
 */
export interface KubeadmSpec {
  readonly spec: unknown;
  readonly at: readonly string[];
  /** Whether extraArgs are a list of {name, value} (v1beta2 of Cluster API, v1beta4 of kubeadm) rather than a map. */
  readonly argsListed: boolean;
  readonly onInstance?: KubeadmOnInstance;
}

/**
 * kubeadm run by a node's setup (an instance's user data, provisioners), in place of Cluster API's bootstrap: what it
 * runs, and what the machine holds and runs around it.
 */
export interface KubeadmOnInstance {
  /** How a message names what runs it: the user data, the provisioners. */
  readonly said: string;
  /** The configuration it runs: kubeadm init's, or kubeadm join's. */
  readonly runs: KubeadmConfiguration;
  /** Whether it writes the API server's static pod from this configuration (kubeadm init: a control plane that joins takes the cluster's). */
  readonly startsApiServer: boolean;
  /** The files on the machine when kubeadm runs, and the commands that run after it. */
  readonly files: ReadonlyMap<string, WrittenFile>;
  readonly after: readonly string[];
  /** The KubeletConfiguration document of the configuration file kubeadm init reads, and how a message names it. */
  readonly kubelet?: { readonly document: unknown; readonly named: string };
}

export function kubeadmControlPlaneSpec(manifest: LooseObject): KubeadmSpec | undefined {
  const argsListed = String(manifest.apiVersion) === `${controlPlaneGroup}/v1beta2`;
  if (isKind(manifest, "KubeadmControlPlane", controlPlaneGroup))
    return { spec: fieldAt(manifest, "spec", "kubeadmConfigSpec"), at: ["spec", "kubeadmConfigSpec"], argsListed };
  if (isKind(manifest, "KubeadmControlPlaneTemplate", controlPlaneGroup))
    return { spec: fieldAt(manifest, "spec", "template", "spec", "kubeadmConfigSpec"), at: ["spec", "template", "spec", "kubeadmConfigSpec"], argsListed };
  return undefined;
}

/** The API group of Cluster API's kubeadm bootstrap configurations, which its workers are made from. */
const bootstrapGroup = "bootstrap.cluster.x-k8s.io";

/** The kubeadm configuration a KubeadmConfig, or its template, gives a machine (a worker's), and where it is written. */
export function kubeadmConfigSpec(manifest: LooseObject): KubeadmSpec | undefined {
  const argsListed = String(manifest.apiVersion) === `${bootstrapGroup}/v1beta2`;
  if (isKind(manifest, "KubeadmConfig", bootstrapGroup)) return { spec: fieldAt(manifest, "spec"), at: ["spec"], argsListed };
  if (isKind(manifest, "KubeadmConfigTemplate", bootstrapGroup))
    return { spec: fieldAt(manifest, "spec", "template", "spec"), at: ["spec", "template", "spec"], argsListed };
  return undefined;
}

/**
 * A component's extraArgs written at `at` in a kubeadm configuration, by flag, each with its value as written (a
 * placeholder or a value known only at apply kept as it is; the last of a flag written twice); undefined where the
 * arguments are known only at apply as a whole. kubeadm passes them after its own flags, which they override
 * (cmd/kubeadm/app/util/arguments.go, ArgumentsToCommand).
 */
export function extraArgs({ spec, argsListed }: KubeadmSpec, at: readonly string[]): Map<string, unknown> | undefined {
  const args = fieldAt(spec, ...at);
  if (isUnknown(args)) return undefined;
  if (!argsListed) return new Map(isMap(args) ? Object.entries(args) : []);
  const entries = Array.isArray(args) ? args : [];
  if (entries.some(isUnknown)) return undefined;
  return new Map(entries.flatMap((entry) => (isMap(entry) && typeof entry.name === "string" ? [[entry.name, entry.value ?? ""] as const] : [])));
}

/** The API server's extraArgs (extraArgs). */
export const apiServerExtraArgs = (kubeadm: KubeadmSpec): Map<string, unknown> | undefined => extraArgs(kubeadm, argsAt);

/** A host folder mounted into the API server's container: where, from where, and whether it may write there. */
export interface ApiServerMount {
  readonly mountPath: string;
  readonly hostPath: string;
  readonly readOnly: boolean;
}

/**
 * The CA folders kubeadm mounts read-only into the API server's container where the host has them
 * (cmd/kubeadm/app/phases/controlplane/volumes.go: caCertsVolumePath, caCertsExtraVolumePaths).
 */
const caFolders = [
  "/etc/ssl/certs",
  "/etc/pki/ca-trust",
  "/etc/pki/tls/certs",
  "/etc/ca-certificates",
  "/usr/share/ca-certificates",
  "/usr/local/share/ca-certificates",
];

/**
 * The host folders the API server's static pod mounts (volumes.go, getHostPathVolumesForTheControlPlane): the
 * certificates folder (certificatesDir, /etc/kubernetes/pki unless set) and the CA folders, read-only, then the
 * apiServer's extraVolumes, read-only where they say so. undefined where the extraVolumes are known only at apply.
 */
export function apiServerMounts({ spec }: KubeadmSpec): ApiServerMount[] | undefined {
  const volumes = fieldAt(spec, "clusterConfiguration", "apiServer", "extraVolumes");
  if (isUnknown(volumes) || (Array.isArray(volumes) && volumes.some((volume) => isUnknown(volume) || (isMap(volume) && isUnknown(volume.mountPath)))))
    return undefined;
  const certificates = literalString(fieldAt(spec, "clusterConfiguration", "certificatesDir")) || "/etc/kubernetes/pki";
  return [
    ...[certificates, ...caFolders].map((folder) => ({ mountPath: folder, hostPath: folder, readOnly: true })),
    ...(Array.isArray(volumes) ? volumes : []).flatMap((volume): ApiServerMount[] =>
      isMap(volume) && typeof volume.mountPath === "string" && typeof volume.hostPath === "string"
        ? [{ mountPath: volume.mountPath, hostPath: volume.hostPath, readOnly: literalBool(volume.readOnly) === true }]
        : [],
    ),
  ];
}

/** The mount a path of the API server's container is in (the deepest whose folder holds it), or undefined where it is in the container's own filesystem. */
export function mountHolding(mounts: readonly ApiServerMount[], path: string): ApiServerMount | undefined {
  const trimmed = (folder: string) => folder.replace(/\/+$/, "");
  return mounts
    .filter(({ mountPath }) => path === trimmed(mountPath) || path.startsWith(`${trimmed(mountPath)}/`))
    .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
}

/** The host path a path of the API server's container reads, through the mount that holds it. */
export const hostPathOf = (mount: ApiServerMount, path: string): string =>
  `${mount.hostPath.replace(/\/+$/, "")}${path.slice(mount.mountPath.replace(/\/+$/, "").length)}`;

/** Where the files a Cluster API bootstrap configuration writes on its machines are (kubeadm's, K3s's and RKE2's alike). */
export const filesAt = ["files"];

/**
 * The files a Cluster API bootstrap configuration's `files` write on its machines (kubeadm's and K3s's take the same
 * entries: path, content, encoding, contentFrom), as cloud-init writes them (writtenFiles); one read from a Secret
 * (contentFrom) when the machine is made is not known here.
 */
export function bootstrapFiles(entries: unknown): WrittenFile[] {
  const listed = Array.isArray(entries) ? entries : [];
  const fromSecret = (entry: unknown) => isMap(entry) && isMap(entry.contentFrom);
  return [
    ...writtenFiles(listed.filter((entry) => !fromSecret(entry))),
    ...listed.filter(fromSecret).map((entry) => ({ path: String(entry.path), content: undefined, unreadable: "it is read from a Secret (contentFrom)" })),
  ];
}

/**
 * The files on a machine when kubeadm runs: cloud-init writes the configuration's files, then runs preKubeadmCommands,
 * then kubeadm (Cluster API's bootstrap cloud-init template: write_files, then runcmd), so what those commands write (a
 * here-document, echo) or move is there; undefined where the files are known only at apply. A command that runs known
 * only at apply leaves the files as written.
 */
export const filesWhenKubeadmRuns = ({ spec, onInstance }: KubeadmSpec): ReadonlyMap<string, WrittenFile> | undefined =>
  onInstance ? onInstance.files : isMap(spec) ? machineFilesOf(spec) : filesAfterPreCommands(spec);

/** The files a kubeadm configuration's machines hold when kubeadm runs, read once for each configuration every policy shares (the maps are read only). */
const machineFilesOf = memoized((spec: object) => filesAfterPreCommands(spec));

function filesAfterPreCommands(spec: unknown): ReadonlyMap<string, WrittenFile> | undefined {
  const written = fieldAt(spec, ...filesAt);
  if (isUnknown(written)) return undefined;
  const onDisk = filesOnDisk(bootstrapFiles(written));
  const commands = fieldAt(spec, "preKubeadmCommands");
  return isUnknown(commands) ? onDisk : filesAfterCommands(onDisk, list(commands).map(String), []).files;
}

/** The configurations of a kubeadm configuration, for the machine that runs kubeadm init and for those that join. */
const kubeadmConfigurations = ["initConfiguration", "joinConfiguration"] as const;
export type KubeadmConfiguration = (typeof kubeadmConfigurations)[number];

/**
 * The configurations a kubeadm configuration's machines run: a node's setup's, the one it runs; a Cluster API
 * control plane's, both (its first machine runs init, the others join); a worker's, join alone (Cluster API's
 * bootstrap provider), its initConfiguration not read.
 */
export const configurationsRun = ({ onInstance }: KubeadmSpec, controlPlane: boolean): readonly KubeadmConfiguration[] =>
  onInstance ? [onInstance.runs] : controlPlane ? kubeadmConfigurations : ["joinConfiguration"];

/** What writes the files on a kubeadm configuration's machines, as a message names it. */
const writerSaid = ({ onInstance }: KubeadmSpec): string => (onInstance ? `${onInstance.said} writes` : "files write");

/** A patch kubeadm applies: the file, and its type (strategic unless its name says merge or json). */
export interface KubeadmPatch {
  readonly file: WrittenFile;
  readonly type: "strategic" | "merge" | "json";
}

/**
 * The patches kubeadm applies to `target` (kube-apiserver, kubeletconfiguration...) on the machines that run
 * `configuration`: the files in its patches.directory or a subfolder named target[suffix][+patchtype].extension,
 * extension json or yaml, in the order filepath.Walk finds them (kubeadm's --patches, cmd/kubeadm/app/util/patches,
 * getPatchSetsFromPath), as the machine holds them when kubeadm runs; where they are (`at`), and not known where the folder or the files are known only at apply.
 */
export function kubeadmPatches(
  kubeadm: KubeadmSpec,
  configuration: KubeadmConfiguration,
  target: string,
): { readonly patches: KubeadmPatch[]; readonly at: readonly string[] } | { readonly notKnown: string; readonly at: readonly string[] } {
  const at = [configuration, "patches", "directory"];
  const folder = fieldAt(kubeadm.spec, ...at);
  if (folder === undefined || folder === "") return { patches: [], at };
  if (isUnknown(folder)) return { notKnown: `${at.join(".")} is not known here`, at };
  const files = filesWhenKubeadmRuns(kubeadm);
  if (!files) return { notKnown: "the files written on the machines are not known here", at: filesAt };
  const patches = filesBelow(String(folder), files)
    .sort((a, b) => walkOrder(a.relative, b.relative))
    .flatMap(({ relative, file }): KubeadmPatch[] => {
      const named = /^([^+]+?)(?:\+(strategic|merge|json))?\.(?:json|yaml)$/.exec(relative.split("/").at(-1)!);
      return named && named[1]!.startsWith(target) ? [{ file, type: (named[2] ?? "strategic") as KubeadmPatch["type"] }] : [];
    });
  return { patches, at };
}

/**
 * What changes the file kubeadm writes at `path` (`what`, as a message names it) once kubeadm has run, in words:
 * postKubeadmCommands, which cloud-init runs then (Cluster API's bootstrap template: runcmd), or the commands an
 * instance's user data runs after kubeadm (a sed -i, a copy over it, a command known only at apply); undefined where
 * none does.
 */
export function changedAfterKubeadm(kubeadm: KubeadmSpec, path: string, what: string): string | undefined {
  const commands = kubeadm.onInstance ? kubeadm.onInstance.after : fieldAt(kubeadm.spec, "postKubeadmCommands");
  const kubeadms: WrittenFile = { path, content: "" };
  const onDisk = new Map(filesWhenKubeadmRuns(kubeadm) ?? []).set(path, kubeadms);
  const changes = isUnknown(commands) || filesAfterCommands(onDisk, list(commands).map(String), []).files.get(path) !== kubeadms;
  return changes
    ? `${kubeadm.onInstance ? `a command ${kubeadm.onInstance.said} runs after kubeadm` : "a command of postKubeadmCommands"} changes ${path}, ${what} kubeadm writes`
    : undefined;
}

/** Where the commands after kubeadm are, in a kubeadm configuration (a node's setup runs its own). */
const afterKubeadmAt = ["postKubeadmCommands"];

/** Where kubeadm writes the API server's static pod and the kubelet's configuration (cmd/kubeadm/app/constants). */
const apiServerManifest = "/etc/kubernetes/manifests/kube-apiserver.yaml";
export const kubeletConfigPath = "/var/lib/kubelet/config.yaml";

/**
 * The parts of the API server's static pod that the judgements read: its container's command and args (the flags
 * kubeadm writes from extraArgs) and its volumes and their mounts (from extraVolumes), under spec.
 */
const readPodParts = { spec: ["volumes"], container: ["command", "args", "volumeMounts"] } as const;

/** Whether a JSON patch's path (RFC 6901) reaches what the judgements read of the static pod, or a whole that holds it. */
function jsonPathReaches(path: string): boolean {
  const [, spec, field, index, part] = path.split("/");
  if (spec === undefined || spec === "") return true;
  if (spec !== "spec") return false;
  if (field === undefined) return true;
  if (field === "volumes") return true;
  return field === "containers" && (index === undefined || part === undefined || (readPodParts.container as readonly string[]).includes(part));
}

/**
 * What a patch of the API server's static pod (`patch`) may change of what the judgements read of it (readPodParts),
 * said after its path; undefined where it changes none of it (resources, probes, labels), so that kubeadm's flags and
 * mounts stand. Each of a file's YAML documents is one patch (cmd/kubeadm/app/util/patches, createPatchSet). A
 * strategic merge patch merges containers by name and replaces a list it writes (command, args) or merges it by key
 * (volumeMounts, volumes); a JSON merge patch (RFC 7386) replaces spec.containers whole; a JSON patch (RFC 6902)
 * changes what its paths name.
 */
function staticPodPatchReach(patch: KubeadmPatch): string | undefined {
  const read = writtenYamlDocuments(patch.file);
  if ("unreadable" in read) return `cannot be read (${read.unreadable})`;
  const { documents } = read;
  const { type } = patch;
  const atApply = "is known only at apply where it may change the API server's container or volumes";
  // A key known only at apply may be any of those read, and a directive ($patch, $retainKeys...) may replace them.
  const reads = (map: Record<string, unknown>, parts: readonly string[]) =>
    Object.keys(map).some((key) => isUnknown(key) || key.startsWith("$") || parts.includes(key));
  for (const document of documents) {
    if (isUnknown(document)) return atApply;
    if (type === "json") {
      const paths = list(document).flatMap((operation) => (isMap(operation) ? [operation.path, operation.from] : [operation]));
      if (paths.some((path) => path !== undefined && (typeof path !== "string" || isUnknown(path) || jsonPathReaches(path))))
        return "changes the API server's container or volumes (a JSON patch)";
      continue;
    }
    if (!isMap(document)) return "is not a patch of the static pod";
    if (reads(document, [])) return atApply;
    const spec = document.spec;
    if (spec === undefined || spec === null) continue;
    if (isUnknown(spec)) return atApply;
    if (!isMap(spec)) return "replaces the static pod's spec";
    if (reads(spec, readPodParts.spec)) return "changes the static pod's volumes";
    if (!("containers" in spec)) continue;
    if (type === "merge") return "replaces the static pod's containers (a JSON merge patch replaces a list)";
    const containers = spec.containers;
    if (isUnknown(containers) || hasUnknownItem(containers)) return atApply;
    if (!Array.isArray(containers)) return "replaces the static pod's containers";
    if (containers.some((container) => !isMap(container) || reads(container, readPodParts.container)))
      return "changes the API server's command, arguments or mounts";
  }
  return undefined;
}

/**
 * Why the API server's static pod is not the one kubeadm writes from the configuration, where it is not: a patch of
 * files applied to it (patches.directory) that may change its flags or mounts (staticPodPatchReach), or a command of
 * postKubeadmCommands that changes it; with where that is.
 */
export function apiServerManifestChanged(kubeadm: KubeadmSpec): { readonly at: readonly string[]; readonly message: string } | undefined {
  for (const configuration of configurationsRun(kubeadm, true)) {
    const found = kubeadmPatches(kubeadm, configuration, "kube-apiserver");
    if ("notKnown" in found) return { at: found.at, message: `${found.notKnown}: a patch there may change the API server's flags` };
    for (const patch of found.patches) {
      const reach = staticPodPatchReach(patch);
      if (reach)
        return {
          at: found.at,
          message: `${writerSaid(kubeadm)} ${patch.file.path}, which kubeadm applies to the API server's static pod (${configuration}.patches.directory) and which ${reach}: the flags it gives are not read here`,
        };
    }
  }
  const changed = changedAfterKubeadm(kubeadm, apiServerManifest, "the API server's static pod");
  return changed ? { at: afterKubeadmAt, message: `${changed}: its flags are not read here` } : undefined;
}

/**
 * What is wrong with a configuration file the kubeadm configuration's files write on the machines at `onHost` (`what`,
 * such as "audit policy"; the API server reads it as `readAs`), by `fault` (in words after "the <what> at <path>"), or
 * why it cannot be read here: read from a Secret (contentFrom), written by no entry, or known only at apply.
 */
export function machineFileViolations(
  kubeadm: KubeadmSpec,
  { what, onHost, readAs }: { readonly what: string; readonly onHost: string; readonly readAs: string },
  finding: ObjectFinding,
  fault: (document: unknown) => string | { readonly unknown: string } | undefined,
): Violation[] {
  const written = fieldAt(kubeadm.spec, ...filesAt);
  if (isUnknown(written)) return [finding(filesAt, "the files written on the machines are not known here", { value: written })];
  const entries = (Array.isArray(written) ? written : []).filter((entry) => isMap(entry) && entry.path === onHost);
  if (entries.some((entry) => isMap(entry.contentFrom))) return [finding(filesAt, `the ${what} at ${onHost} is read from a Secret: it is not known here`, {})];
  const file = filesWhenKubeadmRuns(kubeadm)?.get(onHost);
  // A volume may mount the host's file at another path (eks-anywhere's Bottlerocket nodes: /var/lib/kubeadm).
  const read = onHost === readAs ? "" : `, which the API server reads as ${readAs}`;
  if (!file) {
    const unwritten = kubeadm.onInstance
      ? `${kubeadm.onInstance.said} writes no ${what} at ${onHost}${read} before kubeadm runs`
      : `no entry of files, nor a command of preKubeadmCommands, writes the ${what} at ${onHost}${read}`;
    return [finding(filesAt, `${unwritten}: it is not known here`, {})];
  }
  // A placeholder another tool fills (`${ENCRYPTION_KEY}`, clusterctl's) is a value not known here, in a file read.
  if (isUnknown(file.content)) {
    const parsed = writtenYaml(file);
    if ("unreadable" in parsed || isUnknown(parsed.document)) return [finding(filesAt, `the ${what} at ${onHost} is not known here`, { value: file.content })];
  }
  const found = writtenFileFault(what, file, fault);
  return found === undefined ? [] : [found.evaluable ? finding(filesAt, found.message) : finding(filesAt, found.message, {})];
}

/** Where the API server's flags and its volumes are, in a kubeadm configuration. */
export const argsAt = ["clusterConfiguration", "apiServer", "extraArgs"];
export const volumesAt = ["clusterConfiguration", "apiServer", "extraVolumes"];

/** A judgement of a kubeadm control plane's API server: given its kubeadm configuration, its extraArgs and where to point a finding. */
export type ControlPlaneJudge = (kubeadm: KubeadmSpec, args: Map<string, unknown>, finding: ObjectFinding) => Violation[];

/**
 * What a policy finds on a kubeadm control plane (`judge`), or not evaluable where its configuration or its extraArgs
 * are known only at apply, or where a patch or a command after kubeadm changes the API server's static pod.
 */
export function judgedControlPlane(kubeadm: KubeadmSpec, finding: ObjectFinding, judge: ControlPlaneJudge): Violation[] {
  if (isUnknown(kubeadm.spec)) return [finding([], "the kubeadm configuration is not known here", { value: kubeadm.spec })];
  const changed = apiServerManifestChanged(kubeadm);
  if (changed) return [finding(changed.at, changed.message, {})];
  const args = apiServerExtraArgs(kubeadm);
  if (!args) return [finding(argsAt, "the API server's extraArgs are not known here", { value: fieldAt(kubeadm.spec, ...argsAt) })];
  return judge(kubeadm, args, finding);
}

/** What a policy finds on each control plane of Cluster API among objects applied (a KubeadmControlPlane or its template: judgedControlPlane). */
export const eachKubeadmControlPlane = (applied: readonly AppliedManifest[], judge: ControlPlaneJudge): Violation[] =>
  applied.flatMap((each): Violation[] => {
    const kubeadm = kubeadmControlPlaneSpec(each.manifest);
    return kubeadm ? judgedControlPlane(kubeadm, findingsOn(each, kubeadm.at), judge) : [];
  });

/** The API server's mounts (apiServerMounts), or why they are not known here. */
export function knownMounts(kubeadm: KubeadmSpec, finding: ObjectFinding): { readonly mounts: ApiServerMount[] } | { readonly notKnown: Violation[] } {
  const mounts = apiServerMounts(kubeadm);
  return mounts
    ? { mounts }
    : { notKnown: [finding(volumesAt, "the API server's extraVolumes are not known here", { value: fieldAt(kubeadm.spec, ...volumesAt) })] };
}

/** A file an API server's flag names that no volume mounts into its container: the API server cannot read it, and does not start. */
export const unmounted = (finding: ObjectFinding, flag: string, file: string): Violation =>
  finding(volumesAt, `no volume mounts ${file}, the ${flag}, into the API server's container: the API server cannot read it and does not start`);
