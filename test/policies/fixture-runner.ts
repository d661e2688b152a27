import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { parse, stringify } from "yaml";
import { readConfigurations } from "../../policies/inputs/read";
import { manifestConfiguration } from "../../policies/inputs/kubernetes-yaml";
import type { EdsPolicy } from "../../policies/engine/policy";
import { holdingResource, writingServer } from "../../policies/engine/model";
import { runPolicies, type Outcome } from "../../policies/engine/run";
import { allPolicies } from "../../policies/rules/index";
import type { PolicySettings } from "../../policies/settings";
import { loadSettingsFile } from "../../policies/settings-schema";

import { testToday } from "../helpers/environments";
import type { InputProblem, TfConfiguration } from "../../policies/engine/model";

export const fixturesDir = join(import.meta.dirname, "fixtures");

/** Settings every fixture is checked with, unless a `<case>.settings.yaml` beside it says otherwise. */
export const fixtureSettings: PolicySettings = {
  today: testToday,
  allowedRegistries: ["registry.example.fr"],
  encryptedVolumeTypes: ["encrypted-ssd"],
  adminCidrs: ["192.0.2.0/28"],
  qualifiedRegions: ["fr-test-1"],
  externalNetworks: ["public-net"],
  identityHosts: ["identity.cloud.example.fr"],
  objectStorageHosts: ["s3.fr-test-1.cloud.example.fr"],
  qualification: { secNumCloud: { reference: "EXAMPLE-SNC-1", validUntil: "2099-12-31" }, hds: { certificate: "EXAMPLE-HDS-1", validUntil: "2099-12-31" } },
  logRetentionDays: 365,
  backupSchedule: "daily",
  backupRetentionDays: 35,
  magnumDriver: "magnum-cluster-api",
  exposedNamespaces: ["ingress"],
  suppressions: [],
};

/** A compliant state backend and state encryption, added to fixtures that declare none so that they test one thing. */
const compliantBackend = {
  s3: { bucket: "fixture-state", key: "fixture.tfstate", endpoints: { s3: "https://s3.fr-test-1.cloud.example.fr" }, region: "fr-test-1", use_lockfile: true },
};
const compliantEncryption = {
  key_provider: { pbkdf2: { state: { passphrase: "${var.state_passphrase}" } } },
  method: { aes_gcm: { state: { keys: "key_provider.pbkdf2.state" } } },
  state: { method: "method.aes_gcm.state", enforced: true },
  plan: { method: "method.aes_gcm.state", enforced: true },
};

export interface FixtureCase {
  readonly policyId: string;
  /** pass: no finding; fail: violations on the resources named bad*; unknown: not evaluable on them (a value it needs is unknown). */
  readonly kind: "pass" | "fail" | "unknown";
  readonly name: string;
  readonly file: string;
  readonly settingsFile?: string;
}

/**
 * Every fixture case: test/policies/fixtures/<policy-id>/{pass,fail,unknown}/<case>.tf(.json), <case>.plan.json for
 * what only a plan (`terraform show -json`) can hold, such as a value left until apply, or <case>.yaml for Kubernetes
 * manifests (the output of `helm template`).
 */
export function fixtureCases(policyId: string): FixtureCase[] {
  return (["pass", "fail", "unknown"] as const).flatMap((kind) => {
    const folder = join(fixturesDir, policyId, kind);
    if (!existsSync(folder)) return [];
    return readdirSync(folder)
      .filter((name) => /\.(tf|tofu|tf\.json|plan\.json|yaml)$/.test(name) && !name.endsWith(".settings.yaml"))
      .sort()
      .map((name) => {
        const stem = name.replace(/\.(tf|tofu|tf\.json|plan\.json|yaml)$/, "");
        const settingsFile = join(folder, `${stem}.settings.yaml`);
        return { policyId, kind, name: stem, file: join(folder, name), ...(existsSync(settingsFile) ? { settingsFile } : {}) };
      });
  });
}

/** A fixture that declares neither a backend nor a state encryption gets compliant ones; one that declares either is about the state and gets nothing. */
function withBackend(configuration: TfConfiguration): TfConfiguration {
  if (configuration.backend || configuration.encryption) return configuration;
  return { ...configuration, backend: { type: "s3", values: compliantBackend.s3, file: "(fixture runner)" }, encryption: compliantEncryption };
}

/**
 * The fixture settings with the keys a `<case>.settings.yaml` writes replaced by its (validated) values; a key written
 * null is left undeclared, as in a settings file that does not name it.
 */
function overriddenSettings(file: string): PolicySettings {
  const written = (parse(readFileSync(file, "utf8")) ?? {}) as Record<string, unknown>;
  const undeclared = Object.keys(written).filter((key) => written[key] === null);
  const declared = Object.fromEntries(Object.entries(written).filter(([key]) => !undeclared.includes(key)));
  const copy = join(mkdtempSync(join(tmpdir(), "eds-fixture-settings-")), basename(file));
  writeFileSync(copy, stringify(declared));
  const loaded = loadSettingsFile(copy, testToday);
  const settings: Record<string, unknown> = {
    ...fixtureSettings,
    ...Object.fromEntries(Object.keys(declared).map((key) => [key, loaded[key as keyof PolicySettings]])),
  };
  for (const key of undeclared) delete settings[key];
  return { ...(settings as PolicySettings), source: file };
}

/**
 * Runs the given policies (default: all) on one fixture case; returns the findings (every outcome but compliant). A
 * fixture is input Terraform or kubectl would take: one the reader finds a problem in (an undeclared variable) throws.
 */
export async function findingsOf(fixture: FixtureCase, policies: readonly EdsPolicy[] = allPolicies): Promise<Outcome[]> {
  const problems: InputProblem[] = [];
  const configurations = (await readConfigurations([fixture.file], problems)).map(withBackend);
  if (problems.length > 0) throw new Error(`the fixture is not valid input: ${problems.map((problem) => problem.message).join("; ")}`);
  const settings = fixture.settingsFile ? overriddenSettings(fixture.settingsFile) : fixtureSettings;
  return runPolicies(configurations, { policies, settings }).outcomes.filter((outcome) => outcome.status !== "compliant");
}

/** What one policy finds on one fixture of its own, as `status address: message`. */
export async function findingsOnFixture(policyId: string, name: string): Promise<string[]> {
  const fixture = fixtureCases(policyId).find((each) => each.name === name)!;
  const policies = allPolicies.filter(({ metadata }) => metadata.id === policyId);
  return (await findingsOf(fixture, policies)).map(({ status, address, message }) => `${status} ${address}: ${message}`);
}

/**
 * The resource a finding is on, for a fixture: an object a raw chart's release applies (`.resources[0]`) is its
 * release's, a Service an operator makes of an object (operatorMade: `Kafka/data/events.spec.kafka.listeners[1]`, the
 * object's address and where in its spec the Service is written) and a security group rule CAPO makes for a cluster
 * (`kubernetes_manifest.c.managedSecurityGroups.bastion["SSH"]`) are that object's, and an object a node's user data
 * writes (`openstack_compute_instance_v2.node.user_data["/etc/kubernetes/manifests/vip.yaml"][0]`) is the node's, and
 * one a ConfigMap holds for a ClusterResourceSet (`kubernetes_config_map_v1.cni.data["cni.yaml"][0]`) the ConfigMap's.
 */
export const fixtureAddress = (address: string): string =>
  (writingServer(address) ?? holdingResource(address) ?? address)
    .replace(/^(helm_release\.[\w-]+)\.(?:resources|templates)\[\d+\](?:\[\d+\])?$/, "$1")
    .replace(/^([^/.]+\/[^.]*?)\.spec\..*$/, "$1")
    .replace(/^(.*?)\.managedSecurityGroups\.\w+\[".*"\]$/, "$1");

/** Resources of a fixture whose name marks them as the ones a fail case must flag: names starting with "bad". */
export function expectedAddresses(fixture: FixtureCase): string[] {
  const text = readFileSync(fixture.file, "utf8");
  if (fixture.file.endsWith(".yaml"))
    return [
      ...new Set(
        (manifestConfiguration("fixture", [{ file: fixture.file, text }], "default", [], "named")?.resources ?? [])
          .filter((resource) => resource.name.startsWith("bad"))
          .map((resource) => fixtureAddress(resource.address)),
      ),
    ].sort();
  if (!fixture.file.endsWith(".json"))
    return [...text.matchAll(/^(resource|data|ephemeral) "([\w-]+)" "(bad[\w-]*)"/gm)]
      .map(([, section, type, name]) => `${section === "resource" ? "" : `${section}.`}${type}.${name}`)
      .sort();
  const document = JSON.parse(text);
  if (fixture.file.endsWith(".plan.json")) {
    type PlanModule = { resources?: { address: string; name: string }[]; child_modules?: PlanModule[] };
    const resources = (module: PlanModule): { address: string; name: string }[] => [
      ...(module.resources ?? []),
      ...(module.child_modules ?? []).flatMap(resources),
    ];
    return resources(document.planned_values.root_module)
      .filter((resource) => resource.name.startsWith("bad"))
      .map((resource) => resource.address)
      .sort();
  }
  const addresses: string[] = [];
  for (const [section, prefix] of [
    ["resource", ""],
    ["data", "data."],
    ["ephemeral", "ephemeral."],
  ] as const) {
    for (const [type, byName] of Object.entries<Record<string, unknown>>(document[section] ?? {})) {
      for (const name of Object.keys(byName)) if (name.startsWith("bad")) addresses.push(`${prefix}${type}.${name}`);
    }
  }
  return addresses.sort();
}
