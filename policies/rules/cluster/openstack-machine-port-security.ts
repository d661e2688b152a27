import { cite, configurationPolicy, type Violation } from "../../engine/policy";
import {
  type CapoSpec,
  type CapoSwitch,
  capoClusterSpec,
  capoServerLikeSpec,
  networkCreatedBy,
  networkPortSecuritySwitch,
  portSecuritySwitch,
  switchValue,
} from "../../lib/capo";
import { type AppliedManifest, appliedManifests, findingsOn } from "../../lib/helm";
import { addressPairLiftingAntiSpoofing } from "../../lib/openstack";
import { fieldAt, isUnknown, isUnset, literalBool, literalString, segmentsPath } from "../../lib/values";

/** The first of the switches a value is written for, with that value (an OpenStackServer's port under either API's name). */
function writtenSwitch(spec: unknown, switches: readonly CapoSwitch[]): { switch: CapoSwitch; value: unknown } | undefined {
  for (const candidate of switches) {
    const value = switchValue(spec, candidate);
    if (!isUnset(value)) return { switch: candidate, value };
  }
  return undefined;
}

/** Whether a value CAPO reads for a network to create asks for one: a CIDR (v1alpha's nodeCidr), a list of subnets (managedSubnets). */
const asksForNetwork = (value: unknown): boolean => (Array.isArray(value) ? value.length > 0 : !isUnset(value));

/** The network CAPO creates for a cluster, with its port security off: no group filters the machines' ports on it that do not turn it on. */
function networkViolations(applied: AppliedManifest, cluster: CapoSpec): Violation[] {
  const finding = findingsOn(applied, cluster.at);
  if (isUnknown(cluster.spec)) return [finding([], "the cluster's specification is not known here", { value: cluster.spec })];
  const written = writtenSwitch(cluster.spec, [networkPortSecuritySwitch(cluster.api)]);
  if (!written) return [];
  const field = written.switch.field;
  const shown = segmentsPath(field);
  if (isUnknown(written.value))
    return [finding(field, `whether the cluster's network keeps port security (${shown}) is not known here`, { value: written.value })];
  if (literalBool(written.value) !== written.switch.offWhen) return [];
  // On a network the cluster takes as it is, the switch changes nothing.
  const creator = networkCreatedBy(cluster.api);
  const created = fieldAt(cluster.spec, creator);
  if (isUnknown(created))
    return [
      finding(field, `${shown} turns port security off on the network CAPO creates, and whether it creates one (${creator}) is not known here`, {
        value: created,
      }),
    ];
  return asksForNetwork(created)
    ? [
        finding(
          field,
          `${shown} turns port security off on the network CAPO creates for the cluster (${creator}): no security group, managed or not, filters the ports of its machines that do not turn it on`,
        ),
      ]
    : [];
}

/** A machine's ports (the bastion's, a server's) that turn port security off, or keep it on with an address pair as large as the Internet. */
function portViolations(applied: AppliedManifest, machine: CapoSpec): Violation[] {
  const finding = findingsOn(applied, machine.at);
  if (isUnknown(machine.spec)) return [finding([], "the machine's specification is not known here", { value: machine.spec })];
  const ports = fieldAt(machine.spec, "ports");
  if (isUnknown(ports)) return [finding(["ports"], "the machine's ports are not known here", { value: ports })];
  const switches = [machine.api, ...(machine.orApi ? [machine.orApi] : [])].map(portSecuritySwitch);
  return (Array.isArray(ports) ? ports : []).flatMap((port, i): Violation[] => {
    if (isUnknown(port)) return [finding(["ports", i], `port ${i} is not known here`, { value: port })];
    const written = writtenSwitch(port, switches);
    if (written) {
      const field = ["ports", i, ...written.switch.field];
      if (isUnknown(written.value)) return [finding(field, `whether port ${i} keeps port security is not known here`, { value: written.value })];
      if (literalBool(written.value) === written.switch.offWhen)
        return [finding(field, `port ${i} turns port security off: no security group filters it, and it may send from any address`)];
    }
    // CAPO sends the address pairs of a port that keeps port security (pkg/cloud/services/networking/port.go, CreatePort).
    const pairs = fieldAt(port, "allowedAddressPairs");
    if (isUnknown(pairs)) return [finding(["ports", i, "allowedAddressPairs"], `port ${i}'s allowed address pairs are not known here`, { value: pairs })];
    return (Array.isArray(pairs) ? pairs : []).flatMap((pair, j): Violation[] => {
      const address = fieldAt(pair, "ipAddress");
      const field = ["ports", i, "allowedAddressPairs", j, "ipAddress"];
      if (isUnknown(address)) return [finding(field, `port ${i}'s allowed address pair ${j} is not known here`, { value: address })];
      const message = addressPairLiftingAntiSpoofing(literalString(address));
      return message ? [finding(field, `port ${i}: ${message}`)] : [];
    });
  });
}

export default configurationPolicy(
  {
    id: "openstack-machine-port-security",
    title: "Cluster API on OpenStack keeps port security on its network and its machines' ports",
    description:
      "Flags an OpenStackCluster or OpenStackClusterTemplate of Cluster API's OpenStack provider (CAPO) that has CAPO create the cluster's network (managedSubnets, v1alpha7's nodeCidr) with port security off (disablePortSecurity: true, v1beta2's managedNetwork.enablePortSecurity: false), and every port of an OpenStackMachine, OpenStackMachineTemplate, OpenStackServer or cluster's bastion that turns port security off (disablePortSecurity: true, v1beta2's enablePortSecurity: false) or keeps it with an allowed address pair as large as the Internet (0.0.0.0/0, ::/0, halves of them). A switch on a network the cluster takes as it is changes nothing and is not flagged; a value known only at apply, or filled by another tool, is not evaluable. The provider's own networks and ports are port-security-enabled's.",
    rationale:
      "Without port security Neutron applies no security group and no anti-spoofing to a port: CAPO's managed groups and any other filtering rule are bypassed, and a node may send as any address.",
    remediation:
      "Remove disablePortSecurity: true (enablePortSecurity: false in v1beta2) from the cluster and the machines' ports; if a node must send from extra addresses (a virtual IP), give its port allowed address pairs of those addresses alone.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "13.2.a"), cite("anssi", "PA-022 R17-R20")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  (_configuration, { graph }): Violation[] =>
    appliedManifests(graph).flatMap((applied): Violation[] => {
      const cluster = capoClusterSpec(applied.manifest);
      const machine = capoServerLikeSpec(applied.manifest);
      return [...(cluster ? networkViolations(applied, cluster) : []), ...(machine ? portViolations(applied, machine) : [])];
    }),
);
