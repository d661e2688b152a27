import bastionSshAdminCidrsOnly from "./bastion-ssh-admin-cidrs-only";
import instanceBootVolumeEncrypted from "./instance-boot-volume-encrypted";
import instanceNoAdminPass from "./instance-no-admin-pass";
import instanceUserDataNoSecrets from "./instance-user-data-no-secrets";

export const computePolicies = [bastionSshAdminCidrsOnly, instanceBootVolumeEncrypted, instanceNoAdminPass, instanceUserDataNoSecrets];
