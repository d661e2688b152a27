import { cite, configurationPolicy } from "../../engine/policy";

export default configurationPolicy(
  {
    id: "module-sources-checked",
    title: "Every module and stack template the configuration applies is checked",
    description:
      "Reports as not evaluable each module called from a registry, Git or an archive that terraform init has not installed beside the root module (.terraform/modules), and each Heat stack (openstack_orchestration_stack_v1), whose template declares resources in Heat's language: what they declare has not been judged.",
    rationale:
      "A configuration is only as compliant as the modules it calls; a public module can open a security group or create a public container that no policy has seen. A check must say what it did not read, never pass it silently.",
    remediation:
      "Run terraform init (or tofu init) before the check, so that the installed module is read; or vendor the module into the repository (a local source); or check its source separately and record the result.",
    severity: "medium",
    references: [cite("secnumcloud-3.2", "12.10", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  (configuration) => [
    ...(configuration.externalModules ?? []).map((module) => ({
      address: module.address,
      message: `${module.address} comes from ${module.source}, which is not installed here (terraform init was not run): what it declares is not judged`,
      outcome: "cannot-evaluate" as const,
    })),
    // A Heat template makes servers, groups, ports and secrets (OS::Nova::Server, OS::Barbican::Secret...) that no
    // policy reads.
    ...configuration.resources
      .filter((resource) => resource.type === "openstack_orchestration_stack_v1" && resource.mode !== "data")
      .map((stack) => ({
        address: stack.address,
        message: `${stack.address} applies a Heat template, whose resources (servers, security groups, secrets) are not judged`,
        outcome: "cannot-evaluate" as const,
      })),
  ],
);
