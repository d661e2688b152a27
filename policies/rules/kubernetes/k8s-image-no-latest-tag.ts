import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { helmReleaseType } from "../../lib/helm";
import { eachImage } from "../../lib/images";
import { type ImageReference, partlyKnownTagAndDigest, refusedImage, workloadTypes } from "../../lib/kubernetes";

export default resourcePolicy(
  {
    id: "k8s-image-no-latest-tag",
    title: "No image uses the latest tag",
    description:
      "Flags every container, init container and image volume (whose image the kubelet pulls alike), and every image an operator's own container is given to run (RELATED_IMAGE_*, CloudNativePG's POSTGRES_IMAGE_NAME, Strimzi's STRIMZI_*_IMAGE(S), prometheus-operator's --prometheus-config-reloader), and every image an operator runs for an object it manages (CloudNativePG's clusters, their catalogs and extensions, and poolers; prometheus-operator's, Elastic's, Crunchy's, Zalando's, Strimzi's, Keycloak's and MinIO's objects: the object's field, else its catalog, its template or the operator's configuration where this configuration holds it, as policies/lib/operator-images.ts reads each), whose image is tagged \"latest\" without a digest, or has neither tag nor digest (which means \"latest\"); with a digest, the runtime pulls what it names. An image the kubelet refuses as an image reference is flagged too: its container never runs. An image known only in part is judged when its tag and digest are written after the part known only at apply (`${var.registry}/web:1.4.2`). An image the operator's own setting chooses (an object that names none) is not evaluable.",
    rationale:
      "With latest, what runs changes at every pull without any change to the code: no review, no scan, no way to tell which version processed the data.",
    remediation: "Reference the image with an explicit version tag, and preferably its digest.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "12.10"), cite("secnumcloud-3.2", "12.11"), cite("cis-kubernetes", "5.5.1 (image provenance)", "unverified")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [...workloadTypes, "kubernetes_manifest", helmReleaseType],
  eachImage(
    // A reference the kubelet refuses runs no image, but is no pass: its container never runs.
    (found) => (found.image ? latest(found.image, found) : refusedImage(found)),
    // What comes before a tag written after the part known only at apply (a registry, a repository's URL) leaves it.
    (found) => {
      const tagged = partlyKnownTagAndDigest(found.text);
      if (tagged === "refused") return [refusedImage(found, true)];
      return tagged && latest(tagged, found);
    },
  ),
);

/**
 * An image that runs "latest": tagged so without a digest, or with neither. With a digest, the runtime pulls the image
 * it names and drops the tag (distribution/reference ParseDockerRef, which containerd and CRI-O resolve references
 * with): what runs cannot change at a pull.
 */
function latest(image: Pick<ImageReference, "tag" | "digest">, { text, label, path }: { text: string; label: string; path: string }): Violation[] {
  if (image.tag === "latest" && image.digest === undefined) return [{ message: `${label}: image "${text}" uses the mutable tag "latest"`, path }];
  if (image.tag === undefined && image.digest === undefined)
    return [{ message: `${label}: image "${text}" has no tag and no digest, so it means "latest"`, path }];
  return [];
}
