import { readFileSync, writeFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { placeholdersIn } from "../../config/placeholders";

/** What the people of a region decide, by the path of the placeholder eds new-region left there. */
const decisions: Record<string, unknown> = {
  "network.adminCidrs.0": "192.0.2.16/28",
  "bastion.administrators.0.login": "ops-example",
  "bastion.administrators.0.sshPublicKeys.0": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleOnlyNotARealKeyFilledIn000000001 admin@example.fr",
  "provider.qualification.secNumCloud.reference": "EXAMPLE-SNC-2026-099",
  "provider.qualification.secNumCloud.validUntil": "2028-12-31",
  "provider.qualification.hds.certificate": "EXAMPLE-HDS-0099",
  "provider.qualification.hds.validUntil": "2028-12-31",
  "registry.host": "registry.example.fr",
  "registry.cidr": "192.0.2.108/30",
  "network.mirrors.0.url": "https://mirror.example.fr/rke2",
  "network.mirrors.0.cidr": "192.0.2.104/30",
  "transparency.controller": "CHU Example (exemple)",
  "transparency.contact.email": "dpo@example.fr",
  "transparency.contact.postalAddress": "DPO, CHU Example, 1 rue de l'Exemple (exemple)",
  "transparency.lawfulBasis.mission.fr": "Les missions de service public hospitalier du CHU Example (exemple).",
  "transparency.lawfulBasis.mission.en": "The public service missions of CHU Example (example).",
  "transparency.lawfulBasis.article6": "public-task",
  "transparency.lawfulBasis.healthData": "public-health",
  "transparency.recipients.0.fr": "Les équipes de recherche des projets autorisés (exemple).",
  "transparency.recipients.0.en": "The research teams of authorized projects (example).",
};

/** Fills every placeholder of an environment file written by eds new-region, as a region's team would. */
export function fillIn(file: string): void {
  const document = parseDocument(readFileSync(file, "utf8"));
  for (const { path } of placeholdersIn(document.toJS())) {
    const key = path.join(".");
    const value = /\.approver$/.test(key) ? "RSSI example region" : /\.expires$/.test(key) ? "2027-11-30" : decisions[key];
    if (value === undefined) throw new Error(`${file}: no decision for the placeholder at ${key}`);
    document.setIn(path, value);
  }
  writeFileSync(file, document.toString({ lineWidth: 0 }));
}
