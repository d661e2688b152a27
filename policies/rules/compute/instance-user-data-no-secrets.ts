import { cite, lineInValue, resourcePolicy } from "../../engine/policy";
import { instanceType } from "../../lib/openstack";
import { commandSecretIn } from "../../lib/command-line";
import { type SecretFound, secretIn, secretText, unreadableText } from "../../lib/secrets";
import { encodedTexts, userDataAsSent } from "../../lib/cloud-init";
import { attributePath, blocks, literalString } from "../../lib/values";

/**
 * A private key the configuration generates and the text interpolates: tls_private_key's private_key_pem,
 * private_key_openssh or private_key_pem_pkcs8, or the private_key of an openstack_compute_keypair_v2 that Nova
 * generates (given no public_key). Known at apply only, it is in the text all the same, as a literal key would be.
 */
const generatedPrivateKey =
  /\$\{[^}]*?\b(tls_private_key\.[\w-]+(?:\[[^\]]*\])?\.private_key_(?:pem|openssh|pem_pkcs8)|openstack_compute_keypair_v2\.[\w-]+(?:\[[^\]]*\])?\.private_key)\b/;

function generatedKeyIn(text: string): SecretFound | undefined {
  const found = generatedPrivateKey.exec(text);
  return found ? { what: "a private key generated at apply", from: found[1], line: text.slice(0, found.index).split("\n").length } : undefined;
}

/** The first secret a text holds, or its commands pass when it is a shell script, in words; with its line in the text. */
function secretInFile(text: string, of: string): { message: string; line: number } | undefined {
  const found = secretIn(text) ?? generatedKeyIn(text) ?? commandSecretIn(text);
  return found && { message: secretText(found, text, of), line: found.line };
}

/**
 * The first secret in a user data's text, or in what it holds encoded (MIME parts in base64, files written from
 * base64); with its line in the text as written, where it is found there.
 */
function secretInUserData(written: string): { message: string; line?: number } | undefined {
  const text = userDataAsSent(written);
  const found = secretInFile(text, "the user data");
  if (found) return text === written ? found : { message: found.message };
  for (const encoded of encodedTexts(text)) {
    const inEncoded = secretInFile(encoded.text, encoded.of);
    if (inEncoded) return { message: inEncoded.message };
  }
  return undefined;
}

/** The provider's SHA-1 of user data, which is what a plan or a state holds of it. */
const keptAsItsHash = /^[0-9a-f]{40}$/;

export default resourcePolicy(
  {
    id: "instance-user-data-no-secrets",
    title: "Instance user data holds no secret",
    description:
      "Flags user_data containing a private key (written out, given to cloud-init's ssh_keys as a host key whatever fills it, or one the configuration generates, tls_private_key's or a keypair's Nova generates, interpolated into it, through a template file's variable too), a cloud-init password, a password/token assignment, a password directive (redis's requirepass and masterauth, keepalived's auth_pass), a chpasswd list or a password piped to chpasswd, or a password a shell script passes on a command line (mysql -pX, redis-cli -a X, --password X), named by its key and line, read as the instance gets it (decoded when written in base64, as are a MIME message's base64 parts and the files a cloud-config writes from base64 or gzip), and the same in files injected into the instance (personality).",
    rationale: "User data is stored in the state and served by the metadata service to any process on the instance; it is not a secret store.",
    remediation: "Fetch secrets at boot from Barbican (or another secret store) instead of writing them into user_data.",
    severity: "critical",
    references: [cite("secnumcloud-3.2", "10.5.c"), cite("secnumcloud-3.2", "10.5.d")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  [instanceType],
  (instance) => {
    const userData = instance.values.user_data;
    // A plan (or a state) holds the SHA-1 of the user data, not the text: the provider keeps no more
    // (terraform-provider-openstack v3.4.0, resource_openstack_compute_instance_v2.go, user_data's StateFunc). Nor
    // does it hold the text of user data it leaves until apply, whose literal parts a configuration shows.
    const unreadable = unreadableText(userData, "the user data", "user_data");
    if (unreadable) return [unreadable];
    if (typeof userData === "string" && keptAsItsHash.test(userData))
      return [{ message: "the plan holds the SHA-1 of the user data, not its text: judge the configuration", path: "user_data", outcome: "cannot-evaluate" }];
    // An interpolation cannot hide a literal secret: what it stands for is supplied at deploy time.
    const found = typeof userData === "string" ? secretInUserData(userData) : undefined;
    return [
      ...(found ? [{ message: `user_data contains ${found.message}`, path: "user_data", ...lineInValue(found.line) }] : []),
      // Files injected into the instance (Nova's personality): stored and served as user data is.
      ...blocks(instance.values.personality).flatMap((file, i) => {
        const content = typeof file.content === "string" ? userDataAsSent(file.content) : undefined;
        const inFile = content === undefined ? undefined : secretInFile(content, "the file");
        return inFile
          ? [
              {
                message: `the file injected at ${literalString(file.file) ?? i} contains ${inFile.message}`,
                path: attributePath("personality", i, "content"),
                ...lineInValue(content === file.content ? inFile.line : undefined),
              },
            ]
          : [];
      }),
    ];
  },
);
