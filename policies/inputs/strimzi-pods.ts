import { isMap } from "../lib/helm";
import { groupKindOf } from "../lib/kubernetes";
import { nodePoolContainerContext, strimziContainerContext } from "../lib/strimzi";
import { literalString } from "../lib/values";
import { asMap, type Origin, type Path, type PodGroup, viewOfGroups, type WorkflowPods } from "./argo-workflows";

/** A container of a Strimzi component: its name, the template's key for it, and where its resources are written. */
interface StrimziContainer {
  readonly name: string;
  readonly template: string;
  readonly resourcesAt: Path;
}

/** A Strimzi component that runs pods: where its section is in the spec, its template's key for the pod, and its containers. */
interface StrimziComponent {
  readonly at: Path;
  /** The key of its pod's section in the template: `pod`, or `buildPod` for a KafkaConnect's build. */
  readonly pod?: string;
  readonly containers: readonly StrimziContainer[];
  readonly initContainers: readonly StrimziContainer[];
}

/**
 * The pod that builds a KafkaConnect's image with its connector plugins, where its spec has a `build` section (on
 * Kubernetes; OpenShift builds it with a BuildConfig): Kaniko or Buildah in one container, `<name>-connect-build`, with
 * the build's resources, its pod and container sections `buildPod` and `buildContainer` of the template
 * (cluster-operator model KafkaConnectBuild, generateBuilderPod and createContainer; KafkaConnectResources.buildPodName).
 * Where the template writes no container security context, the baseline provider gives none, and the builder runs as
 * the root its image runs as; the restricted one refuses to run the build (RestrictedPodSecurityProvider,
 * kafkaConnectBuildContainerSecurityContext), so that no such pod runs.
 */
const connectBuild = (name: string): StrimziComponent => ({
  at: [],
  pod: "buildPod",
  containers: [{ name: `${name}-connect-build`, template: "buildContainer", resourcesAt: ["build", "resources"] }],
  initContainers: [],
});

/**
 * A component whose pods run one container of its name and, where it is rack aware (a rack with a topologyKey), the
 * kafka-init init container with its resources (cluster-operator model KafkaConnectCluster and KafkaBridgeCluster,
 * createContainer and createInitContainer; their componentName is the object's name and `-connect`, `-mirrormaker2`
 * or `-bridge`).
 */
function oneContainer(spec: Record<string, unknown>, name: string, template: string): StrimziComponent {
  const resourcesAt: Path = ["resources"];
  const rackAware = isMap(spec.rack) && spec.rack.topologyKey !== undefined;
  return {
    at: [],
    containers: [{ name, template, resourcesAt }],
    initContainers: rackAware ? [{ name: "kafka-init", template: "initContainer", resourcesAt }] : [],
  };
}

/**
 * The components of a Kafka that run pods of their own whose spec the Kafka alone writes: the entity operator's topic
 * and user operators, Cruise Control and the Kafka exporter, each where its section is written (cluster-operator model
 * EntityTopicOperator, EntityUserOperator, CruiseControl, KafkaExporter). Its brokers and controllers run the pods of
 * its node pools, viewed with each KafkaNodePool (its kafka container, its resources, and each section of its template
 * where written, else the Kafka's: nodePoolContainerContext).
 */
function kafkaComponents(spec: Record<string, unknown>, name: string): StrimziComponent[] {
  const operators = asMap(spec.entityOperator);
  const entityOperators = [
    ["topicOperator", "topic-operator", "topicOperatorContainer"],
    ["userOperator", "user-operator", "userOperatorContainer"],
  ].flatMap(([key, container, template]) => (isMap(operators[key!]) ? [{ name: container!, template: template!, resourcesAt: [key!, "resources"] }] : []));
  return [
    ...(entityOperators.length > 0 ? [{ at: ["entityOperator"], containers: entityOperators, initContainers: [] }] : []),
    ...(isMap(spec.cruiseControl)
      ? [
          {
            at: ["cruiseControl"],
            containers: [{ name: "cruise-control", template: "cruiseControlContainer", resourcesAt: ["resources"] }],
            initContainers: [],
          },
        ]
      : []),
    ...(isMap(spec.kafkaExporter)
      ? [{ at: ["kafkaExporter"], containers: [{ name: `${name}-kafka-exporter`, template: "container", resourcesAt: ["resources"] }], initContainers: [] }]
      : []),
  ];
}

/** The components of a Strimzi object that run pods (kafka.strimzi.io); none for another kind. */
function componentsOf(kind: string, spec: Record<string, unknown>, name: string): StrimziComponent[] {
  switch (kind) {
    case "kafka.strimzi.io/KafkaConnect":
      return [oneContainer(spec, `${name}-connect`, "connectContainer"), ...(isMap(spec.build) ? [connectBuild(name)] : [])];
    case "kafka.strimzi.io/KafkaMirrorMaker2":
      return [oneContainer(spec, `${name}-mirrormaker2`, "connectContainer")];
    case "kafka.strimzi.io/KafkaBridge":
      return [oneContainer(spec, `${name}-bridge`, "bridgeContainer")];
    case "kafka.strimzi.io/Kafka":
      return kafkaComponents(spec, name);
    case "kafka.strimzi.io/KafkaNodePool":
      return [{ at: [], containers: [{ name: "kafka", template: "kafkaContainer", resourcesAt: ["resources"] }], initContainers: [] }];
    default:
      return [];
  }
}

/**
 * The pods Strimzi's cluster operator runs for a component, viewed as a pod template: its template's pod section (its
 * metadata and security context; its additional volumes are of the kinds the restricted profile allows, the API server
 * pruning any other source, api AdditionalVolume) and its containers, each with the security context its template
 * writes for it, which replaces the provider's whole (ContainerSecurityProviderContextImpl,
 * userSuppliedSecurityContext), and the component's resources.
 */
function componentPods(spec: Record<string, unknown>, component: StrimziComponent, index: number): PodGroup {
  const section = asMap(component.at.reduce<unknown>((value, key) => asMap(value)[key], spec));
  const template = asMap(section.template);
  const podSection = component.pod ?? "pod";
  const pod = asMap(template[podSection]);
  const written: Path = ["spec", ...component.at];
  const view: Path = ["spec", "template", index];
  const container = (each: StrimziContainer) => ({
    name: each.name,
    securityContext: asMap(template[each.template]).securityContext,
    resources: each.resourcesAt.reduce<unknown>((value, key) => asMap(value)[key], section),
  });
  const containerOrigins = (kind: string, list: readonly StrimziContainer[]): Origin[] =>
    list.flatMap((each, i): Origin[] => [
      [[...view, "spec", kind, i], written, undefined, "whole"],
      [
        [...view, "spec", kind, i, "securityContext"],
        [...written, "template", each.template, "securityContext"],
      ],
      [
        [...view, "spec", kind, i, "resources"],
        [...written, ...each.resourcesAt],
      ],
    ]);
  return {
    template: {
      metadata: pod.metadata,
      spec: {
        securityContext: pod.securityContext,
        containers: component.containers.map(container),
        initContainers: component.initContainers.map(container),
      },
    },
    origins: [
      [view, written, undefined, "whole"],
      [
        [...view, "metadata"],
        [...written, "template", podSection, "metadata"],
      ],
      [
        [...view, "spec", "securityContext"],
        [...written, "template", podSection, "securityContext"],
      ],
      ...containerOrigins("containers", component.containers),
      ...containerOrigins("initContainers", component.initContainers),
    ],
  };
}

/**
 * The pods Strimzi's cluster operator runs for a KafkaConnect (and its build), a KafkaMirrorMaker2, a KafkaBridge, a
 * KafkaNodePool, and a Kafka's entity operator, Cruise Control and Kafka exporter (componentsOf), viewed as a Deployment with one pod
 * template per component: a container whose template writes no security context runs the one the operator's pod
 * security provider gives (strimziContainerContext); the pod runs its template's pod security context, which the
 * built-in providers leave as written. The operator turns the token's automount off in every pod it makes
 * (cluster-operator WorkloadUtils, withAutomountServiceAccountToken(false)).
 */
export function strimziPods(manifest: Record<string, unknown>): WorkflowPods | undefined {
  const { apiVersion, kind, spec } = manifest;
  if (typeof apiVersion !== "string" || !isMap(spec)) return undefined;
  const name = literalString(asMap(manifest.metadata).name) ?? "(name known at apply)";
  const kindName = groupKindOf(apiVersion, kind);
  const components = componentsOf(kindName, spec, name);
  if (components.length === 0) return undefined;
  const groups = components.map((component, i) => componentPods(spec, component, i));
  return {
    ...viewOfGroups(manifest, groups),
    completedByOperator: {
      operator: "Strimzi's cluster operator",
      tokenMounted: false,
      containerSecurityContexts: "unwritten",
      given: [],
      resourcesAsViewed: true,
      bySettings: (graph) => ({
        given: [kindName === "kafka.strimzi.io/KafkaNodePool" ? nodePoolContainerContext(manifest, graph) : strimziContainerContext(graph)],
      }),
    },
  };
}
