import type { TfResource } from "./model";
import type { ResourceGraph } from "./graph";
import { attributePath, holdsUnknownTemplate, isResourceReference, isUnknownValue, templateStrings } from "../lib/values";

/**
 * Arguments whose value a policy compares, never a relation it follows: a reference there is judged by the argument it
 * reads (ResourceGraph.readValue), which an attribute the provider computes leaves unknown.
 */
// An address pair's ip_address is left out: a reference there reads a port's own address (all_fixed_ips[0], a VIP),
// which the provider computes and which is never a block of the Internet.
export const comparedArguments: ReadonlySet<string> = new Set(["remote_ip_prefix", "cidr", "source_ip_address", "destination_ip_address"]);

const referencesComparedArgument = (value: unknown, key: string | undefined): boolean =>
  key !== undefined && comparedArguments.has(key) && typeof value === "string" && isResourceReference(value);

/** Whether any value of the resource is unknown: only those resources are read through a recording proxy. */
export const hasUnknownValue = (resource: TfResource): boolean =>
  holdsUnknownTemplate(resource.values) ||
  templateStrings(resource.values).some(({ text, segments }) =>
    referencesComparedArgument(
      text,
      segments.findLast((segment) => typeof segment === "string"),
    ),
  );

/** An unknown value a policy read: where, and the expression that stands for it. */
export interface UnknownRead {
  readonly path: string;
  readonly expression: string;
}

/**
 * The resource with values that record every unknown value read through them into `reads`. The engine applies the
 * policy's `onUnknown` when a policy that read one found nothing: without it, an unknown compared to a literal would
 * pass silently, whatever the policy.
 */
export function recordingUnknownReads(resource: TfResource, reads: UnknownRead[], graph: ResourceGraph): TfResource {
  const wrap = (target: object, path: string): object =>
    new Proxy(target, {
      get(object, key, receiver) {
        const value = Reflect.get(object, key, receiver) as unknown;
        if (typeof key === "symbol" || key === "length" || !Object.hasOwn(object, key)) return value;
        const at = Array.isArray(object) ? attributePath(path, Number(key)) : attributePath(path, key);
        if (isUnknownValue(value) || (referencesComparedArgument(value, key) && isUnknownValue(graph.readValue(value, resource))))
          reads.push({ path: at, expression: value as string });
        return value !== null && typeof value === "object" ? wrap(value, at) : value;
      },
    });
  return { ...resource, values: wrap(resource.values, "") as TfResource["values"] };
}
