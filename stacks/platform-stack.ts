import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { TerraformStack, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import { RegionalEdsPlatform } from "../constructs/regional-eds/regional-eds-platform";
import type { PlatformConfig, ProjectConfig, RegionConfig } from "../config/resolve";
import { useRegionState } from "./region-state";
import type { FoundationStack } from "./foundation-stack";

export interface PlatformStackProps {
  readonly config: RegionConfig;
  readonly platform: PlatformConfig;
  /** The region's foundation: the cluster endpoint, its CA and the key reference come from its state. */
  readonly foundation: FoundationStack;
  /** Projects whose authorization is in force on the day of synthesis. */
  readonly projects: readonly ProjectConfig[];
  readonly localState?: boolean;
}

export const platformStackName = (regionId: string): string => `${regionId}-platform`;

/**
 * `<region>-platform`: everything inside the Kubernetes cluster. The Kubernetes provider is configured from the
 * foundation's state (cross-stack references become a terraform_remote_state data source on the shared backend), so a
 * platform apply after a foundation apply needs no hand-copied value. The deployer authenticates with their OpenStack
 * credentials through client-keystone-auth; no token or key is written here.
 */
export class PlatformStack extends TerraformStack {
  readonly platform: RegionalEdsPlatform;

  constructor(scope: Construct, props: PlatformStackProps) {
    const { config, platform, foundation } = props;
    const name = platformStackName(config.id);
    super(scope, name);
    this.addDependency(foundation);
    const cluster = foundation.foundation.kubernetes;
    // RKE2 generates its CA on the first server: the deployer passes it (public) as TF_VAR_kubernetes_ca_certificate.
    const caCertificate =
      cluster.caCertificate ??
      new TerraformVariable(this, "kubernetes_ca_certificate", {
        type: "string",
        nullable: false,
        description: "CA certificate of the Kubernetes API (PEM), read on a server: /var/lib/rancher/rke2/server/tls/server-ca.crt",
      }).stringValue;
    new KubernetesProvider(this, "kubernetes", {
      host: cluster.apiEndpoint,
      clusterCaCertificate: caCertificate,
      exec: [
        { apiVersion: "client.authentication.k8s.io/v1beta1", command: cluster.deployerCredential.command, args: [...(cluster.deployerCredential.args ?? [])] },
      ],
    });
    useRegionState(this, config, "platform", props.localState ?? false);
    const masterKey = foundation.foundation.keys?.secretRef("pseudonymisation");
    if (masterKey === undefined) throw new Error(`${name}: the platform needs Barbican for the pseudonymisation key`);
    this.platform = new RegionalEdsPlatform(this, "Eds", {
      regionId: config.id,
      volumeType: cluster.volumeType,
      domain: platform.domain,
      identity: platform.identity,
      serviceCidrs: { keyManager: config.provider.apiEndpoints.keyManager, objectStorage: config.provider.apiEndpoints.objectStorage },
      dmzCidr: config.network.subnets.dmz,
      mirrorCidrs: config.network.mirrors.map((mirror) => mirror.cidr),
      masterKeyRef: masterKey,
      pseudonymisation: platform.pseudonymisation,
      airlock: platform.airlock,
      logStore: { ...platform.logStore, shipperImage: platform.logStore.shipperImage },
      logRetentionDays: config.logging.retentionDays,
      projects: props.projects,
    });
  }
}
