import { Construct } from "constructs";
import { ContainerinfraClusterV1 } from "../../.gen/providers/openstack/containerinfra-cluster-v1/index";
import { ContainerinfraClustertemplateV1 } from "../../.gen/providers/openstack/containerinfra-clustertemplate-v1/index";
import { ContainerinfraNodegroupV1 } from "../../.gen/providers/openstack/containerinfra-nodegroup-v1/index";
import { DataOpenstackImagesImageV2 } from "../../.gen/providers/openstack/data-openstack-images-image-v2/index";
import type { INetwork } from "../network/isolated-network";
import { ReplacementTrigger } from "../replacement-trigger";
import { coreDnsCorefile } from "./cluster-dns";
import { deployersBinding, type ExecCredential, type IKubernetesCluster, type OidcSettings, oidcLogin } from "./cluster";
import { clusterNetworks, kubernetesDefaults, workspacesNodeLabel } from "./defaults";

export interface NodeGroupSpec {
  readonly name: string;
  readonly count: number;
  readonly flavor: string;
  /** Magnum role, used to schedule workloads. @default - the group name */
  readonly role?: string;
}

export interface MagnumClusterProps {
  readonly namePrefix: string;
  readonly network: INetwork;
  /** Glance name of an image built for magnum-cluster-api (capo-image-elements) with the Kubernetes version. */
  readonly image: string;
  /** The image's os_distro property: magnum-cluster-api registers ubuntu, debian, flatcar and rockylinux. */
  readonly imageOsDistro: "ubuntu" | "debian" | "flatcar" | "rockylinux";
  /** Encrypted volume type for boot and etcd volumes of every node. */
  readonly volumeType: string;
  readonly controlPlaneFlavor: string;
  /** The first group is the cluster's default group; the others become Magnum node groups. */
  readonly nodeGroups: readonly NodeGroupSpec[];
  /** Registry and path every system image is pulled from, such as registry.region.example.fr/magnum. */
  readonly imageRepository: string;
  readonly oidc: OidcSettings;
  /** @default "v1.35.5" */
  readonly version?: string;
  /** @default 3 */
  readonly controlPlaneCount?: number;
  /** @default 50 */
  readonly nodeVolumeSizeGiB?: number;
  /**
   * Days of Kubernetes API audit logs kept on the control plane before shipping.
   * @default 30
   */
  readonly auditLogMaxAgeDays?: number;
  /**
   * The names outside the cluster its pods may resolve (resolvableNames), through the region's resolvers. The resolvers
   * are also the template's `dns_nameserver`, which the driver requires: it splits it for every cluster
   * (magnum-cluster-api v0.38.1 resources.py, dnsNameservers) and Magnum sets none by default, so a template without
   * it fails every cluster. The driver hands them only to networks it creates; the nodes, on the region's subnet, get
   * the subnet's.
   */
  readonly resolvable: { readonly names: readonly string[]; readonly resolvers: readonly string[] };
}

/**
 * A Kubernetes cluster from Magnum's maintained Cluster API driver (vexxhost magnum-cluster-api; the Heat/Fedora
 * CoreOS driver was removed upstream in openstack/magnum 31b84327, 2026-04-20). Only labels that driver reads are set
 * (magnum_cluster_api/utils.py, resources.py and src/magnum.rs at v0.38.1; policy magnum-labels-known checks them):
 * private API behind an Octavia load balancer without floating IP, no floating IP on nodes, boot and etcd volumes of
 * an encrypted type, API audit logging, OIDC on the API server, every system image from the regional registry.
 *
 * The driver's nodes get Cluster API's own security groups (CAPO: 6443 and NodePorts open inside the network) and no
 * SSH: the nodes have no floating IP and the router no inbound path, so those rules are reachable only from inside the
 * region's network. A cloud that needs our own node groups uses the instance path (Rke2Cluster).
 *
 * The driver passes the API server no encryption configuration and reads no label for one (vexxhost/magnum-cluster-api
 * at 3890a36, 2026-07-23: no encryption-provider-config nor EncryptionConfiguration in its ClusterClass, its kubeadm
 * configuration or its Rust sources): Secrets are stored in etcd as they are, on the encrypted etcd volume. Rke2Cluster
 * encrypts them.
 *
 * Upgrades: the template's construct id carries the version, so a new version creates a new template and the cluster
 * moves to it (cluster_template_id is updated in place, an upgrade); Magnum refuses changes to a template a cluster
 * still uses (magnum/db/sqlalchemy/api.py, ClusterTemplateReferenced). An upgrade changes kube_tag only
 * (magnum_cluster_api/driver.py, upgrade_cluster): the other labels are read when the cluster is created, and never
 * after. A change to them would pass the policies, which judge the labels written, while the cluster kept its own; so
 * it replaces the cluster (replace_triggered_by), which prevent_destroy refuses: the plan fails, and names it.
 */
export class MagnumCluster extends Construct implements IKubernetesCluster {
  readonly template: ContainerinfraClustertemplateV1;
  readonly resource: ContainerinfraClusterV1;
  readonly nodeGroups: readonly ContainerinfraNodegroupV1[];
  readonly volumeType: string;
  readonly deployerCredential: ExecCredential;
  readonly firstApplySteps: readonly string[];
  readonly engine = "magnum-cluster-api";
  readonly dnsCorefile: string;
  /** The driver mounts /var/log/kubernetes/audit of the control-plane nodes as the API server's audit folder (src/features/audit_log.rs). */
  readonly auditLogDirectory = "/var/log/kubernetes/audit";
  readonly nodeCount: number;
  readonly nodeTaints = [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }];
  readonly workspacesNodes = { label: workspacesNodeLabel["magnum-cluster-api"] };

  constructor(scope: Construct, id: string, props: MagnumClusterProps) {
    super(scope, id);
    const [defaultGroup, ...extraGroups] = props.nodeGroups;
    if (!defaultGroup) throw new Error(`${this.node.path}: nodeGroups must list at least one node group`);
    if (props.resolvable.resolvers.length === 0)
      throw new Error(`${this.node.path}: Magnum's Cluster API driver needs the region's resolvers (provider.dnsNameservers) for its template`);
    const version = props.version ?? kubernetesDefaults.version;
    const volumeSize = props.nodeVolumeSizeGiB ?? kubernetesDefaults.nodeVolumeSizeGiB;
    this.volumeType = props.volumeType;

    // The image is looked up with the os_distro Magnum selects the driver by: a wrong image fails at plan, not in Magnum.
    const image = new DataOpenstackImagesImageV2(this, "Image", { name: props.image, mostRecent: true, properties: { os_distro: props.imageOsDistro } });
    const oidc = props.oidc;
    // Label values are strings: the driver parses booleans strictly and integers with validate_integer.
    const labels: Record<string, string> = {
      kube_tag: version,
      container_infra_prefix: props.imageRepository,
      master_lb_floating_ip_enabled: "false",
      // The driver reads the pool of the template's network driver: calico_ipv4pool or cilium_ipv4pool (resources.py).
      [`${kubernetesDefaults.networkDriver}_ipv4pool`]: clusterNetworks.pods,
      service_cluster_ip_range: clusterNetworks.services,
      boot_volume_type: props.volumeType,
      boot_volume_size: String(volumeSize),
      etcd_volume_type: props.volumeType,
      etcd_volume_size: "20",
      cinder_csi_enabled: "true",
      // The driver installs the Manila CSI plugins, privileged on every node, wherever the cloud offers Manila (its
      // default is "true": v0.38.1 src/magnum.rs, integrations/manila.py); the platform mounts no share.
      manila_csi_enabled: "false",
      // The entrance admits the load balancer's own address (externalTrafficPolicy Local, a NetworkPolicy on the DMZ):
      // the amphora provider's, which Octavia enables by default (octavia/common/config.py, enabled_provider_drivers).
      // The driver's own default, amphorav2, is no provider a default Octavia knows (magnum-cluster-api utils.py).
      octavia_provider: "amphora",
      // Keystone would be a second source of identities, unprefixed, that the access model does not govern, and with
      // the driver's application credential on every node (magnum-cluster-api: keystone_auth.rs, driver.py):
      // everyone, the deployers included, signs in through the identity provider.
      keystone_auth_enabled: "false",
      auto_healing_enabled: "true",
      audit_log_enabled: "true",
      // The driver reads audit_log_max_age/_max_backup/_max_size (resources.py), whatever labels.md spells.
      audit_log_max_age: String(props.auditLogMaxAgeDays ?? 30),
      audit_log_max_backup: "10",
      audit_log_max_size: "100",
      oidc_issuer_url: oidc.issuerUrl,
      oidc_client_id: oidc.clientId,
      oidc_username_claim: oidc.usernameClaim ?? "email",
      oidc_groups_claim: oidc.groupsClaim ?? "groups",
      oidc_groups_prefix: oidc.groupsPrefix,
    };
    this.template = new ContainerinfraClustertemplateV1(this, `Template-${version.replace(/\W/g, "-")}`, {
      name: `${props.namePrefix}-kubernetes-${version}`,
      coe: "kubernetes",
      image: image.id,
      flavor: defaultGroup.flavor,
      masterFlavor: props.controlPlaneFlavor,
      externalNetworkId: props.network.externalNetworkId,
      fixedNetwork: props.network.networkId,
      fixedSubnet: props.network.subnetId("nodes"),
      dnsNameserver: props.resolvable.resolvers.join(","),
      networkDriver: kubernetesDefaults.networkDriver,
      volumeDriver: "cinder",
      floatingIpEnabled: false,
      masterLbEnabled: true,
      tlsDisabled: false,
      public: false,
      hidden: false,
      registryEnabled: false,
      labels,
      lifecycle: { createBeforeDestroy: true },
    });
    const { kube_tag: _upgradable, ...creationLabels } = labels;
    const readAtCreation = new ReplacementTrigger(this, "LabelsReadAtCreation", creationLabels);
    this.deployerCredential = oidcLogin(oidc);
    // kubeadm installs CoreDNS with `forward . /etc/resolv.conf` (kubeadm, phases/addons/dns), and the driver keeps it
    // (magnum-cluster-api only moves its image to the regional registry): the platform replaces its Corefile.
    this.dnsCorefile = coreDnsCorefile(props.resolvable.names, props.resolvable.resolvers);
    // The driver's only administrator at creation is Magnum's certificate (openstack coe cluster config): once, from
    // the bastion, it binds the deployers' group, and is deleted. The client writes the key inline in `config` with
    // Python's open(), so under the caller's umask, into a folder it does not create (python-magnumclient,
    // magnumclient/common/utils.py _config_cluster_kubernetes): a private folder of its own, made first, keeps the key
    // from the bastion's other administrators.
    const binding = deployersBinding(oidc);
    this.firstApplySteps = [
      "The cluster's only administrator is the certificate Magnum gives to whoever asks for it. Once, from the bastion,",
      "bind the deployers' group with it, then delete it:",
      "",
      "```sh",
      "umask 077",
      "bootstrap=$(mktemp -d)",
      `openstack coe cluster config ${props.namePrefix}-kubernetes --dir "$bootstrap"`,
      `KUBECONFIG="$bootstrap/config" kubectl create clusterrolebinding ${binding.metadata.name} --clusterrole=${binding.roleRef.name} --group=${binding.subjects[0]!.name}`,
      'rm -r "$bootstrap"',
      "```",
    ];
    this.nodeCount = (props.controlPlaneCount ?? kubernetesDefaults.controlPlaneCount) + props.nodeGroups.reduce((sum, group) => sum + group.count, 0);
    this.resource = new ContainerinfraClusterV1(this, "Resource", {
      name: `${props.namePrefix}-kubernetes`,
      clusterTemplateId: this.template.id,
      masterCount: props.controlPlaneCount ?? kubernetesDefaults.controlPlaneCount,
      nodeCount: defaultGroup.count,
      flavor: defaultGroup.flavor,
      masterFlavor: props.controlPlaneFlavor,
      fixedNetwork: props.network.networkId,
      fixedSubnet: props.network.subnetId("nodes"),
      floatingIpEnabled: false,
      masterLbEnabled: true,
      mergeLabels: true,
      labels: { master_lb_floating_ip_enabled: "false" },
      lifecycle: { preventDestroy: true, replaceTriggeredBy: [readAtCreation.address] },
    });
    this.nodeGroups = extraGroups.map(
      (group) =>
        new ContainerinfraNodegroupV1(this, `NodeGroup-${group.name}`, {
          clusterId: this.resource.id,
          name: group.name,
          nodeCount: group.count,
          flavorId: group.flavor,
          role: group.role ?? group.name,
          mergeLabels: true,
          labels: { boot_volume_type: props.volumeType, boot_volume_size: String(volumeSize) },
        }),
    );
  }

  /** URL of the private API (reachable from the nodes subnet and the bastion only). */
  get apiEndpoint(): string {
    return this.resource.apiAddress;
  }

  /** CA certificate of the API: public, needed by clients to verify the API's TLS certificate. */
  get caCertificate(): string {
    return this.resource.kubeconfig.lookup("cluster_ca_certificate");
  }
}
