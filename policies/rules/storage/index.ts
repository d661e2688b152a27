import containerPrivate from "./container-private";
import containerVersioned from "./container-versioned";
import dataResourcesProtected from "./data-resources-protected";
import stateBackendOnProvider from "./state-backend-on-provider";
import stateEncryptedClientSide from "./state-encrypted-client-side";
import volumeBackupPolicy from "./volume-backup-policy";
import volumeEncryptedType from "./volume-encrypted-type";

export const storagePolicies = [
  containerPrivate,
  containerVersioned,
  dataResourcesProtected,
  stateBackendOnProvider,
  stateEncryptedClientSide,
  volumeBackupPolicy,
  volumeEncryptedType,
];
