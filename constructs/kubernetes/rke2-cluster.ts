import { Fn, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { stringify } from "yaml";
import { ComputeInstanceV2 } from "../../.gen/providers/openstack/compute-instance-v2/index";
import { ComputeServergroupV2 } from "../../.gen/providers/openstack/compute-servergroup-v2/index";
import { DataOpenstackImagesImageV2 } from "../../.gen/providers/openstack/data-openstack-images-image-v2/index";
import { NetworkingPortV2 } from "../../.gen/providers/openstack/networking-port-v2/index";
import { type Administrator, type CloudConfigFile, hardenedCloudConfig, userDataDelivery } from "../host/hardened-host";
import { InternalLoadBalancer } from "../network/internal-load-balancer";
import type { INetwork } from "../network/isolated-network";
import { declareFlow, zone } from "../flows";
import { declareException } from "../exceptions";
import { type RegionServices, resolvableNames, serviceFlows } from "../network/region-services";
import { type FlowRule, SecurityGroup } from "../network/security-group";
import { deployersBinding, deployersBindingName, type ExecCredential, type IKubernetesCluster, type OidcSettings, oidcLogin } from "./cluster";
import { airlockApi } from "../platform/airlock";
import { anssiTls12GoSuites, minimumTlsVersion } from "../../lib/tls-suites";
import { coreDnsAllowList } from "./cluster-dns";
import { clusterNetworks, kubernetesDefaults, rke2ServerNodes, workspacesNodeGroup, workspacesNodeLabel } from "./defaults";

export interface Rke2NodeGroup {
  readonly name: string;
  readonly count: number;
  readonly flavor: string;
}

export interface Rke2ClusterProps {
  readonly namePrefix: string;
  readonly network: INetwork;
  /** Glance name of a Debian or Ubuntu image for the nodes. */
  readonly image: string;
  readonly volumeType: string;
  readonly controlPlaneFlavor: string;
  /** Agent node groups; the group named "workspaces" is tainted for the analysis workspaces only. */
  readonly nodeGroups: readonly Rke2NodeGroup[];
  readonly administrators: readonly Administrator[];
  readonly services: RegionServices;
  /** The security group of the bastion: the only source of SSH to the nodes. */
  readonly bastionGroup: SecurityGroup;
  readonly oidc: OidcSettings;
  /** The region's registry host: every system image and every workload image comes from it. */
  readonly registry: string;
  /** @default "v1.35.5" */
  readonly version?: string;
  /** @default "rke2r1" */
  readonly rke2Revision?: string;
  /** @default 3 */
  readonly controlPlaneCount?: number;
  /** @default 50 */
  readonly nodeVolumeSizeGiB?: number;
  /** @default 30 */
  readonly auditLogMaxAgeDays?: number;
}

/** Variables the deployer sets in the environment for apply: never written to a file. */
export const rke2TokenVariables = {
  server: "rke2_token",
  agent: "rke2_agent_token",
} as const;

/** RKE2's ports (docs.rke2.io/install/requirements) and the Canal CNI's. */
const ports = { api: 6443, supervisor: 9345, kubelet: 10250, etcd: [2379, 2381] as const, vxlan: 8472, canalHealth: 9099, nodePorts: [30000, 32767] as const };

/**
 * What the API server logs: who did what on every request, at Metadata level (never the bodies, which may hold
 * secrets), except routine reads of the node's own and health endpoints (CIS Kubernetes 3.2.1-3.2.2). Changes to
 * airlock requests are logged with their bodies: what a reviewer approved, and what the release job recorded, is the
 * evidence of what left a workspace, and those bodies hold names and digests, no secret. The first rule a request
 * matches gives its level (k8s.io/apiserver pkg/audit/policy/checker.go).
 */
export const auditPolicy = stringify({
  apiVersion: "audit.k8s.io/v1",
  kind: "Policy",
  omitStages: ["RequestReceived"],
  rules: [
    { level: "None", nonResourceURLs: ["/healthz*", "/livez*", "/readyz*", "/version"] },
    { level: "None", users: ["system:kube-proxy"], verbs: ["watch"] },
    { level: "RequestResponse", verbs: ["create", "update", "patch", "delete"], resources: [{ group: airlockApi.group, resources: [airlockApi.plural] }] },
    { level: "Metadata" },
  ],
});

/**
 * What a node reads at its first boot only: its user data (cloud-init runs it once) and its image. The OpenStack
 * provider replaces an instance when either changes (v3.4.0 resource_openstack_compute_instance_v2.go: user_data and
 * block_device are ForceNew), and the image is looked up by name (most recent): a new administrator, another RKE2
 * version or an image uploaded again under the same name would replace every node in one apply, the three servers
 * and etcd's data with them. Terraform leaves them be; a node takes the change when it is replaced, one at a time
 * (README: RKE2 on Nova instances).
 */
export const nodeReadAtFirstBoot = ["user_data", "block_device[0].uuid"];

/**
 * The TLS of every Kubernetes component RKE2 runs, as flags (its kube-apiserver-arg, kubelet-arg and the others, each
 * passed to the component): TLS 1.2 at least, and for TLS 1.2 the ANSSI's suites. Unset, RKE2 gives the API server
 * Mozilla's intermediate suites (k3s pkg/cli/server/server.go), and the kubelet, the controller manager, the scheduler
 * and etcd keep Go's defaults, CBC suites with SHA-1 among them. Policy tls-versions-and-suites judges these flags.
 */
const componentTls = [`tls-min-version=${minimumTlsVersion}`, `tls-cipher-suites=${anssiTls12GoSuites.join(",")}`];

/**
 * A Kubernetes cluster built from Nova instances running RKE2, for qualified clouds without Magnum. RKE2 rather than
 * kubeadm: one binary with containerd, etcd and the CNI, configured by one YAML file that cloud-init writes, with a CIS
 * profile (docs.rke2.io/security/hardening_guide), server and agent tokens read from files, and a system registry.
 *
 * Servers sit behind an internal Octavia load balancer (API 6443, supervisor 9345); every node is in security groups
 * we own, with explicit ingress and egress (no 0.0.0.0/0), boots from an encrypted volume, logs to the central store,
 * and installs RKE2 from the in-region mirror. The API server logs audit events and trusts the region's OIDC issuer.
 * The join tokens come from TF_VAR_rke2_token and TF_VAR_rke2_agent_token (the provider keeps only a hash of user
 * data in the state). The cluster CA is generated on the first server; the platform stack takes it from the deployer.
 */
export class Rke2Cluster extends Construct implements IKubernetesCluster {
  readonly serverGroup: SecurityGroup;
  readonly agentGroup: SecurityGroup;
  readonly loadBalancer: InternalLoadBalancer;
  readonly servers: readonly ComputeInstanceV2[];
  readonly agents: readonly ComputeInstanceV2[];
  readonly volumeType: string;
  readonly deployerCredential: ExecCredential;
  /** The servers apply the deployers' binding themselves, from their manifests folder, at their first start. */
  readonly firstApplySteps = [];
  readonly version: string;
  readonly engine = "rke2";
  readonly auditLogDirectory = "/var/lib/rancher/rke2/server/logs";
  readonly nodeCount: number;
  readonly nodeTaints = [
    { key: rke2ServerNodes.taint.key, effect: rke2ServerNodes.taint.effect },
    { key: "eds.region/workspaces", effect: "NoSchedule" },
  ];
  readonly workspacesNodes = {
    label: workspacesNodeLabel.rke2,
    taint: { key: "eds.region/workspaces", value: "true", effect: "NoSchedule" },
  };

  constructor(scope: Construct, id: string, props: Rke2ClusterProps) {
    super(scope, id);
    const { network, namePrefix } = props;
    this.volumeType = props.volumeType;
    this.version = `${props.version ?? kubernetesDefaults.version}+${props.rke2Revision ?? kubernetesDefaults.rke2Revision}`;
    const nodes = network.subnetCidr("nodes");
    const serverToken = new TerraformVariable(this, rke2TokenVariables.server, {
      type: "string",
      sensitive: true,
      nullable: false,
      description: "RKE2 server token (joins servers), from TF_VAR_rke2_token; generate it once, keep it in the region's vault.",
    });
    const agentToken = new TerraformVariable(this, rke2TokenVariables.agent, {
      type: "string",
      sensitive: true,
      nullable: false,
      description: "RKE2 agent token (joins agents only), from TF_VAR_rke2_agent_token.",
    });
    serverToken.overrideLogicalId(rke2TokenVariables.server);
    agentToken.overrideLogicalId(rke2TokenVariables.agent);

    this.serverGroup = new SecurityGroup(this, "ServerGroup", {
      name: `${namePrefix}-kubernetes-servers`,
      description: "RKE2 servers: API and supervisor from the nodes subnet (load balancer, agents) and the bastion; etcd between servers only",
    });
    this.agentGroup = new SecurityGroup(this, "AgentGroup", {
      name: `${namePrefix}-kubernetes-agents`,
      description: "RKE2 agents: kubelet and CNI from the nodes subnet, NodePorts from the DMZ load balancer, SSH from the bastion",
    });
    const fromNodes = (id: string, protocol: "tcp" | "udp", portRange: number | readonly [number, number], why: string): FlowRule => ({
      id,
      direction: "ingress",
      protocol,
      ports: portRange,
      peer: { cidr: nodes },
      why,
    });
    for (const group of [this.serverGroup, this.agentGroup]) {
      group.allow(fromNodes("KubeletFromNodes", "tcp", ports.kubelet, "Kubelet API, from the API servers and metrics"));
      group.allow(fromNodes("VxlanFromNodes", "udp", ports.vxlan, "Canal VXLAN overlay between nodes"));
      group.allow(fromNodes("CanalHealthFromNodes", "tcp", ports.canalHealth, "Canal health checks"));
      group.allow({
        id: "SshFromBastion",
        direction: "ingress",
        protocol: "tcp",
        ports: 22,
        peer: { group: props.bastionGroup },
        why: "Administration over SSH, from the bastion only",
      });
      group.allow({
        id: "TcpToNodes",
        direction: "egress",
        protocol: "tcp",
        ports: [1, 65535],
        peer: { cidr: nodes },
        why: "Traffic inside the cluster (API, kubelet, pods)",
      });
      group.allow({
        id: "UdpToNodes",
        direction: "egress",
        protocol: "udp",
        ports: [1, 65535],
        peer: { cidr: nodes },
        why: "Overlay and DNS inside the cluster",
      });
      // Every service of the region; among them compute, network, block storage and load balancers, which the cloud
      // controller manager, the Cinder CSI driver and Velero's plugin call from pods, whose traffic leaves the cluster
      // with the node's address.
      for (const flow of serviceFlows(props.services)) {
        group.allow(flow);
      }
    }
    this.serverGroup.allow(fromNodes("ApiFromNodes", "tcp", ports.api, "Kubernetes API, from agents and the load balancer"));
    this.serverGroup.allow(fromNodes("SupervisorFromNodes", "tcp", ports.supervisor, "RKE2 registration of joining nodes"));
    this.serverGroup.allow({
      id: "ApiFromBastion",
      direction: "ingress",
      protocol: "tcp",
      ports: ports.api,
      peer: { group: props.bastionGroup },
      why: "kubectl and OpenTofu from the bastion",
    });
    this.serverGroup.allow({
      id: "EtcdFromServers",
      direction: "ingress",
      protocol: "tcp",
      ports: ports.etcd,
      peer: { group: this.serverGroup },
      why: "etcd client, peer and metrics, between servers only",
    });
    for (const [role, group] of [
      ["servers", this.serverGroup],
      ["agents", this.agentGroup],
    ] as const) {
      declareFlow(this, {
        id: `bastion-to-kubernetes-${role}`,
        from: props.bastionGroup.members,
        to: group.members,
        port: 22,
        why: "Node administration goes through the bastion",
      });
      if (props.services.registry)
        declareFlow(this, {
          id: `kubernetes-${role}-to-registry`,
          from: group.members,
          to: zone("registry"),
          port: props.services.registry.port ?? 443,
          why: "Every image comes from the region's registry",
        });
      if (props.services.logStore)
        declareFlow(this, {
          id: `kubernetes-${role}-to-log-store`,
          from: group.members,
          to: zone("logStore"),
          port: props.services.logStore.port,
          why: "Node, audit and API audit logs go to the log store",
        });
    }
    declareFlow(this, {
      id: "kubernetes-agents-to-api",
      from: this.agentGroup.members,
      to: this.serverGroup.members,
      port: ports.api,
      why: "Kubelets talk to the API servers",
    });
    this.agentGroup.allow({
      id: "NodePortsFromDmz",
      direction: "ingress",
      protocol: "tcp",
      ports: ports.nodePorts,
      peer: { cidr: network.subnetCidr("dmz") },
      why: "The ingress load balancer in the DMZ reaches the ingress controller's node ports",
    });

    const image = new DataOpenstackImagesImageV2(this, "Image", { name: props.image, mostRecent: true });
    const antiAffinity = new ComputeServergroupV2(this, "ServerSpread", { name: `${namePrefix}-kubernetes-servers`, policies: ["soft-anti-affinity"] });
    const serverCount = props.controlPlaneCount ?? kubernetesDefaults.controlPlaneCount;
    this.nodeCount = serverCount + props.nodeGroups.reduce((sum, group) => sum + group.count, 0);
    const serverPorts = Array.from({ length: serverCount }, (_, i) =>
      this.port(`ServerPort${i}`, `${namePrefix}-kubernetes-server-${i}`, this.serverGroup, props),
    );
    this.loadBalancer = new InternalLoadBalancer(this, "ApiLoadBalancer", {
      name: `${namePrefix}-kubernetes-api`,
      description: "Private Kubernetes API and RKE2 supervisor of the region; no floating IP",
      subnetId: network.subnetId("nodes"),
      ports: [ports.api, ports.supervisor],
      memberAddresses: serverPorts.map((port) => Fn.element(port.allFixedIps, 0)),
      memberSubnetId: network.subnetId("nodes"),
    });
    const vip = this.loadBalancer.address;
    const supervisor = `https://${vip}:${ports.supervisor}`;
    const serverConfig = (first: boolean) =>
      stringify({
        ...(first ? {} : { server: supervisor }),
        "token-file": "/etc/rancher/rke2/server-token",
        "agent-token-file": "/etc/rancher/rke2/agent-token",
        profile: "cis",
        cni: "canal",
        "cluster-cidr": clusterNetworks.pods,
        "service-cidr": clusterNetworks.services,
        "tls-san": [vip],
        "system-default-registry": props.registry,
        ...pullOnlyFromMirrors,
        "write-kubeconfig-mode": "0600",
        // RKE2 encrypts Secrets at rest whatever the configuration says (v1.35.5+rke2r1 pkg/rke2/rke2.go, Server).
        // Its default ingress controller is ingress-nginx, a DaemonSet on every node that reads every Secret; the
        // entrance is the platform's Traefik, and `none` disables every bundled one (pkg/cli/cmds/server.go,
        // disableExceptSelected).
        "ingress-controller": "none",
        "node-taint": [`${rke2ServerNodes.taint.key}=${rke2ServerNodes.taint.value}:${rke2ServerNodes.taint.effect}`],
        "audit-policy-file": "/etc/rancher/rke2/audit-policy.yaml",
        "kube-apiserver-arg": [
          `oidc-issuer-url=${props.oidc.issuerUrl}`,
          `oidc-client-id=${props.oidc.clientId}`,
          `oidc-username-claim=${props.oidc.usernameClaim ?? "email"}`,
          `oidc-groups-claim=${props.oidc.groupsClaim ?? "groups"}`,
          `oidc-groups-prefix=${props.oidc.groupsPrefix}`,
          "audit-log-path=/var/lib/rancher/rke2/server/logs/audit.log",
          `audit-log-maxage=${props.auditLogMaxAgeDays ?? 30}`,
          "audit-log-maxbackup=10",
          "audit-log-maxsize=100",
          ...componentTls,
        ],
        "kube-controller-manager-arg": componentTls,
        "kube-scheduler-arg": componentTls,
        "etcd-arg": [`cipher-suites=${anssiTls12GoSuites.join(",")}`],
        "kubelet-arg": componentTls,
        "etcd-snapshot-schedule-cron": "0 */6 * * *",
        "etcd-snapshot-retention": 28,
      });
    // What only servers hold, the same on each: the audit policy, and the manifests RKE2 applies from its folder
    // (docs.rke2.io, add-ons/helm: auto-deploying manifests).
    const serverFiles: CloudConfigFile[] = [
      { path: "/etc/rancher/rke2/audit-policy.yaml", content: auditPolicy },
      {
        path: "/var/lib/rancher/rke2/server/manifests/rke2-coredns-config.yaml",
        content: coreDnsAllowList(resolvableNames(props.services), props.services.dns ?? []),
      },
      ...(props.oidc.deployersGroup
        ? [{ path: `/var/lib/rancher/rke2/server/manifests/${deployersBindingName}.yaml`, content: stringify(deployersBinding(props.oidc)) }]
        : []),
    ];
    this.servers = serverPorts.map((port, i) =>
      this.instance(`Server${i}`, `${namePrefix}-kubernetes-server-${i}`, port, props.controlPlaneFlavor, image.id, props, {
        role: "server",
        config: serverConfig(i === 0),
        ...(i === 0 ? { joinIfRunning: supervisor } : {}),
        tokens: { "server-token": serverToken.stringValue, "agent-token": agentToken.stringValue },
        files: serverFiles,
        schedulerGroup: antiAffinity.id,
      }),
    );
    // Each server writes the binding; the check judges the one object at the first server (autoDeployedObjects).
    if (props.oidc.deployersGroup)
      declareException(this.servers[0]!, {
        id: "deployers-cluster-admin",
        policy: "k8s-no-cluster-admin-binding",
        reason: `the deployers' group (${props.oidc.groupsPrefix}${props.oidc.deployersGroup}, people and CI signed in through the identity provider) applies the platform stack, which installs CRDs, admission webhooks and cluster roles: only cluster-admin may grant what those roles hold; RKE2 applies the binding from the servers' manifests folder at their first start`,
      });
    this.agents = props.nodeGroups.flatMap((group) => {
      const workspaces = group.name === workspacesNodeGroup.name;
      const config = stringify({
        server: supervisor,
        "token-file": "/etc/rancher/rke2/agent-token",
        profile: "cis",
        ...pullOnlyFromMirrors,
        "kubelet-arg": componentTls,
        "node-label": [workspaces ? workspacesNodeGroup.label : `eds.region/role=${group.name}`],
        ...(workspaces ? { "node-taint": [workspacesNodeGroup.taint] } : {}),
      });
      return Array.from({ length: group.count }, (_, i) => {
        const name = `${namePrefix}-kubernetes-${group.name}-${i}`;
        const port = this.port(`AgentPort-${group.name}-${i}`, name, this.agentGroup, props);
        return this.instance(`Agent-${group.name}-${i}`, name, port, group.flavor, image.id, props, {
          role: "agent",
          config,
          tokens: { "agent-token": agentToken.stringValue },
        });
      });
    });
    this.deployerCredential = oidcLogin(props.oidc);
  }

  get apiEndpoint(): string {
    return `https://${this.loadBalancer.address}:${ports.api}`;
  }

  /** RKE2 generates its CA on the first server: the deployer supplies it to the platform stack. */
  get caCertificate(): undefined {
    return undefined;
  }

  private port(id: string, name: string, group: SecurityGroup, props: Rke2ClusterProps): NetworkingPortV2 {
    return new NetworkingPortV2(this, id, {
      name,
      networkId: props.network.networkId,
      fixedIp: [{ subnetId: props.network.subnetId("nodes") }],
      securityGroupIds: [group.id],
      adminStateUp: true,
    });
  }

  private instance(
    id: string,
    name: string,
    port: NetworkingPortV2,
    flavor: string,
    imageId: string,
    props: Rke2ClusterProps,
    node: {
      role: "server" | "agent";
      config: string;
      tokens: Record<string, string>;
      files?: readonly CloudConfigFile[];
      schedulerGroup?: string;
      /** The supervisor to join when it answers, for the server that starts the cluster. */
      joinIfRunning?: string;
    },
  ): ComputeInstanceV2 {
    const rke2Mirror = props.services.mirrors?.find((mirror) => mirror.name === "rke2");
    if (!rke2Mirror) throw new Error(`${this.node.path}: a cluster built from instances needs an rke2 mirror in network.mirrors`);
    const files: CloudConfigFile[] = [
      { path: "/etc/rancher/rke2/config.yaml", content: node.config },
      { path: "/etc/rancher/rke2/registries.yaml", content: registries(props.registry) },
      ...Object.entries(node.tokens).map(([file, token]) => ({ path: `/etc/rancher/rke2/${file}`, content: token })),
      ...(node.files ?? []),
      { path: "/usr/local/sbin/eds-install-rke2", content: installScript(rke2Mirror.url, this.version, node.role, node.joinIfRunning), permissions: "0755" },
    ];
    return new ComputeInstanceV2(this, id, {
      name,
      flavorName: flavor,
      metadata: { role: `kubernetes-${node.role}`, region: props.namePrefix },
      ...userDataDelivery,
      userData: hardenedCloudConfig({
        role: `kubernetes-${node.role}`,
        administrators: props.administrators,
        services: props.services,
        files,
        commands: [["/usr/local/sbin/eds-install-rke2"]],
        packages: ["curl"],
      }),
      blockDevice: [
        {
          uuid: imageId,
          sourceType: "image",
          destinationType: "volume",
          bootIndex: 0,
          volumeSize: props.nodeVolumeSizeGiB ?? kubernetesDefaults.nodeVolumeSizeGiB,
          volumeType: props.volumeType,
          deleteOnTermination: true,
        },
      ],
      network: [{ port: port.id }],
      ...(node.schedulerGroup ? { schedulerHints: [{ group: node.schedulerGroup }] } : {}),
      lifecycle: { ignoreChanges: nodeReadAtFirstBoot },
    });
  }
}

/**
 * containerd mirrors: images named after public registries are pulled from the region's registry, and only there
 * (`disable-default-registry-endpoint` on every node: no fallback to the public registry). The region's registry has no
 * entry: one whose endpoint is its own default endpoint is ignored, and with the fallback off it would have none
 * (docs.rke2.io, install/private_registry: default endpoint fallback).
 */
const registries = (registry: string): string =>
  stringify({
    mirrors: Object.fromEntries(publicRegistries.map((host) => [host, { endpoint: [`https://${registry}`] }])),
  });

/** The public registries the charts and RKE2 name their images after. */
const publicRegistries = ["docker.io", "quay.io", "registry.k8s.io", "ghcr.io"];

/** What every node's RKE2 configuration says about pulling images. */
const pullOnlyFromMirrors = { "disable-default-registry-endpoint": true } as const;

/**
 * Installs RKE2 from the in-region mirror (the artifacts of one release, checked against its sha256 list by RKE2's own
 * install script), as the CIS profile asks (etcd user, kernel parameters), and starts it.
 */
const installScript = (mirror: string, version: string, role: "server" | "agent", joinIfRunning?: string): string =>
  [
    "#!/bin/sh",
    "# Managed by EDS Régional: installs RKE2 from the in-region mirror (docs.rke2.io/install/airgap).",
    "set -eu",
    ...(joinIfRunning
      ? [
          "# Server 0 starts the cluster. Made again (replaced), it joins the cluster that runs, whose supervisor answers",
          "# /ping through the load balancer, rather than start another.",
          `if curl -skf --max-time 5 -o /dev/null "${joinIfRunning}/ping"; then echo "server: ${joinIfRunning}" >> /etc/rancher/rke2/config.yaml; fi`,
        ]
      : []),
    `base="${mirror.replace(/\/$/, "")}/${version}"`,
    "dir=/var/lib/rancher/artifacts",
    'mkdir -p "$dir"',
    'for file in install.sh rke2.linux-amd64.tar.gz sha256sum-amd64.txt; do curl -fsSL --proto =https -o "$dir/$file" "$base/$file"; done',
    "id etcd >/dev/null 2>&1 || useradd -r -c 'etcd user' -s /sbin/nologin -M etcd -U",
    "chmod 0600 /etc/rancher/rke2/*-token",
    `INSTALL_RKE2_ARTIFACT_PATH="$dir" INSTALL_RKE2_TYPE=${role} INSTALL_RKE2_VERSION="${version}" sh "$dir/install.sh"`,
    "cp -f /usr/local/share/rke2/rke2-cis-sysctl.conf /etc/sysctl.d/60-rke2-cis.conf && systemctl restart systemd-sysctl",
    `systemctl enable --now rke2-${role}.service`,
    "",
  ].join("\n");
