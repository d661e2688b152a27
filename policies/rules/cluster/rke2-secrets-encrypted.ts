import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { rke2SecretsEncryption } from "../../lib/kubernetes-encryption";
import { nodeSetupTypes, nodeSetupsDescribed } from "../../lib/node-setup";
import { eachNode, onSetupPath, rke2Servers } from "../../lib/rancher-node";

export default resourcePolicy(
  {
    id: "rke2-secrets-encrypted",
    title: "An RKE2 cluster's API servers keep Secrets encrypted at rest",
    description: `RKE2 encrypts Secrets at rest whatever its configuration says (rke2 pkg/rke2/rke2.go, Server: secrets-encryption forced on, with an encryption configuration of its own), but an encryption-provider-config in kube-apiserver-arg, passed after RKE2's own flags, replaces it. Flags RKE2 servers whose kube-apiserver-arg (in their configuration files or on their command line, \`rke2 server\`, which wins) empties it, or names one, written by their user data, whose first provider for Secrets is identity or one CIS Kubernetes does not accept (aescbc, kms and secretbox are), or that covers no Secrets. Where the user data writes no configuration file (or writes its service's environment in a way not known here) and the command line does not name an encryption-provider-config, a configuration file not read here may: not evaluable; so is a file the user data does not write, or an argument known only at apply or expanded by the shell. Servers started with disable-apiserver run no API server. ${nodeSetupsDescribed}`,
    rationale:
      "Secrets hold the database passwords, the pseudonymisation key and the tokens of the warehouse's services; stored as they are, they are read by whoever reads etcd, its snapshots or its backups.",
    remediation:
      "Leave encryption-provider-config out of kube-apiserver-arg (RKE2 then encrypts Secrets itself), or name there an encryption configuration whose first provider for secrets is kms (a key held in the key manager) or aescbc.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "10.5.c"), cite("cis-kubernetes", "1.2.27-1.2.28")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  nodeSetupTypes,
  (resource, { graph }): Violation[] =>
    eachNode(rke2Servers(resource, graph), "its API server's flags cannot be read", (server) => rke2SecretsEncryption(server, onSetupPath)),
);
