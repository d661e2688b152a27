/**
 * End of upstream support of each Kubernetes minor (kubernetes.io/releases, "End of Life" of each release's page, read
 * 2026-11): after that day a minor gets no security fix. A minor newer than this table is not judged (cannot-evaluate)
 * until the table is updated.
 */
export const kubernetesEndOfLife: Readonly<Record<string, string>> = {
  "1.29": "2025-02-28",
  "1.30": "2025-06-28",
  "1.31": "2025-10-28",
  "1.32": "2026-02-28",
  "1.33": "2026-06-28",
  "1.34": "2026-10-27",
  "1.35": "2027-02-28",
  "1.36": "2027-06-28",
};

/** "v1.35.5", "v1.35.5+rke2r1" → "1.35". */
export const kubernetesMinor = (version: string): string | undefined => /^v?(\d+\.\d+)\.\d+/.exec(version)?.[1];
