import { type InputProblem, placeText, type ProviderRequirement } from "../engine/model";
import { allowsVersion } from "../../lib/version-constraint";
import { type BlockLines, lineOf, withLine } from "./block-lines";
import { entriesOf } from "./terraform-json";
import { blocks } from "../lib/values";

/** The dependency lock file `terraform init` and `tofu init` write in the working directory: a root module's folder. */
export const dependencyLockFile = ".terraform.lock.hcl";

/**
 * The provider versions a dependency lock file selects, one `provider "<address>"` block each, as requirements that
 * allow that version alone: Terraform installs the version the lock file records, not the newest its constraints
 * allow (developer.hashicorp.com/terraform/language/files/dependency-lock; opentofu internal/depsfile/locks_file.go,
 * decodeProviderLockFromHCL, where `version` is required). A block without one is a problem, as Terraform refuses the file.
 */
export function providerLocks(
  document: Record<string, unknown>,
  file: string,
  lines: BlockLines | undefined,
): { locks: ProviderRequirement[]; problems: InputProblem[] } {
  const locks: ProviderRequirement[] = [];
  const problems: InputProblem[] = [];
  for (const [address, bodies] of entriesOf(document.provider))
    for (const [occurrence, body] of blocks(bodies).entries()) {
      const place = withLine({ file, line: lineOf(lines, `provider.${address}`, occurrence) });
      if (typeof body.version === "string") locks.push({ name: address.split("/").at(-1)!, version: body.version, source: address, ...place, locked: true });
      else problems.push({ ...place, message: `provider "${address}": a provider lock block must give its version, and Terraform refuses the lock file` });
    }
  return { locks, problems };
}

/**
 * A provider's address as Terraform compares them: without the registry's host (registry.terraform.io for Terraform,
 * registry.opentofu.org for OpenTofu, which default to their own), in lower case; a requirement with no source is
 * `hashicorp/<name>` (opentofu internal/addrs/provider.go, ImpliedProviderForUnqualifiedType).
 */
const comparableAddress = (address: string): string => address.toLowerCase().replace(/^registry\.(?:terraform\.io|opentofu\.org)\//, "");

/**
 * The locks whose version a requirement of the configuration excludes: `terraform init` and `plan` refuse to run
 * ("Inconsistent dependency lock file": opentofu internal/configs/config.go, VerifyDependencySelections) until
 * `terraform init -upgrade` selects another. Each is a problem at the lock's line, naming the first requirement that
 * excludes it.
 */
export function locksRequirementsExclude(locks: readonly ProviderRequirement[], requirements: readonly ProviderRequirement[]): InputProblem[] {
  return locks.flatMap((lock) => {
    const excluding = requirements.find(
      (requirement) =>
        comparableAddress(requirement.source ?? `hashicorp/${requirement.name}`) === comparableAddress(lock.source!) &&
        requirement.version !== undefined &&
        allowsVersion(requirement.version, lock.version!) === false,
    );
    if (!excluding) return [];
    return [
      {
        ...withLine(lock),
        message: `provider "${lock.source}": the lock file selects version ${lock.version}, which the constraint "${excluding.version}" (${placeText(excluding)}) excludes, so terraform init and plan refuse to run until terraform init -upgrade selects another`,
      },
    ];
  });
}
