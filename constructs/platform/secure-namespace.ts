import { DefaultServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/default-service-account-v1";
import { LimitRangeV1 } from "@cdktf/provider-kubernetes/lib/limit-range-v1";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { NetworkPolicyV1, type NetworkPolicyV1SpecEgressTo, type NetworkPolicyV1SpecIngressFrom } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { ResourceQuotaV1 } from "@cdktf/provider-kubernetes/lib/resource-quota-v1";
import { Construct } from "constructs";
import type { FlowEndpoint } from "../flows";
import { clusterNetworks } from "../kubernetes/defaults";
import { namespaceNameLabel } from "./private/restricted-pod";

export interface NamespaceQuota {
  readonly cpu: string;
  readonly memory: string;
  /** Total of PersistentVolumeClaim requests, such as 100Gi. */
  readonly storage: string;
  /** @default 20 */
  readonly pods?: number;
  /** Services of type LoadBalancer the namespace may publish (the ingress only). @default 0 */
  readonly loadBalancers?: number;
  /**
   * Node ports its Services may take. The quota counts one for each port of a LoadBalancer Service, whose load balancer
   * forwards to them (kubernetes pkg/quota/v1/evaluator/core/services.go), not only for NodePort Services. @default 0
   */
  readonly nodePorts?: number;
}

export interface SecureNamespaceProps {
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
  readonly quota: NamespaceQuota;
  /**
   * Pod Security Admission level enforced. Only a namespace whose workloads need the node (a log agent) may be
   * "privileged", and only with an approved exception to the policies that check it.
   * @default "restricted"
   */
  readonly podSecurity?: "restricted" | "privileged";
}

/**
 * The other end of a flow: addresses outside the cluster, a namespace's pods, some pods of a namespace, or the pods of
 * every namespace with some labels. Built by its factories, so a flow always has exactly one kind of peer.
 */
export class Peer {
  private constructor(
    readonly selectors: readonly NetworkPolicyV1SpecIngressFrom[],
    /** What the peer is, for reviews. */
    readonly description: string,
  ) {}

  /** Addresses outside the cluster (an ipBlock each). */
  static cidrs(...cidrs: readonly string[]): Peer {
    if (cidrs.length === 0) throw new Error("Peer.cidrs needs at least one CIDR");
    return new Peer(
      cidrs.map((cidr) => ({ ipBlock: { cidr } })),
      cidrs.join(", "),
    );
  }

  /**
   * The API server calling an admission webhook. It runs on the control-plane nodes' host network, and its packets to a
   * pod on another node leave through the overlay with the node's tunnel address, which lies in the cluster's pod
   * network, not in the nodes' subnet (Calico's IPIP and Canal's VXLAN both; RKE2's CIS network policy controller admits
   * each node's pod-network address for this reason, rancher/rke2 pkg/controllers/cisnetworkpolicy). Webhook pods never
   * run beside an API server: the control-plane nodes are tainted.
   */
  static apiServerCalls(apiServerCidr: string): Peer {
    return Peer.cidrs(apiServerCidr, clusterNetworks.pods);
  }

  /** Every pod of a namespace. */
  static namespace(namespace: SecureNamespace): Peer {
    return new Peer([{ namespaceSelector: { matchLabels: { [namespaceNameLabel]: namespace.name } }, podSelector: {} }], `namespace ${namespace.name}`);
  }

  /** The pods of a namespace that carry some labels. */
  static pods(namespace: SecureNamespace, labels: Readonly<Record<string, string>>): Peer {
    return new Peer(
      [{ namespaceSelector: { matchLabels: { [namespaceNameLabel]: namespace.name } }, podSelector: { matchLabels: { ...labels } } }],
      `pods ${JSON.stringify(labels)} of ${namespace.name}`,
    );
  }

  /** Every pod of every namespace that carries some labels (the workspaces, say). */
  static namespacesLabelled(labels: Readonly<Record<string, string>>): Peer {
    return new Peer([{ namespaceSelector: { matchLabels: { ...labels } }, podSelector: {} }], `namespaces ${JSON.stringify(labels)}`);
  }
}

export interface FlowProps {
  /** Pods of this namespace the flow concerns. @default - every pod of the namespace */
  readonly pods?: Readonly<Record<string, string>>;
  readonly ports: readonly { readonly port: number; readonly protocol?: "TCP" | "UDP" }[];
  /** Why the flow exists, kept as an annotation. */
  readonly why: string;
}

/**
 * A namespace with the baseline every namespace of the region gets: Pod Security admission labels, a default-deny
 * NetworkPolicy for ingress and egress plus cluster DNS, a ResourceQuota and a LimitRange, and a default service
 * account that mounts no token (SecNumCloud 13.2.a, CIS 5.3.2, NSA/CISA hardening guide).
 */
export class SecureNamespace extends Construct {
  readonly resource: NamespaceV1;
  readonly name: string;

  constructor(scope: Construct, id: string, props: SecureNamespaceProps) {
    super(scope, id);
    const level = props.podSecurity ?? "restricted";
    this.name = props.name;
    this.resource = new NamespaceV1(this, "Resource", {
      metadata: {
        name: props.name,
        ...(props.annotations ? { annotations: { ...props.annotations } } : {}),
        labels: {
          ...props.labels,
          "pod-security.kubernetes.io/enforce": level,
          "pod-security.kubernetes.io/enforce-version": "latest",
          "pod-security.kubernetes.io/audit": "restricted",
          "pod-security.kubernetes.io/warn": "restricted",
        },
      },
    });
    const metadata = (name: string) => ({ name, namespace: this.resource.metadata.name });
    new DefaultServiceAccountV1(this, "DefaultServiceAccount", { metadata: { namespace: this.resource.metadata.name }, automountServiceAccountToken: false });
    new NetworkPolicyV1(this, "DefaultDeny", {
      metadata: { ...metadata("default-deny"), annotations: { "eds-regional/why": "Nothing enters or leaves unless a policy below allows it" } },
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    });
    new NetworkPolicyV1(this, "AllowDns", {
      metadata: { ...metadata("allow-dns"), annotations: { "eds-regional/why": "Name resolution through the cluster DNS" } },
      spec: {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [
          {
            to: [{ namespaceSelector: { matchLabels: { [namespaceNameLabel]: "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
            ports: [
              { port: "53", protocol: "UDP" },
              { port: "53", protocol: "TCP" },
            ],
          },
        ],
      },
    });
    new ResourceQuotaV1(this, "Quota", {
      metadata: metadata("quota"),
      spec: {
        hard: {
          "limits.cpu": props.quota.cpu,
          "limits.memory": props.quota.memory,
          "requests.storage": props.quota.storage,
          pods: String(props.quota.pods ?? 20),
          "services.loadbalancers": String(props.quota.loadBalancers ?? 0),
          "services.nodeports": String(props.quota.nodePorts ?? 0),
        },
      },
    });
    new LimitRangeV1(this, "Limits", {
      metadata: metadata("limits"),
      spec: { limit: [{ type: "Container", default: { cpu: "500m", memory: "512Mi" }, defaultRequest: { cpu: "100m", memory: "128Mi" } }] },
    });
  }

  /** The namespace's name as a reference to it: what goes into `metadata.namespace`, so that it is created first. */
  /** Some pods of the namespace (all of them without labels), as one end of a declared flow. */
  pods(name: string, labels?: Readonly<Record<string, string>>): FlowEndpoint {
    return { name, pods: { namespace: this.name, ...(labels ? { labels } : {}) } };
  }

  get ref(): string {
    return this.resource.metadata.name;
  }

  /**
   * Allows `from` to open connections to pods of this namespace on the given ports. `name` names the NetworkPolicy,
   * and its construct: two flows of one namespace cannot share a name.
   */
  allowIngress(name: string, from: Peer, flow: FlowProps): NetworkPolicyV1 {
    return this.flow(name, "Ingress", from, flow);
  }

  /** Allows pods of this namespace to open connections to `to` on the given ports. */
  allowEgress(name: string, to: Peer, flow: FlowProps): NetworkPolicyV1 {
    return this.flow(name, "Egress", to, flow);
  }

  private flow(name: string, direction: "Ingress" | "Egress", peer: Peer, flow: FlowProps): NetworkPolicyV1 {
    const ports = flow.ports.map((p) => ({ port: String(p.port), protocol: p.protocol ?? "TCP" }));
    return new NetworkPolicyV1(this, `${direction}-${name}`, {
      metadata: { name, namespace: this.ref, annotations: { "eds-regional/why": flow.why } },
      spec: {
        podSelector: flow.pods ? { matchLabels: { ...flow.pods } } : {},
        policyTypes: [direction],
        ...(direction === "Ingress"
          ? { ingress: [{ from: [...peer.selectors], ports }] }
          : { egress: [{ to: [...peer.selectors] as NetworkPolicyV1SpecEgressTo[], ports }] }),
      },
    });
  }
}
