import type { PolicyContext, Violation } from "../engine/policy";
import type { ResourceGraph } from "../engine/graph";
import type { TfResource } from "../engine/model";
import { attributePath, block, blocks, literalString } from "./values";
import { containers, type Found, type ImageAt, parseImage, podSpecs, violationsOf } from "./kubernetes";
import { type AnyImageUse, type ImageThatMayBeGiven, imagesAnOperatorIsGiven, operatorImages, type WrittenImage, written } from "./operator-images";

/**
 * The images a pod mounts as image volumes: the kubelet pulls each volume's image.reference from its registry as it
 * pulls a container's image (core/v1 ImageVolumeSource; KEP-4639), and the Restricted profile allows the volume.
 */
const imageVolumes = (resource: TfResource): WrittenImage[] =>
  podSpecs(resource).flatMap((pod) =>
    blocks(pod.spec.volume).flatMap((volume, i) => {
      const source = block(volume.image);
      return source
        ? [
            {
              holder: source,
              key: "reference",
              path: attributePath(pod.path, "volume", i, "image", "reference"),
              get label() {
                return `image volume ${literalString(volume.name) ?? i}`;
              },
            },
          ]
        : [];
    }),
  );

/**
 * Every image a resource runs: each container's and init container's, each image volume's, those an operator's container
 * is given to run for its objects, and those its operator runs from it.
 */
const imagesOf = (resource: TfResource, graph: ResourceGraph): AnyImageUse[] => [
  ...containers(resource).map((at) => ({
    holder: at.container,
    key: "image",
    path: attributePath(at.path, "image"),
    // Read only when a message is written, as the container's label.
    get label() {
      return at.label;
    },
  })),
  ...imageVolumes(resource),
  ...imagesAnOperatorIsGiven(containers(resource)),
  ...operatorImages(resource, graph),
];

/**
 * The image a gateway or a pod Istio injects is written with: the injector replaces it with the proxy image of the
 * mesh's version (istio.io, "Installing Gateways", and analysis message IST0146: "The auto image is a placeholder").
 */
const istioPlaceholder = "auto";

/**
 * What an environment entry whose name is not known here may give (ImageThatMayBeGiven), where every other image of the
 * resource is known and passes: not evaluable, and why. Otherwise the entry's name is read as a policy reads it, for the
 * engine: a violation found stands whatever the entry gives, and an image not known itself is what it says first.
 */
function mayBeGiven(uses: readonly ImageThatMayBeGiven[], othersPass: boolean): Violation[] {
  if (!othersPass) {
    for (const use of uses) use.entry.name;
    return [];
  }
  return uses.map((use) => ({
    message: `${use.label} is named ${use.namedAs}, not known here: it may be one by which an operator is given an image to run (RELATED_IMAGE_* and the like), not judged`,
    path: use.path,
    outcome: "cannot-evaluate",
    notKnown: use.notKnown,
  }));
}

/**
 * A check run on every image a resource runs (imagesOf), as written or read from the argument it references (a
 * registry image's name, known at plan). An image not known before apply is not checked, and is read as a policy reads
 * it, for the engine to report it not evaluable, unless `partlyKnown` decides it from what is known of it (its
 * violations, none when it passes; undefined when it cannot decide). An image this configuration does not choose is
 * not evaluable, with the reason.
 */
export const eachImage =
  (
    check: (found: ImageAt & { readonly label: string }, context: PolicyContext) => Found,
    partlyKnown?: (found: { readonly text: string; readonly path: string; readonly label: string }, context: PolicyContext) => Violation[] | undefined,
  ) =>
  (resource: TfResource, context: PolicyContext): Violation[] => {
    const uses = imagesOf(resource, context.graph);
    let imageNotKnown = false;
    const judged = uses.flatMap((use): Violation[] => {
      if ("namedAs" in use) return [];
      if ("chosenElsewhere" in use) return [{ message: `${use.label} names no image: ${use.chosenElsewhere}`, path: use.path, outcome: "cannot-evaluate" }];
      if ("runsWhere" in use)
        return [
          {
            message: `${use.label}: whether it runs, and so its image, depends on ${use.runsWhere}, known only at apply`,
            path: use.path,
            outcome: "cannot-evaluate",
          },
        ];
      const value = "text" in use ? use.text : context.graph.readValue(written(use));
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
      // An image built elsewhere is not one the engine reads here: its part known only at apply is said.
      if ("text" in use)
        return [{ message: `${use.label} runs the image ${use.text}, not known before apply`, path: use.path, outcome: "cannot-evaluate", notKnown: use.text }];
      // Read as a policy reads it: the engine records the value known only at apply.
      use.holder[use.key];
      imageNotKnown = true;
      return [];
    });
    const othersPass = !imageNotKnown && judged.length === 0;
    return [
      ...judged,
      ...mayBeGiven(
        uses.filter((use): use is ImageThatMayBeGiven => "namedAs" in use),
        othersPass,
      ),
    ];
  };
