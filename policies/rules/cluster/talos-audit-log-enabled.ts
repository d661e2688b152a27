import { cite, configurationPolicy, type Violation } from "../../engine/policy";
import { auditFlags, auditPolicyFault, rotationBelowCis } from "../../lib/kubernetes-audit";
import { cannotTell, extraArgValues, type TalosControlPlane, talosControlPlanes, talosFinding } from "../../lib/talos";
import {
  apiServerArgs,
  auditPolicy,
  type ContractedMachine,
  judgedAcrossContracts,
  flagsAt,
  settingAt,
  settingName,
  configurationsRead,
} from "../../lib/talos-settings";

/**
 * Talos passes its API server an audit policy file it writes from cluster.apiServer.auditPolicy, or, where that is
 * empty, from its own, which records every request at Metadata (v1alpha1 APIServerDefaultAuditPolicy), an audit log in
 * /var/log/audit/kube, and rotation of 30 days, 10 files and 100 MB; the patches' extraArgs may replace each of these
 * flags (internal/app/machined/pkg/controllers/k8s/control_plane_final.go). From Talos 1.14 on, the policy is
 * KubeAuditPolicyConfig's configuration, generated the same (types/k8s/audit_policy.go, DefaultAuditPolicyConfig).
 */
const generatedAuditPolicy = { apiVersion: "audit.k8s.io/v1", kind: "Policy", rules: [{ level: "Metadata" }] };

/** What a Talos control plane's API server leaves unrecorded: a policy that records no read of secrets or change of role bindings, a log that goes nowhere, rotation below CIS. */
function auditGaps(controlPlane: ContractedMachine<TalosControlPlane>): Violation[] {
  const notKnown = cannotTell(controlPlane, "what the API server records");
  const args = flagsAt(controlPlane, apiServerArgs, auditFlags);
  const argsNamed = settingName(controlPlane, apiServerArgs);
  if ("notKnown" in args) return notKnown(args.notKnown, args.written);
  const flag = (name: string) => extraArgValues(args.value, name).at(-1);
  const rotation = rotationBelowCis(flag, argsNamed).map((message) => talosFinding(controlPlane, message));
  const logPath = flag("audit-log-path");
  const gone =
    logPath === "" && !flag("audit-webhook-config-file")
      ? [talosFinding(controlPlane, `the API server's audit log goes nowhere: ${argsNamed} empties audit-log-path and no audit webhook is configured`)]
      : [];
  const file = flag("audit-policy-file");
  if (file !== undefined)
    return [...gone, ...rotation, ...notKnown(`${argsNamed} names an audit policy file of its own, ${file || "empty"}, in place of Talos's, not read here`)];
  const policy = settingAt(controlPlane, auditPolicy, generatedAuditPolicy);
  if ("notKnown" in policy) return [...gone, ...rotation, ...notKnown(policy.notKnown, policy.written)];
  const fault = auditPolicyFault(policy.value);
  const faults =
    typeof fault === "string"
      ? [talosFinding(controlPlane, `the audit policy (${settingName(controlPlane, auditPolicy)}) ${fault}`)]
      : fault
        ? notKnown(fault.unknown)
        : [];
  return [...gone, ...faults, ...rotation];
}

export default configurationPolicy(
  {
    id: "talos-audit-log-enabled",
    title: "A Talos cluster's control planes record an audit trail",
    description: `Flags the control planes' machine configurations of a Talos cluster (the siderolabs/talos provider's talos_machine_configuration of machine type controlplane, or v0.1's talos_machine_configuration_controlplane, with the patches of the talos_machine_configuration_apply that applies it after its own) whose audit policy (cluster.apiServer.auditPolicy, which a patch replaces whole; Talos's own records every request at Metadata) leaves reads of secrets or changes of role bindings unrecorded, whose extraArgs empty audit-log-path with no audit webhook, or set rotation below CIS Kubernetes (audit-log-maxage 30 days, audit-log-maxbackup 10 files, audit-log-maxsize 100 MB, which Talos sets). An audit policy file named in extraArgs, or a patch known only at apply, is not evaluable. ${configurationsRead}`,
    rationale:
      "Every change of access rights and every access to secrets must leave a trace that the log store keeps for the required retention. Talos records them unless a patch gives a policy that does not, or sends the log nowhere.",
    remediation:
      "Leave cluster.apiServer.auditPolicy to Talos, or write one whose rules record secrets and role bindings at Metadata at least; leave audit-log-path and the rotation flags out of cluster.apiServer.extraArgs.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "12.6.b"), cite("cnil-eds-2021", "ch. 10 (traceability)", "secondary"), cite("cis-kubernetes", "1.2.16-1.2.19")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  (_configuration, { graph }): Violation[] => talosControlPlanes(graph).flatMap((controlPlane) => judgedAcrossContracts(controlPlane, auditGaps)),
);
