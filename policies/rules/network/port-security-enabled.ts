import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { addressPairLiftingAntiSpoofing } from "../../lib/openstack";
import { attributePath, blocks, literalBool, literalString } from "../../lib/values";

export default resourcePolicy(
  {
    id: "port-security-enabled",
    title: "Port security stays on for networks and ports",
    description:
      "Flags networks and ports with port_security_enabled = false, and ports whose allowed_address_pairs admit a whole address family (0.0.0.0/0, ::/0) or a block as large as the Internet's halves (0.0.0.0/1, ::/1), which lifts the anti-spoofing as surely.",
    rationale: "Without port security Neutron applies no security group and no anti-spoofing to the port: every filtering rule is bypassed.",
    remediation: "Remove port_security_enabled = false; if an appliance needs extra addresses, declare them as allowed_address_pairs.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "13.2.a"), cite("anssi", "PA-022 R17-R20")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  ["openstack_networking_network_v2", "openstack_networking_port_v2"],
  (resource, { graph }): Violation[] => [
    ...(literalBool(resource.values.port_security_enabled) === false
      ? [
          {
            message: `port security is off: no security group filters this ${resource.type.includes("port") ? "port" : "network"}`,
            path: "port_security_enabled",
          },
        ]
      : []),
    ...blocks(resource.values.allowed_address_pairs).flatMap((pair, i) => {
      const message = addressPairLiftingAntiSpoofing(literalString(graph.readValue(pair.ip_address, resource)));
      return message ? [{ message, path: attributePath("allowed_address_pairs", i, "ip_address") }] : [];
    }),
  ],
);
