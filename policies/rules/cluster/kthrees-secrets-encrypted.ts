import { cite, configurationPolicy, type Violation } from "../../engine/policy";
import { eachKThreesControlPlane } from "../../lib/kthrees";
import { k3sSecretsEncryption } from "../../lib/kubernetes-encryption";

export default configurationPolicy(
  {
    id: "kthrees-secrets-encrypted",
    title: "A Cluster API cluster's K3s control plane encrypts Secrets at rest",
    description:
      "Flags every KThreesControlPlane and KThreesControlPlaneTemplate of Cluster API's K3s provider whose K3s servers store Secrets unencrypted in their datastore: the configuration the provider writes has no secrets-encryption (its serverConfig has no such field), so K3s encrypts Secrets only where the spec's files write a drop-in in /etc/rancher/k3s/config.yaml.d that sets it, or kube-apiserver-arg names an encryption-provider-config whose file the spec's files write, with aescbc, kms or secretbox as its first provider for Secrets. A file read from a Secret, or a value known only at apply, is not evaluable.",
    rationale:
      "Secrets hold the database passwords, the pseudonymisation key and the tokens of the warehouse's services; stored as they are, they are read by whoever reads the datastore, its snapshots or its backups.",
    remediation:
      "Write with kthreesConfigSpec.files a drop-in /etc/rancher/k3s/config.yaml.d/10-secrets.yaml holding secrets-encryption: true, or name in serverConfig.kubeAPIServerArg an encryption-provider-config that files write, whose first provider for secrets is kms or aescbc.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "10.5.c"), cite("cis-kubernetes", "1.2.27-1.2.28")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  (_configuration, { graph }): Violation[] => eachKThreesControlPlane(graph, k3sSecretsEncryption),
);
