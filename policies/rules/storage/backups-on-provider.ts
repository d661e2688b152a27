import { hostOf } from "../../../lib/hosts";
import { cite, configurationPolicy, notKnownOf, type Violation } from "../../engine/policy";
import type { PolicySettings } from "../../settings";
import { type BackupDestination, backupDestinations } from "../../lib/backup-destinations";
import { literalString, writtenNotKnown } from "../../lib/values";

/** Why the object storage a destination writes to is not the qualified provider's, reached over verified TLS. */
function storeViolations({ what, store, path }: BackupDestination, settings: PolicySettings): Omit<Violation, "address">[] {
  switch (store.kind) {
    case "unknown":
      return [{ message: `${what}: ${store.reason}`, path, outcome: "cannot-evaluate", ...notKnownOf(store.notKnown) }];
    case "not read":
      return [{ message: `${what} ${store.reason}`, path, outcome: "cannot-evaluate" }];
    case "other cloud":
      return [{ message: `${what} sends the backups to ${store.service}, another cloud's storage, not the qualified provider's`, path }];
    case "swift":
      return swiftViolations(what, store.region, store.regionPath, settings.qualifiedRegions);
    case "s3":
      return s3Violations(what, store.endpoint, store.endpointPath, settings.objectStorageHosts);
  }
}

function swiftViolations(what: string, region: unknown, path: string, qualifiedRegions: readonly string[]): Omit<Violation, "address">[] {
  if (region === undefined)
    return [
      {
        message: `${what} writes to the Swift of its credential's cloud, in the region its credential names, which this configuration does not show`,
        path,
        outcome: "cannot-evaluate",
      },
    ];
  const written = literalString(region);
  if (written === undefined)
    return [{ message: `${what}: its region is known only at apply`, path, outcome: "cannot-evaluate", ...notKnownOf(writtenNotKnown(region)) }];
  if (qualifiedRegions.length === 0)
    return [
      {
        message: `${what} writes to Swift in region ${written}, and no qualified region is declared in the settings to judge it by`,
        path,
        outcome: "cannot-evaluate",
      },
    ];
  return qualifiedRegions.includes(written)
    ? []
    : [{ message: `${what} writes to Swift in region ${written}, not among the qualified regions ${qualifiedRegions.join(", ")}`, path }];
}

function s3Violations(what: string, endpoint: unknown, path: string, hosts: readonly string[]): Omit<Violation, "address">[] {
  if (endpoint === undefined || endpoint === "")
    return [{ message: `${what} names no S3 endpoint: the backups go to Amazon S3, outside the qualified provider`, path }];
  const written = literalString(endpoint);
  if (written === undefined)
    return [{ message: `${what}: its S3 endpoint is known only at apply`, path, outcome: "cannot-evaluate", ...notKnownOf(writtenNotKnown(endpoint)) }];
  const host = hostOf(written);
  const found: Omit<Violation, "address">[] = /^http:\/\//i.test(written)
    ? [{ message: `${what} sends the backups to ${written} over plain HTTP, readable and alterable on the way`, path }]
    : [];
  if (hosts.length === 0)
    return [
      ...found,
      {
        message: `${what} sends the backups to ${host ?? written}, and no object storage host of the qualified provider is declared in the settings (objectStorageHosts) to judge it by`,
        path,
        outcome: "cannot-evaluate",
      },
    ];
  if (host === undefined || !hosts.includes(host))
    found.push({ message: `${what} sends the backups to ${host ?? written}, not to the qualified provider's object storage (${hosts.join(", ")})`, path });
  return found;
}

export default configurationPolicy(
  {
    id: "backups-on-provider",
    title: "Backups go to the qualified provider's object storage, over verified TLS",
    description:
      "Flags each place backups are sent that is not the qualified provider's object storage: a Velero backup storage location (written by its chart, installed by a helm_release or a GitOps controller, or as an object) with Velero's AWS plugin whose s3Url is none (Amazon S3) or not one of the provider's object storage hosts, with the Azure or GCP plugin, or with the OpenStack plugin in a region outside the qualified ones; a CloudNativePG cluster's barmanObjectStore or a Barman Cloud plugin ObjectStore with Azure or Google credentials, or whose endpointURL is none (Amazon S3) or not one of those hosts; a pgBackRest repository of a Crunchy or Percona PostgreSQL cluster on Azure or Google Cloud Storage, or whose s3.endpoint (or the <repo>-storage-host of its options, the files it projects included) is not one of those hosts; the WAL archive of a Zalando postgresql cluster (Spilo's S3 bucket at AWS_ENDPOINT or WALE_S3_ENDPOINT, Amazon S3 without either; a Google or Azure one) and its logical backups (the provider and S3 endpoint the operator's configuration gives the job, or its logical_backup_cronjob_environment_secret over them); a backup storage of a Percona MySQL or MongoDB cluster on Azure or Google Cloud Storage, or whose s3.endpointUrl is none or not one of those hosts; the etcd snapshots of a K3s or RKE2 server with an embedded etcd (set up by an instance's user data or Terraform's provisioners, or made by Cluster API's K3s or RKE2 control plane, whose serverConfig.etcd.backupConfig.s3 the RKE2 provider writes as etcd-s3) sent with etcd-s3 to etcd-s3-endpoint (Amazon S3 when unset) that is not one of those hosts, or to the store a Secret in the cluster names (etcd-s3-config-secret: not evaluable). An endpoint over plain HTTP (etcd-s3-insecure), or a location that skips TLS verification (Velero's insecureSkipTLSVerify, pgBackRest's <repo>-storage-verify-tls: n, Percona's verifyTLS: false or s3.insecureSkipTLSVerify, etcd-s3-skip-ssl-verify, which the RKE2 provider writes unless enforceSslVerify is set), is flagged too; such a setting known only at apply is not evaluable.",
    rationale:
      "Backups hold the same health data as the warehouse: they are subject to the same localisation rules as live data, on a qualified, certified host, and the link to them is encrypted.",
    remediation:
      "Point the backup location at the provider's object storage (the s3Url or endpointURL of one of objectStorageHosts, over https; Velero's OpenStack plugin in a qualified region), and keep TLS verification on, with the provider's CA given where needed (caCert, endpointCA).",
    severity: "high",
    references: [cite("secnumcloud-3.2", "12.5.d"), cite("hds-2", "EXI 28")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  (_configuration, { graph, settings }) =>
    backupDestinations(graph).flatMap((destination) => [
      ...storeViolations(destination, settings).map((violation) => ({ ...violation, address: destination.resource.address })),
      ...tlsViolations(destination),
    ]),
);

/** Whether a destination checks the store's TLS certificate: a setting that turns the check off, or one not known here. */
function tlsViolations({ what, unverifiedTls, resource }: BackupDestination): Violation[] {
  if (!unverifiedTls) return [];
  const { setting, path, notKnown } = unverifiedTls;
  return [
    notKnown === undefined
      ? {
          message: `${what} skips the verification of the store's TLS certificate (${setting}): anyone on the way may pose as the store`,
          path,
          address: resource.address,
        }
      : {
          message: `${what}: whether it checks the store's TLS certificate (${setting}) is known only at apply`,
          path,
          address: resource.address,
          outcome: "cannot-evaluate",
          ...notKnownOf(notKnown || undefined),
        },
  ];
}
