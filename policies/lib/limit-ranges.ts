import type { ResourceGraph } from "../engine/graph";
import type { TfResource } from "../engine/model";
import { namespaceOf, namespacesNotKnown, withV1 } from "./kubernetes";
import { block, blocks, isUnknown } from "./values";

const limitRangeTypes = withV1("kubernetes_limit_range");

/** What a namespace's LimitRanges give, at admission, a container that sets no limit or no request of a resource. */
export interface ContainerDefaults {
  readonly limit: Readonly<Record<string, unknown>>;
  readonly request: Readonly<Record<string, unknown>>;
}

/**
 * A LimitRange's map (`default`, `max`…): an attribute of the provider's typed resource, an object in a manifest; block()
 * reads both, and an unset map gives nothing.
 */
const resourceMap = (value: unknown): Record<string, unknown> => block(value) ?? {};

/**
 * What one LimitRange gives a container at admission, "unknown" when that is known only at apply.
 *
 * The API defaults a Container item resource by resource (core/v1 SetDefaults_LimitRangeItem): the default limit is the
 * max where no default is written, and the default request the default limit, else the min. The LimitRanger plugin
 * (plugin/pkg/admission/limitranger, defaultContainerResourceRequirements) then sets each resource a container leaves
 * unset: in one LimitRange, the last Container item that gives it wins.
 */
function givenByLimitRange(range: TfResource): ContainerDefaults | "unknown" {
  const spec = range.values.spec;
  const items = blocks(block(spec)?.limit);
  if (isUnknown(spec) || isUnknown(block(spec)?.limit) || items.some((item) => isUnknown(item.type))) return "unknown";
  const containerItems = items.filter((each) => each.type === "Container");
  if (containerItems.some((item) => [item.max, item.default, item.min, item.default_request].some(isUnknown))) return "unknown";
  return containerItems.reduce<ContainerDefaults>(
    (merged, item) => {
      const limit = { ...resourceMap(item.max), ...resourceMap(item.default) };
      const request = { ...resourceMap(item.min), ...limit, ...resourceMap(item.default_request) };
      return { limit: { ...merged.limit, ...limit }, request: { ...merged.request, ...request } };
    },
    { limit: {}, request: {} },
  );
}

const givesNothing = (given: ContainerDefaults | "unknown"): boolean =>
  given !== "unknown" && Object.keys(given.limit).length === 0 && Object.keys(given.request).length === 0;

/**
 * The container defaults of every namespace that has a LimitRange giving some, and whether some LimitRange sits in a
 * namespace or says what it gives only at apply; `inNamespacesNotKnown`, the LimitRanges that give defaults, or may,
 * in a namespace known only at apply (then every namespace may get defaults this check cannot read). Across LimitRanges the
 * LimitRanger takes them in the order its lister gives them, not fixed: the first written here.
 */
function containerDefaultsByNamespace(graph: ResourceGraph): {
  byNamespace: Map<string, ContainerDefaults | "unknown">;
  inNamespacesNotKnown: readonly TfResource[];
} {
  return graph.cached("limit-ranges:container-defaults", () => {
    const byNamespace = new Map<string, ContainerDefaults | "unknown">();
    const inNamespacesNotKnown: TfResource[] = [];
    for (const range of graph.ofType(limitRangeTypes)) {
      if (range.mode !== "managed") continue;
      const given = givenByLimitRange(range);
      if (givesNothing(given)) continue;
      const namespace = namespaceOf(range, graph);
      if (namespace === undefined) {
        inNamespacesNotKnown.push(range);
        continue;
      }
      const before = byNamespace.get(namespace);
      if (before === "unknown") continue;
      byNamespace.set(
        namespace,
        given === "unknown" ? given : { limit: { ...given.limit, ...before?.limit }, request: { ...given.request, ...before?.request } },
      );
    }
    return { byNamespace, inNamespacesNotKnown };
  });
}

/**
 * What the LimitRanges of a workload's namespace give its containers at admission: undefined when none does, "unknown"
 * when the workload's namespace or what a LimitRange gives is known only at apply, or a LimitRange's namespace is.
 */
export function containerDefaults(workload: TfResource, graph: ResourceGraph): ContainerDefaults | "unknown" | undefined {
  const { byNamespace, inNamespacesNotKnown } = containerDefaultsByNamespace(graph);
  const namespace = namespaceOf(workload, graph);
  const found = namespace === undefined ? undefined : byNamespace.get(namespace);
  if (found) return found;
  return inNamespacesNotKnown.length > 0 || (namespace === undefined && byNamespace.size > 0) ? "unknown" : undefined;
}

/**
 * What makes a workload's container defaults not known here, as written: its namespace, and those of the LimitRanges
 * that give defaults, or may, where not known (namespacesNotKnown).
 */
export const containerDefaultsNotKnown = (workload: TfResource, graph: ResourceGraph): string | undefined =>
  namespacesNotKnown([workload, ...containerDefaultsByNamespace(graph).inNamespacesNotKnown]);
