import { cite, configurationPolicy } from "../../engine/policy";
import { placeText } from "../../engine/model";
import { refusedByProvider } from "../../schema/provider-validations";
import { openstackSchema, requirementNotCarried } from "../../schema/source";
import { modeKeywords } from "../../lib/values";

export default configurationPolicy(
  {
    id: "provider-schema-conformance",
    title: "OpenStack blocks follow the provider's schema",
    description:
      "Checks every openstack_* resource, data source and provider block against the OpenStack provider schema: required arguments present (a floating IP's pool, a Magnum cluster's template and a template's image are not evaluable where missing: the provider reads them from OS_POOL_NAME, OS_MAGNUM_CLUSTER_TEMPLATE and OS_MAGNUM_IMAGE where these are set), no unknown or read-only argument, types and block nesting right, no type or argument the provider removed (which names what to write instead); and a security group rule's direction, ethertype and protocol against what the provider's own validation takes. A configuration whose required_providers take the provider from another source, or exclude the version of the schema carried, is not evaluable.",
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
    const schema = openstackSchema();
    if (!schema)
      return [
        { message: "no OpenStack provider schema is available (set OPENSTACK_PROVIDER_SCHEMA)", address: "provider.openstack", outcome: "cannot-evaluate" },
      ];
    const notCarried = requirementNotCarried(configuration.providerRequirements, schema);
    if (notCarried) {
      const { requirement, differs } = notCarried;
      const where = placeText(requirement);
      return [
        {
          message:
            differs === "source"
              ? `the configuration takes the OpenStack provider from ${requirement.source} (${where}), and the schema this check carries is terraform-provider-openstack/openstack's: conformance to another provider cannot be judged`
              : `${requirement.locked ? "the dependency lock file selects" : "the configuration requires"} the OpenStack provider ${requirement.version} (${where}), and the schema this check carries is version ${schema.version}: conformance to another version cannot be judged`,
          address: "provider.openstack",
          outcome: "cannot-evaluate",
        },
      ];
    }
    return [
      ...configuration.resources
        .filter((resource) => schema.covers(resource.type))
        .flatMap((resource) => schema.validateBody(modeKeywords[resource.mode], resource.type, resource.values, resource.address)),
      ...configuration.providers
        .filter((provider) => provider.name === "openstack")
        .flatMap((provider) => schema.validateBody("provider", "openstack", provider.values, "provider.openstack")),
      ...configuration.resources.flatMap((resource) => refusedByProvider(resource).map((refused) => ({ ...refused, address: resource.address }))),
    ].map((issue) => ({
      message: issue.message,
      address: issue.address,
      ...(issue.path ? { path: issue.path } : {}),
      ...("outcome" in issue && issue.outcome ? { outcome: issue.outcome } : {}),
    }));
  },
);
