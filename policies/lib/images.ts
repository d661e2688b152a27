import type { PolicyContext } from "../engine/policy";
import type { TfResource } from "../engine/model";
import { appliedObjects, isKind, objectName } from "./helm";
import { attributePath, literalString } from "./values";
import { containers, type Found, type ImageAt, parseImage, violationsOf } from "./kubernetes";

/** An image a resource runs, where it is written, and who runs it, for a message. */
interface ImageUse {
  readonly value: unknown;
  readonly path: string;
  readonly label: string;
}

/** The kinds of prometheus-operator whose pods run spec.image (the containers their spec adds are the pods', monitoring-pods.ts). */
const monitoringKinds = ["Prometheus", "PrometheusAgent", "Alertmanager", "ThanosRuler"] as const;

/**
 * The images an object runs through its operator, where it names them; one that names none runs the image the operator
 * is configured with, which is not in the object.
 * - A CloudNativePG Cluster's instances run its spec.imageName (cloudnative-pg api/v1/cluster_types.go, ImageName;
 *   pkg/specs/pods.go).
 * - A Prometheus, PrometheusAgent, Alertmanager or ThanosRuler runs its spec.image (which has precedence over the
 *   deprecated baseImage, tag and sha), and a Prometheus's Thanos sidecar spec.thanos.image (prometheus-operator
 *   pkg/apis/monitoring/v1, prometheus_types.go CommonPrometheusFields and ThanosSpec, alertmanager_types.go,
 *   thanos_types.go: Image); the containers its spec adds or overrides are its pods' (monitoringPods).
 */
const operatorImages = (resource: TfResource): ImageUse[] =>
  appliedObjects(resource).flatMap(({ manifest, at }): ImageUse[] => {
    // The kind before anything else: an object that runs no image is not read (its spec may be known only at apply).
    if (isKind(manifest, "Cluster", "postgresql.cnpg.io")) {
      const imageName = manifest.spec?.imageName;
      return imageName === undefined ? [] : [{ value: imageName, path: `${at}.spec.imageName`, label: `database cluster ${objectName(manifest)}` }];
    }
    if (!monitoringKinds.some((kind) => isKind(manifest, kind, "monitoring.coreos.com"))) return [];
    const spec = manifest.spec;
    if (!spec || typeof spec !== "object") return [];
    const owner = `${String(manifest.kind)} ${objectName(manifest)}`;
    // A blank image is none: the operator builds one from baseImage and version (pkg/operator/image.go, BuildImagePath
    // takes spec.image only when it is not blank).
    const named = (image: unknown) => image !== undefined && !(typeof image === "string" && image.trim() === "");
    return [
      ...(named(spec.image) ? [{ value: spec.image, path: `${at}.spec.image`, label: owner }] : []),
      ...(manifest.kind !== "Prometheus" || !named(spec.thanos?.image)
        ? []
        : [{ value: spec.thanos.image, path: `${at}.spec.thanos.image`, label: `thanos sidecar of ${owner}` }]),
    ];
  });

/** Every image a resource runs: each container's and init container's, and those its operator runs from it. */
const imagesOf = (resource: TfResource): ImageUse[] => [
  ...containers(resource).map((at) => ({ value: at.container.image, path: attributePath(at.path, "image"), label: at.label })),
  ...operatorImages(resource),
];

/**
 * A check run on every image a resource runs (imagesOf), as written or read from the argument it references (a
 * registry image's name, known at plan); an image not known before apply is not checked here.
 */
export const eachImage =
  (check: (found: ImageAt & { readonly label: string }, context: PolicyContext) => Found) => (resource: TfResource, context: PolicyContext) =>
    imagesOf(resource).flatMap((use) => {
      const text = literalString(context.graph.readValue(use.value));
      return text === undefined ? [] : violationsOf(check({ text, image: parseImage(text), path: use.path, label: use.label }, context));
    });
