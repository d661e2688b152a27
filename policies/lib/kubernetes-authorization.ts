import { type ComponentFinding, found, fromFiles, notTold } from "./component-findings";
import { type KubeletConfigFlags, type KubeletConfigRead, kubeletSettingsTaken } from "./kubelet-config";

/**
 * Who may do what on a cluster's API server and on its kubelets, as their flags decide it (CIS Kubernetes 1.2.6-1.2.8,
 * 4.2.1-4.2.2, 4.2.4). Read in kubernetes at v1.34: pkg/kubeapiserver/options/authorization.go (--authorization-mode, a
 * string slice, every copy adding to the list: pflag), staging/src/k8s.io/apiserver/pkg/authorization/union (the
 * union of the authorizers allows a request as soon as one does), cmd/kubelet/app/options/options.go
 * (--anonymous-auth and --authorization-mode, one value each, the last copy winning, and winning over the kubelet's
 * configuration file) and pkg/kubelet/apis/config/v1beta1 defaults (a configuration file that sets neither refuses
 * anonymous requests and asks the API server: Webhook).
 */

/** The values Go's strconv.ParseBool reads as true, which a boolean flag takes. */
const goTrue = new Set(["1", "t", "T", "TRUE", "true", "True"]);

/** An integer flag's value as pflag reads it (strconv.ParseInt, base 0: decimal, 0x, 0o or 0 for octal, 0b), and its zero. */
const goInteger = /^[+-]?(?:0[xX][0-9a-fA-F_]+|0[oO]?[0-7_]*|0[bB][01_]+|[1-9][0-9_]*)$/;
const goZero = /^[+-]?(?:0[xXoObB]?)0*$/;

/** The authorizers a distribution gives kube-apiserver where its flags name none: kubeadm's and K3s's (and RKE2's, K3s's code). */
const distributionModes = ["Node", "RBAC"];

/**
 * What lets kube-apiserver's authorizers through a request they should refuse, from its flags (`modes`, each copy of
 * --authorization-mode as written; `defaultsKept`, whether the distribution's Node,RBAC stay before them, as K3s keeps
 * them for a copy written `authorization-mode+=`): AlwaysAllow among them allows every request whatever the others
 * say; without RBAC, the Roles and bindings the cluster's access is written in grant nothing and other authorizers
 * decide; without Node, kubelets are not held to their own node's objects. A file of authorizers named by
 * --authorization-config (`configFile`) is not read here.
 */
export function apiServerAuthorization(modes: readonly string[], defaultsKept: boolean, configFile: string | undefined): ComponentFinding[] {
  if (modes.length === 0)
    return configFile === undefined ? [] : [notTold(`kube-apiserver's authorizers are those of ${configFile}, its authorization-config, not read here`)];
  const listed = [...(defaultsKept ? distributionModes : []), ...modes.flatMap((written) => written.split(","))];
  const shown = `authorization-mode ${listed.join(",")}`;
  if (listed.includes("AlwaysAllow"))
    return [found(`kube-apiserver authorizes every request (${shown}): AlwaysAllow allows what the other authorizers refuse`)];
  const missing = distributionModes.filter((mode) => !listed.includes(mode));
  if (missing.length === 0) return [];
  const without = {
    RBAC: "the Roles and bindings the cluster's access is written in grant nothing, and other authorizers decide",
    Node: "kubelets are not held to their own node's Pods, Secrets and volumes",
  } as const;
  return [
    found(
      `kube-apiserver's authorizers leave out ${missing.join(" and ")} (${shown}): ${missing.map((mode) => without[mode as keyof typeof without]).join("; ")}`,
    ),
  ];
}
/**
 * The kubelet's settings that decide who it serves: each one's flag, its place in a KubeletConfiguration, the values
 * (of the flag, of the file) that let a request through, and what that does, said of where it is set.
 */
const kubeletSettings = [
  {
    flag: "anonymous-auth",
    field: ["authentication", "anonymous", "enabled"],
    letsThrough: { flag: (value: string) => goTrue.has(value), file: (value: unknown) => value === true },
    says: (setting: string) => `the kubelet accepts anonymous requests (${setting})`,
  },
  {
    flag: "authorization-mode",
    field: ["authorization", "mode"],
    letsThrough: { flag: (value: string) => value === "AlwaysAllow", file: (value: unknown) => value === "AlwaysAllow" },
    says: (setting: string) => `the kubelet authorizes every request (${setting}): whoever reaches its port runs commands in the node's pods`,
  },
  {
    // A configuration file's readOnlyPort defaults to 0 (pkg/kubelet/apis/config/v1beta1); the flag's 10255 is a
    // legacy default only for a kubelet run without one (cmd/kubelet/app/options, applyLegacyDefaults).
    flag: "read-only-port",
    field: ["readOnlyPort"],
    letsThrough: { flag: (value: string) => goInteger.test(value) && !goZero.test(value), file: (value: unknown) => typeof value === "number" && value !== 0 },
    says: (setting: string) =>
      `the kubelet serves its read-only port without authentication or authorization (${setting}): whoever reaches it reads the node's pods and their specs`,
  },
] as const;

/** The API server's flags apiServerAuthorization reads. */
export const apiServerAuthorizationFlags = ["authorization-mode", "authorization-config"];

/** The kubelet's flags kubeletAuthorization reads. */
export const kubeletAuthorizationFlags = [...kubeletSettings.map(({ flag }) => flag), "config", "config-dir"];

/**
 * What lets a kubelet serve a request it should refuse, from its flags (`args`, each copy in order: the last one
 * counts), which win over its configuration: anonymous requests accepted, every request authorized (AlwaysAllow), or
 * a read-only port that serves without asking who.
 * A setting its flags leave unset is read from the sources of its settings (kubeletSettingsTaken: `configOf`, given
 * what its config and config-dir flags name), the last one that sets it winning.
 */
export function kubeletAuthorization(
  args: ReadonlyMap<string, readonly string[]>,
  configOf: (flags: KubeletConfigFlags) => KubeletConfigRead,
): ComponentFinding[] {
  const onFlags = kubeletSettings.flatMap((setting) => {
    const value = args.get(setting.flag)?.at(-1);
    return value !== undefined && setting.letsThrough.flag(value) ? [found(setting.says(`${setting.flag}=${value}`))] : [];
  });
  const read = kubeletSettingsTaken(args, kubeletSettings, configOf);
  if ("notTold" in read) return [...onFlags, fromFiles(notTold(read.notTold))];
  const inFiles: ComponentFinding[] = [];
  for (const setting of kubeletSettings) {
    const taken = read.taken(setting.flag);
    if ("flagged" in taken) continue;
    const field = setting.field.join(".");
    if ("unknownIn" in taken) return [...onFlags, ...inFiles, fromFiles(notTold(`${field} in ${taken.unknownIn} is not known here`))];
    if (setting.letsThrough.file(taken.value)) inFiles.push(fromFiles(found(setting.says(`${field}: ${String(taken.value)} in ${taken.named}`))));
  }
  return [...onFlags, ...inFiles];
}
