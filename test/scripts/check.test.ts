import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runEds } from "../helpers/cli";
import { editedEnvironment, environmentFolder } from "../helpers/environments";
import { tool } from "../helpers/validators";

const run = runEds;

const equivalence = join(import.meta.dirname, "..", "policies", "equivalence", "main.tf.json");
const fixture = (policy: string, kind: string, name: string) => join(import.meta.dirname, "..", "policies", "fixtures", policy, kind, `${name}.tf.json`);
const scratch = () => mkdtempSync(join(tmpdir(), "eds-check-"));

function settingsFile(text: string): string {
  const file = join(scratch(), "settings.yaml");
  writeFileSync(file, text);
  return file;
}

const validSettings = "allowedRegistries: [registry.example.fr]\nencryptedVolumeTypes: [encrypted-ssd]\nadminCidrs: [192.0.2.0/28]\n";

describe("eds check", () => {
  it("exits 1 when a mandatory policy fails, naming the policy and the resource", async () => {
    const result = await run("check", equivalence, "--settings", settingsFile(validSettings));
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/FAIL\s+secgroup-no-public-ssh\s+main openstack_networking_secgroup_rule_v2\.ssh remote_ip_prefix/);
  });

  it("exits 0 on a compliant configuration", async () => {
    const result = await run("check", fixture("state-encrypted-client-side", "pass", "pbkdf2-from-variable"), "--settings", settingsFile(validSettings));
    expect(result.code, result.out).toBe(0);
    expect(result.out).toMatch(/result: PASS/);
  });

  it("takes --var and --var-file in the order given, the later winning, as terraform plan does", async () => {
    const folder = scratch();
    writeFileSync(
      join(folder, "main.tf"),
      [
        'variable "ssh_source" {\n  type = string\n}',
        'resource "openstack_networking_secgroup_v2" "admin" {\n  name = "admin"\n  description = "Administration"\n  delete_default_rules = true\n}',
        'resource "openstack_networking_secgroup_rule_v2" "ssh" {\n  security_group_id = openstack_networking_secgroup_v2.admin.id\n  direction = "ingress"\n  ethertype = "IPv4"\n  protocol = "tcp"\n  port_range_min = 22\n  port_range_max = 22\n  remote_ip_prefix = var.ssh_source\n  description = "Administrators"\n}',
      ].join("\n"),
    );
    const open = join(folder, "open.tfvars");
    writeFileSync(open, 'ssh_source = "0.0.0.0/0"\n');
    const sshFinding = /FAIL\s+secgroup-no-public-ssh/;
    const fileLast = await run("check", folder, "--var", "ssh_source=192.0.2.0/28", "--var-file", open, "--settings", settingsFile(validSettings));
    expect(fileLast.out).toMatch(sshFinding);
    const varLast = await run("check", folder, "--var-file", open, "--var", "ssh_source=192.0.2.0/28", "--settings", settingsFile(validSettings));
    expect(varLast.out).not.toMatch(sshFinding);
  });

  it("reads a path given twice once, and names a state given for a plan", async () => {
    const folder = scratch();
    const twice = await run("check", equivalence, equivalence, "--settings", settingsFile(validSettings), "--format", "json");
    const once = await run("check", equivalence, "--settings", settingsFile(validSettings), "--format", "json");
    expect(JSON.parse(twice.out).summary.resources).toBe(JSON.parse(once.out).summary.resources);
    const state = join(folder, "state.json");
    writeFileSync(state, JSON.stringify({ format_version: "1.0", terraform_version: "1.11.4", values: { root_module: {} } }));
    const result = await run("check", state);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/state\.json: a state \(terraform show -json with no plan\), not a plan or a configuration/);
  });

  it("writes the chosen format to --output", async () => {
    const output = join(scratch(), "report.sarif");
    const result = await run("check", equivalence, "--format", "sarif", "--output", output);
    expect(result.code).toBe(1);
    expect(JSON.parse(readFileSync(output, "utf8")).version).toBe("2.1.0");
  });

  it("names the commit of the repository that holds the checked folder, wherever the command runs", async () => {
    const repository = scratch();
    writeFileSync(
      join(repository, "main.tf"),
      readFileSync(fixture("secgroup-no-public-ssh", "fail", "halves-of-the-internet").replace(/\.json$/, ""), "utf8"),
    );
    const git = (...args: string[]) =>
      spawnSync(tool("git", "git"), ["-c", "user.name=Test", "-c", "user.email=test@example.fr", ...args], { cwd: repository, encoding: "utf8" });
    for (const args of [
      ["init", "-q"],
      ["add", "main.tf"],
      ["commit", "-qm", "the configuration"],
    ])
      expect(git(...args).status).toBe(0);
    const head = git("rev-parse", "HEAD").stdout.trim();
    const report = join(scratch(), "report.json");
    await run("check", repository, "--format", "json", "--output", report);
    expect(JSON.parse(readFileSync(report, "utf8")).commit).toBe(head);
    // Outside any repository, none is named: the project's own commit is not the configuration's.
    const loose = scratch();
    writeFileSync(join(loose, "main.tf"), readFileSync(join(repository, "main.tf"), "utf8"));
    await run("check", loose, "--format", "json", "--output", report);
    expect(JSON.parse(readFileSync(report, "utf8")).commit).toBeUndefined();
  });

  it("selects packs with --pack", async () => {
    const result = await run("check", equivalence, "--pack", "ehds-spe", "--format", "json");
    const report = JSON.parse(result.out);
    expect(report.policies.every((p: { packs: string[] }) => p.packs.includes("ehds-spe"))).toBe(true);
    expect(report.policies.length).toBeGreaterThan(0);
  });

  it("honours a suppression from the settings, and lists it", async () => {
    const settings = settingsFile(`${validSettings}suppressions:
  - policy: secgroup-no-public-ssh
    resource: openstack_networking_secgroup_rule_v2.*
    reason: support access during the migration window only
    approver: RSSI example region
    expires: "2099-01-31"
`);
    const result = await run("check", equivalence, "--settings", settings);
    expect(result.out).toMatch(/SUPPRESSED\s+secgroup-no-public-ssh/);
    expect(result.out).toMatch(
      /exceptions applied:\n {2}secgroup-no-public-ssh on openstack_networking_secgroup_rule_v2\.ssh: support access during the migration window only \(approved by RSSI example region, until 2099-01-31\)/,
    );
  });

  it("exits 2 on a suppression without reason, approver or expiry, naming the line", async () => {
    const settings = settingsFile(`${validSettings}suppressions:\n  - policy: secgroup-no-public-ssh\n    resource: "*"\n`);
    const result = await run("check", equivalence, "--settings", settings);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/settings\.yaml:5:\d+ suppressions\[0\]\.reason: required, but missing/);
    expect(result.err).toMatch(/suppressions\[0\]\.approver: required, but missing/);
    expect(result.err).toMatch(/suppressions\[0\]\.expires: required, but missing/);
  });

  it("refuses an exception without its resource or naming no policy, and lists those that matched nothing", async () => {
    const exception = (policy: string, resource?: string) =>
      `  - policy: ${policy}\n${resource ? `    resource: "${resource}"\n` : ""}    reason: support access during the migration window only\n    approver: RSSI example region\n    expires: "2099-01-31"\n`;
    const refused = await run(
      "check",
      equivalence,
      "--settings",
      settingsFile(`${validSettings}suppressions:\n${exception("secgroup-no-public-ssh")}${exception("secgroup-no-public-shh", "*")}`),
    );
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(
      /suppressions\[0\]\.resource: required, but missing; expected the resource address or glob .* write "\*" to mean every resource/,
    );
    expect(refused.err).toMatch(
      /suppressions\[1\]\.policy: expected a known policy id \(did you mean secgroup-no-public-ssh\?\), got "secgroup-no-public-shh"/,
    );
    const settings = settingsFile(`${validSettings}suppressions:\n${exception("secgroup-no-public-ssh", "openstack_networking_secgroup_rule_v2.sssh")}`);
    const text = await run("check", equivalence, "--settings", settings);
    expect(text.out).toMatch(
      /exceptions that matched nothing in what was checked .*:\n {2}secgroup-no-public-ssh on openstack_networking_secgroup_rule_v2\.sssh \(.*settings\.yaml:\d+\)/,
    );
    const json = JSON.parse((await run("check", equivalence, "--settings", settings, "--format", "json")).out);
    expect(json.unusedSuppressions).toEqual([
      expect.objectContaining({ policy: "secgroup-no-public-ssh", resource: "openstack_networking_secgroup_rule_v2.sssh" }),
    ]);
  });

  it("checks everything it can read, reports the unreadable file and its line in every format, and exits 2 at the end", async () => {
    const folder = scratch();
    writeFileSync(join(folder, "main.tf.json"), readFileSync(equivalence, "utf8"));
    writeFileSync(join(folder, "legacy.tf"), 'resource "openstack_compute_instance_v2" "old" {\n  name = "${var.name"\n');
    const text = await run("check", folder, "--settings", settingsFile(validSettings));
    expect(text.code).toBe(2);
    expect(text.out).toMatch(/FAIL\s+secgroup-no-public-ssh/);
    expect(text.out).toMatch(/input problems \(everything else was checked\):\n {2}\S*legacy\.tf:2: not valid HCL/);
    expect(text.err).toMatch(/legacy\.tf:2: not valid HCL/);
    const sarif = JSON.parse((await run("check", folder, "--format", "sarif")).out);
    const lineTwo = [{ physicalLocation: { artifactLocation: { uri: expect.stringMatching(/legacy\.tf$/) }, region: { startLine: 2 } } }];
    expect(sarif.runs[0].invocations[0]).toMatchObject({
      executionSuccessful: false,
      // The fixture's state passphrase is a variable given no value: named as a note beside the error.
      toolExecutionNotifications: [
        { level: "error", locations: lineTwo },
        { level: "note", descriptor: { id: "variables-given-no-value" } },
      ],
    });
    expect(sarif.runs[0].results).toContainEqual(expect.objectContaining({ ruleId: "eds-input", locations: lineTwo }));
    const junit = (await run("check", folder, "--format", "junit")).out;
    expect(junit).toMatch(
      /<testsuite name="input" tests="1" failures="0" errors="1">\n {4}<testcase classname="input" name="\S*legacy\.tf:2"><error message="not valid HCL/,
    );
    expect((await run("check", folder, "--format", "markdown")).out).toMatch(/- `\S*legacy\.tf:2`: not valid HCL/);
    expect(JSON.parse((await run("check", folder, "--format", "json")).out).inputProblems).toEqual([
      { file: expect.stringMatching(/legacy\.tf$/), line: 2, message: expect.stringMatching(/^not valid HCL/) },
    ]);
  });

  it("reports a resource declared twice and a block Terraform does not know, instead of merging them silently", async () => {
    const folder = scratch();
    const group = { openstack_networking_secgroup_v2: { web: { name: "web", description: "web tier", delete_default_rules: true } } };
    writeFileSync(join(folder, "a.tf.json"), JSON.stringify({ resource: group }, null, 2));
    writeFileSync(join(folder, "b.tf.json"), JSON.stringify({ resource: group, resources: group }, null, 2));
    const result = await run("check", folder, "--settings", settingsFile(validSettings));
    expect(result.code).toBe(2);
    expect(result.err.split("\n").sort()).toEqual([
      expect.stringMatching(/b\.tf\.json:11: "resources" is not a Terraform block \(did you mean "resource"\? expected terraform, provider, resource, /),
      expect.stringMatching(
        /b\.tf\.json:4: openstack_networking_secgroup_v2\.web is declared twice: first at \S*a\.tf\.json:4; Terraform refuses the configuration/,
      ),
    ]);
    expect(result.out).toMatch(/input problems \(everything else was checked\)/);
  });

  it("lists a Kustomize folder beside manifests as left to kustomize, and --strict fails it as input not checked", async () => {
    const root = scratch();
    writeFileSync(
      join(root, "namespace.yaml"),
      "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: web\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n",
    );
    mkdirSync(join(root, "app"));
    writeFileSync(join(root, "app", "kustomization.yaml"), "resources:\n  - pod.yaml\n");
    writeFileSync(
      join(root, "app", "pod.yaml"),
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: shell\nspec:\n  hostNetwork: true\n  containers:\n    - name: sh\n      image: busybox\n",
    );
    const settings = settingsFile(validSettings);
    const lenient = await run("check", root, "--settings", settings);
    expect(lenient.code, lenient.out).toBe(0);
    expect(lenient.out).toMatch(/sources of other tools[^\n]*\n\s+\S+: \S+app \(a Kustomize folder/);
    // The summary says it too, beside the counts: a pass judged nothing of it.
    expect(lenient.out).toMatch(/0 error\(s\); 1 source\(s\) of other tools not judged \(listed above: check what they render\)\nresult: PASS/);
    const strict = await run("check", root, "--settings", settings, "--strict");
    expect(strict.code, strict.out).toBe(2);
    expect(strict.err).toMatch(/app: a Kustomize folder: .*--strict fails what was not judged/);
    // Said once, as an input problem, not again among the sources of other tools.
    expect(strict.out).not.toMatch(/sources? of other tools/);
  });

  it("judges both copies of an object written twice, each at its own line: the API server keeps the earlier Pod", async () => {
    const file = join(scratch(), "pods.yaml");
    const pod = (privileged: boolean) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: team}\nspec:\n  containers:\n    - name: c\n      image: registry.example.fr/x:1\n      securityContext: {privileged: ${privileged}}\n`;
    writeFileSync(file, `${pod(true)}---\n${pod(false)}`);
    const result = await run("check", file, "--format", "json");
    expect(result.code, result.err).toBe(2);
    const findings = (JSON.parse(result.out) as { findings: { policyId: string; status: string; line?: number }[] }).findings;
    expect(findings.filter((finding) => finding.policyId === "k8s-no-privileged" && finding.status === "violation").map((finding) => finding.line)).toEqual([
      8,
    ]);
    expect(result.err).toMatch(/pods\.yaml:10: Pod\/team\/a is written twice \(first at \S+pods\.yaml:1\)/);
  });

  it("exits 2 on unreadable input, an unknown pack or format, and without a path", async () => {
    const broken = join(scratch(), "broken.tf.json");
    writeFileSync(broken, "{");
    expect((await run("check", broken)).err).toMatch(/broken\.tf\.json: not valid JSON/);
    expect((await run("check", broken)).code).toBe(2);
    expect((await run("check", equivalence, "--pack", "iso-27001")).err).toMatch(/unknown pack "iso-27001"/);
    // An empty pack name is a pack name too (it was an internal error).
    const empty = await run("check", equivalence, "--pack", "");
    expect([empty.code, empty.err]).toEqual([2, expect.stringMatching(/unknown pack ""/)]);
    expect((await run("check", equivalence, "--format", "pdf")).code).toBe(2);
    expect((await run("check")).code).toBe(2);
  });
});

describe("eds policies", () => {
  it("lists every policy with its packs, and as Markdown for the docs", async () => {
    const text = await run("policies");
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^secgroup-no-public-ssh\s+mandatory\s+secnumcloud-3\.2,anssi/m);
    const markdown = await run("policies", "--format", "markdown");
    expect(markdown.out).toMatch(/^# Policy catalogue/);
    expect(markdown.out).toContain("| `secgroup-no-public-ssh` | mandatory | critical |");
  });
});

describe("eds synth with policies", () => {
  it("exits 1 when the synthesized region violates a mandatory policy", async () => {
    const folder = environmentFolder({ "nouvelle-aquitaine.yaml": editedEnvironment((doc) => doc.setIn(["logging", "retentionDays"], 90)) });
    const out = join(scratch(), "out");
    mkdirSync(out);
    writeFileSync(join(out, "manifest.json"), "{}");
    writeFileSync(join(out, "earlier.txt"), "kept");
    const result = await run("synth", "--env", join(folder, "nouvelle-aquitaine.yaml"), "--out", out);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/FAIL\s+log-retention-minimum/);
    // The output folder is replaced only when everything succeeded.
    expect(readdirSync(out).sort()).toEqual(["earlier.txt", "manifest.json"]);
    expect(result.out).toMatch(/out was left as it was: the policies failed/);
  });

  it("accepts a suppression from the environment file and reports it", async () => {
    const folder = environmentFolder({
      "nouvelle-aquitaine.yaml": editedEnvironment((doc) => {
        doc.setIn(["logging", "retentionDays"], 200);
        doc.set("suppressions", doc.createNode([]));
        doc.addIn(["suppressions"], {
          policy: "spe-access-log-retention",
          resource: "*",
          reason: "retention raised to one year with the next log store",
          approver: "RSSI Nouvelle-Aquitaine",
          expires: "2099-06-30",
        });
      }),
    });
    const result = await run("synth", "--env", join(folder, "nouvelle-aquitaine.yaml"), "--out", join(scratch(), "out"));
    expect(result.code, result.out).toBe(0);
    expect(result.out).toMatch(/exception to spe-access-log-retention on logging.retentionDays: retention raised/);
    expect(result.out).toMatch(/approved by RSSI Nouvelle-Aquitaine, until 2099-06-30/);
  });

  it("exits 2 on a suppression without an approver in the environment file", async () => {
    const folder = environmentFolder({
      "nouvelle-aquitaine.yaml": editedEnvironment((doc) =>
        doc.set("suppressions", doc.createNode([{ policy: "spe-access-log-retention", reason: "a reason long enough to be read", expires: "2099-06-30" }])),
      ),
    });
    const result = await run("synth", "--env", join(folder, "nouvelle-aquitaine.yaml"), "--out", join(scratch(), "out"));
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/suppressions\[0\]\.approver: required, but missing; expected a string/);
  });
});
