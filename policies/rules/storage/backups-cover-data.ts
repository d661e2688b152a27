import { cite, configurationPolicy, type Violation } from "../../engine/policy";
import { databaseBackups } from "../../lib/cloudnative-pg";
import { namespaceOf, withV1 } from "../../lib/kubernetes";
import type { Frequency } from "../../lib/schedules";
import { volumeClaims } from "../../lib/storage-classes";
import { veleroSchedules } from "../../lib/velero";

const rank: Readonly<Record<Frequency, number>> = { hourly: 2, daily: 1, other: 0 };

export default configurationPolicy(
  {
    id: "backups-cover-data",
    title: "A backup job covers every data-bearing thing, at the declared frequency and retention",
    description:
      "Checks that the namespace of every PersistentVolumeClaim and StatefulSet claim template is in a Velero schedule (the chart's or a Schedule object, not paused, its namespaces and resources read as Velero reads them) that copies the volumes' data out of their storage backend (a Cinder backup or image, a file-system backup, a CSI snapshot moved to the backup location; not a Cinder snapshot), that every CloudNativePG cluster archives its WAL (its barmanObjectStore, or the plugin it marks as WAL archiver) and has a scheduled base backup to that archive, each as often as the declared schedule and kept as long as the declared retention, and that no standalone Cinder data volume exists without a job that backs it up.",
    rationale:
      "A backup that no job takes does not exist: a label or a plan on paper restores nothing. SecNumCloud asks for daily backups of what the operator is responsible for, and the health data must survive the loss of a volume or a site.",
    remediation:
      "Add the namespace to the Velero schedule (eds synth does for workspaces and ingestion), configure the cluster's backup (the Barman Cloud plugin or barmanObjectStore, and a ScheduledBackup by the same method), or back up the volume with a job.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "12.5.a"), cite("hds-2", "EXI 04", "secondary"), cite("anssi", "Hygiene 37")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  (configuration, { graph, settings }) => {
    const wanted = settings.backupSchedule ?? "daily";
    const retention = settings.backupRetentionDays ?? 0;
    const often = (frequency: Frequency) => rank[frequency] >= rank[wanted];
    const violations: Violation[] = [];
    const schedules = veleroSchedules(configuration.resources);
    // The claims that hold data until someone deletes them: claims, and those a StatefulSet makes from its templates
    // (an ephemeral volume goes with its pod; a database cluster's claims are the operator's to back up, below).
    const claimants = new Set(
      volumeClaims(configuration.resources)
        .filter(({ source }) => source === "claim" || source === "claim template")
        .map(({ from }) => from),
    );
    for (const claim of claimants) {
      const namespace = namespaceOf(claim, graph);
      if (namespace === undefined) {
        violations.push({ message: "the claim's namespace is not known before apply", address: claim.address, outcome: "cannot-evaluate" });
        continue;
      }
      const what = claim.type.includes("stateful_set") ? "the volume claims of this StatefulSet" : "this volume claim";
      const covering = schedules.filter((schedule) => schedule.covers(namespace));
      if (covering.length === 0) violations.push({ message: `no backup schedule covers the namespace ${namespace} of ${what}`, address: claim.address });
      else if (!covering.some((schedule) => often(schedule.frequency) && schedule.ttlHours >= retention * 24)) {
        violations.push({
          message: `the schedules covering ${namespace} run less often than ${wanted} or keep backups less than ${retention} days`,
          address: claim.address,
        });
      } else if (covering.every((schedule) => schedule.dataNotKept !== undefined)) {
        violations.push({ message: `the schedule covering ${namespace} does not keep its volumes' data: ${covering[0]!.dataNotKept}`, address: claim.address });
      }
    }
    for (const database of databaseBackups(configuration.resources)) {
      const { name, resource, archiver, retentionDays } = database;
      const address = resource.address;
      if (!archiver) violations.push({ message: `the database cluster ${name} archives no WAL and takes no base backup`, address });
      else if (retentionDays === undefined)
        violations.push({
          message: `the database cluster ${name} archives through a plugin whose object store is not in this configuration: how long it keeps backups is not known`,
          address,
          outcome: "cannot-evaluate",
        });
      else if (retentionDays < retention)
        violations.push({ message: `the database cluster ${name} keeps backups ${retentionDays} days, below the declared ${retention}`, address });
      if (archiver && !database.scheduled.some(often))
        violations.push({ message: `no scheduled base backup of the database cluster ${name} to its archive runs ${wanted} or more often`, address });
    }
    for (const volume of configuration.resources.filter((resource) => resource.type === "openstack_blockstorage_volume_v3" && resource.mode !== "data")) {
      const jobs = graph.referrers(volume, { type: withV1("kubernetes_cron_job") });
      if (jobs.length === 0) violations.push({ message: "no job backs this data volume up (a label on the volume is not a backup)", address: volume.address });
    }
    return violations;
  },
);
