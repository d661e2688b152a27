import type { ProviderRequirement } from "../engine/model";
import type { SchemaBlock } from "./provider-schema";
import { openstackSchema, requirementNotCarried } from "./source";
import { modeKeywords, modeOfType } from "../lib/values";

/**
 * The schemas of Terraform's built-in provider (terraform.io/builtin/terraform), which needs no download: its resource
 * and its data source, by the attributes a reference may read and their types (opentofu internal/builtin/providers/tf:
 * provider.go, resource_data.go, data_source_state.go).
 */
const builtIn: Readonly<Record<string, SchemaBlock>> = {
  // Its id and its output are computed: unknown in the plan that creates it, whatever its input (terraform plan 1.11
  // refuses a count that compares its output to a literal input).
  terraform_data: {
    attributes: {
      id: { type: "string", computed: true },
      input: { type: "dynamic" },
      output: { type: "dynamic", computed: true },
      triggers_replace: { type: "dynamic" },
    },
  },
  "data.terraform_remote_state": {
    attributes: {
      backend: { type: "string" },
      config: { type: "dynamic" },
      defaults: { type: "dynamic" },
      outputs: { type: "dynamic" },
      workspace: { type: "string" },
    },
  },
};

/** The schema of a block's type, and what it is, for the messages. */
export interface TypeSchema {
  readonly block: SchemaBlock;
  readonly from: string;
}

/**
 * The provider schemas a configuration's references are read against: the built-in provider's always, and the OpenStack
 * provider's carried schema where the provider Terraform installs is that one (requirementNotCarried). Terraform
 * installs one version of a provider for every module of the configuration (requirementsOfTree): a module's pin to
 * another version, or its source elsewhere, leaves every module's OpenStack blocks unjudged.
 */
export class ReferenceSchemas {
  private constructor(private readonly openstackCarried: boolean) {}

  /** The schemas of a configuration whose modules, all of them, require `requirements`. */
  static forConfiguration(requirements: readonly ProviderRequirement[]): ReferenceSchemas {
    const schema = requirements.some((requirement) => requirement.name === "openstack") ? openstackSchema() : undefined;
    return new ReferenceSchemas(!(schema && requirementNotCarried(requirements, schema)));
  }

  /** The schema of a resource type (`type`), data source type (`data.type`) or ephemeral resource type (`ephemeral.type`) of the provider `provider` (its local name). */
  of(type: string, provider: string): TypeSchema | undefined {
    if (Object.hasOwn(builtIn, type)) return { block: builtIn[type]!, from: "the schema of Terraform's built-in provider" };
    if (provider !== "openstack" || !this.openstackCarried) return undefined;
    const schema = openstackSchema();
    const { mode, bare } = modeOfType(type);
    const block = schema?.blockOf(modeKeywords[mode], bare);
    return block && { block, from: `the schema of the OpenStack provider${schema!.version ? ` ${schema!.version}` : ""}` };
  }
}
