// Builds what the command line runs, at install (`npm ci` runs it as `prepare`) and before the tests: the OpenStack
// bindings (.gen/, skipped when up to date), then one ESM bundle of our TypeScript in dist/, split per command so each
// loads only what it needs. Packages stay in node_modules. Both folders are git-ignored build output.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));

for (const step of ["generate-bindings.ts", "precompile-validators.ts"]) {
  const run = spawnSync(process.execPath, ["--import", "tsx", join(root, "scripts", step)], { stdio: "inherit" });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

/**
 * Packages are not bundled, and they are loaded with require(): they are CommonJS, and importing CommonJS from ESM
 * makes Node scan each file for its export names (a quarter of the start-up time with cdktf and the providers).
 * The provider-kubernetes submodules are imported as folders (`.../lib/deployment-v1`): require resolves those.
 * A package imported with import() would expose only a default export: import() our own modules, which import packages.
 */
const packagesRequired: Plugin = {
  name: "packages-required",
  setup(context) {
    context.onResolve({ filter: /^[^./]/ }, ({ path, namespace }) => {
      if (path.startsWith("node:") || namespace === "required-package") return { path, external: true };
      return { path, namespace: "required-package" };
    });
    context.onLoad({ filter: /.*/, namespace: "required-package" }, ({ path }) => ({
      contents: `module.exports = require(${JSON.stringify(path)});`,
      loader: "js",
    }));
  },
};

const outdir = join(root, "dist");
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { cli: join(root, "scripts", "cli.ts"), "cdktf-app": join(root, "scripts", "cdktf-app.ts") },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  chunkNames: "chunks/[name]-[hash]",
  plugins: [packagesRequired],
  banner: { js: 'import { createRequire as __edsCreateRequire } from "node:module"; const require = __edsCreateRequire(import.meta.url);' },
  logLevel: "warning",
});
