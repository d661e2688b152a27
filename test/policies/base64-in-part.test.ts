import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { base64InPart, textOfBase64InPart } from "../../policies/lib/base64-in-part";
import { cloudConfigFiles } from "../../policies/lib/cloud-init";
import { tool } from "../helpers/validators";

/** Texts known in part, in the form Terraform JSON writes a template, with what a YAML plain scalar or a quoted string may not hold. */
const texts: Record<string, string> = {
  "a configuration with a token generated at apply": "token: ${random_password.join.result}\ncni: canal\n",
  "quotes, backslashes, tabs and carriage returns": 'a: "b\\c"\r\n\tkey=${var.x} # comment\n',
  "escaped sequences beside a part": "echo $${HOME} %%{x} ${var.y}\n",
  "text that is not ASCII, and nothing after the part": "clé: été ${var.z}",
  "a part that calls a function": 'tls-san: ${join(",", var.names)}\n',
  "what a YAML single-quoted scalar holds": "args: ['a', 'it''s']\nkey: ${var.k}\n",
};

const cloudConfigWriting = (content: string, encoding = "b64"): string =>
  `#cloud-config\nwrite_files:\n  - path: /etc/a\n    encoding: ${encoding}\n    content: ${content}\n`;

/** The call as a plain scalar and single-quoted: each a cloud-config writing the same file. */
const cloudConfigsHolding = (call: string): string[] => [cloudConfigWriting(call), cloudConfigWriting(`'${call}'`)];

describe("a text known in part, encoded in base64 by Terraform", () => {
  it("is written as the encoding's call on it, which gives back the same text", () => {
    for (const [name, text] of Object.entries(texts)) {
      for (const encoding of ["base64encode", "base64gzip"] as const) {
        const call = base64InPart(encoding, text);
        expect(call, name).toMatch(new RegExp(`^\\$\\{${encoding}\\("`));
        expect(textOfBase64InPart(encoding, call!), name).toBe(text);
      }
    }
  });

  it("stays one scalar of the cloud-config that holds it, plain or single-quoted, as cloud-init's YAML loader reads it (apt-get install cloud-init)", () => {
    tool("cloud-init", "cloud-init");
    const calls = Object.values(texts).map((text) => base64InPart("base64encode", text)!);
    for (const call of calls) expect(call).not.toContain("\n");
    const loaded = spawnSync(
      "/usr/bin/python3",
      [
        "-c",
        "import json, sys\nfrom cloudinit import util\nprint(json.dumps([util.load_yaml(text)['write_files'][0]['content'] for text in json.load(sys.stdin)]))",
      ],
      { input: JSON.stringify(calls.flatMap(cloudConfigsHolding)), encoding: "utf8" },
    );
    expect(loaded.stderr).toBe("");
    expect(JSON.parse(loaded.stdout)).toEqual(calls.flatMap((call) => [call, call]));
  });

  it("is the text of the file a cloud-config writes from it, in base64 or gzip and base64", () => {
    const text = texts["a configuration with a token generated at apply"]!;
    expect(cloudConfigFiles(cloudConfigWriting(base64InPart("base64encode", text)!))).toEqual([{ path: "/etc/a", content: text }]);
    expect(cloudConfigFiles(cloudConfigWriting(base64InPart("base64gzip", text)!, "gz+b64"))).toEqual([{ path: "/etc/a", content: text }]);
  });

  it("is read where a configuration writes the call on a quoted template itself", () => {
    expect(textOfBase64InPart("base64encode", '${base64encode("token: ${var.token}\\n")}')).toBe("token: ${var.token}\n");
    expect(textOfBase64InPart("base64encode", '${base64encode("no part at all")}')).toBe("no part at all");
  });

  it("is not read from another encoding's call, a call on anything but a template, or text beside the call", () => {
    const call = base64InPart("base64encode", "token: ${var.token}\n")!;
    expect(textOfBase64InPart("base64gzip", call)).toBeUndefined();
    // gzip bytes, which write_files' b64 would write as they are: no text.
    expect(cloudConfigFiles(cloudConfigWriting(base64InPart("base64gzip", "a: ${var.a}")!))).toEqual([
      { path: "/etc/a", content: '${base64gzip("a\\u003a ${var.a}")}' },
    ]);
    expect(textOfBase64InPart("base64encode", "${base64encode(var.config)}")).toBeUndefined();
    expect(textOfBase64InPart("base64encode", `prefix ${call}`)).toBeUndefined();
    expect(textOfBase64InPart("base64encode", '${base64encode("a", "b")}')).toBeUndefined();
  });
});
