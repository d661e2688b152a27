import { relative } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ConfigError } from "../stacks/config/issues";
import { synthesizeRegions } from "../stacks/synthesize";
import { today } from "../stacks/today";

/** Exit codes of every command. */
export const exitCode = { ok: 0, policyFailed: 1, badInput: 2, internalError: 3 } as const;

/** Where a command writes; tests pass their own to capture the output. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

const processIo: Io = { out: (text) => process.stdout.write(`${text}\n`), err: (text) => process.stderr.write(`${text}\n`) };

class UsageError extends Error {}

const usage = `usage: eds <command> [options]

commands:
  synth [--env <file>]... [--all] [--out <dir>] [--local-state]
        validate the environments and synthesize the stacks of the default region (or those named)

exit codes: 0 fine, 1 a mandatory policy failed, 2 bad input, 3 internal error`;

type Command = (args: string[], io: Io) => Promise<number>;

const commands: Record<string, Command> = {
  async synth(args, io) {
    const { values } = parse(args, {
      env: { type: "string", multiple: true },
      all: { type: "boolean" },
      out: { type: "string" },
      "local-state": { type: "boolean" },
    });
    if (values.all && values.env?.length) throw new UsageError("synth: give either --all or --env, not both");
    const result = synthesizeRegions({
      ...(values.env ? { envFiles: values.env } : {}),
      all: values.all ?? false,
      ...(values.out ? { outdir: values.out } : {}),
      localState: values["local-state"] ?? false,
      today: today(),
    });
    for (const [stack, file] of Object.entries(result.stacks)) io.out(`synthesized ${stack} → ${relative(process.cwd(), file)}`);
    return exitCode.ok;
  },
};

function parse<const T extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Runs one command; returns its exit code and never throws. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    io.err(name && name !== "--help" ? `eds: unknown command "${name}"\n\n${usage}` : usage);
    return name && name !== "--help" ? exitCode.badInput : exitCode.ok;
  }
  try {
    return await command(args, io);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(error.message);
      return exitCode.badInput;
    }
    if (error instanceof UsageError) {
      io.err(`eds ${name}: ${error.message}\n\n${usage}`);
      return exitCode.badInput;
    }
    io.err(`eds ${name}: internal error: ${(error as Error).message}${process.env.EDS_DEBUG ? `\n${(error as Error).stack}` : " (set EDS_DEBUG=1 for details)"}`);
    return exitCode.internalError;
  }
}
