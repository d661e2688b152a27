import { ClusterRoleBindingV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-binding-v1";
import { ClusterRoleV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-v1";
import { CronJobV1 } from "@cdktf/provider-kubernetes/lib/cron-job-v1";
import { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { PodDisruptionBudgetV1 } from "@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { Construct } from "constructs";
import { declareException } from "../exceptions";
import { declareFlow, zone } from "../flows";
import { containerAccess, deployTimeSecrets, requireSecret } from "./deploy-time-secrets";
import { labelKeys, restrictedContainer, restrictedPodSpec } from "./private/restricted-pod";
import { Peer, type SecureNamespace } from "./secure-namespace";
import { airlockLimits } from "./airlock-limits";

export interface AirlockProps {
  readonly namespace: SecureNamespace;
  readonly regionId: string;
  /** Image of the airlock's submission and release programs, pinned by digest. */
  readonly image: string;
  /** Distinct reviewers who must approve before anything leaves; never fewer than two. */
  readonly requiredApprovals: number;
  /** Identity-provider group of the reviewers, with the API server's prefix (oidc:...). */
  readonly reviewersGroup: string;
  /** Prefix the API server gives identity-provider groups, to recognise a project's members among the reviewers. */
  readonly groupsPrefix: string;
  /** Private container where submissions wait for review. */
  readonly stagingContainer: string;
  /** Container where approved results are released; only the release job writes there. */
  readonly releaseContainer: string;
  /** Labels that mark workspace namespaces, the only ones that may submit. */
  readonly workspaceNamespaceLabels: Readonly<Record<string, string>>;
  readonly apiServerCidr: string;
  readonly apis: { readonly identity: string; readonly objectStorage: string };
  /** The label of the nodes that run workspaces, where the airlock's programs never run (a kubelet reads its pods' Secrets). */
  readonly workspacesNodeLabel: readonly [string, string];
}

/** The API of airlock requests. */
export const airlockApi = { group: "airlock.eds-regional.eu", version: "v1", plural: "airlockrequests", kind: "AirlockRequest" } as const;

/** Annotation of a workspace namespace naming its members' group: they may never approve their own results. */
export const membersGroupAnnotation = "eds-regional/members-group";

/** The workspace pods' token for the airlock: audience-bound, short-lived, useless against the API server. */
export const airlockTokenAudience = "eds-airlock";

/** An object of the staging container, with the SHA-256 of its bytes: a name alone can be written again after approval. */
const stagedObject = {
  type: "object",
  required: ["name", "sha256"],
  properties: { name: { type: "string", minLength: 1 }, sha256: { type: "string", pattern: "^[0-9a-f]{64}$" } },
};

const { maxObjects, maxApprovals } = airlockLimits;

/** A list of objects keyed by name: the API server refuses a name twice (x-kubernetes-list-type map). */
const objectList = (description: string) => ({
  type: "array",
  maxItems: maxObjects,
  items: stagedObject,
  "x-kubernetes-list-type": "map",
  "x-kubernetes-list-map-keys": ["name"],
  description,
});

const schema = {
  type: "object",
  required: ["spec"],
  properties: {
    spec: {
      type: "object",
      required: ["project", "objects"],
      properties: {
        project: { type: "string", description: "The workspace namespace the results come from." },
        objects: {
          ...objectList("Objects in the staging container, each with the SHA-256 the submission service computed: what reviewers approve."),
          minItems: 1,
        },
        summary: { type: "string" },
        approvals: {
          type: "array",
          default: [],
          maxItems: maxApprovals,
          items: { type: "object", required: ["reviewer"], properties: { reviewer: { type: "string" }, comment: { type: "string" } } },
          "x-kubernetes-list-type": "map",
          "x-kubernetes-list-map-keys": ["reviewer"],
        },
        release: {
          type: "object",
          properties: {
            releasedBy: { type: "string" },
            objects: objectList("What the release job copied, with the SHA-256 of the bytes it copied."),
          },
        },
      },
    },
  },
};

/**
 * The CEL rules that make the airlock's guarantees hold at the API server, whoever calls it (a compromised service or a
 * reviewer with kubectl alike): what a rule refuses never happens.
 */
export function airlockValidations(props: Pick<AirlockProps, "requiredApprovals" | "reviewersGroup" | "groupsPrefix">, namespace: string) {
  const submitter = `system:serviceaccount:${namespace}:airlock-submit`;
  const releaser = `system:serviceaccount:${namespace}:airlock-release`;
  const caller = "request.userInfo.username";
  const approvals = "object.spec.approvals";
  const old = "oldObject.spec.approvals";
  const unchangedBut = (field: "approvals" | "release") =>
    ["project", "objects", "summary", field === "approvals" ? "release" : "approvals"]
      .map((key) => `(has(object.spec.${key}) == has(oldObject.spec.${key})) && (!has(object.spec.${key}) || object.spec.${key} == oldObject.spec.${key})`)
      .join(" && ");
  return [
    {
      expression: `request.operation != 'CREATE' || (${caller} == '${submitter}' && object.spec.project == object.metadata.namespace && size(${approvals}) == 0 && !has(object.spec.release))`,
      message: "only the airlock files a request, for the workspace namespace it comes from, with no approval and no release",
    },
    {
      expression: `request.operation != 'CREATE' || namespaceObject.metadata.labels['${labelKeys.kind}'] == 'workspace'`,
      message: "requests are filed in workspace namespaces only",
    },
    {
      expression: `request.operation != 'UPDATE' || ${caller} == '${releaser}' || (${unchangedBut("approvals")} && size(${approvals}) == size(${old}) + 1 && ${old}.all(a, ${approvals}.exists(b, a == b)))`,
      message: "a reviewer adds one approval and changes nothing else",
    },
    {
      expression: `request.operation != 'UPDATE' || ${caller} == '${releaser}' || ('${props.reviewersGroup}' in request.userInfo.groups && ${approvals}.exists(a, a.reviewer == ${caller}) && !${old}.exists(a, a.reviewer == ${caller}))`,
      message: "an approval is the reviewer's own, given once, by a member of the reviewers' group",
    },
    {
      expression: `request.operation != 'UPDATE' || ${caller} == '${releaser}' || !(('${props.groupsPrefix}' + namespaceObject.metadata.annotations['${membersGroupAnnotation}']) in request.userInfo.groups)`,
      message: "a member of the project never approves the project's own results",
    },
    {
      expression: `request.operation != 'UPDATE' || ${caller} != '${releaser}' || (${unchangedBut("release")} && !has(oldObject.spec.release) && size(${approvals}) >= ${props.requiredApprovals})`,
      message: `the release job marks a request released only once, after ${props.requiredApprovals} distinct approvals`,
    },
    {
      expression: `request.operation != 'UPDATE' || ${caller} != '${releaser}' || (has(object.spec.release) && has(object.spec.release.objects) && size(object.spec.release.objects) == size(object.spec.objects) && object.spec.release.objects.all(r, object.spec.objects.exists(o, o.name == r.name && o.sha256 == r.sha256)) && object.spec.objects.all(o, object.spec.release.objects.exists(r, r.name == o.name && r.sha256 == o.sha256)))`,
      message: "the release job records every object it copied with the SHA-256 of the bytes it copied, and each is the approved one",
    },
  ];
}

/**
 * The airlock: the only path by which results leave an analysis workspace (EHDS Art. 73(2), MR-004).
 *
 * A workspace posts its results to the submission service with its namespace's audience-bound token; the service
 * learns which workspace it is from the API server (TokenReview: never a value the pod declares), keeps the files in
 * the private staging container and files an AirlockRequest in that namespace. Reviewers approve with their own
 * identity, through the API server (kubectl); a ValidatingAdmissionPolicy (CEL, request.userInfo) refuses an approval
 * that is not the caller's own, one given twice, one from a member of the project, and any other change. The release
 * job copies to the release container only requests with the required number of distinct approvals, and the same
 * policy refuses to mark one released before that. Workspaces reach the submission port only; approvals never go
 * through a port a workspace can reach.
 *
 * Reviewers approve bytes, not names: the submission service can write any name of the staging container again (a
 * Swift PUT replaces an object), so each object of a request carries the SHA-256 the service computed, fixed from the
 * filing on. The release job hashes what it reads, and records what it copied with that digest; the policy refuses a
 * record that misses an object or whose digest is not the approved one. The programs (the region's airlock image) must
 * copy only after that record is accepted, from the bytes they hashed.
 *
 * The network leaves no other way: a workspace reaches no address outside the region. The tools themselves are web
 * pages: what a member sees can be copied, and JupyterLab and RStudio serve a file to the browser that asks for it
 * (JupyterLab's /files/, RStudio's export). Their images must turn that off; a remote-desktop gateway without file
 * transfer would close it at the entrance.
 */
export class Airlock extends Construct {
  static readonly port = 8080;
  /** The labels of the submission service's pods, the only ones a workspace reaches. */
  static readonly submitPods = { [labelKeys.component]: "airlock-submit" };
  readonly submission: DeploymentV1;
  readonly service: ServiceV1;
  readonly release: CronJobV1;

  constructor(scope: Construct, id: string, props: AirlockProps) {
    super(scope, id);
    if (props.requiredApprovals < 2 || props.requiredApprovals > maxApprovals)
      throw new Error(`${this.node.path}: requiredApprovals must be from 2 to ${maxApprovals}, got ${props.requiredApprovals}`);
    const { namespace } = props;
    const resource = { apiGroups: [airlockApi.group], resources: [airlockApi.plural] };

    const definition = new Manifest(this, "Definition", {
      manifest: {
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        metadata: { name: `${airlockApi.plural}.${airlockApi.group}` },
        spec: {
          group: airlockApi.group,
          scope: "Namespaced",
          names: { plural: airlockApi.plural, singular: "airlockrequest", kind: airlockApi.kind },
          versions: [{ name: airlockApi.version, served: true, storage: true, schema: { openAPIV3Schema: schema } }],
        },
      },
    });
    const policy = new Manifest(this, "AdmissionPolicy", {
      manifest: {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicy",
        metadata: { name: "airlock-requests" },
        spec: {
          failurePolicy: "Fail",
          matchConstraints: { resourceRules: [{ ...resource, apiVersions: [airlockApi.version], operations: ["CREATE", "UPDATE"] }] },
          validations: airlockValidations(props, namespace.name),
        },
      },
      dependsOn: [definition],
    });
    new Manifest(this, "AdmissionPolicyBinding", {
      manifest: {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicyBinding",
        metadata: { name: "airlock-requests" },
        spec: { policyName: "airlock-requests", validationActions: ["Deny"] },
      },
      dependsOn: [policy],
    });

    const account = (name: string) =>
      new ServiceAccountV1(this, `Account-${name}`, { metadata: { name, namespace: namespace.ref }, automountServiceAccountToken: false });
    const bind = (
      name: string,
      rules: ClusterRoleV1["rule"] extends infer _ ? { apiGroups: string[]; resources: string[]; verbs: string[] }[] : never,
      subject: object,
    ) => {
      const role = new ClusterRoleV1(this, `Role-${name}`, { metadata: { name }, rule: rules });
      new ClusterRoleBindingV1(this, `Binding-${name}`, {
        metadata: { name },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role.metadata.name },
        subject: [subject as never],
      });
    };
    const submitAccount = account("airlock-submit");
    const releaseAccount = account("airlock-release");
    bind(
      "eds-airlock-submit",
      [
        { ...resource, apiGroups: [...resource.apiGroups], resources: [...resource.resources], verbs: ["create", "get"] },
        { apiGroups: ["authentication.k8s.io"], resources: ["tokenreviews"], verbs: ["create"] },
      ],
      { kind: "ServiceAccount", name: submitAccount.metadata.name, namespace: namespace.name },
    );
    bind("eds-airlock-release", [{ apiGroups: [...resource.apiGroups], resources: [...resource.resources], verbs: ["get", "list", "watch", "update"] }], {
      kind: "ServiceAccount",
      name: releaseAccount.metadata.name,
      namespace: namespace.name,
    });
    bind(
      "eds-airlock-reviewer",
      [{ apiGroups: [...resource.apiGroups], resources: [...resource.resources], verbs: ["get", "list", "watch", "update", "patch"] }],
      {
        kind: "Group",
        name: props.reviewersGroup,
        apiGroup: "rbac.authorization.k8s.io",
      },
    );

    const containers = {
      staging: `${props.regionId}-${props.stagingContainer}`,
      release: `${props.regionId}-${props.releaseContainer}`,
    };
    const credentials = { "airlock-submit": deployTimeSecrets.airlockSubmit, "airlock-release": deployTimeSecrets.airlockRelease };
    // The submission service takes what workspaces send: its credential must not reach the release container.
    const accessRules = {
      "airlock-submit": containerAccess(containers.staging, "write"),
      "airlock-release": [...containerAccess(containers.staging, "read"), ...containerAccess(containers.release, "write")],
    };
    const program = (name: keyof typeof credentials, args: string[]) => {
      requireSecret(this, namespace.name, credentials[name], accessRules[name]);
      return restrictedContainer({
        name,
        image: props.image,
        args,
        envFromSecret: credentials[name].name,
        env: [
          { name: "AIRLOCK_STAGING_CONTAINER", value: containers.staging },
          { name: "AIRLOCK_RELEASE_CONTAINER", value: containers.release },
          { name: "AIRLOCK_REQUIRED_APPROVALS", value: String(props.requiredApprovals) },
          { name: "AIRLOCK_AUDIENCE", value: airlockTokenAudience },
        ],
        ...(name === "airlock-submit" ? { port: Airlock.port, healthPath: "/healthz" } : {}),
        cpu: { request: "100m", limit: "500m" },
        memory: { request: "128Mi", limit: "256Mi" },
      });
    };
    const submitLabels = Airlock.submitPods;
    this.submission = new DeploymentV1(this, "Submission", {
      metadata: { name: "airlock-submit", namespace: namespace.ref, labels: submitLabels },
      spec: {
        replicas: "2",
        selector: { matchLabels: submitLabels },
        template: {
          metadata: { labels: submitLabels },
          spec: {
            ...restrictedPodSpec({
              labels: submitLabels,
              spreadOverNodes: true,
              avoidNodes: props.workspacesNodeLabel,
              containers: [program("airlock-submit", ["submit", `--listen=:${Airlock.port}`])],
            }),
            serviceAccountName: submitAccount.metadata.name,
            automountServiceAccountToken: true,
          },
        },
      },
    });
    declareException(this.submission, {
      id: "airlock-submit-api",
      policy: "k8s-no-service-account-token",
      reason: "the submission service asks the API server who a workspace is (TokenReview) and files airlock requests",
    });
    new PodDisruptionBudgetV1(this, "SubmissionDisruptionBudget", {
      metadata: { name: "airlock-submit", namespace: namespace.ref },
      spec: { minAvailable: "1", selector: { matchLabels: submitLabels } },
    });
    this.service = new ServiceV1(this, "Service", {
      metadata: { name: "airlock", namespace: namespace.ref },
      spec: { type: "ClusterIP", selector: submitLabels, port: [{ name: "http", port: Airlock.port, targetPort: String(Airlock.port) }] },
    });
    const releaseLabels = { [labelKeys.component]: "airlock-release" };
    this.release = new CronJobV1(this, "Release", {
      metadata: { name: "airlock-release", namespace: namespace.ref, labels: releaseLabels },
      spec: {
        schedule: "*/5 * * * *",
        concurrencyPolicy: "Forbid",
        jobTemplate: {
          metadata: { labels: releaseLabels },
          spec: {
            backoffLimit: 2,
            template: {
              metadata: { labels: releaseLabels },
              spec: {
                // Its credential writes the release container, the one way out of the airlock: never beside a workspace.
                ...restrictedPodSpec({ labels: releaseLabels, avoidNodes: props.workspacesNodeLabel, containers: [program("airlock-release", ["release"])] }),
                serviceAccountName: releaseAccount.metadata.name,
                automountServiceAccountToken: true,
                restartPolicy: "Never",
              },
            },
          },
        },
      },
    });
    declareException(this.release, {
      id: "airlock-release-api",
      policy: "k8s-no-service-account-token",
      reason: "the release job reads approved airlock requests and marks them released through the API server",
    });

    namespace.allowIngress("submissions-from-workspaces", Peer.namespacesLabelled(props.workspaceNamespaceLabels), {
      pods: submitLabels,
      ports: [{ port: Airlock.port }],
      why: "Workspaces submit results for review, and nothing else: approvals go through the API server",
    });
    for (const [name, labels] of [
      ["submit", submitLabels],
      ["release", releaseLabels],
    ] as const) {
      namespace.allowEgress(`${name}-to-api-server`, Peer.cidrs(props.apiServerCidr), {
        pods: labels,
        ports: [{ port: 6443 }],
        why: "Airlock requests live in the API",
      });
      const why = name === "submit" ? "Keeps submissions in the staging container" : "Copies approved results to the release container";
      namespace.allowEgress(`${name}-to-object-storage`, Peer.cidrs(props.apis.identity, props.apis.objectStorage), {
        pods: labels,
        ports: [{ port: 443 }],
        why,
      });
      declareFlow(this, {
        id: `airlock-${name}-to-object-storage`,
        from: namespace.pods(`the airlock's ${name} program`, labels),
        to: zone("objectStorage"),
        port: 443,
        why,
      });
    }
  }
}
