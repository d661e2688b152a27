import { cite, configurationPolicy, type Violation } from "../../engine/policy";
import { cannotTell, type TalosControlPlane, talosControlPlanes, talosFinding } from "../../lib/talos";
import { type ContractedMachine, judgedAcrossContracts, configurationsRead, settingAt, settingName, type TalosSetting } from "../../lib/talos-settings";
import { isMap, list } from "../../lib/values";

/**
 * Talos lets pods of the namespaces a control plane's configuration names obtain a Talos API certificate with the
 * roles it allows, through a talos.dev ServiceAccount: machine.features.kubernetesTalosAPIAccess where enabled, or,
 * from Talos 1.14 on, the KubeTalosAPIAccessConfig document, which Talos does not generate and which holds where it is
 * given (types/v1alpha1 v1alpha1_k8s_bridge.go, K8sTalosAPIAccessConfig; types/k8s/talos_api_access.go). Of the roles
 * (pkg/machinery/role/role.go), os:reader reads what exposes no secret and os:image:verifier verifies images; os:admin
 * reaches every API, the machine configuration and its CA keys among them, os:impersonator takes any role, os:operator
 * upgrades a node to the installer image it names, os:meta:writer changes what a node boots with, and os:etcd:backup
 * copies etcd, every object of the cluster.
 */
const apiAccess: TalosSetting = {
  v1alpha1: ["machine", "features", "kubernetesTalosAPIAccess"],
  document: { kind: "KubeTalosAPIAccessConfig" },
  field: [],
  v1alpha1WithoutDocument: true,
};
const harmlessRoles = new Set(["os:reader", "os:image:verifier"]);

/** The roles beyond reading a control plane lets pods obtain on the Talos API, and from which namespaces. */
function grantedToPods(controlPlane: ContractedMachine<TalosControlPlane>): Violation[] {
  const access = settingAt(controlPlane, apiAccess);
  if ("notKnown" in access) return cannotTell(controlPlane, "which Talos API roles pods may obtain")(access.notKnown, access.written);
  const { value } = access;
  const enabled = isMap(value) && (value.kind === apiAccess.document.kind || value.enabled === true);
  if (!enabled) return [];
  const namespaces = list(value.allowedKubernetesNamespaces).map(String);
  const roles = list(value.allowedRoles)
    .map(String)
    .filter((role) => !harmlessRoles.has(role));
  if (namespaces.length === 0 || roles.length === 0) return [];
  return [
    talosFinding(
      controlPlane,
      `${settingName(controlPlane, apiAccess)}: pods of the namespaces ${namespaces.join(", ")} may obtain the Talos API roles ${roles.join(", ")}, which reach the node itself (its configuration and CA keys, its upgrade, etcd) past every Kubernetes control`,
    ),
  ];
}

export default configurationPolicy(
  {
    id: "talos-api-access-restricted",
    title: "A Talos cluster's pods obtain no Talos API role beyond reading",
    description: `Flags the control planes' machine configurations of a Talos cluster (the siderolabs/talos provider's talos_machine_configuration of machine type controlplane, or v0.1's talos_machine_configuration_controlplane, with the patches of the talos_machine_configuration_apply that applies it after its own) that let pods of Kubernetes namespaces obtain a Talos API role other than os:reader and os:image:verifier (machine.features.kubernetesTalosAPIAccess enabled, its allowedRoles and allowedKubernetesNamespaces): os:admin reads the machine configuration and its CA keys, os:impersonator takes any role, os:operator upgrades a node to an image it names, os:meta:writer changes what a node boots with, os:etcd:backup copies every object of the cluster. A patch known only at apply is not evaluable. ${configurationsRead}`,
    rationale:
      "The Talos API is the node's administration: a pod that obtains one of these roles controls the node below Kubernetes, where no RBAC, Pod Security or NetworkPolicy applies, and from the node every workspace, the warehouse's databases and the pseudonymisation key. A namespace allowed to obtain them is as trusted as the cluster's administrators.",
    remediation:
      "Leave kubernetesTalosAPIAccess off, or allow os:reader alone (and os:image:verifier); give etcd backups and upgrades to tools outside the cluster, with a talosconfig of their own.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "9.3.d-f"), cite("anssi", "PA-022 R39-R40")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  (_configuration, { graph }): Violation[] => talosControlPlanes(graph).flatMap((controlPlane) => judgedAcrossContracts(controlPlane, grantedToPods)),
);
