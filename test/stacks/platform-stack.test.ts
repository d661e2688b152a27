import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { environmentFile } from "../../config/regions";
import { synthesizeRegions } from "../../stacks/synthesize";
import { editedEnvironment, environmentFolder, minimalEnvironment, testToday } from "../helpers/environments";
import { TerraformJson } from "../helpers/terraform";

const outdir = () => join(mkdtempSync(join(tmpdir(), "eds-platform-")), "out");
const stacksOf = (result: ReturnType<typeof synthesizeRegions>) =>
  Object.fromEntries(Object.entries(result.stacks).map(([name, file]) => [name, TerraformJson.parse(readFileSync(file, "utf8"))]));

describe("the platform stack", () => {
  const result = synthesizeRegions({ envFiles: [environmentFile("nouvelle-aquitaine")], outdir: outdir(), today: testToday });
  const stacks = stacksOf(result);
  const platform = stacks["nouvelle-aquitaine-platform"]!;
  const foundation = stacks["nouvelle-aquitaine-foundation"]!;

  it("configures Kubernetes from the foundation's state on the shared backend, with no credential", () => {
    const [provider] = platform.document.provider.kubernetes;
    const remote = Object.entries<Record<string, any>>(platform.document.data.terraform_remote_state);
    expect(remote).toHaveLength(1);
    const [name, state] = remote[0]!;
    expect(provider.host).toMatch(new RegExp(`^\\$\\{data\\.terraform_remote_state\\.${name}\\.outputs\\.`));
    expect(provider.cluster_ca_certificate).toMatch(new RegExp(`^\\$\\{data\\.terraform_remote_state\\.${name}\\.outputs\\.`));
    expect(provider.exec).toEqual([
      {
        api_version: "client.authentication.k8s.io/v1beta1",
        command: "kubectl",
        args: ["oidc-login", "get-token", "--oidc-issuer-url=https://sso.nouvelle-aquitaine.example.fr/realms/eds", "--oidc-client-id=kubernetes"],
      },
    ]);
    for (const credential of ["token", "client_key", "client_certificate", "password"]) expect(provider[credential]).toBeUndefined();
    expect(state.backend).toBe("s3");
    expect(state.config).toMatchObject({ bucket: foundation.document.terraform.backend.s3.bucket, key: foundation.document.terraform.backend.s3.key });
    const outputName = provider.host.match(/outputs\.([^}]+)\}/)![1];
    expect(foundation.document.output[outputName].value).toMatch(/^\$\{openstack_containerinfra_cluster_v1\.[^.]+\.api_address\}$/);
  });

  it("says, before the Secrets, what the first apply needs: the deployers' binding, then the namespaces the Secrets go in, alone", () => {
    const checklist = readFileSync(join(dirname(result.stacks["nouvelle-aquitaine-platform"]!), "SECRETS.md"), "utf8");
    const [before] = checklist.split(/^## (?=[a-z-]+\/)/m);
    expect(before).toContain("## Before the first apply");
    expect(before).toContain("--group=oidc:eds-deployers");
    const targets = [...before!.matchAll(/-target='kubernetes_namespace_v1\.([^']+)'/g)].map((match) => match[1]);
    // Every namespace a Secret goes in is created by the targeted apply.
    const namespaceOf = (name: string) => platform.document.resource.kubernetes_namespace_v1[name].metadata.name;
    const needed = new Set([...checklist.matchAll(/kubectl -n (\S+) create secret/g)].map((match) => match[1]));
    expect(needed.size).toBeGreaterThan(3);
    for (const namespace of needed) expect(targets.map((name) => namespaceOf(name!))).toContain(namespace);
  });

  it("on a region built from instances, takes the CA from the deployer and authenticates through the identity provider", () => {
    const result = synthesizeRegions({
      envFiles: [environmentFile("bretagne")],
      outdir: join(mkdtempSync(join(tmpdir(), "eds-rke2-")), "out"),
      today: testToday,
    });
    const rke2 = TerraformJson.parse(readFileSync(result.stacks["bretagne-platform"]!, "utf8"));
    const [provider] = rke2.document.provider.kubernetes;
    expect(provider.cluster_ca_certificate).toBe("${var.kubernetes_ca_certificate}");
    expect(rke2.document.variable.kubernetes_ca_certificate).toMatchObject({ type: "string", nullable: false });
    expect(provider.exec).toEqual([
      {
        api_version: "client.authentication.k8s.io/v1beta1",
        command: "kubectl",
        args: ["oidc-login", "get-token", "--oidc-issuer-url=https://sso.bretagne.example.fr/realms/eds", "--oidc-client-id=kubernetes"],
      },
    ]);
    expect(provider.host).toMatch(/^https:\/\/\$\{data\.terraform_remote_state\.[^}]+\}:6443$/);
    const outputName = provider.host.match(/outputs\.([^}]+)\}/)![1];
    const rke2Foundation = TerraformJson.parse(readFileSync(result.stacks["bretagne-foundation"]!, "utf8"));
    expect(rke2Foundation.document.output[outputName].value).toMatch(/^\$\{openstack_lb_loadbalancer_v2\.[^.]+\.vip_address\}$/);
  });

  it("keeps its own state beside the foundation's", () => {
    expect(platform.document.terraform.backend.s3).toMatchObject({ key: "nouvelle-aquitaine/platform.tfstate", use_lockfile: true });
    expect(platform.document.terraform.encryption.state).toEqual({ method: "method.aes_gcm.state", enforced: true });
    // The foundation's state, read through terraform_remote_state, is decrypted with the same key.
    expect(platform.document.terraform.encryption.remote_state_data_sources).toEqual({ default: { method: "method.aes_gcm.state" } });
  });

  it("reads the pseudonymisation key reference from the foundation's Barbican order, and holds no key material", () => {
    const config = platform
      .resources("kubernetes_config_map_v1")
      .map(([, b]) => b)
      .find((b) => b.metadata.name === "pseudonymisation")!;
    const outputName = config.data["master-key-ref"].match(/outputs\.([^}]+)\}/)![1];
    expect(foundation.document.output[outputName].value).toMatch(/^\$\{openstack_keymanager_order_v1\.[^.]+\.secret_ref\}$/);
    expect(JSON.stringify(platform.document)).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY|"payload"|"token":|client_key/);
  });

  it("creates the containers the platform relies on in the foundation", () => {
    const names = foundation.resources("openstack_objectstorage_container_v1").map(([, b]) => b.name);
    expect(names).toEqual(expect.arrayContaining(["nouvelle-aquitaine-airlock", "nouvelle-aquitaine-exports", "nouvelle-aquitaine-opt-out"]));
  });

  it("creates the opt-out list's container under the name the service reads it from", () => {
    const folder = environmentFolder({
      "nouvelle-aquitaine.yaml": editedEnvironment((doc) => doc.setIn(["pseudonymisation", "optOutList", "container"], "objections")),
    });
    const renamed = stacksOf(synthesizeRegions({ envFiles: [join(folder, "nouvelle-aquitaine.yaml")], outdir: outdir(), today: testToday }));
    const names = renamed["nouvelle-aquitaine-foundation"]!.resources("openstack_objectstorage_container_v1").map(([, b]) => b.name);
    expect(names).toContain("nouvelle-aquitaine-objections");
    expect(names).not.toContain("nouvelle-aquitaine-opt-out");
    const config = renamed["nouvelle-aquitaine-platform"]!.resources("kubernetes_config_map_v1").find(([, b]) => b.metadata.name === "pseudonymisation")![1];
    expect(config.data["opt-out-list"]).toBe("swift://nouvelle-aquitaine-objections/objectors.csv");
  });

  it("gives no workspace to a project whose authorization expired, and says why", () => {
    const namespaces = platform.resources("kubernetes_namespace_v1").map(([, b]) => b.metadata.name);
    expect(namespaces).toContain("project-cardio-2026");
    expect(namespaces).not.toContain("project-diabete-2025");
    expect(result.retired["nouvelle-aquitaine"]).toEqual([
      {
        id: "diabete-2025",
        reason: "its authorization (CNIL-DR-EXAMPLE-2025-123) expired on 2026-02-28; its extract was kept until 2026-05-29 and is dropped",
      },
    ]);
    const projects = platform
      .resources("kubernetes_config_map_v1")
      .map(([, b]) => b)
      .find((b) => b.metadata.name === "pseudonymisation")!.data["projects.json"];
    expect(JSON.parse(projects).map((p: { id: string }) => p.id)).toEqual(["cardio-2026"]);
  });

  it("gives no workspace to a project whose authorization has not started yet", () => {
    const folder = environmentFolder({
      "nouvelle-aquitaine.yaml": editedEnvironment((doc) => {
        doc.setIn(["projects", 0, "start"], "2027-01-01");
      }),
    });
    const later = synthesizeRegions({ envFiles: [join(folder, "nouvelle-aquitaine.yaml")], outdir: outdir(), today: testToday });
    expect(later.retired["nouvelle-aquitaine"]!.map((p) => p.reason)).toContain("its authorization starts on 2027-01-01");
  });

  it.each([
    ["closed", "it is declared closed; its extract is kept, closed, until"],
    ["planned", "it is declared planned"],
  ])("gives no workspace to a project declared %s while its authorization is in force, as the site says of it", (status, reason) => {
    const folder = environmentFolder({ "nouvelle-aquitaine.yaml": editedEnvironment((doc) => doc.setIn(["projects", 0, "status"], status)) });
    const result = synthesizeRegions({ envFiles: [join(folder, "nouvelle-aquitaine.yaml")], outdir: outdir(), today: testToday });
    const namespaces = stacksOf(result)
      ["nouvelle-aquitaine-platform"]!.resources("kubernetes_namespace_v1")
      .map(([, b]) => b.metadata.name);
    expect(namespaces).not.toContain("project-cardio-2026");
    expect(result.retired["nouvelle-aquitaine"]!.find((p) => p.id === "cardio-2026")!.reason).toContain(reason);
  });

  it("is not synthesized for an environment without a platform section", () => {
    const folder = environmentFolder({ "minimal.yaml": minimalEnvironment });
    const minimal = synthesizeRegions({ envFiles: [join(folder, "minimal.yaml")], outdir: outdir(), today: testToday });
    expect(Object.keys(minimal.stacks)).toEqual(["minimal-foundation"]);
  });

  it("reads the foundation's local state with --local-state", () => {
    const local = stacksOf(synthesizeRegions({ envFiles: [environmentFile("nouvelle-aquitaine")], outdir: outdir(), today: testToday, localState: true }));
    const [, state] = Object.entries<Record<string, any>>(local["nouvelle-aquitaine-platform"]!.document.data.terraform_remote_state)[0]!;
    expect(state.backend).toBe("local");
  });
});
