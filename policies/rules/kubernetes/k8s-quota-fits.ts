import { cite, configurationPolicy, type Violation } from "../../engine/policy";
import { containers, namespaceOf, withV1, workloadTypes } from "../../lib/kubernetes";
import { quantity } from "../../../lib/quantities";
import { block, blocks, literalNumber } from "../../lib/values";

const quotaTypes = withV1("kubernetes_resource_quota");
const limitRangeTypes = withV1("kubernetes_limit_range");
/** Workloads whose pod count is known from the configuration; a DaemonSet's depends on the nodes. */
const counted = workloadTypes.filter((type) => !type.includes("daemon"));

/** How many pods of a workload run at once. */
function podCount(values: Record<string, unknown>, type: string): number | undefined {
  const spec = block(values.spec);
  if (type.includes("cron_job")) return literalNumber(block(block(block(spec?.job_template)?.spec)?.parallelism) ?? 1);
  if (type.includes("job")) return literalNumber(spec?.parallelism ?? 1);
  if (type.includes("pod")) return 1;
  return literalNumber(spec?.replicas ?? 1);
}

export default configurationPolicy(
  {
    id: "k8s-quota-fits",
    title: "The workloads of a namespace fit its quota",
    description:
      "Sums, per namespace, the pods the workloads run and their CPU and memory limits (replicas × containers, the namespace's LimitRange default where a container sets none), and flags the namespaces where a sum exceeds the ResourceQuota.",
    rationale:
      "The API server refuses a pod that would exceed its namespace's quota: a workload sized past it is a service that never starts, discovered only at deploy time (two tools each asking for the whole quota, say).",
    remediation: "Size the containers' limits so that their sum fits the quota, or raise the quota.",
    severity: "medium",
    references: [cite("nsa-cisa-kubernetes", "resource limits, LimitRange", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  (configuration, { graph }) => {
    const quotas = new Map<string, { cpu?: number; memory?: number; pods?: number; address: string }>();
    for (const quota of configuration.resources.filter((resource) => quotaTypes.includes(resource.type))) {
      const namespace = namespaceOf(quota, graph);
      const hard = block(block(quota.values.spec)?.hard ?? {}) ?? (block(quota.values.spec)?.hard as Record<string, unknown> | undefined);
      if (namespace)
        quotas.set(namespace, {
          cpu: quantity(hard?.["limits.cpu"]),
          memory: quantity(hard?.["limits.memory"]),
          pods: quantity(hard?.pods),
          address: quota.address,
        });
    }
    // A container that sets no limit gets its namespace's LimitRange default, at admission (the LimitRanger plugin).
    const defaults = new Map<string, Record<string, unknown>>();
    for (const range of configuration.resources.filter((resource) => limitRangeTypes.includes(resource.type))) {
      const namespace = namespaceOf(range, graph);
      const forContainers = blocks(block(range.values.spec)?.limit).find((limit) => limit.type === "Container");
      const values = block(forContainers?.default) ?? (forContainers?.default as Record<string, unknown> | undefined);
      if (namespace && values) defaults.set(namespace, values);
    }
    const limitOf = (limits: Record<string, unknown> | undefined, namespace: string, resource: "cpu" | "memory") =>
      quantity(limits?.[resource] === undefined ? defaults.get(namespace)?.[resource] : limits[resource]);
    const used = new Map<string, { cpu: number; memory: number; pods: number; workloads: string[] }>();
    const violations: Violation[] = [];
    for (const workload of configuration.resources.filter((resource) => counted.includes(resource.type))) {
      const namespace = namespaceOf(workload, graph);
      if (!namespace || !quotas.has(namespace)) continue;
      const pods = podCount(workload.values, workload.type);
      const limits = containers(workload).map((at) => block(block(at.container.resources)?.limits));
      const cpu = limits.map((limit) => limitOf(limit, namespace, "cpu"));
      const memory = limits.map((limit) => limitOf(limit, namespace, "memory"));
      if (pods === undefined || [...cpu, ...memory].some((value) => value === undefined)) {
        violations.push({ message: "the pod count or a container's limits are not known before apply", address: workload.address, outcome: "cannot-evaluate" });
        continue;
      }
      const total = used.get(namespace) ?? { cpu: 0, memory: 0, pods: 0, workloads: [] };
      total.pods += pods;
      total.cpu += pods * cpu.reduce((sum: number, value) => sum + value!, 0);
      total.memory += pods * memory.reduce((sum: number, value) => sum + value!, 0);
      total.workloads.push(workload.address);
      used.set(namespace, total);
    }
    for (const [namespace, total] of used) {
      const quota = quotas.get(namespace)!;
      const over = [
        quota.cpu !== undefined && total.cpu > quota.cpu + 1e-9 ? `CPU limits add up to ${total.cpu} cores against a quota of ${quota.cpu}` : undefined,
        quota.memory !== undefined && total.memory > quota.memory
          ? `memory limits add up to ${total.memory / 2 ** 20} Mi against a quota of ${quota.memory / 2 ** 20} Mi`
          : undefined,
        quota.pods !== undefined && total.pods > quota.pods ? `${total.pods} pods against a quota of ${quota.pods}` : undefined,
      ].filter((text): text is string => text !== undefined);
      if (over.length > 0)
        violations.push({
          message: `namespace ${namespace}: ${over.join("; ")} (${total.workloads.join(", ")}): the API server refuses the pods past it`,
          address: quota.address,
        });
    }
    return violations;
  },
);
