import { cite, resourcePolicy } from "../../engine/policy";
import { credentialRead } from "../../lib/credential-attributes";
import { referencesReadByAny } from "../../lib/values";

/**
 * Where the local provider writes a file on the machine that applies (hashicorp/local: local_file and
 * local_sensitive_file; the second keeps the content out of the plan's output, not off the disk).
 */
const fileTypes = ["local_file", "local_sensitive_file"];
const contentArguments = ["content", "sensitive_content", "content_base64"];

export default resourcePolicy(
  {
    id: "no-credentials-in-local-files",
    title: "No credential is written to a file on the machine that applies",
    description:
      "Flags local_file and local_sensitive_file resources whose content reads a credential: an attribute the OpenStack provider's schema marks sensitive (a Magnum cluster's kubeconfig, a keypair's private_key, an application credential's secret), a private key tls_private_key generates, random_password's result, or another provider's credential: the administrator's kubeconfig RKE writes, a Talos cluster's kubeconfig, talosconfig, machine configuration or machine secrets.",
    rationale:
      "The file lies in clear on the disk of whatever applies (a laptop, a CI runner), outside the encrypted state and the key manager, for anyone who reads that disk or commits the folder; a cluster's kubeconfig there is its administrator's certificate.",
    remediation:
      "Read the credential where it is needed (the Kubernetes provider configured from the cluster's outputs, an SSH key from the key manager), or fetch it on demand (openstack coe cluster config) rather than writing it to a file.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "10.5.c"), cite("anssi", "PA-022 R34-R38", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  fileTypes,
  (file) =>
    contentArguments.flatMap((argument) => {
      const content = file.values[argument];
      const read = typeof content === "string" ? [...new Set(referencesReadByAny(content, true).flatMap((reference) => credentialRead(reference) ?? []))] : [];
      return read.length === 0
        ? []
        : [
            {
              message: `the file ${argument === "content_base64" ? "decodes" : "holds"} ${read.join(", ")}, written in clear on the machine that applies`,
              path: argument,
            },
          ];
    }),
);
