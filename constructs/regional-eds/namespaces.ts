/** The platform's namespaces, by role. Kept apart from the constructs so that settings can name them without loading cdktf. */
export const platformNamespaces = {
  ingress: "ingress",
  ingestion: "ingestion",
  pseudonymisation: "pseudonymisation",
  airlock: "airlock",
  logging: "logging",
} as const;
