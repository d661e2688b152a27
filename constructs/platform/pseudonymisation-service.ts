import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import type { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import type { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { Construct } from "constructs";
import { declareFlow, zone } from "../flows";
import { clientEnvironment, warehouse, warehouseRoles } from "./data-tier";
import { containerAccess, deployTimeSecrets, requireSecret } from "./deploy-time-secrets";
import { ReplicatedService } from "./private/replicated-service";
import { Peer, type SecureNamespace } from "./secure-namespace";

export interface PseudonymisedProject {
  readonly id: string;
  readonly expiry: string;
}

export interface PseudonymisationServiceProps {
  readonly namespace: SecureNamespace;
  /** Namespace whose pods may call the service: where extracts from care systems land. */
  readonly clientNamespace: SecureNamespace;
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
  /** The provider's APIs the service reaches: identity (a token), key manager (the key), object storage (opt-out list). */
  readonly apis: { readonly identity: string; readonly keyManager: string; readonly objectStorage: string };
  readonly dataNamespace: SecureNamespace;
  readonly warehouseHost: string;
  /** Label of the workspaces' nodes: a key-holding service never runs there. */
  readonly workspacesNodeLabel: readonly [string, string];
}

/**
 * Keyed pseudonymisation, in its own namespace.
 *
 * Threat model. The master key is generated inside Barbican (an order) and never leaves it in clear except into the
 * service's memory: neither the configuration, the synthesized JSON nor the state holds it, only its reference. The
 * service obtains a Keystone token with an application credential placed at deploy time in the Secret
 * `pseudonymisation-keystone` (outside Terraform), then reads the key. The warehouse names each patient by the
 * service's pseudonym (`patientColumn`); no project sees it: each project's extract replaces it with a pseudonym under
 * a key of the project's own (DataTier.addProject), so the extracts of two projects cannot be joined on the patient.
 * The service is told the projects (their context and expiry) for the pseudonyms it derives per project with HKDF.
 * Patients on the opt-out list never get a pseudonym, so they never reach the warehouse again; the service lists
 * the warehouse pseudonyms of those already there in the warehouse's `optOutSchema`.objectors, which every nightly
 * rebuild of the extracts leaves out (DataTier.addProject). Only the
 * ingestion namespace may call the service; it writes pseudonymised records into the warehouse as the writer role, with
 * a client certificate; it reaches nothing else but Keystone, Barbican, the object storage and DNS, and never runs on a
 * workspace's node.
 */
export class PseudonymisationService extends Construct {
  static readonly port = 8080;
  readonly deployment: DeploymentV1;
  readonly service: ServiceV1;
  readonly labels: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: PseudonymisationServiceProps) {
    super(scope, id);
    const { namespace } = props;
    // The key's reference is known once the foundation is applied: the rules admit reading secrets, not writing them.
    const optOut = `${props.regionId}-${props.optOutList.container}`;
    requireSecret(this, namespace.name, deployTimeSecrets.pseudonymisation, [
      { service: "key-manager", method: "GET", path: "/v1/secrets/*" },
      { service: "key-manager", method: "GET", path: "/v1/secrets/*/payload" },
      ...containerAccess(optOut, "read", props.optOutList.object),
    ]);
    const config = new ConfigMapV1(this, "Config", {
      metadata: { name: "pseudonymisation", namespace: namespace.ref },
      data: {
        "master-key-ref": props.masterKeyRef,
        "key-derivation": "HKDF-SHA256",
        "opt-out-list": `swift://${optOut}/${props.optOutList.object}`,
        "projects.json": JSON.stringify(props.projects.map((p) => ({ id: p.id, context: `eds:${props.regionId}:${p.id}:v1`, expiry: p.expiry }))),
      },
    });
    const certificates = "/var/run/postgres-client";
    const service = new ReplicatedService(this, "Service", {
      namespace: namespace.ref,
      name: "pseudonymisation",
      image: props.image,
      port: PseudonymisationService.port,
      replicas: props.replicas ?? 2,
      config,
      credentialsSecret: deployTimeSecrets.pseudonymisation.name,
      env: clientEnvironment(warehouseRoles.writer, warehouse.database, props.warehouseHost, certificates),
      secretMounts: [{ name: "warehouse-client", secret: `postgres-client-${warehouseRoles.writer}`, mountPath: certificates }],
      avoidNodes: props.workspacesNodeLabel,
      cpu: { request: "250m", limit: "1" },
      memory: { request: "256Mi", limit: "512Mi" },
    });
    this.deployment = service.deployment;
    this.service = service.service;
    this.labels = service.labels;
    const pods = namespace.pods("the pseudonymisation service", this.labels);
    declareFlow(this, {
      id: "ingestion-to-pseudonymisation",
      from: props.clientNamespace.pods("ingestion"),
      to: pods,
      port: PseudonymisationService.port,
      why: "Ingestion asks for pseudonyms",
    });
    declareFlow(this, {
      id: "pseudonymisation-to-warehouse",
      from: pods,
      to: props.dataNamespace.pods("the warehouse", warehouse.pods),
      port: warehouse.port,
      why: "Pseudonymised records go into the warehouse",
    });
    for (const api of ["identity", "keyManager"] as const)
      declareFlow(this, { id: `pseudonymisation-to-${api}`, from: pods, to: zone(api), port: 443, why: "A Keystone token, then the master key from Barbican" });
    namespace.allowIngress("from-ingestion", Peer.namespace(props.clientNamespace), {
      pods: this.labels,
      ports: [{ port: PseudonymisationService.port }],
      why: "Only the ingestion pipeline asks for pseudonyms",
    });
    namespace.allowEgress("to-provider-apis", Peer.cidrs(props.apis.identity, props.apis.keyManager, props.apis.objectStorage), {
      pods: this.labels,
      ports: [{ port: 443 }],
      why: "A Keystone token, then the master key from Barbican and the opt-out list from the object storage",
    });
    namespace.allowEgress("to-warehouse", Peer.pods(props.dataNamespace, warehouse.pods), {
      pods: this.labels,
      ports: [{ port: warehouse.port }],
      why: "Writes pseudonymised records into the warehouse",
    });
  }
}
