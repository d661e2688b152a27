import { describe, expect, it } from "vitest";
import { ResourceGraph } from "../../policies/engine/graph";
import { addTerraformJson, emptyConfiguration } from "../../policies/inputs/terraform-json";
import { groupsOfInstance, notAnEncryptedType, portsTakingOver, remotePath } from "../../policies/lib/openstack";
import type { TfResource } from "../../policies/engine/model";
import { findingsOf, findingsOnFixture, fixtureCases, fixtureSettings } from "./fixture-runner";

describe("the words of the volume encryption findings", () => {
  it("name the type written, or say that the cloud's default is used, and which types are accepted", () => {
    expect(notAnEncryptedType("volume type", "standard", ["encrypted-ssd"])).toBe('volume type "standard" is not one of the encrypted types encrypted-ssd');
    expect(notAnEncryptedType("the boot volume's type", undefined, ["encrypted-ssd", "encrypted-hdd"])).toBe(
      "the boot volume's type is not set: the cloud's default type is used, not one of the encrypted types encrypted-ssd, encrypted-hdd",
    );
    expect(notAnEncryptedType("volume type", "standard", [])).toBe(
      'volume type "standard" is not one of the encrypted types, and none is declared (settings: encryptedVolumeTypes)',
    );
  });
});

describe("the words of the ICMP finding", () => {
  it("say every type for a type 0, which gophercloud leaves out, and name any other type", async () => {
    const { default: icmpErrorsOnly } = await import("../../policies/rules/network/secgroup-public-icmp-errors-only");
    const messageFor = (type: number) => {
      const built = emptyConfiguration("test");
      const rule = { direction: "ingress", ethertype: "IPv4", protocol: "icmp", port_range_min: type, port_range_max: 0, remote_ip_prefix: "0.0.0.0/0" };
      addTerraformJson(built, { resource: { openstack_networking_secgroup_rule_v2: { icmp: rule } } }, "test.tf.json");
      const graph = new ResourceGraph(built);
      return (icmpErrorsOnly.check(built.resources[0]!, { graph, settings: fixtureSettings }) as { message: string }[]).map((v) => v.message);
    };
    expect(messageFor(0)).toEqual(["ingress ICMP from 0.0.0.0/0 of every type: only the error types 3, 11, 12 may come from anywhere"]);
    expect(messageFor(5)).toEqual(["ingress ICMP from 0.0.0.0/0 of type 5: only the error types 3, 11, 12 may come from anywhere"]);
  });
});

describe("the words of a finding on a remote group's address pairs", () => {
  it("name each address the group's ports let through once", async () => {
    const { default: noPublicSsh } = await import("../../policies/rules/network/secgroup-no-public-ssh");
    const built = emptyConfiguration("test");
    const port = (pair: string) => ({
      network_id: "n",
      security_group_ids: ["${openstack_networking_secgroup_v2.nodes.id}"],
      allowed_address_pairs: [{ ip_address: pair }],
    });
    addTerraformJson(
      built,
      {
        resource: {
          openstack_networking_secgroup_v2: { nodes: { name: "nodes" } },
          openstack_networking_port_v2: { a: port("0.0.0.0/0"), b: port("0.0.0.0/0"), c: port("192.0.2.0/24") },
          openstack_networking_secgroup_rule_v2: {
            ssh: {
              direction: "ingress",
              ethertype: "IPv4",
              protocol: "tcp",
              port_range_min: 22,
              port_range_max: 22,
              remote_group_id: "${openstack_networking_secgroup_v2.nodes.id}",
              security_group_id: "${openstack_networking_secgroup_v2.nodes.id}",
            },
          },
        },
      },
      "test.tf.json",
    );
    const graph = new ResourceGraph(built);
    const rule = built.resources.find((resource) => resource.type === "openstack_networking_secgroup_rule_v2")!;
    expect((noPublicSsh.check(graph.resolved(rule), { graph, settings: fixtureSettings }) as { message: string }[]).map((v) => v.message)).toEqual([
      "ingress from the address pairs of the members of openstack_networking_secgroup_v2.nodes (0.0.0.0/0, 192.0.2.0/24) opens SSH (22) to the Internet",
    ]);
  });
});

describe("the words of the IPv6 ingress finding", () => {
  it("name the ports the rule opens", async () => {
    const { default: noPublicIpv6 } = await import("../../policies/rules/network/secgroup-no-public-ingress-ipv6");
    const messageFor = (ports: Record<string, unknown>) => {
      const built = emptyConfiguration("test");
      const rule = { direction: "ingress", ethertype: "IPv6", remote_ip_prefix: "::/0", ...ports };
      addTerraformJson(built, { resource: { openstack_networking_secgroup_rule_v2: { open: rule } }, variable: { port: {} } }, "test.tf.json");
      const graph = new ResourceGraph(built);
      return (noPublicIpv6.check(built.resources[0]!, { graph, settings: fixtureSettings }) as { message: string }[]).map((v) => v.message);
    };
    const opens = (what: string) => [`ingress from ::/0 opens ${what} to the whole IPv6 Internet`];
    expect(messageFor({ protocol: "tcp", port_range_min: 22, port_range_max: 22 })).toEqual(opens("22 (SSH)"));
    expect(messageFor({ protocol: "tcp", port_range_min: 8443, port_range_max: 8443 })).toEqual(opens("8443"));
    expect(messageFor({ protocol: "udp", port_range_min: 30000, port_range_max: 32767 })).toEqual(opens("ports 30000-32767"));
    expect(messageFor({ protocol: "tcp" })).toEqual(opens("every port"));
    expect(messageFor({})).toEqual(opens("every port"));
    expect(messageFor({ protocol: "gre" })).toEqual(opens("every packet of protocol gre"));
    expect(messageFor({ protocol: "tcp", port_range_min: "${var.port}", port_range_max: "${var.port}" })).toEqual(opens("the ports it names"));
    // A service is named for the transport it speaks: not SSH over UDP or SCTP, DNS over UDP too, a protocol in capitals as Neutron reads it.
    expect(messageFor({ protocol: "udp", port_range_min: 22, port_range_max: 22 })).toEqual(opens("22"));
    expect(messageFor({ protocol: "132", port_range_min: 22, port_range_max: 22 })).toEqual(opens("22"));
    expect(messageFor({ protocol: "udp", port_range_min: 53, port_range_max: 53 })).toEqual(opens("53 (DNS)"));
    expect(messageFor({ port_range_min: 22, port_range_max: 22 })).toEqual(opens("every port"));
    expect(messageFor({ protocol: "TCP", port_range_min: 22, port_range_max: 22 })).toEqual(opens("22 (SSH)"));
    expect(messageFor({ protocol: "GRE" })).toEqual(opens("every packet of protocol gre"));
  });
});

describe("the words of the web ports finding", () => {
  /** What secgroup-public-web-ports-only says of one rule from anywhere, of a protocol and a port range. */
  const messageFor = async (protocol: string, min: number, max = min) => {
    const { default: webPortsOnly } = await import("../../policies/rules/network/secgroup-public-web-ports-only");
    const built = emptyConfiguration("test");
    const rule = { direction: "ingress", ethertype: "IPv4", remote_ip_prefix: "0.0.0.0/0", protocol, port_range_min: min, port_range_max: max };
    addTerraformJson(built, { resource: { openstack_networking_secgroup_rule_v2: { open: rule } } }, "test.tf.json");
    const graph = new ResourceGraph(built);
    return (webPortsOnly.check(built.resources[0]!, { graph, settings: fixtureSettings }) as { message: string }[]).map((v) => v.message);
  };
  const reaches = (what: string) => [`ingress from 0.0.0.0/0 reaches ${what}: only 80 and 443 may face the Internet`];

  it("name a service only for the transport it speaks, and leave a protocol in capitals to the policy of its port", async () => {
    expect(await messageFor("sctp", 22)).toEqual(reaches("22"));
    expect(await messageFor("udp", 3389)).toEqual([]);
    expect(await messageFor("UDP", 5432)).toEqual(reaches("5432"));
    expect(await messageFor("tcp", 5432)).toEqual(reaches("5432 (PostgreSQL)"));
    // SSH over TCP is secgroup-no-public-ssh's, however the protocol's name is written.
    expect(await messageFor("TCP", 22)).toEqual([]);
  });

  it("name the well-known services a range opens, the most telling first, and count those beyond three", async () => {
    expect(await messageFor("tcp", 444, 65535)).toEqual(
      reaches("ports 444-65535 (among them 3389 (RDP), 6443 (the Kubernetes API), 10250 (the kubelet) and 10 more)"),
    );
    expect(await messageFor("tcp", 5000, 5500)).toEqual(reaches("ports 5000-5500 (among them 5432 (PostgreSQL))"));
    expect(await messageFor("udp", 1000, 4000)).toEqual(reaches("ports 1000-4000 (among them 3389 (RDP))"));
    expect(await messageFor("tcp", 30000, 32767)).toEqual(reaches("ports 30000-32767"));
  });
});

describe("the words of the floating IP finding", () => {
  /** What the floating IP policy finds on the one floating IP of these resources. */
  const floatingIpFindings = async (resources: Record<string, unknown>) => {
    const { default: floatingIpPolicy } = await import("../../policies/rules/network/floating-ip-bastion-or-ingress-only");
    const built = emptyConfiguration("test");
    addTerraformJson(built, { resource: { openstack_networking_floatingip_v2: { fip: { pool: "public" } }, ...resources } }, "test.tf.json");
    const fip = built.resources.find((resource) => resource.type === "openstack_networking_floatingip_v2")!;
    return floatingIpPolicy.check(fip, { graph: new ResourceGraph(built), settings: fixtureSettings });
  };
  const address = "${openstack_networking_floatingip_v2.fip.address}";

  it("name the association that binds it, and no port_id the floating IP does not write", async () => {
    const findings = await floatingIpFindings({
      openstack_networking_port_v2: { db: { network_id: "net" } },
      openstack_networking_floatingip_associate_v2: { assoc: { floating_ip: address, port_id: "${openstack_networking_port_v2.db.id}" } },
    });
    expect(findings).toEqual([
      {
        message:
          'the floating IP, bound by openstack_networking_floatingip_associate_v2.assoc, reaches openstack_networking_port_v2.db, which no declared instance uses: it is neither a bastion\'s (labelled metadata.role = "bastion", a tag "bastion", or "bastion" in metadata.kubespray_groups) nor the ingress load balancer\'s',
        path: undefined,
      },
    ]);
  });

  it("name the compute association that binds a non-bastion, of several, and no port_id", async () => {
    const findings = await floatingIpFindings({
      openstack_compute_instance_v2: { bastion: { name: "bastion", metadata: { role: "bastion" } }, vault: { name: "vault" } },
      openstack_compute_floatingip_associate_v2: {
        a_bastion: { floating_ip: address, instance_id: "${openstack_compute_instance_v2.bastion.id}" },
        assoc: { floating_ip: address, instance_id: "${openstack_compute_instance_v2.vault.id}" },
      },
    });
    expect(findings).toEqual([
      {
        message:
          'the floating IP, bound by openstack_compute_floatingip_associate_v2.assoc, reaches openstack_compute_instance_v2.vault, which is neither labelled a bastion (metadata.role = "bastion", a tag "bastion", or "bastion" in metadata.kubespray_groups) nor the ingress load balancer',
        path: undefined,
      },
    ]);
  });
});

describe("ports that take over a virtual address", () => {
  it("hold its fixed IP in allowed_address_pairs, as an address or a block, never the address's own port", () => {
    const built = emptyConfiguration("test");
    const pair = (ip_address: string) => ({ network_id: "net", allowed_address_pairs: [{ ip_address }] });
    addTerraformJson(
      built,
      {
        resource: {
          openstack_networking_port_v2: {
            vip: { network_id: "net", fixed_ip: [{ subnet_id: "subnet", ip_address: "10.40.0.10" }], allowed_address_pairs: [{ ip_address: "10.40.0.10" }] },
            address: pair("10.40.0.10"),
            host: pair("10.40.0.10/32"),
            other: pair("10.40.0.11"),
            wider: pair("10.40.0.0/24"),
          },
        },
      },
      "test.tf.json",
    );
    const graph = new ResourceGraph(built);
    const vip = built.resources.find(({ name }) => name === "vip")!;
    expect(portsTakingOver(vip, graph).map(({ name }) => name)).toEqual(["address", "host", "wider"]);
  });
});

describe("the words of the user data finding on a generated private key", () => {
  it("name the key's attribute, through a template file's variable too, and its line", async () => {
    expect(await findingsOnFixture("instance-user-data-no-secrets", "generated-private-keys-written-out")).toEqual([
      "violation openstack_compute_instance_v2.bad_keypair_key: user_data contains a private key generated at apply (openstack_compute_keypair_v2.generated.private_key, line 6 of the user data)",
      "violation openstack_compute_instance_v2.bad_through_a_template: user_data contains a private key generated at apply (tls_private_key.bastion.private_key_openssh, line 6 of the user data)",
    ]);
  });
});

describe("the words of the user data finding on a file named for a secret", () => {
  it("name the file's path and what it is written with, never a literal's text", async () => {
    expect(await findingsOnFixture("instance-user-data-no-secrets", "secret-files-written")).toEqual([
      "violation openstack_compute_instance_v2.bad_generated_token: user_data writes a value generated at apply (random_string.join.result) to /etc/rancher/rke2/agent-token, a file named for a secret",
      "violation openstack_compute_instance_v2.bad_injected_credentials: the file injected at /root/.config/restic/credentials holds a literal value (not shown), and its path names a secret",
      "violation openstack_compute_instance_v2.bad_literal_token: user_data writes a literal value (not shown) to /var/lib/rancher/rke2/server/token, a file named for a secret",
    ]);
  });
});

describe("the words of the floating IP finding on a virtual address", () => {
  it("name the ports that take the address over and the instances behind them", async () => {
    expect(await findingsOnFixture("floating-ip-bastion-or-ingress-only", "virtual-address-taken-over-by-servers")).toEqual([
      'violation openstack_networking_floatingip_v2.bad_api: the floating IP is the address of openstack_networking_port_v2.vip, which openstack_networking_port_v2.server[0], openstack_networking_port_v2.server[1] take over (allowed_address_pairs): it reaches openstack_compute_instance_v2.server[0], openstack_compute_instance_v2.server[1], which is neither labelled a bastion (metadata.role = "bastion", a tag "bastion", or "bastion" in metadata.kubespray_groups) nor the ingress load balancer',
    ]);
  });
});

describe("the words of the load balancer findings", () => {
  it("say which member's port or which listener's protocol is known only at apply", async () => {
    expect(await findingsOnFixture("floating-ip-bastion-or-ingress-only", "load-balancer-ports-and-protocol-from-variables")).toEqual([
      "cannot-evaluate openstack_networking_floatingip_v2.bad_member_port: the floating IP reaches openstack_lb_loadbalancer_v2.member_port, whose listener openstack_lb_listener_v2.member_port on port 443 forwards to a member of openstack_lb_members_v2.member_port, whose port is known only at apply",
      "cannot-evaluate openstack_networking_floatingip_v2.bad_protocol: the floating IP reaches openstack_lb_loadbalancer_v2.protocol, whose listener openstack_lb_listener_v2.protocol on port 443 speaks a protocol known only at apply: plain HTTP would encrypt nothing",
    ]);
  });
});

describe("the words of the plain HTTP findings", () => {
  const advice =
    'redirect every request to HTTPS at the load balancer (an L7 policy REDIRECT_PREFIX or REDIRECT_TO_URL to https://, with a rule PATH STARTS_WITH "/")';
  it("name the listener that forwards plain HTTP, with or without an L7 policy that redirects only part of it", async () => {
    expect(await findingsOnFixture("floating-ip-bastion-or-ingress-only", "plain-http-forwarded-on-80")).toEqual([
      `violation openstack_networking_floatingip_v2.bad_partial: the floating IP reaches openstack_lb_loadbalancer_v2.partial, whose listener openstack_lb_listener_v2.partial on port 80 forwards plain HTTP to its pool: requests and answers cross the Internet in clear; ${advice}`,
      `violation openstack_networking_floatingip_v2.bad_web: the floating IP reaches openstack_lb_loadbalancer_v2.web, whose listener openstack_lb_listener_v2.http on port 80 forwards plain HTTP to its pool: requests and answers cross the Internet in clear; ${advice}`,
    ]);
  });

  it("keep the administration port a plain HTTP listener forwards to", async () => {
    const findings = await findingsOnFixture("floating-ip-bastion-or-ingress-only", "l7-policy-redirects-to-the-api");
    expect(findings).toContain(
      "violation openstack_networking_floatingip_v2.bad_ingress: the floating IP reaches openstack_lb_loadbalancer_v2.ingress, whose listener openstack_lb_listener_v2.http on port 80 forwards to port 6443 (the Kubernetes API)",
    );
    expect(findings).toHaveLength(2);
  });

  it("say when the redirection's address or the listener's protocol is known only at apply", async () => {
    expect(await findingsOnFixture("floating-ip-bastion-or-ingress-only", "http-redirect-from-a-variable")).toEqual([
      `cannot-evaluate openstack_networking_floatingip_v2.bad_protocol: the floating IP reaches openstack_lb_loadbalancer_v2.protocol, whose listener openstack_lb_listener_v2.protocol on port 80 speaks a protocol known only at apply and forwards to its pool: in plain HTTP, ${advice}`,
      "cannot-evaluate openstack_networking_floatingip_v2.bad_web: the floating IP reaches openstack_lb_loadbalancer_v2.web, whose listener openstack_lb_listener_v2.http on port 80 may redirect to HTTPS, to an address known only at apply: what it serves in clear cannot be told",
    ]);
  });
});

describe("where the external network finding points", () => {
  it("at the network block an instance joins the external network by", async () => {
    const fixture = fixtureCases("external-network-bastion-or-ingress-only").find((each) => each.name === "network-named-in-the-settings")!;
    const findings = (await findingsOf(fixture)).filter((finding) => finding.policyId === "external-network-bastion-or-ingress-only");
    expect(findings.map((finding) => `${finding.address} ${finding.path} :${finding.line}`)).toEqual([
      "openstack_compute_instance_v2.bad_web network[0].name :9",
    ]);
  });
});

describe("the words of the block device findings", () => {
  it("name the boot volume for boot_index 0 (or the first device with none), and an attached volume otherwise", async () => {
    const { default: bootVolume } = await import("../../policies/rules/compute/instance-boot-volume-encrypted");
    const built = emptyConfiguration("test");
    const device = (bootIndex: number | undefined) => ({
      source_type: "image",
      uuid: "00000000-0000-4000-8000-000000000001",
      destination_type: "volume",
      volume_size: 20,
      volume_type: "standard",
      ...(bootIndex === undefined ? {} : { boot_index: bootIndex }),
    });
    addTerraformJson(
      built,
      { resource: { openstack_compute_instance_v2: { vm: { name: "vm", block_device: [device(undefined), device(-1)] } } } },
      "test.tf.json",
    );
    const messages = (bootVolume.check(built.resources[0]!, { graph: new ResourceGraph(built), settings: fixtureSettings }) as { message: string }[]).map(
      (violation) => violation.message.split(" is not ")[0],
    );
    expect(messages).toEqual(['the boot volume\'s type "standard"', 'the type of this attached volume "standard"']);
  });
});

describe("the words of the Magnum API finding", () => {
  it("say the control plane nodes get a floating IP on a cluster whose template has no load balancer", async () => {
    const { default: privateApi } = await import("../../policies/rules/cluster/magnum-private-api");
    const built = emptyConfiguration("test");
    const labels = { master_lb_floating_ip_enabled: "true" };
    addTerraformJson(
      built,
      {
        resource: {
          openstack_containerinfra_clustertemplate_v1: { t: { name: "t", coe: "kubernetes", image: "i", master_lb_enabled: false, labels } },
          openstack_containerinfra_cluster_v1: { c: { name: "c", cluster_template_id: "${openstack_containerinfra_clustertemplate_v1.t.id}", labels } },
        },
      },
      "test.tf.json",
    );
    const graph = new ResourceGraph(built);
    for (const resource of built.resources)
      expect((privateApi.check(resource, { graph, settings: fixtureSettings }) as { message: string }[]).map((v) => v.message)).toEqual([
        'master_lb_floating_ip_enabled is "true": the control plane nodes get a floating IP',
      ]);
  });

  it("say which part of the API is exposed by what master_lb_enabled is: unset (Magnum's default, none), true, or known only at apply or outside", async () => {
    const { default: privateApi } = await import("../../policies/rules/cluster/magnum-private-api");
    const built = emptyConfiguration("test");
    const template = (loadBalancer: Record<string, unknown>) => ({ name: "t", coe: "kubernetes", image: "i", ...loadBalancer, labels: {} });
    addTerraformJson(
      built,
      {
        resource: {
          openstack_containerinfra_clustertemplate_v1: {
            unset: template({}),
            enabled: template({ master_lb_enabled: true }),
            unknown: template({ master_lb_enabled: "${var.load_balancer}" }),
          },
          // Its template outside the configuration, which decides unseen.
          openstack_containerinfra_cluster_v1: {
            outside: { name: "c", cluster_template_id: "00000000-0000-0000-0000-000000000001", labels: { kube_tag: "v1.35.5" } },
          },
        },
      },
      "test.tf.json",
    );
    const graph = new ResourceGraph(built);
    const said = built.resources.map((resource) => [
      resource.name,
      (privateApi.check(resource, { graph, settings: fixtureSettings }) as { message: string }[]).map((v) => v.message.split(", so ")[1]),
    ]);
    expect(said).toEqual([
      ["unset", ["the control plane nodes get a floating IP"]],
      ["enabled", ["the API load balancer gets a floating IP"]],
      ["unknown", ["the API (its load balancer, or the control plane nodes without one) gets a floating IP"]],
      ["outside", ["the API (its load balancer, or the control plane nodes without one) gets a floating IP"]],
    ]);
  });
});

describe("groupsOfInstance", () => {
  const graphOf = (resource: Record<string, Record<string, Record<string, unknown>>>) => {
    const built = emptyConfiguration("test");
    addTerraformJson(built, { resource }, "test.tf.json");
    return new ResourceGraph(built);
  };
  const groups = {
    web: { name: "web", description: "web" },
    db: { name: "${var.prefix}-db", description: "db" },
  };
  const namesOf = (securityGroups: unknown[], ports: Record<string, Record<string, unknown>> = {}) => {
    const graph = graphOf({
      openstack_networking_secgroup_v2: groups,
      openstack_networking_port_v2: ports,
      openstack_compute_instance_v2: {
        vm: {
          name: "vm",
          security_groups: securityGroups,
          network: Object.keys(ports).map((port) => ({ port: `\${openstack_networking_port_v2.${port}.id}` })),
        },
      },
    });
    return groupsOfInstance(graph.resource("openstack_compute_instance_v2.vm")!, graph).map((group) => group.address);
  };
  it("takes the groups its ports and its security_groups name, by reference or by a name written, never by a name unknown", () => {
    expect(namesOf(["web"])).toEqual(["openstack_networking_secgroup_v2.web"]);
    expect(namesOf(["${openstack_networking_secgroup_v2.db.name}"])).toEqual(["openstack_networking_secgroup_v2.db"]);
    // A name known only at apply matches no group, not every group whose name is known only at apply.
    expect(namesOf(["${var.admin_group}"])).toEqual([]);
    expect(namesOf([], { p: { network_id: "n", security_group_ids: ["${openstack_networking_secgroup_v2.web.id}"] } })).toEqual([
      "openstack_networking_secgroup_v2.web",
    ]);
    // On ports given to it, an instance's security_groups apply to nothing: Nova applies them only to the ports it makes.
    expect(namesOf(["web"], { p: { network_id: "n", security_group_ids: ["${openstack_networking_secgroup_v2.db.id}"] } })).toEqual([
      "openstack_networking_secgroup_v2.db",
    ]);
    expect(namesOf(["${openstack_networking_secgroup_v2.db.name}"], { p: { network_id: "n" } })).toEqual([]);
  });
  it("takes every group the configuration makes with the name written, and no group it only looks up", () => {
    const built = emptyConfiguration("test");
    const instance = { vm: { name: "vm", security_groups: ["web"] } };
    addTerraformJson(
      built,
      {
        resource: {
          openstack_networking_secgroup_v2: { web: { name: "web" }, web_again: { name: "web" }, db: { name: "db" } },
          openstack_compute_instance_v2: instance,
        },
        data: { openstack_networking_secgroup_v2: { web: { name: "web" } } },
      },
      "test.tf.json",
    );
    const graph = new ResourceGraph(built);
    expect(groupsOfInstance(graph.resource("openstack_compute_instance_v2.vm")!, graph).map((group) => group.address)).toEqual([
      "openstack_networking_secgroup_v2.web",
      "openstack_networking_secgroup_v2.web_again",
    ]);
  });
});

describe("bastion-ssh-admin-cidrs-only", () => {
  it("judges the SSH rules of the groups a bastion is in, not those its security_groups name beside ports given to it", async () => {
    const { default: bastionSsh } = await import("../../policies/rules/compute/bastion-ssh-admin-cidrs-only");
    const built = emptyConfiguration("test");
    const ssh = (group: string, from: string) => ({
      security_group_id: `\${openstack_networking_secgroup_v2.${group}.id}`,
      direction: "ingress",
      ethertype: "IPv4",
      protocol: "tcp",
      port_range_min: 22,
      port_range_max: 22,
      remote_ip_prefix: from,
    });
    const bastion = (network: Record<string, unknown>) => ({ name: "bastion", metadata: { role: "bastion" }, security_groups: ["legacy"], network: [network] });
    addTerraformJson(
      built,
      {
        resource: {
          openstack_networking_secgroup_v2: { admin: { name: "admin" }, legacy: { name: "legacy" } },
          openstack_networking_secgroup_rule_v2: { admin: ssh("admin", "192.0.2.0/28"), legacy: ssh("legacy", "0.0.0.0/0") },
          openstack_networking_port_v2: { bastion: { network_id: "n", security_group_ids: ["${openstack_networking_secgroup_v2.admin.id}"] } },
          openstack_compute_instance_v2: {
            on_port: bastion({ port: "${openstack_networking_port_v2.bastion.id}" }),
            on_port_given: bastion({ port: "${var.bastion_port_id}" }),
            on_network: bastion({ uuid: "00000000-0000-4000-8000-000000000001" }),
          },
        },
      },
      "test.tf.json",
    );
    const judged = (address: string, only: string) => {
      const resources = built.resources.filter((resource) => !resource.address.startsWith("openstack_compute_instance_v2.") || resource.address === only);
      const configuration = { ...built, resources };
      const rule = configuration.resources.find((resource) => resource.address === address)!;
      return bastionSsh.check(rule, { graph: new ResourceGraph(configuration), settings: { ...fixtureSettings, adminCidrs: ["192.0.2.0/24"] } }) as unknown[];
    };
    // On a port given to it, ours or another's, the legacy group is not the bastion's: Nova does not apply it there.
    expect(judged("openstack_networking_secgroup_rule_v2.legacy", "openstack_compute_instance_v2.on_port")).toEqual([]);
    expect(judged("openstack_networking_secgroup_rule_v2.legacy", "openstack_compute_instance_v2.on_port_given")).toEqual([]);
    // On a port Nova makes, it is: its rule from anywhere is found.
    expect(judged("openstack_networking_secgroup_rule_v2.legacy", "openstack_compute_instance_v2.on_network")).toHaveLength(1);
    expect(judged("openstack_networking_secgroup_rule_v2.admin", "openstack_compute_instance_v2.on_port")).toEqual([]);
  });
});

describe("where a rule's finding points", () => {
  it("points the finding on a rule without any remote at remote_ip_prefix, where the remote is missing", () => {
    const rule = {
      type: "openstack_networking_secgroup_rule_v2",
      name: "ssh",
      address: "openstack_networking_secgroup_rule_v2.ssh",
      file: "main.tf",
      values: { direction: "ingress", ethertype: "IPv4", protocol: "tcp", port_range_min: 22, port_range_max: 22 },
    } as unknown as TfResource;
    expect(remotePath(rule)).toBe("remote_ip_prefix");
  });
});

describe("the words of default-secgroup-unused", () => {
  it("say that a network looked up may have port security off, which the configuration does not show", async () => {
    expect(await findingsOnFixture("default-secgroup-unused", "port-on-a-network-looked-up")).toEqual([
      "violation openstack_networking_port_v2.bad_private: the port names no security group: Neutron puts it in the project's default group, unless port security is off on the network it looks up (data.openstack_networking_network_v2.vrack), which the configuration does not show",
    ]);
  });
});

describe("the words of the Magnum label findings", () => {
  it("offer as what a label may have meant only a label the resource does not set already", async () => {
    expect(await findingsOnFixture("magnum-labels-known", "misspelling-beside-the-label-it-would-mean")).toEqual([
      'violation openstack_containerinfra_clustertemplate_v1.bad_template: the label auto_healing_controller is not read by magnum-cluster-api v0.38.1, the cloud\'s driver (settings: magnumDriver; the image "ubuntu-2404-kube-v1.35.5", whose os_distro property is not in the configuration, could select another), so it has no effect',
    ]);
  });

  it("say that the driver is the one the settings name where the template's image is not known here, and not where it selects that driver", async () => {
    expect(await findingsOnFixture("magnum-labels-known", "label-of-a-template-on-an-ubuntu-image")).toEqual([
      "violation openstack_containerinfra_clustertemplate_v1.bad_ubuntu: the label kube_dashboard_enabled is not read by magnum-cluster-api v0.38.1, so it has no effect",
    ]);
  });
});
