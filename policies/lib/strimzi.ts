import type { ResourceGraph } from "../engine/graph";
import type { GivenSecurityContext, NotKnownHere } from "../engine/model";
import { containers } from "./kubernetes";
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

/**
 * The security context Strimzi's cluster operator gives the containers of its components, by its pod security
 * provider: the one its container's STRIMZI_POD_SECURITY_PROVIDER_CLASS names (baseline when unset), where this
 * configuration holds the cluster operator (the container that reads STRIMZI_KAFKA_IMAGES); else every field it may
 * give is not known here. The built-in providers give no privilege, which is left unset.
 */
export function strimziContainerContext(graph: ResourceGraph): GivenSecurityContext {
  return graph.cached("strimzi: container security context", () => {
    const operators = graph.resources.flatMap((resource) =>
      containers(resource).filter((at) => blocks(at.container.env).some((variable) => variable.name === operatorVariable)),
    );
    if (operators.length === 0) return notKnown(`its pod security provider, ${providerVariable} of the cluster operator, which is not in this configuration`);
    if (operators.length > 1) return notKnown(`its pod security provider: the configuration runs several cluster operators`);
    const written = blocks(operators[0]!.container.env).find((variable) => variable.name === providerVariable)?.value;
    if (written === undefined || written === null) return providers.baseline!;
    if (isUnknown(written)) return notKnown(`its pod security provider, ${providerVariable}, is known only at apply`);
    const name = literalString(written);
    const provider = name === undefined ? undefined : providerNamed(name);
    return provider ? providers[provider]! : notKnown(`its pod security provider is ${String(written)}, a class not read here`);
  });
}
