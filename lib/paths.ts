import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The project's root folder: the nearest ancestor holding the project's package.json. Found by walking up, so it is
 * the same whether this module runs from its source or from the bundle in dist/.
 */
export const projectRoot = findProjectRoot(dirname(fileURLToPath(import.meta.url)));

function findProjectRoot(start: string): string {
  for (let folder = start; ; folder = dirname(folder)) {
    const manifest = join(folder, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "eds-regional") return folder;
    if (dirname(folder) === folder) throw new Error(`no eds-regional package.json above ${start}`);
  }
}

/** A path as messages show it: absolute when the user wrote it absolute, else relative to the working directory. */
export const displayPath = (path: string): string => (isAbsolute(path) ? path : relative(process.cwd(), resolve(path)) || path);

/**
 * A path as written into files the project produces (policy contexts, reports): relative to the project's root when
 * inside it, so that the same input gives the same bytes in any checkout; as given otherwise.
 */
export function projectRelative(path: string): string {
  return pathWithin(projectRoot, resolve(path)) || path;
}

/** A path relative to a folder that holds it ("" for the folder itself); undefined when the folder does not hold it. */
export function pathWithin(folder: string, path: string): string | undefined {
  const inside = relative(folder, path);
  return inside.startsWith("..") || isAbsolute(inside) ? undefined : inside;
}
