import type { TfResource } from "../engine/model";
import { isKind, isMap } from "../lib/helm";
import { asTypedResource, pathText, writtenManifestPath } from "./kubernetes-manifest";

type Path = readonly (string | number)[];

/** A Service the operator makes from a template an object writes, and where that template sits in the object. */
interface MadeService {
  readonly service: Record<string, unknown>;
  readonly at: Path;
}

const cnpg = "postgresql.cnpg.io";

/** The selectors of a cluster's services by selectorType (cloudnative-pg pkg/specs/services.go: primary, replicas, any instance). */
const clusterSelectors: Readonly<Record<string, Record<string, string>>> = {
  rw: { "cnpg.io/instanceRole": "primary" },
  ro: { "cnpg.io/instanceRole": "replica" },
  r: { "cnpg.io/podRole": "instance" },
};

/**
 * A Service from a template: the template's fields, named `name` when the operator names it (a Pooler's Service is
 * the Pooler's name), its type else ClusterIP, its ports with the operator's own added
 * unless one has its name or number (pkg/servicespec/builder.go, WithServiceType without overwrite,
 * WithServicePortNoOverwrite), and the operator's selector.
 */
function fromTemplate(
  template: Record<string, unknown>,
  name: unknown,
  namespace: unknown,
  port: { name: string; port: number },
  selector: Record<string, string>,
): Record<string, unknown> {
  const metadata = isMap(template.metadata) ? template.metadata : {};
  const spec = isMap(template.spec) ? template.spec : {};
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  const own = ports.some((written) => isMap(written) && (written.name === port.name || written.port === port.port));
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { ...metadata, name: name ?? metadata.name, ...(namespace === undefined ? {} : { namespace }) },
    spec: { ...spec, type: spec.type ?? "ClusterIP", ports: own ? ports : [...ports, { ...port, protocol: "TCP" }], selector },
  };
}

/**
 * The Services the CloudNativePG operator makes from what a Cluster or a Pooler writes: each of a Cluster's
 * `spec.managed.services.additional` (BuildManagedServices: PostgreSQL's port 5432, the instances of its selectorType),
 * and a Pooler's `spec.serviceTemplate` (pkg/specs/pgbouncer/services.go: PgBouncer's port 5432, its pods). A
 * LoadBalancer written there publishes the database as a Service of that type would, and is judged as one.
 */
function madeServices(manifest: Record<string, unknown>): MadeService[] {
  const metadata = isMap(manifest.metadata) ? manifest.metadata : {};
  const spec = isMap(manifest.spec) ? manifest.spec : {};
  if (isKind(manifest, "Cluster", cnpg)) {
    const services = isMap(spec.managed) && isMap(spec.managed.services) ? spec.managed.services : {};
    const additional = Array.isArray(services.additional) ? services.additional : [];
    return additional.flatMap((entry, i): MadeService[] => {
      if (!isMap(entry) || !isMap(entry.serviceTemplate)) return [];
      const selector = { "cnpg.io/cluster": String(metadata.name), ...(clusterSelectors[String(entry.selectorType)] ?? {}) };
      return [
        {
          service: fromTemplate(entry.serviceTemplate, undefined, metadata.namespace, { name: "postgres", port: 5432 }, selector),
          at: ["spec", "managed", "services", "additional", i, "serviceTemplate"],
        },
      ];
    });
  }
  if (isKind(manifest, "Pooler", cnpg) && isMap(spec.serviceTemplate)) {
    const selector = { "cnpg.io/poolerName": String(metadata.name) };
    return [
      {
        service: fromTemplate(spec.serviceTemplate, metadata.name, metadata.namespace, { name: "pgbouncer", port: 5432 }, selector),
        at: ["spec", "serviceTemplate"],
      },
    ];
  }
  return [];
}

/**
 * The Services an operator makes from an object the configuration applies (madeServices), each a typed Service at the
 * object's address and the template's place (`Cluster/data/pg.spec.managed.services.additional[0].serviceTemplate`), a
 * finding naming the template's field.
 */
export function operatorServices(resource: TfResource): TfResource[] {
  const manifest = resource.values.manifest;
  if (resource.type !== "kubernetes_manifest" || resource.mode !== "managed" || !isMap(manifest)) return [];
  return madeServices(manifest).map(({ service, at }) =>
    asTypedResource({
      ...resource,
      address: `${resource.address}.${pathText(at)}`,
      name: String((service.metadata as { name?: unknown }).name),
      values: { manifest: service },
      written: (typedPath) => {
        const { path, names } = writtenManifestPath(service, typedPath);
        const inObject = `manifest.${pathText([...at, ...path])}`;
        const written = resource.written?.(inObject);
        return { path: written?.path ?? inObject, ...(written?.line === undefined ? {} : { line: written.line }), names };
      },
    }),
  );
}
