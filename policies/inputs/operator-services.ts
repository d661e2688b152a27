import type { TfResource } from "../engine/model";
import { isKind, isMap } from "../lib/helm";
import { capoSecurityGroupRules } from "./capo-security-groups";
import { kubeadmStaticPods } from "./static-pod-manifests";
import { controlPlaneManifests } from "./control-plane-manifests";
import { asTypedResource, pathText, writtenManifestPath } from "./kubernetes-manifest";

type Path = readonly (string | number)[];

/** A Service an operator makes from what an object writes (a template, a listener), and where that sits in the object. */
interface MadeService {
  readonly service: Record<string, unknown>;
  readonly at: Path;
  /** Where a field of the Service is written under `at`, where it is not at the same path (a listener's `type` is the Service's spec.type). */
  readonly writtenAt?: (field: Path) => Path;
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
 * The Services an operator makes from what an object writes: the CloudNativePG operator of each of a Cluster's
 * `spec.managed.services.additional` (BuildManagedServices: PostgreSQL's port 5432, the instances of its selectorType),
 * and of a Pooler's `spec.serviceTemplate` (pkg/specs/pgbouncer/services.go: PgBouncer's port 5432, its pods); Strimzi
 * of a Kafka's listeners published outside the cluster (kafkaListenerServices). A LoadBalancer written there publishes
 * the database as a Service of that type would, and is judged as one.
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
  if (isKind(manifest, "Kafka", strimzi)) return kafkaListenerServices(manifest);
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

const strimzi = "kafka.strimzi.io";

/** The Service type Strimzi gives a listener's own Services (ListenersUtils.serviceType): route, ingress and cluster-ip get ClusterIP. */
const listenerServiceTypes: Readonly<Record<string, string>> = { nodeport: "NodePort", loadbalancer: "LoadBalancer" };

/**
 * The Services Strimzi makes of a Kafka's listeners published outside the cluster (nodeport, loadbalancer): the
 * bootstrap Service, `<cluster>-kafka-<listener>-bootstrap` (KafkaCluster.generateExternalBootstrapServices,
 * ListenersUtils.backwardsCompatibleBootstrapServiceName), of the listener's type and port, with the listener's
 * bootstrap annotations under those of spec.kafka.template.externalBootstrapService (Util.mergeLabelsOrAnnotations); a
 * load balancer listener told not to create one (createBootstrapService: false) still gets one Service per broker, of
 * the same type, under spec.kafka.template.perPodService. Each is judged as a Service written so would be.
 */
/** Where a listener writes what its Service takes: its type and port; the rest is the listener itself. */
const listenerField = (field: Path): Path =>
  field[0] === "spec" && (field[1] === "type" || field[1] === "ports") ? [field[1] === "type" ? "type" : "port"] : [];

function kafkaListenerServices(manifest: Record<string, unknown>): MadeService[] {
  const metadata = isMap(manifest.metadata) ? manifest.metadata : {};
  const kafka = isMap(manifest.spec) && isMap(manifest.spec.kafka) ? manifest.spec.kafka : {};
  const template = isMap(kafka.template) ? kafka.template : {};
  const annotationsOf = (service: unknown) =>
    isMap(service) && isMap(service.metadata) && isMap(service.metadata.annotations) ? service.metadata.annotations : {};
  const listeners = Array.isArray(kafka.listeners) ? kafka.listeners : [];
  return listeners.flatMap((listener, i): MadeService[] => {
    const type = isMap(listener) ? listenerServiceTypes[String(listener.type)] : undefined;
    if (!isMap(listener) || type === undefined) return [];
    const configuration = isMap(listener.configuration) ? listener.configuration : {};
    const perBroker = type === "LoadBalancer" && configuration.createBootstrapService === false;
    const bootstrap = isMap(configuration.bootstrap) ? configuration.bootstrap : {};
    const annotations = perBroker
      ? annotationsOf(template.perPodService)
      : { ...(isMap(bootstrap.annotations) ? bootstrap.annotations : {}), ...annotationsOf(template.externalBootstrapService) };
    const name = `${String(metadata.name)}-kafka-${String(listener.name)}-${perBroker ? "<broker>" : "bootstrap"}`;
    const service = {
      apiVersion: "v1",
      kind: "Service",
      metadata: {
        name,
        ...(metadata.namespace === undefined ? {} : { namespace: metadata.namespace }),
        ...(Object.keys(annotations).length ? { annotations } : {}),
      },
      spec: { type, ports: [{ name: String(listener.name), port: listener.port, protocol: "TCP" }], selector: { "strimzi.io/cluster": String(metadata.name) } },
    };
    return [{ service, at: ["spec", "kafka", "listeners", i], writtenAt: listenerField }];
  });
}

/**
 * The Services an operator makes from an object the configuration applies (madeServices), each a typed Service at the
 * object's address and the template's place (`Cluster/data/pg.spec.managed.services.additional[0].serviceTemplate`), a
 * finding naming the template's field.
 */
function operatorServices(resource: TfResource): TfResource[] {
  const manifest = resource.values.manifest;
  if (resource.type !== "kubernetes_manifest" || resource.mode !== "managed" || !isMap(manifest)) return [];
  return madeServices(manifest).map(({ service, at, writtenAt }) =>
    asTypedResource({
      ...resource,
      address: `${resource.address}.${pathText(at)}`,
      name: String((service.metadata as { name?: unknown }).name),
      values: { manifest: service },
      written: (typedPath) => {
        const { path, names } = writtenManifestPath(service, typedPath);
        const inObject = `manifest.${pathText([...at, ...(writtenAt ? writtenAt(path) : path)])}`;
        const written = resource.written?.(inObject);
        return { path: written?.path ?? inObject, ...(written?.line === undefined ? {} : { line: written.line }), names };
      },
    }),
  );
}

/**
 * What operators make of an object the configuration applies, judged as the configuration's own resources: the
 * Services (operatorServices), the security group rules Cluster API's OpenStack provider creates for a cluster
 * (capoSecurityGroupRules), the static pods a kubeadm configuration's files have its machines run (kubeadmStaticPods),
 * and the objects a K3s or RKE2 control plane's files have its servers apply (controlPlaneManifests).
 */
export const operatorMade = (resource: TfResource): TfResource[] => [
  ...operatorServices(resource),
  ...capoSecurityGroupRules(resource),
  ...kubeadmStaticPods(resource),
  ...controlPlaneManifests(resource),
];
