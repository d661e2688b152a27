import { openstackSchema } from "../schema/source";
import { generatedSecrets, type SecretFound } from "./secrets";
import { interpolationsIn, modeKeywords, modeOfType, modePrefixes, referencesRead } from "./values";

/** The leaves of a Talos cluster's machine secrets that its schema marks sensitive: its CAs' keys, tokens and encryption secrets. */
const talosMachineSecrets = ["machine_secrets.cluster.secret", "machine_secrets.secrets.*", "machine_secrets.trustdinfo.token", "machine_secrets.certs.*.key"];

/**
 * What holds a credential among the attributes of other providers than OpenStack's (whose carried schema marks its own
 * sensitive), by type, each a path into the attribute, `*` for any key, beside the secrets the configuration generates
 * (generatedSecrets): random_password's bcrypt_hash (hashicorp/terraform-provider-random), the administrator's
 * kubeconfig RKE writes, with its client key (terraform-provider-rke, rke_cluster), and what siderolabs/talos marks
 * `Sensitive: true` (pkg/talos/*.go: the kubeconfig, the talosconfig, a machine's configuration and the cluster's
 * secrets, whose certificates alone are public), with the names of its first releases (v0.1.0 docs/resources:
 * kube_config, machine_config, machine_secrets as one text).
 */
const otherCredentials: Readonly<Record<string, readonly string[]>> = {
  random_password: ["bcrypt_hash"],
  rke_cluster: ["kube_config_yaml", "client_key"],
  talos_machine_secrets: [...talosMachineSecrets, "client_configuration.client_key"],
  talos_client_configuration: ["talos_config", "client_configuration.client_key", "machine_secrets"],
  talos_cluster_kubeconfig: ["kubeconfig_raw", "kube_config", "kubernetes_client_configuration.client_key", "client_configuration.client_key"],
  talos_machine_configuration: ["machine_configuration", ...talosMachineSecrets],
  talos_machine_configuration_controlplane: ["machine_config", "machine_secrets"],
  talos_machine_configuration_worker: ["machine_config", "machine_secrets"],
  talos_machine_configuration_apply: ["machine_configuration", "machine_configuration_input", "client_configuration.client_key"],
};

/**
 * Whether a path into an attribute reaches a credential's: it names the credential, something inside it, or an object
 * that holds it (`client_configuration` holds `client_configuration.client_key`; its `ca_certificate` does not).
 */
const reaches = (path: readonly string[], credential: string): boolean =>
  credential.split(".").every((step, i) => i >= path.length || step === "*" || step === path[i]);

/** A credential a reference reads: the reference up to its attribute, and what it is (generatedSecrets' kinds, or any other). */
interface CredentialRead {
  readonly address: string;
  readonly what: string;
}

/**
 * The credential a reference reads (`openstack_containerinfra_cluster_v1.k8s.kubeconfig.raw_config`,
 * `data.talos_cluster_kubeconfig.this.kubeconfig_raw`, `ephemeral.random_password.db.result`): an attribute the OpenStack provider's schema marks sensitive, a
 * secret the configuration generates (generatedSecrets), or another provider's credential (otherCredentials).
 */
function credentialOf(reference: string): CredentialRead | undefined {
  const { mode, bare } = modeOfType(reference);
  const [type, name, attribute, ...inside] = bare.split(".");
  if (type === undefined || name === undefined || attribute === undefined) return undefined;
  const address = `${modePrefixes[mode]}${type}.${name}.${attribute}`;
  const generated = generatedSecrets.find(({ attributes }) => attributes[type]?.includes(attribute));
  if (generated) return { address, what: generated.what };
  const other = otherCredentials[type]?.some((credential) => reaches([attribute, ...inside], credential));
  const sensitive =
    !other && type.startsWith("openstack_") && openstackSchema()?.blockOf(modeKeywords[mode], type)?.attributes?.[attribute]?.sensitive === true;
  return other || sensitive ? { address, what: "a credential its provider marks sensitive" } : undefined;
}

/** The credential a reference reads (credentialOf), as a message names it: the reference up to the attribute. */
export const credentialRead = (reference: string): string | undefined => credentialOf(reference)?.address;

/**
 * The first credential a text interpolates (credentialOf: `${data.talos_machine_configuration.cp.machine_configuration}`,
 * `echo ${random_password.join.result}`): known at apply only, and in the text all the same, as a literal would be; what
 * it is, the reference that reads it and its line.
 */
export function credentialIn(text: string): SecretFound | undefined {
  let from = 0;
  for (const interpolation of interpolationsIn(text)) {
    const at = text.indexOf(interpolation, from);
    from = at + interpolation.length;
    for (const reference of referencesRead(interpolation, true) ?? []) {
      const read = credentialOf(reference);
      if (read) return { what: read.what, from: read.address, line: text.slice(0, at).split("\n").length };
    }
  }
  return undefined;
}
