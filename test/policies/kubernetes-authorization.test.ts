import { describe, expect, it } from "vitest";
import { type KubeletConfigFlags, kubeletConfigOnDisk } from "../../policies/lib/kubelet-config";
import { apiServerAuthorization, kubeletAuthorization } from "../../policies/lib/kubernetes-authorization";

const args = (entries: Record<string, string[]>) => new Map(Object.entries(entries));
/** A node that writes `files` (path to content): its kubelet's settings are looked for there, else the distribution's stand. */
const written = (files: Record<string, string>) => (flags: KubeletConfigFlags) =>
  kubeletConfigOnDisk(flags, new Map(Object.entries(files).map(([path, content]) => [path, { path, content }])), () => undefined);
/** A node that writes no file: its kubelet reads the distribution's configuration, or one not written here. */
const noFile = written({});
/** A node that writes `content` at /k.yaml. */
const fileOf = (content: string) => written({ "/k.yaml": content });
const messages = (findings: readonly { message: string; evaluable: boolean }[]) =>
  findings.map(({ message, evaluable }) => `${evaluable ? "found" : "not told"}: ${message}`);

describe("the API server's authorizers", () => {
  it("are the distribution's where no copy names one, and a file of authorizers is not read", () => {
    expect(apiServerAuthorization([], false, undefined)).toEqual([]);
    expect(messages(apiServerAuthorization([], false, "/etc/authz.yaml"))).toEqual([
      "not told: kube-apiserver's authorizers are those of /etc/authz.yaml, its authorization-config, not read here",
    ]);
  });

  it("add up across copies: AlwaysAllow in any copy allows every request", () => {
    expect(messages(apiServerAuthorization(["Node,RBAC", "AlwaysAllow"], false, undefined))).toEqual([
      "found: kube-apiserver authorizes every request (authorization-mode Node,RBAC,AlwaysAllow): AlwaysAllow allows what the other authorizers refuse",
    ]);
  });

  it("keep the distribution's Node,RBAC before a copy that adds to them, and lose them to one that replaces them", () => {
    expect(apiServerAuthorization(["Webhook"], true, undefined)).toEqual([]);
    expect(messages(apiServerAuthorization(["Webhook"], false, undefined))).toEqual([
      "found: kube-apiserver's authorizers leave out Node and RBAC (authorization-mode Webhook): kubelets are not held to their own node's Pods, Secrets and volumes; the Roles and bindings the cluster's access is written in grant nothing, and other authorizers decide",
    ]);
  });
});

describe("the kubelet's authentication and authorization", () => {
  it("take the last copy of each flag, and every spelling Go reads as true", () => {
    expect(kubeletAuthorization(args({ "anonymous-auth": ["true", "false"] }), noFile)).toEqual([]);
    expect(messages(kubeletAuthorization(args({ "anonymous-auth": ["false", "1"] }), noFile))).toEqual([
      "found: the kubelet accepts anonymous requests (anonymous-auth=1)",
    ]);
    expect(messages(kubeletAuthorization(args({ "authorization-mode": ["AlwaysAllow", "Webhook"] }), noFile))).toEqual([]);
  });

  it("take a read-only port as pflag reads an integer: any base, 0 alone closed", () => {
    const opened = (port: string) => messages(kubeletAuthorization(args({ "read-only-port": [port] }), noFile)).length;
    expect(["10255", "0x27ff", "0o20017", "+10255"].map(opened)).toEqual([1, 1, 1, 1]);
    expect(["0", "00", "0x0", "-0", "port"].map(opened)).toEqual([0, 0, 0, 0, 0]);
    expect(messages(kubeletAuthorization(args({ config: ["/k.yaml"] }), fileOf("readOnlyPort: 10255\n")))).toEqual([
      "found: the kubelet serves its read-only port without authentication or authorization (readOnlyPort: 10255 in the kubelet's configuration file /k.yaml): whoever reaches it reads the node's pods and their specs",
    ]);
  });

  it("read the configuration file only for what the flags leave to it", () => {
    const permissive = fileOf("authentication:\n  anonymous:\n    enabled: true\nauthorization:\n  mode: AlwaysAllow\n");
    expect(kubeletAuthorization(args({ config: ["/k.yaml"], "anonymous-auth": ["false"], "authorization-mode": ["Webhook"] }), permissive)).toEqual([]);
    expect(messages(kubeletAuthorization(args({ config: ["/k.yaml"], "anonymous-auth": ["false"] }), permissive))).toEqual([
      "found: the kubelet authorizes every request (authorization.mode: AlwaysAllow in the kubelet's configuration file /k.yaml): whoever reaches its port runs commands in the node's pods",
    ]);
  });

  it("take a configuration file that sets neither setting as refusing anonymous requests and asking the API server", () => {
    expect(kubeletAuthorization(args({ config: ["/k.yaml"] }), fileOf("kind: KubeletConfiguration\n"))).toEqual([]);
  });

  it("cannot be told from a file not written here, a value known only at apply or a drop-in folder with none written", () => {
    expect(messages(kubeletAuthorization(args({ config: ["/k.yaml"] }), noFile))).toEqual([
      "not told: the kubelet's configuration file /k.yaml (config) is not written here",
    ]);
    expect(messages(kubeletAuthorization(args({ config: ["/k.yaml"] }), fileOf("authorization:\n  mode: ${var.mode}\n")))).toEqual([
      "not told: authorization.mode in the kubelet's configuration file /k.yaml is not known here",
    ]);
    expect(messages(kubeletAuthorization(args({ "config-dir": ["/d"] }), noFile))).toEqual([
      "not told: the kubelet's drop-ins in /d (config-dir) are not written here",
    ]);
    expect(
      kubeletAuthorization(args({ "config-dir": ["/d"], "anonymous-auth": ["false"], "authorization-mode": ["Webhook"], "read-only-port": ["0"] }), noFile),
    ).toEqual([]);
    expect(messages(kubeletAuthorization(args({ "config-dir": ["/d"] }), written({ "/d/a.conf": "authorization:\n  mode: ${var.mode}\n" })))).toEqual([
      "not told: authorization.mode in the kubelet's drop-in /d/a.conf is not known here",
    ]);
  });

  it("merge the drop-ins of config-dir over the configuration file, as JSON merge patches in the order WalkDir visits them", () => {
    const allowAll = "authorization:\n  mode: AlwaysAllow\n";
    const webhook = "authorization:\n  mode: Webhook\n";
    const opened =
      "found: the kubelet authorizes every request (authorization.mode: AlwaysAllow in the kubelet's drop-in /d/20-open.conf): whoever reaches its port runs commands in the node's pods";
    const node = (files: Record<string, string>) => messages(kubeletAuthorization(args({ config: ["/k.yaml"], "config-dir": ["/d"] }), written(files)));
    expect(node({ "/k.yaml": webhook, "/d/20-open.conf": allowAll })).toEqual([opened]);
    expect(node({ "/k.yaml": webhook, "/d/20-open.conf": allowAll, "/d/30-closed.conf": webhook })).toEqual([]);
    // Only names ending in .conf are read; a folder's drop-ins are read where its name sorts ("sub" after "20-open.conf").
    expect(node({ "/k.yaml": webhook, "/d/20-open.conf": allowAll, "/d/30-closed.yaml": webhook })).toEqual([opened]);
    expect(node({ "/k.yaml": webhook, "/d/20-open.conf": allowAll, "/d/sub/00-closed.conf": webhook })).toEqual([]);
    expect(node({ "/k.yaml": webhook, "/d/20-open.conf": allowAll, "/d/20-open-sub/x.conf": webhook, "/d/1/x.conf": webhook })).toEqual([opened]);
    // Name by name: the folder "20" sorts before "20-closed.conf", though the path "20/x.conf" sorts after it.
    expect(node({ "/k.yaml": webhook, "/d/20/x.conf": allowAll, "/d/20-closed.conf": webhook })).toEqual([]);
    // A null removes the setting (the kubelet's default stands); a drop-in that sets nothing leaves it.
    expect(node({ "/k.yaml": allowAll, "/d/10.conf": "authorization: null\n" })).toEqual([]);
    expect(node({ "/k.yaml": allowAll, "/d/10.conf": "authorization:\n  mode: null\n" })).toEqual([]);
    expect(node({ "/k.yaml": allowAll, "/d/10.conf": "kind: KubeletConfiguration\n" })).toEqual([
      "found: the kubelet authorizes every request (authorization.mode: AlwaysAllow in the kubelet's configuration file /k.yaml): whoever reaches its port runs commands in the node's pods",
    ]);
  });
});
