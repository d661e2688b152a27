import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { parseGoYaml } from "../../lib/go-yaml";
import { instanceType } from "../../lib/openstack";
import { isRke2Server, rke2Config } from "../../lib/rke2";
import { isUnknownValue, list, literalString } from "../../lib/values";

/** Where RKE2 reads the API server's audit policy unless told otherwise, and writes its own when it finds none. */
const defaultPolicyFile = "/etc/rancher/rke2/audit-policy.yaml";

/** What narrows an audit rule to some requests (audit.k8s.io/v1 PolicyRule). */
const ruleFilters = ["users", "userGroups", "verbs", "resources", "namespaces", "nonResourceURLs"];

/**
 * Whether an audit policy records some request: the first rule a request matches sets its level (Kubernetes, "Audit
 * policy": rules are evaluated in order), so a level other than None counts only before a rule that matches every
 * request at level None.
 */
function recordsSomething(rules: readonly Record<string, unknown>[]): boolean {
  for (const rule of rules) {
    const level = literalString(rule.level);
    if (level !== undefined && level !== "None") return true;
    if (!ruleFilters.some((filter) => list(rule[filter]).length > 0)) return false;
  }
  return false;
}

export default resourcePolicy(
  {
    id: "rke2-audit-log-enabled",
    title: "An RKE2 cluster's API servers record an audit trail",
    description:
      "Flags RKE2 servers (instances whose cloud-config writes an RKE2 server configuration) whose audit policy logs nothing: the cloud-config writes no policy where the configuration's audit-policy-file says (RKE2 then writes its own, whose one rule is level None), or writes one whose every rule is level None.",
    rationale:
      "Every change of access rights and every access to secrets must leave a trace that the log store keeps for the required retention. RKE2 turns the audit log on, but its default policy records no request: the log file exists and stays empty.",
    remediation: `Write an audit policy that records at least Metadata (${defaultPolicyFile}, or the file audit-policy-file names) from the servers' cloud-config.`,
    severity: "high",
    references: [cite("secnumcloud-3.2", "12.6.b"), cite("cnil-eds-2021", "ch. 10 (traceability)", "secondary"), cite("cis-kubernetes", "1.2.16-1.2.19")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  [instanceType],
  (instance): Violation[] => {
    const config = rke2Config(instance.values.user_data);
    if (config === undefined) return [];
    if ("unreadable" in config) return [{ outcome: "cannot-evaluate", message: `${config.unreadable}: the audit policy cannot be found`, path: "user_data" }];
    const server = isRke2Server(config.values, String(instance.values.user_data));
    if (server === false) return [];
    if (server === undefined)
      return [
        { outcome: "cannot-evaluate", message: "whether the instance runs RKE2's server or its agent cannot be told from its user data", path: "user_data" },
      ];
    const written = config.values["audit-policy-file"];
    if (isUnknownValue(written)) return [{ outcome: "cannot-evaluate", message: "RKE2's audit-policy-file is known only at apply", path: "user_data" }];
    const path = literalString(written) ?? defaultPolicyFile;
    const file = config.files.find((candidate) => candidate.path === path);
    // RKE2's hardening guide (docs.rke2.io, security/hardening_guide, "API Server audit configuration").
    if (!file)
      return [{ message: `the cloud-config writes no audit policy at ${path}: RKE2 writes its own, which logs nothing (level None)`, path: "user_data" }];
    if (file.content === undefined)
      return [{ outcome: "cannot-evaluate", message: `${path} is written compressed: its rules cannot be read`, path: "user_data" }];
    let policy: unknown;
    try {
      policy = parseGoYaml(file.content);
    } catch {
      return [{ outcome: "cannot-evaluate", message: `${path} is not YAML this check can read`, path: "user_data" }];
    }
    const rules = list((policy as { rules?: unknown } | null)?.rules).map((rule) =>
      typeof rule === "object" && rule !== null ? (rule as Record<string, unknown>) : {},
    );
    if (recordsSomething(rules)) return [];
    return [
      {
        message: `the audit policy at ${path} logs nothing: ${rules.length === 0 ? "it has no rule" : "no request reaches a rule that records it"}`,
        path: "user_data",
      },
    ];
  },
);
