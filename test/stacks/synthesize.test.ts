import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument, type Document } from "yaml";
import { failsRun } from "../../policies/engine/run";
import { appliedSuppressions } from "../../policies/reporters/report";
import { checkRegions } from "../../stacks/check-regions";
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

/** The minimal environment, edited, in a folder of its own; returns the file. */
function editedMinimal(edit: (document: Document) => void): string {
  const document = parseDocument(minimalEnvironment);
  edit(document);
  return join(environmentFolder({ "minimal.yaml": document.toString() }), "minimal.yaml");
}
const shipped = environmentFilesIn(environmentsDir);

describe("synthesizing the foundation stack", () => {
  it("writes cdktf.out/stacks/<region>-foundation/cdk.tf.json (and the platform stack) for the default region", () => {
    const outdir = freshDir();
    const result = synthesizeRegions({ outdir, today: testToday });
    expect(Object.keys(result.stacks)).toEqual(["nouvelle-aquitaine-foundation", "nouvelle-aquitaine-platform"]);
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["nouvelle-aquitaine-foundation", "nouvelle-aquitaine-platform"]);
    expect(readFileSync(join(outdir, "stacks", "nouvelle-aquitaine-foundation", "cdk.tf.json"), "utf8")).toContain('"openstack_compute_instance_v2"');
    expect(readdirSync(join(outdir, "stacks", "nouvelle-aquitaine-platform")).sort()).toEqual(["SECRETS.md", "cdk.tf.json", "policy-context.json"]);
    const checklist = readFileSync(join(outdir, "stacks", "nouvelle-aquitaine-platform", "SECRETS.md"), "utf8");
    expect(checklist).toContain("kubectl -n ingress create secret generic oauth2-proxy-client");
    // Magnum's driver brings its own cloud provider: no cloud-config Secret for this region.
    expect(checklist).not.toContain("cloud-config");
  });

  it("keeps the state on the provider's object storage, locked, encrypted client side with a key from the environment", () => {
    const tf = synth([join(environmentsDir, "nouvelle-aquitaine.yaml")])["nouvelle-aquitaine-foundation"]!;
    expect(tf.document.terraform.backend.s3).toMatchObject({
      bucket: "nouvelle-aquitaine-terraform-state",
      key: "nouvelle-aquitaine/foundation.tfstate",
      endpoints: { s3: "https://s3.fr-sud-ouest-1.cloud.example.fr" },
      use_lockfile: true,
      use_path_style: true,
    });
    // The example provider does not declare Swift's encryption middleware: the S3 layer would answer 501 to the header.
    expect(tf.document.terraform.backend.s3.encrypt).toBeUndefined();
    expect(tf.document.terraform.backend.s3.access_key).toBeUndefined();
    expect(tf.document.terraform.backend.s3.secret_key).toBeUndefined();
    expect(tf.document.terraform.encryption).toEqual({
      key_provider: { pbkdf2: { state: { passphrase: "${var.state_passphrase}" } } },
      method: { aes_gcm: { state: { keys: "key_provider.pbkdf2.state" } } },
      state: { method: "method.aes_gcm.state", enforced: true },
      plan: { method: "method.aes_gcm.state", enforced: true },
      remote_state_data_sources: { default: { method: "method.aes_gcm.state" } },
    });
    expect(tf.document.variable.state_passphrase).toMatchObject({ type: "string", sensitive: true, nullable: false });
    expect(tf.document.variable.state_passphrase.default).toBeUndefined();
  });

  it("requires the engine version the state's encryption and lock file need, checked by the engine where it runs", () => {
    const stacks = synthesizeRegions({ outdir: freshDir(), today: testToday }).stacks;
    for (const file of Object.values(stacks)) expect(TerraformJson.parse(readFileSync(file, "utf8")).document.terraform.required_version).toBe(">= 1.10.0");
  });

  it("sends the S3 encryption header only when the provider profile says the object storage encrypts at rest", () => {
    const withSse = editedMinimal((doc) => doc.setIn(["provider", "objectStorage", "serverSideEncryption"], true));
    expect(synth([withSse])["minimal-foundation"]!.document.terraform.backend.s3.encrypt).toBe(true);
  });

  it("filters what leaves the nodes subnet with a firewall group only where the provider profile says it offers FWaaS", () => {
    expect(synth([minimalFile])["minimal-foundation"]!.resources("openstack_fw_group_v2")).toEqual([]);
    const withFwaas = editedMinimal((doc) => doc.setIn(["provider", "services", "fwaas"], true));
    const tf = synth([withFwaas])["minimal-foundation"]!;
    const group = tf.only("openstack_fw_group_v2");
    expect(tf.deref(tf.deref(group.ports[0]).body.subnet_id).body.name).toBe("minimal-nodes");
  });

  it("takes the state key from OpenBao when the region says so", () => {
    const openbao = editedMinimal((doc) =>
      doc.setIn(["state", "encryption"], { keyProvider: "openbao", address: "https://bao.region.example.fr", keyName: "eds-state" }),
    );
    const tf = synth([openbao])["minimal-foundation"]!;
    expect(tf.document.terraform.encryption.key_provider).toEqual({
      openbao: { state: { address: "https://bao.region.example.fr", key_name: "eds-state", transit_engine_path: "/transit" } },
    });
    expect(tf.document.variable?.state_passphrase).toBeUndefined();
  });

  it("keeps a local, still encrypted state with --local-state, as a visible exception that ends the same day", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "eds-local-")), "out");
    const result = synthesizeRegions({ envFiles: [minimalFile], outdir: out, localState: true, today: testToday });
    const tf = JSON.parse(readFileSync(result.stacks["minimal-foundation"]!, "utf8"));
    expect(tf.terraform.backend).toEqual({ local: { path: "terraform.minimal-foundation.tfstate" } });
    expect(tf.terraform.encryption.state.enforced).toBe(true);
    const [check] = await checkRegions(result, testToday);
    expect(failsRun(check!.run)).toBe(false);
    expect(appliedSuppressions(check!.run).map(({ suppression }) => [suppression.policy, suppression.expires, suppression.location])).toEqual([
      ["state-backend-on-provider", testToday, "eds synth --local-state"],
    ]);
    const nextDay = await checkRegions(result, "2026-11-29");
    expect(
      nextDay[0]!.run.outcomes
        .filter((o) => o.status === "violation" && o.level === "mandatory")
        .map((o) => o.policyId)
        .sort(),
    ).toEqual(["state-backend-on-provider", "suppression-not-expired"]);
  });

  it("pulls from a registry on another port than 443: rules, cluster settings and allowed registries name the port", async () => {
    for (const file of shipped) {
      const region = file
        .split("/")
        .pop()!
        .replace(/\.yaml$/, "");
      const host = `registry.${region}.example.fr`;
      const text = readFileSync(file, "utf8").replaceAll(`${host}/`, `${host}:5000/`).replace(`  host: ${host}\n`, `  host: ${host}\n  port: 5000\n`);
      const result = synthesizeRegions({
        envFiles: [join(environmentFolder({ [`${region}.yaml`]: text }), `${region}.yaml`)],
        outdir: freshDir(),
        today: testToday,
      });
      const tf = TerraformJson.parse(readFileSync(result.stacks[`${region}-foundation`]!, "utf8"));
      const toRegistry = tf
        .resources("openstack_networking_secgroup_rule_v2")
        .map(([, rule]) => rule)
        .filter((rule) => rule.remote_ip_prefix === "192.0.2.108/30");
      expect(toRegistry.length, region).toBeGreaterThan(0);
      for (const rule of toRegistry) expect([rule.direction, rule.port_range_min, rule.port_range_max], region).toEqual(["egress", 5000, 5000]);
      const json = JSON.stringify(tf);
      const [template] = tf.resources("openstack_containerinfra_clustertemplate_v1");
      if (template) expect(template[1].labels.container_infra_prefix).toBe(`${host}:5000/magnum`);
      else {
        expect(json).toContain(`system-default-registry: ${host}:5000`);
        expect(json).toContain(`https://${host}:5000`);
      }
      const [check] = await checkRegions(result, testToday);
      expect(check!.run.settings.allowedRegistries, region).toEqual([`${host}:5000`]);
      expect(failsRun(check!.run), region).toBe(false);
    }
  });

  it("configures the OpenStack provider without any credential", () => {
    const tf = synth([minimalFile])["minimal-foundation"]!;
    expect(tf.document.provider.openstack).toEqual([{ auth_url: "https://identity.cloud.example.fr/v3", region: "fr-test-1" }]);
    expect(tf.document.terraform.required_providers.openstack).toEqual({
      source: "terraform-provider-openstack/openstack",
      version: expect.stringMatching(/^(~> 3\.4|3\.4\.\d+)$/),
    });
  });

  it("outputs what the platform stack needs", () => {
    const tf = synth([minimalFile])["minimal-foundation"]!;
    expect(Object.keys(tf.document.output).sort()).toEqual([
      "bastion_address",
      "kubernetes_api_endpoint",
      "network_id",
      "subnet_admin_id",
      "subnet_data_id",
      "subnet_dmz_id",
      "subnet_nodes_id",
    ]);
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

  const magnum = tf.resources("openstack_containerinfra_cluster_v1").length > 0;

  it("has a complete foundation: network, bastion, storage, keys and Kubernetes, built by Magnum or from instances", () => {
    const kubernetes = magnum
      ? ["openstack_containerinfra_clustertemplate_v1", "openstack_containerinfra_cluster_v1"]
      : ["openstack_lb_loadbalancer_v2", "openstack_compute_servergroup_v2"];
    for (const type of [
      "openstack_networking_network_v2",
      "openstack_networking_router_v2",
      "openstack_compute_instance_v2",
      "openstack_networking_floatingip_v2",
      "openstack_objectstorage_container_v1",
      "openstack_keymanager_order_v1",
      ...kubernetes,
    ]) {
      expect(tf.resources(type).length, type).toBeGreaterThan(0);
    }
    expect(tf.resources("openstack_networking_subnet_v2")).toHaveLength(4);
    if (!magnum) expect(tf.resources("openstack_compute_instance_v2").filter(([, body]) => body.metadata.role === "kubernetes-server")).toHaveLength(3);
  });

  it("has a single floating IP, and it reaches the bastion", () => {
    const [floatingIp, ...others] = tf.resources("openstack_networking_floatingip_v2").map(([, body]) => body);
    expect(others).toEqual([]);
    const port = tf.deref(floatingIp!.port_id);
    const instances = tf
      .resources("openstack_compute_instance_v2")
      .filter(([, body]) => body.network?.some((n: { port: string }) => n.port === tf.ref("openstack_networking_port_v2", port.body)));
    expect(instances.map(([, body]) => body.metadata.role)).toEqual(["bastion"]);
  });

  it("has no volume, boot volume or node volume outside the encrypted volume types", () => {
    const encrypted = ["encrypted-ssd", "encrypted-hdd"];
    for (const [, volume] of tf.resources("openstack_blockstorage_volume_v3")) expect(encrypted).toContain(volume.volume_type);
    for (const [, instance] of tf.resources("openstack_compute_instance_v2")) {
      expect(instance.block_device.length).toBeGreaterThan(0);
      for (const device of instance.block_device) expect(encrypted).toContain(device.volume_type);
    }
    for (const [, template] of tf.resources("openstack_containerinfra_clustertemplate_v1")) {
      for (const label of ["boot_volume_type", "etcd_volume_type"]) expect(encrypted).toContain(template.labels[label]);
    }
  });

  it("opens no ingress from anywhere, and describes every group and rule", () => {
    for (const [, group] of tf.resources("openstack_networking_secgroup_v2")) {
      expect(group.delete_default_rules).toBe(true);
      expect(group.description).toBeTruthy();
    }
    for (const [, rule] of tf.resources("openstack_networking_secgroup_rule_v2")) {
      expect(rule.description).toBeTruthy();
      expect(rule.remote_ip_prefix ?? rule.remote_group_id).toBeTruthy();
      expect(["0.0.0.0/0", "::/0"]).not.toContain(rule.remote_ip_prefix);
    }
  });

  it("applies: no security group has two rules Neutron would take for one (it refuses the second, and the apply stops)", () => {
    // neutron/db/securitygroups_db.py, _rule_to_key: the description is not part of a rule's identity, 1-65535 is no
    // range (_make_canonical_port_range), and 0.0.0.0/0 is no remote.
    const keys = tf.resources("openstack_networking_secgroup_rule_v2").map(([, rule]) => {
      const ports =
        rule.port_range_min === undefined || (rule.port_range_min === 1 && rule.port_range_max === 65535)
          ? ""
          : `${rule.port_range_min}-${rule.port_range_max}`;
      const remote = rule.remote_ip_prefix === "0.0.0.0/0" ? "" : (rule.remote_ip_prefix ?? "");
      return [rule.security_group_id, rule.direction, rule.ethertype, rule.protocol, ports, remote, rule.remote_group_id ?? ""].join(" ");
    });
    expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
    for (const [, rule] of tf.resources("openstack_networking_secgroup_rule_v2")) expect(rule.description.length).toBeLessThanOrEqual(255);
  });

  it("hands every instance its user data on a config drive: the hosts' groups allow no flow to the metadata service", () => {
    const instances = tf.resources("openstack_compute_instance_v2").map(([, body]) => body);
    expect(instances.length).toBeGreaterThan(0);
    for (const instance of instances) expect(instance.config_drive, instance.name).toBe(true);
    for (const [, rule] of tf.resources("openstack_networking_secgroup_rule_v2")) expect(rule.remote_ip_prefix ?? "").not.toMatch(/^169\.254\./);
  });

  it("has no private key, password or secret in its JSON", () => {
    const text = JSON.stringify(tf.document);
    expect(text).not.toMatch(/PRIVATE KEY|admin_pass|"password"|secret_key|application_credential_secret/);
  });
});
