import { cite, resourcePolicy } from "../../engine/policy";
import {
  coversAllPorts,
  coversPort,
  isIcmp,
  portlessProtocol,
  portsTransport,
  publicRemote,
  remoteShown,
  securityGroupRuleType,
  type Transport,
} from "../../lib/openstack";
import { beyondWebPorts } from "../../lib/openstack-rules";
import { literalNumber } from "../../lib/values";

/** Ports other policies already name when they face the Internet, on the transports they judge: SSH and RDP. */
const judgedElsewhere: ReadonlyMap<number, readonly Transport[]> = new Map([
  [22, ["tcp"]],
  [3389, ["tcp", "udp"]],
]);

export default resourcePolicy(
  {
    id: "secgroup-public-web-ports-only",
    title: "From the IPv4 Internet, only HTTP and HTTPS can be reached",
    description:
      "Flags ingress rules from 0.0.0.0/0 (or a block larger than any one network holds, such as 0.0.0.0/1) whose port range reaches a port other than 80 and 443, and those of a protocol without ports (VRRP, GRE, ESP), which admit every packet of it (SSH over TCP, RDP, ICMP and rules on every port have policies of their own; IPv6 from ::/0 is judged by secgroup-no-public-ingress-ipv6). A rule that names no remote admits any address, as 0.0.0.0/0 does.",
    rationale:
      "The region faces users through its ingress load balancer only; an API server (6443), etcd (2379), a kubelet (10250), a database (5432) or a broker (1883) open to the Internet is a direct way in, outside the bastion and the flow matrix.",
    remediation: "Restrict the rule's source to the declared networks, or publish the service through the ingress on HTTPS.",
    severity: "critical",
    references: [cite("secnumcloud-3.2", "13.2.e"), cite("anssi", "PA-022 R16"), cite("hds-2", "EXI 05", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [securityGroupRuleType],
  (rule, { graph }) => {
    if (rule.values.direction !== "ingress" || isIcmp(rule) || coversAllPorts(rule)) return [];
    // A protocol without ports (VRRP, GRE, ESP) admits every packet of it: from the Internet, one can take over a
    // virtual address with VRRP, or inject into a tunnel.
    const portless = portlessProtocol(rule);
    if (portless !== undefined)
      return publicRemote(rule, graph) === "IPv4"
        ? [
            {
              message: `ingress from ${remoteShown(rule, graph)} admits every packet of protocol ${portless}: only 80 and 443 may face the Internet`,
              path: "protocol",
            },
          ]
        : [];
    const min = literalNumber(rule.values.port_range_min);
    const max = literalNumber(rule.values.port_range_max) ?? min;
    if (min === undefined || max === undefined) return [];
    if (min === max && coversPort(rule, min, judgedElsewhere.get(min) ?? [])) return [];
    const exposed = beyondWebPorts(min, max, portsTransport(rule));
    // The ports before the remote: a web port passes whatever its source, even one known only at apply.
    return exposed && publicRemote(rule, graph) === "IPv4"
      ? [{ message: `ingress from ${remoteShown(rule, graph)} reaches ${exposed}: only 80 and 443 may face the Internet`, path: "port_range_min" }]
      : [];
  },
);
