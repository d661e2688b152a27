import { looksSecret } from "./kubernetes";
import { holdsLiteralSecret, isObjectName, literalParts, type SecretFound, secretInText } from "./secrets";

/** A literal secret a command line passes: the item (an argument as written) that holds it, and what it is. */
export interface CommandLineSecret {
  readonly item: number;
  readonly what: string;
}

/**
 * The literal secrets a command line passes (a container's command and args, a probe's or a hook's exec command), one
 * per item: a text the secret scanner finds one in (`--db-url=postgres://app:pw@db`, `PGPASSWORD=pw psql`), a
 * literal after an option named like a secret (`--password pw`), and a password given to a client by the short
 * option it reads (clientOptions), as a process reads its arguments; an item that runs a shell script (`sh -c "..."`)
 * is read word by word. What a command line holds is visible to whoever reads the pod spec or the node's processes.
 */
export function commandLineSecrets(items: readonly unknown[]): CommandLineSecret[] {
  const found = new Map<number, string>();
  items.forEach((item, i) => {
    const what = typeof item === "string" ? secretInText(item, "the argument") : undefined;
    if (what) found.set(i, what);
  });
  let client: Client | undefined;
  let previous: string | undefined;
  let commandStart = true;
  let inSubcommand = false;
  for (const word of words(items)) {
    if (word.text === undefined) {
      [client, previous, commandStart, inSubcommand] = [undefined, undefined, true, false];
      continue;
    }
    if (!commandStart && client?.subcommand === word.text) inSubcommand = true;
    if (commandStart) {
      client = clientOf(word.text);
      // A wrapper, its options and numbers (timeout 5), a shell's keyword (then, do) or a variable set for the command
      // (env X=1) leave the command to the next word.
      commandStart = wrappers.has(word.text) || /^(?:-|\d)/.test(word.text) || /^[A-Za-z_]\w*=/.test(word.text);
    }
    // MySQL's clients prompt for a password after --password alone (the word after it names a database).
    const promptsAfter = client?.prompts === previous;
    const what =
      (previous !== undefined && !promptsAfter && !word.expands && takesASecret(previous, word.text) && `a literal secret value after ${previous}`) ||
      (client &&
        (client.subcommand === undefined || inSubcommand) &&
        client.passes(previous, word) &&
        `a literal password given to ${client.name} by ${client.option}`);
    if (what && !found.has(word.item)) found.set(word.item, what);
    previous = word.text;
  }
  return [...found].sort(([a], [b]) => a - b).map(([item, what]) => ({ item, what }));
}

/** A script a shell runs, by its first line (`#!/bin/bash`, `#!/usr/bin/env sh`). */
const shellScript = /^#![ \t]*\S*?\b(?:env[ \t]+(?:-\S+[ \t]+)*)?(?:sh|bash|ash|dash|zsh|ksh|mksh)\b/;

/**
 * The first literal secret the commands of a shell script pass (commandLineSecrets: `mysql -pX`, `redis-cli -a X`,
 * `--password X`), read command line by command line (a line ending with `\` continued on the next), with the line its
 * command starts on; none in another text.
 */
export function commandSecretIn(script: string): SecretFound | undefined {
  if (!shellScript.test(script)) return undefined;
  const lines = literalParts(script).split("\n");
  for (let start = 0, end = 0; start < lines.length; start = end) {
    let command = "";
    do command += `${lines[end]!.replace(/\\\r?$/, " ")}`;
    while (/\\\r?$/.test(lines[end++]!) && end < lines.length);
    const [found] = commandLineSecrets([`${command}\n`]);
    if (found) return { what: found.what, line: start + 1 };
    end = afterHereDocument(command, lines, end);
  }
  return undefined;
}

/**
 * Where the commands resume after a command line that opens a here-document (`cat > /etc/motd <<'EOF'`): after the line
 * that closes it (its word alone, tabs before it stripped for `<<-`), whose body is text the command reads, not commands
 * (a help text's `--password yourpass`); at once when a shell or ssh reads it as commands, or when it opens none.
 */
function afterHereDocument(command: string, lines: readonly string[], next: number): number {
  const opened = /(?<!<)<<(-?)[ \t]*(["']?)([A-Za-z_][\w-]*)\2/.exec(command);
  if (!opened || command.split(/[\s|;&()]+/).some((word) => shells.test(word) || word === "ssh")) return next;
  const [, stripTabs, , word] = opened;
  const close = lines.findIndex((line, i) => i >= next && (stripTabs ? line.replace(/^\t+/, "") : line).replace(/\r$/, "") === word);
  return close < 0 ? lines.length : close + 1;
}

/**
 * A word of a command line, the item it is in, and whether the shell expands something in it (a `$` or a backtick out
 * of single quotes); a word with no text ends a command (`;`, `&&`, `|`, a new line).
 */
interface Word {
  readonly text?: string;
  readonly item: number;
  readonly expands?: boolean;
}

/** Commands and shell keywords that run the command after them. */
const wrappers = new Set([
  ...["exec", "env", "sudo", "nohup", "nice", "time", "command", "timeout", "xargs", "tini", "dumb-init", "gosu", "su-exec"],
  ...["if", "then", "else", "elif", "do", "while", "until", "!", "{", "("],
]);

/** The shells that run the script given after `-c`. */
const shells = /^(?:sh|bash|ash|dash|zsh|ksh|mksh)$/;

/**
 * The words of a command line: each item is one, but a shell's script (the item after a shell's `-c`, alone or among
 * its other flags as in `bash -ec`, or an item of several lines), split as a shell splits words (quotes removed, `\`
 * escapes kept literal) at blanks and at the operators that end a command. What the shell expands (`$X`, `$(...)`,
 * backticks) stays in its word, to be read as a reference.
 */
function words(items: readonly unknown[]): Word[] {
  return items.flatMap((item, i): Word[] => {
    if (typeof item !== "string") return [{ item: i }];
    // No shell reads an argument: the kubelet expands $(VAR) alone, and leaves any other $ as written (a command
    // substitution written there is no password either).
    if (!item.includes("\n") && !runsAsScript(items, i)) return [{ text: item, item: i, expands: item.includes("$(") }];
    return scriptWords(item, i);
  });
}

/** A script's words as the shell splits them (quotes removed, `\` escapes kept literal); an operator that ends a command (`;`, `&&`, `|`, a new line) is a word with no text. */
function splitWords(script: string): { readonly text?: string; readonly expands?: boolean }[] {
  return [...script.matchAll(/(?:'[^']*'|"(?:[^"\\]|\\.)*"|\\.|\$\([^)]*\)|[^\s;&|'"\\])+|[;&|\n]+/g)].map(([text]) =>
    /^[;&|\n]+$/.test(text) ? {} : { text: text.replace(/'([^']*)'|"((?:[^"\\]|\\.)*)"|\\(.)/g, "$1$2$3"), expands: /[$`]/.test(text.replace(/'[^']*'/g, "")) },
  );
}

/** A flag of a command line: its name without dashes, its value (`true` for a flag alone), and whether the shell expands it. */
export interface CommandLineFlag {
  readonly name: string;
  readonly value: string;
  readonly expands: boolean;
}

/**
 * The flags among a command's words, in order, as Go's flag parsers read them (spf13/pflag, urfave/cli): `--name=value`,
 * `--name value`, or `--name` alone before another flag or at the end (a boolean); a short name read as its long one
 * where `aliases` names it. Words that are not flags (and not a flag's value) are left out.
 */
export function commandLineFlags(
  words: readonly { readonly text: string; readonly expands: boolean }[],
  aliases: Readonly<Record<string, string>> = {},
): CommandLineFlag[] {
  const flags: CommandLineFlag[] = [];
  for (let i = 0; i < words.length; i++) {
    const { text, expands } = words[i]!;
    if (!text.startsWith("-")) continue;
    const written = text.replace(/^--?/, "");
    const equals = written.indexOf("=");
    const name = equals >= 0 ? written.slice(0, equals) : written;
    const flag = aliases[name] ?? name;
    const next = words[i + 1];
    if (equals >= 0) flags.push({ name: flag, value: written.slice(equals + 1), expands });
    else if (next && !next.text.startsWith("-")) {
      flags.push({ name: flag, value: next.text, expands: next.expands });
      i++;
    } else flags.push({ name: flag, value: "true", expands: false });
  }
  return flags;
}

/** The words of the first command of a script (splitWords), each with whether the shell expands something in it. */
export function firstCommandWords(script: string): { readonly text: string; readonly expands: boolean }[] {
  const words = splitWords(script);
  const end = words.findIndex((word) => word.text === undefined);
  return words.slice(0, end < 0 ? words.length : end).map((word) => ({ text: word.text!, expands: word.expands ?? false }));
}

/**
 * A script's words, as a command of their own each command it substitutes (`$(...)` or backticks, outside single quotes,
 * where the shell runs them: POSIX Shell Command Language, 2.6.3 Command Substitution).
 */
function scriptWords(script: string, item: number): Word[] {
  const split = splitWords(script).map((word): Word => ({ ...word, item }));
  const substituted = [...script.replace(/'[^']*'/g, "").matchAll(/\$\(([^)]*)\)|`([^`]*)`/g)].flatMap(([, body, quoted]) =>
    scriptWords(body ?? quoted!, item),
  );
  return [{ item }, ...split, { item }, ...substituted];
}

/**
 * Whether the item at `i` is the script a shell runs: after `-c` (or a flag cluster holding c), itself after a shell and
 * its options (an option's argument included: `bash -o pipefail -c`), or after a user's name given to su or runuser,
 * which run it with that user's shell (`su postgres -c`).
 */
function runsAsScript(items: readonly unknown[], i: number): boolean {
  const flag = items[i - 1];
  if (typeof flag !== "string" || !/^-[a-zA-Z]*c[a-zA-Z]*$/.test(flag)) return false;
  const name = (j: number) => (typeof items[j] === "string" ? (items[j] as string).slice((items[j] as string).lastIndexOf("/") + 1) : undefined);
  for (let j = i - 2; j >= 0; j--) {
    const word = items[j];
    if (typeof word !== "string") return false;
    if (word.startsWith("-") || /^[-+][oO]$/.test(String(items[j - 1]))) continue;
    return shells.test(name(j)!) || runsAsUser.test(name(j)!) || runsAsUser.test(name(j - 1) ?? "");
  }
  return false;
}

/** Commands that run `-c`'s script with a user's shell. */
const runsAsUser = /^(?:su|runuser)$/;

/** A client that takes a password by a short option, and how. */
interface Client {
  readonly name: string;
  readonly option: string;
  /** Whether a word (after the word before it) passes a literal password. */
  readonly passes: (before: string | undefined, word: Word) => boolean;
  /** The option after which the client prompts for the password rather than reading the next word. */
  readonly prompts?: string;
  /** The subcommand the option belongs to (`login`), before which the option means something else (`docker run -p`). */
  readonly subcommand?: string;
}

/** A password given as written: a literal, and nothing the shell expands. */
const literalPassword = (text: string | undefined, word: Word): boolean => text !== undefined && text !== "" && !word.expands && holdsLiteralSecret(text);

/** `-pX`, the password attached to its option, as MySQL's clients read it (a `-p` alone prompts, `-p db` names a database). */
const attached = (option: string) => (_before: string | undefined, word: Word) =>
  word.text!.startsWith(option) && literalPassword(word.text!.slice(option.length), word);

/** `-a X`, the password as the argument after its option. */
const after =
  (...options: string[]) =>
  (before: string | undefined, word: Word) =>
    options.includes(before ?? "") && !word.text!.startsWith("-") && literalPassword(word.text, word);

/**
 * The clients that take a password by a short option, by the names they run under: MySQL's and MariaDB's (`-pX`,
 * dev.mysql.com/doc/refman/8.4/en/connection-options.html), MongoDB's shell and tools (`-p X`, mongodb.com/docs/mongodb-
 * shell/reference/options), Redis's and Valkey's (`-a X`, redis-cli's usage), sshpass (`-p X`), and curl's user option
 * with a password after the colon (`-u user:pw`, `--user=user:pw`, curl.se/docs/manpage.html; a user alone prompts),
 * and a registry login's (`docker login -p X`).
 */
const clients: readonly { readonly names: RegExp; readonly client: Omit<Client, "name"> }[] = [
  {
    names: /^(?:mysql|mysqladmin|mysqldump|mysqlcheck|mysqlshow|mysqlimport|mariadb(?:-admin|-dump|-check|-show|-import)?)$/,
    client: { option: "-p", passes: attached("-p"), prompts: "--password" },
  },
  {
    names: /^(?:mongo|mongosh|mongodump|mongorestore|mongoexport|mongoimport|mongostat|mongotop|mongofiles)$/,
    client: { option: "-p", passes: after("-p") },
  },
  { names: /^(?:redis-cli|valkey-cli|keydb-cli)$/, client: { option: "-a", passes: after("-a", "--pass") } },
  // A registry login's password (docker login -p, docs.docker.com/reference/cli/docker/login; podman, nerdctl,
  // skopeo and helm registry login alike), where `-p` of another subcommand publishes a port (docker run -p 80:80).
  { names: /^(?:docker|podman|nerdctl|skopeo|helm)$/, client: { option: "-p", passes: after("-p"), subcommand: "login" } },
  { names: /^sshpass$/, client: { option: "-p", passes: (before, word) => after("-p")(before, word) || attached("-p")(before, word) } },
  {
    names: /^curl$/,
    client: {
      option: "-u",
      passes: (before, word) => {
        const text = word.text!;
        // -u joins other short options (-fsu user:pw) or its argument (-uuser:pw); --user takes it after = too.
        const user =
          before === "--user" || /^-[A-Za-z]*u$/.test(before ?? "")
            ? text
            : /^-u./.test(text)
              ? text.slice(2)
              : text.startsWith("--user=")
                ? text.slice("--user=".length)
                : undefined;
        return user !== undefined && !user.startsWith("-") && user.includes(":") && literalPassword(user.slice(user.indexOf(":") + 1), word);
      },
    },
  },
];

/** The client a word runs, by its name or its path's last part. */
function clientOf(text: string): Client | undefined {
  const name = text.slice(text.lastIndexOf("/") + 1);
  const known = clients.find(({ names }) => names.test(name));
  return known && { name, ...known.client };
}

/**
 * Whether an option and the argument after it pass a literal secret: an option that ends with a secret's name
 * (--password, --db-password, --api-key, --token; not --enable-secret-rotation or --no-password, which take no value),
 * followed by a literal that is no path (--private-key /etc/tls/key), switch, reference, option, or a Secret's name
 * after a --secret.
 */
function takesASecret(option: string, item: string): boolean {
  const name = /^-{1,2}(?!no-)([\w.][\w.-]*)$/.exec(option)?.[1];
  if (
    name === undefined ||
    !looksSecret(name) ||
    !/(?:password|passwd|passphrase|secret|token|root[-_]token[-_]id|key|credentials?|cookie|pass|pwd|masterauth)$/i.test(name)
  )
    return false;
  if (/secrets?$/i.test(name) && isObjectName(item)) return false;
  // A model's special tokens (--pad-token "<pad>", --sep-token "[SEP]") are markers, and a key's URI, ARN or resource
  // name (--encryption-key arn:aws:kms:..., --signing-key awskms:///alias/x, projects/.../cryptoKeys/k) names a key.
  return (
    !item.startsWith("-") && !/^(?:<[^>]*>|\[[^\]]*\])$/.test(item) && !/^(?:[a-z][a-z0-9+.-]*:\/\/|arn:|projects\/)/.test(item) && holdsLiteralSecret(item)
  );
}

/**
 * Whether a value of ANSIBLE_HOST_KEY_CHECKING is false, which Ansible reads as a boolean (convert_bool.py,
 * BOOLEANS_FALSE: n, no, off, false, f, 0, in any case) and turns into `-o StrictHostKeyChecking=no` for every host
 * (ansible-core plugins/connection/ssh.py, host_key_checking).
 */
export const turnsOffAnsibleHostKeyChecking = (value: string): boolean => /^["']?(?:n|no|off|false|f|0)["']?$/i.test(value);

/** A shell word that sets ANSIBLE_HOST_KEY_CHECKING (`ANSIBLE_HOST_KEY_CHECKING=False ansible-playbook ...`). */
const ansibleHostKeyChecking = /^ANSIBLE_HOST_KEY_CHECKING=/i;

/**
 * The first option of a shell script that turns off the check of the server a client connects to, in words: curl's
 * `-k` (`--insecure`), wget's `--no-check-certificate`, kubectl's and helm's `--insecure-skip-tls-verify`
 * (`--kube-insecure-skip-tls-verify`), ssh's `StrictHostKeyChecking=no` or `UserKnownHostsFile=/dev/null` wherever
 * a word holds them (`rsync -e "ssh -o StrictHostKeyChecking=no"`), and Ansible's ANSIBLE_HOST_KEY_CHECKING set false.
 * Undefined where it turns none off.
 */
export function uncheckedServerIn(script: string): string | undefined {
  let command: string | undefined;
  for (const { text } of scriptWords(script, 0)) {
    if (text === undefined) {
      command = undefined;
      continue;
    }
    if (/StrictHostKeyChecking[= ]+(?:no|off)\b|UserKnownHostsFile[= ]+\/dev\/null\b/i.test(text))
      return "ssh options that accept any host key (StrictHostKeyChecking=no, UserKnownHostsFile=/dev/null)";
    if (/^--(?:kube-)?insecure-skip-tls-verify(?:=true)?$/.test(text)) return `${text}, which accepts any certificate`;
    if (ansibleHostKeyChecking.test(text) && turnsOffAnsibleHostKeyChecking(text.replace(ansibleHostKeyChecking, "")))
      return `${text}, with which Ansible's SSH accepts any host key`;
    const name = text.slice(text.lastIndexOf("/") + 1);
    if (command === undefined) {
      command = wrappers.has(name) || /^[A-Za-z_]\w*=/.test(text) ? undefined : name;
      continue;
    }
    if (command === "curl" && (text === "--insecure" || /^-[a-zA-Z]*k[a-zA-Z]*$/.test(text))) return `curl ${text}, which accepts any certificate`;
    if (command === "wget" && text === "--no-check-certificate") return "wget --no-check-certificate, which accepts any certificate";
  }
  return undefined;
}
