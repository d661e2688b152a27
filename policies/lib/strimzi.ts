import type { ResourceGraph } from "../engine/graph";
import type { GivenSecurityContext, NotKnownHere } from "../engine/model";
import { gitOpsReleases } from "./gitops-charts";
import { appliedObjectsNamed, helmReleaseType, helmValues, isMap } from "./helm";
import { containers, givenFromContext } from "./kubernetes";
import { blocks, isUnknown, literalString } from "./values";

/** The variable that names the cluster operator's pod security provider (ClusterOperatorConfig, POD_SECURITY_PROVIDER_CLASS). */
const providerVariable = "STRIMZI_POD_SECURITY_PROVIDER_CLASS";

/** A variable only Strimzi's cluster operator reads, which tells its container from others' (ClusterOperatorConfig). */
const operatorVariable = "STRIMZI_KAFKA_IMAGES";

/**
 * The container security context each pod security provider gives the containers of Strimzi's components whose
 * template writes none (strimzi-kafka-operator api/src/main/java/io/strimzi/plugin/security/profiles/impl):
 * BaselinePodSecurityProvider gives none; RestrictedPodSecurityProvider no privilege escalation, run as non-root, every
 * capability dropped and the RuntimeDefault profile, and no read-only root filesystem.
 */
const providers: Readonly<Record<string, GivenSecurityContext>> = {
  baseline: {},
  restricted: { allow_privilege_escalation: false, run_as_non_root: true, drop: ["ALL"], seccomp_profile: "RuntimeDefault" },
};

/** The provider a value of the variable names: its shortcut, in any case, or its class (ClusterOperatorConfig, parsePodSecurityProviderClass). */
const providerNamed = (value: string): string | undefined =>
  ({
    baseline: "baseline",
    restricted: "restricted",
    "io.strimzi.plugin.security.profiles.impl.baselinepodsecurityprovider": "baseline",
    "io.strimzi.plugin.security.profiles.impl.restrictedpodsecurityprovider": "restricted",
  })[value.toLowerCase()];

/** Every field a provider may give, as not known here for `why`. */
function notKnown(why: string): GivenSecurityContext {
  const unknown: NotKnownHere = { unknown: why };
  return { allow_privilege_escalation: unknown, run_as_non_root: unknown, drop: unknown, seccomp_profile: unknown, read_only_root_filesystem: unknown };
}

/** The security context the provider a value of STRIMZI_POD_SECURITY_PROVIDER_CLASS names gives: baseline's where it is unset. */
function providerContext(written: unknown): GivenSecurityContext {
  if (written === undefined || written === null) return providers.baseline!;
  if (isUnknown(written)) return notKnown(`its pod security provider, ${providerVariable}, is known only at apply`);
  const name = literalString(written);
  const provider = name === undefined ? undefined : providerNamed(name);
  return provider ? providers[provider]! : notKnown(`its pod security provider is ${String(written)}, a class not read here`);
}

/** A release of Strimzi's chart (strimzi-kafka-operator, from strimzi.io/charts or its OCI home quay.io/strimzi-helm). */
const isStrimziChart = (chart: unknown): boolean => /(?:^|\/)strimzi-kafka-operator(?:-[\d.]+\.tgz)?$/.test(literalString(chart) ?? "");

/**
 * The operator's environment as a release of Strimzi's chart writes it, or why it is not known: the chart's Deployment
 * gives the operator the variables its templates write, none of which names the pod security provider, and those of
 * its extraEnvs value (helm-charts/helm3/strimzi-kafka-operator/templates/060-Deployment-strimzi-cluster-operator.yaml).
 */
function chartEnvironment(values: unknown, installs: string): readonly Record<string, unknown>[] | { readonly unknown: string } {
  if (values === undefined) return { unknown: `the values of ${installs} are known only at apply` };
  if (isMap(values) && "unread" in values) return { unknown: `${installs}'s ${String(values.unread)} are not read here` };
  const extra = isMap(values) ? values.extraEnvs : undefined;
  if (isUnknown(extra)) return { unknown: `the extraEnvs value of ${installs} is known only at apply` };
  return blocks(extra);
}

/**
 * The security context Strimzi's cluster operator gives the containers of its components, by its pod security
 * provider: the one its container's STRIMZI_POD_SECURITY_PROVIDER_CLASS names (baseline when unset), where this
 * configuration holds the cluster operator (the container that reads STRIMZI_KAFKA_IMAGES) or installs it with
 * Strimzi's chart (a helm_release, or a GitOps controller's release); else every field it may give is not known here.
 * The built-in providers give no privilege, which is left unset.
 */
export function strimziContainerContext(graph: ResourceGraph): GivenSecurityContext {
  return graph.cached("strimzi: container security context", () => {
    const operators = [
      ...graph.resources.flatMap((resource) =>
        containers(resource)
          .filter((at) => blocks(at.container.env).some((variable) => variable.name === operatorVariable))
          .map((at) => blocks(at.container.env)),
      ),
      ...graph.resources
        .filter((resource) => resource.mode !== "data" && resource.type === helmReleaseType && isStrimziChart(resource.values.chart))
        .map((release) => chartEnvironment(helmValues(release, { unknownsAsWritten: true }), release.address)),
      ...gitOpsReleases(graph)
        .filter(({ chart }) => isStrimziChart(chart))
        .map(({ resource, installer, values }) => chartEnvironment(values, `${resource.address} (${installer})`)),
    ];
    if (operators.length === 0) return notKnown(`its pod security provider, ${providerVariable} of the cluster operator, which is not in this configuration`);
    if (operators.length > 1) return notKnown(`its pod security provider: the configuration runs several cluster operators`);
    const [environment] = operators;
    if (!Array.isArray(environment)) return notKnown(`its pod security provider: ${(environment as { readonly unknown: string }).unknown}`);
    return providerContext(environment.find((variable) => variable.name === providerVariable)?.value);
  });
}

/** The section of a template, where it is written (a section written, even empty, replaces the Kafka's whole). */
const sectionOf = (template: unknown, key: string): Record<string, unknown> | undefined => {
  const section = isMap(template) ? template[key] : undefined;
  return isMap(section) ? section : undefined;
};

/**
 * The security context the kafka container of a node pool's pods runs where the pool's template writes none
 * (cluster-operator model KafkaPool, processTemplate: each section of the pool's template, where written, replaces the
 * Kafka's): the kafkaContainer section's, the pool's else its Kafka's (the Kafka its strimzi.io/cluster label names, in
 * its namespace), whole; where neither writes one, the pod security provider's (strimziContainerContext). What the
 * container inherits from the pod's security context where that is the Kafka's (the pool writes no pod section) is
 * given with it. Not known where that Kafka is not in this configuration.
 */
export function nodePoolContainerContext(pool: Record<string, unknown>, graph: ResourceGraph): GivenSecurityContext {
  const metadata = isMap(pool.metadata) ? pool.metadata : {};
  const template = isMap(pool.spec) ? pool.spec.template : undefined;
  const ownContainer = sectionOf(template, "kafkaContainer");
  const ownPod = sectionOf(template, "pod");
  if (ownContainer && ownPod) return isMap(ownContainer.securityContext) ? givenFromContext(ownContainer.securityContext) : strimziContainerContext(graph);
  const cluster = literalString(graph.readValue(isMap(metadata.labels) ? metadata.labels["strimzi.io/cluster"] : undefined));
  const found = appliedObjectsNamed(graph, "kafka.strimzi.io", "Kafka", cluster, literalString(graph.readValue(metadata.namespace)));
  if (cluster === undefined || found.length !== 1) {
    const why =
      cluster === undefined
        ? "it is its Kafka's, and the Kafka its strimzi.io/cluster label names is not known here"
        : `it is its Kafka's, and the Kafka ${cluster} ${found.length === 0 ? "is not in this configuration" : "is written several times here"}`;
    // The Kafka's template may write any field, privilege too.
    return { ...notKnown(why), privileged: { unknown: why } };
  }
  const kafkaTemplate = isMap(found[0]!.manifest.spec) && isMap(found[0]!.manifest.spec.kafka) ? found[0]!.manifest.spec.kafka.template : undefined;
  const container = ownContainer ?? sectionOf(kafkaTemplate, "kafkaContainer");
  const given = isMap(container?.securityContext) ? givenFromContext(container.securityContext) : strimziContainerContext(graph);
  const podContext = ownPod ? undefined : sectionOf(kafkaTemplate, "pod")?.securityContext;
  if (!isMap(podContext)) return given;
  const inherited = givenFromContext(podContext);
  return { ...given, run_as_non_root: given.run_as_non_root ?? inherited.run_as_non_root, seccomp_profile: given.seccomp_profile ?? inherited.seccomp_profile };
}
