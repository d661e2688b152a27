import { posix } from "node:path";
import type { Violation } from "../engine/policy";
import { type WrittenFile, writtenYaml } from "./cloud-init";
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

/** What a Pod Security configuration exempts: namespaces beyond the system's, users, runtime classes. */
function exemptionViolations(file: string, configuration: Record<string, unknown> | undefined): Violation[] {
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
      path: "user_data",
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
