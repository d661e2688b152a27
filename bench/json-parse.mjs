// The yardstick of the check benchmark: read and parse a Terraform JSON file, nothing else.
// Usage: node bench/json-parse.mjs <file>
import { readFileSync } from "node:fs";

JSON.parse(readFileSync(process.argv[2], "utf8"));
