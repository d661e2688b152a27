import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import type { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import type { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { Construct } from "constructs";
import { ReplicatedService } from "./private/replicated-service";
import type { SecureNamespace } from "./secure-namespace";

export interface PseudonymisedProject {
  readonly id: string;
  readonly expiry: string;
}

export interface PseudonymisationServiceProps {
  readonly namespace: SecureNamespace;
  /** Namespace whose pods may call the service: where extracts from care systems land. */
  readonly clientNamespace: string;
  readonly regionId: string;
  /** Image pinned by digest. */
  readonly image: string;
  /** @default 2 */
  readonly replicas?: number;
  /** Barbican reference of the master key (a URL, not the key). */
  readonly masterKeyRef: string;
  /** Projects that get a pseudonym space of their own. */
  readonly projects: readonly PseudonymisedProject[];
  /** Where the list of objectors is kept: a private container of the region's object storage. */
  readonly optOutList: { readonly container: string; readonly object: string };
  /** Addresses of the key manager and object storage APIs: the only destinations of the service besides DNS. */
  readonly keyManagerCidr: string;
  readonly objectStorageCidr: string;
}

/**
 * Keyed pseudonymisation, in its own namespace.
 *
 * Threat model. The master key is generated inside Barbican (an order) and never leaves it in clear except into the
 * service's memory: neither the configuration, the synthesized JSON nor the Terraform state holds it, only its
 * reference. The service authenticates to Barbican with a Keystone application credential placed at deploy time in
 * the Secret `pseudonymisation-keystone` (outside Terraform). Each project's key is derived from the master key with
 * HKDF and the project's context string, so the extracts of two projects carry unrelated pseudonyms and cannot be
 * joined; retiring a project removes its context, so no new pseudonym is issued for it. Patients on the opt-out list
 * never get a pseudonym, so they never reach an extract. Only the ingestion namespace may call the service, and the
 * service may reach only the key manager, the object storage (opt-out list) and DNS: a compromised caller elsewhere
 * cannot ask for pseudonyms, and a compromised service cannot send the key anywhere else.
 */
export class PseudonymisationService extends Construct {
  static readonly port = 8080;
  readonly deployment: DeploymentV1;
  readonly service: ServiceV1;
  readonly labels: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: PseudonymisationServiceProps) {
    super(scope, id);
    const namespace = props.namespace.resource.metadata.name;
    const config = new ConfigMapV1(this, "Config", {
      metadata: { name: "pseudonymisation", namespace },
      data: {
        "master-key-ref": props.masterKeyRef,
        "key-derivation": "HKDF-SHA256",
        "opt-out-list": `swift://${props.regionId}-${props.optOutList.container}/${props.optOutList.object}`,
        "projects.json": JSON.stringify(props.projects.map((p) => ({ id: p.id, context: `eds:${props.regionId}:${p.id}:v1`, expiry: p.expiry }))),
      },
    });
    const service = new ReplicatedService(this, "Service", {
      namespace,
      name: "pseudonymisation",
      image: props.image,
      port: PseudonymisationService.port,
      replicas: props.replicas ?? 2,
      config,
      credentialsSecret: "pseudonymisation-keystone",
      cpu: { request: "250m", limit: "1" },
      memory: { request: "256Mi", limit: "512Mi" },
    });
    this.deployment = service.deployment;
    this.service = service.service;
    this.labels = service.labels;
    props.namespace.allowIngress({
      id: "AllowFromIngestion",
      podLabels: this.labels,
      peer: { namespace: props.clientNamespace },
      ports: [{ port: PseudonymisationService.port }],
      why: "Only the ingestion pipeline asks for pseudonyms",
    });
    props.namespace.allowEgress({
      id: "AllowKeyManager",
      podLabels: this.labels,
      peer: { cidrs: [props.keyManagerCidr] },
      ports: [{ port: 443 }],
      why: "Reads the master key from Barbican",
    });
    props.namespace.allowEgress({
      id: "AllowOptOutList",
      podLabels: this.labels,
      peer: { cidrs: [props.objectStorageCidr] },
      ports: [{ port: 443 }],
      why: "Reads the opt-out list from the region's object storage",
    });
  }
}
