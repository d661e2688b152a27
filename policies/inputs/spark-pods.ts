import { isMap } from "../lib/helm";
import { knownAfterApply } from "../lib/values";
import { asList, asMap, type Origin, type Path, type WorkflowPods } from "./argo-workflows";

/** Where each kind of the Spark operator (sparkoperator.k8s.io) holds its SparkApplicationSpec. */
const applicationAt: Readonly<Record<string, Path>> = {
  SparkApplication: ["spec"],
  ScheduledSparkApplication: ["spec", "template"],
};

/** The pods of an application, with the name of the container Spark runs in each (Spark's Constants.scala). */
const roles = [
  ["driver", "spark-kubernetes-driver"],
  ["executor", "spark-kubernetes-executor"],
] as const;

/** Mebibytes of a JVM memory size as Spark reads one (`512m`, `2g`, `1024k`, a number of bytes); undefined for another text. */
function javaMebibytes(value: unknown): number | undefined {
  const match = typeof value === "string" ? /^(\d+)([kmgt]?)b?$/i.exec(value.trim()) : undefined;
  if (!match) return undefined;
  const scale = { "": 1 / 1024 / 1024, k: 1 / 1024, m: 1, g: 1024, t: 1024 * 1024 }[match[2]!.toLowerCase() as "" | "k" | "m" | "g" | "t"];
  return Math.ceil(Number(match[1]) * scale);
}

/**
 * The memory Spark asks for a pod and limits it to, request and limit alike (Spark's BasicDriverFeatureStep and
 * BasicExecutorFeatureStep): its memory (1g by default) and the overhead, given or a factor of it, 384 MiB at least
 * (0.1, or 0.4 for a Python or R application: spark.kubernetes.memoryOverheadFactor); the operator's memoryLimit, where
 * given, replaces the limit. A size it cannot read is known only at apply.
 */
function memoryOf(pod: Record<string, unknown>, type: unknown): { request: string; limit: string } {
  const memory = javaMebibytes(pod.memory ?? "1g");
  const factor = type === "Python" || type === "R" ? 0.4 : 0.1;
  const overhead =
    pod.memoryOverhead === undefined ? (memory === undefined ? undefined : Math.max(384, Math.floor(memory * factor))) : javaMebibytes(pod.memoryOverhead);
  const request = memory === undefined || overhead === undefined ? knownAfterApply : `${memory + overhead}Mi`;
  const limit = pod.memoryLimit === undefined ? request : (javaMebibytes(pod.memoryLimit) ?? knownAfterApply);
  return { request, limit: typeof limit === "number" ? `${limit}Mi` : limit };
}

/**
 * The pods the Spark operator runs for a SparkApplication or a ScheduledSparkApplication (kubeflow/spark-operator
 * api/v1beta2/sparkapplication_types.go), written as a Deployment whose templates are the driver's pod and an
 * executor's, so that every workload policy judges them. Each is what the operator's pod webhook makes of Spark's pod
 * (internal/webhook/sparkpod_defaulter.go): Spark's container, of the role's image or the application's, with the
 * role's securityContext, volumeMounts, env and envFrom, and the memory Spark limits it to (memoryOf) and the cores it
 * asks (cores, 1 by default) and is limited to (coreLimit); the role's podSecurityContext, hostNetwork,
 * serviceAccount, shareProcessNamespace, sidecars and initContainers; the application's volumes that the role mounts
 * (addVolumes adds those alone); the role's pod template, where given, under all of it. Each finding names the field
 * of the application that writes it.
 */
export function sparkPods(manifest: Record<string, unknown>): WorkflowPods | undefined {
  const { apiVersion, kind } = manifest;
  if (typeof apiVersion !== "string" || !apiVersion.startsWith("sparkoperator.k8s.io/") || typeof kind !== "string") return undefined;
  const at = Object.hasOwn(applicationAt, kind) ? applicationAt[kind] : undefined;
  const application = at?.reduce<unknown>((value, key) => asMap(value)[key], manifest);
  if (!at || !isMap(application)) return undefined;
  const volumes = asList(application.volumes);
  const origins: Origin[] = [[["metadata"], ["metadata"]]];
  const templates = roles.map(([role, container], i) => {
    const pod = asMap(application[role]);
    const written = [...at, role];
    const view = ["spec", "template", i];
    const base = asMap(asMap(pod.template).spec);
    const [baseContainer, ...baseOthers] = asList(base.containers);
    const mounted = new Set(asList(pod.volumeMounts).map((mount) => asMap(mount).name));
    const memory = memoryOf(pod, application.type);
    const sidecars = asList(pod.sidecars);
    origins.push(
      [[...view, "spec"], written],
      [[...view, "metadata"], written],
      [
        [...view, "spec", "volumes"],
        [...at, "volumes"],
      ],
      [
        [...view, "spec", "securityContext"],
        [...written, "podSecurityContext"],
      ],
      [
        [...view, "spec", "serviceAccountName"],
        [...written, "serviceAccount"],
      ],
      [[...view, "spec", "containers", 0], written],
      [[...view, "spec", "containers", 0, "image"], pod.image === undefined ? [...at, "image"] : [...written, "image"]],
      ...sidecars.map(
        (_, k): Origin => [
          [...view, "spec", "containers", k + 1],
          [...written, "sidecars", k],
        ],
      ),
    );
    return {
      metadata: { ...asMap(asMap(pod.template).metadata), labels: pod.labels, annotations: pod.annotations },
      spec: {
        ...base,
        ...(pod.hostNetwork === undefined ? {} : { hostNetwork: pod.hostNetwork }),
        ...(pod.podSecurityContext === undefined ? {} : { securityContext: pod.podSecurityContext }),
        ...(pod.shareProcessNamespace === undefined ? {} : { shareProcessNamespace: pod.shareProcessNamespace }),
        serviceAccountName: pod.serviceAccount ?? base.serviceAccountName ?? "default",
        volumes: [...asList(base.volumes), ...volumes.filter((volume) => mounted.has(asMap(volume).name))],
        containers: [
          {
            ...asMap(baseContainer),
            name: container,
            image: pod.image ?? application.image ?? asMap(baseContainer).image,
            ...(pod.securityContext === undefined ? {} : { securityContext: pod.securityContext }),
            volumeMounts: [...asList(asMap(baseContainer).volumeMounts), ...asList(pod.volumeMounts)],
            env: [...asList(asMap(baseContainer).env), ...asList(pod.env)],
            envFrom: [...asList(asMap(baseContainer).envFrom), ...asList(pod.envFrom)],
            resources: {
              requests: { cpu: String(pod.cores ?? 1), memory: memory.request },
              limits: { memory: memory.limit, ...(pod.coreLimit === undefined ? {} : { cpu: pod.coreLimit }) },
            },
          },
          ...sidecars,
          ...baseOthers,
        ],
        initContainers: [...asList(base.initContainers), ...asList(pod.initContainers)],
      },
    };
  });
  return { view: { ...manifest, spec: { template: templates } }, origins };
}
