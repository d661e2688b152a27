import type { Pack } from "./pack";

export const k8sPssPack: Pack = {
  id: "k8s-pss",
  title: "Kubernetes Pod Security Standards (restricted)",
  version: "as of Kubernetes 1.35",
  source: "kubernetes.io, concepts/security/pod-security-standards and pod-security-admission",
  controls: {
    "Baseline: Privileged Containers": "Privileged pods disable most security mechanisms and are disallowed",
    "Baseline: HostProcess": "Windows HostProcess containers, which run as processes of the node, are disallowed",
    "Baseline: Host Namespaces": "Sharing the host's network, PID or IPC namespaces is disallowed",
    "Baseline: HostPath Volumes": "HostPath volumes are forbidden",
    "Restricted: Volume Types":
      "Only config maps, CSI, downward API, empty dirs, ephemeral and image volumes, claims, projected volumes and secrets are allowed",
    "Baseline: Host Ports": "Host ports are disallowed",
    "Baseline: SELinux; AppArmor": "SELinux user, role and custom types, and unconfined AppArmor profiles, are disallowed",
    "Baseline: /proc Mount Type": "The default masked /proc is required",
    "Baseline: Sysctls": "Only the safe subset of sysctls may be set",
    "Baseline: Probes and Lifecycle Handlers": "Probes and lifecycle handlers name no host (Kubernetes 1.34 and later)",
    "Restricted: Privilege Escalation": "allowPrivilegeEscalation must be false",
    "Restricted: Running as Non-root / Running as Non-root user": "Containers run as non-root, with a non-zero user id",
    "Restricted: Seccomp": "Seccomp profile RuntimeDefault or Localhost",
    "Restricted: Capabilities": "Drop ALL capabilities; only NET_BIND_SERVICE may be added",
    "Pod Security Admission: enforce label (K8S-PSS-1)": "Namespaces enforce the restricted profile through Pod Security Admission",
  },
};
