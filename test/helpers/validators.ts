import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
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

/** sshd on a configuration, with a throw-away host key: `-t` checks it, `-T` prints what is in effect, defaults resolved. */
export function sshdTest(config: string, mode: readonly ["-t"] | readonly ["-T"] = ["-t"]): { status: number | null; output: string } {
  const sshd = tool("sshd", "openssh-server");
  const keyFolder = mkdtempSync(join(tmpdir(), "eds-sshd-"));
  const hostKey = join(keyFolder, "host_ed25519");
  spawnSync(tool("ssh-keygen", "openssh-client"), ["-q", "-t", "ed25519", "-N", "", "-f", hostKey]);
  // sshd checks its privilege separation directory even in test mode.
  if (!existsSync("/run/sshd")) mkdirSync("/run/sshd", { recursive: true });
  return validate(sshd, (file) => [...mode, "-f", file, "-h", hostKey], config, "sshd_config");
}

/** ShellCheck on a script run by POSIX sh (dash on Debian), every finding down to style. */
export const shellcheck = (script: string, name = "script.sh"): { status: number | null; output: string } =>
  validate(tool("shellcheck", "shellcheck"), (file) => ["--shell=sh", "--severity=style", file], script, name);
