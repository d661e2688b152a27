import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import type { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import type { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { Construct } from "constructs";
import { ReplicatedService } from "./private/replicated-service";
import type { SecureNamespace } from "./secure-namespace";

export interface AirlockProps {
  readonly namespace: SecureNamespace;
  readonly regionId: string;
  /** Image of the review service, pinned by digest. */
  readonly image: string;
  /** Reviewers who must approve before anything leaves; never fewer than two. @default 2 */
  readonly requiredApprovals?: number;
  /** Identity-provider group of the reviewers, with the API server's prefix. */
  readonly reviewersGroup: string;
  /** Private container where submissions wait for review. */
  readonly stagingContainer: string;
  /** Container where approved results are released. */
  readonly releaseContainer: string;
  /** Label that marks workspace namespaces, the only ones allowed to submit. */
  readonly workspaceNamespaceLabels: Readonly<Record<string, string>>;
  /** Namespace of the ingress, through which reviewers reach the review interface. */
  readonly ingressNamespace: string;
  readonly objectStorageCidr: string;
}

/**
 * The airlock: the only path by which results leave an analysis workspace (EHDS Art. 73(2), MR-004). Workspaces have
 * no route to anything but this service; submissions wait in a private staging container that no workspace can
 * reach; the service copies a submission to the release container only after the required number of distinct
 * reviewers approved it. The unreviewed path does not exist: workspaces hold no object-storage credential and their
 * NetworkPolicies allow no other destination.
 */
export class Airlock extends Construct {
  static readonly port = 8080;
  readonly deployment: DeploymentV1;
  readonly service: ServiceV1;
  readonly config: ConfigMapV1;
  readonly requiredApprovals: number;

  constructor(scope: Construct, id: string, props: AirlockProps) {
    super(scope, id);
    this.requiredApprovals = props.requiredApprovals ?? 2;
    if (this.requiredApprovals < 2)
      throw new Error(`${this.node.path}: requiredApprovals must be at least 2, got ${this.requiredApprovals}: one reviewer alone never releases results`);
    const namespace = props.namespace.resource.metadata.name;
    this.config = new ConfigMapV1(this, "Config", {
      metadata: { name: "airlock", namespace },
      data: {
        "required-approvals": String(this.requiredApprovals),
        "distinct-reviewers": "true",
        "submitter-may-approve": "false",
        "reviewers-group": props.reviewersGroup,
        "staging-container": `${props.regionId}-${props.stagingContainer}`,
        "release-container": `${props.regionId}-${props.releaseContainer}`,
      },
    });
    const service = new ReplicatedService(this, "Service", {
      namespace,
      name: "airlock",
      image: props.image,
      port: Airlock.port,
      replicas: 2,
      config: this.config,
      credentialsSecret: "airlock-keystone",
      cpu: { request: "100m", limit: "500m" },
      memory: { request: "128Mi", limit: "256Mi" },
    });
    this.deployment = service.deployment;
    this.service = service.service;
    const labels = service.labels;
    props.namespace.allowIngress({
      id: "AllowSubmissions",
      podLabels: labels,
      peer: { namespaceLabels: props.workspaceNamespaceLabels },
      ports: [{ port: Airlock.port }],
      why: "Workspaces submit results for review",
    });
    props.namespace.allowIngress({
      id: "AllowReviewers",
      podLabels: labels,
      peer: { namespace: props.ingressNamespace },
      ports: [{ port: Airlock.port }],
      why: "Reviewers reach the review interface through the ingress (OIDC)",
    });
    props.namespace.allowEgress({
      id: "AllowObjectStorage",
      podLabels: labels,
      peer: { cidrs: [props.objectStorageCidr] },
      ports: [{ port: 443 }],
      why: "Keeps submissions in the staging container and releases approved results",
    });
  }
}
