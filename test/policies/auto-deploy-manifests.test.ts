import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkPaths } from "../../policies/check";
import { readConfigurations } from "../../policies/inputs/read";
import { fixtureSettings } from "./fixture-runner";

/** A file a cloud-config writes: its path, the YAML of its content (none: an empty file), and its other keys. */
interface Written {
  readonly path: string;
  readonly content?: string;
  readonly keys?: string;
}

/** The block of an instance booting with a cloud-config that writes `files` and runs `command`. */
function instanceWriting(name: string, files: readonly Written[], command = "curl -sfL https://get.k3s.io | sh -", meta = ""): string {
  const entries = files.map(({ path, content, keys }) =>
    [`  - path: ${path}`, ...(keys ? [`    ${keys}`] : []), ...(content === undefined ? [] : [`    content: |\n${content.replace(/^/gm, "      ")}`])].join(
      "\n",
    ),
  );
  return [
    `resource "openstack_compute_instance_v2" "${name}" {`,
    ...(meta ? [`  ${meta}`] : []),
    `  name      = "${name}"`,
    "  user_data = <<-EOT",
    "#cloud-config",
    "write_files:",
    ...entries,
    "runcmd:",
    `  - ${command}`,
    "EOT",
    "}",
  ].join("\n");
}

/** A folder of the blocks given, beside a variable given no value. */
function folderOf(...blocks: string[]): string {
  const folder = mkdtempSync(join(tmpdir(), "eds-auto-deploy-"));
  writeFileSync(join(folder, "main.tf"), ['variable "manifest" {\n  type = string\n}', ...blocks].join("\n"));
  return folder;
}

/** A folder whose one instance boots with a cloud-config writing `files`. */
const serverWriting = (files: readonly Written[]): string => folderOf(instanceWriting("server", files));

const privilegedPod = (name: string, namespace?: string) =>
  [
    "apiVersion: v1",
    "kind: Pod",
    "metadata:",
    `  name: ${name}`,
    ...(namespace ? [`  namespace: ${namespace}`] : []),
    "spec:",
    "  containers:",
    "    - name: app",
    "      image: registry.example.fr/app:1.0",
    "      securityContext:",
    "        privileged: true",
  ].join("\n");

const adminBinding = [
  "apiVersion: rbac.authorization.k8s.io/v1",
  "kind: ClusterRoleBinding",
  "metadata:",
  "  name: everyone-admin",
  "roleRef:",
  "  apiGroup: rbac.authorization.k8s.io",
  "  kind: ClusterRole",
  "  name: cluster-admin",
  "subjects:",
  "  - kind: Group",
  "    name: system:authenticated",
  "    apiGroup: rbac.authorization.k8s.io",
].join("\n");

const k3s = "/var/lib/rancher/k3s/server/manifests";

/** Each violation of a policy, as `address path`. */
async function violations(folder: string, policyId: string): Promise<string[]> {
  const { outcomes } = await checkPaths([folder], { settings: fixtureSettings });
  return outcomes.filter((o) => o.policyId === policyId && o.status === "violation").map((o) => `${o.address} ${o.path}`);
}

describe("manifests a server's cloud-config has K3s or RKE2 apply", () => {
  it("judges every object of every document K3s and RKE2 apply from their manifests folders, at the instance and the file", async () => {
    const folder = serverWriting([
      { path: `${k3s}/apps.yaml`, content: `${privilegedPod("web")}\n---\n${adminBinding}` },
      { path: "/var/lib/rancher/rke2/server/manifests/team/tools.YML", content: privilegedPod("tools", "team") },
      {
        path: `${k3s}/list.json`,
        content: JSON.stringify({
          apiVersion: "v1",
          kind: "List",
          items: [{ kind: "Pod", metadata: { name: "listed" }, spec: { containers: [{ name: "app", image: "registry.example.fr/app:1.0" }] } }],
        }),
      },
    ]);
    expect(await violations(folder, "k8s-no-privileged")).toEqual([
      `openstack_compute_instance_v2.server.user_data["${k3s}/apps.yaml"][0] spec.containers[0].securityContext.privileged`,
      'openstack_compute_instance_v2.server.user_data["/var/lib/rancher/rke2/server/manifests/team/tools.YML"][0] spec.containers[0].securityContext.privileged',
    ]);
    expect(await violations(folder, "k8s-no-cluster-admin-binding")).toEqual([
      `openstack_compute_instance_v2.server.user_data["${k3s}/apps.yaml"][1] subjects[0].name`,
    ]);
    // A namespaced object that names none is created in default (wrangler's apply), and a list's items take its apiVersion.
    const [configuration] = await readConfigurations([folder]);
    const pods = configuration!.resources.filter((r) => r.type === "kubernetes_pod_v1");
    expect(pods.map((pod) => [pod.address, (pod.values.metadata as { namespace: string }[])[0]!.namespace])).toEqual([
      [`openstack_compute_instance_v2.server.user_data["${k3s}/apps.yaml"][0]`, "default"],
      ['openstack_compute_instance_v2.server.user_data["/var/lib/rancher/rke2/server/manifests/team/tools.YML"][0]', "team"],
      [`openstack_compute_instance_v2.server.user_data["${k3s}/list.json"][0]`, "default"],
    ]);
  });

  it("reads what the deploy controller applies: no hidden file, none with a .skip beside it, no other extension, a file's last write", async () => {
    const folder = serverWriting([
      { path: `${k3s}/.hidden.yaml`, content: privilegedPod("hidden") },
      { path: `${k3s}/skipped.yaml`, content: privilegedPod("skipped") },
      { path: `${k3s}/nested/skipped.yaml.skip` },
      { path: `${k3s}/notes.txt`, content: privilegedPod("notes") },
      { path: `${k3s}/rewritten.yaml`, content: privilegedPod("first") },
      { path: `${k3s}/rewritten.yaml`, content: privilegedPod("second").replace("privileged: true", "privileged: false") },
      { path: "/etc/rancher/k3s/app.yaml", content: privilegedPod("elsewhere") },
    ]);
    const [configuration] = await readConfigurations([folder]);
    expect(configuration!.resources.map((r) => r.address)).toEqual([
      "openstack_compute_instance_v2.server",
      `openstack_compute_instance_v2.server.user_data["${k3s}/rewritten.yaml"][0]`,
    ]);
    expect(await violations(folder, "k8s-no-privileged")).toEqual([]);
  });

  it("lists a manifest whose content is known only at apply, written as it is or encoded, and judges none of it", async () => {
    const folder = serverWriting([
      { path: `${k3s}/given.yaml`, content: "${var.manifest}" },
      { path: `${k3s}/encoded.yaml`, keys: "encoding: b64\n    content: ${base64encode(var.manifest)}" },
      { path: `${k3s}/compressed.yaml`, keys: "encoding: gz+b64\n    content: ${base64gzip(var.manifest)}" },
    ]);
    const report = await checkPaths([folder], { settings: fixtureSettings });
    expect(report.configurations[0]!.objectsKnownAtApply).toEqual(
      ["given", "encoded", "compressed"].map((name) => `openstack_compute_instance_v2.server.user_data["${k3s}/${name}.yaml"]`),
    );
    expect(report.outcomes.filter((o) => o.address.includes("user_data[") && o.status === "violation")).toEqual([]);
  });

  it("points a finding at the line of the file a manifest was read from", async () => {
    const folder = serverWriting([{ path: `${k3s}/apps.yaml`, keys: 'encoding: b64\n    content: ${filebase64("${path.module}/apps.yaml")}' }]);
    writeFileSync(join(folder, "apps.yaml"), `${adminBinding}\n---\n${privilegedPod("web", "web")}\n`);
    const { outcomes } = await checkPaths([folder], { settings: fixtureSettings });
    const at = (policyId: string) => outcomes.filter((o) => o.policyId === policyId && o.status === "violation").map((o) => `${o.file}:${o.line}`);
    // The binding's subject on line 11; the pod, the second document from line 14, privileged on its line 11.
    expect(at("k8s-no-cluster-admin-binding")).toEqual([`${join(folder, "apps.yaml")}:11`]);
    expect(at("k8s-no-privileged")).toEqual([`${join(folder, "apps.yaml")}:24`]);
  });

  it("reads what an entry that appends adds to the file written before it", async () => {
    const folder = serverWriting([
      { path: `${k3s}/app.yaml`, content: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n---\n" },
      { path: `${k3s}/app.yaml`, keys: "append: true", content: privilegedPod("web", "web") },
    ]);
    const [configuration] = await readConfigurations([folder]);
    expect(configuration!.resources.map((r) => `${r.address} ${r.type}`)).toEqual([
      "openstack_compute_instance_v2.server openstack_compute_instance_v2",
      `openstack_compute_instance_v2.server.user_data["${k3s}/app.yaml"][0] kubernetes_namespace_v1`,
      `openstack_compute_instance_v2.server.user_data["${k3s}/app.yaml"][1] kubernetes_pod_v1`,
    ]);
  });

  it("judges nothing an agent writes there, and an object the servers of a cluster each write once, at the first", async () => {
    const apps = [{ path: `${k3s}/apps.yaml`, content: privilegedPod("web", "web") }];
    const rke2Apps = [{ path: "/var/lib/rancher/rke2/server/manifests/apps.yaml", content: privilegedPod("tools", "web") }];
    const folder = folderOf(
      instanceWriting("servers", apps, "curl -sfL https://get.k3s.io | sh -s - server --cluster-init", "count = 3"),
      instanceWriting("joined_by_url", apps, "curl -sfL https://get.k3s.io | K3S_URL=https://192.0.2.10:6443 K3S_TOKEN=example sh -"),
      instanceWriting("agent_by_exec", apps, 'curl -sfL https://get.k3s.io | INSTALL_K3S_EXEC="agent --server https://192.0.2.10:6443" sh -'),
      instanceWriting("agent_started", apps, "k3s agent --server https://192.0.2.10:6443"),
      instanceWriting("rke2_agent", rke2Apps, "curl -sfL https://get.rke2.io | INSTALL_RKE2_TYPE=agent sh -"),
      // K3S_URL from a file the shell sources with allexport on, on the runcmd line before the install script's.
      instanceWriting(
        "agent_by_sourced_url",
        [...apps, { path: "/root/k3s.env", content: "K3S_URL=https://192.0.2.10:6443\nK3S_TOKEN=example" }],
        "set -a; . /root/k3s.env; set +a\n  - curl -sfL https://get.k3s.io | sh -",
      ),
      instanceWriting(
        "server_by_url",
        [{ path: `${k3s}/other.yaml`, content: privilegedPod("other", "web") }],
        "curl -sfL https://get.k3s.io | K3S_URL=https://192.0.2.10:6443 sh -s - server",
      ),
    );
    expect(await violations(folder, "k8s-no-privileged")).toEqual([
      `openstack_compute_instance_v2.server_by_url.user_data["${k3s}/other.yaml"][0] spec.containers[0].securityContext.privileged`,
      `openstack_compute_instance_v2.servers[0].user_data["${k3s}/apps.yaml"][0] spec.containers[0].securityContext.privileged`,
    ]);
  });

  it("names a server that writes into the folder with a command, or a file whose Addon name the API server refuses", async () => {
    const folder = folderOf(
      instanceWriting(
        "moved",
        [{ path: "/opt/manifests/other.yaml", content: privilegedPod("web", "web") }],
        "mv /opt/manifests/app.yaml /var/lib/rancher/k3s/server/manifests/",
      ),
      instanceWriting("made", [], "mkdir -p /var/lib/rancher/k3s/server/manifests"),
      instanceWriting("misnamed", [
        { path: `${k3s}/hcloud_ccm.yaml`, content: privilegedPod("ccm", "web") },
        { path: `${k3s}/Web.yaml`, content: privilegedPod("web", "web") },
        { path: `${k3s}/web.v2.yaml`, content: privilegedPod("web2", "web") },
      ]),
    );
    const [configuration] = await readConfigurations([folder]);
    const refused = (file: string, name: string) =>
      `openstack_compute_instance_v2.misnamed writes ${k3s}/${file}, which K3s and RKE2 never apply: their deploy controller names the file's Addon "${name}", after its name up to the first period, which the API server refuses (a lowercase RFC 1123 name is required)`;
    const main = join(folder, "main.tf");
    expect(configuration!.leftToTheirTools).toEqual([
      { file: `${main}:35`, message: refused("hcloud_ccm.yaml", "hcloud_ccm") },
      { file: `${main}:35`, message: refused("Web.yaml", "Web") },
      {
        file: `${main}:4`,
        message:
          "openstack_compute_instance_v2.moved writes into the folder K3s or RKE2 applies by itself with a command of the user data (mv /opt/manifests/app.yaml /var/lib/rancher/k3s/server/manifests/), whose manifests are not read here: check them (eds check <file>)",
      },
    ]);
    expect(await violations(folder, "k8s-no-privileged")).toEqual([
      `openstack_compute_instance_v2.misnamed.user_data["${k3s}/web.v2.yaml"][0] spec.containers[0].securityContext.privileged`,
    ]);
  });

  it("reads RKE2's manifests from the data-dir its configuration sets, and says a file in the default folder is then not applied", async () => {
    const rke2 = "curl -sfL https://get.rke2.io | sh -";
    const config = (dataDir: string) => ({ path: "/etc/rancher/rke2/config.yaml", content: `data-dir: ${dataDir}\n` });
    const folder = folderOf(
      instanceWriting("moved", [config("/srv/rke2/"), { path: "/srv/rke2/server/manifests/web.yaml", content: privilegedPod("web", "web") }], rke2),
      instanceWriting(
        "stale",
        [
          config("/srv/rke2"),
          { path: "/var/lib/rancher/rke2/server/manifests/old.yaml", content: privilegedPod("old", "web") },
          // Written twice, named once.
          { path: "/var/lib/rancher/rke2/server/manifests/old.yaml", keys: "append: true", content: privilegedPod("older", "web") },
        ],
        rke2,
      ),
      instanceWriting(
        "unknown",
        [config("${var.manifest}"), { path: "/var/lib/rancher/rke2/server/manifests/app.yaml", content: privilegedPod("app", "web") }],
        rke2,
      ),
    );
    expect(await violations(folder, "k8s-no-privileged")).toEqual([
      'openstack_compute_instance_v2.moved.user_data["/srv/rke2/server/manifests/web.yaml"][0] spec.containers[0].securityContext.privileged',
    ]);
    const [configuration] = await readConfigurations([folder]);
    expect(configuration!.leftToTheirTools?.map(({ message }) => message)).toEqual([
      "openstack_compute_instance_v2.stale writes /var/lib/rancher/rke2/server/manifests/old.yaml, which RKE2 applies only from its own data-dir: RKE2's data-dir makes its folder /srv/rke2/server/manifests/, so its objects are not judged here",
      "openstack_compute_instance_v2.unknown writes /var/lib/rancher/rke2/server/manifests/app.yaml, which RKE2 applies only from its own data-dir: RKE2's data-dir, ${var.manifest}, is known only at apply, so its objects are not judged here",
    ]);
  });

  it("reads K3s's manifests from the data-dir its command line gives, else its configuration's, and says a file in the default folder is then not applied", async () => {
    const install = "curl -sfL https://get.k3s.io | ";
    const pod = (name: string) => privilegedPod(name, "web");
    const folder = folderOf(
      // The install script's arguments, the last one given winning; then INSTALL_K3S_EXEC, and `k3s server` itself.
      instanceWriting(
        "flagged",
        [
          { path: "/srv/k3s/server/manifests/web.yaml", content: pod("flagged") },
          { path: `${k3s}/old.yaml`, content: pod("old") },
        ],
        `${install}sh -s - server --data-dir /tmp/k3s -d /srv/k3s`,
      ),
      instanceWriting(
        "exec",
        [{ path: "/opt/k3s/server/manifests/web.yaml", content: pod("exec") }],
        `${install}INSTALL_K3S_EXEC="server --data-dir=/opt/k3s" sh -`,
      ),
      instanceWriting("started", [{ path: "/data/k3s/server/manifests/web.yaml", content: pod("started") }], "k3s server -d /data/k3s"),
      // The command line wins over the configuration file.
      instanceWriting(
        "configured",
        [
          { path: "/etc/rancher/k3s/config.yaml", content: "data-dir: /etc-dir\n" },
          { path: "/etc/rancher/k3s/config.yaml.d/50-data.yaml", content: "data-dir: /var/k3s/\n" },
          { path: "/var/k3s/server/manifests/web.yaml", content: pod("configured") },
        ],
        `${install}sh -`,
      ),
      instanceWriting(
        "overridden",
        [
          { path: "/etc/rancher/k3s/config.yaml", content: "data-dir: /var/k3s\n" },
          { path: `${k3s}/web.yaml`, content: pod("overridden") },
        ],
        `${install}sh -s - -d /var/lib/rancher/k3s`,
      ),
      instanceWriting("shell", [{ path: `${k3s}/web.yaml`, content: pod("shell") }], `${install}sh -s - --data-dir "$DATA"`),
      instanceWriting("moved", [], "cp /opt/app.yaml /srv/k3s/server/manifests/ && curl -sfL https://get.k3s.io | sh -s - -d /srv/k3s"),
    );
    expect(await violations(folder, "k8s-no-privileged")).toEqual([
      'openstack_compute_instance_v2.configured.user_data["/var/k3s/server/manifests/web.yaml"][0] spec.containers[0].securityContext.privileged',
      'openstack_compute_instance_v2.exec.user_data["/opt/k3s/server/manifests/web.yaml"][0] spec.containers[0].securityContext.privileged',
      'openstack_compute_instance_v2.flagged.user_data["/srv/k3s/server/manifests/web.yaml"][0] spec.containers[0].securityContext.privileged',
      `openstack_compute_instance_v2.overridden.user_data["${k3s}/web.yaml"][0] spec.containers[0].securityContext.privileged`,
      'openstack_compute_instance_v2.started.user_data["/data/k3s/server/manifests/web.yaml"][0] spec.containers[0].securityContext.privileged',
    ]);
    const [configuration] = await readConfigurations([folder]);
    expect(configuration!.leftToTheirTools?.map(({ message }) => message)).toEqual([
      `openstack_compute_instance_v2.flagged writes ${k3s}/old.yaml, which K3s applies only from its own data-dir: K3s's data-dir makes its folder /srv/k3s/server/manifests/, so its objects are not judged here`,
      "openstack_compute_instance_v2.moved writes into the folder K3s or RKE2 applies by itself with a command of the user data (cp /opt/app.yaml /srv/k3s/server/manifests/ && curl -sfL https://get.k3s.io | sh -s - -d /srv/k3s), whose manifests are not read here: check them (eds check <file>)",
      `openstack_compute_instance_v2.shell writes ${k3s}/web.yaml, which K3s applies only from its own data-dir: K3s's data-dir on its command line, $DATA, is not known here, so its objects are not judged here`,
    ]);
  });
});

describe("static pods a node's user data writes for its kubelet", () => {
  const kubeadm = "/etc/kubernetes/manifests";
  const agentPods = (dataDir: string) => `${dataDir}/agent/pod-manifests`;
  const deployment = ["apiVersion: apps/v1", "kind: Deployment", "metadata:", "  name: web", "  namespace: web"].join("\n");

  it("judges the first document of each file of the static pod folders as a Pod, on any node, whatever the file's name ends with", async () => {
    const folder = folderOf(
      instanceWriting("kubeadm", [{ path: `${kubeadm}/kube-vip.yaml`, content: privilegedPod("kube-vip", "kube-system") }], "kubeadm join"),
      // An agent runs static pods too; a file's name need not end in .yaml.
      instanceWriting(
        "agent",
        [{ path: `${agentPods("/var/lib/rancher/rke2")}/proxy.manifest`, content: privilegedPod("proxy") }],
        "curl -sfL https://get.rke2.io | INSTALL_RKE2_TYPE=agent sh -",
      ),
      // The data-dir RKE2's configuration sets, and K3s's command line.
      instanceWriting(
        "moved",
        [
          { path: "/etc/rancher/rke2/config.yaml", content: "data-dir: /srv/rke2\n" },
          { path: `${agentPods("/srv/rke2")}/vip.yaml`, content: privilegedPod("vip", "kube-system") },
          { path: `${agentPods("/var/lib/rancher/rke2")}/stale.yaml`, content: privilegedPod("stale", "kube-system") },
        ],
        "curl -sfL https://get.rke2.io | sh -",
      ),
      instanceWriting(
        "k3s",
        [{ path: `${agentPods("/opt/k3s")}/vip.yaml`, content: privilegedPod("k3s-vip", "kube-system") }],
        "curl -sfL https://get.k3s.io | sh -s - -d /opt/k3s",
      ),
      // Not run: a hidden file, a file in a folder below, another kind, a list, what follows the first document.
      instanceWriting(
        "ignored",
        [
          { path: `${kubeadm}/.hidden.yaml`, content: privilegedPod("hidden") },
          { path: `${kubeadm}/extra/pod.yaml`, content: privilegedPod("below") },
          { path: `${kubeadm}/deployment.yaml`, content: deployment },
          { path: `${kubeadm}/list.yaml`, content: `apiVersion: v1\nkind: List\nitems:\n  - ${privilegedPod("listed").replace(/\n/g, "\n    ")}` },
          { path: `${kubeadm}/two.yaml`, content: `${privilegedPod("first-of-two")}\n---\n${privilegedPod("second-of-two")}` },
        ],
        "kubeadm join",
      ),
    );
    expect(await violations(folder, "k8s-no-privileged")).toEqual([
      `openstack_compute_instance_v2.agent.user_data["${agentPods("/var/lib/rancher/rke2")}/proxy.manifest"][0] spec.containers[0].securityContext.privileged`,
      `openstack_compute_instance_v2.ignored.user_data["${kubeadm}/two.yaml"][0] spec.containers[0].securityContext.privileged`,
      `openstack_compute_instance_v2.k3s.user_data["${agentPods("/opt/k3s")}/vip.yaml"][0] spec.containers[0].securityContext.privileged`,
      `openstack_compute_instance_v2.kubeadm.user_data["${kubeadm}/kube-vip.yaml"][0] spec.containers[0].securityContext.privileged`,
      `openstack_compute_instance_v2.moved.user_data["${agentPods("/srv/rke2")}/vip.yaml"][0] spec.containers[0].securityContext.privileged`,
    ]);
  });
});

describe("files a node's user data moves or copies into those folders once written", () => {
  it("reads mv, cp and install of files write_files wrote, by path, glob or folder, in runcmd's order, and rm", async () => {
    const rke2 = "/var/lib/rancher/rke2";
    const staged = (name: string) => ({ path: `/opt/rke2/manifests/${name}.yaml`, content: privilegedPod(name, "web") });
    const folder = folderOf(
      // As a public RKE2 module does: manifests written aside, moved in once the server made its folder.
      instanceWriting(
        "globbed",
        [staged("one"), staged("two"), { path: "/opt/rke2/kube-vip.yaml", content: privilegedPod("vip", "kube-system") }],
        [
          "curl -sfL https://get.rke2.io | sh -",
          `  - mv -v /opt/rke2/kube-vip.yaml ${rke2}/agent/pod-manifests/kube-vip.yaml`,
          `  - until [ -d ${rke2}/server/manifests ]; do sleep 1; done`,
          `  - mv -v /opt/rke2/manifests/*.yaml ${rke2}/server/manifests # once the folder is there`,
        ].join("\n"),
      ),
      instanceWriting(
        "copied",
        [staged("three")],
        `cp /opt/rke2/manifests/three.yaml /opt/rke2/manifests/four.yaml && sudo install -m 0600 -t ${rke2}/server/manifests /opt/rke2/manifests/four.yaml`,
      ),
      instanceWriting("folder", [staged("five")], `cp -r /opt/rke2/manifests ${rke2}/server/manifests/staged`),
      // Removed before it could be applied; moved out of the folder; a source another command makes is not read.
      instanceWriting(
        "removed",
        [{ path: `${rke2}/server/manifests/gone.yaml`, content: privilegedPod("gone", "web") }],
        `rm -f ${rke2}/server/manifests/gone.yaml`,
      ),
      instanceWriting("unknown", [staged("six")], `mv /opt/rke2/manifests/$NAME.yaml ${rke2}/server/manifests/`),
    );
    expect(await violations(folder, "k8s-no-privileged")).toEqual([
      `openstack_compute_instance_v2.copied.user_data["${rke2}/server/manifests/four.yaml"][0] spec.containers[0].securityContext.privileged`,
      `openstack_compute_instance_v2.folder.user_data["${rke2}/server/manifests/staged/five.yaml"][0] spec.containers[0].securityContext.privileged`,
      `openstack_compute_instance_v2.globbed.user_data["${rke2}/agent/pod-manifests/kube-vip.yaml"][0] spec.containers[0].securityContext.privileged`,
      `openstack_compute_instance_v2.globbed.user_data["${rke2}/server/manifests/one.yaml"][0] spec.containers[0].securityContext.privileged`,
      `openstack_compute_instance_v2.globbed.user_data["${rke2}/server/manifests/two.yaml"][0] spec.containers[0].securityContext.privileged`,
    ]);
    const [configuration] = await readConfigurations([folder]);
    expect(configuration!.leftToTheirTools?.map(({ message }) => message)).toEqual([
      `openstack_compute_instance_v2.unknown writes into the folder K3s or RKE2 applies by itself with a command of the user data (mv /opt/rke2/manifests/$NAME.yaml ${rke2}/server/manifests/), whose manifests are not read here: check them (eds check <file>)`,
    ]);
  });

  it("reads a manifest echo writes there, and names one another command downloads or edits in place", async () => {
    const rke2 = "/var/lib/rancher/rke2";
    const folder = folderOf(
      instanceWriting(
        "echoed",
        [],
        JSON.stringify(
          `echo '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "echoed", "namespace": "web"}, "spec": {"containers": [{"name": "app", "image": "registry.example.fr/app:1.0", "securityContext": {"privileged": true}}]}}' > ${rke2}/server/manifests/echoed.json`,
        ),
      ),
      instanceWriting("downloaded", [], `curl -fsSLo ${rke2}/server/manifests/app.yaml https://charts.example.fr/app.yaml`),
      instanceWriting(
        "edited",
        [{ path: `${rke2}/server/manifests/edited.yaml`, content: privilegedPod("edited", "web") }],
        JSON.stringify(`sed -i 's/privileged: true/privileged: false/' ${rke2}/server/manifests/edited.yaml`),
      ),
    );
    expect(await violations(folder, "k8s-no-privileged")).toEqual([
      `openstack_compute_instance_v2.echoed.user_data["${rke2}/server/manifests/echoed.json"][0] spec.containers[0].securityContext.privileged`,
    ]);
    const [configuration] = await readConfigurations([folder]);
    expect(configuration!.leftToTheirTools?.map(({ message }) => message)).toEqual([
      `openstack_compute_instance_v2.downloaded writes into the folder K3s or RKE2 applies by itself with a command of the user data (curl -fsSLo ${rke2}/server/manifests/app.yaml https://charts.example.fr/app.yaml), whose manifests are not read here: check them (eds check <file>)`,
      `openstack_compute_instance_v2.edited writes into the folder K3s or RKE2 applies by itself with a command of the user data (sed -i 's/privileged: true/privileged: false/' ${rke2}/server/manifests/edited.yaml), whose manifests are not read here: check them (eds check <file>)`,
    ]);
  });
});

describe("manifests and static pods Terraform's provisioners write on a node", () => {
  it("are judged as a user data's, at the resource and the file, by what writes them; an agent's manifests are not applied", async () => {
    const provisionedNode = (name: string, files: Readonly<Record<string, string>>, command: string) =>
      [
        `resource "terraform_data" "${name}" {`,
        "  connection {",
        '    host     = "192.0.2.10"',
        '    user     = "root"',
        '    host_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleOnlyNotARealHostKey"',
        "  }",
        ...Object.entries(files).flatMap(([destination, content]) => [
          '  provisioner "file" {',
          `    content     = ${JSON.stringify(content)}`,
          `    destination = "${destination}"`,
          "  }",
        ]),
        '  provisioner "remote-exec" {',
        `    inline = [${JSON.stringify(command)}]`,
        "  }",
        "}",
      ].join("\n");
    const folder = folderOf(
      provisionedNode(
        "server",
        { "/tmp/app.yaml": adminBinding, "/etc/kubernetes/manifests/vip.yaml": privilegedPod("vip") },
        `mv /tmp/app.yaml ${k3s}/ && curl -sfL https://get.k3s.io | sh -`,
      ),
      provisionedNode("agent", { [`${k3s}/agent.yaml`]: adminBinding }, "curl -sfL https://get.k3s.io | K3S_URL=https://192.0.2.10:6443 sh -"),
    );
    expect(await violations(folder, "k8s-no-cluster-admin-binding")).toEqual([`terraform_data.server.provisioner["${k3s}/app.yaml"][0] subjects[0].name`]);
    expect(await violations(folder, "k8s-no-privileged")).toEqual([
      'terraform_data.server.provisioner["/etc/kubernetes/manifests/vip.yaml"][0] spec.containers[0].securityContext.privileged',
    ]);
  });
});
