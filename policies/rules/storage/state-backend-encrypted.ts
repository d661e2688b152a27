import { cite, configurationPolicy } from "../../engine/policy";
import { literalBool } from "../../lib/values";

export default configurationPolicy(
  {
    id: "state-backend-encrypted",
    title: "The Terraform state is kept remotely, encrypted, on the qualified provider",
    description: "Flags configurations without a backend (local state), with the local backend, with an S3 backend without encryption, or with a state service outside the provider.",
    rationale: "The state holds every attribute of every resource; it is technical data that must stay with the qualified provider, encrypted, and shared rather than on a laptop.",
    remediation: "Use the S3 backend of the provider's object storage with encrypt = true (eds synth does unless --local-state).",
    severity: "high",
    references: [cite("secnumcloud-3.2", "19.2.d"), cite("secnumcloud-3.2", "10.1.a"), cite("secnumcloud-3.2", "17.5.a")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  (configuration) => {
    const { backend } = configuration;
    if (backend === "unknown") return [];
    if (backend === undefined) return [{ message: "no backend is declared: Terraform keeps the state in a local, unencrypted file", address: "terraform.backend" }];
    const address = `terraform.backend.${backend.type}`;
    switch (backend.type) {
      case "local":
        return [{ message: "the local backend keeps the state in an unencrypted file on the machine that applies", address }];
      case "s3":
        return literalBool(backend.values.encrypt) === true ? [] : [{ message: "the S3 backend does not set encrypt = true", address, path: "encrypt" }];
      case "remote":
      case "cloud":
        return [{ message: `the ${backend.type} backend keeps the state with a service outside the qualified provider`, address }];
      default:
        return [{ message: `the encryption of a ${backend.type} backend cannot be checked`, address, outcome: "cannot-evaluate" }];
    }
  },
);
