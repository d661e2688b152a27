import { Construct } from "constructs";
import { ObjectstorageContainerV1 } from "../../.gen/providers/openstack/objectstorage-container-v1/index";
import { declareException } from "../exceptions";

export interface PublicSiteProps {
  readonly namePrefix: string;
}

/** The id of the exception the region approves to publish its transparency site. */
export const publicSiteException = "transparency-site-public";

/**
 * The region's one public container: it serves the transparency site that `eds transparency` writes (descriptions of
 * the databases and projects, the patients' rights, the DCAT-AP catalogue), never data. Anyone may read its objects
 * (`.r:*`), nobody may list it or write to it; Swift's static web middleware serves index.html for a folder
 * (X-Container-Meta-Web-Index). It is public only through an exception to container-private that the code declares
 * here, for this container alone, and that the region approves: any other public container still fails the policy.
 */
export class PublicSite extends Construct {
  readonly container: ObjectstorageContainerV1;

  constructor(scope: Construct, id: string, props: PublicSiteProps) {
    super(scope, id);
    this.container = new ObjectstorageContainerV1(this, "Resource", {
      name: `${props.namePrefix}-transparency`,
      containerRead: ".r:*",
      metadata: { "web-index": "index.html" },
      versioning: true,
      forceDestroy: false,
      lifecycle: { preventDestroy: true },
    });
    declareException(this.container, {
      id: publicSiteException,
      policy: "container-private",
      reason:
        "serves the transparency site (eds transparency) to patients and researchers: public pages and catalogue only, no health data; objects readable, never listed nor writable",
    });
  }
}
