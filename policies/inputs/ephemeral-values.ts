/**
 * Ephemeral values (Terraform 1.10+, developer.hashicorp.com/terraform/language/ephemeral): what an ephemeral resource
 * gives, a variable declared `ephemeral = true`, `terraform.applying`, a module's output declared ephemeral, and any
 * value an expression makes of one (a local value, a function's result, a template), unless `ephemeralasnull` takes it.
 * Terraform keeps none of them in the state or a plan, and refuses the configuration where one would be kept: in an
 * argument of a resource or a data source that is not write-only, in a count or a for_each, in an output not declared
 * ephemeral, in a module's input whose variable is not declared ephemeral (internal/terraform/node_resource_validate.go,
 * "Invalid use of ephemeral value"; eval_count.go, eval_for_each.go; node_output.go and node_module_variable.go,
 * "Ephemeral value not allowed"). They stay allowed in providers, provisioners, connections, lifecycle conditions,
 * locals and other ephemeral resources. A test holds these refusals to terraform 1.11 validate and plan.
 */
import { attributePath, blocks, literalBool, modeKeywords, modePrefixes, named, someValue } from "../lib/values";
import type { Expression } from "./hcl-expression";
import { builtInName } from "./hcl-functions";
import { moduleMetaArguments } from "./terraform-json";
import { ValueSources } from "./value-sources";

/** What a module declares ephemeral, which its callers read: its variables and its outputs (`ephemeral = true`). */
export interface EphemeralDeclarations {
  readonly variables: ReadonlySet<string>;
  readonly outputs: ReadonlySet<string>;
}

/** A use of an ephemeral value that Terraform refuses: the file, the path in the module (`type.name.argument`) and why. */
export interface EphemeralRefusal {
  readonly file: string;
  readonly where: string;
  readonly message: string;
}

interface ModuleFileDocument {
  readonly document: Record<string, unknown>;
  readonly file: string;
  /** Set where the file's text writes neither `ephemeral` nor `applying` (ModuleFile.namesNoEphemeral). */
  readonly namesNoEphemeral?: true;
}

/** The names of the variables or the outputs a module's file declares ephemeral (`ephemeral = true`). */
export const declaredEphemeral = (document: Record<string, unknown>, section: "variable" | "output"): string[] =>
  [...named(document[section])].filter(([, body]) => literalBool(body.ephemeral) === true).map(([name]) => name);

/** The variables and outputs a module's files declare ephemeral. */
export function ephemeralDeclarations(files: readonly ModuleFileDocument[]): EphemeralDeclarations {
  const declared = (section: "variable" | "output") => new Set(files.flatMap(({ document }) => declaredEphemeral(document, section)));
  return { variables: declared("variable"), outputs: declared("output") };
}

/**
 * Whether a file's text names no ephemeral value (ModuleFile.namesNoEphemeral): it writes neither `ephemeral` nor
 * `applying`, nor, in JSON, whose strings may write a name with escapes (`\u0065phemeral`), any escape.
 */
export const textNamesNoEphemeral = (text: string, json: boolean): boolean =>
  !text.includes("ephemeral") && !text.includes("applying") && !(json && text.includes("\\u"));

/**
 * A write-only argument (Terraform 1.11+), which takes an ephemeral value: providers name them with the `_wo` suffix
 * (password_wo, data_wo, set_wo; every write-only attribute of the AWS provider 5.100's schema, `terraform providers
 * schema -json`, ends so, and the OpenStack provider 3.4.0 has none).
 */
const isWriteOnlyName = (argument: string): boolean => argument.endsWith("_wo");

/**
 * Write-only arguments named otherwise, by resource type, as the names on their path (a nested block's first): the
 * input of terraform_data's store block (Terraform 1.16+, internal/builtin/providers/terraform/resource_data.go,
 * `WriteOnly: true`), which keeps an ephemeral value's copy out of the state and gives it again as store.output.
 */
const writeOnlyPaths: Readonly<Record<string, readonly (readonly string[])[]>> = { terraform_data: [["store", "input"]] };

/**
 * The argument a path of a resource's body is in (`segments`, a dynamic block's content named as its block), and whether
 * it is write-only: the top-level argument, or one of a nested block that writeOnlyPaths names (`store.version`).
 */
function argumentAt(type: string, segments: readonly (string | number)[]): { readonly name: string; readonly writeOnly: boolean } {
  const names = segments.filter((segment): segment is string => typeof segment === "string");
  const path = names[0] === "dynamic" ? [names[1]!, ...names.slice(3)] : names;
  const inBlock = (writeOnlyPaths[type] ?? []).filter((written) => written.length > 1 && written[0] === path[0]);
  if (inBlock.length === 0) return { name: path[0]!, writeOnly: isWriteOnlyName(path[0]!) };
  const name = path.slice(0, inBlock[0]!.length).join(".");
  return { name, writeOnly: inBlock.some((written) => written.join(".") === name) };
}

/** The arguments of a resource or data source that Terraform does not keep in the state, or judges apart (count, for_each). */
const notKept: ReadonlySet<string> = new Set(["provisioner", "connection", "lifecycle", "depends_on", "provider", "count", "for_each", "//"]);

/** Whether a text names an ephemeral resource or terraform.applying, the ephemeral values a module may read undeclared. */
const namesEphemeral = (text: unknown): boolean => typeof text === "string" && (text.includes("ephemeral.") || text.includes("terraform.applying"));

/** The ephemeral resource a part of an expression names (`ephemeral.type.name`, as `type.name`); undefined for any other part. */
const ephemeralResource = (part: Expression): string | undefined =>
  part.kind === "attribute" && part.of.kind === "attribute" && part.of.of.kind === "variable" && part.of.of.name === "ephemeral"
    ? `${part.of.name}.${part.name}`
    : undefined;

/** The references an ephemeral value may come through, by their root (`var`, `local`, `module`, `ephemeral`, `terraform`). */
const ephemeralRoots = /\b(?:ephemeral\.|terraform\.applying\b|var\.|local\.|module\.)/;

/**
 * The uses of ephemeral values in a module that Terraform refuses, and its references to ephemeral resources it does not
 * declare; `calls` gives what each module call's source declares ephemeral (absent where it is not read here).
 */
export function ephemeralRefusals(files: readonly ModuleFileDocument[], calls: ReadonlyMap<string, EphemeralDeclarations>): EphemeralRefusal[] {
  const { variables } = ephemeralDeclarations(files);
  const resources = new Set(
    files.flatMap(({ document }) =>
      blocks(document.ephemeral).flatMap((group) => Object.entries(group).flatMap(([type, byName]) => [...named(byName)].map(([name]) => `${type}.${name}`))),
    ),
  );
  // Where the module declares, and calls, nothing ephemeral, only a template naming an ephemeral resource or
  // terraform.applying may read one: most modules write none, found in their texts or in one plain walk of their strings.
  const anyDeclared = resources.size > 0 || variables.size > 0 || [...calls.values()].some(({ outputs }) => outputs.size > 0);
  const mayName = ({ document, namesNoEphemeral }: ModuleFileDocument) =>
    !namesNoEphemeral && someValue(document, (value, key) => namesEphemeral(value) || namesEphemeral(key));
  if (!anyDeclared && !files.some(mayName)) return [];
  const sources = new ValueSources(files, {
    mayRead: (text) => ephemeralRoots.test(text),
    sourceOf: (part, localSource) => {
      if (part.kind !== "attribute") return undefined;
      const { of, name } = part;
      if (of.kind === "variable") {
        if (of.name === "var" && variables.has(name)) return `var.${name}`;
        if (of.name === "terraform" && name === "applying") return "terraform.applying";
        return of.name === "local" ? localSource(name) : undefined;
      }
      const resource = ephemeralResource(part);
      if (resource) return `ephemeral.${resource}`;
      const called = of.kind === "index" ? of.of : of;
      return called.kind === "attribute" && called.of.kind === "variable" && called.of.name === "module" && calls.get(called.name)?.outputs.has(name)
        ? `module.${called.name}.${name}`
        : undefined;
    },
    stopsAt: (part) => part.kind === "call" && builtInName(part.name) === "ephemeralasnull",
  });
  const sourcesIn = (value: unknown) => sources.sourcesIn(value);

  // Said once at each place by the module's evaluation (refuseOnce), which keeps the first.
  const refusals: EphemeralRefusal[] = [];
  const refuse = (file: string, where: string, message: string) =>
    refusals.push({ file, where, message: `${where}: ${message}, so Terraform refuses the configuration` });
  const derived = (file: string, where: string, meta: string, value: unknown) => {
    const source = sourcesIn(value)[0]?.source;
    if (source) refuse(file, where, `its ${meta} derives from an ephemeral value (${source}), which Terraform cannot keep between plan and apply`);
  };
  for (const { document, file } of files) {
    // An ephemeral resource takes ephemeral values anywhere: only resources and data sources keep theirs.
    for (const mode of ["managed", "data"] as const)
      for (const group of blocks(document[modeKeywords[mode]]))
        for (const [type, byName] of Object.entries(group))
          for (const [name, body] of named(byName)) {
            const address = `${modePrefixes[mode]}${type}.${name}`;
            for (const meta of ["count", "for_each"] as const) derived(file, `${address}.${meta}`, meta, body[meta]);
            const kept = Object.fromEntries(Object.entries(body).filter(([key]) => !notKept.has(key)));
            for (const { source, segments } of sourcesIn(kept)) {
              const { name: argument, writeOnly } = argumentAt(type, segments);
              if (!writeOnly)
                refuse(
                  file,
                  `${address}.${attributePath(...segments)}`,
                  `${argument} is given an ephemeral value (${source}), which is never kept in the state, and ${argument} is not write-only`,
                );
            }
          }
    for (const [name, body] of named(document.output)) {
      const where = `output.${name}.value`;
      const source = literalBool(body.ephemeral) === true ? undefined : sourcesIn(body.value)[0]?.source;
      if (source) refuse(file, where, `the output's value is ephemeral (${source}), and the output is not declared ephemeral (ephemeral = true)`);
    }
    for (const [name, body] of named(document.module)) {
      const declared = calls.get(name);
      for (const [key, value] of Object.entries(body)) {
        const where = `module.${name}.${key}`;
        if (key === "count" || key === "for_each") derived(file, where, key, value);
        else if (declared && !moduleMetaArguments.has(key) && !declared.variables.has(key)) {
          const source = sourcesIn(value)[0]?.source;
          if (source)
            refuse(file, where, `variable "${key}" is given an ephemeral value (${source}), and the module does not declare it ephemeral (ephemeral = true)`);
        }
      }
    }
  }
  return refusals;
}
