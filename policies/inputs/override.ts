/**
 * Override files, as Terraform and OpenTofu merge them (developer.hashicorp.com/terraform/language/files/override,
 * opentofu.org/docs/language/files/override): a file named `override.tf` or `*_override.tf` (or their `.tf.json`, `.tofu` and
 * `.tofu.json` forms) declares nothing of its own; each of its top-level blocks is merged into the block of the same header
 * in the module's other files, override files in lexicographical order, then by position.
 */
import { basename } from "node:path";
import type { InputProblem } from "../engine/model";
import { blocks } from "../lib/values";
import { type BlockPlace, blockOfPath, lineOf, withLine } from "./block-lines";
import type { ModuleFile } from "./module";
import { entriesOf } from "./terraform-json";
import { addToGroup } from "../../lib/groups";

export const isOverrideFile = (file: string): boolean => /^(.*_)?override\.(tf|tofu)(\.json)?$/.test(basename(file));

type Body = Record<string, unknown>;

/**
 * The bodies of a section such as `resource`, keyed by their labels (`type.name`, `name`). A `//` comment is a string,
 * so it has no body.
 */
function labelled(section: unknown, depth: number): [string, Body][] {
  return entriesOf(section).flatMap(([label, inner]): [string, Body][] =>
    depth === 1 ? blocks(inner).map((body) => [label, body]) : labelled(inner, depth - 1).map(([rest, body]) => [`${label}.${rest}`, body]),
  );
}

/** Sections merged by header, with the number of labels a header has (type and name for a resource). */
const labelledSections: Record<string, number> = { resource: 2, data: 2, ephemeral: 2, module: 1, output: 1, variable: 1, provider: 1 };

/** The `dynamic` blocks of a body, by the type of block they make. */
function dynamicBlocks(value: unknown): Map<string, unknown[]> {
  const byType = new Map<string, unknown[]>();
  for (const group of blocks(value))
    for (const [type, bodies] of Object.entries(group)) if (type !== "//") for (const body of blocks(bodies)) addToGroup(byType, type, body);
  return byType;
}

/**
 * Within a top-level block, an argument replaces the original's, and a nested block type replaces all of the
 * original's blocks of that type, written or `dynamic`, whichever way the override writes it (Terraform
 * internal/configs/module_merge_body.go, prepareContent: `overriddenBlockTypes`).
 */
function mergeBody(base: Body, override: Body, section: string): void {
  const generated = dynamicBlocks(base.dynamic);
  const overridden = dynamicBlocks(override.dynamic);
  // First what the override hides of the original, whichever way each side writes a type; then what it adds.
  for (const type of [...Object.keys(override), ...overridden.keys()]) {
    if (type === "dynamic" || (type === "lifecycle" && (section === "resource" || section === "data"))) continue;
    generated.delete(type);
    if (overridden.has(type)) delete base[type];
  }
  for (const [type, bodies] of overridden) generated.set(type, bodies);
  for (const [key, value] of Object.entries(override)) {
    if (key === "//" || key === "dynamic") continue;
    // The one nested block merged argument by argument ("Merging resource and data blocks").
    if (key === "lifecycle" && (section === "resource" || section === "data")) base[key] = [{ ...blocks(base[key])[0], ...blocks(value)[0] }];
    else base[key] = value;
  }
  if (generated.size > 0) base.dynamic = Object.fromEntries(generated);
  else delete base.dynamic;
}

/** A provider block's header is its name and alias: `aws` and `aws.west` are different objects. */
const providerKey = (name: string, body: Body): string => (typeof body.alias === "string" ? `${name}.${body.alias}` : name);

/**
 * The module's files with their override files merged into the others and left out. What Terraform refuses (an override
 * with nothing to override, `depends_on` in an override) goes to `problems`, naming the override file.
 */
/** Where a variable's default was written by an override file, by the variable's merged body: where its value is set. */
export const defaultsOverridden = new WeakMap<object, { readonly file: string; readonly line?: number }>();

export function mergeOverrideFiles(files: readonly ModuleFile[], problems: InputProblem[]): ModuleFile[] {
  const primary = files.filter((file) => !isOverrideFile(file.file));
  // A default (unaliased) provider configuration an override writes where no other file writes one: Terraform takes it
  // as the configuration, an absent one being an empty one (internal/configs/module.go, mergeFile).
  const added: ModuleFile[] = [];
  const overrides = files.filter((file) => isOverrideFile(file.file)).sort((a, b) => (basename(a.file) < basename(b.file) ? -1 : 1));
  for (const { file, document, lines } of overrides) {
    const at = (address: string) => withLine({ file, line: lineOf(lines, address) });
    for (const [section, value] of Object.entries(document)) {
      if (section === "//") continue;
      const depth = labelledSections[section];
      if (depth !== undefined) {
        for (const [label, body] of labelled(value, depth)) {
          const key = section === "provider" ? providerKey(label, body) : label;
          const base = [...primary, ...added]
            .flatMap((primaryFile) => labelled(primaryFile.document[section], depth))
            .find(([name, candidate]) => (section === "provider" ? providerKey(name, candidate) : name) === key)?.[1];
          if (!base && section === "provider" && body.alias === undefined) added.push({ file, document: { provider: { [label]: body } } });
          else if (!base)
            problems.push({
              ...at(section === "resource" ? label : blockOfPath(`${section}.${label}`)),
              message: `${section} ${key} overrides nothing: an override file can only change a block of the module's other files`,
            });
          else if (body.depends_on !== undefined && (section === "resource" || section === "data" || section === "output"))
            problems.push({
              ...at(section === "resource" ? label : blockOfPath(`${section}.${label}`)),
              message: `${section} ${key}: depends_on may not be set in an override file`,
            });
          else {
            if (section === "variable" && body.default !== undefined) defaultsOverridden.set(base, at(blockOfPath(`variable.${label}`)));
            mergeBody(base, body, section);
          }
        }
      } else if (section === "locals") mergeLocals(primary, blocks(value), at, problems);
      else if (section === "terraform") mergeTerraform(primary, blocks(value));
      else problems.push({ ...at(section), message: `"${section}" blocks cannot be overridden` });
    }
  }
  // What an override merges into a file is no longer what its text wrote: whether it names an ephemeral value is read again.
  const merged = overrides.every((override) => override.namesNoEphemeral) ? primary : primary.map(({ namesNoEphemeral: _, ...file }) => file);
  return [...merged, ...added];
}

/** Locals are overridden value by value, whatever `locals` block defines them. */
function mergeLocals(primary: readonly ModuleFile[], overrides: Body[], at: (address: string) => BlockPlace, problems: InputProblem[]): void {
  const defined = primary.flatMap((primaryFile) => blocks(primaryFile.document.locals));
  for (const override of overrides)
    for (const [name, value] of Object.entries(override)) {
      if (name === "//") continue;
      const base = defined.find((block) => Object.hasOwn(block, name));
      if (base) base[name] = value;
      else
        problems.push({
          ...at(`local.${name}`),
          message: `local.${name} overrides nothing: an override file can only change a value the module's other files define`,
        });
    }
}

/**
 * Settings of `terraform` blocks one by one: `required_providers` provider by provider, a `backend` or `cloud` block
 * replacing whichever of the two the module had. A module without a `terraform` block takes the override's.
 */
function mergeTerraform(primary: ModuleFile[], overrides: Body[]): void {
  for (const override of overrides) {
    const withBlock = primary.find((primaryFile) => blocks(primaryFile.document.terraform).length > 0);
    if (!withBlock) {
      const [first] = primary;
      if (first) first.document.terraform = [override];
      continue;
    }
    const base = blocks(withBlock.document.terraform)[0]!;
    for (const [key, value] of Object.entries(override)) {
      if (key === "//") continue;
      if (key === "required_providers") base[key] = [{ ...blocks(base[key])[0], ...blocks(value)[0] }];
      else if (key === "backend" || key === "cloud") {
        for (const replaced of primary.flatMap((primaryFile) => blocks(primaryFile.document.terraform))) {
          delete replaced.backend;
          delete replaced.cloud;
        }
        base[key] = value;
      } else base[key] = value;
    }
  }
}
