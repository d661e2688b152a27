import { cite, resourcePolicy } from "../../engine/policy";
import { namespaceHelmCreates, namespaceShown, namespaceTypes, shown } from "../../lib/kubernetes";
import { attributePath, block, isUnknown, keyPath } from "../../lib/values";

const enforce = "pod-security.kubernetes.io/enforce";
const enforceVersion = "pod-security.kubernetes.io/enforce-version";

/**
 * Checks of the restricted profile that a profile pinned to an older version does not make: pod-security-admission's
 * checks (`check`, their ids) first made at a version past v1.0 (policy/check_allowPrivilegeEscalation.go,
 * check_seccompProfile_restricted.go, check_capabilities_restricted.go, check_runAsUser.go,
 * check_hostProbesAndhostLifecycle.go). The other later versions
 * of its checks allow more.
 */
export const laterChecks: readonly { readonly check: string; readonly since: readonly [number, number]; readonly what: string }[] = [
  { check: "allowPrivilegeEscalation", since: [1, 8], what: "allowPrivilegeEscalation false (v1.8)" },
  { check: "seccompProfile_restricted", since: [1, 19], what: "a seccomp profile (v1.19)" },
  { check: "capabilities_restricted", since: [1, 22], what: "dropping ALL capabilities (v1.22)" },
  { check: "runAsUser", since: [1, 23], what: "a user other than root, runAsUser 0 (v1.23)" },
  { check: "hostProbesAndHostLifecycle", since: [1, 34], what: "probes and lifecycle handlers that stay on the pod's own address (v1.34)" },
];

/** The checks a pinned enforce-version ("v1.21") leaves out; none for "latest", an unset label or a value not read. */
function missingChecks(version: unknown): string[] {
  const pinned = typeof version === "string" ? /^v(\d+)\.(\d+)$/.exec(version) : null;
  if (!pinned) return [];
  const [major, minor] = [Number(pinned[1]), Number(pinned[2])];
  return laterChecks.filter(({ since: [m, n] }) => major < m || (major === m && minor < n)).map(({ what }) => what);
}

export default resourcePolicy(
  {
    id: "k8s-namespace-restricted-pss",
    title: "Every namespace enforces the restricted Pod Security Standard",
    description: `Flags every namespace declared in the configuration, or created by a Helm release (create_namespace, which labels it name only), whose label ${enforce} is not "restricted", or whose ${enforceVersion} pins a version older than one of the restricted checks (before v1.34, which forbids probes aimed at another host).`,
    rationale:
      "The admission controller then rejects any pod that breaks the restricted profile, including pods created outside this code (kubectl, operators, Helm).",
    remediation: `Label the namespace ${enforce} = "restricted" (with audit and warn alike), and leave ${enforceVersion} unset or "latest".`,
    severity: "high",
    references: [cite("k8s-pss", "Pod Security Admission: enforce label (K8S-PSS-1)", "secondary"), cite("cis-kubernetes", "5.2.1", "unverified")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [...namespaceTypes, "helm_release"],
  (namespace, { graph }) => {
    if (namespace.type === "helm_release") {
      const created = namespaceHelmCreates(namespace, graph);
      return created === undefined
        ? []
        : [
            {
              message: `the release creates the namespace ${created} with no label ${enforce}: the cluster's default admission applies`,
              path: "create_namespace",
            },
          ];
    }
    const labels = block(namespace.values.metadata)?.labels;
    const value = isUnknown(labels) ? labels : block(labels)?.[enforce];
    const path = keyPath(attributePath("metadata", 0, "labels"), enforce);
    const who = `namespace ${namespaceShown(namespace)}`;
    if (isUnknown(value)) return [{ message: `${who}: label ${enforce} is not known before apply`, path, outcome: "cannot-evaluate" }];
    if (value !== "restricted") return [{ message: `${who}: label ${enforce} is ${shown(value)}, must be "restricted"`, path }];
    const version = isUnknown(labels) ? undefined : block(labels)?.[enforceVersion];
    const missing = missingChecks(version);
    return missing.length > 0
      ? [
          {
            message: `${who}: label ${enforceVersion} pins the restricted profile of ${String(version)}, which does not require ${missing.join(" or ")}`,
            path: keyPath(attributePath("metadata", 0, "labels"), enforceVersion),
          },
        ]
      : [];
  },
);
