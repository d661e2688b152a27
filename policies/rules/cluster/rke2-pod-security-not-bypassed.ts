import type { TfResource } from "../../engine/model";
import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { instanceType } from "../../lib/openstack";
import { podSecurityBypasses, systemNamespaces } from "../../lib/pod-security-admission";
import { apiServerArgs, isRke2Server, rke2Config, unknownArgument } from "../../lib/rke2";

export default resourcePolicy(
  {
    id: "rke2-pod-security-not-bypassed",
    title: "An RKE2 cluster's API servers enforce Pod Security on the warehouse's namespaces",
    description: `Flags RKE2 servers whose kube-apiserver-arg disable the PodSecurity admission plugin, and whose admission configuration (the pod-security-admission-config-file their cloud-config writes, or one kube-apiserver-arg names) exempts namespaces other than the system's (${systemNamespaces.join(", ")}), users or runtime classes. A configuration file the cloud-config does not write, or an argument known only at apply, is not evaluable.`,
    rationale:
      "A namespace's pod-security labels are read by the PodSecurity admission plugin only: with the plugin off, or the namespace, the user that creates the pods or their runtime class exempted in the API server's admission configuration, a workspace labelled restricted runs privileged pods, and every label check still passes.",
    remediation:
      "Leave PodSecurity among the admission plugins, and exempt nothing but the system's namespaces in the admission configuration (or leave pod-security-admission-config-file unset: RKE2 writes its own).",
    severity: "critical",
    references: [cite("k8s-pss", "Pod Security Admission: enforce label (K8S-PSS-1)", "secondary"), cite("cis-kubernetes", "5.2.1", "unverified")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  [instanceType],
  (instance: TfResource): Violation[] => {
    const config = rke2Config(instance);
    if (config === undefined) return [];
    if ("unreadable" in config)
      return [{ outcome: "cannot-evaluate", message: `${config.unreadable}: its admission settings cannot be read`, path: "user_data" }];
    const server = isRke2Server(config.values, String(instance.values.user_data));
    if (server === false) return [];
    if (server === undefined)
      return [
        { outcome: "cannot-evaluate", message: "whether the instance runs RKE2's server or its agent cannot be told from its user data", path: "user_data" },
      ];
    const args = apiServerArgs(config.values);
    const unknown = unknownArgument(config.values, "kube-apiserver-arg", args, ["disable-admission-plugins", "admission-control-config-file"]);
    if (unknown)
      return [{ outcome: "cannot-evaluate", message: `${unknown} is known only at apply: whether Pod Security is bypassed cannot be told`, path: "user_data" }];
    // A file kube-apiserver-arg names replaces the one RKE2 passes; RKE2 writes its own when none is named, or an empty
    // name (rke2 pkg/rke2/rke2_linux.go and psa.go, setPSAs: rewritten at every start).
    return podSecurityBypasses(args, args.get("admission-control-config-file")?.at(-1) ?? config.values["pod-security-admission-config-file"], config.files);
  },
);
