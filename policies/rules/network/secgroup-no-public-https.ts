import { cite, resourcePolicy } from "../../engine/policy";
import { computeRulesOpenOn, publicIngressOn } from "../../lib/openstack-rules";
import { computeSecurityGroupType, securityGroupRuleType } from "../../lib/openstack";

export default resourcePolicy(
  {
    id: "secgroup-no-public-https",
    title: "HTTP and HTTPS are open to the Internet only on the ingress load balancer",
    description:
      "Flags ingress rules (and the inline rules of openstack_compute_secgroup_v2) from 0.0.0.0/0, or from a block larger than any one network holds (0.0.0.0/1), that cover port 443 over TCP, or over UDP, which HTTP/3 (QUIC, RFC 9114) serves on the same port, or port 80 over TCP, plain HTTP. A rule that names no remote admits any address, as 0.0.0.0/0 does.",
    rationale:
      "Only the DMZ ingress may face users, and it answers plain HTTP only to redirect to HTTPS; every other web service stays private, a log server's or an application's HTTP most of all, which carries credentials and data in clear. An exposed ingress is a reviewed decision, recorded as a suppression.",
    remediation: "Restrict the source to the users' networks, or record the ingress load balancer's rule as a suppression with its reason.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "13.2.e"), cite("anssi", "Hygiene 23")],
    enforcementLevel: "advisory",
    onUnknown: "cannot-evaluate",
  },
  [securityGroupRuleType, computeSecurityGroupType],
  (ruleOrGroup, { graph }) => {
    const openOn = ruleOrGroup.type === computeSecurityGroupType ? computeRulesOpenOn : publicIngressOn;
    return [
      ...openOn(ruleOrGroup, graph, { port: 80, transports: ["tcp"] }, "plain HTTP (80)"),
      ...openOn(ruleOrGroup, graph, { port: 443, transports: ["tcp", "udp"] }, "HTTPS (443)"),
    ];
  },
);
