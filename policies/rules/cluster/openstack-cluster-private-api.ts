import { cite, configurationPolicy, type Violation } from "../../engine/policy";
import { type AppliedManifest, appliedManifests, isKind, isMap, objectName, placeOf } from "../../lib/helm";
import { isUnknown, literalBool, unknownsWritten } from "../../lib/values";

/** The API group of Cluster API's OpenStack provider (CAPO), whose objects describe a cluster's OpenStack infrastructure. */
const capoGroup = "infrastructure.cluster.x-k8s.io";

/**
 * The cluster specification an object gives CAPO, and where it is written: an OpenStackCluster's spec, or the spec
 * an OpenStackClusterTemplate gives the clusters a ClusterClass makes (spec.template.spec).
 */
function clusterSpec({ manifest }: AppliedManifest): { spec: unknown; at: string } | undefined {
  if (isKind(manifest, "OpenStackCluster", capoGroup)) return { spec: manifest.spec, at: "spec" };
  if (!isKind(manifest, "OpenStackClusterTemplate", capoGroup)) return undefined;
  const template = isMap(manifest.spec) ? manifest.spec.template : manifest.spec;
  return { spec: isMap(template) ? template.spec : template, at: "spec.template.spec" };
}

export default configurationPolicy(
  {
    id: "openstack-cluster-private-api",
    title: "A Cluster API cluster on OpenStack gives its Kubernetes API no public address",
    description:
      "Flags every OpenStackCluster and OpenStackClusterTemplate of Cluster API's OpenStack provider (CAPO) that does not set disableAPIServerFloatingIP to true: CAPO then takes a floating IP from the external network for the API server, on its load balancer or, without one, on the control plane machines, whatever apiServerLoadBalancer.allowedCIDRs says (an allow list on a public address is a public address). A cluster that sets disableExternalNetwork is on no external network and is not flagged; a value another tool fills (a clusterctl variable) or known only at apply is not evaluable.",
    rationale: "An administration interface reachable from a public network must not exist; the API is reached from the bastion and the nodes subnet only.",
    remediation:
      "Set spec.disableAPIServerFloatingIP: true (spec.template.spec in an OpenStackClusterTemplate), with an API server load balancer or an apiServerFixedIP on the cluster network, and reach the API through the bastion.",
    severity: "critical",
    references: [cite("secnumcloud-3.2", "9.6.e"), cite("secnumcloud-3.2", "13.2.e"), cite("anssi", "PA-022 R15-R16")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  // CAPO reconciles the API server's floating IP unless disableAPIServerFloatingIP is true (controllers/
  // openstackcluster_controller.go and pkg/cloud/services/loadbalancer/loadbalancer.go, ReconcileLoadBalancer:
  // `!ptr.Deref(spec.DisableAPIServerFloatingIP, false)`); with disableExternalNetwork it has no external network to
  // take one from, and its CRD refuses disableAPIServerFloatingIP false there (api/v1beta1/openstackcluster_types.go).
  (_configuration, { graph }): Violation[] =>
    appliedManifests(graph).flatMap((applied): Violation[] => {
      const cluster = clusterSpec(applied);
      if (!cluster) return [];
      const { at } = cluster;
      const finding = (field: string | undefined, message: string, notKnown?: unknown): Violation => ({
        message: `${applied.manifest.kind} ${objectName(applied.manifest)}: ${message}`,
        address: applied.resource.address,
        path: placeOf(applied, field === undefined ? at : `${at}.${field}`),
        ...(notKnown === undefined ? {} : { outcome: "cannot-evaluate" as const, notKnown: unknownsWritten(notKnown) ?? String(notKnown) }),
      });
      if (isUnknown(cluster.spec)) return [finding(undefined, "the cluster's specification is not known here", cluster.spec)];
      const spec = isMap(cluster.spec) ? cluster.spec : {};
      const disabled = spec.disableAPIServerFloatingIP;
      if (literalBool(disabled) === true) return [];
      const noExternalNetwork = spec.disableExternalNetwork;
      if (literalBool(noExternalNetwork) === true) return [];
      if (isUnknown(disabled)) return [finding("disableAPIServerFloatingIP", "whether the API server gets a floating IP is not known here", disabled)];
      if (isUnknown(noExternalNetwork))
        return [
          finding(
            "disableExternalNetwork",
            "whether the cluster is on an external network, and its API server gets a floating IP, is not known here",
            noExternalNetwork,
          ),
        ];
      return [
        finding(
          "disableAPIServerFloatingIP",
          `disableAPIServerFloatingIP is ${disabled === undefined || disabled === null ? "not set" : JSON.stringify(disabled)}: CAPO gives the API server a floating IP from the external network (on its load balancer, or on the control plane machines without one)`,
        ),
      ];
    }),
);
