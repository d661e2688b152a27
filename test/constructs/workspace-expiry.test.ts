import { describe, expect, it } from "vitest";
import { isTerraformTemplate } from "../../lib/terraform-literal";
import { RegionalEdsPlatform } from "../../constructs/regional-eds/regional-eds-platform";
import { props } from "../helpers/platform";
import { platformJob, runWithKubectl } from "../helpers/platform-job";
import type { ApiRequest, ClusterState } from "../helpers/recording-api-server";
import { TerraformJson } from "../helpers/terraform";
import { shellcheck } from "../helpers/validators";

const tf = TerraformJson.of((scope) => new RegionalEdsPlatform(scope, "Eds", props));
const bodies = (type: string) => tf.resources(type).map(([, body]) => body);
const namespaceOf = (body: Record<string, any>): string => tf.deref(body.metadata.namespace).body.metadata.name;

const expiry = platformJob(tf, "workspace-expiry");
const { job, pod, container, script, scriptName, account } = expiry;
const scriptMap = bodies("kubernetes_config_map_v1").find((body) => body.metadata.name === "workspace-expiry")!;
const allowed = expiry.allows;

/**
 * Runs the job's script with the real kubectl against a recording API server, on a given day (UTC), years from the
 * real one: a script that asked `date` anything but the UTC day would get the real date, and the tests would see it.
 */
async function runJob(state: ClusterState, today: string) {
  const run = await runWithKubectl(expiry, state, { today });
  return { ...run, requests: run.requests.filter((request) => request.resource !== "namespaces" || request.verb !== "get") };
}

const workspace = (expiry?: string) => ({ "eds-regional/kind": "workspace", ...(expiry === undefined ? {} : { "eds-regional/expiry": expiry }) });
const stopped = (requests: readonly ApiRequest[]) =>
  [...new Set(requests.filter((request) => request.verb === "patch" && request.subresource === "scale").map((request) => request.namespace))].sort();

describe("the workspace expiry job", () => {
  it("runs daily at 01:00 UTC (the same date in Paris), one run at a time, the script the ConfigMap mounts", () => {
    expect(job.spec).toMatchObject({ schedule: "0 1 * * *", timezone: "Etc/UTC", concurrency_policy: "Forbid" });
    expect(container.command[0]).toBe("/bin/sh");
    expect(tf.deref(pod.volume.find((v: any) => v.name === "files").config_map.name).body).toBe(scriptMap);
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
          "project-ended": workspace("2031-03-14"),
          "project-last-day": workspace("2031-03-15"),
          "project-later": workspace("2031-09-30"),
          ingestion: { "eds-regional/kind": "platform", "eds-regional/expiry": "2020-01-01" },
        },
      },
      "20310315",
    );
    expect(run.status, run.stderr).toBe(0);
    expect(stopped(run.requests)).toEqual(["project-ended"]);
    expect(
      run.requests.filter((request) => request.namespace === "project-ended").map((r) => `${r.verb} ${r.resource}${r.subresource ? `/${r.subresource}` : ""}`),
    ).toEqual(expect.arrayContaining(["patch deployments/scale", "delete rolebindings", "delete ingresses"]));
    // Unpublished: tools an operator scales back up (the operators' role may) are reachable by no one.
    const unpublished = (r: ApiRequest) => r.verb === "delete" && r.resource === "ingresses";
    expect(run.requests.filter(unpublished).map((r) => `${r.namespace}/${r.name}`)).toEqual(["project-ended/jupyterlab", "project-ended/rstudio"]);
    expect(run.stdout).toMatch(/project-ended: authorization ended \(last day: 2031-03-14\): tools unpublished and stopped, members' access removed/);
    expect(run.requests.find((request) => request.resource === "namespaces")?.labelSelector).toBe("eds-regional/kind=workspace");
  });

  it("asks the API server only what its roles grant: the requests kubectl really makes, judged as RBAC judges them", async () => {
    const run = await runJob({ namespaces: { "project-cardio": workspace("2031-01-31") } }, "20310315");
    expect(run.status, run.stderr).toBe(0);
    expect(run.requests.length).toBeGreaterThanOrEqual(3);
    expect(run.requests.filter((request) => !allowed(request))).toEqual([]);
    // Each of the tools' Ingresses by name, without reading them: no list of the namespace's Ingresses.
    expect(run.requests.filter((request) => request.resource === "ingresses").map((request) => `${request.verb} ${request.name}`)).toEqual([
      "delete jupyterlab",
      "delete rstudio",
    ]);
    // Nothing else in the namespace: not the pods, not the Secrets, not another Deployment, no Ingress elsewhere.
    expect(allowed({ verb: "delete", group: "networking.k8s.io", resource: "ingresses", namespace: "ingress", name: "sign-in" })).toBe(false);
    expect(allowed({ verb: "get", group: "", resource: "secrets", namespace: "project-cardio", name: "postgres-client-project-cardio" })).toBe(false);
    expect(allowed({ verb: "patch", group: "apps", resource: "deployments", namespace: "project-cardio", name: "workspace" })).toBe(false);
    expect(allowed({ verb: "patch", group: "apps", resource: "deployments", subresource: "scale", namespace: "ingestion", name: "workspace" })).toBe(false);
    // Only the members' binding: not the operators' or the reviewers' bindings of the namespace.
    expect(allowed({ verb: "delete", group: "rbac.authorization.k8s.io", resource: "rolebindings", namespace: "project-cardio", name: "operators" })).toBe(
      false,
    );
    expect(account.name).toBe("workspace-expiry");
  });

  it("stops a workspace whose expiry label is missing or unreadable, and fails so that it is seen", async () => {
    const run = await runJob(
      { namespaces: { "project-unlabelled": workspace(), "project-garbled": workspace("2031-13"), "project-later": workspace("2031-09-30") } },
      "20310315",
    );
    expect(run.status).toBe(1);
    expect(stopped(run.requests)).toEqual(["project-garbled", "project-unlabelled"]);
    expect(run.stderr).toMatch(/project-unlabelled: no readable expiry date/);
  });

  it("goes on with the other workspaces when one cannot be stopped, and fails", async () => {
    const run = await runJob(
      { namespaces: { "project-a": workspace("2031-01-31"), "project-b": workspace("2031-02-28") }, failingNamespaces: ["project-a"] },
      "20310315",
    );
    expect(run.status).toBe(1);
    expect(stopped(run.requests)).toEqual(["project-a", "project-b"]);
    expect(run.stderr).toMatch(/project-a: could not stop the workspace/);
    expect(run.stdout).toMatch(/project-b: authorization ended/);
  });

  it("does nothing, successfully, when no workspace has ended", async () => {
    const run = await runJob({ namespaces: { "project-later": workspace("2031-09-30") } }, "20310315");
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
