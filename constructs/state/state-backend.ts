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
  /**
   * Whether the object storage encrypts at rest through the S3 API. Swift's S3 layer answers 501 to the
   * server-side-encryption header unless its encryption middleware is on (swift/common/middleware/s3api), so this is a
   * fact of the provider profile. The state is encrypted client side in any case (state-encryption.ts).
   * @default false
   */
  readonly serverSideEncryption?: boolean;
}

/**
 * Keeps the Terraform state on the provider's own object storage (SecNumCloud 19.2.d: technical data stays with the
 * qualified provider), locked with a lock file so two applies never interleave (OpenTofu ≥ 1.10; Swift ≥ 2.36 for the
 * conditional writes the lock file needs). Credentials (EC2-style keys of the state's project) come from the
 * environment at deploy time, never from here.
 */
export function useS3State(stack: TerraformStack, props: StateBackendProps): S3Backend {
  const backend = new S3Backend(stack, {
    bucket: props.bucket,
    key: props.key,
    region: props.region,
    endpoints: { s3: props.endpoint },
    ...(props.serverSideEncryption ? { encrypt: true } : {}),
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

/** State in a local file, for trying things out only: encrypted like any state, but on one machine and unshared. */
export function useLocalState(stack: TerraformStack, stackName: string): LocalBackend {
  return new LocalBackend(stack, { path: `terraform.${stackName}.tfstate` });
}
