import { configurationPolicy, type Violation } from "../../engine/policy";
import { rke2PodSecurityBypasses, systemNamespaces } from "../../lib/pod-security-admission";
import { eachRke2ControlPlane } from "../../lib/cluster-api-rke2";
import rke2PodSecurityNotBypassed from "./rke2-pod-security-not-bypassed";

const { rationale, severity, references } = rke2PodSecurityNotBypassed.metadata;

export default configurationPolicy(
  {
    id: "rke2-control-plane-pod-security-not-bypassed",
    title: "A Cluster API cluster's RKE2 control plane enforces Pod Security on the warehouse's namespaces",
    description: `Flags every RKE2ControlPlane and RKE2ControlPlaneTemplate of Cluster API's RKE2 provider whose RKE2 servers' kube-apiserver-arg (serverConfig.kubeAPIServer.extraArgs, or a drop-in the spec's files write in /etc/rancher/rke2/config.yaml.d) disable the PodSecurity admission plugin, or whose admission configuration (agentConfig.podSecurityAdmissionConfigFile, or an admission-control-config-file kube-apiserver-arg names, which wins) exempts namespaces other than the system's (${systemNamespaces.join(", ")}), users or runtime classes. With neither, RKE2 writes its own. An admission configuration the spec's files do not write, one read from a Secret, or a value known only at apply is not evaluable.`,
    rationale,
    remediation:
      "Leave PodSecurity among the admission plugins, and exempt nothing but the system's namespaces in the admission configuration the spec's files write (or leave agentConfig.podSecurityAdmissionConfigFile unset: RKE2 writes its own).",
    severity,
    references,
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  (_configuration, { graph }): Violation[] =>
    eachRke2ControlPlane(graph, (server, placed) => rke2PodSecurityBypasses(server).map((violation) => placed("args", violation))),
);
