import * as z from "zod";
import { cidr, hostname, httpsUrl, isoDate, name, port, positiveInt } from "../../lib/zod-types";
import { projectTransparency } from "./transparency";
import { airlockLimits } from "../../constructs/platform/airlock-limits";

const { maxApprovals } = airlockLimits;

/** An image reference pinned by digest; tags move, digests do not (SecNumCloud 12.10-12.11). */
export const pinnedImage = z.string().regex(/^[a-z0-9.-]+(:\d+)?\/[a-z0-9._/-]+@sha256:[0-9a-f]{64}$/, {
  error: "expected an image from the region's registry pinned by digest, such as registry.region.example.fr/eds/tool@sha256:<64 hex digits>",
});

const groupName = z.string().regex(/^[A-Za-z0-9._:-]+$/, { error: "expected an identity-provider group name" });

/**
 * The Kubernetes layer of the region (the platform stack). Without this section only the foundation is synthesized.
 */
export const platform = z
  .strictObject({
    domain: hostname.meta({ description: "DNS domain of the region's services; workspaces are published under it." }),
    identity: z
      .strictObject({
        oidcIssuer: httpsUrl.meta({ description: "OIDC issuer of the region's identity provider." }),
        issuerCidr: cidr.meta({ description: "Addresses of the identity provider, which the API servers reach for its signing keys." }),
        clientId: z.string().min(1).default("kubernetes").meta({ description: "OIDC client id of the Kubernetes API in the identity provider." }),
        adminGroup: groupName.meta({ description: "Group of the platform operators (bound to a limited operator role, never cluster-admin)." }),
        deployersGroup: groupName.meta({
          description:
            "Group of those who apply the platform stack (people and CI), bound to cluster-admin from the cluster's first start: the platform installs CRDs, admission webhooks and roles.",
        }),
        groupsPrefix: z.string().default("oidc:").meta({ description: "Prefix the API server adds to OIDC group names." }),
      })
      .meta({ description: "Identity provider: people are bound to its groups, never as individuals." }),
    charts: z
      .string()
      .regex(/^oci:\/\/[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)+$/, {
        error: "expected the OCI repository of the region's mirrored charts, such as oci://registry.region.example.fr/charts",
      })
      .meta({ description: "OCI repository in the region's registry where the components' charts are mirrored (nothing is pulled from the Internet)." }),
    images: z
      .strictObject({
        traefik: pinnedImage,
        oauth2Proxy: pinnedImage,
        certManagerController: pinnedImage,
        certManagerWebhook: pinnedImage,
        certManagerCainjector: pinnedImage,
        cloudnativePg: pinnedImage,
        postgres: pinnedImage.meta({ description: "PostgreSQL image of the warehouse (CloudNativePG's operand image), also used by the extract jobs." }),
        velero: pinnedImage,
        veleroOpenstackPlugin: pinnedImage,
        kubectl: pinnedImage.meta({ description: "kubectl with a POSIX shell (sh, date, tr): the daily job that stops the workspaces of expired projects." }),
        openstackCloudControllerManager: pinnedImage.optional().meta({ description: "Needed when the cluster is built from instances (no Magnum)." }),
        cinderCsiPlugin: pinnedImage.optional().meta({ description: "Needed when the cluster is built from instances (no Magnum)." }),
        cinderCsiSidecars: z
          .strictObject({
            attacher: pinnedImage,
            provisioner: pinnedImage,
            snapshotter: pinnedImage,
            resizer: pinnedImage,
            livenessprobe: pinnedImage,
            nodeDriverRegistrar: pinnedImage,
          })
          .optional()
          .meta({
            description:
              "The Kubernetes CSI sidecars the Cinder CSI driver runs beside its plugin (registry.k8s.io/sig-storage: csi-attacher, csi-provisioner, csi-snapshotter, csi-resizer, livenessprobe, csi-node-driver-registrar), at the versions its chart names. Needed when the cluster is built from instances (no Magnum).",
          }),
      })
      .meta({ description: "Images of the well-known components, mirrored in the region's registry and pinned by digest." }),
    dataTier: z
      .strictObject({
        instances: z.number().int().min(2, { error: "expected at least 2 instances: the warehouse must survive the loss of a node" }).default(3),
        storageGiB: positiveInt.default(500).meta({ description: "Storage of each instance, on the encrypted storage class." }),
        archiveDays: positiveInt.default(90).meta({ description: "Days an expired project's extract is kept (nobody can log in) before it is dropped." }),
      })
      .prefault({})
      .meta({ description: "The warehouse (PostgreSQL, CloudNativePG)." }),
  })
  .meta({ description: "Platform stack: Kubernetes layer, pseudonymisation, workspaces, airlock." });

export const pseudonymisation = z
  .strictObject({
    image: pinnedImage,
    replicas: z.number().int().min(2, { error: "expected at least 2 replicas: the service must survive the loss of a node" }).default(2),
    optOutList: z
      .strictObject({
        container: name.default("opt-out"),
        object: name.default("objectors.csv"),
      })
      .prefault({})
      .meta({ description: "Where the list of patients who objected is kept (a private container of the region); objectors never get a pseudonym." }),
  })
  .meta({ description: "Keyed pseudonymisation service. Required with platform." });

export const airlock = z
  .strictObject({
    image: pinnedImage,
    requiredApprovals: z
      .number()
      .int()
      .min(2, { error: "expected at least 2 approvals: one reviewer alone never releases results" })
      .max(maxApprovals, { error: `expected at most ${maxApprovals} approvals: a request holds no more, and more would never release anything` })
      .default(2),
    reviewersGroup: groupName.meta({ description: "Identity-provider group of the output reviewers." }),
  })
  .meta({ description: "Airlock: the only path by which results leave a workspace, after review. Required with platform." });

export const logStore = z
  .strictObject({
    host: hostname.meta({
      description:
        "Host of the region's syslog store (RFC 5424 over TLS). It must accept messages of 8 MiB: an API audit event holds a request and its response, and is shipped whole.",
    }),
    port: port.default(6514),
    cidr: cidr.meta({ description: "Address of the log store, the only destination of the log shipper." }),
    shipperImage: pinnedImage.meta({ description: "Log shipper (DaemonSet) image." }),
    caCertificate: z
      .string()
      .regex(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+\n-----END CERTIFICATE-----\n?$/, {
        error: "expected one PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)",
      })
      .optional()
      .meta({
        description:
          "Certificate (PEM) of the authority that signs the log store's certificate, when it is the region's own: the hosts and the log shipper verify the store against it. @default - the public authorities the images trust",
      }),
  })
  .meta({ description: "Central log store, reached over TLS. Required with platform." });

const legalBasis = z
  .strictObject({
    kind: z
      .enum(["cnil-authorization", "mr-004"])
      .meta({ description: "CNIL authorization, or a declaration of conformity to a reference methodology (MR-004)." }),
    reference: name.meta({ description: "CNIL decision number or MR-004 declaration reference." }),
    ethicsOpinion: z
      .strictObject({
        committee: name.meta({ description: "Ethics or scientific committee (CSE) that gave its opinion." }),
        reference: name,
        date: isoDate,
      })
      .meta({ description: "Opinion of the ethics or scientific committee." }),
  })
  .meta({ description: "Legal basis of the research: without it the project is refused." });

const tool = z.strictObject({
  kind: z.enum(["jupyterlab", "rstudio"]),
  image: pinnedImage,
});

/** One approved research project: it gets its own workspace until its authorization expires. */
export const project = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, { error: "expected a lower-case id of letters, digits and hyphens" })
    .max(40),
  title: name,
  purpose: name,
  principalInvestigator: name,
  membersGroup: groupName.meta({ description: "Identity-provider group of the people named in the authorization." }),
  legalBasis,
  dataCategories: z.array(name).min(1),
  start: isoDate,
  expiry: isoDate.meta({ description: "End of the authorization: after it, the workspace is no longer synthesized." }),
  resources: z
    .strictObject({
      cpu: z
        .string()
        .regex(/^\d+(m)?$/, { error: "expected a CPU quantity such as 4 or 500m" })
        .default("4"),
      memory: z
        .string()
        .regex(/^\d+(Mi|Gi)$/, { error: "expected a memory quantity such as 16Gi" })
        .default("16Gi"),
      storageGiB: positiveInt.default(50),
    })
    .prefault({}),
  tools: z.array(tool).min(1, { error: "expected at least one tool (jupyterlab or rstudio)" }),
  ...projectTransparency,
});

export type ProjectInput = z.input<typeof project>;
