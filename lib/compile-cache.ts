import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import Module from "node:module";
import { dirname, join } from "node:path";
import { Script } from "node:vm";

/** Where a file's compiled code sits in the blob, and the file's size and modification time it was compiled from. */
interface Entry {
  readonly stamp: string;
  readonly offset: number;
  readonly length: number;
}

/** Node's CommonJS internals the cache hooks into (node/lib/internal/modules/cjs/loader.js). */
interface CommonJsModule {
  exports: unknown;
  require(id: string): unknown;
}
interface CommonJsStatics {
  prototype: { _compile(this: CommonJsModule, content: string, filename: string): unknown };
  wrap(content: string): string;
  _resolveFilename(request: string, parent: CommonJsModule, isMain: boolean, options?: unknown): string;
  _cache: unknown;
  _extensions: unknown;
}

/**
 * Packages a dependency requires as it loads, for a feature no command of ours uses: loaded when first used instead.
 * cdktf requires archiver (cdktf/lib/private/fs.js) only to zip a TerraformAsset, which no stack has, and semver
 * (cdktf/lib/validations/validate-binary-version.js) only to compare the version of a Terraform binary, which
 * synthesis never runs. Loading them costs about 45 ms of every synthesis.
 */
const loadedWhenUsed: ReadonlySet<string> = new Set(["archiver", "semver"]);

/** A stand-in for a module's exports (a function or an object) that requires the module on first use. */
function whenUsed(load: () => unknown): unknown {
  let loaded: object | undefined;
  const real = (): object => {
    loaded ??= load() as object;
    return loaded;
  };
  return new Proxy(() => undefined, {
    apply: (_, self, args) => Reflect.apply(real() as (...args: unknown[]) => unknown, self, args),
    get: (_, key) => Reflect.get(real(), key),
    has: (_, key) => Reflect.has(real(), key),
  });
}

/** A file's size and modification time, which its saved code must match; undefined when the file is gone. */
function stampOf(filename: string): string | undefined {
  const stats = statSync(filename, { throwIfNoEntry: false });
  return stats ? `${stats.size}:${stats.mtimeMs}` : undefined;
}

/**
 * Keeps V8's compiled code of the CommonJS packages a command loads (cdktf and the providers' bindings: 25 MB of
 * JavaScript) between runs, as Node 22's module.enableCompileCache() does for Node 20. A file's code is saved once,
 * at the end of the first run that loads it, so it holds every function that run compiled and not only the top level;
 * it is used as long as the file's size and modification time are unchanged. A run that loads nothing new writes
 * nothing. Failures to read or write the cache only cost speed.
 */
export function enableCompileCache(directory: string): void {
  // One file, replaced in one rename, so that concurrent runs never pair an index with another run's code:
  // the index's length (4 bytes), the index (JSON), then the code.
  const file = join(directory, "code-cache.bin");
  let index: Record<string, Entry> = {};
  let blob = Buffer.alloc(0);
  try {
    const stored = readFileSync(file);
    const indexLength = stored.readUInt32LE(0);
    index = JSON.parse(stored.subarray(4, 4 + indexLength).toString("utf8")) as Record<string, Entry>;
    blob = stored.subarray(4 + indexLength);
  } catch {
    index = {};
  }
  const compiledNow = new Map<string, { script: Script; stamp: string }>();
  const commonJs = Module as unknown as CommonJsStatics;

  commonJs.prototype._compile = function compile(this: CommonJsModule, content: string, filename: string) {
    const stamp = stampOf(filename) ?? "";
    const entry = index[filename];
    const cachedData = entry?.stamp === stamp ? blob.subarray(entry.offset, entry.offset + entry.length) : undefined;
    const source = content.startsWith("#!") ? content.replace(/^#!.*/, "") : content;
    const script = new Script(commonJs.wrap(source), { filename, cachedData });
    if (cachedData === undefined || script.cachedDataRejected) compiledNow.set(filename, { script, stamp });
    const require = Object.assign((id: string) => (loadedWhenUsed.has(id) ? whenUsed(() => this.require(id)) : this.require(id)), {
      resolve: (request: string, options?: unknown) => commonJs._resolveFilename(request, this, false, options),
      main: process.mainModule,
      cache: commonJs._cache,
      extensions: commonJs._extensions,
    });
    const wrapper = script.runInThisContext({ filename, displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, require, this, filename, dirname(filename));
  };

  process.once("exit", () => {
    if (compiledNow.size === 0) return;
    try {
      const parts: Buffer[] = [];
      const next: Record<string, Entry> = {};
      let offset = 0;
      const add = (filename: string, stamp: string, code: Buffer) => {
        next[filename] = { stamp, offset, length: code.length };
        parts.push(code);
        offset += code.length;
      };
      // Code of a file that is gone or has changed since is dropped, so that the cache does not grow with every build.
      for (const [filename, entry] of Object.entries(index))
        if (!compiledNow.has(filename) && stampOf(filename) === entry.stamp)
          add(filename, entry.stamp, blob.subarray(entry.offset, entry.offset + entry.length));
      for (const [filename, { script, stamp }] of compiledNow) add(filename, stamp, script.createCachedData());
      const indexBytes = Buffer.from(JSON.stringify(next), "utf8");
      const indexLength = Buffer.alloc(4);
      indexLength.writeUInt32LE(indexBytes.length, 0);
      mkdirSync(directory, { recursive: true });
      const partial = `${file}.${process.pid}`;
      writeFileSync(partial, Buffer.concat([indexLength, indexBytes, ...parts]));
      renameSync(partial, file);
    } catch {
      // A cache that cannot be written is only slower.
    }
  });
}
