import { describe, expect, it } from "vitest";
import { declaredExceptions } from "../../constructs/exceptions";
import { KeyStore } from "../../constructs/keys/key-store";
import { backupRetentionException, EncryptedStorage } from "../../constructs/storage/encrypted-storage";
import { TerraformJson } from "../helpers/terraform";

describe("EncryptedStorage", () => {
  const tf = TerraformJson.of(
    (scope) => new EncryptedStorage(scope, "Storage", { namePrefix: "test", containers: [{ name: "extracts" }, { name: "cache", versioning: false }] }),
  );
  const containers = tf.resources("openstack_objectstorage_container_v1").map(([, body]) => body);

  it("keeps containers private and versioned unless told otherwise, plus a backup container where deleting deletes", () => {
    // The backup tools keep their retention by deleting old backups; a versioned container would keep them all.
    expect(containers.map((c) => [c.name, c.versioning]).sort()).toEqual([
      ["test-backups", false],
      ["test-cache", false],
      ["test-extracts", true],
    ]);
    expect(declaredExceptions(tf.stack!)).toEqual([
      expect.objectContaining({ id: backupRetentionException, policy: "container-versioned", address: expect.stringMatching(/BackupContainer/) }),
    ]);
    for (const container of containers) {
      expect(container.container_read).toBeUndefined();
      expect(container.container_write).toBeUndefined();
    }
  });

  it("protects every container from destruction by an apply, and never empties one to delete it", () => {
    for (const container of containers) expect(container).toMatchObject({ lifecycle: { prevent_destroy: true }, force_destroy: false });
  });

  it("creates no standalone volume: the warehouse's data lives in the platform's data tier", () => {
    expect(tf.resources("openstack_blockstorage_volume_v3")).toEqual([]);
  });
});

describe("KeyStore", () => {
  it("orders one AES-256 key per purpose from Barbican, without key material", () => {
    let secretRef = "";
    const tf = TerraformJson.of((scope) => {
      secretRef = new KeyStore(scope, "Keys", { namePrefix: "test", purposes: ["pseudonymisation", "backups"] }).secretRef("backups");
    });
    const orders = tf.resources("openstack_keymanager_order_v1").map(([, body]) => body);
    expect(orders.map((order) => order.meta.name).sort()).toEqual(["test-backups", "test-pseudonymisation"]);
    for (const order of orders) {
      expect(order).toMatchObject({ type: "key", meta: { algorithm: "aes", bit_length: 256 } });
      expect(order.meta.payload).toBeUndefined();
      // A change to meta replaces the order, that is, the key: the plan must fail instead.
      expect(order.lifecycle).toEqual({ prevent_destroy: true });
    }
    expect(secretRef).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
  });

  it("fails on an unknown purpose", () => {
    expect(() => TerraformJson.of((scope) => new KeyStore(scope, "Keys", { namePrefix: "t", purposes: ["a"] }).secretRef("b"))).toThrow(
      /no key for purpose b; known purposes: a/,
    );
  });
});
