import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { userDataNotEvaluable } from "../../lib/cloud-init";
import { nodeSetupTypes, nodeSetupsDescribed } from "../../lib/node-setup";
import { apiServerArgs, namedFileViolations } from "../../lib/rancher-config";
import { argumentNotKnown, eachNode, leftToUnreadFiles, rke2Servers, runsApiServer, unsettled, valueNotKnown } from "../../lib/rancher-node";
import { auditFlags, auditPolicyFault, rotationBelowCis } from "../../lib/kubernetes-audit";
import { literalString } from "../../lib/values";

const recorded = "whether the API server records anything";

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
    description: `Flags RKE2 servers whose API server records nothing, read from their configuration files, their command line (\`rke2 server\`, which wins) and their service's environment (RKE2_CIS_PROFILE, RKE2_AUDIT_POLICY_FILE, which the files override): RKE2 passes it an audit policy only with profile: cis or audit-policy-file set, and a log path only when it passes the policy; kube-apiserver-arg come after RKE2's flags, so an audit-policy-file or an empty audit-log-path there wins. Flags a policy that logs nothing: none written where the API server reads it (RKE2 then writes its own, whose one rule is level None), or one that leaves reads of secrets or changes of role bindings unrecorded (the first rule such a request by an ordinary user matches is level None, or it matches none). Flags kube-apiserver-arg that rotate the log below CIS Kubernetes (audit-log-maxage 30 days, audit-log-maxbackup 10 files, audit-log-maxsize 100 MB). Where the user data writes no configuration file and the command line does not name the audit policy (or its log's destination, where it matters), a configuration file not read here may: not evaluable; so is a policy the user data does not write, or a value known only at apply or expanded by the shell. Servers started with disable-apiserver run no API server. ${nodeSetupsDescribed}`,
    rationale:
      "Every change of access rights and every access to secrets must leave a trace that the log store keeps for the required retention. RKE2 turns the audit log on, but its default policy records no request: the log file exists and stays empty.",
    remediation: `Set profile: cis or audit-policy-file in the servers' RKE2 configuration, and write an audit policy that records at least Metadata there (${defaultPolicyFile} under the CIS profile) from their cloud-config.`,
    severity: "high",
    references: [cite("secnumcloud-3.2", "12.6.b"), cite("cnil-eds-2021", "ch. 10 (traceability)", "secondary"), cite("cis-kubernetes", "1.2.16-1.2.19")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  nodeSetupTypes,
  (resource, { graph }): Violation[] =>
    eachNode(rke2Servers(resource, graph), "the audit policy cannot be found", (server): Violation[] => {
      if (!runsApiServer(server)) return [];
      const { values } = server;
      const notKnown = (value: unknown) => valueNotKnown(server, value);
      if (notKnown(values["audit-policy-file"])) return userDataNotEvaluable("RKE2's audit-policy-file is known only at apply");
      if (!literalString(values["audit-policy-file"]) && notKnown(values.profile))
        return userDataNotEvaluable("RKE2's profile is known only at apply: whether it audits cannot be told");
      const args = apiServerArgs(values);
      const unknown = argumentNotKnown(server, "kube-apiserver-arg", args, auditFlags);
      if (unknown) return userDataNotEvaluable(`${unknown} is known only at apply: what the API server records cannot be told`);
      if (leftToUnreadFiles(server, args, ["audit-policy-file"])) return unsettled(server, "audit-policy-file", recorded);
      const rotation = rotationBelowCis((flag) => args.get(flag)?.at(-1), "kube-apiserver-arg").map((message) => ({ message, path: "user_data" }));
      const { policyFile, ownPolicy, backend } = auditSetup(values, args);
      if (!policyFile)
        return [
          {
            message: `RKE2 gives the API server no audit policy (${args.has("audit-policy-file") ? "kube-apiserver-arg empties audit-policy-file" : "its profile is not cis and audit-policy-file is unset"}): no request is recorded`,
            path: "user_data",
          },
        ];
      if (!backend) {
        const left = leftToUnreadFiles(server, args, ["audit-log-path", "audit-webhook-config-file"]);
        if (left) return unsettled(server, left, recorded);
        return [
          {
            message: `the API server's audit log goes nowhere: ${args.has("audit-log-path") ? "kube-apiserver-arg empties audit-log-path" : "audit-log-path is unset (RKE2 sets it only with its own audit policy)"} and no audit webhook is configured`,
            path: "user_data",
          },
          ...rotation,
        ];
      }
      const file = server.files.find((candidate) => candidate.path === policyFile);
      // RKE2 writes its policy (one rule, level None) where it passes one and finds none (pkg/podtemplate, WriteDefaultPolicyFile).
      if (!file && policyFile === ownPolicy)
        return [
          { message: `no audit policy is written at ${policyFile}: RKE2 writes its own, which logs nothing (level None)`, path: "user_data" },
          ...rotation,
        ];
      return [...namedFileViolations("audit policy", policyFile, server.files, auditPolicyFault), ...rotation];
    }),
);
