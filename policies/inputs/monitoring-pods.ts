import type { GivenSecurityContext } from "../engine/model";
import { isMap } from "../lib/helm";
import type { WorkflowPods } from "./argo-workflows";

/**
 * The containers prometheus-operator runs in the pods of each of its kinds (monitoring.coreos.com), by name: its main
 * container, the config reloader and its init container, a Prometheus's Thanos sidecar (pkg/prometheus/server,
 * pkg/prometheus/agent, pkg/alertmanager and pkg/thanos, statefulset.go; pkg/operator/config_reloader.go).
 */
const ownContainers: Readonly<Record<string, readonly string[]>> = {
  Prometheus: ["prometheus", "config-reloader", "init-config-reloader", "thanos-sidecar"],
  PrometheusAgent: ["prometheus", "config-reloader", "init-config-reloader"],
  Alertmanager: ["alertmanager", "config-reloader", "init-config-reloader"],
  ThanosRuler: ["thanos-ruler", "config-reloader", "init-config-reloader"],
};

/**
 * The security context prometheus-operator gives each of its containers (the statefulset.go above,
 * config_reloader.go): no privilege escalation, a read-only root filesystem, every capability dropped; not run as
 * non-root, which only the spec's pod security context can ask.
 */
const ownSecurityContext: GivenSecurityContext = { allow_privilege_escalation: false, read_only_root_filesystem: true, drop: ["ALL"] };

/**
 * The pods prometheus-operator runs for a Prometheus, PrometheusAgent, Alertmanager or ThanosRuler, written as a
 * Deployment whose one pod template is the object's spec, with its podMetadata: the spec holds the pod's fields
 * (pkg/apis/monitoring/v1: containers, initContainers, volumes, securityContext, hostNetwork,
 * automountServiceAccountToken), which the operator copies into its StatefulSet's pods. What it fills where the spec
 * says nothing: the token's mount (true: `ptr.Deref(AutomountServiceAccountToken, true)`), and the security context of
 * its own containers (ownSecurityContext), which a container of the spec named as one of them patches (strategic
 * merge, by name); the pod's security context is the spec's as written, and the containers the spec adds keep
 * Kubernetes' defaults.
 */
export function monitoringPods(manifest: Record<string, unknown>): WorkflowPods | undefined {
  const { apiVersion, kind, spec } = manifest;
  if (typeof apiVersion !== "string" || !apiVersion.startsWith("monitoring.coreos.com/") || typeof kind !== "string") return undefined;
  const own = Object.hasOwn(ownContainers, kind) ? ownContainers[kind] : undefined;
  if (!own || !isMap(spec)) return undefined;
  return {
    view: { ...manifest, spec: { template: [{ metadata: spec.podMetadata, spec }] } },
    origins: [
      [["metadata"], ["metadata"]],
      [
        ["spec", "template", 0, "metadata"],
        ["spec", "podMetadata"],
      ],
      [["spec", "template", 0, "spec"], ["spec"]],
    ],
    completedByOperator: { operator: "prometheus-operator", tokenMounted: true, containerSecurityContexts: own, given: [ownSecurityContext] },
  };
}
