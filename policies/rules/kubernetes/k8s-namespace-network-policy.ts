import { cite, resourcePolicy } from "../../engine/policy";
import { metadataName, namespaceOf, namespaceTypes, networkPolicyTypes } from "../../lib/kubernetes";

export default resourcePolicy(
  {
    id: "k8s-namespace-network-policy",
    title: "Every namespace has at least one NetworkPolicy",
    description:
      "Flags every namespace declared in the configuration in which no NetworkPolicy of the same configuration lives (by literal namespace name or by reference to the namespace resource).",
    rationale:
      "Without a NetworkPolicy every pod accepts traffic from every other pod of the cluster: the flows between tiers that the frameworks ask to separate are not separated.",
    remediation: "Declare a default-deny NetworkPolicy in the namespace, then allow the flows it needs.",
    severity: "high",
    references: [
      cite("secnumcloud-3.2", "13.2.a"),
      cite("cis-kubernetes", "5.3.2"),
      cite("nsa-cisa-kubernetes", "default-deny network policies", "secondary"),
      cite("ehds-spe", "Art. 73(1)(b)", "unverified"),
    ],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  namespaceTypes,
  (namespace, { graph }) => {
    const name = metadataName(namespace);
    // The namespaces the configuration's NetworkPolicies live in (undefined: one that is not known before apply).
    const covered = graph.cached(
      "k8s-namespace-network-policy/namespaces",
      () =>
        new Set(
          graph
            .ofType(networkPolicyTypes)
            .filter((policy) => policy.mode === "managed")
            .map((policy) => namespaceOf(policy, graph)),
        ),
    );
    const referenced = graph.referrers(namespace, { type: networkPolicyTypes, path: "metadata" }).length > 0;
    if (referenced || (name !== undefined && covered.has(name))) return [];
    if (name === undefined || covered.has(undefined)) {
      return [
        {
          message: `namespace ${name ?? namespace.name}: its NetworkPolicies cannot be matched before apply (a name is not known)`,
          path: "metadata[0].name",
          outcome: "cannot-evaluate",
        },
      ];
    }
    return [{ message: `namespace ${name} has no NetworkPolicy: its pods accept traffic from every pod of the cluster`, path: "metadata[0].name" }];
  },
);
