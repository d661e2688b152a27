import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { nodeSetupTypes, nodeSetupsDescribed } from "../../lib/node-setup";
import { rke2PodSecurityBypasses, systemNamespaces } from "../../lib/pod-security-admission";
import { eachNode, rke2Servers } from "../../lib/rancher-node";

export default resourcePolicy(
  {
    id: "rke2-pod-security-not-bypassed",
    title: "An RKE2 cluster's API servers enforce Pod Security on the warehouse's namespaces",
    description:
      `Flags RKE2 servers whose kube-apiserver-arg (in their configuration files or on their command line, which wins) disable the PodSecurity admission plugin, and whose admission configuration (the pod-security-admission-config-file their user data writes, set in their configuration, on their command line or in their service's environment, or one kube-apiserver-arg names) exempts namespaces other than the system's (${systemNamespaces.join(", ")}), users or runtime classes. Where the user data writes no configuration file and neither the command line nor the service's environment settles these, a configuration file not read here may: not evaluable; so is an admission configuration the user data does not write, or an argument known only at apply or expanded by the shell.` +
      ` ${nodeSetupsDescribed}`,
    rationale:
      "A namespace's pod-security labels are read by the PodSecurity admission plugin only: with the plugin off, or the namespace, the user that creates the pods or their runtime class exempted in the API server's admission configuration, a workspace labelled restricted runs privileged pods, and every label check still passes.",
    remediation:
      "Leave PodSecurity among the admission plugins, and exempt nothing but the system's namespaces in the admission configuration (or leave pod-security-admission-config-file unset: RKE2 writes its own).",
    severity: "critical",
    references: [cite("k8s-pss", "Pod Security Admission: enforce label (K8S-PSS-1)", "secondary"), cite("cis-kubernetes", "5.2.1", "unverified")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  nodeSetupTypes,
  (resource, { graph }): Violation[] => eachNode(rke2Servers(resource, graph), "its admission settings cannot be read", rke2PodSecurityBypasses),
);
