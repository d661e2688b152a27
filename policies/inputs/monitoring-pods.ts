import type { GivenSecurityContext } from "../engine/model";
import { isMap } from "../lib/helm";
import { isUnknownValue } from "../lib/values";
import { asMap, itemsOf, type Origin, type Path, viewOfGroups, type WorkflowPods } from "./argo-workflows";

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

/** The config reloaders, whose limits the operator's flags give (--config-reloader-cpu-limit, 10m, and -memory-limit, 50Mi). */
const reloaders: ReadonlySet<string> = new Set(["config-reloader", "init-config-reloader"]);

/** Two resource requirements as a strategic merge patch merges them: each map's keys, the patch's winning. */
function patchedResources(own: unknown, patch: unknown): unknown {
  if (patch === undefined || patch === null) return own;
  if (isUnknownValue(patch) || isUnknownValue(own) || !isMap(own)) return patch;
  const merged = (key: string) => (isUnknownValue(asMap(patch)[key]) ? asMap(patch)[key] : { ...asMap(own[key]), ...asMap(asMap(patch)[key]) });
  return { ...own, ...asMap(patch), limits: merged("limits"), requests: merged("requests") };
}

/**
 * The pods prometheus-operator runs for a Prometheus, PrometheusAgent, Alertmanager or ThanosRuler, written as a
 * Deployment whose one pod template is the object's spec, with its podMetadata: the spec holds the pod's fields
 * (pkg/apis/monitoring/v1: containers, initContainers, volumes, securityContext, hostNetwork,
 * automountServiceAccountToken), which the operator copies into its StatefulSet's pods. The spec's containers patch
 * the operator's own by name (k8sutil.MergePatchContainers, a strategic merge) or are added; the operator's main
 * container, and a Prometheus's Thanos sidecar, are in the pods whether the spec names them or not, with the
 * resources of spec.resources and spec.thanos.resources under the spec's patch (statefulset.go). What it fills where
 * the spec says nothing: the token's mount (true: `ptr.Deref(AutomountServiceAccountToken, true)`), the security
 * context of its own containers (ownSecurityContext), and its config reloaders' limits (its flags'); the pod's
 * security context is the spec's as written, and the containers the spec adds keep Kubernetes' defaults.
 */
export function monitoringPods(manifest: Record<string, unknown>): WorkflowPods | undefined {
  const { apiVersion, kind, spec } = manifest;
  if (typeof apiVersion !== "string" || !apiVersion.startsWith("monitoring.coreos.com/") || typeof kind !== "string") return undefined;
  const own = Object.hasOwn(ownContainers, kind) ? ownContainers[kind] : undefined;
  if (!own || !isMap(spec)) return undefined;
  const pod: Path = ["spec", "template", 0, "spec"];
  const containers = itemsOf(spec.containers);
  const origins: Origin[] = [];
  const held = [{ name: own[0]!, resources: spec.resources, at: [] as Path }];
  if (isMap(spec.thanos)) held.push({ name: "thanos-sidecar", resources: spec.thanos.resources, at: ["thanos"] });
  const viewed = [...containers];
  if (!isUnknownValue(spec.containers))
    for (const { name, resources, at } of held) {
      const named = containers.findIndex((container) => asMap(container).name === name);
      const index = named === -1 ? viewed.length : named;
      const patch = asMap(containers[named]).resources;
      viewed[index] = { ...asMap(containers[named]), name, resources: patchedResources(resources, patch) };
      if (named === -1) origins.push([[...pod, "containers", index], ["spec", ...at], undefined, "whole"]);
      if (patch === undefined || patch === null)
        origins.push([
          [...pod, "containers", index, "resources"],
          ["spec", ...at, "resources"],
        ]);
    }
  return {
    ...viewOfGroups(manifest, [
      {
        template: { metadata: spec.podMetadata, spec: { ...spec, containers: isUnknownValue(spec.containers) ? spec.containers : viewed } },
        origins: [
          [
            ["spec", "template", 0, "metadata"],
            ["spec", "podMetadata"],
          ],
          [pod, ["spec"]],
          ...origins,
        ],
      },
    ]),
    completedByOperator: {
      operator: "prometheus-operator",
      tokenMounted: true,
      containerSecurityContexts: own,
      given: [ownSecurityContext],
      resourcesAsViewed: true,
      resourcesGivenTo: (name) => reloaders.has(name),
    },
  };
}
