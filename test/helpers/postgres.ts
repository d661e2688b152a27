import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A throw-away PostgreSQL server for the tests (Debian's postgresql package), listening on a Unix socket in a temporary
 * folder only, trusting local connections. PostgreSQL refuses to run as root: as root, it runs as nobody.
 */
export interface TestPostgres {
  /** The socket folder: PGHOST for clients. */
  readonly host: string;
  /** Runs SQL as the superuser in a database; returns psql's unaligned output. */
  sql(database: string, statement: string): string;
  stop(): void;
}

function serverBinaries(): string {
  const root = "/usr/lib/postgresql";
  const version = existsSync(root)
    ? readdirSync(root)
        .sort()
        .reverse()
        .find((v) => existsSync(join(root, v, "bin", "initdb")))
    : undefined;
  if (!version)
    throw new Error(
      "PostgreSQL's server is not installed: apt-get install postgresql (.ci/run installs it); this test runs the job's script against a real server and cannot pass without it",
    );
  return join(root, version, "bin");
}

export function startPostgres(): TestPostgres {
  const bin = serverBinaries();
  const folder = mkdtempSync(join(tmpdir(), "eds-postgres-"));
  chmodSync(folder, 0o777);
  const asServer = (command: string, args: string[]) => {
    const run =
      process.getuid?.() === 0
        ? spawnSync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", join(bin, command), ...args], { encoding: "utf8" })
        : spawnSync(join(bin, command), args, { encoding: "utf8" });
    if (run.status !== 0) throw new Error(`${command} failed: ${run.stderr}${run.stdout}`);
  };
  const data = join(folder, "data");
  asServer("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
  asServer("pg_ctl", ["-D", data, "-o", `-k ${folder} -c listen_addresses=''`, "-l", join(folder, "server.log"), "-w", "start"]);
  return {
    host: folder,
    sql(database, statement) {
      const run = spawnSync("psql", ["-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", statement], {
        encoding: "utf8",
        env: { PATH: process.env.PATH, PGHOST: folder, PGUSER: "postgres" },
      });
      if (run.status !== 0) throw new Error(`psql failed on ${statement}: ${run.stderr}`);
      return run.stdout.trim();
    },
    stop() {
      asServer("pg_ctl", ["-D", data, "-m", "immediate", "stop"]);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
