import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { block } from "../lib/cidr";
import { readConfigurations } from "../policies/inputs/read";
import { isMap, keyPath } from "../policies/lib/values";
import type { RegionConfig } from "../config/resolve";
import { environmentArgument } from "../config/load";
import { synthesizeRegions } from "../stacks/synthesize";

export interface ValueChange {
  readonly path: string;
  readonly a?: unknown;
  readonly b?: unknown;
}

export interface RegionDiff {
  readonly a: string;
  readonly b: string;
  /** Configuration values that differ, beyond the region's name and address plan. */
  readonly configuration: readonly ValueChange[];
  /** Resources of b that a does not have, and the reverse, as `stack resource-address`. */
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly { readonly address: string; readonly changes: readonly ValueChange[] }[];
}

const ipv4 = /\b(\d{1,3}(?:\.\d{1,3}){3})(\/\d{1,2})?\b/g;

/**
 * A function that rewrites what differs between regions only by name and address plan: the id and display name
 * become placeholders, and addresses inside the region's range become offsets from its start.
 */
function normalizer(config: RegionConfig): (text: string) => string {
  const range = block(config.network.range);
  const toNumber = (address: string) => address.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
  return (text) =>
    text
      .split(config.id)
      .join("<region>")
      .split(config.name)
      .join("<name>")
      .replace(ipv4, (match, address: string, prefix: string | undefined) => {
        const n = toNumber(address);
        return n >= range.first && n <= range.last ? `<range+${n - range.first}>${prefix ?? ""}` : match;
      });
}

function normalize(value: unknown, rewrite: (text: string) => string): unknown {
  if (typeof value === "string") return rewrite(value);
  if (Array.isArray(value)) return value.map((item) => normalize(item, rewrite));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== "//")
        .map(([key, item]) => [rewrite(key), normalize(item, rewrite)]),
    );
  }
  return value;
}

/**
 * The object or array a string holds as JSON text (a Helm release's values, a manifest), undefined for any other: its
 * values are compared one by one, where the text whole, tens of kilobytes, would be shown for one changed namespace.
 */
function jsonText(text: string): object | undefined {
  if (!/^\s*[[{]/.test(text)) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A value to compare: the object or array a string holds as JSON text, else itself. */
const opened = (value: unknown): unknown => (typeof value === "string" ? (jsonText(value) ?? value) : value);

/**
 * What names an element of a list among the others: a Kubernetes object's kind, namespace and name, else its id, name,
 * login (a bastion administrator) or exception (an approval).
 */
function identity(item: unknown): string | undefined {
  if (!isMap(item)) return undefined;
  const metadata = item.metadata;
  if (typeof item.kind === "string" && isMap(metadata) && typeof metadata.name === "string")
    return `${item.kind} ${typeof metadata.namespace === "string" ? `${metadata.namespace}/` : ""}${metadata.name}`;
  const named = [item.id, item.name, item.login, item.exception].find((value) => typeof value === "string");
  return typeof named === "string" ? named : undefined;
}

/**
 * Each list element by what names it (identity), when every element of both lists has a name and no two of one list
 * share it: an element removed from the middle is one change, not a change of every element after it. Undefined otherwise.
 */
function byIdentity(a: readonly unknown[], b: readonly unknown[]): { left: Map<string, unknown>; right: Map<string, unknown>; names: string[] } | undefined {
  const keyed = (items: readonly unknown[]) => {
    const names = items.map(identity);
    return names.every((name) => name !== undefined) && new Set(names).size === names.length ? new Map(names.map((name, i) => [name!, items[i]])) : undefined;
  };
  const left = keyed(a);
  const right = keyed(b);
  if (!left || !right) return undefined;
  return { left, right, names: [...left.keys(), ...[...right.keys()].filter((name) => !left.has(name))] };
}

/** Beyond this many pairs of elements, two unnamed lists are compared by position (aligned's table grows as their product). */
const longestAligned = 1_000_000;

/**
 * Unnamed list elements paired as a line diff pairs lines: the elements equal on both sides in order (a longest common
 * subsequence), and between two of these, the others by position; an element only one side has pairs with nothing, so
 * one removed from the middle is one change. Each pair is of indexes into a and b.
 */
function aligned(a: readonly unknown[], b: readonly unknown[]): [number | undefined, number | undefined][] {
  const byPosition = (from: number, to: number, fromB: number, toB: number): [number | undefined, number | undefined][] =>
    Array.from({ length: Math.max(to - from, toB - fromB) }, (_, k) => [from + k < to ? from + k : undefined, fromB + k < toB ? fromB + k : undefined]);
  if (a.length * b.length > longestAligned) return byPosition(0, a.length, 0, b.length);
  const left = a.map((item) => JSON.stringify(item));
  const right = b.map((item) => JSON.stringify(item));
  // common[i][j]: the length of the longest common subsequence of a from i and b from j.
  const common = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      common[i]![j] = left[i] === right[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
  const pairs: [number | undefined, number | undefined][] = [];
  let [i, j, fromA, fromB] = [0, 0, 0, 0];
  while (i < a.length && j < b.length) {
    if (left[i] === right[j]) {
      pairs.push(...byPosition(fromA, i, fromB, j), [i, j]);
      [i, j] = [i + 1, j + 1];
      [fromA, fromB] = [i, j];
    } else if (common[i + 1]![j]! >= common[i]![j + 1]!) i++;
    else j++;
  }
  return [...pairs, ...byPosition(fromA, a.length, fromB, b.length)];
}

/**
 * The values that differ between a and b, by path (`a.b[0].c`, `resources["Cluster data/warehouse"]`): into objects,
 * lists and the JSON text strings hold (jsonText); what only one side has is one change, however much it holds.
 */
function compare(a: unknown, b: unknown, path = "", into: ValueChange[] = []): ValueChange[] {
  const left = opened(a);
  const right = opened(b);
  if (isMap(left) && isMap(right)) {
    for (const key of [...new Set([...Object.keys(left), ...Object.keys(right)])].sort()) compare(left[key], right[key], keyPath(path, key), into);
  } else if (Array.isArray(left) && Array.isArray(right)) {
    const named = byIdentity(left, right);
    if (named) for (const name of named.names) compare(named.left.get(name), named.right.get(name), `${path}[${JSON.stringify(name)}]`, into);
    else
      for (const [i, j] of aligned(left, right))
        compare(i === undefined ? undefined : left[i], j === undefined ? undefined : right[j], `${path}[${i ?? j}]`, into);
  } else if (JSON.stringify(left) !== JSON.stringify(right))
    into.push({ path, ...(left === undefined ? {} : { a: left }), ...(right === undefined ? {} : { b: right }) });
  return into;
}

const siteObjectType = "openstack_objectstorage_object_v1";

/** Resources of a synthesized region, normalized and keyed by `stack address` with the region taken out of the stack. */
async function resourcesOf(stacks: Record<string, string>, config: RegionConfig, rewrite: (text: string) => string): Promise<Map<string, unknown>> {
  const resources = new Map<string, unknown>();
  for (const configuration of await readConfigurations(Object.values(stacks))) {
    const stack = configuration.stack.replace(`${config.id}-`, "");
    for (const resource of configuration.resources) {
      // The transparency site's pages are derived from the configuration, whose differences are listed already (its
      // search index would differ by every word of a region's name).
      if (resource.type === siteObjectType) continue;
      resources.set(`${stack} ${rewrite(resource.address)}`, normalize(resource.values, rewrite));
    }
  }
  return resources;
}

/** How two regions differ, for review: configuration values, then resources added, removed or changed. */
export async function diffRegions(a: string, b: string, today: string): Promise<RegionDiff> {
  const outdir = mkdtempSync(join(tmpdir(), "eds-diff-"));
  try {
    const files = [a, b].map(environmentArgument);
    const result = synthesizeRegions({ envFiles: files, outdir: join(outdir, "out"), today });
    const [left, right] = files.map((file) => result.regions.find((region) => resolve(region.file) === resolve(file))!);
    const sides = await Promise.all(
      [left!, right!].map(async (region) => {
        const rewrite = normalizer(region.config);
        const stacks = Object.fromEntries(Object.entries(result.stacks).filter(([stack]) => stack.startsWith(`${region.config.id}-`)));
        return { config: normalize(region.config, rewrite), resources: await resourcesOf(stacks, region.config, rewrite) };
      }),
    );
    const [l, r] = sides as [(typeof sides)[0], (typeof sides)[0]];
    const addresses = [...new Set([...l.resources.keys(), ...r.resources.keys()])].sort();
    return {
      a: left!.config.id,
      b: right!.config.id,
      configuration: compare(l.config, r.config),
      added: addresses.filter((address) => !l.resources.has(address)),
      removed: addresses.filter((address) => !r.resources.has(address)),
      changed: addresses
        .filter((address) => l.resources.has(address) && r.resources.has(address))
        .map((address) => ({ address, changes: compare(l.resources.get(address), r.resources.get(address)) }))
        .filter((entry) => entry.changes.length > 0),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** How long a list or an object only one side has is shown, at most: its beginning names it. */
const shownAtMost = 160;

const shown = (value: unknown): string => {
  if (value === undefined) return "(absent)";
  const text = JSON.stringify(value);
  return value !== null && typeof value === "object" && text.length > shownAtMost ? `${text.slice(0, shownAtMost)}…` : text;
};

/** A change, on one line; a change between two texts of several lines shows only the lines that differ. */
function changeText(change: ValueChange): string {
  const { a, b } = change;
  if (typeof a === "string" && typeof b === "string" && (a.includes("\n") || b.includes("\n"))) {
    const before = a.split("\n");
    const after = b.split("\n");
    const removed = before.filter((line) => !after.includes(line)).map((line) => `−${JSON.stringify(line)}`);
    const added = after.filter((line) => !before.includes(line)).map((line) => `+${JSON.stringify(line)}`);
    return [...removed, ...added].join(" ");
  }
  return `${shown(a)} → ${shown(b)}`;
}

/** The diff as Markdown, for a pull-request comment. */
export function renderDiff(diff: RegionDiff): string {
  const lines = [`## ${diff.a} → ${diff.b}`, "", "Differences only by region name and address plan are left out.", ""];
  lines.push("### Configuration", "");
  if (diff.configuration.length === 0) lines.push("No difference.");
  for (const change of diff.configuration) lines.push(`- \`${change.path}\`: ${changeText(change)}`);
  lines.push("", "### Resources", "");
  if (diff.added.length + diff.removed.length + diff.changed.length === 0) lines.push("No difference.");
  for (const address of diff.added) lines.push(`- added in ${diff.b}: \`${address}\``);
  for (const address of diff.removed) lines.push(`- absent from ${diff.b}: \`${address}\``);
  for (const { address, changes } of diff.changed) {
    lines.push(`- changed \`${address}\``);
    for (const change of changes) lines.push(`  - \`${change.path}\`: ${changeText(change)}`);
  }
  return `${lines.join("\n")}\n`;
}
