import { describe, expect, it } from "vitest";
import { notAnEncryptedType } from "../../policies/lib/openstack";

describe("the words of the volume encryption findings", () => {
  it("name the type written, or say that the cloud's default is used, and which types are accepted", () => {
    expect(notAnEncryptedType("volume type", "standard", ["encrypted-ssd"])).toBe('volume type "standard" is not one of the encrypted types encrypted-ssd');
    expect(notAnEncryptedType("the boot volume's type", undefined, ["encrypted-ssd", "encrypted-hdd"])).toBe(
      "the boot volume's type is not set: the cloud's default type is used, not one of the encrypted types encrypted-ssd, encrypted-hdd",
    );
    expect(notAnEncryptedType("volume type", "standard", [])).toBe(
      'volume type "standard" is not one of the encrypted types, and none is declared (settings: encryptedVolumeTypes)',
    );
  });
});
