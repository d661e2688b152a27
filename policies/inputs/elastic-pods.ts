import { isMap } from "../lib/helm";
import type { WorkflowPods } from "./argo-workflows";

type Path = readonly (string | number)[];

/**
 * Where each kind of Elastic's operator (ECK) holds the pod templates of the pods it runs, under its spec
 * (cloud-on-k8s pkg/apis: NodeSet.PodTemplate in elasticsearch_types.go, the PodTemplate of KibanaSpec, ApmServerSpec,
 * EnterpriseSearchSpec, LogstashSpec, MapsSpec, PackageRegistrySpec, AutoOpsAgentPolicySpec, and of the DaemonSetSpec,
 * DeploymentSpec and StatefulSetSpec of a Beat or an Agent). `*` stands for each item of a list.
 */
const templatesAt: Readonly<Record<string, readonly Path[]>> = {
  "elasticsearch.k8s.elastic.co/Elasticsearch": [["nodeSets", "*", "podTemplate"]],
  "kibana.k8s.elastic.co/Kibana": [["podTemplate"]],
  "apm.k8s.elastic.co/ApmServer": [["podTemplate"]],
  "enterprisesearch.k8s.elastic.co/EnterpriseSearch": [["podTemplate"]],
  "logstash.k8s.elastic.co/Logstash": [["podTemplate"]],
  "maps.k8s.elastic.co/ElasticMapsServer": [["podTemplate"]],
  "packageregistry.k8s.elastic.co/PackageRegistry": [["podTemplate"]],
  "autoops.k8s.elastic.co/AutoOpsAgentPolicy": [["podTemplate"]],
  "beat.k8s.elastic.co/Beat": [
    ["daemonSet", "podTemplate"],
    ["deployment", "podTemplate"],
  ],
  "agent.k8s.elastic.co/Agent": [
    ["daemonSet", "podTemplate"],
    ["deployment", "podTemplate"],
    ["statefulSet", "podTemplate"],
  ],
};

/** The maps a path leads to in a value, each with the path it was found at (`*` walks each item of a list). */
function mapsAt(value: unknown, path: Path, at: Path = []): { map: Record<string, unknown>; at: Path }[] {
  if (path.length === 0) return isMap(value) ? [{ map: value, at }] : [];
  const [key, ...rest] = path;
  if (key === "*") return Array.isArray(value) ? value.flatMap((item, i) => mapsAt(item, rest, [...at, i])) : [];
  return isMap(value) && key !== undefined ? mapsAt(value[key], rest, [...at, key]) : [];
}

/**
 * The pods an object of Elastic's operator runs, written as a Deployment whose `spec.template` lists its pod templates,
 * with where each is written. The operator completes a template, filling only what it leaves unset
 * (pkg/controller/common/defaults/pod_template.go, PodTemplateBuilder: each default is set "unless already provided in
 * the template"; a main container the template does not name is the operator's own): what a template writes is what
 * the pods run, and what it leaves unset is not the template's to answer for.
 */
export function elasticPods(manifest: Record<string, unknown>): WorkflowPods | undefined {
  const { apiVersion, kind, spec } = manifest;
  if (typeof apiVersion !== "string" || !isMap(spec)) return undefined;
  const paths = templatesAt[`${apiVersion.slice(0, apiVersion.indexOf("/"))}/${String(kind)}`];
  const templates = (paths ?? []).flatMap((path) => mapsAt(spec, path));
  if (templates.length === 0) return undefined;
  return {
    view: { ...manifest, spec: { template: templates.map(({ map }) => map) } },
    origins: [
      [["metadata"], ["metadata"]],
      ...templates.map(
        ({ at }, i) =>
          [
            ["spec", "template", i],
            ["spec", ...at],
          ] as const,
      ),
    ],
    completedByOperator: true,
  };
}
