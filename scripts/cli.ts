// The `eds` command line: help and dispatch. Each command's module is loaded only when that command runs, so help and
// usage errors load nothing but scripts/help.ts.
import { join } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { enableCompileCache } from "../lib/compile-cache";
import { closest } from "../lib/did-you-mean";
import { EdsError, UsageError } from "../lib/errors";
import { commandHelp, isCommand, usage, usageOf, type CommandName } from "./help";

/** Exit codes of every command. */
export const exitCode = { ok: 0, policyFailed: 1, badInput: 2, internalError: 3 } as const;

/** Where a command writes; tests pass their own to capture the output. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

const processIo: Io = { out: (text) => process.stdout.write(`${text}\n`), err: (text) => process.stderr.write(`${text}\n`) };

export type Command = (args: CommandArgs, io: Io) => Promise<number>;

/** A command's options and positional arguments, parsed against its entry in the help table. */
export class CommandArgs {
  constructor(
    private readonly values: Readonly<Record<string, unknown>>,
    readonly positionals: readonly string[],
    private readonly given: readonly { readonly option: string; readonly value: string }[] = [],
  ) {}

  string(option: string): string | undefined {
    const value = this.values[option];
    return typeof value === "string" ? value : undefined;
  }

  strings(option: string): string[] {
    const value = this.values[option];
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
  }

  /** The values of several options, in the order the command line gives them (`--var-file a --var b=1 --var-file c`). */
  inOrder(options: readonly string[]): { option: string; value: string }[] {
    return this.given.filter((item) => options.includes(item.option));
  }

  flag(option: string): boolean {
    return this.values[option] === true;
  }
}

const commands: Record<CommandName, () => Promise<{ run: Command }>> = {
  synth: () => import("./commands/synth"),
  check: () => import("./commands/check"),
  policies: () => import("./commands/policies"),
  "new-region": () => import("./commands/new-region"),
  diff: () => import("./commands/diff"),
  "plan-summary": () => import("./commands/plan-summary"),
  "restore-drill": () => import("./commands/restore-drill"),
  flows: () => import("./commands/flows"),
  report: () => import("./commands/report"),
  transparency: () => import("./commands/transparency"),
};

function parseCommandArgs(name: CommandName, args: string[]): CommandArgs {
  const help = commandHelp[name];
  const options: NonNullable<ParseArgsConfig["options"]> = Object.fromEntries(
    Object.entries(help.options).map(([flag, option]) => [flag, { type: option.type, ...("multiple" in option ? { multiple: option.multiple } : {}) }]),
  );
  try {
    const { values, positionals, tokens } = parseArgs({ args, options, strict: true, allowPositionals: "arguments" in help, tokens: true });
    const given = tokens.flatMap((token) => (token.kind === "option" && typeof token.value === "string" ? [{ option: token.name, value: token.value }] : []));
    return new CommandArgs(values, positionals, given);
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ""));
  }
}

const wantsHelp = (args: readonly string[]): boolean => args.includes("--help") || args.includes("-h");

/**
 * The hook that keeps V8's compiled code of a command's bundle and packages between runs, in the project's
 * node_modules/.cache, one cache per command (a check does not read the code a synthesis compiled).
 */
export const compileCacheHooks = (projectFolder: string): Hooks => ({
  beforeCommand: (command) => enableCompileCache(join(projectFolder, "node_modules", ".cache", "eds-compile-cache", command)),
});

export interface Hooks {
  /** Called once the command line is known to run a command (not help or a usage error), before it loads. */
  readonly beforeCommand?: (command: string) => void;
}

/** Runs one command line; returns its exit code and never throws. */
export async function main(argv: readonly string[], io: Io = processIo, hooks: Hooks = {}): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    io.err(usage());
    return exitCode.badInput;
  }
  if (name === "--help" || name === "-h" || (name === "help" && args.length === 0)) {
    io.out(usage());
    return exitCode.ok;
  }
  if (name === "--version" || name === "-V") {
    const [{ readFileSync }, { projectRoot }] = await Promise.all([import("node:fs"), import("../lib/paths")]);
    const { version } = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { version: string };
    io.out(`eds ${version}`);
    return exitCode.ok;
  }
  if (name === "help") {
    const topic = args[0]!;
    if (!isCommand(topic)) return unknownCommand(topic, io);
    io.out(usageOf(topic));
    return exitCode.ok;
  }
  if (!isCommand(name)) return unknownCommand(name, io);
  if (wantsHelp(args)) {
    io.out(usageOf(name));
    return exitCode.ok;
  }
  try {
    const parsed = parseCommandArgs(name, args);
    hooks.beforeCommand?.(name);
    const { run } = await commands[name]();
    return await run(parsed, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`eds ${name}: ${error.message}\n(eds help ${name} shows its options and examples)`);
      return error.exitCode;
    }
    if (error instanceof EdsError) {
      io.err(error.message);
      return error.exitCode;
    }
    const { message, stack } = error instanceof Error ? error : new Error(String(error));
    io.err(`eds ${name}: internal error: ${message}${process.env.EDS_DEBUG ? `\n${stack}` : " (set EDS_DEBUG=1 for details)"}`);
    return exitCode.internalError;
  }
}

function unknownCommand(name: string, io: Io): number {
  const hint = closest(name, Object.keys(commandHelp));
  io.err(`eds: unknown command "${name}"${hint ? `; did you mean "${hint}"?` : ""}\n\n${usage()}`);
  return exitCode.badInput;
}
