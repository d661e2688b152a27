import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { userDataNotEvaluable } from "../../lib/cloud-init";
import { argumentNotKnown, k3sServer, leftToUnreadFiles, runsApiServer, unsettled } from "../../lib/rancher-node";
import { instanceType } from "../../lib/openstack";
import { podSecurityBypasses, systemNamespaces } from "../../lib/pod-security-admission";
import { apiServerArgs } from "../../lib/rancher-config";

/** The API server's flags that decide whether Pod Security applies a namespace's labels. */
const admissionFlags = ["disable-admission-plugins", "admission-control-config-file"];

export default resourcePolicy(
  {
    id: "k3s-pod-security-not-bypassed",
    title: "A K3s cluster's API servers enforce Pod Security on the warehouse's namespaces",
    description: `Flags K3s servers whose kube-apiserver-arg (in their configuration files or on their command line, which wins) disable the PodSecurity admission plugin, or name an admission configuration (admission-control-config-file) that exempts namespaces other than the system's (${systemNamespaces.join(", ")}), users or runtime classes. K3s passes no admission configuration of its own: without one, every namespace's labels apply. Where the user data writes no configuration file and the command line does not set both flags, a configuration file not read here may set them: not evaluable; so is an admission configuration the user data does not write, or an argument known only at apply or expanded by the shell.`,
    rationale:
      "A namespace's pod-security labels are read by the PodSecurity admission plugin only: with the plugin off, or the namespace, the user that creates the pods or their runtime class exempted in the API server's admission configuration, a workspace labelled restricted runs privileged pods, and every label check still passes.",
    remediation:
      "Leave PodSecurity among the admission plugins, and exempt nothing but the system's namespaces in the admission configuration kube-apiserver-arg names (or name none).",
    severity: "critical",
    references: [cite("k8s-pss", "Pod Security Admission: enforce label (K8S-PSS-1)", "secondary"), cite("cis-kubernetes", "5.2.1", "unverified")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  [instanceType],
  (instance): Violation[] => {
    const server = k3sServer(instance);
    if (server === undefined) return [];
    if ("unreadable" in server) return userDataNotEvaluable(`${server.unreadable}: its admission settings cannot be read`);
    if (!runsApiServer(server)) return [];
    const args = apiServerArgs(server.values);
    const unknown = argumentNotKnown(server, "kube-apiserver-arg", args, admissionFlags);
    if (unknown) return userDataNotEvaluable(`${unknown} is known only at apply: whether Pod Security is bypassed cannot be told`);
    const bypasses = podSecurityBypasses(args, args.get("admission-control-config-file")?.at(-1), server.files);
    const left = leftToUnreadFiles(server, args, admissionFlags);
    if (left === undefined || bypasses.some((bypass) => bypass.outcome !== "cannot-evaluate")) return bypasses;
    return unsettled(server, left, "whether Pod Security is bypassed");
  },
);
