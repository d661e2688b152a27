import { cite, configurationPolicy, type Violation } from "../../engine/policy";
import { encryptionConfigurationFault } from "../../lib/kubernetes-encryption";
import { cannotTell, type TalosControlPlane, talosControlPlanes, talosFinding } from "../../lib/talos";
import { type ContractedMachine, configurationsRead, documentAt, judgedAcrossContracts, v1alpha1At, writtenOutSaid } from "../../lib/talos-settings";

/**
 * The encryption configuration Talos passes its API server (internal/app/machined/pkg/controllers/k8s/internal/
 * k8stemplates/apiserver.go, APIServerEncryptionConfig; encryption-provider-config, which extraArgs may not replace):
 * from Talos 1.14 on, the config of the KubeEtcdEncryptionConfig document as written, which Talos generates with
 * secretbox first for Secrets (generate/kubernetes.go) and a patch may change or delete; without the document, and
 * before 1.14, one Talos builds from the v1alpha1 configuration's secrets, secretbox (cluster.secretboxEncryptionSecret,
 * which it generates) then aescbc (cluster.aescbcEncryptionSecret) then identity, so that without either secret Secrets
 * are written unencrypted.
 */
const encryptionDocument = { kind: "KubeEtcdEncryptionConfig" };
const generatedEncryption = { resources: [{ resources: ["secrets"], providers: [{ secretbox: { keys: [{ name: "key2", secret: "generated" }] } }] }] };
const v1alpha1Secrets = [
  { v1alpha1: ["cluster", "secretboxEncryptionSecret"], generated: "generated" },
  { v1alpha1: ["cluster", "aescbcEncryptionSecret"], generated: undefined },
] as const;

/** Whether the configuration Talos builds from the v1alpha1 secrets encrypts Secrets: with either secret left by the patches. */
function fromV1alpha1Secrets(controlPlane: ContractedMachine<TalosControlPlane>, generated: boolean, why: string): Violation[] {
  const notKnown = cannotTell(controlPlane, "whether Secrets are encrypted at rest");
  for (const { v1alpha1, generated: value } of v1alpha1Secrets) {
    const secret = v1alpha1At(controlPlane, v1alpha1, generated ? value : undefined);
    if ("notKnown" in secret) return notKnown(secret.notKnown, secret.written);
    if (typeof secret.value === "string" && secret.value !== "") return [];
  }
  return [
    talosFinding(
      controlPlane,
      `${why} no encryption secret (cluster.secretboxEncryptionSecret, cluster.aescbcEncryptionSecret): Talos gives the API server identity alone, and Secrets are written unencrypted`,
    ),
  ];
}

/** Whether the API server of a control plane writes Secrets encrypted. */
function unencrypted(controlPlane: ContractedMachine<TalosControlPlane>): Violation[] {
  if (controlPlane.contract === "v1alpha1")
    return fromV1alpha1Secrets(controlPlane, true, controlPlane.writtenOut ? `${writtenOutSaid} holds` : "the patches leave");
  const config = documentAt(controlPlane, encryptionDocument, ["config"], generatedEncryption);
  if ("notKnown" in config) return cannotTell(controlPlane, "whether Secrets are encrypted at rest")(config.notKnown, config.written);
  if (config.value === undefined)
    return fromV1alpha1Secrets(controlPlane, false, "the KubeEtcdEncryptionConfig document is deleted, and the v1alpha1 configuration gives");
  const fault = encryptionConfigurationFault(config.value);
  if (fault === undefined) return [];
  if (typeof fault !== "string") return cannotTell(controlPlane, "whether Secrets are encrypted at rest")(fault.unknown);
  return [talosFinding(controlPlane, `the encryption configuration (KubeEtcdEncryptionConfig config) ${fault}`)];
}

export default configurationPolicy(
  {
    id: "talos-secrets-encrypted",
    title: "A Talos cluster's API servers encrypt Secrets at rest",
    description: `Flags the control planes' machine configurations of a Talos cluster (the siderolabs/talos provider's talos_machine_configuration of machine type controlplane, or v0.1's talos_machine_configuration_controlplane, with the patches of the talos_machine_configuration_apply that applies it after its own) whose API server writes Secrets unencrypted or with a provider CIS Kubernetes does not accept: from Talos 1.14 on, the KubeEtcdEncryptionConfig document's config as the patches leave it (Talos generates it with secretbox first; a patch merges into it, or deletes it and gives another), judged as an EncryptionConfiguration; before 1.14, or without the document, the configuration Talos builds from cluster.secretboxEncryptionSecret and cluster.aescbcEncryptionSecret, identity alone where the patches remove both. A patch known only at apply is not evaluable. ${configurationsRead}`,
    rationale:
      "Secrets hold the warehouse's database passwords, the pseudonymisation key and the service account tokens; written unencrypted, every etcd snapshot, backup and disk of a control plane holds them in clear.",
    remediation:
      "Leave the KubeEtcdEncryptionConfig document Talos generates (or give one whose first provider for secrets is secretbox, aescbc or kms), and leave the v1alpha1 encryption secrets in place.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "10.5.c"), cite("cis-kubernetes", "1.2.27-1.2.28")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  (_configuration, { graph }): Violation[] => talosControlPlanes(graph).flatMap((controlPlane) => judgedAcrossContracts(controlPlane, unencrypted)),
);
