import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { carveSubnets, loadAddressingPlan, rangeFor } from "../../config/addressing-plan";
import { checkRegions } from "../../stacks/check-regions";
import { environmentFilesIn } from "../../config/load";
import { ConfigError } from "../../lib/issues";
import { newRegion } from "../../regions/new-region";
import { environmentsDir } from "../../config/regions";
import { synthesizeRegions } from "../../stacks/synthesize";
import { failsRun } from "../../policies/engine/run";
import { testToday } from "../helpers/environments";
import { fillIn } from "../helpers/fill-in";

/** A copy of environments/ to write new regions into. */
function environmentsCopy(): string {
  const folder = join(mkdtempSync(join(tmpdir(), "eds-regions-")), "environments");
  cpSync(environmentsDir, folder, { recursive: true });
  return folder;
}

const expectConfigError = (run: () => unknown, message: RegExp) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(message);
    return;
  }
  throw new Error("expected a ConfigError");
};

describe("eds new-region", () => {
  it("clones a region into every region of France; once filled in, all synthesize in one run and pass every mandatory policy", async () => {
    const folder = environmentsCopy();
    const plan = loadAddressingPlan(folder);
    const missing = Object.keys(plan.regions).filter((id) => !existsSync(join(folder, `${id}.yaml`)));
    expect(missing).toHaveLength(16);
    for (const id of missing) {
      const result = newRegion({ id, name: id.replace(/-/g, " "), from: "nouvelle-aquitaine", directory: folder });
      expect(result.range).toBe(plan.regions[id]);
      expect(result.allocated).toBe(false);
      fillIn(join(folder, `${id}.yaml`));
    }
    const files = environmentFilesIn(folder);
    expect(files).toHaveLength(18);
    const synth = synthesizeRegions({ envFiles: files, outdir: join(folder, "..", "cdktf.out"), today: testToday });
    expect(Object.keys(synth.stacks)).toHaveLength(36);
    for (const { region, run } of await checkRegions(synth, testToday)) expect(failsRun(run), region.config.id).toBe(false);
  }, 180_000);

  it("carries the new id and name everywhere, and the range and subnets of the plan", () => {
    const folder = environmentsCopy();
    newRegion({ id: "occitanie", name: "Occitanie", from: "nouvelle-aquitaine", directory: folder });
    const text = readFileSync(join(folder, "occitanie.yaml"), "utf8");
    expect(text.split("\n")[1]).toBe('# Occitanie: written by eds new-region from nouvelle-aquitaine. Replace every "<fill in: ...>" before synthesizing.');
    expect(text.split("\n").slice(2).join("\n")).not.toMatch(/nouvelle-aquitaine|Nouvelle-Aquitaine/);
    const env = parse(text);
    expect(env).toMatchObject({
      id: "occitanie",
      name: "Occitanie",
      registry: { host: "registry.occitanie.example.fr" },
      platform: { domain: "eds.occitanie.example.fr" },
    });
    expect(env.network.range).toBe("10.42.0.0/16");
    expect(env.network.subnets).toEqual({ admin: "10.42.0.0/24", dmz: "10.42.1.0/24", data: "10.42.2.0/24", nodes: "10.42.16.0/20" });
    expect(env.projects).toEqual([]);
    expect(env.datasets).toEqual([]);
    expect(env.transparency.contact.email).toMatch(/^<fill in: the e-mail address of the data protection officer/);
    // What patients are told of the basis and the recipients is the new controller's to say, not the reference region's.
    const filled = [env.transparency.lawfulBasis.article6, env.transparency.lawfulBasis.healthData, ...Object.values(env.transparency.lawfulBasis.mission)];
    for (const value of [...filled, ...env.transparency.recipients.flatMap(Object.values)]) expect(value).toMatch(/^<fill in: /);
    expect(env.pseudonymisation.image).toMatch(/^registry\.occitanie\.example\.fr\//);
  });

  it("asks the new region for its own approvals: the reference region's approvers decided nothing for it", () => {
    const folder = environmentsCopy();
    const reference = parse(readFileSync(join(folder, "nouvelle-aquitaine.yaml"), "utf8"));
    reference.deviations = [
      { setting: "logging.retentionDays", reason: "The regional archive keeps logs longer, by decision of the board", approver: "RSSI Nouvelle-Aquitaine" },
    ];
    writeFileSync(join(folder, "nouvelle-aquitaine.yaml"), stringify(reference));
    const result = newRegion({ id: "occitanie", name: "Occitanie", from: "nouvelle-aquitaine", directory: folder });
    const env = parse(readFileSync(join(folder, "occitanie.yaml"), "utf8"));
    expect(env.approvals).toHaveLength(reference.approvals.length);
    for (const approval of env.approvals) {
      expect(approval.approver).toBe("<fill in: who approves this exception or deviation for the region>");
      expect(approval.expires).toBe("<fill in: the last day of the approval, YYYY-MM-DD>");
    }
    expect(env.deviations[0]).toMatchObject({
      setting: "logging.retentionDays",
      approver: "<fill in: who approves this exception or deviation for the region>",
    });
    expect(result.placeholders).toContain("who approves this exception or deviation for the region");
    expectConfigError(
      () => synthesizeRegions({ envFiles: [join(folder, "occitanie.yaml")], outdir: join(folder, "out"), today: testToday }),
      /occitanie\.yaml:\d+:\d+ approvals\[0\]\.approver: still a placeholder left by eds new-region/,
    );
  });

  it("leaves placeholders that fail validation, saying what to fill in", () => {
    const folder = environmentsCopy();
    newRegion({ id: "normandie", name: "Normandie", from: "bretagne", directory: folder });
    expectConfigError(
      () => synthesizeRegions({ envFiles: [join(folder, "normandie.yaml")], outdir: join(folder, "out"), today: testToday }),
      /normandie\.yaml:\d+:\d+ network\.adminCidrs\[0\]: still a placeholder left by eds new-region: fill in the administrators' networks allowed to reach the bastion, as CIDRs/,
    );
    expect(existsSync(join(folder, "out"))).toBe(false);
  });

  it("starts from the built-in template and a provider profile, allocating a range from the pool for a region the plan does not list", () => {
    const folder = environmentsCopy();
    const result = newRegion({ id: "wallis-et-futuna", name: "Wallis-et-Futuna", provider: "example-scn-openstack", directory: folder });
    expect(result).toMatchObject({ range: "10.50.0.0/16", allocated: true });
    expect(loadAddressingPlan(folder).regions["wallis-et-futuna"]).toBe("10.50.0.0/16");
    fillIn(join(folder, "wallis-et-futuna.yaml"));
    const synth = synthesizeRegions({ envFiles: [join(folder, "wallis-et-futuna.yaml")], outdir: join(folder, "out"), today: testToday });
    expect(Object.keys(synth.stacks)).toEqual(["wallis-et-futuna-foundation"]);
  });

  it("refuses an id that exists, an invalid id, and a full plan", () => {
    const folder = environmentsCopy();
    expectConfigError(() => newRegion({ id: "bretagne", name: "Bretagne", directory: folder }), /region bretagne already exists/);
    expectConfigError(() => newRegion({ id: "Pays_De_Loire", name: "x", directory: folder }), /"Pays_De_Loire" is not a valid region id/);
    expectConfigError(() => newRegion({ id: "corse", name: "Corse", from: "nowhere", directory: folder }), /no region nowhere to copy from/);
    const plan = join(folder, "addressing-plan.yaml");
    writeFileSync(plan, "pool: 10.40.0.0/15\nregions:\n  nouvelle-aquitaine: 10.40.0.0/16\n  bretagne: 10.41.0.0/16\n");
    expect(rangeFor(loadAddressingPlan(folder), "extra-region")).toBeUndefined();
    expectConfigError(
      () => newRegion({ id: "extra-region", name: "Extra", directory: folder }),
      /the addressing plan is full: no free \/16 is left in the pool 10\.40\.0\.0\/15/,
    );
  });

  it("refuses a plan whose ranges overlap", () => {
    const folder = environmentsCopy();
    const plan = join(folder, "addressing-plan.yaml");
    writeFileSync(plan, readFileSync(plan, "utf8").replace("corse: 10.35.0.0/16", "corse: 10.34.0.0/15"));
    expectConfigError(
      () => loadAddressingPlan(folder),
      /addressing-plan\.yaml:\d+:\d+ regions\.corse: 10\.34\.0\.0\/15 overlaps the range of centre-val-de-loire/,
    );
  });

  it("refuses a pool that overlaps the clusters' own networks", () => {
    const folder = environmentsCopy();
    const plan = join(folder, "addressing-plan.yaml");
    writeFileSync(plan, "pool: 10.96.0.0/11\nregions:\n  bretagne: 10.96.0.0/16\n");
    expectConfigError(
      () => loadAddressingPlan(folder),
      /addressing-plan\.yaml:1:\d+ pool: 10\.96\.0\.0\/11 overlaps the cluster's pods network 10\.100\.0\.0\/16/,
    );
  });

  it("carves the subnets at fixed offsets of the range", () => {
    expect(carveSubnets("10.60.0.0/16")).toEqual({ admin: "10.60.0.0/24", dmz: "10.60.1.0/24", data: "10.60.2.0/24", nodes: "10.60.16.0/20" });
  });
});

describe("the addressing plan on every synth", () => {
  it("fails when a region's range is not the one the plan gives it", () => {
    const folder = environmentsCopy();
    const file = join(folder, "bretagne.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace(/10\.41\./g, "10.55."));
    expectConfigError(
      () => synthesizeRegions({ envFiles: [file], outdir: join(folder, "out"), today: testToday }),
      /bretagne\.yaml:\d+:\d+ network\.range: 10\.55\.0\.0\/16 is not the range the addressing plan gives bretagne \(10\.41\.0\.0\/16/,
    );
  });
});
