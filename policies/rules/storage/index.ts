import containerPrivate from "./container-private";
import containerVersioned from "./container-versioned";
import stateBackendEncrypted from "./state-backend-encrypted";
import volumeBackupPolicy from "./volume-backup-policy";
import volumeEncryptedType from "./volume-encrypted-type";

export const storagePolicies = [
  containerPrivate,
  containerVersioned,
  stateBackendEncrypted,
  volumeBackupPolicy,
  volumeEncryptedType,
];
