import { describe, expect, it } from "vitest";
import { KeyStore } from "../../constructs/keys/key-store";
import { EncryptedStorage } from "../../constructs/storage/encrypted-storage";
import { TerraformJson } from "../helpers/terraform";

describe("EncryptedStorage", () => {
  const tf = TerraformJson.of(
    (scope) =>
      new EncryptedStorage(scope, "Storage", {
        namePrefix: "test",
        encryptedVolumeTypes: ["encrypted-ssd", "encrypted-hdd"],
        volumes: [
          { name: "warehouse", sizeGiB: 500 },
          { name: "scratch", sizeGiB: 10, volumeType: "encrypted-hdd", backup: false },
        ],
        containers: [{ name: "extracts" }, { name: "cache", versioning: false }],
      }),
  );

  it("gives every volume an encrypted volume type, the first by default", () => {
    expect(tf.named("openstack_blockstorage_volume_v3", "test-warehouse")).toMatchObject({ size: 500, volume_type: "encrypted-ssd" });
    expect(tf.named("openstack_blockstorage_volume_v3", "test-scratch")).toMatchObject({ size: 10, volume_type: "encrypted-hdd" });
  });

  it("writes the backup policy of each volume into its metadata", () => {
    expect(tf.named("openstack_blockstorage_volume_v3", "test-warehouse").metadata).toEqual({ backup_policy: "daily", backup_retention_days: "35" });
    expect(tf.named("openstack_blockstorage_volume_v3", "test-scratch").metadata).toEqual({ backup_policy: "none" });
  });

  it("keeps containers private and versioned unless told otherwise, plus a versioned backup container", () => {
    const containers = tf.resources("openstack_objectstorage_container_v1").map(([, body]) => body);
    expect(containers.map((c) => [c.name, c.versioning]).sort()).toEqual([
      ["test-backups", true],
      ["test-cache", false],
      ["test-extracts", true],
    ]);
    for (const container of containers) {
      expect(container.container_read).toBeUndefined();
      expect(container.container_write).toBeUndefined();
    }
  });

  it("fails when a volume asks for a type that is not encrypted", () => {
    expect(() =>
      TerraformJson.of(
        (scope) =>
          new EncryptedStorage(scope, "Storage", {
            namePrefix: "t",
            encryptedVolumeTypes: ["encrypted-ssd"],
            volumes: [{ name: "v", sizeGiB: 1, volumeType: "standard" }],
          }),
      ),
    ).toThrow(/volume v has type standard, which is not encrypted; expected one of encrypted-ssd/);
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
    }
    expect(secretRef).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
  });

  it("fails on an unknown purpose", () => {
    expect(() => TerraformJson.of((scope) => new KeyStore(scope, "Keys", { namePrefix: "t", purposes: ["a"] }).secretRef("b"))).toThrow(
      /no key for purpose b; known purposes: a/,
    );
  });
});
