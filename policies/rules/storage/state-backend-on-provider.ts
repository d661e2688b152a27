import { cite, rootModulePolicy } from "../../engine/policy";

export default rootModulePolicy(
  {
    id: "state-backend-on-provider",
    title: "The Terraform state is kept on the qualified provider's object storage, shared and locked",
    description:
      "Flags configurations without a backend (local state), with the local backend, or with a state service outside the provider; the S3 backend of the provider's object storage passes.",
    rationale:
      "The state holds every attribute of every resource: technical data that must stay with the qualified provider, and be shared and locked so two applies never interleave, rather than sit on a laptop.",
    remediation: "Use the S3 backend of the provider's object storage (eds synth does, unless --local-state, which records a visible one-day exception).",
    severity: "high",
    references: [cite("secnumcloud-3.2", "19.2.d"), cite("secnumcloud-3.2", "17.5.a")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  (configuration) => {
    const { backend } = configuration;
    if (backend === "unknown") return [{ message: "the input does not record the backend", address: "terraform.backend", outcome: "cannot-evaluate" }];
    if (backend === undefined)
      return [{ message: "no backend is declared: the state stays in a local file on the machine that applies", address: "terraform.backend" }];
    const address = `terraform.backend.${backend.type}`;
    switch (backend.type) {
      case "s3":
        return [];
      case "local":
        return [{ message: "the local backend keeps the state on the machine that applies, unshared and unlocked", address }];
      case "remote":
      case "cloud":
        return [{ message: `the ${backend.type} backend keeps the state with a service outside the qualified provider`, address }];
      default:
        return [{ message: `whether a ${backend.type} backend stays with the qualified provider cannot be checked`, address, outcome: "cannot-evaluate" }];
    }
  },
);
