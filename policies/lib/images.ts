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

/**
 * The images an object runs through its operator: a CloudNativePG Cluster's instances run its spec.imageName
 * (cloudnative-pg api/v1/cluster_types.go, ImageName; pkg/specs/pods.go). A cluster that names none runs the image the
 * operator is configured with, which is not in the object.
 */
const operatorImages = (resource: TfResource): ImageUse[] =>
  appliedObjects(resource).flatMap(({ manifest, at }) =>
    isKind(manifest, "Cluster", "postgresql.cnpg.io") && manifest.spec?.imageName !== undefined
      ? [{ value: manifest.spec.imageName, path: `${at}.spec.imageName`, label: `database cluster ${objectName(manifest)}` }]
      : [],
  );

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
