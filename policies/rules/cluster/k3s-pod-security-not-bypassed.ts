import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { nodeSetupTypes, nodeSetupsDescribed } from "../../lib/node-setup";
import { k3sPodSecurityBypasses, systemNamespaces } from "../../lib/pod-security-admission";
import { eachNode, k3sServers } from "../../lib/rancher-node";

export default resourcePolicy(
  {
    id: "k3s-pod-security-not-bypassed",
    title: "A K3s cluster's API servers enforce Pod Security on the warehouse's namespaces",
    description:
      `Flags K3s servers whose kube-apiserver-arg (in their configuration files or on their command line, which wins) disable the PodSecurity admission plugin, or name an admission configuration (admission-control-config-file) that exempts namespaces other than the system's (${systemNamespaces.join(", ")}), users or runtime classes. K3s passes no admission configuration of its own: without one, every namespace's labels apply. Where the user data writes no configuration file and the command line does not set both flags, a configuration file not read here may set them: not evaluable; so is an admission configuration the user data does not write, or an argument known only at apply or expanded by the shell.` +
      ` ${nodeSetupsDescribed}`,
    rationale:
      "A namespace's pod-security labels are read by the PodSecurity admission plugin only: with the plugin off, or the namespace, the user that creates the pods or their runtime class exempted in the API server's admission configuration, a workspace labelled restricted runs privileged pods, and every label check still passes.",
    remediation:
      "Leave PodSecurity among the admission plugins, and exempt nothing but the system's namespaces in the admission configuration kube-apiserver-arg names (or name none).",
    severity: "critical",
    references: [cite("k8s-pss", "Pod Security Admission: enforce label (K8S-PSS-1)", "secondary"), cite("cis-kubernetes", "5.2.1", "unverified")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  nodeSetupTypes,
  (resource, { graph }): Violation[] =>
    eachNode(k3sServers(resource, graph), "its admission settings cannot be read", (server) => k3sPodSecurityBypasses(server)),
);
