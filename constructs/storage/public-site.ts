import { Construct } from "constructs";
import { ObjectstorageContainerV1 } from "../../.gen/providers/openstack/objectstorage-container-v1/index";
import { ObjectstorageObjectV1 } from "../../.gen/providers/openstack/objectstorage-object-v1/index";
import { terraformLiteral } from "../../lib/terraform-literal";
import { declareException } from "../exceptions";

export interface PublicSiteProps {
  readonly namePrefix: string;
  /**
   * The site's files by path (what `eds transparency` builds for the region), published as the container's objects:
   * the apply that changes a project's public summary publishes it. None: an empty container.
   */
  readonly files?: ReadonlyMap<string, string>;
}

/** Content types Swift serves the site's files with (by extension). */
const contentTypes: Readonly<Record<string, string>> = {
  html: "text/html; charset=utf-8",
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  jsonld: "application/ld+json",
};

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
  readonly objects: readonly ObjectstorageObjectV1[];

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
    this.objects = [...(props.files ?? [])].map(
      ([path, content]) =>
        // The region's id stays out of the construct id: twin regions get the same addresses (eds diff).
        new ObjectstorageObjectV1(this, `Object-${path.split(props.namePrefix).join("region")}`, {
          containerName: this.container.name,
          name: path,
          // The scripts hold JavaScript template literals: Terraform must pass their `${` as written.
          content: terraformLiteral(content),
          contentType: contentTypes[path.slice(path.lastIndexOf(".") + 1)] ?? "application/octet-stream",
        }),
    );
  }
}
