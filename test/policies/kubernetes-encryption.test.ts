import { describe, expect, it } from "vitest";
import { encryptionConfigurationFault } from "../../policies/lib/kubernetes-encryption";

/** An EncryptionConfiguration with these entries. */
const configuration = (...resources: unknown[]) => ({ apiVersion: "apiserver.config.k8s.io/v1", kind: "EncryptionConfiguration", resources });
const aescbc = { aescbc: { keys: [{ name: "key1", secret: "${var.key}" }] } };

describe("encryptionConfigurationFault judges how the API server writes Secrets", () => {
  it("accepts aescbc, kms or secretbox as the first provider of the first entry covering Secrets", () => {
    for (const provider of [aescbc, { kms: { apiVersion: "v2", name: "barbican", endpoint: "unix:///var/lib/kms/kms.sock" } }, { secretbox: {} }])
      expect(encryptionConfigurationFault(configuration({ resources: ["secrets"], providers: [provider, { identity: {} }] }))).toBeUndefined();
  });

  it("takes the first entry that covers Secrets, by name or by a wildcard, and its first provider", () => {
    expect(
      encryptionConfigurationFault(
        configuration({ resources: ["configmaps"], providers: [aescbc] }, { resources: ["*.*"], providers: [{ identity: {} }, aescbc] }),
      ),
    ).toBe("writes Secrets with identity, its first provider for them: unencrypted");
    expect(
      encryptionConfigurationFault(configuration({ resources: ["*."], providers: [aescbc] }, { resources: ["secrets"], providers: [{ identity: {} }] })),
    ).toBeUndefined();
  });

  it("says so where no entry covers Secrets, or the entry gives no provider", () => {
    expect(encryptionConfigurationFault(configuration({ resources: ["configmaps", "*.apps"], providers: [aescbc] }))).toBe(
      "covers no Secrets: the API server writes them unencrypted",
    );
    expect(encryptionConfigurationFault(configuration({ resources: ["secrets"], providers: [] }))).toBe(
      "gives Secrets no provider: the API server writes them unencrypted",
    );
    expect(encryptionConfigurationFault("not a configuration")).toBe("covers no Secrets: the API server writes them unencrypted");
  });

  it("refuses aesgcm, whose key a configuration written once does not rotate, and says what is known only at apply", () => {
    expect(encryptionConfigurationFault(configuration({ resources: ["secrets"], providers: [{ aesgcm: {} }] }))).toBe(
      "writes Secrets with aesgcm, which CIS Kubernetes does not accept (aescbc, kms, secretbox)",
    );
    expect(encryptionConfigurationFault(configuration({ resources: ["secrets"], providers: [{ "${var.provider}": {} }] }))).toEqual({
      unknown: "the provider it writes Secrets with is known only at apply",
    });
  });
});
