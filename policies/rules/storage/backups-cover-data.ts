import type { ResourceGraph } from "../../engine/graph";
import type { TfResource } from "../../engine/model";
import { cite, configurationPolicy, notKnownOf, type Violation } from "../../engine/policy";
import { type DatabaseBackups, databaseBackups } from "../../lib/cloudnative-pg";
import { perconaBackups } from "../../lib/percona";
import { pgBackRestBackups } from "../../lib/pgbackrest";
import { namespaceNotKnown, namespaceOf, type PodSpecAt, podSpecs, withV1, workloadTypes } from "../../lib/kubernetes";
import { type Labels, literalLabels, matches } from "../../lib/label-selectors";
import { cronFrequency, type Frequency, namesTimeZone } from "../../lib/schedules";
import { systemDiskOf, volumeTypes } from "../../lib/openstack";
import { volumeClaims } from "../../lib/storage-classes";
import { type VeleroSchedule, type VolumeChoice, veleroBackups } from "../../lib/velero";
import { block, blocks, isUnknown, isUnknownValue, literalBool, literalString } from "../../lib/values";
import { zalandoBackups } from "../../lib/zalando-postgres";
import { addToGroup } from "../../../lib/groups";

const rank: Readonly<Record<Frequency, number>> = { hourly: 2, daily: 1, other: 0 };

/**
 * The labels by which a backup may take a claim: its own (a StatefulSet's claim templates'), and those of the pods that
 * mount it, since Velero takes the claims of every pod it backs up (pkg/backup/actions/pod_action.go). Undefined
 * entries are labels known only at apply.
 */
function labelsTaking(claim: TfResource, namespace: string, graph: ResourceGraph): (Labels | undefined)[] {
  const metadataLabels = (metadata: unknown) => literalLabels(block(metadata)?.labels);
  const own = isStatefulSet(claim) ? claimTemplates(claim).map((template) => metadataLabels(template.metadata)) : [metadataLabels(claim.values.metadata)];
  return [...own, ...mounting(claim, namespace, graph).map(({ pod }) => literalLabels(pod.metadata.value?.labels))];
}

/** A pod that mounts a claim, and the name of the volume it mounts it as. */
interface Mount {
  readonly pod: PodSpecAt;
  readonly volume: string | undefined;
}

const isStatefulSet = (claim: TfResource): boolean => claim.type.includes("stateful_set");
const claimTemplates = (statefulSet: TfResource) => blocks(block(statefulSet.values.spec)?.volume_claim_template);

/**
 * The pods that mount a claim: a StatefulSet's pods mount each claim template as the volume of its name; other pods, by
 * the claim's address when they reference it, by `namespace/name` when they name it.
 */
function mounting(claim: TfResource, namespace: string, graph: ResourceGraph): Mount[] {
  if (isStatefulSet(claim))
    return podSpecs(claim).flatMap((pod) => claimTemplates(claim).map((template) => ({ pod, volume: literalString(block(template.metadata)?.name) })));
  const name = literalString(block(claim.values.metadata)?.name);
  return [...(mountedBy(graph).get(claim.address) ?? []), ...(name === undefined ? [] : (mountedBy(graph).get(`${namespace}/${name}`) ?? []))];
}

/** The pods that mount each claim, found once per configuration (see mounting). */
const mountedBy = (graph: ResourceGraph): ReadonlyMap<string, Mount[]> =>
  graph.cached("backups-cover-data/mounted-by", () => {
    const found = new Map<string, Mount[]>();
    const add = (key: string, mount: Mount) => addToGroup(found, key, mount);
    for (const workload of graph.ofType(workloadTypes))
      for (const pod of podSpecs(workload))
        for (const volume of blocks(pod.spec.volume))
          for (const { claim_name } of blocks(volume.persistent_volume_claim)) {
            const mount = { pod, volume: literalString(volume.name) };
            for (const claim of graph.targetsOf(claim_name, workload)) add(claim.address, mount);
            const written = literalString(claim_name);
            if (written !== undefined) add(`${namespaceOf(workload, graph)}/${written}`, mount);
          }
    return found;
  });

/**
 * A pod annotation's list of volume names (`backup.velero.io/backup-volumes: data,logs`), split at each comma as Velero
 * splits it, spaces kept (pkg/util/podvolume/pod_volume.go, GetVolumesToBackup): `data, logs` names no volume `logs`.
 */
const annotatedVolumes = (pod: PodSpecAt, annotation: string): string[] =>
  (literalString((pod.metadata.value?.annotations as Record<string, unknown> | undefined)?.[annotation]) ?? "").split(",");

/**
 * What the pods that mount a claim say of its file-system backup: any pod that opts its volume in has it taken so, and
 * it is left out only when every pod opts it out (Velero takes a volume through each pod that mounts it).
 */
function volumeChoice(claim: TfResource, namespace: string, graph: ResourceGraph): VolumeChoice {
  const mounts = mounting(claim, namespace, graph);
  const named = (annotation: string) => mounts.map(({ pod, volume }) => volume !== undefined && annotatedVolumes(pod, annotation).includes(volume));
  return {
    optedIn: named("backup.velero.io/backup-volumes").some(Boolean),
    optedOut: mounts.length > 0 && named("backup.velero.io/backup-volumes-excludes").every(Boolean),
    mounted: mounts.length > 0,
  };
}

/** Whether a schedule's backups take a claim: every object, or one a selector selects by these labels; "unknown" when a selector or labels are known only at apply. */
function takes(schedule: VeleroSchedule, labels: readonly (Labels | undefined)[]): boolean | "unknown" {
  const { selectors } = schedule;
  if (selectors === undefined) return true;
  if (selectors !== "unknown" && labels.some((set) => set !== undefined && selectors.some((selector) => matches(selector, set)))) return true;
  return selectors === "unknown" || labels.includes(undefined) ? "unknown" : false;
}

/** What is wrong with a database cluster's backups: none, none as often as wanted, or none kept long enough. */
function clusterFinding(
  { name, resource: { address }, archiver, archives, lacks, suspended }: DatabaseBackups,
  often: (frequency: Frequency) => boolean,
  wanted: string,
  retention: number,
): Violation | undefined {
  const scheduled = archives.filter((archive) => archive.scheduled.some(often));
  const keptDays = scheduled.flatMap(({ retention }) => ("days" in retention ? [retention.days] : []));
  const unknownRetention = scheduled.flatMap(({ retention }) => ("unknown" in retention ? [retention.unknown] : []));
  if (!archiver) return { message: `the database cluster ${name} ${lacks ?? "archives no WAL and takes no base backup"}`, address };
  if (scheduled.length === 0)
    return {
      message: `no scheduled base backup of the database cluster ${name} to ${archives.length === 1 ? archives[0]!.what : "any of its archives"} runs ${wanted} or more often${suspended ? ` (the operator suspends them: ${suspended})` : ""}`,
      address,
    };
  // Kept long enough by one of the archives its scheduled backups go to; with no retention declared, any will do.
  if (retention > 0 && !keptDays.some((days) => days >= retention))
    return unknownRetention.length > 0
      ? { message: `how long the database cluster ${name} keeps its backups is not known: ${unknownRetention[0]}`, address, outcome: "cannot-evaluate" }
      : { message: `the database cluster ${name} keeps backups ${Math.max(...keptDays)} days, below the declared ${retention}`, address };
  return undefined;
}

/** Whether a volume's metadata names a backup (`backup = "daily"`): a label that no job reads. */
const saysBackup = (volume: TfResource): boolean =>
  Object.entries(block(volume.values.metadata) ?? {}).some(([key, value]) => /backup/i.test(key) || (typeof value === "string" && /backup/i.test(value)));

/** A thing whose volumes a Velero schedule must take: claims, a StatefulSet's claim templates, an operator's object. */
interface Claimant {
  readonly address: string;
  /** Undefined when it is known only at apply. */
  readonly namespace: string | undefined;
  /** In words, for a message: "this volume claim". */
  readonly what: string;
  /** The labels by which a schedule may take its claims (labelsTaking), or why they are not known here. */
  readonly labels: () => (Labels | undefined)[] | { readonly unknown: string };
  /** What the pods that mount its claims say of their file-system backup (volumeChoice). */
  readonly choice: () => VolumeChoice;
  /** Where its namespace, not known here, is written, and as what: for the engine to say what it waits on (Violation.notKnown). */
  readonly namespaceNotKnown?: Pick<Violation, "path" | "notKnown">;
}

/** Why the schedules do not keep a claimant's volumes: none covers its namespace or takes it, none often or long enough, or none keeps their data. */
function coverageViolations(
  { address, namespace, what, labels, choice, namespaceNotKnown }: Claimant,
  schedules: readonly VeleroSchedule[],
  undecided: (namespace: string) => string | undefined,
  wanted: string,
  retention: number,
  often: (frequency: Frequency) => boolean,
): Violation[] {
  if (namespace === undefined)
    return [{ message: "the claim's namespace is not known before apply", address, outcome: "cannot-evaluate", ...(namespaceNotKnown ?? {}) }];
  const violations: Violation[] = [];
  const ofNamespace = schedules.filter((schedule) => schedule.covers(namespace));
  // Labels matter only to a schedule that selects by them.
  const read = ofNamespace.some((schedule) => schedule.selectors !== undefined) ? labels() : [];
  const taking = Array.isArray(read) ? read : [undefined];
  const covering = ofNamespace.filter((schedule) => takes(schedule, taking) === true);
  if (covering.length === 0 && ofNamespace.some((schedule) => takes(schedule, taking) === "unknown"))
    violations.push({
      message: Array.isArray(read)
        ? `the schedules covering ${namespace} take objects by label, and their selectors, or the labels of ${what} or of its pods, are known only at apply`
        : `the schedules covering ${namespace} take objects by label, and ${read.unknown}`,
      address,
      outcome: "cannot-evaluate",
    });
  else if (covering.length === 0 && ofNamespace.length > 0)
    violations.push({
      message: `the schedules covering ${namespace} take only the objects their label selectors select (labelSelector, orLabelSelectors), and neither ${what} nor a pod that mounts it carries their labels`,
      address,
    });
  else if (covering.length === 0) violations.push({ message: `no backup schedule covers the namespace ${namespace} of ${what}`, address });
  else if (!covering.some((schedule) => often(schedule.frequency) && schedule.ttlHours >= retention * 24)) {
    violations.push({
      message: `the schedules covering ${namespace} run less often than ${wanted}${retention > 0 ? ` or keep backups less than ${retention} days` : ""}`,
      address,
    });
  } else {
    const chosen = choice();
    // A pod of another configuration may mount the claim, through which its file-system backup would take it.
    const elsewhere = !chosen.mounted && covering.some((schedule) => schedule.takesByFileSystemBackup(chosen));
    if (covering.every((schedule) => schedule.dataNotKept(chosen) !== undefined))
      violations.push({
        message: `the schedule covering ${namespace} does not keep its volumes' data: ${covering[0]!.dataNotKept(chosen)}${elsewhere ? `; its file-system backup takes ${what} only through a pod that mounts it, and no pod of this configuration does` : ""}`,
        address,
        ...(elsewhere ? { outcome: "cannot-evaluate" as const } : {}),
      });
  }
  // A schedule known only at apply may keep what the known ones do not.
  const unknown = undecided(namespace);
  return violations.map((violation) =>
    unknown !== undefined && violation.outcome === undefined
      ? { ...violation, message: `${violation.message}; what Velero takes is not known: ${unknown}`, outcome: "cannot-evaluate" }
      : violation,
  );
}

export default configurationPolicy(
  {
    id: "backups-cover-data",
    title: "A backup job covers every data-bearing thing, at the declared frequency and retention",
    description:
      "Checks that the namespace of every PersistentVolumeClaim, StatefulSet claim template and claim an operator makes for its objects (a MinIO tenant's pools, a Strimzi Kafka's or node pool's persistent storage) is in a Velero schedule (the chart's, installed by a helm_release or by a Flux HelmRelease, an Argo CD Application or a K3s HelmChart from the values each hands to Helm, or a Schedule object, not paused, its namespaces, resources and label selectors read as Velero reads them: a claim is taken when it or a pod that mounts it is selected) that copies the volumes' data out of their storage backend (a Cinder backup or image, a file-system backup, a CSI snapshot moved to the backup location; not a Cinder snapshot), that every CloudNativePG cluster (not a replica cluster, whose source's backups hold its data) archives its WAL (its barmanObjectStore, or the plugin it marks as WAL archiver) and has a scheduled base backup to that archive, every Crunchy or Percona PostgreSQL cluster has a pgBackRest repository with a scheduled backup (full, differential or incremental) and options pgBackRest accepts (read by their current and former names, the stanza's section first; an option set twice where it is read, by two names, with no value or out of its range stops every backup), every Zalando postgresql cluster archives its WAL with Spilo (a WAL bucket or prefix in its environment: its spec.env, the operator's pod environment Secret and ConfigMap, the operator's wal_s3_bucket or wal_gs_bucket) and takes base backups on BACKUP_SCHEDULE kept BACKUP_NUM_TO_RETAIN days, or has logical backups (enableLogicalBackup), and every Percona MySQL (XtraDB, Server) or MongoDB cluster has backups enabled with a scheduled backup to a storage it declares, each as often as the declared schedule and kept as long as the declared retention (pgBackRest's retention-full in days; for Percona's, the last backups a schedule keeps, by how often it runs), and that no standalone Cinder data volume (not the system disk an instance boots from, made from an image) exists without a job that names it, not suspended, running as often as declared.",
    rationale:
      "A backup that no job takes does not exist: a label or a plan on paper restores nothing. SecNumCloud asks for daily backups of what the operator is responsible for, and the health data must survive the loss of a volume or a site.",
    remediation:
      "Add the namespace to the Velero schedule (eds synth does for workspaces and ingestion), configure the cluster's backup (the Barman Cloud plugin or barmanObjectStore, and a ScheduledBackup by the same method; a pgBackRest repository with schedules and a retention in days), or back up the volume with a job.",
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
    const { schedules, undecided } = veleroBackups(graph);
    // The claims that hold data until someone deletes them: claims, those a StatefulSet makes from its templates, and
    // those an operator makes for an object store's or a message broker's objects (an ephemeral volume goes with its pod;
    // a database cluster's claims are the operator's to back up, below).
    const claimants: Claimant[] = [];
    const seen = new Set<string>();
    for (const { source, from, what, namespace } of volumeClaims(graph)) {
      if (source === "operator object")
        claimants.push({
          address: from.address,
          namespace: literalString(namespace),
          what: `the volume claims the operator makes for the ${what}`,
          // The operator labels its claims and makes the pods that mount them: neither is written here.
          labels: () => ({ unknown: `the operator sets the labels of ${what}'s claims and pods, which are not written here` }),
          choice: () => ({ optedIn: false, optedOut: false, mounted: false }),
        });
      else if ((source === "claim" || source === "claim template") && !seen.has(from.address)) {
        seen.add(from.address);
        const namespace = namespaceOf(from, graph);
        claimants.push({
          address: from.address,
          namespace,
          what: isStatefulSet(from) ? "the volume claims of this StatefulSet" : "this volume claim",
          labels: () => labelsTaking(from, namespace!, graph),
          choice: () => volumeChoice(from, namespace!, graph),
          ...(namespace === undefined
            ? {
                namespaceNotKnown: {
                  path: isUnknown(from.values.metadata) ? "metadata" : "metadata[0].namespace",
                  ...notKnownOf(namespaceNotKnown(from, graph)),
                },
              }
            : {}),
        });
      }
    }
    for (const claimant of claimants) violations.push(...coverageViolations(claimant, schedules, undecided, wanted, retention, often));
    for (const cluster of [...databaseBackups(graph), ...pgBackRestBackups(graph), ...perconaBackups(graph), ...zalandoBackups(graph)]) {
      const found = clusterFinding(cluster, often, wanted, retention);
      // What is known only at apply may be what the finding lacks.
      if (found && cluster.undecided)
        violations.push({
          message: `how the database cluster ${cluster.name} backs up is not known: ${cluster.undecided}`,
          address: found.address,
          outcome: "cannot-evaluate",
        });
      else if (found) violations.push(found);
    }
    const dataVolumes = configuration.resources.filter(
      (resource) => volumeTypes.includes(resource.type) && resource.mode !== "data" && !systemDiskOf(resource, graph),
    );
    for (const volume of dataVolumes) {
      const jobs = graph.referrers(volume, { type: withV1("kubernetes_cron_job") });
      // A job that is suspended runs nothing (CronJobSpec.suspend); one that runs less often than declared misses backups.
      const specs = jobs.flatMap((job) => blocks(job.values.spec));
      // The API server refuses a CronJob whose schedule names a time zone (CRON_TZ= or TZ=: its own timeZone field says it).
      const oftenEnough = (spec: Record<string, unknown>) => {
        const schedule = String(spec.schedule ?? "");
        return !namesTimeZone(schedule) && often(cronFrequency(schedule));
      };
      const running = specs.filter((spec) => !isUnknownValue(spec.suspend) && literalBool(spec.suspend) !== true && oftenEnough(spec));
      // A job whose schedule is known only at apply, or that runs often enough unless suspended at apply.
      const undecided = specs.some((spec) => isUnknownValue(spec.schedule) || (isUnknownValue(spec.suspend) && oftenEnough(spec)));
      if (jobs.length === 0)
        violations.push({
          message: `no job backs this volume up${saysBackup(volume) ? " (its metadata names a backup, which is not one)" : ""}`,
          address: volume.address,
        });
      else if (running.length === 0 && undecided)
        violations.push({
          message: "whether the jobs that name this data volume run, and how often, is known only at apply",
          address: volume.address,
          outcome: "cannot-evaluate",
        });
      else if (running.length === 0)
        violations.push({
          message: `the jobs that name this data volume (${jobs.map((job) => job.address).join(", ")}) are suspended or run less often than ${wanted}`,
          address: volume.address,
        });
    }
    return violations;
  },
);
