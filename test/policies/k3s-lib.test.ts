import { describe, expect, it } from "vitest";
import type { TfResource } from "../../policies/engine/model";
import { argumentNotKnown, k3sNode, k3sServer, runsK3sAgent } from "../../policies/lib/k3s";
import { componentArgs } from "../../policies/lib/rke2";

/** An instance whose user data is `userData`. */
const instance = (userData: string) => ({ values: { user_data: userData } }) as unknown as TfResource;

const cloudConfig = (config: string | undefined, ...runcmd: string[]) =>
  [
    "#cloud-config",
    ...(config === undefined
      ? []
      : ["write_files:", "  - path: /etc/rancher/k3s/config.yaml", "    content: |", ...config.split("\n").map((line) => `      ${line}`)]),
    "runcmd:",
    ...runcmd.map((command) => `  - ${JSON.stringify(command)}`),
  ].join("\n");

/** The values of the K3s server an instance runs, or what stands in their place. */
const serverOf = (userData: string) => {
  const server = k3sServer(instance(userData));
  return server === undefined || "unreadable" in server ? server : server.values;
};

describe("k3sServer reads the server K3s runs from its configuration files and its command line", () => {
  it("appends the command line's list flags to the file's, in every form the install script and k3s server take", () => {
    const userData = cloudConfig(
      "kube-apiserver-arg:\n  - audit-log-maxage=5",
      `curl -sfL https://get.k3s.io | INSTALL_K3S_EXEC="server --kube-apiserver-arg 'audit-log-maxage=10' --cluster-init" sh -s - --kube-apiserver-arg=audit-log-maxage=20`,
    );
    expect(serverOf(userData)).toEqual({ "kube-apiserver-arg": ["audit-log-maxage=5", "audit-log-maxage=10", "audit-log-maxage=20"], "cluster-init": "true" });
  });

  it("has the command line's single value win over the file's, and stops at the first shell operator", () => {
    const userData = cloudConfig("data-dir: /srv/k3s\nwrite-kubeconfig-mode: '0600'", "k3s server --data-dir /opt/k3s && echo --data-dir=/elsewhere");
    expect(serverOf(userData)).toEqual({ "data-dir": "/opt/k3s", "write-kubeconfig-mode": "0600" });
  });

  it("reads nothing where the node runs K3s's agent", () => {
    for (const command of [
      "curl -sfL https://get.k3s.io | K3S_URL=https://192.0.2.10:6443 sh -",
      "curl -sfL https://get.k3s.io | INSTALL_K3S_EXEC=agent sh -",
      "curl -sfL https://get.k3s.io | sh -s - agent --server https://192.0.2.10:6443",
      "k3s agent --server https://192.0.2.10:6443",
      "curl -sfL https://get.k3s.io | bash -s - agent --server https://192.0.2.10:6443",
    ]) {
      expect(runsK3sAgent([command]), command).toBe(true);
      expect(serverOf(cloudConfig(undefined, command)), command).toBeUndefined();
    }
    expect(runsK3sAgent(["curl -sfL https://get.k3s.io | K3S_URL=https://192.0.2.10:6443 sh -s - server"])).toBe(false);
  });

  it("cannot tell the role where the install script's command is a shell variable's, or variables are read from a file it writes", () => {
    expect(serverOf(cloudConfig(undefined, 'export INSTALL_K3S_EXEC="$INSTALL_K3S_EXEC --node-ip=192.0.2.21"', "curl -sfL https://get.k3s.io | sh -"))).toEqual(
      {
        unreadable: "the command K3s's install script is given is a shell variable's: whether it runs K3s's server or its agent cannot be told",
      },
    );
    const sourcing = [
      "#cloud-config",
      "write_files:",
      "  - path: /root/k3s.env",
      "    content: |",
      "      K3S_URL=https://192.0.2.10:6443",
      "runcmd:",
      "  - set -a; . /root/k3s.env; set +a",
      "  - curl -sfL https://get.k3s.io | sh -",
    ].join("\n");
    expect(serverOf(sourcing)).toEqual({
      unreadable:
        "the user data reads variables from /root/k3s.env (set -a; . /root/k3s.env; set +a), which may make K3s an agent or give it flags, and is not read here",
    });
    expect(serverOf(sourcing.replace("K3S_URL=https://192.0.2.10:6443", "LANG=C.UTF-8"))).toEqual({});
  });

  it("takes an empty INSTALL_K3S_EXEC as flags only: K3S_URL makes an agent", () => {
    expect(runsK3sAgent(['curl -sfL https://get.k3s.io | K3S_URL=https://192.0.2.10:6443 INSTALL_K3S_EXEC="" sh -'])).toBe(true);
  });

  it("reads the configuration file K3S_CONFIG_FILE or --config names in place of the default one", () => {
    const writing = (path: string, content: string, command: string) =>
      ["#cloud-config", "write_files:", `  - path: ${path}`, "    content: |", `      ${content}`, "runcmd:", `  - ${JSON.stringify(command)}`].join("\n");
    expect(
      serverOf(writing("/opt/k3s/server.yaml", "secrets-encryption: true", "curl -sfL https://get.k3s.io | sh -s - server --config /opt/k3s/server.yaml")),
    ).toEqual({
      "secrets-encryption": true,
      config: "/opt/k3s/server.yaml",
    });
    expect(
      serverOf(writing("/opt/k3s/server.yaml", "secrets-encryption: true", 'curl -sfL https://get.k3s.io | K3S_CONFIG_FILE="/opt/k3s/server.yaml" sh -')),
    ).toEqual({
      "secrets-encryption": true,
    });
    // The default file is not read then: the file named is not written, so the configuration files are not read.
    const elsewhere = k3sServer(instance(writing("/etc/rancher/k3s/config.yaml", "secrets-encryption: true", "k3s server -c /opt/k3s/server.yaml")));
    expect(elsewhere).toMatchObject({ values: { c: "/opt/k3s/server.yaml" }, configUnread: expect.stringMatching(/writes no configuration/) });
    expect(serverOf(cloudConfig(undefined, "k3s server --config $CONFIG"))).toEqual({
      unreadable: "K3s's configuration file is a shell variable's ($CONFIG), not known here",
    });
  });

  it("reads an agent's configuration and command line as a server's, for what an agent runs (its kubelet)", () => {
    const node = k3sNode(
      instance(cloudConfig("kubelet-arg:\n  - tls-min-version=VersionTLS12", "k3s agent --server https://192.0.2.10:6443 --kubelet-arg=max-pods=50")),
    );
    expect(node).toMatchObject({
      role: "agent",
      values: { "kubelet-arg": ["tls-min-version=VersionTLS12", "max-pods=50"], server: "https://192.0.2.10:6443" },
    });
    expect(k3sServer(instance(cloudConfig(undefined, "k3s agent --server https://192.0.2.10:6443")))).toBeUndefined();
  });

  it("reads nothing where the user data runs no K3s", () => {
    expect(serverOf(cloudConfig(undefined, "systemctl start nginx"))).toBeUndefined();
  });

  it("tells a server from its configuration alone where no command starts K3s, and says so where it cannot", () => {
    expect(serverOf("#cloud-config\nwrite_files:\n  - path: /etc/rancher/k3s/config.yaml\n    content: |\n      cluster-init: true\n")).toEqual({
      "cluster-init": true,
    });
    expect(serverOf("#cloud-config\nwrite_files:\n  - path: /etc/rancher/k3s/config.yaml\n    content: |\n      server: https://192.0.2.10:6443\n")).toEqual({
      unreadable: "whether the instance runs K3s's server or its agent cannot be told from its user data",
    });
  });

  it("keeps the command line where no configuration file is written, and says why the files are not read", () => {
    const server = k3sServer(instance(cloudConfig(undefined, "curl -sfL https://get.k3s.io | sh -s - --kube-apiserver-arg=audit-log-path=/var/log/audit.log")));
    expect(server).toMatchObject({ values: { "kube-apiserver-arg": ["audit-log-path=/var/log/audit.log"] } });
    expect(server && "configUnread" in server ? server.configUnread : undefined).toMatch(/writes no configuration: K3s runs with the image's/);
  });

  it("names a value the shell expands among the flags asked for, or hiding its flag (argumentNotKnown)", () => {
    const server = k3sServer(
      instance(
        cloudConfig(undefined, 'k3s server --kube-apiserver-arg="audit-log-path=$LOG" --kube-apiserver-arg=profiling=$PROFILING --kube-apiserver-arg=$EXTRA'),
      ),
    );
    if (server === undefined || "unreadable" in server) throw new Error("a server was expected");
    expect(argumentNotKnown(server, "kube-apiserver-arg", componentArgs(server.values, "kube-apiserver-arg"), ["audit-log-path"])).toBe(
      "kube-apiserver-arg's audit-log-path=$LOG, which the shell expands,",
    );
    expect(argumentNotKnown(server, "kube-apiserver-arg", componentArgs(server.values, "kube-apiserver-arg"), ["anonymous-auth"])).toBe(
      "kube-apiserver-arg's $EXTRA, which the shell expands,",
    );
    const quoted = k3sServer(instance(cloudConfig(undefined, "k3s server --kube-apiserver-arg='audit-log-path=$LOG'")));
    expect(
      quoted &&
        !("unreadable" in quoted) &&
        argumentNotKnown(quoted, "kube-apiserver-arg", componentArgs(quoted.values, "kube-apiserver-arg"), ["audit-log-path"]),
    ).toBeUndefined();
  });
});
