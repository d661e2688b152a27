import { projectRelative } from "../lib/paths";
import { locatedSuppressions, type PolicySettings } from "../policies/settings";
import { registryAddress } from "../constructs/network/region-services";
import { platformNamespaces } from "../constructs/regional-eds/namespaces";
import type { LoadedEnvironment } from "./load";

/** The namespaces allowed to publish LoadBalancer or NodePort Services: the region's ingress only. */
export const exposedNamespaces = [platformNamespaces.ingress];

/** What the policies need to know of a region, taken from its environment file. */
export function settingsFromEnvironment(region: LoadedEnvironment, today: string): PolicySettings {
  const { config, source } = region;
  const { secNumCloud, hds } = config.provider.qualification;
  return {
    today,
    region: config.id,
    allowedRegistries: config.registry ? [registryAddress(config.registry)] : [],
    encryptedVolumeTypes: config.provider.encryptedVolumeTypes,
    adminCidrs: config.network.adminCidrs,
    qualifiedRegions: config.provider.qualifiedRegions,
    externalNetworks: [config.provider.externalNetwork],
    identityHosts: [new URL(config.provider.authUrl).hostname],
    objectStorageHosts: [new URL(config.provider.objectStorage.s3Endpoint).hostname],
    qualification: {
      secNumCloud: { reference: secNumCloud.reference, validUntil: secNumCloud.validUntil },
      hds: { certificate: hds.certificate, validUntil: hds.validUntil },
    },
    logRetentionDays: config.logging.retentionDays,
    backupSchedule: config.storage.backups.schedule,
    backupRetentionDays: config.storage.backups.retentionDays,
    // The foundation's templates are made for magnum-cluster-api (provider.services.magnum: cluster-api).
    magnumDriver: "magnum-cluster-api",
    exposedNamespaces,
    suppressions: locatedSuppressions(config.suppressions, source, ["suppressions"]),
    source: projectRelative(region.file),
  };
}
