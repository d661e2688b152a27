/** Defaults of the Bastion construct, shared with the environment schema so both say the same. */
export const bastionDefaults = {
  /** Enough for a hardened OS and a few weeks of session recordings before they are shipped. */
  volumeSizeGiB: 20,
} as const;
