import type { ResourceGraph } from "../engine/graph";
import type { TfResource } from "../engine/model";
import { lineInValue, type Violation } from "../engine/policy";
import { commandShown, filesOnDisk, userDataNotEvaluable, type WrittenFile, withScriptsRun, writtenYamlDocuments } from "./cloud-init";
import { firstCommandWords } from "./command-line";
import { filesAfterCommands, variablesReplaced } from "./file-commands";
import { appliedManifestsOf, notKnownOutcome, type ObjectFinding } from "./helm";
import { type KubeadmJudges, kubeadmComponentFindings } from "./kubeadm-components";
import { type ControlPlaneJudge, eachKubeadmControlPlane, judgedControlPlane, type KubeadmOnInstance, type KubeadmSpec } from "./kubeadm";
import { type NodeSetup, nodeSetups, nodeSetupTypes, onSetup } from "./node-setup";
import { fieldAt, isMap, isUnknown, memoized } from "./values";

/**
 * kubeadm run by a node's setup (`kubeadm init`, `kubeadm join` in an instance's user data or a remote-exec
 * provisioner), read as a KubeadmSpec whose configuration is the file its --config names, as kubeadm reads it
 * (kubernetes cmd/kubeadm/app/util/config: the documents of the file by kind; init reads InitConfiguration,
 * ClusterConfiguration and KubeletConfiguration, join its JoinConfiguration alone). Without --config, kubeadm takes
 * its defaults and its flags, of which only --patches is read here; with it, kubeadm refuses those flags
 * (cmd/kubeadm/app/apis/kubeadm/validation, ValidateMixedArguments: --config mixes with --skip-phases, --dry-run and a
 * few others, not --patches).
 */

/**
 * What a command runs of kubeadm: init, or join (a control plane with --control-plane), whether it runs one of their
 * phases alone (`kubeadm init phase ...`), and the flags read here, each with whether the shell expands it.
 */
interface KubeadmRun {
  readonly subcommand: "init" | "join";
  readonly phase: boolean;
  readonly controlPlane: boolean;
  readonly config?: { readonly text: string; readonly expands: boolean };
  readonly patches?: { readonly text: string; readonly expands: boolean };
  readonly command: string;
}

/**
 * kubeadm init or join where a command runs it: at the start of a simple command (after `;`, `&&`, `|`, `(`, `then`,
 * `do`), by its path or not, behind sudo, env, nohup, time, exec, timeout or variables assigned for it; not a text that
 * names it (`echo "run kubeadm join" > /etc/motd`).
 */
const runsKubeadm =
  /(?:^|[;&|(]|\bthen|\bdo)\s*(?:(?:sudo|env|nohup|time|exec)\s+(?:-\S+\s+)*|timeout\s+\S+\s+|[A-Za-z_]\w*=\S*\s+)*(?:\S*\/)?kubeadm\s+(init|join)\b(.*)$/;

/** The kubeadm init or join the first line of a command runs (a here-document's lines are a file's), with its flags; undefined where it runs neither. */
function kubeadmRunIn(command: string): KubeadmRun | undefined {
  const found = runsKubeadm.exec(command.split("\n")[0]!);
  if (!found) return undefined;
  const words = firstCommandWords(found[2]!);
  const flagValue = (flag: string) => {
    const i = words.findIndex(({ text }) => text === `--${flag}` || text.startsWith(`--${flag}=`));
    const word = words[i];
    if (word === undefined) return undefined;
    return word.text.includes("=") ? { text: word.text.slice(flag.length + 3), expands: word.expands } : words[i + 1];
  };
  const config = flagValue("config");
  const patches = flagValue("patches");
  return {
    subcommand: found[1] as "init" | "join",
    phase: words[0]?.text === "phase",
    controlPlane: words.some(({ text }) => text === "--control-plane" || text === "--control-plane=true"),
    ...(config ? { config } : {}),
    ...(patches ? { patches } : {}),
    command,
  };
}

/** The kubeadm an instance runs (a KubeadmSpec on the instance), and how a message names it (`kubeadm init --config /etc/kubeadm.yaml`). */
export interface KubeadmInstance {
  readonly kubeadm: KubeadmSpec & { readonly onInstance: KubeadmOnInstance };
  readonly said: string;
  /** Whether it joins a cluster as a control plane (kubeadm join --control-plane, or a JoinConfiguration's controlPlane). */
  readonly joinsControlPlane: boolean;
  /** The line of the setup that runs it, where its text is written as the node gets it. */
  readonly line?: number;
}

/**
 * Why the kubeadm an instance runs cannot be read, with whether it runs kubeadm init where that is known, whether it
 * makes a control plane (init, or a join as one), and the line that runs it.
 */
export interface KubeadmInstanceUnread {
  readonly unreadable: string;
  readonly runsInit?: boolean;
  readonly controlPlane?: boolean;
  readonly line?: number;
}

/** The API versions of kubeadm's configuration read here: v1beta3 and v1beta4, which lists extraArgs as {name, value} (kubeadm 1.31 on). */
const readVersions = ["kubeadm.k8s.io/v1beta3", "kubeadm.k8s.io/v1beta4"];

/** The kinds of kubeadm's configuration, by the field of the spec (a Cluster API KubeadmConfigSpec's) that holds them. */
const configurationKinds = {
  ClusterConfiguration: "clusterConfiguration",
  InitConfiguration: "initConfiguration",
  JoinConfiguration: "joinConfiguration",
} as const;

/** The kinds kubeadm init and kubeadm join read. */
const readKinds: Readonly<Record<"init" | "join", readonly string[]>> = { init: ["ClusterConfiguration", "InitConfiguration"], join: ["JoinConfiguration"] };

/**
 * The documents of kubeadm's configuration file as the spec of a kubeadm configuration (clusterConfiguration,
 * initConfiguration, joinConfiguration), whether it lists extraArgs, and its KubeletConfiguration; or why it cannot be read.
 */
function configurationRead(
  documents: readonly unknown[],
  path: string,
  subcommand: "init" | "join",
): { readonly spec: Record<string, unknown>; readonly argsListed: boolean; readonly kubelet?: unknown } | { readonly unreadable: string } {
  const spec: Record<string, unknown> = {};
  const versions = new Set<string>();
  let kubelet: unknown;
  for (const document of documents) {
    if (!isMap(document) || isUnknown(document.kind) || isUnknown(document.apiVersion))
      return { unreadable: `a document of kubeadm's configuration file ${path} is not known here` };
    const { kind, apiVersion, ...fields } = document;
    if (kind === "KubeletConfiguration") kubelet = fields;
    // kubeadm join reads the JoinConfiguration alone; init reads the others (cmd/kubeadm/app/util/config).
    if (!String(apiVersion).startsWith("kubeadm.k8s.io/") || readKinds[subcommand === "init" ? "join" : "init"].includes(String(kind))) continue;
    if (!readVersions.includes(String(apiVersion)))
      return {
        unreadable: `kubeadm's configuration file ${path} is written in ${String(apiVersion)}, which this check does not read (it reads ${readVersions.join(" and ")})`,
      };
    if (!readKinds[subcommand].includes(String(kind))) continue;
    versions.add(String(apiVersion));
    spec[configurationKinds[kind as keyof typeof configurationKinds]] = fields;
  }
  if (versions.size > 1) return { unreadable: `kubeadm's configuration file ${path} mixes API versions (${[...versions].join(", ")}), not read here` };
  return { spec, argsListed: versions.has("kubeadm.k8s.io/v1beta4"), ...(subcommand === "init" && kubelet !== undefined ? { kubelet } : {}) };
}

/** The configuration a run of kubeadm reads (configurationRead): its --config file among the machine's files, else its defaults with its --patches; or why it cannot be read. */
function configurationOf(run: KubeadmRun, files: ReadonlyMap<string, WrittenFile>, said: string): ReturnType<typeof configurationRead> {
  const { config, patches, subcommand } = run;
  if (config) {
    const path = config.text;
    if (config.expands || isUnknown(path)) return { unreadable: `kubeadm's configuration file (--config ${path}) is not known here` };
    if (!path.startsWith("/")) return { unreadable: `kubeadm's configuration file ${path} is named relative to a folder not known here` };
    const file = files.get(path);
    if (!file) return { unreadable: `${said} writes no ${path}, kubeadm's configuration file (--config), before kubeadm runs: it is not known here` };
    const documents = writtenYamlDocuments(file);
    return "unreadable" in documents
      ? { unreadable: `kubeadm's configuration file ${documents.unreadable}` }
      : configurationRead(documents.documents, path, subcommand);
  }
  if (!patches) return { spec: {}, argsListed: false };
  if (patches.expands || isUnknown(patches.text)) return { unreadable: `kubeadm's patches folder (--patches ${patches.text}) is not known here` };
  return { spec: { [`${subcommand}Configuration`]: { patches: { directory: patches.text } } }, argsListed: false };
}

/**
 * The kubeadm a node's setup runs, read once per setup: the last kubeadm init or join of the commands it
 * runs once its files are written (followed into the scripts it writes and runs), with the files on the machine then
 * (what the commands before it write or move) and the commands after it; undefined where it runs none. Not read: a run
 * of init's or join's phases one by one, init and join both run (which one runs is told by a condition), a configuration file
 * named by a shell variable, by a relative path, not written by the setup, or in an API version not read here.
 */
const kubeadmOnSetup = memoized((read: NodeSetup): KubeadmInstance | KubeadmInstanceUnread | undefined => {
  if (read.text === undefined) return undefined;
  const { said: setupSaid } = read;
  const written = read.files ?? [];
  const commands = withScriptsRun(read.commandsAfterFiles, written);
  if (!commands.some((command) => command.includes("kubeadm"))) return undefined;
  const runs = variablesReplaced(commands).flatMap((command, index) => {
    const run = kubeadmRunIn(command);
    return run ? [{ run, index }] : [];
  });
  const last = runs.at(-1);
  if (!last) return undefined;
  const { run, index } = last;
  // The command's line in the setup, where its text is written as the node gets it.
  const at = read.textAsWritten ? read.text.indexOf(commandShown(commands[index]!)) : -1;
  const line = at < 0 ? {} : { line: read.text.slice(0, at).split("\n").length };
  const { subcommand } = run;
  const known = { runsInit: subcommand === "init", controlPlane: subcommand === "init" || run.controlPlane, ...line };
  if (run.phase) return { unreadable: `${setupSaid} runs kubeadm ${subcommand}'s phases one by one (${commandShown(run.command)}), not read here`, ...known };
  if (runs.some(({ run: other }) => other.subcommand !== subcommand))
    return { unreadable: `${setupSaid} runs both kubeadm init and kubeadm join: which one runs on the node cannot be told`, ...line };
  const files = filesAfterCommands(filesOnDisk(written), commands.slice(0, index), []).files;
  const configuration = configurationOf(run, files, setupSaid);
  if ("unreadable" in configuration) return { unreadable: configuration.unreadable, ...known };
  const controlPlane = run.controlPlane || isMap(fieldAt(configuration.spec, "joinConfiguration", "controlPlane"));
  const said = `kubeadm ${subcommand}${controlPlane ? " --control-plane" : ""}${run.config ? ` --config ${run.config.text}` : ""}`;
  return {
    kubeadm: {
      spec: configuration.spec,
      at: [],
      argsListed: configuration.argsListed,
      onInstance: {
        said: setupSaid,
        runs: `${subcommand}Configuration`,
        startsApiServer: subcommand === "init",
        files,
        after: commands.slice(index + 1),
        ...(configuration.kubelet === undefined
          ? {}
          : { kubelet: { document: configuration.kubelet, named: `the KubeletConfiguration of kubeadm's configuration file ${run.config!.text}` } }),
      },
    },
    said,
    joinsControlPlane: subcommand === "join" && controlPlane,
    ...line,
  };
});

/**
 * A finding on the kubeadm a node's setup runs, on the setup at the line that runs it (user_data, which onSetup moves
 * to a provisioner's), led by how it runs (`kubeadm init --config /etc/kubeadm.yaml: ...`).
 */
const instanceFinding =
  ({ said, line }: KubeadmInstance): ObjectFinding =>
  (_field, message, notKnown) => ({ message: `${said}: ${message}`, path: "user_data", ...lineInValue(line), ...notKnownOutcome(notKnown) });

/** Not evaluable: the kubeadm a node's setup runs cannot be read, so `what` cannot be told; at the line that runs it. */
const unreadFindings = ({ unreadable, line }: KubeadmInstanceUnread, what: string): Violation[] =>
  userDataNotEvaluable(`${unreadable}: ${what} cannot be told`).map((finding) => ({ ...finding, ...lineInValue(line) }));

/** The kubeadm a node's setup runs, with the setup. */
type KubeadmOnSetup = { readonly setup: NodeSetup; readonly found: KubeadmInstance | KubeadmInstanceUnread };

/** The kubeadm each setup of a resource runs (nodeSetups: an instance's user data, its provisioners, a null_resource's). */
export const kubeadmRunsOf = (resource: TfResource, graph: ResourceGraph): KubeadmOnSetup[] =>
  nodeSetups(resource, graph).flatMap((setup) => {
    const found = kubeadmOnSetup(setup);
    return found === undefined ? [] : [{ setup, found }];
  });

/** The resources of a configuration whose setups run kubeadm init, each with what it runs: read once per configuration. */
const initInstances = (graph: ResourceGraph): readonly { readonly instance: TfResource; readonly found: KubeadmInstance | KubeadmInstanceUnread }[] =>
  graph.cached("kubeadm: instances that run init", () =>
    graph.ofType(nodeSetupTypes).flatMap((instance) =>
      kubeadmRunsOf(instance, graph).flatMap(({ found }) => {
        const init = "unreadable" in found ? found.runsInit === true : found.kubeadm.onInstance.startsApiServer;
        return init ? [{ instance, found }] : [];
      }),
    ),
  );

/** A component's extraArgs written as kubeadm's other form: a map as a list of {name, value} (v1beta4), or the list as a map (v1beta3). */
function argsWrittenAs(listed: boolean, args: unknown): unknown {
  if (listed && isMap(args)) return Object.entries(args).map(([name, value]) => ({ name, value }));
  if (!listed && Array.isArray(args))
    return Object.fromEntries(args.flatMap((entry) => (isMap(entry) && typeof entry.name === "string" ? [[entry.name, entry.value ?? ""]] : [])));
  return args;
}

/**
 * A control plane that joins (`joining`), with the cluster's ClusterConfiguration, from which kubeadm join
 * --control-plane writes its API server's static pod (it reads the kubeadm-config ConfigMap kubeadm init uploaded:
 * cmd/kubeadm/app/cmd/join.go, fetchInitConfigurationFromJoinConfiguration), beside the files, patches and commands of
 * its own machine: read from the one instance of the configuration that runs kubeadm init; not known where none does,
 * where its configuration cannot be read, or where several do (which cluster it joins is not told here).
 */
function withClusterConfiguration(joining: KubeadmInstance, graph: ResourceGraph): KubeadmInstance | KubeadmInstanceUnread {
  const inits = initInstances(graph);
  const unread = (why: string): KubeadmInstanceUnread => ({
    unreadable: `${joining.said}: ${why}`,
    runsInit: false,
    controlPlane: true,
    ...(joining.line === undefined ? {} : { line: joining.line }),
  });
  if (inits.length === 0)
    return unread(
      "no node of this configuration runs kubeadm init (by its user data or provisioners), whose ClusterConfiguration gives the API server of a control plane that joins its flags: they are not known here",
    );
  if (inits.length > 1)
    return unread(`several nodes run kubeadm init (${inits.map(({ instance }) => instance.address).join(", ")}): which cluster it joins is not told here`);
  const [{ instance, found: init }] = inits as [(typeof inits)[number]];
  if ("unreadable" in init) return unread(`the cluster's ClusterConfiguration, from ${instance.address}, cannot be read (${init.unreadable})`);
  const { argsListed } = init.kubeadm;
  const join = fieldAt(joining.kubeadm.spec, "joinConfiguration");
  const kubeletArgs = fieldAt(join, "nodeRegistration", "kubeletExtraArgs");
  const joinConfiguration =
    isMap(join) && isMap(join.nodeRegistration) && kubeletArgs !== undefined
      ? { ...join, nodeRegistration: { ...join.nodeRegistration, kubeletExtraArgs: argsWrittenAs(argsListed, kubeletArgs) } }
      : join;
  return {
    ...joining,
    kubeadm: {
      ...joining.kubeadm,
      spec: { clusterConfiguration: fieldAt(init.kubeadm.spec, "clusterConfiguration"), ...(join === undefined ? {} : { joinConfiguration }) },
      argsListed,
      onInstance: { ...joining.kubeadm.onInstance, startsApiServer: true },
    },
    said: `${joining.said}, with the cluster's ClusterConfiguration (${init.said} on ${instance.address})`,
  };
}

/** The kubeadm a setup runs (`found`), a control plane that joins with the cluster's configuration (withClusterConfiguration). */
const withClusterOf = (found: KubeadmInstance | KubeadmInstanceUnread, graph: ResourceGraph): KubeadmInstance | KubeadmInstanceUnread =>
  !("unreadable" in found) && found.joinsControlPlane ? withClusterConfiguration(found, graph) : found;

/**
 * What a policy finds on the kubeadm control planes a resource makes (judgedControlPlane): a node whose setup (user
 * data, provisioners) runs kubeadm init, or joins as a control plane (with the cluster's ClusterConfiguration:
 * withClusterConfiguration), not evaluable where it cannot be read (`what` cannot be told then), or the Cluster API
 * KubeadmControlPlanes it applies.
 */
export function kubeadmControlPlanesOf(resource: TfResource, graph: ResourceGraph, judge: ControlPlaneJudge, what: string): Violation[] {
  if (!nodeSetupTypes.includes(resource.type)) return eachKubeadmControlPlane(appliedManifestsOf(graph, resource), judge);
  return kubeadmRunsOf(resource, graph).flatMap(({ setup, found: run }) => {
    const found = withClusterOf(run, graph);
    if ("unreadable" in found ? found.controlPlane === false : !found.kubeadm.onInstance.startsApiServer) return [];
    return onSetup(setup, "unreadable" in found ? unreadFindings(found, what) : judgedControlPlane(found.kubeadm, instanceFinding(found), judge));
  });
}

/**
 * The components of the kubeadm a resource's setups run, judged (kubeadmComponentFindings): a control plane's API
 * server (one that joins with the cluster's configuration) and its kubelet; not evaluable where it cannot be read
 * (`what` cannot be told then).
 */
export function kubeadmInstanceFindings(resource: TfResource, graph: ResourceGraph, judges: KubeadmJudges, what: string): Violation[] {
  return kubeadmRunsOf(resource, graph).flatMap(({ setup, found: run }) => {
    const found = withClusterOf(run, graph);
    return onSetup(
      setup,
      "unreadable" in found
        ? unreadFindings(found, what)
        : kubeadmComponentFindings(found.kubeadm, found.kubeadm.onInstance.startsApiServer, instanceFinding(found), judges),
    );
  });
}
