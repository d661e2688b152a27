#!/usr/bin/env node
// The `eds` command: loads the TypeScript sources through tsx and hands over to scripts/cli.ts.
import { register } from "tsx/esm/api";

process.env.CHECKPOINT_DISABLE = "1";
register();
const { main } = await import("./cli.ts");
process.exitCode = await main(process.argv.slice(2));
