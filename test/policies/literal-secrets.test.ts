import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runPolicies } from "../../policies/engine/run";
import { readConfigurations } from "../../policies/inputs/read";
import noLiteralSecretArguments from "../../policies/rules/secrets/no-literal-secret-arguments";
import { fixtureSettings } from "./fixture-runner";

/** The literal credentials no-literal-secret-arguments finds in one Terraform file, as `address path :line`. */
async function literalCredentials(terraform: string): Promise<string[]> {
  const folder = mkdtempSync(join(tmpdir(), "eds-literal-secrets-"));
  writeFileSync(join(folder, "main.tf"), terraform);
  const configurations = await readConfigurations([folder]);
  return runPolicies(configurations, { policies: [noLiteralSecretArguments], settings: fixtureSettings })
    .outcomes.filter((o) => o.status === "violation")
    .map((o) => `${o.address} ${o.path} :${o.line}`);
}

describe("no-literal-secret-arguments on a raw chart's objects", () => {
  it("judges a custom resource read as the workload of its pods once, at the release, where it is written", async () => {
    const found = await literalCredentials(
      [
        'resource "helm_release" "raw" {',
        '  name       = "rollouts"',
        '  repository = "oci://registry.example.fr/charts"',
        '  chart      = "raw"',
        '  version    = "2.0.0"',
        "  values = [yamlencode({ resources = [{",
        '    apiVersion = "argoproj.io/v1alpha1", kind = "Rollout", metadata = { name = "web" }',
        '    spec = { notifier = { apiToken = "not-a-real-one-2024" }, template = { spec = { containers = [{ name = "web", image = "registry.example.fr/web:1" }] } } }',
        "  }] })]",
        "}",
      ].join("\n"),
    );
    expect(found).toEqual(["helm_release.raw values.resources[0].spec.notifier.apiToken :6"]);
  });
});
