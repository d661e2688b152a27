import k3sAuditLogEnabled from "./k3s-audit-log-enabled";
import k3sNetworkPolicyEnforced from "./k3s-network-policy-enforced";
import k3sPodSecurityNotBypassed from "./k3s-pod-security-not-bypassed";
import k3sSecretsEncrypted from "./k3s-secrets-encrypted";
import kthreesAuditLogEnabled from "./kthrees-audit-log-enabled";
import kthreesNetworkPolicyEnforced from "./kthrees-network-policy-enforced";
import kthreesPodSecurityNotBypassed from "./kthrees-pod-security-not-bypassed";
import kthreesSecretsEncrypted from "./kthrees-secrets-encrypted";
import kubeadmAuditLogEnabled from "./kubeadm-audit-log-enabled";
import kubeadmSecretsEncrypted from "./kubeadm-secrets-encrypted";
import kubernetesAuthorizationEnforced from "./kubernetes-authorization-enforced";
import kubernetesVersionSupported from "./kubernetes-version-supported";
import magnumAuditLogEnabled from "./magnum-audit-log-enabled";
import magnumLabelsKnown from "./magnum-labels-known";
import magnumNetworkPolicyEnforced from "./magnum-network-policy-enforced";
import magnumNoFloatingIp from "./magnum-no-floating-ip";
import magnumNodeVolumesEncrypted from "./magnum-node-volumes-encrypted";
import magnumPrivateApi from "./magnum-private-api";
import magnumTlsEnabled from "./magnum-tls-enabled";
import nodeRegistriesVerifyTls from "./node-registries-verify-tls";
import openstackClusterPrivateApi from "./openstack-cluster-private-api";
import openstackMachineNoFloatingIp from "./openstack-machine-no-floating-ip";
import openstackMachinePortSecurity from "./openstack-machine-port-security";
import openstackMachineVolumesEncrypted from "./openstack-machine-volumes-encrypted";
import rke2AuditLogEnabled from "./rke2-audit-log-enabled";
import rke2ControlPlaneAuditLogEnabled from "./rke2-control-plane-audit-log-enabled";
import rke2ControlPlaneNetworkPolicyEnforced from "./rke2-control-plane-network-policy-enforced";
import rke2ControlPlanePodSecurityNotBypassed from "./rke2-control-plane-pod-security-not-bypassed";
import rke2ControlPlaneSecretsEncrypted from "./rke2-control-plane-secrets-encrypted";
import rke2NetworkPolicyEnforced from "./rke2-network-policy-enforced";
import rke2PodSecurityNotBypassed from "./rke2-pod-security-not-bypassed";
import rke2SecretsEncrypted from "./rke2-secrets-encrypted";
import talosApiAccessRestricted from "./talos-api-access-restricted";
import talosAuditLogEnabled from "./talos-audit-log-enabled";
import talosAuthorizationEnforced from "./talos-authorization-enforced";
import talosKubernetesVersionSupported from "./talos-kubernetes-version-supported";
import talosNetworkPolicyEnforced from "./talos-network-policy-enforced";
import talosPodSecurityNotBypassed from "./talos-pod-security-not-bypassed";
import talosSecretsEncrypted from "./talos-secrets-encrypted";
import talosTlsVersionsAndSuites from "./talos-tls-versions-and-suites";

export const clusterPolicies = [
  k3sAuditLogEnabled,
  k3sNetworkPolicyEnforced,
  k3sPodSecurityNotBypassed,
  k3sSecretsEncrypted,
  kthreesAuditLogEnabled,
  kthreesNetworkPolicyEnforced,
  kthreesPodSecurityNotBypassed,
  kthreesSecretsEncrypted,
  kubeadmAuditLogEnabled,
  kubeadmSecretsEncrypted,
  kubernetesAuthorizationEnforced,
  kubernetesVersionSupported,
  magnumAuditLogEnabled,
  magnumLabelsKnown,
  magnumNetworkPolicyEnforced,
  magnumNoFloatingIp,
  magnumNodeVolumesEncrypted,
  magnumPrivateApi,
  magnumTlsEnabled,
  nodeRegistriesVerifyTls,
  openstackClusterPrivateApi,
  openstackMachineNoFloatingIp,
  openstackMachinePortSecurity,
  openstackMachineVolumesEncrypted,
  rke2AuditLogEnabled,
  rke2ControlPlaneAuditLogEnabled,
  rke2ControlPlaneNetworkPolicyEnforced,
  rke2ControlPlanePodSecurityNotBypassed,
  rke2ControlPlaneSecretsEncrypted,
  rke2NetworkPolicyEnforced,
  rke2PodSecurityNotBypassed,
  rke2SecretsEncrypted,
  talosApiAccessRestricted,
  talosAuditLogEnabled,
  talosAuthorizationEnforced,
  talosKubernetesVersionSupported,
  talosNetworkPolicyEnforced,
  talosPodSecurityNotBypassed,
  talosSecretsEncrypted,
  talosTlsVersionsAndSuites,
];
