import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkPaths } from "../../policies/check";
import { readConfigurations } from "../../policies/inputs/read";
import type { TfResource } from "../../policies/engine/model";
import { nodeSetups, provisionedSetup } from "../../policies/lib/node-setup";
import { instanceType } from "../../policies/lib/openstack";
import { fixtureSettings } from "./fixture-runner";

/** A resource of `type` with these provisioners, listed in order as Terraform's JSON form writes them, and its other values. */
const provisioned = (type: string, provisioners: Record<string, unknown>[], values: Record<string, unknown> = {}) =>
  ({ type, address: `${type}.node`, values: { ...values, provisioner: provisioners } }) as unknown as TfResource;

/** The connection block of a resource whose provisioners reach `host`, with a host key (clients-verify-tls). */
const connectionTo = (host: string) => [
  "  connection {",
  `    host     = ${host}`,
  '    user     = "root"',
  '    host_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleOnlyNotARealHostKey"',
  "  }",
];

/** The outcomes of every policy on a folder holding these lines as its main.tf. */
async function checkedMainTf(lines: readonly string[]) {
  const folder = mkdtempSync(join(tmpdir(), "eds-node-setup-"));
  writeFileSync(join(folder, "main.tf"), lines.join("\n"));
  return (await checkPaths([folder], { settings: fixtureSettings })).outcomes;
}

describe("provisionedSetup reads a resource's provisioners as a node's setup", () => {
  it("runs each remote-exec's inline commands as a script of its own, with the files written before the last one", () => {
    const setup = provisionedSetup(
      provisioned("terraform_data", [
        { file: { content: "cni: cilium\n", destination: "/tmp/config.yaml" } },
        { "remote-exec": { inline: ["mkdir -p /etc/rancher/rke2", "mv /tmp/config.yaml /etc/rancher/rke2/config.yaml"] } },
        { file: { source: "files/registries.yaml", destination: "/etc/rancher/rke2/registries.yaml" } },
        { "remote-exec": { inline: ["#!/bin/bash -e", "curl -sfL https://get.rke2.io | sh -"] } },
        { file: { content: "written last", destination: "/etc/motd" } },
        { "remote-exec": { when: "destroy", inline: ["rke2-uninstall.sh"] } },
      ]),
    );
    expect(setup).toMatchObject({
      path: "provisioner.remote-exec[0].inline",
      said: "Terraform's provisioning",
      textAsWritten: false,
      commandsAfterFiles: [
        "#!/bin/sh",
        "mkdir -p /etc/rancher/rke2",
        "mv /tmp/config.yaml /etc/rancher/rke2/config.yaml",
        "",
        "#!/bin/bash -e",
        "curl -sfL https://get.rke2.io | sh -",
        "",
      ],
      files: [
        { path: "/tmp/config.yaml", content: "cni: cilium\n" },
        {
          path: "/etc/rancher/rke2/registries.yaml",
          content: undefined,
          unreadable: "it is copied from files/registries.yaml on the machine that runs Terraform, which is not here",
        },
      ],
    });
    expect(setup?.text).not.toContain("uninstall");
  });

  it("sets up nothing without a remote-exec whose commands are read: files alone, a script not here, destroy-time commands", () => {
    const none = [
      [{ file: { content: "x", destination: "/etc/x" } }],
      [{ "remote-exec": { script: "install.sh" } }],
      [{ "remote-exec": { inline: ["k3s-uninstall.sh"], when: "destroy" } }],
      [{ "local-exec": { command: "curl -sfL https://get.k3s.io | sh -" } }],
    ];
    for (const provisioners of none) expect(provisionedSetup(provisioned("null_resource", provisioners))).toBeUndefined();
  });

  it("gives an instance its user data and its provisioners as two setups, the provisioners' with the files cloud-init wrote first", () => {
    const userData = "#cloud-config\nwrite_files:\n  - path: /etc/rancher/k3s/config.yaml\n    content: 'secrets-encryption: true'\n";
    const instance = provisioned(instanceType, [{ "remote-exec": { inline: ["curl -sfL https://get.k3s.io | sh -"] } }], { user_data: userData });
    const [fromUserData, fromProvisioners] = nodeSetups(instance);
    expect(fromUserData).toMatchObject({ path: "user_data", said: "the user data", textAsWritten: true });
    expect(fromProvisioners?.files?.map((file) => file.path)).toEqual(["/etc/rancher/k3s/config.yaml"]);
    expect(nodeSetups(provisioned("null_resource", []))).toEqual([]);
  });
});

describe("the policies that read what runs on a node read its provisioners", () => {
  it("judge K3s and kubeadm installed by provisioners, at the line of the first remote-exec's commands", async () => {
    const connection = connectionTo('"192.0.2.10"');
    const outcomes = await checkedMainTf([
      'resource "terraform_data" "k3s" {',
      ...connection,
      '  provisioner "file" {',
      '    content     = "secrets-encryption: true\\nkube-apiserver-arg:\\n  - authorization-mode=AlwaysAllow\\n"',
      '    destination = "/etc/rancher/k3s/config.yaml"',
      "  }",
      '  provisioner "remote-exec" {', // 11
      '    inline = ["curl -sfL https://get.k3s.io | INSTALL_K3S_VERSION=v1.29.4+k3s1 sh -"]',
      "  }",
      "}",
      'resource "null_resource" "kubeadm" {',
      ...connection,
      '  provisioner "remote-exec" {', // 21
      '    inline = ["kubeadm init --pod-network-cidr=10.244.0.0/16"]',
      "  }",
      "}",
      'resource "null_resource" "joins" {',
      ...connection,
      '  provisioner "remote-exec" {', // 31
      '    inline = ["kubeadm join 192.0.2.10:6443 --control-plane --token abcdef.0123456789abcdef --discovery-token-unsafe-skip-ca-verification"]',
      "  }",
      "}",
    ]);
    const said = outcomes
      .filter((outcome) => outcome.address !== "(configuration)" && outcome.status === "violation" && outcome.path?.startsWith("provisioner"))
      .map(({ policyId, address, path, line }) => `${policyId} ${address} ${path} line ${line}`)
      .sort();
    expect(said).toEqual([
      "k3s-audit-log-enabled terraform_data.k3s provisioner.remote-exec[0].inline line 12",
      "kubeadm-audit-log-enabled null_resource.joins provisioner.remote-exec[0].inline line 32",
      "kubeadm-audit-log-enabled null_resource.kubeadm provisioner.remote-exec[0].inline line 22",
      "kubeadm-secrets-encrypted null_resource.joins provisioner.remote-exec[0].inline line 32",
      "kubeadm-secrets-encrypted null_resource.kubeadm provisioner.remote-exec[0].inline line 22",
      "kubernetes-authorization-enforced terraform_data.k3s provisioner.remote-exec[0].inline line 12",
      "kubernetes-version-supported terraform_data.k3s provisioner.remote-exec[0].inline line 12",
    ]);
    // A control plane that joins takes the ClusterConfiguration of the node that runs kubeadm init.
    const joins = outcomes.find((outcome) => outcome.policyId === "kubeadm-audit-log-enabled" && outcome.address === "null_resource.joins");
    expect(joins?.message).toMatch(/^kubeadm join --control-plane, with the cluster's ClusterConfiguration \(kubeadm init on null_resource\.kubeadm\): /);
  });

  it("read a file a provisioner copies, and a script a remote-exec uploads, from the checked folder, relative to it", async () => {
    const folder = mkdtempSync(join(tmpdir(), "eds-node-setup-"));
    mkdirSync(join(folder, "k3s"));
    writeFileSync(join(folder, "k3s", "config.yaml"), "secrets-encryption: true\nkube-apiserver-arg:\n  - audit-policy-file=/etc/k3s/audit.yaml\n");
    writeFileSync(join(folder, "k3s", "install.sh"), "#!/bin/bash\nset -e\ncurl -sfL https://get.k3s.io | sh -s - server --config /root/config.yaml\n");
    writeFileSync(join(folder, "k3s", "versioned.sh"), "#!/bin/sh\ncurl -sfL https://get.k3s.io | INSTALL_K3S_VERSION=v1.29.4+k3s1 sh -\n");
    writeFileSync(
      join(folder, "main.tf"),
      [
        'resource "terraform_data" "k3s" {',
        ...connectionTo('"192.0.2.10"'),
        '  provisioner "file" {',
        '    source      = "k3s/config.yaml"',
        '    destination = "/root/config.yaml"',
        "  }",
        '  provisioner "remote-exec" {',
        '    script = "${path.module}/k3s/install.sh"', // 12
        "  }",
        "}",
        'resource "terraform_data" "versioned" {',
        '  provisioner "file" {',
        '    source      = "k3s/versioned.sh"',
        '    destination = "/root/versioned.sh"',
        "  }",
        '  provisioner "remote-exec" {',
        '    inline = ["sh /root/versioned.sh"]', // 21
        "  }",
        "}",
      ].join("\n"),
    );
    const { outcomes } = await checkPaths([folder], { settings: fixtureSettings });
    const said = (policyId: string) =>
      outcomes
        .filter((outcome) => outcome.policyId === policyId && outcome.status === "violation")
        .map(({ address, path, line, message }) => `${address} ${path} line ${line}: ${message}`);
    expect(said("k3s-audit-log-enabled")).toEqual([
      "terraform_data.k3s provisioner.remote-exec[0].script line 12: the API server's audit log goes nowhere: kube-apiserver-arg sets no audit-log-path and no audit webhook is configured",
    ]);
    // The release a copied script installs, read where a command runs the script.
    expect(said("kubernetes-version-supported").map((finding) => finding.split(":")[0])).toEqual([
      "terraform_data.versioned provisioner.remote-exec[0].inline line 21",
    ]);
  });

  it("name the provisioners whose work is not read: a file not in the checked folder, a folder, a path known only at apply, inline commands wholly a value", async () => {
    const folder = mkdtempSync(join(tmpdir(), "eds-node-setup-"));
    mkdirSync(join(folder, "manifests"));
    writeFileSync(join(folder, "read.sh"), "#!/bin/sh\ncurl -sfL https://get.k3s.io | sh -\n");
    writeFileSync(
      join(folder, "main.tf"),
      [
        'variable "commands" {\n  type = list(string)\n}',
        'variable "script" {\n  type = string\n}',
        'resource "terraform_data" "k3s" {',
        ...connectionTo('"192.0.2.10"'),
        '  provisioner "file" {\n    source      = "manifests/"\n    destination = "/var/lib/rancher/k3s/server/manifests"\n  }',
        '  provisioner "remote-exec" {\n    scripts = ["read.sh", "scripts/missing.sh", "${path.module}/${var.script}"]\n  }',
        '  provisioner "remote-exec" {\n    inline = var.commands\n  }',
        '  provisioner "remote-exec" {\n    inline = ["echo ${var.script}", var.script]\n  }',
        '  provisioner "remote-exec" {\n    inline = ["systemctl restart k3s-${var.script}"]\n  }',
        "}",
      ].join("\n"),
    );
    const [configuration] = await readConfigurations([folder], []);
    expect(configuration!.leftToTheirTools?.map(({ message }) => message)).toEqual([
      "terraform_data.k3s copies manifests/ on the node (provisioner.file[0]), a file not read here: what it sets up there was not judged",
      "terraform_data.k3s runs scripts/missing.sh on the node (provisioner.remote-exec[0]), a file not read here: what it sets up there was not judged",
      "terraform_data.k3s runs ${path.module}/${var.script} on the node (provisioner.remote-exec[0]), a file not read here: what it sets up there was not judged",
      "terraform_data.k3s runs commands known only at apply on the node (provisioner.remote-exec[1].inline): what they set up there was not judged",
      "terraform_data.k3s runs commands known only at apply on the node (provisioner.remote-exec[2].inline): what they set up there was not judged",
    ]);
  });

  it("give the provisioners of a resource whose connection reaches an instance the files that instance's user data wrote", async () => {
    const outcomes = await checkedMainTf([
      'resource "openstack_compute_instance_v2" "server" {',
      '  name      = "server"',
      "  user_data = <<-EOT",
      "    #cloud-config",
      "    write_files:",
      "      - path: /etc/rancher/k3s/config.yaml",
      "        content: |",
      "          secrets-encryption: true",
      "  EOT",
      "}",
      'resource "null_resource" "install" {',
      ...connectionTo("openstack_compute_instance_v2.server.access_ip_v4"),
      '  provisioner "remote-exec" {',
      '    inline = ["curl -sfL https://get.k3s.io | sh -"]',
      "  }",
      "}",
    ]);
    const found = (policyId: string) =>
      outcomes.filter((outcome) => outcome.policyId === policyId && outcome.status !== "compliant").map(({ address, status }) => `${address} ${status}`);
    // The configuration cloud-init wrote sets no audit flag: a finding on the provisioners that start K3s with it, where
    // without it K3s's configuration would not be known; the user data that writes it for them is not judged apart.
    expect(found("k3s-audit-log-enabled")).toEqual(["null_resource.install violation"]);
    expect(found("k3s-secrets-encrypted")).toEqual([]);
  });

  /** The statuses of k3s-secrets-encrypted on a null_resource whose connection's host is `host`, beside `declared` and an instance whose user data sets secrets-encryption. */
  const throughHost = async (host: string, declared: string[]) => {
    const outcomes = await checkedMainTf([
      'resource "openstack_networking_port_v2" "server" {',
      '  network_id = "2d4c5e1a-0000-4000-8000-000000000001"',
      "}",
      'resource "openstack_compute_instance_v2" "server" {',
      '  name      = "server"',
      "  network {",
      "    port = openstack_networking_port_v2.server.id",
      "  }",
      "  user_data = <<-EOT",
      "    #cloud-config",
      "    write_files:",
      "      - path: /etc/rancher/k3s/config.yaml",
      "        content: |",
      "          secrets-encryption: true",
      "  EOT",
      "}",
      'resource "openstack_networking_floatingip_v2" "server" {',
      '  pool = "public"',
      "}",
      ...declared,
      'resource "null_resource" "install" {',
      ...connectionTo(host),
      '  provisioner "remote-exec" {',
      '    inline = ["curl -sfL https://get.k3s.io | sh -"]',
      "  }",
      "}",
    ]);
    return outcomes.filter((outcome) => outcome.policyId === "k3s-secrets-encrypted" && outcome.address === "null_resource.install")[0]?.status;
  };

  it("follow a connection to the port of one instance alone, or to a floating IP bound to one instance alone: by an instance association or a port association", async () => {
    const fip = "openstack_networking_floatingip_v2.server.address";
    const byInstance = [
      'resource "openstack_compute_floatingip_associate_v2" "server" {',
      "  floating_ip = openstack_networking_floatingip_v2.server.address",
      "  instance_id = openstack_compute_instance_v2.server.id",
      "}",
    ];
    const byPort = [
      'resource "openstack_networking_floatingip_associate_v2" "server" {',
      "  floating_ip = openstack_networking_floatingip_v2.server.address",
      "  port_id     = openstack_networking_port_v2.server.id",
      "}",
    ];
    // Through the floating IP, the provisioners find the configuration the user data wrote (secrets-encryption): compliant.
    expect(await throughHost(fip, byInstance)).toBe("compliant");
    expect(await throughHost(fip, byPort)).toBe("compliant");
    expect(await throughHost("openstack_compute_floatingip_associate_v2.server.floating_ip", byInstance)).toBe("compliant");
    // The instance's own port, reached on its fixed address (a bastion on the way, or the deployer in the network).
    expect(await throughHost("openstack_networking_port_v2.server.all_fixed_ips[0]", [])).toBe("compliant");
    // A floating IP bound to nothing here reaches no instance: the provisioners install K3s and write no configuration,
    // so K3s runs with one not read here.
    expect(await throughHost(fip, [])).toBe("cannot-evaluate");
  });

  it("leave a node the user data sets up to it where the provisioners on it only wait for it or fetch from it", async () => {
    const outcomes = await checkedMainTf([
      'resource "openstack_compute_instance_v2" "server" {',
      '  name      = "server"',
      "  user_data = <<-EOT",
      "    #cloud-config",
      "    write_files:",
      "      - path: /etc/rancher/rke2/config.yaml",
      "        content: |",
      "          cni: cilium",
      "    runcmd:",
      "      - curl -sfL https://get.rke2.io | sh -",
      "      - systemctl enable --now rke2-server",
      "  EOT",
      ...connectionTo("self.access_ip_v4"),
      '  provisioner "remote-exec" {',
      '    inline = ["cloud-init status --wait"]',
      "  }",
      "}",
      'resource "null_resource" "kubeconfig" {',
      ...connectionTo("openstack_compute_instance_v2.server.access_ip_v4"),
      '  provisioner "remote-exec" {',
      '    inline = ["until (grep server /etc/rancher/rke2/rke2.yaml >/dev/null 2>&1); do sleep 10; done;"]',
      "  }",
      "}",
      'resource "null_resource" "hardening" {',
      ...connectionTo("openstack_compute_instance_v2.server.access_ip_v4"),
      '  provisioner "file" {',
      '    content     = "kube-apiserver-arg+: [encryption-provider-config=]\\n"',
      '    destination = "/etc/rancher/rke2/config.yaml.d/90-hardening.yaml"',
      "  }",
      '  provisioner "remote-exec" {',
      '    inline = ["systemctl restart rke2-server"]',
      "  }",
      "}",
    ]);
    const found = (policyId: string) =>
      outcomes
        .filter((outcome) => outcome.policyId === policyId && outcome.status !== "compliant")
        .map(({ address, path, status }) => `${address} ${path} ${status}`);
    // The audit policy RKE2 lacks is said once, on the user data that sets RKE2 up: not on the instance's own provisioner
    // that waits for cloud-init, nor on the null_resource that waits for the kubeconfig.
    expect(found("rke2-audit-log-enabled")).toEqual([
      "null_resource.hardening provisioner.remote-exec[0].inline violation",
      "openstack_compute_instance_v2.server user_data violation",
    ]);
    // Provisioners that change the node's configuration and restart RKE2 are judged with what the user data wrote.
    expect(found("rke2-secrets-encrypted")).toEqual(["null_resource.hardening provisioner.remote-exec[0].inline violation"]);
  });
});
