import { join, normalize } from "node:path";
import type { ProviderRequirement } from "../engine/model";
import { named } from "../lib/values";
import { isTerraformTemplate } from "../../lib/terraform-literal";
import type { ModuleFile, ModuleReader } from "./module";
import { type ModuleSourceKind, moduleSourceKind } from "./module-source";
import { providerRequirementsOf } from "./terraform-json";

/**
 * The provider requirements of every module of a configuration: the root module's and those of each module it calls,
 * down the tree, whether the call makes instances or none (count = 0). Terraform installs one version of a provider for
 * the whole configuration, one that every module's constraints allow (opentofu internal/configs/config.go,
 * ProviderRequirements: "searches the full tree of modules"), so a child's pin constrains the root's blocks too.
 * Modules are found as the evaluation finds them (ModuleEvaluation.callModule): a local source where it is, another
 * where `terraform init` installed it; a source written with variables (OpenTofu 1.8+) is not followed.
 */
export function requirementsOfTree(folder: string, files: readonly ModuleFile[], reader: ModuleReader): ProviderRequirement[] {
  const requirements: ProviderRequirement[] = [];
  const visited = new Set<string>();
  const visit = (folder: string, files: readonly ModuleFile[], callNames: readonly string[]) => {
    visited.add(folder);
    for (const { document, file, lines } of files) {
      requirements.push(...providerRequirementsOf(document, file, lines));
      for (const [name, body] of named(document.module)) {
        const source = typeof body.source === "string" && !isTerraformTemplate(body.source) ? body.source : undefined;
        const key = [...callNames, name];
        const child = source === undefined ? undefined : calledModuleFolder(folder, source, moduleSourceKind(source), key, reader);
        if (child !== undefined && !visited.has(child)) visit(child, reader.readFolder(child), key);
      }
    }
  };
  visit(folder, files, []);
  return requirements;
}

/**
 * The folder of the module a call names: a local source where it is, another where `terraform init` installed it, by
 * the call names from the root (`key`); undefined where it was not installed here.
 */
export function calledModuleFolder(caller: string, source: string, kind: ModuleSourceKind, key: readonly string[], reader: ModuleReader): string | undefined {
  return kind === "local" ? normalize(join(caller, source)) : reader.installedModule?.(key.join("."));
}
