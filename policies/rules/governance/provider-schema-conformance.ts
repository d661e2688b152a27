import { allowsVersion } from "../../../lib/version-constraint";
import { cite, configurationPolicy } from "../../engine/policy";
import type { ProviderSchemaValidator } from "../../schema/conformance";
import { refusedByProvider } from "../../schema/provider-validations";
import { openstackSchemaValidator, providerSchemaPath } from "../../schema/source";

let validator: ProviderSchemaValidator | null | undefined;

/** The OpenStack provider's schema, read once per process; null when no schema file is available. */
function openstackValidator(): ProviderSchemaValidator | null {
  if (validator === undefined) {
    const path = providerSchemaPath();
    validator = path ? openstackSchemaValidator(path) : null;
  }
  return validator;
}

/**
 * The source address of the provider whose schema is carried: `terraform-provider-openstack/openstack`, on Terraform's
 * registry or OpenTofu's, which serve the same releases (a source address is [hostname/]namespace/type, in any case).
 * Another is another provider's build: the pre-0.13 `terraform-providers/openstack` holds the 1.x releases alone (the
 * registry warns "this provider has moved to terraform-provider-openstack/openstack"), a fork its own schema.
 */
const schemaSource = /^(?:registry\.terraform\.io\/|registry\.opentofu\.org\/)?terraform-provider-openstack\/openstack$/i;

export default configurationPolicy(
  {
    id: "provider-schema-conformance",
    title: "OpenStack blocks follow the provider's schema",
    description:
      "Checks every openstack_* resource, data source and provider block against the OpenStack provider schema: required arguments present, no unknown or read-only argument, types and block nesting right, no type or argument the provider removed (which names what to write instead); and a security group rule's direction, ethertype and protocol against what the provider's own validation takes. A configuration whose required_providers take the provider from another source, or exclude the version of the schema carried, is not evaluable.",
    rationale:
      "A misspelt argument is silently ignored by nothing and rejected late by Terraform, or worse, a security setting written under the wrong name never takes effect; policies can only trust what the provider will read.",
    remediation: "Fix the argument named in the finding (see the provider documentation for the resource).",
    severity: "medium",
    references: [cite("secnumcloud-3.2", "12.10.a-c"), cite("anssi", "Hygiene 34", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  (configuration) => {
    const openstack = configuration.resources.some((r) => r.provider === "openstack") || configuration.providers.some((p) => p.name === "openstack");
    if (!openstack) return [];
    const schema = openstackValidator();
    if (!schema)
      return [
        { message: "no OpenStack provider schema is available (set OPENSTACK_PROVIDER_SCHEMA)", address: "provider.openstack", outcome: "cannot-evaluate" },
      ];
    const otherSource = configuration.providerRequirements?.find(
      (requirement) => requirement.name === "openstack" && requirement.source !== undefined && !schemaSource.test(requirement.source),
    );
    if (otherSource)
      return [
        {
          message: `the configuration takes the OpenStack provider from ${otherSource.source} (${otherSource.file}), and the schema this check carries is terraform-provider-openstack/openstack's: conformance to another provider cannot be judged`,
          address: "provider.openstack",
          outcome: "cannot-evaluate",
        },
      ];
    const otherVersion = configuration.providerRequirements?.find(
      (requirement) =>
        requirement.name === "openstack" && requirement.version !== undefined && schema.version && allowsVersion(requirement.version, schema.version) === false,
    );
    if (otherVersion)
      return [
        {
          message: `the configuration requires the OpenStack provider ${otherVersion.version} (${otherVersion.file}), and the schema this check carries is version ${schema.version}: conformance to another version cannot be judged`,
          address: "provider.openstack",
          outcome: "cannot-evaluate",
        },
      ];
    return [
      ...configuration.resources
        .filter((resource) => schema.covers(resource.type))
        .flatMap((resource) => schema.validateBody(resource.mode === "data" ? "data" : "resource", resource.type, resource.values, resource.address)),
      ...configuration.providers
        .filter((provider) => provider.name === "openstack")
        .flatMap((provider) => schema.validateBody("provider", "openstack", provider.values, "provider.openstack")),
      ...configuration.resources.flatMap((resource) => refusedByProvider(resource).map((refused) => ({ ...refused, address: resource.address }))),
    ].map((issue) => ({ message: issue.message, address: issue.address, ...(issue.path ? { path: issue.path } : {}) }));
  },
);
