/** The platform's namespaces, by role. Kept apart from the constructs so that settings can name them without loading cdktf. */
export const platformNamespaces = {
  ingress: "ingress",
  certificates: "cert-manager",
  ingestion: "ingestion",
  pseudonymisation: "pseudonymisation",
  data: "data",
  databaseOperator: "cnpg-system",
  airlock: "airlock",
  backups: "velero",
  logging: "logging",
  workspaceExpiry: "workspace-expiry",
  restoreDrill: "restore-drill",
  cloudProvider: "openstack-cloud-provider",
} as const;
