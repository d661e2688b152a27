import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { environmentFilesIn } from "../../config/load";
import { environmentsDir } from "../../config/regions";
import { synthesizeRegions } from "../../stacks/synthesize";
import { environmentFolder, minimalEnvironment, testToday } from "../helpers/environments";
import { TerraformJson } from "../helpers/terraform";

const freshDir = () => join(mkdtempSync(join(tmpdir(), "eds-synth-")), "out");

/** Synthesizes environment files and returns each foundation stack's JSON. */
function synth(envFiles: string[], options: { localState?: boolean } = {}): Record<string, TerraformJson> {
  const result = synthesizeRegions({ envFiles, outdir: freshDir(), today: testToday, ...options });
  return Object.fromEntries(Object.entries(result.stacks).map(([name, file]) => [name, TerraformJson.parse(readFileSync(file, "utf8"))]));
}

const minimalFile = join(environmentFolder({ "minimal.yaml": minimalEnvironment }), "minimal.yaml");
const shipped = environmentFilesIn(environmentsDir);

describe("synthesizing the foundation stack", () => {
  it("writes cdktf.out/stacks/<region>-foundation/cdk.tf.json (and the platform stack) for the default region", () => {
    const outdir = freshDir();
    const result = synthesizeRegions({ outdir, today: testToday });
    expect(Object.keys(result.stacks)).toEqual(["nouvelle-aquitaine-foundation", "nouvelle-aquitaine-platform"]);
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["nouvelle-aquitaine-foundation", "nouvelle-aquitaine-platform"]);
    expect(readFileSync(join(outdir, "stacks", "nouvelle-aquitaine-foundation", "cdk.tf.json"), "utf8")).toContain('"openstack_compute_instance_v2"');
  });

  it("keeps the state on the provider's object storage, encrypted and locked", () => {
    const tf = synth([join(environmentsDir, "nouvelle-aquitaine.yaml")])["nouvelle-aquitaine-foundation"]!;
    expect(tf.document.terraform.backend.s3).toMatchObject({
      bucket: "nouvelle-aquitaine-terraform-state",
      key: "nouvelle-aquitaine/foundation.tfstate",
      endpoints: { s3: "https://s3.fr-sud-ouest-1.cloud.example.fr" },
      encrypt: true,
      use_lockfile: true,
      use_path_style: true,
    });
    expect(tf.document.terraform.backend.s3.access_key).toBeUndefined();
    expect(tf.document.terraform.backend.s3.secret_key).toBeUndefined();
  });

  it("keeps a local state with --local-state", () => {
    const tf = synth([minimalFile], { localState: true })["minimal-foundation"]!;
    expect(tf.document.terraform.backend).toEqual({ local: { path: "terraform.minimal-foundation.tfstate" } });
  });

  it("configures the OpenStack provider without any credential", () => {
    const tf = synth([minimalFile])["minimal-foundation"]!;
    expect(tf.document.provider.openstack).toEqual([{ auth_url: "https://identity.cloud.example.fr/v3", region: "fr-test-1" }]);
    expect(tf.document.terraform.required_providers.openstack).toEqual({ source: "terraform-provider-openstack/openstack", version: expect.stringMatching(/^(~> 3\.4|3\.4\.\d+)$/) });
  });

  it("outputs what the platform stack needs", () => {
    const tf = synth([minimalFile])["minimal-foundation"]!;
    expect(Object.keys(tf.document.output).sort()).toEqual([
      "bastion_address",
      "kubernetes_api_address",
      "kubernetes_ca_certificate",
      "network_id",
      "storage_class_volume_type",
      "subnet_admin_id",
      "subnet_data_id",
      "subnet_dmz_id",
      "subnet_nodes_id",
    ]);
    expect(tf.document.output.kubernetes_ca_certificate.sensitive).toBe(true);
    expect(tf.document.output.storage_class_volume_type.value).toBe("encrypted-ssd");
  });

  it("gives the same bytes twice", () => {
    const once = synthesizeRegions({ all: true, outdir: freshDir(), today: testToday });
    const twice = synthesizeRegions({ all: true, outdir: freshDir(), today: testToday });
    for (const [stack, file] of Object.entries(once.stacks)) expect(readFileSync(twice.stacks[stack]!, "utf8")).toBe(readFileSync(file, "utf8"));
    expect(readFileSync(join(twice.outdir, "manifest.json"), "utf8")).toBe(readFileSync(join(once.outdir, "manifest.json"), "utf8"));
  });
});

describe.each([...shipped, minimalFile].map((file) => [file.split("/").pop()!, file]))("the region of %s", (_, file) => {
  const tf = Object.values(synth([file]))[0]!;

  it("has a complete foundation: network, bastion, storage, keys and Kubernetes", () => {
    for (const type of [
      "openstack_networking_network_v2",
      "openstack_networking_router_v2",
      "openstack_compute_instance_v2",
      "openstack_networking_floatingip_v2",
      "openstack_objectstorage_container_v1",
      "openstack_keymanager_order_v1",
      "openstack_containerinfra_clustertemplate_v1",
      "openstack_containerinfra_cluster_v1",
    ]) {
      expect(tf.resources(type).length, type).toBeGreaterThan(0);
    }
    expect(tf.resources("openstack_networking_subnet_v2")).toHaveLength(4);
  });

  it("has a single floating IP, and it reaches the bastion", () => {
    const [floatingIp, ...others] = tf.resources("openstack_networking_floatingip_v2").map(([, body]) => body);
    expect(others).toEqual([]);
    const port = tf.deref(floatingIp!.port_id);
    const instances = tf.resources("openstack_compute_instance_v2").filter(([, body]) => body.network?.some((n: { port: string }) => n.port === tf.ref("openstack_networking_port_v2", port.body)));
    expect(instances.map(([, body]) => body.metadata.role)).toEqual(["bastion"]);
  });

  it("has no volume, boot volume or node volume outside the encrypted volume types", () => {
    const encrypted = ["encrypted-ssd", "encrypted-hdd"];
    for (const [, volume] of tf.resources("openstack_blockstorage_volume_v3")) expect(encrypted).toContain(volume.volume_type);
    for (const [, instance] of tf.resources("openstack_compute_instance_v2")) {
      expect(instance.block_device.length).toBeGreaterThan(0);
      for (const device of instance.block_device) expect(encrypted).toContain(device.volume_type);
    }
    const template = tf.only("openstack_containerinfra_clustertemplate_v1");
    for (const label of ["boot_volume_type", "etcd_volume_type", "docker_volume_type"]) expect(encrypted).toContain(template.labels[label]);
  });

  it("opens no ingress from anywhere, and describes every group and rule", () => {
    for (const [, group] of tf.resources("openstack_networking_secgroup_v2")) {
      expect(group.delete_default_rules).toBe(true);
      expect(group.description).toBeTruthy();
    }
    for (const [, rule] of tf.resources("openstack_networking_secgroup_rule_v2")) {
      expect(rule.description).toBeTruthy();
      expect(rule.remote_ip_prefix).toBeTruthy();
      if (rule.direction === "ingress") expect(["0.0.0.0/0", "::/0"]).not.toContain(rule.remote_ip_prefix);
    }
  });

  it("has no private key, password or secret in its JSON", () => {
    const text = JSON.stringify(tf.document);
    expect(text).not.toMatch(/PRIVATE KEY|admin_pass|"password"|secret_key|application_credential_secret/);
  });
});
