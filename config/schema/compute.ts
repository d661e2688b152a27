import { z } from "zod";
import { bastionDefaults } from "../../constructs/bastion/defaults";
import { kubernetesDefaults } from "../../constructs/kubernetes/defaults";
import { name, positiveInt } from "../../lib/zod-types";

const sshPublicKey = z.string().regex(/^(ssh-ed25519|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|ssh-rsa) [A-Za-z0-9+/=]+( .*)?$/, {
  error: "expected an OpenSSH public key line such as 'ssh-ed25519 AAAA... admin@example.fr'",
});

/** The only SSH entry point of the region (ANSSI PA-022 R9-R26). */
export const bastion = z
  .strictObject({
    sshPublicKeys: z
      .array(sshPublicKey)
      .min(1, { error: "expected at least one administrator SSH public key: the bastion accepts keys only" })
      .meta({ description: "Public keys of the administrators; password login is disabled." }),
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
      .regex(/^v1\.\d+\.\d+$/, { error: "expected a Kubernetes version such as v1.31.4" })
      .default(kubernetesDefaults.version),
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
