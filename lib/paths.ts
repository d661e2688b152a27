import { isAbsolute, relative, resolve } from "node:path";

/** A path as messages show it: absolute when the user wrote it absolute, else relative to the working directory. */
export const displayPath = (path: string): string => (isAbsolute(path) ? path : relative(process.cwd(), resolve(path)) || path);
