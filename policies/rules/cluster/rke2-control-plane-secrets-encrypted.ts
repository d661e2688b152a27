import { configurationPolicy, type Violation } from "../../engine/policy";
import { rke2SecretsEncryption } from "../../lib/kubernetes-encryption";
import { eachRke2ControlPlane } from "../../lib/cluster-api-rke2";
import rke2SecretsEncrypted from "./rke2-secrets-encrypted";

const { rationale, severity, references } = rke2SecretsEncrypted.metadata;

export default configurationPolicy(
  {
    id: "rke2-control-plane-secrets-encrypted",
    title: "A Cluster API cluster's RKE2 control plane keeps Secrets encrypted at rest",
    description:
      "RKE2 encrypts Secrets at rest whatever its configuration says (with serverConfig.secretsEncryption, the provider only chooses its provider and key), but an encryption-provider-config in kube-apiserver-arg, passed after RKE2's own flags, replaces it. Flags every RKE2ControlPlane and RKE2ControlPlaneTemplate of Cluster API's RKE2 provider whose serverConfig.kubeAPIServer.extraArgs (or a drop-in the spec's files write in /etc/rancher/rke2/config.yaml.d) empty it, or name one, written by the spec's files, whose first provider for Secrets is identity or one CIS Kubernetes does not accept (aescbc, kms and secretbox are), or that covers no Secrets. A file the spec does not write, one read from a Secret, or a value known only at apply is not evaluable.",
    rationale,
    remediation:
      "Leave encryption-provider-config out of serverConfig.kubeAPIServer.extraArgs (RKE2 then encrypts Secrets itself; serverConfig.secretsEncryption chooses aescbc or secretbox), or name there an encryption configuration the spec's files write, whose first provider for secrets is kms or aescbc.",
    severity,
    references,
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  (_configuration, { graph }): Violation[] => eachRke2ControlPlane(graph, rke2SecretsEncryption),
);
