/**
 * Retention of security and access logs: one year satisfies SecNumCloud 12.6.c (at least six months),
 * the CNIL logging recommendation (six months to a year) and the EHDS secure processing environment access-log duration.
 */
export const loggingDefaults = {
  retentionDays: 365,
} as const;
