import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { parseDocument, type Document } from "yaml";
import { loadEnvironments } from "../../config/load";
import { environmentFile } from "../../config/regions";
import { ConfigError, type ConfigIssue, formatIssue } from "../../lib/issues";

/** The date tests check validity dates against. */
export const testToday = "2026-11-28";

export const defaultEnvironmentText = (): string => readFileSync(environmentFile("nouvelle-aquitaine"), "utf8");

/** A copy of a shipped environment, edited through the yaml Document API (comments and layout kept). */
export function editedEnvironment(edit: (document: Document) => void, region = "nouvelle-aquitaine"): string {
  const document = parseDocument(readFileSync(environmentFile(region), "utf8"));
  edit(document);
  return document.toString();
}

/** A fresh folder holding the given environment files; returns its path. */
export function environmentFolder(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), "eds-env-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return folder;
}

/** What loading the given environment files together reports (nothing when they load). */
export function loadIssues(files: Record<string, string>): ConfigIssue[] {
  const folder = environmentFolder(files);
  try {
    loadEnvironments(
      Object.keys(files).map((name) => join(folder, name)),
      { today: testToday },
    );
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return [...error.issues];
  }
}

/** What loading the default region reports once `edit` has changed it. */
export const issuesAfterEdit = (edit: (document: Document) => void): ConfigIssue[] => loadIssues({ "nouvelle-aquitaine.yaml": editedEnvironment(edit) });

/** The one issue reported; the test fails, listing them all, when there is not exactly one. */
export function onlyIssue(issues: ConfigIssue[]): ConfigIssue {
  expect(issues, issues.map(formatIssue).join("\n")).toHaveLength(1);
  return issues[0]!;
}

/** The smallest environment that must synthesize a complete, secure region. */
export const minimalEnvironment = `# yaml-language-server: $schema=./schema.json
id: minimal
name: Minimal
provider:
  name: example-scn-openstack
  authUrl: https://identity.cloud.example.fr/v3
  region: fr-test-1
  externalNetwork: ext-net
  flavors: { bastion: s1.small, kubernetesControlPlane: c2.medium, kubernetesNode: r2.large }
  images: { bastion: debian-12-hardened, kubernetes: debian-12-genericcloud, kubernetesOsDistro: debian }
  encryptedVolumeTypes: [encrypted-ssd]
  objectStorage: { s3Endpoint: https://s3.cloud.example.fr }
  apiEndpoints: { identity: 192.0.2.64/29, objectStorage: 192.0.2.72/29, keyManager: 192.0.2.80/29, otherApis: 192.0.2.96/29 }
  qualification:
    secNumCloud: { offer: Example SecNumCloud IaaS, reference: EXAMPLE-SNC-1, validUntil: "2099-12-31" }
    hds: { certificate: EXAMPLE-HDS-1, validUntil: "2099-12-31" }
network:
  range: 10.99.0.0/16
  subnets: { admin: 10.99.0.0/24, dmz: 10.99.1.0/24, data: 10.99.2.0/24, nodes: 10.99.16.0/20 }
  adminCidrs: [192.0.2.0/28]
  mirrors:
    - { name: rke2, url: https://mirror.example.fr/rke2, cidr: 192.0.2.104/30 }
bastion:
  administrators:
    - login: ops-minimal
      sshPublicKeys: [ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleOnlyNotARealKeyMinimal00000000001 admin@example.fr]
registry: { host: registry.example.fr, cidr: 192.0.2.108/30 }
`;
