import hdsCertificateValid from "./hds-certificate-valid";
import logRetentionMinimum from "./log-retention-minimum";
import moduleSourcesChecked from "./module-sources-checked";
import providerSchemaConformance from "./provider-schema-conformance";
import regionQualified from "./region-qualified";
import secnumcloudQualificationValid from "./secnumcloud-qualification-valid";
import speAccessLogRetention from "./spe-access-log-retention";
import suppressionNotExpired from "./suppression-not-expired";

export const governancePolicies = [
  hdsCertificateValid,
  logRetentionMinimum,
  moduleSourcesChecked,
  providerSchemaConformance,
  regionQualified,
  secnumcloudQualificationValid,
  speAccessLogRetention,
  suppressionNotExpired,
];
