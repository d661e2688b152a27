import type { Administrator } from "../../constructs/host/hardened-host";
import type { RegionServices } from "../../constructs/network/region-services";

/** The subnets of the construct tests' region. */
export const subnets = { admin: "10.40.0.0/24", dmz: "10.40.1.0/24", data: "10.40.2.0/24", nodes: "10.40.16.0/20" };

/** Two administrators with fake keys. */
export const administrators: Administrator[] = [
  { login: "ops-camille", sshPublicKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleOnlyKey01 camille@example.fr"] },
  {
    login: "ops-dominique",
    sshPublicKeys: [
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleOnlyKey02 dominique@example.fr",
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleOnlyKey03 dominique@example.fr",
    ],
  },
];

/** Every service a region declares, on documentation addresses. */
export const services: RegionServices = {
  dns: ["192.0.2.53"],
  ntp: ["192.0.2.123"],
  mirrors: [
    { name: "debian", url: "https://mirror.example.fr/debian", cidr: "192.0.2.104/30" },
    { name: "debian-security", url: "https://mirror.example.fr/debian-security", cidr: "192.0.2.104/30" },
    { name: "rke2", url: "https://mirror.example.fr/rke2", cidr: "192.0.2.104/30" },
  ],
  registry: { host: "registry.example.fr", cidr: "192.0.2.108/30" },
  logStore: { host: "logs.example.fr", port: 6514, cidr: "192.0.2.90/32" },
  identityProvider: { url: "https://sso.example.fr/realms/eds", cidr: "192.0.2.112/30" },
  apis: { identity: "192.0.2.64/29", objectStorage: "192.0.2.72/29", keyManager: "192.0.2.80/29", otherApis: "192.0.2.96/29" },
  apiNames: ["cloud.example.fr", "identity.cloud.example.fr", "s3.other.example.fr"],
};

export const oidc = { issuerUrl: "https://sso.example.fr/realms/eds", clientId: "kubernetes", groupsPrefix: "oidc:", deployersGroup: "eds-deployers" };
