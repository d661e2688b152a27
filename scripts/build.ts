// Builds what the command line runs, at install (`npm ci` runs it as `prepare`) and before the tests: the OpenStack
// bindings (.gen/, skipped when up to date), then our TypeScript as CommonJS bundles in dist/: the command line (help and
// dispatch), one bundle per command, and the npx cdktf entry. Packages stay in node_modules, except zod (below). Both folders are
// git-ignored build output.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin, transformSync } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const outdir = join(root, "dist");

for (const step of ["generate-bindings.ts", "precompile-validators.ts"]) {
  const run = spawnSync(process.execPath, ["--import", "tsx", join(root, "scripts", step)], { stdio: "inherit" });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

/**
 * Why CommonJS: Node 20 keeps no compiled code of ES modules between runs, and compiling our code at every start was a
 * tenth of a synthesis; CommonJS files go through the compile cache (lib/compile-cache.ts) like the packages. esbuild
 * splits only ES modules, so each command is a bundle of its own and a run loads the command line and one command.
 * The errors module is an entry too: the command line recognises a command's errors by their class.
 */
const entries: Record<string, string> = {
  cli: join(root, "scripts", "cli.ts"),
  errors: join(root, "lib", "errors.ts"),
  "cdktf-app": join(root, "scripts", "cdktf-app.ts"),
  ...Object.fromEntries(
    readdirSync(join(root, "scripts", "commands"))
      .filter((file) => file.endsWith(".ts"))
      .map((file) => [`command-${basename(file, ".ts")}`, join(root, "scripts", "commands", file)]),
  ),
};

/**
 * An import of another entry's module, from any bundle, is a require() of that entry's bundle: one copy of each. A
 * dynamic import() goes through a one-line shim, so that it too is a require() (esbuild keeps an external import() as
 * it is, and Node's ES module loader would scan the whole bundle for its export names).
 */
const entriesLinked: Plugin = {
  name: "entries-linked",
  setup(context) {
    const bundleOf = new Map(Object.entries(entries).map(([name, source]) => [source, `./${name}.cjs`]));
    context.onResolve({ filter: /^\./ }, ({ path, resolveDir, kind, namespace }) => {
      if (namespace === "required-bundle") return { path, external: true };
      if (kind === "entry-point") return undefined;
      const bundle = bundleOf.get(`${resolve(resolveDir, path)}.ts`);
      if (!bundle) return undefined;
      return kind === "dynamic-import" ? { path: bundle, namespace: "required-bundle" } : { path: bundle, external: true };
    });
    context.onLoad({ filter: /.*/, namespace: "required-bundle" }, ({ path }) => ({
      contents: `module.exports = require(${JSON.stringify(path)});`,
      loader: "js",
    }));
  },
};

/**
 * The provider bindings' files are seven tenths doc comments: a synthesis read 26 MB of them for the Kubernetes
 * resource types it uses. The bundles load instead a copy of each binding folder they import (such as
 * @cdktf/provider-kubernetes/lib/deployment-v1), made below without comments and blank space: the same code, and
 * a folder needs nothing outside itself but the cdktf package.
 */
const bindingFolders = new Set<string>();
const bindingsStripped: Plugin = {
  name: "bindings-stripped",
  setup(context) {
    context.onResolve({ filter: /^@cdktf\/provider-[a-z]+\/lib\/[a-z0-9-]+$/ }, ({ path }) => {
      bindingFolders.add(path);
      return { path: `./${path}`, external: true };
    });
  },
};

/**
 * zod is the one package the bundles hold: required from node_modules, it loads its 49 locales, about 250 files, for
 * the English messages alone. Bundled from its ES modules and imported as a namespace (`import * as z`), it keeps what
 * the schemas call, a tenth of it, and goes through the compile cache with our code.
 */
const zodBundled: Plugin = {
  name: "zod-bundled",
  setup(context) {
    context.onResolve({ filter: /^zod$/ }, () => ({ path: join(root, "node_modules", "zod", "index.js") }));
  },
};

function copyStripped(binding: string): void {
  const from = join(root, "node_modules", binding);
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".js")) {
        const target = join(outdir, binding, relative(from, path));
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, transformSync(readFileSync(path, "utf8"), { loader: "js", minifyWhitespace: true, legalComments: "none" }).code);
      }
    }
  };
  walk(from);
}

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: entries,
  outdir,
  outExtension: { ".js": ".cjs" },
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  packages: "external",
  plugins: [entriesLinked, bindingsStripped, zodBundled],
  // Modules that find files next to themselves (the project's root, packages to resolve) do it from the bundle's place.
  // The banner comes before esbuild's own "use strict", so it says it first: our modules are strict, as in the tests.
  define: { "import.meta.url": "__edsModuleUrl" },
  banner: { js: '"use strict"; const __edsModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
  logLevel: "warning",
});
for (const binding of [...bindingFolders].sort()) copyStripped(binding);
// The copies keep their .js names: CommonJS by this folder's package.json, as by theirs (the project's says "module").
writeFileSync(join(outdir, "package.json"), `${JSON.stringify({ type: "commonjs" })}\n`);
