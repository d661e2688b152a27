import type { ResourceGraph } from "../../engine/graph";
import type { TfResource } from "../../engine/model";
import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { appliedManifestsOf, findingsOn, helmReleaseType } from "../../lib/helm";
import { registryTransportViolations } from "../../lib/node-registries";
import { nodeSetupTypes, nodeSetupsDescribed } from "../../lib/node-setup";
import { eachNode, rancherNodes } from "../../lib/rancher-node";
import { clusterApiNodeOf } from "../../lib/cluster-api-nodes";

/** The K3s or RKE2 nodes a Cluster API object of a resource makes (a control plane's servers, a worker's agents), each finding at the spec's registries. */
function clusterApiRegistries(resource: TfResource, graph: ResourceGraph): Violation[] {
  return appliedManifestsOf(graph, resource).flatMap((applied) => {
    const made = clusterApiNodeOf(applied.manifest);
    if (!made) return [];
    const finding = findingsOn(applied, made.at);
    if ("notKnown" in made.read) return [finding(made.read.at, made.read.notKnown, {})];
    return registryTransportViolations(made.read.node).map((violation) =>
      finding(made.fieldOf("private-registry"), violation.message, violation.outcome === "cannot-evaluate" ? {} : undefined),
    );
  });
}

export default resourcePolicy(
  {
    id: "node-registries-verify-tls",
    title: "K3s and RKE2 nodes pull their images over verified TLS",
    description: `Flags K3s and RKE2 nodes (servers and agents) whose containerd registries file (/etc/rancher/k3s/registries.yaml or /etc/rancher/rke2/registries.yaml, or the file private-registry names) sends a registry's pulls to a mirror endpoint over plain http://, or sets insecure_skip_verify in a registry's tls; read from the files their user data or Terraform's provisioners write, and from those Cluster API's K3s and RKE2 providers write (the RKE2 provider writes privateRegistriesConfig there, insecureSkipVerify as insecure_skip_verify). Without such a file, containerd pulls over HTTPS and checks the registry's certificate. A file not read here, or an endpoint or a switch known only at apply, is not evaluable. ${nodeSetupsDescribed}`,
    rationale:
      "Every pod of the warehouse runs the image its node pulls: over plain HTTP, or from a registry whose certificate is not checked, whoever sits on the way serves another image, which then runs beside the health data with the pod's rights, whatever the image policies say of its name.",
    remediation:
      "Give every mirror an https:// endpoint, and the registry's certificate authority (tls.ca_file) rather than insecure_skip_verify; with Cluster API's RKE2 provider, give privateRegistriesConfig a tlsConfigSecret holding ca.crt and leave insecureSkipVerify unset.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "12.10"), cite("secnumcloud-3.2", "10.2.a")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  [...nodeSetupTypes, "kubernetes_manifest", helmReleaseType],
  (resource, { graph }): Violation[] =>
    nodeSetupTypes.includes(resource.type)
      ? eachNode(rancherNodes(resource, graph), "its registries cannot be read", registryTransportViolations)
      : clusterApiRegistries(resource, graph),
);
