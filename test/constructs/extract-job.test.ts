import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractKeySchema, optOutSchema, patientColumn, schemaOf } from "../../constructs/platform/data-tier";
import { RegionalEdsPlatform } from "../../constructs/regional-eds/regional-eds-platform";
import { props } from "../helpers/platform";
import { startPostgres, type TestPostgres } from "../helpers/postgres";
import { TerraformJson } from "../helpers/terraform";
import { shellcheck } from "../helpers/validators";

const tf = TerraformJson.of((scope) => new RegionalEdsPlatform(scope, "Eds", props));
const project = props.projects.find((p) => p.id === "cardio")!;
const database = "project_cardio";
const schemas = project.dataCategories.map(schemaOf);
const script: string = tf
  .resources("kubernetes_config_map_v1")
  .map(([, body]) => body)
  .find((body) => body.metadata.name === "extract-cardio")!.data["build-extract.sh"];

describe("a project's extract job, run against a real PostgreSQL server", () => {
  let server: TestPostgres;
  const folder = mkdtempSync(join(tmpdir(), "eds-extract-"));
  writeFileSync(join(folder, "build-extract.sh"), script);

  beforeAll(async () => {
    server = await startPostgres();
    server.sql("postgres", "CREATE DATABASE warehouse");
    server.sql("postgres", `CREATE ROLE ${database} LOGIN`);
    server.sql("postgres", "CREATE ROLE another_project LOGIN");
    for (const schema of [...schemas, "prescriptions"]) {
      server.sql("warehouse", `CREATE SCHEMA ${schema}`);
      server.sql("warehouse", `CREATE TABLE ${schema}.records (id int, ${patientColumn} text, label text)`);
      server.sql("warehouse", `INSERT INTO ${schema}.records SELECT g, 'warehouse-' || (g % 1000), 'row ' || g FROM generate_series(1, 20000) g`);
      // Views show the tables' pseudonyms: one that PostgreSQL could update, one it could not.
      server.sql("warehouse", `CREATE VIEW ${schema}.recent AS SELECT * FROM ${schema}.records WHERE id > 19000`);
      server.sql("warehouse", `CREATE VIEW ${schema}.patients AS SELECT DISTINCT ${patientColumn} FROM ${schema}.records`);
    }
  }, 30_000);
  afterAll(() => server?.stop());

  /** Runs the job's script with pg_dump replaced by `dump` (a shell snippet), on a fresh project database unless `over` an extract. */
  const runJob = (dump?: string, over = false) => {
    if (!over) {
      server.sql("postgres", `DROP DATABASE IF EXISTS ${database}`);
      server.sql("postgres", `CREATE DATABASE ${database}`);
    }
    const bin = join(folder, "bin");
    mkdirSync(bin, { recursive: true });
    const fake = join(bin, "pg_dump");
    if (dump) {
      writeFileSync(fake, `#!/bin/sh\n${dump}\n`);
      chmodSync(fake, 0o755);
    } else rmSync(fake, { force: true });
    const run = spawnSync("/bin/sh", [join(folder, "build-extract.sh")], {
      encoding: "utf8",
      env: { PATH: `${bin}:/usr/bin:/bin`, PGHOST: server.host, PGUSER: "postgres" },
    });
    const tables = Number(
      server.sql(
        database,
        `SELECT count(*) FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema IN (${schemas.map((s) => `'${s}'`).join(", ")})`,
      ),
    );
    return { status: run.status, stderr: run.stderr, tables };
  };

  it("passes ShellCheck", () => {
    expect(shellcheck(script, "build-extract.sh").output).toBe("");
  });

  it("copies the declared categories, and only them, readable by the project's role only", () => {
    const run = runJob();
    expect(run.status, run.stderr).toBe(0);
    expect(run.tables).toBe(schemas.length);
    for (const schema of schemas) expect(server.sql(database, `SELECT count(*) FROM ${schema}.records`)).toBe("20000");
    expect(server.sql(database, "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'prescriptions'")).toBe("0");
    expect(server.sql(database, `SELECT has_table_privilege('${database}', '${schemas[0]}.records', 'SELECT')`)).toBe("t");
    expect(server.sql(database, `SELECT has_table_privilege('${database}', '${schemas[0]}.records', 'INSERT')`)).toBe("f");
    expect(server.sql(database, `SELECT has_database_privilege('another_project', '${database}', 'CONNECT')`)).toBe("f");
  });

  /** A project's patients as its extract names them, in the warehouse's order of rows (the first 2,000: every patient twice). */
  const pseudonyms = (projectDatabase: string, schema: string): string[] =>
    server.sql(projectDatabase, `SELECT ${patientColumn} FROM ${schema}.records WHERE id <= 2000 ORDER BY id`).split("\n");

  it("names each patient with a pseudonym of the project's own, the same in every category and every rebuild", () => {
    expect(runJob().status).toBe(0);
    const [first, second] = schemas.map((schema) => pseudonyms(database, schema));
    expect(first!.filter((pseudonym) => pseudonym.startsWith("warehouse-"))).toEqual([]);
    expect(first![0]).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(first).size).toBe(1000);
    // Rows of one patient, in two categories, still meet on the patient.
    expect(second).toEqual(first);
    // The views show the tables' new pseudonyms, rewritten once, with the tables.
    const schema = schemas[0]!;
    expect(server.sql(database, `SELECT count(*) FROM ${schema}.recent r JOIN ${schema}.records t USING (id, ${patientColumn})`)).toBe("1000");
    expect(server.sql(database, `SELECT count(*) FROM ${schema}.patients WHERE ${patientColumn} IN (SELECT ${patientColumn} FROM ${schema}.records)`)).toBe(
      "1000",
    );
    expect(server.sql(database, `SELECT has_schema_privilege('${database}', '${extractKeySchema}', 'USAGE')`)).toBe("f");
    const run = runJob(undefined, true);
    expect(run.status, run.stderr).toBe(0);
    expect(pseudonyms(database, schemas[0]!)).toEqual(first);
  });

  it("gives another project's extract pseudonyms that share nothing with this one's", () => {
    expect(runJob().status).toBe(0);
    const other = "project_other";
    server.sql("postgres", `DROP DATABASE IF EXISTS ${other}`);
    server.sql("postgres", `CREATE DATABASE ${other}`);
    server.sql("postgres", `DO $$ BEGIN CREATE ROLE ${other} LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`);
    writeFileSync(join(folder, "build-other-extract.sh"), script.replaceAll(database, other));
    const run = spawnSync("/bin/sh", [join(folder, "build-other-extract.sh")], {
      encoding: "utf8",
      env: { PATH: "/usr/bin:/bin", PGHOST: server.host, PGUSER: "postgres" },
    });
    expect(run.status, run.stderr).toBe(0);
    const ours = new Set(pseudonyms(database, schemas[0]!));
    const theirs = pseudonyms(other, schemas[0]!);
    expect(new Set(theirs).size).toBe(1000);
    expect(theirs.filter((pseudonym) => ours.has(pseudonym))).toEqual([]);
  });

  it("leaves out every row of the patients who objected, and their warehouse pseudonyms, at each rebuild", () => {
    // Before the pseudonymisation service has written its list: nothing is left out.
    expect(runJob().status).toBe(0);
    expect(server.sql(database, `SELECT count(*) FROM ${schemas[0]}.records`)).toBe("20000");
    server.sql("warehouse", `CREATE SCHEMA ${optOutSchema}; CREATE TABLE ${optOutSchema}.objectors (${patientColumn} text PRIMARY KEY)`);
    server.sql("warehouse", `INSERT INTO ${optOutSchema}.objectors VALUES ('warehouse-7'), ('warehouse-8')`);
    try {
      const run = runJob(undefined, true);
      expect(run.status, run.stderr).toBe(0);
      // Each patient has 20 rows in each category: 40 fewer in each, in every table and the views over them.
      for (const schema of schemas) {
        expect(server.sql(database, `SELECT count(*) FROM ${schema}.records`)).toBe("19960");
        expect(server.sql(database, `SELECT count(*) FROM ${schema}.patients`)).toBe("998");
        expect(server.sql(database, `SELECT count(*) FROM ${schema}.records WHERE id IN (7, 8, 1007)`)).toBe("0");
      }
      expect(server.sql(database, `SELECT count(*) FROM information_schema.schemata WHERE schema_name = '${optOutSchema}'`)).toBe("0");
    } finally {
      server.sql("warehouse", `DROP SCHEMA ${optOutSchema} CASCADE`);
    }
  });

  it("keeps nothing and fails when pg_dump dies in the middle of its output (a COPY cut short)", () => {
    const run = runJob('/usr/bin/pg_dump "$@" | head -c 4000\nexit 1');
    expect(run.status).not.toBe(0);
    // psql stops at the cut row (COPY refuses it) or at the job's own error after it: either way, before committing.
    expect(run.stderr).toMatch(/pg_dump failed: nothing of the extract is kept|missing data for column/);
    expect(run.tables).toBe(0);
  });

  it("keeps nothing and fails when pg_dump fails before writing anything", () => {
    const run = runJob('echo "pg_dump: error: connection to server failed" >&2\nexit 1');
    expect(run.status).not.toBe(0);
    expect(run.tables).toBe(0);
  });

  it("rebuilds over a previous extract: a category the project no longer has is gone, the others are copied again", () => {
    expect(runJob().status).toBe(0);
    // What an earlier authorisation had: a category since withdrawn, readable by the project's role.
    server.sql(database, "CREATE SCHEMA withdrawn; CREATE TABLE withdrawn.records (id int)");
    server.sql(database, `GRANT USAGE ON SCHEMA withdrawn TO ${database}; GRANT SELECT ON withdrawn.records TO ${database}`);
    const run = runJob(undefined, true);
    expect(run.status, run.stderr).toBe(0);
    expect(run.tables).toBe(schemas.length);
    expect(server.sql(database, "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'withdrawn'")).toBe("0");
  });

  it("waits for the operator to create the project's role before it builds anything", async () => {
    server.sql("postgres", `DROP DATABASE IF EXISTS ${database}`);
    server.sql("postgres", `CREATE DATABASE ${database}`);
    server.sql("postgres", `DROP ROLE ${database}`);
    const job = spawn("/bin/sh", [join(folder, "build-extract.sh")], { env: { PATH: "/usr/bin:/bin", PGHOST: server.host, PGUSER: "postgres" } });
    const exited = new Promise<number | null>((resolve) => job.on("exit", resolve));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(job.exitCode).toBeNull();
    server.sql("postgres", `CREATE ROLE ${database} LOGIN`);
    expect(await exited).toBe(0);
    expect(server.sql(database, `SELECT has_table_privilege('${database}', '${schemas[0]}.records', 'SELECT')`)).toBe("t");
  }, 30_000);
});
