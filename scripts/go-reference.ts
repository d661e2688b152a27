// Builds and runs a reference program in Go: one main.go read in GOPATH mode over the Go sources Debian installs
// (/usr/share/gocode), with no module download, for the tests that hold a reader to the library the checked program
// itself uses (scripts/yaml-reference, scripts/cron-reference, scripts/image-reference).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const debianGoSources = "/usr/share/gocode";

/** Whether a reference can be built here: Go on the PATH, and the sources of each import path it names. */
export const goReferenceAvailable = (imports: readonly string[]): boolean =>
  spawnSync("go", ["version"]).status === 0 && imports.every((path) => existsSync(join(debianGoSources, "src", path)));

/** The Debian packages a reference is built from, with their versions: `golang-k8s-sigs-yaml-dev 1.3.0-1, ...`. */
export function debianVersions(packages: readonly string[]): string {
  const listed = spawnSync("dpkg-query", ["-W", "-f", "${Package} ${Version}\\n", ...packages], { encoding: "utf8" });
  return listed.stdout.trim().split("\n").join(", ");
}

/**
 * What the program `main.go` writes on its output for `input`, built afresh in a temporary GOPATH; `rewrite` changes its
 * source first (another import path for the same API). `gopaths` are read before Debian's, for sources Debian does not
 * package (scripts/pod-security-reference/gopath.sh lays one out).
 */
export function runGoReference(main: string, input: string, rewrite: (source: string) => string = (source) => source, gopaths: readonly string[] = []): string {
  const gopath = mkdtempSync(join(tmpdir(), "eds-go-reference-"));
  mkdirSync(join(gopath, "src", "reference"), { recursive: true });
  writeFileSync(join(gopath, "src", "reference", "main.go"), rewrite(readFileSync(main, "utf8")));
  const env = { ...process.env, GO111MODULE: "off", GOPATH: [gopath, ...gopaths, debianGoSources].join(":"), GOCACHE: join(gopath, "cache"), GOFLAGS: "" };
  try {
    const built = spawnSync("go", ["build", "-o", join(gopath, "reference"), "reference"], { env, encoding: "utf8" });
    if (built.status !== 0) throw new Error(`go build failed: ${built.stderr}`);
    const ran = spawnSync(join(gopath, "reference"), { input, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (ran.status !== 0) throw new Error(`the reference failed: ${ran.stderr}`);
    return ran.stdout;
  } finally {
    // The build cache and the program are of this run alone: a refresh leaves no folder behind.
    rmSync(gopath, { recursive: true, force: true });
  }
}
