import { describe, expect, it } from "vitest";
import { credentialIn, credentialRead } from "../../policies/lib/credential-attributes";

describe("credentialRead names the credential a reference reads", () => {
  it("reads a credential, an object that holds one, or a part of one, and not what the provider leaves public", () => {
    expect(credentialRead("data.talos_client_configuration.this.talos_config")).toBe("data.talos_client_configuration.this.talos_config");
    expect(credentialRead("talos_machine_secrets.this.machine_secrets")).toBe("talos_machine_secrets.this.machine_secrets");
    expect(credentialRead("talos_machine_secrets.this.machine_secrets.certs.os.key")).toBe("talos_machine_secrets.this.machine_secrets");
    expect(credentialRead("talos_machine_secrets.this.machine_secrets.secrets.bootstrap_token")).toBe("talos_machine_secrets.this.machine_secrets");
    expect(credentialRead("talos_machine_secrets.this.client_configuration")).toBe("talos_machine_secrets.this.client_configuration");
    expect(credentialRead("talos_machine_secrets.this.machine_secrets.certs.k8s.cert")).toBeUndefined();
    expect(credentialRead("talos_machine_secrets.this.machine_secrets.cluster.id")).toBeUndefined();
    expect(credentialRead("talos_machine_secrets.this.client_configuration.ca_certificate")).toBeUndefined();
    expect(credentialRead("talos_cluster_kubeconfig.this.kubernetes_client_configuration.host")).toBeUndefined();
    // An ephemeral resource's credential is one all the same where a text holds it (a provisioner's command).
    expect(credentialRead("ephemeral.talos_cluster_kubeconfig.this.kubeconfig_raw")).toBe("ephemeral.talos_cluster_kubeconfig.this.kubeconfig_raw");
    expect(credentialRead("ephemeral.random_password.db.result")).toBe("ephemeral.random_password.db.result");
    expect(credentialRead("ephemeral.random_password.db.length")).toBeUndefined();
  });

  it("reads the OpenStack provider's sensitive attributes from its schema, and the secrets the configuration generates", () => {
    expect(credentialRead("openstack_compute_keypair_v2.admin.private_key")).toBe("openstack_compute_keypair_v2.admin.private_key");
    expect(credentialRead("openstack_compute_keypair_v2.admin.public_key")).toBeUndefined();
    expect(credentialRead("random_password.db.result")).toBe("random_password.db.result");
    expect(credentialRead("random_password.db.length")).toBeUndefined();
    expect(credentialRead("var.password")).toBeUndefined();
  });
});

describe("credentialIn finds the first credential a text interpolates", () => {
  it("names what it is, the reference and its line, through an instance's key", () => {
    const text =
      '#!/bin/sh\nhost=${var.host}\necho ${tls_private_key.ssh.public_key_openssh}\necho ${data.talos_machine_configuration.nodes["cp-0"].machine_configuration} ${random_password.db.result}';
    expect(credentialIn(text)).toEqual({
      what: "a credential its provider marks sensitive",
      from: "data.talos_machine_configuration.nodes.machine_configuration",
      line: 4,
    });
    expect(credentialIn("a\n${random_password.db.result}")).toEqual({ what: "a password generated at apply", from: "random_password.db.result", line: 2 });
    expect(credentialIn("${tls_private_key.ssh.public_key_openssh} $${random_password.db.result}")).toBeUndefined();
  });
});
