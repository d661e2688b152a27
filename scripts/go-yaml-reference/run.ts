// Builds and runs the reference program beside this file (main.go): what kubectl sends for each YAML text. Needs Go and
// the Go sources of sigs.k8s.io/yaml and gopkg.in/yaml.v2 as Debian installs them (apt-get install golang-go
// golang-k8s-sigs-yaml-dev golang-gopkg-yaml.v2-dev), read in GOPATH mode, with no module download.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const debianGoSources = "/usr/share/gocode";
const packages = ["golang-k8s-sigs-yaml-dev", "golang-gopkg-yaml.v2-dev"];

/** What kubectl sends for a text: its JSON as sigs.k8s.io/yaml writes it, or the error it stops with. */
export type KubectlReading = { readonly json: string } | { readonly error: string };

/** Whether the reference can run here: Go on the PATH, and both libraries' sources. */
export const goYamlReferenceAvailable = (): boolean =>
  spawnSync("go", ["version"]).status === 0 && ["sigs.k8s.io/yaml", "gopkg.in/yaml.v2"].every((path) => existsSync(join(debianGoSources, "src", path)));

/** The Debian packages the reference is built from, with their versions: `golang-k8s-sigs-yaml-dev 1.3.0-1, ...`. */
export function goYamlReferenceVersions(): string {
  const listed = spawnSync("dpkg-query", ["-W", "-f", "${Package} ${Version}\\n", ...packages], { encoding: "utf8" });
  return listed.stdout.trim().split("\n").join(", ");
}

/** Each text as kubectl reads it. */
export function goYamlReference(texts: readonly string[]): KubectlReading[] {
  const gopath = mkdtempSync(join(tmpdir(), "eds-go-yaml-"));
  mkdirSync(join(gopath, "src", "reference"), { recursive: true });
  copyFileSync(join(import.meta.dirname, "main.go"), join(gopath, "src", "reference", "main.go"));
  const env = { ...process.env, GO111MODULE: "off", GOPATH: `${gopath}:${debianGoSources}`, GOCACHE: join(gopath, "cache"), GOFLAGS: "" };
  const built = spawnSync("go", ["build", "-o", join(gopath, "reference"), "reference"], { env, encoding: "utf8" });
  if (built.status !== 0) throw new Error(`go build failed: ${built.stderr}`);
  const ran = spawnSync(join(gopath, "reference"), { input: JSON.stringify(texts), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (ran.status !== 0) throw new Error(`the reference failed: ${ran.stderr}`);
  return JSON.parse(ran.stdout) as KubectlReading[];
}
