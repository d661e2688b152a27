import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkPaths } from "../../policies/check";
import { apiServerExtraArgs, apiServerMounts, hostPathOf, kubeadmControlPlaneSpec, mountHolding } from "../../policies/lib/kubeadm";
import { fixtureSettings } from "./fixture-runner";

const controlPlane = (apiVersion: string, kubeadmConfigSpec: unknown) => ({
  apiVersion: `controlplane.cluster.x-k8s.io/${apiVersion}`,
  kind: "KubeadmControlPlane",
  metadata: { name: "cp", namespace: "clusters" },
  spec: { kubeadmConfigSpec },
});

describe("a kubeadm control plane's API server", () => {
  it("takes extraArgs as a map before v1beta2 and as a list of name and value from it, and none from another object", () => {
    const v1beta1 = kubeadmControlPlaneSpec(controlPlane("v1beta1", { clusterConfiguration: { apiServer: { extraArgs: { "audit-log-path": "-" } } } }))!;
    expect([...apiServerExtraArgs(v1beta1)!]).toEqual([["audit-log-path", "-"]]);
    const listed = { clusterConfiguration: { apiServer: { extraArgs: [{ name: "audit-log-path", value: "-" }, { name: "profiling" }] } } };
    expect([...apiServerExtraArgs(kubeadmControlPlaneSpec(controlPlane("v1beta2", listed))!)!]).toEqual([
      ["audit-log-path", "-"],
      ["profiling", ""],
    ]);
    expect(
      apiServerExtraArgs(kubeadmControlPlaneSpec(controlPlane("v1beta2", { clusterConfiguration: { apiServer: { extraArgs: "${ARGS}" } } }))!),
    ).toBeUndefined();
    expect(kubeadmControlPlaneSpec({ ...controlPlane("v1beta1", {}), kind: "KubeadmConfig" })).toBeUndefined();
  });

  it("mounts the certificates folder (certificatesDir, else /etc/kubernetes/pki) and the CA folders read-only, then its extraVolumes", () => {
    const spec = kubeadmControlPlaneSpec(
      controlPlane("v1beta1", {
        clusterConfiguration: {
          certificatesDir: "/etc/k8s/pki",
          apiServer: { extraVolumes: [{ name: "audit", hostPath: "/srv/audit", mountPath: "/etc/kubernetes/audit/", readOnly: true }] },
        },
      }),
    )!;
    const mounts = apiServerMounts(spec)!;
    expect(mountHolding(mounts, "/etc/k8s/pki/audit.yaml")).toEqual({ mountPath: "/etc/k8s/pki", hostPath: "/etc/k8s/pki", readOnly: true });
    expect(mountHolding(mounts, "/etc/kubernetes/pki/audit.yaml")).toBeUndefined();
    const audit = mountHolding(mounts, "/etc/kubernetes/audit/policy.yaml")!;
    expect(hostPathOf(audit, "/etc/kubernetes/audit/policy.yaml")).toBe("/srv/audit/policy.yaml");
    // A folder's name that starts another's is not that folder.
    expect(mountHolding(mounts, "/etc/kubernetes/auditing/policy.yaml")).toBeUndefined();
    expect(mountHolding(apiServerMounts(kubeadmControlPlaneSpec(controlPlane("v1beta1", {}))!)!, "/etc/kubernetes/pki/policy.yaml")?.mountPath).toBe(
      "/etc/kubernetes/pki",
    );
  });
});

describe("kubeadm-audit-log-enabled", () => {
  /** What the policy says of one KubeadmControlPlane written as YAML. */
  async function said(yaml: string): Promise<string[]> {
    const folder = mkdtempSync(join(tmpdir(), "eds-kubeadm-"));
    writeFileSync(join(folder, "cp.yaml"), yaml);
    const report = await checkPaths([folder], { settings: fixtureSettings });
    return report.outcomes
      .filter((outcome) => outcome.policyId === "kubeadm-audit-log-enabled" && outcome.status !== "compliant")
      .map(({ status, message }) => `${status}: ${String(message).replace("KubeadmControlPlane clusters/cp: ", "")}`);
  }
  const withApiServer = (apiServer: string, files = "") =>
    [
      "apiVersion: controlplane.cluster.x-k8s.io/v1beta1",
      "kind: KubeadmControlPlane",
      "metadata:",
      "  name: cp",
      "  namespace: clusters",
      "spec:",
      "  kubeadmConfigSpec:",
      "    clusterConfiguration:",
      "      apiServer:",
      apiServer.replace(/^/gm, "        "),
      ...(files ? ["    files:", files.replace(/^/gm, "      ")] : []),
    ].join("\n");
  const policy = (level: string) =>
    `- path: /etc/kubernetes/pki/audit.yaml\n  content: |\n    apiVersion: audit.k8s.io/v1\n    kind: Policy\n    rules:\n      - level: ${level}`;

  it("reads a policy in the certificates folder kubeadm mounts, and says a log folder mounted read-only cannot be written", async () => {
    const args = "extraArgs:\n  audit-policy-file: /etc/kubernetes/pki/audit.yaml\n  audit-log-path: /var/log/audit/api.log";
    expect(
      await said(withApiServer(`${args}\nextraVolumes:\n  - name: log\n    hostPath: /var/log/audit\n    mountPath: /var/log/audit`, policy("Metadata"))),
    ).toEqual([]);
    expect(
      await said(
        withApiServer(
          `${args}\nextraVolumes:\n  - name: log\n    hostPath: /var/log/audit\n    mountPath: /var/log/audit\n    readOnly: true`,
          policy("Metadata"),
        ),
      ),
    ).toEqual([
      "violation: /var/log/audit, where audit-log-path writes /var/log/audit/api.log, is mounted read-only: the API server cannot write its audit log",
    ]);
  });

  it("says a webhook alone is a backend, a policy written only by another tool is not known here, and one that records nothing is flagged", async () => {
    const args = "extraArgs:\n  audit-policy-file: /etc/kubernetes/pki/audit.yaml\n  audit-webhook-config-file: /etc/kubernetes/pki/webhook.yaml";
    expect(await said(withApiServer(args, policy("Metadata")))).toEqual([]);
    expect(await said(withApiServer(args))).toEqual([
      "cannot-evaluate: no entry of files, nor a command of preKubeadmCommands, writes the audit policy at /etc/kubernetes/pki/audit.yaml: it is not known here",
    ]);
    expect(await said(withApiServer(args, policy("None")))).toEqual([
      "violation: the audit policy at /etc/kubernetes/pki/audit.yaml does not record reads of secrets nor changes of role bindings: they reach no rule, or one at level None",
    ]);
  });

  it("reads a policy preKubeadmCommands write (a here-document, echo) or move into place once files are written", async () => {
    const args = 'extraArgs:\n  audit-policy-file: /etc/kubernetes/pki/audit.yaml\n  audit-log-path: "-"';
    const commands = (...lines: string[]) =>
      `${withApiServer(args)}\n    preKubeadmCommands:\n${lines.map((line) => `      - ${JSON.stringify(line)}`).join("\n")}`;
    expect(
      await said(
        commands(
          "mkdir -p /etc/kubernetes/pki",
          "cat > /etc/kubernetes/pki/audit.yaml <<'EOF'\napiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: None\nEOF",
        ),
      ),
    ).toEqual([
      "violation: the audit policy at /etc/kubernetes/pki/audit.yaml does not record reads of secrets nor changes of role bindings: they reach no rule, or one at level None",
    ]);
    expect(
      await said(
        `${withApiServer(args, policy("Metadata").replace("/etc/kubernetes/pki/audit.yaml", "/opt/audit.yaml"))}\n    preKubeadmCommands:\n      - mv /opt/audit.yaml /etc/kubernetes/pki/audit.yaml`,
      ),
    ).toEqual([]);
    expect(await said(commands("curl -fsSLo /etc/kubernetes/pki/audit.yaml https://config.example.fr/audit.yaml"))).toEqual([
      "cannot-evaluate: /etc/kubernetes/pki/audit.yaml is not read: a command writes it (curl -fsSLo /etc/kubernetes/pki/audit.yaml https://config.example.fr/audit.yaml), which is not read here: the audit policy cannot be read",
    ]);
  });

  it("says a policy at a level the API server refuses, or a webhook configuration no volume mounts, stops the API server", async () => {
    const args = 'extraArgs:\n  audit-policy-file: /etc/kubernetes/pki/audit.yaml\n  audit-log-path: "-"';
    expect(await said(withApiServer(args, policy("metadata")))).toEqual([
      'violation: the audit policy at /etc/kubernetes/pki/audit.yaml sets level "metadata" in rule 1, which the API server refuses (a rule\'s level is None, Metadata, Request or RequestResponse): it does not start',
    ]);
    expect(await said(withApiServer(`${args}\n  audit-webhook-config-file: /etc/audit/webhook.yaml`, policy("Metadata")))).toEqual([
      "violation: no volume mounts /etc/audit/webhook.yaml, the audit-webhook-config-file, into the API server's container: the API server cannot read it and does not start",
    ]);
  });

  it("names the path the API server reads a policy at, where a volume mounts the host's file elsewhere", async () => {
    const apiServer = [
      "extraArgs:",
      "  audit-policy-file: /etc/kubernetes/audit-policy.yaml",
      '  audit-log-path: "-"',
      "extraVolumes:",
      "  - name: audit",
      "    hostPath: /var/lib/kubeadm/audit-policy.yaml",
      "    mountPath: /etc/kubernetes/audit-policy.yaml",
    ].join("\n");
    expect(await said(withApiServer(apiServer, policy("Metadata").replace("/etc/kubernetes/pki/audit.yaml", "/etc/kubernetes/audit-policy.yaml")))).toEqual([
      "cannot-evaluate: no entry of files, nor a command of preKubeadmCommands, writes the audit policy at /var/lib/kubeadm/audit-policy.yaml, which the API server reads as /etc/kubernetes/audit-policy.yaml: it is not known here",
    ]);
  });

  it("says a flag clusterctl fills is not known here", async () => {
    expect(await said(withApiServer("extraArgs:\n  audit-policy-file: ${AUDIT_POLICY}"))).toEqual([
      "cannot-evaluate: the API server's audit-policy-file is not known here: it is a placeholder, ${AUDIT_POLICY}, that another tool fills before the manifest is applied (kubectl takes it as written)",
    ]);
  });
});
