// The reference the Go templates of Argo CD ApplicationSets are held to (policies/lib/gitops-charts.ts,
// goTemplateFilled): the program beside this file (main.go), Go's text/template, built with Go alone.
import { join } from "node:path";
import { goReferenceAvailable, runGoReference } from "../go-reference";

/** A template filled with an element, with text/template options: what it prints, or the error it stops with. */
export type GoTemplateReading = { readonly output: string } | { readonly error: string };

export const goTemplateReferenceAvailable = (): boolean => goReferenceAvailable([]);

/** Each template filled with its element (JSON text) as the reference fills it. */
export function goTemplateReference(cases: readonly { template: string; element: string; options: readonly string[] }[]): GoTemplateReading[] {
  return JSON.parse(runGoReference(join(import.meta.dirname, "main.go"), JSON.stringify({ cases })));
}
