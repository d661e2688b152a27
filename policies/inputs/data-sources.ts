import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { ctConfig } from "./butane";
import { fileset } from "./fileset";
import { parseKubernetesYaml } from "../lib/go-yaml";
import { isMap } from "../lib/helm";
import { asString, evaluate, type Scope, type Value } from "./hcl-evaluate";
import { parseTemplate } from "./hcl-expression";
import { readByFunction, readTextByFunction, recordFileText, templateScope } from "./hcl-functions";
import { cutAt, recordCut, recordRendering } from "./text-sources";

/** What the local provider's file data sources read (hashicorp/terraform-provider-local, data_source_local_file.go). */
const localFileAttributes = [
  "id",
  "content",
  "content_base64",
  "content_md5",
  "content_sha1",
  "content_sha256",
  "content_base64sha256",
  "content_sha512",
  "content_base64sha512",
] as const;

/**
 * Attributes of data sources that Terraform reads at plan, when their arguments are known, and that a provider computes
 * from those arguments alone, with no API call: computed here as the provider computes them, so that what is made of
 * them (a `kubectl_manifest` for each document of a file) is judged. Each takes the data source's arguments and gives
 * its computed attributes, or undefined when an argument is not known or the provider would fail.
 */
export const computedAtPlan: Readonly<
  Record<
    string,
    {
      readonly attributes: readonly string[];
      /** Its arguments that take a map, which Terraform 0.11 wrote as a block (`vars { ... }`) and 0.12 and later refuse so. */
      readonly mapArguments?: readonly string[];
      compute(args: Record<string, unknown>, scope: Scope): Record<string, unknown> | undefined;
    }
  >
> = {
  "data.kubectl_file_documents": {
    attributes: ["documents", "manifests"],
    compute: ({ content }, scope) => (typeof content === "string" ? documentsOfTexts([content], scope) : undefined),
  },
  "data.kubectl_path_documents": {
    attributes: ["documents", "manifests"],
    mapArguments: ["vars", "sensitive_vars"],
    compute: ({ pattern, vars, sensitive_vars, disable_template }, scope) => {
      if (typeof pattern !== "string" || (disable_template !== undefined && typeof disable_template !== "boolean")) return undefined;
      const texts: string[] = [];
      for (const file of globbed(pattern, scope.directory ?? ".")) {
        let text: string;
        try {
          text = readTextByFunction(scope, file);
        } catch {
          return undefined;
        }
        const rendered =
          disable_template === true
            ? text
            : templateFileRendered(text, { ...(isMap(vars) ? vars : {}), ...(isMap(sensitive_vars) ? sensitive_vars : {}) }, scope);
        if (rendered === undefined) return undefined;
        texts.push(rendered);
      }
      return documentsOfTexts(texts, scope);
    },
  },
  "data.local_file": { attributes: localFileAttributes, compute: localFile },
  "data.local_sensitive_file": { attributes: localFileAttributes, compute: localFile },
  "data.template_file": {
    attributes: ["rendered"],
    mapArguments: ["vars"],
    compute: ({ template, vars }, scope) => {
      const rendered = typeof template === "string" ? templateFileRendered(template, vars ?? {}, scope) : undefined;
      return rendered === undefined ? undefined : { rendered };
    },
  },
  "data.cloudinit_config": { attributes: ["rendered"], compute: (args) => cloudinitConfig(args, args.boundary ?? "MIMEBOUNDARY") },
  // The template provider's has no boundary argument: its boundary is MIMEBOUNDARY (datasource_cloudinit_config.go).
  "data.template_cloudinit_config": { attributes: ["rendered"], compute: (args) => cloudinitConfig(args, "MIMEBOUNDARY") },
  // poseidon/ct: a Butane config translated to the Ignition config Fedora CoreOS or Flatcar reads at first boot.
  "data.ct_config": { attributes: ["rendered"], compute: ctConfig },
};

/**
 * local_file and local_sensitive_file at plan: the file's bytes read from Terraform's working directory, with no API
 * call, its content as text, in base64 and its digests; the id is its SHA-1 (data_source_local_file.go, Read).
 */
function localFile({ filename }: Record<string, unknown>, scope: Scope): Record<string, unknown> | undefined {
  if (typeof filename !== "string") return undefined;
  let bytes: Buffer;
  try {
    bytes = readByFunction(scope, filename);
  } catch {
    return undefined;
  }
  const digest = (algorithm: string, encoding: "hex" | "base64") => createHash(algorithm).update(bytes).digest(encoding);
  const content = bytes.toString("utf8");
  recordFileText(scope, filename, content);
  return {
    id: digest("sha1", "hex"),
    content,
    content_base64: bytes.toString("base64"),
    content_md5: digest("md5", "hex"),
    content_sha1: digest("sha1", "hex"),
    content_sha256: digest("sha256", "hex"),
    content_base64sha256: digest("sha256", "base64"),
    content_sha512: digest("sha512", "hex"),
    content_base64sha512: digest("sha512", "base64"),
  };
}

/**
 * The template provider's template_file (hashicorp/terraform-provider-template v2.2.0, datasource_template_file.go,
 * execute): the template rendered as Terraform renders one, its variables strings, with Terraform's functions in
 * Terraform's working directory. A variable that is not a primitive, or a template that fails, fail the data source.
 */
function templateFileRendered(template: string, vars: unknown, scope: Scope): string | undefined {
  if (!isMap(vars)) return undefined;
  const variables: Record<string, Value> = {};
  for (const [name, value] of Object.entries(vars)) {
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") return undefined;
    variables[name] = asString(value);
  }
  try {
    const rendered = evaluate(parseTemplate(template), templateScope(variables, scope));
    recordRendering(scope.filesRead?.texts, template, rendered);
    return typeof rendered === "string" || typeof rendered === "number" || typeof rendered === "boolean" ? (asString(rendered) as string) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * cloudinit_config's `rendered` (hashicorp/terraform-provider-cloudinit, internal/provider/cloudinit_config.go; the
 * template provider's template_cloudinit_config alike): a MIME multipart message of its parts (cloudinitMessage),
 * gzipped and in base64 by default. Gzip's bytes are Node's, which a reader inflates to the same text; gzip without
 * base64 fails the data source.
 */
function cloudinitConfig(args: Record<string, unknown>, boundary: unknown): Record<string, unknown> | undefined {
  const gzip = args.gzip ?? true;
  const base64 = args.base64_encode ?? true;
  if (typeof gzip !== "boolean" || typeof base64 !== "boolean" || (gzip && !base64)) return undefined;
  const message = cloudinitMessage(args.part, boundary, (part) => (typeof part.content === "string" ? part.content : undefined));
  if (message === undefined) return undefined;
  const bytes = gzip ? gzipSync(Buffer.from(message, "utf8")) : Buffer.from(message, "utf8");
  return { rendered: base64 ? bytes.toString("base64") : message };
}

/**
 * The MIME multipart message cloudinit_config makes of its parts, as Go's mime/multipart writes it (headers sorted, CRLF
 * line ends). Each part's content is what `content` gives for it, the rest of the message passes through `text` (a
 * message known in part writes both in Terraform's template syntax). Undefined for a boundary the writer refuses, no
 * part, or a part whose content or headers are not known.
 */
export function cloudinitMessage(
  parts: unknown,
  boundary: unknown,
  content: (part: Record<string, unknown>, index: number) => string | undefined,
  text = (literal: string) => literal,
): string | undefined {
  if (!Array.isArray(parts) || parts.length === 0 || !isMimeBoundary(boundary)) return undefined;
  let message = text(`Content-Type: multipart/mixed; boundary="${boundary}"\nMIME-Version: 1.0\r\n\r\n`);
  for (const [i, part] of parts.entries()) {
    if (!isMap(part)) return undefined;
    const header = (name: string) => (part[name] === undefined || part[name] === null ? "" : part[name]);
    const [contentType, filename, mergeType] = ["content_type", "filename", "merge_type"].map(header);
    const body = content(part, i);
    if (typeof contentType !== "string" || typeof filename !== "string" || typeof mergeType !== "string" || body === undefined) return undefined;
    const headers: Record<string, string> = {
      "Content-Type": contentType !== "" ? contentType : "text/plain",
      "Mime-Version": "1.0",
      "Content-Transfer-Encoding": "7bit",
      ...(filename !== "" ? { "Content-Disposition": `attachment; filename="${filename}"` } : {}),
      ...(mergeType !== "" ? { "X-Merge-Type": mergeType } : {}),
    };
    let start = `${i === 0 ? "" : "\r\n"}--${boundary}\r\n`;
    for (const name of Object.keys(headers).sort()) start += `${name}: ${headers[name]}\r\n`;
    message += `${text(`${start}\r\n`)}${body}`;
  }
  return `${message}${text(`\r\n--${boundary}--\r\n`)}`;
}

/** A boundary Go's multipart writer takes (mime/multipart, SetBoundary): 1 to 70 of RFC 2046's characters, not ending in a space. */
const isMimeBoundary = (boundary: unknown): boolean =>
  typeof boundary === "string" && /^[A-Za-z0-9'()+_,\-./:=? ]{0,69}[A-Za-z0-9'()+_,\-./:=?]$/.test(boundary);

/**
 * The files kubectl_path_documents reads (data_source_kubectl_path_documents.go): Go's filepath.Glob of its pattern, in
 * Terraform's working directory, sorted; `*` and `?` stay within a folder, as Go's do.
 */
function globbed(pattern: string, directory: string): string[] {
  const segments = pattern.split("/");
  const literal = segments.findIndex((segment) => /[*?[\\]/.test(segment));
  if (literal === -1) return statSync(resolve(directory, pattern), { throwIfNoEntry: false })?.isFile() ? [resolve(directory, pattern)] : [];
  const base = resolve(directory, segments.slice(0, literal).join("/") || (pattern.startsWith("/") ? "/" : "."));
  return fileset(base, segments.slice(literal).join("/")).map((file) => join(base, file));
}

/**
 * The kubectl provider's documents of multi-document texts, a file's or each of a pattern's files
 * (gavinbunney/terraform-provider-kubectl, data_source_kubectl_file_documents.go, data_source_kubectl_path_documents.go
 * and yaml/splitter.go): split at each "\n---" and the rest of its line, each
 * trimmed, an empty document left out; `manifests` maps each object's self link to its text. A document that does not
 * parse, or two with one self link, fail the data source.
 */
function documentsOfTexts(texts: readonly string[], scope: Scope): { documents: string[]; manifests: Record<string, string> } | undefined {
  const documents: string[] = [];
  const manifests: Record<string, string> = {};
  for (const content of texts) {
    const cut: { at: number; text: string; json: string }[] = [];
    for (const { at, part: chunk } of cutAt(content, /\n---[^\n]*(?:\n|$)/g)) {
      const document = chunk.trim();
      let object: unknown;
      try {
        object = parseKubernetesYaml(document);
      } catch {
        return undefined;
      }
      if (object === null || object === undefined || (isMap(object) && Object.keys(object).length === 0)) continue;
      if (!isMap(object)) return undefined;
      const link = selfLink(object);
      if (Object.hasOwn(manifests, link)) return undefined;
      documents.push(document);
      // The provider writes each object back as YAML (Manifest.AsYAML); JSON is YAML, and reads as the same object.
      manifests[link] = JSON.stringify(object);
      cut.push({ at: at + chunk.length - chunk.trimStart().length, text: document, json: manifests[link] });
    }
    recordCut(scope.filesRead?.texts, content, cut);
  }
  return { documents, manifests };
}

/**
 * An object's self link as the provider builds it when the object writes none (yaml/manifest.go, buildSelfLink):
 * `/api/v1` or `/apis/<apiVersion>`, `/namespaces/<namespace>`, the kind in lower case with `s` (`es` after an `s`),
 * and the name, each part only when it is there.
 */
function selfLink(object: Record<string, unknown>): string {
  const metadata = isMap(object.metadata) ? object.metadata : {};
  if (typeof metadata.selfLink === "string" && metadata.selfLink !== "") return metadata.selfLink;
  const text = (value: unknown): string => (typeof value === "string" ? value : "");
  const [apiVersion, namespace, kind, name] = [object.apiVersion, metadata.namespace, object.kind, metadata.name].map(text);
  return [
    apiVersion === "v1" ? "/api" : "/apis",
    apiVersion ? `/${apiVersion}` : "",
    namespace ? `/namespaces/${namespace}` : "",
    kind ? `/${kind.toLowerCase()}${kind.endsWith("s") ? "es" : "s"}` : "",
    name ? `/${name}` : "",
  ].join("");
}
