import type { Violation } from "../engine/policy";
import { writtenYamlDocuments } from "./cloud-init";
import { type CommandLineFlag, commandLineFlags } from "./command-line";
import type { ComponentFinding } from "./component-findings";
import { type AppliedManifest, findingsOn, mergeMaps, type ObjectFinding } from "./helm";
import {
  apiServerExtraArgs,
  apiServerManifestChanged,
  argsAt,
  changedAfterKubeadm,
  extraArgs,
  filesAt,
  filesWhenKubeadmRuns,
  type KubeadmConfiguration,
  type KubeadmSpec,
  kubeadmConfigSpec,
  kubeadmControlPlaneSpec,
  configurationsRun,
  kubeadmPatches,
  kubeletConfigPath,
} from "./kubeadm";
import { environmentFilesVariables } from "./systemd-unit";
import { type KubeletConfigFlags, type KubeletConfigRead, kubeletConfigOnDisk, type NodeFiles } from "./kubelet-config";
import { fieldAt, isMap, isUnknown } from "./values";

/**
 * The components a Cluster API kubeadm configuration starts, as judgements of their flags read them: its API server
 * (a control plane's clusterConfiguration.apiServer.extraArgs, which kubeadm writes in its static pod) and the kubelet
 * of each configuration its machines run (nodeRegistration.kubeletExtraArgs, which kubeadm writes in
 * kubeadm-flags.env, after its own configuration file's flag: a `config` there replaces the file kubeadm writes, and is
 * read from the machine's files).
 */

/** How a policy judges a kubeadm configuration's components: the flags it reads of each, and its judgement of them. */
export interface KubeadmJudges {
  readonly apiServer: { readonly flags: readonly string[]; readonly judge: (args: ReadonlyMap<string, readonly string[]>) => ComponentFinding[] };
  readonly kubelet: {
    readonly flags: readonly string[];
    readonly judge: (args: ReadonlyMap<string, readonly string[]>, configOf: (flags: KubeletConfigFlags) => KubeletConfigRead) => ComponentFinding[];
  };
}

/**
 * A kubeadm configuration's flags, each as a list of its copies (one here, then those of `after`, which the component
 * reads after them), and the first of `flags` whose value is not known.
 */
function asCopies(
  args: Map<string, unknown>,
  flags: readonly string[],
  after: readonly CommandLineFlag[] = [],
): { readonly args: Map<string, string[]> } | { readonly unknown: string; readonly value: unknown } {
  const copies = new Map([...args].map(([flag, value]) => [flag, [value]]));
  for (const { name, value } of after) copies.set(name, [...(copies.get(name) ?? []), value]);
  for (const flag of flags) {
    const value = copies.get(flag)?.find(isUnknown);
    if (value !== undefined) return { unknown: flag, value };
  }
  return { args: new Map([...copies].map(([flag, values]) => [flag, values.map(String)])) };
}

/**
 * The files the kubelet's service reads KUBELET_EXTRA_ARGS from, which it passes after kubeadm's flags (kubeadm-flags.env's
 * KUBELET_KUBEADM_ARGS, which kubeletExtraArgs write), so that they win: kubernetes/release,
 * cmd/krel/templates/latest/kubeadm/10-kubeadm.conf (EnvironmentFile=-/etc/default/kubelet in the deb package,
 * -/etc/sysconfig/kubelet in the rpm one; ExecStart=/usr/bin/kubelet ... $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS,
 * which systemd splits at whitespace: systemd.service(5), Command lines).
 */
const kubeletEnvironmentFiles = ["/etc/default/kubelet", "/etc/sysconfig/kubelet"];

/**
 * The kubelet flags a machine's environment file gives (KUBELET_EXTRA_ARGS), with the file; or why they are not known:
 * the file is not, or a part of the variable known only at apply may be a flag's name.
 */
function kubeletEnvironmentFlags(files: NodeFiles): { readonly flags: CommandLineFlag[]; readonly from?: string } | { readonly notKnown: string } {
  if ("notKnown" in files) return { flags: [] };
  const written = kubeletEnvironmentFiles.filter((path) => files.has(path));
  if (written.length === 0) return { flags: [] };
  const environment = environmentFilesVariables([...files.values()], written, new Map(), new Set(["KUBELET_EXTRA_ARGS"]));
  if (environment.unread) return { notKnown: environment.unread };
  const value = environment.variables.get("KUBELET_EXTRA_ARGS");
  if (value === undefined) return { flags: [] };
  const words = value.split(/\s+/).filter((word) => word !== "");
  if (words.some((word) => isUnknown(word) && !/^--?[\w-]+=/.test(word)))
    return { notKnown: `KUBELET_EXTRA_ARGS of ${written.join(", ")} is known only at apply where it may name a flag` };
  return { flags: commandLineFlags(words.map((text) => ({ text, expands: false }))), from: written.join(", ") };
}

/**
 * A kubeadm configuration's components judged (`judges`), each finding at the field that writes the flags
 * (`finding` at a field under the configuration): the API server of a control plane (`controlPlane`: one whose
 * configuration writes its static pod), unless a patch or a command changes its static pod (not evaluable), and the
 * kubelet of each configuration its machines run (configurationsRun), its kubeletExtraArgs followed by the flags of the
 * machine's environment file (kubeletEnvironmentFlags: a finding that reads them is at the files). A finding every
 * machine gives (its kubelet's file changed by a command) is given once.
 */
export function kubeadmComponentFindings(kubeadm: KubeadmSpec, controlPlane: boolean, finding: ObjectFinding, judges: KubeadmJudges): Violation[] {
  if (isUnknown(kubeadm.spec)) return [finding([], "the kubeadm configuration is not known here", { value: kubeadm.spec })];
  const judged = (
    at: readonly string[],
    args: Map<string, unknown> | undefined,
    flags: readonly string[],
    judge: (args: Map<string, string[]>) => ComponentFinding[],
    after: { readonly flags: readonly CommandLineFlag[]; readonly from?: string } = { flags: [] },
  ) => {
    if (!args) return [finding(at, "these flags are not known here", { value: fieldAt(kubeadm.spec, ...at) })];
    const read = asCopies(args, flags, after.flags);
    if ("unknown" in read) return [finding(at, `${read.unknown} is not known here`, { value: read.value })];
    const fromFile = after.flags.some(({ name }) => flags.includes(name));
    const [where, said] = fromFile ? [filesAt, `with KUBELET_EXTRA_ARGS of ${after.from} after kubeletExtraArgs, `] : [at, ""];
    return judge(read.args).map(({ message, evaluable }) => finding(where, `${said}${message}`, evaluable ? undefined : {}));
  };
  const changed = controlPlane ? apiServerManifestChanged(kubeadm) : undefined;
  const apiServer = changed
    ? [finding(changed.at, changed.message, {})]
    : controlPlane
      ? judged(argsAt, apiServerExtraArgs(kubeadm), judges.apiServer.flags, judges.apiServer.judge)
      : [];
  const files: NodeFiles = filesWhenKubeadmRuns(kubeadm) ?? { notKnown: "the files written on the machines are not known here" };
  const environment = kubeletEnvironmentFlags(files);
  const kubelets =
    "notKnown" in environment
      ? [finding(filesAt, `${environment.notKnown}: the kubelet's flags cannot be told`, {})]
      : configurationsRun(kubeadm, controlPlane).flatMap((configuration) => {
          const at = [configuration, "nodeRegistration", "kubeletExtraArgs"];
          return judged(
            at,
            extraArgs(kubeadm, at),
            judges.kubelet.flags,
            (args) => judges.kubelet.judge(args, (flags) => kubeletConfigOnDisk(flags, files, () => kubeadmKubeletConfig(kubeadm, configuration))),
            environment,
          );
        });
  return [...apiServer, ...kubelets.filter((violation, i) => kubelets.findIndex((other) => other.message === violation.message) === i)];
}

/** The kubeadm configuration of a Cluster API control plane or worker an applied object is (their templates too), its components judged (kubeadmComponentFindings). */
export function kubeadmObjectFindings(applied: AppliedManifest, judges: KubeadmJudges): Violation[] {
  const controlPlane = kubeadmControlPlaneSpec(applied.manifest);
  const kubeadm = controlPlane ?? kubeadmConfigSpec(applied.manifest);
  return kubeadm ? kubeadmComponentFindings(kubeadm, controlPlane !== undefined, findingsOn(applied, kubeadm.at), judges) : [];
}

/**
 * The kubelet configuration kubeadm writes on the machines that run `configuration` (/var/lib/kubelet/config.yaml:
 * its defaults refuse anonymous requests and ask the API server, cmd/kubeadm/app/componentconfigs/kubelet.go): the
 * KubeletConfiguration of the configuration file an instance's kubeadm init reads, the cluster's (kubeadm join takes
 * the cluster's, and reads nothing but the JoinConfiguration of its file: cmd/kubeadm/app/util/config,
 * documentMapToJoinConfiguration), with the patches of patches.directory for the kubeletconfiguration target applied in
 * turn (a strategic or merge patch sets the fields it writes, merged key by key as mergeMaps merges maps: a null it
 * writes is no setting the judgement flags, as the key it removes; a JSON patch is not read here); not read where a
 * command after kubeadm changes it.
 */
export function kubeadmKubeletConfig(kubeadm: KubeadmSpec, configuration: KubeadmConfiguration): KubeletConfigRead {
  const changed = changedAfterKubeadm(kubeadm, kubeletConfigPath, "the kubelet's configuration");
  if (changed) return { notTold: `${changed}: it is not read here` };
  const found = kubeadmPatches(kubeadm, configuration, "kubeletconfiguration");
  if ("notKnown" in found) return { notTold: `${found.notKnown}: a patch there may change the kubelet's configuration` };
  const given = configuration === "initConfiguration" ? kubeadm.onInstance?.kubelet : undefined;
  if (found.patches.length === 0) return given && { layers: [given] };
  let document: unknown = {};
  for (const patch of found.patches) {
    if (patch.type === "json") return { notTold: `${patch.file.path} is a JSON patch of the kubelet's configuration, not read here` };
    const read = writtenYamlDocuments(patch.file);
    if ("unreadable" in read) return { notTold: `${read.unreadable}: the patches of the kubelet's configuration cannot be read` };
    for (const each of read.documents) document = isMap(document) && isMap(each) ? mergeMaps(document, each) : each;
  }
  const patched = {
    document,
    named: `the patches kubeadm applies to the kubelet's configuration (${found.patches.map(({ file }) => file.path).join(", ")})`,
  };
  return { layers: given ? [given, patched] : [patched] };
}
