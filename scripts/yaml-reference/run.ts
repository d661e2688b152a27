// The two references the YAML readers are held to, for a list of texts:
// - what kubectl sends for each: the program beside this file (main.go), built with Go and the sources of
//   sigs.k8s.io/yaml and gopkg.in/yaml.v2 as Debian installs them (apt-get install golang-go golang-k8s-sigs-yaml-dev
//   golang-gopkg-yaml.v2-dev), read in GOPATH mode, with no module download;
// - what Terraform's yamldecode gives for each, as `terraform console` prints it through jsonencode.
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

/** What yamldecode gives for a text, through jsonencode, or that one of them refuses it. */
export type TerraformReading = { readonly json: string } | { readonly refused: true };

/** Whether Terraform is on the PATH. */
export const terraformAvailable = (): boolean => spawnSync("terraform", ["version"]).status === 0;

/** Terraform's version, as `terraform version` names it: `Terraform v1.11.4`. */
export const terraformVersion = (): string => spawnSync("terraform", ["version"], { encoding: "utf8" }).stdout.split("\n")[0]!.trim();

/** Each text as `terraform console` decodes it with yamldecode, in one call. */
export function terraformYamlReadings(texts: readonly string[]): TerraformReading[] {
  const refused = "(refused)";
  // A text as an HCL string: JSON's escapes are HCL's, and a template sequence is escaped.
  const quoted = (text: string) => JSON.stringify(text).replaceAll("${", "$${").replaceAll("%{", "%%{");
  const expression = `jsonencode([${texts.map((text) => `try(jsonencode(yamldecode(${quoted(text)})), "${refused}")`).join(", ")}])`;
  const folder = mkdtempSync(join(tmpdir(), "eds-yamldecode-"));
  const printed = spawnSync("terraform", ["console"], {
    input: `${expression}\n`,
    encoding: "utf8",
    cwd: folder,
    env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1" },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (printed.status !== 0) throw new Error(`terraform console failed: ${printed.stderr}`);
  const readings = JSON.parse(JSON.parse(printed.stdout.trim())) as string[];
  return readings.map((reading) => (reading === refused ? { refused: true } : { json: reading }));
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
