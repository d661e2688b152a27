import { Release } from "@cdktf/provider-helm/lib/release";
import { type ITerraformDependable, Lazy } from "cdktf";
import { Construct } from "constructs";
import type { SecureNamespace } from "./secure-namespace";

/**
 * The well-known components the platform installs, each from its upstream chart mirrored into the region's registry
 * (an OCI repository): chart, version and where it comes from. Upgrading a component is a reviewed change here; the
 * region's registry must hold that chart version and the images the environment pins by digest.
 */
export const components = {
  traefik: {
    chart: "traefik",
    version: "37.3.0",
    appVersion: "v3.6.0",
    upstream: "https://github.com/traefik/traefik-helm-chart",
    affinities: [["affinity"]],
  },
  certManager: {
    chart: "cert-manager",
    version: "v1.19.1",
    appVersion: "v1.19.1",
    upstream: "https://github.com/cert-manager/cert-manager",
    affinities: [["affinity"], ["webhook", "affinity"], ["cainjector", "affinity"], ["startupapicheck", "affinity"]],
  },
  oauth2Proxy: {
    chart: "oauth2-proxy",
    version: "8.3.2",
    appVersion: "v7.12.0",
    upstream: "https://github.com/oauth2-proxy/manifests",
    affinities: [["affinity"]],
  },
  cloudnativePg: {
    chart: "cloudnative-pg",
    version: "0.26.1",
    appVersion: "1.27.1",
    upstream: "https://github.com/cloudnative-pg/charts",
    affinities: [["affinity"]],
  },
  velero: { chart: "velero", version: "11.1.1", appVersion: "v1.17.0", upstream: "https://github.com/vmware-tanzu/helm-charts", affinities: [["affinity"]] },
  raw: { chart: "raw", version: "2.0.0", appVersion: "2.0.0", upstream: "https://github.com/bedag/helm-charts/tree/master/charts/raw", affinities: [] },
  openstackCloudControllerManager: {
    chart: "openstack-cloud-controller-manager",
    version: "2.34.1",
    appVersion: "v1.34.1",
    upstream: "https://github.com/kubernetes/cloud-provider-openstack/tree/master/charts/openstack-cloud-controller-manager",
    // On the servers only (the platform's nodeSelector), and only on RKE2, whose workspaces' nodes are tainted.
    affinities: [],
  },
  openstackCinderCsi: {
    chart: "openstack-cinder-csi",
    version: "2.34.1",
    appVersion: "v1.34.1",
    upstream: "https://github.com/kubernetes/cloud-provider-openstack/tree/master/charts/cinder-csi-plugin",
    // Only on RKE2, whose workspaces' nodes are tainted; its node plugin runs on every node.
    affinities: [],
  },
} as const;

export type ComponentName = keyof typeof components;

/** An image reference pinned by digest: tags move, digests do not. */
export const pinnedDigest = /^[a-z0-9.-]+(:\d+)?\/[a-z0-9._/-]+@sha256:[0-9a-f]{64}$/;

/** Splits registry/path@sha256:digest into what charts usually ask for. */
export function imageParts(image: string): { registry: string; repository: string; digest: string; fullRepository: string } {
  const [name, digest] = image.split("@") as [string, string];
  const slash = name.indexOf("/");
  return { registry: name.slice(0, slash), repository: name.slice(slash + 1), digest, fullRepository: name };
}

export interface HelmComponentProps {
  readonly component: ComponentName;
  /** OCI repository of the region's mirrored charts, such as oci://registry.region.example.fr/charts. */
  readonly chartRepository: string;
  readonly namespace: SecureNamespace;
  /** Release name. @default - the chart's name */
  readonly name?: string;
  /** Chart values, written as one YAML document when the stack is synthesized (so later additions are included). */
  readonly values: Record<string, unknown>;
  /** Every image the values point at, each of which must be pinned by digest. */
  readonly images: readonly string[];
  /** Releases that must be installed first (an operator before its custom resources). @default - none */
  readonly dependsOn?: readonly ITerraformDependable[];
  /**
   * A node label (the workspaces') whose nodes the chart's pods, where it lets them be placed (the component's
   * `affinities`), must keep off: on Magnum the workspaces' nodes carry no taint (magnum-cluster-api sets node groups'
   * labels only, resources.py mutate_machine_deployment), and a controller's token next to researchers' code is one
   * escape away. @default - none
   */
  readonly avoidNodes?: readonly [string, string];
}

/** A node affinity that keeps pods off the nodes with a label, as pod specs and charts' `affinity` values write it. */
export const nodeAffinityAvoiding = ([key, value]: readonly [string, string]) => ({
  requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key, operator: "NotIn", values: [value] }] }] },
});

/** The values with the affinity that avoids `label` written at each of `paths` (["webhook", "affinity"]). */
function withAffinity(values: Record<string, unknown>, paths: readonly (readonly string[])[], label: readonly [string, string]): Record<string, unknown> {
  const result = structuredClone(values);
  for (const path of paths) {
    let at: Record<string, unknown> = result;
    for (const key of path.slice(0, -1)) {
      at[key] ??= {};
      at = at[key] as Record<string, unknown>;
    }
    at[path.at(-1)!] = { nodeAffinity: nodeAffinityAvoiding(label) };
  }
  return result;
}

/**
 * One well-known component installed with Helm from the region's own registry: chart version pinned, images pinned by
 * digest, nothing pulled from the Internet at deploy time. Atomic, so a failed upgrade rolls back.
 */
export class HelmComponent extends Construct {
  readonly release: Release;
  /** The image tag charts expect, with the digest that pins it: <appVersion>@sha256:... */
  static tagOf(component: ComponentName, image: string): string {
    return `${components[component].appVersion}@${imageParts(image).digest}`;
  }

  constructor(scope: Construct, id: string, props: HelmComponentProps) {
    super(scope, id);
    const { chart, version } = components[props.component];
    this.node.addValidation({
      validate: () =>
        props.images.filter((image) => !pinnedDigest.test(image)).map((image) => `${props.component}: image ${image} is not pinned by digest in a registry`),
    });
    this.release = new Release(this, "Release", {
      name: props.name ?? chart,
      namespace: props.namespace.name,
      repository: props.chartRepository,
      chart,
      version,
      atomic: true,
      cleanupOnFail: true,
      wait: true,
      // JSON is YAML to the Helm provider, which reads each values document with sigs.k8s.io/yaml
      // (terraform-provider-helm, helm/resource_helm_release.go getValues); and the policies read JSON back fastest.
      values: [
        Lazy.stringValue({
          produce: () => {
            const { affinities } = components[props.component];
            return JSON.stringify(props.avoidNodes ? withAffinity(props.values, affinities, props.avoidNodes) : props.values);
          },
        }),
      ],
      dependsOn: [props.namespace.resource, ...(props.dependsOn ?? [])],
    });
  }
}

/**
 * Custom resources of the platform (issuers, certificates, middlewares, the database cluster, its databases and
 * backups), installed as one release of the well-known `raw` chart after the operators that define them: a custom
 * resource cannot be planned before its definition exists, and the operators' charts bring the definitions.
 */
export class CustomResources extends Construct {
  private readonly manifests: Record<string, unknown>[] = [];
  readonly component: HelmComponent;

  constructor(scope: Construct, id: string, props: Omit<HelmComponentProps, "component" | "values" | "images" | "name">) {
    super(scope, id);
    this.component = new HelmComponent(this, "Release", {
      ...props,
      component: "raw",
      name: "eds-resources",
      values: { resources: this.manifests },
      images: [],
    });
  }

  /** Adds a manifest; its metadata.namespace says where it goes. */
  add(manifest: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } } & Record<string, unknown>): void {
    this.manifests.push(manifest);
  }

  /** The manifests added so far, for tests and reviews. */
  get all(): readonly Record<string, unknown>[] {
    return this.manifests;
  }
}
