import { cite, configurationPolicy, type Violation } from "../../engine/policy";
import { apiServerFloatingIPSwitch, type CapoSwitch, capoClusterSpec, externalNetworkSwitch, switchValue } from "../../lib/capo";
import { appliedManifests, findingsOn } from "../../lib/helm";
import { isUnknown, literalBool } from "../../lib/values";

/** Whether a switch is known to be off, known on (set otherwise, or unset), or not known here. */
function state(spec: unknown, on: CapoSwitch | undefined): "off" | "on" | "unknown" {
  if (!on) return "on";
  const value = switchValue(spec, on);
  return literalBool(value) === on.offWhen ? "off" : isUnknown(value) ? "unknown" : "on";
}

export default configurationPolicy(
  {
    id: "openstack-cluster-private-api",
    title: "A Cluster API cluster on OpenStack gives its Kubernetes API no public address",
    description:
      "Flags every OpenStackCluster and OpenStackClusterTemplate of Cluster API's OpenStack provider (CAPO) that does not turn the API server's floating IP off (disableAPIServerFloatingIP: true up to v1beta1, apiServer.enableFloatingIP: false in v1beta2, whose unset field gives one): CAPO then takes a floating IP from the external network for the API server, on its load balancer or, without one, on the control plane machines, whatever the load balancer's allowedCIDRs say (an allow list on a public address is a public address). A cluster on no external network (disableExternalNetwork: true, enableExternalNetwork: false) is not flagged; a value another tool fills (a clusterctl variable) or known only at apply is not evaluable.",
    rationale: "An administration interface reachable from a public network must not exist; the API is reached from the bastion and the nodes subnet only.",
    remediation:
      "Set spec.disableAPIServerFloatingIP: true (spec.apiServer.enableFloatingIP: false in v1beta2; under spec.template.spec in an OpenStackClusterTemplate), with an API server load balancer or a fixed IP on the cluster network, and reach the API through the bastion.",
    severity: "critical",
    references: [cite("secnumcloud-3.2", "9.6.e"), cite("secnumcloud-3.2", "13.2.e"), cite("anssi", "PA-022 R15-R16")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  // CAPO reconciles the API server's floating IP unless it is turned off (controllers/openstackcluster_controller.go
  // and pkg/cloud/services/loadbalancer/loadbalancer.go, ReconcileLoadBalancer); on no external network it has none to
  // take one from, and its CRD refuses the floating IP turned on there (api/v1beta2/openstackcluster_types.go,
  // XValidation on OpenStackClusterSpec).
  (_configuration, { graph }): Violation[] =>
    appliedManifests(graph).flatMap((applied): Violation[] => {
      const cluster = capoClusterSpec(applied.manifest);
      if (!cluster) return [];
      const finding = findingsOn(applied, cluster.at);
      if (isUnknown(cluster.spec)) return [finding([], "the cluster's specification is not known here", { value: cluster.spec })];
      const floatingIP = apiServerFloatingIPSwitch(cluster.api);
      const externalNetwork = externalNetworkSwitch(cluster.api);
      const [ip, network] = [state(cluster.spec, floatingIP), state(cluster.spec, externalNetwork)];
      if (ip === "off" || network === "off") return [];
      if (ip === "unknown")
        return [finding(floatingIP.field, "whether the API server gets a floating IP is not known here", { value: switchValue(cluster.spec, floatingIP) })];
      if (network === "unknown" && externalNetwork)
        return [
          finding(externalNetwork.field, "whether the cluster is on an external network, and its API server gets a floating IP, is not known here", {
            value: switchValue(cluster.spec, externalNetwork),
          }),
        ];
      const written = switchValue(cluster.spec, floatingIP);
      return [
        finding(
          floatingIP.field,
          `${floatingIP.field.join(".")} is ${written === undefined || written === null ? "not set" : JSON.stringify(written)}: CAPO gives the API server a floating IP from the external network (on its load balancer, or on the control plane machines without one)`,
        ),
      ];
    }),
);
