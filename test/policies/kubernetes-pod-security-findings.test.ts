import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ResourceGraph } from "../../policies/engine/graph";
import type { TfResource } from "../../policies/engine/model";
import { namespaceOf } from "../../policies/lib/kubernetes";
import { allPolicies } from "../../policies/rules/index";
import { findingsOf } from "./fixture-runner";

/**
 * Each finding of one policy on one input, as `path: message`: a value a container inherits from its pod is judged once,
 * on the pod (Pod Security admission names the pod as the one that sets it), not again on every container.
 */
const found = async (policyId: string, name: string, text: string): Promise<string[]> => {
  const file = join(mkdtempSync(join(tmpdir(), "eds-pod-security-")), name);
  writeFileSync(file, text);
  const policy = allPolicies.filter((each) => each.metadata.id === policyId);
  return (await findingsOf({ policyId, kind: "fail", name: "words", file }, policy)).map((outcome) => `${outcome.status} ${outcome.path}: ${outcome.message}`);
};

const image = `registry.example.fr/eds/portal:1.4.2@sha256:${"a".repeat(64)}`;

/** The violation of a container without a `kind` limit, at the field `at` that would write it (no LimitRange, no operator default). */
const noLimit = (who: string, at: string, kind: string): string =>
  `violation ${at}: ${who}: no ${kind} limit (resources.limits.${kind} is unset, and no LimitRange of its namespace gives one)`;

/** A pod whose security context sets `pod`, and one container whose security context sets `container` (YAML flow maps). */
const pod = (podContext: string, containerContext: string) => `apiVersion: v1
kind: Pod
metadata: {name: portal, namespace: apps}
spec:
  securityContext: ${podContext}
  containers:
    - name: app
      image: ${image}
      securityContext: ${containerContext}
`;

describe("values a container inherits from its pod are judged on the pod, once", () => {
  it("k8s-run-as-non-root: runAsNonRoot false and runAsUser 0 set on the pod, under a container whose context says neither", async () => {
    expect(await found("k8s-run-as-non-root", "pod.yaml", pod("{runAsNonRoot: false, runAsUser: 0}", "{allowPrivilegeEscalation: false}"))).toEqual([
      "violation spec.securityContext.runAsNonRoot: pod: runAsNonRoot is false, which every container that sets none inherits",
      "violation spec.securityContext.runAsUser: pod: runAsUser is 0 (root), which every container that sets none inherits",
    ]);
  });

  it("k8s-run-as-non-root: a typed pod security_context that leaves run_as_non_root out, over containers that write no security_context", async () => {
    const typed = `resource "kubernetes_pod_v1" "portal" {
  metadata {
    name      = "portal"
    namespace = "apps"
  }
  spec {
    security_context {
      run_as_user = 10001
    }
    container {
      name  = "app"
      image = "${image}"
    }
    init_container {
      name  = "setup"
      image = "${image}"
    }
  }
}
`;
    expect(await found("k8s-run-as-non-root", "main.tf", typed)).toEqual([
      "violation spec[0].security_context[0].run_as_non_root: pod: its security_context leaves run_as_non_root out, so the provider sends false, which every container that sets none inherits",
    ]);
  });

  it("k8s-seccomp-profile: an Unconfined profile set on the pod, under a container that sets none", async () => {
    expect(await found("k8s-seccomp-profile", "pod.yaml", pod("{seccompProfile: {type: Unconfined}}", "{allowPrivilegeEscalation: false}"))).toEqual([
      'violation spec.securityContext.seccompProfile.type: pod: seccomp profile type is "Unconfined", which every container that sets none runs under: must be RuntimeDefault or Localhost',
    ]);
  });
});

describe("namespaceOf a resource whose whole metadata is known only at apply", () => {
  it("is not known: the metadata may name any namespace", () => {
    const resource = (name: string, metadata: unknown): TfResource => ({
      address: `kubernetes_pod_v1.${name}`,
      mode: "managed",
      type: "kubernetes_pod_v1",
      name,
      values: { metadata },
      provider: "kubernetes",
      stack: "test",
      file: "test.tf.json",
    });
    const unknown = resource("unknown", "${var.metadata}");
    const unset = resource("unset", [{ name: "portal" }]);
    const graph = new ResourceGraph({ stack: "test", files: [], resources: [unknown, unset], providers: [] });
    expect(namespaceOf(unknown, graph)).toBeUndefined();
    expect(namespaceOf(unset, graph)).toBe("default");
  });
});

/** A Crunchy PostgresCluster whose spec writes `spec` (YAML lines indented by two) besides its version. */
const crunchyCluster = (spec: string) => `apiVersion: postgres-operator.crunchydata.com/v1beta1
kind: PostgresCluster
metadata: {name: warehouse, namespace: data}
spec:
  postgresVersion: 17
${spec}`;

/** A Zalando postgresql whose spec writes `spec` (YAML lines indented by two) besides its team and version. */
const zalandoCluster = (spec: string) => `apiVersion: acid.zalan.do/v1
kind: postgresql
metadata: {name: reporting, namespace: data}
spec:
  teamId: eds
  postgresql: {version: "17"}
${spec}`;

describe("the pods of PostgreSQL operators' clusters are judged where their object writes them", () => {
  const crunchy = crunchyCluster(`  instances:
    - name: instance1
      containers:
        - {name: audit, image: "${image}"}
`);
  const zalando = zalandoCluster(`  sidecars:
    - {name: exporter, image: "${image}"}
`);

  it("a setting the container would inherit from a pod security context its object cannot write is asked of the container", async () => {
    expect(await found("k8s-run-as-non-root", "crunchy.yaml", crunchy)).toEqual([
      "violation spec.instances[0].containers[0].securityContext.runAsNonRoot: container audit: runAsNonRoot is unset, must be true",
    ]);
    expect(await found("k8s-seccomp-profile", "zalando.yaml", zalando)).toEqual([
      "violation spec: container postgres: seccomp profile type is unset in its own security context and in its pod's, must be RuntimeDefault or Localhost",
      "violation spec.sidecars[0].securityContext.seccompProfile: container exporter: seccomp profile type is unset in its own security context and in its pod's, must be RuntimeDefault or Localhost",
    ]);
  });

  it("the token Patroni needs, which neither object can turn off, is no finding", async () => {
    expect(await found("k8s-no-service-account-token", "crunchy.yaml", crunchy)).toEqual([]);
    expect(await found("k8s-no-service-account-token", "zalando.yaml", zalando)).toEqual([]);
  });

  it("the Spilo container, which no field of the postgresql writes, is named by its spec, its context by the operator's settings", async () => {
    const operator = (kubernetes: string) => `apiVersion: acid.zalan.do/v1
kind: OperatorConfiguration
metadata: {name: postgresql-operator-configuration, namespace: postgres-operator}
configuration:
  kubernetes: ${kubernetes}
---
${zalando}`;
    const given = "Zalando's postgres-operator, which gives this container its security context and";
    expect(await found("k8s-no-privileged", "zalando.yaml", operator("{spilo_privileged: true}"))).toEqual([
      `violation spec: container postgres: privileged is left to ${given} sets true: must not be true`,
    ]);
    expect(await found("k8s-no-privileged", "zalando.yaml", operator("{spilo_privileged: false}"))).toEqual([]);
    expect(await found("k8s-no-privilege-escalation", "zalando.yaml", operator("{spilo_allow_privilege_escalation: false}"))).toEqual([
      "violation spec.sidecars[0].securityContext.allowPrivilegeEscalation: container exporter: allowPrivilegeEscalation is unset, must be false",
    ]);
    expect(await found("k8s-read-only-root-filesystem", "zalando.yaml", operator("{}"))).toContain(
      `violation spec: container postgres: readOnlyRootFilesystem is left to ${given} sets false: must be true`,
    );
    expect(await found("k8s-no-privileged", "zalando.yaml", zalando)).toEqual([
      "cannot-evaluate spec: container postgres: privileged is left to Zalando's postgres-operator, whose setting for it is not known here: its spilo_privileged, as the operator's configuration (an OperatorConfiguration, or the values of Zalando's postgres-operator chart) is not in this configuration",
    ]);
  });

  it("a Zalando sidecar, which the operator gives no security context, keeps Kubernetes' defaults", async () => {
    expect(await found("k8s-no-privilege-escalation", "zalando.yaml", zalando)).toContain(
      "violation spec.sidecars[0].securityContext.allowPrivilegeEscalation: container exporter: allowPrivilegeEscalation is unset, must be false",
    );
  });
});

describe("the pods of a MinIO tenant are judged where the tenant writes them", () => {
  const tenant = (pool: string) => `apiVersion: minio.min.io/v2
kind: Tenant
metadata: {name: extracts, namespace: data}
spec:
  pools:
    - {name: pool-0, servers: 4, volumesPerServer: 2, ${pool}}
`;

  it("its KES server's pods: the kes container's context and resources at spec.kes, run as non-root by the operator's default", async () => {
    const kes = (fields: string) => `${tenant("securityContext: {runAsNonRoot: true}")}  kes:
    kesSecret: {name: kes-config}
${fields}`;
    expect(await found("k8s-no-privileged", "tenant.yaml", kes("    containerSecurityContext: {privileged: true}\n"))).toEqual([
      "violation spec.kes.containerSecurityContext.privileged: container kes: privileged is true",
    ]);
    expect(await found("k8s-run-as-non-root", "tenant.yaml", kes(""))).toEqual([]);
    expect(await found("k8s-run-as-non-root", "tenant.yaml", kes("    securityContext: {runAsNonRoot: false}\n"))).toEqual([
      "violation spec.kes.securityContext.runAsNonRoot: container kes: runAsNonRoot is false, must be true",
      "violation spec.kes.securityContext.runAsNonRoot: pod: runAsNonRoot is false, which every container that sets none inherits",
    ]);
    expect(await found("k8s-resource-limits", "tenant.yaml", kes('    resources: {limits: {cpu: "1"}}\n'))).toContain(
      noLimit("container kes", "spec.kes.resources.limits.memory", "memory"),
    );
  });

  it("the operator's containers take run_as_non_root from the pool's security context where the pool writes no container context", async () => {
    const at = "spec.pools[0].securityContext.runAsNonRoot";
    expect(await found("k8s-run-as-non-root", "tenant.yaml", tenant("securityContext: {runAsNonRoot: false}"))).toEqual([
      `violation ${at}: container minio: runAsNonRoot is false, must be true`,
      `violation ${at}: container sidecar: runAsNonRoot is false, must be true`,
      `violation ${at}: init container validate-arguments: runAsNonRoot is false, must be true`,
      `violation ${at}: pod: runAsNonRoot is false, which every container that sets none inherits`,
    ]);
  });

  it("a pool's contexts replace the operator's whole: what they leave out is unset", async () => {
    const at = "spec.pools[0].securityContext.runAsNonRoot";
    const pool = "securityContext: {fsGroup: 1000}, containerSecurityContext: {allowPrivilegeEscalation: false}";
    expect(await found("k8s-run-as-non-root", "tenant.yaml", tenant(pool))).toEqual([
      `violation ${at}: container minio: runAsNonRoot is unset, must be true`,
      `violation ${at}: container sidecar: runAsNonRoot is unset, must be true`,
      `violation ${at}: init container validate-arguments: runAsNonRoot is unset, must be true`,
    ]);
  });

  it("a volume at the sideCars' volumes or the additionalVolumes that write it", async () => {
    const volumes = `apiVersion: minio.min.io/v2
kind: Tenant
metadata: {name: extracts, namespace: data}
spec:
  pools: [{name: pool-0, servers: 4, volumesPerServer: 2}]
  sideCars:
    volumes: [{name: logs, hostPath: {path: /var/log}}]
  additionalVolumes: [{name: run, hostPath: {path: /var/run}}]
  additionalVolumeMounts: [{name: run, mountPath: /run/node}]
`;
    expect(await found("k8s-no-host-path", "tenant.yaml", volumes)).toEqual([
      `violation spec.additionalVolumes[0].hostPath: volume run: mounts the node's path "/var/run"`,
      `violation spec.sideCars.volumes[0].hostPath: volume logs: mounts the node's path "/var/log"`,
    ]);
  });

  it("the operator's defaults run as non-root, and the token its sidecar needs is no finding", async () => {
    expect(await found("k8s-run-as-non-root", "tenant.yaml", tenant("servers: 4"))).toEqual([]);
    expect(await found("k8s-no-service-account-token", "tenant.yaml", tenant("servers: 4"))).toEqual([]);
  });
});

describe("a finding on a database cluster's pods names the field of the object that writes it", () => {
  const zalando = zalandoCluster(`  podAnnotations: {container.apparmor.security.beta.kubernetes.io/postgres: unconfined}
  additionalVolumes:
    - {name: scratch, mountPath: /scratch, volumeSource: {emptyDir: {}}}
    - {name: node, mountPath: /node, volumeSource: {hostPath: {path: /var/run}}}
`);
  const cloudnativePg = `apiVersion: postgresql.cnpg.io/v1
kind: Cluster
metadata: {name: warehouse, namespace: data}
spec:
  instances: 3
  storage: {size: 100Gi}
  seccompProfile: {type: Unconfined}
  inheritedMetadata:
    annotations: {container.apparmor.security.beta.kubernetes.io/postgres: unconfined}
`;
  const apparmor = `["container.apparmor.security.beta.kubernetes.io/postgres"]`;
  const lifted = "pod: AppArmor annotation container.apparmor.security.beta.kubernetes.io/postgres is unconfined, which lifts the confinement";

  it("a postgresql's additional volume at its volumeSource, its pods' annotations at podAnnotations", async () => {
    expect(await found("k8s-no-host-path", "zalando.yaml", zalando)).toEqual([
      `violation spec.additionalVolumes[1].volumeSource.hostPath: volume node: mounts the node's path "/var/run"`,
    ]);
    expect(await found("k8s-lsm-confinement-kept", "zalando.yaml", zalando)).toEqual([`violation spec.podAnnotations${apparmor}: ${lifted}`]);
  });

  it("a PostgresCluster's annotation where it is written: the cluster's metadata, under its instance set's", async () => {
    const crunchy = crunchyCluster(`  metadata:
    annotations: {container.apparmor.security.beta.kubernetes.io/postgres: unconfined}
  instances:
    - {name: instance1, metadata: {labels: {tier: database}}}
`);
    expect(await found("k8s-lsm-confinement-kept", "crunchy.yaml", crunchy)).toEqual([`violation spec.metadata.annotations${apparmor}: ${lifted}`]);
  });

  it("a CloudNativePG Cluster's seccompProfile for its pod and its containers alike, its pods' annotations at inheritedMetadata", async () => {
    const unconfined = 'seccomp profile type is "Unconfined"';
    expect(await found("k8s-seccomp-profile", "cluster.yaml", cloudnativePg)).toEqual([
      `violation spec.seccompProfile.type: container postgres: ${unconfined}, must be RuntimeDefault or Localhost`,
      `violation spec.seccompProfile.type: init container bootstrap-controller: ${unconfined}, must be RuntimeDefault or Localhost`,
      `violation spec.seccompProfile.type: pod: ${unconfined}, which every container that sets none runs under: must be RuntimeDefault or Localhost`,
    ]);
    expect(await found("k8s-lsm-confinement-kept", "cluster.yaml", cloudnativePg)).toEqual([
      `violation spec.inheritedMetadata.annotations${apparmor}: ${lifted}`,
    ]);
  });
});

describe("a CloudNativePG Pooler's pods: its template as the operator merges it, its own containers in its Cluster's context", () => {
  /** A Pooler of the Cluster warehouse whose template's spec is `template` (YAML at six spaces). */
  const pooler = (template: string) => `apiVersion: postgresql.cnpg.io/v1
kind: Pooler
metadata: {name: warehouse-rw, namespace: data}
spec:
  cluster: {name: warehouse}
  type: rw
  pgbouncer: {poolMode: session}
  template:
    spec:
${template}`;
  /** The Cluster the pooler serves, whose spec ends with `extra` (YAML at two spaces). */
  const served = (extra: string) => `apiVersion: postgresql.cnpg.io/v1
kind: Cluster
metadata: {name: warehouse, namespace: data}
spec:
  instances: 3
  storage: {size: 100Gi}
${extra}---
`;
  const template = `      hostNetwork: true
      containers:
        - name: pgbouncer
          securityContext: {privileged: true}
        - name: exporter
          securityContext: {privileged: true, seccompProfile: {type: RuntimeDefault}}
      volumes:
        - {name: node, hostPath: {path: /}}
`;

  it("what the template adds runs as written: host namespaces, host paths, its own containers", async () => {
    expect(await found("k8s-no-host-namespaces", "pooler.yaml", pooler(template))).toEqual([
      "violation spec.template.spec.hostNetwork: pod: hostNetwork is true",
    ]);
    expect(await found("k8s-no-host-path", "pooler.yaml", pooler(template))).toEqual([
      `violation spec.template.spec.volumes[0].hostPath: volume node: mounts the node's path "/"`,
    ]);
    expect(await found("k8s-no-privileged", "pooler.yaml", served("") + pooler(template))).toEqual([
      "violation spec.template.spec.containers[1].securityContext.privileged: container exporter: privileged is true",
    ]);
  });

  it("PgBouncer and the bootstrap controller run the served Cluster's context, whatever the template writes for them", async () => {
    const privileged = "is left to CloudNativePG, which gives this container its security context and sets true: must not be true";
    expect(await found("k8s-no-privileged", "pooler.yaml", served("  securityContext: {privileged: true}\n") + pooler(template))).toEqual([
      "violation spec.securityContext.privileged: container postgres: privileged is true",
      "violation spec.securityContext.privileged: init container bootstrap-controller: privileged is true",
      `violation spec.cluster: container pgbouncer: privileged ${privileged}`,
      `violation spec.cluster: init container bootstrap-controller: privileged ${privileged}`,
      "violation spec.template.spec.containers[1].securityContext.privileged: container exporter: privileged is true",
    ]);
    const notHere =
      "whose setting for it is not known here: it is the security context of the Cluster warehouse the pooler serves, which is not in this configuration";
    const elsewhere = served("  securityContext: {privileged: true}\n").replace("namespace: data", "namespace: other");
    expect(await found("k8s-no-privileged", "pooler.yaml", elsewhere + pooler(template))).toEqual([
      expect.stringContaining("container postgres"),
      expect.stringContaining("init container bootstrap-controller: privileged is true"),
      `cannot-evaluate spec.cluster: container pgbouncer: privileged is left to CloudNativePG, ${notHere}`,
      `cannot-evaluate spec.cluster: init container bootstrap-controller: privileged is left to CloudNativePG, ${notHere}`,
      "violation spec.template.spec.containers[1].securityContext.privileged: container exporter: privileged is true",
    ]);
    // A Cluster whose namespace is known only at apply may be the pooler's.
    const manifest = (namespace: string, extra: string) => `resource "kubernetes_manifest" "cluster_${extra ? "privileged" : "plain"}" {
  manifest = {
    apiVersion = "postgresql.cnpg.io/v1"
    kind       = "Cluster"
    metadata   = { name = "warehouse", namespace = ${namespace} }
    spec       = { instances = 3, storage = { size = "100Gi" }${extra} }
  }
}
`;
    const twice = `variable "namespace" {}
${manifest('"data"', "")}${manifest("var.namespace", ", securityContext = { privileged = true }")}
resource "kubernetes_manifest" "pooler" {
  manifest = {
    apiVersion = "postgresql.cnpg.io/v1"
    kind       = "Pooler"
    metadata   = { name = "warehouse-rw", namespace = "data" }
    spec       = { cluster = { name = "warehouse" }, type = "rw", pgbouncer = { poolMode = "session" } }
  }
}
`;
    expect(await found("k8s-no-privileged", "main.tf", twice)).toContain(
      "cannot-evaluate manifest.spec.cluster: container pgbouncer: privileged is left to CloudNativePG, whose setting for it is not known here: it is the security context of the Cluster warehouse the pooler serves, of which this configuration writes several that may be it",
    );
    expect(await found("k8s-no-privileged", "pooler.yaml", pooler(template))).toEqual([
      `cannot-evaluate spec.cluster: container pgbouncer: privileged is left to CloudNativePG, ${notHere}`,
      `cannot-evaluate spec.cluster: init container bootstrap-controller: privileged is left to CloudNativePG, ${notHere}`,
      "violation spec.template.spec.containers[1].securityContext.privileged: container exporter: privileged is true",
    ]);
  });

  it("the pod runs the served Cluster's seccomp profile, which a container of the template that sets none runs under", async () => {
    const unconfined = `sets "Unconfined": must be RuntimeDefault or Localhost`;
    const containers = `      containers:
        - {name: pgbouncer}
        - {name: exporter}
`;
    expect(await found("k8s-seccomp-profile", "pooler.yaml", served("  seccompProfile: {type: Unconfined}\n") + pooler(containers))).toEqual([
      expect.stringContaining("violation spec.seccompProfile.type: container postgres"),
      expect.stringContaining("violation spec.seccompProfile.type: init container bootstrap-controller"),
      expect.stringContaining("violation spec.seccompProfile.type: pod"),
      `violation spec.cluster: container pgbouncer: seccompProfile is left to CloudNativePG, which gives this container its security context and ${unconfined}`,
      `violation spec.cluster: init container bootstrap-controller: seccompProfile is left to CloudNativePG, which gives this container its security context and ${unconfined}`,
      `violation spec.template.spec.containers[1].securityContext.seccompProfile: container exporter: seccompProfile is left to CloudNativePG, which gives its pod its security context and ${unconfined}`,
    ]);
    expect(await found("k8s-seccomp-profile", "pooler.yaml", served("") + pooler(containers))).toEqual([]);
  });

  it("PgBouncer's limits are its template container's, none when the template writes none; the bootstrap controller's the pod's", async () => {
    expect(await found("k8s-resource-limits", "pooler.yaml", pooler("      resources: {limits: {cpu: 100m, memory: 64Mi}}\n"))).toEqual([
      noLimit("container pgbouncer", "spec.pgbouncer", "cpu"),
      noLimit("container pgbouncer", "spec.pgbouncer", "memory"),
    ]);
    const bouncer = `      containers:
        - {name: pgbouncer, resources: {limits: {cpu: "1", memory: 256Mi}}}
`;
    expect(await found("k8s-resource-limits", "pooler.yaml", pooler(bouncer))).toEqual([
      noLimit("init container bootstrap-controller", "spec.template.spec.resources.limits.cpu", "cpu"),
      noLimit("init container bootstrap-controller", "spec.template.spec.resources.limits.memory", "memory"),
    ]);
    const bootstrap = `${bouncer}      initContainers:
        - {name: bootstrap-controller, resources: {requests: {cpu: 100m}}}
      resources: {limits: {cpu: "1", memory: 256Mi}}
`;
    expect(await found("k8s-resource-limits", "pooler.yaml", pooler(bootstrap))).toEqual([
      noLimit("init container bootstrap-controller", "spec.template.spec.initContainers[0].resources.limits.cpu", "cpu"),
      noLimit("init container bootstrap-controller", "spec.template.spec.initContainers[0].resources.limits.memory", "memory"),
    ]);
  });
});

describe("the pod templates analysis and training workloads hold are judged where they are written", () => {
  it("a training job's replica by its role, a JobSet's by its Job template", async () => {
    const trainingJob = `apiVersion: kubeflow.org/v1
kind: PyTorchJob
metadata: {name: train, namespace: workspaces}
spec:
  pytorchReplicaSpecs:
    Master: {template: {spec: {containers: [{name: pytorch, image: "${image}"}]}}}
    Worker: {template: {spec: {containers: [{name: pytorch, image: "${image}", securityContext: {privileged: true}}]}}}
---
apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata: {name: sweep, namespace: workspaces}
spec:
  replicatedJobs:
    - name: workers
      template: {spec: {template: {spec: {containers: [{name: worker, image: "${image}", securityContext: {privileged: true}}]}}}}
`;
    expect(await found("k8s-no-privileged", "training.yaml", trainingJob)).toEqual([
      "violation spec.replicatedJobs[0].template.spec.template.spec.containers[0].securityContext.privileged: container worker: privileged is true",
      "violation spec.pytorchReplicaSpecs.Worker.template.spec.containers[0].securityContext.privileged: container pytorch: privileged is true",
    ]);
  });
});

describe("the pods of Elastic's objects hold the container the operator runs its product in", () => {
  it("Elastic's product container, which the operator adds where the template does not name it, is named by its group", async () => {
    const beat = `apiVersion: beat.k8s.elastic.co/v1beta1
kind: Beat
metadata: {name: heartbeat, namespace: logging}
spec:
  type: heartbeat
  version: 8.15.0
  deployment:
    podTemplate:
      spec:
        securityContext: {runAsUser: 1000, runAsNonRoot: true}
`;
    expect(await found("k8s-drop-all-capabilities", "beat.yaml", beat)).toEqual([
      'violation spec.deployment: container heartbeat: capabilities.drop is unset, must contain "ALL"',
    ]);
  });
});

describe("the pods of Strimzi's components run the security context its pod security provider gives them", () => {
  /** Strimzi's cluster operator, whose container reads STRIMZI_KAFKA_IMAGES, with `env` after it (YAML at 12 spaces). */
  const operator = (env: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: strimzi-cluster-operator, namespace: kafka}
spec:
  selector: {matchLabels: {name: strimzi-cluster-operator}}
  template:
    metadata: {labels: {name: strimzi-cluster-operator}}
    spec:
      containers:
        - name: strimzi-cluster-operator
          image: ${image}
          securityContext: {capabilities: {drop: [ALL]}, readOnlyRootFilesystem: true, runAsNonRoot: true}
          env:
            - {name: STRIMZI_KAFKA_IMAGES, value: "4.1.0=registry.example.fr/strimzi/kafka:4.1.0"}
${env}---
`;
  const connect = (extra: string) => `apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaConnect
metadata: {name: sink, namespace: kafka}
spec:
  bootstrapServers: events-kafka-bootstrap:9093
  resources: {limits: {cpu: "1", memory: 2Gi}}
${extra}`;
  const drop = (expected: string) =>
    `violation spec.template.connectContainer.securityContext.capabilities.drop: container sink-connect: capabilities.drop is left to Strimzi's cluster operator, ${expected}`;

  it("the baseline provider, the default, gives none; the restricted one drops every capability", async () => {
    expect(await found("k8s-drop-all-capabilities", "connect.yaml", operator("") + connect(""))).toEqual([
      drop('which gives this container its security context and sets none: must contain "ALL"'),
    ]);
    const restricted = "            - {name: STRIMZI_POD_SECURITY_PROVIDER_CLASS, value: Restricted}\n";
    expect(await found("k8s-drop-all-capabilities", "connect.yaml", operator(restricted) + connect(""))).toEqual([]);
    expect(await found("k8s-read-only-root-filesystem", "connect.yaml", operator(restricted) + connect(""))).toEqual([
      "violation spec.template.connectContainer.securityContext.readOnlyRootFilesystem: container sink-connect: readOnlyRootFilesystem is left to Strimzi's cluster operator, which gives this container its security context and sets none: must be true",
    ]);
    const baseline = "            - {name: STRIMZI_POD_SECURITY_PROVIDER_CLASS, value: baseline}\n";
    expect(await found("k8s-drop-all-capabilities", "connect.yaml", operator(baseline) + connect(""))).toEqual([
      drop('which gives this container its security context and sets none: must contain "ALL"'),
    ]);
    const twice = operator("") + operator("").replace("name: strimzi-cluster-operator, namespace: kafka", "name: strimzi-cluster-operator, namespace: other");
    expect(await found("k8s-drop-all-capabilities", "connect.yaml", twice + connect(""))).toEqual([
      drop("whose setting for it is not known here: its pod security provider: the configuration runs several cluster operators").replace(
        "violation",
        "cannot-evaluate",
      ),
    ]);
    expect(await found("k8s-drop-all-capabilities", "connect.yaml", connect(""))).toEqual([
      drop(
        "whose setting for it is not known here: its pod security provider, STRIMZI_POD_SECURITY_PROVIDER_CLASS of the cluster operator, which is not in this configuration",
      ).replace("violation", "cannot-evaluate"),
    ]);
  });

  it("a release of Strimzi's chart gives the operator its extraEnvs value as its only other environment: baseline unless that names one", async () => {
    const fluxRelease = (values: string) => `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: strimzi, namespace: kafka}
spec:
  interval: 10m
  chart: {spec: {chart: strimzi-kafka-operator, version: 0.48.0, sourceRef: {kind: HelmRepository, name: strimzi}}}
${values}---
`;
    expect(await found("k8s-drop-all-capabilities", "connect.yaml", fluxRelease("") + connect(""))).toEqual([
      drop('which gives this container its security context and sets none: must contain "ALL"'),
    ]);
    const restricted = "  values: {extraEnvs: [{name: STRIMZI_POD_SECURITY_PROVIDER_CLASS, value: restricted}]}\n";
    expect(await found("k8s-drop-all-capabilities", "connect.yaml", fluxRelease(restricted) + connect(""))).toEqual([]);
    const release = (values: string) =>
      `resource "helm_release" "strimzi" {\n  name       = "strimzi"\n  namespace  = "kafka"\n  repository = "oci://quay.io/strimzi-helm"\n  chart      = "strimzi-kafka-operator"\n  version    = "0.48.0"\n${values}}\n\n` +
      `resource "kubernetes_manifest" "sink" {\n  manifest = yamldecode(<<-EOT\n${connect("")}EOT\n  )\n}\n`;
    const extraEnvs = '  values = [yamlencode({ extraEnvs = [{ name = "STRIMZI_POD_SECURITY_PROVIDER_CLASS", value = "restricted" }] })]\n';
    expect(await found("k8s-drop-all-capabilities", "main.tf", release(extraEnvs))).toEqual([]);
    expect(
      await found("k8s-drop-all-capabilities", "main.tf", `${release("  values = [var.operator_values]\n")}variable "operator_values" {\n  type = string\n}\n`),
    ).toEqual([
      "cannot-evaluate manifest.spec.template.connectContainer.securityContext.capabilities.drop: container sink-connect: capabilities.drop is left to Strimzi's cluster operator, whose setting for it is not known here: its pod security provider: the values of helm_release.strimzi are known only at apply",
    ]);
  });

  it("a security context the template writes replaces the provider's, and the pod's is the template's as written", async () => {
    const template = `  template:
    pod: {securityContext: {runAsNonRoot: true}}
    connectContainer: {securityContext: {privileged: true, capabilities: {drop: [ALL]}}}
`;
    expect(await found("k8s-no-privileged", "connect.yaml", connect(template))).toEqual([
      "violation spec.template.connectContainer.securityContext.privileged: container sink-connect: privileged is true",
    ]);
    expect(await found("k8s-drop-all-capabilities", "connect.yaml", connect(template))).toEqual([]);
    expect(await found("k8s-run-as-non-root", "connect.yaml", connect(template))).toEqual([]);
    // The operator turns the token's automount off in every pod it makes.
    expect(await found("k8s-no-service-account-token", "connect.yaml", connect(template))).toEqual([]);
  });

  it("a KafkaConnect's build runs a pod of its own, which its sections buildPod and buildContainer write", async () => {
    const build = `  build:
    output: {type: docker, image: registry.example.fr/kafka/connect:1.0}
    plugins: [{name: s3-sink, artifacts: [{type: tgz, url: "https://artifacts.example.fr/s3-sink.tgz"}]}]
`;
    const written = (extra: string) => `  template:
    pod: {securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}}
    connectContainer: {securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}
${extra}`;
    // Under the baseline provider the builder runs as its image's root: the Connect pod's own settings are not its.
    expect(await found("k8s-run-as-non-root", "connect.yaml", operator("") + connect(build + written("")))).toEqual([
      "violation spec.template.buildPod.securityContext.runAsNonRoot: container sink-connect-build: runAsNonRoot is left to Strimzi's cluster operator, which gives this container its security context and sets none: must be true",
    ]);
    const limits = await found("k8s-resource-limits", "connect.yaml", operator("") + connect(build + written("")));
    expect(limits.filter((finding) => finding.includes("container sink"))).toEqual([
      "violation spec.build.resources.limits.cpu: container sink-connect-build: no cpu limit (resources.limits.cpu is unset, and no LimitRange of its namespace gives one)",
      "violation spec.build.resources.limits.memory: container sink-connect-build: no memory limit (resources.limits.memory is unset, and no LimitRange of its namespace gives one)",
    ]);
    const ownSections = `    buildPod: {securityContext: {runAsNonRoot: true, runAsUser: 1000, seccompProfile: {type: RuntimeDefault}}}
    buildContainer: {securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}
`;
    for (const policy of ["k8s-run-as-non-root", "k8s-drop-all-capabilities", "k8s-no-privilege-escalation", "k8s-seccomp-profile"])
      expect(
        (await found(policy, "connect.yaml", operator("") + connect(build + written(ownSections)))).filter((finding) => finding.includes("sink")),
        policy,
      ).toEqual([]);
    // Without a build section, no build pod.
    expect(await found("k8s-run-as-non-root", "connect.yaml", operator("") + connect(written("")))).toEqual([]);
  });

  it("a node pool's kafka container runs the section of its template it writes, else its Kafka's, else the provider's", async () => {
    const kafka = (template: string) => `apiVersion: kafka.strimzi.io/v1beta2
kind: Kafka
metadata: {name: events, namespace: kafka}
spec:
  kafka:
    version: 4.1.0
    listeners: [{name: tls, port: 9093, type: internal, tls: true}]
    template:
${template}---
`;
    const pool = (template: string) => `apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaNodePool
metadata: {name: brokers, namespace: kafka, labels: {strimzi.io/cluster: events}}
spec:
  replicas: 3
  roles: [broker]
  storage: {type: ephemeral}
  resources: {limits: {cpu: "2", memory: 8Gi}}
${template}`;
    const privileged = "      kafkaContainer: {securityContext: {privileged: true}}\n      pod: {securityContext: {runAsNonRoot: true}}\n";
    expect(await found("k8s-no-privileged", "kafka.yaml", kafka(privileged) + pool(""))).toEqual([
      "violation spec.template.kafkaContainer.securityContext.privileged: container kafka: privileged is left to Strimzi's cluster operator, which gives this container its security context and sets true: must not be true",
    ]);
    // The Kafka's pod security context is the pods' where the pool writes no pod section.
    expect(await found("k8s-run-as-non-root", "kafka.yaml", operator("") + kafka(privileged) + pool(""))).toEqual([]);
    const own = "  template:\n    kafkaContainer: {securityContext: {capabilities: {drop: [ALL]}}}\n";
    expect(await found("k8s-no-privileged", "kafka.yaml", kafka(privileged) + pool(own))).toEqual([]);
    expect(await found("k8s-no-privileged", "kafka.yaml", pool(""))).toEqual([
      "cannot-evaluate spec.template.kafkaContainer.securityContext.privileged: container kafka: privileged is left to Strimzi's cluster operator, whose setting for it is not known here: it is its Kafka's, and the Kafka events is not in this configuration",
    ]);
  });

  it("a Kafka's entity operators, Cruise Control and exporter run their sections' resources; a rack-aware Connect's init container its own", async () => {
    const kafka = `apiVersion: kafka.strimzi.io/v1beta2
kind: Kafka
metadata: {name: events, namespace: kafka}
spec:
  kafka: {version: 4.1.0, listeners: [{name: tls, port: 9093, type: internal, tls: true}]}
  entityOperator:
    topicOperator: {resources: {limits: {cpu: 500m, memory: 512Mi}}}
    userOperator: {}
  kafkaExporter: {resources: {limits: {cpu: 100m, memory: 128Mi}}}
`;
    const none = (who: string, resources: string, kind: string) => noLimit(who, `${resources}.limits.${kind}`, kind);
    expect(await found("k8s-resource-limits", "kafka.yaml", kafka)).toEqual([
      none("container user-operator", "spec.entityOperator.userOperator.resources", "cpu"),
      none("container user-operator", "spec.entityOperator.userOperator.resources", "memory"),
    ]);
    const rackAware = connect("  rack: {topologyKey: topology.kubernetes.io/zone}\n").replace('{cpu: "1", memory: 2Gi}', "{memory: 2Gi}");
    expect(await found("k8s-resource-limits", "connect.yaml", rackAware)).toEqual([
      none("container sink-connect", "spec.resources", "cpu"),
      none("init container kafka-init", "spec.resources", "cpu"),
    ]);
  });
});

describe("the limits of an operator's containers are read where their object writes them", () => {
  it("a MinIO pool's for its minio container, the tenant's sideCars' for the operator's sidecar and init container", async () => {
    const tenant = `apiVersion: minio.min.io/v2
kind: Tenant
metadata: {name: extracts, namespace: data}
spec:
  pools:
    - {name: pool-0, servers: 4, volumesPerServer: 2, resources: {limits: {cpu: "2", memory: 8Gi}}}
`;
    const none = (kind: string) => `no ${kind} limit (resources.limits.${kind} is unset, and no LimitRange of its namespace gives one)`;
    expect(await found("k8s-resource-limits", "tenant.yaml", tenant)).toEqual([
      `violation spec.sideCars.resources.limits.cpu: container sidecar: ${none("cpu")}`,
      `violation spec.sideCars.resources.limits.cpu: init container validate-arguments: ${none("cpu")}`,
      `violation spec.sideCars.resources.limits.memory: container sidecar: ${none("memory")}`,
      `violation spec.sideCars.resources.limits.memory: init container validate-arguments: ${none("memory")}`,
    ]);
  });

  it("a postgresql's for its Spilo container and its sidecars, else the operator's defaults; its init containers' their own", async () => {
    const operator = (resources: string) => `apiVersion: acid.zalan.do/v1
kind: OperatorConfiguration
metadata: {name: postgresql-operator-configuration, namespace: postgres-operator}
configuration:
  postgres_pod_resources: ${resources}
---
${zalandoCluster(`  sidecars: [{name: exporter, image: "${image}"}]
  initContainers: [{name: tune, image: "${image}", resources: {limits: {cpu: 100m}}}]
`)}`;
    const at = "manifest.configuration.postgres_pod_resources.default_memory_limit";
    const none = (label: string, path: string) =>
      `violation ${path}: ${label}: no memory limit (resources.limits.memory is unset, and no LimitRange of its namespace gives one, nor Zalando's postgres-operator: its default_memory_limit of OperatorConfiguration/postgres-operator/postgresql-operator-configuration ${at} sets none)`;
    expect(await found("k8s-resource-limits", "zalando.yaml", operator(`{default_cpu_limit: "1", default_memory_limit: "0"}`))).toEqual([
      "violation spec.initContainers[0].resources.limits.memory: init container tune: no memory limit (resources.limits.memory is unset, and no LimitRange of its namespace gives one)",
      none("container postgres", "spec.resources.limits.memory"),
      none("container exporter", "spec.sidecars[0].resources.limits.memory"),
    ]);
    expect(await found("k8s-resource-limits", "zalando.yaml", operator(`{default_cpu_limit: "1", default_memory_limit: 500Mi}`))).toEqual([
      "violation spec.initContainers[0].resources.limits.memory: init container tune: no memory limit (resources.limits.memory is unset, and no LimitRange of its namespace gives one)",
    ]);
    // A limit of 0 written on the cluster or a sidecar takes the operator's default, as one left unset does.
    const zero = operator(`{default_cpu_limit: "1", default_memory_limit: 500Mi}`).replace(
      `sidecars: [{name: exporter, image: "${image}"}]`,
      `resources: {limits: {cpu: "0"}}\n  sidecars: [{name: exporter, image: "${image}", resources: {limits: {memory: "0"}}}]`,
    );
    expect(await found("k8s-resource-limits", "zalando.yaml", zero)).toEqual([
      "violation spec.initContainers[0].resources.limits.memory: init container tune: no memory limit (resources.limits.memory is unset, and no LimitRange of its namespace gives one)",
    ]);
  });

  it("a postgresql's connection pooler's: its connectionPooler section's, else the operator's connection_pooler defaults", async () => {
    const operator = (pooler: string, cluster: string) => `apiVersion: acid.zalan.do/v1
kind: OperatorConfiguration
metadata: {name: postgresql-operator-configuration, namespace: postgres-operator}
configuration:
  postgres_pod_resources: {default_cpu_limit: "1", default_memory_limit: 500Mi}
  connection_pooler: ${pooler}
---
${zalandoCluster(cluster)}`;
    const at = "manifest.configuration.connection_pooler.connection_pooler_default_cpu_limit";
    const none = (path: string) =>
      `violation ${path}: container connection-pooler: no cpu limit (resources.limits.cpu is unset, and no LimitRange of its namespace gives one, nor Zalando's postgres-operator: its connection_pooler_default_cpu_limit of OperatorConfiguration/postgres-operator/postgresql-operator-configuration ${at} sets none)`;
    const section = "  connectionPooler: {numberOfInstances: 2, resources: {limits: {memory: 100Mi}}}\n";
    expect(await found("k8s-resource-limits", "zalando.yaml", operator("{connection_pooler_default_memory_limit: 100Mi}", section))).toEqual([
      none("spec.connectionPooler.resources.limits.cpu"),
    ]);
    expect(await found("k8s-resource-limits", "zalando.yaml", operator('{connection_pooler_default_cpu_limit: "1"}', section))).toEqual([]);
    // Run by its flag alone, the pooler is named by the flag; turned off, it runs no pod.
    expect(await found("k8s-resource-limits", "zalando.yaml", operator("{}", "  enableConnectionPooler: true\n"))).toEqual([
      none("spec.enableConnectionPooler"),
      none("spec.enableConnectionPooler").replaceAll("cpu", "memory"),
    ]);
    expect(await found("k8s-resource-limits", "zalando.yaml", operator("{}", `  enableConnectionPooler: false\n${section}`))).toEqual([]);
    // The replicas' pooler runs where its own flag says so.
    const replicas = `  enableConnectionPooler: false\n  enableReplicaConnectionPooler: true\n${section}`;
    expect(await found("k8s-resource-limits", "zalando.yaml", operator("{}", replicas))).toEqual([none("spec.connectionPooler.resources.limits.cpu")]);
    // The pooler runs Patroni's service account, whose token it mounts and does not need.
    expect(await found("k8s-no-service-account-token", "zalando.yaml", operator("{}", section))).toEqual([
      "violation spec.connectionPooler: pod: automountServiceAccountToken is not set, so the operator mounts the service account's token",
    ]);
    expect(await found("k8s-drop-all-capabilities", "zalando.yaml", operator("{}", section))).toContain(
      `violation spec.connectionPooler: container connection-pooler: capabilities.drop is left to Zalando's postgres-operator, which gives this container its security context and sets none: must contain "ALL"`,
    );
  });

  it("a postgresql's logical backup: the operator's logical_backup limits, each its pods' default where it reads none", async () => {
    const operator = (logical: string, cluster: string) => `apiVersion: acid.zalan.do/v1
kind: OperatorConfiguration
metadata: {name: postgresql-operator-configuration, namespace: postgres-operator}
configuration:
  kubernetes: {spilo_privileged: true}
  postgres_pod_resources: {default_cpu_limit: "1", default_memory_limit: "0"}
  connection_pooler: {connection_pooler_default_cpu_limit: "1", connection_pooler_default_memory_limit: 100Mi}
  logical_backup: ${logical}
---
${zalandoCluster(`  resources: {limits: {cpu: "1", memory: 1Gi}}\n${cluster}`)}`;
    const none = `violation spec.enableLogicalBackup: container logical-backup: no memory limit (resources.limits.memory is unset, and no LimitRange of its namespace gives one, nor Zalando's postgres-operator: its default_memory_limit of OperatorConfiguration/postgres-operator/postgresql-operator-configuration manifest.configuration.postgres_pod_resources.default_memory_limit sets none)`;
    expect(await found("k8s-resource-limits", "zalando.yaml", operator('{logical_backup_memory_limit: "0"}', "  enableLogicalBackup: true\n"))).toEqual([none]);
    expect(await found("k8s-resource-limits", "zalando.yaml", operator("{logical_backup_memory_limit: 256Mi}", "  enableLogicalBackup: true\n"))).toEqual([]);
    // Its container is made as Spilo's, privileged where spilo_privileged says so; beside a pooler, it is the third group.
    const both = operator("{logical_backup_memory_limit: 256Mi}", "  enableLogicalBackup: true\n  enableConnectionPooler: true\n");
    expect(await found("k8s-no-privileged", "zalando.yaml", both)).toEqual([
      "violation spec: container postgres: privileged is left to Zalando's postgres-operator, which gives this container its security context and sets true: must not be true",
      "violation spec.enableLogicalBackup: container logical-backup: privileged is left to Zalando's postgres-operator, which gives this container its security context and sets true: must not be true",
    ]);
    expect(await found("k8s-no-privileged", "zalando.yaml", operator("{}", "  enableLogicalBackup: false\n"))).toHaveLength(1);
    // The logical backup calls the API with its token (logical-backup/dump.sh); the pooler does not.
    expect(await found("k8s-no-service-account-token", "zalando.yaml", both)).toEqual([
      "violation spec.enableConnectionPooler: pod: automountServiceAccountToken is not set, so the operator mounts the service account's token",
    ]);
  });

  it("the operator's default limits, given before admission, leave no LimitRange to decide, beside a LimitRange whose namespace is known only at apply", async () => {
    const configuration = `variable "namespace" {
  type = string
}

resource "kubernetes_limit_range_v1" "data" {
  metadata {
    name      = "defaults"
    namespace = var.namespace
  }
  spec {
    limit {
      type          = "Container"
      default       = { cpu = "1", memory = "1Gi" }
      default_request = { cpu = "100m", memory = "128Mi" }
    }
  }
}

resource "kubernetes_manifest" "operator_configuration" {
  manifest = {
    apiVersion = "acid.zalan.do/v1"
    kind       = "OperatorConfiguration"
    metadata   = { name = "postgresql-operator-configuration", namespace = "postgres-operator" }
    configuration = {
      postgres_pod_resources = { default_cpu_limit = "1", default_memory_limit = "500Mi" }
    }
  }
}

resource "kubernetes_manifest" "reporting" {
  manifest = {
    apiVersion = "acid.zalan.do/v1"
    kind       = "postgresql"
    metadata   = { name = "reporting", namespace = "data" }
    spec = {
      teamId            = "eds"
      numberOfInstances = 1
      volume            = { size = "10Gi", storageClass = "block-encrypted-ssd" }
      postgresql        = { version = "17" }
    }
  }
}
`;
    expect(await found("k8s-resource-limits", "cluster.tf", configuration)).toEqual([]);
  });

  it("a PostgresCluster's instance set's for its database and startup containers, its sidecars' for the certificate copier", async () => {
    const crunchy = crunchyCluster(`  instances:
    - name: instance1
      resources: {limits: {cpu: "2"}}
  proxy:
    pgBouncer: {resources: {limits: {cpu: 100m, memory: 64Mi}}}
`);
    const none = (who: string, resources: string, kind: string) => noLimit(who, `${resources}.limits.${kind}`, kind);
    expect(await found("k8s-resource-limits", "crunchy.yaml", crunchy)).toEqual([
      none("container database", "spec.instances[0].resources", "memory"),
      none("init container postgres-startup", "spec.instances[0].resources", "memory"),
      none("container replication-cert-copy", "spec.instances[0].sidecars.replicaCertCopy.resources", "cpu"),
      none("container replication-cert-copy", "spec.instances[0].sidecars.replicaCertCopy.resources", "memory"),
    ]);
    // Backups add pgBackRest's server and its reloader to the instances' pods, a pgMonitor exporter its exporter.
    const sidecars = crunchyCluster(`  instances:
    - name: instance1
      resources: {limits: {cpu: "2", memory: 4Gi}}
      sidecars: {replicaCertCopy: {resources: {limits: {cpu: 10m, memory: 32Mi}}}}
  backups:
    pgbackrest:
      sidecars: {pgbackrestConfig: {resources: {limits: {cpu: 10m, memory: 32Mi}}}}
      repos: [{name: repo1, volume: {volumeClaimSpec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}}}]
  monitoring:
    pgmonitor:
      exporter: {resources: {limits: {memory: 64Mi}}}
`);
    // A volume repository runs on a dedicated repository host, whose pgBackRest server runs repoHost's resources.
    expect(await found("k8s-resource-limits", "crunchy.yaml", sidecars)).toEqual([
      none("container pgbackrest", "spec.backups.pgbackrest.repoHost.resources", "cpu"),
      none("container pgbackrest", "spec.backups.pgbackrest.repoHost.resources", "memory"),
      none("container pgbackrest", "spec.backups.pgbackrest.sidecars.pgbackrest.resources", "cpu"),
      none("container pgbackrest", "spec.backups.pgbackrest.sidecars.pgbackrest.resources", "memory"),
      none("container exporter", "spec.monitoring.pgmonitor.exporter.resources", "cpu"),
    ]);
    // An empty pgbackrest section is no backups section.
    expect(
      await found("k8s-resource-limits", "crunchy.yaml", sidecars.replace(/ {2}backups:[\s\S]*(?= {2}monitoring)/, "  backups: {pgbackrest: {}}\n")),
    ).toEqual([none("container exporter", "spec.monitoring.pgmonitor.exporter.resources", "cpu")]);
  });

  it("Elastic's stack monitoring sidecars: none, unless the template names them; an Elasticsearch's run its beat context", async () => {
    const monitored = (kind: string, extra: string) => `apiVersion: ${kind}
metadata: {name: observed, namespace: logging}
spec:
  version: 8.15.0
  monitoring:
    metrics: {elasticsearchRefs: [{name: monitoring}]}
    logs: {elasticsearchRefs: [{name: ""}]}
${extra}`;
    const search = monitored(
      "elasticsearch.k8s.elastic.co/v1\nkind: Elasticsearch",
      '  nodeSets:\n    - {name: hot, count: 3, resources: {limits: {cpu: "2", memory: 4Gi}}}\n',
    );
    // A ref that names neither a cluster nor a secret ships nothing: no filebeat.
    expect(await found("k8s-resource-limits", "search.yaml", search)).toEqual([
      noLimit("container metricbeat", "spec.monitoring", "cpu"),
      noLimit("container metricbeat", "spec.monitoring", "memory"),
    ]);
    expect(await found("k8s-drop-all-capabilities", "search.yaml", search)).toEqual([]);
    // Before 8.0 the operator drops nothing from Elasticsearch's container, but every capability from its beats'.
    expect(await found("k8s-drop-all-capabilities", "search.yaml", search.replace("8.15.0", "7.17.0"))).toEqual([
      'violation spec.nodeSets[0]: container elasticsearch: capabilities.drop is left to Elastic\'s operator, which gives this container its security context and sets none: must contain "ALL"',
    ]);
    const named = search.replace(
      "count: 3,",
      "count: 3, podTemplate: {spec: {containers: [{name: metricbeat, resources: {limits: {cpu: 100m, memory: 128Mi}}}]}},",
    );
    expect(await found("k8s-resource-limits", "search.yaml", named)).toEqual([]);
    expect(await found("k8s-drop-all-capabilities", "search.yaml", named)).toEqual([]);
    // A sidecar the template names without a security context runs the beats' context.
    expect(await found("k8s-drop-all-capabilities", "search.yaml", named.replace("8.15.0", "7.17.0"))).toHaveLength(1);
    // Logstash gives its containers no security context, its sidecar neither.
    const logstash = monitored("logstash.k8s.elastic.co/v1alpha1\nkind: Logstash", "  count: 1\n");
    expect(await found("k8s-drop-all-capabilities", "logstash.yaml", logstash)).toEqual([
      'violation spec: container logstash: capabilities.drop is unset, must contain "ALL"',
      'violation spec.monitoring: container metricbeat: capabilities.drop is unset, must contain "ALL"',
    ]);
  });

  it("a PGAdmin's for pgAdmin and its startup container, whose pods run its metadata", async () => {
    const pgAdmin = `apiVersion: postgres-operator.crunchydata.com/v1beta1
kind: PGAdmin
metadata: {name: admin, namespace: data}
spec:
  dataVolumeClaimSpec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
  resources: {limits: {memory: 512Mi}}
  metadata: {annotations: {container.apparmor.security.beta.kubernetes.io/pgadmin: unconfined}}
`;
    expect(await found("k8s-resource-limits", "pgadmin.yaml", pgAdmin)).toEqual([
      noLimit("container pgadmin", "spec.resources.limits.cpu", "cpu"),
      noLimit("init container pgadmin-startup", "spec.resources.limits.cpu", "cpu"),
    ]);
    expect(await found("k8s-lsm-confinement-kept", "pgadmin.yaml", pgAdmin)).toHaveLength(1);
    expect(await found("k8s-no-service-account-token", "pgadmin.yaml", pgAdmin)).toEqual([]);
  });

  it("Elastic's product container: the template's, else the operator's defaults, with the resources shorthand's over them", async () => {
    const search = (nodeSets: string) => `apiVersion: elasticsearch.k8s.elastic.co/v1
kind: Elasticsearch
metadata: {name: search, namespace: logging}
spec:
  version: 8.15.0
  nodeSets:
${nodeSets}`;
    // The operator's default is a memory limit alone; a node set without a pod template is named for its shorthand.
    expect(await found("k8s-resource-limits", "search.yaml", search("    - {name: hot, count: 3}\n"))).toEqual([
      noLimit("container elasticsearch", "spec.nodeSets[0].resources.limits.cpu", "cpu"),
    ]);
    // A shorthand that writes a CPU limit alone takes the place of the defaults: no memory limit is left.
    expect(await found("k8s-resource-limits", "search.yaml", search('    - {name: hot, count: 3, resources: {limits: {cpu: "2"}}}\n'))).toEqual([
      noLimit("container elasticsearch", "spec.nodeSets[0].resources.limits.memory", "memory"),
    ]);
    expect(await found("k8s-resource-limits", "search.yaml", search('    - {name: hot, count: 3, resources: {limits: {cpu: "2", memory: 4Gi}}}\n'))).toEqual(
      [],
    );
    // Limits written empty ask for a LimitRange's: the operator gives none.
    const emptyLimits = `    - name: hot
      count: 3
      podTemplate:
        spec:
          containers:
            - {name: elasticsearch, resources: {limits: {}}}
          initContainers:
            - {name: elastic-internal-init-filesystem, env: [{name: EXAMPLE, value: "1"}]}
            - {name: sysctl, command: [sysctl, -w, vm.max_map_count=262144]}
`;
    expect(await found("k8s-resource-limits", "search.yaml", search(emptyLimits))).toEqual([
      noLimit("container elasticsearch", "spec.nodeSets[0].podTemplate.spec.containers[0].resources.limits.cpu", "cpu"),
      noLimit("container elasticsearch", "spec.nodeSets[0].podTemplate.spec.containers[0].resources.limits.memory", "memory"),
      noLimit("init container sysctl", "spec.nodeSets[0].podTemplate.spec.initContainers[1].resources.limits.cpu", "cpu"),
      noLimit("init container sysctl", "spec.nodeSets[0].podTemplate.spec.initContainers[1].resources.limits.memory", "memory"),
    ]);
    // Requests alone, in the template or the shorthand, take the place of the defaults too.
    const requests = `    - name: hot
      count: 3
      podTemplate:
        spec:
          containers:
            - {name: elasticsearch, resources: {requests: {memory: 4Gi}}}
`;
    const unlimited = (at: string) => [noLimit("container elasticsearch", `${at}.cpu`, "cpu"), noLimit("container elasticsearch", `${at}.memory`, "memory")];
    expect(await found("k8s-resource-limits", "search.yaml", search(requests))).toEqual(
      unlimited("spec.nodeSets[0].podTemplate.spec.containers[0].resources.limits"),
    );
    expect(await found("k8s-resource-limits", "search.yaml", search("    - {name: hot, count: 3, resources: {requests: {cpu: 500m}}}\n"))).toEqual(
      unlimited("spec.nodeSets[0].resources.limits"),
    );
    const agent = `apiVersion: agent.k8s.elastic.co/v1alpha1
kind: Agent
metadata: {name: fleet, namespace: logging}
spec:
  version: 8.15.0
  mode: fleet
  daemonSet: {}
`;
    expect(await found("k8s-resource-limits", "agent.yaml", agent)).toEqual([]);
  });

  it("prometheus-operator's: spec.resources for its main container, spec.thanos.resources for its sidecar, its flags' for its reloaders", async () => {
    const prometheus = `apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: k8s, namespace: monitoring}
spec:
  securityContext: {runAsNonRoot: true, runAsUser: 1000, seccompProfile: {type: RuntimeDefault}}
  resources: {limits: {memory: 4Gi}}
  thanos: {version: v0.39.2}
  containers:
    - {name: config-reloader, resources: {limits: {memory: 64Mi}}}
    - {name: exporter, image: registry.example.fr/exporter:1.0}
`;
    expect(await found("k8s-resource-limits", "prometheus.yaml", prometheus)).toEqual([
      noLimit("container exporter", "spec.containers[1].resources.limits.cpu", "cpu"),
      noLimit("container exporter", "spec.containers[1].resources.limits.memory", "memory"),
      noLimit("container prometheus", "spec.resources.limits.cpu", "cpu"),
      noLimit("container thanos-sidecar", "spec.thanos.resources.limits.cpu", "cpu"),
      noLimit("container thanos-sidecar", "spec.thanos.resources.limits.memory", "memory"),
    ]);
    // A patch of the main container merges its limits into spec.resources'.
    const patched = prometheus.replace("{name: config-reloader,", '{name: prometheus, resources: {limits: {cpu: "2"}}}\n    - {name: config-reloader,');
    expect(await found("k8s-resource-limits", "prometheus.yaml", patched)).toEqual([
      noLimit("container exporter", "spec.containers[2].resources.limits.cpu", "cpu"),
      noLimit("container exporter", "spec.containers[2].resources.limits.memory", "memory"),
      noLimit("container thanos-sidecar", "spec.thanos.resources.limits.cpu", "cpu"),
      noLimit("container thanos-sidecar", "spec.thanos.resources.limits.memory", "memory"),
    ]);
    expect(await found("k8s-run-as-non-root", "prometheus.yaml", prometheus.replace(/ {2}securityContext: .*\n/, ""))).toContain(
      "violation spec.securityContext.runAsNonRoot: container prometheus: runAsNonRoot is left to prometheus-operator, which gives this container its security context and sets none: must be true",
    );
  });

  it("a CloudNativePG Cluster's for its postgres container and its bootstrap controller alike", async () => {
    const cluster = `apiVersion: postgresql.cnpg.io/v1
kind: Cluster
metadata: {name: warehouse, namespace: data}
spec:
  instances: 3
  storage: {size: 100Gi}
  resources: {limits: {memory: 4Gi}}
`;
    expect(await found("k8s-resource-limits", "cluster.yaml", cluster)).toEqual([
      "violation spec.resources.limits.cpu: container postgres: no cpu limit (resources.limits.cpu is unset, and no LimitRange of its namespace gives one)",
      "violation spec.resources.limits.cpu: init container bootstrap-controller: no cpu limit (resources.limits.cpu is unset, and no LimitRange of its namespace gives one)",
    ]);
  });
});
