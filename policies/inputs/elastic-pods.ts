import { isMap } from "../lib/helm";
import { isUnknownValue } from "../lib/values";
import type { WorkflowPods } from "./argo-workflows";

type Path = readonly (string | number)[];

/**
 * Where each kind of Elastic's operator (ECK) holds the pod templates of the pods it runs, under its spec
 * (cloud-on-k8s pkg/apis: NodeSet.PodTemplate in elasticsearch_types.go, the PodTemplate of KibanaSpec, ApmServerSpec,
 * EnterpriseSearchSpec, LogstashSpec, MapsSpec, PackageRegistrySpec, AutoOpsAgentPolicySpec, and of the DaemonSetSpec,
 * DeploymentSpec and StatefulSetSpec of a Beat or an Agent; `*` stands for each item of a list), and whether the
 * operator gives a container that writes no security context its own (PodTemplateBuilder.WithContainersSecurityContext,
 * called in pkg/controller/elasticsearch/nodespec/podspec.go, kibana/pod.go, autoops/expected.go and
 * packageregistry/pod.go; the other kinds' containers keep Kubernetes' defaults).
 */
const templatesAt: Readonly<Record<string, { readonly paths: readonly Path[]; readonly fillsContainerSecurityContexts: boolean }>> = {
  "elasticsearch.k8s.elastic.co/Elasticsearch": { paths: [["nodeSets", "*", "podTemplate"]], fillsContainerSecurityContexts: true },
  "kibana.k8s.elastic.co/Kibana": { paths: [["podTemplate"]], fillsContainerSecurityContexts: true },
  "autoops.k8s.elastic.co/AutoOpsAgentPolicy": { paths: [["podTemplate"]], fillsContainerSecurityContexts: true },
  "packageregistry.k8s.elastic.co/PackageRegistry": { paths: [["podTemplate"]], fillsContainerSecurityContexts: true },
  "apm.k8s.elastic.co/ApmServer": { paths: [["podTemplate"]], fillsContainerSecurityContexts: false },
  "enterprisesearch.k8s.elastic.co/EnterpriseSearch": { paths: [["podTemplate"]], fillsContainerSecurityContexts: false },
  "logstash.k8s.elastic.co/Logstash": { paths: [["podTemplate"]], fillsContainerSecurityContexts: false },
  "maps.k8s.elastic.co/ElasticMapsServer": { paths: [["podTemplate"]], fillsContainerSecurityContexts: false },
  "beat.k8s.elastic.co/Beat": {
    paths: [
      ["daemonSet", "podTemplate"],
      ["deployment", "podTemplate"],
    ],
    fillsContainerSecurityContexts: false,
  },
  "agent.k8s.elastic.co/Agent": {
    paths: [
      ["daemonSet", "podTemplate"],
      ["deployment", "podTemplate"],
      ["statefulSet", "podTemplate"],
    ],
    fillsContainerSecurityContexts: false,
  },
};

/**
 * The templates a path leads to in a value, each with the path it was found at (`*` walks each item of a list): maps,
 * and values known only at apply, which may be templates of any content.
 */
function templatesIn(value: unknown, path: Path, at: Path = []): { template: unknown; at: Path }[] {
  if (isUnknownValue(value)) return [{ template: value, at }];
  if (path.length === 0) return isMap(value) ? [{ template: value, at }] : [];
  const [key, ...rest] = path;
  if (key === "*") return Array.isArray(value) ? value.flatMap((item, i) => templatesIn(item, rest, [...at, i])) : [];
  return isMap(value) && key !== undefined ? templatesIn(value[key], rest, [...at, key]) : [];
}

/**
 * The pods an object of Elastic's operator runs, written as a Deployment whose `spec.template` lists its pod templates,
 * with where each is written. The operator completes a template, filling only what it leaves unset
 * (pkg/controller/common/defaults/pod_template.go, PodTemplateBuilder: each default is set "unless already provided in
 * the template"; a main container the template does not name is the operator's own): what a template writes is what
 * the pods run; of what it leaves unset, the operator sets the token's mount (off, setDefaults), and the security
 * context of a container that writes none where it gives one (templatesAt).
 */
export function elasticPods(manifest: Record<string, unknown>): WorkflowPods | undefined {
  const { apiVersion, kind, spec } = manifest;
  if (typeof apiVersion !== "string" || !isMap(spec)) return undefined;
  const kindOf = templatesAt[`${apiVersion.slice(0, apiVersion.indexOf("/"))}/${String(kind)}`];
  const templates = (kindOf?.paths ?? []).flatMap((path) => templatesIn(spec, path));
  if (!kindOf || templates.length === 0) return undefined;
  return {
    view: { ...manifest, spec: { template: templates.map(({ template }) => template) } },
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
    // setDefaults turns the token off where a template says nothing.
    completedByOperator: { tokenMounted: false, containerSecurityContexts: kindOf.fillsContainerSecurityContexts ? "unwritten" : "none" },
  };
}
