import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { type ApiRequest, type ClusterState, recordingApiServer } from "./recording-api-server";
import type { TerraformJson } from "./terraform";
import { tool } from "./validators";

type Rule = { api_groups: string[]; resources: string[]; verbs: string[]; resource_names?: string[] };

/**
 * A CronJob of the platform as synthesized: its pod, the script its container runs (read from the ConfigMap it
 * mounts), its environment, and the RBAC decision on a request made with its service account.
 */
export function platformJob(tf: TerraformJson, name: string) {
  const bodies = (type: string) => tf.resources(type).map(([, body]) => body);
  const namespaceOf = (body: Record<string, any>): string => tf.deref(body.metadata.namespace).body.metadata.name;
  const job = bodies("kubernetes_cron_job_v1").find((body) => body.metadata.name === name);
  if (!job) throw new Error(`no CronJob ${name}`);
  const pod = job.spec.job_template.spec.template.spec;
  const container = pod.container[0];
  const [, scriptPath] = container.command as [string, string];
  const mount = (container.volume_mount as { name: string; mount_path: string }[]).find((m) => scriptPath.startsWith(`${m.mount_path}/`))!;
  const files = tf.deref(pod.volume.find((v: any) => v.name === mount.name).config_map.name).body;
  const scriptName = scriptPath.slice(mount.mount_path.length + 1);
  const account = tf.deref(pod.service_account_name).body;
  // The job's account is a resource of the stack, named by reference; accounts that charts create are named by text.
  const isJob = (subject: any) => subject.kind === "ServiceAccount" && String(subject.name).startsWith("${") && tf.deref(subject.name).body === account;

  /** The rules that apply to the job's service account: its ClusterRoles everywhere, its Roles in their namespace. */
  const rulesOf = (namespace: string | undefined): Rule[] => [
    ...bodies("kubernetes_cluster_role_binding_v1")
      .filter((binding) => binding.subject.some(isJob))
      .flatMap((binding) => tf.deref(binding.role_ref.name).body.rule),
    ...bodies("kubernetes_role_binding_v1")
      .filter((binding) => binding.subject.some(isJob) && namespace !== undefined && namespaceOf(binding) === namespace)
      .flatMap((binding) => tf.deref(binding.role_ref.name).body.rule),
  ];

  return {
    job,
    pod,
    container,
    files: files.data as Record<string, string>,
    script: files.data[scriptName] as string,
    scriptName,
    account: account.metadata,
    env: Object.fromEntries(container.env.map((e: any) => [e.name, e.value])) as Record<string, string>,
    /** RBAC's decision on one request (k8s.io/apiserver rbac/rule.go: group, resource/subresource, verb, resource name). */
    allows: (request: ApiRequest): boolean =>
      rulesOf(request.namespace).some(
        (rule) =>
          rule.api_groups.includes(request.group) &&
          rule.resources.includes(request.subresource ? `${request.resource}/${request.subresource}` : request.resource) &&
          rule.verbs.includes(request.verb) &&
          (!rule.resource_names?.length || (request.name !== undefined && rule.resource_names.includes(request.name))),
      ),
  };
}

/**
 * Runs a job's script with the real kubectl against a recording API endpoint: the files the job mounts are written
 * beside the script, at the paths it reads them. `today` replaces `date -u +%Y%m%d` only; every other `date` is the
 * system's.
 */
export async function runWithKubectl(job: ReturnType<typeof platformJob>, state: ClusterState, options: { env?: Record<string, string>; today?: string } = {}) {
  const kubectl = tool("kubectl", "kubernetes-client");
  const folder = mkdtempSync(join(tmpdir(), "eds-job-"));
  const bin = join(folder, "bin");
  mkdirSync(bin);
  if (options.today) {
    writeFileSync(join(bin, "date"), `#!/bin/sh\nif [ "$*" = "-u +%Y%m%d" ]; then echo ${options.today}; else exec /bin/date "$@"; fi\n`);
    chmodSync(join(bin, "date"), 0o755);
  }
  const mountPath = job.container.command[1].slice(0, -(job.scriptName.length + 1));
  const files = join(folder, "files");
  mkdirSync(files);
  for (const [name, content] of Object.entries(job.files)) writeFileSync(join(files, name), content);
  // The script names its files by their path in the pod: they are read from the folder instead.
  const script = job.script.replaceAll(mountPath, files);
  writeFileSync(join(folder, job.scriptName), script);
  const server = await recordingApiServer(state);
  writeFileSync(join(folder, "kubeconfig"), server.kubeconfig);
  try {
    const run = await promisify(execFile)("/bin/sh", [join(folder, job.scriptName)], {
      env: {
        ...job.env,
        ...options.env,
        PATH: `${bin}:${kubectl.replace(/\/kubectl$/, "")}:/usr/bin:/bin`,
        KUBECONFIG: join(folder, "kubeconfig"),
        HOME: folder,
      },
    }).then(
      ({ stdout, stderr }) => ({ status: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ status: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
    return { ...run, requests: server.requests };
  } finally {
    await server.close();
  }
}
