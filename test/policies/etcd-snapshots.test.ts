import { describe, expect, it } from "vitest";
import type { TfResource } from "../../policies/engine/model";
import { etcdSnapshotDestination } from "../../policies/lib/etcd-snapshots";
import type { RancherNode } from "../../policies/lib/rancher-node";

const resource = { type: "openstack_compute_instance_v2", address: "openstack_compute_instance_v2.server", values: {} } as unknown as TfResource;

/** Where the snapshots of a server of `name` with these settings go, or undefined where it sends none to S3. */
const destinationOf = (name: RancherNode["name"], values: Record<string, unknown>, role: RancherNode["role"] = "server") =>
  etcdSnapshotDestination({ name, role, values, files: [], expanded: new Set() }, resource, "snapshots", (key) => key);

describe("where a K3s or RKE2 server sends its etcd snapshots", () => {
  it("sends them to the S3 endpoint named, or Amazon S3, over plain HTTP with etcd-s3-insecure, unchecked with etcd-s3-skip-ssl-verify", () => {
    expect(destinationOf("RKE2", { "etcd-s3": true })).toMatchObject({ store: { kind: "s3", endpoint: undefined } });
    expect(
      destinationOf("RKE2", { "etcd-s3": "true", "etcd-s3-endpoint": "s3.example.fr", "etcd-s3-insecure": true, "etcd-s3-skip-ssl-verify": "true" }),
    ).toMatchObject({
      store: { kind: "s3", endpoint: "http://s3.example.fr", endpointPath: "etcd-s3-endpoint" },
      unverifiedTls: { setting: "etcd-s3-skip-ssl-verify", path: "etcd-s3-skip-ssl-verify" },
    });
    expect(destinationOf("K3s", { "cluster-init": "true", "etcd-s3": true, "etcd-s3-config-secret": "k3s-etcd-s3" })).toMatchObject({
      store: { kind: "not read" },
    });
    expect(destinationOf("RKE2", { "etcd-s3": "${var.snapshots}" })).toMatchObject({ store: { kind: "unknown" } });
  });

  it("reads each setting as K3s hands it to its flag: any text Go's strconv.ParseBool takes for true turns it on", () => {
    expect(destinationOf("K3s", { "cluster-init": 1, "etcd-s3": "True", "etcd-s3-skip-ssl-verify": "t" })).toMatchObject({
      store: { kind: "s3" },
      unverifiedTls: { setting: "etcd-s3-skip-ssl-verify" },
    });
    expect(destinationOf("RKE2", { "etcd-s3": "TRUE", "etcd-disable-snapshots": "1" })).toBeUndefined();
    expect(destinationOf("RKE2", { "etcd-s3": "yes" })).toBeUndefined();
  });

  it("sends none without an embedded etcd (a K3s server alone keeps SQLite, an external datastore), without etcd-s3, with scheduled snapshots off, from an agent", () => {
    expect(destinationOf("K3s", { "etcd-s3": true })).toBeUndefined();
    expect(destinationOf("K3s", { server: "https://192.0.2.10:6443", "etcd-s3": true })).toBeDefined();
    expect(destinationOf("RKE2", { "etcd-s3": true, "datastore-endpoint": "postgres://db.example.fr/k8s" })).toBeUndefined();
    expect(destinationOf("RKE2", { "etcd-s3": false })).toBeUndefined();
    expect(destinationOf("RKE2", { "etcd-s3": true, "etcd-disable-snapshots": true })).toBeUndefined();
    expect(destinationOf("RKE2", { "etcd-s3": true }, "agent")).toBeUndefined();
  });
});
