// The HCL parser alone on every .tf file of a folder, as eds check reads them (one after the other).
// Usage: node bench/hcl-parse.mjs <folder>
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "@cdktf/hcl2json";

const folder = process.argv[2];
for (const name of readdirSync(folder).filter((n) => n.endsWith(".tf"))) await parse(name, readFileSync(join(folder, name), "utf8"));
