import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { computedAtPlan } from "../../policies/inputs/data-sources";
import { type FilesRead, noNames } from "../../policies/inputs/hcl-evaluate";
import { ignitionFiles } from "../../policies/lib/ignition";
import { tool, validate } from "../helpers/validators";

const rendered = (type: string, args: Record<string, unknown>) => computedAtPlan[type]!.compute(args, noNames)?.rendered;

describe("data sources computed at plan", () => {
  // What the cloudinit provider's own tests expect (hashicorp/terraform-provider-cloudinit,
  // internal/provider/data_source_cloudinit_config_test.go), without gzip and base64.
  const mime = (boundary: string, ...parts: string[]) =>
    `Content-Type: multipart/mixed; boundary="${boundary}"\nMIME-Version: 1.0\r\n\r\n${parts.map((part) => `--${boundary}\r\n${part}`).join("\r\n")}\r\n--${boundary}--\r\n`;
  const plain = { gzip: false, base64_encode: false };

  it.each([
    [
      "a part",
      { part: [{ content_type: "text/x-shellscript", content: "baz" }] },
      mime("MIMEBOUNDARY", "Content-Transfer-Encoding: 7bit\r\nContent-Type: text/x-shellscript\r\nMime-Version: 1.0\r\n\r\nbaz"),
    ],
    [
      "a part of no type, text/plain",
      { part: [{ content: "baz" }] },
      mime("MIMEBOUNDARY", "Content-Transfer-Encoding: 7bit\r\nContent-Type: text/plain\r\nMime-Version: 1.0\r\n\r\nbaz"),
    ],
    [
      "a part with a file name",
      { part: [{ content_type: "text/x-shellscript", content: "baz", filename: "foobar.sh" }] },
      mime(
        "MIMEBOUNDARY",
        'Content-Disposition: attachment; filename="foobar.sh"\r\nContent-Transfer-Encoding: 7bit\r\nContent-Type: text/x-shellscript\r\nMime-Version: 1.0\r\n\r\nbaz',
      ),
    ],
    [
      "two parts",
      {
        part: [
          { content_type: "text/x-shellscript", content: "baz" },
          { content_type: "text/x-shellscript", content: "ffbaz" },
        ],
      },
      mime(
        "MIMEBOUNDARY",
        "Content-Transfer-Encoding: 7bit\r\nContent-Type: text/x-shellscript\r\nMime-Version: 1.0\r\n\r\nbaz",
        "Content-Transfer-Encoding: 7bit\r\nContent-Type: text/x-shellscript\r\nMime-Version: 1.0\r\n\r\nffbaz",
      ),
    ],
    [
      "a merge type",
      { part: [{ content_type: "text/x-shellscript", content: "foo1", filename: "foofile1.txt", merge_type: "list()+dict()+str()" }] },
      mime(
        "MIMEBOUNDARY",
        'Content-Disposition: attachment; filename="foofile1.txt"\r\nContent-Transfer-Encoding: 7bit\r\nContent-Type: text/x-shellscript\r\nMime-Version: 1.0\r\nX-Merge-Type: list()+dict()+str()\r\n\r\nfoo1',
      ),
    ],
  ])("render cloudinit_config's message as the provider does: %s", (_, args, expected) => {
    expect(rendered("data.cloudinit_config", { ...plain, ...args })).toBe(expected);
    expect(rendered("data.template_cloudinit_config", { ...plain, ...args })).toBe(expected);
  });

  it("take cloudinit_config's boundary, one Go's multipart writer takes, where the template provider's has none", () => {
    const part = [{ content_type: "text/x-shellscript", content: "baz" }];
    expect(rendered("data.cloudinit_config", { ...plain, boundary: "//", part })).toBe(
      mime("//", "Content-Transfer-Encoding: 7bit\r\nContent-Type: text/x-shellscript\r\nMime-Version: 1.0\r\n\r\nbaz"),
    );
    for (const boundary of ["", "ends in a space ", "x".repeat(71), "<no>"])
      expect(rendered("data.cloudinit_config", { ...plain, boundary, part }), boundary).toBeUndefined();
  });

  it("gzip and base64 cloudinit_config's message by default, and refuse gzip without base64 as the provider does", () => {
    const part = [{ content_type: "text/cloud-config", content: "#cloud-config\n" }];
    const encoded = rendered("data.cloudinit_config", { part }) as string;
    expect(gunzipSync(Buffer.from(encoded, "base64")).toString("utf8")).toBe(rendered("data.cloudinit_config", { ...plain, part }));
    expect(rendered("data.cloudinit_config", { gzip: true, base64_encode: false, part })).toBeUndefined();
    expect(rendered("data.cloudinit_config", { part: [] })).toBeUndefined();
  });

  it("read local_file's file in Terraform's working directory, with its digests, and record it as read", () => {
    const folder = mkdtempSync(join(tmpdir(), "eds-local-file-"));
    writeFileSync(join(folder, "init.sh"), "echo hi\n");
    const filesRead: FilesRead = { files: new Set(), texts: new Map() };
    const read = computedAtPlan["data.local_file"]!.compute({ filename: "init.sh" }, { ...noNames, directory: folder, filesRead });
    expect(read).toMatchObject({
      content: "echo hi\n",
      content_base64: "ZWNobyBoaQo=",
      // sha1sum and sha256sum of the same bytes.
      id: createHash("sha1").update("echo hi\n").digest("hex"),
      content_sha256: createHash("sha256").update("echo hi\n").digest("hex"),
    });
    expect([...filesRead.files]).toEqual([join(folder, "init.sh")]);
    expect(computedAtPlan["data.local_sensitive_file"]!.compute({ filename: "missing.sh" }, { ...noNames, directory: folder })).toBeUndefined();
  });

  it("render template_file's template with its variables as strings and Terraform's functions", () => {
    expect(rendered("data.template_file", { template: "root:${password} ${upper(user)} ${port + 1}", vars: { password: "x", user: "a", port: 21 } })).toBe(
      "root:x A 22",
    );
    expect(rendered("data.template_file", { template: "no variables" })).toBe("no variables");
    // A number as Terraform writes it in a string: every digit, no exponent.
    expect(rendered("data.template_file", { template: "${n}", vars: { n: 1e21 } })).toBe("1000000000000000000000");
    // Only primitives: the provider fails on a list.
    expect(rendered("data.template_file", { template: "${a}", vars: { a: ["x"] } })).toBeUndefined();
    expect(rendered("data.template_file", { template: "${undeclared}", vars: {} })).toBeUndefined();
  });
  describe("ct_config, a Butane config translated to Ignition (poseidon/ct)", () => {
    // Debian's ignition-validate (Ignition 2.14) takes specifications up to 3.3.0: Butane fcos 1.4.0.
    const butane = (files: string, variant = "fcos", version = "1.4.0") => `variant: ${variant}\nversion: ${version}\nstorage:\n  files:\n${files}`;
    const k3s = "    - path: /etc/rancher/k3s/config.yaml\n      mode: 0600\n      contents:\n        inline: |\n          secrets-encryption: true\n";
    const snippet = '    - path: /etc/motd\n      contents:\n        inline: hello\n      append:\n        - inline: " world"\n';
    const ignitionValidate = (config: string) => validate(tool("ignition-validate", "ignition"), (file) => [file], config, "config.ign");

    it("writes the files Butane's storage declares, its snippets' after them, in a config Ignition's validator takes", () => {
      const config = String(rendered("data.ct_config", { content: butane(k3s), snippets: [butane(snippet, "flatcar", "1.0.0")] }));
      expect(ignitionValidate(config)).toEqual({ status: 0, output: "" });
      expect(JSON.parse(config).ignition).toEqual({ version: "3.3.0" });
      expect(ignitionFiles(config)).toEqual([
        { path: "/etc/rancher/k3s/config.yaml", content: "secrets-encryption: true\n" },
        { path: "/etc/motd", content: "hello world" },
      ]);
    });

    it("reads a local file from files_dir, as Butane does, and refuses one without it", () => {
      const folder = mkdtempSync(join(tmpdir(), "eds-butane-"));
      writeFileSync(join(folder, "config.yaml"), "secrets-encryption: true\n");
      const local = "    - path: /etc/rancher/k3s/config.yaml\n      contents:\n        local: config.yaml\n";
      const config = String(rendered("data.ct_config", { content: butane(local), files_dir: folder }));
      expect(ignitionValidate(config)).toEqual({ status: 0, output: "" });
      expect(ignitionFiles(config)).toEqual([{ path: "/etc/rancher/k3s/config.yaml", content: "secrets-encryption: true\n" }]);
      expect(rendered("data.ct_config", { content: butane(local) })).toBeUndefined();
    });

    it("translates nothing Butane refuses or this reader does not translate", () => {
      expect(rendered("data.ct_config", { content: butane(k3s, "fcos", "9.9.9") })).toBeUndefined();
      expect(rendered("data.ct_config", { content: k3s })).toBeUndefined();
      expect(rendered("data.ct_config", { content: `${butane(k3s)}  trees:\n    - local: etc\n` })).toBeUndefined();
      expect(rendered("data.ct_config", { content: butane("    - path: /a\n      contents:\n        inline: a\n        local: a\n") })).toBeUndefined();
      expect(rendered("data.ct_config", { content: butane("    - path: /a\n      contents:\n        inline: [a]\n") })).toBeUndefined();
    });
  });
});
