/**
 * The flows a region needs and the flows the frameworks forbid, as data: endpoints named by role (which pods, which
 * members of a security group, which declared address zone, the Internet), a port, and what is expected.
 */
import { cite, type PolicyReference } from "../engine/policy";

import type { Labels } from "../lib/label-selectors";

export type { Labels };

/** Some pods: in one namespace, in every namespace but some, or in the namespaces with some labels; with some labels. */
export interface PodsEndpoint {
  readonly pods: {
    readonly namespace?: string;
    readonly namespaceLabels?: Labels;
    readonly exceptNamespaces?: readonly string[];
    readonly labels?: Labels;
  };
}

/** The members (instances, ports) of an OpenStack security group, by the group's name. */
export interface GroupEndpoint {
  readonly securityGroup: string;
}

/** One of the region's declared address zones (the log store, Keystone, the administrators' networks...). */
export interface ZoneEndpoint {
  readonly zone: string;
}

/** Every public address outside the region's declared zones. */
export interface InternetEndpoint {
  readonly internet: true;
}

/**
 * The nodes of a Magnum cluster, by the cluster's address. Magnum makes their security groups when it builds the
 * cluster, with rules the configuration does not hold (magnum-cluster-api through Cluster API: egress open to every
 * address), so what they reach is not known before apply.
 */
export interface ClusterNodesEndpoint {
  readonly clusterNodes: string;
}

export type EndpointSelector = PodsEndpoint | GroupEndpoint | ZoneEndpoint | InternetEndpoint | ClusterNodesEndpoint;
export type Endpoint = EndpointSelector & { readonly name: string };

export const internet: Endpoint = { internet: true, name: "the Internet" };

export type Protocol = "TCP" | "UDP";

export interface FlowRequirement {
  /** Stable id: intended flows are named by the construct that needs them, forbidden ones by their rule. */
  readonly id: string;
  readonly from: Endpoint;
  readonly to: Endpoint;
  /** The port it is about; none for "on any port". */
  readonly port?: number;
  readonly protocol?: Protocol;
  /** Between pods of the same role: only from one namespace to another (a project's workspace to another's). */
  readonly acrossNamespaces?: boolean;
  readonly expect: "possible" | "impossible";
  readonly why: string;
  readonly references?: readonly PolicyReference[];
}

/** What synthesis tells the flow check about a region: its address zones, who plays which role, and the flows its constructs need. */
export interface FlowContext {
  readonly zones: Readonly<Record<string, readonly string[]>>;
  /** The cluster's pod network: the addresses pods take, which a NetworkPolicy's ipBlock matches too. */
  readonly podNetwork?: readonly string[];
  readonly roles: Readonly<Record<string, Endpoint>>;
  readonly intended: readonly FlowRequirement[];
}

export const emptyFlowContext: FlowContext = { zones: {}, roles: {}, intended: [] };

const isolation = [cite("cnil-eds-2021", "ch. 10 (isolation)", "secondary"), cite("ehds-spe", "Art. 73(1)(b)", "secondary"), cite("secnumcloud-3.2", "13.2.a")];
const outbound = [cite("secnumcloud-3.2", "12.14"), cite("secnumcloud-3.2", "13.2.e")];

/**
 * The frameworks' forbidden flows, for the roles and zones the region declares: a workspace reaches nothing outside
 * its project but what the analysis needs (no Internet, object storage, key manager, identity service, API server,
 * other project); only ingestion calls the pseudonymisation service; from the Internet nothing is reachable, and no
 * instance reaches the Internet (packages, images and time come from the region's mirrors).
 */
export function forbiddenFlows(context: FlowContext, groups: readonly string[], clusters: readonly string[] = []): FlowRequirement[] {
  const { roles, zones } = context;
  const forbidden: FlowRequirement[] = [];
  const workspaces = roles.workspaces;
  if (workspaces) {
    forbidden.push({
      id: "workspace-to-internet",
      from: workspaces,
      to: internet,
      expect: "impossible",
      why: "health data leaves a workspace only through the airlock (its names are resolved through the cluster's DNS and the region's resolvers, which must not resolve the Internet's, or queries would carry data out)",
      references: isolation,
    });
    for (const zone of ["objectStorage", "keyManager", "identity", "apiServer"].filter((name) => zones[name]))
      forbidden.push({
        id: `workspace-to-${zone}`,
        from: workspaces,
        to: { zone, name: zone },
        expect: "impossible",
        why: "a workspace holds no credential and no path to the region's services: files leave only through the airlock",
        references: isolation,
      });
    forbidden.push({
      id: "workspace-to-other-workspace",
      from: workspaces,
      to: workspaces,
      acrossNamespaces: true,
      expect: "impossible",
      why: "each project sees only its own data",
      references: isolation,
    });
  }
  const { pseudonymisation, ingestion } = roles;
  if (pseudonymisation && ingestion && "pods" in pseudonymisation && "pods" in ingestion && ingestion.pods.namespace)
    forbidden.push({
      id: "only-ingestion-to-pseudonymisation",
      from: { pods: { exceptNamespaces: [ingestion.pods.namespace] }, name: `every pod outside ${ingestion.pods.namespace}` },
      to: pseudonymisation,
      expect: "impossible",
      why: "identifying data enters the warehouse only through ingestion and the pseudonymisation service (the processes of the service's own node, and its pods on the node's network, reach it whatever the policies: Kubernetes does not police a node's traffic to its pods, so the service never runs on a workspace's node)",
      references: [cite("cnil-eds-2021", "ch. 10 (isolation)", "secondary")],
    });
  for (const group of groups) {
    const members: Endpoint = { securityGroup: group, name: `members of ${group}` };
    forbidden.push({
      id: `internet-to-${group}`,
      from: internet,
      to: members,
      expect: "impossible",
      why: "only the administrators' networks reach the bastion; nothing else is reachable from outside",
      references: [cite("secnumcloud-3.2", "13.2.e"), cite("secnumcloud-3.2", "9.6.e")],
    });
    forbidden.push({
      id: `${group}-to-internet`,
      from: members,
      to: internet,
      expect: "impossible",
      why: "packages, images and time come from the region's mirrors: no instance reaches the Internet",
      references: outbound,
    });
  }
  for (const cluster of clusters)
    forbidden.push({
      id: `${cluster}-nodes-to-internet`,
      from: { clusterNodes: cluster, name: `the nodes of ${cluster}` },
      to: internet,
      expect: "impossible",
      why: "packages, images and time come from the region's mirrors: no instance reaches the Internet",
      references: outbound,
    });
  return forbidden;
}
