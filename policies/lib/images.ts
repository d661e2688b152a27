import type { PolicyContext, Violation } from "../engine/policy";
import type { TfResource } from "../engine/model";
import { appliedObjects, isKind, objectName } from "./helm";
import { attributePath, isMap, literalString, unrecorded } from "./values";
import { containers, type Found, type ImageAt, parseImage, violationsOf } from "./kubernetes";

/**
 * An image a resource runs, where it is written, and who runs it, for a message: the field `key` of `holder`, read
 * without the engine recording a value known only at apply (the registry of one known in part may decide alone).
 */
interface ImageUse {
  readonly holder: Record<string, unknown>;
  readonly key: string;
  readonly path: string;
  readonly label: string;
}

/** An image's value as written, unread by the engine (unrecorded). */
const written = ({ holder, key }: Pick<ImageUse, "holder" | "key">): unknown => unrecorded(holder, key);

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
      const spec = manifest.spec;
      return isMap(spec) && written({ holder: spec, key: "imageName" }) !== undefined
        ? [{ holder: spec, key: "imageName", path: `${at}.spec.imageName`, label: `database cluster ${objectName(manifest)}` }]
        : [];
    }
    if (!monitoringKinds.some((kind) => isKind(manifest, kind, "monitoring.coreos.com"))) return [];
    const spec = manifest.spec;
    if (!isMap(spec)) return [];
    const owner = `${String(manifest.kind)} ${objectName(manifest)}`;
    // A blank image is none: the operator builds one from baseImage and version (pkg/operator/image.go, BuildImagePath
    // takes spec.image only when it is not blank).
    const named = (holder: unknown): holder is Record<string, unknown> => {
      const image = isMap(holder) ? written({ holder, key: "image" }) : undefined;
      return image !== undefined && !(typeof image === "string" && image.trim() === "");
    };
    return [
      ...(named(spec) ? [{ holder: spec, key: "image", path: `${at}.spec.image`, label: owner }] : []),
      ...(manifest.kind === "Prometheus" && named(spec.thanos)
        ? [{ holder: spec.thanos, key: "image", path: `${at}.spec.thanos.image`, label: `thanos sidecar of ${owner}` }]
        : []),
    ];
  });

/** Every image a resource runs: each container's and init container's, and those its operator runs from it. */
const imagesOf = (resource: TfResource): ImageUse[] => [
  ...containers(resource).map((at) => ({
    holder: at.container,
    key: "image",
    path: attributePath(at.path, "image"),
    // Read only when a message is written, as the container's label.
    get label() {
      return at.label;
    },
  })),
  ...operatorImages(resource),
];

/**
 * The image a gateway or a pod Istio injects is written with: the injector replaces it with the proxy image of the
 * mesh's version (istio.io, "Installing Gateways", and analysis message IST0146: "The auto image is a placeholder").
 */
const istioPlaceholder = "auto";

/**
 * A check run on every image a resource runs (imagesOf), as written or read from the argument it references (a
 * registry image's name, known at plan). An image not known before apply is not checked, and is read as a policy reads
 * it, for the engine to report it not evaluable, unless `partlyKnown` decides it from what is known of it (its
 * violations, none when it passes; undefined when it cannot decide).
 */
export const eachImage =
  (
    check: (found: ImageAt & { readonly label: string }, context: PolicyContext) => Found,
    partlyKnown?: (found: { readonly text: string; readonly path: string; readonly label: string }, context: PolicyContext) => Violation[] | undefined,
  ) =>
  (resource: TfResource, context: PolicyContext): Violation[] =>
    imagesOf(resource).flatMap((use) => {
      const value = context.graph.readValue(written(use));
      const text = literalString(value);
      const found = <T>(fields: T) => ({
        ...fields,
        path: use.path,
        get label() {
          return use.label;
        },
      });
      if (text === istioPlaceholder)
        return [
          {
            message: `${use.label} runs the image "auto", a placeholder Istio's sidecar injector replaces with the mesh's proxy image, which is not in this configuration`,
            path: use.path,
            outcome: "cannot-evaluate",
          },
        ];
      if (text !== undefined) return violationsOf(check(found({ text, image: parseImage(text) }), context));
      const decided = typeof value === "string" ? partlyKnown?.(found({ text: value }), context) : undefined;
      if (decided !== undefined) return decided;
      // Read as a policy reads it: the engine records the value known only at apply.
      use.holder[use.key];
      return [];
    });
