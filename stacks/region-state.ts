import type { TerraformStack } from "cdktf";
import { useLocalState, useS3State } from "../constructs/state/state-backend";
import { encryptState } from "../constructs/state/state-encryption";
import type { RegionConfig } from "../config/resolve";

/**
 * Where one of a region's stacks keeps its state, always encrypted client side: `<region>/<part>.tfstate` in the
 * region's state container on the provider's object storage, or a local file with --local-state.
 */
export function useRegionState(stack: TerraformStack, config: RegionConfig, part: "foundation" | "platform", localState: boolean): void {
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
