import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { userDataNotEvaluable } from "../../lib/cloud-init";
import { k3sServer, unsettled } from "../../lib/rancher-node";
import { instanceType } from "../../lib/openstack";
import { isUnknownValue } from "../../lib/values";

const controllerRuns = "whether K3s's network policy controller runs";

export default resourcePolicy(
  {
    id: "k3s-network-policy-enforced",
    title: "A K3s cluster's network policy controller is left on, or replaced by a plugin that enforces",
    description:
      "Flags K3s servers started with disable-network-policy (in their configuration files or on their command line, which wins) while flannel stays their network plugin: K3s's embedded network policy controller (kube-router's) is what applies NetworkPolicies on a K3s node, and flannel applies none. With flannel-backend none, the plugin is installed apart and the configuration cannot vouch for it: not evaluable. Where the user data writes no configuration file and the command line does not set the flag, a configuration file not read here may: not evaluable.",
    rationale:
      "Every namespace's isolation (deny by default, each flow opened with its reason) is written as NetworkPolicies, and only a controller applies them. With K3s's controller off and flannel alone, a workspace would reach the warehouse, the pseudonymisation key and the API server as if no policy had been written, while every NetworkPolicy check still passes.",
    remediation:
      "Leave disable-network-policy unset on the servers (K3s then applies NetworkPolicies itself), or set it only beside flannel-backend: none and a network plugin that enforces them (Calico, Cilium).",
    severity: "critical",
    references: [cite("cis-kubernetes", "5.3.1"), cite("secnumcloud-3.2", "13.2.a"), cite("ehds-spe", "Art. 73(1)(b)", "unverified")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  [instanceType],
  (instance): Violation[] => {
    const server = k3sServer(instance);
    if (server === undefined) return [];
    if ("unreadable" in server) return userDataNotEvaluable(`${server.unreadable}: ${controllerRuns} cannot be read`);
    const setting = (key: string) => {
      const value = server.values[key];
      return isUnknownValue(value) || server.expanded.has(String(value)) ? { unknown: true } : { value: value === undefined ? undefined : String(value) };
    };
    const disabled = setting("disable-network-policy");
    if ("unknown" in disabled) return userDataNotEvaluable(`K3s's disable-network-policy is known only at apply: ${controllerRuns} cannot be told`);
    if (disabled.value === undefined && server.configUnread !== undefined) return unsettled(server, "disable-network-policy", controllerRuns);
    // K3s ships a controller that enforces NetworkPolicies unless told not to (docs.k3s.io, security/hardening-guide).
    if (disabled.value !== "true") return [];
    const backend = setting("flannel-backend");
    if ("unknown" in backend)
      return userDataNotEvaluable("K3s's flannel-backend is known only at apply: whether a plugin enforces NetworkPolicies cannot be told");
    if (backend.value === undefined && server.configUnread !== undefined) return unsettled(server, "flannel-backend", "whether flannel is the network plugin");
    if (backend.value === "none")
      return userDataNotEvaluable(
        "K3s's network policy controller is disabled and flannel-backend is none: the network plugin is installed apart, and whether it enforces NetworkPolicies is not in the configuration",
      );
    return [
      {
        message: `K3s's network policy controller is disabled (disable-network-policy) and flannel (backend ${backend.value ?? "vxlan"}), its network plugin, enforces no NetworkPolicy`,
        path: "user_data",
      },
    ];
  },
);
