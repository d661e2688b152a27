import { describe, expect, it } from "vitest";
import type { TfResource } from "../../policies/engine/model";
import { userDataSetup } from "../../policies/lib/node-setup";
import { instanceType } from "../../policies/lib/openstack";
import { componentArgs, rke2Config, unknownArgument } from "../../policies/lib/rancher-config";

/** The values componentArgs gives each flag of one component's written arguments. */
const argsOf = (written: string[]) => Object.fromEntries(componentArgs({ "kube-apiserver-arg": written }, "kube-apiserver-arg"));

describe("componentArgs reads a component's arguments as k3s's GetArgs passes them", () => {
  it("keeps every copy of a flag in order, the text after the first = as its value", () => {
    expect(argsOf(["--audit-log-maxage=5", "audit-log-maxage=40", "feature-gates=A=true"])).toEqual({
      "audit-log-maxage": ["5", "40"],
      "feature-gates": ["A=true"],
    });
  });

  it("reads a flag written without = as true", () => {
    expect(argsOf(["anonymous-auth", "profiling=false"])).toEqual({ "anonymous-auth": ["true"], profiling: ["false"] });
  });

  it("appends a flag+= value and puts a flag-= value first, trimming every trailing + and -", () => {
    expect(argsOf(["audit-log-maxage=40", "audit-log-maxage-=5", "audit-log-maxage+=60"])).toEqual({ "audit-log-maxage": ["5", "40", "60"] });
    expect(argsOf(["audit-log-maxage=40", "audit-log-maxage--=5"])).toEqual({ "audit-log-maxage": ["5", "40"] });
  });

  it("skips an argument with no flag name", () => {
    expect(argsOf(["=value", "--"])).toEqual({});
  });
});

describe("unknownArgument names what of a component's arguments is known only at apply", () => {
  const unknownOf = (written: string[], flags: string[]) => {
    const values = { "kubelet-arg": written };
    return unknownArgument(values, "kubelet-arg", componentArgs(values, "kubelet-arg"), flags);
  };

  it("names an argument whose flag is known only at apply, whatever flags are asked for", () => {
    expect(unknownOf(["${var.extra}"], [])).toBe("an argument of kubelet-arg");
    expect(unknownOf(["${var.flag}=true"], ["tls-min-version"])).toBe("an argument of kubelet-arg");
  });

  it("names an asked flag whose value is known only at apply, and only an asked one", () => {
    expect(unknownOf(["tls-min-version=${var.version}"], ["tls-min-version"])).toBe("kubelet-arg's tls-min-version");
    expect(unknownOf(["tls-min-version=VersionTLS12", "max-pods=${var.pods}"], ["tls-min-version"])).toBeUndefined();
  });

  it("keeps a value known only at apply as its template", () => {
    expect(Object.fromEntries(componentArgs({ "kubelet-arg": ["max-pods=${var.pods}", "${var.extra}"] }, "kubelet-arg"))).toEqual({
      "max-pods": ["${var.pods}"],
    });
  });
});

describe("rke2Config", () => {
  const instance = (userData: string) => userDataSetup({ type: instanceType, values: { user_data: userData } } as unknown as TfResource);

  it("reads the configuration a cloud-config writes", () => {
    const config = rke2Config(instance("#cloud-config\nwrite_files:\n  - path: /etc/rancher/rke2/config.yaml\n    content: |\n      cni: cilium\n"));
    expect(config && "values" in config ? config.values : config).toEqual({ cni: "cilium" });
  });

  it("reads the configuration echo or printf writes, or appends to the one write_files wrote, where their words are known", () => {
    const values = (userData: string) => {
      const config = rke2Config(instance(userData));
      return config && "values" in config ? config.values : config;
    };
    expect(values("#!/bin/sh\necho 'cni: canal' > /etc/rancher/rke2/config.yaml\n")).toEqual({ cni: "canal" });
    expect(values("#!/bin/sh\nprintf 'cni: %s\\nprofile: %s\\n' cilium cis | sudo tee /etc/rancher/rke2/config.yaml > /dev/null\n")).toEqual({
      cni: "cilium",
      profile: "cis",
    });
    const written = (...runcmd: string[]) =>
      `#cloud-config\nwrite_files:\n  - path: /etc/rancher/rke2/config.yaml\n    content: |\n      cni: canal\nruncmd:\n${runcmd.map((command) => `  - ${JSON.stringify(command)}\n`).join("")}`;
    // The key written last wins (go-yaml v2 MapSlice, as configfilearg reads it).
    expect(values(written('echo "cni: flannel" >> /etc/rancher/rke2/config.yaml'))).toEqual({ cni: "flannel" });
    expect(values(written('echo "token: ${var.token}" | tee -a /etc/rancher/rke2/config.yaml'))).toEqual({ cni: "canal", token: "${var.token}" });
  });

  it("says the configuration is not read where a command writes it otherwise, edits it in place, or writes it under a condition", () => {
    const written = (...runcmd: string[]) =>
      rke2Config(
        instance(
          `#cloud-config\nwrite_files:\n  - path: /etc/rancher/rke2/config.yaml\n    content: |\n      cni: canal\nruncmd:\n${runcmd.map((command) => `  - ${JSON.stringify(command)}\n`).join("")}`,
        ),
      );
    expect(written("sed -i 's/canal/flannel/' /etc/rancher/rke2/config.yaml")).toEqual({
      unreadable:
        "/etc/rancher/rke2/config.yaml is not read: a command edits it in place (sed -i 's/canal/flannel/' /etc/rancher/rke2/config.yaml), which is not read here",
    });
    expect(written("curl -fsSLo /etc/rancher/rke2/config.yaml https://config.example.fr/rke2.yaml")).toEqual({
      unreadable:
        "/etc/rancher/rke2/config.yaml is not read: a command writes it (curl -fsSLo /etc/rancher/rke2/config.yaml https://config.example.fr/rke2.yaml), which is not read here",
    });
    expect(written('echo "token: $TOKEN" >> /etc/rancher/rke2/config.yaml')).toHaveProperty("unreadable");
    expect(
      rke2Config(
        instance("#!/bin/sh\nif curl -sk https://192.0.2.10:9345/ping; then\n  echo 'server: https://192.0.2.10:9345' >> /etc/rancher/rke2/config.yaml\nfi\n"),
      ),
    ).toEqual({
      unreadable: "/etc/rancher/rke2/config.yaml is not read: it is written under a condition or in a loop, not followed here",
    });
    expect(rke2Config(instance("#cloud-config\nruncmd:\n  - [sh, -c, 'echo cni: cilium >> /etc/rancher/rke2/config.yaml']\n"))).toHaveProperty("unreadable");
  });

  it("reads a configuration written aside and moved or copied into place once written, and no other a command writes", () => {
    const aside = (command: string) =>
      rke2Config(instance(`#cloud-config\nwrite_files:\n  - path: /opt/rke2.yaml\n    content: |\n      profile: cis\nruncmd:\n  - ${command}\n`));
    for (const command of [
      "mv /opt/rke2.yaml /etc/rancher/rke2/config.yaml",
      "mkdir -p /etc/rancher/rke2 && cp /opt/rke2.yaml /etc/rancher/rke2/config.yaml.d/10-cis.yaml",
    ]) {
      const config = aside(command);
      expect(config && "values" in config ? config.values : config, command).toEqual({ profile: "cis" });
    }
    expect(aside("mv /opt/$NAME.yaml /etc/rancher/rke2/config.yaml")).toHaveProperty("unreadable");
  });

  it("says the configuration is not read where a command installs or starts RKE2 and none is written", () => {
    expect(rke2Config(instance("#cloud-config\nruncmd:\n  - curl -sfL https://get.rke2.io | sh -\n"))).toEqual({
      unreadable:
        "the user data installs or starts RKE2 (curl -sfL https://get.rke2.io | sh -) and writes no configuration: RKE2 runs with the image's, or its defaults, which are not read here",
    });
    expect(rke2Config(instance("#!/bin/sh\nsystemctl enable --now rke2-agent\n"))).toHaveProperty("unreadable");
  });

  it("says a cloud-config known only in part that is YAML only once rendered is not read", () => {
    const template = "#cloud-config\nwrite_files:\n  - path: /etc/rancher/rke2/config.yaml\n    content: |\n      cni: canal\n${var.extra}\n";
    expect(rke2Config(instance(template))).toEqual({
      unreadable: "the user data names /etc/rancher/rke2/config.yaml, but its cloud-config, known only in part, is YAML only once rendered",
    });
  });

  it("gives nothing for user data that does not name it: the instance runs no RKE2 this configuration shows", () => {
    expect(rke2Config(instance("#!/bin/sh\napt-get install -y nginx\n"))).toBeUndefined();
    expect(rke2Config(instance("#cloud-config\npackages: [nginx]\n"))).toBeUndefined();
    // Named in a file another program reads (an audit rule), not by a command.
    expect(
      rke2Config(instance("#cloud-config\nwrite_files:\n  - path: /etc/audit/rules.d/rke2.rules\n    content: '-w /etc/rancher/rke2/config.yaml -p wa'\n")),
    ).toBeUndefined();
  });
});
