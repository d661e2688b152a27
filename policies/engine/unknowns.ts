import type { TfResource } from "./model";
import type { ResourceGraph } from "./graph";
import { attributePath, holdsUnknownTemplate, isResourceReference, isUnknownValue, keyPath, maybeAbsentOver, templateStrings, unrecorded } from "../lib/values";

/**
 * Arguments whose value a policy compares, never a relation it follows: a reference there is judged by the argument it
 * reads (ResourceGraph.readValue), which an attribute the provider computes leaves unknown.
 */
// An address pair's ip_address is left out: a reference there reads a port's own address (all_fixed_ips[0], a VIP),
// which the provider computes and which is never a block of the Internet.
const comparedArguments: ReadonlySet<string> = new Set(["remote_ip_prefix", "cidr", "source_ip_address", "destination_ip_address", "access_to"]);

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
        // A key that holds a dot or a slash is written as findings write it (`labels["app.kubernetes.io/name"]`).
        const at = Array.isArray(object) ? attributePath(path, Number(key)) : keyPath(path, key);
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

/** How many blocks that may not exist are tried each way (present, absent) at most: 2^4 worlds. */
const blocksTriedAtMost = 4;

/**
 * Whether a policy that concluded nothing from a resource, having read only blocks a dynamic block may not make (over a
 * collection not known here, at the paths `read`), concludes nothing in every world those blocks make: each there or
 * not (`holds` judges one world). A policy that flags what a block holds (a probe's host) then holds whatever the
 * collection is; one that needs what a block gives (a security context that must drop capabilities) does not, as a
 * world without the block fails it. Only blocks whose content is written out are tried: a value read from the dynamic
 * block's iterator (`${security_context.value}`) reads like a resource's attribute, not as unknown. Past a few such
 * blocks it is not tried.
 */
export function holdsWhicheverBlocksExist(resource: TfResource, read: readonly UnknownRead[], holds: (world: TfResource) => boolean): boolean {
  const paths = new Set(read.map((each) => each.path));
  const mayBeAbsent: object[] = [];
  const collect = (value: unknown, path: string): void => {
    if (value === null || typeof value !== "object") return;
    if (paths.has(path) && maybeAbsentOver(value) !== undefined) mayBeAbsent.push(value);
    for (const [key, item] of Object.entries(value)) collect(item, attributePath(path, Array.isArray(value) ? Number(key) : key));
  };
  collect(resource.values, "");
  if (mayBeAbsent.length === 0 || mayBeAbsent.length > blocksTriedAtMost || mayBeAbsent.some((block) => templateStrings(block).length > 0)) return false;
  // The world where every block is there is the one the policy was first run on.
  for (let absentMask = 1; absentMask < 2 ** mayBeAbsent.length; absentMask++) {
    const absent = new Set(mayBeAbsent.filter((_, i) => (absentMask >> i) & 1));
    if (!holds({ ...resource, values: without(resource.values, absent) as TfResource["values"] })) return false;
  }
  return true;
}

/** A value without the blocks given, at any depth; the same value where it holds none of them. */
function without(value: unknown, absent: ReadonlySet<object>): unknown {
  if (Array.isArray(value)) {
    const kept = value.filter((item) => !absent.has(item)).map((item) => without(item, absent));
    return kept.length === value.length && kept.every((item, i) => item === value[i]) ? value : kept;
  }
  if (value === null || typeof value !== "object") return value;
  const changed = Object.entries(value).flatMap(([key, item]) => {
    const next = without(item, absent);
    return next === item ? [] : [[key, next] as const];
  });
  return changed.length === 0 ? value : { ...value, ...Object.fromEntries(changed) };
}
