import type { Pack } from "./pack";

export const k8sPssPack: Pack = {
  id: "k8s-pss-restricted",
  title: "Kubernetes Pod Security Standards (restricted) and CIS Kubernetes Benchmark",
  version: "PSS as of Kubernetes 1.31; CIS Kubernetes Benchmark 1.10 / 2.0.1",
  source: "kubernetes.io, Pod Security Standards; Center for Internet Security, Kubernetes Benchmark",
  controls: {
    "CIS 1.2.16-1.2.19": "API server audit logging is configured",
  },
};
