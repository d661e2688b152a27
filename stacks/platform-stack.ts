import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import type { ExtractState } from "../constructs/platform/data-tier";
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
  /** The projects on the day of synthesis, each in its state (active, archived, dropped). */
  readonly projects: readonly (ProjectConfig & { readonly state: ExtractState })[];
  readonly localState?: boolean;
}

export const platformStackName = (regionId: string): string => `${regionId}-platform`;

/**
 * `<region>-platform`: everything inside the Kubernetes cluster. The Kubernetes provider is configured from the
 * foundation's state (cross-stack references become a terraform_remote_state data source on the shared backend), so a
 * platform apply after a foundation apply needs no hand-copied value. The deployers sign in through the identity
 * provider (their group is cluster-admin, see OidcSettings.deployersGroup); no token or key is written here.
 */
export class PlatformStack extends TerraformStack {
  readonly platform: RegionalEdsPlatform;
  /**
   * What the deployers do before the first apply (Markdown lines, for SECRETS.md): the cluster's own step, then the
   * namespaces alone, since the Secrets go into namespaces this stack creates.
   */
  readonly firstApply: readonly string[];

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
    const exec = {
      apiVersion: "client.authentication.k8s.io/v1beta1",
      command: cluster.deployerCredential.command,
      args: [...(cluster.deployerCredential.args ?? [])],
    };
    new KubernetesProvider(this, "kubernetes", { host: cluster.apiEndpoint, clusterCaCertificate: caCertificate, exec: [exec] });
    // Helm installs the well-known components from the region's OCI registry, with the same endpoint and identity.
    new HelmProvider(this, "helm", { kubernetes: { host: cluster.apiEndpoint, clusterCaCertificate: caCertificate, exec } });
    useRegionState(this, config, "platform", props.localState ?? false);
    const masterKey = foundation.foundation.keys?.secretRef("pseudonymisation");
    if (masterKey === undefined) throw new Error(`${name}: the platform needs Barbican for the pseudonymisation key`);
    this.platform = new RegionalEdsPlatform(this, "Eds", {
      regionId: config.id,
      cluster,
      domain: platform.domain,
      identity: platform.identity,
      apis: config.provider.apiEndpoints,
      openstackRegion: config.provider.region,
      s3Endpoint: config.provider.objectStorage.s3Endpoint,
      subnets: { dmz: { id: foundation.foundation.network.subnetId("dmz"), cidr: config.network.subnets.dmz }, nodes: config.network.subnets.nodes },
      mirrorCidrs: config.network.mirrors.map((mirror) => mirror.cidr),
      chartRepository: platform.charts,
      images: platform.images,
      masterKeyRef: masterKey,
      pseudonymisation: platform.pseudonymisation,
      airlock: platform.airlock,
      logStore: platform.logStore,
      logRetentionDays: config.logging.retentionDays,
      dataTier: platform.dataTier,
      backups: config.storage.backups,
      projects: props.projects.map((project) => ({ ...project, resources: project.resources })),
    });
    const namespaces = this.platform.node
      .findAll()
      .filter((construct): construct is NamespaceV1 => construct instanceof NamespaceV1)
      .map((namespace) => `-target='${NamespaceV1.tfResourceType}.${namespace.friendlyUniqueId}'`);
    this.firstApply = [
      ...cluster.firstApplySteps,
      ...(cluster.firstApplySteps.length > 0 ? [""] : []),
      "The Secrets below go into namespaces this stack creates: apply them alone first, create the Secrets, then apply",
      "the whole stack.",
      "",
      "```sh",
      `tofu apply ${namespaces.join(" ")}`,
      "```",
    ];
  }
}
