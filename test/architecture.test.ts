import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../lib/paths";

/** Our TypeScript sources by top-level folder, with the top-level folders of ours that each imports. */
function importsByFolder(): Map<string, { file: string; imports: string }[]> {
  const found = new Map<string, { file: string; imports: string }[]>();
  const visit = (folder: string) => {
    for (const entry of readdirSync(join(projectRoot, folder), { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith(".ts")) {
        const source = readFileSync(join(projectRoot, path), "utf8");
        for (const [, specifier] of source.matchAll(/(?:from\s+|import\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g)) {
          const target = relative(projectRoot, resolve(projectRoot, dirname(path), specifier!)).split("/")[0]!;
          const top = path.split("/")[0]!;
          if (target !== top) found.set(top, [...(found.get(top) ?? []), { file: path, imports: target }]);
        }
      }
    }
  };
  for (const folder of ["lib", "config", "constructs", "stacks", "policies", "regions", "transparency", "scripts"]) visit(folder);
  return found;
}

/** What each layer may import besides itself: data flows YAML → config → constructs → JSON → policies → reports. */
const allowed: Record<string, readonly string[]> = {
  lib: [],
  policies: ["lib"],
  constructs: ["lib", ".gen"],
  config: ["lib", "policies", "constructs"],
  stacks: ["lib", "config", "constructs", "policies", "transparency", ".gen"],
  regions: ["lib", "config", "stacks", "policies", "constructs"],
  transparency: ["lib", "config"],
  scripts: ["lib", "config", "stacks", "policies", "regions", "transparency", "constructs"],
};

describe("the layout", () => {
  const imports = importsByFolder();

  it.each(Object.keys(allowed))("%s imports only the layers below it", (folder) => {
    const forbidden = (imports.get(folder) ?? []).filter(({ imports: target }) => !allowed[folder]!.includes(target));
    expect(forbidden.map(({ file, imports: target }) => `${file} imports ${target}/`)).toEqual([]);
  });

  it("reads the imports it judges (a scan that finds none would pass anything)", () => {
    expect(new Set((imports.get("stacks") ?? []).map(({ imports: target }) => target))).toEqual(
      new Set(["lib", "config", "constructs", "policies", "transparency", ".gen"]),
    );
  });

  it("keeps policies apart from what they judge: no construct, stack or environment model", () => {
    const targets = new Set((imports.get("policies") ?? []).map(({ imports: target }) => target));
    for (const upstream of ["constructs", "stacks", "config", "regions"]) expect(targets.has(upstream), upstream).toBe(false);
  });
});
