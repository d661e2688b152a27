import { isKind } from "./helm";
import { fieldAt, isMap, isUnknown, type LooseObject, literalBool, literalString } from "./values";

/**
 * Cluster API's kubeadm control plane, read in kubernetes-sigs/cluster-api at commit ae7ff047db (2026-08-21):
 * api/controlplane/kubeadm and api/bootstrap/kubeadm, v1beta1 (and the v1alpha APIs before it, which name the fields
 * alike) and v1beta2 (Cluster API 1.11 on), which writes a component's extraArgs as a list of {name, value}.
 */
const controlPlaneGroup = "controlplane.cluster.x-k8s.io";

/** The kubeadm configuration a KubeadmControlPlane, or its template, gives each control plane machine, and where it is written. */
export interface KubeadmSpec {
  readonly spec: unknown;
  readonly at: readonly string[];
  /** Whether extraArgs are a list of {name, value} (v1beta2) rather than a map. */
  readonly argsListed: boolean;
}

export function kubeadmControlPlaneSpec(manifest: LooseObject): KubeadmSpec | undefined {
  const argsListed = String(manifest.apiVersion) === `${controlPlaneGroup}/v1beta2`;
  if (isKind(manifest, "KubeadmControlPlane", controlPlaneGroup))
    return { spec: fieldAt(manifest, "spec", "kubeadmConfigSpec"), at: ["spec", "kubeadmConfigSpec"], argsListed };
  if (isKind(manifest, "KubeadmControlPlaneTemplate", controlPlaneGroup))
    return { spec: fieldAt(manifest, "spec", "template", "spec", "kubeadmConfigSpec"), at: ["spec", "template", "spec", "kubeadmConfigSpec"], argsListed };
  return undefined;
}

/**
 * The API server's extraArgs, by flag, each with its value as written (a placeholder or a value known only at apply
 * kept as it is); undefined where the arguments are known only at apply as a whole. kubeadm passes them after its own
 * flags, which they override (cmd/kubeadm/app/util/arguments.go, ArgumentsToCommand).
 */
export function apiServerExtraArgs({ spec, argsListed }: KubeadmSpec): Map<string, unknown> | undefined {
  const args = fieldAt(spec, "clusterConfiguration", "apiServer", "extraArgs");
  if (isUnknown(args)) return undefined;
  if (!argsListed) return new Map(isMap(args) ? Object.entries(args) : []);
  const entries = Array.isArray(args) ? args : [];
  if (entries.some(isUnknown)) return undefined;
  return new Map(entries.flatMap((entry) => (isMap(entry) && typeof entry.name === "string" ? [[entry.name, entry.value ?? ""] as const] : [])));
}

/** A host folder mounted into the API server's container: where, from where, and whether it may write there. */
export interface ApiServerMount {
  readonly mountPath: string;
  readonly hostPath: string;
  readonly readOnly: boolean;
}

/**
 * The CA folders kubeadm mounts read-only into the API server's container where the host has them
 * (cmd/kubeadm/app/phases/controlplane/volumes.go: caCertsVolumePath, caCertsExtraVolumePaths).
 */
const caFolders = [
  "/etc/ssl/certs",
  "/etc/pki/ca-trust",
  "/etc/pki/tls/certs",
  "/etc/ca-certificates",
  "/usr/share/ca-certificates",
  "/usr/local/share/ca-certificates",
];

/**
 * The host folders the API server's static pod mounts (volumes.go, getHostPathVolumesForTheControlPlane): the
 * certificates folder (certificatesDir, /etc/kubernetes/pki unless set) and the CA folders, read-only, then the
 * apiServer's extraVolumes, read-only where they say so. undefined where the extraVolumes are known only at apply.
 */
export function apiServerMounts({ spec }: KubeadmSpec): ApiServerMount[] | undefined {
  const volumes = fieldAt(spec, "clusterConfiguration", "apiServer", "extraVolumes");
  if (isUnknown(volumes) || (Array.isArray(volumes) && volumes.some((volume) => isUnknown(volume) || (isMap(volume) && isUnknown(volume.mountPath)))))
    return undefined;
  const certificates = literalString(fieldAt(spec, "clusterConfiguration", "certificatesDir")) || "/etc/kubernetes/pki";
  return [
    ...[certificates, ...caFolders].map((folder) => ({ mountPath: folder, hostPath: folder, readOnly: true })),
    ...(Array.isArray(volumes) ? volumes : []).flatMap((volume): ApiServerMount[] =>
      isMap(volume) && typeof volume.mountPath === "string" && typeof volume.hostPath === "string"
        ? [{ mountPath: volume.mountPath, hostPath: volume.hostPath, readOnly: literalBool(volume.readOnly) === true }]
        : [],
    ),
  ];
}

/** The mount a path of the API server's container is in (the deepest whose folder holds it), or undefined where it is in the container's own filesystem. */
export function mountHolding(mounts: readonly ApiServerMount[], path: string): ApiServerMount | undefined {
  const trimmed = (folder: string) => folder.replace(/\/+$/, "");
  return mounts
    .filter(({ mountPath }) => path === trimmed(mountPath) || path.startsWith(`${trimmed(mountPath)}/`))
    .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
}

/** The host path a path of the API server's container reads, through the mount that holds it. */
export const hostPathOf = (mount: ApiServerMount, path: string): string =>
  `${mount.hostPath.replace(/\/+$/, "")}${path.slice(mount.mountPath.replace(/\/+$/, "").length)}`;
