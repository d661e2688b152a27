import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { helmReleaseType } from "../../lib/helm";
import { eachImage } from "../../lib/images";
import { isSha256Digest, partlyKnownTagAndDigest, refusedImage, workloadTypes } from "../../lib/kubernetes";

export default resourcePolicy(
  {
    id: "k8s-image-pinned-digest",
    title: "Images are pinned by their sha256 digest",
    description:
      "Flags every container, init container and image volume (whose image the kubelet pulls alike), and every image an operator's own container is given to run (RELATED_IMAGE_*, CloudNativePG's POSTGRES_IMAGE_NAME, Strimzi's STRIMZI_*_IMAGE(S), prometheus-operator's --prometheus-config-reloader), and every image an operator runs for an object it manages (CloudNativePG's clusters, their catalogs and extensions, and poolers; prometheus-operator's, Elastic's, Crunchy's, Zalando's, Strimzi's, Keycloak's and MinIO's objects: the object's field, else its catalog, its template or the operator's configuration where this configuration holds it, as policies/lib/operator-images.ts reads each), whose image reference does not end in @sha256:<64 hex digits>, or is one the kubelet refuses (its container never runs). An image known only in part is judged when its digest, or a tag without one, is written after the part known only at apply. An image the operator's own setting chooses (an object that names none) is not evaluable.",
    rationale: "A tag can be moved to other content at any time; only a digest guarantees that what runs is the image that was scanned and approved.",
    remediation: "Reference the image as registry/repository:tag@sha256:<digest> with the digest of the scanned image.",
    severity: "medium",
    references: [cite("secnumcloud-3.2", "12.11"), cite("secnumcloud-3.2", "12.10"), cite("cis-kubernetes", "5.5.1 (image provenance)", "unverified")],
    enforcementLevel: "advisory",
    onUnknown: "cannot-evaluate",
  },
  [...workloadTypes, "kubernetes_manifest", helmReleaseType],
  eachImage(
    (found) => (found.image ? unpinned(found.image.digest, found) : refusedImage(found)),
    // A digest written after the part known only at apply (a registry, a repository's URL) is the image's.
    (found) => {
      const tagged = partlyKnownTagAndDigest(found.text);
      if (tagged === "refused") return [refusedImage(found, true)];
      return tagged && unpinned(tagged.digest, found);
    },
  ),
);

/** An image whose digest is not a full sha256 one, or that has none. */
function unpinned(digest: string | undefined, { text, label, path }: { text: string; label: string; path: string }): Violation[] {
  if (isSha256Digest(digest)) return [];
  const written = digest === undefined ? "has no digest" : `has digest "${digest}", not a sha256 digest (sha256: and 64 lower-case hexadecimal digits)`;
  return [{ message: `${label}: image "${text}" ${written}`, path }];
}
