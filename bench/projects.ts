import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { environmentFile } from "../config/regions";

/** The default region with `count` projects, in a folder of its own (the shipped projects are the template). */
export function regionWithProjects(count: number): string {
  const document = parseDocument(readFileSync(environmentFile("nouvelle-aquitaine"), "utf8"));
  const template = (document.toJS() as { projects: Record<string, unknown>[] }).projects[0]!;
  document.set(
    "projects",
    Array.from({ length: count }, (_, i) => ({ ...template, id: `project-${String(i).padStart(3, "0")}`, membersGroup: `eds-project-${i}` })),
  );
  const folder = mkdtempSync(join(tmpdir(), "eds-bench-projects-"));
  writeFileSync(join(folder, "nouvelle-aquitaine.yaml"), document.toString());
  return join(folder, "nouvelle-aquitaine.yaml");
}
