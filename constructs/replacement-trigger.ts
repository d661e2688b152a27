import { TerraformResource } from "cdktf";
import type { Construct } from "constructs";

/**
 * A built-in `terraform_data` resource holding values whose change must replace another resource: that resource names
 * `address` in its `lifecycle.replaceTriggeredBy`.
 *
 * Not cdktf's DataResource: its constructor adds a validation that runs `terraform version` at synthesis (cdktf 0.21.0,
 * lib/terraform-data-resource.js), which makes synthesis fail where only OpenTofu, or no engine at all, is installed,
 * and starts a process each time. The engine's version is required where it runs, in each stack's `required_version`.
 */
export class ReplacementTrigger extends TerraformResource {
  constructor(
    scope: Construct,
    id: string,
    private readonly values: Readonly<Record<string, string>>,
  ) {
    super(scope, id, { terraformResourceType: "terraform_data", terraformGeneratorMetadata: { providerName: "terraform" } });
  }

  /** The bare address: Terraform reads each item of `replace_triggered_by` as a reference, and refuses cdktf's "${...}". */
  get address(): string {
    return `${this.terraformResourceType}.${this.friendlyUniqueId}`;
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { triggers_replace: this.values };
  }
}
