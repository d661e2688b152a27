import { describe, expect, it } from "vitest";
import { allPolicies } from "../../policies/rules/index";
import { findingsOf, fixtureCases } from "./fixture-runner";

const policy = allPolicies.filter((each) => each.metadata.id === "backups-cover-data");

/** Each finding of the policy on a fixture of its own: outcome, address and words. */
const findingsOn = async (name: string) => {
  const fixture = fixtureCases("backups-cover-data").find((each) => each.name === name)!;
  return (await findingsOf(fixture, policy)).map((f) => `${f.status} ${f.address}: ${f.message}`).sort();
};

describe("backups-cover-data on the volumes operators claim for their objects", () => {
  it("fails a MinIO tenant's pools and a Kafka node pool's storage in a namespace no schedule covers", async () => {
    expect(await findingsOn("operator-claims-not-scheduled")).toEqual([
      "violation KafkaNodePool/data/bad-brokers: no backup schedule covers the namespace data of the volume claims the operator makes for the Kafka node pool bad-brokers's storage",
      "violation Tenant/data/bad-extracts: no backup schedule covers the namespace data of the volume claims the operator makes for the object store bad-extracts's pool pool-0",
    ]);
  });

  it("passes them under a daily schedule that moves their snapshots out, and claims nothing for ephemeral storage", async () => {
    expect(await findingsOn("operator-claims-scheduled")).toEqual([]);
  });

  it("does not know whether a schedule that selects by label takes them: the operator labels its claims", async () => {
    expect(await findingsOn("operator-claims-under-a-label-selector")).toEqual([
      "cannot-evaluate Tenant/data/bad-extracts: the schedules covering data take objects by label, and the operator sets the labels of object store bad-extracts's pool pool-0's claims and pods, which are not written here",
    ]);
  });
});

describe("backups-cover-data on the volumes pods opt into Velero's file-system backup", () => {
  it("reads the annotation's names as Velero splits them, at each comma with the spaces kept", async () => {
    expect(await findingsOn("volume-opted-in-after-a-space")).toEqual([
      "violation PersistentVolumeClaim/project-e/bad-scratch: the schedule covering project-e does not keep its volumes' data: it copies no volume data (snapshotVolumes is false, no file-system backup): only the manifests",
    ]);
  });
});

describe("backups-cover-data on the pgBackRest options a cluster projects into conf.d", () => {
  it("reads a projected file's retention, the stanza's section before [global], and only .conf files", async () => {
    expect(await findingsOn("pgbackrest-retention-in-a-projected-file")).toEqual([]);
    expect(await findingsOn("pgbackrest-stanza-section-overrides-global")).toEqual([
      "violation PostgresCluster/data/bad-kept-a-week-by-its-stanza: the database cluster data/bad-kept-a-week-by-its-stanza keeps backups 7 days, below the declared 35",
    ]);
  });

  it("fails a cluster whose pgBackRest options pgBackRest refuses: it takes no backup", async () => {
    expect(await findingsOn("pgbackrest-options-pgbackrest-refuses")).toEqual([
      "violation PostgresCluster/data/bad-retention-in-words: the database cluster data/bad-retention-in-words takes no backup: pgBackRest refuses its options: repo1-retention-full: 35 days (an integer from 1 to 9999999)",
      "violation PostgresCluster/data/bad-retention-named-twice: the database cluster data/bad-retention-named-twice takes no backup: pgBackRest refuses its options: retention-full and repo1-retention-full in [global], two names of one option",
    ]);
  });

  it("does not know a retention a projected Secret not in the configuration may set", async () => {
    expect(await findingsOn("pgbackrest-retention-in-a-secret-elsewhere")).toEqual([
      "cannot-evaluate PostgresCluster/data/bad-retention-elsewhere: how long the database cluster data/bad-retention-elsewhere keeps its backups is not known: its retention may be set where it is not known: the configuration it projects (Secret data/pgo-s3-creds) is not in this configuration",
    ]);
  });
});
