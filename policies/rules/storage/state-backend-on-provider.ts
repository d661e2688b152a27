import { hostOf } from "../../../lib/hosts";
import { cite, rootModulePolicy, type Violation } from "../../engine/policy";
import type { PolicySettings } from "../../settings";
import { block, literalBool, literalString } from "../../lib/values";

/**
 * Where an S3 backend sends the state: its `endpoints.s3` (Terraform 1.6+) or the older `endpoint`; without either,
 * Amazon S3 (developer.hashicorp.com/terraform/language/backend/s3, "endpoints").
 */
function s3Endpoint(values: Readonly<Record<string, unknown>>): { readonly endpoint: unknown; readonly path: string } {
  const endpoints = block(values.endpoints);
  return endpoints?.s3 === undefined && values.endpoint !== undefined
    ? { endpoint: values.endpoint, path: "endpoint" }
    : { endpoint: endpoints?.s3, path: "endpoints.s3" };
}

/**
 * Backends that keep the state in one cloud's own storage service, which is never an OpenStack provider's object
 * storage (developer.hashicorp.com/terraform/language/backend: gcs, azurerm, oss, cos, oci).
 */
const otherCloudsStorage: Readonly<Record<string, string>> = {
  gcs: "Google Cloud Storage",
  azurerm: "Azure Blob Storage",
  oss: "Alibaba Cloud OSS",
  cos: "Tencent Cloud COS",
  oci: "Oracle Cloud Object Storage",
};

export default rootModulePolicy(
  {
    id: "state-backend-on-provider",
    title: "The Terraform state is kept on the qualified provider's object storage, shared and locked",
    description:
      "Flags configurations without a backend (local state), with the local backend, with a state service outside the provider or another cloud's storage (gcs, azurerm, oss, cos, oci), or with an S3 backend whose endpoint is none (Amazon S3) or not one of the qualified provider's object storage hosts, that works in a region outside the qualified ones, or takes no lock.",
    rationale:
      "The state holds every attribute of every resource: technical data that must stay with the qualified provider, and be shared and locked so two applies never interleave, rather than sit on a laptop.",
    remediation:
      "Use the S3 backend of the provider's object storage, with its endpoint, a qualified region and use_lockfile (eds synth does, unless --local-state, which records a visible one-day exception).",
    severity: "high",
    references: [cite("secnumcloud-3.2", "19.2.d")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  (configuration, { settings }) => {
    const { backend } = configuration;
    if (backend === "unknown") return [{ message: "the input does not record the backend", address: "terraform.backend", outcome: "cannot-evaluate" }];
    if (backend === undefined)
      return [{ message: "no backend is declared: the state stays in a local file on the machine that applies", address: "terraform.backend" }];
    const address = `terraform.backend.${backend.type}`;
    switch (backend.type) {
      case "s3":
        return s3Violations(backend.values, settings, address);
      case "local":
        return [{ message: "the local backend keeps the state on the machine that applies, unshared and unlocked", address }];
      case "remote":
      case "cloud":
        return [{ message: `the ${backend.type} backend keeps the state with a service outside the qualified provider`, address }];
      default:
        if (Object.hasOwn(otherCloudsStorage, backend.type))
          return [
            {
              message: `the ${backend.type} backend keeps the state in ${otherCloudsStorage[backend.type]}, another cloud's storage, not the qualified provider's object storage`,
              address,
            },
          ];
        return [
          { message: `whether the ${backend.type} backend keeps the state with the qualified provider cannot be checked`, address, outcome: "cannot-evaluate" },
        ];
    }
  },
);

/** Where the endpoint leads, judged against the qualified provider's object storage hosts, at the argument that writes it. */
function endpointViolations({ endpoint, path }: ReturnType<typeof s3Endpoint>, hosts: readonly string[], address: string): Violation[] {
  if (endpoint === undefined)
    return [{ message: "the S3 backend names no endpoint: the state goes to Amazon S3, outside the qualified provider", address, path }];
  const written = literalString(endpoint);
  if (written === undefined) return [{ message: "the S3 backend's endpoint is not known before apply", address, path, outcome: "cannot-evaluate" }];
  if (hosts.length === 0)
    return [
      {
        message: `the S3 backend sends the state to ${written}, and no object storage host of the qualified provider is declared in the settings (objectStorageHosts) to judge it by`,
        address,
        path,
        outcome: "cannot-evaluate",
      },
    ];
  const host = hostOf(written);
  return host !== undefined && hosts.includes(host)
    ? []
    : [
        {
          message: `the S3 backend sends the state to ${host ?? written}, not to the qualified provider's object storage (${hosts.join(", ")})`,
          address,
          path,
        },
      ];
}

function s3Violations(values: Readonly<Record<string, unknown>>, settings: PolicySettings, address: string): Violation[] {
  const { qualifiedRegions, objectStorageHosts } = settings;
  // A partial configuration (developer.hashicorp.com/terraform/language/backend#partial-configuration): the rest comes
  // with `terraform init -backend-config`, which the configuration does not hold.
  if (values.bucket === undefined || values.key === undefined)
    return [
      {
        message: "the S3 backend is completed at init (-backend-config): where the state goes is not in the configuration",
        address,
        outcome: "cannot-evaluate",
      },
    ];
  const violations: Violation[] = endpointViolations(s3Endpoint(values), objectStorageHosts, address);
  const region = literalString(values.region);
  if (region !== undefined && qualifiedRegions.length > 0 && !qualifiedRegions.includes(region))
    violations.push({
      message: `the S3 backend works in region ${region}, not among the qualified regions ${qualifiedRegions.join(", ")}`,
      address,
      path: "region",
    });
  // S3 native locking (use_lockfile, Terraform 1.10+); a DynamoDB table is a lock with Amazon's service.
  if (literalBool(values.use_lockfile) !== true)
    violations.push({
      message:
        values.dynamodb_table === undefined
          ? "the S3 backend takes no lock (use_lockfile): two applies may interleave and corrupt the state"
          : "the S3 backend locks in a DynamoDB table, Amazon's service, not the provider's storage (use_lockfile)",
      address,
      path: "use_lockfile",
    });
  return violations;
}
