import type { Reporter } from "./report";

export type { ReportContext, Reporter } from "./report";

/** Each format's reporter, loaded only when that format is asked for. */
const loaders: Readonly<Record<string, () => Promise<Reporter>>> = {
  text: async () => (await import("./text")).textReporter,
  json: async () => (await import("./json")).jsonReporter,
  sarif: async () => (await import("./sarif")).sarifReporter,
  junit: async () => (await import("./junit")).junitReporter,
  markdown: async () => (await import("./markdown")).markdownReporter,
  html: async () => (await import("./html")).htmlReporter,
};

export const formats = Object.keys(loaders);

export async function loadReporter(format: string): Promise<Reporter> {
  const load = loaders[format];
  if (!load) throw new Error(`unknown format "${format}"`);
  return load();
}
