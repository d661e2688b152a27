import { posix } from "node:path";
import type { Violation } from "../engine/policy";
import { userDataNotEvaluable, type WrittenFile, writtenYaml } from "./cloud-init";
import { apiServerArgs } from "./rancher-config";
import { argumentNotKnown, leftToUnreadFiles, type RancherNode, runsApiServer, unsettled } from "./rancher-node";
import { block, isUnknownValue, list, literalString } from "./values";

/**
 * The system's namespaces, not the warehouse's: those RKE2's own admission configuration exempts in its CIS profile
 * (kube-system, and the namespaces of the compliance operator and of Calico's operator; rke2 pkg/rke2/psa.go,
 * restrictedPSAConfig, which names the compliance operator's compliance-operator-system since March 2026 and
 * cis-operator-system before), which hold those K3s's hardening guide exempts (docs.k3s.io, security/hardening-guide:
 * kube-system, cis-operator-system).
 */
export const systemNamespaces = ["kube-system", "cis-operator-system", "compliance-operator-system", "tigera-operator"];

/** The file at `path` the cloud-config writes, parsed; or why it cannot be read. */
function writtenDocument(path: string, files: readonly WrittenFile[]): { document: unknown } | { unreadable: string } {
  const file = files.find((candidate) => candidate.path === path);
  return file ? writtenYaml(file) : { unreadable: `${path} is not written by the cloud-config` };
}

/**
 * The Pod Security plugin's configuration in an admission configuration file (apiserver.config.k8s.io
 * AdmissionConfiguration: its PodSecurity plugin's inline configuration, or the file its path names, relative to the
 * admission file's folder), or a PodSecurityConfiguration written alone; or why it cannot be read.
 */
function podSecurityConfiguration(path: string, files: readonly WrittenFile[]): { configuration?: Record<string, unknown> } | { unreadable: string } {
  const admission = writtenDocument(path, files);
  if ("unreadable" in admission) return admission;
  const root = block(admission.document);
  if (root?.kind === "PodSecurityConfiguration") return { configuration: root };
  const plugin = list(root?.plugins)
    .map(block)
    .find((candidate) => candidate?.name === "PodSecurity");
  if (plugin?.configuration !== undefined || typeof plugin?.path !== "string") return { configuration: block(plugin?.configuration) };
  const referenced = writtenDocument(posix.resolve(posix.dirname(path), plugin.path), files);
  return "unreadable" in referenced ? referenced : { configuration: block(referenced.document) };
}

/** What a Pod Security configuration exempts (`file` names where it is written): namespaces beyond the system's, users, runtime classes. */
export function exemptionViolations(file: string, configuration: Record<string, unknown> | undefined, path = "user_data"): Violation[] {
  if (!configuration) return [];
  const exemptions = block(configuration.exemptions) ?? {};
  const named = (key: string) => list(exemptions[key]).map((item) => literalString(item) ?? String(item));
  const namespaces = named("namespaces").filter((namespace) => !systemNamespaces.includes(namespace));
  const found: [string[], string][] = [
    [namespaces, "the namespaces"],
    [named("usernames"), "the pods created by the users"],
    [named("runtimeClasses"), "the pods of the runtime classes"],
  ];
  return found
    .filter(([names]) => names.length > 0)
    .map(([names, what]) => ({
      message: `${file} exempts ${what} ${names.join(", ")} from Pod Security: no profile is enforced on them, whatever their namespace's labels say`,
      path,
    }));
}

/**
 * How an API server's arguments (`args`, as componentArgs reads them) and its admission configuration (the file
 * `named`, among the `files` a node's user data writes) let pods bypass Pod Security: the PodSecurity plugin disabled,
 * and what the configuration exempts (exemptionViolations); not evaluable where the file is not known or not read.
 */
export function podSecurityBypasses(args: ReadonlyMap<string, readonly string[]>, named: unknown, files: readonly WrittenFile[]): Violation[] {
  const disabled = (args.get("disable-admission-plugins") ?? []).some((value) => value.split(",").includes("PodSecurity"));
  const violations: Violation[] = disabled
    ? [{ message: "kube-apiserver-arg disables the PodSecurity admission plugin: no namespace label is enforced", path: "user_data" }]
    : [];
  if (named === undefined || named === "") return violations;
  if (isUnknownValue(named))
    return [...violations, { outcome: "cannot-evaluate", message: "the admission configuration's file is known only at apply", path: "user_data" }];
  const path = String(named);
  const podSecurity = podSecurityConfiguration(path, files);
  if ("unreadable" in podSecurity)
    return [
      ...violations,
      { outcome: "cannot-evaluate", message: `the admission configuration: ${podSecurity.unreadable}, so what it exempts cannot be read`, path: "user_data" },
    ];
  return [...violations, ...exemptionViolations(path, podSecurity.configuration)];
}

/** The API server's flags that decide whether Pod Security applies a namespace's labels. */
export const admissionFlags = ["disable-admission-plugins", "admission-control-config-file"];

/**
 * How a K3s server's API server lets pods bypass Pod Security (podSecurityBypasses): K3s passes no admission
 * configuration of its own, so its kube-apiserver-arg alone decide; not evaluable where one of them is not known here,
 * or left to configuration files not read (a bypass found is said all the same).
 */
export function k3sPodSecurityBypasses(server: RancherNode): Violation[] {
  if (!runsApiServer(server)) return [];
  const args = apiServerArgs(server.values);
  const unknown = argumentNotKnown(server, "kube-apiserver-arg", args, admissionFlags);
  if (unknown) return userDataNotEvaluable(`${unknown} is known only at apply: whether Pod Security is bypassed cannot be told`);
  const bypasses = podSecurityBypasses(args, args.get("admission-control-config-file")?.at(-1), server.files);
  const left = leftToUnreadFiles(server, args, admissionFlags);
  if (left === undefined || bypasses.some((bypass) => bypass.outcome !== "cannot-evaluate")) return bypasses;
  return unsettled(server, left, "whether Pod Security is bypassed");
}

/**
 * How an RKE2 server's API server lets pods bypass Pod Security (podSecurityBypasses): a file kube-apiserver-arg names
 * replaces the admission configuration RKE2 passes, its pod-security-admission-config-file; RKE2 writes its own when
 * none is named, or an empty name (rke2 pkg/rke2/rke2_linux.go and psa.go, setPSAs: rewritten at every start). Not
 * evaluable where an argument is not known here, or left to configuration files not read (a bypass found is said all
 * the same).
 */
export function rke2PodSecurityBypasses(server: RancherNode): Violation[] {
  if (!runsApiServer(server)) return [];
  const args = apiServerArgs(server.values);
  const unknown = argumentNotKnown(server, "kube-apiserver-arg", args, admissionFlags);
  if (unknown) return userDataNotEvaluable(`${unknown} is known only at apply: whether Pod Security is bypassed cannot be told`);
  const named = args.get("admission-control-config-file")?.at(-1) ?? server.values["pod-security-admission-config-file"];
  const bypasses = podSecurityBypasses(args, named, server.files);
  const left = leftToUnreadFiles(server, args, named === undefined ? [...admissionFlags, "pod-security-admission-config-file"] : admissionFlags);
  if (left === undefined || bypasses.some((bypass) => bypass.outcome !== "cannot-evaluate")) return bypasses;
  return unsettled(server, left, "whether Pod Security is bypassed");
}
