import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkPaths } from "../../policies/check";
import { fixtureSettings } from "./fixture-runner";

/** The policies that judge the kubeadm an instance's user data runs. */
const kubeadmPolicies = ["kubeadm-audit-log-enabled", "kubeadm-secrets-encrypted", "kubernetes-authorization-enforced", "tls-versions-and-suites"];

/**
 * What those policies say of instances, each given its user data (a here-document's lines), as
 * `<policy> <status> <instance> line <line>: <message>`.
 */
async function said(userData: Record<string, string>): Promise<string[]> {
  const folder = mkdtempSync(join(tmpdir(), "eds-kubeadm-instance-"));
  const instances = Object.entries(userData).map(([name, text]) =>
    [
      `resource "openstack_compute_instance_v2" "${name}" {`,
      `  name            = "${name}"`,
      `  flavor_name     = "s1.large"`,
      `  security_groups = ["kubernetes"]`,
      "  user_data       = <<-EOT",
      ...text.split("\n").map((line) => `    ${line}`),
      "  EOT",
      "}",
    ].join("\n"),
  );
  writeFileSync(join(folder, "main.tf"), instances.join("\n\n"));
  const report = await checkPaths([folder], { settings: fixtureSettings });
  return report.outcomes
    .filter((outcome) => kubeadmPolicies.includes(outcome.policyId) && outcome.status !== "compliant")
    .map(
      ({ policyId, status, address, line, message }) =>
        `${policyId} ${status} ${address.replace("openstack_compute_instance_v2.", "")} line ${line}: ${message}`,
    )
    .sort();
}

/** A cloud-config that writes kubeadm's configuration file at /etc/kubeadm.yaml (`documents`) and runs `commands`. */
const cloudConfig = (documents: string, ...commands: string[]) =>
  [
    "#cloud-config",
    "write_files:",
    "  - path: /etc/kubeadm.yaml",
    "    content: |",
    ...documents.split("\n").map((line) => `      ${line}`),
    "runcmd:",
    ...commands.map((command) => `  - ${command}`),
  ].join("\n");

describe("kubeadm run by an instance's user data", () => {
  it("is judged at the line that runs it, by what it runs: init's API server and kubelet, a worker's kubelet alone", async () => {
    const weak = ["apiVersion: kubeadm.k8s.io/v1beta3", "kind: ClusterConfiguration", "apiServer:", "  extraArgs:", "    authorization-mode: AlwaysAllow"].join(
      "\n",
    );
    expect(await said({ init: cloudConfig(weak, "apt-get install -y kubeadm", "kubeadm init --config /etc/kubeadm.yaml") })).toEqual([
      "kubeadm-audit-log-enabled violation init line 17: kubeadm init --config /etc/kubeadm.yaml: the API server gets no audit-policy-file (kubeadm sets none): it records no request",
      "kubeadm-secrets-encrypted violation init line 17: kubeadm init --config /etc/kubeadm.yaml: the API server gets no encryption-provider-config (kubeadm sets none): it writes Secrets to etcd unencrypted",
      "kubernetes-authorization-enforced violation init line 17: kubeadm init --config /etc/kubeadm.yaml: kube-apiserver authorizes every request (authorization-mode AlwaysAllow): AlwaysAllow allows what the other authorizers refuse",
    ]);
    // kubeadm join reads the JoinConfiguration alone: the ClusterConfiguration beside it is the cluster's business.
    expect(
      await said({
        worker: cloudConfig(`${weak}\n---\napiVersion: kubeadm.k8s.io/v1beta3\nkind: JoinConfiguration`, "kubeadm join --config /etc/kubeadm.yaml"),
      }),
    ).toEqual([]);
  });

  it("judges a joining control plane's API server by the cluster's ClusterConfiguration, with its own files, and its kubelet", async () => {
    const file = (path: string, ...lines: string[]) => [`  - path: ${path}`, "    content: |", ...lines.map((line) => `      ${line}`)].join("\n");
    const encryption = (provider: string) =>
      file(
        "/etc/kubernetes/pki/encryption.yaml",
        "apiVersion: apiserver.config.k8s.io/v1",
        "kind: EncryptionConfiguration",
        "resources:",
        "  - resources: [secrets]",
        "    providers:",
        `      - ${provider}`,
      );
    const audit = file("/etc/kubernetes/pki/audit.yaml", "apiVersion: audit.k8s.io/v1", "kind: Policy", "rules:", "  - level: Metadata");
    const cluster = [
      "apiVersion: kubeadm.k8s.io/v1beta4",
      "kind: ClusterConfiguration",
      "apiServer:",
      "  extraArgs:",
      "    - name: encryption-provider-config",
      "      value: /etc/kubernetes/pki/encryption.yaml",
      "    - name: audit-policy-file",
      "      value: /etc/kubernetes/pki/audit.yaml",
      "    - name: audit-log-path",
      '      value: "-"',
    ];
    const join = [
      "apiVersion: kubeadm.k8s.io/v1beta3",
      "kind: JoinConfiguration",
      "controlPlane: {}",
      "nodeRegistration:",
      "  kubeletExtraArgs:",
      '    anonymous-auth: "true"',
    ];
    const written = (documents: string[], ...files: string[]) =>
      ["#cloud-config", "write_files:", file("/etc/kubeadm.yaml", ...documents), ...files, "runcmd:"].join("\n");
    const joining = `${written(join, encryption("identity: {}"), audit)}\n  - kubeadm join --config /etc/kubeadm.yaml`;
    const init = `${written(cluster, encryption("kms: {apiVersion: v2, name: barbican, endpoint: unix:///var/lib/kms/kms.sock}"), audit)}\n  - kubeadm init --config /etc/kubeadm.yaml`;
    const withCluster =
      "kubeadm join --control-plane --config /etc/kubeadm.yaml, with the cluster's ClusterConfiguration (kubeadm init --config /etc/kubeadm.yaml on openstack_compute_instance_v2.init)";
    expect(await said({ init, joining })).toEqual([
      `kubeadm-secrets-encrypted violation joining line 69: ${withCluster}: the encryption configuration at /etc/kubernetes/pki/encryption.yaml writes Secrets with identity, its first provider for them: unencrypted`,
      `kubernetes-authorization-enforced violation joining line 69: ${withCluster}: the kubelet accepts anonymous requests (anonymous-auth=true)`,
    ]);
    // Alone, the cluster's configuration is not in the input: the API server's flags are not known.
    const alone = (await said({ joining })).filter((finding) => finding.startsWith("kubeadm-audit-log-enabled"));
    expect(alone).toEqual([
      "kubeadm-audit-log-enabled cannot-evaluate joining line 31: kubeadm join --control-plane --config /etc/kubeadm.yaml: no node of this configuration runs kubeadm init (by its user data or provisioners), whose ClusterConfiguration gives the API server of a control plane that joins its flags: they are not known here: what the API server records cannot be told",
    ]);
  });

  it("reads init's KubeletConfiguration, not join's, which kubeadm join does not read either", async () => {
    const kubelet = ["apiVersion: kubelet.config.k8s.io/v1beta1", "kind: KubeletConfiguration", "tlsMinVersion: VersionTLS10"].join("\n");
    const init = ["apiVersion: kubeadm.k8s.io/v1beta4", "kind: InitConfiguration"].join("\n");
    const join = ["apiVersion: kubeadm.k8s.io/v1beta4", "kind: JoinConfiguration"].join("\n");
    const found = await said({
      init: cloudConfig(`${init}\n---\n${kubelet}`, "kubeadm init --config /etc/kubeadm.yaml"),
      worker: cloudConfig(`${join}\n---\n${kubelet}`, "kubeadm join --config /etc/kubeadm.yaml"),
    });
    expect(found.filter((finding) => finding.startsWith("tls-versions-and-suites"))).toEqual([
      "tls-versions-and-suites violation init line 17: kubeadm init --config /etc/kubeadm.yaml: the kubelet (tlsMinVersion in the KubeletConfiguration of kubeadm's configuration file /etc/kubeadm.yaml) accepts VersionTLS10: only VersionTLS12 and VersionTLS13 are accepted",
    ]);
  });

  it("reads kubeadm where a command runs it, not in a text that names it", async () => {
    expect(await said({ motd: ["#!/bin/sh", 'echo "join with: kubeadm join 192.0.2.10:6443" > /etc/motd', "# kubeadm init"].join("\n") })).toEqual([]);
    expect((await said({ wrapped: ["#!/bin/sh", "timeout 600 sudo -E /usr/bin/kubeadm init"].join("\n") })).map((finding) => finding.split(":")[0])).toEqual([
      "kubeadm-audit-log-enabled violation wrapped line 7",
      "kubeadm-secrets-encrypted violation wrapped line 7",
    ]);
  });

  it("leaves what commands after kubeadm change, and what runs under a name the shell gives, not evaluable", async () => {
    const found = await said({
      rewritten: [
        "#!/bin/sh",
        "kubeadm join --discovery-file /etc/discovery.conf",
        "sed -i 's/anonymous:/anonymous: {enabled: true}/' /var/lib/kubelet/config.yaml",
      ].join("\n"),
      named: ["#!/bin/sh", 'kubeadm init --config "$KUBEADM_CONFIG"'].join("\n"),
    });
    expect(found).toEqual([
      "kubeadm-audit-log-enabled cannot-evaluate named line 18: kubeadm's configuration file (--config $KUBEADM_CONFIG) is not known here: what the API server records cannot be told",
      "kubeadm-secrets-encrypted cannot-evaluate named line 18: kubeadm's configuration file (--config $KUBEADM_CONFIG) is not known here: whether Secrets are encrypted at rest cannot be told",
      "kubernetes-authorization-enforced cannot-evaluate named line 18: kubeadm's configuration file (--config $KUBEADM_CONFIG) is not known here: who may do what on its API server and kubelet cannot be told",
      "kubernetes-authorization-enforced cannot-evaluate rewritten line 7: kubeadm join: a command the user data runs after kubeadm changes /var/lib/kubelet/config.yaml, the kubelet's configuration kubeadm writes: it is not read here",
      "tls-versions-and-suites cannot-evaluate named line 18: kubeadm's configuration file (--config $KUBEADM_CONFIG) is not known here: the TLS its API server and kubelet offer cannot be told",
      "tls-versions-and-suites cannot-evaluate rewritten line 7: kubeadm join: a command the user data runs after kubeadm changes /var/lib/kubelet/config.yaml, the kubelet's configuration kubeadm writes: it is not read here: what the kubelet accepts cannot be told",
    ]);
  });
});
