import { ResourceGraph } from "./graph";
import { providerAddress, type TerraformBlockPlace, type TfConfiguration, type TfProviderBlock, type TfResource } from "./model";
import type { EdsPolicy, EnforcementLevel, PolicyContext, TerraformResourcePolicy, Violation } from "./policy";
import { argumentLine, blockOfAddress } from "../inputs/block-lines";
import { knownAtPlanNotComputed } from "../inputs/hcl-functions";
import { computedAtPlan } from "../inputs/data-sources";
import { originOf } from "./origins";
import { findSuppression } from "./suppressions";
import { rawChartObjectsKnownAtApply } from "../lib/helm";
import { classPatchSaid } from "../lib/cluster-class";
import { namespacesNotDeclared } from "../lib/kubernetes";
import { chartsNotRendered } from "../lib/gitops-charts";
import {
  dataSourceRead,
  dependsOn,
  dottedPath,
  interpolationsOf,
  isMap,
  isUnderPath,
  isUnknown,
  knownAfterApply,
  maybeAbsentOver,
  namesRead,
  pathSegments,
  readsAlone,
  readsInstanceKey,
  referencesRead,
  segmentsPath,
  shortened,
  waitingName,
} from "../lib/values";
import { hasUnknownValue, holdsWhicheverBlocksExist, recordingUnknownReads, type UnknownRead } from "./unknowns";
import { templateWorlds } from "../lib/template-worlds";
import type { PolicySettings, Suppression } from "../settings";
import { addToGroup } from "../../lib/groups";
import { printable } from "../../lib/printable";

export type OutcomeStatus = "compliant" | "violation" | "suppressed" | "cannot-evaluate" | "error";
export type ActiveLevel = Exclude<EnforcementLevel, "remediate" | "disabled">;

/** What one policy concluded about one resource (or configuration, or setting). */
export interface Outcome {
  readonly policyId: string;
  readonly level: ActiveLevel;
  readonly status: OutcomeStatus;
  readonly address: string;
  readonly stack: string;
  readonly file: string;
  /** Line of the resource's block in its file, when known. */
  readonly line?: number;
  readonly path?: string;
  readonly message?: string;
  readonly suppression?: Suppression;
}

export interface PolicyRun {
  readonly policies: readonly { readonly policy: EdsPolicy; readonly level: ActiveLevel }[];
  readonly outcomes: readonly Outcome[];
  /** The settings of the run (of its first part, for a merged run): the day of the check, the qualification shown. */
  readonly settings: PolicySettings;
  /** Every set of settings the run applied, one per region (or one for input checked with `--settings`). */
  readonly contexts: readonly PolicySettings[];
  readonly configurations: readonly {
    readonly stack: string;
    readonly files: readonly string[];
    readonly resourceCount: number;
    /** A module judged alone (TfConfiguration.moduleAlone): the policies on a root module's own blocks did not judge it. */
    readonly moduleAlone?: true;
    /** Namespaces its objects sit in that it does not declare: their labels and NetworkPolicies were not judged (namespacesNotDeclared). */
    readonly namespacesNotDeclared?: readonly string[];
    /** The charts it installs whose templates are not rendered here (chartsNotRendered): the objects they make were not judged. */
    readonly chartsNotRendered?: readonly string[];
    /** Folders of another tool's sources left to it (TfConfiguration.leftToTheirTools), with how to check what they render. */
    readonly leftToTheirTools?: readonly { readonly file: string; readonly message: string }[];
    /** Kubernetes objects whose manifest is known only at apply: their kind unknown, no Kubernetes policy judged them. */
    readonly objectsKnownAtApply?: readonly string[];
    /** Resources and module calls a count or for_each of nothing leaves out (TfConfiguration.leftOutByCount). */
    readonly leftOutByCount?: readonly string[];
    /** A root module's variables given no value (TfConfiguration.givenNoValue): what depends on them was not evaluable. */
    readonly variablesGivenNoValue?: readonly string[];
    /** The files its functions read that are not there (TfConfiguration.filesNotHere): what depends on them was not evaluable. */
    readonly filesNotHere?: readonly string[];
    /** The values whose evaluation fails here, each with why (TfConfiguration.evaluationFailures): what depends on them was not evaluable. */
    readonly evaluationFailures?: readonly string[];
  }[];
}

export interface RunOptions {
  readonly policies: readonly EdsPolicy[];
  /** Effective level per policy id; a policy absent here runs at its own default level. */
  readonly levels?: ReadonlyMap<string, EnforcementLevel>;
  readonly settings: PolicySettings;
  /** A mandatory policy that cannot evaluate a resource fails it (`eds check --strict`), instead of reporting it as not evaluable. */
  readonly strict?: boolean;
}

/**
 * A message with the field names of the path it is about as the file writes them (TfResource.written); an expression
 * it quotes (`${var.host_network}`) is the configuration's text, kept as it is.
 */
const asWritten = (message: string, names: ReadonlyMap<string, string> | undefined): string =>
  names?.size
    ? message.replace(/(\$\{[^}]*\})|\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g, (name, expression?: string) => expression ?? names.get(name) ?? name)
    : message;

/** The longest message a finding carries; a longer one quotes a value a policy wrote whole, cut here for every format. */
const longestMessage = 2_000;

/** A finding's message, shown whole up to its bound and with its control characters as escapes (printable). */
const bounded = (message: string): string =>
  printable(message.length <= longestMessage ? message : `${message.slice(0, longestMessage)}… (${message.length - longestMessage} more characters)`);

/**
 * A violation about a value inside one the policy read as known only at apply is not certain: a container's
 * security_context given by a variable, read as if it set nothing, may set what the policy asks. It is not evaluable,
 * and says what is unknown. A violation about the unknown value itself stands (an admin_pass given by a variable is
 * set, whatever it is), as does one about its parent (a hostPath volume whose path is unknown).
 */
function uncertainWithin(violation: Violation, where: Owner & Pick<TfResource, "written">, reads: readonly UnknownRead[], waiting?: Waiting): Violation {
  const { path } = violation;
  const { address } = where;
  if (violation.outcome !== undefined || path === undefined || (violation.address !== undefined && violation.address !== address)) return violation;
  const read = reads.find((unknown) => !unknown.blockMayBeAbsent && path !== unknown.path && isUnderPath(path, unknown.path));
  if (!read) return violation;
  const shown = where.written?.(read.path).path ?? read.path;
  const said = waitsSaid([read], where, waiting);
  const message = said
    ? `${violation.message}, unless ${shown}, not known here, says otherwise: it depends on ${dependsOn(read.expression)}, ${said}`
    : `${violation.message}, unless ${shown}, known only at apply, says otherwise: it depends on ${dependsOn(read.expression)}`;
  return { ...violation, outcome: "cannot-evaluate", message };
}

/**
 * Whether a resource policy concludes nothing from one world of a resource (holdsWhicheverBlocksExist), reading no value
 * not known there but blocks that may not exist; a policy that fails there does not hold.
 */
function concludesNothingIn(world: TfResource, policy: TerraformResourcePolicy, context: PolicyContext): boolean {
  const reads: UnknownRead[] = [];
  try {
    return policy.check(recordingUnknownReads(world, reads, context.graph), context).length === 0 && reads.every((read) => read.blockMayBeAbsent);
  } catch {
    return false;
  }
}

/**
 * What a policy that reports unknowns itself concludes of a resource whose text it could not judge (`found` holds a
 * not-evaluable finding) where that text is a template with conditionals known only at apply (templateWorlds): its
 * findings in every world they make, where it concludes in each, and the same; else what it found.
 */
function concludedInEveryWorld(resource: TfResource, found: Violation[], check: (world: TfResource) => Violation[]): Violation[] {
  if (!found.some((violation) => violation.outcome === "cannot-evaluate")) return found;
  const rendered = Object.entries(resource.values).flatMap(([key, value]) => {
    const texts = typeof value === "string" ? templateWorlds(value) : undefined;
    return texts ? [{ key, texts }] : [];
  });
  if (rendered.length !== 1) return found;
  const [{ key, texts }] = rendered as [{ key: string; texts: readonly string[] }];
  let agreed: { violations: Violation[]; said: string } | undefined;
  for (const text of texts) {
    let inWorld: Violation[];
    try {
      inWorld = check({ ...resource, values: { ...resource.values, [key]: text } });
    } catch {
      return found;
    }
    if (inWorld.some((violation) => violation.outcome === "cannot-evaluate")) return found;
    const said = JSON.stringify(inWorld);
    if (agreed && agreed.said !== said) return found;
    agreed = { violations: inWorld, said };
  }
  return agreed?.violations ?? found;
}

/** The unknown values read where a violation stands, with the one it says it is about, read from another resource (Violation.notKnown). */
const readsAbout = (violation: Violation, reads: readonly UnknownRead[] | undefined): readonly UnknownRead[] =>
  violation.notKnown !== undefined && violation.path !== undefined
    ? [...(reads ?? []), { path: violation.path, expression: violation.notKnown }]
    : (reads ?? []);

/** How a policy says a value is not known, which the engine replaces with when Terraform knows it. */
const notKnownSaid = /\b(?:not known before apply|known only at apply|not known here)\b/;

/**
 * A policy's own not-evaluable finding on a value that depends only on variables given no value (every unknown value
 * it read at, within or around the finding's path): Terraform knows it at plan once they are given, so the policy's
 * "known only at apply" (or "not known before apply") would mislead. It says "not known here", and names the variables
 * and what to do. A value it hands over (Violation.notKnown) that waits on something else is said as the engine says
 * one it judges: known only at apply, read from a data source, computed by a function this check does not compute.
 */
function notKnownForWantOfValues(violation: Violation, where: Owner, reads: readonly UnknownRead[], waiting?: Waiting): Violation {
  const { path } = violation;
  if (path === undefined || (violation.address ?? where.address) !== where.address) return violation;
  const related = reads.filter((read) => !read.blockMayBeAbsent && (isUnderPath(read.path, path) || isUnderPath(path, read.path)));
  const notHere = violation.message.replace(/\b(?:not known before apply|known only at apply)\b/g, "not known here");
  // What a dynamic block over a collection not known here makes: the block is all the policy read, or it read besides
  // only the element the block's iterator (of the block's name) takes from that collection.
  const made = madeFor(path, reads, related, where);
  const madeSaid = made && dynamicForEachSaid(made, where, waiting);
  const madeByDynamicBlock = (): Violation =>
    made && madeSaid
      ? { ...violation, message: `${notHere}: ${made.path} is made by a dynamic block whose for_each, ${shortened(made.expression)}, ${madeSaid}` }
      : violation;
  if (related.length === 0) return madeByDynamicBlock();
  const written = [...new Set(related.map((read) => read.expression))].join(" ");
  const said = waitsSaid(related, where, waiting);
  if (said === undefined) {
    const iterator = made && madeBlock.exec(made.path)?.[1];
    const readsTheElementOnly = referencesRead(written)?.every((reference) => reference.startsWith(`${iterator}.`));
    if (readsTheElementOnly) return madeByDynamicBlock();
    // The value a policy hands over, which it says only is not known (`user_data = openstack_networking_port_v2.a.id`):
    // why, and when Terraform knows it, as for a value the engine judges; not where it holds only what a plan leaves of
    // it, nor where it is known at apply and the message quotes it.
    if (violation.notKnown === undefined || violation.notKnown === knownAfterApply) return violation;
    if (saidAsPlaceholder(where.file, violation.notKnown))
      return { ...violation, message: `${notHere.replace(notKnownSaid, "not known here")}: it is ${placeholderSaid(violation.notKnown)}` };
    const { is, because } = whyNotKnown({ path, expression: violation.notKnown }, where, waiting);
    if (is === atApply && violation.message.includes(dependsOn(violation.notKnown))) return violation;
    return { ...violation, message: `${violation.message.replace(notKnownSaid, is)}: ${because}` };
  }
  const expressions = dependsOn(written);
  const subject = violation.message.includes(expressions) ? expressions : `it depends on ${expressions}`;
  return { ...violation, message: `${notHere}: ${subject}, ${said}` };
}

/** Runs the policies on every configuration and returns every outcome, sorted so reports are reproducible. */
export function runPolicies(configurations: readonly TfConfiguration[], options: RunOptions): PolicyRun {
  const active = options.policies
    .map((policy) => ({ policy, level: options.levels?.get(policy.metadata.id) ?? policy.metadata.enforcementLevel }))
    .filter((entry): entry is { policy: EdsPolicy; level: ActiveLevel } => entry.level !== "disabled" && entry.level !== "remediate");
  const byType = new Map<string, { policy: TerraformResourcePolicy; level: ActiveLevel }[]>();
  for (const entry of active) {
    if (entry.policy.kind !== "resource") continue;
    for (const type of entry.policy.resourceTypes) {
      const policies = byType.get(type) ?? [];
      policies.push({ policy: entry.policy, level: entry.level });
      byType.set(type, policies);
    }
  }
  for (const policies of byType.values()) policies.sort((a, b) => compare(a.policy.metadata.id, b.policy.metadata.id));

  // Outcomes are produced in their final order (stacks, then addresses, then policy ids) where they can be, and the few
  // others apart; sorting both together is then a merge of ordered runs, not a sort of a quarter of a million outcomes.
  const inOrder: Outcome[] = [];
  const notDeclared = new Map<TfConfiguration, string[]>();
  const notRendered = new Map<TfConfiguration, string[]>();
  const apart: Outcome[] = [];
  /**
   * Records what one policy concluded at one place: only the place's address, stack and file, never its values; a
   * finding it points at another block (a ClusterClass's patch that writes the object judged) is placed by `locate`.
   */
  const record = (
    policy: EdsPolicy,
    level: ActiveLevel,
    where: Place & Pick<TfResource, "address" | "stack">,
    locate: Locate | undefined,
    produce: () => Violation[],
    unknownReads?: readonly UnknownRead[],
    waiting?: Waiting,
    holdsWhicheverBlocksExist?: () => boolean,
  ) => {
    const outcomes = where.address.startsWith("(") ? apart : inOrder;
    const policyId = policy.metadata.id;
    const { address, stack, file } = where;
    const { line } = where;
    let violations: Violation[];
    try {
      violations = produce();
    } catch (error) {
      outcomes.push({
        policyId,
        level,
        status: "error",
        address,
        stack,
        file,
        ...(line === undefined ? {} : { line }),
        message: `the policy failed: ${(error as Error).message}`,
      });
      return;
    }
    // A policy that reports unknowns itself (onUnknown "reported-by-policy") has its reads recorded for its words only.
    const engineJudgesUnknowns = policy.metadata.onUnknown === "cannot-evaluate";
    const onlyBlocksThatMayNotExist = unknownReads?.every((read) => read.blockMayBeAbsent) === true;
    if (violations.length === 0 && unknownReads?.length && engineJudgesUnknowns && !(onlyBlocksThatMayNotExist && holdsWhicheverBlocksExist?.())) {
      const first = unknownReads[0]!;
      // Named as the file writes it (a manifest's `spec.template.spec.containers[0].image`).
      const shown = where.written?.(first.path).path ?? first.path;
      violations = [{ outcome: "cannot-evaluate", path: first.path, message: notEvaluable(first, shown, where, waiting) }];
    } else if (unknownReads?.length || violations.some((violation) => violation.notKnown !== undefined))
      violations = violations.map((violation) =>
        violation.outcome === "cannot-evaluate"
          ? notKnownForWantOfValues(violation, ownerOf(violation, where, locate), readsAbout(violation, unknownReads), waiting)
          : engineJudgesUnknowns && unknownReads?.length
            ? uncertainWithin(violation, where, unknownReads, waiting)
            : violation,
      );
    if (policy.metadata.onUnknown === "pass") violations = violations.filter((violation) => violation.outcome !== "cannot-evaluate");
    if (violations.length === 0) {
      // Most outcomes are these: built without spreads, which would allocate once more per policy and resource.
      outcomes.push(
        line ? { policyId, level, status: "compliant", address, stack, file, line } : { policyId, level, status: "compliant", address, stack, file },
      );
      return;
    }
    // Two pods of one object that take a field from one place (an Argo workflow's templateDefaults) give one finding.
    const given = new Set<string>();
    const addFinding = (violation: Violation): boolean => {
      const at = violation.address ?? address;
      const failsStrict = violation.outcome === "cannot-evaluate" && options.strict && level === "mandatory";
      const status = violation.outcome === "cannot-evaluate" && !failsStrict ? "cannot-evaluate" : "violation";
      const place: Place = at === address ? where : (locate?.(at) ?? { file });
      const written = violation.path ? (place.written?.(violation.path) ?? lineInSource(place, violation)) : undefined;
      const origin = violation.outcome === undefined ? originOf(place, violation.path) : undefined;
      const message = bounded(
        `${failsStrict ? "not evaluable, and --strict requires it: " : ""}${asWritten(violation.message, written?.names)}${origin ? ` (${origin.said})` : ""}`,
      );
      const path = written?.path ?? violation.path;
      const key = `${at}\0${path}\0${message}`;
      if (given.has(key)) return false;
      given.add(key);
      const suppression = status === "violation" ? findSuppression(options.settings.suppressions, policyId, at, options.settings.today) : undefined;
      (at === address ? outcomes : apart).push({
        policyId,
        level,
        status: suppression ? "suppressed" : status,
        address: at,
        stack,
        file: written?.file ?? place.file,
        ...((written?.line ?? place.line)
          ? { line: lineInText(written, violation) ?? written?.line ?? argumentLineOf(place, path, violation.keysInValue) ?? place.line }
          : {}),
        message,
        ...(path ? { path } : {}),
        ...(suppression ? { suppression } : {}),
      });
      return true;
    };
    // A report stays readable, and its size bounded by the input's, whatever one value holds (a list of a million
    // elements of the wrong type): past findingsListed, the findings of a policy at one place are counted, not listed.
    const listed = new Map<string, number>();
    const unlisted = new Map<string, Violation[]>();
    for (const violation of violations) {
      const at = violation.address ?? address;
      const count = listed.get(at) ?? 0;
      if (count === findingsListed) addToGroup(unlisted, at, violation);
      else if (addFinding(violation)) listed.set(at, count + 1);
    }
    for (const [at, more] of unlisted)
      addFinding({
        address: at,
        message: `and ${more.length} more findings of this policy here, not listed (a report lists the first ${findingsListed} of a policy at one place)`,
        ...(more.some((violation) => violation.outcome === undefined) ? {} : { outcome: "cannot-evaluate" as const }),
      });
  };

  for (const configuration of [...configurations].sort((a, b) => compare(a.stack, b.stack))) {
    const context: PolicyContext = { graph: new ResourceGraph(configuration), settings: options.settings };
    notDeclared.set(configuration, namespacesNotDeclared(context.graph));
    notRendered.set(configuration, chartsNotRendered(context.graph));
    const waiting = waitingIn(configuration);
    const locate = locator(context.graph);
    const somethingWaits = waitsOnNames(waiting) || waiting.notInstalled.size > 0;
    for (const resource of [...configuration.resources].sort((a, b) => compareAddresses(a.address, b.address))) {
      // A data source reads what exists; it creates nothing a resource policy could judge (it is the configuration
      // policies' to follow, as a reference). An ephemeral resource makes what it gives at each run (a key, a
      // password, a machine's configuration), kept in no state but used all the same: judged as a resource is.
      if (resource.mode === "data") continue;
      const policies = byType.get(resource.type) ?? [];
      if (policies.length === 0) continue;
      const unknown = hasUnknownValue(resource);
      const judged = context.graph.resolved(resource);
      for (const { policy, level } of policies) {
        const { onUnknown } = policy.metadata;
        // A policy that reports unknowns itself needs its reads for its words alone: only where something waits.
        const reads: UnknownRead[] | undefined =
          unknown && (onUnknown === "cannot-evaluate" || (onUnknown === "reported-by-policy" && somethingWaits)) ? [] : undefined;
        const subject = reads ? recordingUnknownReads(judged, reads, context.graph) : judged;
        // Where it read only blocks that may not exist, whether it concludes nothing whichever do (asked only then).
        const holdsAnyway = reads && (() => holdsWhicheverBlocksExist(judged, reads, (world) => concludesNothingIn(world, policy, context)));
        const produce =
          onUnknown === "reported-by-policy"
            ? () => concludedInEveryWorld(judged, policy.check(subject, context), (world) => policy.check(world, context))
            : () => policy.check(subject, context);
        record(policy, level, resource, locate, produce, reads, waiting, holdsAnyway);
      }
    }
    const where = { address: "(configuration)", stack: configuration.stack, file: configuration.files[0] ?? configuration.stack };
    for (const { policy, level } of active) {
      if (policy.kind !== "configuration" || (policy.rootModulesOnly && (configuration.moduleAlone || configuration.manifests))) continue;
      record(policy, level, where, locate, () => policy.check(configuration, context), undefined, waiting);
    }
  }
  for (const { policy, level } of active) {
    if (policy.kind !== "settings") continue;
    const source = options.settings.source ?? "(settings)";
    record(policy, level, { address: "(settings)", stack: source, file: source }, undefined, () => policy.check(options.settings));
  }

  return {
    policies: active.sort((a, b) => compare(a.policy.metadata.id, b.policy.metadata.id)),
    outcomes: [...inOrder, ...apart.sort(compareOutcomes)].sort(compareOutcomes),
    settings: options.settings,
    contexts: [options.settings],
    configurations: configurations.map((c) => ({
      stack: c.stack,
      files: c.files,
      resourceCount: c.resources.length,
      ...(c.moduleAlone ? { moduleAlone: c.moduleAlone } : {}),
      ...(notDeclared.get(c)?.length ? { namespacesNotDeclared: notDeclared.get(c) } : {}),
      ...(notRendered.get(c)?.length ? { chartsNotRendered: notRendered.get(c) } : {}),
      ...(c.leftToTheirTools?.length ? { leftToTheirTools: c.leftToTheirTools } : {}),
      ...objectsKnownAtApply(c),
      ...(c.leftOutByCount?.length ? { leftOutByCount: c.leftOutByCount } : {}),
      ...variablesToGive(c),
      ...(c.filesNotHere?.length ? { filesNotHere: c.filesNotHere } : {}),
      ...(c.evaluationFailures?.length ? { evaluationFailures: c.evaluationFailures } : {}),
    })),
  };
}

/**
 * The variables a deployment gives that the root module was given no value for: its own, not the inputs of the modules
 * it calls (those follow from its own); none for a module judged alone, whose values come from callers not seen here.
 */
function variablesToGive(configuration: TfConfiguration): { variablesGivenNoValue?: string[] } {
  if (configuration.moduleAlone) return {};
  const own = (configuration.givenNoValue ?? []).filter((name) => name.startsWith("var."));
  return own.length > 0 ? { variablesGivenNoValue: own } : {};
}

/**
 * The Kubernetes objects of a configuration whose kind is known only at apply: a manifest wholly unknown (a
 * kubernetes_manifest or kubectl_manifest given by a variable), or whose apiVersion or kind is, and the objects of a
 * raw chart's release whose values are (rawChartObjectsKnownAtApply).
 */
function objectsKnownAtApply(configuration: TfConfiguration): { objectsKnownAtApply?: string[] } {
  const addresses = configuration.resources.flatMap((resource) =>
    // A manifest known before apply is an object; one known only at apply is the expression it is written as.
    resource.type === "kubernetes_manifest" && resource.mode === "managed" && kindKnownAtApply(resource.values.manifest)
      ? [resource.address]
      : rawChartObjectsKnownAtApply(resource),
  );
  return addresses.length > 0 ? { objectsKnownAtApply: addresses } : {};
}

const kindKnownAtApply = (manifest: unknown): boolean =>
  typeof manifest === "string" || (isMap(manifest) && (isUnknown(manifest.kind) || isUnknown(manifest.apiVersion)));

/** Runs of the same policies on different configurations (one per region), as one run. */
export function mergeRuns(runs: readonly PolicyRun[]): PolicyRun {
  const [first] = runs;
  if (!first) throw new Error("mergeRuns needs at least one run");
  if (runs.length === 1) return first;
  return {
    policies: first.policies,
    outcomes: runs.flatMap((run) => run.outcomes).sort(compareOutcomes),
    settings: first.settings,
    contexts: runs.flatMap((run) => run.contexts),
    configurations: runs.flatMap((run) => run.configurations).sort((a, b) => compare(a.stack, b.stack)),
  };
}

/** Code-point order: the same on every machine, whatever its locale. */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** How many findings of one policy at one place a report lists: the rest are counted in one finding. */
export const findingsListed = 100;

/**
 * Terraform's order of addresses (addrs.InstanceKeyLess): an index by its number, `x[2]` before `x[10]`, and so the
 * elements of a for_each whose keys are not known (module.ts, instancesOfKeysNotKnown); the rest in code-point order.
 */
function compareAddresses(a: string, b: string): number {
  // A number counts only in brackets both addresses have: without, code-point order is the answer, and the fastest.
  if (!a.includes("[") || !b.includes("[")) return compare(a, b);
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (!isDigit(a, i) && !isDigit(b, i)) return compare(a, b);
  // Where they part in a number, from its first digit: an index's or an element's by its value, other text's as text.
  let start = i;
  while (start > 0 && isDigit(a, start - 1)) start--;
  if (a[start - 1] !== "[" && !(start >= 11 && a.startsWith('["(element ', start - 11))) return compare(a, b);
  const [endOfA, endOfB] = [digitsEnd(a, start), digitsEnd(b, start)];
  // An index before a key that is text (a quote where the other has a digit): Terraform's IntKey before its StringKey.
  if (endOfA === start || endOfB === start) return endOfA === start ? 1 : -1;
  return endOfA - endOfB || compare(a.slice(start, endOfA), b.slice(start, endOfB));
}

const isDigit = (text: string, at: number): boolean => at < text.length && text.charCodeAt(at) >= 48 && text.charCodeAt(at) <= 57;

function digitsEnd(text: string, from: number): number {
  let end = from;
  while (isDigit(text, end)) end++;
  return end;
}

const compareOutcomes = (a: Outcome, b: Outcome): number =>
  compare(a.stack, b.stack) ||
  compareAddresses(a.address, b.address) ||
  compare(a.policyId, b.policyId) ||
  compareAddresses(a.path ?? "", b.path ?? "") ||
  compare(a.message ?? "", b.message ?? "");

/** Whether the run must fail: a mandatory policy violated or broken. */
export const failsRun = (run: PolicyRun): boolean => run.outcomes.some((o) => o.level === "mandatory" && (o.status === "violation" || o.status === "error"));

/** The outcomes that are findings (not compliant). */
export const findings = (run: PolicyRun): Outcome[] => run.outcomes.filter((o) => o.status !== "compliant");

/**
 * The line of the argument a finding names (the path the file writes), or of the key it names in the structure the
 * argument encodes (Violation.keysInValue), where the file writes them (block-lines.ts, argumentLine): its block is its
 * address without the modules and the instance key.
 */
function argumentLineOf(place: object, written: string | undefined, keysInValue?: readonly (string | number)[]): number | undefined {
  if (written === undefined || !("argumentLines" in place)) return undefined;
  const { argumentLines } = place as TfResource | TfProviderBlock | TerraformBlockPlace;
  const nested = "terraformBlock" in place ? (place as TerraformBlockPlace) : undefined;
  const block = nested
    ? nested.terraformBlock!
    : "address" in place
      ? blockOfAddress((place as TfResource).address)
      : `provider.${(place as TfProviderBlock).name}`;
  const path = nested ? `${nested.nestedPath}.${written}` : written;
  const key = keysInValue && argumentLine(argumentLines, block, segmentsPath(keysInValue, path));
  return key ?? argumentLine(argumentLines, block, path);
}

/** Where a finding points, and what its message takes from there: a resource's file, line, written paths and values. */
type Place = Pick<TfResource, "file" | "line" | "written" | "valuesFrom" | "failingValues" | "readFrom" | "textSources"> & {
  readonly values?: TfResource["values"];
};

/**
 * Where a violation's line in the text its path holds is written (Violation.lineInValue), when a function read that
 * text from a file (TfResource.textSources): that file, at the line.
 */
function lineInSource(place: Place, { path, lineInValue }: Violation): ReturnType<NonNullable<TfResource["written"]>> | undefined {
  if (path === undefined || lineInValue === undefined) return undefined;
  const source = place.textSources?.get(dottedPath(path))?.();
  return source && { path, file: source.file, line: source.line + lineInValue - 1 };
}

/** The line of the file a violation's line in a text points at, where the file writes the text line for line (written.textLine). */
const lineInText = (written: { readonly textLine?: number } | undefined, { lineInValue }: Violation): number | undefined =>
  written?.textLine !== undefined && lineInValue !== undefined ? written.textLine + lineInValue - 1 : undefined;

type Locate = (address: string) => Place | undefined;

/**
 * Where a configuration-level finding points: the file and line of the block it names, when there is one; for a
 * provider no provider block configures, where a module requires it (its required_providers' terraform block).
 */
function locator(graph: ResourceGraph): Locate {
  const { configuration } = graph;
  return (address) => {
    if (address.startsWith("provider."))
      return (
        configuration.providers.find((provider) => address === providerAddress(provider)) ??
        configuration.providers.find((provider) => address === `provider.${provider.name}`) ??
        configuration.providerRequirements?.find((requirement) => address === `provider.${requirement.name}`)
      );
    if (address.startsWith("var.")) return configuration.variableDefaults?.find(({ name }) => address === `var.${name}`);
    if (address.startsWith("terraform.encryption")) return configuration.encryptionAt ?? configuration.terraformAt;
    if (address.startsWith("terraform.")) return typeof configuration.backend === "object" ? configuration.backend : configuration.terraformAt;
    return graph.resource(address) ?? configuration.externalModules?.find((module) => module.address === address);
  };
}

/** What in a configuration waits on variables given no value, on a file not there or on terraform init, what is known beside it, and whether it is a module judged alone. */
interface Waiting {
  /** What waits on variables given no value alone, the variables with it (TfConfiguration.givenNoValue). */
  readonly onVariables: ReadonlySet<string>;
  /** What waits on a file that is not there (TfConfiguration.waitingOnFilesNotHere). */
  readonly onFiles: ReadonlySet<string>;
  /** What waits on data sources, which Terraform reads at plan (TfConfiguration.waitingOnDataSources). */
  readonly onData: ReadonlySet<string>;
  /** What waits on the outputs of a module not installed here (TfConfiguration.waitingOnModulesNotInstalled). */
  readonly onModules: ReadonlySet<string>;
  /** What fails to evaluate here, or waits on what does (TfConfiguration.failingHere). */
  readonly failing: ReadonlySet<string>;
  /** What of it names what Terraform refuses (TfConfiguration.refusedHere). */
  readonly refused: ReadonlySet<string>;
  /** What is known beside them (TfConfiguration.knownHere). */
  readonly known: ReadonlySet<string>;
  /** What the evaluation read (TfConfiguration.readHere). */
  readonly read: ReadonlySet<string>;
  /** The module calls from a registry, Git or an archive that terraform init has not installed (TfConfiguration.externalModules). */
  readonly notInstalled: ReadonlySet<string>;
  readonly moduleAlone: boolean;
}

const waitingIn = (configuration: TfConfiguration): Waiting => ({
  onVariables: new Set(configuration.givenNoValue),
  onFiles: new Set(configuration.waitingOnFilesNotHere),
  onData: new Set(configuration.waitingOnDataSources),
  onModules: new Set(configuration.waitingOnModulesNotInstalled),
  failing: new Set(configuration.failingHere),
  refused: new Set(configuration.refusedHere),
  known: new Set(configuration.knownHere),
  read: new Set(configuration.readHere),
  notInstalled: new Set(configuration.externalModules?.map((module) => module.address)),
  moduleAlone: configuration.moduleAlone === true,
});

/**
 * Whether something in a configuration waits on variables given no value, on a file not there, on a value that fails, on
 * data sources or on a module not installed here.
 */
const waitsOnNames = (waiting: Waiting): boolean =>
  waiting.onVariables.size > 0 || waiting.onFiles.size > 0 || waiting.failing.size > 0 || waiting.onData.size > 0 || waiting.notInstalled.size > 0;

/**
 * The resource a finding is about, where a policy names another than the one judged (Violation.address): what its
 * value waits on is told from that resource's values, as for a finding on the resource judged.
 */
function ownerOf(violation: Violation, where: Owner, locate: Locate | undefined): Owner {
  const at = violation.address;
  if (at === undefined || at === where.address) return where;
  const place = locate?.(at);
  return place && "address" in place && place.address === at ? (place as Owner) : where;
}

/** The resource a value belongs to: its address, and its values, with the for_each or count that made it, and those that fail. */
interface Owner {
  readonly address: string;
  readonly file?: string;
  readonly values?: TfResource["values"];
  readonly writtenValues?: TfResource["writtenValues"];
  readonly failingValues?: TfResource["failingValues"];
  readonly readFrom?: TfResource["readFrom"];
}

/**
 * What a value not known here waits on, as a finding says it after what the value depends on: an output of a module that
 * terraform init has not installed; what the parts of locals, elements or inputs it reads are read from, where it reads
 * such parts (readFromSaid: `${local.context.privileged}` reads var.privileged, not all the local reads); else
 * variables given no value or a file not there (waitingSaid), and, where it reads an instance's key or value
 * (`${each.value.type}`), what its block's for_each or count reads, with the rest of what it reads. Undefined when it
 * waits on anything else.
 */
function waitsSaid(reads: readonly UnknownRead[], where: Owner, waiting?: Waiting): string | undefined {
  const text = [...new Set(reads.map((read) => read.expression))].join(" ");
  const failing = [...(where.failingValues ?? [])].filter((path) => reads.some((read) => isUnderPath(dottedPath(read.path), path)));
  if (waiting && failing.length > 0)
    return failsSaid(
      waiting,
      "which fails",
      true,
      failing.every((path) => waiting.refused.has(`${where.address}.${path}`)),
    );
  const module = moduleNotInstalled(text, where.address, waiting);
  if (module) return `an output of ${module}, which is not installed here (terraform init was not run)`;
  return readFromSaid(reads, where, waiting, text) ?? writtenWaitsSaid(text, where, waiting);
}

/**
 * What values written `text` wait on, told from what it reads (waitsSaid), instances' keys and values included; `owner`
 * names the block whose for_each or count gives them (beside a dynamic block, "the resource's").
 */
function writtenWaitsSaid(text: string, where: Owner, waiting?: Waiting, owner = "the block's"): string | undefined {
  const references = referencesRead(text);
  if (!references?.some(readsInstanceKey)) return waitingSaid(text, where.address, waiting);
  // As written: the typed view of a manifest (a kubectl_manifest's yaml_body read) keeps no meta-argument.
  const written = where.writtenValues ?? where.values;
  const counted = written?.for_each ?? written?.count;
  const others = references.filter((reference) => !readsInstanceKey(reference)).map((reference) => `\${${reference}}`);
  // A count or for_each known here gives each instance its key (its address ends with it; its values keep the argument
  // as written): what else the value reads waits.
  if (typeof counted !== "string" || where.address.endsWith("]"))
    return others.length > 0 ? waitingSaid(others.join(" "), where.address, waiting, false, text) : undefined;
  const argument = written?.for_each === undefined ? "count" : "for_each";
  const block = `${owner} ${argument}, ${shortened(counted)}`;
  if (waiting && where.failingValues?.has(argument))
    return `and ${block}, ${failsSaid(waiting, "fails", true, waiting.refused.has(`${where.address}.${argument}`))}`;
  const said = waitingSaid([...others, counted].join(" "), where.address, waiting, true);
  return said && (others.length === 0 ? `and ${block}, reads ${said}` : `and on ${block}: these read ${said}`);
}

/**
 * What values that read a part of a local or of an iterator's element wait on, told from the text that part is written
 * with (TfResource.readFrom), where what they read as a whole is known in part: `${local.sc.privileged}`, which reads
 * var.priv, given no value. `quoted` is the values' text, as the finding quotes it.
 */
function readFromSaid(reads: readonly UnknownRead[], where: Owner, waiting: Waiting | undefined, quoted: string): string | undefined {
  const readFrom = reads.map((read) => where.readFrom?.get(dottedPath(read.path)));
  if (readFrom.length === 0 || readFrom.some((text) => text === undefined)) return undefined;
  // What terraform plan stops on, the whole read (a local Terraform refuses), is said of the whole (waitingSaid).
  if (waiting && stopsThePlan(quoted, where.address, waiting)) return undefined;
  return waitingSaid(readFrom.join(" "), where.address, waiting, false, quoted);
}

/** The names a value's text reads that may wait on something: variables, locals, outputs, data sources. */
const waitingNamesIn = (text: string): string[] =>
  (referencesRead(text) ?? []).flatMap((reference) => waitingName(reference) ?? dataSourceRead(reference) ?? []);

/** Whether a value's text reads, in the module of the block at `address`, a name that waits on a file not there or fails. */
const stopsThePlan = (text: string, address: string, waiting: Waiting): boolean =>
  waitingNamesIn(text)
    .map((name) => qualifiedName(name, address, waiting))
    .some((name) => waiting.onFiles.has(name) || waiting.failing.has(name));

/**
 * Whether a name is an output of a module call not installed here (`module.vpc.output.id`), in the module of `prefix` or
 * in a module that calls it: a value a module's input holds as its caller writes it names its caller's calls.
 */
const outputOfNotInstalled = (name: string, prefix: string, waiting: Waiting): boolean => {
  const call = /^module\.[\w-]+(?=\.output\.)/.exec(name)?.[0];
  if (call === undefined) return false;
  for (let at = prefix; ; at = callerPrefix(at)) {
    if (waiting.notInstalled.has(`${at}${call}`)) return true;
    if (at === "") return false;
  }
};

/** The module not installed here whose outputs every interpolation of a value reads (`${module.net.admin_cidr}`), if one. */
function moduleNotInstalled(text: string, address: string, waiting?: Waiting): string | undefined {
  if (!waiting?.notInstalled.size) return undefined;
  const modules = new Set(interpolationsOf(text).map((interpolation) => /^\$\{\(*(module\.[\w-]+)\./.exec(interpolation)?.[1]));
  const [module] = modules;
  return modules.size === 1 && module !== undefined && waiting.notInstalled.has(`${modulePrefix(address)}${module}`) ? module : undefined;
}

/**
 * A name a value of the block at `address` reads, with the module it is read in: a name that module never read is its
 * caller's (or further up), the value holding an input as its caller writes it.
 */
function qualifiedName(name: string, address: string, waiting: Waiting): string {
  let prefix = modulePrefix(address);
  while (prefix !== "" && !waiting.read.has(`${prefix}${name}`) && callerPrefix(prefix) !== prefix) prefix = callerPrefix(prefix);
  return `${prefix}${name}`;
}

/**
 * What a finding says of a value that reads only variables given no value, or what waits on them alone
 * (TfConfiguration.givenNoValue), on a file not there, on data sources (read by the value itself or not) or on the
 * outputs of a module not installed here, in the module of the resource at `address`, through functions
 * or not (`${cidrsubnet(var.base, 8, 1)}`, `${local.rules}`): of one the value depends on, or (`many`) of those a count
 * or for_each reads. A root module's are for the deployment to give (terraform plan asks for them); a called module's,
 * inputs its call gives from such variables; a module judged alone's, inputs its callers give. Known values beside them
 * (TfConfiguration.knownHere) change nothing; a name the module never read (TfConfiguration.readHere) is its caller's.
 * Undefined when the value reads anything else. `quoted` is the text the finding quotes, where it is not `text` (readFromSaid).
 */
function waitingSaid(text: string, address: string, waiting: Waiting | undefined, many = false, quoted = text): string | undefined {
  if (!waiting || !(waitsOnNames(waiting) || referencesRead(text)?.some((reference) => dataSourceRead(reference) !== undefined))) return undefined;
  const module = modulePrefix(address);
  const named = (name: string) => qualifiedName(name, address, waiting);
  const onFiles = (name: string) => waiting.onFiles.has(named(name));
  const failing = (name: string) => waiting.failing.has(named(name));
  // A file not there, or a value that fails, counts first, whatever else the value reads: terraform plan stops on it.
  const anyNames = waitingNamesIn(text);
  if (anyNames.some(onFiles)) return `${many ? "what waits" : "which waits"} on a file that is not there (the report names it): terraform plan stops on it`;
  const failingNames = anyNames.filter(failing);
  if (failingNames.length > 0)
    return failsSaid(
      waiting,
      many ? "what fails" : "which fails",
      false,
      failingNames.every((name) => waiting.refused.has(named(name))),
    );
  const names = namesRead(text, true)?.filter((name) => !waiting.known.has(named(name)));
  if (!names?.length) return undefined;
  // Terraform plans nothing before terraform init installs the modules: beside them, data sources and variables wait too.
  const onModules = (name: string) => waiting.onModules.has(named(name)) || outputOfNotInstalled(name, module, waiting);
  const onData = (name: string) => (name.startsWith("data.") && !waitsOnItsArguments(named(name), waiting)) || waiting.onData.has(named(name));
  const onVariables = (name: string) => waiting.onVariables.has(named(name));
  if (names.some(onModules) && names.every((name) => onModules(name) || onData(name) || onVariables(name)))
    return `${many ? "what waits" : "which waits"} on the outputs of a module that is not installed here (terraform init was not run; the report names it)`;
  // Beside variables given no value, a value read from data sources is known at plan too, once they are read.
  if (names.some(onData) && names.every((name) => onData(name) || onVariables(name))) {
    // A collection read from data sources themselves (`length(data.kubectl_file_documents.d.documents)`) reads them.
    const direct = many && names.filter(onData).every((name) => name.startsWith("data."));
    const read = `${direct ? "" : many ? "what reads " : "which reads "}data sources`;
    return names.some(onVariables)
      ? `${read} and variables given no value (${noValueGiven}): Terraform reads the data sources at plan (when their arguments are known), which this check does not, and asks for the variables; give the values a deployment uses to judge it`
      : `${read}: Terraform reads them at plan (when their arguments are known), and this check does not`;
  }
  if (!names.every(onVariables)) return undefined;
  // A local or an output waits on the variables, and so does the part of one quoted (readFromSaid: `${local.rule.cidr}`,
  // read from var.cidr) where they are inputs (else the variables read are named): the value does not depend on one alone.
  const notAVariable = (name: string) => !name.startsWith("var.");
  const inputs = waiting.moduleAlone || module !== "";
  const waits = !many && (names.some(notAVariable) || (inputs && quoted !== text && (namesRead(quoted, true) ?? []).some(notAVariable)));
  const plural = many || waits || new Set(names).size > 1;
  const input = module ? `${plural ? "inputs" : "an input"} that ${module.slice(0, -1)} is given from` : undefined;
  const plan = `(${noValueGiven}): terraform plan asks for ${plural || module ? "them" : "it"}; give the values a deployment uses to judge it`;
  const callers = "the module's inputs, which its callers give (it is judged alone)";
  const said = waiting.moduleAlone
    ? input
      ? `${input} ${callers}`
      : plural
        ? callers
        : `one of ${callers}`
    : input
      ? `${input} variables given no value ${plan}`
      : `${namedUnlessQuoted(quoted, names, many)}${plural ? "variables " : ""}given no value ${plan}`;
  return waits ? `which waits on ${said}` : said;
}

/**
 * The variables a value reads, named unless what a finding quotes of it shows them: quoted alone, or (`many`, what "it
 * reads" follows) anywhere in it. "Given no value" follows the variables, not a call of them
 * (`${cidrsubnet(var.base, 8, 1)}`), nor what dependsOn quotes of a call to its first closing brace (`${templatefile("${path.module}`).
 */
function namedUnlessQuoted(text: string, names: readonly string[], many: boolean): string {
  const quoted = dependsOn(text);
  return (many || readsAlone(text)) && names.every((name) => quoted.includes(name)) ? "" : `which reads ${[...new Set(names)].join(", ")}, `;
}

/**
 * The blocks holding `path` that dynamic blocks make over collections not known here, outermost first, as the reads of
 * those blocks, found in the resource's values: a configuration policy's finding comes with no reads of its own.
 */
function madeAbove(where: Owner, path: string): UnknownRead[] {
  const segments = pathSegments(path);
  let at: unknown = where.values;
  const made: UnknownRead[] = [];
  for (let i = 0; i < segments.length && at !== null && typeof at === "object"; i++) {
    at = (at as Record<string | number, unknown>)[segments[i]!];
    const over = maybeAbsentOver(at);
    if (over !== undefined) made.push({ path: segmentsPath(segments.slice(0, i + 1)), expression: over, blockMayBeAbsent: true });
  }
  return made;
}

/** The iterator a dynamic block's content reads its element by: the block's name (`container.value`). */
const iteratorOf = (made: UnknownRead): string | undefined => madeBlock.exec(made.path)?.[1];

/** The roots of what an expression reads (`container` of `container.value.image`). */
const rootsRead = (text: string): string[] => (referencesRead(text) ?? []).map((reference) => reference.split(".")[0]!);

/**
 * The block a dynamic block makes that a finding at `path` is about: the one whose iterator the values it read read
 * (`service_account_token.value.audience`, within other dynamic blocks), else the first the policy read, else the
 * innermost of the resource's values.
 */
function madeFor(path: string, reads: readonly UnknownRead[], related: readonly UnknownRead[], where: Owner): UnknownRead | undefined {
  const read = reads.filter((each) => each.blockMayBeAbsent && isUnderPath(path, each.path));
  const around = madeAbove(where, path);
  const roots = new Set(related.flatMap((each) => rootsRead(each.expression)));
  return [...read, ...around].findLast((made) => roots.has(iteratorOf(made) ?? "")) ?? read[0] ?? around.at(-1);
}

/**
 * The outermost of the dynamic blocks around a made block whose elements its for_each reads, one through another
 * (`for_each = projected.value.sources` in a block made over `volume.value.projected`), or the first of them whose
 * for_each fails, on which terraform plan stops first; undefined where it reads none.
 */
function outermostAround(made: UnknownRead, where: Owner): UnknownRead | undefined {
  const around = madeAbove(where, made.path);
  let outermost: UnknownRead | undefined;
  for (let at = made; ; ) {
    const roots = new Set(rootsRead(at.expression));
    const next = around.findLast((block) => isUnderPath(at.path, block.path) && block.path !== at.path && roots.has(iteratorOf(block) ?? ""));
    if (!next) return outermost;
    outermost = next;
    if (where.failingValues?.has(forEachOf(next))) return next;
    at = next;
  }
}

/** Where the for_each of the dynamic block that makes a block is written: `spec[0].dynamic.env.for_each` of `spec[0].env[1]`. */
const forEachOf = (made: UnknownRead): string => made.path.replace(madeBlock, "dynamic.$1.for_each");

/** The last step of a block's path (`spec[0].env[1]`): the name of the block a dynamic block makes, and its index. */
const madeBlock = /([\w-]+)\[\d+\]$/;

/**
 * What the for_each of the dynamic block that makes a block (`made`, at `spec[0].env[1]`) does, where it is not known
 * here: fails to evaluate, as recorded at its place in the block as written (`spec[0].dynamic.env.for_each`,
 * TfResource.failingValues), or reads what waits (waitingSaid). Undefined when it is known only at apply.
 */
function dynamicForEachSaid(made: UnknownRead, where: Owner, waiting?: Waiting): string | undefined {
  if (!waiting) return undefined;
  // Its own for_each failing, terraform plan stops there, whatever the blocks around it are made over.
  const forEach = forEachOf(made);
  if (where.failingValues?.has(forEach)) return failsSaid(waiting, "fails", true, waiting.refused.has(`${where.address}.${forEach}`));
  // Over an element of a dynamic block around it (`sources.value.service_account_token`), it waits on what the outermost
  // of the blocks it reads through is made over.
  const outermost = outermostAround(made, where);
  if (outermost) {
    const said = dynamicForEachSaid(outermost, where, waiting);
    return (
      said &&
      `reads, through the dynamic blocks around it, an element of ${outermost.path}, made by a dynamic block whose for_each, ${shortened(outermost.expression)}, ${said}`
    );
  }
  // Over an instance's element (`each.value.containers`), it waits on what the block's own for_each or count reads.
  if (referencesRead(made.expression)?.some(readsInstanceKey)) {
    const said = writtenWaitsSaid(made.expression, where, waiting, "the resource's");
    return said && `reads what each instance of the resource is given, ${said}`;
  }
  const said = waitingSaid(made.expression, where.address, waiting, true);
  return said && `reads ${said}`;
}

/**
 * What a finding says of a value that fails to evaluate (`itself`), or reads one that may, with the values given here or
 * (a module judged alone) its defaults; or (`refused`) of one that names what Terraform refuses whatever the values,
 * which an input problem says.
 */
function failsSaid(waiting: Waiting, subject: "which fails" | "what fails" | "fails", itself = false, refused = false): string {
  if (refused) {
    const named = { "which fails": "which names what", "what fails": "what", fails: "names what" }[subject];
    return `${named} Terraform refuses (an input problem says what): Terraform stops on it, whatever the values given`;
  }
  return waiting.moduleAlone
    ? `${subject} to evaluate with the module's defaults${itself ? "" : ", or reads what does"} (the report says why); its callers give their own values`
    : `${subject} to evaluate with the values given here${itself ? "" : ", or reads what does"} (the report says why): terraform plan stops on it`;
}

/** The prefix of the module that calls the one of `prefix`: `module.a.` for `module.a.module.b[0].`, "" for `module.a.`. */
const callerPrefix = (prefix: string): string => prefix.replace(/module\.[\w-]+(?:\[[^\]]*\])?\.$/, "");

/** The module address a resource address begins with, dot included: `module.net[0].`, or "" in the root module. */
const modulePrefix = (address: string): string => /^(?:module\.[\w-]+(?:\[[^\]]*\])?\.)*/.exec(address)![0];

/** Why a value a policy read is not evaluable, for its finding: what it depends on, and whether Terraform knows it at plan. */
function notEvaluable(read: UnknownRead, shown: string, where: Place & { readonly address: string }, waiting?: Waiting): string {
  const { expression } = read;
  const { file } = where;
  if (read.blockMayBeAbsent) {
    const said = dynamicForEachSaid(read, where, waiting);
    return said
      ? `${shown} is made by a dynamic block whose for_each, ${shortened(expression)}, is not known here, and may not exist: it ${said}`
      : `${shown} is made by a dynamic block whose for_each, ${shortened(expression)}, is known only at apply: it may not exist`;
  }
  if (saidAsPlaceholder(file, expression)) return `${shown} is ${placeholderSaid(expression)}`;
  const { is, because } = whyNotKnown(read, where, waiting);
  return `${shown} is ${is}: ${because}`;
}

const atApply = "not known before apply";

/** Whether a resource is read from a manifest file, whose values not known here are placeholders another tool fills. */
const readFromYaml = (file: string | undefined): boolean => /\.ya?ml$/i.test(file ?? "");

/** Whether a value not known is said as placeholderSaid says it: one of a manifest file's, or one a ClusterClass's patch writes. */
const saidAsPlaceholder = (file: string | undefined, expression: string): boolean => readFromYaml(file) || classPatchSaid(expression) !== undefined;

/** What a value not known in a manifest file is, or one a ClusterClass's patch writes. */
const placeholderSaid = (expression: string): string =>
  classPatchSaid(expression) ?? `a placeholder, ${shortened(expression)}, that another tool fills before the manifest is applied (kubectl takes it as written)`;

/**
 * What a value's text depends on (dependsOn), without the interpolations that are a variable or a local known here (a
 * variable with a default, in `"${data.x.registry}/${var.name}:${var.tag}"`); all of them where none is left. A part
 * read from a known value (`${var.cfg["cidr"]}`) may still fail, and stays.
 */
function unknownPartsOf(text: string, address: string, waiting?: Waiting): string {
  if (!waiting?.known.size) return dependsOn(text);
  const unknownParts = interpolationsOf(text).filter((interpolation) => {
    const name = /^\$\{((?:var|local)\.[\w-]+)\}$/.exec(interpolation)?.[1];
    return name === undefined || !waiting.known.has(qualifiedName(name, address, waiting));
  });
  return dependsOn(unknownParts.length > 0 ? unknownParts.join(" ") : text);
}

/** Why a value read is not known, and when Terraform knows it: what notEvaluable says after the value's name. */
function whyNotKnown(read: UnknownRead, where: Owner, waiting?: Waiting): { readonly is: string; readonly because: string } {
  const { expression } = read;
  const uncomputed = notComputed(expression);
  if (uncomputed) return { is: "not evaluated here", because: `it calls ${uncomputed}, whose value Terraform knows at plan and this check does not compute` };
  const parts = unknownPartsOf(expression, where.address, waiting);
  if (readsDataSources(expression, where.address, waiting))
    return computedHere(expression)
      ? {
          is: atApply,
          because: `it is read from ${parts}, a data source this check computes as its provider does, from arguments one of which is known only at apply`,
        }
      : {
          is: "not known here",
          because: `it is read from ${parts}, a data source Terraform reads at plan (when its arguments are known) and this check does not`,
        };
  const said = waitsSaid([read], where, waiting);
  if (said) return { is: "not known here", because: `it depends on ${parts}, ${said}` };
  if (readsInstanceKeys(expression))
    return {
      is: "not known here",
      because: `it depends on ${parts}, and what the block's for_each or count gives is not known here (at plan when it reads data sources, or at apply)`,
    };
  // Where it chooses (a condition, can, try, coalesce, lookup), variables given no value may choose what is known at plan
  // over what only apply tells (`can(var.network.id) ? [var.network.id] : [res.id]`); a text joining both is not known before apply.
  const givenNone = waiting && choosesBetween.test(expression) ? givenNoValueRead(expression, where.address, waiting) : [];
  if (givenNone.length > 0)
    return {
      is: "not known here",
      because: `it depends on ${parts}, which reads ${givenNone.join(", ")}, given no value (${noValueGiven}), beside what is known only at apply; give the values a deployment uses to judge it`,
    };
  return { is: atApply, because: `it depends on ${parts}` };
}

/** An expression that chooses between values: a conditional, or a function that picks one of its arguments. */
const choosesBetween = /\?|\b(?:can|try|coalesce|lookup)\s*\(/;

/** The variables and locals a value's text reads that wait on variables given no value (TfConfiguration.givenNoValue). */
const givenNoValueRead = (text: string, address: string, waiting: Waiting): string[] => [
  ...new Set(
    (referencesRead(text) ?? []).flatMap((reference) => {
      const name = waitingName(reference);
      return name !== undefined && !name.startsWith("module.") && waiting.onVariables.has(qualifiedName(name, address, waiting)) ? [name] : [];
    }),
  ),
];

/** Where a variable's value could have come from, for a message on one given none. */
const noValueGiven = "no default, tfvars file, --var, --var-file or TF_VAR_";

/** The first function an unknown value's text calls that Terraform computes at plan and this check does not, if any. */
function notComputed(text: string): string | undefined {
  for (const [, name] of text.matchAll(/(?:^|[^\w:.])((?:provider::[\w-]+::|core::)?[a-z_]\w*)\s*\(/g))
    if (name!.startsWith("provider::") || knownAtPlanNotComputed.has(name!.replace(/^core::/, ""))) return name;
  return undefined;
}

/**
 * Whether a data source this check computes waits on what its arguments wait on, as the reader recorded it by its
 * address (module.ts, dataSourceWaitsOn), rather than on Terraform's reading it at plan.
 */
const waitsOnItsArguments = (name: string, waiting: Waiting): boolean =>
  [waiting.onVariables, waiting.onModules, waiting.onFiles, waiting.failing].some((recorded) => recorded.has(name));

/**
 * Whether every interpolation of a value reads a data source's attribute (`${data.openstack_networking_subnet_v2.admin.cidr}`),
 * in brackets or not, that Terraform reads at plan: not one this check computes and that waits on what its arguments
 * read, as the reader recorded it (module.ts, dataSourceWaitsOn), which waitsSaid says.
 */
const readsDataSources = (text: string, address: string, waiting?: Waiting): boolean => {
  const interpolations = interpolationsOf(text);
  return (
    interpolations.length > 0 &&
    interpolations.every((interpolation) => {
      const read = /^\$\{\(*((?:module\.[\w-]+(?:\[[^\]]*\])?\.)*)(data\.[a-z]\w*\.[\w-]+)/.exec(interpolation);
      const name = read && `${read[1] || modulePrefix(address)}${read[2]}`;
      return name !== null && !(waiting && waitsOnItsArguments(name, waiting));
    })
  );
};

/** Whether every data source a value reads is one this check computes from its arguments (computedAtPlan). */
const computedHere = (text: string): boolean =>
  interpolationsOf(text).every((interpolation) => {
    const type = /\bdata\.([a-z]\w*)\./.exec(interpolation)?.[1];
    return type !== undefined && Object.hasOwn(computedAtPlan, `data.${type}`);
  });

/** Whether every interpolation of a value reads an instance's key or value (`${each.value}`, `${count.index}`). */
const readsInstanceKeys = (text: string): boolean => {
  const interpolations = interpolationsOf(text);
  return interpolations.length > 0 && interpolations.every((interpolation) => /^\$\{(?:each\.(?:key|value)|count\.index)\b/.test(interpolation));
};
