// Refreshes the custom resource schemas the platform tests validate against (test/constructs/crd-schemas/): the
// openAPIV3Schema of each served version of the CRDs the platform writes objects of, descriptions dropped, from the
// CRD files of the charts at the versions helm-component.ts pins.
// Usage: npm run crd-schemas -- <crd.yaml> <source> [<crd.yaml> <source>]...
//   <source> says where the file comes from, e.g. "cloudnative-pg/charts@cloudnative-pg-v0.26.1:charts/cloudnative-pg/templates/crds/crds.yaml"
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";

/** The kinds the platform writes (constructs/platform): only their schemas are kept. */
const kinds = new Set([
  "postgresql.cnpg.io/Cluster",
  "postgresql.cnpg.io/Database",
  "postgresql.cnpg.io/ScheduledBackup",
  "cert-manager.io/Certificate",
  "cert-manager.io/ClusterIssuer",
  "traefik.io/IngressRoute",
  "traefik.io/Middleware",
  "traefik.io/TLSOption",
  "velero.io/Schedule",
]);

const withoutDescriptions = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withoutDescriptions);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "description")
      .map(([key, item]) => [
        key,
        key === "properties"
          ? Object.fromEntries(Object.entries(item as object).map(([name, schema]) => [name, withoutDescriptions(schema)]))
          : withoutDescriptions(item),
      ]),
  );
};

const folder = join(import.meta.dirname, "..", "test", "constructs", "crd-schemas");
mkdirSync(folder, { recursive: true });
const args = process.argv.slice(2);
if (args.length === 0 || args.length % 2 !== 0) {
  console.error("usage: npm run crd-schemas -- <crd.yaml> <source> [<crd.yaml> <source>]...");
  process.exit(2);
}
for (let i = 0; i < args.length; i += 2) {
  // Chart templates wrap the CRDs in Helm directives: the lines that hold one are dropped before parsing.
  const text = readFileSync(args[i]!, "utf8")
    .split("\n")
    .filter((line) => !line.includes("{{"))
    .join("\n");
  for (const document of parseAllDocuments(text)) {
    const crd = document.toJS() as {
      kind?: string;
      spec?: { group: string; names: { kind: string }; versions: { name: string; served: boolean; schema: { openAPIV3Schema: unknown } }[] };
    };
    if (crd?.kind !== "CustomResourceDefinition" || !crd.spec || !kinds.has(`${crd.spec.group}/${crd.spec.names.kind}`)) continue;
    for (const version of crd.spec.versions.filter((v) => v.served)) {
      const file = join(folder, `${crd.spec.group}_${crd.spec.names.kind}_${version.name}.json`);
      const schema = {
        "//": `openAPIV3Schema of ${crd.spec.group}/${version.name} ${crd.spec.names.kind}, descriptions dropped, from ${args[i + 1]}`,
        ...(withoutDescriptions(version.schema.openAPIV3Schema) as object),
      };
      writeFileSync(file, `${JSON.stringify(schema)}\n`);
      console.log(`wrote ${file}`);
    }
  }
}
