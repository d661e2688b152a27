import * as z from "zod";
import { bastionDefaults } from "../../constructs/bastion/defaults";
import { kubernetesDefaults } from "../../constructs/kubernetes/defaults";
import { name, positiveInt } from "../../lib/zod-types";

const sshPublicKey = z.string().regex(/^(ssh-ed25519|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|ssh-rsa) [A-Za-z0-9+/=]+( .*)?$/, {
  error: "expected an OpenSSH public key line such as 'ssh-ed25519 AAAA... admin@example.fr'",
});

const reservedLogins = ["root", "admin", "debian", "ubuntu", "daemon", "bin", "sys", "nobody", "sshd", "etcd"];

/** One administrator: an account of their own on the bastion (and the Kubernetes nodes built from instances). */
const administrator = z.strictObject({
  login: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,30}$/, { error: "expected a login of lower-case letters, digits and hyphens, such as jdupont" })
    .refine((login) => !reservedLogins.includes(login), { error: `expected a personal login, not a system one (${reservedLogins.join(", ")})` }),
  sshPublicKeys: z
    .array(sshPublicKey)
    .min(1, { error: "expected at least one SSH public key: the bastion accepts keys only" })
    .meta({ description: "The administrator's public keys; password login is disabled." }),
});

/** The only SSH entry point of the region (ANSSI PA-022 R9-R26). */
export const bastion = z
  .strictObject({
    administrators: z
      .array(administrator)
      .min(1, { error: "expected at least one administrator" })
      .meta({ description: "One account per administrator, so every session and every sudo is traced to a person (ANSSI PA-022 R27-R30)." }),
    flavor: name.optional().meta({ description: "@default - provider.flavors.bastion" }),
    image: name.optional().meta({ description: "@default - provider.images.bastion" }),
    volumeSizeGiB: positiveInt.default(bastionDefaults.volumeSizeGiB).meta({ description: "Size of the encrypted boot volume." }),
  })
  .meta({ description: "Bastion host." });

const nodeGroup = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, { error: "expected a lower-case name" }),
  count: positiveInt,
  flavor: name.optional().meta({ description: "@default - provider.flavors.kubernetesNode" }),
  role: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/)
    .optional()
    .meta({ description: "Magnum node-group role, used for scheduling. @default - the group name" }),
});

/** Managed Kubernetes (Magnum) cluster. */
export const kubernetes = z
  .strictObject({
    version: z
      .string()
      .regex(/^v1\.\d+\.\d+$/, { error: "expected a Kubernetes version such as v1.35.5" })
      .default(kubernetesDefaults.version)
      .meta({ description: "Kubernetes version; its minor must be in upstream support on the day of synthesis (policy kubernetes-version-supported)." }),
    rke2Revision: z
      .string()
      .regex(/^rke2r\d+$/, { error: "expected an RKE2 revision such as rke2r1" })
      .default(kubernetesDefaults.rke2Revision)
      .meta({ description: "RKE2 release of the version, for clusters built from instances (the artifacts v<version>+<revision> on the rke2 mirror)." }),
    controlPlane: z
      .strictObject({
        count: z
          .union([z.literal(1), z.literal(3), z.literal(5)], { error: "expected 1, 3 or 5 control-plane members (an odd etcd quorum)" })
          .default(kubernetesDefaults.controlPlaneCount),
        flavor: name.optional().meta({ description: "@default - provider.flavors.kubernetesControlPlane" }),
      })
      .prefault({}),
    nodeGroups: z
      .array(nodeGroup)
      .min(1)
      .default([{ name: kubernetesDefaults.nodeGroupName, count: kubernetesDefaults.nodeCount }])
      .meta({ description: "Worker node groups. The first is the cluster's default group." }),
    nodeVolumeSizeGiB: positiveInt
      .default(kubernetesDefaults.nodeVolumeSizeGiB)
      .meta({ description: "Container storage per node, on the encrypted volume type." }),
  })
  .prefault({})
  .meta({ description: "Kubernetes cluster." });
