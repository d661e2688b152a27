import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Bastion } from "../../constructs/bastion/bastion";
import { IsolatedNetwork } from "../../constructs/network/isolated-network";
import { TerraformJson } from "../helpers/terraform";

const subnets = { admin: "10.40.0.0/24", dmz: "10.40.1.0/24", data: "10.40.2.0/24", nodes: "10.40.16.0/20" };
const keys = ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleOnlyKey01 one@example.fr", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleOnlyKey02 two@example.fr"];

const tf = TerraformJson.of((scope) => {
  const network = new IsolatedNetwork(scope, "Network", { namePrefix: "test", subnets, externalNetwork: "ext-net" });
  new Bastion(scope, "Bastion", {
    namePrefix: "test",
    network,
    adminCidrs: ["192.0.2.0/28", "198.51.100.0/29"],
    sshPublicKeys: keys,
    flavor: "s1.small",
    image: "debian-12-hardened",
    volumeType: "encrypted-ssd",
    outboundServices: [{ id: "Mirror", direction: "egress", protocol: "tcp", ports: 443, remoteCidr: "10.50.0.0/24", why: "Updates from the mirror" }],
  });
});

describe("Bastion", () => {
  const instance = tf.only("openstack_compute_instance_v2");

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

  it("carries the only floating IP, bound to its port", () => {
    const floatingIp = tf.only("openstack_networking_floatingip_v2");
    expect(floatingIp.pool).toBe("ext-net");
    const port = tf.deref(floatingIp.port_id);
    expect(tf.ref("openstack_networking_port_v2", port.body)).toBe(instance.network[0].port);
  });

  it("accepts SSH only from the administrators' networks", () => {
    const port = tf.deref(instance.network[0].port).body;
    const group = tf.deref(port.security_group_ids[0]).body;
    expect(group).toMatchObject({ delete_default_rules: true, name: "test-bastion" });
    const rules = tf.resources("openstack_networking_secgroup_rule_v2").map(([, body]) => body);
    const ingress = rules.filter((rule) => rule.direction === "ingress");
    expect(ingress.map((rule) => `${rule.protocol} ${rule.port_range_min}-${rule.port_range_max} from ${rule.remote_ip_prefix}`).sort()).toEqual([
      "tcp 22-22 from 192.0.2.0/28",
      "tcp 22-22 from 198.51.100.0/29",
    ]);
    for (const rule of rules) expect(rule.security_group_id).toBe(port.security_group_ids[0]);
    const egress = rules.filter((rule) => rule.direction === "egress").map((rule) => `${rule.port_range_min} → ${rule.remote_ip_prefix}`);
    expect(egress.sort()).toEqual(["22 → 10.40.16.0/20", "443 → 10.50.0.0/24", "6443 → 10.40.16.0/20"]);
  });

  it("is key-based, with hardened sshd, auditd and session logging in cloud-init", () => {
    expect(instance.admin_pass).toBeUndefined();
    expect(instance.user_data.startsWith("#cloud-config\n")).toBe(true);
    const cloudConfig = parse(instance.user_data);
    expect(cloudConfig.ssh_pwauth).toBe(false);
    expect(cloudConfig.disable_root).toBe(true);
    expect(cloudConfig.users[0]).toMatchObject({ lock_passwd: true, ssh_authorized_keys: keys });
    expect(cloudConfig.packages).toContain("auditd");
    const sshd = cloudConfig.write_files.find((file: { path: string }) => file.path.startsWith("/etc/ssh/")).content;
    expect(sshd).toMatch(/^PasswordAuthentication no$/m);
    expect(sshd).toMatch(/^PermitRootLogin no$/m);
    expect(JSON.stringify(cloudConfig.runcmd)).toContain("pam_tty_audit");
    expect(JSON.stringify(cloudConfig.runcmd)).toContain("auditd");
  });
});
