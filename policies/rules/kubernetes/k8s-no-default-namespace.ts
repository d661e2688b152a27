import { cite, resourcePolicy } from "../../engine/policy";
import { isKind } from "../../lib/helm";
import { block, isUnset } from "../../lib/values";
import { namespacedTypes, namespaceOf, namespaceTypes, referenceNotKnown, resolvedName } from "../../lib/kubernetes";

export default resourcePolicy(
  {
    id: "k8s-no-default-namespace",
    title: "Nothing is deployed in the default namespace",
    description:
      "Flags workloads, services, ingresses, secrets, config maps, service accounts, roles, role bindings, volume claims, Helm releases and HelmChart objects whose namespace is default, written or left unset (the providers' default).",
    rationale:
      "The default namespace exists in every cluster before any configuration: nothing here declares it, so the namespace checks (its Pod Security labels, its NetworkPolicies, its quota) never judge it, whatever the configuration applies there.",
    remediation: "Declare a namespace for the service, with its NetworkPolicies and Pod Security labels, and set metadata.namespace to it.",
    severity: "medium",
    references: [cite("cis-kubernetes", "5.7.4"), cite("secnumcloud-3.2", "13.2.a")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [...namespacedTypes, "helm_release", "kubernetes_manifest"],
  (resource, { graph }) => {
    // A HelmChart installs its chart into targetNamespace, else its own namespace (helm-controller pkg/controllers/chart,
    // job: TARGET_NAMESPACE), else default.
    if (resource.type === "kubernetes_manifest") {
      const manifest = block(resource.values.manifest);
      // Only a HelmChart's spec is read: another kind's, known only at apply, is no question here.
      if (!manifest || !isKind(manifest, "HelmChart", "helm.cattle.io")) return [];
      const target = block(manifest.spec)?.targetNamespace || block(manifest.metadata)?.namespace || "default";
      return target === "default"
        ? [
            {
              message: "the HelmChart installs its chart in the default namespace, which the configuration does not declare: no namespace check judges it",
              path: "manifest.spec.targetNamespace",
            },
          ]
        : [];
    }
    // A release's namespace is its own argument, "default" when unset (the Helm provider's documentation, "namespace").
    const release = resource.type === "helm_release";
    const written = resource.values.namespace;
    const namespace = !release ? namespaceOf(resource, graph) : isUnset(written) ? "default" : resolvedName(written, resource, graph, namespaceTypes);
    // A reference this check cannot follow (another state's outputs, an attribute the provider computes) may name any.
    const reference = release ? written : block(resource.values.metadata)?.namespace;
    // A namespace the configuration creates is never default, whatever its name: the API server refuses to create one
    // that exists (AlreadyExists), and the apply stops there.
    const created = typeof reference === "string" ? graph.targetOf(reference, resource) : undefined;
    if (namespace === undefined && created?.mode === "managed" && namespaceTypes.includes(created.type)) return [];
    const notKnown = namespace === undefined ? referenceNotKnown(reference, resource, graph) : undefined;
    if (notKnown !== undefined)
      return [{ message: "the namespace is not known here", path: release ? "namespace" : "metadata[0].namespace", outcome: "cannot-evaluate", notKnown }];
    return namespace === "default"
      ? [
          {
            message: `the ${release ? "release installs its chart" : "resource sits"} in the default namespace, which the configuration does not declare: no namespace check judges it`,
            path: release ? "namespace" : "metadata[0].namespace",
          },
        ]
      : [];
  },
);
