import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { RegionalEdsPlatform } from "../../constructs/regional-eds/regional-eds-platform";
import { props } from "../helpers/platform";
import { osUser, startPostgres, type TestPostgres } from "../helpers/postgres";
import { TerraformJson } from "../helpers/terraform";

const tf = TerraformJson.of((scope) => new RegionalEdsPlatform(scope, "Eds", props));
const raw = tf.resources("helm_release").find(([, body]) => body.chart === "raw")![1];
const cluster = (parse(raw.values[0]).resources as Record<string, any>[]).find((m) => m.kind === "Cluster" && m.metadata.name === "warehouse")!;
const userRules: string[] = cluster.spec.postgresql.pg_hba;

/**
 * pg_hba.conf and pg_ident.conf as CloudNativePG 1.27.1 writes them for this cluster (pkg/postgres/configuration.go,
 * hbaTemplateString and identTemplateString): its fixed rules, the cluster's rules, then its default rule, password
 * authentication for every role. The operating system user of the instance's `local` map is the test's.
 */
const cnpgHba = (rules: readonly string[]) =>
  [
    "local all all peer map=local",
    "hostssl postgres streaming_replica all cert map=cnpg_streaming_replica",
    "hostssl replication streaming_replica all cert map=cnpg_streaming_replica",
    "hostssl all cnpg_pooler_pgbouncer all cert map=cnpg_pooler_pgbouncer",
    ...rules,
    "host all all all scram-sha-256",
    "",
  ].join("\n");
const cnpgIdent = [
  `local ${osUser()} postgres`,
  "cnpg_streaming_replica streaming_replica streaming_replica",
  "cnpg_pooler_pgbouncer cnpg_pooler_pgbouncer cnpg_pooler_pgbouncer",
  "",
].join("\n");

describe("the warehouse's client authentication, as CloudNativePG writes it, tried against a real PostgreSQL server over TLS", () => {
  let server: TestPostgres;

  beforeAll(async () => {
    server = await startPostgres({ tls: true });
    server.sql("postgres", "CREATE ROLE warehouse LOGIN PASSWORD 'generated-by-the-operator'");
    for (const role of ["pseudonymisation", "extract_builder", "project_cardio", "project_diabete"]) server.sql("postgres", `CREATE ROLE ${role} LOGIN`);
    for (const database of ["warehouse", "project_cardio", "project_diabete"]) server.sql("postgres", `CREATE DATABASE ${database}`);
    server.useHba(cnpgHba(userRules), cnpgIdent);
  }, 60_000);
  afterAll(() => server?.stop());

  const connects = (options: { user: string; database: string; password?: string }) => {
    const result = server.connect(options);
    return result.status === 0 ? "in" : /rejects connection|no pg_hba.conf entry/.test(result.output) ? "refused" : result.output;
  };

  it("lets each role in with its certificate, where its rule says only", () => {
    expect(connects({ user: "pseudonymisation", database: "warehouse" })).toBe("in");
    expect(connects({ user: "extract_builder", database: "project_cardio" })).toBe("in");
    expect(connects({ user: "project_cardio", database: "project_cardio" })).toBe("in");
    expect(connects({ user: "project_cardio", database: "warehouse" })).toBe("refused");
    expect(connects({ user: "project_cardio", database: "project_diabete" })).toBe("refused");
    expect(connects({ user: "pseudonymisation", database: "project_cardio" })).toBe("refused");
  });

  it("refuses a password, even the database owner's that the operator generates", () => {
    expect(connects({ user: "warehouse", database: "warehouse", password: "generated-by-the-operator" })).toBe("refused");
  });

  it("would let the owner in with its password without the last rule: CloudNativePG's default rule is the hole it closes", () => {
    server.useHba(cnpgHba(userRules.filter((rule) => rule !== "host all all all reject")), cnpgIdent);
    try {
      expect(connects({ user: "warehouse", database: "warehouse", password: "generated-by-the-operator" })).toBe("in");
    } finally {
      server.useHba(cnpgHba(userRules), cnpgIdent);
    }
  });
});
