import { publicViewOf } from "../config/public-fields";
import { published } from "../transparency/published";
import { buildSite } from "../transparency/site";
import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { OpenstackProvider } from "../.gen/providers/openstack/provider/index";
import { RegionalEdsFoundation } from "../constructs/regional-eds/regional-eds-foundation";
import { platformContainers } from "../constructs/regional-eds/regional-eds-platform";
import { subnetRoles } from "../constructs/network/isolated-network";
import type { PlatformConfig, RegionConfig } from "../config/resolve";
import type { OidcSettings } from "../constructs/kubernetes/cluster";
import { useRegionState } from "./region-state";

export interface FoundationStackProps {
  readonly config: RegionConfig;
  /** Keep the state in a local file instead of the provider's object storage (for trying things out). */
  readonly localState?: boolean;
  /** Day of synthesis, YYYY-MM-DD: the transparency site tells how each project stands that day. */
  readonly today: string;
}

/** The API server's OIDC settings, from the region's identity provider. */
export const oidcOf = (platform: PlatformConfig): OidcSettings => ({
  issuerUrl: platform.identity.oidcIssuer,
  clientId: platform.identity.clientId,
  groupsPrefix: platform.identity.groupsPrefix,
  deployersGroup: platform.identity.deployersGroup,
});

/**
 * The containers of the environment, plus those the platform relies on (airlock staging, release, opt-out list); the
 * backup container is the storage construct's own.
 */
function containersOf(config: RegionConfig): { name: string; versioning: boolean }[] {
  const declared = config.storage.containers;
  const needed = config.platform
    ? [platformContainers.airlockStaging, platformContainers.release, config.platform.pseudonymisation.optOutList.container].filter(
        (name) => !declared.some((c) => c.name === name),
      )
    : [];
  return [...declared, ...needed.map((name) => ({ name, versioning: true }))];
}

export const foundationStackName = (regionId: string): string => `${regionId}-foundation`;

/** `<region>-foundation`: everything on OpenStack. Credentials come from the environment (OS_CLOUD or OS_*) at deploy time. */
export class FoundationStack extends TerraformStack {
  readonly foundation: RegionalEdsFoundation;

  constructor(scope: Construct, props: FoundationStackProps) {
    const { config } = props;
    const name = foundationStackName(config.id);
    super(scope, name);
    new OpenstackProvider(this, "openstack", { authUrl: config.provider.authUrl, region: config.provider.region });
    useRegionState(this, config, "foundation", props.localState ?? false);

    this.foundation = new RegionalEdsFoundation(this, "Eds", {
      regionId: config.id,
      externalNetwork: config.provider.externalNetwork,
      subnets: config.network.subnets,
      adminCidrs: config.network.adminCidrs,
      services: config.services,
      encryptedVolumeTypes: config.provider.encryptedVolumeTypes,
      barbican: config.provider.services.barbican,
      firewall: config.provider.services.fwaas,
      bastion: config.bastion,
      kubernetes: {
        engine: config.kubernetes.engine,
        image: config.provider.images.kubernetes,
        imageOsDistro: config.provider.images.kubernetesOsDistro,
        version: config.kubernetes.version,
        rke2Revision: config.kubernetes.rke2Revision,
        controlPlaneCount: config.kubernetes.controlPlane.count,
        controlPlaneFlavor: config.kubernetes.controlPlane.flavor,
        nodeGroups: config.kubernetes.nodeGroups,
        nodeVolumeSizeGiB: config.kubernetes.nodeVolumeSizeGiB,
        ...(config.platform ? { oidc: oidcOf(config.platform) } : {}),
      },
      storage: {
        containers: containersOf(config),
        backupSchedule: config.storage.backups.schedule,
        backupRetentionDays: config.storage.backups.retentionDays,
      },
      ...(config.transparency ? { publicSite: buildSite(published([publicViewOf(config)], props.today)) } : {}),
    });
    this.addOutputs();
  }

  /** What the platform stack reads from this stack's state. */
  private addOutputs(): void {
    const { network, kubernetes, bastion } = this.foundation;
    new TerraformOutput(this, "network_id", { value: network.networkId, description: "Private network of the region" });
    for (const role of subnetRoles) {
      new TerraformOutput(this, `subnet_${role}_id`, { value: network.subnetId(role), description: `${role} subnet` });
    }
    new TerraformOutput(this, "kubernetes_api_endpoint", { value: kubernetes.apiEndpoint, description: "Private Kubernetes API endpoint" });
    new TerraformOutput(this, "bastion_address", { value: bastion.floatingIp.address, description: "Public address of the bastion" });
  }
}
