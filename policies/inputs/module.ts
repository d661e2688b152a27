import { existsSync, readFileSync } from "node:fs";
import { join, normalize, relative, resolve, sep } from "node:path";

import { blockPlace, type InputProblem, placeText, providerAddress, type TfConfiguration, type TfResource, type ValueOrigin } from "../engine/model";
import {
  attributePath,
  type BlockMode,
  blockModes,
  blocks,
  dataSourceRead,
  hasDynamicBlock,
  holdsUnknownTemplate,
  isMap,
  isResourceReference,
  isUnderPath,
  copiedTexts,
  isUnknown,
  keepCopiedTexts,
  list,
  literalBool,
  markMaybeAbsent,
  modeKeywords,
  modeOfType,
  modePrefix,
  modePrefixes,
  modeRoots,
  named,
  provisionersOf,
  readsInstanceKey,
  referencesRead,
  templateStrings,
  waitingName,
  walk,
  writtenAsBlock,
  dottedPath,
} from "../lib/values";
import { escapedForRegExp } from "../../lib/regexp";
import { base64InPart } from "../lib/base64-in-part";
import { stringifyGoYaml } from "../lib/go-yaml";
import { helmReleaseType } from "../lib/helm";
import { argumentLine, type BlockLines, type BlockPlace, blockOfPath, lineOf, placesOf, withLine } from "./block-lines";
import type { Heredoc } from "./hcl-file";
import {
  type FilesMissing,
  type Scope,
  type Value,
  asBool,
  asNumber,
  blocksWithComputedAttributes,
  ConversionError,
  DeclaredInNoFileRead,
  mayBeDeclaredIn,
  asString,
  entries,
  equal,
  type FilesRead,
  evaluate,
  isKnown,
  isObject,
  isPrimitive,
  isSet,
  noNames,
  partlyKnown,
  unknown,
  withUnknownRest,
  within,
} from "./hcl-evaluate";
import {
  emptySources,
  type Expression,
  type ExpressionSources,
  ExpressionSyntaxError,
  parsedTemplate,
  parseTemplate,
  someExpression,
  sourceSpan,
} from "./hcl-expression";
import { closest } from "../../lib/did-you-mean";
import type { ReferenceSchemas, TypeSchema } from "../schema/reference-schemas";
import { keyWritten, refusedStep, type TraversalStep } from "../schema/traversal";
import {
  builtInName,
  isKnownFunction,
  keptByCompact,
  knownFunctionNames,
  providerOfFunction,
  provisionedText,
  Refusal,
  templateFile,
  templateScope,
  unified,
} from "./hcl-functions";
import { forElementNames, partlyKnownText } from "./partial-template";
import { readFrom, stepText, type WrittenParts, writtenPart } from "./read-from";
import { provisionerRefusals } from "./provisioners";
import { type DecodedText, recordRendering, sourceOf, textOf } from "./text-sources";
import { operatorMade } from "./operator-services";
import { cloudinitMessage, computedAtPlan } from "./data-sources";
import { yamlDecodedInPart } from "./decoded-in-part";
import { asTypedResource, isWholeInterpolation, rawChartObjects, refusedManifest } from "./kubernetes-manifest";
import { autoDeployedObjects } from "./auto-deploy-manifests";
import { staticPods } from "./static-pods";
import { refusedKubectlBody } from "./kubernetes-openapi";
import { moduleSourceKind } from "./module-source";
import { type EphemeralDeclarations, ephemeralDeclarations, ephemeralRefusals } from "./ephemeral-values";
import { calledModuleFolder } from "./module-tree";
import { typeMismatch, withType } from "./type-constraints";
import { defaultsOverridden } from "./override";
import { isTerraformTemplate, literalText, terraformLiteral, terraformLiteralValue } from "../../lib/terraform-literal";
import {
  addTerraformJson,
  declaredTwice,
  emptyConfiguration,
  type Mutable,
  moduleMetaArguments,
  providerMetaArguments,
  resourceMetaArguments,
  withEscapedArguments,
} from "./terraform-json";

/**
 * An object whose properties are computed when first read, once: a module's variables, inputs and outputs, a block's
 * arguments. Terraform follows references between single values, so a value is computed only when another needs it;
 * one read again while it is being computed (a cycle) is unknown.
 */
function lazyRecord(entries: Iterable<readonly [string, () => Value]>): Record<string, Value> {
  const record: Record<string, Value> = {};
  for (const [key, compute] of entries) {
    let state: "unread" | "computing" | "done" = "unread";
    let value: Value = unknown;
    // The last of two entries with the same key wins (a variable declared in two files).
    Object.defineProperty(record, key, {
      enumerable: true,
      configurable: true,
      get: () => {
        if (state !== "unread") return value;
        state = "computing";
        try {
          value = compute();
        } finally {
          state = "done";
        }
        return value;
      },
    });
  }
  return record;
}

/**
 * What a value the provider computes stands for (see ModuleEvaluation.standsFor): the address from the root of the
 * attribute it reads, or, for a list or an object written of such reads (`[module.groups.web, module.groups.admin]`),
 * what each element stands for; an element that stands for nothing is undefined.
 */
type Stand = string | readonly (Stand | undefined)[] | { readonly [key: string]: Stand | undefined };

/** A collection of stands, when at least one element stands for something. */
const collected = <T extends readonly (Stand | undefined)[] | Record<string, Stand | undefined>>(items: T): T | undefined =>
  Object.values(items).some((item) => item !== undefined) ? items : undefined;

/** What each element of `flatten` of `items` stands for, in the order flatten gives them. */
function flattenedStands(items: Value, stand: Stand | undefined): (Stand | undefined)[] {
  if (!Array.isArray(items)) return [];
  return items.flatMap((item, i) => (Array.isArray(item) ? flattenedStands(item, elementOf(stand, i)) : [elementOf(stand, i)]));
}

/** What one element or attribute (`key`) of what `stand` stands for stands for: `step` is how a reference writes the key. */
function stepInto(stand: Stand | undefined, key: string | number, step: string): Stand | undefined {
  if (typeof stand === "string") return `${stand}${step}`;
  if (Array.isArray(stand)) return typeof key === "number" ? stand[key] : undefined;
  return stand !== undefined && typeof key === "string" && Object.hasOwn(stand, key) ? (stand as Record<string, Stand | undefined>)[key] : undefined;
}

/** An object key as Terraform converts it to a string (a number or a bool is written as its text), or undefined when it is not known or not primitive. */
function keyText(key: Value): string | undefined {
  if (key === unknown || key === null || typeof key === "object") return undefined;
  return asString(key) as string;
}

/** What the element at `key` of a collection that stands for `stand` stands for. */
function elementOf(stand: Stand | undefined, key: Value): Stand | undefined {
  const step = keyStep(key);
  return step === undefined ? undefined : stepInto(stand, key as string | number, step);
}

/**
 * What the values of a module's inputs, of its outputs, or of its locals stand for (ModuleEvaluation.standsFor), by
 * name.
 */
const standingFor = new WeakMap<object, (name: string) => Stand | undefined>();
/** What the caller writes of a module's input known only in part (partlyKnown), by the inputs record. */
const knownInPart = new WeakMap<object, (name: string) => string | undefined>();

/** The part of a module's input its caller writes, in the caller's names (WrittenParts.input), by the inputs record. */
const inputsWritten = new WeakMap<object, WrittenParts<Scope>["input"]>();

/**
 * Where each input of a module is set, by the variable's name (`set in terraform.tfvars`, `given var.x, ...` by the
 * calling module): the origins of the values of the variables a finding reads.
 */
export const inputOrigins = new WeakMap<object, (name: string) => ValueOrigin | undefined>();

/** Where the call of a module gives each of its inputs, by the inputs record: where Terraform says a value it refuses is. */
const inputPlaces = new WeakMap<object, (name: string) => BlockPlace>();

/**
 * The element an instance of a for_each of keys not known here stands for (instancesOfKeysNotKnown), by its `each`
 * object: the for_each as written, and the name of the element in the instance's address.
 */
const elementsByEach = new WeakMap<object, { readonly forEach: string; readonly label: string }>();

/**
 * What the caller gives an input from, when it waits on variables given no value or on a file not there and nothing
 * else (`var.cidr`, `cidrsubnet(var.base, 8, 1)`, `each.value` of a for_each over one: waitsOn), by the inputs record.
 */
const inputsWaiting = new WeakMap<object, (name: string) => Waiting | undefined>();

/**
 * What a value not known here waits on: variables given no value (TfConfiguration.givenNoValue), a file that is not
 * there, a value whose evaluation fails here (TfConfiguration.failingHere), one that names what Terraform refuses
 * (TfConfiguration.refusedHere), data sources, which Terraform reads at plan and the check does not
 * (TfConfiguration.waitingOnDataSources), or the outputs of a module terraform init has not installed here
 * (TfConfiguration.waitingOnModulesNotInstalled).
 */
type Waiting = "variables" | "files" | "fails" | "refused" | "modules" | "data";

/**
 * What a value that waits on several is said to wait on: terraform plan stops on a file not there first, then on a value
 * that fails; one that reads both a value that fails and one Terraform refuses is said to read what fails.
 */
const waitingFirst: readonly Waiting[] = ["files", "fails", "refused", "modules", "data", "variables"];

/** An argument written as one variable, or one local, and nothing else (`${var.db_password}`), its name captured. */
const wholeVariable = /^\$\{\s*var\.([A-Za-z_][\w-]*)\s*\}$/;
const wholeLocal = /^\$\{\s*local\.([A-Za-z_][\w-]*)\s*\}$/;

/** A value computed when first asked for, once. */
function once<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value;
  };
}

/** The module call names in a module's address prefix: `vpc`, `subnets` of `module.vpc[0].module.subnets["a"].`. */
const moduleCallNames = (prefix: string): string[] => [...prefix.matchAll(/module\.([\w-]+)(?:\[[^\]]*\])?\./g)].map((match) => match[1]!);

/** An index as a reference writes it: `[0]`, `["key"]`; undefined for what is not a known number or string. */
const keyStep = (key: Value): string | undefined => (typeof key === "number" ? `[${key}]` : typeof key === "string" ? `[${JSON.stringify(key)}]` : undefined);

/** The element of a collection as written that an iterator names (readFrom): the collection, the element's key, and the scope it is written in. */
type ElementWritten = { readonly written: unknown; readonly key: string | number; readonly scope: Scope };

/** The element at `key` of a for_each's collection as written, of a list or a map: a set's elements are not where they are written. */
const elementWritten = (written: unknown, collection: Value, key: Value, scope: Scope): ElementWritten | undefined =>
  (typeof key === "string" || typeof key === "number") && (Array.isArray(collection) || isObject(collection)) && !isSet(collection)
    ? { written, key, scope }
    : undefined;

/** A `module` block: its name, its arguments, and where it is written. */
interface ModuleCall extends BlockPlace {
  readonly name: string;
  readonly body: Record<string, unknown>;
}

/** The files of a module that could not be read (not valid HCL or JSON), by the list of those that were (read.ts). */
export const filesNotRead = new WeakMap<readonly ModuleFile[], readonly string[]>();

/** One file of a module, as Terraform JSON (a .tf file converted), with the lines of its blocks. */
export interface ModuleFile {
  readonly file: string;
  readonly document: Record<string, unknown>;
  readonly lines?: BlockLines;
  /** The heredocs of a file in the native syntax: a finding on what is read of one points at its line (TextsRead). */
  readonly heredocs?: readonly Heredoc[];
  /** Set where the file's text writes neither `ephemeral` nor `applying`: it names no ephemeral value (ephemeralRefusals). */
  readonly namesNoEphemeral?: true;
}

/** What evaluating a module needs from outside: how to read a called module's files, and where to report problems. */
export interface ModuleReader {
  /** The files of the module in `folder` (a called module's source); none when it cannot be read. */
  readFolder(folder: string): readonly ModuleFile[];
  /**
   * Where `terraform init` installed a module from a registry, Git or an archive, by its key (the call names from the
   * root, joined by dots: `vpc.subnets`); undefined when it was not installed here.
   */
  installedModule?(key: string): string | undefined;
  readonly problems?: InputProblem[];
  /**
   * How many more instances of blocks and module calls the root module's evaluation may expand (maximumInstances):
   * modules with for_each called with for_each multiply, and 200 at three levels are eight million.
   */
  readonly instancesLeft?: { count: number; spent?: boolean };
  /** Where the files the modules' functions read are recorded (Scope.filesRead). */
  readonly filesRead?: FilesRead;
  /** Where the files they look for and do not find are recorded (Scope.filesMissing, TfConfiguration.filesNotHere). */
  readonly filesMissing?: FilesMissing;
  /** Where what waits on one of those files is recorded (TfConfiguration.waitingOnFilesNotHere), as it is evaluated. */
  readonly waitingOnFiles?: Set<string>;
  /**
   * How many evaluations failed, and why the last one did (a key a map lacks, a function refusing its argument):
   * undefined where it named what Terraform refuses, which an input problem says.
   */
  readonly failures?: { reads: number; last?: string; named: number };
  /**
   * Where what fails to evaluate, or waits on what does, is recorded (TfConfiguration.failingHere), with the error where
   * the evaluation failed (TfConfiguration.evaluationFailures).
   */
  readonly failing?: Map<string, string | undefined>;
  /** Where the names of `failing` whose own expression names what Terraform refuses are recorded (TfConfiguration.refusedHere). */
  readonly refused?: Set<string>;
  /** Where it is recorded that an expression read terraform.workspace as "default", no workspace being selected here. */
  readonly defaultWorkspace?: { read: boolean };
  /**
   * Where the objects the configuration's servers have K3s or RKE2 apply (autoDeployedObjects) and the static pods its
   * nodes run (staticPods) are recorded, across its modules.
   */
  readonly autoDeployed?: Set<string>;
  /** Where what waits on variables given no value is recorded (TfConfiguration.givenNoValue), as it is evaluated. */
  readonly givenNoValue?: Set<string>;
  /** Where what waits on data sources is recorded (TfConfiguration.waitingOnDataSources), as it is evaluated. */
  readonly waitingOnData?: Set<string>;
  /** Where the module calls whose source terraform init has not installed here are recorded, by their address. */
  readonly notInstalled?: Set<string>;
  /** Where what waits on their outputs is recorded (TfConfiguration.waitingOnModulesNotInstalled), as it is evaluated. */
  readonly waitingOnModules?: Set<string>;
  /** Where the variables, locals and outputs whose value is known are recorded (TfConfiguration.knownHere), as they are evaluated. */
  readonly knownHere?: Set<string>;
  /** Where every variable, local and output evaluated is recorded (TfConfiguration.readHere). */
  readonly readHere?: Set<string>;
}

/**
 * Arguments Terraform itself reads (developer.hashicorp.com/terraform/language/meta-arguments), by kind of block. A
 * resource's `version` (helm_release's chart version) is the provider's argument, and nested blocks have none.
 */
const noMetaArguments: ReadonlySet<string> = new Set();
const maximumDepth = 16;

/** A block declared in the module: a resource or a data source, with its file. */
interface Declared {
  readonly body: Record<string, unknown>;
  readonly file: string;
}

/** One instance of a block with count or for_each: the suffix of its address, its key, and the names in its scope. */
interface Instance {
  readonly suffix: string;
  readonly key: string;
  /** The key is not known here (instancesOfKeysNotKnown): the block's instances, as a map, are not known either. */
  readonly keyNotKnown?: boolean;
  readonly scope: Scope;
}

const keyNotKnown = (instance: Instance): boolean => instance.keyNotKnown === true;

/** An element a for_each makes an instance of: its key (undefined where it is not known here), its value, and what the value stands for. */
type ForEachElement = { readonly key: string | undefined; readonly value: Value; readonly stand: () => Stand | undefined };

/**
 * A reference to a resource, data source or ephemeral resource (`type` starts with `data.` or `ephemeral.`) by a name no
 * block of the module has: Terraform refuses the configuration ("Reference to undeclared resource", terraform
 * internal/terraform/evaluate_valid.go, staticValidateResourceReference), where the check would read an unknown value (a
 * rule's `security_group_id` naming a group by a typo). `hint` is the closest address declared.
 */
const blockNotDeclared = (type: string, name: string, hint: string | undefined): string => {
  const { mode, bare } = modeOfType(type);
  return `${type}.${name} is not declared (no ${modeKeywords[mode]} "${bare}" "${name}" block in this module${hint ? `; did you mean ${hint}?` : ""})`;
};

/**
 * A template that is one reference to an attribute of a block, by its address with a number as key or none:
 * `${type.name.id}`, `${type.name[0].id}`, `${data.type.name.network[0].id}`, `${ephemeral.type.name.value}`. Its type,
 * name and key, if any.
 */
const plainBlockReference = new RegExp(
  String.raw`^\$\{(${modePrefix}[a-z][a-z0-9_]*)\.([A-Za-z_][\w-]*)(?:\[(\d+)\])?((?:\.[A-Za-z_][\w-]*)(?:\.[A-Za-z_][\w-]*|\[\d+\])*)\}$`,
);

/** The steps of a reference's part matched by plainBlockReference: `.name` and `[0]`; most are one name (`.id`). */
const plainSteps = (text: string): TraversalStep[] =>
  /^\.[\w-]+$/.test(text)
    ? [{ name: text.slice(1) }]
    : [...text.matchAll(/\.([A-Za-z_][\w-]*)|\[(\d+)\]/g)].map((match) => (match[1] !== undefined ? { name: match[1] } : { key: Number(match[2]) }));

/**
 * The block an expression reads from, `type.name` or `data.type.name`, and the steps it reads (TraversalStep), when each
 * is an attribute or a literal key: Terraform judges those before it evaluates anything; a computed key ends them.
 */
function blockRead(expression: Expression, iterators: ReadonlySet<string>): { type: string; name: string; steps: TraversalStep[] } | undefined {
  return stepsFrom(expression, (part) => namedBlock(part, iterators));
}

/** The steps an expression reads from `self`, unless `self` is an iterator's name (blockRead). */
function selfRead(expression: Expression, iterators: ReadonlySet<string>): { steps: TraversalStep[] } | undefined {
  return stepsFrom(expression, (part) => (isSelf(part, iterators) ? {} : undefined));
}

const isSelf = (part: Expression, iterators: ReadonlySet<string>): boolean => part.kind === "variable" && part.name === "self" && !iterators.has("self");

/** The root `rootOf` finds under an expression, with the attributes and literal keys read from it; one step at least. */
function stepsFrom<T extends object>(expression: Expression, rootOf: (part: Expression) => T | undefined): (T & { steps: TraversalStep[] }) | undefined {
  const steps: TraversalStep[] = [];
  for (let part = expression; ; part = part.of) {
    const root = rootOf(part);
    if (root) return steps.length === 0 ? undefined : { ...root, steps: steps.reverse() };
    if (part.kind === "attribute") steps.push({ name: part.name });
    else if (part.kind === "index" && part.key.kind === "literal") steps.push({ key: part.key.value });
    else return undefined;
  }
}

/**
 * A block named in its own configuration (`input = terraform_data.d.id` in terraform_data.d, a postcondition's condition
 * naming its block): Terraform refuses it ("Self-referential block", opentofu internal/tofu/validate_selfref.go; "Invalid
 * reference in postcondition", internal/configs/checks.go). A provisioner and a connection may name their block so
 * (filterSelfRefs, Terraform 0.11's way of writing self).
 */
function referenceToItself(block: { readonly type: string; readonly name: string }, where: string): string | undefined {
  const address = `${block.type}.${block.name}`;
  if (blockOfPath(where) !== address || /^(?:\[[^\]]*\])?\.(?:provisioner|connection)\b/.test(where.slice(address.length))) return undefined;
  return `${address} is read in its own configuration (self reads it in a provisioner, a connection or a postcondition)`;
}

/**
 * The paths of the files of the machine that runs Terraform a provisioner copies to the node: a file provisioner's
 * source where it has no content, a remote-exec's script or scripts (internal/builtin/provisioners).
 */
function copiedPaths(type: string, provisioner: Readonly<Record<string, unknown>>): unknown[] {
  if (type === "file") return provisioner.content === undefined && provisioner.source !== undefined ? [provisioner.source] : [];
  if (type !== "remote-exec") return [];
  if (provisioner.script !== undefined) return [provisioner.script];
  return Array.isArray(provisioner.scripts) ? provisioner.scripts : [];
}

/**
 * What the report names of the provisioners whose work on a node is not read here: a file a file provisioner copies or
 * a script a remote-exec runs that is not read (not in the folder checked, a folder, one from the home folder, or a
 * path known only at apply: provisionedText), and inline commands wholly known only at apply. What they set up on the node
 * (K3s, RKE2, kubeadm and their files) is not judged: the policies on nodes take it as setting up none.
 */
export function provisionedWorkNotRead(resources: readonly TfResource[]): { file: string; message: string }[] {
  return resources.flatMap((resource) =>
    provisionersOf(resource.values).flatMap(({ type, path, body }) => {
      // A command written with interpolations is read as what is known of it; one that is wholly a value is not.
      const wholly = (command: unknown) => typeof command === "string" && isWholeInterpolation(command);
      if (type === "remote-exec" && (isUnknown(body.inline) || (Array.isArray(body.inline) && body.inline.some(wholly))))
        return [
          {
            file: blockPlace(resource),
            message: `${resource.address} runs commands known only at apply on the node (${path}.inline): what they set up there was not judged`,
          },
        ];
      const texts = copiedTexts(body);
      return copiedPaths(type, body).flatMap((copied, i) =>
        texts[i] === undefined
          ? [
              {
                file: blockPlace(resource),
                message: `${resource.address} ${type === "file" ? "copies" : "runs"} ${typeof copied === "string" ? copied : JSON.stringify(copied)} on the node (${path}), a file not read here: what it sets up there was not judged`,
              },
            ]
          : [],
      );
    }),
  );
}

/** A provisioner's arguments that take a keyword, not an expression (internal/configs/provisioner.go: when = destroy, on_failure = continue). */
const provisionerKeywords = new Set(["when", "on_failure"]);

/**
 * Where `self` names a block: in a resource's provisioners and connection, and in a resource's or data source's
 * postconditions, the block they are written in (Terraform refuses it anywhere else: "Invalid "self" reference",
 * evaluate_valid.go). `where` is the path of an expression in the module.
 */
const selfContext = new RegExp(String.raw`^(${modePrefix}[a-z][\w-]*)\.([\w-]+)\.(?:provisioner|connection|lifecycle(?:\[\d+\])?\.postcondition)\b`);

/** A block's body without its provisioners and connection, where it has any. */
function withoutProvisioning(values: Record<string, unknown>): Record<string, unknown> {
  if (!("provisioner" in values) && !("connection" in values)) return values;
  const { provisioner: _provisioner, connection: _connection, ...rest } = values;
  return rest;
}

/** The local name of the provider a block's `provider` argument names (`openstack.region2`), else the one its type implies. */
function providerLocalName(body: Record<string, unknown>, type: string): string {
  if (typeof body.provider === "string") return body.provider.replace(/^\$\{(.*)\}$/, "$1").split(".")[0]!;
  const { bare } = modeOfType(type);
  const underscore = bare.indexOf("_");
  return underscore < 0 ? bare : bare.slice(0, underscore);
}

/**
 * The names an expression's root may have that are not a resource type (Terraform's other references: lang/references),
 * and OpenTofu's encryption block's own, `key_provider.<type>.<name>` and `method.<type>.<name>` (opentofu
 * internal/encryption/config).
 */
const otherRoots: ReadonlySet<string> = new Set([
  "var",
  "local",
  "module",
  ...modeRoots,
  "count",
  "each",
  "path",
  "terraform",
  "self",
  "key_provider",
  "method",
]);

/** The block an expression names by its address, `type.name`, `data.type.name` or `ephemeral.type.name`, unless its root is an iterator's. */
function namedBlock(expression: Expression, iterators: ReadonlySet<string>): { readonly type: string; readonly name: string } | undefined {
  if (expression.kind !== "attribute") return undefined;
  const { of, name } = expression;
  if (of.kind === "variable") return otherRoots.has(of.name) || iterators.has(of.name) ? undefined : { type: of.name, name };
  return of.kind === "attribute" && of.of.kind === "variable" && modeRoots.has(of.of.name) && !iterators.has(of.of.name)
    ? { type: `${of.of.name}.${of.name}`, name }
    : undefined;
}

/** The sections that declare resources, data sources and ephemeral resources, with the prefix of their addresses. */
const sections = (document: Record<string, unknown>): (readonly [unknown, string])[] =>
  blockModes.map((mode) => [document[modeKeywords[mode]], modePrefixes[mode]] as const);

/**
 * The workspace `terraform` run in the root module's folder selects: TF_WORKSPACE, else the one `terraform workspace
 * select` recorded in the data directory (TF_DATA_DIR, `.terraform` by default: command/meta.go Workspace), else
 * "default", which none selects.
 */
function selectedWorkspace(rootFolder: string): string | undefined {
  const chosen = process.env.TF_WORKSPACE;
  if (chosen) return chosen;
  const recorded = resolve(rootFolder, process.env.TF_DATA_DIR || ".terraform", "environment");
  return (existsSync(recorded) && readFileSync(recorded, "utf8").trim()) || undefined;
}

/** What terraform.workspace gives a module: the selected workspace, else "default", a read of which is recorded (ModuleReader.defaultWorkspace). */
function workspaceInfo(rootFolder: string, reader: ModuleReader): { readonly workspace: string } {
  const selected = selectedWorkspace(rootFolder);
  if (selected !== undefined) return { workspace: selected };
  return {
    get workspace() {
      if (reader.defaultWorkspace) reader.defaultWorkspace.read = true;
      return "default";
    },
  };
}

/** A resource reference written in a template: its type (`data.` or `ephemeral.` included), before `.name`. */
const referencedType = new RegExp(String.raw`(?:^|[^\w.])(${modePrefix}[a-z][a-z0-9_]*)\.[A-Za-z_]`, "g");

/**
 * Evaluates a module as Terraform would before plan: variables (defaults, then the values given), locals, `count` and
 * `for_each` over known values (one resource per instance, `type.name[0]`, `type.name["key"]`), `dynamic` blocks, and
 * the modules it calls from a local folder, followed with their inputs (`module.x.type.name`). A resource's or data
 * source's arguments are known at plan as configured (`type.name.arg`, `data.type.name.arg`); the attributes the
 * provider computes are not. Whatever depends on a value known only at apply (a computed attribute, a variable given no
 * value) stays as written, an interpolation the policies report as not evaluable.
 */
export class ModuleEvaluation {
  private readonly locals = new Map<string, Value>();
  private readonly instancesByBlock = new Map<string, Instance[]>();
  /** The blocks whose count or for_each Terraform refuses (reported as problems), by their address in the module. */
  private readonly refusedInstances = new Set<string>();
  /** The blocks whose count or for_each fails to evaluate with the values given here, by their address in the module, with why (undefined where an input problem says it). */
  private readonly instancesFailing = new Map<string, { argument: "count" | "for_each"; why: string | undefined }>();
  private readonly evaluating = new Set<string>();
  private readonly moduleOutputs: Record<string, Value> = {};
  private readonly localBodies = new Map<string, unknown>();
  /** The module's outputs, each computed when first read (outputs). */
  private outputRecord: Record<string, Value> | undefined;
  /**
   * While a resource's body is evaluated, where the value of each argument written as one variable
   * (`password = var.db_password`) is set, by the argument's path (bodyWithOrigins).
   */
  private valueOrigins: Map<string, () => ValueOrigin | undefined> | undefined;
  /**
   * While a resource's body is evaluated, why each value whose own evaluation fails does, by its path (bodyWithOrigins):
   * undefined where it names what Terraform refuses, which an input problem says.
   */
  private failingValues: Map<string, string | undefined> | undefined;
  /** The locals whose bodies encodedInPart is reading, to stop at a cycle. */
  private readonly encodingLocals = new Set<string>();
  /** The local names of the providers the module's required_providers name, read when first asked (requiredProviders). */
  private requiredNames: ReadonlySet<string> | undefined;
  /** The iterators of the module's dynamic blocks, read when first asked (dynamicIterators). */
  private iteratorNames: ReadonlySet<string> | undefined;
  /** The data sources whose arguments dataSourceWaitsOn is reading: one read again through its own arguments is "data". */
  private readonly dataSourcesWaiting = new Set<string>();
  /** The file each local value is written in. */
  private readonly localFiles = new Map<string, string>();
  /** The types of the resources and data sources (`data.type`) the module declares. */
  private readonly declaredTypes = new Set<string>();
  /** The data sources declared in a check block, by `data.type.name`, with the block's name: only that block reads them. */
  private readonly scopedData = new Map<string, string>();
  /** The names of the module calls the module writes. */
  private readonly callNames = new Set<string>();
  /** What each module call's source declares ephemeral, by the call's name, once its files are read (callModule). */
  private readonly calledEphemerals = new Map<string, EphemeralDeclarations>();
  /** The outputs each module call's source declares, by the call's name, once its files are read (callModule). */
  private readonly calledOutputs = new Map<string, { readonly source: string; readonly names: readonly string[] }>();
  /** The blocks of a type by name, gathered when an expression first names the type. */
  private readonly declared = new Map<string, Map<string, Declared>>();
  private readonly blockRoots = new Map<string, Value>();
  private readonly declaredValues = new Map<string, Value>();
  private readonly instanceAddresses = new WeakMap<object, string>();
  /** What the names an iterator adds to a scope stand for (see iterating). */
  private readonly scopeStands = new WeakMap<Scope, (name: string) => Stand | undefined>();
  /** The element of a collection as written that each iterator a scope adds names (see iterating). */
  private readonly scopeElements = new WeakMap<Scope, (name: string) => ElementWritten | undefined>();
  /** Where the module's locals and iterators' elements are written, for readFrom. */
  private readonly writtenParts: WrittenParts<Scope> = {
    local: (name) => (this.localBodies.has(name) ? { written: this.localBodies.get(name), scope: this.scope } : undefined),
    element: (scope, name) => this.scopeElements.get(scope)?.(name),
    key: (expression, scope) => this.evaluated(expression, scope),
    input: (name, keys, depth) => inputsWritten.get(this.inputs)?.(name, keys, depth),
  };
  /** While a resource's body is evaluated, what each value not known here is read from, by its path (readFrom, bodyWithOrigins). */
  private readsFrom: Map<string, () => string | undefined> | undefined;
  /** While a resource's body is evaluated, each value that is a text a function read from a file, or is decoded from one, by its path: that text (textSources). */
  private textsFrom: Map<string, string> | undefined;
  /** The blocks whose instances a for_each of keys not known here is taking (instancesAsElements), to stop at a cycle. */
  private readonly chaining = new Set<string>();
  /** The written values whose reference writtenStandsFor is following, to stop at a cycle between modules. */
  private readonly following = new Set<string>();
  /** The outputs of the module calls evaluated so far, by call name. */
  private readonly calledModules = new Map<string, Value>();
  /** The module each call that makes one instance (no count, no for_each) evaluates, by call name. */
  private readonly calledChildren = new Map<string, ModuleEvaluation>();
  readonly scope: Scope;

  /** The module's variables, each read from its input or its default when first used. */
  private readonly variables: Record<string, Value>;

  constructor(
    private readonly folder: string,
    private readonly files: readonly ModuleFile[],
    private readonly inputs: Readonly<Record<string, Value>>,
    private readonly reader: ModuleReader,
    private readonly prefix = "",
    private readonly callers: readonly string[] = [],
    /** The provider schemas its references to resources and data sources are read against. */
    private readonly schemas: ReferenceSchemas,
  ) {
    const rootFolder = callers[0] ?? folder;
    // Read only when used: an input may name another module's output, which may name this module's.
    this.variables = lazyRecord(
      files.flatMap(({ document, file }) => [...named(document.variable)].map(([name, body]) => [name, () => this.variable(name, body, file)])),
    );
    for (const { document, file } of files)
      for (const local of blocks(document.locals))
        for (const [name, body] of Object.entries(local)) {
          this.localBodies.set(name, body);
          this.localFiles.set(name, file);
        }
    this.refuseDeclaredTwice();
    for (const { document } of files) {
      for (const [section, prefix] of sections(document)) for (const [type] of named(section)) this.declaredTypes.add(`${prefix}${type}`);
      for (const [name] of named(document.module)) this.callNames.add(name);
      for (const [check, body] of named(document.check))
        for (const [type, group] of named(body.data)) for (const [name] of named(group)) this.scopedData.set(`data.${type}.${name}`, check);
    }
    const localsObject = {};
    for (const name of this.localBodies.keys()) Object.defineProperty(localsObject, name, { enumerable: true, get: () => this.local(name) });
    standingFor.set(localsObject, (name) => this.writtenStandsFor(this.localBodies.get(name), this.scope));
    // A file of the module that cannot be read (encrypted, or not HCL) may declare a variable, a local or a module call:
    // what the module reads of one it does not declare in the others fails with that reason, not as a key a map lacks.
    const notRead = filesNotRead.get(files);
    for (const [root, declared] of [
      ["var", this.variables],
      ["local", localsObject],
      ["module", this.moduleOutputs],
    ] as const)
      if (notRead) mayBeDeclaredIn.set(declared, { root, files: notRead.map((file) => relative(rootFolder, file) || file) });
    const roots: Record<string, Value> = {
      var: this.variables,
      local: localsObject,
      module: this.moduleOutputs,
      // As `terraform` run in the root module's folder gives them: path.module and path.root relative to it, path.cwd
      // absolute (developer.hashicorp.com/terraform/language/expressions/references#filesystem-and-workspace-info).
      path: { module: relative(rootFolder, folder).split(sep).join("/") || ".", root: ".", cwd: resolve(rootFolder) },
      terraform: workspaceInfo(rootFolder, reader),
    };
    this.scope = {
      lookup: (name) => roots[name] ?? this.blockRoot(name),
      directory: rootFolder,
      ...(reader.filesRead ? { filesRead: reader.filesRead } : {}),
      ...(reader.filesMissing ? { filesMissing: reader.filesMissing } : {}),
    };
  }

  /** Blocks no policy evaluates, and local values none reads, name what Terraform checks all the same: once the module calls are read, whose outputs they may name. */
  private refuseUndeclaredInUnevaluated(): void {
    for (const { document, file } of this.files) {
      // An import's `to` is an address, not an expression: `module.net.type.name` names a resource in a module, no output.
      const imports = blocks(document.import);
      for (const [i, block] of imports.entries())
        this.refuseUndeclaredIn(
          Object.fromEntries(Object.entries(block).filter(([key]) => key !== "to")),
          imports.length === 1 ? "import" : `import[${i}]`,
          file,
          repetitionNames(block),
        );
      for (const kind of ["check", "output"]) this.refuseUndeclaredIn(document[kind], kind, file);
    }
    for (const [name, body] of this.localBodies) this.refuseUndeclaredIn(body, `local.${name}`, this.localFiles.get(name)!);
  }

  /** What `type` (or `data`, `ephemeral`) names in an expression: the declared blocks of that type, by name, read when used. */
  private blockRoot(name: string): Value | undefined {
    if (this.blockRoots.has(name)) return this.blockRoots.get(name);
    // `resource.type.name` is another way to write `type.name` (opentofu internal/addrs/parse_ref.go, "resource").
    const prefix = modeRoots.has(name) ? `${name}.` : name === "resource" ? "" : undefined;
    const declared = [...this.declaredTypes];
    const types =
      prefix === undefined ? declared.filter((type) => type === name) : declared.filter((type) => (prefix ? type.startsWith(prefix) : !type.includes(".")));
    if (types.length === 0) return undefined;
    const byName = (type: string) => {
      const object = {};
      for (const [blockName, declared] of this.declaredOf(type))
        Object.defineProperty(object, blockName, { enumerable: true, get: () => this.declaredValue(`${type}.${blockName}`, declared) });
      return object;
    };
    const root: Value = prefix === undefined ? byName(name) : Object.fromEntries(types.map((type) => [type.slice(prefix.length), byName(type)]));
    this.blockRoots.set(name, root);
    return root;
  }

  private declaredOf(type: string): Map<string, Declared> {
    let byName = this.declared.get(type);
    if (byName) return byName;
    byName = new Map();
    for (const { document, file } of this.files)
      for (const [section, prefix] of sections(document))
        for (const [sectionType, group] of named(section))
          if (`${prefix}${sectionType}` === type) for (const [name, body] of named(group)) if (!byName.has(name)) byName.set(name, { body, file });
    this.declared.set(type, byName);
    return byName;
  }

  /** A declared block as an expression reads it: its arguments, per instance with `count` or `for_each`. */
  private declaredValue(address: string, { body, file }: Declared): Value {
    if (this.declaredValues.has(address)) return this.declaredValues.get(address)!;
    if (this.evaluating.has(address)) return unknown;
    this.evaluating.add(address);
    const instances = this.instances(body, address, file);
    const argumentsOf = (instance: { suffix: string; scope: Scope }) => this.arguments(body, instance.scope, `${address}${instance.suffix}`, file);
    const counted = body.count !== undefined || body.for_each !== undefined;
    // A count or for_each that stays unknown gives one instance without a key; a block disabled (lifecycle) gives none.
    const value: Value =
      (counted && instances.length === 1 && instances[0]!.suffix === "") || (!counted && instances.length !== 1) || instances.some(keyNotKnown)
        ? unknown
        : body.count !== undefined
          ? instances.map(argumentsOf)
          : body.for_each !== undefined
            ? Object.fromEntries(instances.map((instance) => [instance.key, argumentsOf(instance)]))
            : argumentsOf(instances[0]!);
    this.evaluating.delete(address);
    this.declaredValues.set(address, value);
    return value;
  }

  /**
   * One instance's arguments, each evaluated when read; an attribute it does not configure is computed by the provider,
   * unknown here, and so is one a managed resource sets to null where its provider's schema says the provider computes
   * it (optional and computed: a keypair's public_key, which Nova then generates): Terraform plans it as known only at
   * apply.
   */
  private arguments(body: Record<string, unknown>, scope: Scope, address: string, file: string): Value {
    const keys = Object.keys(body).filter((key) => !resourceMetaArguments.has(key) && key !== "dynamic");
    const [, type = "", name = ""] = /^([\w-]+)\.([\w-]+)/.exec(address) ?? [];
    const computedWhenNull = (key: string) => this.schemaOf(type, name)?.block.attributes?.[key]?.computed === true;
    const argument = (key: string) => {
      const value = withComputedAttributes(this.value(body[key], scope, `${address}.${key}`, file).value);
      return value === null && computedWhenNull(key) ? unknown : value;
    };
    // A data source whose attributes its provider computes from its arguments alone, at plan (computedAtPlan).
    const computing = Object.entries(computedAtPlan).find(([type]) => address.startsWith(`${type}.`))?.[1];
    const computed = once(() => {
      if (!computing) return undefined;
      // Blocks a dynamic block makes (cloudinit_config's `dynamic "part"`) are arguments too, after those written as such.
      const made = this.dynamicBlocksMade(body, scope, address, file);
      const args = keys.map((key): [string, Value] => [key, argument(key)]);
      for (const [name, blocksMade] of Object.entries(made ?? {})) {
        const written = args.find(([key]) => key === name);
        if (written) written[1] = [...(Array.isArray(written[1]) ? written[1] : []), ...blocksMade];
        else args.push([name, blocksMade]);
      }
      // A map written as a block is refused (dataSourceWaitsOn says so), not computed.
      const refused = mapsWrittenAsBlocks(address.split(".")[1]!, body).length > 0;
      if (made && !refused && args.every(([, value]) => isKnown(value))) return computing.compute(Object.fromEntries(args), this.scope);
      this.dataSourceWaitsOn(address);
      return undefined;
    });
    const configured = lazyRecord([
      ...keys.map((key): [string, () => Value] => [key, () => argument(key)]),
      ...(computing?.attributes ?? []).map((name): [string, () => Value] => [name, () => (computed()?.[name] as Value | undefined) ?? unknown]),
    ]);
    const instance = withUnknownRest(configured);
    this.instanceAddresses.set(instance, address);
    return instance;
  }

  /**
   * The blocks a block's dynamic blocks make, as values, by their name: each element of the for_each gives one, its
   * content evaluated with the iterator (`part.value`). Undefined where a for_each is not known here.
   */
  private dynamicBlocksMade(body: Record<string, unknown>, scope: Scope, where: string, file: string): Record<string, Value[]> | undefined {
    const made: Record<string, Value[]> = {};
    for (const [name, spec] of named(body.dynamic)) {
      const collection = this.value(spec.for_each, scope, `${where}.dynamic.${name}.for_each`, file).value;
      if (!isKnown(collection)) return undefined;
      const content = blocks(spec.content)[0] ?? {};
      const iterator = iteratorName(name, spec);
      made[name] = (collection === null ? [] : safeEntries(collection)).map(
        ([key, value]) => this.value(content, within(scope, { [iterator]: { key, value } }), `${where}.${name}`, file).value,
      );
    }
    return made;
  }

  /**
   * What a value that names a block, or is not wholly known, is written as in the JSON: the expression as written, or,
   * when it reads one attribute of one declared block instance (see standsFor), the reference to that instance, which the
   * graph follows as it follows a written one: relative to this module when the instance is in it, from the root
   * otherwise. So `each.value.group.id` gives `${openstack_networking_secgroup_v2.server.id}`, `group[count.index].id`
   * gives `${openstack_networking_secgroup_v2.group[0].id}`, `module.groups.id` gives
   * `${module.groups.openstack_networking_secgroup_v2.g.id}`. A list or an object of such reads is written element by
   * element (`var.security_groups` given `[module.groups.web]`), when each element is known or stands for one.
   */
  private writtenAs(expression: Expression, scope: Scope, written: string, value: () => Value): unknown {
    const stand = this.standsFor(expression, scope);
    // A whole expression that names no block (a local, a variable) is written part by part where its value is a list or
    // an object known in part, as Terraform keeps the known elements: each part known only at apply as its read from
    // the whole (`${local.groups[1]}`).
    const whole =
      expression.kind !== "template" && written.startsWith("${") && written.endsWith("}") && !this.namesBlock(expression) ? written.slice(2, -1) : undefined;
    if (stand === undefined) {
      // The references sit where Terraform does not read them (the branch not taken, the arguments after the one
      // coalesce returns): the value is known, and the graph has nothing to follow. Elsewhere they stay, for the graph.
      const known = this.unusedReferences(expression, scope) ? value() : unknown;
      if (isKnown(known)) return terraformLiteralValue(known);
      return (whole === undefined ? undefined : this.withStand(value(), undefined, whole)) ?? written;
    }
    if (typeof stand === "string") return this.referenceTo(stand);
    return this.withStand(value(), stand, whole) ?? written;
  }

  /**
   * Whether an expression's references to declared blocks are all in parts Terraform does not evaluate: a conditional's
   * branch not taken (its condition known), the map of a `lookup` that does not hold the key or its default when it does, or the arguments of
   * `coalesce` after the first known value that is neither null nor "" (go-cty's CoalesceFunc stops there).
   */
  private unusedReferences(expression: Expression, scope: Scope): boolean {
    if (expression.kind === "conditional") {
      // A condition converts to bool as HCL converts it ("true" is true: hclsyntax ConditionalExpr.Value).
      const condition = literalBool(this.evaluated(expression.condition, scope));
      if (condition === undefined) return false;
      const taken = condition ? expression.then : expression.otherwise;
      return !this.namesBlock(taken) || this.unusedReferences(taken, scope);
    }
    // lookup of a key the map does not hold returns its default, whatever else the map holds; of a key it holds, the
    // key's value, its default unread (internal/lang/funcs/collection.go, LookupFunc).
    if (expression.kind === "call" && builtInName(expression.name) === "lookup" && expression.args.length === 3 && !expression.expandLast) {
      const [map, key, fallback] = expression.args as [Expression, Expression, Expression];
      if (this.namesBlock(key)) return false;
      const collection = this.evaluated(map, scope);
      const name = this.evaluated(key, scope);
      if (lacksKey(collection, name)) return !this.namesBlock(fallback);
      if (typeof name !== "string" || !isObject(collection) || !Object.hasOwn(collection, name)) return false;
      if (!this.namesBlock(map)) return true;
      // A map written here holds the key: only its value is read, whatever its other values name.
      const item = map.kind === "object" ? map.items.find((entry) => this.evaluated(entry.key, scope) === name) : undefined;
      return item !== undefined && !this.namesBlock(item.value) && !(map.kind === "object" && map.items.some((entry) => this.namesBlock(entry.key)));
    }
    if (expression.kind === "call" && expression.name === "coalesce" && !expression.expandLast)
      for (const argument of expression.args) {
        if (this.namesBlock(argument)) return false;
        const found = this.evaluated(argument, scope);
        if (found !== null && found !== "" && isKnown(found)) return true;
      }
    return false;
  }

  /**
   * Whether an expression names a declared resource or data source, or a module's output, anywhere in it; a data
   * source whose attributes are known at plan is read as a value.
   */
  private namesBlock(expression: Expression): boolean {
    return someExpression(
      expression,
      (part) => part.kind === "variable" && (this.declaredTypes.has(part.name) || modeRoots.has(part.name) || part.name === "module"),
      readsComputedData,
    );
  }

  /**
   * How a part of a template in `scope` known only at apply is written (partlyKnownText): as the reference to the
   * attribute it stands for, if it reads one in that scope (not a directive's own), else undefined.
   */
  private referencesIn(scope: Scope): (part: Expression, inner: Scope) => string | undefined {
    return (part, inner) => {
      const stand = inner === scope ? this.standsFor(part, scope) : undefined;
      return typeof stand === "string" ? this.referenceTo(stand) : undefined;
    };
  }

  /** A reference the graph follows, to the attribute at `address` (from the root), from this module or its caller (outputInPart). */
  private referenceTo(address: string): string {
    const from = this.referencesFrom ?? this.prefix;
    return `\${${address.startsWith(from) ? address.slice(from.length) : address}}`;
  }

  /** While the module writes an output for its caller (outputInPart), the caller's prefix: references are written from it. */
  private referencesFrom: string | undefined;
  /** The outputs being written for the caller (outputInPart): one met again goes round between modules, which Terraform refuses. */
  private readonly outputsInPart = new Set<string>();

  /**
   * What is known of an output, or of one element of it (`key`: `module.cfg.user_data[each.key]`), as partlyKnown writes
   * it, its references written from the caller whose prefix is `caller`: a cloud-config a module renders is judged in
   * the instance its caller gives it to.
   */
  outputInPart(name: string, key: Value | undefined, where: string, caller: string): string | undefined {
    const body = this.outputBody(name)?.value;
    if (typeof body !== "string" || !isTerraformTemplate(body) || this.outputsInPart.has(name)) return undefined;
    const outer = this.referencesFrom;
    this.referencesFrom = caller;
    this.outputsInPart.add(name);
    try {
      if (key === undefined) return this.partlyKnown(body, this.scope, where);
      // An element of an output that is a local (output "user_data" { value = local.user_data }), or that writes its map.
      const local = /^\$\{\s*local\.([\w-]+)\s*\}$/.exec(body)?.[1];
      return local === undefined ? this.elementInPart(body, key, where) : this.localElementInPart(local, key, where);
    } finally {
      this.referencesFrom = outer;
      this.outputsInPart.delete(name);
    }
  }

  /**
   * A value in JSON, its elements that stand for an attribute written as references to it; the others known only at
   * apply as their reads from the expression `at` (writtenAs), or, without one, making the whole undefined.
   */
  private withStand(value: Value, stand: Stand | undefined, at?: string): unknown {
    if (typeof stand === "string") return this.referenceTo(stand);
    if (isKnown(value) && (stand === undefined || !(Array.isArray(value) || isObject(value)))) return terraformLiteralValue(value);
    const inner = (key: string | number): string | undefined => (at === undefined ? undefined : `${at}${stepText(key)}`);
    if (Array.isArray(value) && (stand === undefined || (Array.isArray(stand) && stand.length === value.length))) {
      const items = value.map((item, i) => this.withStand(item, (stand as readonly (Stand | undefined)[] | undefined)?.[i], inner(i)));
      return items.includes(undefined) ? undefined : items;
    }
    // An object of which only some attributes are known (a resource's) is not written out: its other attributes exist.
    if (isObject(value) && !partlyKnown.has(value) && (stand === undefined || !Array.isArray(stand))) {
      const entries = Object.entries(value).map(
        ([key, item]) => [key, this.withStand(item, (stand as Record<string, Stand | undefined> | undefined)?.[key], inner(key))] as const,
      );
      return entries.some(([, item]) => item === undefined) ? undefined : Object.fromEntries(entries);
    }
    if (isKnown(value)) return terraformLiteralValue(value);
    return at === undefined ? undefined : `\${${at}}`;
  }

  /**
   * What an expression stands for (see Stand), when it reads an attribute of a declared block instance, at any depth: of
   * this module, or of another one through a called module's output, this module's variable or local; or when it is a
   * list or an object of such reads, a conditional whose condition is known, or a function that moves elements.
   */
  private standsFor(expression: Expression, scope: Scope): Stand | undefined {
    try {
      switch (expression.kind) {
        case "tuple":
          return collected(expression.items.map((item) => this.standsFor(item, scope)));
        case "object": {
          const stands: Record<string, Stand | undefined> = {};
          for (const { key, value } of expression.items) {
            // A bare name is already a literal key (the parser's); a variable here is `(k)` or `"${k}"`, its value.
            const name = keyText(this.evaluated(key, scope));
            if (name === undefined) return undefined;
            stands[name] = this.standsFor(value, scope);
          }
          return collected(stands);
        }
        case "call":
          if (expression.expandLast) return undefined;
          return this.calledStandsFor(expression, scope);
        case "for":
          return this.forStands(expression, scope);
        case "conditional": {
          const condition = asBool(evaluate(expression.condition, scope));
          return condition === unknown ? undefined : this.standsFor(condition ? expression.then : expression.otherwise, scope);
        }
        case "variable":
          return this.scopeStands.get(scope)?.(expression.name);
        case "splat":
          return this.splatStands(expression, scope);
        case "attribute":
        case "index":
          return this.readStandsFor(expression, scope);
        default:
          return undefined;
      }
    } catch {
      return undefined;
    }
  }

  /**
   * What a call of a function that moves elements without reading them stands for: concat, merge, compact, tolist,
   * element, lookup (its default where the map lacks the key); and try, its first argument that evaluates.
   */
  private calledStandsFor(call: Expression & { kind: "call" }, scope: Scope): Stand | undefined {
    const { args } = call;
    const name = builtInName(call.name);
    const [first, second, third] = args;
    if (name === "try") {
      const taken = args.find((argument) => {
        try {
          evaluate(argument, scope);
          return true;
        } catch {
          return false;
        }
      });
      return taken && this.standsFor(taken, scope);
    }
    if (name === "concat") return this.concatenated(args, scope);
    if (name === "merge") return this.merged(args, scope);
    if (!first) return undefined;
    if (name === "tolist" || name === "tomap") return this.standsFor(first, scope);
    if (name === "toset" || name === "distinct") return this.comparedStands(first, evaluate(call, scope), scope);
    if (name === "flatten") return collected(flattenedStands(evaluate(first, scope), this.standsFor(first, scope)));
    if (name === "compact") {
      const items = evaluate(first, scope);
      const stand = this.standsFor(first, scope);
      if (!Array.isArray(items) || !Array.isArray(stand)) return undefined;
      return collected(stand.filter((_, i) => keptByCompact(items[i]!)));
    }
    if ((name === "element" || name === "lookup") && second) {
      const collection = evaluate(first, scope);
      const key = evaluate(second, scope);
      if (name === "lookup" && lacksKey(collection, key)) return third && this.standsFor(third, scope);
      // element wraps its index around the list, as the function does.
      const at =
        name === "element" && Array.isArray(collection) && typeof key === "number" ? ((key % collection.length) + collection.length) % collection.length : key;
      return elementOf(this.standsFor(first, scope), at);
    }
    return undefined;
  }

  /**
   * What the result of `toset` or `distinct` of a list stands for: each element what the first element of the list equal
   * to it stands for (a reference before a literal of the same value), the values compared as the function converts
   * them (`unified`).
   */
  private comparedStands(list: Expression, result: Value, scope: Scope): Stand | undefined {
    const items = evaluate(list, scope);
    const stand = this.standsFor(list, scope);
    if (!Array.isArray(items) || !Array.isArray(result) || stand === undefined) return undefined;
    const converted = unified(items);
    return collected(
      result.map((element) => {
        const equals = converted.flatMap((item, i) => (equal(item, element) ? [elementOf(stand, i)] : []));
        return equals.find((found) => found !== undefined);
      }),
    );
  }

  /** What `concat(a, b, …)` stands for: each list's elements in turn (a list that stands for nothing keeps its length). */
  private concatenated(lists: readonly Expression[], scope: Scope): Stand | undefined {
    const stands: (Stand | undefined)[] = [];
    for (const list of lists) {
      const value = evaluate(list, scope);
      if (!Array.isArray(value)) return undefined;
      const stand = this.standsFor(list, scope);
      stands.push(...(Array.isArray(stand) && stand.length === value.length ? stand : value.map(() => undefined)));
    }
    return collected(stands);
  }

  /** What a splat stands for (`module.groups[*].id`): per element, what its steps read from that element stands for. */
  private splatStands(expression: Expression & { kind: "splat" }, scope: Scope): Stand | undefined {
    const items = evaluate(expression.of, scope);
    if (!Array.isArray(items)) return undefined;
    const element = (index: number): Expression =>
      expression.each.reduce<Expression>(
        (of, step) =>
          "name" in step
            ? { kind: "attribute", of, name: step.name }
            : "splat" in step
              ? { kind: "splat", of, each: step.splat }
              : { kind: "index", of, key: step.key },
        {
          kind: "index",
          of: expression.of,
          key: { kind: "literal", value: index },
        },
      );
    return collected(items.map((_, index) => this.standsFor(element(index), scope)));
  }

  /** What `merge(a, b, …)` stands for: each key as the last object that has it. */
  private merged(objects: readonly Expression[], scope: Scope): Stand | undefined {
    const stands: Record<string, Stand | undefined> = {};
    for (const object of objects) {
      const value = evaluate(object, scope);
      if (value === null) continue;
      if (!isObject(value)) return undefined;
      const stand = this.standsFor(object, scope);
      for (const key of Object.keys(value)) stands[key] = stepInto(stand, key, `.${key}`);
    }
    return collected(stands);
  }

  /** What a `for` expression stands for: per element, what its value expression does with the element it reads. */
  private forStands(expression: Expression & { kind: "for" }, scope: Scope): Stand | undefined {
    const elements = this.forElements(expression, scope);
    if (!elements) return undefined;
    if (!expression.key) return collected(elements.map(({ inner }) => this.standsFor(expression.value, inner)));
    const object: Record<string, Stand | undefined> = {};
    for (const { inner, key } of elements) {
      if (key === undefined) return undefined;
      object[key] = this.standsFor(expression.value, inner);
    }
    return collected(object);
  }

  /**
   * The elements a `for` expression keeps, each with the scope its value is evaluated in and, for an object, its key as
   * Terraform converts it to a string (`idx => id` over a list keys "0"; undefined where it is not known here); undefined
   * when the collection, or whether an element is kept, is not known here, or when the expression groups (`...`: how
   * many elements it makes depends on which keys meet).
   */
  private forElements(expression: Expression & { kind: "for" }, scope: Scope): { inner: Scope; key: string | undefined }[] | undefined {
    const collection = evaluate(expression.collection, scope);
    if (collection === unknown || expression.grouped) return undefined;
    const collectionStand = this.standsFor(expression.collection, scope);
    const elements: { inner: Scope; key: string | undefined }[] = [];
    for (const [key, value] of entries(collection)) {
      const element = elementOf(collectionStand, key);
      const names: Record<string, Value> = {};
      if (expression.keyName) names[expression.keyName] = key;
      names[expression.valueName] = value;
      const inner = this.iterating(scope, names, (name) => (name === expression.valueName ? element : undefined));
      if (expression.condition) {
        const keep = evaluate(expression.condition, inner);
        if (keep === unknown) return undefined;
        if (!asBool(keep)) continue;
      }
      elements.push({ inner, key: expression.key ? keyText(evaluate(expression.key, inner)) : undefined });
    }
    return elements;
  }

  /**
   * A scope where an iterator (`each`, a `for` expression's or a `dynamic` block's) names one element of a collection,
   * with what its names stand for: an element of a list of reads stands for what its reference does.
   */
  private iterating(
    scope: Scope,
    names: Readonly<Record<string, Value>>,
    stands: (name: string) => Stand | undefined,
    elements?: Readonly<Record<string, ElementWritten>>,
  ): Scope {
    const inner = within(scope, names);
    const outer = this.scopeStands.get(scope);
    this.scopeStands.set(inner, (name) => (Object.hasOwn(names, name) ? stands(name) : outer?.(name)));
    const outerElements = this.scopeElements.get(scope);
    if (elements || outerElements) this.scopeElements.set(inner, (name) => (Object.hasOwn(names, name) ? elements?.[name] : outerElements?.(name)));
    return inner;
  }

  private readStandsFor(expression: Expression & { kind: "attribute" | "index" }, scope: Scope): Stand | undefined {
    const of = evaluate(expression.of, scope);
    const key = expression.kind === "attribute" ? expression.name : evaluate(expression.key, scope);
    const step = expression.kind === "attribute" ? `.${expression.name}` : keyStep(key);
    if (key === unknown && expression.kind === "index") return this.sameElementOf(expression, scope);
    if (step === undefined || (typeof key !== "string" && typeof key !== "number")) return undefined;
    if (of !== null && typeof of === "object") {
      const address = this.instanceAddresses.get(of);
      if (address !== undefined) return `${this.prefix}${address}${step}`;
      if (expression.kind === "attribute") {
        const outside = standingFor.get(of === this.variables ? this.inputs : of)?.(expression.name);
        if (outside !== undefined) return outside;
      }
    }
    // An instance itself (`groups[0]`, an element of a list of instances): its address.
    const own = evaluate(expression, scope);
    if (own !== null && typeof own === "object" && this.instanceAddresses.has(own)) return `${this.prefix}${this.instanceAddresses.get(own)}`;
    // Deeper in an instance's attribute: `ns[each.key].metadata[0].name` stands for `ns["a"].metadata[0].name`; an
    // element of a list of reads stands for what its reference does.
    return stepInto(this.standsFor(expression.of, scope), key, step);
  }

  /** What a written value stands for (see standsFor); nothing for one met again on the way (a cycle). */
  private writtenStandsFor(written: unknown, scope: Scope): Stand | undefined {
    if (Array.isArray(written)) return collected(written.map((item) => this.writtenStandsFor(item, scope)));
    if (written !== null && typeof written === "object")
      return collected(Object.fromEntries(Object.entries(written).map(([key, item]) => [key, this.writtenStandsFor(item, scope)])));
    if (typeof written !== "string" || !isTerraformTemplate(written) || this.following.has(written)) return undefined;
    this.following.add(written);
    try {
      return this.standsFor(parseTemplate(written), scope);
    } catch {
      return undefined;
    } finally {
      this.following.delete(written);
    }
  }

  /**
   * A value not known here, as the policies see it: partly known (partlyKnown) or as written. Where something waits on
   * variables given no value or on a file not there, each variable, local and module output it reads is read first, so
   * that the engine tells what it waits on from what is known beside it (TfConfiguration.knownHere): a template or a
   * condition stops at its first unknown part and leaves the others unread.
   */
  private notKnownHere(written: string, scope: Scope, where: string): unknown {
    const { givenNoValue, waitingOnFiles, failing, waitingOnData, notInstalled } = this.reader;
    if (givenNoValue?.size || waitingOnFiles?.size || failing?.size || waitingOnData?.size || notInstalled?.size)
      for (const reference of referencesRead(written) ?? []) if (waitingName(reference) !== undefined) this.evaluated(parseTemplate(`\${${reference}}`), scope);
    return this.decodedInPart(written, scope) ?? this.partlyKnown(written, scope, where) ?? this.concatenatedInPart(written, scope) ?? written;
  }

  /**
   * A `concat` of lists written element by element where each element not known here is a read of a block's attribute
   * (standsFor) or a text known in part (partlyKnown: `concat([yamlencode({ certSANs = [openstack_networking_floatingip_v2.lb.address] })], var.patches)`,
   * as Talos's config patches are given): Terraform keeps the known elements of a list whose elements are not all known
   * (elementWise). A list given whole, known; a list written out, element by element; undefined where an element is
   * neither.
   */
  private concatenatedInPart(written: string, scope: Scope): unknown[] | undefined {
    const parsed = written.startsWith("${concat(") ? parsedTemplate(written) : undefined;
    if (!parsed) return undefined;
    const { expression, sources } = parsed;
    if (expression.kind !== "call" || builtInName(expression.name) !== "concat" || expression.expandLast) return undefined;
    const elements: unknown[] = [];
    for (const list of expression.args) {
      if (list.kind !== "tuple") {
        const value = this.evaluated(list, scope);
        if (!Array.isArray(value) || !isKnown(value)) return undefined;
        elements.push(...value.map(terraformLiteralValue));
        continue;
      }
      for (const item of list.items) {
        const value = this.evaluated(item, scope);
        const stand = isKnown(value) ? undefined : this.standsFor(item, scope);
        const element = isKnown(value)
          ? terraformLiteralValue(value)
          : stand !== undefined
            ? this.withStand(value, stand)
            : this.partKnownInPart(item, written, sources, scope);
        if (element === undefined) return undefined;
        elements.push(element);
      }
    }
    return elements;
  }

  /**
   * A `yamldecode` of a text known in part (a template file rendered with variables given no value), or a local holding
   * one: yamlDecodedInPart.
   */
  private decodedInPart(written: string, scope: Scope): unknown {
    const local = wholeLocal.exec(written)?.[1];
    const body = local === undefined ? undefined : this.localBodies.get(local);
    if (typeof body === "string" && yamldecodeCall.test(body)) return this.decodedInPart(body, this.scope);
    const parsed = yamldecodeCall.test(written) ? parsedTemplate(written) : undefined;
    if (!parsed) return undefined;
    const { expression, sources } = parsed;
    if (expression.kind !== "call" || builtInName(expression.name) !== "yamldecode" || expression.args.length !== 1 || expression.expandLast) return undefined;
    const text = this.partKnownInPart(expression.args[0]!, written, sources, scope);
    // A template's variable read whole (`${context.privileged}`) is no reference to a resource, whatever its name.
    return text === undefined ? undefined : yamlDecodedInPart(text, (part) => (this.namesDeclaredBlock(part) ? part : notAReference(part)));
  }

  /** What is known of a part of an expression written in `written` (partlyKnown of its source); undefined where it has no source. */
  private partKnownInPart(part: Expression, written: string, sources: ExpressionSources, scope: Scope, where = ""): string | undefined {
    const span = sourceSpan(sources, part);
    return span && this.partlyKnown(`\${${written.slice(span[0], span[1])}}`, scope, where);
  }

  /**
   * A template known only in part, written with what is known of it (partlyKnownText): a heredoc in parentheses, which
   * the reader writes `${(<<-EOT ... EOT)}` as hcl2json does; a template of several lines; a `templatefile` or `templatestring` call; a
   * local holding one of these. A user_data given as `base64encode(...)` or `base64gzip(...)` of one is written as its
   * text: Nova decodes what it is given and cloud-init decompresses it (userDataAsSent), and the policies read user
   * data as the instance gets it. Elsewhere (a file a cloud-config writes from base64), such a call is written as the
   * call on what is known of its text (base64InPart), which write_files decodes (writtenFiles). A `yamlencode` or `jsonencode` of an object known only in part is written as the YAML
   * or JSON text of what is known of it (encodedInPart). The `rendered` text of a template_file data source is its
   * template as far as its variables are known, a cloudinit_config's its message as far as its parts are (renderedInPart). A
   * module's input is written as its caller writes it. A template's or a `join`'s part that calls one of these
   * is written so within it. Undefined for anything else, which stays as written.
   */
  private partlyKnown(written: string, scope: Scope, where: string): string | undefined {
    const parsed = written.includes("\n") || partlyKnownStart.test(written) ? parsedTemplate(written) : undefined;
    if (!parsed) return undefined;
    const { expression, sources } = parsed;
    const referenceOf = this.referencesIn(scope);
    // A part that calls a function is written, where it can be, as what is known of it (the YAML of a cloud-config
    // after its `#cloud-config` line: "#cloud-config\n${yamlencode({...})}").
    const knownOfPart = (part: Expression): string | undefined => this.partKnownInPart(part, written, sources, scope);
    const encoding = expression.kind === "call" ? builtInName(expression.name) : undefined;
    if (expression.kind === "call" && (encoding === "base64encode" || encoding === "base64gzip") && expression.args.length === 1 && !expression.expandLast) {
      // A heredoc argument keeps no place (the parser writes templates back as text): it is all between the call's parentheses.
      const span = sourceSpan(sources, expression.args[0]!);
      const argument = span ? written.slice(span[0], span[1]) : `(${written.slice(written.indexOf("(") + 1, written.lastIndexOf(")"))})`;
      const text = this.partlyKnown(`\${${argument}}`, scope, "");
      return where.endsWith(".user_data") || text === undefined ? text : base64InPart(encoding, text);
    }
    const templateCall = expression.kind === "call" ? builtInName(expression.name) : undefined;
    if (expression.kind === "call" && (templateCall === "templatefile" || templateCall === "templatestring") && expression.args.length === 2) {
      const [pathOrText, variables] = expression.args.map((argument) => this.evaluated(argument, scope));
      if (typeof pathOrText !== "string" || variables === undefined || !isObject(variables)) return undefined;
      try {
        const file =
          templateCall === "templatefile" ? templateFile(pathOrText, variables, scope) : { text: pathOrText, scope: templateScope(variables, scope) };
        const fileSources = emptySources();
        const given = expression.args[1]!;
        const argumentOf = (name: string) => this.itemWritten(given, name, scope);
        // A variable given a call (`{ config = base64encode(templatefile(...)) }`) is written as what is known of it.
        const knownOfArgument = (argument: Expression) => (argument.kind === "call" ? knownOfPart(argument) : undefined);
        return partlyKnownText(
          parseTemplate(file.text, fileSources),
          file.scope,
          file.text,
          fileSources,
          this.templateVariableRead(argumentOf, scope, knownOfArgument),
          notAReference,
        );
      } catch {
        return undefined;
      }
    }
    const renderedBy = renderedData(expression);
    if (renderedBy !== undefined) return this.renderedInPart(renderedBy, where);
    if (expression.kind === "attribute" && expression.of.kind === "variable" && expression.of.name === "local") {
      const body = this.localBodies.get(expression.name);
      return typeof body === "string" && isTerraformTemplate(body) ? this.partlyKnown(body, this.scope, where) : undefined;
    }
    if (expression.kind === "index" && expression.of.kind === "attribute" && expression.of.of.kind === "variable" && expression.of.of.name === "local")
      return this.localElementInPart(expression.of.name, this.evaluated(expression.key, scope), where);
    // A module's output, or an element of it, as the module writes it (outputInPart).
    const output = moduleOutputRead(expression);
    if (output) {
      const key = output.key && this.evaluated(output.key, scope);
      return this.calledChildren.get(output.call)?.outputInPart(output.name, key, where, this.prefix);
    }
    // A module's input: what its caller writes of it, known in part (a local holding a templatefile call).
    if (expression.kind === "attribute" && expression.of.kind === "variable" && expression.of.name === "var")
      return knownInPart.get(this.inputs)?.(expression.name);
    if (expression.kind === "call" && (encoding === "yamlencode" || encoding === "jsonencode") && expression.args.length === 1 && !expression.expandLast) {
      const encoded = this.encodedInPart(expression.args[0]!, scope, written, sources);
      // yamlencode's text as Terraform writes it (block scalars for texts of several lines), where a secret reads as it
      // would in the file; JSON would escape their line ends.
      if (encoded === null || typeof encoded !== "object") return undefined;
      return encoding === "yamlencode" ? stringifyGoYaml(encoded) : JSON.stringify(encoded);
    }
    const inPart = (part: Expression, inner: Scope): string | undefined =>
      referenceOf(part, inner) ?? (inner === scope && part.kind === "call" ? knownOfPart(part) : undefined);
    if (expression.kind === "call" && encoding === "join" && expression.args.length === 2 && expression.args[1]!.kind === "for" && !expression.expandLast)
      return this.joinedForInPart(expression.args[0]!, expression.args[1]!, scope, written, sources);
    if (expression.kind === "call" && encoding === "join" && expression.args.length === 2 && expression.args[1]!.kind === "tuple" && !expression.expandLast) {
      // join of texts, each known or known in part ("#cloud-config" and a yamlencode), with a known separator.
      const separator = this.evaluated(expression.args[0]!, scope);
      if (typeof separator !== "string") return undefined;
      const texts = expression.args[1]!.items.map((item) => {
        const value = this.evaluated(item, scope);
        return typeof value === "string" ? terraformLiteral(value) : knownOfPart(item);
      });
      return texts.every((text) => text !== undefined) ? texts.join(terraformLiteral(separator)) : undefined;
    }
    return expression.kind === "template" ? partlyKnownText(expression, scope, written, sources, inPart) : undefined;
  }

  /**
   * A data source's `rendered` text, written with what is known of it, for one without count or for_each:
   * - template_file's: the template provider renders its template with its variables as strings
   *   (terraform-provider-template, datasource_template_file.go), and a variable known only at apply stays an
   *   interpolation (partlyKnownText), as a templatefile call's does. Undefined for a template not known, or a variable
   *   that is no string, number or bool (the provider fails).
   * - cloudinit_config's (and template_cloudinit_config's), neither gzipped nor in base64: its MIME message
   *   (cloudinitMessage), each part's content known, or written with what is known of it (partlyKnown).
   */
  private renderedInPart({ type, name }: { type: string; name: string }, where = ""): string | undefined {
    const declared = this.declaredOf(type).get(name);
    if (!declared || declared.body.count !== undefined || declared.body.for_each !== undefined) return undefined;
    const instance = this.declaredValue(`${type}.${name}`, declared);
    if (!isObject(instance)) return undefined;
    if (type !== "data.template_file") return this.cloudinitInPart(type, instance, declared.body, where.endsWith(".user_data"));
    const { template, vars = {} } = instance as { template?: Value; vars?: Value };
    if (typeof template !== "string" || !isObject(vars) || partlyKnown.has(vars)) return undefined;
    const variables: Record<string, Value> = {};
    for (const [variable, value] of Object.entries(vars)) {
      if (value !== unknown && !isPrimitive(value)) return undefined;
      variables[variable] = value === unknown ? unknown : asString(value);
    }
    const writtenVars = isMap(declared.body.vars) ? declared.body.vars : {};
    const argumentOf = (variable: string) => {
      const text = Object.hasOwn(writtenVars, variable) ? writtenVars[variable] : undefined;
      return typeof text === "string" ? parsedTemplate(text)?.expression : undefined;
    };
    const sources = emptySources();
    try {
      const read = this.templateVariableRead(argumentOf, this.scope);
      return partlyKnownText(parseTemplate(template, sources), templateScope(variables, this.scope), template, sources, read, notAReference);
    } catch {
      return undefined;
    }
  }

  /**
   * How a template's variable not known here is written (a templatefile call's, a template_file's): as the reference it
   * is given (`{ token = random_password.token.result }`), or the module's variable or local it is given
   * (`{ context = var.context }`), so that a finding says what it waits on; `argumentOf` gives a variable's expression,
   * and `knownOfArgument`, where given, what is known of one that is no reference.
   */
  private templateVariableRead(
    argumentOf: (name: string) => Expression | undefined,
    scope: Scope,
    knownOfArgument?: (argument: Expression) => string | undefined,
  ): (part: Expression) => string | undefined {
    const referenceOf = this.referencesIn(scope);
    const given = (part: Expression): Expression | undefined => {
      if (part.kind === "variable") return argumentOf(part.name);
      if (part.kind !== "attribute" && part.kind !== "index") return undefined;
      // A part of a variable given as an object or a tuple written out (`mount.access` of `{ access = x.y.key }`) is
      // what is written there; of another expression, the same step read from it.
      const of = given(part.of);
      const key = part.kind === "attribute" ? part.name : this.evaluated(part.key, scope);
      if (of === undefined || (typeof key !== "string" && typeof key !== "number")) return undefined;
      if (of.kind === "object") return this.itemOf(of, key, scope);
      if (of.kind === "tuple") return typeof key === "number" ? of.items[key] : undefined;
      return { ...part, of };
    };
    return (part) => {
      const read = moduleValueRead(part, argumentOf);
      if (read !== undefined) return read;
      const argument = given(part);
      return argument ? (referenceOf(argument, scope) ?? knownOfArgument?.(argument)) : undefined;
    };
  }

  /**
   * See renderedInPart: the parts are read from the block as written, one `part` block each (not a dynamic block). A
   * message gzipped or in base64 (the defaults) is written as its text only where it is an instance's user data, which
   * the policies read as the instance gets it: Nova decodes the base64, cloud-init inflates the gzip (userDataAsSent).
   */
  private cloudinitInPart(type: string, instance: Record<string, Value>, body: Record<string, unknown>, asUserData: boolean): string | undefined {
    // The template provider's has no boundary argument: its boundary is MIMEBOUNDARY (datasource_cloudinit_config.go).
    const boundary = type === "data.cloudinit_config" && body.boundary !== undefined ? instance.boundary : "MIMEBOUNDARY";
    // Unset, both are true (cloudinitConfig).
    const gzip = body.gzip === undefined ? true : instance.gzip;
    const base64 = body.base64_encode === undefined ? true : instance.base64_encode;
    // Gzip without base64 fails the data source (cloudinitConfig).
    if (typeof gzip !== "boolean" || typeof base64 !== "boolean" || (gzip && !base64) || body.dynamic !== undefined) return undefined;
    if ((gzip || base64) && !asUserData) return undefined;
    const written = blocks(body.part);
    const content = (part: Record<string, unknown>, i: number) => {
      if (typeof part.content === "string") return terraformLiteral(part.content);
      const text = written[i]?.content;
      return typeof text === "string" ? this.partlyKnown(text, this.scope, "") : undefined;
    };
    return cloudinitMessage(instance.part, boundary, content, terraformLiteral);
  }

  /**
   * What is known of a join of a for expression's texts (`join("\n", [for m in [x.home] : "key: ${m.access_key}"])`),
   * its collection's elements known: each text as far as it is known in its element's scope, a part known only at
   * apply as the attribute it stands for (`${x.home.access_key}`).
   */
  private joinedForInPart(separatorWritten: Expression, each: Expression, scope: Scope, written: string, sources: ExpressionSources): string | undefined {
    const separator = this.evaluated(separatorWritten, scope);
    if (each.kind !== "for" || typeof separator !== "string" || each.key !== undefined || each.grouped) return undefined;
    const collection = this.evaluated(each.collection, scope);
    if (collection === unknown || collection === null || typeof collection !== "object") return undefined;
    const stand = this.standsFor(each.collection, scope);
    const texts: string[] = [];
    const items: [Value, Value][] = safeEntries(collection);
    for (const [key, value] of items) {
      const inner = this.iterating(scope, forElementNames(each, key, value), (name) => (name === each.valueName ? elementOf(stand, key) : undefined));
      if (each.condition) {
        const kept = this.evaluated(each.condition, inner);
        if (kept === false) continue;
        if (kept !== true) return undefined;
      }
      const text = this.evaluated(each.value, inner);
      const referenceOf = this.referencesIn(inner);
      const inPart =
        typeof text === "string"
          ? terraformLiteral(text)
          : each.value.kind === "template"
            ? partlyKnownText(each.value, inner, written, sources, referenceOf)
            : referenceOf(each.value, inner);
      if (inPart === undefined) return undefined;
      texts.push(inPart);
    }
    return texts.join(terraformLiteral(separator));
  }

  /**
   * What is known of an element of a local map (partlyKnown), by its key: the element's expression as the local writes
   * it, an object's item, or a for expression's value for the element of its collection that gives that key, read in
   * that element's scope (`local.user_data[each.key]` of `{ for name, node in var.nodes : name => templatefile(...) }`).
   */
  private localElementInPart(name: string, key: Value, where: string): string | undefined {
    const body = this.localBodies.get(name);
    return typeof body === "string" ? this.elementInPart(body, key, where) : undefined;
  }

  /** The value an object written out gives the key `key` (`access` of `{ access = x.y.key }`). */
  private itemOf(object: Extract<Expression, { kind: "object" }>, key: string | number, scope: Scope): Expression | undefined {
    return object.items.find((item) => keyText(this.evaluated(item.key, scope)) === String(key))?.value;
  }

  /**
   * The expression that writes the item `key` of an object written out, or of a `merge` of objects (the last that
   * sets it, as merge takes it: `merge({ PASSWORD = var.admin_password }, var.extra)` where var.extra is known not to
   * set it); undefined where no written expression is known to give it.
   */
  private itemWritten(object: Expression, key: string, scope: Scope): Expression | undefined {
    if (object.kind === "object") return this.itemOf(object, key, scope);
    if (object.kind !== "call" || builtInName(object.name) !== "merge" || object.expandLast) return undefined;
    for (const argument of object.args.toReversed()) {
      const item = this.itemWritten(argument, key, scope);
      if (item !== undefined) return item;
      // An argument that may set it: a value not known here, or one that writes it in a way not read here.
      const value = this.evaluated(argument, scope);
      if (!(value === null || (value !== undefined && isObject(value) && !Object.hasOwn(value, key)))) return undefined;
    }
    return undefined;
  }

  /** What is known of the element `key` of the map a value writes (`body`), out or by a for expression (localElementInPart). */
  private elementInPart(body: string, key: Value, where: string): string | undefined {
    if (typeof key !== "string" && typeof key !== "number") return undefined;
    const parsed = parsedTemplate(body);
    if (!parsed) return undefined;
    const { expression: made, sources } = parsed;
    const element = (value: Expression, scope: Scope) => this.partKnownInPart(value, body, sources, scope, where);
    if (made.kind === "object") {
      const item = this.itemOf(made, key, this.scope);
      return item && element(item, this.scope);
    }
    if (made.kind !== "for" || made.key === undefined || made.grouped) return undefined;
    const collection = this.evaluated(made.collection, this.scope);
    if (collection === unknown || collection === null || typeof collection !== "object") return undefined;
    for (const [elementKey, value] of safeEntries(collection)) {
      const inner = within(this.scope, forElementNames(made, elementKey, value));
      if (made.condition && this.evaluated(made.condition, inner) !== true) continue;
      if (keyText(this.evaluated(made.key, inner)) === String(key)) return element(made.value, inner);
    }
    return undefined;
  }

  /**
   * What is known of a value about to be encoded, in Terraform JSON form: its known parts as they are, each part known
   * only at apply as the reference it stands for or its source (`${kubernetes_storage_class.fast.metadata[0].name}`),
   * through objects and tuples written out, `merge` of such objects (a shallow merge, as Terraform's), `concat` of such
   * lists, and locals.
   * Terraform encodes nothing until all of it is known, and Helm reads the JSON text as it would the YAML; the policies
   * that read chart values or a text judge the literals beside such a part (a chart's password beside a storage class
   * created with it), each part itself staying unknown to them (isUnknown). Undefined where a key is not known.
   */
  private encodedInPart(expression: Expression, scope: Scope, source: string, sources: ExpressionSources): unknown {
    if (expression.kind === "object") {
      const encoded: Record<string, unknown> = {};
      for (const { key, value } of expression.items) {
        const name = keyText(this.evaluated(key, scope));
        const item = name === undefined ? undefined : this.encodedInPart(value, scope, source, sources);
        if (item === undefined) return undefined;
        encoded[terraformLiteral(name!)] = item;
      }
      return encoded;
    }
    if (expression.kind === "tuple") {
      const items = expression.items.map((item) => this.encodedInPart(item, scope, source, sources));
      return items.includes(undefined) ? undefined : items;
    }
    const value = this.evaluated(expression, scope);
    if (isKnown(value) && !this.namesBlock(expression)) return terraformLiteralValue(value);
    if (expression.kind === "call" && builtInName(expression.name) === "merge" && !expression.expandLast) {
      const objects = expression.args.map((argument) => this.encodedInPart(argument, scope, source, sources));
      if (objects.every((object) => object !== null && typeof object === "object" && !Array.isArray(object))) return Object.assign({}, ...objects);
    }
    // A concat of lists each encoded as far as it is known (`runcmd = concat(local.base, ["k3s ... ${var.token}"])`).
    if (expression.kind === "call" && builtInName(expression.name) === "concat" && !expression.expandLast) {
      const lists = expression.args.map((argument) => this.encodedInPart(argument, scope, source, sources));
      if (lists.every(Array.isArray)) return lists.flat();
    }
    const renderedBy = renderedData(expression);
    const rendered = renderedBy === undefined ? undefined : this.renderedInPart(renderedBy);
    if (rendered !== undefined) return rendered;
    if (expression.kind === "attribute" && expression.of.kind === "variable" && expression.of.name === "local") {
      // Locals that name each other, which Terraform refuses as a cycle, stay as written.
      if (this.encodingLocals.has(expression.name)) return undefined;
      this.encodingLocals.add(expression.name);
      try {
        const encoded = this.writtenEncodedInPart(this.localBodies.get(expression.name));
        if (encoded !== undefined) return encoded;
      } finally {
        this.encodingLocals.delete(expression.name);
      }
    }
    const stand = this.standsFor(expression, scope);
    if (typeof stand === "string") return this.referenceTo(stand);
    // A quoted template holding an interpolation known only at apply (`"nginx:${var.tag}"`): its text as far as known.
    if (expression.kind === "template") {
      const text = partlyKnownText(expression, scope, source, sources, this.referencesIn(scope));
      if (text !== undefined) return text;
    }
    const span = sourceSpan(sources, expression);
    if (!span) return undefined;
    const whole = `\${${source.slice(span[0], span[1])}}`;
    // A text a function makes in part (a templatefile whose variable is known only at apply): what is known of it.
    return (expression.kind === "call" && this.partlyKnown(whole, scope, "")) || whole;
  }

  /**
   * What is known of a local's body about to be encoded (encodedInPart), the body as the reader keeps it: a template,
   * or an object or a list in Terraform JSON form whose strings are templates (`{"tag": "${lookup(var.m, \"tag\")}"}`),
   * each string known only at apply then written as it is.
   */
  private writtenEncodedInPart(written: unknown): unknown {
    if (Array.isArray(written)) {
      const items = written.map((item) => this.writtenEncodedInPart(item));
      return items.includes(undefined) ? undefined : items;
    }
    if (written !== null && typeof written === "object") {
      const entries = Object.entries(written).filter(([key]) => key !== "//");
      if (entries.some(([key]) => isTerraformTemplate(key))) return undefined;
      const items = entries.map(([key, item]) => [key, this.writtenEncodedInPart(item)] as const);
      return items.some(([, item]) => item === undefined) ? undefined : Object.fromEntries(items);
    }
    if (typeof written !== "string" || !isTerraformTemplate(written)) return written;
    const sources = emptySources();
    try {
      const encoded = this.encodedInPart(parseTemplate(written, sources), this.scope, written, sources);
      return encoded === undefined ? written : encoded;
    } catch {
      // A local Terraform cannot read is reported where it is declared; here it stays as written.
      return written;
    }
  }

  /**
   * Reports what an expression names that Terraform refuses (notDeclared: a variable, local value, resource, data
   * source, module call or output the module does not declare, an instance's key where it takes none or none where it
   * takes one, count or each where its block does not give them), and a function neither Terraform nor OpenTofu has,
   * once each, where the check would read it as unknown, and a typo in a source prefix's name would hide the rule.
   * Returns whether it refuses anything.
   */
  private refuseUndeclared(expression: Expression, where: string, file: string, iterators: ReadonlySet<string> = noIterators): boolean {
    let refused = false;
    // A for expression's or a template's for directive's names are not blocks' types, wherever they are read in it.
    const bound = forNames(expression);
    const named = bound.size === 0 ? iterators : new Set([...iterators, ...bound]);
    // A call inside can() or try() whose function does not exist is an error they catch: Terraform gives false or the
    // next argument (terraform validate and console take can(ipv6("x"))). A reference there is still checked.
    const caught = new Set<Expression>();
    someExpression(expression, (part) => {
      if (part.kind === "call" && (builtInName(part.name) === "can" || builtInName(part.name) === "try"))
        for (const argument of part.args)
          someExpression(argument, (inner) => {
            if (inner.kind === "call") caught.add(inner);
            return false;
          });
      if (part.kind === "call" && !isKnownFunction(part.name) && caught.has(part)) return false;
      // A provider's function is found by the provider's local name in the module's required_providers (Terraform's
      // "Unknown provider function", which try() catches as it catches a call of a function that does not exist;
      // opentofu internal/tofu/transform_provider.go, "Unknown function provider").
      const provider = part.kind === "call" ? providerOfFunction(part.name) : undefined;
      if (part.kind === "call" && provider !== undefined && !caught.has(part) && !this.requiredProviders().has(provider)) {
        refused = true;
        this.refuseOnce(`${part.name}()`, {
          ...this.placeOf(file, where),
          message: `${where}: ${part.name} is a function of the provider "${provider}", which the module's required_providers does not name, so Terraform and OpenTofu refuse the configuration`,
        });
        return false;
      }
      if (part.kind === "call" && !isKnownFunction(part.name)) {
        const hint = closest(part.name, knownFunctionNames());
        const withdrawn = withdrawnFunctions[part.name];
        refused = true;
        this.refuseOnce(`${part.name}()`, {
          ...this.placeOf(file, where),
          message: withdrawn
            ? `${where}: ${part.name} is ${withdrawn}, so Terraform and OpenTofu refuse the configuration`
            : `${where}: ${part.name} is a function neither Terraform nor OpenTofu has${hint ? ` (did you mean ${hint}?)` : ""}, so both refuse the configuration`,
        });
        return false;
      }
      const missing = this.notDeclared(part, where, named);
      if (missing) {
        refused = true;
        this.refuseNotDeclared(missing, where, file);
      }
      return false;
    });
    return refused;
  }

  /** The local names of the providers the module's required_providers name. */
  private requiredProviders(): ReadonlySet<string> {
    this.requiredNames ??= new Set(
      this.files.flatMap(({ document }) => blocks(document.terraform).flatMap((terraform) => blocks(terraform.required_providers).flatMap(Object.keys))),
    );
    return this.requiredNames;
  }

  /**
   * What a part of an expression written at `where` names that the module does not declare, as Terraform says it refuses
   * it: a variable, a local value, a resource or data source (blockNotDeclared), a module call, or an output of a module
   * call. Undefined where it names what the module declares, or what is not judged here. A dynamic block's iterator
   * takes its block's name, `local` too, and hides the module's own names in its content (hcl ext/dynblock: the
   * iterator's traversals are the block's own, its variable set in the content's context).
   */
  private notDeclared(part: Expression, where: string, iterators: ReadonlySet<string>): string | undefined {
    const block = namedBlock(part, iterators);
    if (block) return this.blockNotDeclaredAt(block.type, block.name, where) ?? referenceToItself(block, where);
    const read = blockRead(part, iterators);
    if (read) {
      // Each part of `type.name.a.b` is met: what is refused is said at the part whose last step it is, once.
      const refused = this.readRefused(read.type, read.name, read.steps);
      return refused?.at === read.steps.length - 1 ? refused.why : undefined;
    }
    if (isSelf(part, iterators) && !selfContext.test(where))
      return `self is read in ${blockOfPath(where)}, where Terraform gives it no value (only a resource's provisioners and connection, and a postcondition, read it)`;
    const fromSelf = selfRead(part, iterators);
    if (fromSelf) {
      const refused = this.selfReadRefused(fromSelf.steps, where);
      return refused?.at === fromSelf.steps.length - 1 ? refused.why : undefined;
    }
    if (part.kind !== "attribute") return undefined;
    const { of, name } = part;
    if (of.kind === "variable" && !iterators.has(of.name)) {
      // Terraform gives count.index in a block with count, each.key and each.value in one with for_each, and refuses them
      // elsewhere ("Reference to "count" in non-counted context", "... "each" in context without for_each").
      if (of.name === "count" || of.name === "each")
        return `${of.name}.${name} is read where no ${of.name === "count" ? "count" : "for_each"} is set (${blockOfPath(where)} sets none)`;
      // A file of the module that cannot be read may declare it (blockNotDeclaredAt).
      if (filesNotRead.has(this.files)) return undefined;
      if (of.name === "var")
        return Object.hasOwn(this.variables, name) ? undefined : `var.${name} is not declared (no variable "${name}" block in this module)`;
      if (of.name === "local") return this.localBodies.has(name) ? undefined : `local.${name} is not declared (no locals block names it in this module)`;
      if (of.name === "module") return this.moduleCallNotDeclared(name);
    }
    const call = of.kind === "index" ? of.of : of;
    if (call.kind === "attribute" && call.of.kind === "variable" && call.of.name === "module" && !iterators.has("module"))
      return this.outputNotDeclared(call.name, name);
    return undefined;
  }

  /**
   * A resource, data source or ephemeral resource named at `where` that the module does not declare (blockNotDeclared),
   * or a check block's data source named outside it (Terraform's "Reference to scoped resource"), whether the module
   * declares blocks of its type or none (a type mistyped is hinted at where a block of that name has a close type);
   * `data` is a data source whatever its type, and `ephemeral` an ephemeral resource.
   */
  private blockNotDeclaredAt(type: string, name: string, where: string): string | undefined {
    if (this.declaredOf(type).has(name)) return undefined;
    const check = this.scopedData.get(`${type}.${name}`);
    if (check !== undefined)
      return isUnderPath(where, `check.${check}`) ? undefined : `${type}.${name} is declared in check "${check}", and only that block may read it`;
    // A file of the module that cannot be read may declare it: Terraform stops on that file first, which the problems list.
    if (filesNotRead.has(this.files)) return undefined;
    const { mode } = modeOfType(type);
    if (mode === "managed" && !this.declaredTypes.has(type)) {
      // A name its caller takes for a block's type is named as resource types are, `<provider>_<name>` (opentofu
      // internal/addrs/resource.go, ImpliedProvider): a for expression's names are the caller's iterators (forNames),
      // and a dynamic block's iterator, read as written where its content is held (an element not known here), is none.
      if (!type.includes("_") || this.dynamicIterators().has(type)) return undefined;
      const hint = closest(`${type}.${name}`, this.addressesOf("managed"));
      return blockNotDeclared(type, name, hint?.endsWith(`.${name}`) ? hint : undefined);
    }
    // A name is compared with the names of its type; the address with those of its mode, where its type is not declared.
    const names = [...this.declaredOf(type).keys()];
    if (names.length === 0) return blockNotDeclared(type, name, closest(`${type}.${name}`, this.addressesOf(mode)));
    const hint = closest(name, names);
    return blockNotDeclared(type, name, hint && `${type}.${hint}`);
  }

  /** The iterators of the dynamic blocks the module's resources and data sources write, at any depth. */
  private dynamicIterators(): ReadonlySet<string> {
    this.iteratorNames ??= new Set(this.files.flatMap(({ document }) => sections(document).flatMap(([section]) => [...dynamicIteratorsIn(section)])));
    return this.iteratorNames;
  }

  /** The addresses of the blocks of a mode the module declares (a data source's outside check blocks): `type.name`, `data.type.name`, `ephemeral.type.name`. */
  private addressesOf(mode: BlockMode): string[] {
    return [...this.declaredTypes]
      .filter((type) => modeOfType(type).mode === mode)
      .flatMap((type) => [...this.declaredOf(type).keys()].map((name) => `${type}.${name}`));
  }

  /**
   * An attribute read from a block with count or for_each without an instance's key (`type.name.id`), or from one with
   * neither by a key written as such (`type.name[0].id`): Terraform refuses the configuration ("Missing resource instance
   * key", "Unexpected resource instance key": staticValidateSingleResourceReference and
   * staticValidateMultiResourceReference, evaluate_valid.go), where the check would read a value of another shape. A key
   * computed (`[count.index]`) and a splat are not judged, as Terraform does not.
   */
  private instanceKeyRefused(type: string, name: string, keyed: boolean): string | undefined {
    const declared = this.declaredOf(type).get(name)?.body;
    if (!declared) return undefined;
    const repeatedBy = "count" in declared ? "count" : "for_each" in declared ? "for_each" : undefined;
    if (keyed) return repeatedBy ? undefined : `${type}.${name} has neither count nor for_each set: it has one instance, read without a key (${type}.${name})`;
    return repeatedBy
      ? `${type}.${name} has ${repeatedBy} set: its attributes are read from one instance (${type}.${name}[${repeatedBy === "count" ? "count.index" : "each.key"}])`
      : undefined;
  }

  /**
   * What Terraform refuses in reading `steps` from the declared block `type.name` before it evaluates anything
   * (staticValidateReference, opentofu internal/tofu/evaluate_valid.go), with the step where it arises: an instance's key
   * where it takes none or none where it takes one (instanceKeyRefused), `count` read as an attribute ("Invalid resource
   * count attribute": Terraform 0.11 gave the number of instances so), or a step the type's schema refuses
   * (refusedStep), where the schema is known here (ReferenceSchemas). A literal key first is the instance's key.
   */
  private readRefused(type: string, name: string, steps: readonly TraversalStep[]): { at: number; why: string } | undefined {
    const first = steps[0];
    if (!first || !this.declaredOf(type).has(name)) return undefined;
    const keyed = "key" in first;
    const key = this.instanceKeyRefused(type, name, keyed);
    if (key) return { at: 0, why: key };
    const attributes = keyed ? steps.slice(1) : steps;
    const shown = `${type}.${name}${keyed ? keyWritten(first.key) : ""}`;
    const offset = keyed ? 1 : 0;
    if (attributes[0] && "name" in attributes[0] && attributes[0].name === "count")
      return { at: offset, why: `${shown}.count is no attribute: since Terraform 0.12, length(${type}.${name}) gives the number of its instances` };
    const schema = this.schemaOf(type, name);
    const refused = schema && refusedStep(schema.block, attributes, shown, schema.from);
    return refused && { at: refused.at + offset, why: refused.why };
  }

  /** What Terraform refuses in reading `steps` from `self` at `where` (selfContext): a step the block's schema refuses (refusedStep). */
  private selfReadRefused(steps: readonly TraversalStep[], where: string): { at: number; why: string } | undefined {
    const [, type, name] = selfContext.exec(where) ?? [];
    const schema = type && name ? this.schemaOf(type, name) : undefined;
    return schema && refusedStep(schema.block, steps, "self", schema.from);
  }

  /**
   * A count or for_each that reads nothing but attributes a provider computes (computed in its schema, not written in
   * the block of this module that they are read from), itself or through the locals it reads and the outputs of the
   * modules it calls once that read nothing else: on the plan that creates those blocks (a first apply, a new region's)
   * they are unknown, and Terraform refuses to plan how many instances to make ("Invalid count argument", "Invalid
   * for_each argument": internal/terraform/eval_count.go, eval_for_each.go). What reads anything else (a variable, a
   * data source Terraform reads at plan, an output that reads a variable) is not judged so.
   */
  private refuseIfComputedAtApply(written: unknown, where: string, argument: "count" | "for_each", file: string): void {
    const read = this.computedOnlyReads(written, new Set());
    if (read === undefined || read.length === 0) return;
    // Once, whatever instance of a module meets it.
    this.refuseOnce(`${where}.${argument} computed at apply`, {
      ...this.placeOf(file, `${where}.${argument}`),
      message: `${where}: ${argument} reads ${read.join(", ")}, which the provider computes as it creates ${read.length > 1 ? "them" : "it"}: on a first apply (a new region, an empty state) Terraform cannot tell how many instances to make and refuses the plan (Invalid ${argument} argument); derive ${argument} from variables or from what the configuration writes`,
    });
  }

  /**
   * The attributes a provider computes that a written value reads (refuseIfComputedAtApply), through the locals it
   * reads (`following`: those met on the way, a cycle Terraform refuses) and the module outputs (computedOnlyOutput);
   * undefined where it reads anything else.
   */
  private computedOnlyReads(written: unknown, following: ReadonlySet<string>): string[] | undefined {
    if (typeof written !== "string" || !isTerraformTemplate(written)) return undefined;
    let expression: Expression;
    try {
      expression = parseTemplate(written);
    } catch {
      return undefined;
    }
    const computed: string[] = [];
    let other = false;
    someExpression(
      expression,
      (part) => {
        other ||= part.kind === "variable";
        return other;
      },
      (part) => {
        // A module's output (module.x.y) of a call that makes one instance, as what the output reads in the module.
        const output = part.kind === "attribute" ? moduleOutputRead(part) : undefined;
        if (output) {
          const through = this.calledChildren.get(output.call)?.computedOnlyOutput(output.name);
          if (through === undefined) other = true;
          else computed.push(...through.map((read) => `module.${output.call}.${read}`));
          return true;
        }
        if (part.kind === "attribute" && part.of.kind === "variable" && part.of.name === "local") {
          const through = following.has(part.name) ? undefined : this.computedOnlyReads(this.localBodies.get(part.name), new Set([...following, part.name]));
          if (through === undefined) other = true;
          else computed.push(...through);
          return true;
        }
        const read = blockRead(part, noIterators);
        if (!read) return false;
        const attribute = read.steps.find((step): step is { name: string } => "name" in step)?.name;
        const declared = this.declaredOf(read.type).get(read.name);
        const schema = this.schemaOf(read.type, read.name)?.block.attributes?.[attribute ?? ""];
        const managed = modeOfType(read.type).mode === "managed";
        if (managed && attribute !== undefined && declared && !(attribute in declared.body) && schema?.computed === true)
          computed.push(`${read.type}.${read.name}.${attribute}`);
        else other = true;
        return true;
      },
    );
    return other ? undefined : [...new Set(computed)];
  }

  /** The attributes a provider computes that the output `name` reads and nothing else (computedOnlyReads), undefined where it reads anything else. */
  computedOnlyOutput(name: string): string[] | undefined {
    const body = this.outputBody(name);
    return body && this.computedOnlyReads(body.value, new Set());
  }

  /** The block of the output `name` as the module writes it. */
  private outputBody(name: string): Record<string, unknown> | undefined {
    return this.files.flatMap(({ document }) => [...named(document.output)]).find(([output]) => output === name)?.[1];
  }

  /** The schema of the declared block `type.name`, from the provider its `provider` argument or its type names, where one is known here (ReferenceSchemas). */
  private schemaOf(type: string, name: string): TypeSchema | undefined {
    const declared = this.declaredOf(type).get(name);
    return declared && this.schemas.of(type, providerLocalName(declared.body, type));
  }

  /** A module call the module does not write: Terraform refuses a reference to it ("Reference to undeclared module", evaluate_valid.go). */
  private moduleCallNotDeclared(name: string): string | undefined {
    if (this.callNames.has(name)) return undefined;
    const hint = closest(name, [...this.callNames]);
    return `module.${name} is not declared (no module "${name}" block in this module${hint ? `; did you mean module.${hint}?` : ""})`;
  }

  /**
   * An output a module call's source does not declare: a module call's value has an attribute per output its source
   * declares, and Terraform refuses any other ("Unsupported attribute", terraform validate). Judged once the source is
   * read: its call is made here, as evaluating the reference would; a source not read (a remote one not installed) is
   * not judged.
   */
  private outputNotDeclared(call: string, output: string): string | undefined {
    if (!this.calledOutputs.has(call) && Object.hasOwn(this.moduleOutputs, call)) void this.moduleOutputs[call];
    const called = this.calledOutputs.get(call);
    if (!called || called.names.includes(output)) return undefined;
    const hint = closest(output, called.names);
    return `module.${call} has no output "${output}" (${called.source} declares no output "${output}"${hint ? `; did you mean module.${call}.${hint}?` : ""})`;
  }

  /** In a block read as written (it needs no evaluation), what its references name that Terraform refuses (notDeclared). */
  private refuseUndeclaredResources(values: object, where: string, file: string): void {
    for (const { text, segments } of templateStrings(values)) {
      const at = `${where}.${attributePath(...segments)}`;
      // Most are one reference, read without parsing the template (a large configuration holds one per resource or more).
      const plain = plainBlockReference.exec(text);
      if (plain) {
        const [type, name, key, rest] = [plain[1]!, plain[2]!, plain[3], plain[4]!];
        const missing =
          this.blockNotDeclaredAt(type, name, at) ??
          referenceToItself({ type, name }, at) ??
          this.readRefused(type, name, key === undefined ? plainSteps(rest) : [{ key: Number(key) }, ...plainSteps(rest)])?.why;
        if (missing) this.refuseNotDeclared(missing, at, file);
      } else
        try {
          this.refuseUndeclared(parseTemplate(text), at, file);
        } catch {
          // A template Terraform cannot read is reported where it is evaluated.
        }
    }
  }

  /**
   * In a block that is evaluated, what the blocks Terraform reads apart from its arguments name that Terraform refuses:
   * its provisioners and connection, its depends_on, and its lifecycle's preconditions and postconditions, which the
   * policies do not read.
   */
  private refuseUndeclaredInMetaBlocks(values: Record<string, unknown>, where: string, file: string): void {
    const iterators = repetitionNames(values);
    // Named as the native syntax's lines keep them: `provisioner.local-exec[0].command`.
    for (const { path, body } of provisionersOf(values)) this.refuseUndeclaredIn(body, `${where}.${path}`, file, iterators);
    for (const [i, connection] of blocks(values.connection).entries()) this.refuseUndeclaredIn(connection, `${where}.connection[${i}]`, file, iterators);
    // A module's output in depends_on stands for the module call, whatever outputs it declares (terraform validate 1.11
    // takes `depends_on = [module.servers.id]` of a module with no output id, and refuses a call not declared).
    for (const [i, dependency] of list(values.depends_on).entries())
      this.refuseUndeclaredIn(
        typeof dependency === "string" ? dependency.replace(/^\$\{(module\.[\w-]+)[^}]*\}$/, "$${$1}") : dependency,
        `${where}.depends_on[${i}]`,
        file,
        iterators,
      );
    for (const [i, lifecycle] of blocks(values.lifecycle).entries())
      for (const key of ["precondition", "postcondition"])
        for (const [j, condition] of blocks(lifecycle[key]).entries())
          this.refuseUndeclaredIn(condition, `${where}.lifecycle[${i}].${key}[${j}]`, file, iterators);
  }

  /**
   * Reports a map argument written as a block (a template_file's `vars { ... }`, a null_resource's `triggers { ... }`,
   * the form of Terraform 0.11): Terraform 0.12 and later refuse it ("Unsupported block type ... Did you mean to define
   * argument"), where a data source this check computes would be said not known for want of a map.
   */
  private refuseMapsAsBlocks(resource: TfResource): void {
    const refused =
      resource.mode === "data"
        ? mapsWrittenAsBlocks(resource.type, resource.values)
        : (managedMapArguments[resource.type] ?? []).filter((name) => writtenAsBlock(resource.values[name]));
    for (const name of refused)
      this.refuseOnce(`${resource.address}.${name} block`, {
        ...this.placeOf(resource.file, `${resource.address}.${name}[0]`),
        message: `${resource.address}: ${name} is written as a block (${name} { ... }, the form of Terraform 0.11), which Terraform 0.12 and later refuse ("Unsupported block type"): write the argument ${name} = { ... }`,
      });
  }

  /** Reports what Terraform refuses in a resource's provisioners (provisionerRefusals), where each is written. */
  private refuseProvisioners(resource: TfResource): void {
    for (const { path, message } of provisionerRefusals(resource.values)) {
      const where = `${resource.address}.${path}`;
      this.refuseOnce(where, { ...this.placeOf(resource.file, where), message: `${where}: ${message}` });
    }
  }

  /**
   * Reports a lifecycle setting written as an expression: Terraform takes only a literal for prevent_destroy and
   * create_before_destroy ("Variables not allowed", terraform init), where the check would read it as unknown.
   */
  private refuseComputedLifecycle(values: Record<string, unknown>, where: string, file: string): void {
    for (const lifecycle of blocks(values.lifecycle))
      for (const name of ["prevent_destroy", "create_before_destroy"])
        if (typeof lifecycle[name] === "string" && isTerraformTemplate(lifecycle[name]))
          this.refuseOnce(`${where}.${name}`, {
            ...this.placeOf(file, where),
            message: `${where}.lifecycle.${name}: Terraform takes only a literal true or false here, and refuses an expression`,
          });
  }

  /**
   * Reports an argument of a module call that the module declares no variable for, and a variable without a default
   * that the call does not give: Terraform refuses the configuration ("Unsupported argument: An argument named ... is
   * not expected here", "Missing required argument": hcl's body decoding against the module's variables), where the
   * check would drop the one, a typo in an input's name leaving the module's default unseen, and take the other for a
   * root variable that terraform plan asks for.
   */
  private refuseInputsNotMatching(body: Record<string, unknown>, name: string, source: string, files: readonly ModuleFile[], file: string): void {
    const variables = files.flatMap(({ document }) => [...named(document.variable)]);
    const declared = new Set(variables.map(([variable]) => variable));
    for (const [variable, declaration] of variables)
      if (!Object.hasOwn(body, variable) && !("default" in declaration))
        this.refuseOnce(`module.${name} var.${variable}`, {
          ...this.placeOf(file, `module.${name}`),
          message: `module.${name}: the argument "${variable}" is required (${source} declares variable "${variable}" without a default), and the call gives none, so Terraform refuses the configuration`,
        });
    for (const key of Object.keys(body)) {
      if (moduleMetaArguments.has(key) || declared.has(key)) continue;
      const hint = closest(key, [...declared]);
      this.refuseOnce(`module.${name}.${key}`, {
        ...this.placeOf(file, `module.${name}.${key}`),
        message: `module.${name}: an argument named "${key}" is not expected here: ${source} declares no variable "${key}"${hint ? ` (did you mean "${hint}"?)` : ""}, so Terraform refuses the configuration`,
      });
    }
  }

  /** Reports, once, a name `where` reads that the module does not declare (`missing` says which, and how). */
  private refuseNotDeclared(missing: string, where: string, file: string): void {
    this.refuseOnce(missing, { ...this.placeOf(file, where), message: `${where}: ${missing}, so Terraform refuses the configuration` });
  }

  /** Reports a problem once, whatever instance of the module meets it (a module called with count meets it each time). */
  private refuseOnce(key: string, problem: InputProblem): void {
    const problems = this.reader.problems;
    if (!problems) return;
    const reported = reportedOnce.get(problems) ?? new Set<string>();
    reportedOnce.set(problems, reported);
    if (reported.has(`${problem.file} ${key}`)) return;
    reported.add(`${problem.file} ${key}`);
    problems.push(problem);
  }

  /**
   * Where a value of this module is written (`where` is its path in the module): its file, and the line of the
   * argument in a resource or data block read from the native syntax, else of its block.
   */
  private placeOf(file: string, where: string): BlockPlace {
    const lines = this.files.find((written) => written.file === file)?.lines;
    const path = where.startsWith(this.prefix) ? where.slice(this.prefix.length) : where;
    const block = blockOfPath(path);
    // A variable's block is written `variable.name` in a path, and named `var.name` (blockOfPath).
    const written = block.startsWith("var.") ? `variable.${block.slice("var.".length)}` : block;
    const argument = path.startsWith(`${written}.`) ? argumentLine(lines, block, path.slice(written.length + 1)) : undefined;
    return withLine({ file, line: argument ?? lineOf(lines, block) });
  }

  /**
   * Reports a variable, a local value, an output, a check block or a provider configuration (its name and alias)
   * declared twice, which Terraform refuses ("Duplicate variable declaration", "Duplicate local value definition",
   * "Duplicate output definition", "Duplicate check ... configuration", "Duplicate provider configuration":
   * internal/configs/module.go): read, the later would win in silence, or both be judged.
   */
  private refuseDeclaredTwice(): void {
    const seen = new Map<string, BlockPlace>();
    for (const { document, file, lines } of this.files) {
      // Each by what makes it one (`name`), and the address its line is kept under (`at`).
      const declared = [
        ...[...named(document.variable)].map(([name]) => `var.${name}`),
        ...blocks(document.locals).flatMap((local) => Object.keys(local).map((name) => `local.${name}`)),
        ...[...named(document.output)].map(([name]) => `output.${name}`),
        ...[...named(document.check)].map(([name]) => `check.${name}`),
      ].map((name) => ({ name, at: name }));
      for (const [provider, body] of named(document.provider))
        declared.push({ name: typeof body.alias === "string" ? `provider.${provider}.${body.alias}` : `provider.${provider}`, at: `provider.${provider}` });
      const places = placesOf(
        file,
        lines,
        declared.map(({ at }) => at),
      );
      for (const [i, { name }] of declared.entries()) {
        const earlier = seen.get(name);
        if (earlier !== undefined) this.refuseOnce(`${name} twice ${i}`, declaredTwice(`${this.prefix}${name}`, earlier, places[i]!));
        else seen.set(name, places[i]!);
      }
    }
  }

  /** refuseUndeclared over every template a written value holds, without evaluating it. */
  private refuseUndeclaredIn(written: unknown, where: string, file: string, iterators: ReadonlySet<string> = noIterators): void {
    // A block is a list of one object in Terraform's JSON: named without its [0].
    if (Array.isArray(written))
      for (const [i, item] of written.entries()) this.refuseUndeclaredIn(item, written.length === 1 ? where : `${where}[${i}]`, file, iterators);
    else if (written !== null && typeof written === "object") {
      for (const [key, item] of Object.entries(written)) if (key !== "dynamic") this.refuseUndeclaredIn(item, `${where}.${key}`, file, iterators);
      for (const [name, spec] of named((written as Record<string, unknown>).dynamic)) {
        const at = `${where}.dynamic.${name}`;
        for (const [key, item] of Object.entries(spec)) if (key !== "content") this.refuseUndeclaredIn(item, `${at}.${key}`, file, iterators);
        this.refuseUndeclaredIn(spec.content, `${at}.content`, file, new Set([...iterators, iteratorName(name, spec)]));
      }
    } else if (typeof written === "string" && isTerraformTemplate(written))
      try {
        this.refuseUndeclared(parseTemplate(written), where, file, iterators);
      } catch {
        // A template Terraform cannot read is reported where it is evaluated.
      }
  }

  /**
   * The names a scope binds over the module's own: a dynamic block's iterator named `var` or `local`, and `count` or
   * `each` in an instance of a block with count or for_each.
   */
  private iteratorsIn(scope: Scope): ReadonlySet<string> {
    if (scope === this.scope) return noIterators;
    return new Set([
      ...["var", "local"].filter((name) => scope.lookup(name) !== undefined && scope.lookup(name) !== this.scope.lookup(name)),
      ...["count", "each"].filter((name) => scope.lookup(name) !== undefined),
    ]);
  }

  /** Whether a template names a resource or data source of this module: its text is what the reference graph reads. */
  private namesDeclaredBlock(text: string): boolean {
    for (const [, type] of text.matchAll(referencedType)) if (this.declaredTypes.has(type!) && !Object.hasOwn(computedAtPlan, type!)) return true;
    return false;
  }

  /**
   * An expression's value; unknown where evaluating it fails. Terraform would stop on it, with values we may not have (a
   * tfvars file given only in CI). A failure of the value itself (`countedAt` its place, not of a part a helper reads
   * again) is counted, so that what it makes unknown says why (valueRecorded, failingValues): the error, or nothing
   * where the expression names what Terraform refuses (`refused`, refuseUndeclared), which an input problem says.
   */
  private evaluated(expression: Expression, scope: Scope, countedAt?: string, refused = false): Value {
    let value: Value;
    try {
      value = evaluate(expression, scope);
    } catch (error) {
      this.countFailure(countedAt, refused ? undefined : failureSaid(error));
      return unknown;
    }
    // One not known here that names what Terraform refuses fails all the same: an index not known here
    // (`var.undeclared[count.index]` in an instance of unknown index) leaves the collection unread.
    if (refused && !isKnown(value)) this.countFailure(countedAt, undefined);
    return value;
  }

  /** Counts the failure of a value at its place (evaluated): `why` it fails, or undefined where it names what Terraform refuses. */
  private countFailure(countedAt: string | undefined, why: string | undefined): void {
    const failures = this.reader.failures;
    if (!failures || countedAt === undefined) return;
    failures.reads++;
    failures.last = why;
    this.failingValues?.set(countedAt, why);
  }

  private local(name: string): Value {
    if (this.locals.has(name)) return this.locals.get(name)!;
    if (this.evaluating.has(name)) return unknown;
    this.evaluating.add(name);
    const value = this.valueRecorded(`local.${name}`, this.localBodies.get(name), this.localFiles.get(name)!);
    this.evaluating.delete(name);
    this.locals.set(name, value);
    return value;
  }

  /**
   * Evaluates a written value (a template string, or a structure holding some) in a scope: its value, and its JSON for
   * the policies. A template that names a resource or data source of the module stays as written in the JSON, since the
   * reference graph follows its text (with an instance's key written as known: see writtenAs); `forJson` (only the JSON
   * is needed) skips evaluating the rest of it.
   */
  private value(written: unknown, scope: Scope, where: string, file: string, forJson = false): { value: Value; json: unknown } {
    if (typeof written === "string") {
      if (!isTerraformTemplate(written)) {
        const literal = literalText(written);
        if (this.textsFrom && this.reader.filesRead?.texts.has(literal)) this.textsFrom.set(where, literal);
        return { value: literal, json: written };
      }
      const namesBlock = this.namesDeclaredBlock(written);
      let expression: ReturnType<typeof parseTemplate>;
      try {
        expression = parseTemplate(written);
      } catch (error) {
        if (!(error instanceof ExpressionSyntaxError)) throw error;
        this.reader.problems?.push({ ...this.placeOf(file, where), message: `${where}: Terraform cannot read this template: ${error.message}` });
        return { value: unknown, json: written };
      }
      const refused = this.refuseUndeclared(expression, where, file, this.iteratorsIn(scope));
      if (namesBlock && forJson) {
        const json = this.writtenAs(expression, scope, written, () => this.evaluated(expression, scope));
        return { value: unknown, json: json === written ? this.notKnownHere(written, scope, where) : json };
      }
      const value = this.evaluated(expression, scope, where, refused);
      const json = !namesBlock && isKnown(value) ? terraformLiteralValue(value) : this.writtenAs(expression, scope, written, () => value);
      const variable = wholeVariable.exec(written)?.[1];
      if (variable !== undefined && value !== null && isKnown(value)) this.valueOrigins?.set(where, () => this.variableOrigin(variable));
      const texts = this.reader.filesRead?.texts;
      // A heredoc that interpolates keeps its lines where what it interpolates writes none.
      if (texts?.has(written)) recordRendering(texts, written, value);
      const text = this.textsFrom && textOf(value, texts);
      if (text !== undefined) this.textsFrom?.set(where, text);
      // A local or a module's output that is a data source's rendered text stands for it, and is written, as a read of
      // the data source here is (notKnownHere), with what is known of its text.
      if (json !== written) return { value, json: (typeof json === "string" && renderedRead.test(json) && this.partlyKnown(written, scope, where)) || json };
      this.readsFrom?.set(where, () => readFrom(written, scope, this.writtenParts));
      return { value, json: this.iteratorReadAsValue(this.notKnownHere(written, scope, where), scope) };
    }
    if (Array.isArray(written)) {
      const items = written.map((item, i) => this.value(item, scope, `${where}[${i}]`, file, forJson));
      return { value: items.map((item) => item.value), json: items.map((item) => item.json) };
    }
    if (written !== null && typeof written === "object") {
      const value: Record<string, Value> = {};
      const json: Record<string, unknown> = {};
      // An object with a key known only at apply is itself known only at apply, as Terraform evaluates it; its JSON
      // keeps the key as written.
      let keyUnknown = false;
      for (const [writtenKey, item] of Object.entries(written)) {
        if (writtenKey === "//") continue;
        const key = this.objectKey(writtenKey, scope, where, file);
        const evaluated = this.value(item, scope, `${where}.${writtenKey}`, file, forJson);
        if (key.value === undefined) keyUnknown = true;
        else value[key.value] = evaluated.value;
        json[key.json] = evaluated.json;
      }
      return { value: keyUnknown ? unknown : value, json };
    }
    return { value: written as Value, json: written };
  }

  /**
   * A value not known here written as one read of a dynamic block's iterator named like a resource type
   * (`${security_context.value.privileged}`): notAReference.
   */
  private iteratorReadAsValue(json: unknown, scope: Scope): unknown {
    if (typeof json !== "string" || !isResourceReference(json)) return json;
    const root = json.slice(2, json.search(/[.[]/));
    // An iterator binds its name in the content's scope only, over the module's own names (iteratorsIn).
    return scope.lookup(root) === this.scope.lookup(root) ? json : notAReference(json);
  }

  /**
   * An object's key, which is a template too (`"pod-security.kubernetes.io/${var.mode}" = ...`, `(var.key) = ...`: HCL's
   * JSON syntax spec, "Object" expressions); a key known only at apply has no value, and stays as written in the JSON.
   */
  private objectKey(written: string, scope: Scope, where: string, file: string): { value: string | undefined; json: string } {
    if (!written.includes("{")) return { value: written, json: written };
    const key = this.value(written, scope, `${where} key ${written}`, file).value;
    if (typeof key !== "string" && typeof key !== "number" && typeof key !== "boolean") return { value: undefined, json: written };
    const text = String(key);
    return { value: text, json: terraformLiteral(text) };
  }

  /**
   * What a value as written, not known here, waits on alone: it reads variables given no value (TfConfiguration.
   * givenNoValue), or locals, modules' outputs and inputs that wait on them or on a file not there (waitingOnFiles), or
   * (`instanceKeys`, what the call's count or for_each waits on) its instance's `each` or `count.index`; and every other
   * reference it makes is known (`path.root`, a variable with a default). A file not there counts first: terraform plan
   * stops on it, whatever the variables and the values known only at apply beside it.
   */
  private waitsOn(written: unknown, scope: Scope, where: string, file: string, instanceKeys?: Waiting): Waiting | undefined {
    const references = typeof written === "string" ? referencesRead(written) : referencesReadIn(written);
    return references === undefined ? undefined : this.referencesWaitOn(references, scope, where, file, instanceKeys);
  }

  /** What the references a value reads wait on, as waitsOn says it. */
  private referencesWaitOn(references: readonly string[], scope: Scope, where: string, file: string, instanceKeys?: Waiting): Waiting | undefined {
    let waits: Waiting | undefined;
    let knownAtApply = false;
    for (const reference of references) {
      const kind = readsInstanceKey(reference) ? instanceKeys : this.referenceWaitsOn(reference, scope, where, file);
      if (kind === "known") continue;
      if (kind === undefined) knownAtApply = true;
      else waits = waitingFirst.find((each) => each === waits || each === kind);
    }
    // Beside a value known only at apply, only what stops the plan (a file not there, a value that fails) is said.
    return (waits === "variables" || waits === "data" || waits === "modules") && knownAtApply ? undefined : waits;
  }

  /**
   * What one reference waits on, read first (which records what it names, when read here for the first time: a
   * for expression over a collection not known here never reads its body's references): "known" where it is known.
   */
  private referenceWaitsOn(reference: string, scope: Scope, where: string, file: string): Waiting | "known" | undefined {
    if (isKnown(this.value(`\${${reference}}`, scope, where, file).value)) return "known";
    if (reference.startsWith("data.")) return this.dataSourceWaitsOn(reference);
    const call = /^module\.[\w-]+/.exec(reference)?.[0];
    if (call !== undefined && this.reader.notInstalled?.has(`${this.prefix}${call}`)) return "modules";
    const waiting = waitingName(reference);
    if (waiting === undefined) return undefined;
    const name = `${this.prefix}${waiting}`;
    if (this.reader.waitingOnFiles?.has(name)) return "files";
    if (this.reader.refused?.has(name)) return "refused";
    if (this.reader.failing?.has(name)) return "fails";
    if (this.reader.waitingOnModules?.has(name)) return "modules";
    if (this.reader.waitingOnData?.has(name)) return "data";
    return this.reader.givenNoValue?.has(name) ? "variables" : undefined;
  }

  /**
   * What a data source a reference reads waits on: "data", Terraform reads it at plan, unless this check computes it
   * (computedAtPlan) and it is not known here for what its arguments read, which it then waits on (a template_file's
   * variables given no value, a cloudinit_config's parts from a module not installed), recorded by its address
   * (`data.cloudinit_config.user_data`). One whose arguments read values known only at apply is read at apply.
   */
  private dataSourceWaitsOn(reference: string): Waiting | undefined {
    const address = dataSourceRead(reference);
    const [, type, name] = address?.split(".") ?? [];
    const declared = type !== undefined && Object.hasOwn(computedAtPlan, `data.${type}`) ? this.declaredOf(`data.${type}`).get(name!) : undefined;
    if (declared === undefined || this.dataSourcesWaiting.has(address!)) return "data";
    // One whose map Terraform refuses written as a block (refuseMapsAsBlocks) is never read: Terraform stops on it.
    if (mapsWrittenAsBlocks(type!, declared.body).length > 0) {
      this.recordAs(address!, "refused");
      return "refused";
    }
    this.dataSourcesWaiting.add(address!);
    const { body, file } = declared;
    const counted = body.for_each ?? body.count;
    const instanceKeys = counted === undefined ? undefined : this.waitsOn(counted, this.scope, address!, file);
    // each and count.index are the instance's, whose keys instanceKeys waits on.
    const ownArguments = Object.fromEntries(Object.entries(body).filter(([key]) => !resourceMetaArguments.has(key)));
    const references = [...referencesOutsideIterators(ownArguments, repetitionNames(body))];
    const waits = this.referencesWaitOn(references, this.scope, address!, file, instanceKeys);
    this.dataSourcesWaiting.delete(address!);
    // Every argument known, the provider would fail on them (computedAtPlan): Terraform says so when it reads it.
    if (waits === undefined && references.every((read) => isKnown(this.value(`\${${read}}`, this.scope, address!, file).value))) return "data";
    this.recordAs(address!, waits);
    return waits;
  }

  /**
   * A local's or an output's value (`local.rules`, `output.config`), recorded by its name, when it is not known here
   * wholly or in part, with what it waits on: a file not there its evaluation looked for, or what waitsOn finds.
   */
  private valueRecorded(name: string, written: unknown, file: string): Value {
    const missingBefore = this.reader.filesMissing?.reads ?? 0;
    const failedBefore = this.reader.failures?.reads ?? 0;
    const namedBefore = this.reader.failures?.named ?? 0;
    const { value } = this.value(written, this.scope, name, file);
    const failed = (this.reader.failures?.reads ?? 0) > failedBefore;
    // The error is said where the evaluation failed: not where a value reads another whose evaluation failed in it,
    // which says what that one waits on (a value that fails, one Terraform refuses).
    const failures = this.reader.failures;
    const failedHere = failed && failures?.named === namedBefore;
    const waits = isKnown(value)
      ? "known"
      : (this.reader.filesMissing?.reads ?? 0) > missingBefore
        ? "files"
        : failedHere
          ? "fails"
          : (this.waitsOn(written, this.scope, name, file) ?? (failed ? "fails" : undefined));
    if (waits === "fails" || waits === "refused") {
      // An output's value is placed at its argument, as Terraform places the error.
      if (failedHere) this.failingAt(`${this.prefix}${name}`, file, name.startsWith("output.") ? `${name}.value` : name, failures?.last);
      if (failures) failures.named++;
    }
    this.recordAs(name, waits);
    return value;
  }

  /**
   * Records a value whose own evaluation fails (TfConfiguration.failingHere), by its name, with where it is written and
   * why: undefined where it names what Terraform refuses (TfConfiguration.refusedHere), which an input problem says.
   */
  private failingAt(name: string, file: string, where: string, why: string | undefined): void {
    this.reader.failing?.set(name, why === undefined ? undefined : `${placeText(this.placeOf(file, where))}: ${why}`);
    if (why === undefined) this.reader.refused?.add(name);
  }

  /** Records that a name of this module was read, and what it waits on, if anything, or that it is known (TfConfiguration.givenNoValue, waitingOnFilesNotHere, knownHere, readHere). */
  private recordAs(name: string, waits: Waiting | "known" | undefined): void {
    this.reader.readHere?.add(`${this.prefix}${name}`);
    if (waits === "files") this.reader.waitingOnFiles?.add(`${this.prefix}${name}`);
    else if ((waits === "fails" || waits === "refused") && !this.reader.failing?.has(`${this.prefix}${name}`)) {
      this.reader.failing?.set(`${this.prefix}${name}`, undefined);
      if (waits === "refused") this.reader.refused?.add(`${this.prefix}${name}`);
    } else if (waits === "variables") this.reader.givenNoValue?.add(`${this.prefix}${name}`);
    else if (waits === "data") this.reader.waitingOnData?.add(`${this.prefix}${name}`);
    else if (waits === "modules") this.reader.waitingOnModules?.add(`${this.prefix}${name}`);
    else if (waits === "known") this.reader.knownHere?.add(`${this.prefix}${name}`);
  }

  /**
   * A variable's value: its input, or its default when given none, or null with `nullable = false`
   * (developer.hashicorp.com/terraform/language/values/variables#disallowing-null-input-values), converted to its type.
   * JSON files' variables come in the native syntax's form (read.ts, withNativeVariables).
   */
  private variable(name: string, body: Record<string, unknown>, file: string): Value {
    const given = Object.hasOwn(this.inputs, name) ? this.inputs[name]! : undefined;
    const value =
      given !== undefined && !(given === null && body.nullable === false)
        ? given
        : "default" in body
          ? this.value(body.default, noNames, `variable.${name}.default`, file).value
          : unknown;
    // A called module's variable without a default that its call does not give is a refused call, which an input problem
    // says (refuseInputsNotMatching), not one for terraform plan to ask. A name reserved for a meta-argument (`count`) is
    // refused as such where it is declared (terraform-json.ts).
    const notGiven = this.prefix !== "" && !Object.hasOwn(this.inputs, name) && !("default" in body) && !moduleMetaArguments.has(name);
    if (notGiven) this.failingAt(`${this.prefix}var.${name}`, file, `variable.${name}`, undefined);
    const type = typeof body.type === "string" ? typeConstraint(body.type) : undefined;
    // Terraform refuses a value its type cannot take (a list for a string, "abc" for a number), where the value is given
    // (a module call's argument) or else declared; the policies judge it as written.
    const mismatch = type && typeMismatch(value, type);
    if (mismatch) {
      // A long type is left to its declaration: the reason names the place in the value.
      const typeText = String(body.type).replace(/^\$\{([\s\S]*)\}$/, "$1");
      const shown = typeText.length <= 60 && !typeText.includes("\n") ? ` ${typeText}` : "";
      this.reader.problems?.push({
        ...(this.callGiving(name) ?? this.placeOf(file, `variable.${name}`)),
        message: `${this.prefix}var.${name}: its value does not fit its type${shown} (${mismatch}), so Terraform refuses to plan`,
      });
    }
    const converted = type ? withType(value, type) : value;
    this.validate(name, converted, body, file);
    this.recordAs(
      `var.${name}`,
      isKnown(value)
        ? "known"
        : notGiven
          ? "refused"
          : given === undefined
            ? "default" in body
              ? undefined
              : "variables"
            : inputsWaiting.get(this.inputs)?.(name),
    );
    return converted;
  }

  /**
   * Where a variable's value is set, for a finding about a value it gives: `var.db_password, set in terraform.tfvars`,
   * `var.size, its default (variables.tf:4)`, `module.db's var.password, given var.db_password, set in terraform.tfvars`.
   */
  private variableOrigin(name: string): ValueOrigin | undefined {
    const own = `${this.prefix ? `${this.prefix.slice(0, -1)}'s ` : ""}var.${name}`;
    if (Object.hasOwn(this.inputs, name)) {
      const from = inputOrigins.get(this.inputs)?.(name);
      return from && { ...from, said: `${own}, ${from.said}` };
    }
    const declaration = this.files
      .flatMap(({ document, file }) => [...named(document.variable)].flatMap(([declared, body]) => (declared === name ? [{ body, file }] : [])))
      .at(0);
    if (!declaration) return undefined;
    const said = `${own}, its default (${placeText(defaultsOverridden.get(declaration.body) ?? this.placeOf(declaration.file, `variable.${name}.default`))})`;
    return this.prefix ? { said } : { said, rootDefault: own };
  }

  /**
   * A block's body evaluated, with the origins of the values of its arguments written as one variable, and why each
   * value whose own evaluation fails does, by their path in it (valueOrigins, failingValues); what else is evaluated
   * meanwhile (a local, a module's output) is not the block's.
   */
  private bodyWithOrigins(
    written: Record<string, unknown>,
    scope: Scope,
    where: string,
    file: string,
  ): {
    values: Record<string, unknown>;
    valuesFrom: ReadonlyMap<string, ValueOrigin> | undefined;
    readFrom: ReadonlyMap<string, string> | undefined;
    textSources: TfResource["textSources"];
    failing: ReadonlyMap<string, string | undefined>;
  } {
    const outer = { origins: this.valueOrigins, readsFrom: this.readsFrom, textsFrom: this.textsFrom };
    const recorded = new Map<string, () => ValueOrigin | undefined>();
    const readsFrom = new Map<string, () => string | undefined>();
    const textsFrom = new Map<string, string>();
    this.valueOrigins = recorded;
    this.readsFrom = readsFrom;
    this.textsFrom = textsFrom;
    let evaluated: { result: Record<string, unknown>; failed: ReadonlyMap<string, string | undefined> };
    try {
      evaluated = this.failuresIn(() => this.body(written, scope, where, file, resourceMetaArguments));
    } finally {
      this.valueOrigins = outer.origins;
      this.readsFrom = outer.readsFrom;
      this.textsFrom = outer.textsFrom;
    }
    const { result: values, failed } = evaluated;
    const inBlock = (path: string) => (path.startsWith(`${where}.`) ? path.slice(where.length + 1) : undefined);
    const computedInBlock = <T>(lazily: ReadonlyMap<string, () => T | undefined>): ReadonlyMap<string, T> | undefined => {
      const computed = new Map<string, T>();
      for (const [path, compute] of lazily) {
        const at = inBlock(path);
        const value = at === undefined ? undefined : compute();
        if (at !== undefined && value !== undefined) computed.set(at, value);
      }
      return computed.size > 0 ? computed : undefined;
    };
    const failing = new Map<string, string | undefined>();
    for (const [path, why] of failed) {
      const at = inBlock(path);
      if (at !== undefined) failing.set(at, why);
    }
    const textSources = new Map<string, () => DecodedText | undefined>();
    const texts = this.reader.filesRead?.texts;
    for (const [path, text] of textsFrom) {
      const at = inBlock(path);
      if (at !== undefined && texts) textSources.set(at, () => sourceOf(text, texts));
    }
    return {
      values,
      valuesFrom: computedInBlock(recorded),
      readFrom: computedInBlock(readsFrom),
      textSources: textSources.size > 0 ? textSources : undefined,
      failing,
    };
  }

  /** Where the literal texts of a body a heredoc writes are (TfResource.textSources), by their path in it. */
  private literalTextSources(values: Record<string, unknown>): TfResource["textSources"] {
    const texts = this.reader.filesRead?.texts;
    if (!texts?.size) return undefined;
    const sources = new Map<string, () => DecodedText | undefined>();
    walk(values, (value, _key, path) => {
      const literal = typeof value === "string" ? literalText(value) : undefined;
      if (literal !== undefined && texts.has(literal)) sources.set(dottedPath(path()), () => sourceOf(literal, texts));
      return typeof value !== "string";
    });
    return sources.size > 0 ? sources : undefined;
  }

  /** Runs an evaluation, with why each value whose own evaluation fails in it does, by its place (failingValues). */
  private failuresIn<T>(evaluation: () => T): { result: T; failed: ReadonlyMap<string, string | undefined> } {
    const outer = this.failingValues;
    const failed = new Map<string, string | undefined>();
    this.failingValues = failed;
    try {
      return { result: evaluation(), failed };
    } finally {
      this.failingValues = outer;
    }
  }

  /** Where the module's call gives a variable its value, where it does: Terraform says a value it refuses is there. */
  private callGiving(name: string): BlockPlace | undefined {
    return Object.hasOwn(this.inputs, name) ? inputPlaces.get(this.inputs)?.(name) : undefined;
  }

  /**
   * Terraform refuses to plan with a variable's value that fails one of its validation blocks: a condition false for
   * it, the value known (developer.hashicorp.com/terraform/language/values/variables#custom-validation-rules). Such a
   * value is an input problem, with the block's error message. A condition that reads what is known only at apply is
   * not judged, as Terraform leaves it to apply.
   */
  private validate(name: string, value: Value, body: Record<string, unknown>, file: string): void {
    const validations = blocks(body.validation);
    if (validations.length === 0 || value === unknown) return;
    // The condition reads this value as var.<name>; since Terraform 1.9 it may read the module's other variables too.
    const vars: Record<string, Value> = {};
    for (const other of Object.keys(this.variables))
      Object.defineProperty(vars, other, { enumerable: true, get: () => (other === name ? value : this.variables[other]) });
    const scope: Scope = { ...this.scope, lookup: (root) => (root === "var" ? vars : this.scope.lookup(root)) };
    validations.forEach((validation, i) => {
      const where = `${this.prefix}variable.${name}.validation[${i}]`;
      if (this.value(validation.condition, scope, `${where}.condition`, file).value !== false) return;
      const message = this.value(validation.error_message, scope, `${where}.error_message`, file).value;
      const call = this.callGiving(name);
      this.reader.problems?.push({
        ...(call ?? this.placeOf(file, where)),
        message: `${this.prefix}var.${name}: its value fails a validation block${call ? ` of its declaration (${placeText(this.placeOf(file, where))})` : ""}, so Terraform refuses to plan: ${typeof message === "string" ? message : String(validation.error_message)}`,
      });
    });
  }

  /**
   * A resource's connection block, and each of its provisioners', evaluated as Terraform evaluates them before it
   * connects (`self` known only then): `bastion_host = var.via_bastion ? var.bastion : null` is no bastion where the
   * variable is false (internal/communicator/ssh: a bastion only where bastion_host is not empty). The provisioners'
   * arguments are evaluated too (what a file provisioner writes, the commands a remote-exec runs), but when and
   * on_failure, which take keywords (destroy, continue); any other meta-argument is kept as written.
   */
  private connectionsEvaluated(key: string, item: unknown, scope: Scope, where: string, file: string): unknown {
    if (key === "connection") return this.nested(item, scope, where, file);
    if (key !== "provisioner") return item;
    // The blocks keep the form they are written in (a list or one object, as JSON may write them).
    const each = (written: unknown, evaluate: (block: Record<string, unknown>, i: number) => unknown) =>
      Array.isArray(written) ? written.map((block, i) => (isMap(block) ? evaluate(block, i) : block)) : isMap(written) ? evaluate(written, 0) : written;
    return each(item, (byType) =>
      Object.fromEntries(
        Object.entries(byType).map(([type, bodies]) => [
          type,
          each(bodies, (body, i) => {
            const evaluated = Object.fromEntries(
              Object.entries(body).map(([name, value]) => [
                name,
                provisionerKeywords.has(name) ? value : this.nested(value, scope, `${where}.${type}[${i}].${name}`, file),
              ]),
            );
            const copied = copiedPaths(type, evaluated);
            if (copied.length > 0)
              keepCopiedTexts(
                evaluated,
                copied.map((path) => provisionedText(scope, path as Value)),
              );
            return evaluated;
          }),
        ]),
      ),
    );
  }

  /** The body of a block evaluated: its meta-arguments as written (connections aside: connectionsEvaluated), `dynamic` blocks expanded. */
  private body(written: Record<string, unknown>, scope: Scope, where: string, file: string, metaArguments = noMetaArguments): Record<string, unknown> {
    const body: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(written)) {
      if (key === "dynamic") continue;
      body[key] = metaArguments.has(key)
        ? this.connectionsEvaluated(key, item, scope, `${where}.${key}`, file)
        : this.nested(item, scope, `${where}.${key}`, file);
    }
    for (const [name, spec] of named(written.dynamic)) {
      const iterator = iteratorName(name, spec);
      const collection = this.value(spec.for_each, scope, `${where}.dynamic.${name}.for_each`, file).value;
      const content = blocks(spec.content)[0] ?? {};
      const elements = collection === unknown ? this.elementsOfKeysNotKnown(spec.for_each, scope) : undefined;
      // An unknown collection may hold any number of blocks: the content is judged once, as one of them.
      const items: [Value, Value][] = elements
        ? elements.map(({ key, value }) => [key ?? unknown, value])
        : collection === unknown
          ? [[unknown, unknown]]
          : collection === null
            ? []
            : safeEntries(collection);
      const collectionStand = once(() => this.writtenStandsFor(spec.for_each, scope));
      // Made after the blocks written as such and those made before: each content's values named at its block's index.
      const before = blocks(body[name]).length;
      const generated = items.map(([key, value], i) => {
        // A set's elements are in cty's order, not as written: what each stands for is not known by its position.
        const stands = () =>
          elements ? collected({ value: elements[i]!.stand() }) : isSet(collection) ? undefined : collected({ value: elementOf(collectionStand(), key) });
        const element = elementWritten(spec.for_each, collection, key, scope);
        const inner = this.iterating(scope, { [iterator]: { key, value } }, stands, element && { [iterator]: element });
        return this.body(content, inner, `${where}.${name}[${before + i}]`, file);
      });
      if (collection === unknown && !elements)
        for (const made of generated) markMaybeAbsent(made, typeof spec.for_each === "string" ? spec.for_each : "${...}");
      body[name] = [...blocks(body[name]), ...generated];
    }
    return body;
  }

  /** A nested value: blocks (objects, arrays of objects) keep their shape and get `dynamic` expanded; values are evaluated. */
  private nested(item: unknown, scope: Scope, where: string, file: string): unknown {
    if (Array.isArray(item) && item.length > 0 && item.every((entry) => entry !== null && typeof entry === "object" && !Array.isArray(entry)))
      return item.map((entry, i) => this.body(entry as Record<string, unknown>, scope, `${where}[${i}]`, file));
    if (item !== null && typeof item === "object" && !Array.isArray(item) && "dynamic" in item)
      return this.body(item as Record<string, unknown>, scope, where, file);
    return this.value(item, scope, where, file, true).json;
  }

  /** Reports, the first time only, that the evaluation expanded all it may. */
  private onceSpent(report: () => void): void {
    const left = this.reader.instancesLeft;
    if (left?.spent) return;
    if (left) left.spent = true;
    report();
  }

  /** Takes `instances` from what the evaluation may still expand; false when that is not enough. */
  private spend(instances: number): boolean {
    const left = this.reader.instancesLeft ?? { count: maximumInstances };
    if (instances > left.count) return false;
    left.count -= instances;
    return true;
  }

  /**
   * The instances a block's `count` or `for_each` gives: a suffix for the address and the names in scope. Computed once
   * per block (`where`, its address in the module), for the expressions that read it and for its resources alike.
   */
  private instances(body: Record<string, unknown>, where: string, file: string): Instance[] {
    const known = this.instancesByBlock.get(where);
    if (known) return known;
    const found = this.expandedInstances(body, where, file);
    this.instancesByBlock.set(where, found);
    return found;
  }

  /**
   * The elements of a for_each (a resource's, a module call's, a dynamic block's) written as a `for` expression whose
   * elements are known here and some of whose keys are not (they read a variable given no value): Terraform makes one
   * instance or block of each, or refuses the plan when two keys meet ("Duplicate object key" in a `for` expression that
   * does not group). Each with its key (undefined where it is not known), its value and what the value stands for. A
   * local holding such an expression is followed, in the module's scope (`following`: the locals met on the way, since
   * locals that name each other are a cycle Terraform refuses). Undefined for any other for_each.
   */
  private elementsOfKeysNotKnown(written: unknown, scope: Scope, following: ReadonlySet<string> = new Set()): ForEachElement[] | undefined {
    if (typeof written !== "string" || !isTerraformTemplate(written)) return undefined;
    // What Terraform would refuse (a syntax error, a name not declared, a function's error) is reported where the value
    // is evaluated; here it leaves the elements unknown.
    try {
      const expression = parseTemplate(written);
      if (expression.kind === "attribute" && expression.of.kind === "variable" && expression.of.name === "local" && !following.has(expression.name))
        return this.elementsOfKeysNotKnown(this.localBodies.get(expression.name), this.scope, new Set([...following, expression.name]));
      if (expression.kind === "attribute" && expression.of.kind === "variable") return this.instancesAsElements(expression.of.name, expression.name);
      if (expression.kind !== "for" || !expression.key) return undefined;
      // Over a resource's object, only the attributes it configures are known: not how many elements there are.
      const collection = evaluate(expression.collection, scope);
      if (isObject(collection) && partlyKnown.has(collection)) return undefined;
      const { value } = expression;
      return this.forElements(expression, scope)?.map(({ inner, key }) => ({
        key,
        value: evaluate(value, inner),
        stand: () => this.standsFor(value, inner),
      }));
    } catch {
      return undefined;
    }
  }

  /**
   * The instances of a block of this module (`type.name`) whose for_each gives keys not known here, as the elements of a
   * for_each that names it: each instance's arguments, under its key. Undefined for another block, and for one met again
   * on the way (blocks whose for_each name each other, a cycle Terraform refuses).
   */
  private instancesAsElements(type: string, name: string): ForEachElement[] | undefined {
    const address = `${type}.${name}`;
    const declared = this.declaredOf(type).get(name);
    if (!declared || declared.body.for_each === undefined || this.chaining.has(address)) return undefined;
    this.chaining.add(address);
    try {
      const instances = this.instances(declared.body, address, declared.file);
      if (!instances.some(keyNotKnown)) return undefined;
      return instances.map((instance) => ({
        key: instance.keyNotKnown ? undefined : instance.key,
        value: this.arguments(declared.body, instance.scope, `${address}${instance.suffix}`, declared.file),
        stand: () => `${this.prefix}${address}${instance.suffix}`,
      }));
    } finally {
      this.chaining.delete(address);
    }
  }

  /** The instances of a for_each whose keys are not known here (elementsOfKeysNotKnown); an element whose key is not known is named by its position. */
  private instancesOfKeysNotKnown(written: unknown): Instance[] | undefined {
    const elements = this.elementsOfKeysNotKnown(written, this.scope);
    return elements?.map(({ key, value, stand }, i) => {
      const label = key ?? `(element ${i + 1} of ${elements.length}: key not known here)`;
      const each: Record<string, Value> = { key: key ?? unknown, value };
      if (key === undefined) elementsByEach.set(each, { forEach: written as string, label });
      return {
        suffix: `[${JSON.stringify(label)}]`,
        key: key ?? "",
        keyNotKnown: key === undefined,
        scope: this.iterating(this.scope, { each }, () => collected({ value: stand() })),
      };
    });
  }

  /**
   * The instance `type.name[each.key]` names where this instance's key is not known here: the same element of the
   * block's instances when its for_each is written as this one's (they are made of the same elements, by the same
   * keys), or when this one's for_each names that block; undefined otherwise.
   */
  private sameElementOf(expression: Expression & { kind: "index" }, scope: Scope): string | undefined {
    const { of, key } = expression;
    if (key.kind !== "attribute" || key.name !== "key" || key.of.kind !== "variable" || key.of.name !== "each") return undefined;
    if (of.kind !== "attribute" || of.of.kind !== "variable") return undefined;
    const each = scope.lookup("each");
    const element = each !== null && typeof each === "object" ? elementsByEach.get(each) : undefined;
    const declared = element && this.declaredOf(of.of.name).get(of.name);
    const block = `${of.of.name}.${of.name}`;
    const same = declared !== undefined && (declared.body.for_each === element!.forEach || element!.forEach === `\${${block}}`);
    return same ? `${this.prefix}${block}[${JSON.stringify(element!.label)}]` : undefined;
  }

  /** A block's one instance when how many it makes is not known here: no key, and `names` (count.index, each) unknown. */
  private oneUnknownInstance(names: Record<string, Value>): Instance[] {
    return [{ suffix: "", key: "", scope: within(this.scope, names) }];
  }

  /** A block's count or for_each, with why it fails, where its own evaluation does (instancesFailing). */
  private instancesArgument(written: unknown, where: string, argument: "count" | "for_each", file: string): Value {
    const { result, failed } = this.failuresIn(() => this.value(written, this.scope, `${where}.${argument}`, file).value);
    if (failed.has(`${where}.${argument}`)) this.instancesFailing.set(where, { argument, why: failed.get(`${where}.${argument}`) });
    return result;
  }

  private expandedInstances(body: Record<string, unknown>, where: string, file: string): Instance[] {
    // Each problem is at the argument it is about (count, for_each), its message naming the block.
    const refused = (message: string, argument: "count" | "for_each") => {
      this.refusedInstances.add(where);
      this.reader.problems?.push({ ...this.placeOf(file, `${where}.${argument}`), message: `${where}: ${message}` });
    };
    if (body.count !== undefined && body.for_each !== undefined)
      refused("count and for_each cannot be used together (Terraform refuses the block)", "for_each");
    if (body.count !== undefined) {
      // A string that holds a number counts as that number, as Terraform converts it (a variable typed string).
      const written = this.instancesArgument(body.count, where, "count", file);
      const count = written === null ? null : numberOrUnknown(written);
      const one = this.oneUnknownInstance({ count: { index: unknown } });
      if (count === unknown) {
        this.refuseIfComputedAtApply(body.count, where, "count", file);
        return one;
      }
      if (count === null || !Number.isInteger(count) || count < 0) {
        refused(`count is ${count}: Terraform takes a whole number, 0 or more`, "count");
        return [];
      }
      if (!this.spend(count)) {
        this.onceSpent(() => refused(`count is ${count}: ${beyondInstances}`, "count"));
        return one;
      }
      return Array.from({ length: count }, (_, index) => ({ suffix: `[${index}]`, key: String(index), scope: within(this.scope, { count: { index } }) }));
    }
    if (body.for_each !== undefined) {
      const collection = this.instancesArgument(body.for_each, where, "for_each", file);
      if (collection === null || typeof collection === "string" || typeof collection === "number" || typeof collection === "boolean") {
        refused(`for_each is ${JSON.stringify(collection)}: Terraform takes a map or a set of strings`, "for_each");
        return [];
      }
      // The keys must be known, not the values: a map of resources (each.value.group.id) has known keys.
      const keysKnown = Array.isArray(collection) ? collection.every(isKnown) : isObject(collection) && !partlyKnown.has(collection);
      const one = this.oneUnknownInstance({ each: { key: unknown, value: unknown } });
      if (!keysKnown) {
        const elements = this.instancesOfKeysNotKnown(body.for_each);
        if (elements && !this.spend(elements.length)) this.onceSpent(() => refused(`for_each has ${elements.length} elements: ${beyondInstances}`, "for_each"));
        else if (elements) return elements;
        else this.refuseIfComputedAtApply(body.for_each, where, "for_each", file);
        return one;
      }
      if (Array.isArray(collection) && !isSet(collection)) {
        refused("for_each is a list: Terraform takes a map or a set of strings (toset makes one of a list)", "for_each");
        return [];
      }
      const collectionStand = once(() => this.writtenStandsFor(body.for_each, this.scope));
      const items = safeEntries(collection);
      if (!this.spend(items.length)) {
        this.onceSpent(() => refused(`for_each has ${items.length} elements: ${beyondInstances}`, "for_each"));
        return one;
      }
      return items.map(([index, value]) => {
        const key = Array.isArray(collection) ? value : index;
        // each.value of a map stands for what its element does (a set's elements are its keys, read as values).
        const stands = () => (isObject(collection) ? collected({ value: elementOf(collectionStand(), index) }) : undefined);
        const element = elementWritten(body.for_each, collection, index, this.scope);
        return {
          suffix: `[${JSON.stringify(key)}]`,
          key: String(key),
          scope: this.iterating(this.scope, { each: { key, value } }, stands, element && { each: element }),
        };
      });
    }
    // OpenTofu 1.11+: `lifecycle { enabled = false }` creates nothing, as a count of 0 (opentofu.org/docs/language/meta-arguments/enabled).
    const enabled = blocks(body.lifecycle)[0]?.enabled;
    if (enabled !== undefined && asBool(this.value(enabled, this.scope, `${where}.lifecycle.enabled`, file).value) === false) return [];
    return [{ suffix: "", key: "", scope: this.scope }];
  }

  /**
   * Adds a resource as the policies judge it: a kubernetes_manifest as the typed resource of its kind, a release of the
   * raw chart followed by the objects it applies, and a server followed by those its cloud-config has K3s or RKE2 apply.
   */
  private addResource(configuration: Mutable<TfConfiguration>, resource: TfConfiguration["resources"][number]): void {
    const refused = refusedManifest(resource) ?? refusedKubectlBody(resource);
    if (refused) {
      const block = resource.address.replace(/\[[^\]]*\]$/, "");
      this.refuseOnce(`${block} manifest`, { ...withLine(resource), message: `${block}: ${refused}` });
    }
    const typed = asTypedResource(resource);
    configuration.resources.push(typed, ...operatorMade(typed));
    if (resource.type === helmReleaseType) configuration.resources.push(...rawChartObjects(resource));
    const seen = this.reader.autoDeployed ?? new Set();
    const texts = this.reader.filesRead?.texts;
    configuration.resources.push(...autoDeployedObjects(resource, seen, texts), ...staticPods(resource, seen, texts));
  }

  /**
   * A root module's backend and state encryption as OpenTofu reads them: with its variables and locals, which it
   * evaluates there before anything else (internal/configs/backend.go and internal/encryption/base.go: a static
   * evaluator). A passphrase given as a variable's default is one written in the configuration; what stays unknown (a
   * variable given only in CI, a reference to a method or a key provider) is left as written.
   */
  private evaluateTerraformBlock(configuration: Mutable<TfConfiguration>): void {
    const { backend, encryption } = configuration;
    const file = this.files.find(({ document }) => blocks(document.terraform).length > 0)?.file ?? this.folder;
    const evaluated = (values: unknown, where: string, at: string) => this.value(values, this.scope, where, at, true).json as Record<string, unknown>;
    if (backend && backend !== "unknown")
      configuration.backend = { ...backend, values: evaluated(backend.values, `terraform.backend.${backend.type}`, backend.file) };
    if (encryption && encryption !== "unknown") configuration.encryption = evaluated(encryption, "terraform.encryption", file);
  }

  /** Adds the module's resources and providers (`written`, as read), then those of the modules it calls, to `configuration`. */
  addTo(configuration: Mutable<TfConfiguration>, written: Pick<TfConfiguration, "resources" | "providers">): void {
    if (this.prefix === "") this.evaluateTerraformBlock(configuration);
    const calls: ModuleCall[] = [];
    for (const { document, file, lines } of this.files) {
      const modules = [...named(document.module)];
      const places = placesOf(
        file,
        lines,
        modules.map(([name]) => `module.${name}`),
      );
      for (const [i, [name, body]] of modules.entries()) {
        const place = places[i]!;
        const earlier = calls.find((call) => call.name === name);
        if (earlier) this.reader.problems?.push(declaredTwice(`${this.prefix}module.${name}`, earlier, place));
        else calls.push({ name, body: withEscapedArguments(body, moduleMetaArguments), ...place });
      }
    }
    // Outputs are read when an expression names them, wherever the call is written: Terraform follows references, not
    // the order of blocks and files.
    for (const call of calls) Object.defineProperty(this.moduleOutputs, call.name, { enumerable: true, get: () => this.callModule(call, configuration) });
    for (const call of calls) this.callModule(call, configuration);
    this.refuseUndeclaredInUnevaluated();
    for (const { file, where, message } of ephemeralRefusals(this.files, this.calledEphemerals))
      this.refuseOnce(where, { ...this.placeOf(file, where), message });
    for (const resource of written.resources) {
      this.refuseMapsAsBlocks(resource);
      this.refuseProvisioners(resource);
      if (!hasInstanceArguments(resource.values) && !needsEvaluation(resource.values)) {
        // Provisioners and connections are named as in an evaluated block, at their arguments' lines (refuseUndeclaredInMetaBlocks).
        this.refuseUndeclaredInMetaBlocks(resource.values, resource.address, resource.file);
        this.refuseUndeclaredResources(withoutProvisioning(resource.values), resource.address, resource.file);
        const textSources = this.literalTextSources(resource.values);
        this.addResource(configuration, {
          ...resource,
          ...(this.prefix ? { address: `${this.prefix}${resource.address}` } : {}),
          ...(textSources ? { textSources } : {}),
        });
        continue;
      }
      const where = resource.address;
      this.refuseComputedLifecycle(resource.values, where, resource.file);
      this.refuseUndeclaredInMetaBlocks(resource.values, where, resource.file);
      const instances = this.instances(resource.values, where, resource.file);
      // A block with no instance (count = 0) is not evaluated, yet Terraform refuses the names it reads all the same.
      if (instances.length === 0) {
        this.refuseUndeclaredIn(resource.values, where, resource.file, repetitionNames(resource.values));
        // A data source is never judged: leaving it out takes nothing from the verdict.
        if (resource.mode !== "data") this.leftOut(configuration, where);
      }
      const instancesFail = this.instancesFailing.get(where);
      for (const instance of instances) {
        const {
          values,
          valuesFrom,
          readFrom,
          textSources,
          failing: bodyFailing,
        } = this.bodyWithOrigins(resource.values as Record<string, unknown>, instance.scope, where, resource.file);
        const failing = instancesFail ? new Map([[instancesFail.argument, instancesFail.why], ...bodyFailing]) : bodyFailing;
        const address = `${this.prefix}${resource.address}${instance.suffix}`;
        for (const [path, why] of failing) this.failingAt(`${address}.${path}`, resource.file, `${where}.${path}`, why);
        this.addResource(configuration, {
          ...resource,
          address,
          values,
          ...(valuesFrom ? { valuesFrom } : {}),
          ...(readFrom ? { readFrom } : {}),
          ...(textSources ? { textSources } : {}),
          ...(failing.size > 0 ? { failingValues: new Set(failing.keys()) } : {}),
        });
      }
    }
    for (const provider of written.providers) {
      const values = provider.values as Record<string, unknown>;
      const where = providerAddress(provider);
      // OpenTofu 1.9+: a provider block with for_each configures one instance per element, which each.key names
      // (opentofu.org/docs/language/providers/configuration, "for_each").
      const instances = values.for_each === undefined ? [{ scope: this.scope, suffix: "" }] : this.instances(values, where, provider.file);
      for (const { scope, suffix } of instances)
        configuration.providers.push({
          ...provider,
          values: this.body(values, scope, `provider.${provider.name}`, provider.file, providerMetaArguments),
          ...(suffix ? { instance: suffix } : {}),
        });
    }
    // Terraform checks every variable's type and validation, read by an expression or not.
    for (const name of Object.keys(this.variables)) void this.variables[name];
    // terraform plan evaluates every local and output too, read or not (a local no block reads, whose function refuses
    // its argument, stops it): one whose evaluation fails is recorded with why (valueRecorded).
    for (const name of this.localBodies.keys()) this.local(name);
    const outputs = this.outputs();
    for (const name of Object.keys(outputs)) void outputs[name];
  }

  /** The module's outputs, for the module that calls it; an output the provider computes stands for what it reads. */
  outputs(): Record<string, Value> {
    if (this.outputRecord) return this.outputRecord;
    const bodies = new Map(this.files.flatMap(({ document, file }) => [...named(document.output)].map(([name, body]) => [name, { body, file }] as const)));
    const record = lazyRecord([...bodies].map(([name, { body, file }]) => [name, () => this.valueRecorded(`output.${name}`, body.value, file)]));
    standingFor.set(record, (name) => this.writtenStandsFor(bodies.get(name)?.body.value, this.scope));
    this.outputRecord = record;
    return record;
  }

  /** Records a block its count, for_each or lifecycle.enabled leaves out, where Terraform does not refuse them. */
  private leftOut(configuration: Mutable<TfConfiguration>, where: string): void {
    if (!this.refusedInstances.has(where)) configuration.leftOutByCount = [...(configuration.leftOutByCount ?? []), `${this.prefix}${where}`];
  }

  /**
   * The value a module call gives one input (`key`, written `item`), evaluated in the instance's scope; where its own
   * evaluation fails, not that of a value it reads (which says so itself), it is recorded as failing, with why, by the
   * input's address from the root, and in `failing` by its key.
   */
  private inputValue(key: string, item: unknown, call: string, scope: Scope, file: string, failing: Map<string, string | undefined>): Value {
    const where = `${call}.${key}`;
    const { result, failed } = this.failuresIn(() => this.value(item, scope, where, file).value);
    const own = [...failed].find(([at]) => at === where || at.startsWith(`${where}.`) || at.startsWith(`${where}[`));
    if (own) {
      failing.set(key, own[1]);
      this.failingAt(`${this.prefix}${where}`, file, where, own[1]);
    }
    return result;
  }

  /**
   * Evaluates one module call, once: the module's resources go to `configuration`, and its outputs are returned
   * (unknown for a module not read here, and for a call that reads its own outputs, directly or not).
   */
  private callModule({ name, body, file, line }: ModuleCall, configuration: Mutable<TfConfiguration>): Value {
    const place = withLine({ file, line });
    if (this.calledModules.has(name)) return this.calledModules.get(name)!;
    this.calledModules.set(name, unknown);
    // OpenTofu 1.8+ resolves variables and locals in a source before init (opentofu.org/docs/language/modules/sources,
    // "Support for Variable and Local Evaluation"); a source that stays unknown is reported as not read.
    const written = typeof body.source === "string" ? body.source : "";
    const resolved = isTerraformTemplate(written) ? this.value(written, this.scope, `module.${name}.source`, file).value : written;
    const source = typeof resolved === "string" ? resolved : written;
    // A local source is read where it is (developer.hashicorp.com/terraform/language/modules/sources#local-paths), another
    // where `terraform init` installed it, if it did; the others are recorded, so that the check says what it did not read.
    const kind = isTerraformTemplate(source) ? "remote" : moduleSourceKind(source);
    if (kind === "refused") {
      const hint =
        source !== "" && this.reader.readFolder(normalize(join(this.folder, source))).length > 0
          ? `; for the module in folder ${source}, write "./${source}"`
          : "";
      this.reader.problems?.push({
        ...place,
        message: `module.${name}: source "${source}" is not a local path (one starts with ./ or ../), a registry address or a remote source: terraform init refuses it${hint}`,
      });
      return unknown;
    }
    const folder = calledModuleFolder(this.folder, source, kind, [...moduleCallNames(this.prefix), name], this.reader);
    if (folder === undefined) {
      configuration.externalModules = [...(configuration.externalModules ?? []), { address: `${this.prefix}module.${name}`, source, ...place }];
      this.reader.notInstalled?.add(`${this.prefix}module.${name}`);
      return unknown;
    }
    if (this.callers.includes(folder) || this.callers.length >= maximumDepth) {
      this.reader.problems?.push({ ...place, message: `module.${name}: ${source} calls itself (directly or through other modules)` });
      return unknown;
    }
    const files = this.reader.readFolder(folder);
    if (files.length === 0) {
      // terraform init would stop here: nothing the module declares can be checked.
      this.reader.problems?.push({ ...place, message: `module.${name}: no .tf, .tf.json, .tofu or .tofu.json file in ${source} (resolved to ${folder})` });
      return unknown;
    }
    const childWritten = emptyConfiguration(configuration.stack);
    // What the module's files themselves hold (an experiment, a block declared twice) is reported once, whatever calls them.
    const filesProblems: InputProblem[] = [];
    for (const child of files) addTerraformJson(childWritten, child.document, child.file, child.lines, filesProblems);
    for (const problem of filesProblems) this.refuseOnce(`${problem.line} ${problem.message}`, problem);
    configuration.files.push(...childWritten.files.filter((child) => !configuration.files.includes(child)));
    if (childWritten.providerRequirements)
      configuration.providerRequirements = [...(configuration.providerRequirements ?? []), ...childWritten.providerRequirements];
    this.refuseInputsNotMatching(body, name, source, files, file);
    this.calledOutputs.set(name, { source, names: files.flatMap(({ document }) => [...named(document.output)].map(([output]) => output)) });
    this.calledEphemerals.set(name, ephemeralDeclarations(files));
    const outputs: Record<string, Value> = {};
    const children: ModuleEvaluation[] = [];
    const instances = this.instances(body, `module.${name}`, file);
    if (instances.length === 0) this.leftOut(configuration, `module.${name}`);
    // Where the call's count or for_each fails, so does what its instances are given from each or count.index.
    const instancesFail = this.instancesFailing.get(`module.${name}`);
    if (instancesFail)
      this.failingAt(`${this.prefix}module.${name}.${instancesFail.argument}`, file, `module.${name}.${instancesFail.argument}`, instancesFail.why);
    for (const instance of instances) {
      // An input whose own evaluation fails (`element([], 0)`) stops terraform plan at the call: recorded there, with why,
      // and said of what reads it in the module, as for a local's (valueRecorded).
      const inputsFailing = new Map<string, string | undefined>();
      const inputs = lazyRecord(
        Object.entries(body)
          .filter(([key]) => !moduleMetaArguments.has(key))
          .map(([key, item]) => [key, () => this.inputValue(key, item, `module.${name}`, instance.scope, file, inputsFailing)]),
      );
      standingFor.set(inputs, (key) => this.writtenStandsFor(body[key], instance.scope));
      knownInPart.set(inputs, (key) => (typeof body[key] === "string" ? this.partlyKnown(body[key], instance.scope, "") : undefined));
      inputsWritten.set(inputs, (key, keys, depth) =>
        Object.hasOwn(body, key) && !moduleMetaArguments.has(key) ? writtenPart(body[key], instance.scope, keys, this.writtenParts, depth) : undefined,
      );
      inputsWaiting.set(inputs, (key) => {
        const where = `module.${name}.${key}`;
        if (inputsFailing.has(key)) return inputsFailing.get(key) === undefined ? "refused" : "fails";
        return this.waitsOn(
          body[key],
          instance.scope,
          where,
          file,
          instancesFail ? (instancesFail.why === undefined ? "refused" : "fails") : this.waitsOn(body.for_each ?? body.count, this.scope, where, file),
        );
      });
      const inputPlace = (key: string) => this.placeOf(file, `module.${name}.${key}`);
      inputPlaces.set(inputs, inputPlace);
      inputOrigins.set(inputs, (key) => {
        const variable = typeof body[key] === "string" ? wholeVariable.exec(body[key])?.[1] : undefined;
        const origin = variable === undefined ? undefined : this.variableOrigin(variable);
        if (origin !== undefined) return { ...origin, said: `given ${origin.said}` };
        return { said: `given in ${placeText(inputPlace(key))}` };
      });
      const child = new ModuleEvaluation(
        folder,
        files,
        inputs,
        this.reader,
        `${this.prefix}module.${name}${instance.suffix}.`,
        [...this.callers, this.folder],
        this.schemas,
      );
      children.push(child);
      outputs[instance.key] = child.outputs();
    }
    // module.x.out, module.x[0].out, module.x["key"].out (developer.hashicorp.com/terraform/language/modules/syntax#accessing-module-output-values)
    const value = instances.some(keyNotKnown)
      ? unknown
      : body.count !== undefined
        ? Object.values(outputs)
        : body.for_each !== undefined
          ? outputs
          : (outputs[""] ?? unknown);
    // The outputs are known to the other calls before this module's resources are evaluated: each output is computed
    // when read, so a module that names another's output while the other names its own (a bastion's address given to a
    // security group module, the group's name given back) gets both, as Terraform does.
    this.calledModules.set(name, value);
    if (body.count === undefined && body.for_each === undefined && children.length === 1) this.calledChildren.set(name, children[0]!);
    for (const child of children) child.addTo(configuration, childWritten);
    return value;
  }
}

/** The problems already reported into a list (refuseOnce), by file: once each, whatever instance of a module meets them. */
const reportedOnce = new WeakMap<InputProblem[], Set<string>>();

/**
 * Why an evaluation failed, for the reports: a key or an index the expression names, which the configuration writes, a
 * function's refusal or a conversion that fails, which quote no value (Refusal, ConversionError); of any other error,
 * only the function that raised it, since its message may quote a value.
 */
function failureSaid(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Refusal || error instanceof ConversionError || error instanceof DeclaredInNoFileRead) return message;
  if (/^(?:no attribute or key "[^"]*"|lookup: no key "[^"]*"|index -?\d+ is out of range \(\d+ elements?\)|cannot read "[^"]*" of a \w+)$/.test(message))
    return message;
  const raisedBy = /^([a-z][a-z0-9_]*): /.exec(message)?.[1];
  return raisedBy ? `${raisedBy} fails on the values given` : "an operation fails on the values given (a conversion, an operator)";
}

/** A resource's argument, its nested blocks (lists of objects, as the reader writes them) marked as holding computed attributes too. */
function withComputedAttributes(value: Value): Value {
  if (Array.isArray(value) && value.length > 0 && value.every(isObject))
    for (const block of value as { readonly [key: string]: Value }[]) {
      blocksWithComputedAttributes.add(block);
      for (const nested of Object.values(block)) withComputedAttributes(nested);
    }
  return value;
}

/** The map arguments of a data source this check computes that are written as blocks (computedAtPlan's mapArguments). */
const mapsWrittenAsBlocks = (type: string, body: Record<string, unknown>): string[] =>
  (computedAtPlan[`data.${type}`]?.mapArguments ?? []).filter((name) => writtenAsBlock(body[name]));

/**
 * The map arguments of resources whose provider's schema the check does not carry, often written as blocks by
 * configurations of Terraform 0.11: null_resource's triggers (terraform-provider-null, resource.go) and the keepers of
 * the random provider's resources (terraform-provider-random).
 */
const managedMapArguments: Readonly<Record<string, readonly string[]>> = {
  null_resource: ["triggers"],
  ...Object.fromEntries(
    ["random_id", "random_integer", "random_password", "random_pet", "random_shuffle", "random_string", "random_uuid"].map((type) => [type, ["keepers"]]),
  ),
};

/**
 * Functions an experiment of Terraform gave and took back (Terraform 1.3.0's changelog: the module_variable_optional_attrs
 * experiment concluded, and its defaults function was removed in favour of defaults written in optional()).
 */
const withdrawnFunctions: Readonly<Record<string, string>> = {
  defaults:
    "the experimental function of Terraform 0.15 to 1.2 (the module_variable_optional_attrs experiment), which Terraform 1.3 removed: write each default in the type, optional(<type>, <default>)",
};

/** A data source whose attributes are known at plan (computedAtPlan): `data.<type>`, read as a value, not a relation. */
const readsComputedData = (expression: Expression): boolean =>
  expression.kind === "attribute" &&
  expression.of.kind === "variable" &&
  expression.of.name === "data" &&
  Object.hasOwn(computedAtPlan, `data.${expression.name}`);

/** Whether a block says how many instances it makes: `count`, `for_each`, or OpenTofu's `lifecycle { enabled }`. */
const hasInstanceArguments = (values: Record<string, unknown>): boolean =>
  values.count !== undefined || values.for_each !== undefined || blocks(values.lifecycle)[0]?.enabled !== undefined;

/** A reference to a data source whose attributes the check computes (computedAtPlan): a block naming one is evaluated to read them. */
const readsComputedAtPlan = new RegExp(`(?:^|[^\\w.])(?:${Object.keys(computedAtPlan).map(escapedForRegExp).join("|")})\\.`);

/**
 * Whether a body holds anything evaluation would change: a `dynamic` block, an interpolation other than a resource's
 * attribute, a data source's attribute the check computes, or a provisioner that copies a file, which evaluation reads
 * (copiedPaths).
 */
const needsEvaluation = (values: Record<string, unknown>): boolean =>
  hasDynamicBlock(values) ||
  provisionersOf(values).some(({ type, body }) => copiedPaths(type, body).length > 0) ||
  holdsUnknownTemplate(values) ||
  templateStrings(values).some(({ text }) => text.includes("data.") && readsComputedAtPlan.test(text));

/** A variable's type constraint; undefined for one Terraform would refuse to parse, which is left alone. */
function typeConstraint(type: string): Expression | undefined {
  try {
    return parseTemplate(type);
  } catch {
    return undefined;
  }
}

/** Whether a map does not hold a key: lookup then gives its default, which stands for nothing the map holds. */
const lacksKey = (collection: Value, key: Value): boolean => typeof key === "string" && isObject(collection) && !Object.hasOwn(collection, key);

/** The most instances of blocks and module calls one root module's evaluation expands; beyond, a block is one instance of unknown index. */
export const maximumInstances = 1_000_000;

const beyondInstances = `more instances than the check expands (${maximumInstances} in all): this block, and each after it that would go beyond, is judged as one instance of unknown index or key`;

function numberOrUnknown(value: Value): number | typeof unknown {
  try {
    return asNumber(value);
  } catch {
    return unknown;
  }
}

function safeEntries(collection: Value): [Value, Value][] {
  try {
    return entries(collection);
  } catch {
    return [[unknown, unknown]];
  }
}

/** The data sources whose `rendered` text is written with what is known of it (ModuleEvaluation.renderedInPart). */
const renderingTypes = new Set(["template_file", "cloudinit_config", "template_cloudinit_config"]);

/**
 * A value not known written as a reference is read by the policies as a relation to a resource's attribute, one they
 * follow (isResourceReference: `${type.name.attribute}`, a type being `<provider>_<name>`); one that reads no resource
 * but is named so (a dynamic block's iterator `security_context`, a template's variable `sec_ctx`) is written in
 * parentheses, `${(security_context.value.privileged)}`, as a value not known, which it is.
 */
const notAReference = (json: string): string => (isResourceReference(json) ? `\${(${json.slice(2, -1)})}` : json);

/**
 * A template's variable, or a read into one (`context.privileged`, `context["privileged"]`), given a module's variable or
 * local as such (`{ context = var.context }`): written as that read (`${var.context.privileged}`); undefined otherwise.
 */
function moduleValueRead(part: Expression, argumentOf: (name: string) => Expression | undefined): string | undefined {
  if (part.kind === "attribute" || part.kind === "index") {
    const step = part.kind === "attribute" ? `.${part.name}` : part.key.kind === "literal" ? `[${JSON.stringify(part.key.value)}]` : undefined;
    const of = step === undefined ? undefined : moduleValueRead(part.of, argumentOf);
    return of === undefined ? undefined : `${of.slice(0, -1)}${step}}`;
  }
  if (part.kind !== "variable") return undefined;
  const argument = argumentOf(part.name);
  const moduleValue = argument?.kind === "attribute" && argument.of.kind === "variable" && (argument.of.name === "var" || argument.of.name === "local");
  return moduleValue ? `\${${argument.of.name}.${argument.name}}` : undefined;
}

/** The module output an expression reads (`module.cfg.user_data`), and the key of its element it reads (`[each.key]`). */
function moduleOutputRead(expression: Expression): { call: string; name: string; key?: Expression } | undefined {
  const key = expression.kind === "index" ? expression.key : undefined;
  const read = expression.kind === "index" ? expression.of : expression;
  if (read.kind !== "attribute" || read.of.kind !== "attribute" || read.of.of.kind !== "variable" || read.of.of.name !== "module") return undefined;
  return { call: read.of.name, name: read.name, ...(key ? { key } : {}) };
}

/** A whole value that calls yamldecode (decodedInPart). */
const yamldecodeCall = /^\$\{\s*(?:core::)?yamldecode\(/;

/**
 * How a one-line expression partlyKnown may write in part starts: a parenthesis (a heredoc), a function that makes or
 * encodes a text, a local, a module's input, or a data source of renderingTypes.
 */
const partlyKnownStart = new RegExp(
  String.raw`^\$\{\s*(?:\(|template(?:file|string)\(|base64(?:encode|gzip)\(|(?:yaml|json)encode\(|join\(|local\.|var\.|module\.|data\.(?:${[...renderingTypes].join("|")})\.)`,
);

/** A reference to the `rendered` text of a data source of renderingTypes, in this module or one it calls. */
const renderedRead = new RegExp(String.raw`^\$\{(?:module\.[\w-]+(?:\[[^\]]*\])?\.)*data\.(?:${[...renderingTypes].join("|")})\.[\w-]+\.rendered\}$`);

/** The data source whose `rendered` an expression reads (`data.template_file.x.rendered`), of renderingTypes. */
function renderedData(expression: Expression): { type: string; name: string } | undefined {
  if (expression.kind !== "attribute" || expression.name !== "rendered" || expression.of.kind !== "attribute") return undefined;
  const block = expression.of;
  return block.of.kind === "attribute" && renderingTypes.has(block.of.name) && block.of.of.kind === "variable" && block.of.of.name === "data"
    ? { type: `data.${block.of.name}`, name: block.name }
    : undefined;
}

const noIterators: ReadonlySet<string> = new Set();

/** What a block's meta-arguments give the expressions in it: `count` where it sets count, `each` where it sets for_each. */
const repetitionNames = (body: object): ReadonlySet<string> => ("count" in body ? new Set(["count"]) : "for_each" in body ? new Set(["each"]) : noIterators);

/**
 * The references a written block's templates read, but for its dynamic blocks' iterators (`part.value`, which the
 * dynamic block's for_each gives): what its value is known from.
 */
function* referencesOutsideIterators(written: unknown, iterators: ReadonlySet<string> = noIterators): Generator<string> {
  if (Array.isArray(written)) for (const item of written) yield* referencesOutsideIterators(item, iterators);
  else if (written !== null && typeof written === "object") {
    for (const [key, item] of Object.entries(written)) if (key !== "dynamic") yield* referencesOutsideIterators(item, iterators);
    for (const [name, spec] of named((written as Record<string, unknown>).dynamic)) {
      for (const [key, item] of Object.entries(spec)) if (key !== "content") yield* referencesOutsideIterators(item, iterators);
      yield* referencesOutsideIterators(spec.content, new Set([...iterators, iteratorName(name, spec)]));
    }
  } else if (typeof written === "string" && isTerraformTemplate(written))
    for (const reference of referencesRead(written) ?? []) if (!iterators.has(reference.split(/[.[]/)[0]!)) yield reference;
}

/**
 * The references the templates of a list or an object as written read (`[data.x.id, var.y]`), its keys' too; undefined
 * where one of them makes none (referencesRead).
 */
function referencesReadIn(written: unknown): string[] | undefined {
  if (written === null || typeof written !== "object") return typeof written === "string" && isTerraformTemplate(written) ? referencesRead(written) : [];
  const parts = Array.isArray(written) ? written : Object.entries(written).flat();
  const references: string[] = [];
  for (const part of parts) {
    const read = referencesReadIn(part);
    if (read === undefined) return undefined;
    references.push(...read);
  }
  return references;
}

/** The iterators of the dynamic blocks a written value holds, at any depth. */
function dynamicIteratorsIn(written: unknown, names = new Set<string>()): ReadonlySet<string> {
  if (Array.isArray(written)) for (const item of written) dynamicIteratorsIn(item, names);
  else if (written !== null && typeof written === "object")
    for (const [key, item] of Object.entries(written)) {
      if (key === "dynamic") for (const [name, spec] of named(item)) names.add(iteratorName(name, spec));
      dynamicIteratorsIn(item, names);
    }
  return names;
}

/** The names the for expressions and for directives of an expression bind: `s` and `k` of `{ for k, s in var.groups : k => s.id }`. */
function forNames(expression: Expression): ReadonlySet<string> {
  const names = new Set<string>();
  someExpression(expression, (part) => {
    if (part.kind === "for") {
      names.add(part.valueName);
      if (part.keyName !== undefined) names.add(part.keyName);
    }
    return false;
  });
  return names;
}

/** The name a dynamic block's iterator takes: its `iterator` argument, or the block's name (hcl ext/dynblock). */
const iteratorName = (name: string, spec: Record<string, unknown>): string =>
  typeof spec.iterator === "string" ? spec.iterator.replace(/^\$\{(.*)\}$/, "$1") : name;
