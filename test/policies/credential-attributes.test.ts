import { describe, expect, it } from "vitest";
import { credentialRead } from "../../policies/lib/credential-attributes";

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
  });

  it("reads the OpenStack provider's sensitive attributes from its schema, and the secrets the configuration generates", () => {
    expect(credentialRead("openstack_compute_keypair_v2.admin.private_key")).toBe("openstack_compute_keypair_v2.admin.private_key");
    expect(credentialRead("openstack_compute_keypair_v2.admin.public_key")).toBeUndefined();
    expect(credentialRead("random_password.db.result")).toBe("random_password.db.result");
    expect(credentialRead("random_password.db.length")).toBeUndefined();
    expect(credentialRead("var.password")).toBeUndefined();
  });
});
