import { ClusterRoleBindingV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-binding-v1";
import { ClusterRoleV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-v1";
import { RoleBindingV1 } from "@cdktf/provider-kubernetes/lib/role-binding-v1";
import { Construct } from "constructs";
import { airlockApi } from "./airlock";
import type { SecureNamespace } from "./secure-namespace";

export interface AccessControlProps {
  /** Identity-provider group of the platform operators. */
  readonly adminGroup: string;
  /** Prefix the API server adds to OIDC group names. */
  readonly groupsPrefix: string;
}

/**
 * Who may do what in the cluster: people are bound through their identity-provider groups, never as individuals and
 * never to cluster-admin (ANSSI PA-022 R39-R40, CIS 5.1.1). Operators run the platform; researchers see their own
 * workspace only.
 */
export class AccessControl extends Construct {
  static readonly operatorRole = "eds-operator";
  static readonly workspaceUserRole = "eds-workspace-user";
  /** The name of the binding that lets a project's members in, the same in every workspace namespace. */
  static readonly membersBinding = "workspace-members";
  private readonly groupsPrefix: string;

  constructor(scope: Construct, id: string, props: AccessControlProps) {
    super(scope, id);
    this.groupsPrefix = props.groupsPrefix;
    new ClusterRoleV1(this, "OperatorRole", {
      metadata: { name: AccessControl.operatorRole },
      rule: [
        {
          apiGroups: ["", "apps", "batch", "networking.k8s.io", "policy"],
          resources: [
            "pods",
            "pods/log",
            "services",
            "deployments",
            "daemonsets",
            "statefulsets",
            "jobs",
            "cronjobs",
            "networkpolicies",
            "poddisruptionbudgets",
            "events",
            "namespaces",
            "persistentvolumeclaims",
            "configmaps",
          ],
          verbs: ["get", "list", "watch"],
        },
        // Scale, and restart a pod by deleting it; never patch a workload, whose template would run any image with the
        // namespace's secrets (the pseudonymisation key among them): Kubernetes RBAC good practices, workload creation.
        { apiGroups: ["apps"], resources: ["deployments/scale", "statefulsets/scale"], verbs: ["get", "patch", "update"] },
        { apiGroups: [""], resources: ["pods"], verbs: ["delete"] },
      ],
    });
    new ClusterRoleBindingV1(this, "OperatorBinding", {
      metadata: { name: `${AccessControl.operatorRole}-group` },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: AccessControl.operatorRole },
      subject: [{ kind: "Group", name: `${props.groupsPrefix}${props.adminGroup}`, apiGroup: "rbac.authorization.k8s.io" }],
    });
    new ClusterRoleV1(this, "WorkspaceUserRole", {
      metadata: { name: AccessControl.workspaceUserRole },
      rule: [
        { apiGroups: [""], resources: ["pods", "pods/log", "services", "persistentvolumeclaims"], verbs: ["get", "list", "watch"] },
        { apiGroups: [airlockApi.group], resources: [airlockApi.plural], verbs: ["get", "list", "watch"] },
      ],
    });
  }

  /** Lets the members of a project (an identity-provider group) see their own workspace namespace and its airlock requests. */
  grantWorkspace(namespace: SecureNamespace, group: string): RoleBindingV1 {
    return new RoleBindingV1(namespace, `Members-${group}`, {
      metadata: { name: AccessControl.membersBinding, namespace: namespace.ref },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: AccessControl.workspaceUserRole },
      subject: [{ kind: "Group", name: `${this.groupsPrefix}${group}`, apiGroup: "rbac.authorization.k8s.io" }],
    });
  }
}
