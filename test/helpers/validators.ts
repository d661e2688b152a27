import { spawn, spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The path of an official validator, or an error that says which Debian package provides it (.ci/run installs them). */
export function tool(command: string, debianPackage: string): string {
  for (const folder of ["/usr/bin", "/usr/sbin", "/bin", "/sbin"]) if (existsSync(join(folder, command))) return join(folder, command);
  throw new Error(
    `${command} is not installed: apt-get install ${debianPackage} (.ci/run installs it); this test checks with the real tool and cannot pass without it`,
  );
}

/** Runs a validator on a file written with `content`; returns its exit status and output. */
export function validate(command: string, args: (file: string) => string[], content: string, name = "input"): { status: number | null; output: string } {
  const file = join(mkdtempSync(join(tmpdir(), "eds-validate-")), name);
  writeFileSync(file, content);
  const run = spawnSync(command, args(file), { encoding: "utf8" });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** A throw-away ed25519 key pair without a passphrase, at `path` and `path`.pub. */
function throwAwayKey(path: string): string {
  spawnSync(tool("ssh-keygen", "openssh-client"), ["-q", "-t", "ed25519", "-N", "", "-f", path]);
  return path;
}

/** sshd checks its privilege separation directory before anything else, even in test mode. */
function privilegeSeparationDirectory(): void {
  if (!existsSync("/run/sshd")) mkdirSync("/run/sshd", { recursive: true });
}

/** sshd on a configuration, with a throw-away host key: `-t` checks it, `-T` prints what is in effect, defaults resolved. */
export function sshdTest(config: string, mode: readonly ["-t"] | readonly ["-T"] = ["-t"]): { status: number | null; output: string } {
  const sshd = tool("sshd", "openssh-server");
  const hostKey = throwAwayKey(join(mkdtempSync(join(tmpdir(), "eds-sshd-")), "host_ed25519"));
  privilegeSeparationDirectory();
  return validate(sshd, (file) => [...mode, "-f", file, "-h", hostKey], config, "sshd_config");
}

/** ShellCheck on a script run by POSIX sh (dash on Debian), every finding down to style. */
export const shellcheck = (script: string, name = "script.sh"): { status: number | null; output: string } =>
  validate(tool("shellcheck", "shellcheck"), (file) => ["--shell=sh", "--severity=style", file], script, name);

/** A free TCP port on the loopback address. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * How long a real sshd, run with `directives` on the loopback address, keeps an idle interactive shell open: the seconds
 * until it closes the session, or undefined when it is still open after `limitSeconds`. The client asks for a terminal
 * and a shell and then sends nothing.
 */
export async function idleShellLifetime(directives: string, limitSeconds: number): Promise<number | undefined> {
  const folder = mkdtempSync(join(tmpdir(), "eds-sshd-session-"));
  for (const key of ["host", "user"]) throwAwayKey(join(folder, key));
  copyFileSync(join(folder, "user.pub"), join(folder, "authorized_keys"));
  chmodSync(join(folder, "authorized_keys"), 0o600);
  const port = await freePort();
  const config = join(folder, "sshd_config");
  writeFileSync(
    config,
    [
      `Port ${port}`,
      "ListenAddress 127.0.0.1",
      `HostKey ${join(folder, "host")}`,
      `AuthorizedKeysFile ${join(folder, "authorized_keys")}`,
      `PidFile ${join(folder, "sshd.pid")}`,
      "StrictModes no",
      "UsePAM no",
      "PermitRootLogin prohibit-password",
      directives,
      "",
    ].join("\n"),
  );
  privilegeSeparationDirectory();
  const daemon = spawn(tool("sshd", "openssh-server"), ["-D", "-e", "-f", config], { stdio: "ignore" });
  try {
    await listening(port);
    const user = spawnSync("id", ["-un"], { encoding: "utf8" }).stdout.trim();
    const client = spawn(
      tool("ssh", "openssh-client"),
      [
        "-tt",
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "LogLevel=ERROR",
        "-i",
        join(folder, "user"),
        "-p",
        String(port),
        `${user}@127.0.0.1`,
      ],
      { stdio: ["pipe", "pipe", "ignore"] },
    );
    // The session counts from the shell's first output (its prompt): a refused connection or login never gets there.
    let started: number | undefined;
    client.stdout.on("data", () => {
      started ??= Date.now();
    });
    const closed = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), limitSeconds * 1000);
      client.on("exit", () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    client.kill();
    if (started === undefined) throw new Error("the ssh session never started: no shell output");
    return closed ? (Date.now() - started) / 1000 : undefined;
  } finally {
    daemon.kill();
  }
}

/** Resolves once something accepts connections on the loopback port (at most 5 seconds). */
async function listening(port: number): Promise<void> {
  for (let tries = 0; tries < 50; tries++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing listens on port ${port}`);
}
