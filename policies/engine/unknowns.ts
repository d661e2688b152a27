import type { TfResource } from "./model";
import type { ResourceGraph } from "./graph";
import { attributePath, holdsUnknownTemplate, isResourceReference, isUnknownValue, maybeAbsentOver, templateStrings, unrecorded } from "../lib/values";

/**
 * Arguments whose value a policy compares, never a relation it follows: a reference there is judged by the argument it
 * reads (ResourceGraph.readValue), which an attribute the provider computes leaves unknown.
 */
// An address pair's ip_address is left out: a reference there reads a port's own address (all_fixed_ips[0], a VIP),
// which the provider computes and which is never a block of the Internet.
const comparedArguments: ReadonlySet<string> = new Set(["remote_ip_prefix", "cidr", "source_ip_address", "destination_ip_address"]);

/**
 * Arguments whose value a policy compares as text, read here from the argument a reference names when it is written
 * there (ResourceGraph.resolved): a rule's protocol, family and direction copied from another rule, and each label of a
 * `labels` map (a Magnum cluster's labels merged from its template's, a Kubernetes object's copied from another's, which
 * selectors compare as text). What the provider computes there stays unknown.
 */
const textArguments: ReadonlySet<string> = new Set(["protocol", "ethertype", "direction"]);

/** Whether a value at a path (its parent's key, then its own) is read as text from the argument its reference names. */
export const isTextAt = (parent: string | undefined, key: string | undefined): boolean => key !== undefined && (textArguments.has(key) || parent === "labels");

/** Whether a value at a path is compared, never a relation followed: read through readValue, or as text. */
const isComparedAt = (parent: string | undefined, key: string | undefined): boolean =>
  (key !== undefined && comparedArguments.has(key)) || isTextAt(parent, key);

const referencesComparedArgument = (value: unknown, parent: string | undefined, key: string | undefined): boolean =>
  isComparedAt(parent, key) && typeof value === "string" && isResourceReference(value);

/** The last two keys of a path: its parent's and its own (indices left out). */
export const lastKeys = (segments: readonly (string | number)[]): [string | undefined, string | undefined] => {
  const keys = segments.filter((segment): segment is string => typeof segment === "string");
  return [keys.at(-2), keys.at(-1)];
};

/** Whether any value of the resource is unknown: only those resources are read through a recording proxy. */
export const hasUnknownValue = (resource: TfResource): boolean =>
  holdsUnknownTemplate(resource.values) ||
  templateStrings(resource.values).some(({ text, segments }) => referencesComparedArgument(text, ...lastKeys(segments))) ||
  (resource.completedPodTemplates !== undefined && holdsUnknownTemplate(resource.completedPodTemplates.values));

/** An unknown value a policy read: where, and the expression that stands for it. */
export interface UnknownRead {
  readonly path: string;
  readonly expression: string;
  /** Set when what was read is a block a dynamic block makes only if its collection, known only at apply, holds elements. */
  readonly blockMayBeAbsent?: true;
}

/**
 * The resource with values that record every unknown value read through them into `reads`. The engine applies the
 * policy's `onUnknown` when a policy that read one found nothing: without it, an unknown compared to a literal would
 * pass silently, whatever the policy.
 */
export function recordingUnknownReads(resource: TfResource, reads: UnknownRead[], graph: ResourceGraph): TfResource {
  const wrap = (target: object, path: string, parent: string | undefined): object =>
    new Proxy(target, {
      get(object, key, receiver) {
        const value = Reflect.get(object, key, receiver) as unknown;
        if (typeof key === "symbol" || key === "length" || !Object.hasOwn(object, key)) return value;
        const at = Array.isArray(object) ? attributePath(path, Number(key)) : attributePath(path, key);
        const name = Array.isArray(object) ? undefined : key;
        // A block that may not exist: what a policy concludes from its content holds only if it does.
        const over = maybeAbsentOver(object);
        if (over !== undefined) reads.push({ path, expression: over, blockMayBeAbsent: true });
        if (isUnknownValue(value) || (referencesComparedArgument(value, parent, name) && isUnknownValue(graph.readValue(value, resource))))
          reads.push({ path: at, expression: value as string });
        return value !== null && typeof value === "object" ? wrap(value, at, name ?? parent) : value;
      },
    });
  const completed = resource.completedPodTemplates;
  return {
    ...resource,
    values: wrap(resource.values, "", undefined) as TfResource["values"],
    ...(completed ? { completedPodTemplates: { ...completed, values: wrap(completed.values, "", undefined) as TfResource["values"] } } : {}),
  };
}

/**
 * Whether an argument is written as a reference to a declared resource's attribute (a subnet's cidr, a group's id),
 * read without recording it as an unknown value (recordingUnknownReads records what its `get` returns; a property
 * descriptor is not a read): that a value is written there is known before apply, whatever the value.
 */
export function writtenAsReference(resource: TfResource, key: string): boolean {
  const written = unrecorded(resource.values, key);
  return typeof written === "string" && isResourceReference(written);
}
