import { withClassMadeObjects } from "./class-made-objects";
import { withHeldObjects } from "./held-objects";
import { controlPlaneManifestNotes } from "./control-plane-manifests";
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";

import { blockPlace, type InputProblem, type ProviderRequirement, type TfConfiguration, type TfResource } from "../engine/model";
import { describeFsError, InputError } from "../../lib/errors";
import { encryptedBy, encryptedNote } from "../../lib/encrypted";
import { readInputText } from "../../lib/files";
import { displayPath } from "../../lib/paths";
import { fromPlan, isPlan } from "./plan";
import { type BlockLines, lineOf, withLine } from "./block-lines";
import { closingQuote, jsonBlockLines } from "./json-lines";
import { addTerraformJson, emptyConfiguration, type Mutable } from "./terraform-json";
import { type FilesRead, type Value, evaluate, noNames, unknown } from "./hcl-evaluate";
import { ExpressionSyntaxError, maximumNesting, parseTemplate } from "./hcl-expression";
import { parseHclFile } from "./hcl-file";
import { recordText } from "./text-sources";
import { filesNotRead, inputOrigins, type ModuleFile, type ModuleReader, maximumInstances, ModuleEvaluation, provisionedWorkNotRead } from "./module";
import { requirementsOfTree } from "./module-tree";
import { dependencyLockFile, locksRequirementsExclude, providerLocks } from "./dependency-lock";
import { isTerraformTemplate, terraformLiteralValue } from "../../lib/terraform-literal";
import { mergeOverrideFiles } from "./override";
import { declaredEphemeral, textNamesNoEphemeral } from "./ephemeral-values";
import { kustomizationSources, kustomizationFiles } from "./kustomization";
import { fluxTargetNamespaces } from "./flux-kustomizations";
import { manifestsBesideTerraform } from "./manifests-beside-terraform";
import { autoDeployNotes } from "./auto-deploy-manifests";
import { isKubernetesJson, isManifestFile, isManifestFileInFolder, manifestConfiguration, otherToolsSource, standardInput } from "./kubernetes-yaml";
import { blocks, isMap, literalString, named } from "../lib/values";
import { parseKubernetesYaml } from "../lib/go-yaml";
import { sensitiveOutputRefusals } from "./sensitive-values";
import { ReferenceSchemas } from "../schema/reference-schemas";

function readText(path: string): string {
  let text: string;
  try {
    text = readInputText(path);
  } catch (error) {
    throw new InputError(displayPath(path), `cannot read the file: ${describeFsError(error)}`);
  }
  const encryption = encryptedBy(text);
  if (encryption) throw new InputError(displayPath(path), encryptedNote(encryption));
  return text;
}

/** A JSON document with the lines of its blocks. */
function readJsonWithLines(path: string): { document: Record<string, unknown>; lines: BlockLines; namesNoEphemeral: boolean } {
  const text = readText(path);
  return { document: parseJson(path, text), lines: jsonBlockLines(text), namesNoEphemeral: textNamesNoEphemeral(text, true) };
}

function readJson(path: string): Record<string, unknown> {
  return parseJson(path, readText(path));
}

function parseJson(path: string, text: string): Record<string, unknown> {
  let document: unknown;
  try {
    document = JSON.parse(text) as unknown;
    if (!document || typeof document !== "object" || Array.isArray(document)) throw new Error("expected a JSON object at the top level");
  } catch (error) {
    throw new InputError(displayPath(path), `not valid JSON: ${(error as Error).message}`);
  }
  if (nestsTooDeep(text)) throw new InputError(displayPath(path), `values nest more than ${maximumNesting} levels deep`);
  return document as Record<string, unknown>;
}

/**
 * Whether a JSON text's objects and arrays nest more than maximumNesting levels, read from the text (about 1 ms per MB),
 * since walking the parsed value recursively is the risk. The text is valid JSON: every string is closed.
 */
function nestsTooDeep(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 34) i = closingQuote(text, i);
    else if (code === 91 || code === 123) {
      if (++depth > maximumNesting) return true;
    } else if (code === 93 || code === 125) depth -= 1;
  }
  return false;
}

/**
 * The files and folders a `file` provisioner of the root modules copies to a machine as they are written (its `source`,
 * relative to the folder Terraform runs in: developer.hashicorp.com/terraform/language/resources/provisioners/file).
 * Terraform does not read them, and what applies them there (kubectl on the host) applies them as written.
 */
function copiedByProvisioners(roots: readonly { folder: string; configuration: TfConfiguration }[]): (file: string) => boolean {
  const sources = roots.flatMap(({ folder, configuration }) =>
    configuration.resources.flatMap((resource) => {
      // Provisioners run at apply and are not evaluated with the block: their paths are read here, path.module being
      // the folder of the module that declares the resource, path.root and path.cwd the root module's.
      const paths: Record<string, string> = { module: dirname(resolve(resource.file)), root: resolve(folder), cwd: resolve(folder) };
      return blocks(resource.values.provisioner)
        .flatMap((provisioner) => blocks(provisioner.file))
        .flatMap((copy) => {
          if (typeof copy.source !== "string") return [];
          const source = copy.source.replace(/\$\{path\.(module|root|cwd)\}/g, (_, name: string) => paths[name]!);
          return isTerraformTemplate(source) ? [] : [resolve(folder, source)];
        });
    }),
  );
  return (file) => sources.some((source) => file === source || file.startsWith(`${source}${sep}`));
}

/** A file that could not be read, as the problem a report lists while it checks the rest. */
const problemOf = ({ file, reason, line }: InputError): InputProblem => (line ? { file, line, message: reason } : { file, message: reason });

/** Problems met, into the list given; with none given, the first is thrown, as a reader without one refuses its input. */
function report(problems: readonly InputProblem[], into: InputProblem[] | undefined): void {
  const [first] = problems;
  if (first && !into) throw new InputError(first.file, first.message, first.line);
  into?.push(...problems);
}

function readHcl(path: string): ReturnType<typeof parseHclFile> & { readonly namesNoEphemeral: boolean } {
  const text = readText(path);
  try {
    return { ...parseHclFile(text), namesNoEphemeral: textNamesNoEphemeral(text, false) };
  } catch (error) {
    if (!(error instanceof ExpressionSyntaxError)) throw error;
    throw new InputError(displayPath(path), `not valid HCL: ${error.message}`, error.line);
  }
}

/** The stacks of a cdktf output folder, from its manifest; a manifest shaped otherwise than cdktf writes it is bad input. */
function cdktfStacks(folder: string): { name: string; file: string }[] {
  const file = join(folder, "manifest.json");
  const manifest = readJson(file);
  const notAManifest = (what: string) => new InputError(displayPath(file), `not a manifest as cdktf synth writes it: ${what}`);
  const stacks = isMap(manifest) ? (manifest.stacks ?? {}) : undefined;
  if (!isMap(stacks)) throw notAManifest("stacks is not an object of stacks");
  return Object.entries(stacks)
    .map(([name, stack]) => {
      if (!isMap(stack)) throw notAManifest(`stacks.${name} is not a stack`);
      const path = stack.synthesizedStackPath;
      if (path !== undefined && typeof path !== "string") throw notAManifest(`stacks.${name}.synthesizedStackPath is not a path`);
      return { name, file: join(folder, path ?? join("stacks", name, "cdk.tf.json")) };
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

/**
 * Values for the root modules' variables, as `terraform plan` takes them: `--var-file` files and `--var name=value`, the
 * later winning in the order given (Terraform 1.11 command/meta_vars.go reads both from one list of arguments).
 */
export interface VariableInputs {
  readonly given?: readonly { readonly option: "var" | "var-file" | string; readonly value: string }[];
  /** Where `TF_VAR_<name>` values are read: the process's environment unless said. */
  readonly environment?: Readonly<Record<string, string | undefined>>;
}

/** Terraform's configuration files, and OpenTofu's own (opentofu.org/docs/language/files): `.tofu`, `.tofu.json`. */
const isTerraformFile = (name: string): boolean => /\.(tf|tofu)(\.json)?$/.test(name);

/** Files in the native syntax (`.tf`, OpenTofu's `.tofu`); the others are JSON. */
const isHclFile = (name: string): boolean => /\.(tf|tofu)$/.test(name);

/**
 * The names of a folder's Terraform files, as Terraform lists a module's (OpenTofu's internal/configs/parser_config_dir.go):
 * a folder named like one (a website's `cdk.tf/`) is skipped, and so are hidden files (an editor's lock, `.#main.tf`).
 */
const terraformFilesIn = (folder: string): string[] =>
  readdirSync(folder).filter(
    (name) => isTerraformFile(name) && !name.startsWith(".") && (statSync(join(folder, name), { throwIfNoEntry: false })?.isFile() ?? true),
  );

/**
 * What a folder's files make before kubectl applies anything: a Helm chart (Chart.yaml) renders its templates with its
 * values, and a Kustomize folder (kustomization.yaml) patches and generates objects. Their files are sources, not the
 * objects: reading them as written would judge half-objects (a patch) and templates.
 */
const renderedBy: readonly {
  readonly what: string;
  readonly files: readonly string[];
  readonly command: string;
  readonly kustomization?: true;
  /** Whether the folders below are read still: a Terragrunt unit's are no part of it. */
  readonly readsBelow?: true;
}[] = [
  { what: "a Helm chart", files: ["Chart.yaml"], command: "helm template <release> <folder>" },
  // Terragrunt copies the module its unit names into a cache and gives it the unit's inputs as variables
  // (terragrunt.gruntwork.io, config blocks: terraform.source, inputs): what it plans is checked as a plan.
  {
    what: "a Terragrunt unit",
    files: ["terragrunt.hcl"],
    command: "terragrunt plan -out=unit.tfplan && terragrunt show -json unit.tfplan > unit.plan.json && eds check unit.plan.json",
    readsBelow: true,
  },
  {
    what: "a Kustomize folder",
    files: kustomizationFiles,
    command: "kubectl kustomize <folder>",
    kustomization: true,
  },
];

/**
 * What reading a folder of manifests met besides manifests: other tools' sources, files that cannot be read, and the
 * paths the kustomizations met name (a patch in a sibling folder is a kustomization's source, not an object).
 */
interface FolderNotes {
  readonly sources: InputProblem[];
  readonly problems: InputProblem[];
  readonly kustomized: string[];
  /** The namespace Fleet (fleetBundle) or Flux (fluxTargetNamespaces) creates the objects of a file in, by the file's path. */
  readonly namespaces: Map<string, GivenNamespace>;
  /** The text of each file read so far, by its path: each is read once (folderText). */
  readonly texts: Map<string, string>;
}

const emptyNotes = (): FolderNotes => ({ sources: [], problems: [], kustomized: [], namespaces: new Map(), texts: new Map() });

/** A file's text, read once for every question asked of it while its folder is read (one that cannot be read, each time). */
function folderText({ texts }: FolderNotes, path: string): string {
  const known = texts.get(path);
  if (known !== undefined) return known;
  const text = readInputText(path);
  texts.set(path, text);
  return text;
}

/**
 * The namespace another tool creates a file's objects in: Fleet a bundle's, those that name none (`defaultNamespace`) or
 * every one (`namespace`); Flux a Kustomization's target namespace, every one.
 */
type GivenNamespace = { readonly namespace: string; readonly forced: boolean };

/** The namespace Fleet or Flux gives a file's objects, where one does, as a manifest text's field. */
const givenNamespaceOf = ({ namespaces }: FolderNotes, file: string): { namespace?: GivenNamespace } => {
  const namespace = namespaces.get(file);
  return namespace ? { namespace } : {};
};

/**
 * What a Rancher Fleet bundle's fleet.yaml says of its folder (docs: "fleet.yaml": every folder holding one is a bundle
 * of the manifests in it and in the folders below it that hold none): the namespace its objects are created in, or that
 * it deploys a Helm chart (`helm.chart`), whose templates are no objects. Undefined for a folder with no fleet.yaml, or
 * one that cannot be read.
 */
function fleetBundle(folder: string, names: readonly string[]): { namespace?: GivenNamespace; chart?: true } | undefined {
  const name = ["fleet.yaml", "fleet.yml"].find((candidate) => names.includes(candidate));
  if (!name) return undefined;
  let options: unknown;
  try {
    options = parseKubernetesYaml(readFileSync(join(folder, name), "utf8"));
  } catch {
    return undefined;
  }
  if (!isMap(options)) return {};
  const helm = isMap(options.helm) ? options.helm : {};
  if (typeof helm.chart === "string" && helm.chart !== "") return { chart: true };
  const named = (value: unknown): value is string => typeof value === "string" && value !== "";
  if (named(options.namespace)) return { namespace: { namespace: options.namespace, forced: true } };
  return named(options.defaultNamespace) ? { namespace: { namespace: options.defaultNamespace, forced: false } } : {};
}

/**
 * The manifests of a folder given to check, without the files a kustomization met there names (manifestFilesIn), the
 * namespace a Flux Kustomization sets on those of its path noted.
 */
function folderManifests(path: string, found: FolderNotes, owners?: Map<string, readonly string[]>): string[] {
  const files = unkustomized(manifestFilesIn(path, found, owners), found);
  for (const [file, namespace] of fluxTargetNamespaces(path, files, found.kustomized, (file) => folderText(found, file)))
    if (!found.namespaces.has(file)) found.namespaces.set(file, { namespace, forced: true });
  return files;
}

/** The manifests of a folder, without the files a kustomization met there names (manifestFilesIn). */
function unkustomized(files: readonly string[], { kustomized }: FolderNotes): string[] {
  if (kustomized.length === 0) return [...files];
  const named = new Set(kustomized);
  return files.filter((file) => {
    for (let path = resolve(file); path !== dirname(path); path = dirname(path)) if (named.has(path)) return false;
    return true;
  });
}

/**
 * The Kubernetes manifests of a folder and the folders below it, in order, hidden files and linked files included,
 * hidden folders not;
 * a chart or a Kustomize folder is named in `found.sources` instead, with the command that renders it (a link that leads
 * nowhere is one of `found.problems`), and the folders below
 * a Kustomize folder that its kustomization does not name are read as any other. Beside Terraform (`owners` given),
 * each file in or below a folder with Terraform files is put in `owners` with those folders, nearest first: their
 * Terraform may read it.
 */
function manifestFilesIn(
  folder: string,
  found: FolderNotes,
  owners?: Map<string, readonly string[]>,
  above: readonly string[] = [],
  fleetNamespace?: GivenNamespace,
): string[] {
  const terraformFolders = owners && terraformFilesIn(folder).length > 0 ? [folder, ...above] : above;
  const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  const fleet = fleetBundle(
    folder,
    entries.filter((entry) => entry.isFile() || entry.isSymbolicLink()).map((entry) => entry.name),
  );
  if (fleet?.chart) {
    found.sources.push({
      file: displayPath(folder),
      message:
        "a Fleet bundle of a Helm chart (fleet.yaml helm.chart): what it deploys is the chart's output; check what it renders (helm template <release> <chart> | eds check -)",
    });
    return [];
  }
  const namespace = fleet ? fleet.namespace : fleetNamespace;
  const renderer = renderedBy.find(({ files }) => entries.some((entry) => (entry.isFile() || entry.isSymbolicLink()) && files.includes(entry.name)));
  if (renderer) {
    found.sources.push({
      file: displayPath(folder),
      message: renderer.readsBelow
        ? `${renderer.what}: what it deploys is its module with its inputs; check its plan (${renderer.command})`
        : `${renderer.what}: its files are sources, not the objects applied; check what it renders (${renderer.command} | eds check -)`,
    });
    if (!renderer.readsBelow) {
      // A kustomization's folders are the ones it names; the others below it are read as any folder is.
      const named = renderer.kustomization ? kustomizationSources(folder) : undefined;
      found.kustomized.push(...(named?.paths ?? []));
      return named
        ? entries
            .filter((entry) => entry.isDirectory() && !entry.name.startsWith(".") && !skippedFolders.has(entry.name) && !named.folders.has(entry.name))
            .flatMap((entry) => manifestFilesIn(join(folder, entry.name), found, owners, terraformFolders, namespace))
        : [];
    }
  }
  return entries.flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory())
      return entry.name.startsWith(".") || skippedFolders.has(entry.name) ? [] : manifestFilesIn(path, found, owners, terraformFolders, namespace);
    // A symbolic link to a file is read as kubectl reads it (a link to a folder is not followed: it may loop).
    const isFile = entry.isFile() || (entry.isSymbolicLink() && linkedFile(path, found.problems));
    // In a Terraform folder, JSON is the Terraform's (a .tf.json, a .tfvars.json, a synthesized stack's context).
    if (!isFile || !isManifestFileInFolder(entry.name) || (terraformFolders.length > 0 && entry.name.endsWith(".json"))) return [];
    const source = otherToolsSourceAt(path, found);
    if (source) {
      found.sources.push({ file: displayPath(path), message: source });
      return [];
    }
    if (owners && terraformFolders.length > 0) owners.set(path, terraformFolders);
    if (namespace !== undefined) found.namespaces.set(path, namespace);
    return [path];
  });
}

/** What a manifest file is when it is another tool's source, not objects kubectl applies (otherToolsSource). */
function otherToolsSourceAt(path: string, found: FolderNotes): string | undefined {
  try {
    return otherToolsSource(folderText(found, path));
  } catch {
    return undefined;
  }
}

/** Whether a symbolic link leads to a file; a link that leads nowhere or loops is an input problem, as kubectl reports it. */
function linkedFile(path: string, problems: InputProblem[]): boolean {
  try {
    return statSync(path).isFile();
  } catch (error) {
    if (isManifestFileInFolder(path)) problems.push({ file: displayPath(path), message: describeFsError(error) });
    return false;
  }
}

/** What is piped to the command (`helm template ... | eds check -`). */
const readStandardInput = (): string => {
  if (process.stdin.isTTY) throw new InputError(standardInput, "is a terminal: pipe the manifests in (helm template ... | eds check -)");
  try {
    return readFileSync(0, "utf8");
  } catch (error) {
    throw new InputError(standardInput, describeFsError(error));
  }
};

/** OpenTofu reads `x.tofu` instead of `x.tf`, and `x.tofu.json` instead of `x.tf.json`, when both are there. */
const withoutShadowed = (names: readonly string[]): string[] =>
  names.filter((name) => !/\.tf(\.json)?$/.test(name) || !names.includes(name.replace(/\.tf(\.json)?$/, ".tofu$1")));
/** Folders no Terraform or manifest of the repository's is in: packages, Git's, and the module copies Terraform and Terragrunt keep. */
const skippedFolders = new Set(["node_modules", ".terraform", ".git", ".terragrunt-cache"]);

function readTerraformFile(file: string): ModuleFile {
  if (isHclFile(file)) {
    const { document, lines, heredocs, namesNoEphemeral } = readHcl(file);
    return { file: displayPath(file), document, lines, ...(heredocs.length > 0 ? { heredocs } : {}), ...(namesNoEphemeral ? { namesNoEphemeral } : {}) };
  }
  const { document, lines, namesNoEphemeral } = readJsonWithLines(file);
  return { file: displayPath(file), document: withNativeVariables(document), lines, ...(namesNoEphemeral ? { namesNoEphemeral } : {}) };
}

/**
 * A JSON file's variable blocks in the form the native syntax's take once read: the default, a value as written in
 * JSON, with its `${` escaped; the type, an expression in a string ("list(string)"), as an interpolation. An override
 * file of either syntax then merges into a variable of the other as Terraform merges it.
 */
function withNativeVariables(document: Record<string, unknown>): Record<string, unknown> {
  for (const [, body] of named(document.variable)) {
    if ("default" in body) body.default = terraformLiteralValue(body.default);
    if (typeof body.type === "string" && !isTerraformTemplate(body.type)) body.type = `\${${body.type}}`;
  }
  return document;
}

/** The files of the folders read so far, by absolute path: each folder is parsed, and its problems reported, once. */
type ModuleCache = Map<string, ModuleFile[]>;

function cachedModuleFiles(folder: string, problems: InputProblem[] | undefined, cache: ModuleCache): ModuleFile[] {
  const key = resolve(folder);
  if (!cache.has(key)) cache.set(key, readModuleFiles(folder, problems));
  return cache.get(key)!;
}

/** Reads one module's files; those that cannot be read go to `problems` (or throw, without it). */
function readModuleFiles(folder: string, problems: InputProblem[] | undefined): ModuleFile[] {
  const names = existsSync(folder) && statSync(folder).isDirectory() ? withoutShadowed(terraformFilesIn(folder).sort()) : [];
  const files: ModuleFile[] = [];
  const notRead: string[] = [];
  for (const name of names) {
    try {
      files.push(readTerraformFile(join(folder, name)));
    } catch (error) {
      if (!(error instanceof InputError) || !problems) throw error;
      problems.push(problemOf(error));
      notRead.push(error.file);
    }
  }
  const overridden: InputProblem[] = [];
  const merged = mergeOverrideFiles(files, overridden);
  report(overridden, problems);
  if (notRead.length > 0) filesNotRead.set(merged, notRead);
  return merged;
}

/**
 * A tfvars file's values: HCL (`name = value`) or JSON. A JSON file's strings are values as written, not templates
 * (terraform console 1.11: `"${1+1}"` in terraform.tfvars.json stays `${1+1}`).
 */
function readVariableFile(file: string): Record<string, Value> {
  if (file.endsWith(".json")) return readJson(file) as Record<string, Value>;
  const values: Record<string, Value> = {};
  for (const [name, written] of Object.entries(readHcl(file).document)) values[name] = evaluateLiteral(written, `${displayPath(file)}: ${name}`);
  return values;
}

/** A value written in the native syntax, as its HCL form holds it: a template, or text with its escapes (`$${`). */
function evaluateLiteral(written: unknown, where: string): Value {
  if (typeof written === "string" && /[$%]\{/.test(written)) {
    try {
      return evaluate(parseTemplate(written), noNames);
    } catch (error) {
      throw new InputError(where, `not a value Terraform can read: ${(error as Error).message}`);
    }
  }
  if (Array.isArray(written)) return written.map((item) => evaluateLiteral(item, where));
  if (written !== null && typeof written === "object")
    return Object.fromEntries(Object.entries(written).map(([key, item]) => [key, evaluateLiteral(item, where)]));
  return written as Value;
}

/** The variable files Terraform reads from its working directory, whatever the command line gives. */
const automaticVariableFile = /^terraform\.tfvars(\.json)?$|\.auto\.tfvars(\.json)?$/;

/**
 * Whether a folder holds a variable file Terraform reads from its working directory only, never from a module it calls
 * (developer.hashicorp.com/terraform/language/values/variables, variable definitions files): a root module's.
 */
const holdsVariableFiles = (folder: string): boolean => readdirSync(folder).some((name) => automaticVariableFile.test(name));

/**
 * The values of a root module's variables, in Terraform's order of precedence (developer.hashicorp.com/terraform/
 * language/values/variables#variable-definition-precedence): `TF_VAR_<name>` in the environment, terraform.tfvars,
 * terraform.tfvars.json, *.auto.tfvars(.json) in lexical order, then the `--var-file` files and `--var` values in the
 * order given.
 */
function rootInputs(folder: string | undefined, files: readonly ModuleFile[], given: VariableInputs): Record<string, Value> {
  const automatic = folder
    ? readdirSync(folder)
        .filter((name) => automaticVariableFile.test(name))
        // Terraform reads terraform.tfvars(.json) when os.Stat finds it (command/meta_vars.go): a link to nothing is
        // skipped, where an *.auto.tfvars one, listed by its folder, fails to read.
        .filter((name) => !name.startsWith("terraform.") || existsSync(join(folder, name)))
        .map((name) => ({ name, rank: ["terraform.tfvars", "terraform.tfvars.json"].indexOf(name) >>> 0 }))
        .sort((a, b) => a.rank - b.rank || (a.name < b.name ? -1 : 1))
        .map(({ name }) => join(folder, name))
    : [];
  const values: Record<string, Value> = {};
  const origins = new Map<string, string>();
  const set = (name: string, value: Value, origin: string) => {
    values[name] = value;
    origins.set(name, origin);
  };
  const setFrom = (file: string, origin: string) => {
    let read: Record<string, Value>;
    try {
      read = readVariableFile(file);
    } catch (error) {
      if (!(error instanceof InputError) || folder === undefined) throw error;
      throw new InputError(error.file, `${error.reason}; terraform plan stops there too, so the root module ${displayPath(folder)} is not checked`, error.line);
    }
    for (const [name, value] of Object.entries(read)) set(name, value, origin);
  };
  const declared = declaredVariables(files);
  // A sensitive variable given at deploy time is a secret supplied outside the configuration, as the secret policies ask:
  // its value is not read, as one known only at apply, where a default or a variables file writes it in the repository
  // (developer.hashicorp.com/terraform/language/values/variables, "Suppressing values in CLI output").
  const sensitive = sensitiveVariables(files);
  const atDeploy = (name: string, value: Value): Value => (sensitive.has(name) ? unknown : value);
  if (folder) for (const [name, value] of terragruntInputs(folder)) if (declared.has(name)) set(name, atDeploy(name, value), terragruntOrigin);
  for (const [key, text] of Object.entries(given.environment ?? process.env))
    if (key.startsWith("TF_VAR_") && text !== undefined && declared.has(key.slice(7)))
      set(key.slice(7), atDeploy(key.slice(7), givenAsText(text, declared.get(key.slice(7)), key)), `set by ${key}`);
  for (const file of automatic) setFrom(file, `set in ${displayPath(file)}`);
  for (const { option, value } of given.given ?? []) {
    if (option === "var-file") {
      if (!existsSync(value)) throw new InputError(displayPath(value), "no such variables file (--var-file)");
      setFrom(value, `set in ${displayPath(value)} (--var-file)`);
      continue;
    }
    const match = /^([A-Za-z_][\w-]*)=(.*)$/s.exec(value);
    if (!match) throw new InputError(`--var ${value}`, "expected name=value");
    set(match[1]!, atDeploy(match[1]!, givenAsText(match[2]!, declared.get(match[1]!), `--var ${match[1]}`)), "set by --var");
  }
  inputOrigins.set(values, (name) => {
    const said = origins.get(name);
    return said === undefined ? undefined : { said };
  });
  return values;
}

const terragruntOrigin = "given by the inputs of terragrunt.hcl, as Terragrunt runs Terraform";

/**
 * What a Terragrunt unit's terragrunt.hcl gives its module's variables: each of its `inputs`, which Terragrunt passes as
 * TF_VAR_ variables (terragrunt.gruntwork.io, config blocks and attributes: inputs), below a variables file in
 * precedence; a value written as a literal is that value, one Terragrunt computes (get_env, a dependency's outputs,
 * locals) is not known here. None for a folder with no terragrunt.hcl, or one that cannot be read.
 */
function terragruntInputs(folder: string): Map<string, Value> {
  const inputs = new Map<string, Value>();
  const file = join(folder, "terragrunt.hcl");
  if (!existsSync(file)) return inputs;
  let written: unknown;
  try {
    written = parseHclFile(readInputText(file)).document.inputs;
  } catch {
    return inputs;
  }
  if (!isMap(written)) return inputs;
  for (const [name, value] of Object.entries(written)) inputs.set(name, JSON.stringify(value).includes("${") ? unknown : (value as Value));
  return inputs;
}

/** The type constraint each variable of a module declares, as written (undefined: none), by name. */
function declaredVariables(files: readonly ModuleFile[]): Map<string, unknown> {
  const declared = new Map<string, unknown>();
  for (const { document } of files) for (const [name, body] of named(document.variable)) declared.set(name, body.type);
  return declared;
}

/** The variables a module declares `sensitive = true`. */
function sensitiveVariables(files: readonly ModuleFile[]): Set<string> {
  const sensitive = new Set<string>();
  for (const { document } of files) for (const [name, body] of named(document.variable)) if (body.sensitive === true) sensitive.add(name);
  return sensitive;
}

/**
 * A value given as text (`-var`, `TF_VAR_`), read as Terraform reads it for the variable's type: an expression for a
 * collection or structural type, the text itself for a string, a number, a bool or no type, converted afterwards
 * (terraform console 1.11: `-var u=[1]` on a variable with no type is the string "[1]", `-var s=0022` on a string is
 * "0022").
 */
function givenAsText(text: string, type: unknown, where: string): Value {
  const keyword = typeof type === "string" ? type.replace(/^\$\{(.*)\}$/s, "$1").trim() : undefined;
  const literal = keyword === undefined || ["string", "number", "bool"].includes(keyword);
  return literal ? text : evaluateLiteral(`\${${text}}`, where);
}

/**
 * The charts helm_template data sources render (the Helm provider's), whose objects Terraform passes on to whatever
 * applies them (a kubectl_manifest, a Talos machine's inline manifests): sources of another tool, which no policy judges
 * as rendered.
 */
const chartsRendered = (resources: readonly TfResource[]): NonNullable<TfConfiguration["leftToTheirTools"]> =>
  resources
    .filter((resource) => resource.mode === "data" && resource.type === "helm_template")
    .map((resource) => {
      const chart = literalString(resource.values.chart);
      return {
        file: blockPlace(resource),
        message: `${resource.address} renders ${chart ? `the chart ${chart}` : "a chart"} for Terraform to pass on: check what it renders (helm template <release> <chart> | eds check -)`,
      };
    });

/**
 * A failure on a map's lacking key "default" (an index, a lookup), where the configuration reads terraform.workspace with
 * no workspace selected: its maps are usually keyed by the workspaces a deployment selects, which the check is told of
 * as terraform is (defaultWorkspaceSaid). The key may come from elsewhere (a variable whose default is "default"): the
 * words say where it is the workspace.
 */
const lacksDefaultKey = /(?:no attribute or key|lookup: no key) "default"$/;
const defaultWorkspaceSaid =
  '; where that key is the workspace, terraform.workspace is "default" here, as no workspace is selected: give the one a deployment uses with TF_WORKSPACE, or terraform workspace select in the root folder';

/** Evaluates a configuration read from a module's files (see ModuleEvaluation), with the inputs of a root module. */
function evaluated(
  stack: string,
  folder: string,
  files: readonly ModuleFile[],
  inputs: Record<string, Value>,
  problems: InputProblem[] | undefined,
  moduleCache: ModuleCache,
  filesRead?: FilesRead,
): { configuration: TfConfiguration; sensitiveOutputs: InputProblem[] } {
  const written = emptyConfiguration(stack);
  for (const { document, file, lines } of files) addTerraformJson(written, document, file, lines, problems);
  // What is read of a heredoc is placed at its lines: the root's, and each called module's as it is read.
  const withHeredocs = (read: readonly ModuleFile[]) => {
    for (const { file, heredocs } of read) for (const { text, line } of heredocs ?? []) recordText(filesRead?.texts, text, { file, line });
    return read;
  };
  withHeredocs(files);
  const configuration = { ...written, resources: [], providers: [] } as Mutable<TfConfiguration>;
  let installed: Map<string, string> | undefined;
  const reader: ModuleReader = {
    readFolder: (child) => withHeredocs(cachedModuleFiles(child, problems, moduleCache)),
    installedModule: (key) => {
      installed ??= installedModules(folder, problems);
      return installed.get(key);
    },
    ...(problems ? { problems } : {}),
    ...(filesRead ? { filesRead } : {}),
    instancesLeft: { count: maximumInstances },
    givenNoValue: new Set(),
    waitingOnData: new Set(),
    notInstalled: new Set(),
    waitingOnModules: new Set(),
    knownHere: new Set(),
    readHere: new Set(),
    filesMissing: { files: new Set(), reads: 0 },
    waitingOnFiles: new Set(),
    failures: { reads: 0, named: 0 },
    failing: new Map(),
    refused: new Set(),
    defaultWorkspace: { read: false },
    autoDeployed: new Set(),
  };
  const required = requirementsOfTree(displayPath(folder), files, reader);
  const locked = lockedProviders(folder, writesRootBlocks(written), required, problems);
  const schemas = ReferenceSchemas.forConfiguration([...required, ...locked]);
  new ModuleEvaluation(displayPath(folder), files, inputs, reader, "", [], schemas).addTo(configuration, written);
  const sensitiveOutputs = sensitiveOutputRefusals(files, schemas);
  const rendered = [
    ...chartsRendered(configuration.resources),
    ...autoDeployNotes(configuration.resources),
    ...provisionedWorkNotRead(configuration.resources),
  ];
  if (rendered.length > 0) configuration.leftToTheirTools = [...(configuration.leftToTheirTools ?? []), ...rendered];
  if (locked.length > 0) configuration.providerRequirements = [...(configuration.providerRequirements ?? []), ...locked];
  if (reader.givenNoValue!.size > 0) configuration.givenNoValue = [...reader.givenNoValue!].sort();
  // Named as the folder is given: `live/config.yml` for `eds check live`.
  const missing = reader.filesMissing!.files;
  if (missing.size > 0) configuration.filesNotHere = [...missing].map((file) => join(folder, relative(resolve(folder), file))).sort();
  if (reader.waitingOnFiles!.size > 0) configuration.waitingOnFilesNotHere = [...reader.waitingOnFiles!].sort();
  if (reader.waitingOnData!.size > 0) configuration.waitingOnDataSources = [...reader.waitingOnData!].sort();
  if (reader.waitingOnModules!.size > 0) configuration.waitingOnModulesNotInstalled = [...reader.waitingOnModules!].sort();
  if (reader.failing!.size > 0) {
    configuration.failingHere = [...reader.failing!.keys()].sort();
    if (reader.refused!.size > 0) configuration.refusedHere = [...reader.refused!].sort();
    const said = (why: string) => (reader.defaultWorkspace!.read && lacksDefaultKey.test(why) ? `${why}${defaultWorkspaceSaid}` : why);
    configuration.evaluationFailures = [...reader.failing!].flatMap(([name, why]) => (why === undefined ? [] : [`${name} (${said(why)})`])).sort();
  }
  const waits = [configuration.givenNoValue, configuration.waitingOnFilesNotHere, configuration.failingHere, configuration.waitingOnDataSources];
  if (waits.some((names) => names !== undefined) || configuration.externalModules) {
    if (reader.knownHere!.size > 0) configuration.knownHere = [...reader.knownHere!].sort();
    configuration.readHere = [...reader.readHere!].sort();
  }
  return { configuration, sensitiveOutputs };
}

/**
 * The provider versions the dependency lock file in a root module's folder selects, where `terraform init` wrote one:
 * the versions Terraform installs. In a module that writes no backend, state encryption or provider, a lock written for
 * its own tests decides nothing (hasLockOfItsOwn). What Terraform refuses in the file, and a lock the configuration's
 * requirements exclude, go to `problems`.
 */
function lockedProviders(
  folder: string,
  declaresRoot: boolean,
  requirements: readonly ProviderRequirement[],
  problems: InputProblem[] | undefined,
): ProviderRequirement[] {
  if (!(declaresRoot ? existsSync(join(folder, dependencyLockFile)) : hasLockOfItsOwn(folder))) return [];
  const path = join(folder, dependencyLockFile);
  let read: ReturnType<typeof readHcl>;
  try {
    read = readHcl(path);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    report([problemOf(error)], problems);
    return [];
  }
  const { locks, problems: refused } = providerLocks(read.document, displayPath(path), read.lines);
  report([...refused, ...locksRequirementsExclude(locks, requirements)], problems);
  return locks;
}

/**
 * The modules `terraform init` (or `tofu init`) installed for the root module in `folder`, by key, with the folder each
 * is in: `.terraform/modules/modules.json` (opentofu internal/modsdir/manifest.go: records of Key, Source, Version, Dir,
 * Dir relative to the root module's folder). None when the root was not initialised.
 */
function installedModules(folder: string, problems: InputProblem[] | undefined): Map<string, string> {
  const manifest = join(folder, ".terraform", "modules", "modules.json");
  if (!existsSync(manifest)) return new Map();
  try {
    const { Modules } = JSON.parse(readFileSync(manifest, "utf8")) as { Modules?: { Key?: unknown; Dir?: unknown }[] };
    return new Map(
      (Modules ?? [])
        .filter((record) => typeof record.Key === "string" && record.Key !== "" && typeof record.Dir === "string")
        .map((record) => [record.Key as string, join(folder, record.Dir as string)]),
    );
  } catch (error) {
    const message = `not the modules manifest terraform init writes (${(error as Error).message}): installed modules are not read`;
    if (!problems) throw new InputError(displayPath(manifest), message);
    problems.push({ file: displayPath(manifest), message });
    return new Map();
  }
}

/**
 * A module its own `terraform test` files test (`*.tftest.hcl`, `*.tftest.json`, OpenTofu's `*.tofutest.hcl`), in its
 * folder or its `tests` folder, where the test command looks by default (developer.hashicorp.com/terraform/language/tests;
 * opentofu.org/docs/cli/commands/test): `terraform init` run there for the tests writes a dependency lock file, which
 * then says nothing of a working directory that deploys it.
 */
const moduleUnderTest = (folder: string): boolean =>
  [folder, join(folder, "tests")].some(
    (candidate) => existsSync(candidate) && readdirSync(candidate).some((name) => /\.(?:tftest|tofutest)\.(?:hcl|json)$/.test(name)),
  );

/** Whether a configuration writes what only a root module does: a backend, a state encryption or a provider block. */
const writesRootBlocks = ({ backend, encryption, providers }: Pick<TfConfiguration, "backend" | "encryption" | "providers">): boolean =>
  backend !== undefined || encryption !== undefined || providers.length > 0;

/**
 * Whether a folder's configuration declares what only a root module does: its own blocks (writesRootBlocks), a
 * dependency lock file `terraform init` wrote there, which only a working directory has
 * (developer.hashicorp.com/terraform/language/files/dependency-lock), its provider configured from the environment, or
 * the variable files Terraform reads there.
 */
const declaresRootModule = (configuration: TfConfiguration, folder: string): boolean =>
  writesRootBlocks(configuration) || hasLockOfItsOwn(folder) || holdsVariableFiles(folder);

/** A module's outputs declared ephemeral, each where a root module's would be refused (see readConfigurations). */
const ephemeralOutputsOf = (files: readonly ModuleFile[]): InputProblem[] =>
  files.flatMap(({ file, document, lines }) =>
    declaredEphemeral(document, "output").map((name) => ({
      ...withLine({ file, line: lineOf(lines, `output.${name}`) }),
      message: `output.${name} is declared ephemeral in a root module, which Terraform refuses: only a module another calls may give an ephemeral output`,
    })),
  );

/** Whether a folder holds a dependency lock file of a working directory that deploys it: one not written for its tests. */
const hasLockOfItsOwn = (folder: string): boolean => existsSync(join(folder, dependencyLockFile)) && !moduleUnderTest(folder);

/**
 * The root modules under a folder: the folder given, and every folder below it with Terraform files, hidden ones too
 * (but the module copies of .terraform and .terragrunt-cache), except those
 * another one calls as a local module (they are evaluated inside their caller, never judged alone, since a module has
 * no backend or provider of its own). Below the folder given, one that declares no backend, state encryption or
 * provider, and holds no dependency lock file, is a module judged alone (TfConfiguration.moduleAlone): a module's example that leaves its provider to the
 * environment, or a module called from elsewhere. Each is judged, and none is left out unsaid.
 */
function rootModules(folder: string, problems: InputProblem[] | undefined, cache: ModuleCache): { folder: string; files: ModuleFile[] }[] {
  const found: { folder: string; files: ModuleFile[]; names: readonly string[] }[] = [];
  // The files the Terraform files found link to (`outputs.tf -> ../common/outputs.tf`), by their real paths. A folder
  // whose every Terraform file is so linked holds parts shared by the modules that link them, read in each of these
  // (Terraform reads a link as the file it leads to), and is no module of its own: judged alone, its files would name
  // blocks their modules declare.
  const linked = new Set<string>();
  const visit = (current: string) => {
    const entries = readdirSync(current, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    const names = terraformFilesIn(current);
    if (names.length > 0) {
      found.push({ folder: current, files: cachedModuleFiles(current, problems, cache), names });
      for (const entry of entries) if (entry.isSymbolicLink() && names.includes(entry.name)) linked.add(realPath(join(current, entry.name)));
    }
    // A hidden folder is Terraform's like any other (a CI's environment, `environments/.ci/tofu`).
    for (const entry of entries) if (entry.isDirectory() && !skippedFolders.has(entry.name)) visit(join(current, entry.name));
  };
  visit(folder);
  const called = new Set<string>();
  for (const { folder: caller, files } of found)
    for (const { document } of files)
      for (const group of blocks(document.module))
        for (const body of Object.values(group).flatMap(blocks))
          if (typeof body.source === "string" && /^\.\.?\//.test(body.source)) called.add(resolve(caller, body.source));
  return found.filter(
    (root) => root.folder === folder || (!called.has(resolve(root.folder)) && !root.names.every((name) => linked.has(realPath(join(root.folder, name))))),
  );
}

const realPath = (path: string): string => {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
};

/**
 * clusterctl's workload cluster templates: `cluster-template.yaml` and each `cluster-template-<flavor>.yaml` is a cluster
 * of its own, one of which `clusterctl generate cluster --flavor` renders and kubectl applies (cluster-api book,
 * clusterctl generate cluster, "Flavors"): each is judged as a stack apart, its objects no duplicates of another's.
 */
const clusterctlTemplate = /^cluster-template(?:-[^/]+)?\.ya?ml$/;

/**
 * A file named on the command line, read as Terraform or JSON (a plan written to a file with no extension is one). A
 * file of another kind that is no JSON (a README, Go code) is said to be one, not misread as broken JSON.
 */
function readNamedFile(path: string): ReturnType<typeof readTerraformFile> {
  try {
    return readTerraformFile(path);
  } catch (error) {
    // Only text that is no JSON: a file that cannot be read (a device, a folder) says why.
    if (isHclFile(path) || path.endsWith(".json") || !(error instanceof InputError) || !error.message.includes("not valid JSON")) throw error;
    throw new InputError(
      displayPath(path),
      "not a file eds check reads: it reads Terraform (.tf, .tf.json, .tofu, .tofu.json), a plan or a Kubernetes object in JSON, Kubernetes manifests (.yaml, .yml), and folders of these",
    );
  }
}

/**
 * Reads what `eds check` is given: a cdk.tf.json, a cdktf.out folder (every stack), a plan in JSON, a .tf or .tf.json
 * file (or OpenTofu's .tofu, .tofu.json), a folder of such files (a root module, with the root modules below it), or a
 * folder of such folders (a repository: each root module, see rootModules). Terraform files are evaluated as Terraform would before plan (variables, locals, count, for_each,
 * dynamic blocks, local modules: see module.ts). A file that cannot be read or parsed (an encrypted blob, HCL 0.11
 * syntax) goes to `inputProblems` when given, and the rest is read; without it, it throws.
 */
export async function readConfigurations(
  paths: readonly string[],
  inputProblems?: InputProblem[],
  variables: VariableInputs = {},
  manifestNamespace = "default",
): Promise<TfConfiguration[]> {
  const configurations: TfConfiguration[] = [];
  const moduleCache: ModuleCache = new Map();
  // The files the Terraform read has read with its functions: YAML among them is the Terraform's, not kubectl's.
  const filesRead: FilesRead = { files: new Set(), texts: new Map() };
  // The variables the root modules read declare: a --var must name one of them.
  const declaredInRoots = new Set<string>();
  let rootsRead = 0;
  const readRoot = (files: readonly ModuleFile[]) => {
    rootsRead++;
    for (const name of declaredVariables(files).keys()) declaredInRoots.add(name);
  };
  const tolerant = (read: () => void) => {
    try {
      read();
    } catch (error) {
      if (!(error instanceof InputError) || !inputProblems) throw error;
      inputProblems.push(problemOf(error));
    }
  };
  // A configuration read as one root module (a cdktf stack, a file named alone): what Terraform refuses in a root
  // module's outputs is an input problem, as in a folder; a file that declares an output ephemeral and nothing a root
  // module does is a module's, judged alone.
  const pushRoot = (files: readonly ModuleFile[], folder: string, { configuration, sensitiveOutputs }: ReturnType<typeof evaluated>) => {
    const ephemeralOutputs = ephemeralOutputsOf(files);
    if (ephemeralOutputs.length > 0 && !declaresRootModule(configuration, folder)) {
      configurations.push({ ...configuration, moduleAlone: true });
      return;
    }
    inputProblems?.push(...ephemeralOutputs, ...sensitiveOutputs);
    configurations.push(configuration);
  };
  const readManifests = (stack: string, files: readonly string[], named: boolean, found: FolderNotes = emptyNotes()): boolean => {
    const { sources } = found;
    const problems: InputProblem[] = [...found.problems];
    const texts = files.map((file) => ({
      file: file === "-" ? standardInput : displayPath(file),
      text: file === "-" ? readStandardInput() : folderText(found, file),
      ...givenNamespaceOf(found, file),
    }));
    // A file named, or the standard input, that is another tool's source is said so and not read (a folder's were left
    // out where they were met: manifestFilesIn).
    const read = named
      ? texts.filter(({ file, text }) => {
          const source = otherToolsSource(text);
          if (source) problems.push({ file, message: source });
          return source === undefined;
        })
      : texts;
    const configuration = manifestConfiguration(stack, read, manifestNamespace, problems, named ? "named" : "folder");
    // A chart or a Kustomize folder among manifests is named in the report, as beside Terraform; given alone, with
    // nothing else to judge, it is an input problem.
    if (configuration) configurations.push(sources.length > 0 ? { ...configuration, leftToTheirTools: sources } : configuration);
    else problems.unshift(...sources);
    report(problems, inputProblems);
    return configuration !== undefined || problems.length > 0;
  };
  // A path given twice (or as . and its absolute form) is read once: its resources are not two of each.
  for (const path of paths.filter((path, i) => paths.findIndex((other) => resolve(other) === resolve(path)) === i)) {
    if (path === "-") {
      readManifests("stdin", ["-"], true);
      continue;
    }
    if (!existsSync(path)) throw new InputError(displayPath(path), "no such file or folder");
    if (statSync(path).isDirectory()) {
      if (existsSync(join(path, "manifest.json"))) {
        const stacks = cdktfStacks(path);
        if (stacks.length === 0) throw new InputError(displayPath(join(path, "manifest.json")), "the cdktf manifest lists no stack: there is nothing to check");
        for (const stack of stacks)
          tolerant(() => {
            const files = [readTerraformFile(stack.file)];
            pushRoot(files, dirname(stack.file), evaluated(stack.name, dirname(stack.file), files, {}, inputProblems, moduleCache));
          });
        continue;
      }
      const roots = rootModules(path, inputProblems, moduleCache);
      if (roots.length === 0) {
        const found = emptyNotes();
        const files = folderManifests(path, found);
        const templates = files.filter((file) => clusterctlTemplate.test(basename(file)));
        const shared = files.filter((file) => !templates.includes(file));
        const stacks = [
          ...(shared.length > 0 || templates.length === 0 ? [{ stack: basename(resolve(path)), files: shared }] : []),
          ...templates.map((file) => ({ stack: relative(path, file).split(sep).join("/"), files: [file] })),
        ];
        // Each stack is read, the folder's notes given with the first.
        if (stacks.map(({ stack, files }, i) => readManifests(stack, files, false, i === 0 ? found : emptyNotes())).includes(true)) continue;
        const yaml = files.map((file) => relative(path, file).split(sep).join("/"));
        const shown = yaml.length > 3 ? `${yaml.slice(0, 3).join(", ")} and ${yaml.length - 3} more` : yaml.join(", ");
        throw new InputError(
          displayPath(path),
          `no manifest.json (cdktf output), .tf, .tf.json, .tofu or .tofu.json file, and no Kubernetes manifest (.yaml, .yml), in this folder or below${yaml.length > 0 ? `: its YAML files (${shown}) hold no object with an apiVersion and a kind` : ""}`,
        );
      }
      const read: {
        folder: string;
        configuration: TfConfiguration;
        declaresRoot: boolean;
        terragrunt: boolean;
        ephemeralOutputs: InputProblem[];
        sensitiveOutputs: InputProblem[];
      }[] = [];
      for (const root of roots) {
        if (root.files.length === 0) continue;
        const stack = root.folder === path ? basename(resolve(path)) : relative(path, root.folder).split(sep).join("/");
        readRoot(root.files);
        tolerant(() => {
          const { configuration, sensitiveOutputs } = evaluated(
            stack,
            root.folder,
            root.files,
            rootInputs(root.folder, root.files, variables),
            inputProblems,
            moduleCache,
            filesRead,
          );
          // Terragrunt writes a unit's backend into its folder before it runs Terraform there (terragrunt.gruntwork.io,
          // config blocks: remote_state, generate; a parent's, through include): not in the files read here.
          const terragrunt = existsSync(join(root.folder, "terragrunt.hcl"));
          const ephemeralOutputs = ephemeralOutputsOf(root.files);
          read.push({
            folder: root.folder,
            configuration,
            // With its modules' blocks: a root module may leave its provider block to a module it calls.
            declaresRoot: declaresRootModule(configuration, root.folder),
            terragrunt,
            ephemeralOutputs,
            sensitiveOutputs,
          });
        });
      }
      // A folder another one called as a module, by a source its evaluation gave (`"${local.base}/network"`), was
      // judged inside its caller: not alone as well.
      const calledFolders = new Set(
        read.flatMap(({ folder, configuration }) => configuration.files.map((file) => dirname(resolve(file))).filter((called) => called !== resolve(folder))),
      );
      // The folder given is a root module, unless a root module below it calls it and it declares nothing a root module
      // does: a module published from its repository's root, with its examples. It is judged with its defaults all the
      // same, as a module judged alone: where its state lives is its callers' to say.
      // So is one that declares an output ephemeral, which only a module another calls may.
      const alone = ({ folder, declaresRoot, terragrunt, ephemeralOutputs }: (typeof read)[number]) =>
        terragrunt || (!declaresRoot && (folder !== path || calledFolders.has(resolve(folder)) || ephemeralOutputs.length > 0));
      const judged = read.filter(({ folder }) => folder === path || !calledFolders.has(resolve(folder)));
      // A root module's output declared ephemeral is refused: no caller would take its value (Terraform 1.10+,
      // internal/terraform/node_output.go: "Ephemeral outputs are not allowed in context of a root module").
      // So is one whose value is sensitive, not declared so ("Output refers to sensitive values").
      for (const root of judged) if (!alone(root)) inputProblems?.push(...root.ephemeralOutputs, ...root.sensitiveOutputs);
      configurations.push(...judged.map((root) => (alone(root) ? { ...root.configuration, moduleAlone: true as const } : root.configuration)));
      // A repository's Kubernetes manifests are judged, in its Terraform folders too: they were left out unsaid. Beside
      // Terraform, YAML that is no manifest kubectl applies (a chart, a Kustomize folder, Ansible's Jinja) is another
      // tool's, and left to it, not an input problem; and so is YAML the Terraform reads (manifestsBesideTerraform).
      {
        const found = emptyNotes();
        const owners = new Map<string, readonly string[]>();
        const files = folderManifests(path, found, owners);
        const copied = copiedByProvisioners(read);
        const textOf = (file: string) => folderText(found, file);
        const beside = manifestsBesideTerraform(path, files, owners, filesRead.files, copied, terraformFilesIn, textOf, (stack, texts, problems) =>
          manifestConfiguration(
            stack,
            texts.map((text) => ({ ...text, ...givenNamespaceOf(found, text.path) })),
            manifestNamespace,
            problems,
            "beside",
          ),
        );
        report(beside.problems, inputProblems);
        // A chart or a Kustomize folder there is named in the report, with the command that renders what it applies, and
        // so is a file that cannot be read there (a link that leads nowhere): the repository's, not the check's input.
        const notes = [...found.sources, ...found.problems];
        const stack = basename(resolve(path));
        const own = beside.configurations.find((configuration) => configuration.stack === stack);
        configurations.push(...beside.configurations.filter((configuration) => configuration !== own));
        if (own || notes.length > 0)
          configurations.push({
            ...(own ?? { stack, files: [], resources: [], providers: [], backend: undefined, manifests: true }),
            ...(notes.length > 0 ? { leftToTheirTools: notes } : {}),
          });
      }
      continue;
    }
    if (isManifestFile(path)) {
      readManifests(basename(path).replace(/\.ya?ml$/, ""), [path], true);
      continue;
    }
    const stack = basename(path) === "cdk.tf.json" ? basename(dirname(resolve(path))) : basename(path).replace(/(\.tf|\.tofu)?(\.json)?$/, "");
    tolerant(() => {
      const file = readNamedFile(path);
      // `terraform show -json` of a state (values, no planned_values) is neither a plan nor a configuration.
      if (!isHclFile(path) && "values" in file.document && "format_version" in file.document && !isPlan(file.document))
        throw new InputError(
          displayPath(path),
          "a state (terraform show -json with no plan), not a plan or a configuration: give terraform show -json <plan file>",
        );
      if (!isHclFile(path) && isPlan(file.document)) {
        configurations.push(fromPlan(file.document, displayPath(path), stack, inputProblems));
        return;
      }
      // A Kubernetes object in JSON (`kubectl get -o json`), not Terraform.
      if (!isHclFile(path) && !/\.(tf|tofu)\.json$/.test(path) && isKubernetesJson(file.document)) {
        readManifests(stack, [path], true);
        return;
      }
      readRoot([file]);
      pushRoot([file], dirname(path), evaluated(stack, dirname(path), [file], rootInputs(undefined, [file], variables), inputProblems, moduleCache));
    });
  }
  // Terraform refuses a --var for a variable the root module does not declare ("Value for undeclared variable",
  // backend/unparsed_value.go); with several root modules, one that declares it is enough.
  if (rootsRead > 0)
    for (const { option, value } of variables.given ?? []) {
      const name = option === "var" ? /^([A-Za-z_][\w-]*)=/.exec(value)?.[1] : undefined;
      if (name !== undefined && !declaredInRoots.has(name)) {
        const problem = new InputError(
          `--var ${name}`,
          "no root module read declares a variable of that name: Terraform refuses a value for an undeclared variable",
        );
        if (!inputProblems) throw problem;
        inputProblems.push(problemOf(problem));
      }
    }
  // A module two root modules call is read with each: what Terraform refuses in it is said once.
  if (inputProblems) {
    const said = new Set<string>();
    const once = inputProblems.filter(({ file, line, message }) => {
      const key = `${file}\0${line}\0${message}`;
      return !said.has(key) && Boolean(said.add(key));
    });
    for (const [i, problem] of once.entries()) inputProblems[i] = problem;
    inputProblems.length = once.length;
  }
  return configurations.map((configuration) => withControlPlaneNotes(withHeldObjects(withClassMadeObjects(configuration))));
}

/** A configuration with what the report names of its Cluster API control planes' manifests folders (controlPlaneManifestNotes). */
function withControlPlaneNotes(configuration: TfConfiguration): TfConfiguration {
  const notes = controlPlaneManifestNotes(configuration.resources);
  return notes.length === 0 ? configuration : { ...configuration, leftToTheirTools: [...(configuration.leftToTheirTools ?? []), ...notes] };
}
