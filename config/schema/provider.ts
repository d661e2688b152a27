import { z } from "zod";
import { httpsUrl, isoDate, name } from "../../lib/zod-types";

const secNumCloud = z
  .strictObject({
    offer: name.meta({ description: "Commercial name of the qualified offer, as on ANSSI's list of qualified services." }),
    reference: name.meta({ description: "Qualification reference (visa de sécurité) of the offer." }),
    validUntil: isoDate.meta({ description: "End of validity of the qualification. Synthesis refuses a past date." }),
  })
  .meta({ description: "SecNumCloud 3.2 qualification of the offer (SecNumCloud Annex 2 b-c)." });

const hds = z
  .strictObject({
    certificate: name.meta({ description: "HDS certificate number of the host." }),
    activities: z
      .array(z.number().int().min(1).max(6), { error: "expected a list of HDS activities, numbers 1 to 6" })
      .min(1)
      .default([1, 2, 3, 4, 5, 6])
      .meta({ description: "HDS activities (CSP art. R.1111-9) the certificate covers." }),
    validUntil: isoDate.meta({ description: "End of validity of the certificate. Synthesis refuses a past date." }),
  })
  .meta({ description: "HDS v2 certificate of the host (HDS EXI 12, 14, 17)." });

const services = z
  .strictObject({
    magnum: z.boolean().default(true).meta({ description: "Managed Kubernetes (openstack_containerinfra_*)." }),
    octavia: z.boolean().default(true).meta({ description: "Load balancers (openstack_lb_*)." }),
    barbican: z.boolean().default(true).meta({ description: "Key manager (openstack_keymanager_*)." }),
    designate: z.boolean().default(false).meta({ description: "DNS as a service (openstack_dns_*)." }),
  })
  .prefault({})
  .meta({ description: "OpenStack services the provider offers in this region." });

/**
 * The cloud the region runs on: its API, what it offers, and the evidence that it is qualified.
 * The qualification evidence is data, so policies can refuse an offer whose qualification has lapsed.
 */
export const providerProfile = z
  .strictObject({
    name: name.meta({ description: "Name of the provider profile, such as example-scn-openstack." }),
    authUrl: httpsUrl.meta({
      description: "Keystone v3 endpoint. Credentials are never written here: use OS_CLOUD or application credentials at deploy time.",
    }),
    region: name.meta({ description: "OpenStack region name. Must be one of qualifiedRegions." }),
    qualifiedRegions: z
      .array(name)
      .min(1)
      .optional()
      .meta({ description: "Regions of the provider covered by the qualification and the certificate. @default - only `region`" }),
    externalNetwork: name.meta({ description: "Name of the external (public) network used by the router and the floating IPs." }),
    flavors: z
      .strictObject({
        bastion: name,
        kubernetesControlPlane: name,
        kubernetesNode: name,
      })
      .meta({ description: "Flavor names, by role." }),
    images: z
      .strictObject({
        bastion: name.meta({ description: "Hardened Linux image for the bastion (Glance name)." }),
        kubernetes: name.meta({ description: "Image for the Kubernetes nodes, as Magnum expects (Glance name)." }),
      })
      .meta({ description: "Image names, by role." }),
    encryptedVolumeTypes: z
      .array(name)
      .min(1, { error: "expected at least one encrypted volume type: every volume must be encrypted" })
      .meta({ description: "Cinder volume types the provider encrypts (LUKS, keys in Barbican). The first is the default." }),
    objectStorage: z
      .strictObject({
        s3Endpoint: httpsUrl.meta({ description: "S3-compatible endpoint of the object storage, for the Terraform state backend." }),
        serverSideEncryption: z.boolean().default(false).meta({
          description:
            "Whether the object storage encrypts at rest through its S3 API (Swift's encryption middleware on). Without it Swift answers 501 to the S3 encryption header, so the backend does not send it; the state is encrypted client side anyway.",
        }),
      })
      .meta({ description: "Object storage of the provider." }),
    dnsNameservers: z
      .array(z.ipv4({ error: "expected an IPv4 address" }))
      .default([])
      .meta({ description: "Resolvers handed to the subnets. @default - the provider's DHCP default" }),
    ntpServers: z
      .array(z.ipv4({ error: "expected an IPv4 address" }))
      .default([])
      .meta({ description: "Time servers of the provider (SecNumCloud 12.8). @default - none" }),
    services,
    qualification: z.strictObject({ secNumCloud, hds }),
  })
  .meta({ description: "Provider profile: the OpenStack cloud and its qualification evidence." });

export type ProviderProfileInput = z.input<typeof providerProfile>;
