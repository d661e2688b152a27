import { cite, configurationPolicy } from "../../engine/policy";

export default configurationPolicy(
  {
    id: "module-sources-checked",
    title: "Every module the configuration calls is checked",
    description:
      "Reports as not evaluable each module called from a registry, Git or an archive: the check reads local modules only, so what such a module declares has not been judged.",
    rationale:
      "A configuration is only as compliant as the modules it calls; a public module can open a security group or create a public container that no policy has seen. A check must say what it did not read, never pass it silently.",
    remediation: "Vendor the module into the repository (a local source) so that it is checked, or check its source separately and record the result.",
    severity: "medium",
    references: [cite("secnumcloud-3.2", "12.10", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  (configuration) =>
    (configuration.externalModules ?? []).map((module) => ({
      address: module.address,
      message: `${module.address} comes from ${module.source}, which the check does not read: what it declares is not judged`,
      outcome: "cannot-evaluate" as const,
    })),
);
