import { openstackSchema } from "../schema/source";
import { isGeneratedSecret } from "./secrets";

/** The leaves of a Talos cluster's machine secrets that its schema marks sensitive: its CAs' keys, tokens and encryption secrets. */
const talosMachineSecrets = ["machine_secrets.cluster.secret", "machine_secrets.secrets.*", "machine_secrets.trustdinfo.token", "machine_secrets.certs.*.key"];

/**
 * What holds a credential among the attributes of other providers than OpenStack's (whose carried schema marks its own
 * sensitive), by type, each a path into the attribute, `*` for any key, beside the secrets the configuration generates
 * (isGeneratedSecret): random_password's bcrypt_hash (hashicorp/terraform-provider-random), the administrator's
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

/**
 * The credential a reference reads (`openstack_containerinfra_cluster_v1.k8s.kubeconfig.raw_config`,
 * `data.talos_cluster_kubeconfig.this.kubeconfig_raw`), as a message names it: the reference up to the attribute; an
 * attribute the OpenStack provider's schema marks sensitive, a secret the configuration generates, or another
 * provider's credential (otherCredentials).
 */
export function credentialRead(reference: string): string | undefined {
  const steps = reference.split(".");
  const data = steps[0] === "data";
  const [type, name, attribute, ...inside] = data ? steps.slice(1) : steps;
  if (type === undefined || name === undefined || attribute === undefined) return undefined;
  const address = `${data ? "data." : ""}${type}.${name}.${attribute}`;
  if (isGeneratedSecret(type, attribute) || otherCredentials[type]?.some((credential) => reaches([attribute, ...inside], credential))) return address;
  if (!type.startsWith("openstack_")) return undefined;
  const block = openstackSchema()?.blockOf(data ? "data" : "resource", type);
  return block?.attributes?.[attribute]?.sensitive === true ? address : undefined;
}
