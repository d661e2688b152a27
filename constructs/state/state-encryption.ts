import { TerraformVariable, type TerraformStack } from "cdktf";

/** Where the key that encrypts the state comes from; never from the repository or the synthesized JSON. */
export type StateKeyProvider =
  /** A passphrase (at least 16 characters) in the deployer's environment: TF_VAR_state_passphrase, for init, plan and apply. */
  | { readonly kind: "pbkdf2" }
  /** An OpenBao (or Vault ≤ 1.14) transit key; the token comes from BAO_TOKEN in the deployer's environment. */
  | { readonly kind: "openbao"; readonly address: string; readonly keyName: string; readonly transitEnginePath: string };

/** The variable that carries the pbkdf2 passphrase, set as TF_VAR_state_passphrase. */
export const statePassphraseVariable = "state_passphrase";

/**
 * Encrypts the state and plans client side with OpenTofu's state encryption (AES-GCM; OpenTofu ≥ 1.8 for a key from a
 * variable), enforced so a missing key fails instead of writing plaintext. Needed because the OpenStack provider writes
 * a cluster-admin client certificate and its private key into the state on every read of a Magnum cluster
 * (terraform-provider-openstack v3.4.0, openstack/containerinfra_shared_v1.go, flattenContainerInfraV1Kubeconfig), and
 * because the state holds every attribute of every resource. Remote state read by another stack is decrypted with the
 * same key. OpenTofu only: Terraform refuses the `encryption` block. Syntax: opentofu.org/docs/language/state/encryption
 * (in JSON, `method` is a bare traversal string and `keys` accepts a `key_provider.` string).
 */
export function encryptState(stack: TerraformStack, keyProvider: StateKeyProvider): void {
  const method = "method.aes_gcm.state";
  const provider =
    keyProvider.kind === "pbkdf2"
      ? { pbkdf2: { state: { passphrase: `\${var.${statePassphraseVariable}}` } } }
      : { openbao: { state: { address: keyProvider.address, key_name: keyProvider.keyName, transit_engine_path: keyProvider.transitEnginePath } } };
  if (keyProvider.kind === "pbkdf2") {
    new TerraformVariable(stack, statePassphraseVariable, {
      type: "string",
      sensitive: true,
      nullable: false,
      description: "Passphrase of the state encryption (at least 16 characters), from TF_VAR_state_passphrase; never written to a file.",
    });
  }
  stack.addOverride("terraform.encryption", {
    key_provider: provider,
    method: { aes_gcm: { state: { keys: `key_provider.${keyProvider.kind}.state` } } },
    state: { method, enforced: true },
    plan: { method, enforced: true },
    remote_state_data_sources: { default: { method } },
  });
}
