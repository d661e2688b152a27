import { cite, rootModulePolicy, type Violation } from "../../engine/policy";
import { block, blocks, isUnknown, literalBool } from "../../lib/values";

/** `method.aes_gcm.x` written as a bare traversal (JSON) or an interpolation (`${method.aes_gcm.x}`). */
const referenceOf = (value: unknown): string | undefined => (typeof value === "string" ? value.replace(/^\$\{(.*)\}$/, "$1") : undefined);

/**
 * The arguments of OpenTofu's key providers that hold a secret, which must not be written in the configuration
 * (internal/encryption/keyprovider/<type>/config.go; the types of default_registry.go). Google's `credentials` is a
 * file's path or its JSON content: only the content is a secret. A dotted name is an argument of a nested block.
 */
const secretArguments: Readonly<Record<string, readonly string[]>> = {
  pbkdf2: ["passphrase"],
  openbao: ["token"],
  aws_kms: ["secret_key", "token", "assume_role_with_web_identity.web_identity_token"],
  gcp_kms: ["credentials", "access_token"],
  azure_vault: ["client_secret", "client_certificate", "client_certificate_password", "oidc_token", "oidc_request_token"],
};
const isPath = (argument: string, secret: string): boolean => argument === "credentials" && !secret.trimStart().startsWith("{");

export default rootModulePolicy(
  {
    id: "state-encrypted-client-side",
    title: "The state and plans are encrypted client side, enforced, with a key kept out of the code",
    description:
      "Checks OpenTofu's terraform.encryption block: a state and a plan target, both enforced, using an encryption method other than `unencrypted` (also as fallback), whose key provider takes its secret (a passphrase, a token, a KMS credential) from outside the configuration.",
    rationale:
      "The state holds every attribute of every resource, and the OpenStack provider writes a cluster-admin client certificate with its private key into it on every read of a Magnum cluster: encrypted at rest by the object store is not enough, since whoever reads the container reads the keys.",
    remediation:
      "Add an OpenTofu encryption block (eds synth does): key_provider pbkdf2 with the passphrase from a sensitive variable, or openbao; method aes_gcm; state and plan with enforced = true.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "10.1.a"), cite("secnumcloud-3.2", "10.5.c"), cite("hds-2", "EXI 05")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  (configuration) => {
    const { encryption } = configuration;
    const address = "terraform.encryption";
    if (encryption === "unknown") return [{ message: "the input does not record the state encryption", address, outcome: "cannot-evaluate" }];
    if (encryption === undefined)
      return [
        {
          message: "the state is not encrypted client side (no OpenTofu encryption block): whoever reads the state container reads every secret in it",
          address,
        },
      ];
    const violations: Violation[] = [];
    const methods = new Map<string, string>();
    for (const [type, byName] of Object.entries(block(encryption.method) ?? {}))
      for (const name of Object.keys(block(byName) ?? {})) methods.set(`method.${type}.${name}`, type);
    for (const target of ["state", "plan"] as const) {
      const settings = block(encryption[target]);
      if (!settings) {
        violations.push({
          message: `no ${target} target: ${target === "state" ? "the state" : "saved plans"} would be written in plaintext`,
          address,
          path: target,
        });
        continue;
      }
      const method = referenceOf(settings.method);
      const type = method ? methods.get(method) : undefined;
      if (!type || type === "unencrypted")
        violations.push({
          message:
            type === "unencrypted"
              ? `the ${target} target's method ${method} is unencrypted: ${target === "state" ? "the state" : "saved plans"} would be written in plaintext`
              : `the ${target} target's method ${method ?? "(none)"} is not a declared encryption method`,
          address,
          path: `${target}.method`,
        });
      if (literalBool(settings.enforced) !== true)
        violations.push({
          message: `the ${target} target is not enforced: a missing key would write plaintext instead of failing`,
          address,
          path: `${target}.enforced`,
        });
      for (const fallback of blocks(settings.fallback)) {
        if (methods.get(referenceOf(fallback.method) ?? "") === "unencrypted")
          violations.push({ message: `the ${target} target falls back to unencrypted (a migration left in place)`, address, path: `${target}.fallback` });
      }
    }
    for (const [type, byName] of Object.entries(block(encryption.key_provider) ?? {}))
      for (const [name, body] of Object.entries(block(byName) ?? {}))
        for (const argument of secretArguments[type] ?? []) {
          const secret = argument.split(".").reduce<unknown>((at, name) => block(at)?.[name], body);
          if (typeof secret === "string" && !isUnknown(secret) && !isPath(argument, secret))
            violations.push({
              message: `key provider ${type}.${name} has its ${argument} written in the configuration (in the block, or in a variable's default, a local or a .tfvars file it reads)`,
              address,
              path: `key_provider.${type}.${name}.${argument}`,
            });
        }
    return violations;
  },
);
