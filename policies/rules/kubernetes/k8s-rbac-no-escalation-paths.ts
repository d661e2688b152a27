import { cite, resourcePolicy } from "../../engine/policy";
import { bindingTypes, roleTypes } from "../../lib/kubernetes";
import { boundByName, grantsAny, type RbacRule, type RbacScope, type RuleFinding, rbacRuleViolations } from "../../lib/rbac";
import { list } from "../../lib/values";

/**
 * Rights that hand out more than they name, from the Kubernetes documentation's RBAC good practices ("Privilege
 * escalation risks"): API group, resource, the verbs that open it, and what its holder can then do. Secrets, wildcards
 * and bind, escalate and impersonate have policies of their own.
 */
const workloadCreation = "writes the pods of its scope: any image, run as any service account there, mounting any of its secrets and volumes";

/** A path on a cluster-scoped resource (`clusterScoped`) opens only through a ClusterRole bound cluster-wide (RbacScope). */
const escalationPaths: readonly { group: string; resource: string; verbs: readonly string[]; because: string; clusterScoped?: true }[] = [
  {
    group: "",
    resource: "nodes/proxy",
    verbs: ["get", "create"],
    because: "runs commands through every node's kubelet, past audit and admission",
    clusterScoped: true,
  },
  { group: "", resource: "serviceaccounts/token", verbs: ["create"], because: "mints a token for any service account of its scope" },
  { group: "", resource: "persistentvolumes", verbs: ["create"], because: "creates host-path volumes that mount a node's files", clusterScoped: true },
  {
    group: "certificates.k8s.io",
    resource: "certificatesigningrequests/approval",
    verbs: ["update", "patch"],
    because: "approves client certificates, for any user",
    clusterScoped: true,
  },
  // "Namespace modification": a namespace's labels set its Pod Security level.
  {
    group: "",
    resource: "namespaces",
    verbs: ["update", "patch"],
    because: "relabels a namespace to a lax Pod Security level, then runs privileged pods there",
  },
  // Not in that list, and as far-reaching (Polaris's clusterrolePodExecAttach check; exec over WebSocket is authorized as
  // get, over SPDY as create): a command, a container or a connection inside pods that exist.
  ...["pods/exec", "pods/attach"].map((resource) => ({
    group: "",
    resource,
    verbs: ["get", "create"],
    because: "runs commands in the pods of its scope, with their service accounts, secrets and data",
  })),
  { group: "", resource: "pods/ephemeralcontainers", verbs: ["update", "patch"], because: "adds a container of any image to a running pod, with its volumes" },
  { group: "", resource: "pods/portforward", verbs: ["get", "create"], because: "reaches the pods' ports past every NetworkPolicy" },
  // "Workload creation": a pod runs as any service account of its namespace, and mounts any of its secrets and claims.
  { group: "", resource: "pods", verbs: ["create"], because: workloadCreation },
  // A pod's spec is immutable but for its images (core validation, ValidatePodUpdate): updating one swaps the code that
  // runs with its service account, secrets and volumes. Listed after create, which says more, for a rule granting both.
  {
    group: "",
    resource: "pods",
    verbs: ["update", "patch"],
    because: "swaps the images of the pods of its scope: any code, run with their service accounts, secrets and volumes",
  },
  { group: "", resource: "replicationcontrollers", verbs: ["create", "update", "patch"], because: workloadCreation },
  ...["deployments", "daemonsets", "statefulsets", "replicasets"].map((resource) => ({
    group: "apps",
    resource,
    verbs: ["create", "update", "patch"],
    because: workloadCreation,
  })),
  ...["jobs", "cronjobs"].map((resource) => ({ group: "batch", resource, verbs: ["create", "update", "patch"], because: workloadCreation })),
  ...["mutatingwebhookconfigurations", "validatingwebhookconfigurations"].map((resource) => ({
    group: "admissionregistration.k8s.io",
    resource,
    verbs: ["create", "update", "patch"],
    because: "rewrites or lets through every object the API admits",
    clusterScoped: true as const,
  })),
];

/**
 * Whether a rule's resources name `resource` itself, or its subresource through "*\/exec" (RBAC's ResourceMatches, in
 * kubernetes pkg/apis/rbac/v1/evaluation_helpers.go); a bare "*" is k8s-rbac-no-wildcards' to flag.
 */
const namesResource = (resources: unknown, resource: string): boolean => {
  const subresource = resource.includes("/") ? resource.slice(resource.indexOf("/")) : undefined;
  return list(resources).some((item) => item === resource || (subresource !== undefined && item === `*${subresource}`));
};

/**
 * The escalation paths a rule opens where it grants, one per resource (the first listed, where several verbs of it open
 * different ones), unless it is bound by name (boundByName: it reaches the named objects alone, as the remediation asks;
 * names known only at apply may be none). A namespace's own object is in its scope: `/api/v1/namespaces/x` is
 * authorized in namespace x.
 */
const escalationsOf = (rule: RbacRule, scope: RbacScope): RuleFinding[] =>
  boundByName(rule) === true
    ? []
    : escalationPaths
        .filter((path) => scope === "cluster" || !path.clusterScoped)
        .filter((path) => grantsAny(rule.api_groups, [path.group]) && namesResource(rule.resources, path.resource) && grantsAny(rule.verbs, path.verbs))
        .filter((path, i, opened) => opened.findIndex((other) => other.resource === path.resource) === i)
        .map((path) => ({ grants: path.resource, so: `its holder ${path.because}`, field: "resources" }));

export default resourcePolicy(
  {
    id: "k8s-rbac-no-escalation-paths",
    title: "Roles open no path to more rights than they name",
    description:
      "Flags rules of Roles and ClusterRoles that grant nodes/proxy, the creation of service account tokens or persistent volumes, the writing of pods or of the workloads that make them, exec, attach, port-forward or ephemeral containers in pods, the relabelling of namespaces, the approval of certificate signing requests, or the writing of admission webhook configurations, unless the rule names the objects it grants (resource_names, none empty: a create then gets nothing, any other request the named objects alone); the same rights collected from Kubernetes' built-in roles by a ClusterRole's aggregation, and granted by a binding to a built-in ClusterRole (admin and edit, system:node, the controllers' roles that write workloads, mint tokens or approve certificates). A Role, or a RoleBinding, grants in its namespace only: the rights on cluster-scoped resources (nodes, persistent volumes, certificate signing requests, webhook configurations) are flagged on ClusterRoles and ClusterRoleBindings.",
    rationale:
      "Each of these rights lets its holder act beyond it: as the kubelet on every node, as any service account, with every secret a namespace holds (the pseudonymisation key, a database password), inside running pods and past the NetworkPolicies, under a Pod Security level it chose, as any user with an approved certificate, or on every object the API admits. Scaling (the scale subresource) and deleting pods change no pod's content, and are not flagged.",
    remediation: "Remove the right, or give it to the one controller that needs it, bound by name (resource_names) where the API allows.",
    severity: "high",
    references: [
      cite("cis-kubernetes", "5.1.4", "unverified"),
      cite("cis-kubernetes", "5.1.9-5.1.13", "unverified"),
      cite("anssi", "PA-022 R39-R40"),
      cite("secnumcloud-3.2", "9.3.d-f"),
    ],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [...roleTypes, ...bindingTypes],
  (resource, { graph }) => rbacRuleViolations(resource, graph, escalationsOf),
);
