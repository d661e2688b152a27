import magnumAuditLogEnabled from "./magnum-audit-log-enabled";
import magnumNoFloatingIp from "./magnum-no-floating-ip";
import magnumNodeVolumesEncrypted from "./magnum-node-volumes-encrypted";
import magnumPrivateApi from "./magnum-private-api";
import magnumTlsEnabled from "./magnum-tls-enabled";

export const clusterPolicies = [magnumAuditLogEnabled, magnumNoFloatingIp, magnumNodeVolumesEncrypted, magnumPrivateApi, magnumTlsEnabled];
