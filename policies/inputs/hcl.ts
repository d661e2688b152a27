// HCL through @cdktf/hcl2json (Go's HCL parser in WebAssembly), in a module of its own: read.ts loads it only when a
// .tf file is read, since starting the WebAssembly runtime costs more than a whole check of a small JSON file.
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { parse } from "@cdktf/hcl2json";

export const parseHcl = (file: string, text: string): Promise<Record<string, unknown>> => parse(file, text) as Promise<Record<string, unknown>>;

/** One file to parse, and what came of it: its document, or the parser's message. */
export interface HclFile {
  readonly name: string;
  readonly text: string;
}
export type HclResult = { readonly document: Record<string, unknown> } | { readonly error: string };

/**
 * Below this much HCL, workers cost more to start (each loads its own WebAssembly parser) than they save. Measured with
 * `npm run bench:hcl`: the parser takes about 0.4 ms per resource, so a few hundred resources are worth one thread.
 */
const parallelFrom = 256 * 1024;

const workerCode = `const { parentPort, workerData } = require("node:worker_threads");
const { parse } = require(workerData.parser);
parentPort.on("message", async ({ index, name, text }) => {
  try {
    parentPort.postMessage({ index, document: await parse(name, text) });
  } catch (error) {
    parentPort.postMessage({ index, error: String((error && error.message) || error) });
  }
});`;

const settle = (promise: Promise<Record<string, unknown>>): Promise<HclResult> =>
  promise.then(
    (document) => ({ document }),
    (error: Error) => ({ error: error.message }),
  );

/**
 * Parses many files: in this thread when they are few or small, otherwise on worker threads, one parser each (the
 * parser is single-threaded: the files of a large repository are parsed side by side). Results come in input order.
 */
export async function parseHclFiles(files: readonly HclFile[]): Promise<HclResult[]> {
  const size = files.reduce((total, file) => total + file.text.length, 0);
  const threads = Math.min(availableParallelism(), files.length, 4);
  if (threads < 2 || size < parallelFrom) {
    const results: HclResult[] = [];
    for (const file of files) results.push(await settle(parseHcl(file.name, file.text)));
    return results;
  }
  const parser = createRequire(import.meta.url).resolve("@cdktf/hcl2json");
  const results: HclResult[] = new Array(files.length);
  let next = 0;
  const workers = Array.from({ length: threads }, () => new Worker(workerCode, { eval: true, workerData: { parser } }));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= files.length) return resolve();
              const index = next++;
              worker.postMessage({ index, name: files[index]!.name, text: files[index]!.text });
            };
            worker.on("message", (message: { index: number } & HclResult) => {
              const { index, ...result } = message;
              results[index] = result;
              send();
            });
            worker.on("error", reject);
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}
