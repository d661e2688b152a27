import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkPaths } from "../../policies/check";
import { findingsOnFixture, fixtureSettings, fixturesDir } from "./fixture-runner";

describe("clients-verify-tls", () => {
  it("names each switch that turns the verification off, in every provider and nested block, as Terraform reads it", async () => {
    expect(await findingsOnFixture("clients-verify-tls", "certificates-not-verified")).toEqual([
      "violation provider.helm: the helm provider's kubernetes[0].insecure is true: it does not verify the server's certificate, so anyone on the way can pose as the API",
      "violation provider.kubernetes: the kubernetes provider's insecure is true: it does not verify the server's certificate, so anyone on the way can pose as the API",
      "violation provider.openstack: the openstack provider's insecure is true: it does not verify the server's certificate, so anyone on the way can pose as the API",
    ]);
  });

  it("names the instance of a provider block with for_each that turns the verification off", async () => {
    expect(await findingsOnFixture("clients-verify-tls", "one-provider-instance")).toEqual([
      "violation provider.openstack.by_region[\"fr-test-2\"]: the openstack provider's insecure is true: it does not verify the server's certificate, so anyone on the way can pose as the API",
    ]);
  });

  it("names each endpoint reached over plain HTTP, the state backend's switch and a remote state read in clear", async () => {
    expect(await findingsOnFixture("clients-verify-tls", "plain-http")).toEqual([
      "violation provider.openstack: the openstack provider's auth_url is http://identity.cloud.example.fr:5000/v3: its requests, credentials included, travel in clear",
      "violation provider.vault: the vault provider's address is http://vault.example.fr:8200: its requests, credentials included, travel in clear",
    ]);
    expect(await findingsOnFixture("clients-verify-tls", "state-backend-not-verified")).toEqual([
      "violation data.terraform_remote_state.bad_foundation: the http backend's address is http://state.example.fr/foundation: its requests, credentials included, travel in clear",
      "violation terraform.backend.s3: the s3 backend's insecure is true: it does not verify the server's certificate, so anyone on the way can pose as the API",
    ]);
  });

  it("names what a provisioner runs or connects to without checking the server, and a connection with no host key", async () => {
    expect(await findingsOnFixture("clients-verify-tls", "provisioners-checking-nothing")).toEqual([
      "violation terraform_data.bad_bastion_from_a_resource: the SSH connection of the remote-exec provisioner names no bastion_host_key: Terraform accepts any key from its bastion_host, so anyone on the way can pose as it",
      "violation terraform_data.bad_connection: the SSH connection of the remote-exec provisioner names no host_key: Terraform accepts any key from its host, so anyone on the way can pose as it",
      "violation terraform_data.bad_install: the remote-exec provisioner's inline runs curl -sSfLk, which accepts any certificate",
      "violation terraform_data.bad_kubeconfig: the local-exec provisioner's command runs ssh options that accept any host key (StrictHostKeyChecking=no, UserKnownHostsFile=/dev/null)",
      // The resource's connection, which both its provisioners use, is one finding.
      "violation terraform_data.bad_shared_connection: the SSH connection of the file and remote-exec provisioners names no host_key: Terraform accepts any key from its host, so anyone on the way can pose as it",
    ]);
  });

  it("says a switch given by a variable with no value is not known", async () => {
    expect(await findingsOnFixture("clients-verify-tls", "verification-from-a-variable")).toEqual([
      expect.stringMatching(/^cannot-evaluate provider\.openstack: the openstack provider's insecure is not known here/),
      "cannot-evaluate terraform_data.bad_bastion_chosen_at_plan: whether the SSH connection of the remote-exec provisioner goes through a bastion is not known here",
    ]);
  });

  it("points each finding at the argument's line, in a nested block too, for code scanning to annotate", async () => {
    const file = join(fixturesDir, "clients-verify-tls", "fail", "certificates-not-verified.tf");
    const { outcomes } = await checkPaths([file], { settings: fixtureSettings });
    const placed = outcomes.filter((o) => o.policyId === "clients-verify-tls").map((o) => `${o.address} ${o.path} line ${o.line}`);
    expect(placed.sort()).toEqual([
      "provider.helm kubernetes[0].insecure line 21",
      "provider.kubernetes insecure line 11",
      "provider.openstack insecure line 6",
    ]);
    // A provisioner's, at its command, its inline or its connection block (the host_key it does not write).
    const provisioners = join(fixturesDir, "clients-verify-tls", "fail", "provisioners-checking-nothing.tf");
    const lines = (await checkPaths([provisioners], { settings: fixtureSettings })).outcomes
      .filter((o) => o.policyId === "clients-verify-tls")
      .map((o) => `${o.address} line ${o.line}`);
    expect(lines.sort()).toEqual([
      "terraform_data.bad_bastion_from_a_resource line 60",
      "terraform_data.bad_connection line 29",
      "terraform_data.bad_install line 21",
      "terraform_data.bad_kubeconfig line 5",
      "terraform_data.bad_shared_connection line 38",
    ]);
  });
});
