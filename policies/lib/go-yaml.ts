import { Document, type LineCounter, parse, parseAllDocuments, parseDocument, type Tags, visit } from "yaml";

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
 * YAML 1.1's integers as go-yaml v2 resolves them (resolve.go: underscores dropped, then strconv.ParseInt with base 0):
 * `0400` is octal (256), `0b101` binary, `1_000` a thousand. kubectl gives [256, 5, 1000, 80, 31] for
 * `[0400, 0b101, 1_000, 080, 0x1_F]` (`kubectl create --dry-run=client -o json`); `080`, no octal, is read in decimal.
 */
const yaml11Ints = [
  { pattern: /^([-+]?)0b([01_]+)$/, base: 2 },
  { pattern: /^([-+]?)0([0-7_]+)$/, base: 8 },
  { pattern: /^([-+]?)0x([0-9a-fA-F_]+)$/, base: 16 },
  { pattern: /^([-+]?)([0-9][0-9_]*)$/, base: 10 },
].map(({ pattern, base }) => ({
  tag: "tag:yaml.org,2002:int",
  default: true,
  test: pattern,
  resolve: (text: string) => {
    const [, sign, digits] = pattern.exec(text)!;
    const value = Number.parseInt(digits!.replaceAll("_", ""), base);
    return sign === "-" ? -value : value;
  },
}));

/**
 * YAML as the Go libraries behind what is checked read it: go-yaml v2, under Terraform's yamldecode (go-cty-yaml) and
 * the Kubernetes provider's manifest functions. `privileged: yes` is true there, and merge keys (`<<`) apply; the rest
 * is read as YAML 1.2's core schema. `terraform console` gives the same for yamldecode("b: [x, y, on]"): ["x", true,
 * true], and for yamldecode("[0400, 0b101, 1_000]"): [400, "0b101", "1_000"] (go-cty-yaml resolves integers its own way).
 */
export const parseGoYaml = (text: string): unknown => parse(text, { merge: true, customTags: (tags: Tags) => [yaml11Bool, ...tags] });

/**
 * YAML as Kubernetes and Helm read it (sigs.k8s.io/yaml, over go-yaml v2): kubectl's manifests, Helm's values and the
 * objects a chart renders. As parseGoYaml, with YAML 1.1's integers (`defaultMode: 0400` is 256), merge keys applied
 * in order (kubernetesValue), and a key written twice taking the later value, as kubectl takes it.
 */
export function parseKubernetesYaml(text: string): unknown {
  const document = parseDocument(text, kubernetesOptions);
  if (document.errors[0]) throw document.errors[0];
  return kubernetesValue(document);
}

const kubernetesOptions = { merge: false, uniqueKeys: false, prettyErrors: false, customTags: (tags: Tags) => [yaml11Bool, ...yaml11Ints, ...tags] };

/**
 * A document's value as go-yaml v2 decodes it. A merge key (`<<`) is applied where it is written, over the keys before
 * it, and the keys after it win (decode.go mapping: d.merge, then each later key set); of a list of maps merged, the
 * earlier win (d.merge steps backwards). The yaml library's own merge lets every explicit key win instead:
 * `{privileged: false, <<: {privileged: true}}` is true for kubectl. An alias is expanded at most 10,000 times.
 */
export function kubernetesValue(document: Document.Parsed): unknown {
  return withMerges(document.toJS({ maxAliasCount: 10_000 }));
}

function withMerges(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withMerges);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key !== "<<") {
      out[key] = withMerges(item);
      continue;
    }
    for (const source of Array.isArray(item) ? [...item].reverse() : [item])
      if (source !== null && typeof source === "object" && !Array.isArray(source)) Object.assign(out, withMerges(source));
  }
  return out;
}

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

/** Every document of a multi-document text (`---` between them), each read as parseKubernetesYaml reads one. */
export const parseKubernetesYamlDocuments = (text: string): unknown[] => kubernetesYamlDocuments(text).map(kubernetesValue);

/**
 * The documents of a multi-document text, parsed as parseKubernetesYaml parses each (read their values with
 * kubernetesValue), with their errors and places (`lineCounter`). kubectl splits the text at every line that starts
 * with `---` followed by nothing but blanks or a comment (k8s.io/apimachinery util/yaml, YAMLReader): `---#` is one.
 */
export const kubernetesYamlDocuments = (text: string, lineCounter?: LineCounter): Document.Parsed[] => [
  ...parseAllDocuments(text.replace(/^---#/gm, "--- #"), { ...kubernetesOptions, ...(lineCounter ? { lineCounter } : {}) }),
];
