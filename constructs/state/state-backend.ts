import { LocalBackend, S3Backend, type TerraformStack } from "cdktf";

export interface StateBackendProps {
  /** Bucket on the provider's S3-compatible object storage; it must exist before the first `terraform init`. */
  readonly bucket: string;
  /** Object key of this stack's state, such as nouvelle-aquitaine/foundation.tfstate. */
  readonly key: string;
  /** S3 endpoint of the provider's object storage. */
  readonly endpoint: string;
  /** OpenStack region, passed as the S3 region. */
  readonly region: string;
}

/**
 * Keeps the Terraform state on the provider's own object storage (SecNumCloud 19.2.d: technical data stays with the
 * qualified provider), encrypted server side and locked with a lock file so two applies never interleave.
 * Credentials (EC2-style keys of the OpenStack project) come from the environment at deploy time, never from here.
 * Lock files need Terraform ≥ 1.10 or OpenTofu ≥ 1.10.
 */
export function useEncryptedS3State(stack: TerraformStack, props: StateBackendProps): S3Backend {
  const backend = new S3Backend(stack, {
    bucket: props.bucket,
    key: props.key,
    region: props.region,
    endpoints: { s3: props.endpoint },
    encrypt: true,
    usePathStyle: true,
    skipCredentialsValidation: true,
    skipRegionValidation: true,
    skipRequestingAccountId: true,
    skipMetadataApiCheck: true,
    skipS3Checksum: true,
  });
  backend.addOverride("use_lockfile", true);
  return backend;
}

/** State in a local file, for trying things out only: it is neither encrypted nor shared. */
export function useLocalState(stack: TerraformStack, stackName: string): LocalBackend {
  return new LocalBackend(stack, { path: `terraform.${stackName}.tfstate` });
}
