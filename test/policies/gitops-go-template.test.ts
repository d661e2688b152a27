import { describe, expect, it } from "vitest";
import { goTemplateFilled } from "../../policies/lib/gitops-charts";
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
];

describe("an ApplicationSet's Go template filled with a list generator's element", () => {
  it("prints what Argo CD's controller prints, or is not read where the template fails", () => {
    for (const { template, options, filled } of cases) expect(goTemplateFilled(template, element, options), `${template} ${options ?? ""}`).toBe(filled);
  });

  it("leaves unread what prints a map or a list, or calls a function", () => {
    for (const template of [
      "{{ .cluster }}",
      "{{ .list }}",
      "{{ .project | upper }}",
      "{{ . }}",
      '{{ if eq .project "apps" }}x{{ end }}',
      "{{ range .list }}x{{ end }}",
    ])
      expect(goTemplateFilled(template, element), template).toBeUndefined();
  });

  it.skipIf(!goTemplateReferenceAvailable())("holds to Go's text/template (runs where Go is installed)", () => {
    const readings = goTemplateReference(cases.map(({ template, options }) => ({ template, element: JSON.stringify(element), options: [...(options ?? [])] })));
    expect(readings.map((reading) => ("output" in reading ? reading.output : undefined))).toEqual(cases.map(({ filled }) => filled));
  });
});
