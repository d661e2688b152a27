import { cite, configurationPolicy, type Violation } from "../../engine/policy";
import { capoMachineSpec, capoServerSpec } from "../../lib/capo";
import { appliedManifests, findingsOn } from "../../lib/helm";
import { fieldAt, isMap, isUnknown, isUnset } from "../../lib/values";

export default configurationPolicy(
  {
    id: "openstack-machine-no-floating-ip",
    title: "Cluster API machines on OpenStack get no floating IP",
    description:
      "Flags every OpenStackMachine and OpenStackMachineTemplate of Cluster API's OpenStack provider (CAPO), and every OpenStackServer (which CAPO makes of each machine, written by hand at times), that sets floatingIPPoolRef: CAPO claims an address from that pool (an OpenStackFloatingIPPool, which takes floating IPs from an external network) and associates it with each machine, a control plane's or a worker's, made from it. A reference known only at apply, or filled by another tool (a clusterctl variable), is not evaluable. The API server's floating IP is openstack-cluster-private-api's, the bastion's its own.",
    rationale: "Nodes with public addresses are reachable from the Internet, outside the bastion and the ingress; the nodes subnet must stay private.",
    remediation:
      "Remove floatingIPPoolRef from the machine's specification (spec.template.spec in an OpenStackMachineTemplate): the nodes are reached through the bastion, the applications through the ingress load balancer.",
    severity: "critical",
    references: [cite("secnumcloud-3.2", "13.2.e"), cite("anssi", "PA-022 R15-R16")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  // The machine controller hands floatingIPPoolRef to the OpenStackServer it creates (controllers/
  // openstackmachine_controller.go), whose controller claims an IPAddress from the pool and associates the floating IP
  // with the server's port (controllers/openstackserver_controller.go, reconcileFloatingAddressFromPool); the v1alpha7
  // machine's floatingIP field no controller read (v0.9.0).
  (_configuration, { graph }): Violation[] =>
    appliedManifests(graph).flatMap((applied): Violation[] => {
      const ofMachine = capoMachineSpec(applied.manifest);
      const machine = ofMachine ? (ofMachine.api === "v1alpha" ? undefined : ofMachine) : capoServerSpec(applied.manifest);
      if (!machine) return [];
      const finding = findingsOn(applied, machine.at);
      if (isUnknown(machine.spec)) return [finding([], "the machine's specification is not known here", { value: machine.spec })];
      const pool = fieldAt(machine.spec, "floatingIPPoolRef");
      if (isUnset(pool)) return [];
      const field = ["floatingIPPoolRef"];
      if (isUnknown(pool)) return [finding(field, "whether the machines get a floating IP is not known here", { value: pool })];
      const { kind, name } = isMap(pool) ? pool : {};
      const machines = machine.at.length > 1 ? "every machine made from the template" : ofMachine ? "the machine" : "the server";
      return [
        finding(
          field,
          `floatingIPPoolRef gives ${machines} a floating IP from ${typeof kind === "string" ? kind : "the pool"} ${String(name)}: a public address on a node`,
        ),
      ];
    }),
);
