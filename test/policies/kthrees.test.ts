import { describe, expect, it } from "vitest";
import { kthreesNode, providerApiServerArgs } from "../../policies/lib/kthrees";

/** The values of the K3s server a kthreesConfigSpec makes, or why it is not known. */
const valuesOf = (spec: unknown) => {
  const read = kthreesNode(spec);
  return "node" in read ? read.node.values : read;
};

describe("the K3s server Cluster API's K3s provider makes from a kthreesConfigSpec", () => {
  it("writes the spec's lists under K3s's keys, its own kube-apiserver-arg after the spec's", () => {
    expect(
      valuesOf({
        serverConfig: { kubeAPIServerArg: ["audit-log-maxage=30"], kubeSchedulerArgs: ["bind-address=127.0.0.1"], disableComponents: ["traefik"] },
        agentConfig: { kubeletArgs: ["tls-min-version=VersionTLS12"] },
      }),
    ).toEqual({
      "cluster-init": "true",
      "kube-apiserver-arg": ["audit-log-maxage=30", ...providerApiServerArgs],
      "kube-scheduler-arg": ["bind-address=127.0.0.1"],
      disable: ["traefik"],
      "kubelet-arg": ["tls-min-version=VersionTLS12"],
    });
  });

  it("reads the drop-ins the spec's files write after it, in name order: a key replaces, key+ adds", () => {
    const files = [
      { path: "/etc/rancher/k3s/config.yaml.d/20-tls.yaml", content: "kube-apiserver-arg+: [tls-min-version=VersionTLS13]\n" },
      { path: "/etc/rancher/k3s/config.yaml.d/10-replace.yaml", content: "kube-apiserver-arg: [anonymous-auth=false]\nsecrets-encryption: true\n" },
      { path: "/etc/rancher/k3s/config.yaml.d/README", content: "not read: no .yaml or .yml\n" },
    ];
    expect(valuesOf({ serverConfig: { kubeAPIServerArg: ["profiling=false"] }, files })).toMatchObject({
      "kube-apiserver-arg": ["anonymous-auth=false", "tls-min-version=VersionTLS13"],
      "secrets-encryption": true,
    });
  });

  it("says what is not known: the spec, a list or the files known only at apply, a drop-in from a Secret, a config.yaml of the spec's", () => {
    expect(valuesOf("${var.spec}")).toEqual({ notKnown: "the K3s configuration is not known here", at: [] });
    expect(valuesOf({ serverConfig: { kubeAPIServerArg: "${var.args}" } })).toEqual({
      notKnown: "serverConfig.kubeAPIServerArg is not known here",
      at: ["serverConfig", "kubeAPIServerArg"],
    });
    expect(valuesOf({ files: [{ path: "/etc/rancher/k3s/config.yaml.d/10.yaml", contentFrom: { secret: { name: "s", key: "k" } } }] })).toMatchObject({
      notKnown: "/etc/rancher/k3s/config.yaml.d/10.yaml is not read: it is read from a Secret (contentFrom)",
    });
    expect(valuesOf({ files: [{ path: "/etc/rancher/k3s/config.yaml", content: "secrets-encryption: true\n" }] })).toMatchObject({
      notKnown: expect.stringMatching(/which the provider writes too/),
    });
  });

  it("reads the files once preK3sCommands ran over them, before K3s is installed: a drop-in echo writes, not one a command edits", () => {
    expect(
      valuesOf({
        preK3sCommands: ["mkdir -p /etc/rancher/k3s/config.yaml.d", "echo 'secrets-encryption: true' > /etc/rancher/k3s/config.yaml.d/10-secrets.yaml"],
      }),
    ).toMatchObject({
      "secrets-encryption": true,
    });
    expect(
      valuesOf({
        files: [{ path: "/etc/rancher/k3s/config.yaml.d/10-secrets.yaml", content: "secrets-encryption: true\n" }],
        preK3sCommands: ["sed -i 's/true/false/' /etc/rancher/k3s/config.yaml.d/10-secrets.yaml"],
      }),
    ).toMatchObject({ notKnown: expect.stringMatching(/a command edits it in place/) });
    expect(valuesOf({ preK3sCommands: ["echo 'secrets-encryption: true' >> /etc/rancher/k3s/config.yaml"] })).toEqual({
      notKnown: "a command of preK3sCommands changes /etc/rancher/k3s/config.yaml, which the provider writes: what K3s reads is not known here",
      at: ["preK3sCommands"],
    });
  });

  it("gives a worker's agent its agentConfig alone, without the server's keys nor the provider's kube-apiserver-arg", () => {
    const read = kthreesNode(
      { serverConfig: { kubeAPIServerArg: ["profiling=false"] }, agentConfig: { kubeletArgs: ["tls-min-version=VersionTLS12"] } },
      "agent",
    );
    expect("node" in read && read.node).toMatchObject({ role: "agent", values: { "kubelet-arg": ["tls-min-version=VersionTLS12"] } });
    expect("node" in read && Object.keys(read.node.values)).toEqual(["kubelet-arg"]);
  });
});
