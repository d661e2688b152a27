import type { TerraformStack } from "cdktf";
import { useEncryptedS3State, useLocalState } from "../constructs/state/state-backend";
import type { RegionConfig } from "../config/resolve";

/**
 * Where one of a region's stacks keeps its state: `<region>/<part>.tfstate` in the region's bucket on the provider's
 * object storage, or a local file with --local-state.
 */
export function useRegionState(stack: TerraformStack, config: RegionConfig, part: "foundation" | "platform", localState: boolean): void {
  if (localState) {
    useLocalState(stack, `${config.id}-${part}`);
    return;
  }
  useEncryptedS3State(stack, {
    bucket: config.state.bucket,
    key: `${config.id}/${part}.tfstate`,
    endpoint: config.provider.objectStorage.s3Endpoint,
    region: config.provider.region,
  });
}
