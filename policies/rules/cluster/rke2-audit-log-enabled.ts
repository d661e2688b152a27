import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { writtenFileViolations } from "../../lib/cloud-init";
import { instanceType } from "../../lib/openstack";
import { apiServerArgs, isRke2Server, rke2Config, unknownArgument } from "../../lib/rke2";
import { auditFlags, auditPolicyFault, rotationBelowCis } from "../../lib/kubernetes-audit";
import { isUnknownValue, literalString } from "../../lib/values";

/** Where RKE2 writes and reads the API server's audit policy in its CIS profile when audit-policy-file is unset. */
const defaultPolicyFile = "/etc/rancher/rke2/audit-policy.yaml";

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
function auditSetup(
  values: Readonly<Record<string, unknown>>,
  args: ReadonlyMap<string, readonly string[]>,
): { policyFile?: string; ownPolicy?: string; backend: boolean } {
  const named = literalString(values["audit-policy-file"]);
  const ownPolicy = named || (isCisProfile(literalString(values.profile)) ? defaultPolicyFile : undefined);
  const policyFile = args.get("audit-policy-file")?.at(-1) ?? ownPolicy;
  const logPath = args.get("audit-log-path")?.at(-1);
  const logged = logPath === undefined ? ownPolicy !== undefined : logPath !== "";
  return { policyFile: policyFile || undefined, ownPolicy, backend: logged || Boolean(args.get("audit-webhook-config-file")?.at(-1)) };
}

export default resourcePolicy(
  {
    id: "rke2-audit-log-enabled",
    title: "An RKE2 cluster's API servers record an audit trail",
    description:
      "Flags RKE2 servers (instances whose cloud-config writes an RKE2 server configuration) whose API server records nothing: RKE2 passes it an audit policy only with profile: cis or audit-policy-file set, and a log path only when it passes the policy; kube-apiserver-arg come after RKE2's flags, so an audit-policy-file or an empty audit-log-path there wins. Flags a policy that logs nothing: none written where the API server reads it (RKE2 then writes its own, whose one rule is level None), or one that leaves reads of secrets or changes of role bindings unrecorded (the first rule such a request by an ordinary user matches is level None, or it matches none). Flags kube-apiserver-arg that rotate the log below CIS Kubernetes (audit-log-maxage 30 days, audit-log-maxbackup 10 files, audit-log-maxsize 100 MB).",
    rationale:
      "Every change of access rights and every access to secrets must leave a trace that the log store keeps for the required retention. RKE2 turns the audit log on, but its default policy records no request: the log file exists and stays empty.",
    remediation: `Set profile: cis or audit-policy-file in the servers' RKE2 configuration, and write an audit policy that records at least Metadata there (${defaultPolicyFile} under the CIS profile) from their cloud-config.`,
    severity: "high",
    references: [cite("secnumcloud-3.2", "12.6.b"), cite("cnil-eds-2021", "ch. 10 (traceability)", "secondary"), cite("cis-kubernetes", "1.2.16-1.2.19")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  [instanceType],
  (instance): Violation[] => {
    const config = rke2Config(instance);
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
    if (!literalString(written) && isUnknownValue(config.values.profile))
      return [{ outcome: "cannot-evaluate", message: "RKE2's profile is known only at apply: whether it audits cannot be told", path: "user_data" }];
    const args = apiServerArgs(config.values);
    const unknown = unknownArgument(config.values, "kube-apiserver-arg", args, auditFlags);
    if (unknown)
      return [{ outcome: "cannot-evaluate", message: `${unknown} is known only at apply: what the API server records cannot be told`, path: "user_data" }];
    const rotation = rotationBelowCis((flag) => args.get(flag)?.at(-1), "kube-apiserver-arg").map((message) => ({ message, path: "user_data" }));
    const { policyFile, ownPolicy, backend } = auditSetup(config.values, args);
    if (!policyFile)
      return [
        {
          message: `RKE2 gives the API server no audit policy (${args.has("audit-policy-file") ? "kube-apiserver-arg empties audit-policy-file" : "its profile is not cis and audit-policy-file is unset"}): no request is recorded`,
          path: "user_data",
        },
      ];
    if (!backend)
      return [
        {
          message: `the API server's audit log goes nowhere: ${args.has("audit-log-path") ? "kube-apiserver-arg empties audit-log-path" : "audit-log-path is unset (RKE2 sets it only with its own audit policy)"} and no audit webhook is configured`,
          path: "user_data",
        },
        ...rotation,
      ];
    const file = config.files.find((candidate) => candidate.path === policyFile);
    // RKE2 writes its policy (one rule, level None) where it passes one and finds none (pkg/podtemplate, WriteDefaultPolicyFile).
    if (!file && policyFile === ownPolicy)
      return [
        { message: `the cloud-config writes no audit policy at ${policyFile}: RKE2 writes its own, which logs nothing (level None)`, path: "user_data" },
        ...rotation,
      ];
    if (!file)
      return [
        {
          outcome: "cannot-evaluate",
          message: `the audit policy kube-apiserver-arg names, ${policyFile}, is not written by the cloud-config`,
          path: "user_data",
        },
      ];
    return [...writtenFileViolations("audit policy", file, auditPolicyFault), ...rotation];
  },
);
