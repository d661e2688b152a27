import { cite, resourcePolicy } from "../../engine/policy";
import { literalBool } from "../../lib/values";

export default resourcePolicy(
  {
    id: "port-security-enabled",
    title: "Port security stays on for networks and ports",
    description: "Flags networks and ports with port_security_enabled = false.",
    rationale: "Without port security Neutron applies no security group and no anti-spoofing to the port: every filtering rule is bypassed.",
    remediation: "Remove port_security_enabled = false; if an appliance needs extra addresses, declare them as allowed_address_pairs.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "13.2.a"), cite("anssi", "PA-022 R17-R20")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  ["openstack_networking_network_v2", "openstack_networking_port_v2"],
  (resource) =>
    literalBool(resource.values.port_security_enabled) === false
      ? [
          {
            message: `port security is off: no security group filters this ${resource.type.includes("port") ? "port" : "network"}`,
            path: "port_security_enabled",
          },
        ]
      : [],
);
