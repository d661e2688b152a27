import { Document, type LineCounter, parse, parseAllDocuments, type Tags, visit } from "yaml";

/**
 * YAML 1.1's booleans, which go-yaml v2 keeps: yes, no, on, off, y and n in any of their cases (yaml.org/type/bool.html).
 * Quoted, they stay strings.
 */
const yaml11Bool = {
  tag: "tag:yaml.org,2002:bool",
  default: true,
  test: /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  resolve: (text: string) => /^(?:y|yes|true|on)$/i.test(text),
};

/**
 * YAML as the Go libraries behind what is checked read it: go-yaml v2, under Terraform's yamldecode (go-cty-yaml), the
 * Kubernetes provider's manifest functions and Helm's values (sigs.k8s.io/yaml). `privileged: yes` is true there, and
 * merge keys (`<<`) apply; the rest is read as YAML 1.2's core schema. `terraform console` gives the same for
 * yamldecode("b: [x, y, on]"): ["x", true, true].
 */
export const parseGoYaml = (text: string): unknown => parse(text, { merge: true, customTags: (tags: Tags) => [yaml11Bool, ...tags] });

/**
 * YAML as Terraform's yamlencode writes it (go-cty-yaml): keys in lexical order and double-quoted, strings
 * double-quoted, or as literal blocks when they hold a line break, sequences not indented under their key. A string
 * alone with a line break is not indented as Terraform indents it.
 */
export function stringifyGoYaml(value: unknown): string {
  const document = new Document(value, { sortMapEntries: true });
  visit(document, {
    Scalar(key, node) {
      if (typeof node.value === "string") node.type = key !== "key" && node.value.includes("\n") ? "BLOCK_LITERAL" : "QUOTE_DOUBLE";
    },
  });
  return document.toString({ indentSeq: false });
}

/** Every document of a multi-document text (`---` between them), each read as parseGoYaml reads one. */
export const parseGoYamlDocuments = (text: string): unknown[] => goYamlDocuments(text).map((document) => document.toJS());

/** The documents of a multi-document text as parseGoYaml reads each, with their errors and places (`lineCounter`). */
export const goYamlDocuments = (text: string, lineCounter?: LineCounter): Document.Parsed[] => [
  ...parseAllDocuments(text, { merge: true, prettyErrors: false, customTags: (tags: Tags) => [yaml11Bool, ...tags], ...(lineCounter ? { lineCounter } : {}) }),
];
