import { cite, resourcePolicy } from "../../engine/policy";
import { withV1 } from "../../lib/kubernetes";
import type { TfResource } from "../../engine/model";
import { isLiteralSecret, secretIn } from "../../lib/secrets";
import { holdsManifestsOrOverlays } from "../../lib/ytt";
import { block, decodedBase64, isUnknown, keyPath, literalString } from "../../lib/values";

/**
 * Keys of Secrets of known types that hold no credential (Kubernetes documentation, "Secrets", types of Secret): a TLS
 * Secret's certificate and its authority's, which are public; a basic authentication Secret's user name, which names
 * whom its password signs in; a service account token Secret's cluster authority and namespace, which the token
 * controller writes beside the token; the settings of an Argo CD repository, repository
 * credentials or cluster Secret beside its credentials (argo-cd util/db/repository_secrets.go secretToRepository and
 * secretToRepoCred, util/db/cluster.go secretToCluster, and the declarative setup's cluster Secrets: password,
 * sshPrivateKey, tlsClientCertKey, githubAppPrivateKey, gcpServiceAccountKey, bearerToken and a cluster's config are the
 * credentials; a user name identifies).
 */
const publicKeysByType: Readonly<Record<string, ReadonlySet<string>>> = {
  "kubernetes.io/tls": new Set(["tls.crt", "ca.crt"]),
  "kubernetes.io/basic-auth": new Set(["username"]),
  "kubernetes.io/service-account-token": new Set(["ca.crt", "namespace"]),
};
const argoCdSettings = new Set([
  "name",
  "url",
  "type",
  "project",
  "username",
  "proxy",
  "noProxy",
  "tlsClientCertData",
  "githubAppID",
  "githubAppInstallationID",
  "githubAppEnterpriseBaseUrl",
  "insecure",
  "insecureIgnoreHostKey",
  "enableLfs",
  "enableOCI",
  "forceHttpBasicAuth",
  "useAzureWorkloadIdentity",
]);
const argoCdClusterSettings = new Set(["name", "server", "namespaces", "clusterResources", "project", "shard"]);
const argoCdSecretTypes: Readonly<Record<string, ReadonlySet<string>>> = {
  repository: argoCdSettings,
  "repo-creds": argoCdSettings,
  "repository-write": argoCdSettings,
  "repo-write-creds": argoCdSettings,
  cluster: argoCdClusterSettings,
};

/**
 * A Service Binding's Secret (servicebinding.io/spec/core, its type `servicebinding.io/<type>`, and Spring Cloud
 * Bindings' earlier `service.binding/<type>`): its well-known entries type and provider name what it binds, beside the
 * credentials.
 */
const serviceBinding = /^(?:servicebinding\.io|service\.binding)\//;
const bindingMetadata: ReadonlySet<string> = new Set(["type", "provider"]);

/**
 * A host (a DNS name in lower case ending in a word, or an IPv4 address), with a port or a scheme, or a URL that names
 * only its host: an address no one keeps secret. A URL with a path may hold its credential there (a webhook's), and a
 * JSON Web Token's dotted segments are no DNS name (they hold capitals and end in no word).
 */
const hostOnly = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}|\d{1,3}(?:\.\d{1,3}){3})(?::\d{1,5})?\/?$/;

/**
 * PEM certificates and nothing else (RFC 7468, section 5: the CERTIFICATE label), as an Opaque Secret's CA bundle holds:
 * public, as a TLS Secret's tls.crt is, whatever the Secret's type or the key's name.
 */
const certificatesOnly = /^\s*(?:-----BEGIN CERTIFICATE-----[\sA-Za-z0-9+/=]*-----END CERTIFICATE-----\s*)+$/;

/**
 * Whether a key's value holds no credential: certificates alone, or a key of a Secret of a known type that holds none
 * (publicKeysByType) whose text holds none either (a URL's password). The value may be written as is or in base64.
 */
function holdsNoCredential(secret: TfResource, key: string, value: unknown): boolean {
  if (typeof value !== "string") return false;
  const texts = [value, decodedBase64(value) ?? ""];
  if (texts.some((text) => certificatesOnly.test(text))) return true;
  if (texts.some((text) => hostOnly.test(text))) return true;
  // Manifests or ytt overlays for a tool that reads them from a Secret, with no credential of their own.
  if (texts.some((text) => holdsManifestsOrOverlays(text) && secretIn(text) === undefined)) return true;
  const metadata = block(secret.values.metadata);
  const argoCdType = literalString(block(metadata?.labels)?.["argocd.argoproj.io/secret-type"]);
  const type = literalString(secret.values.type) ?? "";
  const keys = (argoCdType && argoCdSecretTypes[argoCdType]) || publicKeysByType[type] || (serviceBinding.test(type) ? bindingMetadata : undefined);
  return keys?.has(key) === true && texts.every((text) => secretIn(text) === undefined);
}

export default resourcePolicy(
  {
    id: "k8s-secret-no-literal-data",
    title: "No Kubernetes secret carries its value in the code",
    description:
      "Flags every key of a kubernetes_secret's data or binary_data (or their write-only data_wo and binary_data_wo, which the state does not keep but the code does), or of the data a kubernetes_secret_v1_data writes into an existing Secret, written as a literal value rather than an interpolation; the keys that hold no credential in a Secret of a known type (a TLS Secret's certificates, a basic authentication Secret's user name, a service account token Secret's authority and namespace, an Argo CD repository's or cluster's settings beside its credentials, a Service Binding's type and provider) are not flagged unless their text holds one, nor is a key whose value is PEM certificates alone (a CA bundle), a host or a URL that names only its host, or manifests or ytt overlays that hold no credential and no Secret (the overlays Carvel's kapp-controller reads from Secrets), in a Secret of any type.",
    rationale:
      "A literal sits in the synthesized JSON and in the repository that produces it, readable by anyone with access to the code, and cannot be rotated without a commit.",
    remediation: "Generate the value (random_password) or read it from the secret store (Vault, Barbican), and pass it by reference.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "10.5.c"), cite("cis-kubernetes", "5.4.2"), cite("anssi", "PA-022 R34-R38")],
    enforcementLevel: "mandatory",
    onUnknown: "pass",
  },
  // kubernetes_secret_v1_data writes its data into a Secret that exists (resource_kubernetes_secret_v1_data.go).
  [...withV1("kubernetes_secret"), "kubernetes_secret_v1_data"],
  (secret) =>
    // The write-only arguments (provider 2.37+: data_wo, binary_data_wo) keep the value out of the state, not out of the code.
    (["data", "binary_data", "data_wo", "binary_data_wo"] as const).flatMap((field) => {
      const map = secret.values[field];
      if (isUnknown(map)) return [];
      return (
        Object.entries(block(map) ?? {})
          .filter(([key, value]) => isLiteralSecret(value) && !holdsNoCredential(secret, key, value))
          // The path names the field as written (a manifest's stringData is read into its data), so the message does not.
          .map(([key]) => ({ message: `key ${key} holds a literal value (not shown)`, path: keyPath(field, key) }))
      );
    }),
);
