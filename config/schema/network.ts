import * as z from "zod";
import { cidr, httpsUrl, name } from "../../lib/zod-types";

/** A service of the region the nodes and the bastion reach over HTTPS: its URL and the addresses it answers on. */
const endpoint = z.strictObject({
  url: httpsUrl.meta({ description: "Where the service answers, such as https://mirror.region.example.fr/debian." }),
  cidr: cidr.meta({ description: "Addresses of the service, for the security-group egress rule that lets the nodes reach it." }),
});

/**
 * The region's address plan. Each subnet separates one kind of flow (SecNumCloud 13.2.a, ANSSI PA-022 R15):
 * administration, DMZ, Kubernetes nodes and data services.
 *
 * CAUTION: changing a CIDR replaces the subnet and everything attached to it.
 */
export const networkPlan = z
  .strictObject({
    range: cidr.meta({ description: "The region's whole address range; every subnet lies inside it and no other region overlaps it." }),
    subnets: z
      .strictObject({
        admin: cidr.meta({ description: "Administration: the bastion." }),
        dmz: cidr.meta({ description: "DMZ: the ingress load balancer." }),
        nodes: cidr.meta({ description: "Kubernetes nodes and the private API load balancer." }),
        data: cidr.meta({ description: "Data services (databases, storage gateways)." }),
      })
      .meta({ description: "One CIDR per subnet, inside `range`, none overlapping." }),
    adminCidrs: z
      .array(cidr)
      .min(1, { error: "expected at least one administration CIDR allowed to reach the bastion" })
      .meta({ description: "Source CIDRs of the administrators' networks, the only sources allowed to reach the bastion over SSH." }),
    mirrors: z
      .array(endpoint.extend({ name: name.meta({ description: "What the mirror serves, such as debian, debian-security (required beside debian) or rke2." }) }))
      .default([])
      .meta({ description: "In-region mirrors of packages and release artifacts, the only software sources of the bastion and the nodes. @default - none" }),
    proxy: endpoint
      .optional()
      .meta({ description: "In-region HTTPS proxy for the few destinations outside the region that the nodes may reach. @default - none" }),
  })
  .meta({ description: "Network plan of the region." });
