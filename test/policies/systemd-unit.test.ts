import { describe, expect, it } from "vitest";
import { environmentAssignments, serviceSettings, serviceUnit } from "../../policies/lib/systemd-unit";

describe("serviceSettings reads a unit file's [Service] section as systemd does", () => {
  it("joins lines that end in a backslash, skips comments and other sections", () => {
    const unit = [
      "[Unit]",
      "Description=K3s",
      "ExecStart=/bin/false",
      "[Service]",
      "# a comment",
      "; another",
      "ExecStart=/usr/local/bin/k3s \\",
      "    server \\",
      "    # a comment inside the command is left out",
      "    '--disable=traefik'",
      "Environment=A=1",
      "[Install]",
      "WantedBy=multi-user.target",
    ].join("\n");
    expect(serviceSettings(unit)).toEqual([
      { key: "ExecStart", value: "/usr/local/bin/k3s  server  '--disable=traefik'" },
      { key: "Environment", value: "A=1" },
    ]);
  });
});

describe("environmentAssignments reads Environment= as systemd splits it", () => {
  it("takes quoted words whole and skips words that assign nothing", () => {
    expect(environmentAssignments(`"K3S_CONFIG_FILE=/opt/k3s/a b.yaml" B=2 'C=x y' plain "D=say \\"hi\\""`)).toEqual([
      ["K3S_CONFIG_FILE", "/opt/k3s/a b.yaml"],
      ["B", "2"],
      ["C", "x y"],
      ["D", 'say "hi"'],
    ]);
  });
});

describe("serviceUnit reads a service from its unit file and drop-ins", () => {
  const unit = "/etc/systemd/system/k3s.service";
  const dropIn = (name: string) => `/etc/systemd/system/k3s.service.d/${name}`;
  const file = (path: string, content: string | undefined) => ({ path, content });

  it("runs the last command after the last empty ExecStart=, drop-ins in the order of their names, after the unit", () => {
    const files = [
      file(dropIn("20-second.conf"), "[Service]\nExecStart=\nExecStart=-/usr/local/bin/k3s server --second"),
      file(dropIn("10-first.conf"), "[Service]\nExecStart=\nExecStart=/usr/local/bin/k3s server --first\nEnvironment=A=1\nEnvironmentFile=-/etc/k3s/extra.env"),
      file(unit, "[Service]\nExecStart=/usr/local/bin/k3s server --unit"),
      file(dropIn("README"), "[Service]\nExecStart=\nExecStart=/bin/true"),
    ];
    expect(serviceUnit(files, "k3s", false)).toEqual({
      execStart: "/usr/local/bin/k3s server --second",
      variables: new Map([["A", "1"]]),
      environmentFiles: ["/etc/k3s/extra.env"],
    });
  });

  it("leaves out a unit file something writes anew, keeps its drop-ins, and says which file is not known", () => {
    const files = [file(unit, "[Service]\nExecStart=/usr/local/bin/k3s server --unit"), file(dropIn("10.conf"), "[Service]\nEnvironment=A=1")];
    expect(serviceUnit(files, "k3s", true)).toEqual({ variables: new Map([["A", "1"]]), environmentFiles: [] });
    expect(serviceUnit([file(dropIn("10.conf"), "[Service]\nExecStart=${var.command}")], "k3s", true)).toMatchObject({ unread: dropIn("10.conf") });
    expect(serviceUnit([file(dropIn("10.conf"), undefined)], "k3s", true)).toMatchObject({ unread: dropIn("10.conf") });
  });
});
