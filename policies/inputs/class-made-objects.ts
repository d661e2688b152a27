import type { TfConfiguration, TfResource } from "../engine/model";
import { asClassesMakeThem } from "../lib/cluster-class";
import { placeOf } from "../lib/helm";
import { isMap, pathSegments, segmentsPath } from "../lib/values";
import { capoSecurityGroupRules } from "./capo-security-groups";
import { kubeadmStaticPods } from "./static-pod-manifests";
import { controlPlaneManifests } from "./control-plane-manifests";

/**
 * What Cluster API's controllers make of an object: the security group rules CAPO manages, the static pods kubeadm's
 * files run, the objects K3s's and RKE2's servers apply from their control plane's files.
 */
const madeOf = (resource: TfResource): TfResource[] => [
  ...capoSecurityGroupRules(resource),
  ...kubeadmStaticPods(resource),
  ...controlPlaneManifests(resource),
];

/**
 * A configuration with what Cluster API makes of each template a ClusterClass among it patches (madeOf) as the class
 * makes it (asClassesMakeThem), in place of what it makes of the template as written: at the template's address
 * followed by what makes it (`OpenStackClusterTemplate/c/t (as ClusterClass c/k makes it for Cluster c/one)`), a
 * finding on what a patch writes (a bastion it adds, a static pod file) pointing at the patch's line, where it is mended.
 */
export function withClassMadeObjects(configuration: TfConfiguration): TfConfiguration {
  const manifests = configuration.resources.filter(
    (resource) => resource.type === "kubernetes_manifest" && resource.mode === "managed" && isMap(resource.values.manifest),
  );
  const made = asClassesMakeThem(
    manifests.map((resource) => ({ manifest: resource.values.manifest as Record<string, unknown>, resource, path: "manifest" as const })),
  ).filter(({ madeBy }) => madeBy !== undefined);
  if (made.length === 0) return configuration;
  const replaced = new Set(made.flatMap(({ resource }) => madeOf(resource).map(({ address }) => address)));
  const objects = made.flatMap(({ resource, manifest, madeBy, writtenBy }) =>
    madeOf({
      ...resource,
      address: `${resource.address} (${madeBy})`,
      values: { ...resource.values, manifest },
      written: (path) => {
        const elsewhere = writtenBy?.(pathSegments(path).slice(1));
        const written = elsewhere ? elsewhere.applied.resource.written?.(placeOf(elsewhere.applied, segmentsPath(elsewhere.field))) : resource.written?.(path);
        return written ?? { path };
      },
    }),
  );
  if (objects.length === 0 && replaced.size === 0) return configuration;
  return { ...configuration, resources: [...configuration.resources.filter(({ address }) => !replaced.has(address)), ...objects] };
}
