import type { ProviderRequirement, TfConfiguration, TfProviderBlock, TfResource } from "../engine/model";
import { blockModes, blocks, modeKeywords, modePrefixes } from "../lib/values";
import type { InputProblem } from "../engine/model";
import { argumentLine, type BlockLines, type BlockPlace, lineOf, occurrenceKey, withLine } from "./block-lines";
import { closest } from "../../lib/did-you-mean";
import { admitsNoneFrom } from "../../lib/version-constraint";
import { type Expression, parseTemplate } from "./hcl-expression";
import { attributeNamedTwice } from "./type-constraints";

export type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

/** Terraform JSON allows each level (section, type, name, body) to be an object or an array of objects. */
export function entriesOf(section: unknown): [string, unknown][] {
  const groups = blocks(section);
  return groups.length === 1 ? Object.entries(groups[0]!) : groups.flatMap((group) => Object.entries(group));
}

const providerOfType = (type: string): string => type.split("_")[0]!;

/** An empty configuration to which files are added one by one. */
export function emptyConfiguration(stack: string): Mutable<TfConfiguration> {
  return { stack, files: [], resources: [], providers: [], backend: undefined };
}

/** Top-level blocks of a Terraform configuration (developer.hashicorp.com/terraform/language/syntax/json); "//" is a comment. */
const topLevelBlocks = new Set([
  "//",
  "terraform",
  "provider",
  "resource",
  "data",
  // Ephemeral resources (Terraform 1.10+, developer.hashicorp.com/terraform/language/ephemeral): never stored in the
  // state or plan, and opened at each run for what reads them (a write-only argument, a provider's configuration).
  "ephemeral",
  // OpenTofu 1.12+: which versions and edition of the language a module is written for (opentofu.org/docs/language/settings).
  "language",
  "variable",
  "output",
  "locals",
  "module",
  "moved",
  "import",
  "check",
  "removed",
  // Terraform 1.14+: actions a provider runs on demand or on a resource's lifecycle events (developer.hashicorp.com/
  // terraform/language/block/action); they create nothing and are judged by no policy.
  "action",
]);

/** Meta-arguments of each block kind (developer.hashicorp.com/terraform/language/meta-arguments): Terraform's, not the provider's or the module's. */
export const resourceMetaArguments: ReadonlySet<string> = new Set(["count", "for_each", "depends_on", "lifecycle", "provider", "connection", "provisioner"]);
export const moduleMetaArguments: ReadonlySet<string> = new Set(["count", "for_each", "depends_on", "providers", "source", "version"]);
export const providerMetaArguments: ReadonlySet<string> = new Set(["alias", "version", "for_each"]);

/**
 * A body with its escaping block `_ { ... }` merged in (Terraform 1.1+, internal/configs/resource.go and
 * module_call.go: hcl.MergeBodies): the arguments written there are the resource's, the module's or the provider's. One
 * named like a meta-argument, which is what the block is for, cannot stand beside the meta-argument here and is left out.
 */
export function withEscapedArguments(body: Record<string, unknown>, metaArguments: ReadonlySet<string>): Record<string, unknown> {
  const escaping = blocks(body._);
  if (escaping.length === 0) return body;
  const { _: _escaping, ...rest } = body;
  const escaped = escaping.flatMap((block) => Object.entries(block).filter(([key]) => !metaArguments.has(key)));
  return { ...rest, ...Object.fromEntries(escaped) };
}

/** Backends Terraform 1.3 removed ("The ... backend is not supported in Terraform v1.3 or later", terraform init). */
const removedBackends: ReadonlySet<string> = new Set(["artifactory", "etcd", "etcdv3", "manta", "swift"]);

/**
 * Variable names Terraform reserves for their meaning in module blocks ("Invalid variable name", configs/named_values.go).
 */
const reservedVariableNames: ReadonlySet<string> = new Set(["source", "version", "providers", "count", "for_each", "lifecycle", "depends_on", "locals"]);

/**
 * Whether Terraform takes a name for a block's label: a letter or an underscore, then letters, digits, underscores and
 * dashes (hclsyntax.ValidIdentifier, which configs asks of every variable, output, module, resource and data source:
 * "Invalid output name", "A name must start with a letter or underscore and may contain only letters, digits,
 * underscores, and dashes").
 */
const isValidName = (name: string): boolean => /^[A-Za-z_][\w-]*$/.test(name) || /^[\p{ID_Start}_][\p{ID_Continue}-]*$/u.test(name);

/** The problems of a block whose labels Terraform refuses (`output "Public IPs"`): none when it takes them all. */
const invalidNames = (at: { file: string; line?: number }, type: string, labels: readonly string[]): InputProblem[] =>
  labels
    .filter((label) => !isValidName(label))
    .map((label) => ({
      ...at,
      message: `${[type, ...labels.map((each) => JSON.stringify(each))].join(" ")}: its ${label === labels.at(-1) ? "name" : "type"} is not a name Terraform takes (a letter or an underscore, then letters, digits, underscores and dashes), and it refuses the block`,
    }));

/**
 * Experiments Terraform concluded, by the release whose language took them (internal/experiments/experiment.go, each
 * registered concluded with its message; OpenTofu's kept the list until its own experiments replaced it): the argument
 * is then to be removed, not kept for an alpha build.
 */
const concludedExperiments: ReadonlyMap<string, string> = new Map([
  ["variable_validation", "0.13"],
  ["provider_sensitive_attrs", "0.15"],
  ["config_driven_move", "1.1"],
  ["preconditions_postconditions", "1.2"],
  ["module_variable_optional_attrs", "1.3"],
]);

/** What the problem says of the experiments written that concluded (`module_variable_optional_attrs`, in 1.3). */
function concludedSaid(experiments: unknown): string {
  const names = (Array.isArray(experiments) ? experiments : [experiments]).map((name) => String(name).replace(/^\$\{(.*)\}$/, "$1"));
  const concluded = names.filter((name) => concludedExperiments.has(name)).map((name) => `${name} concluded in Terraform ${concludedExperiments.get(name)}`);
  return concluded.length > 0 ? `; ${concluded.join(" and ")}, whose language has it: remove the argument` : "";
}

/** The types Terraform 0.11 wrote in quotes, as Terraform 1.x writes them (decodeVariableType's hints). */
const legacyTypes: ReadonlyMap<string, string> = new Map([
  ["string", "string"],
  ["list", "list(string)"],
  ["map", "map(string)"],
]);

/**
 * A type constraint in quotes (`type = "list"`), the form of Terraform 0.11, which Terraform refuses in the native syntax
 * ("Invalid quoted type constraints", "Invalid legacy variable type hint": internal/configs/named_values.go,
 * decodeVariableType). In the JSON syntax a type is a string, and "list" there is the type list.
 */
function quotedTypeSaid(type: unknown, file: string): string | undefined {
  if (typeof type !== "string" || type.includes("${") || file.endsWith(".json")) return undefined;
  const written = legacyTypes.get(type);
  return `type = "${type}" is a type constraint in quotes, the form of Terraform 0.11, which Terraform refuses: ${
    written ? `write type = ${written}` : "write the type expression without quotes"
  }`;
}

/**
 * An attribute a variable's object type names twice (attributeNamedTwice): the type as the native syntax writes it (an
 * expression, `${object({...})}` once read), or as the JSON syntax does (its text).
 */
function attributeNamedTwiceSaid(type: unknown, file: string): string | undefined {
  if (typeof type !== "string" || (!type.includes("${") && !file.endsWith(".json"))) return undefined;
  let expression: Expression;
  try {
    expression = parseTemplate(type.includes("${") ? type : `\${${type}}`);
  } catch {
    return undefined;
  }
  const twice = attributeNamedTwice(expression);
  return twice === undefined
    ? undefined
    : `its type names the attribute ${twice} twice in one object type, which Terraform refuses ("Invalid type specification": object attribute names must be unique)`;
}

/** The problem of a block declared twice, which Terraform refuses, at the later of the two. */
export const declaredTwice = (address: string, earlier: BlockPlace, later: BlockPlace): InputProblem => ({
  ...withLine(later),
  message: `${address} is declared twice: first at ${earlier.file}${earlier.line ? `:${earlier.line}` : ""}; Terraform refuses the configuration`,
});

/**
 * Adds one Terraform JSON document (a cdk.tf.json, a .tf.json, or the JSON form of a .tf file) to a configuration.
 * A resource declared twice (Terraform refuses it) and a block Terraform does not know go to `problems`.
 */
export function addTerraformJson(
  configuration: Mutable<TfConfiguration>,
  document: Record<string, unknown>,
  file: string,
  lines?: BlockLines,
  problems?: InputProblem[],
): void {
  configuration.files.push(file);
  const known = [...topLevelBlocks].filter((block) => block !== "//");
  for (const key of Object.keys(document).filter((key) => !topLevelBlocks.has(key))) {
    const typo = closest(key, known);
    problems?.push({
      ...withLine({ file, line: lineOf(lines, key) }),
      message: `"${key}" is not a Terraform block (${typo ? `did you mean "${typo}"? ` : ""}expected ${known.join(", ")})`,
    });
  }
  const declared = new Map<string, BlockPlace>(configuration.resources.map((resource) => [resource.address, resource]));
  const add = (mode: TfResource["mode"], section: unknown) => {
    for (const [type, byName] of entriesOf(section)) {
      const provider = providerOfType(type);
      for (const [name, bodies] of entriesOf(byName)) {
        const address = `${modePrefixes[mode]}${type}.${name}`;
        const line = lines?.get(address);
        problems?.push(...invalidNames(withLine({ file, line }), modeKeywords[mode], [type, name]));
        const earlier = declared.get(address);
        if (earlier !== undefined) {
          problems?.push(declaredTwice(address, earlier, { file, line }));
          continue;
        }
        declared.set(address, { file, line });
        // Two blocks of one address in one file: the native reader keeps both, and Terraform refuses them.
        const [written, ...again] = blocks(bodies);
        const values = written && withEscapedArguments(written, resourceMetaArguments);
        for (const occurrence of again.keys()) problems?.push(declaredTwice(address, { file, line }, { file, line: lineOf(lines, address, occurrence + 1) }));
        if (values) {
          const { stack } = configuration;
          // Without a spread for the line: one object per resource of a large configuration, not two.
          configuration.resources.push(
            line
              ? { address, mode, type, name, values, provider, stack, file, line, argumentLines: lines! }
              : { address, mode, type, name, values, provider, stack, file },
          );
        }
      }
    }
  };
  const defaults: NonNullable<TfConfiguration["variableDefaults"]>[number][] = [];
  for (const [name, bodies] of entriesOf(document.variable)) {
    const at = withLine({ file, line: lineOf(lines, `var.${name}`) });
    problems?.push(...invalidNames(at, "variable", [name]));
    if (reservedVariableNames.has(name))
      problems?.push({ ...at, message: `variable "${name}": the name is reserved for its meaning in module blocks, and Terraform refuses it` });
    const declared = blocks(bodies)[0];
    if (declared && "default" in declared)
      defaults.push({ name, value: declared.default, ...withLine({ file, line: argumentLine(lines, `var.${name}`, "default") ?? at.line }) });
    const quoted = quotedTypeSaid(declared?.type, file);
    if (quoted) problems?.push({ ...at, message: `variable "${name}": ${quoted}` });
    const twice = attributeNamedTwiceSaid(declared?.type, file);
    if (twice) problems?.push({ ...withLine({ file, line: argumentLine(lines, `var.${name}`, "type") ?? at.line }), message: `variable "${name}": ${twice}` });
  }
  if (defaults.length > 0) configuration.variableDefaults = [...(configuration.variableDefaults ?? []), ...defaults];
  for (const mode of blockModes) add(mode, document[modeKeywords[mode]]);
  for (const type of ["output", "module"] as const)
    for (const [name] of entriesOf(document[type])) problems?.push(...invalidNames(withLine({ file, line: lineOf(lines, `${type}.${name}`) }), type, [name]));
  for (const [name, bodies] of entriesOf(document.provider)) {
    for (const [occurrence, values] of blocks(bodies)
      .map((body) => withEscapedArguments(body, providerMetaArguments))
      .entries()) {
      const line = lineOf(lines, `provider.${name}`, occurrence);
      const block: TfProviderBlock = {
        name,
        values,
        file,
        ...(line ? { line, ...(occurrence === 0 ? { argumentLines: lines! } : {}) } : {}),
        ...(typeof values.alias === "string" ? { alias: values.alias } : {}),
      };
      configuration.providers.push(block);
    }
  }
  const requirements = providerRequirementsOf(document, file, lines);
  if (requirements.length > 0) configuration.providerRequirements = [...(configuration.providerRequirements ?? []), ...requirements];
  for (const [occurrence, terraform] of blocks(document.terraform).entries()) {
    const at = withLine({ file, line: lineOf(lines, "terraform", occurrence) });
    configuration.terraformAt ??= at;
    const nested = (nestedPath: string) => ({
      ...at,
      ...(lines ? { argumentLines: lines, terraformBlock: occurrenceKey("terraform", occurrence), nestedPath } : {}),
    });
    // One backend, or one `cloud` block in its place, never both nor two (internal/configs/module.go: "Duplicate backend
    // configuration", "Both a backend and cloud configuration are present"): read, the later would win in silence.
    const named = (backend: { readonly type: string }) => (backend.type === "cloud" ? "a cloud block" : `the ${backend.type} backend`);
    const declareBackend = (backend: Exclude<NonNullable<TfConfiguration["backend"]>, "unknown">) => {
      const earlier = configuration.backend;
      if (earlier === undefined || earlier === "unknown") configuration.backend = backend;
      else
        problems?.push({
          ...at,
          message: `${named(backend)} beside ${named(earlier)} (${earlier.file}${earlier.line ? `:${earlier.line}` : ""}): Terraform refuses two backends`,
        });
    };
    for (const [type, bodies] of entriesOf(terraform.backend)) {
      for (const values of blocks(bodies).length > 0 ? blocks(bodies) : [{}]) declareBackend({ type, values, ...nested(`backend.${type}`) });
      if (removedBackends.has(type))
        problems?.push({ ...at, message: `terraform.backend.${type}: the ${type} backend is not supported since Terraform 1.3, which refuses it` });
    }
    // HCP Terraform's `cloud` block stands in place of a backend, never beside one (developer.hashicorp.com/terraform/language/terraform).
    for (const cloud of blocks(terraform.cloud)) declareBackend({ type: "cloud", values: cloud, ...nested("cloud") });
    const encryption = blocks(terraform.encryption)[0];
    if (encryption) {
      configuration.encryption = encryption;
      configuration.encryptionAt = nested("encryption");
    }
    // Terraform and OpenTofu refuse a module whose required_version excludes their own (terraform init 1.11: "Unsupported
    // Terraform Core version"): one that admits no 1.x release is refused by every release the check reads it as.
    const required = terraform.required_version;
    if (typeof required === "string" && !required.includes("${") && admitsNoneFrom(required, "1.0.0"))
      problems?.push({
        ...at,
        message: `terraform.required_version "${required}" admits no release of Terraform 1.x nor of OpenTofu, which refuse the module ("Unsupported Terraform Core version")`,
      });
    // A release refuses any experiment, concluded or not: only alpha builds take them ("Module uses experimental
    // features", Terraform 1.11).
    if (terraform.experiments !== undefined)
      problems?.push({
        ...withLine({ file, line: argumentLine(lines, occurrenceKey("terraform", occurrence), "experiments") ?? at.line }),
        message: `terraform.experiments: a Terraform release refuses experimental features (only its alpha builds take them)${concludedSaid(terraform.experiments)}`,
      });
  }
}

/** A document's provider requirements: its required_providers, and the versions its provider blocks still write. */
export function providerRequirementsOf(document: Record<string, unknown>, file: string, lines?: BlockLines): ProviderRequirement[] {
  const requirements: ProviderRequirement[] = [];
  // A version in a provider block constrains the provider still, deprecated as it is (Terraform 1.11, terraform
  // providers: "Version constraints inside provider configuration blocks are deprecated").
  for (const [name, bodies] of entriesOf(document.provider))
    for (const [occurrence, values] of blocks(bodies).entries())
      if (typeof values.version === "string")
        requirements.push({ name, version: values.version, ...withLine({ file, line: lineOf(lines, `provider.${name}`, occurrence) }) });
  for (const [occurrence, terraform] of blocks(document.terraform).entries())
    for (const [name, requirement] of entriesOf(terraform.required_providers)) {
      // Terraform 0.12's form is the constraint alone; 0.13+ writes { source, version }.
      const { version, source } = typeof requirement === "string" ? { version: requirement, source: undefined } : (blocks(requirement)[0] ?? {});
      const written = { ...(typeof version === "string" ? { version } : {}), ...(typeof source === "string" ? { source } : {}) };
      if (written.version !== undefined || written.source !== undefined)
        requirements.push({ name, ...written, ...withLine({ file, line: lineOf(lines, "terraform", occurrence) }) });
    }
  return requirements;
}
