import { stringify } from "yaml";

export interface BastionCloudInitProps {
  readonly adminUser: string;
  readonly sshPublicKeys: readonly string[];
}

const sshdHardening = [
  "# Managed by EDS Régional: key-only, no root, verbose logging of every session (ANSSI PA-022, NT SSH).",
  "PasswordAuthentication no",
  "KbdInteractiveAuthentication no",
  "PermitRootLogin no",
  "PermitEmptyPasswords no",
  "X11Forwarding no",
  "AllowAgentForwarding no",
  "MaxAuthTries 3",
  "LogLevel VERBOSE",
  "ClientAliveInterval 300",
  "ClientAliveCountMax 0",
  "",
].join("\n");

/** Audit rules: every command run and every change to identity and SSH configuration is recorded. */
const auditRules = [
  "-a always,exit -F arch=b64 -S execve -k bastion-exec",
  "-a always,exit -F arch=b32 -S execve -k bastion-exec",
  "-w /etc/ssh/sshd_config -p wa -k bastion-sshd",
  "-w /etc/ssh/sshd_config.d/ -p wa -k bastion-sshd",
  "-w /etc/passwd -p wa -k bastion-identity",
  "-w /etc/group -p wa -k bastion-identity",
  "-w /etc/sudoers -p wa -k bastion-identity",
  "",
].join("\n");

/**
 * cloud-config for the bastion: key-based login only, sshd hardened, auditd recording commands, and keystrokes of
 * every session logged through pam_tty_audit.
 */
export function bastionCloudInit(props: BastionCloudInitProps): string {
  const config = {
    ssh_pwauth: false,
    disable_root: true,
    users: [
      {
        name: props.adminUser,
        gecos: "EDS Régional administrator (key-based login only)",
        shell: "/bin/bash",
        lock_passwd: true,
        sudo: "ALL=(ALL) NOPASSWD:ALL",
        ssh_authorized_keys: [...props.sshPublicKeys],
      },
    ],
    package_update: true,
    packages: ["auditd", "audispd-plugins", "chrony"],
    write_files: [
      { path: "/etc/ssh/sshd_config.d/10-eds-hardening.conf", permissions: "0600", content: sshdHardening },
      { path: "/etc/audit/rules.d/10-eds-bastion.rules", permissions: "0600", content: auditRules },
    ],
    runcmd: [
      ["sh", "-c", "grep -q pam_tty_audit /etc/pam.d/sshd || echo 'session required pam_tty_audit.so enable=*' >> /etc/pam.d/sshd"],
      ["augenrules", "--load"],
      ["systemctl", "enable", "--now", "auditd", "chrony"],
      ["systemctl", "restart", "ssh"],
    ],
  };
  return `#cloud-config\n${stringify(config, { lineWidth: 0 })}`;
}
