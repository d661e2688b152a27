import { describe, expect, it } from "vitest";
import type { TfResource } from "../../policies/engine/model";
import { sshdPorts } from "../../policies/lib/sshd";

/** An instance whose cloud-config writes these files. */
function instanceWriting(files: Record<string, string>): TfResource {
  const writeFiles = Object.entries(files).map(([path, content]) => ({ path, content }));
  return { values: { user_data: `#cloud-config\n${JSON.stringify({ write_files: writeFiles })}\n` } } as unknown as TfResource;
}

describe("sshdPorts reads the ports sshd listens on as OpenSSH's servconf.c does", () => {
  it("is 22 when the cloud-config writes no Port, or no sshd configuration at all", () => {
    expect(sshdPorts(instanceWriting({}))).toEqual({ ports: [22] });
    expect(sshdPorts(instanceWriting({ "/etc/ssh/sshd_config.d/10-hardening.conf": "#Port 2222\nPasswordAuthentication no\n" }))).toEqual({ ports: [22] });
  });

  it("takes every Port of the configuration and its drop-ins, in any case, with = or spaces", () => {
    const instance = instanceWriting({
      "/etc/ssh/sshd_config": "Include /etc/ssh/sshd_config.d/*.conf\nPort 2222\n",
      "/etc/ssh/sshd_config.d/20-second.conf": "  port=2200\n",
    });
    expect(sshdPorts(instance)).toEqual({ ports: [2200, 2222] });
  });

  it("listens on a ListenAddress's own port alone, and on every Port where one names none", () => {
    expect(sshdPorts(instanceWriting({ "/etc/ssh/sshd_config": "Port 2222\nListenAddress 192.0.2.10:2200\n" }))).toEqual({ ports: [2200] });
    expect(sshdPorts(instanceWriting({ "/etc/ssh/sshd_config": "ListenAddress [2001:db8::1]:2201\nListenAddress 2001:db8::2\n" }))).toEqual({
      ports: [22, 2201],
    });
  });

  it("reads the drop-ins only where a main file written in the distribution's place includes them", () => {
    const dropIn = { "/etc/ssh/sshd_config.d/10-port.conf": "Port 2222\n" };
    expect(sshdPorts(instanceWriting({ ...dropIn, "/etc/ssh/sshd_config": "PasswordAuthentication no\n" }))).toEqual({ ports: [22] });
    expect(sshdPorts(instanceWriting({ ...dropIn, "/etc/ssh/sshd_config": "Include /etc/ssh/sshd_config.d/*.conf\n" }))).toEqual({ ports: [2222] });
  });

  it("skips files sshd does not read and ports it refuses", () => {
    expect(sshdPorts(instanceWriting({ "/etc/ssh/sshd_config.d/port.txt": "Port 2222\n", "/etc/ssh/sshd_config": "Port 70000\n" }))).toEqual({ ports: [22] });
  });

  it("cannot tell a port known only at apply", () => {
    expect(sshdPorts(instanceWriting({ "/etc/ssh/sshd_config": "Port ${var.ssh_port}\n" }))).toEqual({
      unknown: "/etc/ssh/sshd_config sets Port ${var.ssh_port}, known only at apply",
    });
  });
});

describe("sshdPorts where a command changes sshd's configuration", () => {
  const instance = (userData: string) => ({ values: { user_data: userData } }) as unknown as TfResource;

  it("cannot tell the ports where a runcmd or bootcmd entry sets a Port or ListenAddress in sshd's configuration", () => {
    expect(sshdPorts(instance("#cloud-config\nruncmd:\n  - sed -i 's/^#Port 22/Port 2222/' /etc/ssh/sshd_config\n"))).toEqual({
      unknown: "a command of the user data changes sshd's configuration (sed -i 's/^#Port 22/Port 2222/' /etc/ssh/sshd_config): its ports are not read here",
    });
    expect("unknown" in sshdPorts(instance("#cloud-config\nbootcmd:\n  - [sh, -c, 'echo ListenAddress 0.0.0.0:2200 >> /etc/ssh/sshd_config']\n"))).toBe(true);
  });

  it("cannot tell them where a script's line or here-document does", () => {
    expect("unknown" in sshdPorts(instance("#!/bin/sh\necho 'Port 2222' >> /etc/ssh/sshd_config\n"))).toBe(true);
    expect("unknown" in sshdPorts(instance("#!/bin/sh\ncat > /etc/ssh/sshd_config.d/port.conf <<EOF\nPort 2222\nEOF\nsystemctl restart ssh\n"))).toBe(true);
  });

  it("reads them still where commands name sshd's configuration without a port, or a port without it", () => {
    const userData = [
      "#cloud-config",
      "write_files:",
      "  - path: /etc/audit/rules.d/sshd.rules",
      "    content: '-w /etc/ssh/sshd_config -p wa -k sshd'",
      "runcmd:",
      "  - rm -f /etc/ssh/sshd_config.d/00-provisioning.conf",
      "  - ufw allow port 443",
      "",
    ].join("\n");
    expect(sshdPorts(instance(userData))).toEqual({ ports: [22] });
  });
});
