import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { kubernetesEndOfLife, kubernetesMinor } from "../../lib/kubernetes-releases";
import { clusterTemplateType, label } from "../../lib/magnum";
import { isUnknown, literalString } from "../../lib/values";

/** The RKE2 version an instance's cloud-config installs (the install script's INSTALL_RKE2_VERSION). */
const rke2Version = (userData: unknown): string | undefined =>
  typeof userData === "string" ? /INSTALL_RKE2_VERSION="?(v\d+\.\d+\.\d+[^"\s]*)/.exec(userData)?.[1] : undefined;

export default resourcePolicy(
  {
    id: "kubernetes-version-supported",
    title: "The Kubernetes minor is in upstream support",
    description:
      "Flags Magnum cluster templates whose kube_tag, and instances whose cloud-config installs an RKE2 release, of a Kubernetes minor past its end of upstream support on the day of the check.",
    rationale: "A minor past its end of life gets no security fix: every vulnerability found afterwards stays open on the cluster that holds the health data.",
    remediation: "Move the region to a supported minor (kubernetes.version in the environment file) and upgrade the cluster.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "12.11.a"), cite("anssi", "Hygiene 34", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  [clusterTemplateType, "openstack_compute_instance_v2"],
  (resource, { settings }): Violation[] => {
    const written = resource.type === clusterTemplateType ? label(resource, "kube_tag") : rke2Version(resource.values.user_data);
    const path = resource.type === clusterTemplateType ? "labels.kube_tag" : "user_data";
    if (resource.type !== clusterTemplateType && written === undefined) return [];
    if (isUnknown(written)) return [{ message: "the Kubernetes version is not known before apply", path, outcome: "cannot-evaluate" }];
    const version = literalString(written);
    if (version === undefined) return [{ message: "kube_tag is not set: the driver falls back to an old default version", path }];
    const minor = kubernetesMinor(version);
    const endOfLife = minor === undefined ? undefined : kubernetesEndOfLife[minor];
    if (endOfLife === undefined) return [{ message: `no end-of-support date is known for ${version}`, path, outcome: "cannot-evaluate" }];
    return endOfLife < settings.today ? [{ message: `Kubernetes ${minor} (${version}) left upstream support on ${endOfLife}`, path }] : [];
  },
);
