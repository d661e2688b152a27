import { ClusterRoleBindingV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-binding-v1";
import { ClusterRoleV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-v1";
import type { CronJobV1 } from "@cdktf/provider-kubernetes/lib/cron-job-v1";
import { RoleBindingV1 } from "@cdktf/provider-kubernetes/lib/role-binding-v1";
import { RoleV1 } from "@cdktf/provider-kubernetes/lib/role-v1";
import type { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { Construct } from "constructs";
import { AccessControl } from "./access-control";
import { AnalysisWorkspace } from "./analysis-workspace";
import { KubectlJob } from "./private/kubectl-job";
import { labelKeys } from "./private/restricted-pod";
import type { SecureNamespace } from "./secure-namespace";

export interface WorkspaceExpiryProps {
  readonly namespace: SecureNamespace;
  /** Label of the workspaces' nodes, which its pods keep off (on Magnum they carry no taint). */
  readonly workspacesNodeLabel: readonly [string, string];
  /** An image with kubectl and a POSIX shell (sh, date, tr), pinned by digest, from the region's registry. */
  readonly image: string;
  /** Labels that mark workspace namespaces: the job reads the expiry of these only. */
  readonly workspaceNamespaceLabels: Readonly<Record<string, string>>;
  readonly apiServerCidr: string;
  /**
   * When the job runs, in UTC. At 01:00 UTC the date is the same in Paris (UTC+1 or +2), so a workspace stops between
   * 02:00 and 03:00, French time, the day after its last day.
   * @default "0 1 * * *"
   */
  readonly schedule?: string;
}

/**
 * The job's script. kubectl's JSONPath (k8s.io/client-go/util/jsonpath) reads a label key with `-` and `/` as one
 * field name, and prints an absent label as nothing (kubectl allows missing keys by default). `kubectl scale` reads
 * the Deployment, then patches its scale subresource; `kubectl delete --wait=false` deletes each object it names
 * without reading it (kubectl pkg/cmd/scale, pkg/cmd/delete): the job's Role grants exactly these.
 */
export const stopExpiredWorkspacesScript = [
  "#!/bin/sh",
  "# Managed by EDS Régional: stops every workspace whose authorization has ended (the day after the last day its",
  `# namespace's ${labelKeys.expiry} label names), until the next apply drops it: tools scaled to zero, members'`,
  "# access removed, the tools' Ingresses deleted. A workspace whose label is missing or unreadable is stopped too, and",
  "# the job fails, to be seen.",
  "set -u",
  "today=$(date -u +%Y%m%d)",
  "failed=0",
  `workspaces=$(kubectl get namespaces --selector "$WORKSPACE_SELECTOR" --output 'jsonpath={range .items[*]}{.metadata.name}{" "}{.metadata.labels.${labelKeys.expiry}}{"\\n"}{end}') || exit 1`,
  "while read -r namespace expiry; do",
  '  [ -n "$namespace" ] || continue',
  '  case "$expiry" in',
  '    [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]) [ "$(echo "$expiry" | tr -d -)" -lt "$today" ] || continue ;;',
  `    *) echo "$namespace: no readable expiry date in its ${labelKeys.expiry} label: stopped as if expired" >&2; failed=1 ;;`,
  "  esac",
  `  if kubectl --namespace "$namespace" delete ${AnalysisWorkspace.ingressNames.map((name) => `ingress/${name}`).join(" ")} --ignore-not-found --wait=false &&`,
  `    kubectl --namespace "$namespace" scale deployment/${AnalysisWorkspace.deploymentName} --replicas=0 &&`,
  `    kubectl --namespace "$namespace" delete rolebinding/${AccessControl.membersBinding} --ignore-not-found --wait=false; then`,
  `    echo "$namespace: authorization ended (last day: $expiry): tools unpublished and stopped, members' access removed"`,
  "  else",
  '    echo "$namespace: could not stop the workspace" >&2',
  "    failed=1",
  "  fi",
  "done <<EOF",
  "$workspaces",
  "EOF",
  'exit "$failed"',
  "",
].join("\n");

/**
 * Makes a project's expiry take effect on its day, not at the next apply: a daily job reads the expiry label of every
 * workspace namespace and, past it, unpublishes the tools (deletes their Ingresses), scales them to zero and removes
 * the members' access (CNIL EDS referential: access limited to the duration of the authorization; EHDS Art. 68, a data
 * permit's validity). Unpublished, tools an operator scales back up are open to no one: the operators' role may scale,
 * and the entrance admits the members' group until the identity provider removes it. The extract stays, for the
 * archive period; the next apply drops the workspace. The job can read namespaces, and in each workspace namespace
 * (granted one by one, see `cover`) delete the tools' Ingresses, scale the tools and delete the members' binding, by
 * name: nothing else.
 */
export class WorkspaceExpiry extends Construct {
  readonly job: CronJobV1;
  private readonly account: ServiceAccountV1;

  constructor(scope: Construct, id: string, props: WorkspaceExpiryProps) {
    super(scope, id);
    const name = "workspace-expiry";
    const job = new KubectlJob(this, "Job", {
      namespace: props.namespace,
      avoidNodes: props.workspacesNodeLabel,
      name,
      image: props.image,
      schedule: props.schedule ?? "0 1 * * *",
      script: stopExpiredWorkspacesScript,
      env: [
        {
          name: "WORKSPACE_SELECTOR",
          value: Object.entries(props.workspaceNamespaceLabels)
            .map(([key, value]) => `${key}=${value}`)
            .join(","),
        },
      ],
      backoffLimit: 2,
      apiServerCidr: props.apiServerCidr,
      exception: {
        id: "workspace-expiry-api",
        reason: "the expiry job reads the workspaces' expiry labels and stops the expired ones through the API server",
      },
    });
    this.job = job.job;
    this.account = job.account;
    const readNamespaces = new ClusterRoleV1(this, "ReadNamespaces", {
      metadata: { name: `eds-${name}-namespaces` },
      rule: [{ apiGroups: [""], resources: ["namespaces"], verbs: ["get", "list"] }],
    });
    new ClusterRoleBindingV1(this, "ReadNamespacesBinding", {
      metadata: { name: `eds-${name}-namespaces` },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: readNamespaces.metadata.name },
      subject: [{ kind: "ServiceAccount", name: this.account.metadata.name, namespace: props.namespace.name }],
    });
  }

  /** Lets the job stop this workspace: delete its Ingresses, scale its tools, delete its members' binding, by name. */
  cover(workspace: AnalysisWorkspace): void {
    const namespace = workspace.namespace.ref;
    const role = new RoleV1(workspace, "ExpiryRole", {
      metadata: { name: "eds-workspace-expiry", namespace },
      rule: [
        { apiGroups: ["apps"], resources: ["deployments"], resourceNames: [AnalysisWorkspace.deploymentName], verbs: ["get"] },
        { apiGroups: ["apps"], resources: ["deployments/scale"], resourceNames: [AnalysisWorkspace.deploymentName], verbs: ["patch"] },
        { apiGroups: ["rbac.authorization.k8s.io"], resources: ["rolebindings"], resourceNames: [AccessControl.membersBinding], verbs: ["delete"] },
        { apiGroups: ["networking.k8s.io"], resources: ["ingresses"], resourceNames: [...AnalysisWorkspace.ingressNames], verbs: ["delete"] },
      ],
    });
    new RoleBindingV1(workspace, "ExpiryBinding", {
      metadata: { name: "eds-workspace-expiry", namespace },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name },
      subject: [{ kind: "ServiceAccount", name: this.account.metadata.name, namespace: this.account.metadata.namespace }],
    });
  }
}
