import * as z from "zod";
import { cidr, hostname, httpsUrl, isoDate, name } from "../../lib/zod-types";

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
    magnum: z.enum(["cluster-api", "none"]).default("none").meta({
      description:
        "The Magnum driver the provider runs: cluster-api (vexxhost magnum-cluster-api, the maintained driver), or none: the cluster is then built from instances (RKE2). @default none",
    }),
    octavia: z.boolean().default(true).meta({ description: "Load balancers (openstack_lb_*)." }),
    barbican: z.boolean().default(true).meta({ description: "Key manager (openstack_keymanager_*)." }),
    designate: z.boolean().default(false).meta({ description: "DNS as a service (openstack_dns_*)." }),
    fwaas: z.boolean().default(false).meta({
      description:
        "Neutron firewall groups (FWaaS v2, openstack_fw_*; `openstack extension list --network` lists fwaas_v2). With them, what leaves the nodes subnet is filtered at its router: Magnum's nodes have security groups of Magnum's that let every packet out, and without this filter they reach the Internet (eds flows fails).",
    }),
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
        kubernetes: name.meta({
          description: "Image of the Kubernetes nodes (Glance name): an image of the Cluster API driver for Magnum, Debian or Ubuntu for RKE2.",
        }),
        kubernetesOsDistro: z.enum(["ubuntu", "debian", "flatcar", "rockylinux"]).default("ubuntu").meta({
          description:
            "The os_distro property of the Kubernetes image: Magnum picks its driver by it, and magnum-cluster-api registers ubuntu, debian, flatcar and rockylinux (magnum_cluster_api/driver.py). The image is looked up with this property, so a wrong one fails at plan.",
        }),
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
    apiZone: hostname.optional().meta({
      description:
        "DNS zone of the catalogue's endpoints (openstack catalog list), the names the platform's services resolve through the cluster DNS, which answers no other name outside the region. @default - the authUrl's host without its first label",
    }),
    dnsNameservers: z
      .array(z.ipv4({ error: "expected an IPv4 address" }))
      .default([])
      .meta({ description: "Resolvers handed to the subnets. @default - the provider's DHCP default" }),
    ntpServers: z
      .array(z.ipv4({ error: "expected an IPv4 address" }))
      .default([])
      .meta({ description: "Time servers of the provider (SecNumCloud 12.8). @default - none" }),
    apiEndpoints: z
      .strictObject({
        identity: cidr.meta({ description: "Addresses of the Keystone API (the authUrl), reached by the bastion and the services that authenticate." }),
        objectStorage: cidr.meta({ description: "Addresses of the object storage (Swift/S3) API, reached for the state, backups and the airlock." }),
        keyManager: cidr.meta({ description: "Addresses of the key manager (Barbican) API, reached by the pseudonymisation service." }),
        otherApis: cidr.meta({
          description: "Addresses of the other OpenStack APIs (compute, network, block storage, load balancer, Magnum), reached by OpenTofu from the bastion.",
        }),
      })
      .meta({ description: "Where the provider's APIs answer, for the security-group and network-policy rules that let the region reach them." }),
    services,
    qualification: z.strictObject({ secNumCloud, hds }),
  })
  .meta({ description: "Provider profile: the OpenStack cloud and its qualification evidence." });

export type ProviderProfileInput = z.input<typeof providerProfile>;
