import { cite, lineInValue, notKnownOf, resourcePolicy } from "../../engine/policy";
import { instanceType, metadataServiceUnreachable } from "../../lib/openstack";
import { commandSecretIn } from "../../lib/command-line";
import { credentialIn } from "../../lib/credential-attributes";
import { literalParts, type SecretFound, secretIn, secretText, secretWords, unreadableText } from "../../lib/secrets";
import { userDataFiles, encodedTexts, userDataAsSent } from "../../lib/cloud-init";
import { templateWorlds } from "../../lib/template-worlds";
import { attributePath, blocks, isUnknown, knownAfterApply, literalString, referencesRead } from "../../lib/values";

const lineAt = (text: string, index: number): number => text.slice(0, index).split("\n").length;

/** A key that names a secret (DB_PASSWORD, --token, api_key), but not where one is kept: a file, a path, a name. */
const secretKey = String.raw`[\w.-]*(?:${secretWords})(?![\w.-]*(?:file|path|dir|name|ref|url|uri|length|size|ttl)\b)[\w.-]*`;

/**
 * A password or token given an interpolation: assigned (`DB_PASSWORD=${var.db_password}`, `password: ${local.pw}`),
 * passed as an option (`kubeadm init --token ${random_string.join.result}`), or the text of an XML element named for
 * one (`<password>${var.admin_password}</password>`).
 */
const interpolatedSecret = new RegExp(
  String.raw`(?:(${secretKey})["']?[ \t]*[=:][ \t]*|(?:^|\s)(--?${secretKey})[ \t]+|<([\w.-]*(?:${secretWords}))(?:\s[^<>]*)?>[ \t]*)["']?\$\{([^{}]*)\}`,
  "gi",
);

/**
 * A value the random provider generates that its schema does not mark sensitive, random_string's and random_uuid's
 * result, random_id's hex, decimal and base64 forms (hashicorp/terraform-provider-random, resource_string.go,
 * resource_uuid.go, resource_id.go): no secret of itself, but one where a password or token takes it (a K3s cluster
 * token from a random_uuid).
 */
const generatedString = /\b(?:random_(?:string|uuid)\.[\w-]+(?:\[[^\]]*\])?\.result|random_id\.[\w-]+(?:\[[^\]]*\])?\.(?:hex|dec|b64_url|b64_std|id))\b/;

/** Whether a text reads a value from the configuration (a reference, or what a plan leaves known after apply), not a shell's own. */
const readsAValue = (text: string): boolean => text === knownAfterApply || (referencesRead(text)?.length ?? 0) > 0;

/**
 * The first password or token the text gives a value from the configuration, a Terraform expression (a shell's own
 * `${DB_PASSWORD}` reads no reference): generated at apply (generatedString), a secret in the text; else a value not
 * known here, which a deployment fills in and the metadata service then serves: the policy cannot tell it is no secret.
 */
function interpolatedSecretIn(text: string): { generated?: SecretFound; unknown?: { key: string; expression: string; line: number } } {
  for (const match of text.matchAll(interpolatedSecret)) {
    const [, assigned, option, element, expression = ""] = match;
    const key = (assigned ?? option ?? element)!;
    const line = lineAt(text, match.index);
    const from = generatedString.exec(expression)?.[0];
    if (from) return { generated: { what: "a token generated at apply", from, key, line } };
    const interpolation = `\${${expression}}`;
    if (readsAValue(interpolation)) return { unknown: { key, expression: interpolation, line } };
  }
  return {};
}

/**
 * What a text holds, said after what holds it (`user_data contains ...`), with its line in the text: the first secret it
 * holds or its commands pass when it is a shell script; else the first password or token it gives a value not known here.
 */
interface Held {
  readonly said: string;
  /** Undefined where it is found in what the text holds encoded. */
  readonly line?: number;
  readonly outcome?: "cannot-evaluate";
}

function heldIn(text: string, of: string): Held | undefined {
  const interpolated = interpolatedSecretIn(text);
  const found = secretIn(text) ?? credentialIn(text) ?? interpolated.generated ?? commandSecretIn(text);
  if (found) return { said: `contains ${secretText(found, text, of)}`, line: found.line };
  const { unknown } = interpolated;
  const where = text.includes("\n") ? ` (line ${unknown?.line} of ${of})` : "";
  return (
    unknown && {
      said: `gives ${unknown.key} ${unknown.expression}${where}, not known here: if it is a secret, the metadata service serves it to any process on the instance`,
      line: unknown.line,
      outcome: "cannot-evaluate",
    }
  );
}

/**
 * A file whose path says it holds a secret, whatever its content looks like: a token or a password (RKE2's and K3s's
 * `server/token` and `agent-token`, a `db_password` file, AWS's `credentials`), or a private key (`.key`, `id_rsa`, or
 * any file of an `.ssh` folder but a public key and the files OpenSSH reads there that hold none: authorized_keys,
 * known_hosts, config, environment, rc; ssh(1), FILES).
 */
const secretFilePath =
  /(?:^|[/_.-])(?:token|password|passwd|secret|api[_-]?key|credentials)(?:\.(?:txt|conf))?$|(?:\.key|\/id_(?:rsa|dsa|ecdsa|ed25519))$|\/\.ssh\/(?!(?:authorized_keys2?|known_hosts2?|config|environment|rc)$)[^/]+(?<!\.pub)$/i;

/** What a key file may hold that is no secret: a public key (PGP's, a repository's signing key; OpenSSH's) or a certificate. */
const publicMaterial =
  /^(?:-----BEGIN (?:PGP PUBLIC KEY BLOCK|PUBLIC KEY|RSA PUBLIC KEY|CERTIFICATE)-----|(?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-nistp\d+|sk-\S+) )/;

/**
 * What a file named for a secret (secretFilePath) is written with, where its text shows nothing of the kind (heldIn):
 * a value generated at apply (generatedString, random_password's, a private key), a literal, or a value not known here;
 * `written` says it of the value (`writes X to the path`).
 */
function heldInSecretFile(path: string, content: string, written: (value: string) => string): Held | undefined {
  const text = content.trim();
  if (!secretFilePath.test(path) || text === "" || publicMaterial.test(text)) return undefined;
  const generated = generatedString.exec(text)?.[0] ?? credentialIn(text)?.from;
  if (generated) return { said: written(`a value generated at apply (${generated})`) };
  if (!readsAValue(text)) return { said: written("a literal value (not shown)") };
  return {
    said: `${written(text)}, not known here: if it is a secret, the metadata service serves it to any process on the instance`,
    outcome: "cannot-evaluate",
  };
}

/**
 * What a user data's text holds (heldIn), or what it holds encoded (MIME parts in base64, files written from base64),
 * or what it writes to a file named for a secret (heldInSecretFile), a secret before a value not known here; with its
 * line in the text as written, where it is found there.
 */
function heldInUserData(written: string): Held | undefined {
  const text = userDataAsSent(written);
  const found = heldIn(text, "the user data");
  const inText = found && (text === written ? found : { ...found, line: undefined });
  if (inText && !inText.outcome) return inText;
  const inEncoded = encodedTexts(text).flatMap((encoded) => {
    const held = heldIn(encoded.text, encoded.of);
    return held ? [{ ...held, line: undefined }] : [];
  });
  const inFiles = (userDataFiles(text) ?? []).flatMap(({ path, content }) => {
    const held = content === undefined ? undefined : heldInSecretFile(path, content, (value) => `writes ${value} to ${path}, a file named for a secret`);
    const at = text === written ? text.indexOf(path) : -1;
    return held ? [{ ...held, ...(at >= 0 ? { line: lineAt(text, at) } : {}) }] : [];
  });
  const apart = [...inEncoded, ...inFiles];
  return apart.find((held) => !held.outcome) ?? inText ?? apart[0];
}

/**
 * What a user data holds (heldInUserData), or, where it holds no secret as far as it is known, the first secret one of
 * its worlds holds (a template's `%{ if }` known only at apply that writes a password in one branch: templateWorlds),
 * in the user data as soon as that branch renders.
 */
function heldInAnyWorld(written: string): Held | undefined {
  const held = heldInUserData(written);
  if (held && !held.outcome) return held;
  for (const world of templateWorlds(written) ?? []) {
    const inWorld = heldInUserData(world);
    if (inWorld && !inWorld.outcome) return { said: `${inWorld.said}, where a condition known only at apply renders it` };
  }
  return held;
}

/** Whether a text has no literal part: one interpolation, or several with nothing between them. */
const wholeNotKnown = (value: unknown): boolean =>
  isUnknown(value) &&
  literalParts(value as string)
    .replaceAll("${}", "")
    .trim() === "";

/** The provider's SHA-1 of user data, which is what a plan or a state holds of it. */
const keptAsItsHash = /^[0-9a-f]{40}$/;

export default resourcePolicy(
  {
    id: "instance-user-data-no-secrets",
    title: "Instance user data holds no secret",
    description:
      "Flags user_data containing a private key (written out, given to cloud-init's ssh_keys as a host key whatever fills it, or one the configuration generates, tls_private_key's or a keypair's Nova generates, interpolated into it, through a template file's variable too), a password random_password generates interpolated into it, a credential another provider marks sensitive (a Talos machine configuration, which holds its cluster's CA keys and join token, or the cluster's secrets), a string random_string, random_uuid or random_id generates given to a password or a token (DB_PASSWORD=, --token), a cloud-init password, a password/token assignment or XML element, a password directive (redis's requirepass and masterauth, keepalived's auth_pass), a chpasswd list or a password piped to chpasswd, or a password a shell script passes on a command line (mysql -pX, redis-cli -a X, --password X), named by its key and line, read as the instance gets it, in either branch of a template's directive whose condition is known only at apply (decoded when written in base64, as are a MIME message's base64 parts and the files a cloud-config writes from base64 or gzip), and the same in files injected into the instance (personality); a file written or injected at a path named for a secret (RKE2's server/token, an agent-token, credentials, a .key or id_rsa, any file of an .ssh folder but a public key and OpenSSH's authorized_keys, known_hosts, config, environment and rc; but not a public key or a certificate) with a literal, or with a value generated at apply. A password or a token given a value the configuration does not know (a variable given no value, or a sensitive one given at deploy time), a file named for a secret written with one, or user data none of which is known here (given whole by a variable, read from a data source or from a file that is not there), is not evaluable: whatever fills it is served by the metadata service; unless the instance takes its user data from a config drive and cannot reach the metadata service (each port in groups that delete Neutron's default rules and let no HTTP out to it), where only root on it reads the value, which the state keeps as a hash.",
    rationale: "User data is stored in the state and served by the metadata service to any process on the instance; it is not a secret store.",
    remediation: "Fetch secrets at boot from Barbican (or another secret store) instead of writing them into user_data.",
    severity: "critical",
    references: [cite("secnumcloud-3.2", "10.5.c"), cite("secnumcloud-3.2", "10.5.d")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  [instanceType],
  (instance, { graph }) => {
    const userData = instance.values.user_data;
    // A plan (or a state) holds the SHA-1 of the user data, not the text: the provider keeps no more
    // (terraform-provider-openstack v3.4.0, resource_openstack_compute_instance_v2.go, user_data's StateFunc). Nor
    // does it hold the text of user data it leaves until apply, whose literal parts a configuration shows.
    const unreadable = unreadableText(userData, "the user data", "user_data");
    if (unreadable) return [unreadable];
    if (typeof userData === "string" && keptAsItsHash.test(userData))
      return [{ message: "the plan holds the SHA-1 of the user data, not its text: judge the configuration", path: "user_data", outcome: "cannot-evaluate" }];
    const held = typeof userData === "string" ? heldInAnyWorld(userData) : undefined;
    const finding = (what: string, path: string, { said, outcome }: Held, line: number | undefined) => ({
      message: `${what} ${said}`,
      path,
      ...(outcome ? { outcome } : {}),
      ...lineInValue(line),
    });
    // A value given at deploy time is out of the code and, the user data kept as its hash, out of the state: what is
    // left to judge is who reads it on the instance. From a config drive, with no way to the metadata service, that is
    // root alone, as for any file root writes there.
    const findings = [
      ...(held ? [finding("user_data", "user_data", held, held.line)] : []),
      // None of it known here (`user_data = var.user_data`, a file that is not there): nothing says it holds no secret.
      ...(wholeNotKnown(userData) && (held === undefined || held.outcome)
        ? [{ message: "user_data is not known here", path: "user_data", outcome: "cannot-evaluate" as const, ...notKnownOf(userData as string) }]
        : []),
      // Files injected into the instance (Nova's personality): stored and served as user data is.
      ...blocks(instance.values.personality).flatMap((file, i) => {
        const content = typeof file.content === "string" ? userDataAsSent(file.content) : undefined;
        const path = literalString(file.file);
        const inFile =
          content === undefined
            ? undefined
            : (heldIn(content, "the file") ?? (path ? heldInSecretFile(path, content, (value) => `holds ${value}, and its path names a secret`) : undefined));
        return inFile
          ? [
              finding(
                `the file injected at ${literalString(file.file) ?? i}`,
                attributePath("personality", i, "content"),
                inFile,
                content === file.content ? inFile.line : undefined,
              ),
            ]
          : [];
      }),
    ];
    const servedToRootAlone = findings.some((found) => found.outcome === "cannot-evaluate") && metadataServiceUnreachable(instance, graph);
    return servedToRootAlone ? findings.filter((found) => found.outcome !== "cannot-evaluate") : findings;
  },
);
