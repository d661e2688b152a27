import { hostOf } from "../../../lib/hosts";
import { providerAddress, type TfConfiguration } from "../../engine/model";
import { cite, configurationPolicy, type Violation } from "../../engine/policy";
import { undeclared } from "../../lib/dates";
import type { PolicySettings } from "../../settings";
import { literalString } from "../../lib/values";

/**
 * Where the OpenStack provider signs in and works, judged for each provider block: its `auth_url` against the
 * qualified provider's identity hosts, and its `region` against the qualified regions. Either left unset is chosen
 * outside the configuration, by OS_AUTH_URL and OS_REGION_NAME or clouds.yaml (the provider's documentation,
 * "Argument Reference"): not evaluable, except a region every resource sets itself.
 */
function providerViolations(configuration: TfConfiguration, settings: PolicySettings): Violation[] {
  const { qualifiedRegions, identityHosts } = settings;
  const providers = configuration.providers.filter((provider) => provider.name === "openstack");
  const placedAll = configuration.resources.filter((r) => r.provider === "openstack" && r.mode !== "data").every((r) => literalString(r.values.region));
  // Resources with no provider block take one configured by the environment alone.
  const blocks = providers.length > 0 ? providers : [{ name: "openstack", values: {} as Record<string, unknown> }];
  return blocks.flatMap((provider) => {
    const { values } = provider;
    const address = providerAddress(provider);
    const violations: Violation[] = [];
    const notEvaluable = (message: string, path: string) => violations.push({ message, address, path, outcome: "cannot-evaluate" });
    const url = values.auth_url;
    if (url === undefined || url === null)
      notEvaluable("the provider names no auth_url: OS_AUTH_URL or clouds.yaml chooses the cloud, outside the configuration", "auth_url");
    else if (literalString(url) === undefined) notEvaluable("the provider's auth_url is not known before apply", "auth_url");
    else if (identityHosts.length === 0)
      notEvaluable(
        `the provider signs in at ${String(url)}, and no identity host of the qualified provider is declared in the settings (identityHosts)`,
        "auth_url",
      );
    else if (!identityHosts.includes(hostOf(String(url)) ?? ""))
      violations.push({
        message: `the provider signs in at ${hostOf(String(url)) ?? String(url)}, not at the qualified provider's identity service (${identityHosts.join(", ")})`,
        address,
        path: "auth_url",
      });
    const region = values.region;
    if (region === undefined || region === null) {
      if (!placedAll) notEvaluable("the provider names no region: OS_REGION_NAME or clouds.yaml chooses it, outside the configuration", "region");
    } else if (literalString(region) === undefined) notEvaluable("the provider's region is not known before apply", "region");
    else if (!qualifiedRegions.includes(String(region)))
      violations.push({
        message: `the provider works in region ${String(region)}, not among the qualified regions ${qualifiedRegions.join(", ")}`,
        address,
        path: "region",
      });
    return violations;
  });
}

export default configurationPolicy(
  {
    id: "region-qualified",
    title: "Everything runs in a region covered by the qualification",
    description:
      "Flags OpenStack provider blocks that sign in elsewhere than at the qualified provider's identity service (auth_url against identityHosts), and provider blocks and resources whose region is not in the qualified regions of the provider profile. An auth_url or a region left to the environment (OS_AUTH_URL, OS_REGION_NAME, clouds.yaml) or known only at apply is not evaluable, and so is everything when the profile names no qualified region.",
    rationale:
      "The qualification and the certificate cover one provider's named regions and sites; data placed elsewhere, even under a qualified region's name at another cloud, is outside them (and may be outside France or the EU).",
    remediation:
      "Set the provider's auth_url to the qualified provider's identity service and its region to one of the qualified regions, or add the region to the profile once its qualification covers it.",
    severity: "critical",
    references: [cite("secnumcloud-3.2", "19.2.b"), cite("hds-2", "EXI 28"), cite("secnumcloud-3.2", "Annex 2 b-c")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  (configuration, { settings }) => {
    const qualified = settings.qualifiedRegions;
    const placed = configuration.providers.some((p) => p.name === "openstack") || configuration.resources.some((r) => r.provider === "openstack");
    if (!placed) return [];
    // Said at the provider block that names the region, where there is one: a reader finds where the region is set.
    if (qualified.length === 0)
      return undeclared("qualified region", providerAddress(configuration.providers.find((p) => p.name === "openstack") ?? { name: "openstack" }));
    const violations = providerViolations(configuration, settings);
    for (const resource of configuration.resources.filter((r) => r.provider === "openstack")) {
      const region = resource.values.region;
      if (region === undefined || region === null) continue;
      if (literalString(region) === undefined)
        violations.push({ message: "the resource's region is not known before apply", address: resource.address, path: "region", outcome: "cannot-evaluate" });
      else if (!qualified.includes(String(region)))
        violations.push({
          message: `the resource is placed in region ${String(region)}, not among the qualified regions ${qualified.join(", ")}`,
          address: resource.address,
          path: "region",
        });
    }
    return violations;
  },
);
