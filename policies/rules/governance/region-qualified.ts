import { cite, configurationPolicy, type Violation } from "../../engine/policy";
import { undeclared } from "../../lib/dates";
import { literalString } from "../../lib/values";

export default configurationPolicy(
  {
    id: "region-qualified",
    title: "Everything runs in a region covered by the qualification",
    description:
      "Flags OpenStack provider blocks and resources whose region is not in the qualified regions of the provider profile; not evaluable when the profile names none.",
    rationale:
      "The qualification and the certificate cover named regions and sites; data placed elsewhere, even with the same provider, is outside them (and may be outside France or the EU).",
    remediation: "Use one of the qualified regions, or add the region to the profile once its qualification covers it.",
    severity: "critical",
    references: [cite("secnumcloud-3.2", "19.2.b"), cite("hds-2", "EXI 28"), cite("secnumcloud-3.2", "Annex 2 b-c")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  (configuration, { settings }) => {
    const qualified = settings.qualifiedRegions;
    if (qualified.length === 0) {
      const placed = configuration.providers.some((p) => p.name === "openstack") || configuration.resources.some((r) => r.provider === "openstack");
      return placed ? undeclared("qualified region", "provider.qualifiedRegions") : [];
    }
    const outside = (value: unknown): string | undefined => {
      const region = literalString(value);
      return region !== undefined && !qualified.includes(region) ? region : undefined;
    };
    const violations: Violation[] = [];
    for (const provider of configuration.providers.filter((p) => p.name === "openstack")) {
      const region = outside(provider.values.region);
      if (region)
        violations.push({
          message: `the provider works in region ${region}, not among the qualified regions ${qualified.join(", ")}`,
          address: `provider.openstack${provider.alias ? `.${provider.alias}` : ""}`,
          path: "region",
        });
    }
    for (const resource of configuration.resources.filter((r) => r.provider === "openstack")) {
      const region = outside(resource.values.region);
      if (region)
        violations.push({
          message: `the resource is placed in region ${region}, not among the qualified regions ${qualified.join(", ")}`,
          address: resource.address,
          path: "region",
        });
    }
    return violations;
  },
);
