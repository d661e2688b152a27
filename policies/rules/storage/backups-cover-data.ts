import { cite, configurationPolicy, type Violation } from "../../engine/policy";
import type { TfResource } from "../../engine/model";
import { cronFrequency, helmReleaseType, helmValues, rawManifests } from "../../lib/helm";
import { namespaceOf, withV1 } from "../../lib/kubernetes";
import { list } from "../../lib/values";

const claimTypes = withV1("kubernetes_persistent_volume_claim");
const rank = { hourly: 2, daily: 1, other: 0 } as const;

/** The providers of the OpenStack plugin's Cinder volume snapshotter (velero-plugin-for-openstack, main.go). */
const cinderProviders = ["community.openstack.org/openstack", "community.openstack.org/openstack-cinder"];

/**
 * Why a schedule's copy of the volumes' data would not outlive them, or undefined when it would. The OpenStack plugin's
 * default method, a Cinder snapshot (and a clone alike), stays in the volumes' own storage backend and depends on them
 * (the plugin's README, "Backup Methods" and its durability notes); a Cinder backup or a Glance image does not, nor does
 * a file-system backup or a CSI snapshot moved to the backup location.
 */
function dataNotKept(template: Record<string, any>, values: Record<string, any>): string | undefined {
  if (template.defaultVolumesToFsBackup === true)
    return values.deployNodeAgent === true ? undefined : "it asks for file-system backups, and no node agent is deployed to take them (deployNodeAgent)";
  if (template.snapshotMoveData === true) return undefined;
  if (template.snapshotVolumes === false) return "it copies no volume data (snapshotVolumes is false, no file-system backup): only the manifests";
  const locations = list(values.configuration?.volumeSnapshotLocation) as Record<string, any>[];
  const named = list(template.volumeSnapshotLocations).map(String);
  const used = named.length > 0 ? locations.filter((location) => named.includes(String(location?.name))) : locations;
  if (used.length === 0) return "no volume snapshot location is configured: it copies no volume data, only the manifests";
  const sameBackend = used.find(
    (location) => cinderProviders.includes(String(location?.provider)) && !["backup", "image"].includes(String(location?.config?.method ?? "snapshot")),
  );
  return sameBackend
    ? `its volume snapshot location ${String(sameBackend.name)} takes Cinder ${String(sameBackend.config?.method ?? "snapshot")}s, which stay in the volumes' own storage backend and are lost with it (method backup or image copies them out)`
    : undefined;
}

/** The Velero schedules of a configuration: namespaces covered, frequency, retention in hours, and whether the data outlives the volumes. */
function veleroSchedules(resources: readonly TfResource[]) {
  return resources
    .filter((resource) => resource.type === helmReleaseType && resource.values.chart === "velero")
    .flatMap((release) => {
      const values = (helmValues(release) ?? {}) as Record<string, any>;
      return Object.values((values.schedules ?? {}) as Record<string, any>).map((schedule) => ({
        namespaces: list(schedule?.template?.includedNamespaces).map(String),
        frequency: cronFrequency(String(schedule?.schedule ?? "")),
        ttlHours: Number(/^(\d+)h$/.exec(String(schedule?.template?.ttl ?? ""))?.[1] ?? 0),
        disabled: schedule?.disabled === true,
        dataNotKept: dataNotKept(schedule?.template ?? {}, values),
      }));
    });
}

export default configurationPolicy(
  {
    id: "backups-cover-data",
    title: "A backup job covers every data-bearing thing, at the declared frequency and retention",
    description:
      "Checks that every PersistentVolumeClaim's namespace is in a Velero schedule that copies the volumes' data out of their storage backend (a Cinder backup or image, a file-system backup, a CSI snapshot moved to the backup location; not a Cinder snapshot), that every CloudNativePG cluster archives its WAL and has a scheduled base backup, each as often as the declared schedule and kept as long as the declared retention, and that no standalone Cinder data volume exists without a job that backs it up.",
    rationale:
      "A backup that no job takes does not exist: a label or a plan on paper restores nothing. SecNumCloud asks for daily backups of what the operator is responsible for, and the health data must survive the loss of a volume or a site.",
    remediation:
      "Add the namespace to the Velero schedule (eds synth does for workspaces and ingestion), configure the cluster's backup (barmanObjectStore and a ScheduledBackup), or back up the volume with a job.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "12.5.a"), cite("hds-2", "EXI 04", "secondary"), cite("anssi", "Hygiene 37")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  (configuration, { graph, settings }) => {
    const wanted = settings.backupSchedule ?? "daily";
    const retention = settings.backupRetentionDays ?? 0;
    const often = (frequency: "hourly" | "daily" | "other") => rank[frequency] >= rank[wanted];
    const violations: Violation[] = [];
    const schedules = veleroSchedules(configuration.resources).filter((schedule) => !schedule.disabled);
    for (const claim of configuration.resources.filter((resource) => claimTypes.includes(resource.type))) {
      const namespace = namespaceOf(claim, graph);
      if (namespace === undefined) {
        violations.push({ message: "the claim's namespace is not known before apply", address: claim.address, outcome: "cannot-evaluate" });
        continue;
      }
      const covering = schedules.filter((schedule) => schedule.namespaces.includes(namespace) || schedule.namespaces.includes("*"));
      if (covering.length === 0)
        violations.push({ message: `no backup schedule covers the namespace ${namespace} of this volume claim`, address: claim.address });
      else if (!covering.some((schedule) => often(schedule.frequency) && schedule.ttlHours >= retention * 24)) {
        violations.push({
          message: `the schedules covering ${namespace} run less often than ${wanted} or keep backups less than ${retention} days`,
          address: claim.address,
        });
      } else if (covering.every((schedule) => schedule.dataNotKept !== undefined)) {
        violations.push({ message: `the schedule covering ${namespace} does not keep its volumes' data: ${covering[0]!.dataNotKept}`, address: claim.address });
      }
    }
    const manifests = configuration.resources.flatMap((resource) => rawManifests(resource).map((manifest) => ({ manifest, address: resource.address })));
    for (const { manifest, address } of manifests.filter(
      ({ manifest }) => manifest.kind === "Cluster" && String(manifest.apiVersion).startsWith("postgresql.cnpg.io/"),
    )) {
      const name = `${manifest.metadata?.namespace}/${manifest.metadata?.name}`;
      const backup = manifest.spec?.backup;
      const days = Number(/^(\d+)d$/.exec(String(backup?.retentionPolicy ?? ""))?.[1] ?? 0);
      if (!backup?.barmanObjectStore) violations.push({ message: `the database cluster ${name} archives no WAL and takes no base backup`, address });
      else if (days < retention)
        violations.push({ message: `the database cluster ${name} keeps backups ${days} days, below the declared ${retention}`, address });
      const scheduled = manifests.filter(
        ({ manifest: other }) =>
          other.kind === "ScheduledBackup" &&
          other.spec?.cluster?.name === manifest.metadata?.name &&
          other.metadata?.namespace === manifest.metadata?.namespace,
      );
      if (!scheduled.some(({ manifest: other }) => often(cronFrequency(String(other.spec?.schedule ?? ""))))) {
        violations.push({ message: `no scheduled base backup of the database cluster ${name} runs ${wanted} or more often`, address });
      }
    }
    for (const volume of configuration.resources.filter((resource) => resource.type === "openstack_blockstorage_volume_v3")) {
      const jobs = graph.referrers(volume, { type: withV1("kubernetes_cron_job") });
      if (jobs.length === 0) violations.push({ message: "no job backs this data volume up (a label on the volume is not a backup)", address: volume.address });
    }
    return violations;
  },
);
