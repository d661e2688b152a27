import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, relative, resolve } from "node:path";
import { InputError } from "../../lib/errors";
import { changesProblem, erroredPlan, isPlan } from "../inputs/plan";
import { withV1 } from "../lib/kubernetes";
import { volumeTypes } from "../lib/openstack";

/** Resources whose destruction loses data (or, for keys, makes encrypted data inputProblems). */
const dataBearing: Readonly<Record<string, string>> = {
  ...Object.fromEntries(volumeTypes.map((type) => [type, "volume"])),
  openstack_objectstorage_container_v1: "object container",
  openstack_objectstorage_object_v1: "object",
  openstack_containerinfra_cluster_v1: "Kubernetes cluster",
  openstack_containerinfra_nodegroup_v1: "node group",
  openstack_db_instance_v1: "database",
  openstack_sharedfilesystem_share_v2: "file share",
  openstack_keymanager_order_v1: "encryption key",
  openstack_keymanager_secret_v1: "encryption key",
  ...Object.fromEntries(withV1("kubernetes_persistent_volume_claim").map((type) => [type, "persistent volume claim"])),
  ...Object.fromEntries(withV1("kubernetes_persistent_volume").map((type) => [type, "persistent volume"])),
  ...Object.fromEntries(withV1("kubernetes_namespace").map((type) => [type, "namespace (and all it holds)"])),
  ...Object.fromEntries(withV1("kubernetes_stateful_set").map((type) => [type, "stateful set"])),
};

type Action = "create" | "update" | "replace" | "destroy";

interface Change {
  readonly stack: string;
  readonly address: string;
  readonly type: string;
  readonly action: Action;
}

function actionOf(actions: readonly string[]): Action | undefined {
  if (actions.includes("delete") && actions.includes("create")) return "replace";
  if (actions.includes("delete")) return "destroy";
  if (actions.includes("create")) return "create";
  if (actions.includes("update")) return "update";
  return undefined;
}

/** The stack a plan belongs to: the folder of a cdktf stack (stacks/<name>/plan.json), else the file name. */
const stackOf = (file: string): string => (basename(file) === "plan.json" ? basename(dirname(resolve(file))) : basename(file).replace(/\.json$/, ""));

function readPlan(file: string): Change[] {
  const shown = relative(process.cwd(), resolve(file)) || file;
  if (!existsSync(file)) throw new InputError(shown, "no such file");
  let document: Record<string, unknown>;
  try {
    document = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (error) {
    throw new InputError(shown, `not valid JSON: ${(error as Error).message}`);
  }
  if (!isPlan(document)) throw new InputError(shown, "not a plan: expected the output of terraform show -json <plan file>");
  const stack = stackOf(file);
  const problem = changesProblem(document.resource_changes);
  if (problem) throw new InputError(shown, `not a plan as terraform show -json writes it: ${problem}`);
  if (document.errored === true) throw new InputError(shown, `${erroredPlan}; fix its errors and plan again`);
  const changes = (document.resource_changes ?? []) as { address: string; type: string; change: { actions: string[] } }[];
  return changes.flatMap((change) => {
    const action = actionOf(change.change.actions);
    return action ? [{ stack, address: change.address, type: change.type, action }] : [];
  });
}

/** A short Markdown summary of Terraform plans for reviewers: data-bearing destroys first, then counts per stack. */
export function planSummary(files: readonly string[]): string {
  const changes = files.flatMap(readPlan);
  const stacks = [...new Set(changes.map((c) => c.stack))].sort();
  const destructive = changes.filter((c) => (c.action === "destroy" || c.action === "replace") && dataBearing[c.type]);
  const lines = ["## Terraform plan summary", ""];
  if (destructive.length > 0) {
    lines.push(`### ⚠️ ${destructive.length} data-bearing resource(s) destroyed or replaced`, "");
    for (const c of destructive) lines.push(`- **${c.action}** ${dataBearing[c.type]} \`${c.address}\` (${c.stack})`);
    lines.push("");
  } else {
    lines.push("No data-bearing resource is destroyed or replaced.", "");
  }
  lines.push("| stack | create | update | replace | destroy |", "|---|---:|---:|---:|---:|");
  const count = (stack: string, action: Action) => changes.filter((c) => c.stack === stack && c.action === action).length;
  for (const stack of stacks)
    lines.push(`| ${stack} | ${count(stack, "create")} | ${count(stack, "update")} | ${count(stack, "replace")} | ${count(stack, "destroy")} |`);
  if (stacks.length === 0) lines.push("| (no change) | 0 | 0 | 0 | 0 |");
  for (const stack of stacks) {
    const changed = changes.filter((c) => c.stack === stack && c.action !== "create");
    if (changed.length === 0) continue;
    lines.push("", `<details><summary>${stack}: updates, replacements and destroys</summary>`, "");
    for (const c of changed) lines.push(`- ${c.action} \`${c.address}\``);
    lines.push("", "</details>");
  }
  return `${lines.join("\n")}\n`;
}
