import { main, type Io } from "../../scripts/cli";

/** Runs an eds command in-process, capturing what it prints. */
export async function runEds(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (text) => out.push(text), err: (text) => err.push(text) };
  const code = await main(argv, io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}
