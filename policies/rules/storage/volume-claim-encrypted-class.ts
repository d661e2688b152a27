import { cite, configurationPolicy } from "../../engine/policy";
import { claimClassViolations, volumeClaims } from "../../lib/storage-classes";

export default configurationPolicy(
  {
    id: "volume-claim-encrypted-class",
    title: "Every volume a Kubernetes workload claims is of an encrypted volume type",
    description:
      "Flags persistent volume claims, StatefulSet and ephemeral claim templates, CloudNativePG clusters' storage and Crunchy PostgresClusters' and Percona PerconaPGClusters' claim specs (data, WAL, tablespaces, pgBackRest repositories), those of Percona's MySQL and MongoDB clusters (data, config servers, backup storages on a volume), and those Zalando's postgres-operator, MinIO's and Strimzi's operators make (a postgresql's volume, a Tenant pool's claim template, a Kafka's or KafkaNodePool's persistent-claim storage) (a claim's class read from its volume.beta.kubernetes.io/storage-class annotation first, as Kubernetes reads it) that name no storage class (the cluster's default decides) unless the configuration declares the default class (a StorageClass annotated storageclass.kubernetes.io/is-default-class true, or its beta form), which is then judged as if named, each of several, since the cluster takes the most recently created, or a class that is not Cinder's or asks for a volume type that is not one of the provider's encrypted types. A class not declared in the configuration is not evaluable, except the classes Magnum's Cluster API driver creates for the encrypted types (block-<type>). A claim that binds a persistent volume by name is judged by that volume: a Cinder volume declared here (whose own type the volume policies judge), never another source (NFS, a host path); a claim whose class is the empty name binds a volume the configuration does not show, which is not evaluable.",
    rationale:
      "The warehouse, the extracts and the workspaces' homes live on volumes Kubernetes claims, not on volumes the configuration declares: the volume policies never see them. A claim with no class gets the cluster's default, which Magnum's driver sets to the provider's default volume type, encrypted or not.",
    remediation:
      "Name a storage class whose Cinder volume type is one of the provider's encrypted types (eds synth declares one, encrypted, and every claim names it).",
    severity: "high",
    references: [cite("secnumcloud-3.2", "10.1.a"), cite("secnumcloud-3.2", "19.4.a"), cite("cnil-eds-2021", "ch. 10 (encryption)", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  (_configuration, { graph, settings }) => volumeClaims(graph).flatMap((claim) => claimClassViolations(claim, graph, settings.encryptedVolumeTypes)),
);
