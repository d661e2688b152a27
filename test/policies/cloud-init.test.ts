import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { TfResource } from "../../policies/engine/model";
import { base64Decoded, cloudConfigFiles, encodedTexts, filesOnDisk, userDataRead, withScriptsRun, writtenYaml } from "../../policies/lib/cloud-init";
import { computedAtPlan } from "../../policies/inputs/data-sources";
import { noNames } from "../../policies/inputs/hcl-evaluate";
import { tool } from "../helpers/validators";

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
  const message = (...parts: string[]) =>
    ["Content-Type: multipart/mixed; boundary=B", "MIME-Version: 1.0", "", ...parts.flatMap((part) => ["--B", part]), "--B--", ""].join("\n");
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

  it("decodes the files of every cloud-config, those cloud-init merges away and those of a message it reads as no MIME among them", () => {
    const encoded = (path: string, text: string) => `#cloud-config\nwrite_files:\n  - path: ${path}\n    encoding: b64\n    content: ${base64(text)}\n`;
    const noMime = message(
      `Content-Type: text/cloud-config\n\n${encoded("/a", "first")}`,
      `Content-Type: text/cloud-config\n\n${encoded("/b", "second")}`,
    ).replace("MIME-Version: 1.0\n", "");
    expect(cloudConfigFiles(noMime)).toBeUndefined();
    expect(encodedTexts(noMime)).toEqual([
      { text: "first", of: "the file /a the user data writes" },
      { text: "second", of: "the file /b the user data writes" },
    ]);
    // A file written compressed as text is not read.
    expect(encodedTexts("#cloud-config\nwrite_files:\n  - path: /c\n    encoding: gz\n    content: x\n")).toEqual([]);
    expect(encodedTexts(`Content-Type: text/cloud-config\nMIME-Version: 1.0\n\n${encoded("/d", "one part")}`)).toEqual([
      { text: "one part", of: "the file /d the user data writes" },
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

/** A MIME multipart user data of parts each given as its headers and its body. */
const mime = (...parts: (readonly [headers: string, body: string])[]) =>
  ['Content-Type: multipart/mixed; boundary="B"', "MIME-Version: 1.0", "", ...parts.flatMap(([headers, body]) => ["--B", headers, "", body]), "--B--", ""].join(
    "\n",
  );
const config = "Content-Type: text/cloud-config";
const merging = (how: string, ...files: string[]) => writing(...files).replace("#cloud-config\n", `#cloud-config\nmerge_how: '${how}'\n`);
const appending = "dict(no_replace,recurse_list)+list(append)";
const base64 = (text: string | Buffer) => Buffer.from(text).toString("base64");
const file = (path: string, lines: string) => `#cloud-config\nwrite_files:\n  - path: ${path}\n${lines}`;

/**
 * User data, each with what it shows of cloud-init: how parts merge (mergers/__init__.py, m_dict.py, m_list.py,
 * handlers/cloud_config.py), which user data is MIME and how its parts are typed and decoded (user_data.py), and how
 * write_files decodes a file (cc_write_files.py).
 */
const userData: Record<string, string> = {
  "the default merge: a later part's write_files replaces the earlier": mime([config, writing("/a", "/b")], [config, writing("/c")]),
  "dict() does not replace, its default": mime([config, writing("/a", "/b")], [config, merging("dict()+list(append)", "/c")]),
  "a part with no dict merger is skipped": mime([config, writing("/a", "/b")], [config, merging("list(append)", "/c")]),
  "a first part with no dict merger is skipped": mime([config, merging("list(append)", "/a")], [config, merging("dict(no_replace)", "/c")]),
  "a part's mergers, then its header's": mime([config, writing("/a")], [`${config}\nMerge-Type: dict(no_replace,recurse_list)`, merging("list(append)", "/c")]),
  "the first dict merger is taken": mime([config, writing("/a")], [`${config}\nMerge-Type: ${appending}`, merging("dict(replace)", "/c")]),
  "merger names and options in capitals and with hyphens": mime(
    [config, writing("/a")],
    [config, merging("Dict(No-Replace, Recurse-List) + List(Append)", "/c")],
  ),
  "recursing into lists with no list merger keeps the earlier": mime([config, writing("/a")], [config, merging("dict(no_replace,recurse_list)", "/c")]),
  "list() replaces item by item, the earlier's longer tail kept": mime(
    [config, writing("/a", "/b")],
    [config, merging("dict(no_replace,recurse_array)+list()", "/c")],
  ),
  "list(no_replace) keeps the earlier, list(replace) before it wins": mime(
    [config, writing("/a", "/b")],
    [config, merging("dict(no_replace,recurse_list)+list(no_replace,replace)", "/c")],
    [config, merging("dict(no_replace,recurse_list)+list(no_replace)", "/d")],
  ),
  "list(prepend)": mime([config, writing("/a")], [config, merging("dict(no_replace,recurse_list)+list(prepend)", "/c")]),
  "a malformed merger skips the part": mime([config, writing("/a")], [config, merging("dict(no_replace", "/c")]),
  "an unknown merger skips the part": mime([config, writing("/a")], [config, merging("dict(no_replace,recurse_list)+list(append)+set()", "/c")]),
  "mergers named by their modules": mime([config, writing("/a")], [config, merging("m_dict(no_replace,recurse_list)+m_list(append)", "/c")]),
  "merge_type when there is no merge_how": mime(
    [config, writing("/a")],
    [config, writing("/c").replace("#cloud-config\n", `#cloud-config\nmerge_type: '${appending}'\n`)],
  ),
  "mergers as a list of names and options, and of maps": mime(
    [config, writing("/a")],
    [
      config,
      writing("/c").replace("#cloud-config\n", "#cloud-config\nmerge_how:\n  - [dict, no_replace, recurse_list]\n  - {name: list, settings: [append]}\n"),
    ],
  ),
  "settings written as one string, found in it as Python finds a word": mime(
    [config, writing("/a")],
    [config, writing("/c").replace("#cloud-config\n", "#cloud-config\nmerge_how:\n  - {name: dict, settings: 'no_replace,recurse_list'}\n")],
  ),
  "a null write_files removed with allow_delete": mime(
    [config, writing("/a")],
    [config, "#cloud-config\nmerge_how: 'dict(no_replace,allow_delete)'\nwrite_files: null\n"],
    [config, merging("dict(no_replace)", "/c")],
  ),
  "a null write_files replacing the earlier": mime([config, writing("/a")], [config, "#cloud-config\nwrite_files: null\n"]),
  "an empty Merge-Type, then X-Merge-Type": mime([config, writing("/a")], [`${config}\nMerge-Type:\nX-Merge-Type: ${appending}`, writing("/c")]),
  "a merge header named in another case is not read": mime([config, writing("/a")], [`${config}\nmerge-type: ${appending}`, writing("/c")]),
  "a part that is no YAML is skipped": mime([config, writing("/a")], [config, "#cloud-config\nwrite_files: [\n"]),
  "a multipart message without MIME-Version is no MIME": mime([config, writing("/a")]).replace("MIME-Version: 1.0\n", ""),
  "a MIME-Version past the first 4096 bytes is not seen": mime([config, writing("/a")]).replace(
    "MIME-Version: 1.0\n",
    `X-Padding: ${"x".repeat(4096)}\nMIME-Version: 1.0\n`,
  ),
  "a type that is no type/subtype is text/plain, typed by its start": mime(["Content-Type: cloud-config", writing("/a")]),
  "an uncompressed part loses its merge header": mime(
    [config, writing("/a")],
    [`Content-Type: application/x-gzip\nContent-Transfer-Encoding: base64\nMerge-Type: ${appending}`, base64(gzipSync(writing("/g")))],
  ),
  "a message of one part": `Content-Type: text/cloud-config\nMIME-Version: 1.0\n\n${writing("/a")}`,
  "a part declared as gzip is uncompressed and typed by its start": mime([
    "Content-Type: application/x-gzip\nContent-Transfer-Encoding: base64",
    base64(gzipSync(writing("/a"))),
  ]),
  "a part declared as a cloud-config is not uncompressed": mime([`${config}\nContent-Transfer-Encoding: base64`, base64(gzipSync(writing("/a")))]),
  "a transfer encoding in capitals": mime([`${config}\nContent-Transfer-Encoding: BASE64`, base64(writing("/a"))]),
  "a transfer encoding with a space after it is not base64": mime([`${config}\nContent-Transfer-Encoding: base64 `, base64(writing("/a"))]),
  "a type with a parameter, in capitals, and a space before the parameter": mime(
    ["Content-Type: Text/Cloud-Config ; charset=utf-8", writing("/a")],
    ["Content-Type: text/x-not-multipart", merging(appending, "/b")],
  ),
  "a type whose parameter names multipart/": mime(['Content-Type: text/plain; name="multipart/mixed"', writing("/a")]),
  "a part of another type that starts with #cloud-config": mime(["Content-Type: text/cloud-boothook", writing("/a")]),
  "a header with a space before its colon is none": mime(["Content-Type : text/cloud-config", writing("/a")]),
  "a folded line after a line with no name folds into nothing": mime([`${config}\n: x\n -folded`, writing("/a")]),
  "an envelope's From line is left out": mime([`From someone\n${config}`, writing("/a")]),
  "a header line with no name is skipped": mime([`: x\n${config}`, writing("/a")]),
  "the first of two types": mime([`${config}\nContent-Type: text/x-shellscript-per-boot`, writing("/a")]),
  "a folded type, boundary named in capitals": mime([config, writing("/a")]).replace(
    'Content-Type: multipart/mixed; boundary="B"',
    "Content-Type: Multipart/Mixed;\n Boundary=B",
  ),
  "a multipart part nested": mime(['Content-Type: multipart/alternative; boundary="C"', ["--C", config, "", writing("/a"), "--C--"].join("\n")]),
  "no closing delimiter": mime([config, writing("/a")], [config, merging(appending, "/b")]).replace("--B--\n", ""),
  "an epilogue after the closing delimiter": `${mime([config, writing("/a")])}#cloud-config\nwrite_files:\n  - path: /e\n`,
  "padding after a delimiter": mime([config, writing("/a")]).replace("--B\n", "--B \t\n"),
  "a start with white space, in capitals, and followed by more": "  #Cloud-Config-x\nwrite_files:\n  - path: /a\n    content: x\n",
  "an archive is no cloud-config": "#cloud-config-archive\n- content: x\n",
  "encodings in any case, stripped": file(
    "/a",
    `    encoding: ' B64 '\n    content: ${base64("a")}\n  - path: /b\n    encoding: GZ+B64\n    content: ${base64(gzipSync("b"))}\n`,
  ),
  "every name of base64 and of base64 of gzip": [
    "#cloud-config",
    "write_files:",
    ...["b64", "base64"].flatMap((encoding) => [`  - path: /${encoding}`, `    encoding: ${encoding}`, `    content: ${base64("é")}`]),
    ...["gz+b64", "gzip+base64", "gz+base64", "gzip+b64"].flatMap((encoding) => [
      `  - path: /${encoding}`,
      `    encoding: ${encoding}`,
      `    content: ${base64(gzipSync("é"))}`,
    ]),
    "",
  ].join("\n"),
  "an unknown encoding is text": file("/a", "    encoding: gzipped\n    content: x\n"),
  "gzip bytes": file("/a", `    encoding: gzip\n    content: !!binary ${base64(gzipSync("a: 1\n"))}\n`),
  bytes: file("/a", `    content: !!binary ${base64("a: 1\n")}\n`),
  "bytes in base64, and of gzip": file(
    "/a",
    `    encoding: b64\n    content: !!binary ${base64(base64("a: 1\n"))}\n  - path: /b\n    encoding: gz+b64\n    content: !!binary ${base64(base64(gzipSync("b: 2\n")))}\n`,
  ),
  "a merge key under keys written before it, which PyYAML leaves to them": file("/a", "    <<: {path: /b}\n    content: x\n"),
  "an entry with no path, or an empty one, is no file": file("/a", "    content: x\n  - content: y\n  - path: ''\n    content: z\n"),
};

describe("the files a user data writes, as Debian's cloud-init writes them (runs its own code: apt-get install cloud-init)", () => {
  it("gives for each user data the files cloud-init's modules give", () => {
    tool("cloud-init", "cloud-init");
    const names = Object.keys(userData);
    const run = spawnSync("/usr/bin/python3", [join(import.meta.dirname, "..", "helpers", "cloud-init-files.py")], {
      input: JSON.stringify(names.map((name) => userData[name])),
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    const reference = JSON.parse(run.stdout) as { path: string; content: string | null }[][];
    for (const [i, name] of names.entries()) {
      const files = (cloudConfigFiles(userData[name]) ?? []).map(({ path, content }) => ({ path, content: content ?? null }));
      expect(files, name).toEqual(reference[i]);
    }
  });

  it("holds user data that show each rule: every one writes a file", () => {
    // A case whose user data cloud-init reads nothing of would hold nothing the table above checks beside its neighbour.
    const empty = Object.entries(userData)
      .filter(([, text]) => (cloudConfigFiles(text) ?? []).length === 0)
      .map(([name]) => name);
    expect(empty.sort()).toEqual(
      [
        "a multipart message without MIME-Version is no MIME",
        "a MIME-Version past the first 4096 bytes is not seen",
        "a part declared as a cloud-config is not uncompressed",
        "a transfer encoding with a space after it is not base64",
        "a part of another type that starts with #cloud-config",
        "a header with a space before its colon is none",
        "a null write_files replacing the earlier",
        "an archive is no cloud-config",
      ].sort(),
    );
  });
});

describe("a written file's YAML", () => {
  it("says why a file written compressed cannot be read, and reads one that is YAML", () => {
    expect(writtenYaml({ path: "/etc/a", content: undefined })).toEqual({ unreadable: "/etc/a is written compressed" });
    expect(writtenYaml({ path: "/etc/a", content: "a: [" })).toEqual({ unreadable: "/etc/a is not YAML this check can read" });
    expect(writtenYaml({ path: "/etc/a", content: "a: 1" })).toEqual({ document: { a: 1 } });
    // RKE2 reads its configuration with go-yaml v2, for which y is a bool (PyYAML leaves it text).
    expect(writtenYaml({ path: "/etc/a", content: "selinux: y" })).toEqual({ document: { selinux: true } });
  });
});

describe("the files of a user data this reader cannot follow", () => {
  it("are not known for a part known only in part that is no YAML as written, nor for a merge into what a list holds", () => {
    const config = "Content-Type: text/cloud-config";
    expect(cloudConfigFiles(mime([config, writing("/a")], [config, "#cloud-config\nwrite_files:\n${indent(2, local.files)}\n"]))).toBeUndefined();
    expect(cloudConfigFiles(mime([config, writing("/a")], [config, merging("dict(no_replace,recurse_list)+list(recurse_dict)", "/c")]))).toBeUndefined();
    // A JSON patch, which cloud-init applies to the config, is not read.
    expect(cloudConfigFiles('#cloud-config-jsonp\n[{"op": "add", "path": "/write_files", "value": [{"path": "/a"}]}]\n')).toBeUndefined();
  });
});

describe("a user data as the instance gets it", () => {
  it("is decoded from base64 written over lines, and taken as written when it is too short, padded too far, of other characters or of no UTF-8", () => {
    expect(base64Decoded("QUJD\nREVG\n")).toBe("ABCDEF");
    for (const text of ["QUJD", "QUJDREVGRw", "QUJD====", "QUJD....REVG", "password"]) expect(base64Decoded(text), text).toBe(text);
  });
});

describe("what a path holds once the files are written in order", () => {
  it("is the last entry's content, or the content before with what an entry that appends adds, not read where a part is not", () => {
    const first = { path: "/a", content: "x" };
    expect(filesOnDisk([first, { path: "/a", content: "y" }]).get("/a")).toEqual({ path: "/a", content: "y" });
    expect(filesOnDisk([first, { path: "/a", content: "y", append: true }]).get("/a")).toEqual({ path: "/a", content: "xy" });
    // A part written compressed, or fetched at boot, leaves the whole not read, and says why.
    expect(filesOnDisk([first, { path: "/a", content: undefined, append: true }]).get("/a")).toEqual({ path: "/a", content: undefined });
    const fetched = { path: "/a", content: undefined, unreadable: "Ignition fetches it at boot" };
    expect(filesOnDisk([first, { ...fetched, append: true }]).get("/a")).toEqual(fetched);
    expect(filesOnDisk([fetched, { path: "/a", content: "y", append: true }]).get("/a")).toEqual(fetched);
  });
});

describe("the commands a user data runs, with those of the scripts it writes and runs", () => {
  const script = {
    path: "/usr/local/sbin/install",
    content: "#!/bin/sh\nset -eu\ncat > /etc/motd <<'EOF'\nwelcome\nEOF\nsystemctl enable --now rke2-agent.service\n",
  };
  it("follows a script run by its path, by a shell, or after sudo, one level down, its here-documents whole", () => {
    for (const command of ["/usr/local/sbin/install", "sh /usr/local/sbin/install", "sudo bash -e /usr/local/sbin/install && echo done"])
      expect(withScriptsRun([command, "reboot"], [script]), command).toEqual([
        command,
        "#!/bin/sh",
        "set -eu",
        "cat > /etc/motd <<'EOF'\nwelcome\nEOF",
        "systemctl enable --now rke2-agent.service",
        "",
        "reboot",
      ]);
  });

  it("leaves a command that runs no script the user data writes, or one known only at apply, as it is", () => {
    expect(withScriptsRun(["/usr/local/sbin/other", "echo /usr/local/sbin/install"], [script])).toEqual([
      "/usr/local/sbin/other",
      "echo /usr/local/sbin/install",
    ]);
    expect(withScriptsRun(["/usr/local/sbin/install"], [{ path: script.path, content: "${var.install}" }])).toEqual(["/usr/local/sbin/install"]);
  });

  it("runs runcmd's entries once write_files wrote the files, as the script cc_runcmd writes, in a shell of its own", () => {
    const instance = {
      values: { user_data: "#cloud-config\nbootcmd:\n  - echo early\nruncmd:\n  - FILE=/etc/a.yaml\n  - echo a > $FILE\n" },
    } as unknown as TfResource;
    expect(userDataRead(instance).commandsAfterFiles).toEqual(["#!/bin/sh", "FILE=/etc/a.yaml", "echo a > $FILE"]);
  });
});
