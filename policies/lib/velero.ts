import { allowsVersion } from "../../lib/version-constraint";
import { escapedForRegExp } from "../../lib/regexp";
import type { ResourceGraph } from "../engine/graph";
import type { TfResource } from "../engine/model";
import { appliedManifests, helmReleaseType, helmValues, isKind } from "./helm";
import { withV1 } from "./kubernetes";
import { cronFrequency, type Frequency, goDurationHours } from "./schedules";
import { parseKubernetesYaml } from "./go-yaml";
import { apiSelectorOf, type Selector } from "./label-selectors";
import { gitOpsReleases } from "./gitops-charts";
import { block, fieldAt, firstUnknown, isMap, isUnknown, list, literalString, type LooseObject, type Setting } from "./values";

/** A Velero backup schedule, written in the chart's `schedules` value or as a Schedule object. */
export interface VeleroSchedule {
  readonly resource: TfResource;
  readonly name: string;
  readonly frequency: Frequency;
  /** How long its backups are kept: the template's ttl, or the server's default when it has none. */
  readonly ttlHours: number;
  /** Whether it takes the volume claims of the namespace. */
  covers(namespace: string): boolean;
  /**
   * The label selectors of its template (labelSelector, or orLabelSelectors: any of them), by which its backups take only
   * the objects they select; undefined when they take every object, "unknown" when one is not a literal.
   */
  readonly selectors: readonly Selector[] | "unknown" | undefined;
  /**
   * Why its copy of a volume's data would not outlive the volume, or undefined when it would; for a volume its pods
   * opt into file-system backup, or out of it (VolumeChoice).
   */
  dataNotKept(volume?: VolumeChoice): string | undefined;
  /** Whether its backups would take a volume by file-system backup, a node agent deployed, through a pod that mounts it. */
  takesByFileSystemBackup(volume: VolumeChoice): boolean;
}

/**
 * What the pods that mount a volume say of its file-system backup (Velero's docs, file-system-backup): the volume is
 * named in `backup.velero.io/backup-volumes` (opted in, when the backup does not take every volume that way) or in
 * `backup.velero.io/backup-volumes-excludes` (opted out, when it does).
 */
export interface VolumeChoice {
  readonly optedIn: boolean;
  readonly optedOut: boolean;
  /**
   * Whether a pod of the configuration mounts it: Velero's file-system backup takes a volume through the pods it backs
   * up (pkg/podvolume, BackupPodVolumes), so a claim no pod mounts gets none.
   */
  readonly mounted: boolean;
}

interface SnapshotLocation {
  readonly name: string;
  readonly provider: unknown;
  readonly config: Record<string, unknown> | undefined;
}

/** The providers of the OpenStack plugin's Cinder volume snapshotter (velero-plugin-for-openstack, main.go). */
const cinderProviders = ["community.openstack.org/openstack", "community.openstack.org/openstack-cinder"];

/** The server's `--default-backup-ttl` when the chart does not set it (velero, pkg/cmd/server/config/config.go). */
const defaultTtlHours = 30 * 24;

/** The names under which Velero takes a volume claim and its volume (`kubectl api-resources` names and short names). */
const claimResources = ["persistentvolumeclaims", "pvc"];
const persistentVolumeResources = ["persistentvolumes", "pv"];
const volumeResources = [...claimResources, ...persistentVolumeResources];

/** A configuration's Velero schedules, and what of them is known only at apply. */
export interface VeleroBackups {
  /** The schedules whose settings are known before apply. */
  readonly schedules: readonly VeleroSchedule[];
  /**
   * Why what decides how a namespace's volumes are backed up is not known, so that a volume no known schedule keeps may
   * be kept (`helm_release.velero values.schedules is known only at apply`); undefined when all of it is known. A
   * schedule whose namespaces are known matters to those only.
   */
  undecided(namespace: string): string | undefined;
}

/** The fields of a schedule's template that decide what its backups take and keep (its label selectors are selectorsOf's). */
const templateFields = [
  "includedNamespaces",
  "excludedNamespaces",
  "includedResources",
  "excludedResources",
  "ttl",
  "snapshotVolumes",
  "snapshotMoveData",
  "defaultVolumesToFsBackup",
  "volumeSnapshotLocations",
  // The filters by scope (Velero 1.11+, pkg/apis/velero/v1/backup_types.go), which may leave the claims or volumes out.
  "includeClusterResources",
  "includedNamespaceScopedResources",
  "excludedNamespaceScopedResources",
  "includedClusterScopedResources",
  "excludedClusterScopedResources",
];

/** Where a schedule's spec (at `at`) leaves known only at apply when, how or what it backs up. */
const unknownScheduleSetting = (spec: unknown, at: string): string | undefined =>
  firstUnknown([
    [at, spec],
    ...["schedule", "paused", "disabled", "template"].map((field): Setting => [`${at}.${field}`, fieldAt(spec, field)]),
    ...templateFields.map((field): Setting => [`${at}.template.${field}`, fieldAt(spec, "template", field)]),
  ]);

/** Where a snapshot location (at `at`) leaves known only at apply which it is and whether its copies outlive the volume. */
const unknownLocationSetting = (location: unknown, at: string): Setting[] => [
  [at, location],
  [`${at}.name`, fieldAt(location, "name")],
  [`${at}.provider`, fieldAt(location, "provider")],
  [`${at}.config`, fieldAt(location, "config")],
  [`${at}.config.method`, fieldAt(location, "config", "method")],
];

/** Go's template truth (text/template, `if` and `not`): false, 0, nil, and an empty text, list or map are false. */
const goTruthy = (value: unknown): boolean =>
  !(
    value === undefined ||
    value === null ||
    value === false ||
    value === 0 ||
    value === "" ||
    (Array.isArray(value) && value.length === 0) ||
    (isMap(value) && Object.keys(value).length === 0)
  );

/**
 * Whether a switch of Velero's chart is on, as its templates test it (`{{- if .Values.backupsEnabled }}`): by Go's
 * template truth, the chart's default where the release does not write it, and off where it writes null, with which
 * Helm removes the key and its default (helm.sh, chart template guide, values files: "Deleting a default key").
 */
export const chartSwitch = (value: unknown, chartDefault: boolean): boolean => (value === undefined ? chartDefault : goTruthy(value));

/**
 * The Schedule the chart writes for an entry of its values' schedules (templates/schedule.yaml): none where `disabled`
 * is true to Go's templates (`{{ if not $schedule.disabled }}`: the text "false" is), and `paused` printed as written
 * where it is (`{{ if $schedule.paused }} paused: {{ $schedule.paused }}`), then read as YAML; a Schedule whose paused
 * is then no boolean the API server refuses, and it schedules nothing either.
 */
function chartSchedule(schedule: unknown): unknown {
  // An entry, or its switches, known only at apply leave the schedule undecided (unknownScheduleSetting).
  if (!isMap(schedule)) return schedule ?? {};
  const entry = schedule;
  if (isUnknown(entry.disabled) || isUnknown(entry.paused)) return entry;
  if (goTruthy(entry.disabled)) return undefined;
  if (!goTruthy(entry.paused)) return { ...entry, paused: undefined };
  let paused: unknown;
  try {
    paused = parseKubernetesYaml(`paused: ${String(entry.paused)}`);
  } catch {
    return undefined;
  }
  const rendered = isMap(paused) ? paused.paused : undefined;
  return typeof rendered === "boolean" ? { ...entry, paused: rendered } : undefined;
}

/** Velero's chart: its name, a repository's `repo/velero`, or a package's URL, with the package's version. */
const veleroChart = /(?:^|\/)velero(?:-([\d.]+)\.tgz)?$/;

const isVeleroChart = (chart: string): boolean => veleroChart.test(chart);

/**
 * The version of Velero's chart a release installs: its package's, for a package's path or URL, which Helm fetches as
 * it is, with no version looked up (helm, pkg/downloader/chart_downloader.go, ResolveChartVersion), else the one written.
 */
const veleroChartVersion = (chart: string, written: unknown): unknown => veleroChart.exec(chart)?.[1] ?? written;

/** A release of Velero's chart, with the namespace it installs into and the values it is given. */
export interface VeleroRelease {
  readonly resource: TfResource;
  /** Where the chart writes its objects (undefined when not a literal). */
  readonly namespace: string | undefined;
  /** The values, a set value known only at apply standing at its path as written; or what of them is not read here. */
  readonly values: Record<string, unknown> | { readonly unread: string };
  /** The chart's version or version constraint as written (undefined: Helm takes the newest). */
  readonly version: unknown;
}

/** A location Velero's chart writes from a release's values, and where in the values it is written. */
export interface ChartLocation {
  readonly location: Record<string, unknown>;
  readonly at: string;
}

/**
 * The locations of one kind Velero's chart writes from a release's values: each entry of the list the chart reads from
 * 4.0.0 (templates/backupstoragelocation.yaml and volumesnapshotlocation.yaml, which write nothing from a value of another
 * type), or the one map earlier versions read, whose provider is configuration.provider when it names none (3.2.0,
 * _helpers.tpl, velero.backupStorageLocation.provider); "unknown" for a map the release's version does not settle (a range,
 * a value known only at apply).
 */
export function chartLocations(
  values: Record<string, unknown>,
  kind: "backupStorageLocation" | "volumeSnapshotLocation",
  version: unknown,
): readonly ChartLocation[] | "unknown" {
  const written = fieldAt(values.configuration, kind);
  const at = `values.configuration.${kind}`;
  if (Array.isArray(written)) return written.map((location, i) => ({ location: isMap(location) ? location : {}, at: `${at}[${i}]` }));
  if (!isMap(written)) return [];
  // A version written as a number in HCL (3.2) is the text Terraform converts it to.
  const mapRead =
    version === undefined ? false : typeof version === "string" || typeof version === "number" ? allowsVersion("< 4.0.0", String(version)) : undefined;
  if (mapRead === undefined) return "unknown";
  return mapRead ? [{ location: { ...written, provider: written.provider ?? fieldAt(values.configuration, "provider") }, at }] : [];
}

/**
 * The releases of Velero's chart: helm_release resources, whose chart Helm takes, as `helm install` does, as a name in
 * the release's repository, a `repo/name`, an OCI reference, or a package's or an unpacked chart's path or URL (Helm's
 * docs, helm install: the chart argument), and those a GitOps controller installs.
 */
export function veleroReleases(graph: ResourceGraph): readonly VeleroRelease[] {
  return [
    ...graph.resources
      .filter((resource) => resource.mode !== "data" && resource.type === helmReleaseType && isVeleroChart(literalString(resource.values.chart) ?? ""))
      .map((resource) => ({
        resource,
        namespace: resource.values.namespace === undefined ? "default" : literalString(resource.values.namespace),
        values: helmValues(resource, { unknownsAsWritten: true }) ?? { unread: "values are known only at apply" },
        version: veleroChartVersion(literalString(resource.values.chart) ?? "", resource.values.version),
      })),
    ...gitOpsReleases(graph)
      .filter(({ chart }) => isVeleroChart(chart))
      .map(({ resource, installer, chart, namespace, values, version }) => ({
        resource,
        namespace,
        version: veleroChartVersion(chart, version),
        values: "unread" in values ? { unread: `installs Velero's chart through ${installer}, whose ${values.unread} are not read here` } : values,
      })),
  ];
}

/** Where the Velero values of a chart's release that decide its backups, beside its schedules, are known only at apply. */
function unknownSetting(values: Record<string, unknown>): string | undefined {
  const configuration = values.configuration;
  const locations = fieldAt(configuration, "volumeSnapshotLocation");
  return firstUnknown([
    ["values.snapshotsEnabled", values.snapshotsEnabled],
    ["values.deployNodeAgent", values.deployNodeAgent],
    ["values.configuration", configuration],
    ...["defaultVolumesToFsBackup", "defaultSnapshotMoveData", "defaultBackupTTL", "volumeSnapshotLocation"].map(
      (key): Setting => [`values.configuration.${key}`, fieldAt(configuration, key)],
    ),
    ...(Array.isArray(locations)
      ? locations.flatMap((location, i) => unknownLocationSetting(location, `values.configuration.volumeSnapshotLocation[${i}]`))
      : unknownLocationSetting(locations, "values.configuration.volumeSnapshotLocation")),
    ["values.schedules", values.schedules],
  ]);
}

/** Whether a template's backups take a namespace: its included namespaces (none: every one) less its excluded ones, as Velero's globs match them. */
function coverage(template: Record<string, unknown>): (namespace: string) => boolean {
  const included = list(template.includedNamespaces).map(String).map(veleroGlob);
  const excluded = list(template.excludedNamespaces).map(String).map(veleroGlob);
  const refused = [...included, ...excluded].includes(undefined);
  return (namespace) =>
    !refused && (included.length === 0 || included.some((pattern) => pattern!.test(namespace))) && !excluded.some((pattern) => pattern!.test(namespace));
}

/**
 * The schedules of a configuration, from the Velero chart's releases (its templates/schedule.yaml writes one Schedule per
 * entry not `disabled`) and from Schedule objects applied as manifests; paused schedules take nothing
 * (pkg/apis/velero/v1/schedule_types.go). A schedule or a release whose deciding settings are known only at apply is
 * left out, and named as undecided (a reference in a field that decides nothing, a bucket's name, is no matter).
 */
export function veleroBackups(graph: ResourceGraph): VeleroBackups {
  const resources = graph.resources;
  const unknownAt: { readonly reason: string; readonly covers?: (namespace: string) => boolean }[] = [];
  /** A release's values, where what decides its backups is known (else undecided for every namespace). */
  const knownValues = (resource: TfResource, values: Record<string, unknown>) => {
    const unknown = unknownSetting(values);
    if (unknown !== undefined) unknownAt.push({ reason: `${resource.address} ${unknown} is known only at apply` });
    return (unknown === undefined ? values : {}) as LooseObject;
  };
  const releases = veleroReleases(graph).map(({ resource, namespace, values, version }) => {
    if ("unread" in values) unknownAt.push({ reason: `${resource.address} ${values.unread}` });
    return { release: resource, values: "unread" in values ? {} : knownValues(resource, values), namespace, version };
  });
  const manifests = appliedManifests(graph);
  /** Whether the settings of an object read here are known, else it is undecided for every namespace. */
  const knownObject = (resource: TfResource, settings: readonly Setting[]) => {
    const unknown = firstUnknown(settings);
    if (unknown !== undefined) unknownAt.push({ reason: `${resource.address} ${unknown} is known only at apply` });
    return unknown === undefined;
  };
  const locations: SnapshotLocation[] = [
    // The chart writes its locations only with snapshotsEnabled (templates/volumesnapshotlocation.yaml), true by default.
    ...releases
      .filter(({ values }) => chartSwitch(values.snapshotsEnabled, true))
      .flatMap(({ release, values, version }) => {
        const written = chartLocations(values, "volumeSnapshotLocation", version);
        if (written !== "unknown") return written.map(({ location }) => location as LooseObject);
        unknownAt.push({
          reason: `${release.address} writes its volume snapshot location as one map, which only the chart's versions before 4.0.0 read, and its version ${String(version)} is not one version`,
        });
        return [];
      })
      .map((location) => ({ name: String(location.name ?? "default"), provider: location.provider, config: location.config })),
    ...manifests
      .filter(
        ({ manifest, resource }) =>
          isKind(manifest, "VolumeSnapshotLocation", "velero.io") &&
          knownObject(resource, [
            ["VolumeSnapshotLocation metadata", manifest.metadata],
            ["VolumeSnapshotLocation metadata.name", fieldAt(manifest.metadata, "name")],
            ...unknownLocationSetting(manifest.spec, "VolumeSnapshotLocation spec"),
          ]),
      )
      .map(({ manifest }) => ({ name: String(manifest.metadata?.name), provider: manifest.spec?.provider, config: manifest.spec?.config })),
  ];
  const nodeAgent =
    releases.some(({ values }) => chartSwitch(values.deployNodeAgent, false)) ||
    resources.some((resource) => daemonSetTypes.has(resource.type) && literalString(block(resource.values.metadata)?.name) === "node-agent") ||
    manifests.some(({ manifest }) => manifest.kind === "DaemonSet" && manifest.metadata?.name === "node-agent");
  // The server's defaults for a backup that does not say (backup_controller.go: an unset DefaultVolumesToFsBackup or
  // SnapshotMoveData takes them), set by the chart's --default-volumes-to-fs-backup and --default-snapshot-move-data.
  const serverDefaults = {
    fsBackup: releases.some(({ values }) => values.configuration?.defaultVolumesToFsBackup === true),
    moveData: releases.some(({ values }) => values.configuration?.defaultSnapshotMoveData === true),
  };
  // The server reads the Schedules of its own namespace only (pkg/cmd/server/server.go: its manager's cache watches
  // f.Namespace(), where it is installed): with the chart's releases in view, a Schedule elsewhere schedules nothing.
  // A release whose namespace is not a literal (another resource's name) could be anywhere: then every one counts.
  const serverNamespaces = releases.map(({ namespace }) => namespace);
  const watched = (namespace: unknown) => serverNamespaces.length === 0 || serverNamespaces.includes(undefined) || serverNamespaces.includes(String(namespace));
  const chartTtl = releases.map(({ values }) => values.configuration?.defaultBackupTTL).find((ttl) => ttl !== undefined);
  const ttlDefault = (chartTtl === undefined ? undefined : goDurationHours(String(chartTtl))) ?? defaultTtlHours;

  const written = [
    ...releases.flatMap(({ release, values }) =>
      Object.entries((values.schedules ?? {}) as LooseObject).flatMap(([name, schedule]) => {
        const spec = chartSchedule(schedule);
        return spec === undefined ? [] : [{ resource: release, name, spec: spec as typeof schedule }];
      }),
    ),
    ...manifests
      .filter(
        ({ manifest, resource }) =>
          isKind(manifest, "Schedule", "velero.io") &&
          knownObject(resource, [
            ["Schedule metadata", manifest.metadata],
            ["Schedule metadata.namespace", fieldAt(manifest.metadata, "namespace")],
          ]) &&
          watched(manifest.metadata?.namespace),
      )
      .map(({ manifest, resource }) => ({ resource, name: String(manifest.metadata?.name), spec: manifest.spec ?? {} })),
  ];
  const known = written.filter(({ resource, name, spec }) => {
    const unknown = unknownScheduleSetting(spec, `schedule ${name}`);
    if (unknown === undefined) return true;
    // A schedule whose included namespaces are known may keep the volumes of those alone (namespaces it excludes, known
    // only at apply, can only take some away).
    const template = fieldAt(spec, "template");
    const includedKnown = isMap(template) && firstUnknown([["includedNamespaces", template.includedNamespaces]]) === undefined;
    const excludedKnown = isMap(template) && firstUnknown([["excludedNamespaces", template.excludedNamespaces]]) === undefined;
    const scope = includedKnown ? { covers: coverage(excludedKnown ? template : { includedNamespaces: template.includedNamespaces }) } : {};
    unknownAt.push({ reason: `${resource.address} ${unknown} is known only at apply`, ...scope });
    return false;
  });
  const schedules = known
    .filter(({ spec }) => spec.paused !== true)
    .map(({ resource, name, spec }) => {
      const template = (spec.template ?? {}) as LooseObject;
      const ttl = goDurationHours(String(template.ttl ?? "0"));
      return {
        resource,
        name,
        frequency: cronFrequency(String(spec.schedule ?? "")),
        // A backup with no ttl, or 0, takes the server's default (pkg/controller/backup_controller.go).
        ttlHours: ttl === undefined ? 0 : ttl === 0 ? ttlDefault : ttl,
        // No included namespace means every namespace (BackupSpec.IncludedNamespaces); an excluded one is left out.
        covers: coverage(template),
        dataNotKept: (volume?: VolumeChoice) => dataNotKept(template, locations, nodeAgent, serverDefaults, volume),
        takesByFileSystemBackup: (volume: VolumeChoice) => nodeAgent && asksFileSystemBackup(template, serverDefaults, volume),
        selectors: selectorsOf(template),
      };
    });
  return { schedules, undecided: (namespace) => unknownAt.find(({ covers }) => covers === undefined || covers(namespace))?.reason };
}

const daemonSetTypes = new Set(withV1("kubernetes_daemon_set"));

/**
 * A namespace pattern as Velero matches it (pkg/util/collections/includes_excludes.go: gobwas/glob, no separators):
 * `*` any run of characters, `?` one, `[a-z]` a class. Undefined for a pattern Velero refuses
 * (pkg/util/wildcard/expand.go, ValidateNamespaceName: `|()!{},`, `**`, an empty or unclosed class): the backup then
 * fails validation and takes nothing.
 */
export function veleroGlob(pattern: string): RegExp | undefined {
  if (/[|()!{},]/.test(pattern) || pattern.includes("**")) return undefined;
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const character = pattern[i]!;
    if (character === "*") source += ".*";
    else if (character === "?") source += ".";
    else if (character === "[") {
      const end = pattern.indexOf("]", i + 1);
      if (end <= i + 1) return undefined;
      source += `[${pattern.slice(i + 1, end).replace(/[\\^]/g, "\\$&")}]`;
      i = end;
    } else source += escapedForRegExp(character);
  }
  return new RegExp(`^${source}$`);
}

/** A backup template's label selectors (BackupSpec.LabelSelector and OrLabelSelectors, pkg/apis/velero/v1/backup_types.go). */
function selectorsOf(template: Record<string, unknown>): VeleroSchedule["selectors"] {
  const written = [...(template.labelSelector ? [template.labelSelector] : []), ...list(template.orLabelSelectors)];
  if (written.length === 0) return undefined;
  const selectors = written.map(apiSelectorOf);
  return selectors.includes("unknown") ? "unknown" : (selectors as Selector[]);
}

/** Whether a backup made from the template takes a volume by file-system backup: every volume its pods do not opt out, or those they opt in. */
function asksFileSystemBackup(
  template: Record<string, unknown>,
  serverDefaults: { readonly fsBackup: boolean },
  volume: Pick<VolumeChoice, "optedIn" | "optedOut"> | undefined,
): boolean {
  const everyVolume = (template.defaultVolumesToFsBackup ?? serverDefaults.fsBackup) === true;
  return everyVolume ? volume?.optedOut !== true : volume?.optedIn === true;
}

/**
 * Why a backup made from the template would not copy the volumes' data out of their storage backend. The OpenStack
 * plugin's default method, a Cinder snapshot (and a clone alike), stays in the volumes' own backend and depends on them
 * (the plugin's README, "Backup Methods" and its durability notes); a Cinder backup or a Glance image does not, nor does
 * a file-system backup or a CSI snapshot moved to the backup location.
 */
function dataNotKept(
  template: LooseObject,
  locations: readonly SnapshotLocation[],
  nodeAgent: boolean,
  serverDefaults: { readonly fsBackup: boolean; readonly moveData: boolean },
  volume: VolumeChoice | undefined,
): string | undefined {
  // The claims are namespace-scoped: the older filters and the scoped ones of Velero 1.11+ (includedNamespaceScopedResources,
  // excludedNamespaceScopedResources, which the docs' resource filtering page says work alike for namespaced kinds)
  // take them or leave them out the same way.
  const names = (filter: unknown, resources: readonly string[]) => list(filter).some((resource) => resources.includes(String(resource)));
  const leftOut = (included: unknown, excluded: unknown) =>
    (list(included).length > 0 && !names(included, ["*", ...volumeResources])) || names(excluded, claimResources);
  const excludes = (excluded: unknown) => names(excluded, persistentVolumeResources);
  // A snapshot location takes a claim's volume when Velero backs up its PersistentVolume, cluster-scoped
  // (pkg/backup/item_backupper.go: takePVSnapshot on a persistentvolumes item; backupItemInternal skips every
  // cluster-scoped item when includeClusterResources is false). A file-system backup reads the pod's volume instead.
  const volumesLeftOut =
    template.includeClusterResources === false
      ? "includeClusterResources is false"
      : excludes(template.excludedResources)
        ? "excludedResources"
        : excludes(template.excludedClusterScopedResources)
          ? "excludedClusterScopedResources"
          : undefined;
  if (leftOut(template.includedResources, template.excludedResources))
    return "it leaves the volume claims out (includedResources, excludedResources): only other objects are backed up";
  if (leftOut(template.includedNamespaceScopedResources, template.excludedNamespaceScopedResources))
    return "it leaves the volume claims out (includedNamespaceScopedResources, excludedNamespaceScopedResources): only other objects are backed up";
  if (asksFileSystemBackup(template, serverDefaults, volume)) {
    if (!nodeAgent) return "it asks for file-system backups, and no node agent is deployed to take them (deployNodeAgent)";
    if (volume?.mounted !== false) return undefined;
  }
  if ((template.snapshotMoveData ?? serverDefaults.moveData) === true) return undefined;
  if (template.snapshotVolumes === false) return "it copies no volume data (snapshotVolumes is false, no file-system backup): only the manifests";
  if (volumesLeftOut !== undefined)
    return `it leaves the PersistentVolumes out (${volumesLeftOut}), through which a snapshot location takes a claim's volume, and takes no file-system backup: it copies no volume data, only the manifests`;
  const named = list(template.volumeSnapshotLocations).map(String);
  const used = named.length > 0 ? locations.filter((location) => named.includes(location.name)) : locations;
  if (used.length === 0) return "no volume snapshot location is configured: it copies no volume data, only the manifests";
  const sameBackend = used.find(
    (location) => cinderProviders.includes(String(location.provider)) && !["backup", "image"].includes(String(location.config?.method ?? "snapshot")),
  );
  return sameBackend
    ? `its volume snapshot location ${sameBackend.name} takes Cinder ${String(sameBackend.config?.method ?? "snapshot")}s, which stay in the volumes' own storage backend and are lost with it (method backup or image copies them out)`
    : undefined;
}
