import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Bastion } from "../../constructs/bastion/bastion";
import { IsolatedNetwork } from "../../constructs/network/isolated-network";
import { administrators, services, subnets } from "../helpers/foundation";
import { TerraformJson } from "../helpers/terraform";

const tf = TerraformJson.of((scope) => {
  const network = new IsolatedNetwork(scope, "Network", { namePrefix: "test", subnets, externalNetwork: "ext-net" });
  new Bastion(scope, "Bastion", {
    namePrefix: "test",
    network,
    adminCidrs: ["192.0.2.0/28", "198.51.100.0/29"],
    administrators,
    services,
    flavor: "s1.small",
    image: "debian-12-hardened",
    volumeType: "encrypted-ssd",
  });
});

describe("Bastion", () => {
  const instance = tf.only("openstack_compute_instance_v2");
  const rules = tf.resources("openstack_networking_secgroup_rule_v2").map(([, body]) => body);

  it("is marked as the bastion and boots from an encrypted volume", () => {
    expect(instance.metadata).toMatchObject({ role: "bastion" });
    expect(instance.block_device).toEqual([
      expect.objectContaining({
        source_type: "image",
        destination_type: "volume",
        boot_index: 0,
        volume_type: "encrypted-ssd",
        volume_size: 20,
        delete_on_termination: true,
      }),
    ]);
    expect(tf.deref(instance.block_device[0].uuid).body).toMatchObject({ name: "debian-12-hardened", most_recent: true });
  });

  it("sits on the administration subnet through its own port", () => {
    const port = tf.deref(instance.network[0].port);
    expect(port.type).toBe("openstack_networking_port_v2");
    expect(tf.deref(port.body.fixed_ip[0].subnet_id).body.name).toBe("test-admin");
  });

  it("carries the only floating IP, bound to its port, created once the router has a leg on its subnet", () => {
    const floatingIp = tf.only("openstack_networking_floatingip_v2");
    expect(floatingIp.pool).toBe("ext-net");
    expect(tf.ref("openstack_networking_port_v2", tf.deref(floatingIp.port_id).body)).toBe(instance.network[0].port);
    const [dependency] = floatingIp.depends_on;
    const routerInterface = tf
      .resources("openstack_networking_router_interface_v2")
      .find(([name]) => dependency === `openstack_networking_router_interface_v2.${name}`)![1];
    expect(tf.deref(routerInterface.subnet_id).body.name).toBe("test-admin");
  });

  it("accepts SSH only from the administrators' networks", () => {
    const port = tf.deref(instance.network[0].port).body;
    const group = tf.deref(port.security_group_ids[0]).body;
    expect(group).toMatchObject({ delete_default_rules: true, name: "test-bastion" });
    const ingress = rules.filter((rule) => rule.direction === "ingress");
    expect(ingress.map((rule) => `${rule.protocol} ${rule.port_range_min}-${rule.port_range_max} from ${rule.remote_ip_prefix}`).sort()).toEqual([
      "tcp 22-22 from 192.0.2.0/28",
      "tcp 22-22 from 198.51.100.0/29",
    ]);
    for (const rule of rules) expect(rule.security_group_id).toBe(port.security_group_ids[0]);
  });

  it("reaches only the nodes and the region's declared services, never the Internet", () => {
    const egress = rules.filter((rule) => rule.direction === "egress").map((rule) => `${rule.protocol} ${rule.port_range_min} → ${rule.remote_ip_prefix}`);
    expect(egress.sort()).toEqual(
      [
        "tcp 22 → 10.40.16.0/20",
        "tcp 6443 → 10.40.16.0/20",
        "udp 53 → 192.0.2.53/32",
        "tcp 53 → 192.0.2.53/32",
        "udp 123 → 192.0.2.123/32",
        // Both mirrors of the test region answer on one range: one rule, as Neutron admits no second.
        "tcp 443 → 192.0.2.104/30",
        // The registry, whence the Helm provider pulls the charts, and the identity provider the deployer signs in at.
        "tcp 443 → 192.0.2.108/30",
        "tcp 443 → 192.0.2.112/30",
        "tcp 6514 → 192.0.2.90/32",
        "tcp 443 → 192.0.2.64/29",
        "tcp 443 → 192.0.2.72/29",
        "tcp 443 → 192.0.2.80/29",
        "tcp 443 → 192.0.2.96/29",
      ].sort(),
    );
    expect(rules.every((rule) => rule.remote_ip_prefix !== "0.0.0.0/0")).toBe(true);
  });

  it("gives each administrator an account of their own, with their keys only, and no shared account", () => {
    const cloudConfig = parse(instance.user_data);
    expect(cloudConfig.users.map((user: { name: string; ssh_authorized_keys: string[] }) => [user.name, user.ssh_authorized_keys])).toEqual(
      administrators.map((admin) => [admin.login, admin.sshPublicKeys]),
    );
    for (const user of cloudConfig.users) expect(user).toMatchObject({ lock_passwd: true, groups: ["eds-admins"] });
    expect(cloudConfig.users).not.toContain("default");
    expect(instance.admin_pass).toBeUndefined();
  });

  it("lets administrators forward through it only to the ports it reaches on the nodes' subnet", () => {
    const sshd = parse(instance.user_data).write_files.find((file: { path: string }) => file.path === "/etc/ssh/sshd_config.d/10-eds-hardening.conf").content;
    const nodePorts = rules
      .filter((rule) => rule.direction === "egress" && rule.remote_ip_prefix === "10.40.16.0/20")
      .map((rule) => `*:${rule.port_range_min}`)
      .sort();
    expect(sshd).toMatch(/^AllowTcpForwarding local$/m);
    expect(
      sshd
        .match(/^PermitOpen (.*)$/m)?.[1]
        ?.split(" ")
        .sort(),
    ).toEqual(nodePorts);
  });
});
