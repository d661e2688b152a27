import { describe, expect, it } from "vitest";
import { goTemplateFilled } from "../../policies/lib/go-template";
import { goTemplateReference, goTemplateReferenceAvailable } from "../../scripts/go-template-reference/run";

const element = {
  project: "apps",
  replicas: 3,
  big: 1000000,
  longer: 1234567,
  small: 0.00001,
  negative: -0.0001,
  huge: 1e21,
  half: 1.5,
  enabled: true,
  absent: null,
  cluster: { name: "prod", labels: { tier: "data" } },
  list: ["a"],
  empty: "",
  emptyList: [],
  tags: { zone: "fr-1", tier: "data" },
  items: [
    { name: "a", value: 1 },
    { name: "b", value: true },
    { name: "c", value: "" },
  ],
};

/**
 * Templates an ApplicationSet's Go template mode fills with a list generator's element, with what Argo CD writes (or
 * undefined where the template fails, or prints what is not read here), held to Go's text/template below.
 */
const cases: readonly { template: string; options?: readonly string[]; filled: string | undefined }[] = [
  { template: "velero-{{ .project }}", filled: "velero-apps" },
  { template: "{{.project}}-{{ .cluster.name }}-{{ .cluster.labels.tier }}", filled: "apps-prod-data" },
  { template: "{{ .replicas }} {{ .half }} {{ .negative }}", filled: "3 1.5 -0.0001" },
  { template: "{{ .big }} {{ .longer }} {{ .small }} {{ .huge }}", filled: "1e+06 1.234567e+06 1e-05 1e+21" },
  { template: "{{ .enabled }}", filled: "true" },
  { template: "{{ .absent }}", filled: "<no value>" },
  { template: "{{ .absent }}", options: ["missingkey=error"], filled: "<no value>" },
  { template: "x-{{ .missing }}", filled: "x-<no value>" },
  { template: "x-{{ .missing }}", options: ["missingkey=zero"], filled: "x-<no value>" },
  { template: "x-{{ .missing }}", options: ["missingkey=error"], filled: undefined },
  { template: "x-{{ .missing }}", options: ["missingkey=error", "missingkey=default"], filled: "x-<no value>" },
  { template: "{{ .cluster.missing }}", filled: "<no value>" },
  { template: "{{ .cluster.missing }}", options: ["missingkey=error"], filled: undefined },
  { template: "{{ .missing.name }}", filled: "<no value>" },
  { template: "{{ .missing.name }}", options: ["missingkey=zero"], filled: undefined },
  { template: "{{ .absent.name }}", filled: undefined },
  { template: "{{ .project.name }}", filled: undefined },
  { template: "{{ .replicas.name }}", filled: undefined },
  // `if` over a field, as text/template's isTrue takes it, with `else`, nested, and whitespace trimmed by `{{-` and `-}}`.
  { template: "{{ if .enabled }}on{{ else }}off{{ end }}", filled: "on" },
  { template: "{{ if .absent }}on{{ else }}off{{ end }}", filled: "off" },
  { template: "{{ if .missing }}on{{ end }}", filled: "" },
  { template: "{{ if .missing }}on{{ end }}", options: ["missingkey=error"], filled: undefined },
  { template: "{{ if .missing.name }}on{{ end }}", options: ["missingkey=zero"], filled: undefined },
  { template: "{{ if .small }}{{ .project }}{{ end }}-{{ if .negative }}n{{ end }}", filled: "apps-n" },
  { template: "{{ if .list }}l{{ end }}{{ if .cluster }}c{{ if .cluster.labels }}{{ .cluster.labels.tier }}{{ end }}{{ end }}", filled: "lcdata" },
  { template: "{{ if .empty }}e{{ else }}{{ if .emptyList }}x{{ else }}none{{ end }}{{ end }}", filled: "none" },
  { template: "a  {{- .project -}}  b\n{{- if .enabled }} yes {{- end }}", filled: "aappsb yes" },
  { template: "{{ if .project.name }}x{{ end }}", filled: undefined },
  { template: "{{ if .enabled }}unclosed", filled: undefined },
  { template: "{{ else }}", filled: undefined },
  // Literals, and the builtins not, and, or, eq and ne, parenthesized calls among their arguments.
  { template: '{{ "text" }} {{ `raw` }} {{ 3 }} {{ -2 }} {{ 1.5 }} {{ .5 }} {{ 1e21 }} {{ 100000000 }}', filled: "text raw 3 -2 1.5 0.5 1e+21 100000000" },
  { template: '{{ eq .project "apps" }} {{ ne .project "apps" }} {{ eq .project "a" "b" "apps" }} {{ eq "a\\"b" "a\\"b" }}', filled: "true false true true" },
  { template: "{{ eq .replicas 3.0 }} {{ eq .half 1.5 }} {{ eq .big 1e6 }} {{ eq 1 1 }} {{ eq .replicas .replicas }}", filled: "true true true true true" },
  { template: '{{ eq .enabled true }} {{ eq .cluster.labels.tier "data" }} {{ eq `raw` "raw" }} {{ (eq .project "apps") }}', filled: "true true true true" },
  // A null, or a key the data lacks, is the zero value: equal to another, to nothing else.
  {
    template: '{{ eq .absent "x" }} {{ ne .absent "" }} {{ eq .absent 0 }} {{ eq "x" .absent }} {{ eq .absent .absent }}',
    filled: "false true false false true",
  },
  { template: '{{ eq .missing "x" }} {{ eq .missing.name "x" }} {{ eq .project .absent .project }}', filled: "false false true" },
  { template: '{{ eq .missing "x" }}', options: ["missingkey=zero"], filled: "false" },
  { template: '{{ eq .missing "x" }}', options: ["missingkey=error"], filled: undefined },
  // Kinds eq cannot compare: a float and an integer constant, a text and a number or a boolean, a list, a map.
  { template: "{{ eq .replicas 3 }}", filled: undefined },
  { template: "{{ eq .replicas -3 }}", filled: undefined },
  { template: "{{ eq 1 1.0 }}", filled: undefined },
  { template: "{{ eq .project 1 }}", filled: undefined },
  { template: '{{ eq .enabled "true" }}', filled: undefined },
  { template: '{{ eq .list "a" }}', filled: undefined },
  { template: "{{ eq .cluster .cluster }}", filled: undefined },
  { template: "{{ eq .replicas .absent 3 }}", filled: undefined },
  {
    template: '{{ not .enabled }} {{ not .empty }} {{ not .absent }} {{ not .missing }} {{ not 0 }} {{ not (eq .project "apps") }}',
    filled: "false true true true true false",
  },
  // and and or give the first false or true argument, else the last, evaluating no further.
  { template: '{{ and .enabled .project }}|{{ and .empty .project }}|{{ or .empty .project }}|{{ and 1 0 }}|{{ or 0 "" }}', filled: "apps||apps|0|" },
  {
    template: "{{ and .enabled .missing }} {{ or .enabled .missing }} {{ and .absent .project }} {{ or .empty .absent }}",
    filled: "<no value> true <no value> <no value>",
  },
  { template: '{{ if and .enabled (ne .project "") }}y{{ end }}{{ if or (eq .project "x") (not .list) }}y{{ else }}n{{ end }}', filled: "yn" },
  { template: "{{ if not .missing }}x{{ end }}", filled: "x" },
  { template: "{{ if .empty }}a{{ else if .enabled }}b{{ else }}c{{ end }}{{ if .empty }}a{{ else if .absent }}b{{ else }}c{{ end }}", filled: "bc" },
  { template: '{{ if .empty }}a{{ else if .missing }}b{{ else if eq .project "apps" }}d{{ end }}-{{ if .enabled }}e{{ else if .x }}f{{ end }}', filled: "d-e" },
  { template: "{{ if .empty }}{{ else }}x{{ else if .enabled }}y{{ end }}", filled: undefined },
  { template: "{{ else if .enabled }}y{{ end }}", filled: undefined },
  { template: "{{ if .empty }}a{{ else if .enabled }}b", filled: undefined },
  // range over a list's items and a map's values in the order of their keys, with dot each of them; with over a value.
  {
    template: "{{ range .list }}[{{ . }}]{{ end }}|{{ range .tags }}{{ . }},{{ end }}|{{ range .cluster.labels }}{{ . }}{{ end }}",
    filled: "[a]|data,fr-1,|data",
  },
  {
    template: "{{ range .items }}{{ .name }}={{ .value }};{{ end }}{{ range .items }}{{ if .value }}{{ .name }}{{ end }}{{ end }}",
    filled: "a=1;b=true;c=;ab",
  },
  {
    template: "{{ range .emptyList }}x{{ else }}none{{ end }} {{ range .absent }}x{{ else }}none{{ end }} {{ range .missing }}x{{ else }}none{{ end }}",
    filled: "none none none",
  },
  {
    template:
      "{{ with .cluster }}{{ .name }}-{{ .labels.tier }}{{ end }}{{ with .empty }}x{{ else }}y{{ end }}{{ with .missing }}x{{ else }}{{ .project }}{{ end }}",
    filled: "prod-datayapps",
  },
  // Go 1.19 takes `else if` after an `if` alone.
  { template: "{{ with .empty }}x{{ else if .enabled }}{{ .project }}{{ end }}", filled: undefined },
  { template: "{{ range .emptyList }}x{{ else if .list }}l{{ end }}", filled: undefined },
  { template: "{{ range .list }}{{ .project }}{{ end }}", filled: undefined },
  { template: "{{ range .project }}x{{ end }}", filled: undefined },
  { template: "{{ range .list }}x", filled: undefined },
  // Calls Go refuses: a wrong number of arguments, an argument to a field.
  { template: '{{ ne .project "a" "b" }}', filled: undefined },
  { template: "{{ not }}", filled: undefined },
  { template: "{{ and }}", filled: undefined },
  { template: "{{ eq .project }}", filled: undefined },
  { template: "{{ not .enabled .empty }}", filled: undefined },
  { template: '{{ .project "x" }}', filled: undefined },
];

describe("an ApplicationSet's Go template filled with a list generator's element", () => {
  it("prints what Argo CD's controller prints, or is not read where the template fails", () => {
    for (const { template, options, filled } of cases) expect(goTemplateFilled(template, element, options), `${template} ${options ?? ""}`).toBe(filled);
  });

  it("leaves unread what prints a map or a list, calls another function, or is another action", () => {
    for (const template of [
      "{{ .cluster }}",
      "{{ .list }}",
      "{{ .project | upper }}",
      "{{ . }}",
      "{{ or .empty .emptyList }}",
      "{{ 0x1F }}",
      '{{ printf "%s" .project }}',
      "{{ len .list }}",
      "{{ range .replicas }}x{{ end }}",
      "{{ range $i, $item := .list }}x{{ end }}",
      "{{ range .list }}{{ break }}{{ end }}",
      "{{ with .empty }}x{{ else with .enabled }}y{{ end }}",
      "{{ $name := .project }}{{ $name }}",
      "{{/* a comment */}}",
    ])
      expect(goTemplateFilled(template, element), template).toBeUndefined();
  });

  it("leaves unread what compares or branches on a placeholder another tool fills, and prints one as it is", () => {
    const filled = (template: string) => goTemplateFilled(template, { name: "${NAME}" });
    for (const template of ['{{ eq .name "x" }}', "{{ not .name }}", "{{ and .name 1 }}", "{{ if .name }}x{{ end }}"])
      expect(filled(template), template).toBeUndefined();
    expect(filled("{{ .name }}-{{ eq .other .other }}")).toBe("${NAME}-true");
  });

  it.skipIf(!goTemplateReferenceAvailable())("holds to Go's text/template (runs where Go is installed)", () => {
    const readings = goTemplateReference(cases.map(({ template, options }) => ({ template, element: JSON.stringify(element), options: [...(options ?? [])] })));
    expect(readings.map((reading) => ("output" in reading ? reading.output : undefined))).toEqual(cases.map(({ filled }) => filled));
  });
});
