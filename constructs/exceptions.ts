import { TerraformResource } from "cdktf";
import type { IConstruct } from "constructs";

/**
 * An exception to a policy that a construct needs by design (the log shipper reads the nodes' log folder, say),
 * declared by the construct beside the resource, with its reason. It takes effect only when the region's environment
 * file approves it by id (approver and expiry): the region decides, the code explains, and no file names a resource
 * address.
 */
export interface DeclaredException {
  /** Stable id the environment's approval names, such as log-shipper-node-logs. */
  readonly id: string;
  readonly policy: string;
  readonly reason: string;
}

const metadataType = "eds-regional/exception";

export function declareException(resource: TerraformResource, exception: DeclaredException): void {
  resource.node.addMetadata(metadataType, exception, { stackTrace: false });
}

/** Every exception declared under `scope`, with the Terraform address of its resource. */
export function declaredExceptions(scope: IConstruct): (DeclaredException & { readonly address: string })[] {
  return scope.node
    .findAll()
    .flatMap((construct) =>
      construct instanceof TerraformResource
        ? construct.node.metadata
            .filter((entry) => entry.type === metadataType)
            .map((entry) => ({ ...(entry.data as DeclaredException), address: `${construct.terraformResourceType}.${construct.friendlyUniqueId}` }))
        : [],
    );
}
