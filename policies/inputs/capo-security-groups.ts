import type { TfResource } from "../engine/model";
import { type CapoApi, capoClusterSpec, enabledBy } from "../lib/capo";
import { securityGroupRuleType } from "../lib/openstack";
import { fieldAt, isMap, literalBool } from "../lib/values";
import { pathText } from "./kubernetes-manifest";

/** The security groups CAPO manages for a cluster, by the suffix of their name (securitygroups.go: controlPlaneSuffix, workerSuffix, bastionSuffix). */
type ManagedGroup = "controlplane" | "worker" | "bastion";

type Path = readonly (string | number)[];

/** What stands for a managed group's ID, which OpenStack gives at apply: a rule's own group, or the remote one it admits. */
const managedGroupId = (group: string): string => `(the cluster's ${group} group)`;

/** A rule CAPO puts in one of its groups: the provider's arguments for it, and where the specification asks for it. */
interface ManagedRule {
  readonly group: ManagedGroup;
  readonly key: string;
  readonly values: Record<string, unknown>;
  readonly at: Path;
  /** The specification's name of each argument it writes, for a rule written there. */
  readonly fields?: Readonly<Record<string, string>>;
}

/** The arguments of a rule CAPO writes itself: no remote, which Neutron reads as any address of its ethertype. */
const ownRule = (
  direction: "ingress" | "egress",
  ethertype: "IPv4" | "IPv6",
  description: string,
  ports?: { protocol: "tcp" | "udp"; from: number; to?: number },
): Record<string, unknown> => ({
  direction,
  ethertype,
  description,
  ...(ports === undefined ? {} : { protocol: ports.protocol, port_range_min: ports.from, port_range_max: ports.to ?? ports.from }),
});

/**
 * The rules CAPO writes in every group it manages whatever the specification says, that admit any address
 * (securitygroups_rules.go, v0.9.0 to e52de58ab): egress to everything, in IPv4 and IPv6 ("Full open", defaultRules),
 * the Kubernetes API on 6443 from anywhere in the control plane's (getSGControlPlaneHTTPS, "Allow all traffic,
 * including from outside the cluster"), SSH from anywhere in the bastion's, and, up to CAPO 0.10, which serves the
 * v1alpha APIs, the NodePorts (30000-32767, TCP and UDP) from anywhere in the workers' (GetSGWorkerNodePort, with no
 * remote until 0.11 gave it the cluster's groups). The rules between the cluster's own groups (etcd, the kubelet, the
 * NodePorts from 0.11 on) admit those groups' members alone, and are not read.
 */
function ownRules(group: ManagedGroup, at: Path, api: CapoApi): ManagedRule[] {
  const egress = (["IPv4", "IPv6"] as const).map((ethertype) => ({
    group,
    key: `Full open, ${ethertype}`,
    values: ownRule("egress", ethertype, "Full open"),
    at,
  }));
  const ingress = (key: string, description: string, ports: Parameters<typeof ownRule>[3], where = at): ManagedRule => ({
    group,
    key,
    values: ownRule("ingress", "IPv4", description, ports),
    at: where,
  });
  if (group === "controlplane") return [...egress, ingress("Kubernetes API", "Kubernetes API", { protocol: "tcp", from: 6443 })];
  if (group === "bastion") return [...egress, ingress("SSH", "SSH", { protocol: "tcp", from: 22 }, ["bastion"])];
  const nodePorts = (["tcp", "udp"] as const).map((protocol) =>
    ingress(`Node Port Services, ${protocol}`, "Node Port Services", { protocol, from: 30000, to: 32767 }),
  );
  return api === "v1alpha" ? [...egress, ...nodePorts] : egress;
}

/** Where each API generation writes what decides the managed groups' rules (api/*\/openstackcluster_types.go). */
const fieldsOf = (api: CapoApi) => ({
  loadBalancer: api === "v1beta2" ? ["apiServer", "managedLoadBalancer"] : ["apiServerLoadBalancer"],
  // Rules of the specification's own: none before v1beta1, whose allNodesSecurityGroupRules v1beta2 names clusterNodesSecurityGroupRules.
  writtenRules: (api === "v1alpha"
    ? []
    : [
        [api === "v1beta2" ? "clusterNodesSecurityGroupRules" : "allNodesSecurityGroupRules", ["controlplane", "worker"]],
        ["controlPlaneNodesSecurityGroupRules", ["controlplane"]],
        ["workerNodesSecurityGroupRules", ["worker"]],
      ]) as readonly (readonly [string, readonly ManagedGroup[]])[],
});

/** The specification's name of each rule argument (api/v1beta1/types.go, SecurityGroupRuleSpec). */
const ruleFields: Readonly<Record<string, string>> = {
  direction: "direction",
  ethertype: "etherType",
  protocol: "protocol",
  port_range_min: "portRangeMin",
  port_range_max: "portRangeMax",
  remote_ip_prefix: "remoteIPPrefix",
  remote_group_id: "remoteGroupID",
  description: "description",
};

/** A rule to a managed group is written in its remoteManagedGroups, whose item a finding on its remote points at. */
const managedRemoteFields = Object.fromEntries(Object.entries(ruleFields).filter(([argument]) => argument !== "remote_group_id"));

/**
 * A rule the specification writes, as the provider's arguments, in each group it goes to (getRulesFromSpecs): one per
 * group of its remoteManagedGroups, whose members alone it admits. None for a rule without an etherType, which
 * gophercloud refuses to send (rules.CreateOpts requires it), nor for one known only at apply.
 */
function writtenRules(entry: unknown, index: number, list: string, groups: readonly ManagedGroup[]): ManagedRule[] {
  if (!isMap(entry) || entry.etherType === undefined || entry.etherType === null) return [];
  const values = Object.fromEntries(
    Object.entries(ruleFields).flatMap(([argument, field]) => (entry[field] === undefined || entry[field] === null ? [] : [[argument, entry[field]]])),
  );
  const remotes = Array.isArray(entry.remoteManagedGroups) && entry.remoteManagedGroups.length > 0 ? entry.remoteManagedGroups : [undefined];
  const at = ["managedSecurityGroups", list, index];
  return groups.flatMap((group) =>
    remotes.map((remote, i) => ({
      group,
      key: `${list}[${index}]${remotes.length > 1 ? `, from ${String(remote)}` : ""}`,
      values: remote === undefined ? values : { ...values, remote_group_id: managedGroupId(String(remote)) },
      at: remote === undefined ? at : [...at, "remoteManagedGroups", i],
      fields: remote === undefined ? ruleFields : managedRemoteFields,
    })),
  );
}

/** The rules CAPO puts in the groups it manages for a cluster whose specification is known (capoSecurityGroupRules). */
function rulesOfSpec(spec: Record<string, unknown>, api: CapoApi): ManagedRule[] {
  const managed = spec.managedSecurityGroups;
  // v1alpha7 manages them with `managedSecurityGroups: true`; later APIs with the object, even empty.
  if (api === "v1alpha" ? literalBool(managed) !== true : !isMap(managed)) return [];
  const fields = fieldsOf(api);
  const bastion = enabledBy(spec.bastion, api);
  const loadBalancer = fieldAt(spec, ...fields.loadBalancer);
  const additionalPorts = enabledBy(loadBalancer, api) && isMap(loadBalancer) ? loadBalancer.additionalPorts : undefined;
  const groups: ManagedGroup[] = bastion ? ["controlplane", "worker", "bastion"] : ["controlplane", "worker"];
  return [
    ...groups.flatMap((group) => ownRules(group, ["managedSecurityGroups"], api)),
    // The load balancer's additional ports, open from anywhere on the control plane (getSGControlPlaneAdditionalPorts).
    ...(Array.isArray(additionalPorts) ? additionalPorts : []).flatMap((port, i): ManagedRule[] =>
      typeof port === "number"
        ? [
            {
              group: "controlplane",
              key: `Additional port ${port}`,
              values: ownRule("ingress", "IPv4", "Additional port", { protocol: "tcp", from: port }),
              at: [...fields.loadBalancer, "additionalPorts", i],
            },
          ]
        : [],
    ),
    ...(isMap(managed)
      ? fields.writtenRules.flatMap(([list, to]) => (Array.isArray(managed[list]) ? managed[list].flatMap((entry, i) => writtenRules(entry, i, list, to)) : []))
      : []),
  ];
}

/**
 * The security group rules CAPO creates in OpenStack for a cluster an object gives it (an OpenStackCluster, or the
 * clusters of an OpenStackClusterTemplate) with managedSecurityGroups set, each judged as the provider's
 * openstack_networking_secgroup_rule_v2 with those arguments is: the rules it writes whatever the specification says
 * (ownRules), its API load balancer's additional ports, and the rules the specification adds, at the object's address
 * (`OpenStackCluster/clusters/w.managedSecurityGroups.controlplane["Kubernetes API"]`), a finding pointing at the field
 * that asks for the rule. A specification, or a switch of it, known only at apply gives none here.
 */
export function capoSecurityGroupRules(resource: TfResource): TfResource[] {
  const manifest = resource.values.manifest;
  if (resource.type !== "kubernetes_manifest" || resource.mode !== "managed" || !isMap(manifest)) return [];
  const cluster = capoClusterSpec(manifest);
  if (!cluster || !isMap(cluster.spec)) return [];
  const placed = (path: Path) => {
    const inObject = `manifest.${pathText([...cluster.at, ...path])}`;
    const written = resource.written?.(inObject);
    return { path: written?.path ?? inObject, file: written?.file, line: written?.line };
  };
  return rulesOfSpec(cluster.spec, cluster.api).map(({ group, key, values, at, fields }): TfResource => {
    // A finding that names no argument (a rule without a remote) points at what asks for the rule.
    const { file, line } = placed(at);
    return {
      address: `${resource.address}.managedSecurityGroups.${group}[${JSON.stringify(key)}]`,
      mode: "managed",
      type: securityGroupRuleType,
      name: key,
      values: { ...values, security_group_id: managedGroupId(group) },
      provider: resource.provider,
      stack: resource.stack,
      file: file ?? resource.file,
      ...((line ?? resource.line) === undefined ? {} : { line: line ?? resource.line }),
      written: (argument) => {
        const field = fields?.[argument];
        const { path, line } = placed([...at, ...(field && values[argument] !== undefined ? [field] : [])]);
        return { path, ...(file === undefined ? {} : { file }), ...(line === undefined ? {} : { line }) };
      },
    };
  });
}
