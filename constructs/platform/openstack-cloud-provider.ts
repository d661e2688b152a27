import { Construct } from "constructs";
import { rke2ServerNodes } from "../kubernetes/defaults";
import { declareException } from "../exceptions";
import { deployTimeSecrets, requireSecret } from "./deploy-time-secrets";
import { HelmComponent, imageParts } from "./helm-component";
import { Peer, type SecureNamespace } from "./secure-namespace";

export interface OpenStackCloudProviderProps {
  readonly namespace: SecureNamespace;
  readonly chartRepository: string;
  readonly apiServerCidr: string;
  readonly apis: { readonly identity: string; readonly otherApis: string };
  readonly images: { readonly cloudControllerManager: string; readonly cinderCsiPlugin: string; readonly cinderCsiSidecars: CinderCsiSidecarImages };
}

/**
 * The Kubernetes CSI sidecars the Cinder CSI chart runs beside its plugin, by their key under `csi`, with the tag its
 * values.yaml names (openstack-cinder-csi 2.34.1): the chart pulls them from registry.k8s.io otherwise, which a region
 * cannot reach, and by tag.
 */
export const cinderCsiSidecarTags = {
  attacher: "v4.10.0",
  provisioner: "v5.3.0",
  snapshotter: "v8.3.0",
  resizer: "v1.14.0",
  livenessprobe: "v2.17.0",
  nodeDriverRegistrar: "v2.15.0",
} as const;

/** The region's copy of each sidecar, pinned by digest. */
export type CinderCsiSidecarImages = Readonly<Record<keyof typeof cinderCsiSidecarTags, string>>;

/**
 * What Magnum's driver brings and a cluster built from instances lacks: the OpenStack cloud controller manager
 * (Services of type LoadBalancer become Octavia load balancers) and the Cinder CSI driver (volumes of the encrypted
 * storage class), from kubernetes/cloud-provider-openstack. Both read the Secret `cloud-config` (an application
 * credential), created at deploy time.
 */
export class OpenStackCloudProvider extends Construct {
  readonly controllerManager: HelmComponent;
  readonly cinderCsi: HelmComponent;

  constructor(scope: Construct, id: string, props: OpenStackCloudProviderProps) {
    super(scope, id);
    requireSecret(this, props.namespace.name, deployTimeSecrets.cloudProvider);
    const occm = imageParts(props.images.cloudControllerManager);
    const csi = imageParts(props.images.cinderCsiPlugin);
    this.controllerManager = new HelmComponent(this, "ControllerManager", {
      component: "openstackCloudControllerManager",
      chartRepository: props.chartRepository,
      namespace: props.namespace,
      images: [props.images.cloudControllerManager],
      values: {
        image: { repository: occm.fullRepository, tag: HelmComponent.tagOf("openstackCloudControllerManager", props.images.cloudControllerManager) },
        secret: { enabled: true, create: false, name: deployTimeSecrets.cloudProvider.name },
        // The chart selects control-plane nodes by an empty label value and tolerates only NoSchedule taints
        // (values.yaml, 2.34.1): RKE2 labels its servers "true", and the platform taints them NoExecute.
        nodeSelector: { [rke2ServerNodes.label.key]: rke2ServerNodes.label.value },
        tolerations: [
          { key: "node.cloudprovider.kubernetes.io/uninitialized", value: "true", effect: "NoSchedule" },
          { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" },
          { key: rke2ServerNodes.taint.key, operator: "Exists", effect: rke2ServerNodes.taint.effect },
        ],
      },
    });
    this.cinderCsi = new HelmComponent(this, "CinderCsi", {
      component: "openstackCinderCsi",
      chartRepository: props.chartRepository,
      namespace: props.namespace,
      images: [props.images.cinderCsiPlugin, ...Object.values(props.images.cinderCsiSidecars)],
      values: {
        csi: {
          plugin: { image: { repository: csi.fullRepository, tag: HelmComponent.tagOf("openstackCinderCsi", props.images.cinderCsiPlugin) } },
          ...Object.fromEntries(
            Object.entries(cinderCsiSidecarTags).map(([key, tag]) => {
              const image = imageParts(props.images.cinderCsiSidecars[key as keyof typeof cinderCsiSidecarTags]);
              return [key, { image: { repository: image.fullRepository, tag: `${tag}@${image.digest}` } }];
            }),
          ),
        },
        secret: { enabled: true, create: false, name: deployTimeSecrets.cloudProvider.name },
        storageClass: { enabled: false },
      },
    });
    declareException(props.namespace.resource, {
      id: "cloud-provider-namespace",
      policy: "k8s-namespace-restricted-pss",
      reason: "the Cinder CSI node plugin attaches the nodes' block devices, which only a privileged pod can do",
    });
    // These bound the Cinder CSI controller only. The controller manager and the CSI node plugin run on the host's
    // network (the charts' daemonset.yaml and nodeplugin-daemonset.yaml at 2.34.1: hostNetwork), where no NetworkPolicy
    // applies: the nodes' security groups bound what they reach, with the node's own reach.
    props.namespace.allowEgress("to-api-server", Peer.cidrs(props.apiServerCidr), {
      ports: [{ port: 6443 }],
      why: "The controllers watch Services, nodes and volumes",
    });
    props.namespace.allowEgress("to-openstack", Peer.cidrs(props.apis.identity, props.apis.otherApis), {
      ports: [{ port: 443 }],
      why: "Octavia load balancers and Cinder volumes, with a token from Keystone",
    });
  }
}
