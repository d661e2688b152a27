import { looksSecret } from "./kubernetes";
import { holdsLiteralSecret, isObjectName, secretInText } from "./secrets";

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
  for (const word of words(items)) {
    if (word.text === undefined) {
      [client, previous, commandStart] = [undefined, undefined, true];
      continue;
    }
    if (commandStart) {
      client = clientOf(word.text);
      // A wrapper or a variable set for the command (exec, env X=1, sudo) leaves the command to the next word.
      commandStart = wrappers.has(word.text) || /^[A-Za-z_]\w*=/.test(word.text);
    }
    const what =
      (previous !== undefined && takesASecret(previous, word.text) && `a literal secret value after ${previous}`) ||
      (client?.passes(previous, word.text) && `a literal password given to ${client.name} by ${client.option}`);
    if (what && !found.has(word.item)) found.set(word.item, what);
    previous = word.text;
  }
  return [...found].sort(([a], [b]) => a - b).map(([item, what]) => ({ item, what }));
}

/** A word of a command line and the item it is in; a word with no text ends a command (`;`, `&&`, `|`, a new line). */
interface Word {
  readonly text?: string;
  readonly item: number;
}

/** Commands that run the command after them. */
const wrappers = new Set(["exec", "env", "sudo", "nohup", "nice", "time", "command"]);

/**
 * The words of a command line: each item is one, but a shell's script (the item after `-c`, as `sh -c` and `bash -ec`
 * take it, or one of several lines), split as a shell splits words (quotes removed, `\` escapes kept literal) at blanks
 * and at the operators that end a command. What the shell expands (`$X`, `$(...)`, backticks) stays in its word, to be
 * read as a reference.
 */
function words(items: readonly unknown[]): Word[] {
  return items.flatMap((item, i): Word[] => {
    if (typeof item !== "string") return [{ item: i }];
    const before = items[i - 1];
    if (!item.includes("\n") && !(typeof before === "string" && /^-[a-z]*c$/.test(before))) return [{ text: item, item: i }];
    const script = [...item.matchAll(/(?:'[^']*'|"(?:[^"\\]|\\.)*"|\\.|\$\([^)]*\)|[^\s;&|'"\\])+|[;&|\n]+/g)].map(([text]) =>
      /^[;&|\n]+$/.test(text) ? { item: i } : { text: text.replace(/'([^']*)'|"((?:[^"\\]|\\.)*)"|\\(.)/g, "$1$2$3"), item: i },
    );
    return [{ item: i }, ...script, { item: i }];
  });
}

/** A client that takes a password by a short option, and how. */
interface Client {
  readonly name: string;
  readonly option: string;
  /** Whether a word (after the word before it) passes a literal password. */
  readonly passes: (before: string | undefined, word: string) => boolean;
}

/** A password given as written: a literal, and nothing the shell expands. */
const literalPassword = (text: string | undefined): boolean => text !== undefined && text !== "" && !/[$`]/.test(text) && holdsLiteralSecret(text);

/** `-pX`, the password attached to its option, as MySQL's clients read it (a `-p` alone prompts, `-p db` names a database). */
const attached = (option: string) => (_before: string | undefined, word: string) => word.startsWith(option) && literalPassword(word.slice(option.length));

/** `-a X`, the password as the argument after its option. */
const after = (option: string) => (before: string | undefined, word: string) => before === option && !word.startsWith("-") && literalPassword(word);

/**
 * The clients that take a password by a short option, by the names they run under: MySQL's and MariaDB's (`-pX`,
 * dev.mysql.com/doc/refman/8.4/en/connection-options.html), MongoDB's shell and tools (`-p X`, mongodb.com/docs/mongodb-
 * shell/reference/options), Redis's and Valkey's (`-a X`, redis-cli's usage), sshpass (`-p X`), and curl's user option
 * with a password after the colon (`-u user:pw`, curl.se/docs/manpage.html; a user alone prompts).
 */
const clients: readonly { readonly names: RegExp; readonly client: Omit<Client, "name"> }[] = [
  {
    names: /^(?:mysql|mysqladmin|mysqldump|mysqlcheck|mysqlshow|mysqlimport|mariadb(?:-admin|-dump|-check|-show|-import)?)$/,
    client: { option: "-p", passes: attached("-p") },
  },
  {
    names: /^(?:mongo|mongosh|mongodump|mongorestore|mongoexport|mongoimport|mongostat|mongotop|mongofiles)$/,
    client: { option: "-p", passes: after("-p") },
  },
  {
    names: /^(?:redis-cli|valkey-cli|keydb-cli)$/,
    client: { option: "-a", passes: (before, word) => after("-a")(before, word) || after("--pass")(before, word) },
  },
  { names: /^sshpass$/, client: { option: "-p", passes: (before, word) => after("-p")(before, word) || attached("-p")(before, word) } },
  {
    names: /^curl$/,
    client: {
      option: "-u",
      passes: (before, word) => {
        // -u joins other short options (-fsu user:pw) or its argument (-uuser:pw).
        const user = before === "--user" || /^-[A-Za-z]*u$/.test(before ?? "") ? word : /^-u./.test(word) ? word.slice(2) : undefined;
        return user !== undefined && !user.startsWith("-") && user.includes(":") && literalPassword(user.slice(user.indexOf(":") + 1));
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
  if (name === undefined || !looksSecret(name) || !/(?:password|passwd|passphrase|secret|token|key|credentials?|cookie|pass|pwd|masterauth)$/i.test(name))
    return false;
  if (/secrets?$/i.test(name) && isObjectName(item)) return false;
  // A model's special tokens (--pad-token "<pad>", --sep-token "[SEP]") are markers, and a key's URI, ARN or resource
  // name (--encryption-key arn:aws:kms:..., --signing-key awskms:///alias/x, projects/.../cryptoKeys/k) names a key.
  return (
    !item.startsWith("-") && !/^(?:<[^>]*>|\[[^\]]*\])$/.test(item) && !/^(?:[a-z][a-z0-9+.-]*:\/\/|arn:|projects\/)/.test(item) && holdsLiteralSecret(item)
  );
}
