import { outOfScope, type Pack } from "./pack";

export const cisKubernetesPack: Pack = {
  id: "cis-kubernetes",
  title: "CIS Kubernetes Benchmark",
  version: "1.10 / 2.0.1 (section numbers read through secondary sources)",
  source: "Center for Internet Security, CIS Kubernetes Benchmark (cisecurity.org)",
  controls: {
    "1.2.16-1.2.19": "API server audit logging is configured",
    "5.1.1": "The cluster-admin role is used only where required",
    "5.1.6": "Service account tokens are mounted only where necessary",
    "5.2.1": "The cluster has at least one active policy-control mechanism",
    "5.2.2": "Privileged containers are not admitted",
    "5.2.3-5.2.5": "Containers sharing the host PID, IPC or network namespace are not admitted",
    "5.2.6": "Containers with allowPrivilegeEscalation are not admitted",
    "5.2.7": "Root containers are not admitted",
    "5.2.8-5.2.10": "Containers with NET_RAW, added or any capabilities are minimised",
    "5.2.9": "Containers with added capabilities are not admitted",
    "5.2.12": "HostPath volumes are not admitted",
    "5.2.13": "Containers with host ports are not admitted",
    "5.3.2": "Every namespace has NetworkPolicies",
    "5.4.1": "Secrets are consumed as files rather than environment variables",
    "5.4.2": "Secrets are held in external secret storage",
    "5.5.1 (image provenance)": "Image provenance is configured (images from trusted registries)",
    "5.7.2": "The seccomp profile is set to docker/default (RuntimeDefault) in pod definitions",
    "1-4 (control plane and node configuration)": outOfScope(
      "Configuration of the API server, controller manager, scheduler, etcd and kubelets",
      "set by Magnum's Cluster API driver or by RKE2's CIS profile (rke2-cluster.ts sets profile: cis); checked with kube-bench on the running cluster, not in the configuration",
      "secondary",
    ),
  },
};
