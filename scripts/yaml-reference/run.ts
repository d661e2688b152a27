// The two references the YAML readers are held to, for a list of texts:
// - what kubectl sends for each: the program beside this file (main.go), built with Go and the sources of
//   sigs.k8s.io/yaml and gopkg.in/yaml.v2 as Debian installs them (apt-get install golang-go golang-k8s-sigs-yaml-dev
//   golang-gopkg-yaml.v2-dev), read in GOPATH mode, with no module download;
// - what Terraform's yamldecode gives for each, as `terraform console` prints it through jsonencode.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { debianVersions, goReferenceAvailable, runGoReference } from "../go-reference";

/** What kubectl sends for a text: its JSON as sigs.k8s.io/yaml writes it, or the error it stops with. */
export type KubectlReading = { readonly json: string } | { readonly error: string };

/** Whether kubectl's reference can run here: Go on the PATH, and both libraries' sources. */
export const goYamlReferenceAvailable = (): boolean => goReferenceAvailable(["sigs.k8s.io/yaml", "gopkg.in/yaml.v2"]);

/** The Debian packages kubectl's reference is built from, with their versions. */
export const goYamlReferenceVersions = (): string => debianVersions(["golang-k8s-sigs-yaml-dev", "golang-gopkg-yaml.v2-dev"]);

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
export const goYamlReference = (texts: readonly string[]): KubectlReading[] =>
  JSON.parse(runGoReference(join(import.meta.dirname, "main.go"), JSON.stringify(texts))) as KubectlReading[];
