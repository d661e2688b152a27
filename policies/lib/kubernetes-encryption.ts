import { block, isUnknown, list } from "./values";

/**
 * The providers that encrypt what the API server writes as CIS Kubernetes asks (1.2.28: aescbc, kms or secretbox);
 * aesgcm is refused, as its key must be rotated every 200,000 writes (kubernetes.io, "Encrypting Confidential Data at
 * Rest"), which a configuration written once does not do.
 */
const encryptingProviders = ["aescbc", "kms", "secretbox"];

/** Whether an entry's `resources` covers Secrets: `secrets`, every resource of the core group (`*.`), or every one (`*.*`). */
const coversSecrets = (resources: unknown): boolean => list(resources).some((resource) => ["secrets", "*.", "*.*"].includes(String(resource)));

/**
 * What is wrong with an API server's encryption configuration (apiserver.config.k8s.io EncryptionConfiguration, its
 * YAML or JSON document) for Secrets, in words after its name: the first entry covering them writes them with its first
 * provider (kubernetes.io, "Encrypting Confidential Data at Rest": "the first provider in the list is used to encrypt
 * resources written into the storage"), identity or one CIS does not accept, or no entry covers them and they are
 * written as they are; `unknown` where that provider is known only at apply; undefined where it encrypts them.
 */
export function encryptionConfigurationFault(document: unknown): string | { readonly unknown: string } | undefined {
  const entries = list(block(document)?.resources).map(block);
  const entry = entries.find((candidate) => coversSecrets(candidate?.resources));
  if (!entry) return "covers no Secrets: the API server writes them unencrypted";
  const first = block(list(entry.providers)[0]);
  const provider = first && Object.keys(first)[0];
  if (provider === undefined) return "gives Secrets no provider: the API server writes them unencrypted";
  if (isUnknown(provider)) return { unknown: "the provider it writes Secrets with is known only at apply" };
  if (provider === "identity") return "writes Secrets with identity, its first provider for them: unencrypted";
  return encryptingProviders.includes(provider)
    ? undefined
    : `writes Secrets with ${provider}, which CIS Kubernetes does not accept (${encryptingProviders.join(", ")})`;
}
