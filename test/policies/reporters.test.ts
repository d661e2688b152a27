import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import Ajv04 from "ajv-draft-04";
import MarkdownIt from "markdown-it";
import { beforeAll, describe, expect, it } from "vitest";
import { checkPaths } from "../../policies/check";
import type { PolicyRun } from "../../policies/engine/run";
import { allPacks } from "../../policies/packs/index";
import { formats, loadReporter } from "../../policies/reporters/index";
import { indentedJson, notJudged, reportText } from "../../policies/reporters/report";
import { reportFormats } from "../../scripts/help";
import { tool, validate } from "../helpers/validators";
import { fixtureSettings } from "./fixture-runner";

const require = createRequire(import.meta.url);
// The SARIF 2.1.0 schema (rtm.5, as published by the SARIF SDK); its language-code pattern is not valid in Unicode mode,
// hence unicodeRegExp: false below.
const sarifSchema = JSON.parse(readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
const context = { subject: "equivalence", commit: "0123456789abcdef0123456789abcdef01234567" };

let run: PolicyRun;
beforeAll(async () => {
  run = await checkPaths([join(import.meta.dirname, "equivalence", "main.tf.json")], {
    settings: {
      ...fixtureSettings,
      suppressions: [
        {
          policy: "volume-encrypted-type",
          resource: "openstack_blockstorage_volume_v3.data",
          reason: "migration volume, re-created encrypted in the next change",
          approver: "RSSI example region",
          expires: "2099-12-31",
          location: "environments/example.yaml:80",
        },
      ],
    },
  });
});

describe("reports", () => {
  it("are the same bytes for the same run", async () => {
    for (const format of formats) {
      const reporter = await loadReporter(format);
      expect(reportText(reporter, run, context), format).toBe(reportText(reporter, run, context));
    }
  });

  it("stream JSON as JSON.stringify writes it, byte for byte, whatever the array's place and items", () => {
    const items = [{ message: '"findings": "\u0000eds-streamed-array\u0000"', nested: { list: [1, [2, {}]], empty: [] } }, "text", 3, null, []];
    const cases: [object, readonly [...(string | number)[], string], unknown[]][] = [
      [{ subject: "s", findings: items, after: { findings: "not this one" } }, ["findings"], items],
      [{ subject: "s", findings: [] }, ["findings"], []],
      [{ runs: [{ tool: {}, results: items }] }, ["runs", 0, "results"], items],
    ];
    for (const [document, path, list] of cases) {
      const streamed = [...indentedJson(structuredClone(document), path, list)];
      expect(streamed.join("")).toBe(`${JSON.stringify(document, null, 2)}\n`);
    }
  });

  it("write a large run in pieces, none of them the whole report", async () => {
    const { policy } = run.policies[0]!;
    const outcomes = Array.from({ length: 20_000 }, (_, i) => ({
      policyId: policy.metadata.id,
      level: "mandatory" as const,
      status: "violation" as const,
      address: `openstack_networking_secgroup_rule_v2.r${String(i).padStart(5, "0")}`,
      stack: "main",
      file: "main.tf.json",
      message: "ingress from 0.0.0.0/0",
    }));
    const large: PolicyRun = { ...run, policies: [{ policy, level: "mandatory" }], outcomes };
    for (const format of formats) {
      const pieces = [...(await loadReporter(format))(large, context)];
      const whole = pieces.join("");
      expect(pieces.length, format).toBeGreaterThan(5);
      expect(Math.max(...pieces.map((piece) => piece.length)), format).toBeLessThan(whole.length / 4);
    }
  });

  it("are the formats the command line documents", async () => {
    expect(formats).toEqual([...reportFormats]);
  });

  it("SARIF is valid against the SARIF 2.1.0 schema, with one rule per policy and the address as logical location", async () => {
    const sarif = JSON.parse(reportText(await loadReporter("sarif"), run, context));
    const ajv = new Ajv04({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(sarifSchema);
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    const { rules } = sarif.runs[0].tool.driver;
    expect(rules.map((r: { id: string }) => r.id)).toEqual([...run.policies.map((p) => p.policy.metadata.id), "eds-input"]);
    expect(rules[0].help.text).toMatch(/Remediation: .+\nReferences: /);
    const ssh = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === "secgroup-no-public-ssh");
    expect(ssh.level).toBe("error");
    expect(ssh.locations[0].logicalLocations[0].fullyQualifiedName).toBe("openstack_networking_secgroup_rule_v2.ssh");
    // From the repository's root, as code scanning resolves it, however the path was given.
    expect(ssh.locations[0].physicalLocation.artifactLocation).toEqual({ uri: "test/policies/equivalence/main.tf.json", uriBaseId: "%SRCROOT%" });
    const absolute: PolicyRun = { ...run, outcomes: run.outcomes.map((o) => ({ ...o, file: resolve(o.file) })) };
    const fromAbsolute = JSON.parse(reportText(await loadReporter("sarif"), absolute, context));
    expect(fromAbsolute.runs[0].results.map((r: any) => r.locations[0].physicalLocation)).toEqual(
      sarif.runs[0].results.map((r: any) => r.locations[0].physicalLocation),
    );
    // The line of the argument the finding names, so code scanning annotates it.
    expect(ssh.locations[0].physicalLocation.region).toEqual({ startLine: 73 });
    // Code scanning opens an alert for every result, and reads neither kind nor suppressions: the results are what
    // fails or warns, as the exit code says; an excepted finding or a value not evaluable is left to the other formats.
    const results = sarif.runs[0].results as { ruleId: string; level: string }[];
    const failing = run.outcomes.filter((o) => o.status === "violation" || o.status === "error");
    expect(results).toHaveLength(failing.length);
    expect(results.find((r) => r.ruleId === "volume-encrypted-type")).toBeUndefined();
    expect(run.outcomes.some((o) => o.policyId === "volume-encrypted-type" && o.status === "suppressed")).toBe(true);
    // Only mandatory rules carry a security severity (High or Critical fails the check by default).
    for (const rule of rules.filter((r: { id: string }) => r.id !== "eds-input"))
      expect(rule.properties["security-severity"] !== undefined, rule.id).toBe(rule.defaultConfiguration.level === "error");
  });

  it("say FAIL in every format when some input could not be checked, as the exit code (2) does, whatever the policies found", async () => {
    const clean: PolicyRun = { ...run, outcomes: run.outcomes.filter((o) => o.status === "compliant") };
    const withProblem = { ...context, inputProblems: [{ file: "infra/broken.tf", message: "not HCL" }] };
    expect(reportText(await loadReporter("text"), clean, context)).toContain("result: PASS");
    expect(reportText(await loadReporter("text"), clean, withProblem)).toContain("result: FAIL (some input could not be checked)");
    expect(JSON.parse(reportText(await loadReporter("json"), clean, withProblem)).summary).toMatchObject({ passed: false, inputProblems: 1 });
    expect(reportText(await loadReporter("markdown"), clean, withProblem)).toMatch(/^## EDS Régional policy check: ❌ fail/);
    expect(reportText(await loadReporter("html"), clean, withProblem)).toContain("<b>FAIL (some input could not be checked)</b>");
  });

  it("SARIF reports a file the check could not read as a result, which code scanning shows", async () => {
    const sarif = JSON.parse(reportText(await loadReporter("sarif"), run, { ...context, inputProblems: [{ file: "infra/broken.tf", message: "not HCL" }] }));
    const input = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === "eds-input");
    expect(input).toMatchObject({ level: "error", message: { text: "not HCL" } });
    expect(input.locations[0].physicalLocation.artifactLocation.uri).toBe("infra/broken.tf");
    expect(sarif.runs[0].invocations[0].executionSuccessful).toBe(false);
  });

  it("name what no policy judged in every format: modules judged alone, namespaces used but not declared", async () => {
    const partial: PolicyRun = {
      ...run,
      configurations: [
        { ...run.configurations[0]!, namespacesNotDeclared: ["team", "web"], filesNotHere: ["live/config.yml"] },
        { stack: "modules/network", files: ["modules/network/main.tf"], resourceCount: 0, moduleAlone: true },
      ],
    };
    const report = async (format: string) => reportText(await loadReporter(format), partial, context);
    const stack = run.configurations[0]!.stack;
    expect(await report("text")).toContain(
      `modules judged alone (no backend, state encryption, provider, variable file Terraform reads in its working directory (terraform.tfvars, *.auto.tfvars) or dependency lock file (but the one terraform init writes for a module's own tests), or an output declared ephemeral, which only a module another calls may give, or a Terragrunt unit's, whose backend Terragrunt writes: where their state lives is their callers' choice, not judged here):\n  modules/network\n\nnamespaces used but not declared here (their Pod Security labels and NetworkPolicies were not judged):\n  ${stack}: team, web\n`,
    );
    expect(await report("markdown")).toContain(
      `### Namespaces used but not declared here\n\nTheir Pod Security labels and NetworkPolicies were not judged.\n\n- \`${stack}\`: \`team\`, \`web\`\n`,
    );
    expect(await report("markdown")).toContain(
      "### Modules judged alone\n\nNo backend, state encryption, provider, variable file Terraform reads in its working directory",
    );
    expect(await report("html")).toContain(
      `<h2>Namespaces used but not declared here</h2><p class="warn">Their Pod Security labels and NetworkPolicies were not judged.</p><ul><li><code>${stack}</code>: <code>team</code>, <code>web</code></li></ul>`,
    );
    expect(await report("html")).toContain("<h2>Modules judged alone</h2>");
    // The root module's variables given no value, in each format as the other notes.
    expect(await report("text")).toContain(`tfvars file, --var, --var-file or TF_VAR_ sets them`);
    expect(await report("text")).toContain(`\n  ${stack}: var.state_passphrase\n`);
    expect(await report("markdown")).toContain(`### Variables given no value\n`);
    expect(await report("html")).toContain(`<h2>Variables given no value</h2>`);
    // The files read that are not there, the same way.
    expect(await report("text")).toContain(`files read that are not here (the configuration's functions read them`);
    expect(await report("text")).toContain(`\n  ${stack}: live/config.yml\n`);
    expect(await report("markdown")).toContain(`### Files read that are not here\n`);
    expect(await report("html")).toContain(`<h2>Files read that are not here</h2>`);
    expect(JSON.parse(await report("json")).configurations).toEqual(partial.configurations);
    // SARIF: notes among the tool's notifications, valid against the schema.
    const sarif = JSON.parse(await report("sarif"));
    const validateSarif = new Ajv04({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(sarifSchema);
    expect(validateSarif(sarif), JSON.stringify(validateSarif.errors?.slice(0, 5))).toBe(true);
    expect(sarif.runs[0].invocations[0].toolExecutionNotifications).toEqual([
      expect.objectContaining({
        level: "note",
        descriptor: { id: "module-alone" },
        message: { text: expect.stringMatching(/^Modules judged alone: modules\/network\. No backend/) },
      }),
      {
        level: "note",
        descriptor: { id: "namespaces-not-declared" },
        message: { text: `Namespaces used but not declared here: ${stack}: team, web. Their Pod Security labels and NetworkPolicies were not judged.` },
      },
      expect.objectContaining({
        level: "note",
        descriptor: { id: "variables-given-no-value" },
        message: { text: expect.stringMatching(new RegExp(`^Variables given no value: ${stack}: var\\.state_passphrase\\. No default`)) },
      }),
      expect.objectContaining({
        level: "note",
        descriptor: { id: "files-not-here" },
        message: { text: expect.stringMatching(new RegExp(`^Files read that are not here: ${stack}: live/config\\.yml\\. The configuration's functions`)) },
      }),
    ]);
    expect(sarif.runs[0].invocations[0].executionSuccessful).toBe(true);
    // JUnit: a skipped case each, counted at the root, valid against both schemas.
    const xml = await report("junit");
    expect(xml).toContain(
      `  <testsuite name="namespaces-not-declared" tests="1" failures="0" errors="0" skipped="1">\n    <testcase classname="namespaces-not-declared" name="${stack}: team, web"><skipped>Namespaces used but not declared here. Their Pod Security labels and NetworkPolicies were not judged.</skipped></testcase>\n  </testsuite>\n`,
    );
    expect(xml).toContain(`<testsuite name="variables-given-no-value" tests="1" failures="0" errors="0" skipped="1">`);
    const tests = (text: string) => Number(/<testsuites [^>]*tests="(\d+)"/.exec(text)![1]);
    expect(xml).toContain(`<testsuite name="files-not-here" tests="1" failures="0" errors="0" skipped="1">`);
    expect(tests(xml)).toBe(tests(reportText(await loadReporter("junit"), run, context)) + 3);
    const xmllint = tool("xmllint", "libxml2-utils");
    for (const schema of ["junit-4", "junit-10"]) {
      const xsd = join(import.meta.dirname, "reporters", "junit-xsd", `${schema}.xsd`);
      expect(validate(xmllint, (file) => ["--noout", "--schema", xsd, file], xml, "report.xml").status, schema).toBe(0);
    }
  });

  it("SARIF names its run the same however the paths are spelled, and claims no web page it does not have", async () => {
    const sarif = await loadReporter("sarif");
    const idOf = (subject: string) => JSON.parse(reportText(sarif, run, { subject })).runs[0].automationDetails.id;
    expect(idOf("./cdktf.out/ ./extra")).toBe(idOf("extra cdktf.out"));
    // Code scanning's category is what comes before the last "/": one per input, two stacks of one output apart.
    expect(idOf("cdktf.out")).toBe("eds-check/cdktf.out/");
    expect(idOf("out/stacks/a")).not.toBe(idOf("out/stacks/b"));
    expect(JSON.parse(reportText(sarif, run, context)).runs[0].tool.driver.informationUri).toBeUndefined();
  });

  it("SARIF fails the schema when a result lacks its message (the check can fail)", async () => {
    const sarif = JSON.parse(reportText(await loadReporter("sarif"), run, context));
    delete sarif.runs[0].results[0].message;
    const validate = new Ajv04({ strict: false, validateFormats: false, unicodeRegExp: false }).compile(sarifSchema);
    expect(validate(sarif)).toBe(false);
  });

  it("JUnit has one test case per policy and resource, failures for mandatory violations, skips for exceptions", async () => {
    const xml = reportText(await loadReporter("junit"), run, context);
    const addressesPerPolicy = new Map<string, Set<string>>();
    for (const o of run.outcomes) addressesPerPolicy.set(o.policyId, (addressesPerPolicy.get(o.policyId) ?? new Set()).add(`${o.stack}/${o.address}`));
    // And a skipped case for each configuration a note names (the fixture's state passphrase is given no value).
    const notes = notJudged(run).reduce((n, note) => n + note.entries.length, 0);
    expect(notes).toBe(1);
    const expectedCases = [...addressesPerPolicy.values()].reduce((n, s) => n + s.size, 0) + notes;
    expect(xml.match(/<testcase /g)).toHaveLength(expectedCases);
    expect(xml).toContain(`tests="${expectedCases}"`);
    expect(xml).toMatch(
      /<testcase classname="secgroup-no-public-ssh" name="main\/openstack_networking_secgroup_rule_v2\.ssh"><failure message="ingress from 0\.0\.0\.0\/0 opens SSH \(22\) to the Internet"/,
    );
    expect(xml).toMatch(
      /<testcase classname="volume-encrypted-type" name="main\/openstack_blockstorage_volume_v3\.data"><skipped>suppressed: migration volume/,
    );
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    // The root's counts are its cases', as the suites' add up.
    const count = (pattern: RegExp) => (xml.match(pattern) ?? []).length;
    const root = /<testsuites [^>]*failures="(\d+)" errors="(\d+)"/.exec(xml)!;
    expect(Number(root[1])).toBe(count(/<failure /g));
    expect(Number(root[2])).toBe(count(/<error /g));
    const suites = [...xml.matchAll(/<testsuite [^>]*failures="(\d+)"/g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(Number(root[1])).toBe(suites);
  });

  it("JUnit and HTML count a place once per policy, even when one policy's outcomes there come from several checks", async () => {
    // A policy may judge one resource and report another (a finding's own address): that place then holds a pass and a
    // violation of the same policy, which are one test case, and an advisory policy that breaks is no pass.
    const [mandatory, advisory] = run.policies;
    const place = { stack: "main", file: "main.tf.json" };
    const handMade: PolicyRun = {
      ...run,
      configurations: [],
      policies: [
        { policy: mandatory!.policy, level: "mandatory" },
        { policy: advisory!.policy, level: "advisory" },
      ],
      outcomes: [
        { ...place, policyId: mandatory!.policy.metadata.id, level: "mandatory", status: "compliant", address: "a.one" },
        { ...place, policyId: advisory!.policy.metadata.id, level: "advisory", status: "error", address: "a.one", message: "the policy failed: boom" },
        { ...place, policyId: mandatory!.policy.metadata.id, level: "mandatory", status: "compliant", address: "b.two" },
        { ...place, policyId: mandatory!.policy.metadata.id, level: "mandatory", status: "violation", address: "b.two", message: "reported from a.one" },
      ],
    };
    const xml = reportText(await loadReporter("junit"), handMade, context);
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml).toMatch(/name="main\/b\.two"><failure message="reported from a\.one"/);
    expect(xml).toContain(`<testsuite name="${mandatory!.policy.metadata.id}" tests="2" failures="1"`);
    const html = reportText(await loadReporter("html"), handMade, context);
    const matrixRow = (id: string) => new RegExp(`<tr><td><a href="#${id}">.*?</tr>`).exec(html)?.[0] ?? "";
    expect(matrixRow(mandatory!.policy.metadata.id)).toMatch(/<td class="words">mandatory<\/td><td>2<\/td><td class="words fail">fails<\/td>/);
    expect(matrixRow(advisory!.policy.metadata.id)).toMatch(/<td class="words">advisory<\/td><td>1<\/td><td class="words warn">advisory finding<\/td>/);
  });

  it.each(["junit-4", "junit-10"])("JUnit is valid against the %s schema (xmllint), suppressed and unknown cases included", async (schema) => {
    const xml = reportText(await loadReporter("junit"), run, context);
    expect(xml).toContain("<skipped>");
    const xmllint = tool("xmllint", "libxml2-utils");
    const xsd = join(import.meta.dirname, "reporters", "junit-xsd", `${schema}.xsd`);
    const valid = validate(xmllint, (file) => ["--noout", "--schema", xsd, file], xml, "report.xml");
    expect(valid.output).toMatch(/validates/);
    expect(valid.status).toBe(0);
    // The check can fail: the attribute form a skipped case used to have is refused by the strict schema.
    const withAttribute = xml.replace(/<skipped>([^<]*)<\/skipped>/, '<skipped message="$1"/>');
    const refused = validate(xmllint, (file) => ["--noout", "--schema", xsd, file], withAttribute, "report.xml");
    expect(refused.status === 0).toBe(schema === "junit-10");
  });

  it("Markdown gives the verdict, the findings with their fix, and the exceptions", async () => {
    const markdown = reportText(await loadReporter("markdown"), run, context);
    expect(markdown).toMatch(/^## EDS Régional policy check: ❌ fail/);
    expect(markdown).toMatch(
      /\| mandatory \| `secgroup-no-public-ssh` \| `openstack_networking_secgroup_rule_v2\.ssh remote_ip_prefix` \S*main\.tf\.json:73 \|/,
    );
    expect(markdown).toContain(
      "| `volume-encrypted-type` | `openstack_blockstorage_volume_v3.data` | migration volume, re-created encrypted in the next change | RSSI example region | 2099-12-31 |",
    );
  });

  it("Markdown renders names and messages as text (markdown-it, as a merge request shows it): no HTML, no broken cell", async () => {
    const folder = mkdtempSync(join(tmpdir(), "eds-markdown-"));
    const pod = join(folder, "pod.yaml");
    writeFileSync(
      pod,
      `apiVersion: v1
kind: Pod
metadata: {name: "x<img src=x>", namespace: "a\`b"}
spec:
  containers:
    - {name: "c</td><script>alert(1)</script>|d", image: "registry.example.fr/app:1.0", securityContext: {privileged: true}}
`,
    );
    const hostile = await checkPaths([pod], { settings: fixtureSettings });
    const markdown = reportText(await loadReporter("markdown"), hostile, { subject: "pod" });
    const html = new MarkdownIt().render(markdown);
    expect(html).not.toMatch(/<img|<script|<\/td><script/);
    const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(([, row]) => [...row!.matchAll(/<t[dh][^>]*>/g)].length);
    expect(new Set(rows.slice(2))).toEqual(new Set([5]));
    expect(html).toContain("<code>Pod/a`b/x&lt;img src=x&gt; spec.containers[0].securityContext.privileged</code>");
    expect(html).toContain("container c&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;|d: privileged is true");
  });

  it("text and JUnit show a name's control characters as escapes: no terminal sequence, a report xmllint reads", async () => {
    const folder = mkdtempSync(join(tmpdir(), "eds-controls-"));
    const pod = join(folder, "pod.yaml");
    writeFileSync(
      pod,
      'apiVersion: v1\nkind: Pod\nmetadata: {name: "x\\x01y\\x1b[31mred", namespace: ns}\nspec:\n  containers:\n    - {name: c, image: "registry.example.fr/app:1.0", securityContext: {privileged: true}}\n',
    );
    const hostile = await checkPaths([pod], { settings: fixtureSettings });
    const text = reportText(await loadReporter("text"), hostile, { subject: "pod" });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters the report must not hold.
    expect(text).not.toMatch(/[\u0001\u001b]/);
    expect(text).toContain("Pod/ns/x\\u0001y\\u001b[31mred spec.containers[0].securityContext.privileged");
    const xmllint = tool("xmllint", "libxml2-utils");
    const junit = validate(xmllint, (file) => ["--noout", file], reportText(await loadReporter("junit"), hostile, { subject: "pod" }), "report.xml");
    expect([junit.status, junit.output]).toEqual([0, ""]);
  });

  it("HTML shows every control of each framework with its coverage, status, policies, resources, exceptions and answers", async () => {
    const answers = [
      {
        region: "nouvelle-aquitaine",
        framework: "secnumcloud-3.2",
        control: "12.5.c",
        answeredBy: "Infra team (example)",
        date: "2026-10-01",
        evidence: "RD-1",
        statement: "Restore drill done, counts matched.",
      },
      {
        region: "nouvelle-aquitaine",
        framework: "secnumcloud-3.2",
        control: "9.6.f",
        answeredBy: "RSSI (example)",
        date: "2024-01-10",
        evidence: "IDP-1",
        statement: "WebAuthn required for every administration role.",
      },
    ];
    // The run is Nouvelle-Aquitaine's: Bretagne's answer to 9.5.b says nothing of it.
    const regional = { ...run, contexts: run.contexts.map((settings) => ({ ...settings, region: "nouvelle-aquitaine" })) };
    const elsewhere = { ...answers[0]!, region: "bretagne", control: "9.5.b", statement: "Lock-out after five failures in both realms." };
    const html = reportText(await loadReporter("html"), regional, { ...context, answers: [...answers, elsewhere] });
    const row = (pack: string, section: string) => {
      const id = `control-${pack}-${section.replace(/[^A-Za-z0-9]+/g, "-")}`;
      return new RegExp(`<tr id="${id}">(.*?)</tr>`).exec(html)?.[1] ?? "";
    };
    for (const pack of allPacks) for (const section of Object.keys(pack.controls)) expect(row(pack.id, section), `${pack.id} ${section}`).not.toBe("");
    expect(row("secnumcloud-3.2", "12.5.c")).toMatch(/manual<\/td><td class="pass">answered<\/td>.*Infra team \(example\).*RD-1/);
    expect(row("secnumcloud-3.2", "9.6.f")).toMatch(/class="warn">answer stale<\/td>.*stale: over a year old/);
    expect(row("secnumcloud-3.2", "9.5.b")).toMatch(/class="unknown">unanswered: RSSI to check/);
    expect(row("secnumcloud-3.2", "19.6.a-b")).toMatch(/out of scope<\/td><td class="idle">not applicable: checked by ANSSI/);
    expect(row("secnumcloud-3.2", "13.2.e")).toMatch(
      /automated<\/td><td class="fail">fails<\/td>.*href="#bastion-ssh-admin-cidrs-only".*main: openstack_networking_secgroup_rule_v2\.ssh/,
    );
    expect(row("hds-2", "EXI 28")).toMatch(/automated/);
    // A run of two regions: a control is answered when both have answered it.
    const both = { ...run, contexts: [...regional.contexts, { ...regional.contexts[0]!, region: "bretagne" }] };
    const twoRegions = reportText(await loadReporter("html"), both, { ...context, answers: [...answers, elsewhere] });
    const rowOf = (text: string, section: string) => new RegExp(`<tr id="control-secnumcloud-3.2-${section}">(.*?)</tr>`).exec(text)?.[1] ?? "";
    expect(rowOf(twoRegions, "12-5-c")).toMatch(/class="unknown">unanswered in bretagne: /);
    expect(rowOf(twoRegions, "12-5-c")).toContain("<b>nouvelle-aquitaine</b>: Infra team (example)");
    expect(rowOf(twoRegions, "9-5-b")).toMatch(/class="unknown">unanswered in nouvelle-aquitaine: /);
    // A run that names no region shows no answer, and says why.
    const regionless = reportText(await loadReporter("html"), run, { ...context, answers });
    expect(rowOf(regionless, "12-5-c")).toMatch(/class="unknown">unanswered: /);
    expect(regionless).toContain("the manual answers, each a region's, are not shown");
    // Both ways: a policy's references link to the control rows.
    expect(html).toContain('<a href="#control-secnumcloud-3.2-13-2-e">secnumcloud-3.2 13.2.e</a>');
  });

  it("HTML carries the matrix, the evidence, the exceptions, the qualification, the date and the commit", async () => {
    const html = reportText(await loadReporter("html"), run, context);
    expect(html).toContain('<th scope="col" title="SecNumCloud">secnumcloud-3.2</th>');
    expect(html).toMatch(/<td><a href="#secgroup-no-public-ssh">secgroup-no-public-ssh<\/a>.*<td class="words fail">fails<\/td>/);
    expect(html).toContain("<code>openstack_networking_secgroup_rule_v2.ssh remote_ip_prefix</code>");
    expect(html).toContain('<td>RSSI example region</td><td class="date">2099-12-31</td><td>environments/example.yaml:80</td>');
    expect(html).toContain('<td>SecNumCloud qualification</td><td>EXAMPLE-SNC-1</td><td class="date pass">2099-12-31</td>');
    expect(html).toContain("<b>date:</b> 2026-11-28");
    expect(html).toContain("0123456789abcdef0123456789abcdef01234567");
  });

  it("JSON and text report the same counts", async () => {
    const json = JSON.parse(reportText(await loadReporter("json"), run, context));
    expect(json.summary).toMatchObject({ passed: false, suppressed: 1 });
    expect(json.findings.length).toBe(run.outcomes.filter((o) => o.status !== "compliant").length);
    const text = reportText(await loadReporter("text"), run, context);
    expect(text).toContain(`${json.summary.violations.mandatory} mandatory violation(s)`);
    expect(text).toMatch(/result: FAIL/);
  });
});
