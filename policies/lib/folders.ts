import type { WrittenFile } from "./cloud-init";

/** The files a machine holds below a folder, as programs that walk it find them. */

/** A file below a folder, by its path there. */
export interface FileBelow {
  readonly relative: string;
  readonly file: WrittenFile;
}

/** The files of `onDisk` (path to file) below `folder`, each by its path there. */
export const filesBelow = (folder: string, onDisk: ReadonlyMap<string, WrittenFile>): FileBelow[] => {
  const prefix = folder.endsWith("/") ? folder : `${folder}/`;
  return [...onDisk].filter(([path]) => path.startsWith(prefix)).map(([path, file]) => ({ relative: path.slice(prefix.length), file }));
};

/**
 * Two paths below a folder in the order Go's filepath.Walk and filepath.WalkDir visit them: name by name (lexically,
 * as os.ReadDir sorts them), a subfolder's files where its name sorts.
 */
export function walkOrder(a: string, b: string): number {
  const [left, right] = [a.split("/"), b.split("/")];
  for (let i = 0; i < Math.min(left.length, right.length); i++) if (left[i] !== right[i]) return left[i]! < right[i]! ? -1 : 1;
  return left.length - right.length;
}
