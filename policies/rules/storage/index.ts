import backupsCoverData from "./backups-cover-data";
import backupsOnProvider from "./backups-on-provider";
import containerPrivate from "./container-private";
import containerVersioned from "./container-versioned";
import dataResourcesProtected from "./data-resources-protected";
import shareAccessRestricted from "./share-access-restricted";
import stateBackendOnProvider from "./state-backend-on-provider";
import stateEncryptedClientSide from "./state-encrypted-client-side";
import volumeClaimEncryptedClass from "./volume-claim-encrypted-class";
import volumeEncryptedType from "./volume-encrypted-type";

export const storagePolicies = [
  backupsCoverData,
  backupsOnProvider,
  containerPrivate,
  containerVersioned,
  dataResourcesProtected,
  shareAccessRestricted,
  stateBackendOnProvider,
  stateEncryptedClientSide,
  volumeClaimEncryptedClass,
  volumeEncryptedType,
];
