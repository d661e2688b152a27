import { cite, type PolicyContext, resourcePolicy, type Violation } from "../../engine/policy";
import type { ResourceGraph } from "../../engine/graph";
import type { TfResource } from "../../engine/model";
import {
  type ContainerAt,
  eachContainer,
  eachPodSpec,
  forTemplate,
  isWrittenField,
  metadataName,
  namespaceOf,
  resolvedName,
  type PodSpecAt,
  requireFlag,
  serviceAccountTypes,
  withV1,
  writtenWorkloadTypes,
} from "../../lib/kubernetes";
import { attributePath, block, blocks, isUnknown, literalBool, literalString } from "../../lib/values";

/** Service accounts mount their token in every pod that does not say otherwise: the provider's default is true. */
const secretTypes = withV1("kubernetes_secret");

/**
 * A projected token is for the API server unless it names another audience: kube-apiserver accepts only tokens whose
 * audience is one of its --api-audiences (by default its issuer, https://kubernetes.default.svc...), and the kubelet
 * writes the issuer's audience when none is set (Kubernetes documentation, "Configure Service Accounts for Pods",
 * ServiceAccount token volume projection).
 */
const forTheApiServer = (audience: unknown): boolean | undefined => {
  if (isUnknown(audience)) return undefined;
  const text = literalString(audience) ?? "";
  return text === "" || text.includes("kubernetes.default.svc") || distributionAudiences.has(text);
};

/**
 * Audiences RKE2 and K3s add to the API server's own: `--api-audiences` is the issuer's and the distribution's name
 * (k3s pkg/daemons/control/server.go, version.Program, which RKE2 builds as rke2), and the platform does not change it.
 */
const distributionAudiences: ReadonlySet<string> = new Set(["rke2", "k3s"]);

/**
 * A Secret of type kubernetes.io/service-account-token is filled by the token controller with a token that never
 * expires, for the service account its annotation names: mounting it is mounting that account's token.
 */
function legacyTokenSecrets(graph: ResourceGraph): { name: string; namespace: string | undefined }[] {
  return graph.cached("k8s-no-service-account-token: legacy token secrets", () =>
    graph
      .ofType(secretTypes)
      .filter((secret) => literalString(secret.values.type) === "kubernetes.io/service-account-token")
      .flatMap((secret) => {
        const name = metadataName(secret);
        return name === undefined ? [] : [{ name, namespace: namespaceOf(secret, graph) }];
      }),
  );
}

/**
 * Whether a secret name, as a workload writes it, is one of the legacy token secrets of its namespace. The name is read
 * only where the configuration declares such a secret: a name known only at apply, or a placeholder, names none
 * otherwise.
 */
function tokenSecretTest(resource: TfResource, graph: ResourceGraph): (name: () => unknown) => boolean {
  const tokenSecrets = legacyTokenSecrets(graph);
  if (tokenSecrets.length === 0) return () => false;
  const namespace = namespaceOf(resource, graph);
  return (name) => {
    const secretName = resolvedName(name(), resource, graph, secretTypes);
    return tokenSecrets.some(
      (secret) => secret.name === secretName && (secret.namespace === undefined || namespace === undefined || secret.namespace === namespace),
    );
  };
}

/** Token volumes: a projected token for the API server, or a volume of a declared legacy token secret. */
function tokenVolumes(pod: PodSpecAt, isTokenSecret: (name: () => unknown) => boolean): Violation[] {
  return blocks(pod.spec.volume).flatMap((volume, i) => {
    const name = literalString(volume.name) ?? i;
    const path = attributePath(pod.path, "volume", i);
    const found: Violation[] = [];
    for (const [j, source] of blocks(block(volume.projected)?.sources).entries()) {
      const token = block(source.service_account_token);
      if (token) {
        const apiServer = forTheApiServer(token.audience);
        const at = attributePath(path, "projected", 0, "sources", j, "service_account_token", 0, "audience");
        if (apiServer === undefined)
          found.push({ outcome: "cannot-evaluate", message: `volume ${name} projects a service account token for an audience known only at apply`, path: at });
        else if (apiServer) {
          const audience = literalString(token.audience) ? `audience ${token.audience}` : "no other audience named";
          found.push({ message: `volume ${name} projects a service account token for the API server (${audience})`, path: at });
        }
      }
      if (isTokenSecret(() => block(source.secret)?.name))
        found.push({ message: `volume ${name} projects a service account token secret`, path: attributePath(path, "projected", 0, "sources", j, "secret") });
    }
    if (isTokenSecret(() => block(volume.secret)?.secret_name))
      found.push({ message: `volume ${name} mounts a service account token secret`, path: attributePath(path, "secret", 0, "secret_name") });
    return found;
  });
}

/** Environment variables read from a legacy token secret: the token in the container's environment. */
function tokenVariables(at: ContainerAt, isTokenSecret: (name: () => unknown) => boolean): Violation[] {
  const fromKeys = blocks(at.container.env).flatMap((variable, i) =>
    isTokenSecret(() => block(block(variable.value_from)?.secret_key_ref)?.name)
      ? [
          {
            message: `${at.label}: ${literalString(variable.name) ?? "a variable"} reads a service account token secret`,
            path: attributePath(at.path, "env", i, "value_from"),
          },
        ]
      : [],
  );
  const fromSecrets = blocks(at.container.env_from).flatMap((source, i) =>
    isTokenSecret(() => block(source.secret_ref)?.name)
      ? [{ message: `${at.label}: its environment holds a service account token secret`, path: attributePath(at.path, "env_from", i, "secret_ref") }]
      : [],
  );
  return [...fromKeys, ...fromSecrets];
}

/**
 * What the service account a pod runs as (service_account_name, or its deprecated alias service_account, or the
 * namespace's default) says of its token, when it is declared in the configuration: "off" with
 * automount_service_account_token = false, "unknown" when that is known only at apply.
 */
function accountToken(pod: PodSpecAt, resource: TfResource, graph: ResourceGraph): "off" | "unknown" | undefined {
  const written = pod.spec.service_account_name ?? pod.spec.service_account;
  const account = written === undefined || written === "" ? "default" : resolvedName(written, resource, graph, serviceAccountTypes);
  const namespace = namespaceOf(resource, graph);
  return account !== undefined && namespace !== undefined ? accountTokens(graph).get(`${namespace}/${account}`) : undefined;
}

/**
 * The declared service accounts that turn their token off, or say so with a value known only at apply, by
 * "namespace/name", computed once per configuration.
 */
const accountTokens = (graph: ResourceGraph): ReadonlyMap<string, "off" | "unknown"> =>
  graph.cached("k8s-no-service-account-token: accounts without a token", () => {
    const found = new Map<string, "off" | "unknown">();
    for (const account of graph.ofType(serviceAccountTypes)) {
      const automount = account.values.automount_service_account_token;
      const setting = isUnknown(automount) ? "unknown" : literalBool(automount) === false ? "off" : undefined;
      if (setting === undefined) continue;
      const name = account.type.startsWith("kubernetes_default_service_account") ? "default" : metadataName(account);
      const namespace = namespaceOf(account, graph);
      if (name !== undefined && namespace !== undefined) found.set(`${namespace}/${name}`, setting);
    }
    return found;
  });

/**
 * Whether a pod mounts its service account's token by default. A pod that does not say takes its service account's
 * setting (ServiceAccount admission plugin). The provider's typed resources always say: their schema's default is true,
 * and they send it (schema_pod_spec.go, structures_pod.go), which overrides the account's false. An operator that
 * completes the pod says for it where it does not: Elastic's false (PodTemplateBuilder.setDefaults), prometheus-operator's
 * true (OperatorCompletion.tokenMounted); the pods of PostgreSQL's and MinIO's operators need theirs, which their object
 * cannot turn off (OperatorCompletion.tokenNeeded), but for a Zalando cluster's connection pooler, which runs Patroni's
 * service account without calling the API.
 */
function automountFinding(pod: PodSpecAt, resource: TfResource, graph: ResourceGraph): Violation | undefined {
  const setting = { value: pod.spec.automount_service_account_token, path: attributePath(pod.path, "automount_service_account_token") };
  const required = () => requireFlag("pod", "automount_service_account_token", setting, false);
  if (isWrittenField(setting.value)) return required();
  const completion = pod.completedByOperator;
  if (completion) {
    const needed = Array.isArray(completion.tokenNeeded) ? forTemplate(completion.tokenNeeded, pod) : completion.tokenNeeded === true;
    return completion.tokenMounted && !needed
      ? { message: "pod: automount_service_account_token is not set, so the operator mounts the service account's token", path: setting.path }
      : undefined;
  }
  const account = accountToken(pod, resource, graph);
  if (account === "unknown" && !pod.sentByProvider)
    return {
      message: "pod: automount_service_account_token is not set, and whether its service account mounts a token is known only at apply",
      path: setting.path,
      outcome: "cannot-evaluate",
    };
  if (account !== "off") return required();
  return pod.sentByProvider
    ? {
        message: "pod: automount_service_account_token is not set, so the provider sends its default, true, which overrides its service account's false",
        path: setting.path,
      }
    : undefined;
}

/** Per pod spec: automount turned off, and no token mounted by a volume or read into the environment. */
function podSpecChecks(resource: TfResource, context: PolicyContext): Violation[] {
  const isTokenSecret = tokenSecretTest(resource, context.graph);
  return [
    ...eachPodSpec((pod) => [automountFinding(pod, resource, context.graph), ...tokenVolumes(pod, isTokenSecret)])(resource, context),
    ...eachContainer((at) => tokenVariables(at, isTokenSecret))(resource, context),
  ];
}

export default resourcePolicy(
  {
    id: "k8s-no-service-account-token",
    title: "Pods mount no service account token unless they need the Kubernetes API",
    description:
      "Flags every pod spec, in every kind of workload, that does not set automount_service_account_token = false (unless it is written as a manifest that says nothing and runs as a service account declared with it false, whose setting it then takes: the provider's typed resources send their default, true; or is a pod an operator runs that needs the token and whose object cannot turn it off: Patroni's, in Crunchy's and Zalando's PostgreSQL pods, and the sidecar of MinIO's tenant pods; a Zalando cluster's connection pooler, which runs Patroni's service account without calling the API, is flagged), or that mounts a token by a volume (a projected token for the API server, a secret of type kubernetes.io/service-account-token) or reads such a secret into its environment; and every service account that does not set automount_service_account_token = false (the provider's default for a service account is true).",
    rationale:
      "Most workloads never call the Kubernetes API; a mounted token gives an intruder in the pod the service account's rights on the cluster. Turning automount off does not stop a pod from mounting a token by a volume.",
    remediation:
      "Set automount_service_account_token = false in the pod spec and on the service account, mount no token volume (a projected token names the audience of the service that reads it), and suppress this policy only for workloads that call the API.",
    severity: "medium",
    references: [cite("cis-kubernetes", "5.1.6", "unverified"), cite("nsa-cisa-kubernetes", "service account tokens", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [...writtenWorkloadTypes, ...serviceAccountTypes],
  (resource, context): Violation[] => {
    if (!serviceAccountTypes.includes(resource.type)) return podSpecChecks(resource, context);
    const found = requireFlag(
      "service account",
      "automount_service_account_token",
      { value: resource.values.automount_service_account_token, path: "automount_service_account_token" },
      false,
    );
    return found ? [found] : [];
  },
);
