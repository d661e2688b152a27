import { describe, expect, it } from "vitest";
import { rke2ClusterApiNode } from "../../policies/lib/cluster-api-rke2";

/** The RKE2 server an RKE2ControlPlane's spec makes, or why it is not known. */
const serverOf = (spec: unknown) => {
  const read = rke2ClusterApiNode(spec);
  return "node" in read ? read.node : read;
};

const auditPolicy = "/etc/rancher/rke2/audit-policy.yaml";

describe("the RKE2 server Cluster API's RKE2 provider makes from an RKE2ControlPlane's spec", () => {
  it("writes the fields the policies read under RKE2's keys, multus before the primary plugin", () => {
    expect(
      serverOf({
        agentConfig: { cisProfile: "cis", podSecurityAdmissionConfigFile: "/etc/rancher/rke2/psa.yaml", dataDir: "/data/rke2" },
        serverConfig: {
          cni: "cilium",
          cniMultusEnable: true,
          kubeAPIServer: { extraArgs: ["profiling=false"] },
          disableComponents: { pluginComponents: ["rke2-ingress-nginx"], kubernetesComponents: ["kubeProxy"] },
        },
      }),
    ).toMatchObject({
      name: "RKE2",
      role: "server",
      values: {
        profile: "cis",
        "pod-security-admission-config-file": "/etc/rancher/rke2/psa.yaml",
        "data-dir": "/data/rke2",
        cni: ["multus", "cilium"],
        "kube-apiserver-arg": ["profiling=false"],
        disable: ["rke2-ingress-nginx"],
      },
    });
    expect(serverOf({ serverConfig: { cniMultusEnable: false, cni: "canal" } })).toMatchObject({ values: { cni: ["canal"] } });
    expect(serverOf({})).toMatchObject({ values: {}, files: [] });
  });

  it("writes the audit policy a Secret holds at RKE2's default place, not read here, unless a file of the spec's replaces it", () => {
    const secret = { serverConfig: { auditPolicySecret: { name: "rke2-audit", namespace: "clusters" } } };
    expect(serverOf(secret)).toMatchObject({
      values: { "audit-policy-file": auditPolicy },
      files: [{ path: auditPolicy, content: undefined, unreadable: "it is read from the Secret serverConfig.auditPolicySecret names" }],
    });
    const replaced = serverOf({ ...secret, files: [{ path: auditPolicy, content: "rules: []\n" }] });
    expect("files" in replaced && replaced.files).toEqual([{ path: auditPolicy, content: "rules: []\n" }]);
  });

  it("reads the drop-ins of config.yaml.d over the provider's configuration, which replaces a config.yaml of the spec's", () => {
    expect(
      serverOf({
        serverConfig: { cni: "canal", kubeAPIServer: { extraArgs: ["profiling=false"] } },
        files: [
          { path: "/etc/rancher/rke2/config.yaml", content: "cni: flannel\n" },
          { path: "/etc/rancher/rke2/config.yaml.d/20-args.yaml", content: "kube-apiserver-arg+: [anonymous-auth=false]\n" },
          { path: "/etc/rancher/rke2/config.yaml.d/10-cni.yaml", content: "cni: cilium\n" },
        ],
      }),
    ).toMatchObject({ values: { cni: "cilium", "kube-apiserver-arg": ["profiling=false", "anonymous-auth=false"] } });
  });

  it("reads the files once preRKE2Commands ran over them, and says what is not known", () => {
    expect(
      serverOf({ preRKE2Commands: ["mkdir -p /etc/rancher/rke2/config.yaml.d", "echo 'cni: flannel' > /etc/rancher/rke2/config.yaml.d/10-cni.yaml"] }),
    ).toMatchObject({ values: { cni: "flannel" } });
    expect(serverOf({ preRKE2Commands: ["echo 'cni: flannel' >> /etc/rancher/rke2/config.yaml"] })).toEqual({
      notKnown: "a command of preRKE2Commands changes /etc/rancher/rke2/config.yaml, which the provider writes: what RKE2 reads is not known here",
      at: ["preRKE2Commands"],
    });
    expect(serverOf("${var.spec}")).toEqual({ notKnown: "the RKE2 configuration is not known here", at: [] });
    expect(serverOf({ files: "${var.files}" })).toEqual({ notKnown: "the files written on the machines are not known here", at: ["files"] });
    expect(serverOf({ preRKE2Commands: "${var.commands}" })).toEqual({ notKnown: "preRKE2Commands are not known here", at: ["preRKE2Commands"] });
    expect(serverOf({ files: [{ path: "/etc/rancher/rke2/config.yaml.d/10.yaml", contentFrom: { secret: { name: "s", key: "k" } } }] })).toMatchObject({
      notKnown: "/etc/rancher/rke2/config.yaml.d/10.yaml is not read: it is read from a Secret (contentFrom)",
    });
  });

  it("keeps a value known only at apply for the judgements to say so", () => {
    expect(serverOf({ serverConfig: { cni: "${var.cni}", auditPolicySecret: "${var.audit}" } })).toMatchObject({
      values: { cni: ["${var.cni}"], "audit-policy-file": "${var.audit}" },
    });
  });

  it("gives a worker's agent its agentConfig alone, without the server's keys nor its audit policy", () => {
    const read = rke2ClusterApiNode(
      {
        serverConfig: { cni: "cilium", kubeAPIServer: { extraArgs: ["profiling=false"] }, auditPolicySecret: { name: "rke2-audit" } },
        agentConfig: { kubelet: { extraArgs: ["tls-min-version=VersionTLS12"] }, cisProfile: "cis" },
      },
      "agent",
    );
    expect("node" in read && read.node).toMatchObject({
      role: "agent",
      files: [],
      values: { "kubelet-arg": ["tls-min-version=VersionTLS12"], profile: "cis" },
    });
    expect("node" in read && Object.keys(read.node.values)).toEqual(["kubelet-arg", "profile"]);
  });

  it("writes the etcd snapshots' S3 settings, leaving the certificate unchecked unless enforceSslVerify", () => {
    const backupConfig = (s3: Record<string, unknown>) => ({ serverConfig: { etcd: { backupConfig: { s3, disableAutomaticSnapshots: false } } } });
    expect(serverOf(backupConfig({ endpoint: "s3.example.fr", bucket: "etcd" }))).toMatchObject({
      values: { "etcd-s3": true, "etcd-s3-endpoint": "s3.example.fr", "etcd-s3-skip-ssl-verify": true, "etcd-disable-snapshots": false },
    });
    expect(serverOf(backupConfig({ endpoint: "s3.example.fr", enforceSslVerify: true }))).toMatchObject({ values: { "etcd-s3-skip-ssl-verify": false } });
    expect(serverOf({ serverConfig: { etcd: { exposeMetrics: true } } })).toMatchObject({ values: {} });
    expect(serverOf({ serverConfig: { externalDatastoreSecret: { name: "datastore" } } })).toMatchObject({
      values: { "datastore-endpoint": { name: "datastore" } },
    });
  });

  it("writes privateRegistriesConfig as containerd's registries file, insecureSkipVerify as insecure_skip_verify, before the spec's files", () => {
    const privateRegistriesConfig = {
      mirrors: { "docker.io": { endpoint: ["https://registry.example.fr"] } },
      configs: { "registry.example.fr": { tls: { tlsConfigSecret: { name: "ca" }, insecureSkipVerify: true } } },
    };
    const written = serverOf({ privateRegistriesConfig });
    const registries = "files" in written ? written.files.find((file) => file.path === "/etc/rancher/rke2/registries.yaml") : undefined;
    expect(JSON.parse(registries?.content ?? "{}")).toEqual({
      mirrors: privateRegistriesConfig.mirrors,
      configs: { "registry.example.fr": { tls: { insecure_skip_verify: true } } },
    });
    const replaced = serverOf({ privateRegistriesConfig, files: [{ path: "/etc/rancher/rke2/registries.yaml", content: "mirrors: {}\n" }] });
    expect("files" in replaced && replaced.files.filter((file) => file.path.endsWith("registries.yaml"))).toEqual([
      { path: "/etc/rancher/rke2/registries.yaml", content: "mirrors: {}\n" },
    ]);
  });

  it("does not read a node an additional cloud-config may change: one that names RKE2's folders, or is known only at apply", () => {
    const additional = (config: string) => serverOf({ agentConfig: { additionalUserData: { config } } });
    expect(additional("bootcmd:\n  - echo 'cni: flannel' > /etc/rancher/rke2/config.yaml.d/10.yaml\n")).toEqual({
      notKnown: "agentConfig.additionalUserData.config adds cloud-config modules that write RKE2's files, which are not read here",
      at: ["agentConfig", "additionalUserData", "config"],
    });
    expect(additional("${var.cloud_config}")).toMatchObject({ at: ["agentConfig", "additionalUserData", "config"] });
    expect(additional("timezone: Europe/Paris\n")).toMatchObject({ name: "RKE2" });
  });
});
