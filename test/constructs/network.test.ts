import { describe, expect, it } from "vitest";
import { IsolatedNetwork } from "../../constructs/network/isolated-network";
import { type FlowRule, SecurityGroup } from "../../constructs/network/security-group";
import { SubnetEgressFirewall } from "../../constructs/network/subnet-egress-firewall";
import { analyseFlows } from "../../policies/flows/analyse";
import { addTerraformJson, emptyConfiguration } from "../../policies/inputs/terraform-json";
import { list } from "../../policies/lib/values";
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

describe("SubnetEgressFirewall", () => {
  const services: FlowRule[] = [
    { id: "Registry", direction: "egress", protocol: "tcp", ports: 443, peer: { cidr: "192.0.2.108/30" }, why: "Container images" },
    { id: "Range", direction: "egress", protocol: "udp", ports: [1000, 1010], peer: { cidr: "192.0.2.0/28" }, why: "A port range" },
    // Only egress flows to addresses are the firewall's: a flow to a group's members or an inbound one is not.
    { id: "Ssh", direction: "ingress", protocol: "tcp", ports: 22, peer: { cidr: "198.51.100.0/24" }, why: "Not an egress flow" },
  ];
  const tf = TerraformJson.of((scope) => {
    const network = new IsolatedNetwork(scope, "Network", { namePrefix: "test", subnets, externalNetwork: "ext-net" });
    new SubnetEgressFirewall(scope, "Firewall", { namePrefix: "test", network, role: "nodes", services, privateCidrs: [subnets.admin, subnets.data] });
  });
  const rules = () => list(tf.only("openstack_fw_policy_v2").rules).map((reference) => tf.deref(String(reference)).body);

  it("filters the subnet's router interface with one policy for both directions", () => {
    const group = tf.only("openstack_fw_group_v2");
    const policy = tf.ref("openstack_fw_policy_v2", tf.only("openstack_fw_policy_v2"));
    expect(group).toMatchObject({ ingress_firewall_policy_id: policy, egress_firewall_policy_id: policy });
    expect(group.ports).toHaveLength(1);
    const routerInterface = tf.deref(String(group.ports[0]).replace(/\.port_id\}$/, ".id}"));
    expect(group.ports[0]).toMatch(/^\$\{openstack_networking_router_interface_v2\.[^.]+\.port_id\}$/);
    expect(tf.deref(routerInterface.body.subnet_id).body).toMatchObject({ name: "test-nodes", cidr: subnets.nodes });
  });

  it("lets the subnet reach the other subnets and the services, in that order, then denies the rest of what leaves it", () => {
    expect(rules().map((rule) => [rule.action, rule.protocol, rule.source_ip_address, rule.destination_ip_address, rule.destination_port])).toEqual([
      ["allow", "any", subnets.nodes, subnets.admin, undefined],
      ["allow", "any", subnets.admin, subnets.nodes, undefined],
      ["allow", "any", subnets.nodes, subnets.data, undefined],
      ["allow", "any", subnets.data, subnets.nodes, undefined],
      ["allow", "tcp", subnets.nodes, "192.0.2.108/30", "443"],
      ["allow", "udp", subnets.nodes, "192.0.2.0/28", "1000:1010"],
      ["deny", "any", subnets.nodes, undefined, undefined],
    ]);
    expect(rules().at(4)!.description).toBe("Container images");
  });

  it("keeps a Magnum cluster's nodes on the subnet from the Internet, as the flows judge it, and only while it is there", () => {
    const nodes = tf.named("openstack_networking_subnet_v2", "test-nodes");
    const document = structuredClone(tf.document);
    document.resource.openstack_containerinfra_cluster_v1 = {
      c: { name: "c", cluster_template_id: "t", fixed_subnet: tf.ref("openstack_networking_subnet_v2", nodes) },
    };
    const nodesToInternet = (written: Record<string, any>) => {
      const read = emptyConfiguration("test");
      addTerraformJson(read, written, "cdk.tf.json");
      // The services are the region's zones, not the Internet.
      const zones = { services: services.map((flow) => ("cidr" in flow.peer ? flow.peer.cidr : "")) };
      return analyseFlows([read], { zones, roles: {}, intended: [] }).verdicts.find((v) => v.requirement.id.endsWith("-nodes-to-internet"))!.status;
    };
    expect(nodesToInternet(document)).toBe("holds");
    delete document.resource.openstack_fw_group_v2;
    expect(nodesToInternet(document)).toBe("violated");
  });
});
