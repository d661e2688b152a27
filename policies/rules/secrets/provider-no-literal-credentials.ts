import { cite, configurationPolicy } from "../../engine/policy";
import { literalSecretPaths } from "../../lib/secrets";
import { providerAddress } from "../../engine/model";

export default configurationPolicy(
  {
    id: "provider-no-literal-credentials",
    title: "Provider blocks hold no credential",
    description:
      "Flags provider blocks (OpenStack, Kubernetes, Helm or any other) with a literal password, token, application-credential secret or client key, at any depth (the Helm provider's kubernetes and registries blocks), read by the last words of each argument's name (Cloudflare's api_token, OVH's application_secret).",
    rationale:
      "Credentials written in the configuration are readable by anyone with the repository or the synthesized JSON; they belong in the deployer's environment (OS_CLOUD, clouds.yaml, application credentials).",
    remediation: "Remove the credential from the provider block and pass it at deploy time through the environment.",
    severity: "critical",
    references: [cite("secnumcloud-3.2", "10.5.c"), cite("anssi", "PA-022 R34-R38")],
    enforcementLevel: "mandatory",
    onUnknown: "pass",
  },
  (configuration) =>
    configuration.providers.flatMap((provider) =>
      // Read by word: a provider names its own credentials (Cloudflare's api_token, OVH's application_secret), where a
      // resource's are the schema's argument names.
      literalSecretPaths(provider.values, { byWord: true }).map((path) => ({
        // The value is the one evaluated: the block may read it from a variable's default, a local or a .tfvars file.
        message: `the ${provider.name} provider block's ${path} is a literal written in the configuration (in the block, or in the variable's default, local or .tfvars file it reads)`,
        address: providerAddress(provider),
        path,
      })),
    ),
);
