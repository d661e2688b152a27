import { cite, resourcePolicy } from "../../engine/policy";
import { clusterTemplateType, clusterType, label, switchedOn } from "../../lib/magnum";

export default resourcePolicy(
  {
    id: "magnum-private-api",
    title: "The Kubernetes API load balancer has no public address",
    description: 'Flags cluster templates without the label master_lb_floating_ip_enabled = "false", and clusters whose labels set it to true.',
    rationale: "An administration interface reachable from a public network must not exist; the API is reached from the bastion and the nodes subnet only.",
    remediation: 'Set the label master_lb_floating_ip_enabled = "false" on the cluster template (and never "true" on the cluster).',
    severity: "critical",
    references: [cite("secnumcloud-3.2", "9.6.e"), cite("secnumcloud-3.2", "13.2.e"), cite("anssi", "PA-022 R15-R16")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [clusterTemplateType, clusterType],
  (resource) => {
    const state = switchedOn(resource, label(resource, "master_lb_floating_ip_enabled"));
    if (!state) return [];
    return [
      {
        message:
          state === "unset"
            ? 'the label master_lb_floating_ip_enabled is not set to "false", so the API load balancer gets a floating IP'
            : "the API load balancer gets a floating IP",
        path: "labels.master_lb_floating_ip_enabled",
      },
    ];
  },
);
