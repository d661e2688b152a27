import { posix } from "node:path";
import type { TfResource } from "../../engine/model";
import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { type WrittenFile, writtenYaml } from "../../lib/cloud-init";
import { instanceType } from "../../lib/openstack";
import { apiServerArgs, isRke2Server, rke2Config, unknownArgument } from "../../lib/rke2";
import { block, isUnknownValue, list, literalString } from "../../lib/values";

/**
 * The namespaces RKE2's own admission configuration exempts in its CIS profile (kube-system, and the namespaces of the
 * compliance operator and of Calico's operator; rke2 pkg/rke2/psa.go, restrictedPSAConfig, which names the compliance
 * operator's compliance-operator-system since March 2026 and cis-operator-system before): the system's, not the
 * warehouse's.
 */
const systemNamespaces = ["kube-system", "cis-operator-system", "compliance-operator-system", "tigera-operator"];

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

export default resourcePolicy(
  {
    id: "rke2-pod-security-not-bypassed",
    title: "An RKE2 cluster's API servers enforce Pod Security on the warehouse's namespaces",
    description: `Flags RKE2 servers whose kube-apiserver-arg disable the PodSecurity admission plugin, and whose admission configuration (the pod-security-admission-config-file their cloud-config writes, or one kube-apiserver-arg names) exempts namespaces other than the system's (${systemNamespaces.join(", ")}), users or runtime classes. A configuration file the cloud-config does not write, or an argument known only at apply, is not evaluable.`,
    rationale:
      "A namespace's pod-security labels are read by the PodSecurity admission plugin only: with the plugin off, or the namespace, the user that creates the pods or their runtime class exempted in the API server's admission configuration, a workspace labelled restricted runs privileged pods, and every label check still passes.",
    remediation:
      "Leave PodSecurity among the admission plugins, and exempt nothing but the system's namespaces in the admission configuration (or leave pod-security-admission-config-file unset: RKE2 writes its own).",
    severity: "critical",
    references: [cite("k8s-pss", "Pod Security Admission: enforce label (K8S-PSS-1)", "secondary"), cite("cis-kubernetes", "5.2.1", "unverified")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  [instanceType],
  (instance: TfResource): Violation[] => {
    const config = rke2Config(instance);
    if (config === undefined) return [];
    if ("unreadable" in config)
      return [{ outcome: "cannot-evaluate", message: `${config.unreadable}: its admission settings cannot be read`, path: "user_data" }];
    const server = isRke2Server(config.values, String(instance.values.user_data));
    if (server === false) return [];
    if (server === undefined)
      return [
        { outcome: "cannot-evaluate", message: "whether the instance runs RKE2's server or its agent cannot be told from its user data", path: "user_data" },
      ];
    const args = apiServerArgs(config.values);
    const unknown = unknownArgument(config.values, "kube-apiserver-arg", args, ["disable-admission-plugins", "admission-control-config-file"]);
    if (unknown)
      return [{ outcome: "cannot-evaluate", message: `${unknown} is known only at apply: whether Pod Security is bypassed cannot be told`, path: "user_data" }];
    const disabled = (args.get("disable-admission-plugins") ?? []).some((value) => value.split(",").includes("PodSecurity"));
    const violations: Violation[] = disabled
      ? [{ message: "kube-apiserver-arg disables the PodSecurity admission plugin: no namespace label is enforced", path: "user_data" }]
      : [];
    // A file kube-apiserver-arg names replaces the one RKE2 passes; RKE2 writes its own when none is named, or an empty
    // name (rke2 pkg/rke2/rke2_linux.go and psa.go, setPSAs: rewritten at every start).
    const named = args.get("admission-control-config-file")?.at(-1) ?? config.values["pod-security-admission-config-file"];
    if (named === undefined || named === "") return violations;
    if (isUnknownValue(named))
      return [...violations, { outcome: "cannot-evaluate", message: "the admission configuration's file is known only at apply", path: "user_data" }];
    const path = String(named);
    const podSecurity = podSecurityConfiguration(path, config.files);
    if ("unreadable" in podSecurity)
      return [
        ...violations,
        { outcome: "cannot-evaluate", message: `the admission configuration: ${podSecurity.unreadable}, so what it exempts cannot be read`, path: "user_data" },
      ];
    return [...violations, ...exemptionViolations(path, podSecurity.configuration)];
  },
);
