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
 * How long a real sshd, run with `directives` on the loopback address, keeps an idle client connected: the seconds until
 * it closes the connection, or undefined when it is still open after `limitSeconds`. A `shell` client asks for a
 * terminal and a shell and sends nothing; a `forward` client (`ssh -N -L`) opens one TCP connection through its
 * forward to a listener on the loopback address and sends nothing through it.
 */
export async function idleConnectionLifetime(directives: string, limitSeconds: number, client: "shell" | "forward" = "shell"): Promise<number | undefined> {
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
  const target = createServer((socket) => socket.on("error", () => undefined));
  await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
  const forwardPort = await freePort();
  try {
    await listening(port);
    const user = spawnSync("id", ["-un"], { encoding: "utf8" }).stdout.trim();
    const modeArgs = client === "shell" ? ["-tt"] : ["-N", "-L", `${forwardPort}:127.0.0.1:${(target.address() as { port: number }).port}`];
    const options = ["StrictHostKeyChecking=no", "UserKnownHostsFile=/dev/null", "LogLevel=ERROR", "ExitOnForwardFailure=yes"];
    const ssh = spawn(
      tool("ssh", "openssh-client"),
      [...modeArgs, ...options.flatMap((option) => ["-o", option]), "-i", join(folder, "user"), "-p", String(port), `${user}@127.0.0.1`],
      { stdio: ["pipe", "pipe", "ignore"] },
    );
    const exited = new Promise<number>((resolve) => ssh.on("exit", () => resolve(Date.now())));
    // The connection counts from the shell's first output (its prompt), or from the forward accepting a connection: a
    // refused connection or login never gets there.
    let started: number | undefined;
    if (client === "shell") {
      ssh.stdout.on("data", () => {
        started ??= Date.now();
      });
    } else {
      const forwarding = listening(forwardPort).then(
        () => true,
        () => false,
      );
      if (await Promise.race([forwarding, exited.then(() => false)])) {
        connect(forwardPort, "127.0.0.1").on("error", () => undefined);
        started = Date.now();
      }
    }
    const closedAt = await Promise.race([exited, new Promise<undefined>((resolve) => setTimeout(resolve, limitSeconds * 1000))]);
    ssh.kill();
    if (started === undefined) throw new Error("the ssh connection never started: no shell output, or no forward");
    return closedAt === undefined ? undefined : (closedAt - started) / 1000;
  } finally {
    daemon.kill();
    target.close();
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
