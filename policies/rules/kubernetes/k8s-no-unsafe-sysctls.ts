import { cite, resourcePolicy } from "../../engine/policy";
import { eachPodSpec, writtenWorkloadTypes } from "../../lib/kubernetes";
import { attributePath, block, blocks, literalString } from "../../lib/values";

/**
 * The sysctls the Baseline profile allows as of Kubernetes 1.35: namespaced in the pod and isolated from other pods
 * (pod-security-admission, policy/check_sysctls.go, the set for 1.32 and later).
 */
const safeSysctls: ReadonlySet<string> = new Set([
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
  "net.ipv4.tcp_rmem",
  "net.ipv4.tcp_wmem",
]);

export default resourcePolicy(
  {
    id: "k8s-no-unsafe-sysctls",
    title: "Pods set only the sysctls the Baseline profile deems safe",
    description:
      "Flags every sysctl of a pod security context, in every kind of workload, that is not in the Pod Security Standards' safe set, and a value holding + or =, with which CRI-O before 1.23.2 set any sysctl of the node (CVE-2022-0811): the API server does not check values.",
    rationale:
      "A sysctl outside the safe set is not isolated to the pod: it changes the kernel for every pod of the node or lifts a protection the node relies on.",
    remediation: "Remove the sysctl, or set it on the nodes of a dedicated pool if the workload truly needs it.",
    severity: "high",
    references: [cite("k8s-pss", "Baseline: Sysctls", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  writtenWorkloadTypes,
  eachPodSpec((pod) => {
    const at = attributePath(pod.path, "security_context", 0, "sysctl");
    return blocks(block(pod.spec.security_context)?.sysctl).map((sysctl, i) => {
      const name = literalString(sysctl.name);
      if (name !== undefined && !safeSysctls.has(name))
        return { message: `pod: sysctl ${name} is not one the Baseline profile allows`, path: attributePath(at, i, "name") };
      return /[+=]/.test(literalString(sysctl.value) ?? "")
        ? {
            message: `pod: sysctl ${name ?? i} has a value holding + or =, which sets other sysctls on CRI-O before 1.23.2 (CVE-2022-0811)`,
            path: attributePath(at, i, "value"),
          }
        : undefined;
    });
  }),
);
