import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { isTerraformTemplate } from "../../lib/terraform-literal";
import { RegionalEdsPlatform } from "../../constructs/regional-eds/regional-eds-platform";
import { props } from "../helpers/platform";
import { type ApiRequest, type ClusterState, recordingApiServer } from "../helpers/recording-api-server";
import { TerraformJson } from "../helpers/terraform";
import { shellcheck, tool } from "../helpers/validators";

const tf = TerraformJson.of((scope) => new RegionalEdsPlatform(scope, "Eds", props));
const bodies = (type: string) => tf.resources(type).map(([, body]) => body);
const namespaceOf = (body: Record<string, any>): string => tf.deref(body.metadata.namespace).body.metadata.name;

const job = bodies("kubernetes_cron_job_v1").find((body) => body.metadata.name === "workspace-expiry")!;
const pod = job.spec.job_template.spec.template.spec;
const container = pod.container[0];
const scriptMap = bodies("kubernetes_config_map_v1").find((body) => body.metadata.name === "workspace-expiry")!;
const mount = container.volume_mount.find((m: any) => m.name === "script");
const scriptName = container.command[1].slice(mount.mount_path.length + 1);
const script: string = scriptMap.data[scriptName];
const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value]));

const account = tf.deref(pod.service_account_name).body.metadata;
/** The rules that apply to the job's service account: its ClusterRoles everywhere, its Roles in their namespace. */
function rulesOf(namespace: string | undefined): { api_groups: string[]; resources: string[]; verbs: string[]; resource_names?: string[] }[] {
  const isJob = (subject: any) => subject.kind === "ServiceAccount" && tf.deref(subject.name).body === tf.deref(pod.service_account_name).body;
  const cluster = bodies("kubernetes_cluster_role_binding_v1")
    .filter((binding) => binding.subject.some(isJob))
    .flatMap((binding) => tf.deref(binding.role_ref.name).body.rule);
  const local = bodies("kubernetes_role_binding_v1")
    .filter((binding) => binding.subject.some(isJob) && namespace !== undefined && namespaceOf(binding) === namespace)
    .flatMap((binding) => tf.deref(binding.role_ref.name).body.rule);
  return [...cluster, ...local];
}

/** RBAC's decision on one request (k8s.io/apiserver rbac/rule.go: group, resource/subresource, verb, resource name). */
const allowed = (request: ApiRequest): boolean =>
  rulesOf(request.namespace).some(
    (rule) =>
      rule.api_groups.includes(request.group) &&
      rule.resources.includes(request.subresource ? `${request.resource}/${request.subresource}` : request.resource) &&
      rule.verbs.includes(request.verb) &&
      (!rule.resource_names?.length || (request.name !== undefined && rule.resource_names.includes(request.name))),
  );

/** Runs the job's script with the real kubectl against a recording API server, on a given day (UTC). */
async function runJob(state: ClusterState, today: string) {
  const kubectl = tool("kubectl", "kubernetes-client");
  const folder = mkdtempSync(join(tmpdir(), "eds-expiry-"));
  const bin = join(folder, "bin");
  mkdirSync(bin);
  // The day is the only thing faked: `date` answers it when asked for the UTC day, and fails on any other question.
  writeFileSync(join(bin, "date"), `#!/bin/sh\n[ "$*" = "-u +%Y%m%d" ] || exit 2\necho ${today}\n`);
  chmodSync(join(bin, "date"), 0o755);
  writeFileSync(join(folder, scriptName), script);
  const server = await recordingApiServer(state);
  writeFileSync(join(folder, "kubeconfig"), server.kubeconfig);
  try {
    const run = await promisify(execFile)("/bin/sh", [join(folder, scriptName)], {
      env: { ...env, PATH: `${bin}:${kubectl.replace(/\/kubectl$/, "")}:/usr/bin:/bin`, KUBECONFIG: join(folder, "kubeconfig"), HOME: folder },
    }).then(
      ({ stdout, stderr }) => ({ status: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ status: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
    return { ...run, requests: server.requests.filter((request) => request.resource !== "namespaces" || request.verb !== "get") };
  } finally {
    await server.close();
  }
}

const workspace = (expiry?: string) => ({ "eds-regional/kind": "workspace", ...(expiry === undefined ? {} : { "eds-regional/expiry": expiry }) });
const stopped = (requests: readonly ApiRequest[]) =>
  [...new Set(requests.filter((request) => request.verb === "patch" && request.subresource === "scale").map((request) => request.namespace))].sort();

describe("the workspace expiry job", () => {
  it("runs daily at 01:00 UTC (the same date in Paris), one run at a time, the script the ConfigMap mounts", () => {
    expect(job.spec).toMatchObject({ schedule: "0 1 * * *", timezone: "Etc/UTC", concurrency_policy: "Forbid" });
    expect(container.command[0]).toBe("/bin/sh");
    expect(tf.deref(pod.volume.find((v: any) => v.name === "script").config_map.name).body).toBe(scriptMap);
    expect(script).toMatch(/^#!\/bin\/sh\n/);
    // Terraform would read `${...}` in the ConfigMap as its own interpolation.
    expect(isTerraformTemplate(script)).toBe(false);
  });

  it("is a script ShellCheck finds nothing in, as POSIX sh", () => {
    const result = shellcheck(script, scriptName);
    expect(result.output).toBe("");
    expect(result.status).toBe(0);
    expect(shellcheck(`${script}echo $undefined_variable\n`, scriptName).status).not.toBe(0);
  });

  it("stops, with the real kubectl, the workspaces past their last day only, and says which", async () => {
    const run = await runJob(
      {
        namespaces: {
          "project-ended": workspace("2026-11-28"),
          "project-last-day": workspace("2026-11-29"),
          "project-later": workspace("2027-06-30"),
          ingestion: { "eds-regional/kind": "platform", "eds-regional/expiry": "2020-01-01" },
        },
      },
      "20261129",
    );
    expect(run.status, run.stderr).toBe(0);
    expect(stopped(run.requests)).toEqual(["project-ended"]);
    expect(
      run.requests.filter((request) => request.namespace === "project-ended").map((r) => `${r.verb} ${r.resource}${r.subresource ? `/${r.subresource}` : ""}`),
    ).toEqual(expect.arrayContaining(["patch deployments/scale", "delete rolebindings"]));
    expect(run.stdout).toMatch(/project-ended: authorization ended \(last day: 2026-11-28\): tools stopped, members' access removed/);
    expect(run.requests.find((request) => request.resource === "namespaces")?.labelSelector).toBe("eds-regional/kind=workspace");
  });

  it("asks the API server only what its roles grant: the requests kubectl really makes, judged as RBAC judges them", async () => {
    const run = await runJob({ namespaces: { "project-cardio": workspace("2026-01-31") } }, "20261129");
    expect(run.status, run.stderr).toBe(0);
    expect(run.requests.length).toBeGreaterThanOrEqual(3);
    expect(run.requests.filter((request) => !allowed(request))).toEqual([]);
    // Nothing else in the namespace: not the pods, not the Secrets, not another Deployment.
    expect(allowed({ verb: "get", group: "", resource: "secrets", namespace: "project-cardio", name: "postgres-client-project-cardio" })).toBe(false);
    expect(allowed({ verb: "patch", group: "apps", resource: "deployments", namespace: "project-cardio", name: "workspace" })).toBe(false);
    expect(allowed({ verb: "patch", group: "apps", resource: "deployments", subresource: "scale", namespace: "ingestion", name: "workspace" })).toBe(false);
    expect(account.name).toBe("workspace-expiry");
  });

  it("stops a workspace whose expiry label is missing or unreadable, and fails so that it is seen", async () => {
    const run = await runJob(
      { namespaces: { "project-unlabelled": workspace(), "project-garbled": workspace("2026-13"), "project-later": workspace("2027-06-30") } },
      "20261129",
    );
    expect(run.status).toBe(1);
    expect(stopped(run.requests)).toEqual(["project-garbled", "project-unlabelled"]);
    expect(run.stderr).toMatch(/project-unlabelled: no readable expiry date/);
  });

  it("goes on with the other workspaces when one cannot be stopped, and fails", async () => {
    const run = await runJob(
      { namespaces: { "project-a": workspace("2026-01-31"), "project-b": workspace("2026-02-28") }, failingNamespaces: ["project-a"] },
      "20261129",
    );
    expect(run.status).toBe(1);
    expect(stopped(run.requests)).toEqual(["project-a", "project-b"]);
    expect(run.stderr).toMatch(/project-a: could not stop the workspace/);
    expect(run.stdout).toMatch(/project-b: authorization ended/);
  });

  it("does nothing, successfully, when no workspace has ended", async () => {
    const run = await runJob({ namespaces: { "project-later": workspace("2027-06-30") } }, "20261129");
    expect(run.status, run.stderr).toBe(0);
    expect(stopped(run.requests)).toEqual([]);
  });

  it("covers every active project's namespace, and reaches the API server only", () => {
    const covered = bodies("kubernetes_role_binding_v1")
      .filter((binding) => binding.metadata.name === "eds-workspace-expiry")
      .map(namespaceOf);
    expect(covered).toEqual(["project-cardio"]);
    const egress = bodies("kubernetes_network_policy_v1")
      .filter((policy) => namespaceOf(policy) === "workspace-expiry" && policy.spec.egress)
      .flatMap((policy) => policy.spec.egress.map((rule: any) => `${JSON.stringify(rule.to)} ${JSON.stringify(rule.ports)}`));
    expect(egress.filter((rule) => !rule.includes("kube-dns"))).toEqual([`[{"ip_block":{"cidr":"10.40.16.0/20"}}] [{"port":"6443","protocol":"TCP"}]`]);
  });
});
