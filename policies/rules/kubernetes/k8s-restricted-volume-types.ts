import { cite, resourcePolicy } from "../../engine/policy";
import { eachPodSpec, writtenWorkloadTypes } from "../../lib/kubernetes";
import { attributePath, blocks, literalString, maybeAbsentOver } from "../../lib/values";

/**
 * The volume sources the Restricted profile does not allow: every source of core/v1 VolumeSource but config maps, CSI,
 * downward API, empty dirs, ephemeral and image volumes, claims, projected volumes and secrets
 * (pod-security-admission, policy/check_restrictedVolumes.go), as the provider names them and as a manifest's fields
 * read (cephfs); host_path is judged by k8s-no-host-path, with its own message. A key that is no source of
 * VolumeSource (a misspelt `emptydir`) is none: the API server's decoder drops it, and a volume without a source is an
 * empty dir (core/v1 SetDefaults_Volume).
 */
const restrictedSources: ReadonlySet<string> = new Set([
  "aws_elastic_block_store",
  "azure_disk",
  "azure_file",
  "ceph_fs",
  "cephfs",
  "cinder",
  "fc",
  "flex_volume",
  "flocker",
  "gce_persistent_disk",
  "git_repo",
  "glusterfs",
  "iscsi",
  "nfs",
  "photon_persistent_disk",
  "portworx_volume",
  "quobyte",
  "rbd",
  "scale_io",
  "storageos",
  "vsphere_volume",
]);

export default resourcePolicy(
  {
    id: "k8s-restricted-volume-types",
    title: "Pods mount only the volume types of the Restricted profile",
    description:
      "Flags every pod volume, in every kind of workload, whose source is not a config map, CSI, downward API, empty dir, ephemeral or image volume, claim, projected volume or secret (host paths: k8s-no-host-path).",
    rationale:
      "NFS, iSCSI, RBD, CephFS, Cinder, Git repositories and the like are mounted by the node from a server the pod names, outside the persistent volumes an administrator grants: the pod chooses what storage it reaches and with which credentials.",
    remediation: "Mount the storage through a persistent volume claim on a storage class, or a CSI volume.",
    severity: "high",
    references: [cite("k8s-pss", "Restricted: Volume Types", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  writtenWorkloadTypes,
  eachPodSpec((pod) =>
    blocks(pod.spec.volume).flatMap((volume, i) =>
      Object.keys(volume)
        .filter((source) => restrictedSources.has(source) && blocks(volume[source]).length > 0)
        .map((source) => {
          const name = literalString(volume.name) ?? i;
          const path = attributePath(pod.path, "volume", i, source);
          // A dynamic block over a collection known only at apply may make no such source at all.
          const over = blocks(volume[source]).map(maybeAbsentOver);
          return over.every((collection) => collection !== undefined)
            ? {
                outcome: "cannot-evaluate" as const,
                message: `volume ${name}: a ${source} source made by a dynamic block over a collection known only at apply`,
                path,
                notKnown: over[0],
              }
            : { message: `volume ${name} is of type ${source}, which the Restricted profile does not allow`, path };
        }),
    ),
  ),
);
