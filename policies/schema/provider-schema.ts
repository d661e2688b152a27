/** The shape printed by `terraform providers schema -json` (the parts we read). */
export type TerraformType = string | [string, TerraformType] | ["object", Record<string, TerraformType>] | [string, ...unknown[]];

export interface SchemaAttribute {
  readonly type?: TerraformType;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly deprecated?: boolean;
}

/** Whether a configuration may set an attribute: the others only the provider writes (computed, neither required nor optional). */
export const settable = (attribute: SchemaAttribute): boolean => attribute.required === true || attribute.optional === true;

export interface SchemaBlock {
  readonly attributes?: Record<string, SchemaAttribute>;
  readonly block_types?: Record<string, SchemaBlockType>;
}

export interface SchemaBlockType {
  readonly nesting_mode: "single" | "group" | "list" | "set" | "map";
  readonly block: SchemaBlock;
  readonly min_items?: number;
  readonly max_items?: number;
}

export interface ProviderSchemaDocument {
  readonly format_version: string;
  readonly provider_schemas: Record<
    string,
    {
      readonly provider: { readonly block: SchemaBlock };
      readonly resource_schemas?: Record<string, { readonly block: SchemaBlock }>;
      readonly data_source_schemas?: Record<string, { readonly block: SchemaBlock }>;
      readonly ephemeral_resource_schemas?: Record<string, { readonly block: SchemaBlock }>;
    }
  >;
}

/** Reads the one provider of a schema document; `name` is its short name, such as "openstack". */
export function providerOf(document: ProviderSchemaDocument): { name: string; schema: ProviderSchemaDocument["provider_schemas"][string] } {
  const entries = Object.entries(document.provider_schemas ?? {});
  if (entries.length !== 1) throw new Error(`expected the schema of exactly one provider, found ${entries.length}`);
  const [source, schema] = entries[0]!;
  return { name: source.split("/").pop()!, schema };
}
