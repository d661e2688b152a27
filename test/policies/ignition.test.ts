import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { checkPaths } from "../../policies/check";
import { userDataFiles } from "../../policies/lib/cloud-init";
import { ignitionFiles } from "../../policies/lib/ignition";
import { tool, validate } from "../helpers/validators";
import { fixtureSettings } from "./fixture-runner";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const rke2Config = "profile: cis\nkube-apiserver-arg:\n  - audit-log-path=/var/lib/rancher/rke2/server/logs/audit.log\n";

/** An Ignition 3.3 config writing the files given (storage.files entries). */
const ignition = (files: unknown[], version = "3.3.0", extra: Record<string, unknown> = {}) =>
  JSON.stringify({ ignition: { version, ...extra }, storage: { files } });

const base64 = (text: string) => `data:;base64,${Buffer.from(text).toString("base64")}`;

/** What Ignition's own validator says of a config: it must take every config these tests read as written. */
const ignitionValidate = (config: string) => validate(tool("ignition-validate", "ignition"), (file) => [file], config, "config.ign");

describe("the files an Ignition config writes (Fedora CoreOS, Flatcar)", () => {
  const files = [
    { path: "/etc/rancher/rke2/config.yaml", mode: 384, contents: { source: `data:,${encodeURIComponent(rke2Config)}` } },
    { path: "/etc/ssh/sshd_config.d/10-port.conf", contents: { source: base64("Port 2222\n") } },
    {
      path: "/etc/motd",
      contents: { compression: "gzip", source: `data:;base64,${gzipSync("hello").toString("base64")}` },
      append: [{ source: "data:,%20world" }],
    },
    { path: "/etc/empty" },
    { path: "/etc/remote.conf", contents: { source: "https://config.example.fr/remote.conf?token=fake" } },
  ];

  it("are read as Ignition writes them: data URLs percent-encoded or in base64, gzip, appended resources, an absent source an empty file", () => {
    const config = ignition(files);
    expect(ignitionValidate(config)).toEqual({ status: 0, output: "" });
    expect(ignitionFiles(config)).toEqual([
      { path: "/etc/rancher/rke2/config.yaml", content: rke2Config },
      { path: "/etc/ssh/sshd_config.d/10-port.conf", content: "Port 2222\n" },
      { path: "/etc/motd", content: "hello world" },
      { path: "/etc/empty", content: "" },
      {
        path: "/etc/remote.conf",
        content: undefined,
        unreadable: "Ignition fetches it at boot from https://config.example.fr/remote.conf, which is not read here",
      },
    ]);
    // As the instance gets it, in base64 too.
    expect(userDataFiles(Buffer.from(config).toString("base64"))?.map(({ path }) => path)).toHaveLength(5);
  });

  it("read Ignition 2's append, which adds the contents to what the file holds", () => {
    const config = JSON.stringify({
      ignition: { version: "2.3.0" },
      storage: { files: [{ filesystem: "root", path: "/etc/hosts", append: true, contents: { source: "data:,192.0.2.10%20bastion%0A" } }] },
    });
    // Spec 2 is the one Ignition read before its 2.0 release (Flatcar's Ignition still takes it): today's validator no longer does.
    expect(ignitionValidate(config).output).toContain("unsupported config version");
    expect(ignitionFiles(config)).toEqual([{ path: "/etc/hosts", content: "192.0.2.10 bastion\n", append: true }]);
  });

  it("are not read where the config merges or replaces itself with one fetched at boot, nor for what is no Ignition config", () => {
    const merging = ignition(files, "3.3.0", { config: { merge: [{ source: "https://config.example.fr/base.ign" }] } });
    expect(ignitionValidate(merging).status).toBe(0);
    expect(ignitionFiles(merging)).toBeUndefined();
    expect(ignitionFiles(ignition([], "3.3.0", { config: { replace: { source: "https://config.example.fr/all.ign" } } }))).toBeUndefined();
    expect(ignitionFiles(ignition(files, "2.3.0", { config: { append: [{ source: "https://config.example.fr/base.ign" }] } }))).toBeUndefined();
    for (const other of ["#cloud-config\nwrite_files: []", '{"storage": {"files": []}}', "{not json", "[]"])
      expect(ignitionFiles(other), other).toBeUndefined();
  });

  it("make the RKE2 configuration an Ignition config writes judged, as a cloud-config's is", async () => {
    const folder = mkdtempSync(join(tmpdir(), "eds-ignition-"));
    const userData = ignition([{ path: "/etc/rancher/rke2/config.yaml", contents: { source: `data:,${encodeURIComponent("cni: canal\n")}` } }]);
    writeFileSync(
      join(folder, "main.tf"),
      `resource "openstack_compute_instance_v2" "server" {\n  name      = "rke2-server-1"\n  user_data = ${JSON.stringify(userData)}\n}\n`,
    );
    const report = await checkPaths([folder], { settings: fixtureSettings });
    const audit = report.outcomes.filter((outcome) => outcome.policyId === "rke2-audit-log-enabled");
    expect(audit.map(({ status, message }) => `${status}: ${message}`)).toEqual([expect.stringMatching(/^violation: .*audit/)]);
  });
});
