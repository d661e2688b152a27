import type { ResourceGraph } from "../../engine/graph";
import type { TfResource } from "../../engine/model";
import { cite, resourcePolicy } from "../../engine/policy";
import { groupsOfInstance, isBastion, isIcmp, protocolOf, publicRemote, rulesOf, transportNamed, unlessLabelledAtApply } from "../../lib/openstack";
import { literalNumber } from "../../lib/values";
import { beyondTheIngress } from "../../lib/openstack-load-balancers";
import { floatingIpType, instanceAssociationType, portAssociationType, portForwardingType, reached } from "../../lib/floating-ips";

/**
 * The ingress rules of an instance's groups that open more than SSH to the Internet (ICMP aside, which
 * secgroup-public-icmp-errors-only judges): with one, an instance labelled a bastion is no bastion in effect.
 */
function openBeyondSsh(instance: TfResource, graph: ResourceGraph): TfResource[] {
  const sshOnly = (rule: TfResource) =>
    transportNamed(protocolOf(rule)) === "tcp" && literalNumber(rule.values.port_range_min) === 22 && literalNumber(rule.values.port_range_max) === 22;
  return groupsOfInstance(instance, graph)
    .flatMap((group) => rulesOf(group, graph))
    .filter((rule) => rule.values.direction === "ingress" && !isIcmp(rule) && !sshOnly(rule) && publicRemote(rule, graph) !== undefined);
}

export default resourcePolicy(
  {
    id: "floating-ip-bastion-or-ingress-only",
    title: "Floating IPs reach only the bastion or the ingress load balancer",
    description:
      "Follows each floating IP, each association of an address declared elsewhere (openstack_networking_floatingip_associate_v2, openstack_compute_floatingip_associate_v2) and each port forwarding of a floating IP's port to an internal port (openstack_networking_portforwarding_v2), to its port or instance and to what sits there (a port read as a data source stands for the declared port its port_id names, or the instance its device_id names; on a virtual address no instance sits on, the instances whose ports take it over by allowed_address_pairs); a load balancer is the ingress when its listeners serve ports 80 and 443 only, 443 not in plain HTTP, 80 in plain HTTP only to send every request to HTTPS (an enabled L7 policy REDIRECT_TO_URL or REDIRECT_PREFIX to an https:// address whose enabled rules all match every path, PATH STARTS_WITH \"/\", as Octavia's haproxy template applies them) unless it forwards to no pool, and their pools (default, named, or an L7 policy's redirect pool) forward to no administration or database port (SSH, the Kubernetes API, etcd, the kubelet, a database). An instance is a bastion by its label (metadata.role, a tag, or Kubespray's metadata.kubespray_groups) only while its security groups admit nothing but SSH from the Internet.",
    rationale:
      "Nothing but the administration entry point and the user-facing ingress may be reachable from outside, and the ingress serves nothing in clear; any other floating IP bypasses both.",
    remediation: "Remove the floating IP and reach the machine through the bastion, or publish the service through the ingress load balancer.",
    severity: "critical",
    references: [cite("secnumcloud-3.2", "13.2.e"), cite("anssi", "PA-022 R15-R16"), cite("cnil-eds-2021", "ch. 10 (isolation)", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [floatingIpType, portAssociationType, instanceAssociationType, portForwardingType],
  (subject, { graph }) => {
    // An association of a floating IP declared here is judged with that floating IP.
    if (subject.type !== floatingIpType && subject.type !== portForwardingType && graph.targetOf(subject.values.floating_ip, subject)?.type === floatingIpType)
      return [];
    const { boundTo, targets, port, via, takenOverBy } = reached(subject, graph);
    // Bound by an association, the floating IP writes no port: the finding names the association.
    const path = via
      ? undefined
      : subject.type === instanceAssociationType
        ? "instance_id"
        : subject.type === portForwardingType
          ? "internal_port_id"
          : "port_id";
    const bound = via ? `the floating IP, bound by ${via.address},` : "the floating IP";
    const reaches = takenOverBy
      ? `${bound} is the address of ${port?.address}, which ${takenOverBy.map((other) => other.address).join(", ")} take over (allowed_address_pairs): it reaches`
      : `${bound} reaches`;
    if (boundTo === "load balancer") return targets.flatMap((loadBalancer) => beyondTheIngress(loadBalancer, graph, reaches, path));
    if (boundTo === "nothing") return [];
    if (boundTo === "unknown")
      return [
        {
          message: "the floating IP's port or instance is not declared in this configuration, so what it reaches cannot be checked",
          outcome: "cannot-evaluate",
        },
      ];
    // A bastion by its label admits nothing but SSH from the Internet (bastion-ssh-admin-cidrs-only judges from where).
    const openBastions = targets.filter(isBastion).flatMap((instance) => {
      const open = openBeyondSsh(instance, graph);
      return open.length === 0
        ? []
        : [
            {
              message: `${reaches} ${instance.address}, labelled a bastion, whose groups open more than SSH to the Internet (${open.map((rule) => rule.address).join(", ")}): a bastion admits SSH alone`,
              path,
            },
          ];
    });
    const others = targets.filter((instance) => !isBastion(instance));
    if (targets.length > 0 && others.length === 0) return openBastions;
    // A port no declared instance uses: a virtual address (keepalived, a firewall pair) or one attached outside.
    const message =
      others.length > 0
        ? `${reaches} ${others.map((instance) => instance.address).join(", ")}, which is neither labelled a bastion (metadata.role = "bastion", a tag "bastion", or "bastion" in metadata.kubespray_groups) nor the ingress load balancer`
        : `${reaches} ${port?.address ?? "a port"}, which no declared instance uses: it is neither a bastion's (labelled metadata.role = "bastion", a tag "bastion", or "bastion" in metadata.kubespray_groups) nor the ingress load balancer's`;
    return [...openBastions, unlessLabelledAtApply({ message, path }, others)];
  },
);
