import type { Violation } from "../engine/policy";
import { userDataNotEvaluable } from "./cloud-init";
import { apiServerArgs, namedFileViolations } from "./rancher-config";
import { argumentNotKnown, leftToUnreadFiles, type Placed, type RancherNode, runsApiServer, unsettled, valueNotKnown } from "./rancher-node";
import { isUnknown, list, literalNumber, literalString } from "./values";

/**
 * The audit log's rotation CIS Kubernetes 1.2.17-1.2.19 asks for at least: days kept, files kept, megabytes per file,
 * by the API server's flag (audit-log-maxage, -maxbackup, -maxsize) and the Magnum label that sets it.
 */
export const auditLogRotation = [
  { flag: "audit-log-maxage", label: "audit_log_max_age", least: 30 },
  { flag: "audit-log-maxbackup", label: "audit_log_max_backup", least: 10 },
  { flag: "audit-log-maxsize", label: "audit_log_max_size", least: 100 },
] as const;

/** A request the audit trail must hold: who it is by, what it does to what. */
export interface AuditedRequest {
  readonly what: string;
  readonly verb: string;
  readonly group: string;
  readonly resource: string;
}

/** What the security concerns of an audit trail are (reading secrets, granting rights), as requests by an ordinary user in a namespace. */
export const securityRequests: readonly AuditedRequest[] = [
  { what: "reads of secrets", verb: "get", group: "", resource: "secrets" },
  { what: "changes of role bindings", verb: "create", group: "rbac.authorization.k8s.io", resource: "rolebindings" },
];

/**
 * Whether an audit rule matches the request (audit.k8s.io/v1 PolicyRule: every filter it writes must match, an empty
 * one matches all): a rule for named users or groups other than system:authenticated, for named namespaces or objects,
 * or for non-resource URLs does not match an ordinary user's request in any namespace.
 */
function ruleMatches(rule: Readonly<Record<string, unknown>>, request: AuditedRequest): boolean {
  const strings = (value: unknown) => list(value).map((item) => literalString(item) ?? "");
  if (strings(rule.users).length > 0) return false;
  const groups = strings(rule.userGroups);
  if (groups.length > 0 && !groups.includes("system:authenticated")) return false;
  const verbs = strings(rule.verbs);
  if (verbs.length > 0 && !verbs.includes(request.verb) && !verbs.includes("*")) return false;
  if (strings(rule.namespaces).length > 0 || strings(rule.nonResourceURLs).length > 0) return false;
  const resources = list(rule.resources).map((entry) => (typeof entry === "object" && entry !== null ? (entry as Record<string, unknown>) : {}));
  return (
    resources.length === 0 ||
    resources.some((entry) => {
      const kinds = strings(entry.resources);
      // An entry for named objects (resourceNames) matches requests for those only, not any secret or binding.
      return (
        (literalString(entry.group) ?? "") === request.group &&
        (kinds.length === 0 || kinds.includes(request.resource) || kinds.includes("*")) &&
        strings(entry.resourceNames).length === 0
      );
    })
  );
}

/** The level at which a policy records the request: that of the first rule it matches, None when it matches none (Kubernetes, "Auditing"). */
export function auditLevel(rules: readonly Readonly<Record<string, unknown>>[], request: AuditedRequest): string {
  return literalString(rules.find((rule) => ruleMatches(rule, request))?.level) ?? "None";
}

/** The API server's flags that decide what it records and how long it keeps it. */
export const auditFlags = ["audit-policy-file", "audit-log-path", "audit-webhook-config-file", ...auditLogRotation.map(({ flag }) => flag)];

/** What each rotation flag set below what CIS asks says, by what sets it (`kube-apiserver-arg`, `extraArgs`). */
export function rotationBelowCis(setTo: (flag: string) => unknown, setBy: string): string[] {
  return auditLogRotation.flatMap(({ flag, least }) => {
    const set = literalNumber(setTo(flag));
    return set !== undefined && set < least ? [`${setBy} sets ${flag}=${set}, below the ${least} CIS Kubernetes asks`] : [];
  });
}

/** The levels an audit rule may have (k8s.io/apiserver pkg/apis/audit/validation, validateLevel: a rule without one is refused too). */
const auditLevels: readonly string[] = ["None", "Metadata", "Request", "RequestResponse"];

/**
 * What is wrong with an audit policy (its YAML document), in words after its name: a rule at a level the API server
 * refuses, when it then does not start (`sets level "metadata" in rule 1, ...`), or what it leaves unrecorded of the
 * security requests (`does not record reads of secrets: ...`); what is known only at apply of the level it records them
 * at; undefined where it records them all.
 */
export function auditPolicyFault(document: unknown): string | { readonly unknown: string } | undefined {
  const rules = list((document as { rules?: unknown } | null)?.rules).map((rule) =>
    typeof rule === "object" && rule !== null ? (rule as Record<string, unknown>) : {},
  );
  const refused = rules.findIndex((rule) => !isUnknown(rule.level) && !auditLevels.includes(String(rule.level ?? "")));
  if (refused !== -1) {
    const level = rules[refused]!.level;
    return `${level === undefined ? "gives rule" : `sets level ${JSON.stringify(level)} in rule`} ${refused + 1}${level === undefined ? " no level" : ""}, which the API server refuses (a rule's level is None, Metadata, Request or RequestResponse): it does not start`;
  }
  const unknownLevel = securityRequests.find((request) => isUnknown(rules.find((rule) => ruleMatches(rule, request))?.level));
  if (unknownLevel) return { unknown: `the level it records ${unknownLevel.what} at is known only at apply` };
  const unrecorded = securityRequests.filter((request) => auditLevel(rules, request) === "None").map((request) => request.what);
  return unrecorded.length === 0
    ? undefined
    : `does not record ${unrecorded.join(" nor ")}: ${rules.length === 0 ? "it has no rule" : "they reach no rule, or one at level None"}`;
}

/**
 * What a K3s server's API server records (`placed` points each finding, by what it is about): K3s gives it no audit
 * flag of its own, so kube-apiserver-arg must name an audit-policy-file, whose file must record reads of secrets and
 * changes of role bindings (auditPolicyFault), and an audit-log-path or an audit webhook; rotation below CIS
 * Kubernetes is flagged. Not evaluable where an argument is not known here, or left to configuration files not read.
 */
export function k3sAuditViolations(server: RancherNode, placed: Placed): Violation[] {
  if (!runsApiServer(server)) return [];
  const args = apiServerArgs(server.values);
  const onArgs = (violations: Violation[]) => violations.map((each) => placed("args", each));
  const unknown = argumentNotKnown(server, "kube-apiserver-arg", args, auditFlags);
  if (unknown) return onArgs(userDataNotEvaluable(`${unknown} is known only at apply: what the API server records cannot be told`));
  const last = (flag: string) => args.get(flag)?.at(-1);
  const recorded = "whether the API server records anything";
  const rotation = onArgs(rotationBelowCis(last, "kube-apiserver-arg").map((message) => ({ message, path: "user_data" })));
  const policyFile = last("audit-policy-file");
  if (leftToUnreadFiles(server, args, ["audit-policy-file"])) return onArgs(unsettled(server, "audit-policy-file", recorded));
  if (!policyFile) {
    const why =
      policyFile === "" ? "kube-apiserver-arg empties audit-policy-file" : "kube-apiserver-arg sets no audit-policy-file, and K3s sets none of its own";
    return onArgs([{ message: `K3s gives the API server no audit policy (${why}): no request is recorded`, path: "user_data" }]);
  }
  if (!last("audit-log-path") && !last("audit-webhook-config-file")) {
    const left = leftToUnreadFiles(server, args, ["audit-log-path", "audit-webhook-config-file"]);
    if (left) return onArgs(unsettled(server, left, recorded));
    const why = args.has("audit-log-path") ? "kube-apiserver-arg empties audit-log-path" : "kube-apiserver-arg sets no audit-log-path";
    return [...onArgs([{ message: `the API server's audit log goes nowhere: ${why} and no audit webhook is configured`, path: "user_data" }]), ...rotation];
  }
  return [...namedFileViolations("audit policy", policyFile, server.files, auditPolicyFault).map((each) => placed("files", each)), ...rotation];
}

/** Where RKE2 writes and reads the API server's audit policy in its CIS profile when audit-policy-file is unset. */
export const rke2DefaultPolicyFile = "/etc/rancher/rke2/audit-policy.yaml";

/**
 * Whether RKE2 runs in its CIS profile: `cis` today, `cis-1.x` in the releases that named a benchmark (rke2
 * pkg/rke2/rke2.go, profileMode; an unknown profile stops RKE2 from starting).
 */
const isCisProfile = (profile: string | undefined): boolean => profile === "cis" || (profile?.startsWith("cis-") ?? false);

/**
 * The audit policy file and log backend RKE2 gives the API server (rke2 pkg/executor/staticpod/staticpod.go,
 * APIServer): its own audit flags only when audit-policy-file is set or the profile is CIS (then the default file), with
 * a log path of its own unless kube-apiserver-arg sets one; kube-apiserver-arg come after its flags, so theirs win.
 */
function rke2AuditSetup(
  values: Readonly<Record<string, unknown>>,
  args: ReadonlyMap<string, readonly string[]>,
): { policyFile?: string; ownPolicy?: string; backend: boolean } {
  const named = literalString(values["audit-policy-file"]);
  const ownPolicy = named || (isCisProfile(literalString(values.profile)) ? rke2DefaultPolicyFile : undefined);
  const policyFile = args.get("audit-policy-file")?.at(-1) ?? ownPolicy;
  const logPath = args.get("audit-log-path")?.at(-1);
  const logged = logPath === undefined ? ownPolicy !== undefined : logPath !== "";
  return { policyFile: policyFile || undefined, ownPolicy, backend: logged || Boolean(args.get("audit-webhook-config-file")?.at(-1)) };
}

/**
 * What an RKE2 server's API server records (`placed` points each finding, by what it is about): RKE2 passes it an
 * audit policy only with profile: cis or audit-policy-file set (rke2AuditSetup), where none is written it writes its
 * own, whose one rule is level None (pkg/podtemplate, WriteDefaultPolicyFile); a policy written must record reads of
 * secrets and changes of role bindings (auditPolicyFault); rotation below CIS Kubernetes is flagged. Not evaluable
 * where a value or an argument is not known here, or left to configuration files not read.
 */
export function rke2AuditViolations(server: RancherNode, placed: Placed): Violation[] {
  if (!runsApiServer(server)) return [];
  const { values } = server;
  const onArgs = (violations: Violation[]) => violations.map((each) => placed("args", each));
  const notKnown = (value: unknown) => valueNotKnown(server, value);
  const recorded = "whether the API server records anything";
  if (notKnown(values["audit-policy-file"])) return onArgs(userDataNotEvaluable("RKE2's audit-policy-file is known only at apply"));
  if (!literalString(values["audit-policy-file"]) && notKnown(values.profile))
    return onArgs(userDataNotEvaluable("RKE2's profile is known only at apply: whether it audits cannot be told"));
  const args = apiServerArgs(values);
  const unknown = argumentNotKnown(server, "kube-apiserver-arg", args, auditFlags);
  if (unknown) return onArgs(userDataNotEvaluable(`${unknown} is known only at apply: what the API server records cannot be told`));
  if (leftToUnreadFiles(server, args, ["audit-policy-file"])) return onArgs(unsettled(server, "audit-policy-file", recorded));
  const rotation = onArgs(rotationBelowCis((flag) => args.get(flag)?.at(-1), "kube-apiserver-arg").map((message) => ({ message, path: "user_data" })));
  const { policyFile, ownPolicy, backend } = rke2AuditSetup(values, args);
  if (!policyFile) {
    const why = args.has("audit-policy-file") ? "kube-apiserver-arg empties audit-policy-file" : "its profile is not cis and audit-policy-file is unset";
    return onArgs([{ message: `RKE2 gives the API server no audit policy (${why}): no request is recorded`, path: "user_data" }]);
  }
  if (!backend) {
    const left = leftToUnreadFiles(server, args, ["audit-log-path", "audit-webhook-config-file"]);
    if (left) return onArgs(unsettled(server, left, recorded));
    const why = args.has("audit-log-path")
      ? "kube-apiserver-arg empties audit-log-path"
      : "audit-log-path is unset (RKE2 sets it only with its own audit policy)";
    return [...onArgs([{ message: `the API server's audit log goes nowhere: ${why} and no audit webhook is configured`, path: "user_data" }]), ...rotation];
  }
  const onFiles = (violations: Violation[]) => violations.map((each) => placed("files", each));
  if (!server.files.some((candidate) => candidate.path === policyFile) && policyFile === ownPolicy)
    return [
      ...onFiles([{ message: `no audit policy is written at ${policyFile}: RKE2 writes its own, which logs nothing (level None)`, path: "user_data" }]),
      ...rotation,
    ];
  return [...onFiles(namedFileViolations("audit policy", policyFile, server.files, auditPolicyFault)), ...rotation];
}
