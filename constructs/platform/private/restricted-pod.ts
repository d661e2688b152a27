import type {
  DeploymentV1SpecTemplateSpec,
  DeploymentV1SpecTemplateSpecContainer,
  DeploymentV1SpecTemplateSpecContainerEnv,
  DeploymentV1SpecTemplateSpecContainerVolumeMount,
  DeploymentV1SpecTemplateSpecVolume,
} from "@cdktf/provider-kubernetes/lib/deployment-v1";

/** Label keys of the project, prefixed so they never collide with other tools' labels. */
export const labelKeys = {
  kind: "eds-regional/kind",
  project: "eds-regional/project",
  expiry: "eds-regional/expiry",
  component: "app.kubernetes.io/name",
} as const;

/** The label Kubernetes sets on every namespace with its name, used to select namespaces in NetworkPolicies. */
export const namespaceNameLabel = "kubernetes.io/metadata.name";

/** The unprivileged user every workload runs as. */
export const workloadUser = "10001";

/**
 * A container's security context under the Pod Security "restricted" profile: no privilege escalation, every
 * capability dropped, seccomp RuntimeDefault, non-root, read-only root file system (writable paths are explicit volumes).
 */
export const restrictedContainerSecurityContext = {
  privileged: false,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};

/**
 * The pod security context of the restricted profile as an API object, for the values of a chart that writes it as
 * given: the user is numeric, since the kubelet cannot check that a user named in the image (nobody, cnb) is not root.
 */
export const restrictedPodSecurityContext = {
  runAsNonRoot: true,
  runAsUser: Number(workloadUser),
  runAsGroup: Number(workloadUser),
  fsGroup: Number(workloadUser),
  seccompProfile: { type: "RuntimeDefault" },
};

export interface ContainerProps {
  readonly name: string;
  /** Image pinned by digest, from the region's registry. */
  readonly image: string;
  readonly port?: number;
  /** The program, in place of the image's entry point. @default - the image's */
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env?: readonly DeploymentV1SpecTemplateSpecContainerEnv[];
  readonly envFromSecret?: string;
  readonly volumeMounts?: readonly DeploymentV1SpecTemplateSpecContainerVolumeMount[];
  readonly cpu: { readonly request: string; readonly limit: string };
  readonly memory: { readonly request: string; readonly limit: string };
  /** HTTP path of the health endpoint; probes are omitted without it. */
  readonly healthPath?: string;
}

/** A container under the Pod Security "restricted" profile, with CPU and memory limits so one workload cannot starve the others. */
export function restrictedContainer(props: ContainerProps): DeploymentV1SpecTemplateSpecContainer {
  const probe =
    props.healthPath && props.port
      ? { httpGet: { path: props.healthPath, port: String(props.port), scheme: "HTTP" }, periodSeconds: 10, timeoutSeconds: 3 }
      : undefined;
  return {
    name: props.name,
    image: props.image,
    imagePullPolicy: "IfNotPresent",
    ...(props.command ? { command: [...props.command] } : {}),
    ...(props.args ? { args: [...props.args] } : {}),
    ...(props.port ? { port: [{ name: "http", containerPort: props.port, protocol: "TCP" }] } : {}),
    ...(props.env ? { env: [...props.env] } : {}),
    ...(props.envFromSecret ? { envFrom: [{ secretRef: { name: props.envFromSecret } }] } : {}),
    volumeMount: [{ name: "tmp", mountPath: "/tmp" }, ...(props.volumeMounts ?? [])],
    resources: {
      requests: { cpu: props.cpu.request, memory: props.memory.request },
      limits: { cpu: props.cpu.limit, memory: props.memory.limit },
    },
    securityContext: restrictedContainerSecurityContext,
    ...(probe ? { readinessProbe: { ...probe, initialDelaySeconds: 5 }, livenessProbe: { ...probe, initialDelaySeconds: 20 } } : {}),
  };
}

export interface PodProps {
  readonly labels: Readonly<Record<string, string>>;
  readonly containers: readonly DeploymentV1SpecTemplateSpecContainer[];
  readonly volumes?: readonly DeploymentV1SpecTemplateSpecVolume[];
  /** Spread replicas over nodes, so that losing one node never takes the service down. */
  readonly spreadOverNodes?: boolean;
  /** A node label whose nodes the pod must never run on. @default - none */
  readonly avoidNodes?: readonly [string, string];
}

/** A pod template spec with the restricted pod security context and no service account token. */
export function restrictedPodSpec(props: PodProps): DeploymentV1SpecTemplateSpec {
  return {
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: workloadUser,
      runAsGroup: workloadUser,
      fsGroup: workloadUser,
      seccompProfile: { type: "RuntimeDefault" },
    },
    container: [...props.containers],
    volume: [{ name: "tmp", emptyDir: { medium: "Memory", sizeLimit: "64Mi" } }, ...(props.volumes ?? [])],
    ...(props.spreadOverNodes || props.avoidNodes
      ? {
          affinity: {
            ...(props.spreadOverNodes
              ? {
                  podAntiAffinity: {
                    requiredDuringSchedulingIgnoredDuringExecution: [
                      { topologyKey: "kubernetes.io/hostname", labelSelector: [{ matchLabels: { ...props.labels } }] },
                    ],
                  },
                }
              : {}),
            ...(props.avoidNodes
              ? {
                  nodeAffinity: {
                    requiredDuringSchedulingIgnoredDuringExecution: {
                      nodeSelectorTerm: [{ matchExpressions: [{ key: props.avoidNodes[0], operator: "NotIn", values: [props.avoidNodes[1]] }] }],
                    },
                  },
                }
              : {}),
          },
        }
      : {}),
  };
}
