import type { TfConfiguration, TfResource } from "./model";
import { isResourceReference, isUnder, isUnknown, knownAfterApply, modePrefix, modePrefixes, type TemplateString, templateStrings } from "../lib/values";
import { isTextAt, lastKeys } from "./unknowns";
import { addToGroup } from "../../lib/groups";

const interpolation = /\$\{([^}]*)\}/g;
/** A literal instance key after a block's name: `[0]`, `["key"]` (Terraform's instance addresses). */
export const instanceKey = String.raw`\[(?:\d+|"(?:[^"\\]|\\.)*")\]`;

const instanceKeys = new RegExp(instanceKey, "g");
/** An address with its instance keys left out: `module.net.type.name` of `module.net[0].type.name["key"]`. */
export const withoutInstanceKeys = (address: string): string => address.replace(instanceKeys, "");
/** A block's address: `type.name`, `data.type.name`, `ephemeral.type.name`. */
const blockAddress = String.raw`${modePrefix}[a-z][a-z0-9_]*\.[A-Za-z_][\w-]*`;
/** The module calls before it: `module.a.`, `module.net[1].`. */
const modulePath = String.raw`(?:module\.[\w-]+(?:${instanceKey})?\.)*`;
const reference = new RegExp(String.raw`(?:^|[^\w.])(${modulePath}${blockAddress})(${instanceKey})?`, "g");
/** The common case, a whole value that is one reference such as `${type.name.id}` or `${type.name[0].id}` (not into a module). */
const plainReference = new RegExp(String.raw`^\$\{((?!module\.)${blockAddress})(${instanceKey})?[.[][^$\{\}]*\}$`);
/**
 * Whether a resource is a kubernetes_resource data source, whose `object` is the one the API server gives for the name
 * it asks for: the provider gets the object by its metadata's name, and gives no object when there is none
 * (terraform-provider-kubernetes manifest/provider/datasource.go, ReadDataSource), which Terraform refuses ("Provider
 * produced null object"): once plan reads it, `object.metadata.name` is the name asked for. The rest of the object is
 * the cluster's.
 */
const readsObjectAsked = (target: TfResource): boolean => target.mode === "data" && target.type === "kubernetes_resource";
const objectName = /^\.object\.metadata\.name$/;

/** How many references readValue follows from one to the next: a chain longer than this is a loop. */
const maximumHops = 16;

/** One step of an attribute path after a reference's block: `.name`, `[0]`, `["key"]`. */
const attributeStep = /\.([\w-]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
/** An instance's address: the block's, then its key. */
const instanceAddress = new RegExp(`^(.+)${instanceKey}$`);

/**
 * The references between the resources of one configuration: which resource an interpolation such as
 * `${openstack_networking_secgroup_v2.web.id}` or `${kubernetes_namespace_v1.ns.metadata[0].name}` points at.
 */
export class ResourceGraph {
  private readonly byAddress = new Map<string, TfResource>();
  private readonly incoming = new Map<string, { from: TfResource; at: TemplateString }[]>();
  private readonly byType = new Map<string, TfResource[]>();
  /** The instances of a block with `count` or `for_each`, by the block's address. */
  private readonly instancesOf = new Map<string, TfResource[]>();
  private readonly memo = new Map<string, unknown>();

  constructor(readonly configuration: TfConfiguration) {
    for (const resource of configuration.resources) {
      this.byAddress.set(resource.address, resource);
      addToGroup(this.byType, resource.type, resource);
      const block = resource.address.endsWith("]") ? instanceAddress.exec(resource.address)?.[1] : undefined;
      if (block !== undefined) addToGroup(this.instancesOf, block, resource);
    }
    for (const resource of configuration.resources) {
      for (const at of templateStrings(resource.values)) {
        const targets = this.targetsOf(at.text, resource);
        for (const target of targets) addToGroup(this.incoming, target.address, { from: resource, at });
        if (targets.length === 0) continue;
        if (!isResourceReference(at.text)) addToGroup(this.interpolatedTexts, resource.address, at);
        // An id is the provider's to compute: a reference to it reads nothing known at plan (readValue).
        else if (!at.text.endsWith(".id}")) addToGroup(this.wholeReferences, resource.address, at);
      }
    }
  }

  get resources(): readonly TfResource[] {
    return this.configuration.resources;
  }

  /** The resources of the given types. */
  ofType(types: readonly string[]): TfResource[] {
    return types.flatMap((type) => this.byType.get(type) ?? []);
  }

  /**
   * A value computed once per configuration and shared by every check on it (an index that a policy would otherwise
   * rebuild for each resource). `key` names the value; `compute` must depend on the configuration only.
   */
  cached<T>(key: string, compute: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, compute());
    return this.memo.get(key) as T;
  }

  resource(address: string): TfResource | undefined {
    return this.byAddress.get(address);
  }

  /** The resources an interpolated value points at (none for a literal or for variables and locals). */
  targetsOf(value: unknown, from?: TfResource): TfResource[] {
    if (typeof value !== "string" || !value.includes("${")) return [];
    const plain = plainReference.exec(value);
    if (plain && !from?.address.startsWith("module.")) return this.named(plain[1]!, plain[2]);
    // The module path before the block's own address (and its instance key): `module.x.` of `module.x.type.name[0]`.
    const modulePrefix = from ? from.address.slice(0, from.address.lastIndexOf(`${modePrefixes[from.mode]}${from.type}.${from.name}`)) : "";
    const found: TfResource[] = [];
    for (const [, expression] of value.matchAll(interpolation)) {
      for (const [, candidate, key] of expression!.matchAll(reference)) {
        // In a module, a reference names the module's own blocks; the evaluator writes one to another module's from the root.
        const local = modulePrefix ? this.named(`${modulePrefix}${candidate}`, key) : [];
        for (const target of local.length > 0 ? local : this.named(candidate!, key)) if (!found.includes(target)) found.push(target);
      }
    }
    return found;
  }

  /**
   * What a reference names: one instance (`type.name[0]`, `type.name["key"]`), a block without instances, or every
   * instance of a block with `count` or `for_each` when no literal key says which (`type.name[*].id`).
   */
  private named(block: string, key: string | undefined): TfResource[] {
    const instance = key === undefined ? undefined : this.byAddress.get(`${block}${key}`);
    if (instance) return [instance];
    const whole = this.byAddress.get(block);
    return whole ? [whole] : (this.instancesOf.get(block) ?? []);
  }

  /** The single resource a value points at, if it points at exactly one. */
  targetOf(value: unknown, from?: TfResource): TfResource | undefined {
    const targets = this.targetsOf(value, from);
    return targets.length === 1 ? targets[0] : undefined;
  }

  /**
   * What a value is at plan, for a policy that compares it: a whole reference to an argument the configuration sets on
   * one declared resource (`${openstack_networking_subnet_v2.admin.cidr}`) reads that argument, which Terraform knows
   * at plan; one to an attribute the provider computes (`.id`), to several instances or to nothing declared is known only
   * at apply (knownAfterApply); any other value is itself. An argument that is itself such a reference is read in turn.
   * terraform_data's `output` is its `input`, as its plan gives it; the name of the object a kubernetes_resource data
   * source reads is the one it asks for.
   */
  readValue(value: unknown, from?: TfResource, hops = 0): unknown {
    if (typeof value !== "string" || !isResourceReference(value)) return value;
    const plain = plainReference.exec(value);
    const target = this.targetOf(value, from);
    if (!plain || !target || hops >= maximumHops) return knownAfterApply;
    const written = value.slice(2 + plain[1]!.length + (plain[2]?.length ?? 0), -1);
    const path =
      target.type === "terraform_data"
        ? written.replace(/^\.output\b/, ".input")
        : readsObjectAsked(target)
          ? written.replace(objectName, ".metadata[0].name")
          : written;
    const steps = [...path.matchAll(attributeStep)];
    if (steps.map(([step]) => step).join("") !== path) return knownAfterApply;
    let read: unknown = target.writtenValues ?? target.values;
    for (const [, name, index, key] of steps) {
      // A nested block is written as a list of blocks or as the block itself: `metadata[0]` is either.
      if (index !== undefined) read = Array.isArray(read) ? read[Number(index)] : Number(index) === 0 ? read : undefined;
      else read = read !== null && typeof read === "object" && !Array.isArray(read) ? (read as Record<string, unknown>)[name ?? JSON.parse(key!)] : undefined;
      if (read === undefined) return knownAfterApply;
    }
    return this.readValue(read, target, hops + 1);
  }

  /**
   * The resource as a resource policy judges it: a whole reference to a value Terraform knows at plan is that value,
   * where it can never stand for a relation to follow: a boolean or a number another resource's argument sets
   * (`privileged = terraform_data.flags.output.on`), anything terraform_data holds (its output is its input), or text
   * policies compare where no relation is meant (isTextAt: a rule's protocol, a label). Any other string read from
   * another resource (a name, an id) stays the reference, which the policies follow to its owner.
   * Parts that change are copied, the resource with them: a policy compares resources by address, not by identity.
   */
  resolved(resource: TfResource): TfResource {
    const found = this.resolvedOnce.get(resource) ?? this.resolving(resource);
    this.resolvedOnce.set(resource, found);
    return found;
  }

  /** Each resource as resolved() reads it, read once: the engine and a configuration policy both ask. */
  private readonly resolvedOnce = new WeakMap<TfResource, TfResource>();

  private resolving(resource: TfResource): TfResource {
    let values = resource.values as unknown;
    for (const { text, segments } of this.wholeReferences.get(resource.address) ?? []) {
      const read = this.readValue(text, resource);
      if (read === knownAfterApply || read === undefined || read === null) continue;
      const held = this.targetOf(text, resource)?.type === "terraform_data";
      const comparedText = typeof read === "string" && isTextAt(...lastKeys(segments));
      if (held || comparedText || typeof read === "boolean" || typeof read === "number") values = replacedAt(values, segments, read);
    }
    for (const { text, segments } of this.interpolatedTexts.get(resource.address) ?? []) {
      const read = this.interpolated(text, resource);
      if (read !== undefined) values = replacedAt(values, segments, read);
    }
    const completed = resource.completedPodTemplates;
    const bySettings = completed?.completion.bySettings;
    const settled = bySettings ? { completedPodTemplates: { ...completed!, completion: { ...completed!.completion, ...bySettings(this) } } } : {};
    return values === resource.values && !bySettings ? resource : { ...resource, ...settled, values: values as TfResource["values"] };
  }

  /**
   * A text with references inside it (`"${openstack_identity_project_v3.p.name}-x"`), no relation but a value: the text
   * Terraform makes at plan when each reference reads an argument it knows then, a string, a number or a bool, which it
   * writes as text (readValue); undefined when one does not, or when the text holds more than plain references (a
   * function, a directive, an escape).
   */
  private interpolated(text: string, from: TfResource): string | undefined {
    if (text.includes("%{") || text.includes("$${")) return undefined;
    let known = true;
    const read = text.replace(interpolation, (whole) => {
      const value = isResourceReference(whole) ? this.readValue(whole, from) : knownAfterApply;
      if (typeof value === "string" && !isUnknown(value)) return value;
      if (typeof value === "number" || typeof value === "boolean") return String(value);
      known = false;
      return whole;
    });
    return known && !read.includes("${") ? read : undefined;
  }

  /** The template strings of each resource that are one whole reference to a declared resource, by its address. */
  private readonly wholeReferences = new Map<string, TemplateString[]>();
  /** The template strings of each resource that hold references to declared resources among other text, by its address. */
  private readonly interpolatedTexts = new Map<string, TemplateString[]>();

  /** Resources that reference `resource`, optionally only through the attribute path `path` (a prefix). */
  referrers(resource: TfResource, options: { type?: string | readonly string[]; path?: string } = {}): TfResource[] {
    const types = options.type === undefined ? undefined : typeof options.type === "string" ? [options.type] : options.type;
    const result: TfResource[] = [];
    for (const edge of this.incoming.get(resource.address) ?? []) {
      if (types && !types.includes(edge.from.type)) continue;
      if (options.path && !isUnder(edge.at.segments, options.path)) continue;
      if (!result.includes(edge.from)) result.push(edge.from);
    }
    return result;
  }
}

/** A copy of `value` with `replacement` at the path `segments`, each object or list on the way copied, the rest shared. */
function replacedAt(value: unknown, segments: readonly (string | number)[], replacement: unknown): unknown {
  if (segments.length === 0) return replacement;
  const [head, ...rest] = segments as [string | number, ...(string | number)[]];
  if (Array.isArray(value)) return value.map((item, i) => (i === head ? replacedAt(item, rest, replacement) : item));
  if (value === null || typeof value !== "object") return value;
  return { ...(value as Record<string, unknown>), [head]: replacedAt((value as Record<string, unknown>)[head], rest, replacement) };
}
