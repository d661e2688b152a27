/**
 * NetworkPolicy semantics as the Kubernetes API defines them (concepts/services-networking/network-policies): a pod is
 * isolated for ingress (egress) once a policy of its namespace selects it with that policy type, and then only what
 * some rule of those policies allows gets through; a rule with no peers allows every peer and one with no ports every
 * port; a peer with a namespaceSelector and a podSelector means those pods in those namespaces, a podSelector alone
 * the policy's own namespace; an ipBlock names addresses outside the cluster, minus its `except`.
 */
import { ipv4Block } from "../../lib/cidr";
import { addresses, IntervalSet, portsOf } from "../../lib/interval-set";
import type { ResourceGraph } from "../engine/graph";
import type { TfResource } from "../engine/model";
import { isWrittenField, namespaceOf, namespaceTypes, networkPolicyTypes, podSpecs, workloadTypes } from "../lib/kubernetes";
import { literalLabels, matches, type Selector, selectorOf } from "../lib/label-selectors";
import { attributePath, block, blocks, list, literalBool, literalNumber, literalString } from "../lib/values";
import { everyPort, type Grant, noPorts, type Ports, portsFor, unionPorts } from "./ports";
import type { Labels, PodsEndpoint, Protocol } from "./requirements";
import { addToGroup } from "../../lib/groups";

/** A pod, as its workload's template describes it (or as a requirement names a chart's pods). */
export interface Pod {
  readonly namespace: string;
  readonly labels: Labels;
  /** The workload's address, or the requirement's name for pods that no typed resource declares. */
  readonly source: string;
  /** Named container ports, for rules that name a port. */
  readonly namedPorts: ReadonlyMap<string, number>;
  /** On the node's network (host_network): NetworkPolicies may not apply to it, nor select it as a peer. */
  readonly hostNetwork?: boolean;
  /** What leaves its labels unknown before apply (its template's labels written from a variable), if anything does. */
  readonly labelsUnknown?: string;
}

type Peer = { readonly ipBlock: IntervalSet } | { readonly namespaceSelector?: Selector; readonly podSelector?: Selector };

interface Rule {
  /** Undefined: every peer. */
  readonly peers?: readonly Peer[];
  readonly ports: readonly { readonly protocol: Protocol; readonly first?: number; readonly last?: number; readonly name?: string }[];
  readonly at: string;
}

interface Policy {
  readonly address: string;
  readonly namespace: string;
  readonly podSelector: Selector;
  readonly ingress?: readonly Rule[];
  readonly egress?: readonly Rule[];
}

export interface Reach {
  readonly grants: readonly Grant[];
  /** The policies that isolate the pod in that direction; empty when none does (everything is allowed). */
  readonly isolatedBy: readonly string[];
  /** Why the answer cannot be known before apply, if it cannot. */
  readonly unknown?: string;
}

function peerOf(value: Record<string, unknown>): Peer | "unknown" {
  const ipBlock = block(value.ip_block);
  if (ipBlock) {
    const cidr = literalString(ipBlock.cidr);
    const except = list(ipBlock.except).map(literalString);
    // The flows are IPv4: an IPv6 block (or one the API server would refuse) is not judged.
    if (cidr === undefined || [cidr, ...except].some((text) => text === undefined || ipv4Block(text) === undefined)) return "unknown";
    return { ipBlock: addresses.of(cidr).minus(addresses.of(...(except as string[]))) };
  }
  // A plan lists a selector left unwritten as an empty list, which the provider does not send (structure_network_policy.go,
  // expandNetworkPolicyPeer: a selector only when its list is not empty).
  const namespaceSelector = isWrittenField(value.namespace_selector) ? selectorOf(value.namespace_selector) : undefined;
  const podSelector = isWrittenField(value.pod_selector) ? selectorOf(value.pod_selector) : undefined;
  if (namespaceSelector === "unknown" || podSelector === "unknown") return "unknown";
  return { ...(namespaceSelector ? { namespaceSelector } : {}), ...(podSelector ? { podSelector } : {}) };
}

function ruleOf(value: Record<string, unknown>, peerKey: "from" | "to", at: string): Rule | "unknown" {
  const written = blocks(value[peerKey]);
  const peers = written.map(peerOf);
  if (peers.includes("unknown")) return "unknown";
  return { ...(written.length > 0 ? { peers: peers as Peer[] } : {}), ports: portEntries(value), at };
}

/** A NetworkPolicy rule's ports block, entry by entry: a protocol, and a number range or a named port. */
function portEntries(value: Record<string, unknown>): Rule["ports"] {
  return blocks(value.ports).map((port) => {
    const protocol = (literalString(port.protocol) ?? "TCP") as Protocol;
    const number = literalNumber(port.port);
    const name = number === undefined ? literalString(port.port) : undefined;
    const end = literalNumber(port.end_port);
    return { protocol, ...(number !== undefined ? { first: number, last: end ?? number } : {}), ...(name ? { name } : {}) };
  });
}

/**
 * The ports a rule opens on a receiving pod (its named ports resolved there), or toward addresses when there is none
 * (a named port then opens nothing): every port without a ports block.
 */
function rulePorts(ports: Rule["ports"], receiver: Pod | undefined): Ports {
  return ports.length === 0 ? everyPort : ports.reduce((all, port) => unionPorts(all, portsOfRule(port, receiver)), noPorts);
}

/** The ports a NetworkPolicy rule (its HCL or JSON block) opens toward addresses; undefined when one is known only at apply. */
export function portsToAddresses(value: Record<string, unknown>): Ports | undefined {
  const entries = portEntries(value);
  const unknownPort = blocks(value.ports).some((port, i) => port.port !== undefined && entries[i]!.first === undefined && entries[i]!.name === undefined);
  return unknownPort ? undefined : rulePorts(entries, undefined);
}

/** The pods, namespaces and NetworkPolicies of a configuration, and who may reach whom among them. */
export class KubernetesNetwork {
  readonly pods: readonly Pod[];
  private readonly namespaceLabels = new Map<string, Labels>();
  /** The namespaces whose labels are known only at apply, with the namespace resource's address. */
  private readonly namespaceLabelsUnknown = new Map<string, string>();
  /** The NetworkPolicies of each namespace: a pod is judged by its own namespace's only. */
  private readonly policies = new Map<string, Policy[]>();
  /** Policies whose selectors or blocks are unknown before apply, by namespace. */
  private readonly unknownPolicies = new Map<string, string[]>();

  /**
   * From the configurations of one cluster (a region's stacks), and its pod network when known: Calico matches an
   * ipBlock against pods' addresses too (libcalico-go, k8sPeerToCalicoFields: an ipBlock becomes Nets, with no selector).
   */
  constructor(
    graphs: readonly ResourceGraph[],
    readonly podNetwork: IntervalSet = IntervalSet.of(),
  ) {
    for (const graph of graphs)
      for (const namespace of graph.ofType(namespaceTypes)) {
        const metadata = block(namespace.values.metadata);
        const name = literalString(metadata?.name);
        if (!name) continue;
        const labels = literalLabels(metadata?.labels);
        if (!labels) this.namespaceLabelsUnknown.set(name, `the labels of ${namespace.address}`);
        this.namespaceLabels.set(name, { ...labels, "kubernetes.io/metadata.name": name });
      }
    this.pods = graphs.flatMap((graph) => graph.ofType(workloadTypes).flatMap((workload) => podsOf(workload, graph)));
    for (const graph of graphs) for (const resource of graph.ofType(networkPolicyTypes)) this.addPolicy(resource, graph);
  }

  private addPolicy(resource: TfResource, graph: ResourceGraph): void {
    const namespace = namespaceOf(resource, graph);
    const spec = block(resource.values.spec) ?? {};
    const podSelector = selectorOf(spec.pod_selector);
    const types = list(spec.policy_types).map(literalString);
    const ingressRules = blocks(spec.ingress).map((rule, i) => ruleOf(rule, "from", `${resource.address} ${attributePath("spec.ingress", i)}`));
    const egressRules = blocks(spec.egress).map((rule, i) => ruleOf(rule, "to", `${resource.address} ${attributePath("spec.egress", i)}`));
    if (namespace === undefined) return;
    if (podSelector === "unknown" || types.includes(undefined) || ingressRules.includes("unknown") || egressRules.includes("unknown")) {
      addToGroup(this.unknownPolicies, namespace, resource.address);
      return;
    }
    // Without policy_types, Kubernetes applies Ingress always and Egress when egress rules are written.
    const written = types.length > 0 ? types : ["Ingress", ...(egressRules.length > 0 ? ["Egress"] : [])];
    const inNamespace = this.policies.get(namespace) ?? [];
    this.policies.set(namespace, inNamespace);
    inNamespace.push({
      address: resource.address,
      namespace,
      podSelector,
      ...(written.includes("Ingress") ? { ingress: ingressRules as Rule[] } : {}),
      ...(written.includes("Egress") ? { egress: egressRules as Rule[] } : {}),
    });
  }

  labelsOfNamespace(name: string): Labels {
    return this.namespaceLabels.get(name) ?? { "kubernetes.io/metadata.name": name };
  }

  /** The pods an endpoint names: declared workloads that match it, or the pods it describes when it names namespace and labels. */
  podsOf(endpoint: PodsEndpoint, name: string): Pod[] {
    const { namespace, namespaceLabels, exceptNamespaces, labels } = endpoint.pods;
    const inNamespace = (pod: Pod) =>
      (namespace === undefined || pod.namespace === namespace) &&
      !(exceptNamespaces ?? []).includes(pod.namespace) &&
      Object.entries(namespaceLabels ?? {}).every(([key, value]) => this.labelsOfNamespace(pod.namespace)[key] === value);
    // A pod whose labels are known only at apply may be one of them: it stands in, and its flows are not evaluable.
    const found = this.pods.filter(
      (pod) => inNamespace(pod) && (pod.labelsUnknown !== undefined || Object.entries(labels ?? {}).every(([key, value]) => pod.labels[key] === value)),
    );
    // Pods no typed resource declares (a chart's, an operator's, or any pod that will run in a namespace) are
    // represented by the labels the endpoint names.
    if (found.length > 0 || namespace === undefined) return found;
    return [{ namespace, labels: labels ?? {}, source: name, namedPorts: new Map() }];
  }

  /** What lets `pod` send to (egress) or receive from (ingress) `peer`: another pod, or addresses outside the cluster. */
  reach(pod: Pod, direction: "ingress" | "egress", peer: Pod | IntervalSet): Reach {
    // A named port is the receiving pod's: this pod for ingress, the peer for egress (none outside the cluster).
    const receiver = direction === "ingress" ? pod : "namespace" in peer ? peer : undefined;
    // Kubernetes' NetworkPolicy documentation leaves the behaviour for hostNetwork pods undefined: a plugin may not tell
    // their traffic from the node's, so neither their own policies nor another's selectors can be relied on.
    const onHost = [pod, ...("namespace" in peer ? [peer] : [])].find((end) => end.hostNetwork);
    if (onHost)
      return { grants: [], isolatedBy: [], unknown: `${onHost.source} shares the node's network (host_network), where NetworkPolicies may not apply` };
    // A selector matched against labels known only at apply (a pod's or its namespace's) may or may not select it.
    const unsure = [pod, ...("namespace" in peer ? [peer] : [])]
      .map((end) => end.labelsUnknown ?? this.namespaceLabelsUnknown.get(end.namespace))
      .find((reason) => reason !== undefined);
    if (unsure) return { grants: [], isolatedBy: [], unknown: `${unsure} cannot be read before apply` };
    const unknown = this.unknownPolicies.get(pod.namespace);
    const selecting = (this.policies.get(pod.namespace) ?? []).filter((policy) => policy[direction] && matches(policy.podSelector, pod.labels));
    if (selecting.length === 0) {
      if (unknown) return { grants: [], isolatedBy: [], unknown: `${unknown.join(", ")} cannot be read before apply` };
      const all = { addresses: addresses.all, ports: everyPort, because: `no NetworkPolicy isolates ${direction} of these pods` };
      return { grants: [all], isolatedBy: [] };
    }
    const grants: Grant[] = [];
    for (const policy of selecting) {
      for (const rule of policy[direction]!) {
        const reached = peerReach(rule, policy, peer, this);
        if (!reached) continue;
        const ports = rulePorts(rule.ports, receiver);
        grants.push({ addresses: reached, ports, because: rule.at });
      }
    }
    return {
      grants,
      isolatedBy: selecting.map((policy) => policy.address),
      ...(unknown ? { unknown: `${unknown.join(", ")} cannot be read before apply` } : {}),
    };
  }
}

/** The addresses of `peer` a rule lets through (all of a pod's "addresses" when it matches it), or undefined. */
function peerReach(rule: Rule, policy: Policy, peer: Pod | IntervalSet, network: KubernetesNetwork): IntervalSet | undefined {
  if (!rule.peers) return "namespace" in peer ? addresses.all : peer;
  let reached: IntervalSet | undefined;
  for (const candidate of rule.peers) {
    if ("ipBlock" in candidate) {
      // A pod's own address is not known, only its network: a block that holds any of it may hold the pod's.
      if ("namespace" in peer) {
        if (candidate.ipBlock.meets(network.podNetwork)) return addresses.all;
        continue;
      }
      const both = candidate.ipBlock.intersect(peer);
      if (!both.isEmpty) reached = reached ? reached.union(both) : both;
      continue;
    }
    if (!("namespace" in peer)) continue;
    const namespaceMatches = candidate.namespaceSelector
      ? matches(candidate.namespaceSelector, network.labelsOfNamespace(peer.namespace))
      : peer.namespace === policy.namespace;
    if (namespaceMatches && (!candidate.podSelector || matches(candidate.podSelector, peer.labels))) return addresses.all;
  }
  return reached;
}

function portsOfRule(port: Rule["ports"][number], receiver: Pod | undefined): Ports {
  if (port.first !== undefined) return portsFor(port.protocol, portsOf(port.first, port.last ?? port.first));
  if (port.name !== undefined) {
    const number = receiver?.namedPorts.get(port.name);
    return number === undefined ? noPorts : portsFor(port.protocol, portsOf(number, number));
  }
  return portsFor(port.protocol, portsOf(1, 65535));
}

/** The pods of a workload: its template's labels in its namespace, with its named container ports. */
function podsOf(workload: TfResource, graph: ResourceGraph): Pod[] {
  const namespace = namespaceOf(workload, graph);
  if (namespace === undefined) return [];
  return podSpecs(workload).map((pod) => {
    const written = literalLabels(pod.metadata.value?.labels);
    const labels = written ?? {};
    const namedPorts = new Map<string, number>();
    for (const container of blocks(pod.spec.container))
      for (const port of blocks(container.port)) {
        const name = literalString(port.name);
        const number = literalNumber(port.container_port);
        if (name && number !== undefined) namedPorts.set(name, number);
      }
    return {
      namespace,
      labels,
      source: workload.address,
      namedPorts,
      ...(literalBool(pod.spec.host_network) === true ? { hostNetwork: true } : {}),
      ...(written ? {} : { labelsUnknown: `the pod labels of ${workload.address}` }),
    };
  });
}
