import { stringify } from "yaml";
import { terraformLiteral } from "../../lib/terraform-literal";
import type { RegionServices } from "../network/region-services";

/** One administrator: a personal account, so every session and every sudo is traced to a person. */
export interface Administrator {
  readonly login: string;
  readonly sshPublicKeys: readonly string[];
}

export interface HardenedHostProps {
  /** What the host is, for messages and log tags (bastion, kubernetes-server, ...). */
  readonly role: string;
  readonly administrators: readonly Administrator[];
  readonly services: RegionServices;
  /** Further files and commands of the host's role, after the hardening. @default - none */
  readonly files?: readonly CloudConfigFile[];
  /** @default - none */
  readonly commands?: readonly (readonly string[])[];
  /** Further Debian packages. @default - none */
  readonly packages?: readonly string[];
  /** What administrators may forward through the host. @default - no forwarding at all */
  readonly forwarding?: SshForwarding;
}

export interface CloudConfigFile {
  readonly path: string;
  readonly content: string;
  /** @default "0600" */
  readonly permissions?: string;
}

/** The group of the administrators' accounts: sudo is granted to it, with a reason. */
export const adminGroup = "eds-admins";

/** Idle sessions end after this many seconds (ANSSI PA-022 R31: lock unattended sessions). */
const idleTimeoutSeconds = 900;

/**
 * Where an administrator may forward TCP through a host: `ssh -J` through the bastion to a node's SSH, kubectl to the API
 * servers. Nothing else: not a SOCKS proxy to the provider's APIs the bastion reaches, not a listener on the host.
 */
export interface SshForwarding {
  readonly ports: readonly number[];
}

/**
 * sshd drop-in: keys only, no root, personal accounts only, every session logged, idle sessions closed, forwarding
 * only where the host's role needs it (ANSSI, recommandations OpenSSH: forwarding off unless needed).
 * ClientAliveCountMax 0 would disable the keep-alive on OpenSSH ≥ 8.2 (sshd_config(5)); the idle timeout is
 * ChannelTimeout (OpenSSH ≥ 9.2, Debian 12) plus TMOUT for the shell. PermitOpen takes `*` for any host
 * (sshd_config(5), OpenSSH 9.2): the security group narrows the hosts to the nodes' subnet.
 */
export function sshdConfig(forwarding?: SshForwarding): string {
  return [
    "# Managed by EDS Régional (ANSSI PA-022, ANSSI recommandations OpenSSH): keys only, personal accounts, logged sessions.",
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "PubkeyAuthentication yes",
    "PermitRootLogin no",
    "PermitEmptyPasswords no",
    `AllowGroups ${adminGroup}`,
    ...(forwarding
      ? [
          "X11Forwarding no",
          "AllowAgentForwarding no",
          "AllowStreamLocalForwarding no",
          "PermitTunnel no",
          "AllowTcpForwarding local",
          `PermitOpen ${forwarding.ports.map((port) => `*:${port}`).join(" ")}`,
          "PermitListen none",
        ]
      : ["DisableForwarding yes", "PermitTunnel no"]),
    "MaxAuthTries 3",
    "LoginGraceTime 30",
    "LogLevel VERBOSE",
    "ClientAliveInterval 300",
    "ClientAliveCountMax 3",
    // sshd names a shell's channel session:shell and a command's session:command (sshd_config(5), OpenSSH 9.2): a
    // pattern "session" matches neither. A forward's channels are direct-tcpip; a connection left with no channel
    // (ssh -N -L between uses) stays open unless UnusedConnectionTimeout closes it (its default is never).
    `ChannelTimeout session:*=${idleTimeoutSeconds}s direct-tcpip=${idleTimeoutSeconds}s`,
    `UnusedConnectionTimeout ${idleTimeoutSeconds}s`,
    "",
  ].join("\n");
}

/**
 * How a hardened host receives its user data: on a config drive. The metadata service answers at 169.254.169.254 over
 * HTTP, and the hosts' security groups, which start empty (default rules deleted), allow no flow there: Neutron's
 * firewall lets DHCP through by itself and nothing else (iptables_firewall.py, _spoofing_rule). Without the drive,
 * cloud-init would find no user data and none of this configuration would apply.
 */
export const userDataDelivery = { configDrive: true } as const;

/**
 * Where sshd connects for a forward (`ssh -J`, `ssh -L`): sshd logs an accepted forward at debug level only (OpenSSH
 * 9.2 serverloop.c, server_request_direct_tcpip), so the kernel records the session process's connect() with its
 * address (saddr_fam: audit-userspace ≥ 3.0; Debian 12's sshd is one binary, /usr/sbin/sshd). Attempts, not only
 * successes: sshd connects without blocking, so its connect() returns EINPROGRESS.
 */
const forwardAuditRules = (role: string): string[] =>
  [2, 10].map((family) => `-a always,exit -F arch=b64 -S connect -F exe=/usr/sbin/sshd -F saddr_fam=${family} -k ${role}-forward`);

/** The key of the rules that record every command: eds-open-ssh looks for it among the rules loaded. */
const execAuditKey = (role: string): string => `${role}-exec`;

/** The sshd PAM line that turns the keystroke audit on, for every user (pam_tty_audit(8)). */
const ttyAuditLine = "session required pam_tty_audit.so enable=*";

/** Audit rules: every command run, every forward, and every change to identity, sudo and SSH configuration is recorded. */
const auditRules = (role: string, forwarding: boolean): string =>
  [
    `-a always,exit -F arch=b64 -S execve -k ${execAuditKey(role)}`,
    `-a always,exit -F arch=b32 -S execve -k ${execAuditKey(role)}`,
    ...(forwarding ? forwardAuditRules(role) : []),
    `-w /etc/ssh/sshd_config -p wa -k ${role}-sshd`,
    `-w /etc/ssh/sshd_config.d/ -p wa -k ${role}-sshd`,
    `-w /etc/passwd -p wa -k ${role}-identity`,
    `-w /etc/group -p wa -k ${role}-identity`,
    `-w /etc/sudoers -p wa -k ${role}-identity`,
    `-w /etc/sudoers.d/ -p wa -k ${role}-identity`,
    "",
  ].join("\n");

/**
 * sudo for the administrators. They have no password (key-only login), so sudo asks for a reason in its place:
 * PAM hands what is typed to eds-sudo-reason, which logs it with the login to the auth log (shipped to the log store)
 * and refuses a reason shorter than 15 characters. Every sudo session's input and output is recorded as well.
 */
export const sudoersConfig = [
  "# Managed by EDS Régional: administrators state a reason for every sudo; sessions are recorded.",
  `%${adminGroup} ALL=(ALL:ALL) ALL`,
  `Defaults:%${adminGroup} passprompt="Reason for this sudo (logged, 15 characters or more): "`,
  `Defaults:%${adminGroup} timestamp_timeout=0, passwd_tries=1`,
  `Defaults:%${adminGroup} log_input, log_output, iolog_dir=/var/log/sudo-io/%{user}`,
  "",
].join("\n");

/**
 * The PAM services sudo authenticates with: `sudo` for a command, and its own for a login shell (`sudo -i`), which
 * Debian's sudo, built --with-pam-login, names `sudo-i` (sudo plugins/sudoers/auth/pam.c, pam_login_service; `sudo -V`
 * prints both). Debian's sudo-i asks pam_unix for the password the administrators do not have.
 */
const sudoPamServices = ["sudo", "sudo-i"];

export const sudoPamConfig = [
  "#%PAM-1.0",
  "# Managed by EDS Régional: the administrators' reason replaces a password they do not have.",
  "auth [success=done default=die] pam_exec.so expose_authtok quiet /usr/local/sbin/eds-sudo-reason",
  "@include common-account",
  "@include common-session-noninteractive",
  "",
].join("\n");

/** Reads the reason PAM passes on standard input, logs it, and accepts it when it says something. */
export const sudoReasonScript = [
  "#!/bin/sh",
  "# Managed by EDS Régional: logs the reason given for a sudo; refuses an empty or too short one.",
  "reason=$(head -c 512 | tr -d '\\000' | tr -s '[:space:]' ' ')",
  'if [ "${#reason}" -lt 15 ]; then',
  '  logger -t eds-sudo -p authpriv.warning "refused sudo for ${PAM_USER:-unknown}: no reason given" 2>/dev/null',
  "  exit 1",
  "fi",
  'logger -t eds-sudo -p authpriv.notice "sudo by ${PAM_USER:-unknown}: ${reason}" 2>/dev/null',
  "exit 0",
  "",
].join("\n");

/**
 * Keeps the administrators out while the host is being hardened. cloud-init writes the accounts, keys and this file
 * before sshd starts, but installs auditd and rsyslog and loads the audit rules in its last stage, after sshd is up
 * (cloud-init's cloud.cfg module stages; cloud-final.service runs after multi-user.target): without it, a login in
 * between, or for ever if the packages could not be installed, would be neither audited nor shipped.
 */
const provisioningLock = "/etc/ssh/sshd_config.d/00-eds-provisioning.conf";

/**
 * The last command of the first boot: opens sshd to the administrators only when the hardening is in effect (the
 * audit rules loaded and enforced, auditd and rsyslog running, keystroke audit on sshd sessions); otherwise the host
 * stays closed, and its console log says why.
 */
export const openSshScript = (role: string): string =>
  [
    "#!/bin/sh",
    "# Managed by EDS Régional: lets the administrators in once the host records what they do.",
    'fail() { echo "eds-open-ssh: $1: sshd stays closed to the administrators" >&2; exit 1; }',
    `auditctl -s | grep -q '^enabled [12]$' || fail "the audit is not enabled"`,
    `auditctl -l | grep -q -- 'key=${execAuditKey(role)}$' || fail "the audit rules are not loaded"`,
    `systemctl is-active --quiet auditd rsyslog || fail "auditd or rsyslog is not running"`,
    `grep -q '^${ttyAuditLine.replace("*", "\\*")}$' /etc/pam.d/sshd || fail "the keystroke audit is not on"`,
    `rm -f ${provisioningLock}`,
    "systemctl reload ssh",
    "",
  ].join("\n");

/** Where a host keeps the authority of the log store, when the region declares its own. */
const logStoreCaFile = "/etc/ssl/eds/log-store-ca.pem";

/**
 * rsyslog forwards everything (journald forwards to syslog on Debian, auditd through its syslog plugin) over TLS, as
 * RFC 5424 messages one per line, as the log shipper sends the cluster's (Fluent Bit's syslog output). Without a
 * template, omfwd sends the traditional RFC 3164 header (rsyslog 8.2302 tools/omfwd.c, RSYSLOG_TraditionalForwardFormat).
 */
const rsyslogForwarding = (store: NonNullable<RegionServices["logStore"]>, role: string): string =>
  [
    `# Managed by EDS Régional: the ${role}'s system, auth and audit logs go to the central log store over TLS, as RFC 5424 messages.`,
    `global(DefaultNetstreamDriver="gtls" DefaultNetstreamDriverCAFile="${store.caCertificate ? logStoreCaFile : "/etc/ssl/certs/ca-certificates.crt"}")`,
    `action(type="omfwd" target="${store.host}" port="${store.port}" protocol="tcp" template="RSYSLOG_SyslogProtocol23Format"`,
    '       StreamDriver="gtls" StreamDriverMode="1"',
    `       StreamDriverAuthMode="x509/name" StreamDriverPermittedPeers="${store.host}"`,
    '       queue.type="LinkedList" queue.filename="eds-forward" queue.maxDiskSpace="1g" queue.saveOnShutdown="on" action.resumeRetryCount="-1")',
    "",
  ].join("\n");

/**
 * Security updates every day from the mirror: unattended-upgrades installs from the Debian-Security origin by default
 * (its 50unattended-upgrades), once APT's periodic job is told to run it (Debian wiki, UnattendedUpgrades).
 */
const autoUpgrades = ['APT::Periodic::Update-Package-Lists "1";', 'APT::Periodic::Unattended-Upgrade "1";', ""].join("\n");

const auditSyslogPlugin = [
  "active = yes",
  "direction = out",
  "path = /sbin/audisp-syslog",
  "type = always",
  "args = LOG_INFO LOG_AUTHPRIV",
  "format = string",
  "",
].join("\n");

/** The Debian release of the hosts' images, whose suites the apt sources name (the tests validate with its cloud-init). */
const debianRelease = "bookworm";

/** Where the hosts' apt sources are written: the file Debian 12's cloud images ship (deb822), replaced. */
export const aptSourcesFile = "/etc/apt/sources.list.d/debian.sources";

/**
 * The apt sources, when the region declares a Debian mirror: the only software source, and only the suites the hosts
 * need (no backports, no source packages, which a mirror may lack: apt-get update then fails, and cloud-init installs
 * none of the packages, auditd and the TLS log shipping included). The security suite lives in its own archive.
 *
 * Written whole, not through cloud-init's `sources_list`: Debian's cloud images ship `debian.sources` (deb822, deb and
 * deb-src, backports, on `mirror+file:` lists) and set `apt: generate_mirrorlists`, with which Debian's cloud-init
 * 22.4 writes only the mirror lists and never the sources list (cc_apt_configure.py, apply_apt). So the image's file is
 * replaced, and /etc/apt/sources.list, which cloud-init then writes, holds a comment only.
 */
function aptSources(services: RegionServices): { config: Record<string, unknown>; files: CloudConfigFile[] } {
  const debian = services.mirrors?.find((mirror) => mirror.name === "debian");
  if (!debian) return { config: {}, files: [] };
  const security = services.mirrors?.find((mirror) => mirror.name === "debian-security");
  if (!security) throw new Error("a debian mirror needs its debian-security mirror: the security suite is in a separate archive");
  const stanza = (uri: string, suites: readonly string[]) => [`Types: deb`, `URIs: ${uri}`, `Suites: ${suites.join(" ")}`, "Components: main"].join("\n");
  return {
    config: {
      apt: {
        preserve_sources_list: false,
        generate_mirrorlists: false,
        sources_list: `# Managed by EDS Régional: the sources are in ${aptSourcesFile}.\n`,
      },
    },
    files: [
      {
        path: aptSourcesFile,
        content: `# Managed by EDS Régional: the region's mirrors only.\n${stanza(debian.url, [debianRelease, `${debianRelease}-updates`])}\n\n${stanza(security.url, [`${debianRelease}-security`])}\n`,
        permissions: "0644",
      },
    ],
  };
}

/**
 * The cloud-config of a hardened Debian host of the region: personal administrator accounts with their own keys,
 * sshd and sudo hardened, auditd recording commands, keystrokes of every session logged (pam_tty_audit), time from
 * the provider's servers, packages from the in-region mirror, and every log shipped to the central store over TLS.
 * Validated in the tests by `cloud-init schema` (Debian's cloud-init 22.4) and `sshd -t`.
 */
export function hardenedCloudConfig(props: HardenedHostProps): string {
  const { services, role } = props;
  // The host's own files are text Terraform must pass as written (a shell `${reason}`, sudo's `%{user}`); the files a
  // caller adds may hold references Terraform fills in (an RKE2 join token).
  const ownFiles: CloudConfigFile[] = [
    { path: provisioningLock, content: `# Managed by EDS Régional: removed by eds-open-ssh once the host is hardened.\nDenyGroups ${adminGroup}\n` },
    { path: "/etc/ssh/sshd_config.d/10-eds-hardening.conf", content: sshdConfig(props.forwarding) },
    { path: "/usr/local/sbin/eds-open-ssh", content: openSshScript(role), permissions: "0755" },
    { path: "/etc/apt/apt.conf.d/20auto-upgrades", content: autoUpgrades, permissions: "0644" },
    { path: "/etc/sudoers.d/10-eds-admins", content: sudoersConfig, permissions: "0440" },
    ...sudoPamServices.map((service) => ({ path: `/etc/pam.d/${service}`, content: sudoPamConfig, permissions: "0644" })),
    { path: "/usr/local/sbin/eds-sudo-reason", content: sudoReasonScript, permissions: "0755" },
    { path: "/etc/profile.d/eds-idle-timeout.sh", content: `readonly TMOUT=${idleTimeoutSeconds}\nexport TMOUT\n`, permissions: "0644" },
    { path: `/etc/audit/rules.d/10-eds-${role}.rules`, content: auditRules(role, props.forwarding !== undefined) },
    { path: "/etc/audit/plugins.d/syslog.conf", content: auditSyslogPlugin, permissions: "0640" },
    ...(services.logStore ? [{ path: "/etc/rsyslog.d/60-eds-forward.conf", content: rsyslogForwarding(services.logStore, role), permissions: "0644" }] : []),
    ...(services.logStore?.caCertificate ? [{ path: logStoreCaFile, content: services.logStore.caCertificate, permissions: "0644" }] : []),
  ];
  const apt = aptSources(services);
  const files = [...[...ownFiles, ...apt.files].map((file) => ({ ...file, content: terraformLiteral(file.content) })), ...(props.files ?? [])];
  const config = {
    ssh_pwauth: false,
    disable_root: true,
    groups: [adminGroup],
    users: props.administrators.map((admin) => ({
      name: admin.login,
      gecos: `EDS Régional administrator ${admin.login} (key-based login only)`,
      shell: "/bin/bash",
      lock_passwd: true,
      groups: [adminGroup],
      ssh_authorized_keys: [...admin.sshPublicKeys],
    })),
    ...apt.config,
    ...(services.ntp?.length ? { ntp: { enabled: true, ntp_client: "chrony", servers: [...services.ntp] } } : {}),
    package_update: true,
    package_upgrade: true,
    packages: ["auditd", "audispd-plugins", "chrony", "rsyslog", "rsyslog-gnutls", "sudo", "unattended-upgrades", ...(props.packages ?? [])],
    write_files: files.map((file) => ({ path: file.path, permissions: file.permissions ?? "0600", owner: "root:root", content: file.content })),
    runcmd: [
      ["sh", "-c", `grep -q pam_tty_audit /etc/pam.d/sshd || echo '${ttyAuditLine}' >> /etc/pam.d/sshd`],
      ["augenrules", "--load"],
      ["systemctl", "enable", "--now", "auditd", "chrony", "rsyslog"],
      // auditd refuses a manual stop, and so a restart (RefuseManualStop=yes in its unit, audit-userspace 3.0.9): an
      // auditd the image already ran reads its plugins again on SIGHUP, and starts the syslog one (audispd.c, reconfigure).
      ["auditctl", "--signal", "HUP"],
      ["systemctl", "restart", "rsyslog", "ssh"],
      ...(props.commands ?? []).map((command) => [...command]),
      ["/usr/local/sbin/eds-open-ssh"],
    ],
  };
  return `#cloud-config\n${stringify(config, { lineWidth: 0 })}`;
}
