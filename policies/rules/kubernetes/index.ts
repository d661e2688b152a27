import type { EdsPolicy } from "../../engine/policy";
import helmReleasePinned from "./helm-release-pinned";
import k8sCapabilitiesRestricted from "./k8s-capabilities-restricted";
import k8sConfigmapNoSecrets from "./k8s-configmap-no-secrets";
import k8sDropAllCapabilities from "./k8s-drop-all-capabilities";
import k8sEnvNoLiteralSecrets from "./k8s-env-no-literal-secrets";
import k8sImageAllowedRegistry from "./k8s-image-allowed-registry";
import k8sImageNoLatestTag from "./k8s-image-no-latest-tag";
import k8sImagePinnedDigest from "./k8s-image-pinned-digest";
import k8sGatewayTls from "./k8s-gateway-tls";
import k8sNamespaceNetworkPolicy from "./k8s-namespace-network-policy";
import k8sNamespaceRestrictedPss from "./k8s-namespace-restricted-pss";
import k8sNetworkPolicyNoPublicCidr from "./k8s-network-policy-no-public-cidr";
import k8sIngressTls from "./k8s-ingress-tls";
import k8sLsmConfinementKept from "./k8s-lsm-confinement-kept";
import k8sNoBindingToDefaultServiceAccount from "./k8s-no-binding-to-default-service-account";
import k8sNoBindingToEveryone from "./k8s-no-binding-to-everyone";
import k8sNoClusterAdminBinding from "./k8s-no-cluster-admin-binding";
import k8sNoDefaultNamespace from "./k8s-no-default-namespace";
import k8sNoHostNamespaces from "./k8s-no-host-namespaces";
import k8sNoHostPath from "./k8s-no-host-path";
import k8sNoHostPorts from "./k8s-no-host-ports";
import k8sNoHostProcess from "./k8s-no-host-process";
import k8sNoProbeHost from "./k8s-no-probe-host";
import k8sNoPrivilegeEscalation from "./k8s-no-privilege-escalation";
import k8sNoPrivileged from "./k8s-no-privileged";
import k8sNoUnsafeSysctls from "./k8s-no-unsafe-sysctls";
import k8sNoServiceAccountToken from "./k8s-no-service-account-token";
import k8sProcMountDefault from "./k8s-proc-mount-default";
import k8sQuotaFits from "./k8s-quota-fits";
import k8sRestrictedVolumeTypes from "./k8s-restricted-volume-types";
import k8sRbacNoEscalationPaths from "./k8s-rbac-no-escalation-paths";
import k8sRbacNoSecretReads from "./k8s-rbac-no-secret-reads";
import k8sRbacNoWildcards from "./k8s-rbac-no-wildcards";
import k8sReadOnlyRootFilesystem from "./k8s-read-only-root-filesystem";
import k8sResourceLimits from "./k8s-resource-limits";
import k8sRunAsNonRoot from "./k8s-run-as-non-root";
import k8sSeccompProfile from "./k8s-seccomp-profile";
import k8sSecretNoLiteralData from "./k8s-secret-no-literal-data";
import k8sServiceNotExposed from "./k8s-service-not-exposed";
import vaultListenerTls from "./vault-listener-tls";

/** The Kubernetes policies (Pod Security Standards "restricted", RBAC, network, images, secrets), in id order. */
export const kubernetesPolicies: EdsPolicy[] = [
  helmReleasePinned,
  k8sCapabilitiesRestricted,
  k8sConfigmapNoSecrets,
  k8sDropAllCapabilities,
  k8sEnvNoLiteralSecrets,
  k8sImageAllowedRegistry,
  k8sImageNoLatestTag,
  k8sImagePinnedDigest,
  k8sGatewayTls,
  k8sNamespaceNetworkPolicy,
  k8sNamespaceRestrictedPss,
  k8sNetworkPolicyNoPublicCidr,
  k8sIngressTls,
  k8sLsmConfinementKept,
  k8sNoBindingToDefaultServiceAccount,
  k8sNoBindingToEveryone,
  k8sNoClusterAdminBinding,
  k8sNoDefaultNamespace,
  k8sNoHostNamespaces,
  k8sNoHostPath,
  k8sNoHostPorts,
  k8sNoHostProcess,
  k8sNoProbeHost,
  k8sNoPrivilegeEscalation,
  k8sNoPrivileged,
  k8sNoServiceAccountToken,
  k8sNoUnsafeSysctls,
  k8sProcMountDefault,
  k8sQuotaFits,
  k8sRestrictedVolumeTypes,
  k8sRbacNoEscalationPaths,
  k8sRbacNoSecretReads,
  k8sRbacNoWildcards,
  k8sReadOnlyRootFilesystem,
  k8sResourceLimits,
  k8sRunAsNonRoot,
  k8sSeccompProfile,
  k8sSecretNoLiteralData,
  k8sServiceNotExposed,
  vaultListenerTls,
];
