import { rke2ClusterApiNodeOf } from "./cluster-api-rke2";
import type { ClusterApiNode } from "./control-plane-servers";
import { kthreesNodeOf } from "./kthrees";
import type { LooseObject } from "./values";

/** The K3s or RKE2 node an object of Cluster API's K3s or RKE2 provider makes (a control plane's server, a worker's agent), where it is one. */
export const clusterApiNodeOf = (manifest: LooseObject): ClusterApiNode | undefined => kthreesNodeOf(manifest) ?? rke2ClusterApiNodeOf(manifest);
