import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

/**
 * A throw-away PostgreSQL server for the tests (Debian's postgresql package), trusting local connections at first. With
 * `tls`, it also listens on 127.0.0.1 with a server certificate from a CA of its own, which signs client certificates
 * on demand (openssl), so that pg_hba rules are tried as a client meets them. PostgreSQL refuses to run as root: as
 * root, it runs as nobody.
 */
export interface TestPostgres {
  /** The socket folder: PGHOST for local clients. */
  readonly host: string;
  /** Runs SQL as the superuser, over the socket; returns psql's unaligned output. */
  sql(database: string, statement: string): string;
  /** Replaces pg_hba.conf and pg_ident.conf and reloads them; throws when PostgreSQL reports an error in a line. */
  useHba(hba: string, ident: string): void;
  /** Opens a TLS connection over TCP with a client certificate for `user` (its common name), or a password. */
  connect(options: { user: string; database: string; password?: string }): { status: number | null; output: string };
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
      "PostgreSQL's server is not installed: apt-get install postgresql (.ci/run installs it); this test runs against a real server and cannot pass without it",
    );
  return join(root, version, "bin");
}

const asRoot = process.getuid?.() === 0;

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): { status: number | null; output: string } {
  const result = spawnSync(command, args, { encoding: "utf8", env });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function must(command: string, args: string[]): void {
  const result = run(command, args);
  if (result.status !== 0) throw new Error(`${command} ${args[0]} failed: ${result.output}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgres(options: { tls?: boolean } = {}): Promise<TestPostgres> {
  const bin = serverBinaries();
  const folder = mkdtempSync(join(tmpdir(), "eds-postgres-"));
  chmodSync(folder, 0o777);
  const asServer = (command: string, args: string[]) =>
    asRoot ? must("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", join(bin, command), ...args]) : must(join(bin, command), args);
  const data = join(folder, "data");
  asServer("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
  const pki = join(folder, "pki");
  const port = await freePort();
  let settings = `-k ${folder} -c listen_addresses=''`;
  // A P-256 key and a certificate for `subject`: self-signed for the CA, signed by it otherwise.
  const issue = (name: string, subject: string, extensions?: string) => {
    const key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", join(pki, `${name}.key`), "-subj", subject];
    if (name === "ca") return must("openssl", ["req", "-x509", ...key, "-out", join(pki, "ca.crt"), "-days", "1"]);
    must("openssl", ["req", ...key, "-out", join(pki, `${name}.csr`)]);
    const signed = ["-in", join(pki, `${name}.csr`), "-CA", join(pki, "ca.crt"), "-CAkey", join(pki, "ca.key"), "-CAcreateserial", "-days", "1"];
    if (extensions) writeFileSync(join(pki, `${name}.ext`), extensions);
    must("openssl", ["x509", "-req", ...signed, "-out", join(pki, `${name}.crt`), ...(extensions ? ["-extfile", join(pki, `${name}.ext`)] : [])]);
  };
  if (options.tls) {
    mkdirSync(pki);
    issue("ca", "/CN=test-ca");
    issue("server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1\n");
    // The server's key: readable by the server only (PostgreSQL refuses a key others can read).
    if (asRoot) {
      chownSync(join(pki, "server.key"), 0, 65534);
      chmodSync(join(pki, "server.key"), 0o640);
    } else chmodSync(join(pki, "server.key"), 0o600);
    chmodSync(pki, 0o755);
    settings += ` -c listen_addresses=127.0.0.1 -c port=${port} -c ssl=on -c ssl_cert_file=${join(pki, "server.crt")} -c ssl_key_file=${join(pki, "server.key")} -c ssl_ca_file=${join(pki, "ca.crt")}`;
  }
  asServer("pg_ctl", ["-D", data, "-o", settings, "-l", join(folder, "server.log"), "-w", "start"]);
  const local = { PATH: process.env.PATH, PGHOST: folder, PGUSER: "postgres", PGPORT: options.tls ? String(port) : "5432" };
  const sql = (database: string, statement: string) => {
    const result = run("psql", ["-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", statement], local);
    if (result.status !== 0) throw new Error(`psql failed on ${statement}: ${result.output}`);
    return result.output.trim();
  };
  const clientCertificate = (user: string): { cert: string; key: string } => {
    if (!existsSync(join(pki, `${user}.crt`))) {
      issue(user, `/CN=${user}`);
      chmodSync(join(pki, `${user}.key`), 0o600);
    }
    return { cert: join(pki, `${user}.crt`), key: join(pki, `${user}.key`) };
  };
  return {
    host: folder,
    sql,
    useHba(hba, ident) {
      writeFileSync(join(data, "pg_hba.conf"), hba);
      writeFileSync(join(data, "pg_ident.conf"), ident);
      sql("postgres", "SELECT pg_reload_conf()");
      const errors = sql("postgres", "SELECT line_number || ': ' || error FROM pg_hba_file_rules WHERE error IS NOT NULL");
      if (errors) throw new Error(`PostgreSQL refuses pg_hba.conf: ${errors}`);
    },
    connect({ user, database, password }) {
      const base = `host=127.0.0.1 port=${port} user=${user} dbname=${database} sslrootcert=${join(pki, "ca.crt")}`;
      const connection = password
        ? `${base} sslmode=require`
        : (() => {
            const { cert, key } = clientCertificate(user);
            return `${base} sslmode=verify-full sslcert=${cert} sslkey=${key}`;
          })();
      return run("psql", ["-X", "-At", "-w", connection, "-c", "SELECT current_user"], {
        PATH: process.env.PATH,
        ...(password ? { PGPASSWORD: password } : {}),
      });
    },
    stop() {
      asServer("pg_ctl", ["-D", data, "-m", "immediate", "stop"]);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** The operating system user the tests run as, which peer authentication sees on the socket. */
export const osUser = (): string => userInfo().username;
