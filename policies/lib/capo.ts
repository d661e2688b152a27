import { isKind } from "./helm";
import { fieldAt, isMap, isUnknown, literalBool, type LooseObject } from "./values";

/**
 * Cluster API's OpenStack provider (CAPO), read in kubernetes-sigs/cluster-api-provider-openstack at commit e52de58ab
 * (2026-08-21, after v0.15.0-beta.0) for its v1beta1 and v1beta2 APIs, and at v0.9.0 for v1alpha6 and v1alpha7: the
 * API group of the objects that describe a cluster's OpenStack infrastructure.
 */
const capoGroup = "infrastructure.cluster.x-k8s.io";

/**
 * The generations of CAPO's cluster API, whose fields are named apart: v1alpha5 to v1alpha7 (CAPO up to 0.9), v1beta1
 * (0.10 on), v1beta2 (0.15 on, api/v1beta2/openstackcluster_types.go). A version CAPO does not serve is read as the
 * newest.
 */
export type CapoApi = "v1alpha" | "v1beta1" | "v1beta2";

const apiOf = (apiVersion: unknown): CapoApi => {
  const version = String(apiVersion).slice(capoGroup.length + 1);
  return version.startsWith("v1alpha") ? "v1alpha" : version === "v1beta1" ? "v1beta1" : "v1beta2";
};

/** The specification CAPO reconciles for an object, and where the object writes it. */
export interface CapoSpec {
  readonly spec: unknown;
  /** `spec`, or `spec.template.spec` in a template (an OpenStackClusterTemplate, an OpenStackMachineTemplate), which gives it to the objects made from it. */
  readonly at: readonly string[];
  /** The generation whose types the specification is written in. */
  readonly api: CapoApi;
  /** Another generation whose types it may be written in, whose renamed fields are read too (an OpenStackServer's). */
  readonly orApi?: CapoApi;
}

/** The specification an object of a kind, or a template of it (`<kind>Template`), gives CAPO; undefined for any other object. */
function specOf(manifest: LooseObject, kind: string): CapoSpec | undefined {
  const api = apiOf(manifest.apiVersion);
  if (isKind(manifest, kind, capoGroup)) return { spec: manifest.spec, at: ["spec"], api };
  if (!isKind(manifest, `${kind}Template`, capoGroup)) return undefined;
  const template = isMap(manifest.spec) ? manifest.spec.template : manifest.spec;
  return { spec: isMap(template) ? template.spec : template, at: ["spec", "template", "spec"], api };
}

/** The cluster specification an OpenStackCluster or an OpenStackClusterTemplate gives CAPO. */
export const capoClusterSpec = (manifest: LooseObject): CapoSpec | undefined => specOf(manifest, "OpenStackCluster");

/** The machine specification an OpenStackMachine or an OpenStackMachineTemplate (each machine of a MachineDeployment or a control plane) gives CAPO. */
export const capoMachineSpec = (manifest: LooseObject): CapoSpec | undefined => specOf(manifest, "OpenStackMachine");

/**
 * The server specification an OpenStackServer (which the machine controller makes of each machine, and for the bastion)
 * gives CAPO. Its API, v1alpha1, holds the machine types of v1beta1 up to CAPO 0.14 and of v1beta2 from 0.15 on
 * (api/v1alpha1/openstackserver_types.go at v0.14.0 and v0.15.0-alpha.0), which name their fields alike but for a
 * port's security switch: read as v1beta1, or v1beta2.
 */
export function capoServerSpec(manifest: LooseObject): CapoSpec | undefined {
  const server = specOf(manifest, "OpenStackServer");
  return server && { ...server, api: "v1beta1", orApi: "v1beta2" };
}

/**
 * Whether an optional object of the specification (the bastion, the API load balancer) turns its feature on: known to
 * (true), known not to (false), or not known here (undefined). v1alpha7 turns it on with `enabled: true` alone; later
 * APIs with the object, unless `enabled: false` (api/v1beta1/types.go, Bastion.IsEnabled, APIServerLoadBalancer.IsEnabled).
 */
export function enabledBy(object: unknown, api: CapoApi): boolean | undefined {
  if (isUnknown(object)) return undefined;
  if (!isMap(object)) return false;
  const enabled = object.enabled;
  if (isUnknown(enabled)) return undefined;
  return api === "v1alpha" ? literalBool(enabled) === true : literalBool(enabled) !== false;
}

/**
 * The machine specification of a cluster's bastion, where it runs: v1alpha7's bastion.instance, bastion.spec from
 * v1beta1 on; undefined where the bastion does not run, or may not.
 */
export function capoBastionSpec(manifest: LooseObject): CapoSpec | undefined {
  const cluster = capoClusterSpec(manifest);
  const bastion = isMap(cluster?.spec) ? cluster.spec.bastion : undefined;
  if (!cluster || !isMap(bastion) || enabledBy(bastion, cluster.api) !== true) return undefined;
  const field = cluster.api === "v1alpha" ? "instance" : "spec";
  return { spec: bastion[field], at: [...cluster.at, "bastion", field], api: cluster.api };
}

/** The specification of a server CAPO creates: a machine's or its template's, an OpenStackServer's, a cluster's bastion's. */
export const capoServerLikeSpec = (manifest: LooseObject): CapoSpec | undefined =>
  capoMachineSpec(manifest) ?? capoServerSpec(manifest) ?? capoBastionSpec(manifest);

/** A boolean field of the specification, and the value of it that turns a feature off (`enableFloatingIP: false`, `disableAPIServerFloatingIP: true`). */
export interface CapoSwitch {
  readonly field: readonly string[];
  readonly offWhen: boolean;
}

/**
 * What keeps the API server from a floating IP: v1beta2's apiServer.enableFloatingIP, true when unset
 * (controllers/openstackcluster_controller.go, `ptr.Deref(spec.APIServer.GetEnableFloatingIP(), true)`), the earlier
 * APIs' disableAPIServerFloatingIP.
 */
export const apiServerFloatingIPSwitch = (api: CapoApi): CapoSwitch =>
  api === "v1beta2" ? { field: ["apiServer", "enableFloatingIP"], offWhen: false } : { field: ["disableAPIServerFloatingIP"], offWhen: true };

/**
 * What keeps the cluster off any external network, where nothing gets a floating IP: v1beta2's enableExternalNetwork,
 * true when unset (pkg/cloud/services/networking/network.go), v1beta1's disableExternalNetwork; v1alpha7 has none.
 */
export const externalNetworkSwitch = (api: CapoApi): CapoSwitch | undefined =>
  api === "v1beta2"
    ? { field: ["enableExternalNetwork"], offWhen: false }
    : api === "v1beta1"
      ? { field: ["disableExternalNetwork"], offWhen: true }
      : undefined;

/** The value a switch's field holds in a specification. */
export const switchValue = (spec: unknown, { field }: CapoSwitch): unknown => fieldAt(spec, ...field);

/**
 * What turns port security off on the network CAPO creates for a cluster: v1beta2's managedNetwork.enablePortSecurity,
 * on when unset (pkg/cloud/services/networking/network.go, ReconcileNetwork), the earlier APIs' disablePortSecurity.
 */
export const networkPortSecuritySwitch = (api: CapoApi): CapoSwitch =>
  api === "v1beta2" ? { field: ["managedNetwork", "enablePortSecurity"], offWhen: false } : { field: ["disablePortSecurity"], offWhen: true };

/**
 * What turns a machine's port's security off: v1beta2's enablePortSecurity, the earlier APIs' disablePortSecurity
 * (api/*\/types.go, ResolvedPortSpecFields); unset, the port takes its network's.
 */
export const portSecuritySwitch = (api: CapoApi): CapoSwitch =>
  api === "v1beta2" ? { field: ["enablePortSecurity"], offWhen: false } : { field: ["disablePortSecurity"], offWhen: true };

/**
 * The field whose value has CAPO create the cluster's network, where the network switches apply: v1alpha's nodeCidr (a
 * CIDR), managedSubnets from v1beta1 on (a list of subnets); without it, the cluster takes an existing network as it is
 * (controllers/openstackcluster_controller.go, reconcileNetworkComponents, at v0.9.0 and e52de58ab).
 */
export const networkCreatedBy = (api: CapoApi): string => (api === "v1alpha" ? "nodeCidr" : "managedSubnets");
