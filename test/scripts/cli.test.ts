import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runEds } from "../helpers/cli";
import { projectRoot } from "../../lib/paths";
import { parseDocument } from "yaml";
import { defaultEnvironmentText, editedEnvironment, environmentFolder } from "../helpers/environments";

const run = runEds;

const outDir = () => join(mkdtempSync(join(tmpdir(), "eds-cli-")), "out");

describe("eds synth", () => {
  it("synthesizes the default region and exits 0", async () => {
    const out = outDir();
    const result = await run("synth", "--out", out);
    expect(result.code).toBe(0);
    expect(result.out).toContain("synthesized nouvelle-aquitaine-foundation");
    expect(existsSync(join(out, "stacks", "nouvelle-aquitaine-foundation", "cdk.tf.json"))).toBe(true);
  });

  it("synthesizes every region with --all", async () => {
    const out = outDir();
    expect((await run("synth", "--all", "--out", out)).code).toBe(0);
    expect(existsSync(join(out, "stacks", "bretagne-foundation", "cdk.tf.json"))).toBe(true);
  });

  it("fails with exit code 2 on bad input, naming file, path and line, and writes nothing", async () => {
    const folder = environmentFolder({ "nouvelle-aquitaine.yaml": editedEnvironment((doc) => doc.setIn(["network", "adminCidrs", 0], "0.0.0.0/0")) });
    const out = outDir();
    const result = await run("synth", "--env", join(folder, "nouvelle-aquitaine.yaml"), "--out", out);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/nouvelle-aquitaine\.yaml:\d+:\d+ network\.adminCidrs\[0\]: 0\.0\.0\.0\/0 opens the bastion to the whole Internet/);
    expect(existsSync(out)).toBe(false);
  });

  it("leaves an earlier output untouched when the input is bad", async () => {
    const out = outDir();
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "manifest.json"), "{}");
    writeFileSync(join(out, "earlier.txt"), "kept");
    const folder = environmentFolder({ "nouvelle-aquitaine.yaml": "" });
    expect((await run("synth", "--env", join(folder, "nouvelle-aquitaine.yaml"), "--out", out)).code).toBe(2);
    expect(readFileSync(join(out, "earlier.txt"), "utf8")).toBe("kept");
  });

  it("refuses a folder of the user's files as output: --out environments would have removed them", async () => {
    const folder = environmentFolder({ "nouvelle-aquitaine.yaml": defaultEnvironmentText() });
    const refused = await run("synth", "--env", join(folder, "nouvelle-aquitaine.yaml"), "--out", folder);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/cannot write the folder: it holds files and is no earlier output \(no manifest\.json\)/);
    expect(readdirSync(folder)).toEqual(["nouvelle-aquitaine.yaml"]);
  });

  it("makes the output folder's missing parents, and refuses a file where the folder should be", async () => {
    const out = join(outDir(), "deeper", "out");
    expect((await run("synth", "--out", out)).code).toBe(0);
    expect(existsSync(join(out, "manifest.json"))).toBe(true);
    const file = join(outDir(), "..", "a-file");
    writeFileSync(file, "kept");
    const refused = await run("synth", "--out", file);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/a-file: cannot write the folder: is a file, expected a folder/);
    expect(readFileSync(file, "utf8")).toBe("kept");
  });

  it("fails with exit code 2 on a missing file", async () => {
    const result = await run("synth", "--env", "/nonexistent/region.yaml", "--out", outDir());
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/region\.yaml:1:1 \(document\): cannot read the file: no such file or directory \(ENOENT\)/);
  });

  it("fails with exit code 2 on unknown options and commands", async () => {
    expect((await run("synth", "--evn", "x")).code).toBe(2);
    expect((await run("synth", "--all", "--env", "x")).err).toMatch(/give either --all or --env/);
    const unknown = await run("synthesise");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown command "synthesise"/);
  });
});

describe("the eds command", () => {
  it("synthesizes on a machine with neither OpenTofu nor Terraform, as an admin machine may be", () => {
    const noEngine = mkdtempSync(join(tmpdir(), "eds-no-engine-"));
    const child = spawnSync(process.execPath, [join(projectRoot, "bin", "eds"), "synth", "--out", outDir()], {
      encoding: "utf8",
      env: { ...process.env, PATH: noEngine },
    });
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);
  });

  it("prints the error without a stack trace and exits 2 on bad input", () => {
    const folder = environmentFolder({ "nouvelle-aquitaine.yaml": "id: [\n" });
    const child = spawnSync(process.execPath, [join(projectRoot, "bin", "eds"), "synth", "--env", join(folder, "nouvelle-aquitaine.yaml"), "--out", outDir()], {
      encoding: "utf8",
    });
    expect(child.status).toBe(2);
    expect(child.stderr).toMatch(/nouvelle-aquitaine\.yaml:\d+:\d+ \(document\): invalid YAML/);
    expect(child.stderr).not.toMatch(/^\s+at /m);
    expect(child.stdout).toBe("");
  });
});

/** Runs the built `eds` command in a child process, as a user does. */
const spawnEds = (args: readonly string[], options: { cwd?: string } = {}) =>
  spawnSync(process.execPath, [join(projectRoot, "bin", "eds"), ...args], { encoding: "utf8", cwd: options.cwd ?? projectRoot });

describe("help", () => {
  it("prints the usage on stdout and exits 0 for --help, -h and help", () => {
    for (const args of [["--help"], ["-h"], ["help"]]) {
      const child = spawnEds(args);
      expect(child.status, args.join(" ")).toBe(0);
      expect(child.stdout).toMatch(/^usage: eds <command>/);
      for (const command of ["synth", "check", "policies", "new-region", "diff", "plan-summary"]) expect(child.stdout).toContain(`  ${command}`);
    }
  });

  it("prints the version of the package for --version and -V", () => {
    const { version } = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-V"]) {
      const child = spawnEds([flag]);
      expect(child.status, flag).toBe(0);
      expect(child.stdout).toBe(`eds ${version}\n`);
    }
  });

  it("explains each option of a command, with an example, for help <command> and <command> --help", async () => {
    for (const args of [
      ["help", "check"],
      ["check", "--help"],
      ["check", "-h"],
    ]) {
      const result = await run(...args);
      expect(result.code, args.join(" ")).toBe(0);
      expect(result.out).toMatch(/^usage: eds check <path>\.\.\./);
      for (const option of ["--format", "--output", "--settings", "--env", "--pack", "--help"])
        expect(result.out).toMatch(new RegExp(`^  ${option} .*\\w`, "m"));
      expect(result.out).toMatch(/examples:\n {2}eds check cdktf\.out/);
    }
  });

  it("prints the usage on stderr and exits 2 for a bare eds or an unknown command, with a suggestion", async () => {
    const bare = await run();
    expect(bare.code).toBe(2);
    expect(bare.err).toMatch(/^usage: eds/);
    const typo = await run("chekc");
    expect(typo.code).toBe(2);
    expect(typo.err).toMatch(/unknown command "chekc"; did you mean "check"\?/);
    expect((await run("help", "nothing")).code).toBe(2);
  });
});

describe("command-line input", () => {
  it("takes a region id for --env", async () => {
    const out = outDir();
    const result = await run("synth", "--env", "bretagne", "--out", out);
    expect(result.code).toBe(0);
    expect(existsSync(join(out, "stacks", "bretagne-foundation", "cdk.tf.json"))).toBe(true);
    const unknown = await run("synth", "--env", "atlantide");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toBe("atlantide: no such region in environments/ (known: bretagne, nouvelle-aquitaine); give a region id or an environment file");
  });

  it("refuses a file that is not a region environment in one line", async () => {
    const result = await run("synth", "--env", join(projectRoot, ".gitlab-ci.yml"), "--out", outDir());
    expect(result.code).toBe(2);
    expect(result.err.split("\n")).toEqual([
      `1 problem in ${join(projectRoot, ".gitlab-ci.yml")}`,
      `  ${join(projectRoot, ".gitlab-ci.yml")}:1:1 (document): not a region environment file: expected a mapping with id, name, provider, network, bastion (see environments/nouvelle-aquitaine.yaml)`,
    ]);
  });

  it("reports a report written into a missing folder as bad input, in one line", async () => {
    const result = await run(
      "check",
      join(projectRoot, "test", "policies", "equivalence", "main.tf.json"),
      "--format",
      "sarif",
      "--output",
      "/nonexistent/x.sarif",
    );
    expect(result.code).toBe(2);
    expect(result.err).toBe("/nonexistent/x.sarif: cannot write the file: no such file or directory (ENOENT)");
  });

  it("says there is nothing to check in a folder with no Terraform nor manifest, naming YAML files that hold none", async () => {
    const folder = mkdtempSync(join(tmpdir(), "eds-nothing-to-check-"));
    const nothing =
      "no manifest.json (cdktf output), .tf, .tf.json, .tofu or .tofu.json file, and no Kubernetes manifest (.yaml, .yml), in this folder or below";
    expect(await run("check", folder)).toMatchObject({ code: 2, err: `${folder}: ${nothing}` });
    mkdirSync(join(folder, "ansible"));
    writeFileSync(join(folder, "ansible", "site.yaml"), "- hosts: all\n  tasks: []\n");
    expect(await run("check", folder)).toMatchObject({
      code: 2,
      err: `${folder}: ${nothing}: its YAML files (ansible/site.yaml) hold no object with an apiVersion and a kind`,
    });
  });

  it("keeps absolute paths absolute and relative paths relative in what it prints", async () => {
    const out = outDir();
    expect((await run("synth", "--out", out)).out).toContain(`→ ${join(out, "stacks", "nouvelle-aquitaine-foundation", "cdk.tf.json")}`);
    const cwd = mkdtempSync(join(tmpdir(), "eds-cwd-"));
    const child = spawnEds(["synth", "--out", "relative.out"], { cwd });
    expect(child.status).toBe(0);
    expect(child.stdout).toContain("→ relative.out/stacks/nouvelle-aquitaine-foundation/cdk.tf.json");
    // The findings of eds check name their files the same way.
    writeFileSync(join(cwd, "main.tf"), 'resource "openstack_compute_instance_v2" "vm" {\n  name = "vm"\n}\n');
    expect((await run("check", join(cwd, "main.tf"))).out.split("\n")).toContain(
      `           ${join(cwd, "main.tf")}:1: the instance boots on a local disk, which is not encrypted; boot from a volume of an encrypted type`,
    );
    expect(spawnEds(["check", "main.tf"], { cwd }).stdout).toMatch(/^ {11}main\.tf:1: /m);
  });

  it("checks Kubernetes manifests piped to it (helm template ... | eds check -), in the namespace --namespace names", () => {
    const rendered = [
      "# Source: web/templates/config.yaml",
      "apiVersion: v1",
      "kind: ConfigMap",
      "metadata:",
      "  name: web",
      "data:",
      "  password: not-a-real-one",
    ].join("\n");
    const check = (...args: string[]) =>
      spawnSync(process.execPath, [join(projectRoot, "bin", "eds"), "check", "-", ...args], { encoding: "utf8", input: rendered });
    const inDefault = check();
    expect(inDefault.status).toBe(1);
    expect(inDefault.stdout).toMatch(/^FAIL\s+k8s-no-default-namespace\s+stdin ConfigMap\/default\/web metadata\.namespace$/m);
    expect(inDefault.stdout).toMatch(/^FAIL\s+k8s-configmap-no-secrets\s+stdin ConfigMap\/default\/web data\.password\n {11}\(standard input\):7: /m);
    // Nothing piped: a terminal is refused at once rather than waited on (script(1) gives the command a terminal).
    const atTerminal = spawnSync("script", ["-qec", `${process.execPath} ${join(projectRoot, "bin", "eds")} check -`, "/dev/null"], { encoding: "utf8" });
    expect(atTerminal.status).toBe(2);
    expect(atTerminal.stdout).toContain("(standard input): is a terminal: pipe the manifests in (helm template ... | eds check -)");
    const inTeam = check("--namespace", "team");
    expect(inTeam.stdout).toContain("ConfigMap/team/web");
    expect(inTeam.stdout).not.toContain("k8s-no-default-namespace");
    // What the standard input held is in no file: SARIF names the object only, not a file that does not exist.
    const sarif = JSON.parse(check("--namespace", "team", "--format", "sarif").stdout) as { runs: { results: { locations: Record<string, unknown>[] }[] }[] };
    const locations = sarif.runs[0]!.results.flatMap((result) => result.locations);
    expect(locations.length).toBeGreaterThan(0);
    for (const location of locations) {
      expect(location.physicalLocation).toBeUndefined();
      expect(location.logicalLocations).toEqual([{ fullyQualifiedName: "ConfigMap/team/web", kind: "resource" }]);
    }
    // The namespace exists elsewhere: the report says its isolation was not judged.
    expect(inTeam.stdout).toContain("namespaces used but not declared here (their Pod Security labels and NetworkPolicies were not judged):\n  stdin: team\n");
    expect(check("--namespace", "team", "--format", "markdown").stdout).toContain(
      "### Namespaces used but not declared here\n\nTheir Pod Security labels and NetworkPolicies were not judged.\n\n- `stdin`: `team`\n",
    );
  });

  it("exits quietly when its reader stops early (eds synth | head -1)", () => {
    const out = outDir();
    const child = spawnSync("bash", ["-c", `set -o pipefail; node ${join(projectRoot, "bin", "eds")} synth --out ${out} | head -1`], { encoding: "utf8" });
    expect(child.stdout).toMatch(/^synthesized nouvelle-aquitaine-foundation/);
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);
  });
});

describe("regions still being filled in", () => {
  it("block only themselves: another region named with --env synthesizes, --all refuses, each saying why", async () => {
    const pending = editedEnvironment((doc) => {
      doc.set("id", "bretagne");
      doc.setIn(["network", "adminCidrs", 0], "<fill in: the administrators' networks>");
    }, "bretagne");
    const folder = environmentFolder({ "nouvelle-aquitaine.yaml": defaultEnvironmentText(), "bretagne.yaml": pending });
    const result = await run("synth", "--env", join(folder, "nouvelle-aquitaine.yaml"), "--out", outDir());
    expect(result.code).toBe(0);
    expect(result.out).toContain(
      `${join(folder, "bretagne.yaml")}: left out, it still has 1 placeholder(s) to fill in (only its id and range were checked against the others)`,
    );
    const alone = await run("synth", "--env", join(folder, "bretagne.yaml"), "--out", outDir());
    expect(alone.code).toBe(2);
    expect(alone.err).toMatch(/bretagne\.yaml:\d+:\d+ network\.adminCidrs\[0\]: still a placeholder left by eds new-region/);
  });

  it("still count for the cross-region rules: a pending region's overlapping range blocks the others", async () => {
    const overlapping = editedEnvironment((doc) => {
      doc.setIn(["network", "range"], editedRange());
      doc.setIn(["network", "adminCidrs", 0], "<fill in: the administrators' networks>");
    }, "bretagne");
    const folder = environmentFolder({ "nouvelle-aquitaine.yaml": defaultEnvironmentText(), "bretagne.yaml": overlapping });
    const result = await run("synth", "--env", join(folder, "nouvelle-aquitaine.yaml"), "--out", outDir());
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/overlaps the range/);
  });
});

/** The default region's range, to make another region overlap it. */
const editedRange = (): string => parseDocument(defaultEnvironmentText()).getIn(["network", "range"]) as string;

describe("one verdict", () => {
  it("eds check on synth's output gives synth's verdict, stack by stack, with each region's own exceptions", async () => {
    const out = outDir();
    const synth = await run("synth", "--all", "--out", out);
    expect(synth.code).toBe(0);
    const check = await run("check", out);
    expect(check.code).toBe(0);
    // The same suppressions as synth applied, region by region.
    const suppressedBySynth = [...`${synth.out}${synth.err}`.matchAll(/^policies [\w-]+: pass \(.*, (\d+) suppressed\)$/gm)].map((m) => Number(m[1]));
    expect(suppressedBySynth).toHaveLength(2);
    const total = suppressedBySynth.reduce((sum, n) => sum + n, 0);
    expect(check.out).toMatch(new RegExp(`0 mandatory violation\\(s\\), 0 advisory, ${total} suppressed`));
    expect(check.out).toContain("approved by RSSI Bretagne");
    expect(check.out).toContain("approved by RSSI Nouvelle-Aquitaine");
    const platform = await run("check", join(out, "stacks", "bretagne-platform"));
    expect(platform.code).toBe(0);
    expect(platform.out).toContain("approved by RSSI Bretagne");
    expect(platform.out).not.toContain("Nouvelle-Aquitaine");
  });

  it("applies no region's exceptions to another region's stacks", async () => {
    const out = outDir();
    await run("synth", "--all", "--out", out);
    const context = JSON.parse(readFileSync(join(out, "stacks", "bretagne-platform", "policy-context.json"), "utf8"));
    writeFileSync(
      join(out, "stacks", "bretagne-platform", "policy-context.json"),
      JSON.stringify({ ...context, settings: { ...context.settings, suppressions: [] } }),
    );
    const check = await run("check", out);
    expect(check.code).toBe(1);
    expect(check.out).toMatch(/^FAIL +k8s-no-host-path +bretagne-platform kubernetes_daemon_set_v1\.Eds_LogShipper/m);
    expect(check.out).not.toMatch(/^FAIL .* nouvelle-aquitaine-platform /m);
  });

  it("goes through the same path for npx cdktf synth (the app cdktf.json names), with the compile cache", () => {
    const out = outDir();
    const cache = join(projectRoot, "node_modules", ".cache", "eds-compile-cache", "synth", "code-cache.bin");
    rmSync(cache, { force: true });
    const child = spawnSync(process.execPath, [join(projectRoot, "dist", "cdktf-app.cjs")], {
      encoding: "utf8",
      cwd: projectRoot,
      env: { ...process.env, CDKTF_OUTDIR: out },
    });
    expect(child.status).toBe(0);
    expect(child.stdout).toMatch(/policies nouvelle-aquitaine: pass/);
    expect(existsSync(join(out, "manifest.json"))).toBe(true);
    expect(JSON.parse(readFileSync(join(projectRoot, "cdktf.json"), "utf8")).app).toBe("node dist/cdktf-app.cjs");
    expect(existsSync(cache)).toBe(true);
  });
});

describe("the built command", () => {
  it("checks HCL with a settings file, and synthesized output in its context, as the source does", () => {
    const settings = join(mkdtempSync(join(tmpdir(), "eds-settings-")), "settings.yaml");
    writeFileSync(settings, "allowedRegistries: [registry.example.fr]\nencryptedVolumeTypes: [encrypted-ssd]\n");
    const hcl = spawnEds(["check", join(projectRoot, "test", "policies", "equivalence", "main.tf"), "--settings", settings]);
    expect(hcl.stderr).toBe("");
    expect(hcl.status).toBe(1);
    expect(hcl.stdout).toMatch(/FAIL +secgroup-no-public-ssh +main openstack_networking_secgroup_rule_v2\.ssh/);
    const out = outDir();
    expect(spawnEds(["synth", "--out", out]).status).toBe(0);
    const synthesized = spawnEds(["check", out, "--format", "sarif"]);
    expect(synthesized.stderr).toBe("");
    expect(synthesized.status).toBe(0);
  });

  it("synthesizes every region byte for byte as the source does, with the provider bindings' copies stripped of comments", async () => {
    const built = outDir();
    expect(spawnEds(["synth", "--all", "--out", built]).status).toBe(0);
    const source = outDir();
    expect((await run("synth", "--all", "--out", source)).code).toBe(0);
    const files = (folder: string) =>
      readdirSync(folder, { recursive: true, encoding: "utf8" })
        .filter((file) => file.endsWith(".json"))
        .sort();
    expect(files(built)).toEqual(files(source));
    for (const file of files(source)) expect(readFileSync(join(built, file), "utf8"), file).toBe(readFileSync(join(source, file), "utf8"));

    const bundle = readFileSync(join(projectRoot, "dist", "command-synth.cjs"), "utf8");
    // Strict, as the modules are in the tests: the directive must open the file, before the banner's code.
    for (const file of readdirSync(join(projectRoot, "dist")).filter((name) => name.endsWith(".cjs")))
      expect(readFileSync(join(projectRoot, "dist", file), "utf8"), file).toMatch(/^"use strict";/);
    expect(bundle).toContain('require("./@cdktf/provider-kubernetes/lib/deployment-v1")');
    expect(bundle).not.toMatch(/require\("@cdktf\/provider-/);
    const structs = join("@cdktf", "provider-kubernetes", "lib", "deployment-v1", "index-structs", "structs0.js");
    const copy = readFileSync(join(projectRoot, "dist", structs), "utf8");
    expect(copy.length).toBeLessThan(readFileSync(join(projectRoot, "node_modules", structs), "utf8").length / 2);
    expect(copy).not.toContain("/**");
  });

  it("reports a command's bad input and usage errors as such, though each command is a bundle of its own", () => {
    // The command line tells errors apart by class: a second copy of the errors module in a command's bundle would
    // make every bad input an internal error (exit 3).
    const missing = spawnEds(["check", "/nonexistent/main.tf"]);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    expect(missing.stderr).not.toContain("internal error");
    expect(missing.status).toBe(2);
    const both = spawnEds(["synth", "--all", "--env", "bretagne"]);
    expect(both.stderr).toContain("eds synth: give either --all or --env, not both");
    expect(both.status).toBe(2);
  });
});

describe("eds flows", () => {
  it("judges each region of synth's output, draws it, and fails when a forbidden flow opens", async () => {
    const out = outDir();
    expect((await run("synth", "--all", "--out", out)).code).toBe(0);
    const text = await run("flows", out);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^flows bretagne: pass \(\d+ of \d+ needed flows possible, \d+ of \d+ forbidden flows impossible\)$/m);
    expect(text.out).toMatch(/^flows nouvelle-aquitaine: pass/m);
    const svg = join(out, "flows.svg");
    expect((await run("flows", out, "--format", "svg", "--output", svg)).code).toBe(0);
    const drawn = readFileSync(svg, "utf8");
    expect(drawn).toMatch(/^<\?xml[\s\S]*<svg /);
    // Graphviz writes "-" as &#45; in text.
    for (const endpoint of ["members of bretagne&#45;bastion", "the analysis workspaces", "the Internet"]) expect(drawn).toContain(`>${endpoint}</text>`);

    const html = join(out, "report.html");
    expect((await run("check", out, "--format", "html", "--output", html)).code).toBe(0);
    const report = readFileSync(html, "utf8");
    expect(report).toContain("<h2>Flows</h2>");
    expect(report).toMatch(/<h3>flows bretagne: pass[\s\S]*<figure><svg /);

    // A workspace's egress reopened to the whole Internet, as a hand edit of the JSON would.
    const file = join(out, "stacks", "bretagne-platform", "cdk.tf.json");
    const document = JSON.parse(readFileSync(file, "utf8"));
    const policies = document.resource.kubernetes_network_policy_v1;
    const mirrors = Object.keys(policies).find((name) => /^Eds_Workspace-.*_Egress-to-mirrors_/.test(name))!;
    policies[mirrors].spec.egress[0].to = [{ ip_block: { cidr: "0.0.0.0/0" } }];
    writeFileSync(file, JSON.stringify(document));
    const broken = await run("flows", join(out, "stacks", "bretagne-platform"), join(out, "stacks", "bretagne-foundation"));
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/^VIOLATED\s+forbidden workspace-to-internet: the analysis workspaces → the Internet, any port$/m);
    expect(broken.out).toContain("Egress-to-mirrors");
  });

  it("gives the flows of everything it can read, reports the unreadable file, and exits 2 at the end", async () => {
    const folder = mkdtempSync(join(tmpdir(), "eds-flows-input-"));
    const rule = (port: number) =>
      `resource "openstack_networking_secgroup_rule_v2" "r${port}" {\n  security_group_id = openstack_networking_secgroup_v2.web.id\n  direction = "ingress"\n  ethertype = "IPv4"\n  protocol = "tcp"\n  port_range_min = ${port}\n  port_range_max = ${port}\n  remote_ip_prefix = "0.0.0.0/0"\n}\n`;
    writeFileSync(
      join(folder, "main.tf"),
      `resource "openstack_networking_secgroup_v2" "web" {\n  name = "web"\n  delete_default_rules = true\n}\n${rule(5432)}resource "openstack_compute_instance_v2" "vm" {\n  name = "vm"\n  security_groups = ["web"]\n}\nresource "openstack_compute_floatingip_associate_v2" "f" {\n  floating_ip = "203.0.113.10"\n  instance_id = openstack_compute_instance_v2.vm.id\n}\n`,
    );
    writeFileSync(join(folder, "legacy.tf"), 'resource "openstack_compute_instance_v2" "old" {\n  name = "${var.name"\n');
    const result = await run("flows", folder);
    expect(result.code).toBe(2);
    expect(result.out).toMatch(/^VIOLATED\s+forbidden internet-to-web: the Internet → members of web, any port$/m);
    expect(result.err).toMatch(/legacy\.tf:2: not valid HCL/);
  });

  it("says there is nothing to check, and exits 2, where no flow is needed or forbidden (manifests alone)", async () => {
    const folder = mkdtempSync(join(tmpdir(), "eds-flows-nothing-"));
    writeFileSync(
      join(folder, "pod.yaml"),
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: team}\nspec:\n  containers: [{name: c, image: registry.example.fr/c:1.0.0}]\n",
    );
    const result = await run("flows", join(folder, "pod.yaml"));
    expect(result.out).toBe(
      `flows ${join(folder, "pod.yaml")}: nothing to check (no flow is needed or forbidden here: give a region's synthesized output (cdktf.out, its stack folders), or Terraform with security groups that have members)`,
    );
    expect(result.err).toBe(`${join(folder, "pod.yaml")}: nothing to check: no flow is needed or forbidden here`);
    expect(result.code).toBe(2);
    // In a repository, a root module with no flow (a bootstrap stack) is named, and the others judged.
    const repository = mkdtempSync(join(tmpdir(), "eds-flows-repository-"));
    mkdirSync(join(repository, "infra"));
    mkdirSync(join(repository, "bootstrap"));
    writeFileSync(
      join(repository, "infra", "main.tf"),
      'resource "openstack_networking_secgroup_v2" "web" {\n  name = "web"\n  delete_default_rules = true\n}\nresource "openstack_compute_instance_v2" "vm" {\n  name = "vm"\n  security_groups = ["web"]\n}\n',
    );
    writeFileSync(join(repository, "bootstrap", "main.tf"), 'resource "openstack_objectstorage_container_v1" "state" {\n  name = "tfstate"\n}\n');
    const mixed = await run("flows", repository);
    expect(mixed.out).toMatch(/: bootstrap: nothing to check \(/);
    expect(mixed.out).toMatch(/: infra: pass \(/);
    expect(mixed.code).toBe(0);
  });

  it("refuses an unknown format", async () => {
    const result = await run("flows", "--format", "pdf", "somewhere");
    expect(result.code).toBe(2);
    expect(result.err).toContain('unknown format "pdf"');
  });
});
