import type { TfResource } from "../../engine/model";
import { cite, configurationPolicy, type Violation } from "../../engine/policy";
import { parseImage } from "../../lib/kubernetes";
import { type ChosenVersion, versionPastSupport } from "../../lib/kubernetes-releases";
import { settingsPath, talosConfigurations, talosMachines } from "../../lib/talos";
import {
  apiServerImage,
  type ContractedMachine,
  judgedAcrossContracts,
  kubeletImage,
  settingAt,
  settingName,
  configurationsRead,
} from "../../lib/talos-settings";

/**
 * Where a Talos cluster's Kubernetes version is chosen (terraform-provider-talos, docs/resources/cluster.md and
 * docs/data-sources/machine_configuration.md): talos_cluster's kubernetes_version, to which Talos's upgrade-k8s brings
 * the cluster; a machine configuration's kubernetes_version, the tag of the component images its nodes start with
 * (unset, the provider's own default, that of the Talos release it is built with, is not judged); and the images of
 * the kubelet (machine.kubelet.image; KubeletConfig's from Talos 1.14 on) and, on a control plane, of the API server
 * (cluster.apiServer.image; KubeAPIServerConfig's) that a machine's patches give in their place.
 */
const componentImages = [
  { setting: kubeletImage, controlPlaneOnly: false },
  { setting: apiServerImage, controlPlaneOnly: true },
] as const;

/** The version a resource's kubernetes_version chooses, where it sets one: null (a variable's default) leaves it unset, to the provider. */
const ownVersion = (resource: TfResource): ChosenVersion[] =>
  resource.values.kubernetes_version === undefined || resource.values.kubernetes_version === null
    ? []
    : [{ written: resource.values.kubernetes_version, path: "kubernetes_version" }];

/**
 * The Kubernetes versions of the component images a machine's patches give, read from their tags; where patches are
 * not known, one finding for the images they leave untold, with the patch as written.
 */
function imageVersions(machine: ContractedMachine): ChosenVersion[] {
  const path = settingsPath(machine);
  const untold = new Map<string, { written?: string; images: string[] }>();
  const told = componentImages.flatMap(({ setting, controlPlaneOnly }): ChosenVersion[] => {
    if (controlPlaneOnly && machine.machineType === "worker") return [];
    const image = settingName(machine, setting);
    const patched = settingAt(machine, setting);
    if ("notKnown" in patched) {
      const entry = untold.get(patched.notKnown) ?? { written: patched.written, images: [] };
      untold.set(patched.notKnown, { ...entry, images: [...entry.images, image] });
      return [];
    }
    if (patched.value === undefined) return [];
    const tag = typeof patched.value === "string" ? parseImage(patched.value)?.tag : undefined;
    if (tag === undefined) return [{ written: undefined, path, unread: `${image} ${String(patched.value)} has no tag to read a Kubernetes version from` }];
    return [{ written: tag, path, source: `${image} ${patched.value}` }];
  });
  const notKnown = [...untold].map(([why, { written, images }]) => ({
    written,
    path,
    unread: `${why}: the Kubernetes version of ${images.join(" and ")} cannot be told`,
  }));
  return [...notKnown, ...told];
}

export default configurationPolicy(
  {
    id: "talos-kubernetes-version-supported",
    title: "A Talos cluster's Kubernetes minor is in upstream support",
    description: `Flags the Kubernetes versions a Talos cluster chooses (the siderolabs/talos provider) that give a minor past its end of upstream support on the day of the check: talos_cluster's kubernetes_version, to which upgrade-k8s brings the cluster; a machine configuration's kubernetes_version (talos_machine_configuration, or v0.1's _controlplane and _worker), the version of the images its nodes start with; and the tag of the kubelet's image (machine.kubelet.image) and, on a control plane, the API server's (cluster.apiServer.image) that the patches of a configuration, and of the talos_machine_configuration_apply that applies it, give in their place. A configuration that leaves kubernetes_version to the provider is not judged; a version known only at apply, an image without a tag or a patch known only at apply is not evaluable. ${configurationsRead}`,
    rationale: "A minor past its end of life gets no security fix: every vulnerability found afterwards stays open on the cluster that holds the health data.",
    remediation:
      "Move the cluster to a supported minor: talos_cluster's kubernetes_version (upgrade-k8s), with the machine configurations' kubernetes_version kept in step, and no older component image in their patches.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "12.11.a"), cite("anssi", "Hygiene 34", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  (_configuration, { graph, settings }): Violation[] => {
    const judged = (about: TfResource, chosen: ChosenVersion[]): Violation[] =>
      chosen.flatMap((version) => versionPastSupport(version, settings.today).map((violation) => ({ ...violation, address: about.address })));
    return [
      ...graph.ofType(["talos_cluster", ...talosConfigurations]).flatMap((resource) => judged(resource, ownVersion(resource))),
      ...talosMachines(graph).flatMap((machine) => judgedAcrossContracts(machine, (contracted) => judged(machine.about, imageVersions(contracted)))),
    ];
  },
);
