import type { Pack } from "./pack";

export const nsaCisaKubernetesPack: Pack = {
  id: "nsa-cisa-kubernetes",
  title: "NSA/CISA Kubernetes Hardening Guidance",
  version: "1.2 (August 2022)",
  source: "U.S. National Security Agency and Cybersecurity and Infrastructure Security Agency (media.defense.gov)",
  controls: {
    "default-deny network policies": "A default-deny NetworkPolicy in every namespace",
    "immutable container file systems": "Containers run with an immutable (read-only) root file system",
    "network separation": "Network separation and isolation of workloads",
    "resource limits, LimitRange": "Resource limits on containers, LimitRange and ResourceQuota per namespace",
    "service account tokens": "Service account tokens are not mounted automatically",
  },
};
