import { renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { environmentFilesIn, loadWithPeers, type LoadedEnvironment, type PendingRegion } from "../config/load";
import { settingsFromEnvironment } from "../config/policy-settings";
import { defaultRegionId, environmentFile, environmentsDir } from "../config/regions";
import { policyContextFileName, renderPolicyContext } from "../policies/context";
import type { IConstruct } from "constructs";
import { type DeclaredException, declaredExceptions } from "../constructs/exceptions";
import { requiredSecrets, secretsChecklist, secretsChecklistFileName } from "../constructs/platform/deploy-time-secrets";
import { ConfigError, type ConfigIssue } from "../lib/issues";
import { projectRelative } from "../lib/paths";
import { fileSha256 } from "../lib/sha256";
import type { Suppression } from "../policies/settings";
import { buildApp, type RegionalApp } from "./app";
import { flowContext } from "./flow-context";
import { foundationStackName } from "./foundation-stack";
import { PlatformStack, platformStackName } from "./platform-stack";
import type { RetiredProject } from "./projects";

export interface SynthOptions {
  /** Environment files to synthesize. @default - the default region, unless `all` */
  readonly envFiles?: readonly string[];
  /** Synthesize every environment of environments/. */
  readonly all?: boolean;
  /** @default "cdktf.out" */
  readonly outdir?: string;
  readonly localState?: boolean;
  /** Date validity dates are checked against, YYYY-MM-DD. */
  readonly today: string;
}

export interface SynthResult {
  readonly regions: readonly LoadedEnvironment[];
  /** Peer regions left out because they still have placeholders. */
  readonly pending: readonly PendingRegion[];
  readonly outdir: string;
  /** Stack name → its cdk.tf.json. */
  readonly stacks: Readonly<Record<string, string>>;
  /** Per region, the projects left out and why. */
  readonly retired: Readonly<Record<string, readonly RetiredProject[]>>;
  /** Per region, the exceptions the code declares that its environment file does not approve (their policies fail). */
  readonly awaitingApproval: Readonly<Record<string, readonly DeclaredException[]>>;
}

/** The names of a region's stacks: its foundation, and its platform when the environment declares one. */
export const stackNamesOf = (region: LoadedEnvironment): string[] => [
  foundationStackName(region.config.id),
  ...(region.config.platform ? [platformStackName(region.config.id)] : []),
];

/**
 * Validates the environments (each file, then all files of their folders together), synthesizes the stacks of the
 * selected regions with each stack's policy context beside it, and only then replaces the output folder: bad input
 * leaves nothing half-written.
 */
export function synthesizeRegions(options: SynthOptions): SynthResult {
  const selected = options.all ? environmentFilesIn(environmentsDir) : options.envFiles?.length ? options.envFiles : [environmentFile(defaultRegionId)];
  const { regions, pending } = loadWithPeers(selected, { today: options.today });

  const outdir = resolve(options.outdir ?? "cdktf.out");
  const staging = `${outdir}.partial-${process.pid}`;
  const stacks = Object.fromEntries(
    regions.flatMap((region) => stackNamesOf(region).map((name) => [name, join(options.outdir ?? "cdktf.out", "stacks", name, "cdk.tf.json")])),
  );
  rmSync(staging, { recursive: true, force: true });
  let built: RegionalApp | undefined;
  let exceptions: Map<LoadedEnvironment, ReturnType<typeof approvedExceptions>> | undefined;
  try {
    const app = withoutStackTraces(() => {
      const app = buildApp(
        regions.map((region) => region.config),
        { outdir: staging, localState: options.localState ?? false, today: options.today },
      );
      app.app.synth();
      return app;
    });
    built = app;
    exceptions = new Map(
      regions.map((region) => [
        region,
        approvedExceptions(
          region,
          stackNamesOf(region).map((name) => app.app.node.findChild(name)),
        ),
      ]),
    );
    const unknown = [...exceptions.values()].flatMap((found) => found.unknown);
    if (unknown.length > 0) throw new ConfigError(unknown);
    for (const region of regions) {
      const settings = settingsFromEnvironment(region, options.today);
      const trial = options.localState ? [localStateTrial(options.today)] : [];
      const approved = exceptions.get(region)!.approved;
      const stacks = stackNamesOf(region).map((name) => app.app.node.findChild(name));
      const flows = flowContext(region.config, stacks);
      const context = renderPolicyContext(
        region.config.id,
        { ...settings, suppressions: [...settings.suppressions, ...approved, ...trial], flows },
        fileSha256(region.file),
      );
      for (const name of stackNamesOf(region)) {
        writeFileSync(join(staging, "stacks", name, policyContextFileName), context);
        const stack = app.app.node.findChild(name);
        const secrets = requiredSecrets(stack);
        const firstApply = stack instanceof PlatformStack ? stack.firstApply : [];
        if (secrets.length > 0) writeFileSync(join(staging, "stacks", name, secretsChecklistFileName), secretsChecklist(name, secrets, firstApply));
      }
    }
    rmSync(outdir, { recursive: true, force: true });
    renameSync(staging, outdir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return {
    regions,
    pending,
    outdir,
    stacks,
    retired: built?.retired ?? {},
    awaitingApproval: Object.fromEntries(regions.map((region) => [region.config.id, exceptions?.get(region)?.awaiting ?? []])),
  };
}

/**
 * Runs `build` with stack traces off. cdktf records the full stack trace of every token it creates
 * (cdktf/lib/tokens/private/stack-trace.js, with Error.stackTraceLimit raised to its maximum) to explain a token left
 * unresolved; the provider bindings create hundreds per resource, and recording them was half of synthesis time. With
 * Error.stackTraceLimit pinned to 0, V8 records nothing. Set EDS_DEBUG to keep them.
 */
function withoutStackTraces<T>(build: () => T): T {
  if (process.env.EDS_DEBUG) return build();
  const limit = Object.getOwnPropertyDescriptor(Error, "stackTraceLimit");
  Object.defineProperty(Error, "stackTraceLimit", { configurable: true, get: () => 0, set: () => {} });
  try {
    return build();
  } finally {
    if (limit) Object.defineProperty(Error, "stackTraceLimit", limit);
  }
}

/**
 * `--local-state` keeps the (still encrypted) state on the machine that runs it: a trial, recorded as an exception to
 * state-backend-on-provider in the output's policy context, shown in every report, and expired the next day.
 */
const localStateTrial = (today: string): Suppression => ({
  policy: "state-backend-on-provider",
  resource: "terraform.backend.local",
  reason: "a trial with eds synth --local-state: the state is encrypted, but neither shared nor kept on the provider",
  approver: "whoever ran eds synth --local-state",
  expires: today,
  location: "eds synth --local-state",
});

/**
 * The exceptions the region's stacks declare, turned into suppressions where the environment file approves them by id
 * (the reason is the code's; approver and expiry are the region's). An approval of an exception no construct declares is
 * an error on that line of the file.
 */
function approvedExceptions(region: LoadedEnvironment, stacks: readonly IConstruct[]) {
  const declared = stacks.flatMap((stack) => declaredExceptions(stack));
  const approvals = region.config.approvals;
  const approved: Suppression[] = declared.flatMap((exception) =>
    approvals.flatMap((approval, i) =>
      approval.exception === exception.id
        ? [
            {
              policy: exception.policy,
              resource: exception.address,
              reason: exception.reason,
              approver: approval.approver,
              expires: approval.expires,
              location: locationOf(region, i),
            },
          ]
        : [],
    ),
  );
  const ids = new Set(declared.map((exception) => exception.id));
  const unknown: ConfigIssue[] = approvals.flatMap((approval, i) =>
    ids.has(approval.exception)
      ? []
      : [
          region.source.issueAt(
            ["approvals", i, "exception"],
            `no exception "${approval.exception}" is declared by the code; declared: ${[...ids].sort().join(", ") || "none"}`,
          ),
        ],
  );
  const awaiting = [...new Map(declared.filter((exception) => !approvals.some((a) => a.exception === exception.id)).map((e) => [e.id, e])).values()];
  return { approved, unknown, awaiting };
}

const locationOf = (region: LoadedEnvironment, i: number): string => {
  const at = region.source.issueAt(["approvals", i], "");
  return `${projectRelative(at.file)}:${at.line}`;
};

/** The folder of each synthesized stack of a region, as `eds check` takes them. */
export const stackFoldersOf = (result: SynthResult, region: LoadedEnvironment): string[] => stackNamesOf(region).map((name) => dirname(result.stacks[name]!));
