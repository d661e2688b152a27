import { cite, configurationPolicy, type Violation } from "../../engine/policy";
import { containers, namespaceOf, podSpecs, withV1, workloadTypes } from "../../lib/kubernetes";
import { quantity } from "../../../lib/quantities";
import { block, blocks, fieldAt, isUnknown, literalNumber } from "../../lib/values";

const quotaTypes = withV1("kubernetes_resource_quota");
const limitRangeTypes = withV1("kubernetes_limit_range");
/** Workloads whose pod count is known from the configuration; a DaemonSet's depends on the nodes. */
const counted = workloadTypes.filter((type) => !type.includes("daemon"));

/** How many pods of a workload run at once. */
function podCount(values: Record<string, unknown>, type: string): number | undefined {
  const spec = block(values.spec);
  if (type.includes("cron_job")) return literalNumber(block(block(spec?.job_template)?.spec)?.parallelism ?? 1);
  if (type.includes("job")) return literalNumber(spec?.parallelism ?? 1);
  if (type.includes("pod")) return 1;
  return literalNumber(spec?.replicas ?? 1);
}

/** What a quota counts, and the keys of its hard limits that say so (the core names count requests). */
type Measure = "limits.cpu" | "limits.memory" | "requests.cpu" | "requests.memory" | "pods";
/** What containers add up to, per pod; a workload's pods are counted apart. */
const containerMeasures = ["limits.cpu", "limits.memory", "requests.cpu", "requests.memory"] as const;
const measures: readonly Measure[] = [...containerMeasures, "pods"];
const nothingUsed = (): Record<Measure, number> => ({ "limits.cpu": 0, "limits.memory": 0, "requests.cpu": 0, "requests.memory": 0, pods: 0 });
const quotaKeys: Readonly<Record<Measure, readonly string[]>> = {
  "limits.cpu": ["limits.cpu"],
  "limits.memory": ["limits.memory"],
  "requests.cpu": ["requests.cpu", "cpu"],
  "requests.memory": ["requests.memory", "memory"],
  pods: ["pods"],
};
const described: Readonly<Record<Measure, string>> = {
  "limits.cpu": "CPU limits",
  "limits.memory": "memory limits",
  "requests.cpu": "CPU requests",
  "requests.memory": "memory requests",
  pods: "pods",
};
const shown = (measure: Measure, value: number): string =>
  measure.endsWith("memory") ? `${value / 2 ** 20} Mi` : measure.endsWith("cpu") ? `${value} cores` : `${value}`;

export default configurationPolicy(
  {
    id: "k8s-quota-fits",
    title: "The workloads of a namespace fit its quota",
    description:
      "Sums, per namespace, the pods the workloads run and their CPU and memory limits and requests (replicas × containers; the namespace's LimitRange default where a container sets no limit, its defaultRequest where it sets no request, and the limit as the request where only the limit is set), and flags every ResourceQuota of the namespace that a sum exceeds.",
    rationale:
      "The API server refuses a pod that would exceed its namespace's quota: a workload sized past it is a service that never starts, discovered only at deploy time (two tools each asking for the whole quota, say).",
    remediation: "Size the containers' limits so that their sum fits the quota, or raise the quota.",
    severity: "medium",
    references: [cite("nsa-cisa-kubernetes", "resource limits, LimitRange", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  (configuration, { graph }) => {
    // Every ResourceQuota of a namespace is enforced (Kubernetes, "Resource Quotas"): each is judged.
    const quotas = new Map<string, { hard: Partial<Record<Measure, number>>; address: string }[]>();
    for (const quota of configuration.resources.filter((resource) => quotaTypes.includes(resource.type))) {
      const namespace = namespaceOf(quota, graph);
      const hard = block(block(quota.values.spec)?.hard ?? {}) ?? (block(quota.values.spec)?.hard as Record<string, unknown> | undefined);
      if (!namespace) continue;
      // A quota that writes both names of a measure (cpu and requests.cpu) holds the API server to the smaller.
      const limits = Object.fromEntries(
        measures.flatMap((measure) => {
          const written = quotaKeys[measure].flatMap((key) => quantity(hard?.[key]) ?? []);
          return written.length === 0 ? [] : [[measure, Math.min(...written)]];
        }),
      );
      quotas.set(namespace, [...(quotas.get(namespace) ?? []), { hard: limits, address: quota.address }]);
    }
    // A container that sets no limit gets its namespace's LimitRange default, and no request its defaultRequest (which
    // defaults to the default), at admission (the LimitRanger plugin); a request left unset with a limit set is the limit.
    const defaults = new Map<string, { limit: Record<string, unknown>; request: Record<string, unknown> }>();
    for (const range of configuration.resources.filter((resource) => limitRangeTypes.includes(resource.type))) {
      const namespace = namespaceOf(range, graph);
      const forContainers = blocks(block(range.values.spec)?.limit).find((limit) => limit.type === "Container");
      const limit = block(forContainers?.default) ?? (forContainers?.default as Record<string, unknown> | undefined) ?? {};
      const request = block(forContainers?.default_request) ?? (forContainers?.default_request as Record<string, unknown> | undefined) ?? limit;
      if (namespace && forContainers) defaults.set(namespace, { limit, request });
    }
    const used = new Map<string, { totals: Record<Measure, number>; workloads: string[] }>();
    const violations: Violation[] = [];
    for (const workload of configuration.resources.filter((resource) => counted.includes(resource.type))) {
      const namespace = namespaceOf(workload, graph);
      const constrained = new Set((quotas.get(namespace ?? "") ?? []).flatMap((quota) => Object.keys(quota.hard) as Measure[]));
      if (!namespace || constrained.size === 0) continue;
      const pods = podCount(workload.values, workload.type);
      const range = defaults.get(namespace);
      const perPod = Object.fromEntries(
        containerMeasures.map((measure) => {
          const [kind, resource] = measure.split(".") as ["limits" | "requests", "cpu" | "memory"];
          const each = containers(workload).map((at) => {
            if ([at.container.resources, fieldAt(at.container.resources, "limits"), fieldAt(at.container.resources, "requests")].some(isUnknown))
              return undefined;
            const resources = block(at.container.resources);
            const limit = block(resources?.limits)?.[resource] ?? range?.limit[resource];
            return quantity(
              kind === "limits" ? limit : (block(resources?.requests)?.[resource] ?? block(resources?.limits)?.[resource] ?? range?.request[resource]),
            );
          });
          return [measure, each.some((value) => value === undefined) ? undefined : each.reduce((sum: number, value) => sum + value!, 0)];
        }),
      ) as Record<Exclude<Measure, "pods">, number | undefined>;
      // Pods whose spec or containers are known only at apply hold containers this check cannot count.
      const specs = podSpecs(workload);
      const containersUnknown = specs.length === 0 || specs.some((pod) => isUnknown(pod.spec.container) || isUnknown(pod.spec.init_container));
      const unknownMeasure = [...constrained].some((measure) => measure !== "pods" && (containersUnknown || perPod[measure] === undefined));
      if (pods === undefined || unknownMeasure)
        violations.push({
          message: "the pod count or a container's limits or requests are not known before apply",
          address: workload.address,
          outcome: "cannot-evaluate",
        });
      if (pods === undefined) continue;
      // Sums only grow: what is known of them is at least what the workloads take, so a quota they pass already is passed.
      const total = used.get(namespace) ?? { totals: nothingUsed(), workloads: [] };
      total.totals.pods += pods;
      for (const measure of containerMeasures) if (!containersUnknown) total.totals[measure] += pods * (perPod[measure] ?? 0);
      total.workloads.push(workload.address);
      used.set(namespace, total);
    }
    for (const [namespace, { totals, workloads }] of used)
      for (const quota of quotas.get(namespace) ?? []) {
        const over = measures.flatMap((measure) => {
          const allowed = quota.hard[measure];
          if (allowed === undefined || totals[measure] <= allowed + 1e-9) return [];
          return [`${described[measure]} add up to ${shown(measure, totals[measure])} against a quota of ${shown(measure, allowed)}`];
        });
        if (over.length > 0)
          violations.push({
            message: `namespace ${namespace}: ${over.join("; ")} (${workloads.join(", ")}): the API server refuses the pods past it`,
            address: quota.address,
          });
      }
    return violations;
  },
);
