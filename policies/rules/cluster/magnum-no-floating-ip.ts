import { cite, type PolicyContext, resourcePolicy } from "../../engine/policy";
import { clusterTemplate, clusterTemplateType, clusterType, switchedOn, usesClusterApiDriver } from "../../lib/magnum";

export default resourcePolicy(
  {
    id: "magnum-no-floating-ip",
    title: "Kubernetes nodes get no floating IP",
    description:
      "Flags cluster templates that do not set floating_ip_enabled = false (Magnum's default is true), and clusters that turn it on; not templates, nor their clusters, built by the Cluster API driver (their image's os_distro), which gives nodes no floating IP and reads no such attribute (the API's own is magnum-private-api's).",
    rationale: "Nodes with public addresses are reachable from the Internet, outside the bastion and the ingress; the nodes subnet must stay private.",
    remediation: "Set floating_ip_enabled = false on the cluster template and leave it unset or false on the cluster.",
    severity: "critical",
    references: [cite("secnumcloud-3.2", "13.2.e"), cite("anssi", "PA-022 R15-R16")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [clusterTemplateType, clusterType],
  (resource, { graph, settings }: PolicyContext) => {
    const state = switchedOn(resource, resource.values.floating_ip_enabled);
    if (!state) return [];
    // The driver decides only where the attribute would give floating IPs: read after it, an image known only at apply
    // leaves a template that turns them off judged.
    const template = resource.type === clusterTemplateType ? resource : clusterTemplate(resource, graph);
    if (template && usesClusterApiDriver(template, graph, settings.magnumDriver)) return [];
    return [
      {
        message:
          state === "unset"
            ? "floating_ip_enabled is not set, and Magnum gives nodes floating IPs by default"
            : "floating_ip_enabled gives every node a public address",
        path: "floating_ip_enabled",
      },
    ];
  },
);
