import { cite, resourcePolicy } from "../../engine/policy";
import { helmReleaseType } from "../../lib/helm";
import { eachImage } from "../../lib/images";
import { fromAllowedRegistry, type ImageReference, partlyKnownRegistry, refusedImage, workloadTypes } from "../../lib/kubernetes";
import type { Violation } from "../../engine/policy";

/** The violation of an image whose registry is not allowed, or none. */
function notAllowed(
  text: string,
  image: Pick<ImageReference, "registry" | "host" | "implicitRegistry">,
  path: string,
  label: string,
  allowed: readonly string[],
): Violation[] {
  if (fromAllowedRegistry(image, allowed)) return [];
  const origin = image.implicitRegistry ? "names no registry, so it is pulled from docker.io" : `comes from ${image.registry}`;
  return [{ message: `${label}: image "${text}" ${origin}, not an allowed registry (${allowed.join(", ") || "none declared"})`, path }];
}

export default resourcePolicy(
  {
    id: "k8s-image-allowed-registry",
    title: "Images come only from the allowed registries",
    description:
      "Flags every container, init container and image volume (whose image the kubelet pulls alike), and every image an operator's own container is given to run (RELATED_IMAGE_*, CloudNativePG's POSTGRES_IMAGE_NAME, Strimzi's STRIMZI_*_IMAGE(S), prometheus-operator's --prometheus-config-reloader), and every image an operator runs for an object it manages (CloudNativePG's clusters, their catalogs and extensions, and poolers; prometheus-operator's, Elastic's, Crunchy's, Zalando's, Strimzi's, Keycloak's and MinIO's objects: the object's field, else its catalog, its template or the operator's configuration where this configuration holds it, as policies/lib/operator-images.ts reads each), whose image registry host is not exactly one of settings.allowedRegistries (a port after the host is accepted, a look-alike host is not); an image that names no registry comes from docker.io and fails, and so does one the kubelet refuses as an image reference (its container never runs). An image known only in part is judged when its registry is known (`registry.example.fr/app:${var.tag}`). An image the operator's own setting chooses (an object that names none) is not evaluable.",
    rationale:
      "Our registry is where images are scanned and kept inside the EU; an image pulled from anywhere else escapes both checks, and a look-alike host is a classic supply-chain trap.",
    remediation: "Mirror the image into an allowed registry and reference it there with its full host name.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "12.10"), cite("secnumcloud-3.2", "19.2.d"), cite("cis-kubernetes", "5.5.1 (image provenance)", "unverified")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [...workloadTypes, "kubernetes_manifest", helmReleaseType],
  eachImage(
    (found, { settings }) => (found.image ? notAllowed(found.text, found.image, found.path, found.label, settings.allowedRegistries) : refusedImage(found)),
    // A tag known only at apply does not change the registry.
    (found, { settings }) => {
      const registry = partlyKnownRegistry(found.text);
      if (registry === "refused") return [refusedImage(found, true)];
      return registry && notAllowed(found.text, registry, found.path, found.label, settings.allowedRegistries);
    },
  ),
);
