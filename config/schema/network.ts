import { z } from "zod";
import { cidr } from "../../lib/zod-types";

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
    mirrorCidrs: z.array(cidr).default([]).meta({ description: "In-region package and image mirrors, reachable over HTTPS from the bastion. @default - none" }),
  })
  .meta({ description: "Network plan of the region." });
