import type { Violation } from "../engine/policy";
import { userDataNotEvaluable } from "./cloud-init";
import { apiServerArgs, namedFileViolations } from "./rancher-config";
import { argumentNotKnown, leftToUnreadFiles, type Placed, type RancherNode, runsApiServer, settingOn, unsettled, valueNotKnown } from "./rancher-node";
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

const encrypted = "whether Secrets are encrypted at rest";

/**
 * How an RKE2 server stores Secrets (`placed` points each finding, by what it is about): RKE2 encrypts them whatever its
 * configuration says (rke2 pkg/rke2/rke2.go, Server: secrets-encryption forced on, with an encryption configuration of
 * its own), but an encryption-provider-config in kube-apiserver-arg, passed after RKE2's own flags, replaces it, judged
 * by encryptionConfigurationFault where its file is written; not evaluable where an argument or the file is not known
 * here, or left to configuration files not read.
 */
export function rke2SecretsEncryption(server: RancherNode, placed: Placed): Violation[] {
  if (!runsApiServer(server)) return [];
  const args = apiServerArgs(server.values);
  const flags = ["encryption-provider-config"];
  const onArgs = (violations: Violation[]) => violations.map((each) => placed("args", each));
  const unknown = argumentNotKnown(server, "kube-apiserver-arg", args, flags);
  if (unknown) return onArgs(userDataNotEvaluable(`${unknown} is known only at apply: ${encrypted} cannot be told`));
  const left = leftToUnreadFiles(server, args, flags);
  if (left) return onArgs(unsettled(server, left, encrypted));
  const named = args.get("encryption-provider-config")?.at(-1);
  if (named === undefined) return [];
  if (named === "")
    return onArgs([
      { message: "kube-apiserver-arg empties encryption-provider-config, which replaces RKE2's own: Secrets are stored unencrypted", path: "user_data" },
    ]);
  return namedFileViolations("encryption configuration", named, server.files, encryptionConfigurationFault).map((each) => placed("files", each));
}

/**
 * How a K3s server stores Secrets (`placed` points each finding, by what it is about): K3s encrypts them only with
 * secrets-encryption set (it then passes the API server an encryption configuration of its own, with aescbc: k3s
 * pkg/daemons/control/server.go and deps.go), and an encryption-provider-config in kube-apiserver-arg replaces it,
 * judged by encryptionConfigurationFault where its file is written; not evaluable where an argument, the setting or a
 * file is not known here, or left to configuration files not read.
 */
export function k3sSecretsEncryption(server: RancherNode, placed: Placed): Violation[] {
  if (!runsApiServer(server)) return [];
  const args = apiServerArgs(server.values);
  const flags = ["encryption-provider-config"];
  const unknown = argumentNotKnown(server, "kube-apiserver-arg", args, flags);
  if (unknown) return userDataNotEvaluable(`${unknown} is known only at apply: ${encrypted} cannot be told`).map((each) => placed("args", each));
  const left = leftToUnreadFiles(server, args, flags);
  if (left) return unsettled(server, left, encrypted).map((each) => placed("args", each));
  const named = args.get("encryption-provider-config")?.at(-1);
  if (named) return namedFileViolations("encryption configuration", named, server.files, encryptionConfigurationFault).map((each) => placed("files", each));
  const setting = server.values["secrets-encryption"];
  if (named === undefined && valueNotKnown(server, setting))
    return userDataNotEvaluable(`K3s's secrets-encryption is known only at apply: ${encrypted} cannot be told`).map((each) => placed("args", each));
  if (named === undefined && settingOn(setting)) return [];
  const why =
    named === ""
      ? "kube-apiserver-arg empties encryption-provider-config, which replaces K3s's own"
      : "secrets-encryption is not set, and kube-apiserver-arg names no encryption-provider-config";
  return [placed("args", { message: `K3s stores Secrets unencrypted in its datastore: ${why}`, path: "user_data" })];
}
