import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TerraformStack, Testing } from "cdktf";
import { parse } from "yaml";
import { Bastion } from "../../constructs/bastion/bastion";
import type { Construct } from "constructs";
import { MagnumCluster, type MagnumClusterProps } from "../../constructs/kubernetes/magnum-cluster";
import { clusterNetworks } from "../../constructs/kubernetes/defaults";
import { resolvableNames } from "../../constructs/network/region-services";
import { Rke2Cluster } from "../../constructs/kubernetes/rke2-cluster";
import { declaredExceptions } from "../../constructs/exceptions";
import { RegionalEdsPlatform } from "../../constructs/regional-eds/regional-eds-platform";
import { IsolatedNetwork } from "../../constructs/network/isolated-network";
import { magnumClusterApiLabels, magnumNodeGroupLabels } from "../../policies/lib/magnum-cluster-api";
import { administrators, oidc, services, subnets } from "../helpers/foundation";
import { props as platformProps } from "../helpers/platform";
import { airlockApi } from "../../constructs/platform/airlock";
import { anssiTls12GoSuites } from "../../lib/tls-suites";
import { runPolicies } from "../../policies/engine/run";
import { readConfigurations } from "../../policies/inputs/read";
import { allPolicies } from "../../policies/rules/index";
import { fixtureSettings } from "../policies/fixture-runner";
import { TerraformJson } from "../helpers/terraform";
import { terraform } from "../policies/terraform-console";
import { shellcheck, tool, validate } from "../helpers/validators";

const nodeGroups = [
  { name: "workers", count: 3, flavor: "r2.large" },
  { name: "workspaces", count: 2, flavor: "r2.xlarge" },
];

/** A Magnum cluster of the tests' region, on a network of its own, with `props` over the usual ones. */
function magnumCluster(scope: Construct, props: Partial<MagnumClusterProps> = {}): MagnumCluster {
  const network = new IsolatedNetwork(scope, "Network", { namePrefix: "test", subnets, externalNetwork: "ext-net" });
  return new MagnumCluster(scope, "Kubernetes", {
    namePrefix: "test",
    network,
    image: "ubuntu-2404-kube-v1.35.5",
    imageOsDistro: "ubuntu",
    volumeType: "encrypted-ssd",
    controlPlaneFlavor: "c2.medium",
    nodeGroups,
    imageRepository: "registry.example.fr/magnum",
    oidc,
    resolvable: { names: resolvableNames(services), resolvers: services.dns ?? [] },
    ...props,
  });
}

describe("MagnumCluster (magnum-cluster-api)", () => {
  let cluster!: MagnumCluster;
  const tf = TerraformJson.of((scope) => {
    cluster = magnumCluster(scope);
  });
  const template = tf.only("openstack_containerinfra_clustertemplate_v1");
  const resource = tf.only("openstack_containerinfra_cluster_v1");

  it("sets only labels the driver reads, as strings", () => {
    const bodies: [string, Record<string, any>][] = [
      ["template", template],
      ["cluster", resource],
      ...tf.resources("openstack_containerinfra_nodegroup_v1").map(([, body]): [string, Record<string, any>] => ["node group", body]),
    ];
    for (const [type, body] of bodies) {
      for (const [name, value] of Object.entries(body.labels as Record<string, unknown>)) {
        expect((type === "node group" ? magnumNodeGroupLabels : magnumClusterApiLabels).has(name), `${type} label ${name}`).toBe(true);
        expect(typeof value, `${type} label ${name}`).toBe("string");
      }
    }
  });

  it("takes the image the driver is chosen by, looked up with its os_distro, and a supported Kubernetes version", () => {
    expect(tf.deref(template.image).body).toEqual({ name: "ubuntu-2404-kube-v1.35.5", most_recent: true, properties: { os_distro: "ubuntu" } });
    expect(template.labels.kube_tag).toBe("v1.35.5");
    expect(template).toMatchObject({ coe: "kubernetes", network_driver: "calico" });
  });

  it("asks Octavia for the amphora provider, which a default Octavia enables and whose own address the entrance admits", () => {
    expect(template.labels.octavia_provider).toBe("amphora");
  });

  it("pulls every system image from the regional registry", () => {
    expect(template.labels.container_infra_prefix).toBe("registry.example.fr/magnum");
  });

  it("keeps TLS on, nodes without floating IPs and the API behind a load balancer without public address", () => {
    expect(template).toMatchObject({ tls_disabled: false, floating_ip_enabled: false, master_lb_enabled: true, public: false });
    expect(template.labels.master_lb_floating_ip_enabled).toBe("false");
    // The pod pool is read for the template's network driver (resources.py): calico_ipv4pool for calico.
    expect(template.network_driver).toBe("calico");
    expect(template.labels).toMatchObject({ calico_ipv4pool: clusterNetworks.pods, service_cluster_ip_range: clusterNetworks.services });
    expect(resource).toMatchObject({ floating_ip_enabled: false, master_lb_enabled: true });
  });

  it("puts boot and etcd volumes on the encrypted volume type, in every node group", () => {
    expect(template.labels).toMatchObject({ boot_volume_type: "encrypted-ssd", etcd_volume_type: "encrypted-ssd" });
    for (const [, group] of tf.resources("openstack_containerinfra_nodegroup_v1")) expect(group.labels.boot_volume_type).toBe("encrypted-ssd");
  });

  it("gives the template the region's resolvers, without which the driver fails every cluster (it splits dns_nameserver)", () => {
    expect(template.dns_nameserver).toBe(services.dns!.join(","));
    expect(() => magnumCluster(new TerraformStack(Testing.app(), "NoResolvers"), { resolvable: { names: [], resolvers: [] } })).toThrow(
      /needs the region's resolvers/,
    );
  });

  it("turns API audit logging on under the label names the driver's code reads, and OIDC with a group prefix", () => {
    expect(template.labels).toMatchObject({ audit_log_enabled: "true", audit_log_max_age: "30", audit_log_max_backup: "10", audit_log_max_size: "100" });
    expect(template.labels).toMatchObject({
      oidc_issuer_url: oidc.issuerUrl,
      oidc_client_id: "kubernetes",
      oidc_groups_claim: "groups",
      oidc_groups_prefix: "oidc:",
    });
  });

  it("places the cluster on the nodes subnet of the region's network", () => {
    expect(tf.deref(resource.fixed_subnet).body.name).toBe("test-nodes");
    expect(resource.fixed_network).toBe(template.fixed_network);
  });

  it("upgrades by a new template per version, never by editing one a cluster uses, and protects the cluster", () => {
    const [name] = tf.resources("openstack_containerinfra_clustertemplate_v1")[0]!;
    expect(name).toMatch(/Template-v1-35-5/);
    expect(template.lifecycle).toEqual({ create_before_destroy: true });
    expect(resource.lifecycle).toMatchObject({ prevent_destroy: true });
    expect(resource.cluster_template_id).toBe(tf.ref("openstack_containerinfra_clustertemplate_v1", template));
  });

  it("counts its nodes as Magnum makes them: the control plane's, the default group's and each node group's", () => {
    const groups = tf.resources("openstack_containerinfra_nodegroup_v1").map(([, body]) => body.node_count as number);
    expect(cluster.nodeCount).toBe(resource.master_count + resource.node_count + groups.reduce((sum, count) => sum + count, 0));
    expect(groups.length).toBeGreaterThan(0);
  });

  it("makes the first node group the default group and the others Magnum node groups", () => {
    expect(resource).toMatchObject({ node_count: 3, flavor: "r2.large", master_count: 3 });
    expect(tf.only("openstack_containerinfra_nodegroup_v1")).toMatchObject({ name: "workspaces", node_count: 2, role: "workspaces", flavor_id: "r2.xlarge" });
  });

  it("lets people in through the identity provider only, the deployers once their group is bound with Magnum's certificate", () => {
    // The driver's Keystone webhook would let in Keystone's users and groups, unprefixed, beside RBAC.
    expect(template.labels.keystone_auth_enabled).toBe("false");
    // Nor the Manila CSI plugins, privileged on every node, which the driver installs by default where Manila exists.
    expect(template.labels.manila_csi_enabled).toBe("false");
    expect(cluster.deployerCredential).toEqual({
      command: "kubectl",
      args: ["oidc-login", "get-token", "--oidc-issuer-url=https://sso.example.fr/realms/eds", "--oidc-client-id=kubernetes"],
    });
    expect(template.labels.oidc_groups_prefix).toBe("oidc:");
    expect(cluster.firstApplySteps.join("\n")).toContain(
      "kubectl create clusterrolebinding eds-deployers --clusterrole=cluster-admin --group=oidc:eds-deployers",
    );
    expect(resource.keypair).toBeUndefined();
  });

  it("gives the platform a Corefile that answers the cluster's names and forwards the region's own only", () => {
    // Server blocks of the Corefile: their keys, and their plugin lines at the first level.
    const blocks = [...cluster.dnsCorefile.matchAll(/^(\S[^\n]*) \{\n([\s\S]*?)\n\}$/gm)].map(([, keys, body]) => ({
      keys: keys!,
      plugins: body!
        .split("\n")
        .filter((line) => /^ {4}[^\s}]/.test(line))
        .map((line) => line.trim()),
    }));
    expect(blocks.map((block) => block.keys)).toEqual([
      "cluster.local:53 in-addr.arpa:53 ip6.arpa:53",
      "cloud.example.fr:53 logs.example.fr:53 mirror.example.fr:53 registry.example.fr:53 s3.other.example.fr:53 sso.example.fr:53",
      ".:53",
    ]);
    const [own, allowed, rest] = blocks;
    expect(own!.plugins).toContain("kubernetes cluster.local in-addr.arpa ip6.arpa {");
    // kubeadm's Deployment probes health (:8080) and ready (:8181); reload reads a changed Corefile again.
    expect(own!.plugins).toEqual(expect.arrayContaining(["health {", "ready", "reload"]));
    expect(own!.plugins.some((line) => line.startsWith("forward"))).toBe(false);
    expect(allowed!.plugins).toContain("forward . 192.0.2.53");
    expect(rest!.plugins).toEqual(["errors", "template ANY ANY {"]);
    expect(cluster.dnsCorefile).toContain("template ANY ANY {\n        rcode NXDOMAIN\n    }");
    expect(cluster.dnsCorefile.match(/forward/g)).toHaveLength(1);
  });

  it("binds the deployers with Magnum's certificate kept from the bastion's other users, and deletes it", () => {
    const steps = cluster.firstApplySteps.join("\n");
    const script = /```sh\n([\s\S]*?)```/.exec(steps)![1]!;
    expect(shellcheck(script, "first-apply.sh").output).toBe("");
    // Stand-ins: openstack writes the key as python-magnumclient does (open() under the umask, in --dir, which it does
    // not create); kubectl records the modes of what it was given.
    const bin = mkdtempSync(join(tmpdir(), "eds-first-apply-"));
    const log = join(bin, "kubectl.log");
    writeFileSync(join(bin, "openstack"), '#!/bin/sh\nprintf "client-key-data: example\\n" > "$6/config"\n', { mode: 0o755 });
    writeFileSync(join(bin, "kubectl"), `#!/bin/sh\nstat -c "%a %n" "$(dirname "$KUBECONFIG")" "$KUBECONFIG" > ${log}\necho "$@" >> ${log}\n`, { mode: 0o755 });
    const run = spawnSync("sh", ["-e", "-c", script], { encoding: "utf8", env: { PATH: `${bin}:/usr/bin:/bin`, TMPDIR: bin } });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const [folder, config, command] = readFileSync(log, "utf8").trim().split("\n");
    expect(folder).toMatch(/^700 /);
    expect(config).toMatch(/^600 .*\/config$/);
    expect(command).toBe("create clusterrolebinding eds-deployers --clusterrole=cluster-admin --group=oidc:eds-deployers");
    expect(existsSync(config!.split(" ")[1]!)).toBe(false);
  });
});

describe("Rke2Cluster (instances, for clouds without Magnum)", () => {
  let cluster!: Rke2Cluster;
  const tf = TerraformJson.of((scope) => {
    const network = new IsolatedNetwork(scope, "Network", { namePrefix: "test", subnets, externalNetwork: "ext-net" });
    const bastion = new Bastion(scope, "Bastion", {
      namePrefix: "test",
      network,
      adminCidrs: ["192.0.2.0/28"],
      administrators,
      services,
      flavor: "s1.small",
      image: "debian-12-hardened",
      volumeType: "encrypted-ssd",
    });
    cluster = new Rke2Cluster(scope, "Kubernetes", {
      namePrefix: "test",
      network,
      image: "debian-12-genericcloud",
      volumeType: "encrypted-ssd",
      controlPlaneFlavor: "c2.medium",
      nodeGroups,
      administrators,
      services,
      bastionGroup: bastion.securityGroup,
      oidc,
      registry: "registry.example.fr",
    });
  });
  const instances = tf.resources("openstack_compute_instance_v2").map(([, body]) => body);
  const nodes = instances.filter((instance) => instance.metadata.role !== "bastion");
  const servers = nodes.filter((instance) => instance.metadata.role === "kubernetes-server");
  const agents = nodes.filter((instance) => instance.metadata.role === "kubernetes-agent");
  const fileOf = (instance: Record<string, any>, path: string): string =>
    parse(instance.user_data).write_files.find((file: { path: string }) => file.path === path).content;
  const rke2Config = (instance: Record<string, any>) => parse(fileOf(instance, "/etc/rancher/rke2/config.yaml"));
  const groupNamed = (name: string) => tf.named("openstack_networking_secgroup_v2", name);
  const rulesOf = (name: string) =>
    tf
      .resources("openstack_networking_secgroup_rule_v2")
      .map(([, body]) => body)
      .filter((rule) => rule.security_group_id === tf.ref("openstack_networking_secgroup_v2", groupNamed(name)));

  it("replaces no node when its user data or image changes: every node at once would take etcd's data with it", () => {
    // The provider replaces an instance whose user_data or block_device changes (both ForceNew in v3.4.0).
    for (const node of [...servers, ...agents]) expect(node.lifecycle.ignore_changes).toEqual(["user_data", "block_device[0].uuid"]);
    // The image is looked up by name, most recent first: an upload under the same name changes every node's image.
    for (const node of [...servers, ...agents])
      expect(tf.deref(node.block_device[0].uuid).body).toMatchObject({ name: "debian-12-genericcloud", most_recent: true });
  });

  it("runs three servers and the declared agents, on encrypted boot volumes, with no floating IP", () => {
    expect(servers.map((server) => server.name)).toEqual(["test-kubernetes-server-0", "test-kubernetes-server-1", "test-kubernetes-server-2"]);
    expect(agents).toHaveLength(5);
    for (const node of nodes) {
      expect(node.block_device).toEqual([expect.objectContaining({ destination_type: "volume", volume_type: "encrypted-ssd", boot_index: 0 })]);
      expect(tf.deref(tf.deref(node.network[0].port).body.fixed_ip[0].subnet_id).body.name).toBe("test-nodes");
    }
    expect(tf.resources("openstack_networking_floatingip_v2")).toHaveLength(1);
    // The nodes the platform's log shipper runs on: every instance of the cluster.
    expect(cluster.nodeCount).toBe(nodes.length);
  });

  it("puts the API and the supervisor behind an internal load balancer on the nodes subnet, with every server as member", () => {
    const lb = tf.only("openstack_lb_loadbalancer_v2");
    expect(tf.deref(lb.vip_subnet_id).body.name).toBe("test-nodes");
    const listeners = tf.resources("openstack_lb_listener_v2").map(([, body]) => [body.protocol, body.protocol_port]);
    expect(listeners.sort()).toEqual([
      ["TCP", 6443],
      ["TCP", 9345],
    ]);
    // Octavia cuts a connection idle for 50 s by default: a quiet watch or a `kubectl exec` would be.
    for (const [, listener] of tf.resources("openstack_lb_listener_v2")) {
      expect(listener.timeout_client_data).toBe(3_600_000);
      expect(listener.timeout_member_data).toBe(3_600_000);
    }
    expect(tf.resources("openstack_lb_member_v2")).toHaveLength(6);
    expect(tf.resources("openstack_lb_monitor_v2")).toHaveLength(2);
    expect(cluster.apiEndpoint).toMatch(/^https:\/\/\$\{TfToken\[TOKEN\.\d+\]\}:6443$/);
    expect(cluster.caCertificate).toBeUndefined();
  });

  it("keeps nodes in security groups of its own: nothing from 0.0.0.0/0, SSH only from the bastion, etcd only between servers", () => {
    const all = [...rulesOf("test-kubernetes-servers"), ...rulesOf("test-kubernetes-agents")];
    expect(all.length).toBeGreaterThan(20);
    expect(all.some((rule) => rule.remote_ip_prefix === "0.0.0.0/0")).toBe(false);
    const bastionGroup = tf.ref("openstack_networking_secgroup_v2", groupNamed("test-bastion"));
    for (const name of ["test-kubernetes-servers", "test-kubernetes-agents"]) {
      const ssh = rulesOf(name).filter((rule) => rule.direction === "ingress" && rule.port_range_min === 22);
      expect(ssh).toEqual([expect.objectContaining({ remote_group_id: bastionGroup })]);
      expect(groupNamed(name).delete_default_rules).toBe(true);
    }
    const etcd = rulesOf("test-kubernetes-servers").find((rule) => rule.port_range_min === 2379)!;
    expect(etcd).toMatchObject({ port_range_max: 2381, remote_group_id: tf.ref("openstack_networking_secgroup_v2", groupNamed("test-kubernetes-servers")) });
    expect(rulesOf("test-kubernetes-agents").some((rule) => rule.port_range_min === 2379)).toBe(false);
  });

  it("reaches the registry, mirrors, time, logs, identity provider and provider APIs it declares, and nothing else outside", () => {
    const outside = rulesOf("test-kubernetes-agents")
      .filter((rule) => rule.direction === "egress" && rule.remote_ip_prefix !== subnets.nodes)
      .map((rule) => rule.remote_ip_prefix);
    expect(new Set(outside)).toEqual(
      new Set([
        "192.0.2.53/32",
        "192.0.2.123/32",
        "192.0.2.104/30",
        "192.0.2.108/30",
        "192.0.2.90/32",
        "192.0.2.64/29",
        "192.0.2.72/29",
        "192.0.2.80/29",
        // Compute, network, block storage and load balancers, for the cloud provider's pods.
        "192.0.2.96/29",
        "192.0.2.112/30",
      ]),
    );
  });

  it("gives the OpenStack cloud controller manager servers to run on: its node selector is RKE2's label, its tolerations cover the servers' taints", () => {
    const platform = TerraformJson.of((scope) => new RegionalEdsPlatform(scope, "Eds", platformProps));
    const release = platform
      .resources("helm_release")
      .map(([, body]) => body)
      .find((body) => body.chart === "openstack-cloud-controller-manager")!;
    const values = parse(release.values[0]);
    // RKE2 labels its servers node-role.kubernetes.io/control-plane=true (docs.rke2.io, upgrades/automated).
    const serverLabels: Record<string, string> = { "node-role.kubernetes.io/control-plane": "true", "node-role.kubernetes.io/etcd": "true" };
    expect(Object.entries(values.nodeSelector).every(([key, value]) => serverLabels[key] === value)).toBe(true);
    // A taint is tolerated when a toleration has its key (or none, with Exists), its value (or Exists), and its effect (or none).
    type Toleration = { key?: string; operator?: string; value?: string; effect?: string };
    const tolerates = (tolerations: Toleration[], taint: { key: string; value: string; effect: string }) =>
      tolerations.some(
        (toleration) =>
          (toleration.key === undefined ? toleration.operator === "Exists" : toleration.key === taint.key) &&
          (toleration.operator === "Exists" || toleration.value === taint.value) &&
          (toleration.effect === undefined || toleration.effect === taint.effect),
      );
    const taints = (rke2Config(servers[0]!)["node-taint"] as string[]).map((written) => {
      const [, key, value, effect] = /^([^=]+)=([^:]*):(.+)$/.exec(written)!;
      return { key: key!, value: value!, effect: effect! };
    });
    expect(taints.length).toBeGreaterThan(0);
    for (const taint of taints) expect(tolerates(values.tolerations, taint), `${taint.key}:${taint.effect}`).toBe(true);
    // The chart's own tolerations (NoSchedule taints only) would keep it off the servers: the check can fail.
    expect(taints.every((taint) => tolerates([{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }], taint))).toBe(false);
  });

  it("gives every Kubernetes component and etcd TLS 1.2 at least and the ANSSI's suites, as tls-versions-and-suites judges them", async () => {
    const componentTls = ["tls-min-version=VersionTLS12", `tls-cipher-suites=${anssiTls12GoSuites.join(",")}`];
    for (const node of [...servers, ...agents]) expect(rke2Config(node)["kubelet-arg"]).toEqual(componentTls);
    for (const server of servers) {
      const config = rke2Config(server);
      expect(config["kube-apiserver-arg"]).toEqual(expect.arrayContaining(componentTls));
      expect(config["kube-controller-manager-arg"]).toEqual(componentTls);
      expect(config["kube-scheduler-arg"]).toEqual(componentTls);
      expect(config["etcd-arg"]).toEqual([`cipher-suites=${anssiTls12GoSuites.join(",")}`]);
    }
    const judged = async (document: Record<string, any>) => {
      const file = join(mkdtempSync(join(tmpdir(), "eds-rke2-tls-")), "cluster.tf.json");
      writeFileSync(file, JSON.stringify(document));
      const policy = allPolicies.filter((candidate) => candidate.metadata.id === "tls-versions-and-suites");
      // The instances themselves, not the objects their cloud-configs have RKE2 apply.
      return runPolicies(await readConfigurations([file]), { policies: policy, settings: fixtureSettings }).outcomes.filter((o) =>
        /^openstack_compute_instance_v2\.[^.]+$/.test(o.address),
      );
    };
    const outcomes = await judged(tf.document);
    expect(outcomes).toHaveLength(servers.length + agents.length + 1);
    expect(outcomes.filter((o) => o.status !== "compliant")).toEqual([]);
    // The check can fail: a CBC suite given to one kubelet is found.
    const weakened = JSON.parse(JSON.stringify(tf.document).replace("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"));
    expect((await judged(weakened)).filter((o) => o.status === "violation").length).toBeGreaterThan(0);
  });

  it("configures RKE2 with the CIS profile, audit logging, OIDC, no bundled ingress controller and the regional registry", () => {
    const first = rke2Config(servers[0]!);
    expect(first.server).toBeUndefined();
    expect(first).toMatchObject({ profile: "cis", cni: "canal", "system-default-registry": "registry.example.fr" });
    // No bundled ingress controller: RKE2 would run ingress-nginx on every node beside the platform's Traefik.
    for (const server of servers) expect(rke2Config(server)["ingress-controller"]).toBe("none");
    // RKE2's own defaults (10.42.0.0/16, 10.43.0.0/16) are regions of the national addressing pool.
    expect(first).toMatchObject({ "cluster-cidr": clusterNetworks.pods, "service-cidr": clusterNetworks.services });
    expect(first["kube-apiserver-arg"]).toEqual(
      expect.arrayContaining([
        "oidc-issuer-url=https://sso.example.fr/realms/eds",
        "oidc-client-id=kubernetes",
        "oidc-groups-prefix=oidc:",
        "audit-log-path=/var/lib/rancher/rke2/server/logs/audit.log",
        "audit-log-maxage=30",
      ]),
    );
    expect(parse(fileOf(servers[0]!, "/etc/rancher/rke2/audit-policy.yaml"))).toMatchObject({ apiVersion: "audit.k8s.io/v1", kind: "Policy" });
    expect(rke2Config(servers[1]!).server).toMatch(/^https:\/\/\$\{.+\}:9345$/);
    const { mirrors } = parse(fileOf(servers[0]!, "/etc/rancher/rke2/registries.yaml"));
    expect(mirrors["docker.io"]).toEqual({ endpoint: ["https://registry.example.fr"] });
    // Only the mirrors, never the public registries behind them; and no entry for the region's registry, which would
    // then have no endpoint (an endpoint equal to the default one is ignored: docs.rke2.io, private_registry).
    for (const node of [...servers, ...agents]) expect(rke2Config(node)["disable-default-registry-endpoint"]).toBe(true);
    expect(Object.keys(mirrors)).not.toContain("registry.example.fr");
  });

  it("logs the bodies of changes to airlock requests, the approvals among them, and of nothing else", () => {
    const policy = parse(fileOf(servers[0]!, "/etc/rancher/rke2/audit-policy.yaml"));
    // The first rule a request matches gives its level; an absent field matches everything (k8s.io/apiserver
    // pkg/audit/policy/checker.go, ruleMatches).
    const levelOf = (request: { verb: string; group: string; resource: string; user?: string }) =>
      policy.rules.find(
        (rule: any) =>
          !rule.nonResourceURLs &&
          (!rule.users || rule.users.includes(request.user)) &&
          (!rule.verbs || rule.verbs.includes(request.verb)) &&
          (!rule.resources ||
            rule.resources.some((kinds: any) => kinds.group === request.group && (!kinds.resources || kinds.resources.includes(request.resource)))),
      )?.level;
    expect(levelOf({ verb: "update", group: airlockApi.group, resource: airlockApi.plural })).toBe("RequestResponse");
    expect(levelOf({ verb: "create", group: airlockApi.group, resource: airlockApi.plural })).toBe("RequestResponse");
    expect(levelOf({ verb: "list", group: airlockApi.group, resource: airlockApi.plural })).toBe("Metadata");
    for (const verb of ["get", "create", "update"]) expect(levelOf({ verb, group: "", resource: "secrets" })).toBe("Metadata");
    expect(levelOf({ verb: "watch", group: "", resource: "endpoints", user: "system:kube-proxy" })).toBe("None");
  });

  it("binds the deployers' group to cluster-admin from the servers' first start, and nobody else", () => {
    const binding = parse(fileOf(servers[0]!, "/var/lib/rancher/rke2/server/manifests/eds-deployers.yaml"));
    expect(binding).toEqual({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "eds-deployers" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "oidc:eds-deployers" }],
    });
    expect(() => fileOf(agents[0]!, "/var/lib/rancher/rke2/server/manifests/eds-deployers.yaml")).toThrow();
    expect(cluster.firstApplySteps).toEqual([]);
  });

  it("declares the deployers' cluster-admin binding an exception at the first server, where the policy finds the binding the servers write", async () => {
    const serverAddresses = tf
      .resources("openstack_compute_instance_v2")
      .filter(([, body]) => body.metadata.role === "kubernetes-server")
      .map(([name]) => `openstack_compute_instance_v2.${name}`);
    const declared = declaredExceptions(cluster).filter(({ policy }) => policy === "k8s-no-cluster-admin-binding");
    expect(declared.map(({ id, address }) => `${id} ${address}`)).toEqual([`deployers-cluster-admin ${serverAddresses[0]}`]);
    const file = join(mkdtempSync(join(tmpdir(), "eds-rke2-deployers-")), "cluster.tf.json");
    writeFileSync(file, JSON.stringify(tf.document));
    const policy = allPolicies.filter((candidate) => candidate.metadata.id === "k8s-no-cluster-admin-binding");
    const { outcomes } = runPolicies(await readConfigurations([file]), { policies: policy, settings: fixtureSettings });
    // Each server writes the same binding: one object in the cluster, judged at the first server.
    expect(outcomes.filter((o) => o.status === "violation").map((o) => o.address)).toEqual([
      `${serverAddresses[0]}.user_data["/var/lib/rancher/rke2/server/manifests/eds-deployers.yaml"][0]`,
    ]);
  });

  it("answers, from the cluster DNS, the cluster's names and the region's own only: no other name is forwarded out", () => {
    const manifest = parse(fileOf(servers[0]!, "/var/lib/rancher/rke2/server/manifests/rke2-coredns-config.yaml"));
    expect(manifest).toMatchObject({ apiVersion: "helm.cattle.io/v1", kind: "HelmChartConfig", metadata: { name: "rke2-coredns", namespace: "kube-system" } });
    expect(() => fileOf(agents[0]!, "/var/lib/rancher/rke2/server/manifests/rke2-coredns-config.yaml")).toThrow();
    // The Corefile as rke2-coredns's configmap.yaml writes it from these values (its kubernetes line gets the cluster domain).
    const corefile = (parse(manifest.spec.valuesContent).servers as any[])
      .map((server) =>
        [
          `${server.zones.map((zone: any) => zone.zone).join(" ")}:${server.port} {`,
          ...server.plugins.map(
            (plugin: any) =>
              `    ${plugin.name}${plugin.parameters ? ` ${plugin.name === "kubernetes" ? "cluster.local " : ""}${plugin.parameters}` : ""}${plugin.configBlock ? " { ... }" : ""}`,
          ),
          "}",
        ].join("\n"),
      )
      .join("\n");
    const [cluster, allowed, rest] = corefile.split(/\n}\n/);
    expect(cluster).toMatch(/^cluster\.local in-addr\.arpa ip6\.arpa:53 \{/);
    expect(cluster).toContain("    kubernetes cluster.local in-addr.arpa ip6.arpa { ... }");
    expect(cluster).not.toMatch(/forward|fallthrough/);
    // Names within another's zone are that zone's; a zone's name is given once.
    expect(allowed).toMatch(/^cloud\.example\.fr logs\.example\.fr mirror\.example\.fr registry\.example\.fr s3\.other\.example\.fr sso\.example\.fr:53 \{/);
    expect(allowed).toContain("    forward . 192.0.2.53");
    // Every other name does not exist (NXDOMAIN, so that a resolver trying the search domains goes on to the name).
    expect(rest).toMatch(/^\.:53 \{\n {4}errors\n {4}template ANY ANY \{ \.\.\. \}\n\}$/);
    expect(parse(manifest.spec.valuesContent).servers.at(-1).plugins[1].configBlock).toBe("rcode NXDOMAIN");
    expect(corefile.match(/health|ready|prometheus/g)).toHaveLength(3);
  });

  it("taints the workspaces node group so only analysis workspaces run there", () => {
    const workspaces = agents.filter((agent) => agent.name.includes("-workspaces-"));
    expect(workspaces).toHaveLength(2);
    for (const agent of workspaces) expect(rke2Config(agent)["node-taint"]).toEqual(["eds.region/workspaces=true:NoSchedule"]);
    for (const agent of agents.filter((a) => a.name.includes("-workers-"))) expect(rke2Config(agent)["node-taint"]).toBeUndefined();
  });

  it("takes the join tokens from sensitive variables: no token in the synthesized JSON, agents never get the server token", () => {
    expect(tf.document.variable.rke2_token).toMatchObject({ sensitive: true, nullable: false });
    expect(tf.document.variable.rke2_token.default).toBeUndefined();
    expect(fileOf(servers[0]!, "/etc/rancher/rke2/server-token")).toBe("${var.rke2_token}");
    expect(fileOf(agents[0]!, "/etc/rancher/rke2/agent-token")).toBe("${var.rke2_agent_token}");
    expect(agents[0]!.user_data).not.toContain("var.rke2_token}");
  });

  it("installs the pinned RKE2 release from the in-region mirror", () => {
    const install = fileOf(servers[0]!, "/usr/local/sbin/eds-install-rke2");
    expect(install).toContain('base="https://mirror.example.fr/rke2/v1.35.5+rke2r1"');
    expect(install).toContain('INSTALL_RKE2_VERSION="v1.35.5+rke2r1"');
    expect(install).not.toMatch(/get\.rke2\.io|github\.com/);
    // As Terraform renders it: its references filled in (an address), its escaped `$${` made `${`.
    const rendered = install.replace(/(?<!\$)\$\{[a-z0-9_]+\.[^}]+\}/g, "192.0.2.10").replaceAll("$${", "${");
    expect(shellcheck(rendered, "eds-install-rke2").output).toBe("");
  });

  it("lets a server 0 made again join the cluster that runs, rather than start another", () => {
    const install = fileOf(servers[0]!, "/usr/local/sbin/eds-install-rke2");
    expect(install).toMatch(/\/ping"; then echo "server: https:\/\/\$\{[^}]+\}:9345" >> \/etc\/rancher\/rke2\/config\.yaml/);
    // Before RKE2 starts, with the address the other servers join.
    expect(install.indexOf("/ping")).toBeLessThan(install.indexOf("systemctl enable --now rke2-server"));
    expect(install).toContain(rke2Config(servers[1]!).server);
    for (const node of [servers[1]!, agents[0]!]) expect(fileOf(node, "/usr/local/sbin/eds-install-rke2")).not.toContain("/ping");
  });

  it("writes cloud-configs that Debian's cloud-init accepts, for servers and agents", () => {
    for (const node of [servers[0]!, servers[1]!, agents[0]!]) {
      const result = validate(tool("cloud-init", "cloud-init"), (file) => ["schema", "--config-file", file], node.user_data, "user-data");
      expect(result.status, result.output).toBe(0);
    }
  });
});

describe("a Magnum cluster whose template's labels change", () => {
  const synthesize = (auditLogMaxAgeDays: number, version: string) =>
    TerraformJson.of((scope) => {
      magnumCluster(scope, { auditLogMaxAgeDays, version });
    });
  /**
   * The cluster's replacement trigger and, in place of the cluster (its provider cannot be installed here), a
   * terraform_data with the cluster's own lifecycle block: what Terraform decides for the cluster.
   */
  const standIn = (tf: TerraformJson) => {
    const [name] = tf.resources("terraform_data")[0]!;
    const trigger = tf.only("terraform_data");
    const { lifecycle } = tf.only("openstack_containerinfra_cluster_v1");
    return { resource: { terraform_data: { [name]: { triggers_replace: trigger.triggers_replace }, cluster: { input: "cluster", lifecycle } } } };
  };
  const first = synthesize(30, "v1.35.5");

  it("carries every label but kube_tag into the trigger that replaces the cluster", () => {
    const trigger = first.only("terraform_data");
    const template = first.only("openstack_containerinfra_clustertemplate_v1");
    const { kube_tag: _, ...others } = template.labels;
    expect(trigger.triggers_replace).toEqual(others);
    expect(first.only("openstack_containerinfra_cluster_v1").lifecycle).toEqual({
      prevent_destroy: true,
      replace_triggered_by: [`terraform_data.${first.resources("terraform_data")[0]![0]}`],
    });
  });

  it.skipIf(!terraform)(
    "fails the plan when a label other than kube_tag changes, and plans an upgrade when only the version does (runs when terraform is on the PATH)",
    () => {
      const folder = mkdtempSync(join(tmpdir(), "eds-magnum-labels-"));
      const env = { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" };
      const step = (...args: string[]) => spawnSync("terraform", args, { cwd: folder, env, encoding: "utf8" });
      const write = (tf: TerraformJson) => writeFileSync(join(folder, "main.tf.json"), JSON.stringify(standIn(tf)));
      write(first);
      expect(step("init", "-input=false").status).toBe(0);
      expect(step("apply", "-input=false", "-auto-approve").status).toBe(0);
      write(synthesize(30, "v1.35.6"));
      expect(step("plan", "-input=false", "-detailed-exitcode").status).toBe(0);
      write(synthesize(7, "v1.35.5"));
      const plan = step("plan", "-input=false");
      expect(plan.status).toBe(1);
      expect(plan.stderr).toMatch(/prevent_destroy/);
    },
    60_000,
  );
});
