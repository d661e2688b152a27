import { createHash } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join as joinPath } from "node:path";
import type { Ajv as AjvInstance, ErrorObject, ValidateFunction } from "ajv";
import { blockSchema, metaArguments, providerMetaArguments } from "./json-schema";
import { providerOf, type ProviderSchemaDocument, type SchemaBlock } from "./provider-schema";
import { removedArgumentSaid, removedTypeSaid } from "./removed";
import { blockModes, isMap, modeKeywords, modePrefixes } from "../lib/values";

/** One place where a configuration departs from the provider's schema. */
export interface ConformanceIssue {
  /** Terraform address: `type.name`, `data.type.name`, `ephemeral.type.name` or `provider.name`. */
  readonly address: string;
  /** Attribute path inside the block, such as block_device[0].volume_type; empty for the block itself. */
  readonly path: string;
  readonly message: string;
  /** Set where what is refused may be taken all the same, on what the configuration does not hold (requiredUnlessEnvironment). */
  readonly outcome?: "cannot-evaluate";
}

type Section = "resource" | "data" | "ephemeral" | "provider";

/** How a message names a block of a section's type. */
const sectionBlock: Readonly<Record<Section, string>> = { resource: "resource", data: "data source", ephemeral: "ephemeral resource", provider: "provider" };

/**
 * Required arguments the OpenStack provider also reads from an environment variable (schema.EnvDefaultFunc in its
 * v3.4.0 source): where the variable is set, the plugin SDK makes the argument optional (terraform-plugin-sdk v2,
 * helper/schema/core_schema.go, coreConfigSchemaAttribute: a Required attribute whose DefaultFunc gives a value), and
 * Terraform takes the block without it. Whether it is set where Terraform runs is not in the configuration.
 */
const requiredUnlessEnvironment: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "resource:openstack_networking_floatingip_v2": { pool: "OS_POOL_NAME" },
  "resource:openstack_containerinfra_cluster_v1": { cluster_template_id: "OS_MAGNUM_CLUSTER_TEMPLATE" },
  "resource:openstack_containerinfra_clustertemplate_v1": { image: "OS_MAGNUM_IMAGE" },
};

/** Terraform JSON allows a section, a type or a block to be an object or an array of objects: list the bodies. */
export function* bodiesOf(section: unknown): Generator<[string, string, unknown]> {
  for (const group of Array.isArray(section) ? section : [section]) {
    if (!group || typeof group !== "object") continue;
    for (const [type, byName] of Object.entries(group as Record<string, unknown>)) {
      for (const names of Array.isArray(byName) ? byName : [byName]) {
        if (!names || typeof names !== "object") continue;
        for (const [name, body] of Object.entries(names as Record<string, unknown>)) yield [type, name, body];
      }
    }
  }
}

/** Loaded only when a validator must be compiled: precompiled validators need no ajv at run time. */
const requireHere = createRequire(import.meta.url);

const ajvOptions = { allErrors: true, verbose: true, strict: false } as const;

const sections: readonly Section[] = ["resource", "data", "ephemeral", "provider"];

/** The file of one precompiled validator, inside the folder of its schema. */
const validatorFile = (folder: string, section: Section, type: string): string => joinPath(folder, `${section}.${type}.cjs`);

/**
 * The folder precompiled validators live in: one per schema content and converter source (json-schema.ts), so neither a
 * new schema nor a change to the conversion ever meets stale code.
 */
export const precompiledFolder = (root: string, schemaText: string, converterSource: string): string =>
  joinPath(root, createHash("sha256").update(schemaText).update(converterSource).digest("hex").slice(0, 16));

/**
 * Checks Terraform JSON against a provider's schema with ajv. Validators are compiled once per block type, on first
 * use, or loaded already compiled from `precompiled` (written by `precompileValidators` at build time).
 */
export class ProviderSchemaValidator {
  readonly providerName: string;
  private ajv: AjvInstance | undefined;
  private readonly compiled = new Map<string, ValidateFunction | null>();
  private readonly blocks: Record<Section, Record<string, { block: SchemaBlock }>>;

  constructor(
    document: ProviderSchemaDocument,
    /** Folder of precompiled validators for this document; validators missing there are compiled with ajv. */
    readonly precompiled?: string,
    /** The provider version the document describes, when known (its file's name says it). */
    readonly version?: string,
  ) {
    const { name, schema } = providerOf(document);
    this.providerName = name;
    this.blocks = {
      resource: schema.resource_schemas ?? {},
      data: schema.data_source_schemas ?? {},
      ephemeral: schema.ephemeral_resource_schemas ?? {},
      provider: { [name]: schema.provider },
    };
  }

  /** Writes every block type's validator as standalone code (ajv's own standalone generator) into `folder`. */
  precompile(folder: string): void {
    const { Ajv } = requireHere("ajv") as typeof import("ajv");
    const standaloneCode = (requireHere("ajv/dist/standalone") as typeof import("ajv/dist/standalone")).default;
    mkdirSync(folder, { recursive: true });
    for (const section of sections) {
      for (const type of Object.keys(this.blocks[section])) {
        const ajv = new Ajv({ ...ajvOptions, code: { source: true } });
        writeFileSync(validatorFile(folder, section, type), standaloneCode(ajv, ajv.compile(this.jsonSchemaOf(section, type)!)));
      }
    }
  }

  /** Whether a resource or data source type belongs to this provider. */
  covers(type: string): boolean {
    return type === this.providerName || type.startsWith(`${this.providerName}_`);
  }

  /** The schema of a resource, data source or ephemeral resource type of this provider, as `terraform providers schema -json` prints it. */
  blockOf(section: Exclude<Section, "provider">, type: string): SchemaBlock | undefined {
    return Object.hasOwn(this.blocks[section], type) ? this.blocks[section][type]!.block : undefined;
  }

  /** Every departure from the schema in a Terraform JSON document (resources, data sources, ephemeral resources, provider blocks). */
  validateConfig(config: Record<string, unknown>): ConformanceIssue[] {
    const issues: ConformanceIssue[] = [];
    for (const mode of blockModes)
      for (const [type, name, body] of bodiesOf(config[modeKeywords[mode]]))
        if (this.covers(type)) issues.push(...this.validateBody(modeKeywords[mode], type, body, `${modePrefixes[mode]}${type}.${name}`));
    for (const group of Array.isArray(config.provider) ? config.provider : [config.provider]) {
      for (const [type, bodies] of Object.entries((group ?? {}) as Record<string, unknown>)) {
        if (type !== this.providerName) continue;
        for (const body of Array.isArray(bodies) ? bodies : [bodies]) issues.push(...this.validateBody("provider", type, body, `provider.${type}`));
      }
    }
    return issues;
  }

  /** Checks one block body of the given type. */
  validateBody(section: Section, type: string, body: unknown, address: string): ConformanceIssue[] {
    const validate = this.validator(section, type);
    if (!validate) {
      // An ephemeral resource type the provider does not have is refused too ("Invalid ephemeral resource type").
      const unknownType = `unknown ${sectionBlock[section]} type ${type} in provider ${this.providerName}`;
      const removed = section === "provider" || section === "ephemeral" ? undefined : removedTypeSaid(section, type);
      return [{ address, path: "", message: removed ? `${unknownType}: ${removed}` : unknownType }];
    }
    if (validate(withoutNulls(body))) return [];
    const errors = validate.errors ?? [];
    // A bool's schema has a type and an enum: a value of another type fails both, and is said once.
    const mistyped = new Set(errors.filter((error) => error.keyword === "type").map((error) => error.instancePath));
    return errors
      .filter((error) => error.keyword === "type" || !mistyped.has(error.instancePath))
      .flatMap((error) => {
        const removed = error.instancePath === "" && section !== "ephemeral" ? (argument: string) => removedArgumentSaid(section, type, argument) : undefined;
        const described = describe(error, removed);
        const variable =
          error.keyword === "required" && error.instancePath === ""
            ? requiredUnlessEnvironment[`${section}:${type}`]?.[error.params.missingProperty]
            : undefined;
        return variable
          ? described.map((issue) => ({
              ...issue,
              message: `${issue.message}, unless ${variable} is set where Terraform runs: the provider then takes the argument from it, which the configuration does not say`,
              outcome: "cannot-evaluate" as const,
            }))
          : described;
      })
      .map((issue) => ({ address, ...issue }));
  }

  private jsonSchemaOf(section: Section, type: string) {
    const entry = this.blocks[section][type];
    return entry ? blockSchema(entry.block, section === "provider" ? providerMetaArguments : metaArguments) : undefined;
  }

  private validator(section: Section, type: string): ValidateFunction | null {
    const key = `${section}:${type}`;
    if (!this.compiled.has(key)) this.compiled.set(key, this.load(section, type));
    return this.compiled.get(key) ?? null;
  }

  private load(section: Section, type: string): ValidateFunction | null {
    if (!this.blocks[section][type]) return null;
    const file = this.precompiled && validatorFile(this.precompiled, section, type);
    if (file && existsSync(file)) return requireHere(file) as ValidateFunction;
    if (!this.ajv) {
      const { Ajv } = requireHere("ajv") as typeof import("ajv");
      this.ajv = new Ajv(ajvOptions);
    }
    return this.ajv.compile(this.jsonSchemaOf(section, type)!);
  }
}

/**
 * A block body without its null arguments, at every depth: Terraform takes null for an argument left out, and the
 * providers' SDK drops null attributes before it validates a configuration (terraform-plugin-sdk/v2
 * internal/configs/hcl2shim/values.go, ConfigValueFromHCL2Block: "Skip nulls altogether"), so a computed attribute set
 * to null is no error, and a required one is missing; a map's null element is dropped too (the SDK's data shows the key
 * omitted: github.com/hashicorp/terraform-provider-external/issues/208). The body itself when it holds no null.
 */
function withoutNulls(value: unknown): unknown {
  return holdsNull(value) ? copiedWithoutNulls(value) : value;
}

function holdsNull(value: unknown): boolean {
  if (value === null) return true;
  if (typeof value !== "object") return false;
  if (Array.isArray(value)) return value.some(holdsNull);
  for (const key in value) if (holdsNull((value as Record<string, unknown>)[key])) return true;
  return false;
}

function copiedWithoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).flatMap(([key, item]): [string, unknown][] => (item === null ? [] : [[key, withoutNulls(item)]])));
}

const jsonType = (value: unknown): string => (value === null ? "null" : Array.isArray(value) ? "array" : typeof value);

const toPath = (pointer: string): string =>
  pointer
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), "");

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/**
 * How Terraform 0.11 wrote what came as a list where Terraform 0.12 and later refuse it: a map or an object as a block
 * (`metadata { ... }`: "Unsupported block type ... Did you mean to define argument"), a list as the one element of a
 * list (`["${var.groups}"]`, which 0.11 flattened: "element 0: string required"). Empty for any other value.
 */
function legacyFormSaid(error: ErrorObject, path: string, described: string | undefined): string {
  const data: unknown = error.data;
  if (!Array.isArray(data) || data.length === 0) return "";
  const argument = /([\w-]+)(?:\[\d+\])?$/.exec(path)?.[1] ?? path;
  if (error.params.type === "object" && described !== undefined && described !== "map of blocks" && data.every(isMap))
    return ` (a block ${argument} { ... }, the form of Terraform 0.11, or a list of objects): Terraform 0.12 and later take the argument ${argument} = { ... }`;
  if (/\[\d+\]$/.test(path) && ["string", "number", "bool"].includes(described ?? "") && !data.some((item) => typeof item === "object"))
    return ` (a list inside the list, as ${argument} = ["\${var.<a list>}"] writes, which Terraform 0.11 flattened and 0.12 and later do not): write the list without brackets, ${argument} = var.<a list>`;
  return "";
}

/** An ajv error as a finding: `removed` says why an argument the block does not have is not there, where it can. */
function describe(error: ErrorObject, removed?: (argument: string) => string | undefined): { path: string; message: string }[] {
  const path = toPath(error.instancePath);
  const described = (error.parentSchema as { description?: string } | undefined)?.description;
  switch (error.keyword) {
    case "if":
      return [];
    case "required":
      return [{ path, message: `missing required argument "${error.params.missingProperty}"` }];
    case "additionalProperties":
      return [
        {
          path: join(path, error.params.additionalProperty),
          message: `unsupported argument "${error.params.additionalProperty}": ${removed?.(error.params.additionalProperty) ?? "the provider schema has no such attribute or block"}`,
        },
      ];
    case "not":
      return [{ path, message: "read-only attribute: the provider computes it, a configuration cannot set it" }];
    case "type":
      return [{ path, message: `expected ${described ?? error.params.type}, got ${jsonType(error.data)}${legacyFormSaid(error, path, described)}` }];
    case "pattern":
    case "enum":
      return [{ path, message: `expected ${described ?? "another value"}, got ${jsonType(error.data)} ${JSON.stringify(error.data)}` }];
    case "minItems":
      return [{ path, message: `expected at least ${error.params.limit} block(s), got ${(error.data as unknown[]).length}` }];
    case "maxItems":
      return [{ path, message: `expected at most ${error.params.limit} block(s), got ${(error.data as unknown[]).length}` }];
    default:
      return [{ path, message: error.message ?? error.keyword }];
  }
}
