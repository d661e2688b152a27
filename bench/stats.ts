import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export const formatMs = (ms: number): string => `${ms.toFixed(0)} ms`;

/** The project's root, for the commands the benchmarks run. */
export const root = fileURLToPath(new URL("..", import.meta.url));

/** Runs a command to completion and returns its wall time in milliseconds; throws when it fails unexpectedly. */
export function wallMs(command: readonly string[], okStatus: readonly number[] = [0]): number {
  const start = performance.now();
  const run = spawnSync(command[0]!, command.slice(1), { encoding: "utf8", cwd: root, env: { ...process.env, CHECKPOINT_DISABLE: "1" }, maxBuffer: 1 << 30 });
  const ms = performance.now() - start;
  if (!okStatus.includes(run.status ?? -1)) throw new Error(`${command.join(" ")} exited ${run.status}:\n${run.stderr}`);
  return ms;
}

/**
 * Times two commands in turn (A B A B ..., after one warm-up each) and returns the medians and the median of the
 * pairwise ratios A/B, so a comparison holds when the machine's speed drifts.
 */
export function pair(a: readonly string[], b: readonly string[], runs: number, okStatus: readonly number[] = [0]): { a: number; b: number; ratio: number } {
  wallMs(a, okStatus);
  wallMs(b);
  const samples = Array.from({ length: runs }, () => ({ a: wallMs(a, okStatus), b: wallMs(b) }));
  return { a: median(samples.map((s) => s.a)), b: median(samples.map((s) => s.b)), ratio: median(samples.map((s) => s.a / s.b)) };
}
