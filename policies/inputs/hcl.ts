// HCL through @cdktf/hcl2json (Go's HCL parser in WebAssembly), in a module of its own: read.ts loads it only when a
// .tf file is read, since starting the WebAssembly runtime costs more than a whole check of a small JSON file.
import { parse } from "@cdktf/hcl2json";

export const parseHcl = (file: string, text: string): Promise<Record<string, unknown>> => parse(file, text) as Promise<Record<string, unknown>>;
