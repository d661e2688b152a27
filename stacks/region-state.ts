import type { TerraformStack } from "cdktf";
import { useLocalState, useS3State } from "../constructs/state/state-backend";
import { encryptState } from "../constructs/state/state-encryption";
import type { RegionConfig } from "../config/resolve";

/**
 * The engine each stack needs: OpenTofu's client-side state encryption (1.7; a key from a variable, 1.8) and the S3
 * backend's lock file (1.10). OpenTofu checks it against its own version before anything else
 * (opentofu.org/docs/language/settings), so a deployer with an older engine is stopped at init, not half-way.
 */
const requiredEngineVersion = ">= 1.10.0";

/**
 * Where one of a region's stacks keeps its state, always encrypted client side: `<region>/<part>.tfstate` in the
 * region's state container on the provider's object storage, or a local file with --local-state.
 */
export function useRegionState(stack: TerraformStack, config: RegionConfig, part: "foundation" | "platform", localState: boolean): void {
  stack.addOverride("terraform.required_version", requiredEngineVersion);
  encryptState(stack, config.state.encryption);
  if (localState) {
    useLocalState(stack, `${config.id}-${part}`);
    return;
  }
  useS3State(stack, {
    bucket: config.state.bucket,
    key: `${config.id}/${part}.tfstate`,
    endpoint: config.provider.objectStorage.s3Endpoint,
    region: config.provider.region,
    serverSideEncryption: config.provider.objectStorage.serverSideEncryption,
  });
}
