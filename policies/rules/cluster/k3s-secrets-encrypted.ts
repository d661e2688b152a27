import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { k3sSecretsEncryption } from "../../lib/kubernetes-encryption";
import { nodeSetupTypes, nodeSetupsDescribed } from "../../lib/node-setup";
import { eachNode, k3sServers, onSetupPath } from "../../lib/rancher-node";

export default resourcePolicy(
  {
    id: "k3s-secrets-encrypted",
    title: "A K3s cluster's API servers encrypt Secrets at rest",
    description: `Flags K3s servers that store Secrets unencrypted in their datastore (SQLite, etcd, or an external database): K3s encrypts them only with secrets-encryption set (it then passes the API server an encryption configuration of its own, with aescbc: k3s pkg/daemons/control/server.go and deps.go), and an encryption-provider-config in kube-apiserver-arg replaces it; such a file must write Secrets with aescbc, kms or secretbox (its first provider for them), not identity. Read from the configuration files and the command line, which wins; where the user data writes no configuration file and the command line does not name an encryption-provider-config, a configuration file not read here may: not evaluable; so is an encryption configuration the user data does not write. ${nodeSetupsDescribed}`,
    rationale:
      "Secrets hold the database passwords, the pseudonymisation key and the tokens of the warehouse's services; stored as they are, they are read by whoever reads the datastore, its snapshots or its backups.",
    remediation:
      "Set secrets-encryption: true in the servers' K3s configuration, or name in kube-apiserver-arg an encryption-provider-config whose first provider for Secrets is kms (a key held in the key manager) or aescbc.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "10.5.c"), cite("cis-kubernetes", "1.2.27-1.2.28")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  nodeSetupTypes,
  (resource, { graph }): Violation[] =>
    eachNode(k3sServers(resource, graph), "whether Secrets are encrypted at rest cannot be read", (server) => k3sSecretsEncryption(server, onSetupPath)),
);
