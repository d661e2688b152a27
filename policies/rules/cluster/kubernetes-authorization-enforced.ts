import type { ResourceGraph } from "../../engine/graph";
import type { TfResource } from "../../engine/model";
import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { type AppliedManifest, appliedManifestsOf, findingsOn, helmReleaseType } from "../../lib/helm";
import { filesAt } from "../../lib/kubeadm";
import { apiServerAuthorization, apiServerAuthorizationFlags, kubeletAuthorization, kubeletAuthorizationFlags } from "../../lib/kubernetes-authorization";
import type { ComponentFinding } from "../../lib/component-findings";
import { type KubeadmJudges, kubeadmObjectFindings } from "../../lib/kubeadm-components";
import { kubeadmInstanceFindings } from "../../lib/kubeadm-instance";
import { rancherKubeletConfig } from "../../lib/kubelet-config";
import { nodeSetupTypes, nodeSetupsDescribed } from "../../lib/node-setup";
import { componentArgs } from "../../lib/rancher-config";
import { argumentNotKnown, eachNode, leftToUnreadFiles, type RancherNode, rancherNodes, runsApiServer, settingOn } from "../../lib/rancher-node";
import { list } from "../../lib/values";
import { clusterApiNodeOf } from "../../lib/cluster-api-nodes";

const apiServerKey = "kube-apiserver-arg";
const kubeletKey = "kubelet-arg";

/**
 * Whether K3s keeps its own authorization-mode (Node,RBAC) before the copies a node writes: the first copy written
 * `authorization-mode+=` or `authorization-mode-=` adds to it, a plain one replaces it (k3s pkg/util/args.go, GetArgs).
 */
function keepsDefaultModes(values: Readonly<Record<string, unknown>>): boolean {
  const first = list(values[apiServerKey])
    .map((arg) => String(arg).replace(/^--/, "").split("=")[0]!)
    .find((name) => name.replace(/[+-]+$/, "") === "authorization-mode");
  return first !== undefined && /[+-]$/.test(first);
}

/**
 * The findings on a K3s or RKE2 node (`node`): its API server's authorizers, where it is a server that runs one, and
 * its kubelet's, unless it is a K3s server started with disable-agent; each placed by `placed` at what writes the
 * component's flags (`key`). Where its configuration files are not read, they may add an authorizer or set the
 * kubelet's flags.
 */
function rancherAuthorization(node: RancherNode, placed: (key: string, finding: ComponentFinding) => Violation): Violation[] {
  const judged = (key: string, flags: readonly string[], judge: (args: ReadonlyMap<string, readonly string[]>) => ComponentFinding[]) => {
    const args = componentArgs(node.values, key);
    const unknown = argumentNotKnown(node, key, args, flags);
    if (unknown) return [placed(key, { message: `${unknown} is known only at apply: who may do what cannot be told`, evaluable: false })];
    return judge(args).map((finding) => placed(key, finding));
  };
  const unread = (what: string): ComponentFinding => ({ message: `${node.configUnread}: ${what} cannot be told`, evaluable: false });
  const apiServer =
    node.role === "server" && runsApiServer(node)
      ? judged(apiServerKey, apiServerAuthorizationFlags, (args) => {
          const findings = apiServerAuthorization(
            args.get("authorization-mode") ?? [],
            keepsDefaultModes(node.values),
            args.get("authorization-config")?.at(-1),
          );
          // Every copy counts: a configuration file not read may add AlwaysAllow to those of the command line.
          return node.configUnread && !findings.some(({ evaluable }) => evaluable) ? [...findings, unread("the API server's authorizers")] : findings;
        })
      : [];
  const kubelet = settingOn(node.values["disable-agent"])
    ? []
    : judged(kubeletKey, kubeletAuthorizationFlags, (args) => {
        const findings = kubeletAuthorization(args, rancherKubeletConfig(node));
        return leftToUnreadFiles(node, args, ["anonymous-auth", "authorization-mode"]) ? [...findings, unread("what the kubelet lets through")] : findings;
      });
  return [...apiServer, ...kubelet];
}

/** The K3s and RKE2 nodes a resource's setups run (rancherNodes: its user data, its provisioners), judged where each is written. */
const setupAuthorization = (resource: TfResource, graph: ResourceGraph): Violation[] =>
  eachNode(rancherNodes(resource, graph), "who may do what on its API server and kubelet cannot be told", (node) =>
    rancherAuthorization(node, (_key, { message, evaluable }) => ({ message, path: "user_data", ...(evaluable ? {} : { outcome: "cannot-evaluate" }) })),
  );

/** The K3s or RKE2 node a Cluster API K3s or RKE2 object makes (a control plane's server, a worker's agent), each finding at the field that writes its flags. */
function clusterApiNodeAuthorization(applied: AppliedManifest): Violation[] {
  const made = clusterApiNodeOf(applied.manifest);
  if (!made) return [];
  const finding = findingsOn(applied, made.at);
  if ("notKnown" in made.read) return [finding(made.read.at, made.read.notKnown, {})];
  return rancherAuthorization(made.read.node, (key, { message, evaluable, inFiles }) =>
    finding(inFiles ? filesAt : made.fieldOf(key), message, evaluable ? undefined : {}),
  );
}

/** How a kubeadm configuration's components are judged (kubeadmComponentFindings): its API server's authorizers, and what its machines' kubelets let through. */
const kubeadmAuthorization: KubeadmJudges = {
  apiServer: {
    flags: apiServerAuthorizationFlags,
    judge: (args) => apiServerAuthorization(args.get("authorization-mode") ?? [], false, args.get("authorization-config")?.at(-1)),
  },
  kubelet: { flags: kubeletAuthorizationFlags, judge: kubeletAuthorization },
};

export default resourcePolicy(
  {
    id: "kubernetes-authorization-enforced",
    title: "API servers and kubelets let no request through unauthorized",
    description: `Flags API servers whose authorization-mode names AlwaysAllow (the union of authorizers then allows every request) or leaves out Node or RBAC, and kubelets that accept anonymous requests (anonymous-auth), authorize every request (authorization-mode AlwaysAllow) or serve a read-only port, which asks no one who they are (read-only-port, readOnlyPort, other than 0), from their flags, which win over a kubelet's configuration, else from the configuration file their config flag names (for kubeadm, else kubeadm's own with the kubeletconfiguration patches of patches.directory applied) with the drop-ins written in the folder of its config-dir merged over it in name order (the .conf files of the folder and its subfolders, a later one winning); on K3s and RKE2 nodes (from v1.32), the drop-ins of <data-dir>/agent/etc/kubelet.conf.d, where they write their own 00-k3s-defaults.conf (or 00-rke2-defaults.conf) and copy the config file as 10-cli-config.conf and the config-dir folder as 20-cli-config-dir: on RKE2 and K3s nodes (kube-apiserver-arg and kubelet-arg, in their configuration files or on their command line; K3s keeps its Node,RBAC before a copy written authorization-mode+=), on Cluster API's K3s and RKE2 control planes and workers, on Cluster API's kubeadm control planes and workers (the API server's extraArgs; nodeRegistration's kubeletExtraArgs of initConfiguration and joinConfiguration, followed by the KUBELET_EXTRA_ARGS of the /etc/default/kubelet or /etc/sysconfig/kubelet the machines' files write, which the kubelet's service passes after them), and on instances whose user data runs kubeadm init or join (the same fields of the file its --config names, and the KubeletConfiguration of init's, where kubeadm's defaults are otherwise; a worker's kubelet configuration is the cluster's, judged where init runs, with its own patches). Left unset, the distributions' own settings stand (Node,RBAC; a kubelet that refuses anonymous requests, asks the API server and serves no read-only port). An authorization-config file, a kubelet's config-dir with no drop-in written here, a data-dir known only at apply, a file not written here, an API server's static pod whose command, arguments or volumes a kubeadm patch changes, a kubelet's configuration that a postKubeadmCommands command (or one an instance's user data runs after kubeadm) changes or an API server's it changes, a kubeadm configuration file an instance's user data does not write or names by a shell variable, a JSON patch, configuration files not read and values known only at apply are not evaluable. The API server's own anonymous-auth is not judged: kubeadm and Cluster API's K3s provider keep it on for health checks, and what anonymous requests may do is what RBAC grants them (k8s-no-binding-to-everyone). ${nodeSetupsDescribed}`,
    rationale:
      "With AlwaysAllow, any user or service account that reaches the API server is cluster-admin; without RBAC, the per-project roles that keep one project out of another's data grant nothing; a kubelet that lets anonymous or unauthorized requests through gives whoever reaches its port a shell in every pod of the node, pseudonymisation service and databases included, and its read-only port tells anyone which pods run there and how they are configured.",
    remediation:
      "Leave authorization-mode to the distribution (Node,RBAC), or name Node and RBAC (and Webhook) without AlwaysAllow; never set the kubelet's anonymous-auth to true, its authorization-mode to AlwaysAllow or its read-only-port to anything but 0, and leave authentication.anonymous.enabled false, authorization.mode Webhook and readOnlyPort 0 or unset in its configuration file and in every drop-in of its config-dir (K3s's and RKE2's kubelet.conf.d among them).",
    severity: "critical",
    references: [
      cite("cis-kubernetes", "1.2.6-1.2.8"),
      cite("cis-kubernetes", "4.2.1-4.2.2"),
      cite("cis-kubernetes", "4.2.4"),
      cite("anssi", "PA-022 R39-R40"),
      cite("secnumcloud-3.2", "9.3.d-f"),
    ],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  [...nodeSetupTypes, "kubernetes_manifest", helmReleaseType],
  (resource, { graph }): Violation[] => {
    if (nodeSetupTypes.includes(resource.type))
      return [
        ...setupAuthorization(resource, graph),
        ...kubeadmInstanceFindings(resource, graph, kubeadmAuthorization, "who may do what on its API server and kubelet"),
      ];
    return appliedManifestsOf(graph, resource).flatMap((applied) => [
      ...clusterApiNodeAuthorization(applied),
      ...kubeadmObjectFindings(applied, kubeadmAuthorization),
    ]);
  },
);
