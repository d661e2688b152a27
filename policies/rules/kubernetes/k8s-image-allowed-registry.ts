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
      "Flags every container, init container and image volume (whose image the kubelet pulls alike), and every image an operator runs from an object (a CloudNativePG Cluster's imageName, else the entry for its major in the ImageCatalog it names, and its extensions' image volumes; a Pooler's PgBouncer image, from its template, its spec or its catalog, and its template's other containers; the product of an object of Elastic's operator, from its template's container of the product's name, else spec.image; the PostgreSQL, backup and pooler images and the sidecars of Crunchy's and Zalando's clusters, from their fields, else from the operator's configuration where this configuration holds it; the images of Strimzi's Kafka components, Kafka Connect, MirrorMaker 2 and bridge; a Prometheus's, PrometheusAgent's, Alertmanager's or ThanosRuler's image, a Prometheus's Thanos sidecar's, else the one the operator builds from the deprecated baseImage, sha, tag and version; the containers they add), whose image registry host is not exactly one of settings.allowedRegistries (a port after the host is accepted, a look-alike host is not); an image that names no registry comes from docker.io and fails, and so does one the kubelet refuses as an image reference (its container never runs). An image known only in part is judged when its registry is known (`registry.example.fr/app:${var.tag}`). An image the operator's own setting chooses (a Cluster with neither imageName nor catalog, a Pooler naming no PgBouncer image, an object with neither image nor baseImage, an Elastic object naming no image) is not evaluable.",
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
