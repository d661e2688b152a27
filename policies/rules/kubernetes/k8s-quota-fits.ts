import { cite, configurationPolicy, type Violation } from "../../engine/policy";
import type { TfResource } from "../../engine/model";
import { containers, namespaceOf, podSpecs, withV1, workloadTypes } from "../../lib/kubernetes";
import { quantity } from "../../../lib/quantities";
import { type ContainerDefaults, containerDefaults } from "../../lib/limit-ranges";
import { block, blocks, fieldAt, isUnknown, list, literalNumber, literalString } from "../../lib/values";
import { addToGroup } from "../../../lib/groups";

const quotaTypes = withV1("kubernetes_resource_quota");
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
type ContainerMeasure = Exclude<Measure, "pods">;
/** What containers add up to, per pod; a workload's pods are counted apart. */
const containerMeasures = ["limits.cpu", "limits.memory", "requests.cpu", "requests.memory"] as const;
const measures: readonly Measure[] = [...containerMeasures, "pods"];
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

/**
 * What one container asks of a measure once admitted: its own value; a request left unset with a limit set is the
 * limit (the API's defaulting); else the LimitRange's default (the LimitRanger plugin). "missing" when nothing gives
 * it, "unknown" when it is known only at apply.
 */
function containerAmount(
  container: Record<string, unknown>,
  measure: ContainerMeasure,
  range: ContainerDefaults | "unknown" | undefined,
): number | "missing" | "unknown" {
  if ([container.resources, fieldAt(container.resources, "limits"), fieldAt(container.resources, "requests")].some(isUnknown)) return "unknown";
  const [kind, resource] = measure.split(".") as ["limits" | "requests", "cpu" | "memory"];
  const resources = block(container.resources);
  const limit = block(resources?.limits)?.[resource];
  const own = kind === "limits" ? limit : (block(resources?.requests)?.[resource] ?? limit);
  if (own === undefined && range === "unknown") return "unknown";
  const written = own ?? (range === "unknown" ? undefined : range?.[kind === "limits" ? "limit" : "request"][resource]);
  if (written === undefined) return "missing";
  return quantity(written) ?? "unknown";
}

/**
 * A pod's use of a measure as the quota charges it (component-helpers resource/helpers.go, PodRequests and PodLimits):
 * its containers added up; init containers, which run one at a time before them, as the largest of them, each with the
 * sidecars started before it (init containers whose restartPolicy is Always), which also run beside the containers.
 */
function podAmount(entries: readonly { container: Record<string, unknown>; init: boolean; amount: number }[]): number {
  let total = 0;
  let sidecars = 0;
  let initPeak = 0;
  for (const { container, init, amount } of entries) {
    if (!init) total += amount;
    else if (literalString(container.restart_policy) === "Always") {
      total += amount;
      sidecars += amount;
      initPeak = Math.max(initPeak, sidecars);
    } else initPeak = Math.max(initPeak, amount + sidecars);
  }
  return Math.max(total, initPeak);
}

/**
 * Whether a quota's scopes count a workload's pods (Kubernetes, "Resource Quotas", quota scopes; pkg/quota/v1/evaluator/
 * core/pods.go, podMatchesScopeFunc): BestEffort pods ask for no CPU or memory at all, Terminating ones set
 * activeDeadlineSeconds, PriorityClass is matched on the pod's priorityClassName. Every scope must match; a scope this
 * check does not read, or a field known only at apply, leaves it unknown.
 */
function inScope(quotaSpec: Record<string, unknown> | undefined, workload: TfResource, bestEffort: boolean | "unknown"): boolean | "unknown" {
  const specs = podSpecs(workload);
  const deadline = specs.map((pod) => pod.spec.active_deadline_seconds);
  const priority = specs.map((pod) => pod.spec.priority_class_name);
  const terminating: boolean | "unknown" = deadline.some(isUnknown) ? "unknown" : deadline.some((value) => value !== undefined && value !== null);
  const expressions: { scope: unknown; operator: unknown; values: unknown[] }[] = [
    ...list(quotaSpec?.scopes).map((scope) => ({ scope, operator: "Exists", values: [] })),
    // The provider's block is match_expression; a manifest's matchExpressions reads as match_expressions.
    ...[...blocks(block(quotaSpec?.scope_selector)?.match_expression), ...blocks(block(quotaSpec?.scope_selector)?.match_expressions)].map((expression) => ({
      scope: expression.scope_name,
      operator: expression.operator,
      values: list(expression.values),
    })),
  ];
  const results = expressions.map(({ scope, operator, values }): boolean | "unknown" => {
    const negated = (value: boolean | "unknown") => (value === "unknown" ? value : !value);
    if (scope === "BestEffort") return bestEffort;
    if (scope === "NotBestEffort") return negated(bestEffort);
    if (scope === "Terminating") return terminating;
    if (scope === "NotTerminating") return negated(terminating);
    if (scope !== "PriorityClass" || priority.some(isUnknown) || values.some(isUnknown)) return "unknown";
    const name = priority.map((value) => literalString(value)).find((value) => value !== undefined);
    if (operator === "Exists") return name !== undefined;
    if (operator === "DoesNotExist") return name === undefined;
    if (operator === "In") return name !== undefined && values.includes(name);
    if (operator === "NotIn") return name === undefined || !values.includes(name);
    return "unknown";
  });
  return results.includes(false) ? false : results.includes("unknown") ? "unknown" : true;
}

/** A ResourceQuota as this check reads it: its hard limits by measure, and its spec for its scopes. */
interface Quota {
  readonly address: string;
  readonly hard: Partial<Record<Measure, number>>;
  readonly spec: Record<string, unknown> | undefined;
}

export default configurationPolicy(
  {
    id: "k8s-quota-fits",
    title: "The workloads of a namespace fit its quota",
    description:
      "Sums, per ResourceQuota, the pods the workloads of its namespace run and their CPU and memory limits and requests, for the pods its scopes count (BestEffort, Terminating, PriorityClass and their opposites): replicas × each pod's use as the quota charges it (its containers added up, its init containers as the largest of them with the sidecars started before; the namespace's LimitRange default where a container sets no limit, its defaultRequest where it sets no request, and the limit as the request where only the limit is set). Flags every quota a sum exceeds, and every workload with a container that asks for none of a CPU or memory measure the quota counts, which the API server refuses.",
    rationale:
      "The API server refuses a pod that would exceed its namespace's quota, or that does not say what it asks of a measure the quota counts: a workload sized past it is a service that never starts, discovered only at deploy time (two tools each asking for the whole quota, say).",
    remediation:
      "Size the containers' limits so that their sum fits the quota, or raise the quota; give every container the requests and limits the quota counts, or a LimitRange that defaults them.",
    severity: "medium",
    references: [cite("nsa-cisa-kubernetes", "resource limits, LimitRange", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  (configuration, { graph }) => {
    // Every ResourceQuota of a namespace is enforced (Kubernetes, "Resource Quotas"): each is judged.
    const quotas = new Map<string, Quota[]>();
    for (const quota of configuration.resources.filter((resource) => quotaTypes.includes(resource.type))) {
      const namespace = namespaceOf(quota, graph);
      const spec = block(quota.values.spec);
      const hard = block(spec?.hard ?? {}) ?? (spec?.hard as Record<string, unknown> | undefined);
      if (!namespace) continue;
      // A quota that writes both names of a measure (cpu and requests.cpu) holds the API server to the smaller.
      const limits = Object.fromEntries(
        measures.flatMap((measure) => {
          const written = quotaKeys[measure].flatMap((key) => quantity(hard?.[key]) ?? []);
          return written.length === 0 ? [] : [[measure, Math.min(...written)]];
        }),
      );
      addToGroup(quotas, namespace, { hard: limits, address: quota.address, spec });
    }
    const used = new Map<string, { totals: Record<Measure, number>; workloads: string[] }>();
    const violations: Violation[] = [];
    for (const workload of configuration.resources.filter((resource) => counted.includes(resource.type))) {
      const namespace = namespaceOf(workload, graph);
      const ofNamespace = quotas.get(namespace ?? "") ?? [];
      if (!namespace || ofNamespace.length === 0) continue;
      const pods = podCount(workload.values, workload.type);
      const range = containerDefaults(workload, graph);
      const entries = containers(workload).map((at) => ({ container: at.container, init: at.path.includes("init_container"), label: at.label }));
      const amounts = entries.map((entry) =>
        Object.fromEntries(containerMeasures.map((measure) => [measure, containerAmount(entry.container, measure, range)])),
      );
      // Pods whose spec or containers are known only at apply hold containers this check cannot count.
      const specs = podSpecs(workload);
      const containersUnknown = specs.length === 0 || specs.some((pod) => isUnknown(pod.spec.container) || isUnknown(pod.spec.init_container));
      const asked = amounts.flatMap((each) => Object.values(each));
      const bestEffort = containersUnknown || asked.includes("unknown") ? "unknown" : asked.every((amount) => amount === "missing");
      const scoped = ofNamespace.map((quota) => ({ quota, counts: inScope(quota.spec, workload, bestEffort) })).filter(({ counts }) => counts !== false);
      const constrained = new Set(scoped.flatMap(({ quota }) => Object.keys(quota.hard) as Measure[]));
      // The API server refuses a pod whose container asks for none of a CPU or memory measure a quota counts (pods.go,
      // Constraints and enforcePodContainerConstraints: "must specify ...").
      const missing = containerMeasures.filter(
        (measure) => constrained.has(measure) && scoped.some(({ quota, counts }) => counts === true && quota.hard[measure] !== undefined),
      );
      const unasked = entries.flatMap((entry, i) => {
        const left = missing.filter((measure) => amounts[i]![measure] === "missing");
        return left.length === 0 ? [] : [{ label: entry.label, left }];
      });
      if (unasked.length > 0)
        violations.push({
          message: `${unasked.map(({ label, left }) => `${label} sets no ${left.join(" nor ")}`).join("; ")}, which a quota of namespace ${namespace} counts and no LimitRange defaults: the API server refuses its pods ("must specify ${[...new Set(unasked.flatMap(({ left }) => left))].sort().join(",")}")`,
          address: workload.address,
        });
      const perPod = Object.fromEntries(
        containerMeasures.map((measure) => {
          const each = amounts.map((amount) => amount[measure]);
          if (each.includes("unknown")) return [measure, undefined];
          return [measure, podAmount(entries.map((entry, i) => ({ ...entry, amount: Number(amounts[i]![measure]) || 0 })))];
        }),
      ) as Record<ContainerMeasure, number | undefined>;
      const unknownMeasure = [...constrained].some((measure) => measure !== "pods" && (containersUnknown || perPod[measure] === undefined));
      const undecidedScope = scoped.some(({ counts }) => counts === "unknown");
      if (pods === undefined || unknownMeasure || undecidedScope)
        violations.push({
          message: "the pod count, a container's limits or requests, or whether a quota's scopes count its pods, are not known before apply",
          address: workload.address,
          outcome: "cannot-evaluate",
        });
      if (pods === undefined) continue;
      // Sums only grow: what is known of them is at least what the workloads take, so a quota they pass already is passed.
      for (const { quota, counts } of scoped) {
        if (counts !== true) continue;
        const total = used.get(quota.address) ?? {
          totals: { "limits.cpu": 0, "limits.memory": 0, "requests.cpu": 0, "requests.memory": 0, pods: 0 },
          workloads: [],
        };
        total.totals.pods += pods;
        for (const measure of containerMeasures) if (!containersUnknown) total.totals[measure] += pods * (perPod[measure] ?? 0);
        total.workloads.push(workload.address);
        used.set(quota.address, total);
      }
    }
    for (const [namespace, ofNamespace] of quotas)
      for (const quota of ofNamespace) {
        const { totals, workloads } = used.get(quota.address) ?? { totals: undefined, workloads: [] };
        if (totals === undefined) continue;
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
