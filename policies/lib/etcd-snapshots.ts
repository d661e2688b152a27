import type { ResourceGraph } from "../engine/graph";
import type { TfResource } from "../engine/model";
import type { BackupDestination } from "./backup-destinations";
import { appliedManifests, objectName, placeOf } from "./helm";
import { nodeSetupTypes } from "./node-setup";
import { type RancherNode, rancherNodes, settingOn, valueNotKnown } from "./rancher-node";
import { tlsCheck } from "./tls-check";
import { isUnknown, literalString } from "./values";
import { clusterApiNodeOf } from "./cluster-api-nodes";

/**
 * Whether a K3s or RKE2 server keeps its datastore in an embedded etcd, of which it takes snapshots: RKE2 unless
 * datastore-endpoint names another datastore (docs.rke2.io, datastore); K3s with cluster-init, or joining a server
 * (server), unless datastore-endpoint does (docs.k3s.io, datastore/ha-embedded: a K3s server alone keeps SQLite).
 */
const runsEmbeddedEtcd = ({ name, values }: RancherNode): boolean =>
  values["datastore-endpoint"] === undefined && (name === "RKE2" || settingOn(values["cluster-init"]) || values.server !== undefined);

/**
 * Where a K3s or RKE2 server sends the snapshots of its etcd (k3s pkg/cli/cmds/server.go and etcd_snapshot.go, which
 * RKE2 copies): with etcd-s3, to the S3 API at etcd-s3-endpoint (Amazon S3 when unset), over plain HTTP with
 * etcd-s3-insecure, its certificate unchecked with etcd-s3-skip-ssl-verify; or to the store the Secret
 * etcd-s3-config-secret names, read in the cluster. None without etcd-s3, without an embedded etcd
 * (runsEmbeddedEtcd), or with etcd-disable-snapshots (no scheduled snapshot). `pathOf` says where a setting is written.
 */
export function etcdSnapshotDestination(node: RancherNode, resource: TfResource, what: string, pathOf: (key: string) => string): BackupDestination | undefined {
  const { values } = node;
  const enabled = values["etcd-s3"];
  if (node.role !== "server" || enabled === undefined || !runsEmbeddedEtcd(node) || settingOn(values["etcd-disable-snapshots"])) return undefined;
  const path = pathOf("etcd-s3");
  if (isUnknown(enabled))
    return { resource, what, path, store: { kind: "unknown", reason: `whether ${node.name} sends them to S3 (etcd-s3) is known only at apply` } };
  if (!settingOn(enabled)) return undefined;
  const secret = literalString(values["etcd-s3-config-secret"]);
  if (secret)
    return {
      resource,
      what,
      path,
      store: { kind: "not read", reason: `are sent where the Secret ${secret} (etcd-s3-config-secret) says, in the cluster, not read here` },
    };
  const endpoint = values["etcd-s3-endpoint"];
  const written = literalString(endpoint);
  const plain = written && !written.includes("://") && settingOn(values["etcd-s3-insecure"]) ? `http://${written}` : endpoint;
  return {
    resource,
    what,
    path,
    store: { kind: "s3", endpoint: plain, endpointPath: pathOf("etcd-s3-endpoint") },
    ...tlsCheck(values["etcd-s3-skip-ssl-verify"], settingOn, { setting: "etcd-s3-skip-ssl-verify", path: pathOf("etcd-s3-skip-ssl-verify") }, (value) =>
      valueNotKnown(node, value),
    ),
  };
}

/**
 * The etcd snapshots of the K3s and RKE2 servers a configuration sets up: those instances' user data and Terraform's
 * provisioners run (rancherNodes), and those the control planes of Cluster API's K3s and RKE2 providers make.
 */
export function etcdSnapshotDestinations(graph: ResourceGraph): BackupDestination[] {
  const fromSetups = graph.ofType(nodeSetupTypes).flatMap((resource) =>
    rancherNodes(resource, graph).flatMap(({ setup, node }) => {
      if ("unreadable" in node) return [];
      const found = etcdSnapshotDestination(node, resource, `the etcd snapshot upload of ${node.name}'s server`, () => setup.path);
      return found ? [found] : [];
    }),
  );
  const fromControlPlanes = appliedManifests(graph).flatMap((applied) => {
    const made = clusterApiNodeOf(applied.manifest);
    if (!made || !("node" in made.read)) return [];
    const { node } = made.read;
    const pathOf = (key: string) => placeOf(applied, [...made.at, ...made.fieldOf(key)].join("."));
    const found = etcdSnapshotDestination(
      node,
      applied.resource,
      `the etcd snapshot upload of ${node.name} control plane ${objectName(applied.manifest)}`,
      pathOf,
    );
    return found ? [found] : [];
  });
  return [...fromSetups, ...fromControlPlanes];
}
