import { describe, expect, it } from "vitest";
import { cloudConfigFiles, encodedTexts } from "../../policies/lib/cloud-init";
import { computedAtPlan } from "../../policies/inputs/data-sources";
import { noNames } from "../../policies/inputs/hcl-evaluate";

/** A cloudinit_config's rendered message, as the data source gives it (gzipped, in base64). */
const message = (...part: { content: string; content_type?: string; merge_type?: string }[]) =>
  computedAtPlan["data.cloudinit_config"]!.compute({ part }, noNames)!.rendered;
const writing = (...paths: string[]) => `#cloud-config\nwrite_files:\n${paths.map((path) => `  - path: ${path}\n    content: x\n`).join("")}`;
const paths = (userData: unknown) => cloudConfigFiles(userData)?.map((file) => file.path);

describe("the files a MIME multipart user data writes, merged as cloud-init merges its cloud-config parts", () => {
  const cloudConfig = (content: string, merge_type?: string) => ({ content, content_type: "text/cloud-config", ...(merge_type ? { merge_type } : {}) });

  it("reads the cloud-config parts, not a script's, and nothing of a message with no cloud-config", () => {
    expect(paths(message(cloudConfig(writing("/a")), { content: "#!/bin/sh\necho /b\n", content_type: "text/x-shellscript" }))).toEqual(["/a"]);
    expect(paths(message({ content: "#!/bin/sh\n", content_type: "text/x-shellscript" }))).toBeUndefined();
  });

  // cloudinit/mergers (m_dict.py, m_list.py), default dict(replace)+list()+str().
  it.each([
    ["the default: a later part's write_files replaces the earlier", undefined, ["/c"]],
    ["list(append) with dict(no_replace,recurse_list): after", "list(append)+dict(no_replace,recurse_list)+str()", ["/a", "/b", "/c"]],
    ["list(prepend): before", "list(prepend)+dict(no_replace,recurse_list)+str()", ["/c", "/a", "/b"]],
    ["list() in a dict that does not replace: item by item, the earlier's longer tail kept", "list()+dict(no_replace,recurse_list)+str()", ["/c", "/b"]],
    ["dict(no_replace) without recursing into lists: the earlier kept", "dict(no_replace)+list(append)", ["/a", "/b"]],
  ])("%s", (_, mergeType, expected) => {
    expect(paths(message(cloudConfig(writing("/a", "/b")), cloudConfig(writing("/c"), mergeType)))).toEqual(expected);
  });

  it("takes a part's own merge_how, as a list of mergers too, before its header's", () => {
    const own = `merge_how:\n  - name: list\n    settings: [append]\n  - name: dict\n    settings: [no_replace, recurse_list]\n${writing("/c").replace("#cloud-config\n", "")}`;
    expect(paths(message(cloudConfig(writing("/a")), cloudConfig(`#cloud-config\n${own}`, "dict(replace)")))).toEqual(["/a", "/c"]);
  });

  it("decodes a part in base64", () => {
    const encoded = `Content-Type: multipart/mixed; boundary="B"\nMIME-Version: 1.0\n\n--B\nContent-Type: text/cloud-config\nContent-Transfer-Encoding: base64\n\n${Buffer.from(writing("/a")).toString("base64")}\n--B--\n`;
    expect(paths(encoded)).toEqual(["/a"]);
  });
});

describe("what a MIME multipart user data holds encoded", () => {
  const message = (...parts: string[]) => ["Content-Type: multipart/mixed; boundary=B", "", ...parts.flatMap((part) => ["--B", part]), "--B--", ""].join("\n");
  const base64 = (text: string) => Buffer.from(text).toString("base64");

  it("numbers the parts as they come, one with no header among them, and walks into a nested multipart", () => {
    const nested = ["Content-Type: multipart/mixed; boundary=C", "", "--C", "Content-Transfer-Encoding: base64", "", base64("inner"), "--C--"].join("\n");
    const texts = encodedTexts(
      message("Content-Type: text/x-shellscript\n\n#!/bin/sh", "\nno header", `Content-Transfer-Encoding: base64\n\n${base64("third")}`, nested),
    );
    expect(texts).toEqual([
      { text: "third", of: "part 3 of the user data" },
      { text: "inner", of: "part 4 of the user data" },
    ]);
  });

  it("takes a text/plain part that starts with #cloud-config for a cloud-config, not one that starts with #cloud-config-archive", () => {
    const config = (start: string) => `Content-Type: text/plain\n\n${start}\nwrite_files:\n  - path: /etc/a\n    content: x`;
    expect(cloudConfigFiles(message(config("#cloud-config")))).toEqual([{ path: "/etc/a", content: "x" }]);
    expect(cloudConfigFiles(message(config("#Cloud-Config").replace("text/plain", "text/x-shellscript")))).toEqual([{ path: "/etc/a", content: "x" }]);
    // A part with no header and no blank line: its body starts at once.
    expect(cloudConfigFiles(message("#cloud-config\nwrite_files:\n  - path: /etc/b\n    content: z"))).toEqual([{ path: "/etc/b", content: "z" }]);
    expect(cloudConfigFiles(message(config("#cloud-config-archive")))).toBeUndefined();
  });
});
