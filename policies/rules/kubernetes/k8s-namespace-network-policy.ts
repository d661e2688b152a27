import type { ResourceGraph } from "../../engine/graph";
import type { TfResource } from "../../engine/model";
import { cite, notKnownOf, resourcePolicy, type Violation } from "../../engine/policy";
import {
  declaredNamespaces,
  metadataName,
  namespaceHelmCreates,
  namespaceShown,
  namespaceOf,
  namespacesNotKnown,
  namespaceTypes,
  networkPolicyIsolates,
  networkPolicyTypes,
} from "../../lib/kubernetes";
import { appliedManifests, isKind, isMap, objectName } from "../../lib/helm";
import { apiSelectorOf, selectsEverything } from "../../lib/label-selectors";
import {
  block,
  blocks,
  hasUnknownItem,
  isUnknown,
  isUnknownValue,
  list,
  literalString,
  mayBeAbsent,
  maybeAbsentOver,
  someValue,
  unknownShown,
  unknownsWritten,
} from "../../lib/values";
import { addToGroup } from "../../../lib/groups";

/** Whether a policy's spec is known only at apply, as a whole. */
const specUnknown = (policy: TfResource): boolean => hasUnknownItem(policy.values.spec);

/** Whether a NetworkPolicy selects every pod of its namespace: an empty pod_selector (Kubernetes' NetworkPolicySpec). */
function selectsEveryPod(policy: TfResource): boolean {
  return !specUnknown(policy) && selectsEverything(block(policy.values.spec)?.pod_selector);
}

type Direction = "Ingress" | "Egress";

/** Whether what a policy selects is known only at apply: its spec, or its pod_selector. */
const selectorUnknown = (policy: TfResource): boolean =>
  specUnknown(policy) || someValue(block(policy.values.spec)?.pod_selector, (value) => isUnknownValue(value));

/**
 * Whether a policy may isolate every pod of its namespace for a direction, which is known only at apply: its spec; its
 * selector, where its types may name the direction; its types, or its egress rules (whose presence makes a policy
 * without types isolate Egress), where it selects every pod. A policy that selects some pods, or isolates another
 * direction, decides nothing here whatever else it leaves unknown.
 */
function reachUnknown(policy: TfResource, direction: Direction): boolean {
  if (specUnknown(policy)) return true;
  const typesUnknown = typesDecidingUnknown(block(policy.values.spec), direction) !== undefined;
  return (selectorUnknown(policy) && (typesUnknown || isolates(policy, direction))) || (typesUnknown && selectsEveryPod(policy));
}

/** What decides whether a policy's types name a direction where it is known only at apply: its types, or its egress rules where it has none. */
function typesDecidingUnknown(spec: Record<string, unknown> | undefined, direction: Direction): Record<string, unknown> | undefined {
  if (someValue(spec?.policy_types, (value) => isUnknownValue(value))) return { types: spec?.policy_types };
  return direction === "Egress" && list(spec?.policy_types).length === 0 && isUnknown(spec?.egress) ? { egress: spec?.egress } : undefined;
}

/**
 * What a policy's rules of a direction are written with where they are not known here (openingToEveryPeer's "unknown"):
 * the rules, a rule's peers or ports, or the collection a dynamic block makes a rule's peers over, never what such a
 * block holds (its iterator's reads).
 */
function rulesNotKnown(policy: TfResource, direction: Direction): string | undefined {
  if (specUnknown(policy)) return unknownsWritten(policy.values.spec);
  const { rules, peers } = rulesOf[direction];
  const written = block(policy.values.spec)?.[rules];
  if (isUnknown(written)) return unknownsWritten(written);
  const parts = blocks(written).flatMap((rule) => [rule[peers], rule.ports].flatMap((part) => (isUnknown(part) ? [part] : blocks(part).map(maybeAbsentOver))));
  return unknownsWritten(parts.filter((part) => part !== undefined));
}
const rulesOf = {
  Ingress: { rules: "ingress", peers: "from", every: "every source" },
  Egress: { rules: "egress", peers: "to", every: "every destination" },
} as const;

/** Whether a NetworkPolicy isolates the pods it selects in a direction (networkPolicyIsolates). */
const isolates = (policy: TfResource, direction: Direction): boolean => networkPolicyIsolates(block(policy.values.spec), direction);

/**
 * How a policy opens its direction to every peer, if it does: a rule without from (to) opens it to every source
 * (destination), every pod and every address beyond; a peer whose namespace_selector is empty, with no pod_selector or
 * an empty one, to every pod of the cluster (NetworkPolicyPeer: an empty namespaceSelector "selects all namespaces").
 * With `onEveryPort`, only a rule that names no port counts. "unknown" when its rules or a rule's peers (or ports) are
 * known only at apply.
 */
function openingToEveryPeer(policy: TfResource, direction: Direction, onEveryPort: boolean): { how: string; whom: string } | "unknown" | undefined {
  const { rules, peers: peersKey } = rulesOf[direction];
  const written = block(policy.values.spec)?.[rules];
  if (isUnknown(written)) return "unknown";
  // A rule known to open every peer decides, whatever the rules known only at apply are.
  let unknown = false;
  for (const rule of blocks(written)) {
    if (isUnknown(rule[peersKey]) || (onEveryPort && isUnknown(rule.ports))) {
      unknown = true;
      continue;
    }
    if (onEveryPort && blocks(rule.ports).length > 0) continue;
    const peers = blocks(rule[peersKey]);
    // Peers a dynamic block makes over a collection known only at apply may be none: a rule open to every peer.
    if (peers.length > 0 && peers.every(mayBeAbsent)) {
      unknown = true;
      continue;
    }
    const onPorts = blocks(rule.ports).length > 0 ? `, on ${portsNamed(rule)}` : "";
    if (peers.length === 0) return { how: `an ${rules} rule without ${peersKey}${onPorts}`, whom: rulesOf[direction].every };
    if (peers.some((peer) => peer.namespace_selector !== undefined && selectsEverything(peer.namespace_selector) && selectsEverything(peer.pod_selector)))
      return { how: `an ${rules} rule whose peer's namespace_selector is empty, every namespace${onPorts}`, whom: "every pod of the cluster" };
  }
  return unknown ? "unknown" : undefined;
}

/**
 * The ports a rule names, for a message: `TCP 8080`, `UDP 5000-5010`, a named port, every port of a protocol (a port
 * left out); the protocol is TCP where none is written (NetworkPolicyPort).
 */
const portsNamed = (rule: Record<string, unknown>): string =>
  blocks(rule.ports)
    .map(({ protocol, port, end_port }) => {
      const transport = literalString(protocol) ?? (protocol === undefined || protocol === null ? "TCP" : unknownShown(protocol));
      if (port === undefined || port === null) return `every ${transport} port`;
      const shown = (value: unknown): string => (isUnknown(value) ? unknownShown(value) : String(value));
      return `${transport} ${shown(port)}${end_port === undefined || end_port === null ? "" : `-${shown(end_port)}`}`;
    })
    .join(", ");

/** The managed NetworkPolicies of the configuration by the name of their namespace (undefined: not known before apply). */
const byNamespaceName = (graph: ResourceGraph): Map<string | undefined, TfResource[]> =>
  graph.cached("k8s-namespace-network-policy/by-namespace", () => {
    const found = new Map<string | undefined, TfResource[]>();
    for (const policy of graph.ofType(networkPolicyTypes).filter((p) => p.mode === "managed")) {
      const name = namespaceOf(policy, graph);
      addToGroup(found, name, policy);
    }
    return found;
  });

/** The namespaces every cluster has, which creating again fails (the API server's AlreadyExists). */
const builtInNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

/**
 * Whether a NetworkPolicy may be in a namespace whose name is known only at apply: one whose namespace is known only at
 * apply too, or named but neither declared here nor built in, which that namespace cannot be.
 */
const mayBeInUnnamed = (graph: ResourceGraph): boolean => {
  const declared = declaredNamespaces(graph);
  return [...byNamespaceName(graph).keys()].some((name) => name === undefined || (!declared.has(name) && !builtInNamespaces.includes(name)));
};

/**
 * Whether a CNI's policy may select every endpoint: Cilium's empty endpointSelector, Calico's selector left unset,
 * empty or `all()` (its default), or a selector known only at apply; a policy of some pods leaves the others as open as no
 * policy.
 */
function selectsAllEndpoints(manifest: Record<string, unknown>): boolean {
  if (isUnknown(manifest.spec)) return true;
  const spec = isMap(manifest.spec) ? manifest.spec : {};
  if (String(manifest.apiVersion).startsWith("cilium.io/")) {
    // A nodeSelector in place of the endpointSelector makes a host policy: it selects nodes, not pods.
    if (spec.endpointSelector === undefined) return false;
    const selector = apiSelectorOf(spec.endpointSelector);
    return selector === "unknown" || (Object.keys(selector.matchLabels).length === 0 && selector.expressions.length === 0);
  }
  if (String(manifest.kind).endsWith("NetworkPolicy") && String(manifest.apiVersion).includes("projectcalico.org/"))
    // A selector written empty is unset (Calico's Go API omits it): the default, all().
    return spec.selector === undefined || isUnknown(spec.selector) || ["", "all()"].includes(String(spec.selector).trim());
  return true;
}

/**
 * The directions a CNI's policy may isolate: Cilium's by their sections (ingress or ingressDeny, egress or egressDeny:
 * Cilium, Policy Enforcement Modes), Calico's by their types (Ingress, and Egress where egress rules are written, when
 * none are), an AdminNetworkPolicy by its rules; a spec known only at apply, both.
 */
function directionsOf(manifest: Record<string, unknown>): ("Ingress" | "Egress")[] {
  if (isUnknown(manifest.spec)) return ["Ingress", "Egress"];
  const spec = isMap(manifest.spec) ? manifest.spec : {};
  const types = list(spec.types).map(String);
  const has = (direction: "ingress" | "egress") =>
    String(manifest.apiVersion).includes("projectcalico.org/")
      ? types.length > 0
        ? types.includes(direction === "ingress" ? "Ingress" : "Egress")
        : direction === "ingress" || spec.egress !== undefined
      : spec[direction] !== undefined || spec[`${direction}Deny`] !== undefined;
  return [...(has("ingress") ? (["Ingress"] as const) : []), ...(has("egress") ? (["Egress"] as const) : [])];
}

/**
 * Policies of a CNI's own API that may isolate every pod where no Kubernetes NetworkPolicy does: Cilium's
 * (CiliumNetworkPolicy, in a namespace; CiliumClusterwideNetworkPolicy) and Calico's (projectcalico.org NetworkPolicy;
 * GlobalNetworkPolicy) that select every endpoint, and Kubernetes' AdminNetworkPolicy. Their rules are not read here:
 * by namespace ("" for the cluster-wide ones) and direction (`apps/Ingress`), the first of each.
 */
const cniPolicies = (graph: ResourceGraph): ReadonlyMap<string, string> =>
  graph.cached("k8s-namespace-network-policy/cni-policies", () => {
    const found = new Map<string, string>();
    const namespaced = [
      ["CiliumNetworkPolicy", "cilium.io"],
      ["NetworkPolicy", "projectcalico.org"],
      ["NetworkPolicy", "crd.projectcalico.org"],
    ] as const;
    const clusterWide = [
      ["CiliumClusterwideNetworkPolicy", "cilium.io"],
      ["GlobalNetworkPolicy", "projectcalico.org"],
      ["GlobalNetworkPolicy", "crd.projectcalico.org"],
      ["AdminNetworkPolicy", "policy.networking.k8s.io"],
    ] as const;
    for (const { manifest } of appliedManifests(graph)) {
      if (!selectsAllEndpoints(manifest)) continue;
      const named = `${String(manifest.kind)} ${objectName(manifest)} (${String(manifest.apiVersion).split("/")[0]})`;
      const namespace = clusterWide.some(([kind, group]) => isKind(manifest, kind, group))
        ? ""
        : namespaced.some(([kind, group]) => isKind(manifest, kind, group))
          ? literalString(manifest.metadata?.namespace)
          : undefined;
      if (namespace === undefined) continue;
      for (const direction of directionsOf(manifest)) if (!found.has(`${namespace}/${direction}`)) found.set(`${namespace}/${direction}`, named);
    }
    return found;
  });

/** A finding that no Kubernetes NetworkPolicy isolates a namespace for a direction, not evaluable where a CNI's own policy may. */
function unlessCniIsolates(violation: Violation, namespace: string | undefined, direction: "Ingress" | "Egress", graph: ResourceGraph): Violation {
  const policies = cniPolicies(graph);
  // A namespace whose name is known only at apply may be the one any namespaced policy is in.
  const cni =
    namespace === undefined
      ? [...policies].find(([key]) => key.endsWith(`/${direction}`))?.[1]
      : (policies.get(`${namespace}/${direction}`) ?? policies.get(`/${direction}`));
  return cni === undefined
    ? violation
    : {
        ...violation,
        message: `${violation.message}, unless ${cni}, a policy of the CNI's own that this check does not read, isolates them`,
        outcome: "cannot-evaluate",
      };
}

/** A namespace whose isolation for a direction one policy leaves to apply (reachUnknown): what of it is not known. */
function undecidedIsolation(policy: TfResource, direction: Direction, namespace: string, path: string): Violation {
  const spec = block(policy.values.spec);
  const selectionUnknown = selectorUnknown(policy);
  const types = specUnknown(policy) ? undefined : typesDecidingUnknown(spec, direction);
  return {
    message: selectionUnknown
      ? `namespace ${namespace}: what ${policy.address} selects, hence whether its pods are isolated for ${direction}, is known only at apply`
      : `namespace ${namespace}: whether ${policy.address}, which selects every pod, isolates them for ${direction} is known only at apply (its ${types?.egress === undefined ? "policy_types" : "egress rules"})`,
    path,
    outcome: "cannot-evaluate",
    ...notKnownOf(unknownsWritten(specUnknown(policy) ? policy.values.spec : { ...(selectionUnknown ? { selector: spec?.pod_selector } : {}), ...types })),
  };
}

export default resourcePolicy(
  {
    id: "k8s-namespace-network-policy",
    title: "Every namespace isolates its pods with a default-deny NetworkPolicy",
    description:
      "Flags every namespace declared in the configuration, or created by a Helm release (create_namespace), where no NetworkPolicy of the same configuration (by literal namespace name or by reference) selects every pod for Ingress, or none for Egress, and every namespace where such a policy opens that direction to every peer (an ingress rule without from, an egress rule without to, a peer of every namespace), or another policy opens the pods it selects to every peer on every port.",
    rationale:
      "A pod no NetworkPolicy isolates accepts traffic from every pod of the cluster, and one not isolated for Egress sends wherever it likes: the road out for health data. A policy that selects some pods, or one that opens every peer, leaves the flows between tiers that the frameworks ask to separate as open as no policy at all.",
    remediation:
      'Declare a NetworkPolicy with an empty pod_selector and policy_types ["Ingress", "Egress"] and no rules in the namespace, then allow the flows it needs in policies of their own.',
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
  [...namespaceTypes, "helm_release"],
  (subject, { graph }): Violation[] => {
    const created = namespaceHelmCreates(subject, graph);
    if (subject.type === "helm_release" && created === undefined) return [];
    const name = created ?? metadataName(subject);
    const byName = byNamespaceName(graph);
    const referencing = created ? [] : graph.referrers(subject, { type: networkPolicyTypes, path: "metadata" });
    const path = created ? "namespace" : "metadata[0].name";
    const policies = [...new Set([...referencing, ...(name === undefined ? [] : (byName.get(name) ?? []))])];
    if (policies.length === 0 && (name === undefined ? mayBeInUnnamed(graph) : byName.has(undefined))) {
      return [
        {
          message: `namespace ${created ?? namespaceShown(subject)}: which NetworkPolicies are in it is known only at apply (a namespace's name is not known)`,
          path,
          outcome: "cannot-evaluate",
          ...notKnownOf(namespacesNotKnown(byName.get(undefined) ?? [])),
        },
      ];
    }
    const shown = created ?? namespaceShown(subject);
    if (policies.length === 0)
      return [
        unlessCniIsolates(
          { message: `namespace ${shown} has no NetworkPolicy in this configuration: its pods accept traffic from every pod of the cluster`, path },
          name,
          "Ingress",
          graph,
        ),
      ];
    return (["Ingress", "Egress"] as const).flatMap((direction): Violation[] => {
      // Types known only at apply may leave the direction out: such a policy is undecided (reachUnknown), not a default deny.
      const defaultDeny = policies.filter(
        (policy) => selectsEveryPod(policy) && isolates(policy, direction) && !typesDecidingUnknown(block(policy.values.spec), direction),
      );
      const undecided = policies.find((policy) => reachUnknown(policy, direction));
      if (defaultDeny.length === 0 && undecided) return [undecidedIsolation(undecided, direction, shown, path)];
      if (defaultDeny.length === 0)
        return [
          unlessCniIsolates(
            {
              message:
                direction === "Ingress"
                  ? `namespace ${shown}: no NetworkPolicy of this configuration selects every pod for Ingress, so the pods its policies do not select accept traffic from every pod of the cluster`
                  : `namespace ${shown}: no NetworkPolicy of this configuration selects every pod for Egress, so the pods its policies do not select may send to any address, the Internet included`,
              path,
            },
            name,
            direction,
            graph,
          ),
        ];
      const { every } = rulesOf[direction];
      // What a policy certainly opens decides; a rule known only at apply leaves the namespace undecided after them all.
      let undecidedRules: TfResource | undefined;
      for (const policy of defaultDeny) {
        const opening = openingToEveryPeer(policy, direction, false);
        if (opening === "unknown") undecidedRules ??= policy;
        else if (opening) return [{ message: `namespace ${shown}: ${policy.address} opens every pod to ${opening.whom} (${opening.how})`, path }];
      }
      // A policy that selects some pods opens them as wide when a rule of it admits every peer on every port.
      for (const policy of policies) {
        // The rules of a direction a policy does not isolate have no effect (NetworkPolicySpec.policyTypes).
        if (!isolates(policy, direction)) continue;
        const opening = openingToEveryPeer(policy, direction, true);
        if (opening === "unknown") undecidedRules ??= policy;
        else if (opening)
          return [{ message: `namespace ${shown}: ${policy.address} opens the pods it selects to ${opening.whom} on every port (${opening.how})`, path }];
      }
      if (!undecidedRules) return [];
      return [
        {
          message: `namespace ${shown}: whether ${undecidedRules.address} opens its pods to ${every} is known only at apply (its rules)`,
          path,
          outcome: "cannot-evaluate",
          ...notKnownOf(rulesNotKnown(undecidedRules, direction)),
        },
      ];
    });
  },
);
