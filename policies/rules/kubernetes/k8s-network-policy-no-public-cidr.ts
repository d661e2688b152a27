import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { wholeFamily } from "../../../lib/cidr";
import { networkPolicyTypes } from "../../lib/kubernetes";
import { attributePath, blocks, isUnknown, literalString, mayBeAbsent } from "../../lib/values";

const peersOf = { ingress: "from", egress: "to" } as const;

export default resourcePolicy(
  {
    id: "k8s-network-policy-no-public-cidr",
    title: "No NetworkPolicy opens pods to or from the whole Internet",
    description:
      "Flags every ip_block of a NetworkPolicy ingress.from or egress.to whose cidr covers a whole address family (0.0.0.0/0, ::/0), and every ingress or egress rule that names no peer at all, which Kubernetes reads as every address.",
    rationale:
      "Every flow must be justified in the flow matrix: 0.0.0.0/0 inbound bypasses the ingress, and outbound it is an open road for exfiltrating health data.",
    remediation: "Replace the cidr with the precise networks of the flow matrix (the ingress, the mirrors, the peers).",
    severity: "high",
    references: [
      cite("secnumcloud-3.2", "13.2.e"),
      cite("secnumcloud-3.2", "13.2.a"),
      cite("cis-kubernetes", "5.3.2"),
      cite("ehds-spe", "Art. 73(2)", "secondary"),
    ],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  networkPolicyTypes,
  (policy) =>
    blocks(policy.values.spec).flatMap((spec, s) =>
      (["ingress", "egress"] as const).flatMap((direction) =>
        blocks(spec[direction]).flatMap((rule, r): Violation[] => {
          const peers = peersOf[direction];
          if (!isUnknown(rule[peers]) && blocks(rule[peers]).length === 0) {
            // NetworkPolicy API reference: a rule whose from (to) is empty or missing matches all sources (destinations).
            const message = `${direction} rule ${r} names no ${peers}: it allows traffic ${peers} every address, the whole Internet included`;
            const path = attributePath("spec", s, direction, r);
            return [
              mayBeAbsent(rule) ? { message: `${message}, if the dynamic block that makes it makes any`, path, outcome: "cannot-evaluate" } : { message, path },
            ];
          }
          return blocks(rule[peers]).flatMap((peer, p) =>
            blocks(peer.ip_block).flatMap((ipBlock, b) => {
              const cidr = literalString(ipBlock.cidr);
              if (cidr === undefined || wholeFamily(cidr) === undefined) return [];
              const path = attributePath("spec", s, direction, r, peers, p, "ip_block", b, "cidr");
              return [{ message: `${direction} rule ${r} allows traffic ${peers} ${cidr}, the whole Internet`, path }];
            }),
          );
        }),
      ),
    ),
);
