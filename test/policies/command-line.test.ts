import { describe, expect, it } from "vitest";
import { commandLineSecrets } from "../../policies/lib/command-line";

const found = (items: unknown[]) => commandLineSecrets(items).map(({ item, what }) => `${item}: ${what}`);

describe("commandLineSecrets", () => {
  it("finds a password given to a client by its short option, as an item or in a shell script", () => {
    expect(found(["mysqladmin", "ping", "-uroot", "-pexample-only"])).toEqual(["3: a literal password given to mysqladmin by -p"]);
    expect(found(["/usr/bin/mariadb-dump", "-pexample-only", "warehouse"])).toEqual(["1: a literal password given to mariadb-dump by -p"]);
    expect(found(["sh", "-c", "redis-cli -a example-only ping | grep PONG"])).toEqual(["2: a literal password given to redis-cli by -a"]);
    expect(found(["valkey-cli", "--pass", "example-only", "ping"])).toEqual(["2: a literal password given to valkey-cli by -a"]);
    expect(found(["bash", "-ec", "mongod --fork\nexec mongosh -u root -p 'example only' --eval 'db.x()'"])).toEqual([
      "2: a literal password given to mongosh by -p",
    ]);
    expect(found(["sshpass", "-pexample-only", "ssh", "backup@192.0.2.10"])).toEqual(["1: a literal password given to sshpass by -p"]);
    for (const curl of [
      ["curl", "-u", "admin:example-only", "http://localhost"],
      ["curl", "-fsu", "admin:example-only", "http://localhost"],
      ["curl", "-uadmin:example-only", "http://localhost"],
      ["curl", "--user", "admin:example-only", "http://localhost"],
    ])
      expect(found(curl), curl.join(" ")).toEqual([`${curl.findIndex((word) => word.includes(":example"))}: a literal password given to curl by -u`]);
    // A variable set before the command, a wrapper with its arguments or a shell's keyword leaves the command to the next word.
    expect(found(["sh", "-c", "env TZ=UTC mysql -pexample-only -e 'select 1'"])).toEqual(["2: a literal password given to mysql by -p"]);
    expect(found(["sh", "-c", "timeout 5 mysql -pexample-only -e 'select 1'"])).toEqual(["2: a literal password given to mysql by -p"]);
    expect(found(["sh", "-c", "if true; then redis-cli -a example-only ping; fi"])).toEqual(["2: a literal password given to redis-cli by -a"]);
    // A shell's -c among its other flags; another program's -c is no script; single quotes keep a $ literal.
    expect(found(["/bin/sh", "-ec", "redis-cli -a example-only ping"])).toEqual(["2: a literal password given to redis-cli by -a"]);
    expect(found(["redis-cli", "-c", "-h", "cache", "-a", "example-only"])).toEqual(["5: a literal password given to redis-cli by -a"]);
    expect(found(["curl", "-c", "/tmp/jar", "-u", "admin:example-only"])).toEqual(["4: a literal password given to curl by -u"]);
    expect(found(["sh", "-c", "mysql -p'Ex$ample-only' -e 'select 1'"])).toEqual(["2: a literal password given to mysql by -p"]);
    expect(found(["curl", "--user=admin:example-only", "http://localhost"])).toEqual(["1: a literal password given to curl by -u"]);
    // No shell reads an argument: a $ there is written as it is (the kubelet expands $(VAR) alone).
    expect(found(["redis-server", "--requirepass", "Pa$$w0rd!2024"])).toEqual(["2: a literal secret value after --requirepass"]);
    // Vault's root token ID is the token.
    expect(found(["vault", "server", "-dev", "-dev-root-token-id", "example-root-token"])).toEqual(["4: a literal secret value after -dev-root-token-id"]);
    // A shell after its options and their arguments, or su's user's shell, runs the script.
    expect(found(["bash", "-o", "pipefail", "-c", "mysql -uroot -pexample-only db"])).toEqual(["4: a literal password given to mysql by -p"]);
    expect(found(["su", "postgres", "-c", "redis-cli -a example-only ping"])).toEqual(["3: a literal password given to redis-cli by -a"]);
    // A registry login's -p, and no other subcommand's (docker run -p publishes a port).
    expect(found(["sh", "-c", "docker login -u bot -p example-only registry.example.fr"])).toEqual(["2: a literal password given to docker by -p"]);
    expect(found(["sh", "-c", "helm registry login registry.example.fr -u bot -p example-only"])).toEqual(["2: a literal password given to helm by -p"]);
    expect(found(["sh", "-c", 'docker run -p 8080:80 nginx; podman login -p "$REGISTRY_PASSWORD" registry.example.fr'])).toEqual([]);
  });

  it("takes a port, a prompt, a database's name, what the shell expands and another program's -p for no password", () => {
    for (const items of [
      ["psql", "-p", "5432", "-U", "app"],
      ["redis-cli", "-p", "6379", "ping"],
      ["mysql", "-p"],
      ["mysql", "-p", "warehouse"],
      ["mysql", "--password", "warehouse"],
      ["mysqladmin", "ping", "-p${MYSQL_ROOT_PASSWORD}"],
      ["sh", "-c", 'mysqladmin ping -uroot -p"$MYSQL_ROOT_PASSWORD"'],
      ["sh", "-c", "redis-cli -a $(cat /run/secrets/redis) ping"],
      ["sh", "-c", 'mongosh -p "$(cat /run/secrets/mongo)"'],
      ["web", "--engine", "mysql", "-p8080"],
      ["curl", "-u", "admin", "http://localhost"],
      ["curl", "-uadmin:$(cat /run/secrets/pw)", "http://localhost"],
      ["sh", "-c", "echo mysql; cp -pr /a /b"],
      // An access key's identifier names the key; its secret half is the secret.
      ["backup", "--access-key", "AKIAIOSFODNN7EXAMPLE"],
    ])
      expect(found(items), items.join(" ")).toEqual([]);
  });

  it("keeps one finding per item, the secret scanner's first", () => {
    expect(found(["sh", "-c", "PGPASSWORD=example-only psql; mysql -pexample-only"])).toEqual(["2: a password or token assignment (key PGPASSWORD)"]);
    expect(found(["--access-key", "AKIAIOSFODNN7EXAMPLE", "--secret-key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"])).toEqual([
      "3: a literal secret value after --secret-key",
    ]);
    expect(found(["--password", "example-only", "--db-url=postgres://app:example-only@db/app"])).toEqual([
      "1: a literal secret value after --password",
      "2: a password in a URL",
    ]);
  });

  it("reads the first word after a command's end as a command, not as the argument of the option before it", () => {
    expect(found(["sh", "-c", "create-user --generate-password\nrotate-credentials --notify"])).toEqual([]);
  });

  it("takes what the shell expands after an option named like a secret for no literal: a command's output, in $(...) or backticks", () => {
    expect(found(["sh", "-c", 'exec app --db-password "$(cat /run/secrets/db)"'])).toEqual([]);
    expect(found(["sh", "-c", "exec app --api-key `cat /run/secrets/key`"])).toEqual([]);
  });

  it("reads the commands a script substitutes, in $(...) or backticks, as commands the shell runs", () => {
    expect(found(["sh", "-c", "COUNT=$(mysql -uroot -pexample-only -e 'select 1')"])).toEqual(["2: a literal password given to mysql by -p"]);
    expect(found(["sh", "-c", "x=`redis-cli -a example-only ping`; echo $x"])).toEqual(["2: a literal password given to redis-cli by -a"]);
    // Within single quotes, no command is substituted: the text is echoed as written.
    expect(found(["sh", "-c", "echo 'run $(mysql -uroot -pexample-only) by hand'"])).toEqual([]);
  });

  it("reads the script su runs as root (su -c, no user named)", () => {
    expect(found(["su", "-c", "redis-cli -a example-only ping"])).toEqual(["2: a literal password given to redis-cli by -a"]);
  });
});

describe("commandSecretIn", () => {
  it("reads a shell script's commands, continued lines joined, naming the line a command starts on", async () => {
    const { commandSecretIn } = await import("../../policies/lib/command-line");
    expect(commandSecretIn("#!/usr/bin/env -S bash -e\necho ok\nmysql -uroot \\\n  -pexample-only db\n")).toEqual({
      what: "a literal password given to mysql by -p",
      line: 3,
    });
    expect(commandSecretIn('#!/bin/sh\nmysql -uroot -p"$X" \\\n  db\nredis-cli -a example-only ping\n')).toEqual({
      what: "a literal password given to redis-cli by -a",
      line: 4,
    });
    // A space after #!, lines ending with CRLF, and a last line continued with no line after it.
    expect(commandSecretIn("#! /bin/sh\nredis-cli -a example-only ping\n")).toEqual({ what: "a literal password given to redis-cli by -a", line: 2 });
    expect(commandSecretIn("#!/bin/sh\r\necho ok\r\nredis-cli \\\r\n  -a example-only ping\r\n")).toEqual({
      what: "a literal password given to redis-cli by -a",
      line: 3,
    });
    expect(commandSecretIn("#!/bin/sh\nredis-cli -a example-only \\")).toEqual({ what: "a literal password given to redis-cli by -a", line: 2 });
    // A text that is no shell script is not read as commands.
    expect(commandSecretIn("#cloud-config\nruncmd:\n  - mysql -pexample-only\n")).toBeUndefined();
  });

  it("reads a here-document as text a command reads, unless a shell or ssh runs it as commands", async () => {
    const { commandSecretIn } = await import("../../policies/lib/command-line");
    const help = "cat > /etc/motd <<'EOF'\nConnect with: psql --password yourpass\nEOF\n";
    expect(commandSecretIn(`#!/bin/sh\n${help}echo done\n`)).toBeUndefined();
    // The commands resume after the line that closes it (tabs stripped for <<-), and the opening line is a command.
    expect(commandSecretIn("#!/bin/sh\ncat <<-END >/tmp/x\n\t--password a\n\tEND\nredis-cli -a example-only ping\n")).toEqual({
      what: "a literal password given to redis-cli by -a",
      line: 5,
    });
    expect(commandSecretIn("#!/bin/sh\nmysql -pexample-only <<EOF\nSELECT 1;\nEOF\n")).toEqual({ what: "a literal password given to mysql by -p", line: 2 });
    // A space after <<; a closing word after tabs closes only a <<- document; ssh runs the document on the remote host.
    expect(commandSecretIn("#!/bin/sh\ncat > /etc/motd << 'EOF'\nConnect with: psql --password yourpass\nEOF\n")).toBeUndefined();
    expect(commandSecretIn("#!/bin/sh\ncat <<EOF >/tmp/x\n\tEOF\n--password example-only\nEOF\nredis-cli -a example-only ping\n")).toEqual({
      what: "a literal password given to redis-cli by -a",
      line: 6,
    });
    expect(commandSecretIn("#!/bin/sh\nssh backup@192.0.2.10 <<EOF\nmysql -pexample-only\nEOF\n")).toEqual({
      what: "a literal password given to mysql by -p",
      line: 3,
    });
    expect(commandSecretIn("#!/bin/sh\ncat <<EOF >/tmp/empty\nEOF\nredis-cli -a example-only ping\n")).toEqual({
      what: "a literal password given to redis-cli by -a",
      line: 4,
    });
    expect(commandSecretIn("#!/bin/sh\r\ncat <<EOF >/tmp/x\r\nConnect with: psql --password yourpass\r\nEOF\r\nredis-cli -a example-only ping\r\n")).toEqual({
      what: "a literal password given to redis-cli by -a",
      line: 5,
    });
    // A document never closed runs to the end of the script, as a shell reads it.
    expect(commandSecretIn("#!/bin/sh\ncat <<EOF >/tmp/x\nConnect with: psql --password yourpass\n")).toBeUndefined();
    // A here-string is no here-document; a shell reading one runs its lines.
    expect(commandSecretIn("#!/bin/sh\nbash <<EOF\nmysql -pexample-only\nEOF\n")).toEqual({ what: "a literal password given to mysql by -p", line: 3 });
    expect(commandSecretIn("#!/bin/sh\ngrep x <<< y\nmysql -pexample-only\n")).toEqual({ what: "a literal password given to mysql by -p", line: 3 });
  });
});
