import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bastionDefaults } from "../../constructs/bastion/defaults";
import { kubernetesDefaults } from "../../constructs/kubernetes/defaults";
import { loggingDefaults } from "../../constructs/logging/defaults";
import { storageDefaults } from "../../constructs/storage/defaults";
import { loadEnvironments } from "../../config/load";
import { environmentFolder, minimalEnvironment, testToday } from "../helpers/environments";

describe("defaults of the environment schema", () => {
  const folder = environmentFolder({ "minimal.yaml": minimalEnvironment });
  const { config } = loadEnvironments([join(folder, "minimal.yaml")], { today: testToday })[0]!;

  it("are the construct defaults, so a minimal file gets what the constructs document", () => {
    expect(config.bastion.volumeSizeGiB).toBe(bastionDefaults.volumeSizeGiB);
    expect(config.kubernetes).toMatchObject({
      version: kubernetesDefaults.version,
      controlPlane: { count: kubernetesDefaults.controlPlaneCount },
      nodeVolumeSizeGiB: kubernetesDefaults.nodeVolumeSizeGiB,
    });
    expect(config.kubernetes.nodeGroups[0]).toMatchObject({ name: kubernetesDefaults.nodeGroupName, count: kubernetesDefaults.nodeCount });
    expect(config.storage.backups).toEqual({ schedule: storageDefaults.backupSchedule, retentionDays: storageDefaults.backupRetentionDays });
    expect(config.logging.retentionDays).toBe(loggingDefaults.retentionDays);
  });

  it("are the secure choices", () => {
    expect(kubernetesDefaults.controlPlaneCount % 2).toBe(1);
    expect(storageDefaults.backupSchedule).toBe("daily");
    expect(storageDefaults.containerVersioning).toBe(true);
    expect(loggingDefaults.retentionDays).toBeGreaterThanOrEqual(180);
    expect(config.provider.services.magnum).toBe("none");
    expect(config.provider.objectStorage.serverSideEncryption).toBe(false);
  });
});
