import type { TfResource } from "../engine/model";
import { commandShown, unreadableSaid, userDataAsSent, userDataCommands, userDataFiles } from "./cloud-init";
import { isUnknown, memoized } from "./values";

/** sshd's own configuration and the drop-ins the distributions' one includes (Debian, Ubuntu, Fedora: Include sshd_config.d/*.conf). */
const sshdConfigFile = /^\/etc\/ssh\/sshd_config(?:\.d\/[^/]+\.conf)?$/;

/** OpenSSH's port when no Port is written (servconf.c, fill_default_server_options: SSH_DEFAULT_PORT). */
const defaultPort = 22;

/**
 * A port as OpenSSH's a2port reads it: a decimal from 1 to 65535, or undefined (sshd then refuses to start, so it
 * listens nowhere).
 */
function port(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= 1 && value <= 65535 ? value : undefined;
}

/**
 * The port a ListenAddress names, 0 when it names none (sshd then listens there on every Port): `host:port`,
 * `[address]:port`; a bare IPv6 address (two colons or more, no brackets) names none (servconf.c, sListenAddress).
 */
function listenPort(address: string): number | undefined {
  if (!address.includes("[") && (address.match(/:/g) ?? []).length >= 2) return 0;
  const written = /^(?:\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(address)?.[1];
  return written === undefined ? 0 : port(written);
}

/**
 * Why sshd's ports cannot be read from user data that sets them otherwise than by the files its cloud-config writes: a
 * command (runcmd, bootcmd, a script's line or here-document) that names sshd's configuration and a Port or
 * ListenAddress; undefined where none does.
 */
function changedByACommand(userData: unknown): string | undefined {
  if (typeof userData !== "string") return undefined;
  const command = userDataCommands(userDataAsSent(userData)).find((text) => /\/etc\/ssh\/sshd_config/.test(text) && /\b(?:port|listenaddress)\b/i.test(text));
  return command === undefined ? undefined : `a command of the user data changes sshd's configuration (${commandShown(command)}): its ports are not read here`;
}

/** The TCP ports sshd listens on, or why they cannot be told. */
export type SshdPorts = { readonly ports: readonly number[] } | { readonly unknown: string };

/**
 * The TCP ports an instance's sshd listens on, from the sshd configuration its cloud-config writes (sshd_config, its
 * drop-ins, unless a main file written in their place does not include them): every Port, repeatable; a ListenAddress
 * with a port listens on that one alone (servconf.c, sPort and sListenAddress, keywords in any case, `keyword=value`
 * taken). Without a Port, 22, as with a user data that writes none.
 */
export const sshdPorts = memoized((instance: TfResource): SshdPorts => {
  const changed = changedByACommand(instance.values.user_data);
  if (changed) return { unknown: changed };
  const written = (userDataFiles(instance.values.user_data) ?? []).filter((file) => sshdConfigFile.test(file.path));
  // A main file written in place of the distribution's reads the drop-ins only if it includes them (sshd_config(5), Include).
  const main = written.find((file) => file.path === "/etc/ssh/sshd_config");
  const readsDropIns = main?.content === undefined || /^\s*include\s+\S*sshd_config\.d\//im.test(main.content);
  const files = written.filter((file) => file === main || readsDropIns);
  const ports: number[] = [];
  const listened: number[] = [];
  for (const file of files) {
    if (file.content === undefined) return { unknown: unreadableSaid(file) };
    for (const line of file.content.split("\n")) {
      const [keyword = "", value = ""] = line
        .trim()
        .split(/\s*=\s*|\s+/)
        .filter((token) => token !== "");
      const setting = keyword.toLowerCase();
      if (setting !== "port" && setting !== "listenaddress") continue;
      if (isUnknown(value)) return { unknown: `${file.path} sets ${keyword} ${value}, known only at apply` };
      const read = setting === "port" ? port(value) : listenPort(value);
      if (read !== undefined) (setting === "port" ? ports : listened).push(read);
    }
  }
  const everyPort = ports.length > 0 ? ports : [defaultPort];
  const bound = listened.length === 0 || listened.includes(0) ? everyPort : [];
  return { ports: [...new Set([...bound, ...listened.filter((listenedPort) => listenedPort !== 0)])].sort((a, b) => a - b) };
});
