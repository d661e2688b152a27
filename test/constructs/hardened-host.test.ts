import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { hardenedCloudConfig, sshdConfig, sudoersConfig, sudoReasonScript } from "../../constructs/host/hardened-host";
import { administrators, services } from "../helpers/foundation";
import { idleShellLifetime, shellcheck, sshdTest, tool, validate } from "../helpers/validators";

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
      expect(config).toMatch(/^ChannelTimeout session:\*=900s$/m);
    }
    expect(fileOf(bastion, "/etc/ssh/sshd_config.d/10-eds-hardening.conf")).toBe(sshdConfig(forwarding));
    expect(fileOf(node, "/etc/ssh/sshd_config.d/10-eds-hardening.conf")).toBe(sshdConfig());
  });

  it("closes an idle shell, as a real sshd applies its ChannelTimeout (the same directive, with 2 seconds for 900)", async () => {
    const directive = sshdConfig()
      .split("\n")
      .find((line) => line.startsWith("ChannelTimeout"))!;
    const lifetime = await idleShellLifetime(directive.replace(/=\d+s$/, "=2s"), 8);
    expect(lifetime).toBeDefined();
    expect(lifetime!).toBeLessThan(6);
    // "session" alone names no channel sshd opens (a shell's is session:shell): the same test can fail.
    expect(await idleShellLifetime("ChannelTimeout session=2s", 5)).toBeUndefined();
  }, 20_000);

  it("lets administrators forward to the ports the host's role names only, as sshd itself resolves the configuration", () => {
    // sshd -T prints the configuration in effect, after defaults: what a connection will meet.
    const effective = (config: string) => sshdTest(config, ["-T"]).output;
    const bastionSshd = effective(sshdConfig(forwarding));
    expect(bastionSshd).toMatch(/^allowtcpforwarding local$/m);
    expect(bastionSshd).toMatch(/^permitopen \*:22 \*:6443$/m);
    expect(bastionSshd).toMatch(/^permitlisten none$/m);
    expect(bastionSshd).toMatch(/^allowagentforwarding no$/m);
    expect(bastionSshd).toMatch(/^disableforwarding no$/m);
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
    expect(fileOf(bastion, "/etc/pam.d/sudo")).toMatch(/pam_exec\.so expose_authtok quiet \/usr\/local\/sbin\/eds-sudo-reason/);
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

  it("ships every log to the central store over TLS, in an rsyslog configuration rsyslogd accepts", () => {
    const forwarding = fileOf(bastion, "/etc/rsyslog.d/60-eds-forward.conf");
    expect(forwarding).toMatch(/target="logs\.example\.fr" port="6514" protocol="tcp" StreamDriver="gtls" StreamDriverMode="1"/);
    expect(forwarding).toMatch(/StreamDriverAuthMode="x509\/name" StreamDriverPermittedPeers="logs\.example\.fr"/);
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

  it("takes time from the provider's servers and software from the in-region mirror only", () => {
    const config = parse(bastion);
    expect(config.ntp).toEqual({ enabled: true, ntp_client: "chrony", servers: ["192.0.2.123"] });
    expect(config.apt.primary).toEqual([{ arches: ["default"], uri: "https://mirror.example.fr/debian" }]);
    // cloud-init writes <codename>-security on this URI: Debian's separate security archive, not the main one.
    expect(config.apt.security).toEqual([{ arches: ["default"], uri: "https://mirror.example.fr/debian-security" }]);
    expect(config.apt.preserve_sources_list).toBe(false);
    const withoutSecurity = { ...services, mirrors: services.mirrors!.filter((mirror) => mirror.name !== "debian-security") };
    expect(() => hardenedCloudConfig({ role: "bastion", administrators, services: withoutSecurity })).toThrow(/debian-security/);
  });

  it("records every command and every change to identities, sudo and sshd", () => {
    const rules = fileOf(bastion, "/etc/audit/rules.d/10-eds-bastion.rules");
    expect(rules).toMatch(/-S execve -k bastion-exec/);
    expect(rules).toMatch(/-w \/etc\/sudoers\.d\/ -p wa/);
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
