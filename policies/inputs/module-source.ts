/**
 * What a module block's `source` names, as OpenTofu parses it (internal/addrs/module_source.go, ParseModuleSource): a
 * local path, a registry address, a remote source go-getter recognises, or nothing `init` accepts.
 */
export type ModuleSourceKind = "local" | "registry" | "remote" | "refused";

/** A local path starts with ./ or ../ (or their Windows forms): moduleSourceLocalPrefixes. */
const localPrefixes = ["./", "../", ".\\", "..\\"];

/**
 * `[host/]namespace/name/system[//subdirectory]` (terraform-registry-address, ParseModuleSource): namespace and name of
 * letters, digits, dashes and underscores, a system of lowercase letters and digits.
 */
const registryPart = "[0-9A-Za-z](?:[0-9A-Za-z_-]{0,62}[0-9A-Za-z])?";
const registryAddress = new RegExp(`^(?:(?:[^/\\s]+\\.[^/\\s]+|localhost)(?::\\d+)?/)?${registryPart}/${registryPart}/[0-9a-z]{1,64}(?://.*)?$`);

/**
 * What go-getter recognises, with the detectors OpenTofu keeps (internal/getmodules/getter.go): a forced getter
 * (`git::`), a URL with a scheme, GitHub, an SSH Git address (`git@host:path`), BitBucket, GCS, S3, an absolute path.
 * Anything else reaches the file detector, which refuses a relative path (file_detector.go, MaybeRelativePathErr).
 */
const remoteSource =
  /^(?:[A-Za-z0-9]+::|[A-Za-z][A-Za-z0-9+.-]*:\/\/|github\.com\/|bitbucket\.org\/|[^@/\s:]+@[^/\s:]+:|\/|[A-Za-z]:\\)|googleapis\.com\/|amazonaws\.com\//;

export function moduleSourceKind(source: string): ModuleSourceKind {
  if (localPrefixes.some((prefix) => source.startsWith(prefix))) return "local";
  if (registryAddress.test(source)) return "registry";
  return remoteSource.test(source) ? "remote" : "refused";
}
