import { DefaultServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/default-service-account-v1";
import { LimitRangeV1 } from "@cdktf/provider-kubernetes/lib/limit-range-v1";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { NetworkPolicyV1, type NetworkPolicyV1SpecEgressTo, type NetworkPolicyV1SpecIngressFrom } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { ResourceQuotaV1 } from "@cdktf/provider-kubernetes/lib/resource-quota-v1";
import { Construct } from "constructs";
import { namespaceNameLabel } from "./private/restricted-pod";

export interface NamespaceQuota {
  readonly cpu: string;
  readonly memory: string;
  /** Total of PersistentVolumeClaim requests, such as 100Gi. */
  readonly storage: string;
  /** @default 20 */
  readonly pods?: number;
}

export interface SecureNamespaceProps {
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly quota: NamespaceQuota;
  /**
   * Pod Security Admission level enforced. Only a namespace whose workloads need the node (a log agent) may be
   * "privileged", and only with an approved exception to the policies that check it.
   * @default "restricted"
   */
  readonly podSecurity?: "restricted" | "privileged";
}

/** Who may open connections, or where a namespace's pods may connect to. */
export interface Peer {
  /** Pods of another namespace (by name), or of this one when omitted. */
  readonly namespace?: string;
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Addresses outside the cluster. */
  readonly cidrs?: readonly string[];
  /** Namespaces selected by label instead of by name. */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
}

export interface FlowProps {
  /** Stable construct id; renaming it replaces the policy. */
  readonly id: string;
  /** Pods of this namespace the flow concerns. @default - every pod of the namespace */
  readonly podLabels?: Readonly<Record<string, string>>;
  readonly peer: Peer;
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
          "services.loadbalancers": "0",
          "services.nodeports": "0",
        },
      },
    });
    new LimitRangeV1(this, "Limits", {
      metadata: metadata("limits"),
      spec: { limit: [{ type: "Container", default: { cpu: "500m", memory: "512Mi" }, defaultRequest: { cpu: "100m", memory: "128Mi" } }] },
    });
  }

  /** Allows `peer` to open connections to pods of this namespace on the given ports. */
  allowIngress(flow: FlowProps): NetworkPolicyV1 {
    return this.flow(flow, "Ingress");
  }

  /** Allows pods of this namespace to open connections to `peer` on the given ports. */
  allowEgress(flow: FlowProps): NetworkPolicyV1 {
    return this.flow(flow, "Egress");
  }

  private flow(flow: FlowProps, direction: "Ingress" | "Egress"): NetworkPolicyV1 {
    const peers = peerSelectors(flow.peer);
    const ports = flow.ports.map((p) => ({ port: String(p.port), protocol: p.protocol ?? "TCP" }));
    return new NetworkPolicyV1(this, flow.id, {
      metadata: {
        name: flow.id.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase(),
        namespace: this.resource.metadata.name,
        annotations: { "eds-regional/why": flow.why },
      },
      spec: {
        podSelector: flow.podLabels ? { matchLabels: { ...flow.podLabels } } : {},
        policyTypes: [direction],
        ...(direction === "Ingress"
          ? { ingress: [{ from: peers as NetworkPolicyV1SpecIngressFrom[], ports }] }
          : { egress: [{ to: peers as NetworkPolicyV1SpecEgressTo[], ports }] }),
      },
    });
  }
}

function peerSelectors(peer: Peer): NetworkPolicyV1SpecIngressFrom[] {
  if (peer.cidrs) return peer.cidrs.map((cidr) => ({ ipBlock: { cidr } }));
  const namespaceSelector = peer.namespaceLabels
    ? { matchLabels: { ...peer.namespaceLabels } }
    : peer.namespace
      ? { matchLabels: { [namespaceNameLabel]: peer.namespace } }
      : undefined;
  return [{ ...(namespaceSelector ? { namespaceSelector } : {}), podSelector: peer.podLabels ? { matchLabels: { ...peer.podLabels } } : {} }];
}
