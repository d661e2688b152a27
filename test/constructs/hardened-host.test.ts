import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { aptSourcesFile, hardenedCloudConfig, openSshScript, sshdConfig, sudoersConfig, sudoReasonScript } from "../../constructs/host/hardened-host";
import { administrators, services } from "../helpers/foundation";
import { idleConnectionLifetime, shellcheck, sshdTest, tool, validate } from "../helpers/validators";

const forwarding = { ports: [22, 6443] };
const bastion = hardenedCloudConfig({ role: "bastion", administrators, services, forwarding });
const node = hardenedCloudConfig({ role: "kubernetes-server", administrators, services });
const fileOf = (config: string, path: string): string => parse(config).write_files.find((file: { path: string }) => file.path === path).content;

describe("a hardened host's cloud-config, checked by the real tools", () => {
  it("passes cloud-init's own schema check (Debian's cloud-init)", () => {
    const result = validate(tool("cloud-init", "cloud-init"), (file) => ["schema", "--config-file", file], bastion, "user-data");
    expect(result.output).toMatch(/Valid cloud-config/);
    expect(result.status).toBe(0);
  });

  it("is refused by that schema check when broken, so the check above can fail", () => {
    const broken = bastion.replace("ssh_pwauth: false", "ssh_pwauth: [not, a, boolean]");
    expect(validate(tool("cloud-init", "cloud-init"), (file) => ["schema", "--config-file", file], broken, "user-data").status).not.toBe(0);
  });

  it("writes an sshd configuration that sshd -t accepts: keys only, personal accounts, idle sessions closed", () => {
    for (const config of [sshdConfig(), sshdConfig(forwarding)]) {
      const result = sshdTest(config);
      expect(result.output).toBe("");
      expect(result.status).toBe(0);
      expect(sshdTest(`${config}ChannelTimeout session=never-ever\n`).status).not.toBe(0);
      expect(config).toMatch(/^PasswordAuthentication no$/m);
      expect(config).toMatch(/^PermitRootLogin no$/m);
      expect(config).toMatch(/^AllowGroups eds-admins$/m);
      // CountMax 0 would switch the keep-alive off on OpenSSH ≥ 8.2; the idle timeout is ChannelTimeout.
      expect(config).toMatch(/^ClientAliveCountMax [1-9]$/m);
      expect(config).toMatch(/^ChannelTimeout session:\*=900s direct-tcpip=900s$/m);
      expect(config).toMatch(/^UnusedConnectionTimeout 900s$/m);
    }
    expect(fileOf(bastion, "/etc/ssh/sshd_config.d/10-eds-hardening.conf")).toBe(sshdConfig(forwarding));
    expect(fileOf(node, "/etc/ssh/sshd_config.d/10-eds-hardening.conf")).toBe(sshdConfig());
  });

  it("closes an idle shell, as a real sshd applies its ChannelTimeout (the same directive, with 2 seconds for 900)", async () => {
    const directive = sshdConfig()
      .split("\n")
      .find((line) => line.startsWith("ChannelTimeout"))!;
    const lifetime = await idleConnectionLifetime(directive.replace(/=\d+s/g, "=2s"), 8);
    expect(lifetime).toBeDefined();
    expect(lifetime!).toBeLessThan(6);
    // "session" alone names no channel sshd opens (a shell's is session:shell): the same test can fail.
    expect(await idleConnectionLifetime("ChannelTimeout session=2s", 5)).toBeUndefined();
  }, 20_000);

  it("closes an idle forward (ssh -N -L, an idle connection through it), as a real sshd applies the same directives with 2 seconds", async () => {
    const directives = sshdConfig(forwarding)
      .split("\n")
      .filter((line) => /^(ChannelTimeout|UnusedConnectionTimeout) /.test(line))
      .map((line) => line.replace(/=?\d+s/g, (duration) => duration.replace(/\d+/, "2")))
      .join("\n");
    expect(directives).toMatch(/direct-tcpip=2s/);
    const lifetime = await idleConnectionLifetime(directives, 10, "forward");
    expect(lifetime).toBeDefined();
    expect(lifetime!).toBeLessThan(8);
    // A shell's timeout alone leaves a forward open for ever: the same test can fail.
    expect(await idleConnectionLifetime("ChannelTimeout session:*=2s", 6, "forward")).toBeUndefined();
  }, 30_000);

  it("lets administrators forward to the ports the host's role names only, as sshd itself resolves the configuration", () => {
    // sshd -T prints the configuration in effect, after defaults: what a connection will meet.
    const effective = (config: string) => sshdTest(config, ["-T"]).output;
    const bastionSshd = effective(sshdConfig(forwarding));
    expect(bastionSshd).toMatch(/^allowtcpforwarding local$/m);
    expect(bastionSshd).toMatch(/^permitopen \*:22 \*:6443$/m);
    expect(bastionSshd).toMatch(/^permitlisten none$/m);
    expect(bastionSshd).toMatch(/^allowagentforwarding no$/m);
    expect(bastionSshd).toMatch(/^disableforwarding no$/m);
    expect(bastionSshd).toMatch(/^allowstreamlocalforwarding no$/m);
    // Each login's key fingerprint is logged (VERBOSE), so a session is traced to a key.
    expect(bastionSshd).toMatch(/^loglevel VERBOSE$/m);
    // Debian's own sshd_config includes the drop-ins first, and says X11Forwarding yes further down: ours comes first.
    const debian = existsSync("/etc/ssh/sshd_config") ? readFileSync("/etc/ssh/sshd_config", "utf8") : "";
    expect(debian).toMatch(/^Include \/etc\/ssh\/sshd_config\.d\/\*\.conf$/m);
    const withDebian = effective(`${sshdConfig(forwarding)}${debian.replace(/^Include .*$/m, "")}`);
    expect(withDebian).toMatch(/^x11forwarding no$/m);
    expect(withDebian).toMatch(/^passwordauthentication no$/m);
    const nodeSshd = effective(sshdConfig());
    expect(nodeSshd).toMatch(/^disableforwarding yes$/m);
    // Without the drop-in, sshd forwards anything anywhere: the checks above can fail.
    const defaults = effective("");
    expect(defaults).toMatch(/^allowtcpforwarding yes$/m);
    expect(defaults).toMatch(/^permitopen any$/m);
  });

  it("grants sudo to the administrators' group in a sudoers file visudo accepts, never NOPASSWD", () => {
    const result = validate(tool("visudo", "sudo"), (file) => ["-c", "-f", file], sudoersConfig, "sudoers");
    expect(result.status, result.output).toBe(0);
    expect(sudoersConfig).not.toMatch(/NOPASSWD/);
    expect(sudoersConfig).toMatch(/log_input, log_output/);
    // A reason for each sudo: no grace period after one.
    expect(sudoersConfig).toMatch(/^Defaults:%eds-admins timestamp_timeout=0, passwd_tries=1$/m);
    expect(fileOf(bastion, "/etc/pam.d/sudo")).toMatch(/pam_exec\.so expose_authtok quiet \/usr\/local\/sbin\/eds-sudo-reason/);
  });

  it("asks for a reason under every PAM service the real sudo uses, sudo -i's included", () => {
    // sudo -V, run as root, names the PAM service of a command and the one of a login shell (sudo -i).
    const version = spawnSync(tool("sudo", "sudo"), ["-V"], { encoding: "utf8" }).stdout;
    const services = [...version.matchAll(/^PAM service name to use(?: for login shells)?: (\S+)$/gm)].map((match) => match[1]!);
    expect(services.length).toBe(2);
    for (const service of services) expect(fileOf(bastion, `/etc/pam.d/${service}`), service).toBe(fileOf(bastion, "/etc/pam.d/sudo"));
  });

  it("accepts a sudo only with a reason, which it logs", () => {
    const run = (reason: string) =>
      spawnSync("/bin/sh", ["-c", sudoReasonScript.replace("#!/bin/sh\n", "")], {
        input: `${reason}\0`,
        env: { PAM_USER: "ops-camille", PATH: "/usr/bin:/bin" },
      });
    expect(run("").status).toBe(1);
    expect(run("too short").status).toBe(1);
    expect(run("restart chrony after the NTP change CHG-2026-114").status).toBe(0);
    expect(shellcheck(sudoReasonScript, "eds-sudo-reason").output).toBe("");
  });

  it("ships every log to the central store over TLS, as RFC 5424 messages, in an rsyslog configuration rsyslogd accepts", () => {
    const forwarding = fileOf(bastion, "/etc/rsyslog.d/60-eds-forward.conf");
    expect(forwarding).toMatch(/target="logs\.example\.fr" port="6514" protocol="tcp"/);
    expect(forwarding).toMatch(/StreamDriver="gtls" StreamDriverMode="1"/);
    // RFC 5424, as the log shipper sends the cluster's: omfwd's default is the traditional RFC 3164 header.
    expect(forwarding).toMatch(/template="RSYSLOG_SyslogProtocol23Format"/);
    expect(forwarding).toMatch(/StreamDriverAuthMode="x509\/name" StreamDriverPermittedPeers="logs\.example\.fr"/);
    // While the store is away, rsyslog queues on disk and retries for ever, rather than dropping the audit.
    expect(forwarding).toMatch(/queue\.type="LinkedList" queue\.filename="eds-forward" .*action\.resumeRetryCount="-1"/);
    const result = validate(tool("rsyslogd", "rsyslog"), (file) => ["-N1", "-f", file], forwarding, "rsyslog.conf");
    expect(result.status, result.output).toBe(0);
    expect(fileOf(bastion, "/etc/audit/plugins.d/syslog.conf")).toMatch(/^active = yes$/m);
  });

  it("verifies a log store signed by the region's own authority against that authority, when the region declares it", () => {
    const caCertificate = "-----BEGIN CERTIFICATE-----\nRVhBTVBMRS1PTkxZLU5PVC1BLUNFUlRJRklDQVRF\n-----END CERTIFICATE-----\n";
    const withCa = hardenedCloudConfig({ role: "bastion", administrators, services: { ...services, logStore: { ...services.logStore!, caCertificate } } });
    const forwarding = fileOf(withCa, "/etc/rsyslog.d/60-eds-forward.conf");
    expect(forwarding).toContain('DefaultNetstreamDriverCAFile="/etc/ssl/eds/log-store-ca.pem"');
    expect(fileOf(withCa, "/etc/ssl/eds/log-store-ca.pem")).toBe(caCertificate);
    // rsyslogd checks the authority's file is there: the host's, written by the same cloud-config, here in a folder of the test.
    const written = join(mkdtempSync(join(tmpdir(), "eds-log-ca-")), "log-store-ca.pem");
    writeFileSync(written, caCertificate);
    const here = forwarding.replace("/etc/ssl/eds/log-store-ca.pem", written);
    const result = validate(tool("rsyslogd", "rsyslog"), (file) => ["-N1", "-f", file], here, "rsyslog.conf");
    expect(result.status, result.output).toBe(0);
    expect(fileOf(bastion, "/etc/rsyslog.d/60-eds-forward.conf")).toContain('DefaultNetstreamDriverCAFile="/etc/ssl/certs/ca-certificates.crt"');
  });

  it("keeps the administrators out until the host records what they do, as sshd resolves it", () => {
    const config = parse(bastion);
    const lock = fileOf(bastion, "/etc/ssh/sshd_config.d/00-eds-provisioning.conf");
    // Debian's sshd_config includes the drop-ins in name order; what sshd -T prints is what a login meets.
    expect(sshdTest(`${lock}${sshdConfig(forwarding)}`, ["-T"]).output).toMatch(/^denygroups eds-admins$/m);
    expect(config.runcmd.at(-1)).toEqual(["/usr/local/sbin/eds-open-ssh"]);
    expect(fileOf(bastion, "/usr/local/sbin/eds-open-ssh")).toBe(openSshScript("bastion"));
    expect(shellcheck(openSshScript("bastion"), "eds-open-ssh").output).toBe("");
  });

  it("opens sshd only when the audit is enforced with its rules, auditd and rsyslog run and keystrokes are audited", () => {
    // The script against stand-ins printing what auditctl and systemctl print (audit-userspace 3.0.9 auditctl-listing.c).
    const folder = mkdtempSync(join(tmpdir(), "eds-open-ssh-"));
    const pamTtyAudit = "session required pam_tty_audit.so enable=*";
    const run = (state: { enabled: number; rules: string; active: boolean; ttyAudit: boolean; pamLine?: string }) => {
      const lock = join(folder, "00-eds-provisioning.conf");
      const pam = join(folder, "pam-sshd");
      writeFileSync(lock, "DenyGroups eds-admins\n");
      writeFileSync(pam, state.ttyAudit ? `@include common-session\n${state.pamLine ?? pamTtyAudit}\n` : "@include common-session\n");
      writeFileSync(
        join(folder, "auditctl"),
        `#!/bin/sh\nif [ "$1" = -s ]; then printf 'enabled ${state.enabled}\\nfailure 1\\npid 412\\n'; else printf '%s\\n' '${state.rules}'; fi\n`,
        { mode: 0o755 },
      );
      writeFileSync(join(folder, "systemctl"), `#!/bin/sh\necho "$*" >> ${join(folder, "systemctl.log")}\n[ "$1" != is-active ] || ${state.active}\n`, {
        mode: 0o755,
      });
      const script = openSshScript("bastion").replace("/etc/ssh/sshd_config.d/00-eds-provisioning.conf", lock).replace("/etc/pam.d/sshd", pam);
      const result = spawnSync("sh", ["-c", script], { encoding: "utf8", env: { PATH: `${folder}:/usr/bin:/bin` } });
      return { status: result.status, stderr: result.stderr, locked: existsSync(lock) };
    };
    const hardened = { enabled: 1, rules: "-a always,exit -F arch=b64 -S execve -F key=bastion-exec", active: true, ttyAudit: true };
    expect(run(hardened)).toMatchObject({ status: 0, locked: false });
    expect(run({ ...hardened, enabled: 0 })).toMatchObject({ status: 1, locked: true, stderr: expect.stringMatching(/the audit is not enabled/) });
    expect(run({ ...hardened, rules: "No rules" })).toMatchObject({ status: 1, locked: true });
    expect(run({ ...hardened, active: false })).toMatchObject({ status: 1, locked: true });
    expect(run({ ...hardened, ttyAudit: false })).toMatchObject({ status: 1, locked: true });
    expect(run({ ...hardened, pamLine: "session required pam_tty_audit.so disable=*" })).toMatchObject({ status: 1, locked: true });
    // The line the first boot adds is the one the script looks for.
    const added = (parse(bastion).runcmd as string[][]).find((command) => command.join(" ").includes("pam_tty_audit"))!;
    expect(added.join(" ")).toContain(`echo '${pamTtyAudit}' >> /etc/pam.d/sshd`);
  });

  it("installs security updates every day, in an APT configuration apt-config reads", () => {
    const config = parse(bastion);
    expect(config.package_upgrade).toBe(true);
    expect(config.packages).toContain("unattended-upgrades");
    const periodic = validate(
      tool("apt-config", "apt"),
      (file) => ["-c", file, "dump"],
      fileOf(bastion, "/etc/apt/apt.conf.d/20auto-upgrades"),
      "20auto-upgrades",
    );
    expect(periodic.output).toMatch(/^APT::Periodic::Update-Package-Lists "1";$/m);
    expect(periodic.output).toMatch(/^APT::Periodic::Unattended-Upgrade "1";$/m);
  });

  it("takes time from the provider's servers and software from the in-region mirror only", () => {
    const config = parse(bastion);
    expect(config.ntp).toEqual({ enabled: true, ntp_client: "chrony", servers: ["192.0.2.123"] });
    // Debian's cloud images set generate_mirrorlists, with which Debian's cloud-init writes no sources list, and ship
    // debian.sources with backports and source packages: the file is the project's, and cloud-init's list a comment.
    expect(config.apt).toMatchObject({ preserve_sources_list: false, generate_mirrorlists: false });
    expect(config.apt.sources_list).toMatch(/^# Managed by EDS Régional/);
    const sources = fileOf(bastion, aptSourcesFile);
    // The suites the hosts need: no backports or source packages, which a mirror may lack (apt-get update then
    // fails); the security suite from Debian's separate security archive.
    expect(sources.split("\n").filter((line) => /^(URIs|Suites|Types):/.test(line))).toEqual([
      "Types: deb",
      "URIs: https://mirror.example.fr/debian",
      "Suites: bookworm bookworm-updates",
      "Types: deb",
      "URIs: https://mirror.example.fr/debian-security",
      "Suites: bookworm-security",
    ]);
    // apt reads it: its sources parser, without the network (apt-get indextargets).
    const folder = mkdtempSync(join(tmpdir(), "eds-apt-"));
    mkdirSync(join(folder, "parts"));
    writeFileSync(join(folder, "parts", "debian.sources"), sources);
    writeFileSync(join(folder, "sources.list"), config.apt.sources_list);
    const apt = (parts: string) =>
      spawnSync(
        tool("apt-get", "apt"),
        ["-o", `Dir::Etc::SourceParts=${parts}`, "-o", `Dir::Etc::SourceList=${join(folder, "sources.list")}`, "indextargets"],
        {
          encoding: "utf8",
        },
      );
    expect(apt(join(folder, "parts")).stderr).toBe("");
    writeFileSync(join(folder, "parts", "broken.sources"), sources.replace("URIs: ", "URIs "));
    expect(apt(join(folder, "parts")).stderr).toMatch(/Malformed entry/);
    const withoutSecurity = { ...services, mirrors: services.mirrors!.filter((mirror) => mirror.name !== "debian-security") };
    expect(() => hardenedCloudConfig({ role: "bastion", administrators, services: withoutSecurity })).toThrow(/debian-security/);
  });

  it("records every command and every change to identities, sudo and sshd", () => {
    const rules = fileOf(bastion, "/etc/audit/rules.d/10-eds-bastion.rules");
    expect(rules.trim().split("\n")).toEqual([
      "-a always,exit -F arch=b64 -S execve -k bastion-exec",
      "-a always,exit -F arch=b32 -S execve -k bastion-exec",
      "-a always,exit -F arch=b64 -S connect -F exe=/usr/sbin/sshd -F saddr_fam=2 -k bastion-forward",
      "-a always,exit -F arch=b64 -S connect -F exe=/usr/sbin/sshd -F saddr_fam=10 -k bastion-forward",
      "-w /etc/ssh/sshd_config -p wa -k bastion-sshd",
      "-w /etc/ssh/sshd_config.d/ -p wa -k bastion-sshd",
      "-w /etc/passwd -p wa -k bastion-identity",
      "-w /etc/group -p wa -k bastion-identity",
      "-w /etc/sudoers -p wa -k bastion-identity",
      "-w /etc/sudoers.d/ -p wa -k bastion-identity",
    ]);
    expect(rules).toMatch(/-S execve -k bastion-exec/);
    expect(rules).toMatch(/-w \/etc\/sudoers\.d\/ -p wa/);
    // Where the bastion's forwards go: sshd's connect() with its address, IPv4 and IPv6; a node forwards nothing.
    expect(rules).toContain("-a always,exit -F arch=b64 -S connect -F exe=/usr/sbin/sshd -F saddr_fam=2 -k bastion-forward");
    expect(rules).toContain("-F saddr_fam=10 -k bastion-forward");
    expect(fileOf(node, "/etc/audit/rules.d/10-eds-kubernetes-server.rules")).not.toContain("-S connect");
    expect(JSON.stringify(parse(bastion).runcmd)).toContain("pam_tty_audit");
  });

  it("makes an auditd already running read the syslog plugin with a signal, never a restart it would refuse", () => {
    const runcmd: string[][] = parse(bastion).runcmd;
    // auditd's unit has RefuseManualStop=yes: `systemctl restart auditd` fails, and its plugin stayed off.
    const restarted = runcmd.filter((command) => command[0] === "systemctl" && command[1] === "restart").flatMap((command) => command.slice(2));
    expect(restarted).not.toContain("auditd");
    expect(restarted).toEqual(expect.arrayContaining(["rsyslog", "ssh"]));
    const reload = runcmd.findIndex((command) => command.join(" ") === "auditctl --signal HUP");
    expect(reload).toBeGreaterThan(runcmd.findIndex((command) => command[0] === "augenrules"));
  });
});
