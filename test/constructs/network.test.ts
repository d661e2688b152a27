import { describe, expect, it } from "vitest";
import { IsolatedNetwork } from "../../constructs/network/isolated-network";
import { SecurityGroup } from "../../constructs/network/security-group";
import { TerraformJson } from "../helpers/terraform";

const subnets = { admin: "10.40.0.0/24", dmz: "10.40.1.0/24", data: "10.40.2.0/24", nodes: "10.40.16.0/20" };

describe("IsolatedNetwork", () => {
  const tf = TerraformJson.of(
    (scope) => new IsolatedNetwork(scope, "Network", { namePrefix: "test", subnets, externalNetwork: "ext-net", dnsNameservers: ["192.0.2.53"] }),
  );

  it("creates one subnet per role with its CIDR, all on the region's network", () => {
    const network = tf.only("openstack_networking_network_v2");
    const all = tf.resources("openstack_networking_subnet_v2").map(([, body]) => body);
    expect(all.map((subnet) => [subnet.name, subnet.cidr]).sort()).toEqual([
      ["test-admin", "10.40.0.0/24"],
      ["test-data", "10.40.2.0/24"],
      ["test-dmz", "10.40.1.0/24"],
      ["test-nodes", "10.40.16.0/20"],
    ]);
    for (const subnet of all) {
      expect(subnet.network_id).toBe(tf.ref("openstack_networking_network_v2", network));
      expect(subnet.dns_nameservers).toEqual(["192.0.2.53"]);
      expect(subnet.ip_version).toBe(4);
    }
  });

  it("routes every subnet through one router whose external leg is the provider's external network", () => {
    const router = tf.only("openstack_networking_router_v2");
    expect(tf.deref(router.external_network_id).body).toMatchObject({ name: "ext-net", external: true });
    // Neutron lets only admins set enable_snat, even to true: the key must not be sent.
    expect(router).not.toHaveProperty("enable_snat");
    const interfaces = tf.resources("openstack_networking_router_interface_v2").map(([, body]) => body);
    expect(interfaces).toHaveLength(4);
    for (const routerInterface of interfaces) {
      expect(routerInterface.router_id).toBe(tf.ref("openstack_networking_router_v2", router));
      expect(tf.deref(routerInterface.subnet_id).type).toBe("openstack_networking_subnet_v2");
    }
    expect(new Set(interfaces.map((i) => tf.deref(i.subnet_id).body.name)).size).toBe(4);
  });

  it("creates no floating IP and no security group of its own", () => {
    expect(tf.resources("openstack_networking_floatingip_v2")).toEqual([]);
    expect(tf.resources("openstack_networking_secgroup_v2")).toEqual([]);
  });
});

describe("SecurityGroup", () => {
  const tf = TerraformJson.of((scope) => {
    const group = new SecurityGroup(scope, "Group", {
      name: "test-web",
      description: "What the group protects",
      rules: [
        { id: "Https", direction: "ingress", protocol: "tcp", ports: 443, peer: { cidr: "192.0.2.0/24" }, why: "Users reach the portal" },
        { id: "Range", direction: "egress", protocol: "udp", ports: [1000, 1010], peer: { cidr: "10.0.0.0/8" }, why: "A port range" },
        { id: "Ping", direction: "egress", protocol: "icmp", peer: { cidr: "10.0.0.0/8" }, why: "Reachability checks" },
      ],
    });
    const peers = new SecurityGroup(scope, "Peers", { name: "test-peers", description: "The group's peers" });
    peers.allow({ id: "FromGroup", direction: "ingress", protocol: "tcp", ports: 2379, peer: { group }, why: "From the members of the first group" });
  });

  it("allows a flow another already allows with that rule, its reason added: Neutron refuses a second rule of the same key", () => {
    const merged = TerraformJson.of((scope) => {
      const group = new SecurityGroup(scope, "Group", { name: "test-mirrors", description: "Mirrors" });
      for (const name of ["debian", "rke2"])
        group.allow({ id: `Mirror-${name}`, direction: "egress", protocol: "tcp", ports: 443, peer: { cidr: "192.0.2.104/30" }, why: `The ${name} mirror` });
      group.allow({ id: "Long", direction: "egress", protocol: "tcp", ports: 443, peer: { cidr: "192.0.2.104/30" }, why: "x".repeat(300) });
    });
    const rules = merged.resources("openstack_networking_secgroup_rule_v2").map(([, body]) => body);
    expect(rules).toHaveLength(1);
    // Neutron takes 1-65535 for no range at all (_make_canonical_port_range): the same rule as one with no ports.
    const everyPort = TerraformJson.of((scope) => {
      const group = new SecurityGroup(scope, "Group", { name: "test-nodes", description: "Nodes" });
      group.allow({ id: "Range", direction: "egress", protocol: "tcp", ports: [1, 65535], peer: { cidr: "10.0.0.0/20" }, why: "Every port" });
      group.allow({ id: "NoPorts", direction: "egress", protocol: "tcp", peer: { cidr: "10.0.0.0/20" }, why: "Any port" });
    });
    expect(everyPort.resources("openstack_networking_secgroup_rule_v2")).toHaveLength(1);
    expect(rules[0]!.description).toMatch(/^The debian mirror; The rke2 mirror; x+\.\.\.$/);
    // Neutron keeps 255 characters of a description.
    expect(rules[0]!.description).toHaveLength(255);
  });

  it("deletes Neutron's default rules and carries a description", () => {
    expect(tf.named("openstack_networking_secgroup_v2", "test-web")).toMatchObject({ description: "What the group protects", delete_default_rules: true });
  });

  it("names another group as the remote end of a rule, by reference", () => {
    const rule = tf.resources("openstack_networking_secgroup_rule_v2").find(([, body]) => body.description === "From the members of the first group")![1];
    expect(rule.remote_group_id).toBe(tf.ref("openstack_networking_secgroup_v2", tf.named("openstack_networking_secgroup_v2", "test-web")));
    expect(rule.remote_ip_prefix).toBeUndefined();
    expect(rule.security_group_id).toBe(tf.ref("openstack_networking_secgroup_v2", tf.named("openstack_networking_secgroup_v2", "test-peers")));
  });

  it("attaches every rule to the group, with its reason as description", () => {
    const group = tf.named("openstack_networking_secgroup_v2", "test-web");
    const rules = tf
      .resources("openstack_networking_secgroup_rule_v2")
      .map(([, body]) => body)
      .filter((rule) => !rule.remote_group_id);
    expect(rules).toHaveLength(3);
    for (const rule of rules) {
      expect(rule.security_group_id).toBe(tf.ref("openstack_networking_secgroup_v2", group));
      expect(rule.description).toBeTruthy();
      expect(rule.ethertype).toBe("IPv4");
    }
    const https = rules.find((rule) => rule.description === "Users reach the portal")!;
    expect(https).toMatchObject({ direction: "ingress", protocol: "tcp", port_range_min: 443, port_range_max: 443, remote_ip_prefix: "192.0.2.0/24" });
    expect(rules.find((rule) => rule.description === "A port range")).toMatchObject({ port_range_min: 1000, port_range_max: 1010 });
    const ping = rules.find((rule) => rule.protocol === "icmp")!;
    expect(ping.port_range_min).toBeUndefined();
  });
});
