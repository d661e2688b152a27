import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { writtenYaml } from "../../lib/cloud-init";
import { instanceType } from "../../lib/openstack";
import { apiServerArgs, isRke2Server, rke2Config } from "../../lib/rke2";
import { auditLevel, auditLogRotation, securityRequests } from "../../lib/kubernetes-audit";
import { isUnknownValue, list, literalNumber, literalString } from "../../lib/values";

/** Where RKE2 reads the API server's audit policy unless told otherwise, and writes its own when it finds none. */
const defaultPolicyFile = "/etc/rancher/rke2/audit-policy.yaml";

/** A violation per rotation flag the configuration's kube-apiserver-arg sets below what CIS asks (RKE2's own are 30 days, 10 files and 100 MB). */
function rotationBelowCis(values: Readonly<Record<string, unknown>>): Violation[] {
  const args = apiServerArgs(values);
  return auditLogRotation.flatMap(({ flag, least }) => {
    const set = literalNumber(args.get(flag)?.at(-1));
    return set !== undefined && set < least
      ? [{ message: `kube-apiserver-arg sets ${flag}=${set}, below the ${least} CIS Kubernetes asks`, path: "user_data" }]
      : [];
  });
}

export default resourcePolicy(
  {
    id: "rke2-audit-log-enabled",
    title: "An RKE2 cluster's API servers record an audit trail",
    description:
      "Flags RKE2 servers (instances whose cloud-config writes an RKE2 server configuration) whose audit policy logs nothing: the cloud-config writes no policy where the configuration's audit-policy-file says (RKE2 then writes its own, whose one rule is level None), or writes one that leaves reads of secrets or changes of role bindings unrecorded (the first rule such a request by an ordinary user matches is level None, or it matches none). Flags kube-apiserver-arg that rotate the log below CIS Kubernetes (audit-log-maxage 30 days, audit-log-maxbackup 10 files, audit-log-maxsize 100 MB).",
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
    const rotation = rotationBelowCis(config.values);
    const path = literalString(written) ?? defaultPolicyFile;
    const file = config.files.find((candidate) => candidate.path === path);
    // RKE2's hardening guide (docs.rke2.io, security/hardening_guide, "API Server audit configuration").
    if (!file)
      return [
        { message: `the cloud-config writes no audit policy at ${path}: RKE2 writes its own, which logs nothing (level None)`, path: "user_data" },
        ...rotation,
      ];
    const policy = writtenYaml(file);
    if ("unreadable" in policy) return [{ outcome: "cannot-evaluate", message: `${policy.unreadable}: its rules cannot be read`, path: "user_data" }];
    const rules = list((policy.document as { rules?: unknown } | null)?.rules).map((rule) =>
      typeof rule === "object" && rule !== null ? (rule as Record<string, unknown>) : {},
    );
    const unrecorded = securityRequests.filter((request) => auditLevel(rules, request) === "None").map((request) => request.what);
    return [
      ...(unrecorded.length === 0
        ? []
        : [
            {
              message: `the audit policy at ${path} does not record ${unrecorded.join(" nor ")}: ${rules.length === 0 ? "it has no rule" : "they reach no rule, or one at level None"}`,
              path: "user_data",
            },
          ]),
      ...rotation,
    ];
  },
);
