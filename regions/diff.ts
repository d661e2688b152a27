import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { block } from "../lib/cidr";
import { readConfigurations } from "../policies/inputs/read";
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

/** Leaf values of a JSON value by path: `a.b[0].c`. */
function leaves(value: unknown, path = "", into = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) for (const [i, item] of value.entries()) leaves(item, `${path}[${i}]`, into);
  else if (value && typeof value === "object") for (const [key, item] of Object.entries(value)) leaves(item, path ? `${path}.${key}` : key, into);
  else into.set(path, JSON.stringify(value));
  return into;
}

function compare(a: unknown, b: unknown): ValueChange[] {
  const left = leaves(a);
  const right = leaves(b);
  const paths = [...new Set([...left.keys(), ...right.keys()])].sort();
  return paths
    .filter((path) => left.get(path) !== right.get(path))
    .map((path) => ({
      path,
      ...(left.has(path) ? { a: JSON.parse(left.get(path)!) as unknown } : {}),
      ...(right.has(path) ? { b: JSON.parse(right.get(path)!) as unknown } : {}),
    }));
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

const shown = (value: unknown): string => (value === undefined ? "(absent)" : JSON.stringify(value));

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
