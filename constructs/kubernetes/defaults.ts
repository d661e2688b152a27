/** Defaults of the KubernetesCluster construct, shared with the environment schema so both say the same. */
export const kubernetesDefaults = {
  /** A supported Kubernetes minor, given as Magnum's `kube_tag`. */
  version: "v1.31.4",
  /** Three control-plane members keep etcd quorum through the loss of one. */
  controlPlaneCount: 3,
  nodeGroupName: "workers",
  nodeCount: 3,
  /** Container storage per node, on the encrypted volume type. */
  nodeVolumeSizeGiB: 50,
  /** Calico enforces NetworkPolicies, which every namespace relies on. */
  networkDriver: "calico",
} as const;
