import { describe, expect, it } from "vitest";
import type { TfResource } from "../../policies/engine/model";
import { instanceType } from "../../policies/lib/openstack";
import { userDataSetup } from "../../policies/lib/node-setup";
import { argumentNotKnown, k3sNodeOn, rke2NodeOn } from "../../policies/lib/rancher-node";
import { componentArgs } from "../../policies/lib/rancher-config";

/** An instance whose user data is `userData`. */
const instance = (userData: string) => ({ type: instanceType, values: { user_data: userData } }) as unknown as TfResource;

/** The K3s or RKE2 node an instance's user data runs, and its server, where it runs one. */
const k3sNode = (resource: TfResource) => k3sNodeOn(userDataSetup(resource));
const rke2Node = (resource: TfResource) => rke2NodeOn(userDataSetup(resource));
const withoutAgent = <T extends { readonly role?: string }>(node: T | undefined) => (node?.role === "agent" ? undefined : node);
const k3sServer = (resource: TfResource) => withoutAgent(k3sNode(resource));
const rke2Server = (resource: TfResource) => withoutAgent(rke2Node(resource));

const cloudConfig = (config: string | undefined, ...runcmd: string[]) =>
  [
    "#cloud-config",
    ...(config === undefined
      ? []
      : ["write_files:", "  - path: /etc/rancher/k3s/config.yaml", "    content: |", ...config.split("\n").map((line) => `      ${line}`)]),
    "runcmd:",
    ...runcmd.map((command) => `  - ${JSON.stringify(command)}`),
  ].join("\n");

/** Whether the runcmd entries given run K3s's agent, or RKE2's, as the node's reader tells its role. */
const runsK3sAgent = (runcmd: readonly string[]) => k3sNode(instance(cloudConfig(undefined, ...runcmd)))?.role === "agent";
const runsRke2Agent = (runcmd: readonly string[]) => rke2Node(instance(cloudConfig(undefined, ...runcmd)))?.role === "agent";

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

  it("cannot tell the role where the install script's command is a shell variable's, or a file it sources holds more than assignments", () => {
    expect(serverOf(cloudConfig(undefined, 'export INSTALL_K3S_EXEC="$INSTALL_K3S_EXEC --node-ip=192.0.2.21"', "curl -sfL https://get.k3s.io | sh -"))).toEqual(
      {
        unreadable: "what K3s's install script is told to install is a shell variable's: whether it runs K3s's server or its agent cannot be told",
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
    const conditional = sourcing.replace("K3S_URL=https://192.0.2.10:6443", "[ -f /etc/eds/joins ] && K3S_URL=https://192.0.2.10:6443");
    expect(serverOf(conditional)).toEqual({
      unreadable:
        "the user data reads variables from /root/k3s.env (set -a; . /root/k3s.env; set +a), which may make K3s an agent or give it flags, and is not read here",
    });
    expect(serverOf(sourcing.replace("K3S_URL=https://192.0.2.10:6443", "LANG=C.UTF-8"))).toEqual({});
  });

  it("reads the variables a file the shell sources assigns, exported where set -a is on or the line exports them, and an agent by K3S_URL exported before", () => {
    const sourcing = (environment: string, command: string) =>
      writingFiles(
        { "/root/k3s.env": environment, "/etc/rancher/k3s/config.yaml": "node-label: [tier=worker]" },
        command,
        "curl -sfL https://get.k3s.io | sh -",
      );
    // K3S_URL in the install script's environment makes it install an agent (install.sh), however it got there.
    for (const userData of [
      sourcing("K3S_URL=https://192.0.2.10:6443\nK3S_TOKEN=${random_password.join.result}", "set -a; . /root/k3s.env; set +a"),
      sourcing("export K3S_URL=https://192.0.2.10:6443", ". /root/k3s.env"),
      writingFiles(
        { "/etc/rancher/k3s/config.yaml": "node-label: [tier=worker]" },
        "export K3S_URL=https://192.0.2.10:6443",
        "curl -sfL https://get.k3s.io | sh -",
      ),
    ])
      expect(k3sNode(instance(userData)), userData).toMatchObject({ role: "agent", values: { "node-label": ["tier=worker"] } });
    // Not exported, they reach no program the shell starts: a server, without the flags the file would give; exported, it has them.
    const environment = 'K3S_URL=https://192.0.2.10:6443\nINSTALL_K3S_EXEC="server --secrets-encryption"';
    expect(serverOf(sourcing(environment, ". /root/k3s.env"))).toEqual({ "node-label": ["tier=worker"] });
    expect(serverOf(sourcing(environment.replace("K3S_URL=https://192.0.2.10:6443\n", ""), "set -a; . /root/k3s.env; set +a"))).toEqual({
      "node-label": ["tier=worker"],
      "secrets-encryption": "true",
    });
    expect(runsK3sAgent(["export K3S_URL=", "curl -sfL https://get.k3s.io | sh -"])).toBe(false);
    // Assigned on a line of their own and not exported, the install script does not see them.
    expect(runsK3sAgent(["K3S_URL=https://192.0.2.10:6443", "curl -sfL https://get.k3s.io | sh -"])).toBe(false);
    expect(runsRke2Agent(["INSTALL_RKE2_TYPE=agent", "curl -sfL https://get.rke2.io | sh -"])).toBe(false);
    expect(runsRke2Agent(["export INSTALL_RKE2_TYPE=agent", "curl -sfL https://get.rke2.io | sh -"])).toBe(true);
    expect(runsK3sAgent(["export K3S_URL=https://192.0.2.10:6443", "unset K3S_URL", "curl -sfL https://get.k3s.io | sh -"])).toBe(false);
  });

  it("gives the install script nothing of an assignment earlier on its line that nothing exports, and what one exports after it", () => {
    expect(runsK3sAgent(["K3S_URL=https://192.0.2.10:6443; curl -sfL https://get.k3s.io | sh -"])).toBe(false);
    expect(runsK3sAgent(["K3S_URL=https://192.0.2.10:6443 && curl -sfL https://get.k3s.io | sh -"])).toBe(false);
    expect(runsK3sAgent(["K3S_URL=https://192.0.2.10:6443; export K3S_URL; curl -sfL https://get.k3s.io | sh -"])).toBe(true);
    expect(runsK3sAgent(["curl -sfL https://get.k3s.io | K3S_URL=https://192.0.2.10:6443 sh -"])).toBe(true);
    expect(serverOf(cloudConfig(undefined, 'INSTALL_K3S_EXEC="server --secrets-encryption"; curl -sfL https://get.k3s.io | sh -'))).toEqual({});
    expect(serverOf(cloudConfig(undefined, 'export INSTALL_K3S_EXEC="server --secrets-encryption"; curl -sfL https://get.k3s.io | sh -'))).toEqual({
      "secrets-encryption": "true",
    });
  });

  it("reads a file sourced under a condition as one that may or may not be, and one a variable names by its path", () => {
    const environment = 'INSTALL_K3S_EXEC="server --secrets-encryption"';
    // The runcmd entries are the lines of one script: the `if` on a line, the file sourced on the next.
    const sourcedIf = writingFiles(
      { "/root/k3s.env": environment },
      "if [ -f /etc/eds/encrypts ]; then",
      "set -a; . /root/k3s.env; set +a",
      "fi",
      "curl -sfL https://get.k3s.io | sh -",
    );
    expect(serverOf(sourcedIf)).toEqual({
      unreadable:
        "the user data reads variables from /root/k3s.env (set -a; . /root/k3s.env; set +a), which may make K3s an agent or give it flags, and is not read here",
    });
    const byVariable = writingFiles(
      { "/root/k3s.env": environment },
      "ENVIRONMENT=/root/k3s.env",
      "set -a; . $ENVIRONMENT; set +a",
      "curl -sfL https://get.k3s.io | sh -",
    );
    expect(serverOf(byVariable)).toEqual({ "secrets-encryption": "true" });
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
    expect(elsewhere).toMatchObject({ values: { config: "/opt/k3s/server.yaml" }, configUnread: expect.stringMatching(/writes no configuration/) });
    expect(serverOf(cloudConfig(undefined, "k3s server --config $CONFIG"))).toEqual({
      unreadable: "K3s's configuration file is a shell variable's ($CONFIG), not known here",
    });
    // A variable an earlier command assigned a path is read with its value, on the same line too; one assigned for the
    // command alone is not: the shell expands the command's words before it assigns it.
    expect(serverOf(writing("/opt/k3s/server.yaml", "secrets-encryption: true", 'CONFIG=/opt/k3s/server.yaml; k3s server --config "$CONFIG"'))).toEqual({
      "secrets-encryption": true,
      config: "/opt/k3s/server.yaml",
    });
    expect(serverOf(writing("/opt/k3s/server.yaml", "secrets-encryption: true", 'CONFIG=/opt/k3s/server.yaml k3s server --config "$CONFIG"'))).toEqual({
      unreadable: "K3s's configuration file is a shell variable's ($CONFIG), not known here",
    });
    expect(
      serverOf(writing("/opt/k3s/server.yaml", "secrets-encryption: true", '[ -d /opt/k3s ] && CONFIG=/opt/k3s/server.yaml; k3s server --config "$CONFIG"')),
    ).toEqual({ unreadable: "K3s's configuration file is a shell variable's ($CONFIG), not known here" });
    const assignedBefore = cloudConfig(undefined, "CONFIG=/opt/k3s/server.yaml", "k3s server --config $CONFIG").replace(
      "runcmd:",
      "write_files:\n  - path: /opt/k3s/server.yaml\n    content: 'secrets-encryption: true'\nruncmd:",
    );
    expect(serverOf(assignedBefore)).toEqual({ "secrets-encryption": true, config: "/opt/k3s/server.yaml" });
  });

  it("reads the configuration file its service's environment names (/etc/default, /etc/sysconfig), below the install command's variable", () => {
    const files = { "/etc/rancher/k3s/config.yaml": "secrets-encryption: true", "/opt/k3s/a.yaml": "cluster-init: true", "/opt/k3s/b.yaml": "node-label: [b]" };
    const install = "curl -sfL https://get.k3s.io | sh -";
    expect(serverOf(writingFiles({ ...files, "/etc/default/k3s": "K3S_CONFIG_FILE=/opt/k3s/a.yaml" }, install))).toEqual({ "cluster-init": true });
    // A later file of the environment wins; the variable the install command assigns goes into the file the unit reads last.
    expect(
      serverOf(
        writingFiles({ ...files, "/etc/default/k3s": "K3S_CONFIG_FILE=/opt/k3s/a.yaml", "/etc/sysconfig/k3s": 'K3S_CONFIG_FILE="/opt/k3s/b.yaml"' }, install),
      ),
    ).toEqual({ "node-label": ["b"] });
    expect(
      serverOf(
        writingFiles(
          { ...files, "/etc/default/k3s": "K3S_CONFIG_FILE=/opt/k3s/a.yaml" },
          "curl -sfL https://get.k3s.io | K3S_CONFIG_FILE=/opt/k3s/b.yaml sh -",
        ),
      ),
    ).toEqual({ "node-label": ["b"] });
    // An agent's service reads its own; a file whose content is not known leaves the configuration files unread.
    const agent = k3sNode(
      instance(
        writingFiles(
          {
            "/etc/rancher/k3s/config.yaml": "kubelet-arg: [a=1]",
            "/opt/k3s/agent.yaml": "kubelet-arg: [b=2]",
            "/etc/default/k3s-agent": "K3S_CONFIG_FILE=/opt/k3s/agent.yaml",
          },
          "curl -sfL https://get.k3s.io | K3S_URL=https://192.0.2.10:6443 sh -",
        ),
      ),
    );
    expect(agent).toMatchObject({ role: "agent", values: { "kubelet-arg": ["b=2"] } });
    expect(k3sServer(instance(writingFiles({ ...files, "/etc/default/k3s": "${k3s_environment}" }, install)))).toMatchObject({
      values: { "secrets-encryption": true },
      configUnread: "the service's environment file /etc/default/k3s is not known here",
    });
  });

  it("reads the command a drop-in of its service runs in place of the install script's, and its Environment= and EnvironmentFile=", () => {
    const install = 'curl -sfL https://get.k3s.io | INSTALL_K3S_EXEC="server --secrets-encryption" sh -';
    const dropIn = "/etc/systemd/system/k3s.service.d/10-flags.conf";
    expect(serverOf(writingFiles({ [dropIn]: "[Service]\nExecStart=\nExecStart=/usr/local/bin/k3s server --cluster-init" }, install))).toEqual({
      "cluster-init": "true",
    });
    // A drop-in that does not empty ExecStart keeps the install script's command; its variables name the configuration file.
    expect(
      serverOf(
        writingFiles(
          { [dropIn]: '[Service]\nEnvironment="K3S_CONFIG_FILE=/opt/k3s/a.yaml"\nEnvironmentFile=-/etc/k3s/more.env', "/opt/k3s/a.yaml": "node-label: [a]" },
          install,
        ),
      ),
    ).toEqual({ "node-label": ["a"], "secrets-encryption": "true" });
    expect(
      serverOf(
        writingFiles(
          {
            [dropIn]: "[Service]\nEnvironment=K3S_CONFIG_FILE=/opt/k3s/a.yaml\nEnvironmentFile=/etc/k3s/more.env",
            "/etc/k3s/more.env": "K3S_CONFIG_FILE=/opt/k3s/b.yaml",
            "/opt/k3s/a.yaml": "node-label: [a]",
            "/opt/k3s/b.yaml": "node-label: [b]",
          },
          install,
        ),
      ),
    ).toEqual({ "node-label": ["b"], "secrets-encryption": "true" });
  });

  it("reads a unit file of the user data's own where no install script writes its own over it, and its role from it", () => {
    const unit = (command: string) => ({ "/etc/systemd/system/k3s.service": `[Service]\nType=notify\nExecStart=${command}` });
    expect(serverOf(writingFiles(unit("/usr/local/bin/k3s server --secrets-encryption"), "systemctl enable --now k3s"))).toEqual({
      "secrets-encryption": "true",
    });
    expect(serverOf(writingFiles(unit("/usr/local/bin/k3s server --secrets-encryption"), "curl -sfL https://get.k3s.io | sh -"))).toEqual({});
    const agentUnit = { "/etc/systemd/system/k3s-agent.service": "[Service]\nExecStart=/usr/local/bin/k3s agent --server https://192.0.2.10:6443" };
    expect(k3sNode(instance(writingFiles(agentUnit, "systemctl enable --now k3s-agent")))).toMatchObject({ role: "agent" });
    expect(k3sServer(instance(writingFiles({ "/etc/systemd/system/k3s.service.d/10.conf": "${k3s_drop_in}" }, "curl -sfL https://get.k3s.io | sh -")))).toEqual(
      {
        unreadable:
          "the user data writes /etc/systemd/system/k3s.service.d/10.conf, a unit file of K3s's service not known here: the command it runs cannot be read",
      },
    );
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
      unreadable: "whether the node runs K3s's server or its agent cannot be told from the user data",
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

/** A cloud-config that writes `files` (path to content) and runs `runcmd`. */
const writingFiles = (files: Readonly<Record<string, string>>, ...runcmd: string[]) =>
  [
    "#cloud-config",
    "write_files:",
    ...Object.entries(files).flatMap(([path, content]) => [`  - path: ${path}`, "    content: |", ...content.split("\n").map((line) => `      ${line}`)]),
    "runcmd:",
    ...runcmd.map((command) => `  - ${JSON.stringify(command)}`),
  ].join("\n");

/** The values of the RKE2 server an instance runs, or what stands in their place. */
const rke2ServerOf = (userData: string) => {
  const server = rke2Server(instance(userData));
  return server === undefined || "unreadable" in server ? server : server.values;
};

const installRke2 = "curl -sfL https://get.rke2.io | sh -";
const rke2ConfigPath = "/etc/rancher/rke2/config.yaml";

describe("rke2Server reads the server RKE2 runs from its service's environment, its configuration files and its command line", () => {
  it("adds the command line's list flags to the file's and has its single values win, `rke2 server` read as k3s's", () => {
    const userData = writingFiles(
      { [rke2ConfigPath]: "profile: cis\ncni: canal\nkube-apiserver-arg:\n  - audit-log-maxage=5" },
      "rke2 server --kube-apiserver-arg audit-log-maxage=30 --profile=none --cni=flannel -d /srv/rke2 && echo --profile=cis",
    );
    expect(rke2ServerOf(userData)).toEqual({
      profile: "none",
      cni: ["canal", "flannel"],
      "kube-apiserver-arg": ["audit-log-maxage=5", "audit-log-maxage=30"],
      "data-dir": "/srv/rke2",
    });
  });

  it("takes the flags' variables from the service's environment files, below the configuration files", () => {
    const environment =
      '# written for rke2-server\nRKE2_CIS_PROFILE="cis"\nRKE2_AUDIT_POLICY_FILE=/etc/rancher/rke2/audit.yaml\nRKE2_CNI=cilium\nHTTP_PROXY=http://192.0.2.1:3128';
    expect(rke2ServerOf(writingFiles({ "/etc/default/rke2-server": environment, [rke2ConfigPath]: "cni: calico" }, installRke2))).toEqual({
      profile: "cis",
      "audit-policy-file": "/etc/rancher/rke2/audit.yaml",
      cni: "calico",
    });
    // A later file of the service's environment wins; an agent's service reads its own.
    expect(
      rke2ServerOf(
        writingFiles(
          {
            "/etc/default/rke2-server": "RKE2_CIS_PROFILE=none",
            "/usr/local/lib/systemd/system/rke2-server.env": "RKE2_CIS_PROFILE=cis",
            [rke2ConfigPath]: "token: x",
          },
          installRke2,
        ),
      ),
    ).toMatchObject({ profile: "cis" });
    const agent = rke2Node(
      instance(
        writingFiles(
          { "/etc/default/rke2-server": "RKE2_CIS_PROFILE=cis", [rke2ConfigPath]: "server: https://192.0.2.10:9345" },
          "INSTALL_RKE2_TYPE=agent sh install.sh",
        ),
      ),
    );
    expect(agent).toMatchObject({ role: "agent", values: { server: "https://192.0.2.10:9345" } });
    expect(agent && "values" in agent ? agent.values.profile : undefined).toBeUndefined();
  });

  it("says the configuration is not read where the service's environment file is not known here", () => {
    const server = rke2Server(instance(writingFiles({ "/etc/sysconfig/rke2-server": "${rke2_environment}", [rke2ConfigPath]: "profile: cis" }, installRke2)));
    expect(server).toMatchObject({ values: { profile: "cis" }, configUnread: "the service's environment file /etc/sysconfig/rke2-server is not known here" });
    // A value known only at apply of a variable RKE2 reads, or a part written over several lines, is not known either.
    for (const environment of ["RKE2_CIS_PROFILE=${var.profile}", 'HTTPS_PROXY=${join("\n", var.proxies)}\nRKE2_CIS_PROFILE=cis'])
      expect(
        rke2Server(instance(writingFiles({ "/etc/default/rke2-server": environment, [rke2ConfigPath]: "cni: canal" }, installRke2))),
        environment,
      ).toMatchObject({
        configUnread: "the service's environment file /etc/default/rke2-server is not known here",
      });
  });

  it("reads the service's environment where a value known only at apply is another variable's (a proxy)", () => {
    const environment = "HTTPS_PROXY=${var.proxy}\nNO_PROXY=127.0.0.1,localhost\nRKE2_CIS_PROFILE=cis";
    expect(rke2ServerOf(writingFiles({ "/etc/default/rke2-server": environment, [rke2ConfigPath]: "cni: canal" }, installRke2))).toEqual({
      profile: "cis",
      cni: "canal",
    });
  });

  it("reads the configuration file RKE2_CONFIG_FILE or --config names in place of the default one, the variable first", () => {
    const files = { "/opt/rke2/a.yaml": "profile: cis", "/opt/rke2/b.yaml": "profile: none", [rke2ConfigPath]: "cni: flannel" };
    expect(rke2ServerOf(writingFiles(files, "rke2 server -c /opt/rke2/a.yaml"))).toEqual({ profile: "cis", config: "/opt/rke2/a.yaml" });
    expect(rke2ServerOf(writingFiles(files, "RKE2_CONFIG_FILE=/opt/rke2/b.yaml rke2 server --config /opt/rke2/a.yaml"))).toEqual({
      profile: "none",
      config: "/opt/rke2/a.yaml",
    });
    expect(
      rke2ServerOf(
        writingFiles({ ...files, "/etc/default/rke2-server": "RKE2_CONFIG_FILE=/opt/rke2/b.yaml" }, installRke2, "systemctl enable --now rke2-server"),
      ),
    ).toEqual({
      profile: "none",
    });
    expect(rke2ServerOf(writingFiles(files, "rke2 server --config $CONFIG"))).toEqual({
      unreadable: "RKE2's configuration file is a shell variable's ($CONFIG), not known here",
    });
  });

  it("tells an agent by its install type (INSTALL_RKE2_TYPE, else its alias INSTALL_RKE2_EXEC), its service or `rke2 agent`", () => {
    const config = { [rke2ConfigPath]: "server: https://192.0.2.10:9345\ntoken: x" };
    for (const command of [
      "curl -sfL https://get.rke2.io | INSTALL_RKE2_TYPE=agent sh -",
      "curl -sfL https://get.rke2.io | INSTALL_RKE2_EXEC=agent sh -",
      "systemctl enable --now rke2-agent.service",
      "rke2 agent --server https://192.0.2.10:9345",
    ]) {
      expect(runsRke2Agent([command]), command).toBe(true);
      expect(rke2ServerOf(writingFiles(config, command)), command).toBeUndefined();
    }
    expect(runsRke2Agent(["curl -sfL https://get.rke2.io | INSTALL_RKE2_TYPE=server INSTALL_RKE2_EXEC=agent sh -"])).toBe(false);
    expect(rke2ServerOf(writingFiles(config, "curl -sfL https://get.rke2.io | INSTALL_RKE2_TYPE=server sh -"))).toEqual({
      server: "https://192.0.2.10:9345",
      token: "x",
    });
    expect(rke2ServerOf(writingFiles(config, 'curl -sfL https://get.rke2.io | INSTALL_RKE2_TYPE="$NODE_TYPE" sh -'))).toEqual({
      unreadable: "what RKE2's install script is told to install is a shell variable's: whether it runs RKE2's server or its agent cannot be told",
    });
  });
});

describe("the role of a node that installs K3s or RKE2 from a script its cloud-config writes", () => {
  it("reads the commands of the script a command runs", () => {
    const script =
      "#!/bin/sh\ncurl -fsSL -o /tmp/install.sh https://get.rke2.io\nINSTALL_RKE2_TYPE=agent sh /tmp/install.sh\nsystemctl enable --now rke2-agent.service";
    const userData = writingFiles(
      { "/usr/local/sbin/install-rke2": script, [rke2ConfigPath]: "server: https://192.0.2.10:9345" },
      "/usr/local/sbin/install-rke2",
    );
    expect(rke2Node(instance(userData))).toMatchObject({ role: "agent" });
    expect(rke2Server(instance(userData))).toBeUndefined();
  });
});
