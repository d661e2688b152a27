import { manifestsIn } from "./node-files";

/**
 * What the deploy controller of K3s and RKE2 applies of the files in its manifests folder (k3s pkg/deploy/controller.go,
 * which RKE2 runs): which files it reads, and the Addon it names after each.
 */

/**
 * Whether the deploy controller applies a file of the manifests folder (k3s pkg/deploy/controller.go, shouldSkipFile):
 * not a hidden one, nor one beside which a file of its name followed by `.skip` is written (the controller gathers the
 * `.skip` names of the whole folder, by file name), and only one ending in .yaml, .yml or .json, in any case.
 */
export function isApplied(name: string, skipped: ReadonlySet<string>): boolean {
  return !name.startsWith(".") && !skipped.has(name) && /\.(?:ya?ml|json)$/i.test(name);
}

/**
 * Whether the deploy controller applies a file of its folder (isApplied) and can name its Addon (addonName), among
 * files whose names followed by `.skip` are `skipped` (skippedNames).
 */
export const deployControllerApplies = (path: string, skipped: ReadonlySet<string>): boolean =>
  isApplied(fileName(path), skipped) && addonName.test(addonOf(path));

/** The names of the files of a manifests folder a `.skip` file beside them turns off. */
export const skippedNames = (paths: readonly string[]): Set<string> =>
  new Set(
    paths
      .map(fileName)
      .filter((name) => name.endsWith(".skip"))
      .map((name) => name.slice(0, -".skip".length)),
  );

/** The name of a file of the manifests folder, and the Addon the deploy controller names after it, up to its first period. */
export const fileName = (path: string): string => path.slice(path.lastIndexOf("/") + 1);
export const addonOf = (path: string): string => fileName(path).split(".")[0]!;

/**
 * Why the deploy controller never applies a file it reads (isApplied) whose Addon name the API server refuses
 * (`hcloud_ccm.yaml`, `Web.yaml`: docs.k3s.io, packaged-components, "File Naming Requirements"), after the file's path;
 * undefined for any other file.
 */
export const refusedAddonSaid = (path: string, skipped: ReadonlySet<string>): string | undefined =>
  isApplied(fileName(path), skipped) && !addonName.test(addonOf(path))
    ? `which K3s and RKE2 never apply: their deploy controller names the file's Addon ${JSON.stringify(addonOf(path))}, after its name up to the first period, which the API server refuses (a lowercase RFC 1123 name is required)`
    : undefined;

/** A name the API server takes for an object of its own (an RFC 1123 label, within a subdomain's 253 characters). */
export const addonName = /^(?=.{1,253}$)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/;

/**
 * A command that writes into a manifests folder (the defaults, and those the data-dirs make): the folder after a
 * redirection, tee, cp, mv, install, ln, curl's and wget's output option, or an edit in place (sed, perl or yq's -i),
 * in the same simple command (`mkdir -p` or a test of the folder writes nothing into it).
 */
export const manifestsFolderNamed = (folders: readonly string[]): RegExp => {
  const named = [manifestsIn("/var/lib/rancher/k3s"), manifestsIn("/var/lib/rancher/rke2"), ...folders].map((folder) =>
    folder.replace(/\/$/, "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
  );
  return new RegExp(
    `(?:>|\\btee\\b|\\bcp\\b|\\bmv\\b|\\binstall\\b|\\bln\\b|\\bcurl\\b[^;&|\\n]*\\s-(?:[a-zA-Z]*o|-output)\\b|\\bwget\\b[^;&|\\n]*\\s-(?:[a-zA-Z]*O|-output-document)\\b|\\b(?:sed|perl|yq)\\b[^;&|\\n]*\\s-(?:[a-zA-Z]*i|-in-place)\\b)[^;&|\\n]*(?:${[...new Set(named)].join("|")})\\b`,
  );
};
