import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { CronJobV1 } from "@cdktf/provider-kubernetes/lib/cron-job-v1";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { Construct } from "constructs";
import { declareException } from "../../exceptions";
import { Peer, type SecureNamespace } from "../secure-namespace";
import { labelKeys, restrictedContainer, restrictedPodSpec } from "./restricted-pod";

export interface KubectlJobProps {
  readonly namespace: SecureNamespace;
  /** The job's, its service account's and its ConfigMap's name. */
  readonly name: string;
  /** An image with kubectl and a POSIX shell, pinned by digest. */
  readonly image: string;
  /** When it runs, in UTC. */
  readonly schedule: string;
  /** The script, run by /bin/sh. */
  readonly script: string;
  /** Further files beside the script. @default - none */
  readonly files?: Readonly<Record<string, string>>;
  /** @default - none */
  readonly env?: readonly { readonly name: string; readonly value: string }[];
  /** @default 0 */
  readonly backoffLimit?: number;
  readonly apiServerCidr: string;
  /** Label of the workspaces' nodes: a job holding a token never runs there (on Magnum they carry no taint). */
  readonly avoidNodes: readonly [string, string];
  /** Why the job holds a service account token: the exception to k8s-no-service-account-token the region approves. */
  readonly exception: { readonly id: string; readonly reason: string };
}

/** Where the job's files are mounted. */
export const kubectlJobFiles = "/opt/eds";

/**
 * A scheduled job of the platform that acts through the API server with kubectl: a script and its files from a
 * ConfigMap, a service account of its own (the caller grants it what the script does, and nothing else), a token only
 * in this pod (an exception the region approves), a restricted pod, one run at a time, and egress to the API server
 * only. A run missed while the controller was down still starts within six hours.
 */
export class KubectlJob extends Construct {
  readonly job: CronJobV1;
  readonly account: ServiceAccountV1;
  readonly labels: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: KubectlJobProps) {
    super(scope, id);
    const { namespace, name } = props;
    const labels = { [labelKeys.component]: name };
    this.labels = labels;
    this.account = new ServiceAccountV1(this, "Account", { metadata: { name, namespace: namespace.ref }, automountServiceAccountToken: false });
    const scriptName = `${name}.sh`;
    const files = new ConfigMapV1(this, "Files", {
      metadata: { name, namespace: namespace.ref },
      data: { [scriptName]: props.script, ...props.files },
    });
    this.job = new CronJobV1(this, "Job", {
      metadata: { name, namespace: namespace.ref, labels },
      spec: {
        schedule: props.schedule,
        timezone: "Etc/UTC",
        concurrencyPolicy: "Forbid",
        startingDeadlineSeconds: 6 * 3600,
        jobTemplate: {
          metadata: { labels },
          spec: {
            backoffLimit: props.backoffLimit ?? 0,
            template: {
              metadata: { labels },
              spec: {
                ...restrictedPodSpec({
                  labels,
                  avoidNodes: props.avoidNodes,
                  containers: [
                    restrictedContainer({
                      name,
                      image: props.image,
                      command: ["/bin/sh", `${kubectlJobFiles}/${scriptName}`],
                      // kubectl keeps its discovery cache under $HOME: the only writable folder is /tmp.
                      env: [...(props.env ?? []), { name: "HOME", value: "/tmp" }],
                      volumeMounts: [{ name: "files", mountPath: kubectlJobFiles, readOnly: true }],
                      cpu: { request: "50m", limit: "200m" },
                      memory: { request: "64Mi", limit: "128Mi" },
                    }),
                  ],
                  volumes: [{ name: "files", configMap: { name: files.metadata.name, defaultMode: "0444" } }],
                }),
                serviceAccountName: this.account.metadata.name,
                automountServiceAccountToken: true,
                restartPolicy: "Never",
              },
            },
          },
        },
      },
    });
    declareException(this.job, { ...props.exception, policy: "k8s-no-service-account-token" });
    namespace.allowEgress(`${name}-to-api-server`, Peer.cidrs(props.apiServerCidr), {
      pods: labels,
      ports: [{ port: 6443 }],
      why: `${props.exception.reason[0]!.toUpperCase()}${props.exception.reason.slice(1)}`,
    });
  }
}
