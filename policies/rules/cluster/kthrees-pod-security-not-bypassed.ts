import { cite, configurationPolicy, type Violation } from "../../engine/policy";
import { eachKThreesControlPlane } from "../../lib/kthrees";
import { k3sPodSecurityBypasses, systemNamespaces } from "../../lib/pod-security-admission";

export default configurationPolicy(
  {
    id: "kthrees-pod-security-not-bypassed",
    title: "A Cluster API cluster's K3s control plane enforces Pod Security on the warehouse's namespaces",
    description: `Flags every KThreesControlPlane and KThreesControlPlaneTemplate of Cluster API's K3s provider whose K3s servers' kube-apiserver-arg (serverConfig.kubeAPIServerArg, or a drop-in the spec's files write in /etc/rancher/k3s/config.yaml.d) disable the PodSecurity admission plugin, or name an admission configuration (admission-control-config-file) that exempts namespaces other than the system's (${systemNamespaces.join(", ")}), users or runtime classes. Neither K3s nor the provider passes an admission configuration: without one, every namespace's labels apply. An admission configuration the spec's files do not write, or one read from a Secret, is not evaluable.`,
    rationale:
      "A namespace's pod-security labels are read by the PodSecurity admission plugin only: with the plugin off, or the namespace, the user that creates the pods or their runtime class exempted in the API server's admission configuration, a workspace labelled restricted runs privileged pods, and every label check still passes.",
    remediation:
      "Leave PodSecurity among the admission plugins, and exempt nothing but the system's namespaces in the admission configuration serverConfig.kubeAPIServerArg names (or name none).",
    severity: "critical",
    references: [cite("k8s-pss", "Pod Security Admission: enforce label (K8S-PSS-1)", "secondary"), cite("cis-kubernetes", "5.2.1", "unverified")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  (_configuration, { graph }): Violation[] =>
    eachKThreesControlPlane(graph, (server, placed) => k3sPodSecurityBypasses(server).map((violation) => placed("args", violation))),
);
