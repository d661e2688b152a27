/** Defaults of the Kubernetes constructs, shared with the environment schema so both say the same. */
export const kubernetesDefaults = {
  /**
   * A Kubernetes version in upstream support, that magnum-cluster-api's CI runs conformance on (v0.38.1:
   * zuul.d/hydrophone-jobs.yaml, 1.33 to 1.36) and that RKE2 releases (v1.35.5+rke2r1).
   */
  version: "v1.35.5",
  rke2Revision: "rke2r1",
  /** Three control-plane members keep etcd quorum through the loss of one. */
  controlPlaneCount: 3,
  nodeGroupName: "workers",
  nodeCount: 3,
  /** Boot and container storage per node, on the encrypted volume type. */
  nodeVolumeSizeGiB: 50,
  /** Calico enforces NetworkPolicies, which every namespace relies on; magnum-cluster-api accepts calico or cilium. */
  networkDriver: "calico",
} as const;

/** The node group that runs the analysis workspaces: tainted, so that only workspaces are scheduled there. */
export const workspacesNodeGroup = { name: "workspaces", taint: "eds.region/workspaces=true:NoSchedule", label: "eds.region/role=workspaces" } as const;

/**
 * The label by which each engine's nodes of the workspaces' group are known, for the pods that must keep off them:
 * RKE2's are labelled by the platform (node-label); Cluster API labels each of Magnum's nodes with its node group
 * (node.cluster.x-k8s.io/nodegroup, magnum-cluster-api resources.py), and the driver sets no taint.
 */
export const workspacesNodeLabel = {
  rke2: ["eds.region/role", workspacesNodeGroup.name],
  "magnum-cluster-api": ["node.cluster.x-k8s.io/nodegroup", workspacesNodeGroup.name],
} as const satisfies Record<"rke2" | "magnum-cluster-api", readonly [string, string]>;

/**
 * RKE2's servers: the label RKE2 gives them (node-role.kubernetes.io/control-plane = "true", docs.rke2.io
 * upgrades/automated), and the taint the platform puts on them so that only critical add-ons run beside the API server.
 */
export const rke2ServerNodes = {
  label: { key: "node-role.kubernetes.io/control-plane", value: "true" },
  taint: { key: "CriticalAddonsOnly", value: "true", effect: "NoExecute" },
} as const;

/**
 * The cluster's own networks, for pods and Services, the same for both engines and every region. They must not overlap
 * an address the pods reach as it is (the region's range, the administrators' networks, the cloud's APIs): RKE2's own
 * defaults, 10.42.0.0/16 and 10.43.0.0/16 (docs.rke2.io, reference/server_config), are regions of the national
 * addressing pool. These are magnum-cluster-api's defaults (resources.py: DEFAULT_POD_CIDR, service_cluster_ip_range),
 * outside the pool; config/validators/network-plan.ts refuses a region that overlaps them.
 */
export const clusterNetworks = { pods: "10.100.0.0/16", services: "10.254.0.0/16" } as const;
