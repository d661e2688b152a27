import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { InputProblem } from "../../policies/engine/model";
import { runPolicies } from "../../policies/engine/run";
import { ResourceGraph } from "../../policies/engine/graph";
import { readConfigurations } from "../../policies/inputs/read";
import { type ManifestReading, manifestConfiguration, withCrdSchemasLeftOut, writtenObjects } from "../../policies/inputs/kubernetes-yaml";
import { allPolicies } from "../../policies/rules/index";
import { fixtureSettings } from "./fixture-runner";
import { parseKubernetesYaml, parsePyYaml } from "../../policies/lib/go-yaml";
import { helmValues } from "../../policies/lib/helm";
import type { TfResource } from "../../policies/engine/model";
import { tool } from "../helpers/validators";

const read = (text: string, options: { namespace?: string; reading?: ManifestReading } = {}) => {
  const problems: InputProblem[] = [];
  const configuration = manifestConfiguration(
    "rendered",
    [{ file: "rendered.yaml", text }],
    options.namespace ?? "default",
    problems,
    options.reading ?? "named",
  );
  return { configuration, problems };
};

/** `helm template` output: a comment line per template, documents that render to nothing, objects with and without namespace. */
const rendered = `---
# Source: web/templates/namespace.yaml
apiVersion: v1
kind: Namespace
metadata:
  name: team
---
# Source: web/templates/empty.yaml
---
# Source: web/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: init
          image: registry.example.fr/web/init:1.0.0
        - name: web
          image: registry.example.fr/web/web:1.0.0
          securityContext:
            privileged: on
---
# Source: web/templates/role.yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: web-reader
rules:
  - apiGroups: [""]
    resources: [pods]
    verbs: [get]
`;

describe("Kubernetes manifests in YAML", () => {
  it("reads every object of helm template's output as the typed resource of its kind, in the namespace given", () => {
    const { configuration, problems } = read(rendered, { namespace: "team" });
    expect(problems).toEqual([]);
    expect(configuration?.manifests).toBe(true);
    expect(configuration?.resources.map((r) => [r.address, r.type, r.line])).toEqual([
      ["Namespace/team", "kubernetes_namespace_v1", 3],
      ["Deployment/team/web", "kubernetes_deployment_v1", 11],
      ["ClusterRole/web-reader", "kubernetes_cluster_role_v1", 31],
    ]);
    // As kubectl reads YAML (go-yaml v2): `on` is true.
    const deployment = configuration!.resources[1]!;
    const [spec] = deployment.values.spec as { template: { spec: { container: { security_context?: { privileged: unknown }[] }[] }[] }[] }[];
    expect(spec!.template[0]!.spec[0]!.container[1]!.security_context![0]!.privileged).toBe(true);
  });

  it("puts an object that names no namespace (or an empty one) in default unless told, clears one written on a cluster-scoped object, and reads the items of a List", () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: a}\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: b, namespace: other}\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: c, namespace: ""}\n`;
    const { configuration } = read(list);
    expect(configuration?.resources.map((r) => `${r.address}:${r.line}`)).toEqual(["ConfigMap/default/a:4", "ConfigMap/other/b:7", "ConfigMap/default/c:10"]);
    expect(read(list, { namespace: "team" }).configuration?.resources.map((r) => r.address)).toEqual([
      "ConfigMap/team/a",
      "ConfigMap/other/b",
      "ConfigMap/team/c",
    ]);
    // A list in a list is refused by kubectl.
    expect(read("apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: List, items: []}\n").problems).toEqual([
      { file: "rendered.yaml", line: 4, message: "document 1, item 1: a list inside a list, which kubectl refuses" },
    ]);
    // A cluster-scoped object keeps no namespace written on it (the API server clears it): written twice, it is one object.
    const role = (namespace: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: reader${namespace}}\nrules: []\n`;
    const twice = read(`${role(", namespace: monitoring")}---\n${role("")}`, { namespace: "team" });
    expect(twice.configuration?.resources.map((r) => r.address)).toEqual(["ClusterRole/reader"]);
    expect(twice.problems).toEqual([]);
  });

  it("reports aliases expanded past any reason as an input problem, not a crash", () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      ...Array.from({ length: 6 }, (_, i) => `${"bcdefg"[i]}: &${"bcdefg"[i]} [${Array(10).fill(`*${"abcdef"[i]}`).join(", ")}]`),
    ].join("\n");
    expect(read(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  ${bomb.replaceAll("\n", "\n  ")}\n`).problems).toEqual([
      { file: "rendered.yaml", line: 1, message: expect.stringMatching(/^document 1: Excessive alias count/) },
    ]);
  });

  it("reports a finding at the field as the manifest writes it, and its line; an unset field at its nearest written parent", () => {
    const { configuration } = read(rendered, { namespace: "team" });
    const outcomes = runPolicies([configuration!], { policies: allPolicies, settings: fixtureSettings }).outcomes.filter(
      (o) => o.address === "Deployment/team/web" && o.status === "violation",
    );
    const at = (policyId: string) => outcomes.filter((o) => o.policyId === policyId).map((o) => `${o.path} :${o.line}`);
    expect(at("k8s-no-privileged")).toEqual(["spec.template.spec.containers[1].securityContext.privileged :28"]);
    // The init container writes no securityContext: the finding points at the container.
    expect(at("k8s-no-privilege-escalation")).toEqual([
      "spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation :23",
      "spec.template.spec.containers[1].securityContext.allowPrivilegeEscalation :27",
    ]);
    expect(at("k8s-resource-limits")).toContain("spec.template.spec.containers[0].resources.limits.cpu :23");
    // The message names the fields as the manifest does, as its path does.
    expect(outcomes.filter((o) => o.policyId === "k8s-no-privilege-escalation").map((o) => o.message)).toEqual([
      "container init: allowPrivilegeEscalation is unset, must be false",
      "container web: allowPrivilegeEscalation is unset, must be false",
    ]);
  });

  it("names a key that holds a dot or a slash as written, a Secret's stringData as written, and the later of a key written twice", () => {
    const objects = [
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: team}\ndata:\n  mode: plain\n  application.properties: |\n    -----BEGIN RSA PRIVATE KEY-----\n    MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n    -----END RSA PRIVATE KEY-----",
      "apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: team}\nstringData:\n  password: not-a-real-one",
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: team}\nspec:\n  securityContext:\n    runAsUser: 1000\n    runAsNonRoot: true\n    runAsUser: 0\n  containers: [{name: c, image: registry.example.fr/c:1.0.0}]",
      "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: portal\n  namespace: team\n  annotations:\n    cert-manager.io/cluster-issuer: internal\n    cert-manager.io/duration: 43800h\nspec:\n  rules: [{host: portal.example.fr}]",
    ].join("\n---\n");
    const { configuration } = read(objects);
    const outcomes = runPolicies([configuration!], { policies: allPolicies, settings: fixtureSettings }).outcomes.filter((o) => o.status === "violation");
    const at = (policyId: string) => outcomes.filter((o) => o.policyId === policyId).map((o) => `${o.address} ${o.path} :${o.line}`);
    // At the key's first line in the literal block the field holds.
    expect(at("k8s-configmap-no-secrets")).toEqual(['ConfigMap/team/cfg data["application.properties"] :7']);
    expect(at("k8s-secret-no-literal-data")).toEqual(["Secret/team/s stringData.password :15"]);
    // The message does not name the field its typed reading holds the key in (data), which the manifest does not write.
    expect(outcomes.find((o) => o.policyId === "k8s-secret-no-literal-data")?.message).toBe("key password holds a literal value (not shown)");
    expect(at("k8s-run-as-non-root").filter((line) => line.includes("run_as_user") || line.includes("runAsUser"))).toEqual([
      "Pod/team/p spec.securityContext.runAsUser :24",
    ]);
    expect(at("tls-keys-and-certificates")).toEqual(['Ingress/team/portal metadata.annotations["cert-manager.io/duration"] :34']);
    const violations = (text: string, policyId: string) =>
      runPolicies([read(text).configuration!], { policies: allPolicies, settings: fixtureSettings }).outcomes.filter(
        (o) => o.policyId === policyId && o.status === "violation",
      );
    const literalSecrets = (text: string) => violations(text, "no-literal-secret-arguments").map((o) => `${o.path} :${o.line} ${o.message}`);
    const helmRelease =
      "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: pg, namespace: team}\nspec:\n  interval: 10m\n  values:\n    auth: {password: not-a-real-one}\n";
    expect(literalSecrets(helmRelease)).toEqual(["spec.values.auth.password :7 spec.values.auth.password is a literal credential"]);
    // Argo CD's chart values: a parameter is pointed at as a field, a values text at the key's line in it, the chart value
    // named in the message; a source is ignored where sources are set.
    const application = [
      "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: grafana, namespace: argocd}\nspec:",
      "  source: {chart: grafana, helm: {values: 'adminPassword: ignored-beside-sources'}}",
      "  sources:",
      "    - chart: grafana",
      "      helm:",
      "        values: |",
      "          admin: {user: admin}",
      "          smtp: {password: not-a-real-one}",
      "        parameters: [{name: auth.postgresPassword, value: not-a-real-one}, {name: admin.existingSecret, value: grafana}]",
    ].join("\n");
    expect(literalSecrets(application)).toEqual([
      "spec.sources[0].helm.parameters :12 spec.sources[0].helm.parameters: the chart value auth.postgresPassword is a literal credential",
      "spec.sources[0].helm.values :11 spec.sources[0].helm.values: the chart value smtp.password is a literal credential",
    ]);
    // A K3s HelmChartConfig's set is read as the values it writes, once; a key that is no plain name is written as written.
    const k3s = [
      "apiVersion: helm.cattle.io/v1\nkind: HelmChartConfig\nmetadata: {name: traefik, namespace: kube-system}\nspec:",
      "  set:\n    dashboard.auth.password: not-a-real-one",
      "  valuesContent: |-\n    grafana.ini: {security: {admin_password: not-a-real-one}}",
    ].join("\n");
    expect(literalSecrets(k3s)).toEqual([
      "spec.set :5 spec.set: the chart value dashboard.auth.password is a literal credential",
      'spec.valuesContent :8 spec.valuesContent: the chart value ["grafana.ini"].security.admin_password is a literal credential',
    ]);
    // A custom resource read as the workload of its pods is judged as written, its fields pointed at where they are.
    const scaledJob = [
      "apiVersion: keda.sh/v1alpha1\nkind: ScaledJob\nmetadata: {name: worker, namespace: team}\nspec:",
      "  jobTargetRef: {template: {spec: {containers: [{name: w, image: registry.example.fr/w:1.0.0}]}}}",
      "  triggers:\n    - type: rabbitmq\n      metadata:\n        host: amqp://w:not-a-real-one@queue:5672/",
    ].join("\n");
    expect(literalSecrets(scaledJob)).toEqual(["spec.triggers[0].metadata.host :9 spec.triggers[0].metadata.host holds a password in a URL (not shown)"]);
    // A workflow's containers are judged as pods' by k8s-env-no-literal-secrets; its parameters here.
    const workflow = [
      "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: etl, namespace: team}\nspec:",
      "  arguments: {parameters: [{name: db-password, value: not-a-real-one}]}",
      "  templates:\n    - name: main\n      container:",
      "        image: registry.example.fr/etl:1.0.0\n        env: [{name: DB_PASSWORD, value: not-a-real-one}]",
    ].join("\n");
    expect(literalSecrets(workflow)).toEqual(["spec.arguments.parameters[0].value :5 spec.arguments.parameters[0].value is a literal credential"]);
    expect(violations(workflow, "k8s-env-no-literal-secrets").map((o) => o.path)).toEqual(["spec.templates[0].container.env[0].value"]);
    // A release's chart taken from an OCIRepository: the message names the object and field that hold the version.
    const ociRelease = [
      "apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata: {name: web, namespace: team}\nspec:\n  url: oci://registry.example.fr/charts/web\n  ref: {semver: '>=1.0.0'}",
      "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: web, namespace: team}\nspec:\n  interval: 10m\n  chartRef: {kind: OCIRepository, name: web}",
    ].join("\n---\n");
    const pinned = violations(ociRelease, "helm-release-pinned");
    expect(pinned.map((o) => `${o.address} ${o.path}: ${o.message}`)).toEqual([
      'HelmRelease/team/web spec.chartRef: chart version ">=1.0.0" is not exact (OCIRepository team/web, spec.ref.semver)',
    ]);
  });

  it("reports a finding on an Argo workflow's pod at the field the workflow writes: its template's, its defaults', or its own", () => {
    const workflow = [
      "apiVersion: argoproj.io/v1alpha1",
      "kind: CronWorkflow",
      "metadata: {name: nightly, namespace: research}",
      "spec:",
      "  workflowSpec:",
      "    securityContext:",
      "      runAsUser: 0",
      "    templateDefaults:",
      "      container:",
      "        securityContext:",
      "          privileged: true",
      "    templates:",
      "      - name: extract",
      "        container:",
      "          image: registry.example.fr/etl/extract:1.0.0",
      "          securityContext: {readOnlyRootFilesystem: true}",
      "      - name: fan",
      "        containerSet:",
      "          containers:",
      "            - {name: a, image: registry.example.fr/etl/a:1.0.0}",
      "            - name: b",
      "              image: registry.example.fr/etl/b:1.0.0",
      "              securityContext: {privileged: true}",
      "      - name: load",
      "        container: {image: registry.example.fr/etl/load:1.0.0}",
    ].join("\n");
    const { configuration } = read(workflow);
    const outcomes = runPolicies([configuration!], { policies: allPolicies, settings: fixtureSettings }).outcomes.filter((o) => o.status === "violation");
    const at = (policyId: string) => outcomes.filter((o) => o.policyId === policyId).map((o) => `${o.address} ${o.path} :${o.line}`);
    // The template writes a securityContext without privileged: the defaults' privileged is merged into it. Two pods
    // that take it from there give one finding.
    expect(at("k8s-no-privileged")).toEqual([
      "CronWorkflow/research/nightly spec.workflowSpec.templateDefaults.container.securityContext.privileged :11",
      "CronWorkflow/research/nightly spec.workflowSpec.templates[1].containerSet.containers[1].securityContext.privileged :23",
    ]);
    // The pod security context every pod takes from the workflow: one finding, at the workflow's field.
    expect(
      outcomes.filter((o) => o.policyId === "k8s-run-as-non-root" && o.path?.endsWith("runAsUser")).map((o) => `${o.path} :${o.line} ${o.message}`),
    ).toEqual(["spec.workflowSpec.securityContext.runAsUser :7 pod: runAsUser is 0 (root), which every container that sets none inherits"]);
    // What neither writes points at the template, where it would be written.
    expect(at("k8s-no-service-account-token")).toEqual([
      "CronWorkflow/research/nightly spec.workflowSpec.templates[0].automountServiceAccountToken :13",
      "CronWorkflow/research/nightly spec.workflowSpec.templates[1].automountServiceAccountToken :17",
      "CronWorkflow/research/nightly spec.workflowSpec.templates[2].automountServiceAccountToken :24",
    ]);
    // The defaults' lists merge with the template's by name; a container template's container is Argo's `main`.
    const merging = [
      "apiVersion: argoproj.io/v1alpha1",
      "kind: Workflow",
      "metadata: {name: merge, namespace: research}",
      "spec:",
      "  templateDefaults:",
      "    volumes: [{name: docker-sock, hostPath: {path: /var/run/docker.sock}}]",
      "    sidecars: [{name: dind, image: registry.example.fr/ci/dind:1.0.0, securityContext: {privileged: true}}]",
      "  templates:",
      "    - name: build",
      "      volumes: [{name: scratch, emptyDir: {}}]",
      "      sidecars: [{name: log, image: registry.example.fr/ci/log:1.0.0, securityContext: {privileged: true}}]",
      "      container: {name: builder, image: registry.example.fr/ci/build:1.0.0}",
    ].join("\n");
    const merged = runPolicies([read(merging).configuration!], { policies: allPolicies, settings: fixtureSettings }).outcomes.filter(
      (o) => o.status === "violation" && ["k8s-no-privileged", "k8s-no-host-path", "k8s-read-only-root-filesystem"].includes(o.policyId),
    );
    expect(merged.map((o) => `${o.policyId} ${o.path} :${o.line} ${o.message}`)).toEqual([
      'k8s-no-host-path spec.templateDefaults.volumes[0].hostPath :6 volume docker-sock: mounts the node\'s path "/var/run/docker.sock"',
      "k8s-no-privileged spec.templateDefaults.sidecars[0].securityContext.privileged :7 container dind: privileged is true",
      "k8s-no-privileged spec.templates[0].sidecars[0].securityContext.privileged :11 container log: privileged is true",
      "k8s-read-only-root-filesystem spec.templateDefaults.sidecars[0].securityContext.readOnlyRootFilesystem :7 container dind: readOnlyRootFilesystem is unset, must be true",
      "k8s-read-only-root-filesystem spec.templates[0].container.securityContext.readOnlyRootFilesystem :12 container main: readOnlyRootFilesystem is unset, must be true",
      "k8s-read-only-root-filesystem spec.templates[0].sidecars[0].securityContext.readOnlyRootFilesystem :11 container log: readOnlyRootFilesystem is unset, must be true",
    ]);
    // An object kubectl create names from a prefix is addressed by it.
    const job = read(
      "apiVersion: batch/v1\nkind: Job\nmetadata: {generateName: export-}\nspec: {template: {spec: {containers: [{name: export, image: registry.example.fr/export:1.0}]}}}",
    ).configuration;
    expect(job?.resources.map((resource) => resource.address)).toEqual(["Job/default/export-(generated, rendered.yaml:1)"]);
    // Objects without a name, at the same line of two files, are two objects: neither is written twice.
    const unnamed = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nrules: []\n";
    const problems: InputProblem[] = [];
    const roles = manifestConfiguration(
      "two",
      [
        { file: "a.yaml", text: unnamed },
        { file: "b.yaml", text: unnamed },
      ],
      "default",
      problems,
      "named",
    );
    expect(roles?.resources.map((resource) => resource.address)).toEqual(["ClusterRole/(unnamed, a.yaml:1)", "ClusterRole/(unnamed, b.yaml:1)"]);
    expect(problems).toEqual([]);
  });

  it("reads objects of one kind and name in two API groups as two objects, not one written twice", () => {
    // Talos's ServiceAccount (talos.dev) beside the core one of the same name, as a GitHub runner's folder writes them.
    const { configuration, problems } = read(
      "apiVersion: talos.dev/v1alpha1\nkind: ServiceAccount\nmetadata: {name: runner, namespace: ci}\nspec: {roles: ['os:admin']}\n---\n" +
        "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: runner, namespace: ci}\n---\n" +
        "apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata: {name: main, namespace: ci}\nspec: {instances: 1}\n---\n" +
        "apiVersion: cluster.x-k8s.io/v1beta1\nkind: Cluster\nmetadata: {name: main, namespace: ci}\nspec: {}\n---\n" +
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: alone, namespace: ci}\n",
    );
    expect(problems).toEqual([]);
    expect(configuration?.resources.map((resource) => [resource.address, resource.type, resource.line])).toEqual([
      ["ServiceAccount.talos.dev/ci/runner", "kubernetes_manifest", 1],
      ["ServiceAccount/ci/runner", "kubernetes_service_account_v1", 6],
      ["Cluster.postgresql.cnpg.io/ci/main", "kubernetes_manifest", 10],
      ["Cluster.cluster.x-k8s.io/ci/main", "kubernetes_manifest", 15],
      ["ConfigMap/ci/alone", "kubernetes_config_map_v1", 20],
    ]);
  });

  it("reads the Services CloudNativePG makes from a Cluster's and a Pooler's templates, each finding at the template's field", () => {
    const objects = [
      "apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata: {name: pg, namespace: data}\nspec:\n  managed:\n    services:\n      additional:\n        - selectorType: rw\n          serviceTemplate:\n            metadata: {name: pg-public}\n            spec:\n              type: LoadBalancer",
      "apiVersion: postgresql.cnpg.io/v1\nkind: Pooler\nmetadata: {name: pg-pooler, namespace: ingress}\nspec:\n  cluster: {name: pg}\n  serviceTemplate:\n    metadata: {name: ignored}\n    spec:\n      type: LoadBalancer\n      ports: [{name: pgbouncer, port: 6432}]",
    ].join("\n---\n");
    const { configuration } = read(objects);
    const services = configuration!.resources.filter((resource) => resource.type === "kubernetes_service_v1");
    // The operator's port and selector: PostgreSQL's 5432 on the primary; PgBouncer's on the Pooler's pods, a port the
    // template names kept as written; a Pooler's Service is named as the Pooler.
    expect(services.map((service) => [service.address, service.name, service.values.spec])).toEqual([
      [
        "Cluster/data/pg.spec.managed.services.additional[0].serviceTemplate",
        "pg-public",
        [
          {
            type: "LoadBalancer",
            port: [{ name: "postgres", port: 5432, protocol: "TCP" }],
            selector: { "cnpg.io/cluster": "pg", "cnpg.io/instanceRole": "primary" },
          },
        ],
      ],
      [
        "Pooler/ingress/pg-pooler.spec.serviceTemplate",
        "pg-pooler",
        [{ type: "LoadBalancer", port: [{ name: "pgbouncer", port: 6432 }], selector: { "cnpg.io/poolerName": "pg-pooler" } }],
      ],
    ]);
    const findings = runPolicies([configuration!], { policies: allPolicies, settings: fixtureSettings }).outcomes.filter(
      (o) => o.policyId === "k8s-service-not-exposed" && o.status === "violation",
    );
    expect(findings.map((f) => `${f.path} :${f.line} ${f.message}`)).toEqual([
      "spec.managed.services.additional[0].serviceTemplate.spec.type :12 Service of type LoadBalancer in namespace data, which may not be exposed (exposed namespaces: ingress)",
      "spec.serviceTemplate.spec.ports[0].port :23 Service of type LoadBalancer publishes 6432: only the ingress's ports 80 and 443 may face the Internet",
    ]);
  });

  it("reads the Services Strimzi makes of a Kafka's listeners published outside the cluster, each finding at the listener", () => {
    const kafka = [
      "apiVersion: kafka.strimzi.io/v1beta2\nkind: Kafka\nmetadata: {name: events, namespace: ingress}\nspec:\n  kafka:\n    template:",
      "      externalBootstrapService: {metadata: {annotations: {service.beta.kubernetes.io/openstack-internal-load-balancer: 'true'}}}",
      "    listeners:",
      "      - {name: plain, port: 9092, type: internal, tls: false}",
      "      - {name: private, port: 9094, type: loadbalancer, tls: true}",
      "      - name: public",
      "        port: 9095",
      "        type: loadbalancer",
      "        tls: true",
      "        configuration: {createBootstrapService: false}",
      "      - {name: nodes, port: 9096, type: nodeport, tls: true, configuration: {bootstrap: {annotations: {team: events}}}}",
    ].join("\n");
    const { configuration } = read(kafka);
    const services = configuration!.resources.filter((resource) => resource.type === "kubernetes_service_v1");
    // The internal listener has the cluster's own Service (a ClusterIP): none is made of it here.
    expect(services.map((service) => [service.name, service.values.spec, (service.values.metadata as { annotations?: unknown }[])[0]?.annotations])).toEqual([
      [
        "events-kafka-private-bootstrap",
        [{ type: "LoadBalancer", port: [{ name: "private", port: 9094, protocol: "TCP" }], selector: { "strimzi.io/cluster": "events" } }],
        { "service.beta.kubernetes.io/openstack-internal-load-balancer": "true" },
      ],
      [
        "events-kafka-public-<broker>",
        [{ type: "LoadBalancer", port: [{ name: "public", port: 9095, protocol: "TCP" }], selector: { "strimzi.io/cluster": "events" } }],
        undefined,
      ],
      [
        "events-kafka-nodes-bootstrap",
        [{ type: "NodePort", port: [{ name: "nodes", port: 9096, protocol: "TCP" }], selector: { "strimzi.io/cluster": "events" } }],
        { team: "events", "service.beta.kubernetes.io/openstack-internal-load-balancer": "true" },
      ],
    ]);
    // In the ingress namespace, the internal load balancer publishes nothing; the public one publishes its port.
    const findings = runPolicies([configuration!], { policies: allPolicies, settings: fixtureSettings }).outcomes.filter(
      (o) => o.policyId === "k8s-service-not-exposed" && o.status === "violation",
    );
    expect(findings.map((f) => `${f.path} :${f.line} ${f.message}`)).toEqual([
      "spec.kafka.listeners[2].port :12 Service of type LoadBalancer publishes 9095: only the ingress's ports 80 and 443 may face the Internet",
    ]);
  });

  it("reports a finding on a custom resource (read as written, at manifest.<path>) at its path in the file", () => {
    const option = "apiVersion: traefik.io/v1alpha1\nkind: TLSOption\nmetadata:\n  name: legacy\n  namespace: ingress\nspec:\n  minVersion: VersionTLS10\n";
    const { configuration } = read(option);
    const findings = runPolicies([configuration!], { policies: allPolicies, settings: fixtureSettings }).outcomes.filter(
      (o) => o.policyId === "tls-versions-and-suites" && o.status === "violation",
    );
    // The suites it does not write point at its spec.
    expect(findings.map((f) => `${f.address} ${f.path} :${f.line}`).sort()).toEqual([
      "TLSOption/ingress/legacy spec.cipherSuites :6",
      "TLSOption/ingress/legacy spec.minVersion :7",
    ]);
  });

  it("reports a secret in a text written as a literal block at its line in the file, and in a folded one at its field", () => {
    const chart = (style: string) =>
      `apiVersion: helm.cattle.io/v1\nkind: HelmChart\nmetadata:\n  name: hub\n  namespace: kube-system\nspec:\n  chart: jupyterhub\n  valuesContent: ${style}\n    cull:\n      users: false\n    proxy:\n      secretToken: "not-a-real-token-but-a-long-one-all-the-same"\n`;
    const placed = (style: string) =>
      runPolicies([read(chart(style)).configuration!], { policies: allPolicies, settings: fixtureSettings })
        .outcomes.filter((o) => o.policyId === "no-literal-secret-arguments" && o.status === "violation")
        .map((f) => `${f.path} :${f.line} ${f.message}`);
    const said = "spec.valuesContent: the chart value proxy.secretToken is a literal credential";
    expect(placed("|-")).toEqual([`spec.valuesContent :12 ${said}`]);
    // A folded text's lines are not the file's: the field's line.
    expect(placed(">-")).toEqual([`spec.valuesContent :8 ${said}`]);
  });

  it("reports what the API server refuses for its shape, where nothing would be judged: a spec that is a list, a Pod with no containers, a field its schema refuses, a kind its group does not serve", () => {
    const { problems } = read(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  - containers: [{name: c, image: x, securityContext: {privileged: true}}]\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec: {ephemeralContainers: [{name: c, image: x}]}\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: c}\nspec: [1, 2]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: d}\nspec:\n  - {apiGroups: [""], resources: [pods], verbs: [get]}\n',
    );
    expect(problems.map((problem) => `${problem.line}: ${problem.message}`)).toEqual([
      "1: document 1: its spec is not an object, which the API server refuses",
      "10: document 2: spec.containers is not written, and the API server requires it",
      "20: document 4: a ClusterRole has no spec (its fields are at the top level): kubectl's strict field validation refuses an unknown field",
    ]);
    // What the Kubernetes OpenAPI schema of a kind refuses, at the field's line: a label YAML 1.1 reads as a boolean
    // (go-yaml: `yes`), a port written as a word, a Deployment whose template has no containers, a Secret's data that
    // is not base64. A field given null is left unwritten (an empty imagePullPolicy is defaulted), base64 over two lines
    // is decoded (encoding/base64 skips line breaks), and a custom resource has no schema here.
    const deployment = (name: string, labels: string, containers: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  labels: {${labels}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec:\n      containers: ${containers}\n`;
    const container = "[{name: app, image: registry.example.fr/app:1.0, imagePullPolicy: }]";
    const typed = read(
      [
        deployment("flagged", "enabled: yes", container),
        "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports:\n    - port: eighty\n",
        deployment("empty", "tier: web", "[]"),
        "apiVersion: v1\nkind: Secret\nmetadata: {name: broken}\ndata:\n  key: not base64!\n",
        deployment("kept", "tier: web", container),
        "apiVersion: v1\nkind: Secret\nmetadata: {name: folded}\ndata:\n  key: |\n    ZmFrZS12YWx1ZS1mb3ItYS10\n    ZXN0\n",
        "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, labels: {enabled: yes}}\nspec: {port: eighty}\n",
      ].join("---\n"),
    );
    expect(typed.problems.map((problem) => `${problem.line}: ${problem.message}`)).toEqual([
      "5: document 1: metadata.labels.enabled is true (a boolean) where a text is expected, which the API server refuses",
      "18: document 2: spec.ports[0].port is a text where an integer is expected, which the API server refuses",
      "30: document 3: a Deployment whose pod template has no containers, which the API server refuses (spec.template.spec.containers is required)",
      "36: document 4: data.key is not base64 text, which the API server refuses",
    ]);
    expect(typed.configuration?.resources.map((resource) => resource.address)).toEqual([
      "Deployment/default/kept",
      "Secret/default/folded",
      "Widget/default/w",
    ]);
    // A version Kubernetes no longer serves (extensions/v1beta1 since 1.16, rbac's v1beta1 since 1.22): a problem at its
    // apiVersion, and the object is judged as its later version, whose shape it has.
    const old = read(
      "apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: old, namespace: apps}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: x, securityContext: {privileged: true}}]\n---\napiVersion: rbac.authorization.k8s.io/v1beta1\nkind: Role\nmetadata: {name: r, namespace: apps}\nrules: []\n---\napiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: p}\nspec: {}\n",
    );
    expect(old.problems.map((problem) => `${problem.line}: ${problem.message}`)).toEqual([
      "1: document 1: extensions/v1beta1 Deployment is no longer served since Kubernetes 1.16, which the API server refuses: write apps/v1 (the object is judged as one)",
      "9: document 2: rbac.authorization.k8s.io/v1beta1 Role is no longer served since Kubernetes 1.22, which the API server refuses: write rbac.authorization.k8s.io/v1 (the object is judged as one)",
      "14: document 3: policy/v1beta1 PodSecurityPolicy is no longer served since Kubernetes 1.25, which the API server refuses: no version serves one since, and Pod Security admission replaces it",
    ]);
    expect(old.configuration?.resources.map((resource) => `${resource.address} ${resource.type}`)).toEqual([
      "Deployment/apps/old kubernetes_deployment_v1",
      "Role/apps/r kubernetes_role_v1",
      "PodSecurityPolicy/p kubernetes_manifest",
    ]);
    const privileged = runPolicies([old.configuration!], { policies: allPolicies, settings: fixtureSettings }).outcomes.filter(
      (outcome) => outcome.policyId === "k8s-no-privileged" && outcome.status === "violation",
    );
    expect(privileged.map((outcome) => `${outcome.address} ${outcome.path}`)).toEqual([
      "Deployment/apps/old spec.template.spec.containers[0].securityContext.privileged",
    ]);
    // A kind its group does not serve (kubectl: no matches for kind "Deployment" in version "v1"): every pod policy
    // would pass it unread. A custom resource's kind of the same name, in its own group, is no built-in kind.
    const kinds = read(
      "apiVersion: v1\nkind: Deployment\nmetadata: {name: a}\nspec: {}\n---\napiVersion: apps/v1\nkind: Service\nmetadata: {name: b}\n---\napiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: c}\nspec: {}\n",
    );
    expect(kinds.problems.map((problem) => `${problem.line}: ${problem.message}`)).toEqual([
      "1: document 1: v1 serves no Deployment (apps/v1 does), which the API server refuses",
      "6: document 2: apps/v1 serves no Service (v1 does), which the API server refuses",
    ]);
    expect(kinds.configuration?.resources.map((r) => r.address)).toEqual(["Service/default/c"]);
    // A configuration file of another tool is no object: named, it says so; in a folder, it is left out.
    expect(read("apiVersion: skaffold/v4beta6\nkind: Config\nmetadata: {name: app}\n").problems.map((problem) => problem.message)).toEqual([
      "document 1: a configuration file another tool reads (skaffold/v4beta6 Config), not an object kubectl applies",
    ]);
  });

  it("names the line of what does not parse, Helm template actions, what is not an object and an object written twice", () => {
    expect(read("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: [web\n").problems).toEqual([
      { file: "rendered.yaml", line: 6, message: expect.stringMatching(/^column \d+: not valid YAML: \w[^\n]*$/) },
    ]);
    // A .json file opening with a brace is JSON to kubectl: named so, its text never quoted.
    const json: InputProblem[] = [];
    manifestConfiguration("rendered", [{ file: "role.json", text: '{\n  "rules": [1, 2,\n}\n' }], "default", json, "named");
    expect(json).toEqual([{ file: "role.json", line: 3, message: "column 1: not valid JSON" }]);
    // Only a .json file that opens with a brace is: a .json file of YAML, or a .yaml file that opens with a brace, is YAML.
    for (const [file, text] of [
      ["cm.json", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: [web\n"],
      ["role.yaml", '{\n  "rules": [1, 2,\n}\n'],
    ] as const) {
      const yaml: InputProblem[] = [];
      manifestConfiguration("rendered", [{ file, text }], "default", yaml, "named");
      expect(yaml, file).toEqual([{ file, line: expect.any(Number), message: expect.stringMatching(/^column \d+: not valid YAML: /) }]);
    }
    expect(read("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n").problems).toEqual([
      {
        file: "rendered.yaml",
        line: 1,
        message:
          "document 1 holds Go template actions ({{ }}), a source a tool renders (a Helm chart's, an installer's addon): render it (helm template for a chart), then check its output",
      },
    ]);
    // An action whose quotes close the string it is written in stops YAML there: the document is a template all the same.
    expect(
      read('apiVersion: v1\nkind: Pod\nmetadata: {name: csi}\nspec:\n  containers:\n    - name: csi\n      image: "{{ .Images.Get "csi" }}"\n').problems.map(
        (problem) => problem.message,
      ),
    ).toEqual([
      "document 1 holds Go template actions ({{ }}), a source a tool renders (a Helm chart's, an installer's addon): render it (helm template for a chart), then check its output",
    ]);
    // Braces in a comment are skipped, as kubectl skips the comment (Percona's example cluster comments out a setting
    // its operator fills from a template); a # inside a string starts no comment.
    const commented =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  a: b # {{ x }}\n#  configuration: |-\n#    size={{containerMemoryLimit * 3/4}}\n";
    expect(read(commented).problems).toEqual([]);
    expect(read("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  a: ['x #', {{ y }}]\n").problems.map((problem) => problem.message)).toEqual([
      "document 1 holds Go template actions ({{ }}), a source a tool renders (a Helm chart's, an installer's addon): render it (helm template for a chart), then check its output",
    ]);
    expect(read("replicaCount: 2\n").problems).toEqual([
      { file: "rendered.yaml", line: 1, message: "document 1: not a Kubernetes object (an apiVersion and a kind were expected)" },
    ]);
    const twice = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: z}\n";
    const { configuration, problems } = read(twice);
    expect(problems).toEqual([
      {
        file: "rendered.yaml",
        line: 5,
        message:
          "ConfigMap/default/a is written twice (first at rendered.yaml:1): kubectl applies the later over the earlier, or keeps the earlier where the API server refuses the change (a Pod's spec); both are checked",
      },
    ]);
    // Both copies are judged, each at its own line, the earlier named apart; one the later repeats is left out.
    expect(configuration?.resources.map((resource) => [resource.address, resource.line, resource.values.data])).toEqual([
      ["ConfigMap/default/a (first copy, rendered.yaml:1)", 1, undefined],
      ["ConfigMap/default/a", 5, { x: "z" }],
    ]);
    const same = read("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
    expect(same.configuration?.resources).toHaveLength(1);
    // An identical copy is one object, which kubectl applies unchanged the second time: no problem.
    expect(same.problems).toEqual([]);
    expect(new ResourceGraph(configuration!).resource("ConfigMap/default/a")?.values.data).toEqual({ x: "z" });
    // In two folders, as two applications of a GitOps repository may write it: the message says how to check them apart.
    const writtenIn = (first: string, second: string) => {
      const found: InputProblem[] = [];
      const [earlier, later] = twice.split("---\n");
      manifestConfiguration(
        "apps",
        [
          { file: first, text: earlier! },
          { file: second, text: later! },
        ],
        "default",
        found,
        "folder",
      );
      return found.map((problem) => problem.message);
    };
    expect(writtenIn("apps/hooks/manifests.yaml", "apps/waves/manifests.yaml")).toEqual([
      "ConfigMap/default/a is written twice (first at apps/hooks/manifests.yaml:1): kubectl applies the later over the earlier, or keeps the earlier where the API server refuses the change (a Pod's spec); both are checked. Where apps/hooks and apps/waves are applied apart (two applications of a GitOps repository), check each as a path of its own: eds check apps/hooks apps/waves",
    ]);
    // Two files of one folder, as a folder of samples holds them: how to check each alone.
    expect(writtenIn("samples/cluster.yaml", "samples/cluster-autoscaler.yaml")).toEqual([
      "ConfigMap/default/a is written twice (first at samples/cluster.yaml:1): kubectl applies the later over the earlier, or keeps the earlier where the API server refuses the change (a Pod's spec); both are checked. Where samples/cluster.yaml and samples/cluster-autoscaler.yaml are applied apart (two samples of one folder), check each as a path of its own: eds check samples/cluster.yaml samples/cluster-autoscaler.yaml",
    ]);
    // A folder and one inside it are not two applications: nothing more is said.
    expect(writtenIn("apps/manifests.yaml", "apps/waves/manifests.yaml")).toEqual([expect.stringMatching(/both are checked$/)]);
    // Text with Helm's braces in a string is what kubectl applies.
    const annotated = read(
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: team}\ndata:\n  summary: 'Disk at {{ $value }}%'\n  plain: use {{ x }}\n",
    );
    expect(annotated.problems).toEqual([]);
    expect(annotated.configuration!.resources[0]!.values.data).toEqual({ summary: "Disk at {{ $value }}%", plain: "use {{ x }}" });
    // Nothing to apply, in a file named: the command that wrote it may have failed.
    expect(read("# nothing rendered\n").problems).toEqual([
      { file: "rendered.yaml", message: "holds no Kubernetes object: kubectl would apply nothing (did the command that wrote it fail?)" },
    ]);
  });

  it("reads the manifests of a folder with no Terraform, leaving other tools' YAML out; a Terraform folder's YAML is not read", async () => {
    const folder = mkdtempSync(join(tmpdir(), "eds-manifests-"));
    mkdirSync(join(folder, "templates"));
    writeFileSync(join(folder, "templates", "web.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: team}\n");
    writeFileSync(join(folder, "values.yaml"), "replicaCount: 2\n");
    writeFileSync(join(folder, "ci.yml"), "on: [push]\njobs: {}\n");
    // kubectl applies a folder's .json files and its hidden files too.
    writeFileSync(
      join(folder, "pod.json"),
      JSON.stringify({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "probe", namespace: "team" },
        spec: { containers: [{ name: "probe", image: "registry.example.fr/probe:1.0.0" }] },
      }),
    );
    writeFileSync(join(folder, ".hidden.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: hidden, namespace: team}\n");
    writeFileSync(join(folder, "package.json"), '{"name": "not-kubernetes"}');
    const elsewhere = mkdtempSync(join(tmpdir(), "eds-manifests-"));
    writeFileSync(join(elsewhere, "linked.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: linked, namespace: team}\n");
    symlinkSync(join(elsewhere, "linked.yaml"), join(folder, "linked.yaml"));
    // Links that loop are an input problem, as kubectl reports the file it cannot open.
    const looping = mkdtempSync(join(tmpdir(), "eds-manifests-"));
    writeFileSync(join(looping, "plain.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain, namespace: team}\n");
    symlinkSync(join(looping, "loop-b.yaml"), join(looping, "loop-a.yaml"));
    symlinkSync(join(looping, "loop-a.yaml"), join(looping, "loop-b.yaml"));
    const loopProblems: InputProblem[] = [];
    await readConfigurations([looping], loopProblems);
    expect(loopProblems.map((p) => `${p.file}: ${p.message}`)).toEqual([
      `${join(looping, "loop-a.yaml")}: cannot be used (ELOOP)`,
      `${join(looping, "loop-b.yaml")}: cannot be used (ELOOP)`,
    ]);
    const problems: InputProblem[] = [];
    const [configuration, ...others] = await readConfigurations([folder], problems);
    expect(others).toEqual([]);
    expect(problems).toEqual([]);
    expect(configuration!.resources.map((r) => `${r.address} ${r.file}`)).toEqual([
      `ConfigMap/team/hidden ${join(folder, ".hidden.yaml")}`,
      `ConfigMap/team/linked ${join(folder, "linked.yaml")}`,
      `Pod/team/probe ${join(folder, "pod.json")}`,
      `ConfigMap/team/web ${join(folder, "templates", "web.yaml")}`,
    ]);
    // A JSON file named is a manifest when it holds a Kubernetes object (kubectl get -o json), not a configuration.
    const [pod] = await readConfigurations([join(folder, "pod.json")], problems);
    expect(pod!.resources.map((r) => r.address)).toEqual(["Pod/team/probe"]);

    writeFileSync(join(folder, "main.tf"), 'resource "kubernetes_config_map_v1" "settings" {\n  metadata {\n    name = "settings"\n  }\n}\n');
    const [terraform] = await readConfigurations([folder], problems);
    expect(terraform!.manifests).toBeUndefined();
    expect(terraform!.resources.map((r) => r.address)).toEqual(["kubernetes_config_map_v1.settings"]);

    // A chart or a Kustomize folder is a source: its templates and patches are not the objects applied.
    const repository = mkdtempSync(join(tmpdir(), "eds-manifests-"));
    mkdirSync(join(repository, "chart", "templates"), { recursive: true });
    writeFileSync(join(repository, "chart", "Chart.yaml"), "apiVersion: v2\nname: web\nversion: 1.0.0\n");
    writeFileSync(join(repository, "chart", "templates", "config.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: {{ .Release.Name }}}\n");
    mkdirSync(join(repository, "overlay"));
    // The folders its kustomization names in the fields that hold paths, and those the kustomizations there name, are
    // its sources; a value of another field (its namespace) names no folder.
    writeFileSync(
      join(repository, "overlay", "kustomization.yaml"),
      "namespace: examples\nresources: [../base, components/db, https://example.fr/remote?ref=v1]\npatches: [{path: patches/replicas.yaml}]\nconfigMapGenerator: [{name: app, files: [app.conf=config/app.conf]}]\n",
    );
    const deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: team}\nspec: {replicas: 3}\n";
    for (const named of ["components/db", "patches", "config", "common"]) {
      mkdirSync(join(repository, "overlay", named), { recursive: true });
      writeFileSync(join(repository, "overlay", named, "replicas.yaml"), deployment);
    }
    writeFileSync(join(repository, "overlay", "components", "db", "kustomization.yaml"), "patches: [{path: ../../common/replicas.yaml}]\n");
    // A folder the kustomization does not name is no part of what it renders: kubectl applies it on its own.
    mkdirSync(join(repository, "overlay", "examples"));
    writeFileSync(join(repository, "overlay", "examples", "example.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: example, namespace: team}\n");
    writeFileSync(join(repository, "plain.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain, namespace: team}\n");
    const inRepository: InputProblem[] = [];
    const [plain] = await readConfigurations([repository], inRepository);
    expect(plain!.resources.map((r) => r.address)).toEqual(["ConfigMap/team/example", "ConfigMap/team/plain"]);
    // Named in the report, as beside Terraform: every file was read, and none is an input problem.
    expect(inRepository).toEqual([]);
    const sources = [
      {
        file: join(repository, "chart"),
        message: "a Helm chart: its files are sources, not the objects applied; check what it renders (helm template <release> <folder> | eds check -)",
      },
      {
        file: join(repository, "overlay"),
        message: "a Kustomize folder: its files are sources, not the objects applied; check what it renders (kubectl kustomize <folder> | eds check -)",
      },
    ];
    expect(plain!.leftToTheirTools).toEqual(sources);
    // A patch in a sibling folder that a nested overlay names (kubectl kustomize --load-restrictor LoadRestrictionsNone)
    // is that overlay's source too, not an object.
    const siblings = mkdtempSync(join(tmpdir(), "eds-manifests-"));
    mkdirSync(join(siblings, "overlays", "prod"), { recursive: true });
    mkdirSync(join(siblings, "patches"));
    writeFileSync(join(siblings, "overlays", "prod", "kustomization.yaml"), "patches: [{path: ../../patches/replicas.yaml}]\n");
    writeFileSync(join(siblings, "patches", "replicas.yaml"), deployment);
    writeFileSync(join(siblings, "plain.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain, namespace: team}\n");
    // The files a generator plugin reads (KSOPS's encrypted Secrets) are its input, not objects applied on their own.
    mkdirSync(join(siblings, "overlays", "ops", "secrets"), { recursive: true });
    writeFileSync(join(siblings, "overlays", "ops", "kustomization.yaml"), "namespace: ops\ngenerators: [./secret-generator.yaml]\n");
    writeFileSync(
      join(siblings, "overlays", "ops", "secret-generator.yaml"),
      "apiVersion: viaduct.ai/v1\nkind: ksops\nmetadata: {name: secrets}\nfiles: [./secrets/kafka.enc.yaml]\n",
    );
    writeFileSync(
      join(siblings, "overlays", "ops", "secrets", "kafka.enc.yaml"),
      "apiVersion: v1\nkind: Secret\nmetadata: {name: kafka}\ndata: {password: 'ENC[AES256_GCM,data:AAAA,iv:BBBB,tag:CCCC,type:str]'}\n",
    );
    // A transformer plugin's files too.
    mkdirSync(join(siblings, "overlays", "ops-transformed", "secrets"), { recursive: true });
    writeFileSync(join(siblings, "overlays", "ops-transformed", "kustomization.yaml"), "namespace: ops\ntransformers: [./secret-transformer.yaml]\n");
    writeFileSync(
      join(siblings, "overlays", "ops-transformed", "secret-transformer.yaml"),
      "apiVersion: viaduct.ai/v1\nkind: ksops\nmetadata: {name: secrets}\nfiles: [./secrets/kafka.enc.yaml]\n",
    );
    writeFileSync(
      join(siblings, "overlays", "ops-transformed", "secrets", "kafka.enc.yaml"),
      "apiVersion: v1\nkind: Secret\nmetadata: {name: kafka}\ndata: {password: 'ENC[AES256_GCM,data:AAAA,iv:BBBB,tag:CCCC,type:str]'}\n",
    );
    const [withSiblings] = await readConfigurations([siblings], []);
    expect(withSiblings!.resources.map((r) => r.address)).toEqual(["ConfigMap/team/plain"]);
    // A chart given alone, with nothing else to judge, is an input problem.
    const chartAlone: InputProblem[] = [];
    await readConfigurations([join(repository, "chart")], chartAlone);
    expect(chartAlone).toEqual([sources[0]]);

    const empty = mkdtempSync(join(tmpdir(), "eds-manifests-"));
    writeFileSync(join(empty, "values.yaml"), "replicaCount: 2\n");
    await expect(readConfigurations([empty], [])).rejects.toThrow(/no Kubernetes manifest \(\.yaml, \.yml\)/);
  });

  it("judges each clusterctl cluster template (a flavor) as a stack of its own: the same objects in two are no duplicates", async () => {
    const folder = mkdtempSync(join(tmpdir(), "eds-manifests-"));
    mkdirSync(join(folder, "templates"));
    const cluster = (flavor: string) =>
      `apiVersion: cluster.x-k8s.io/v1beta1\nkind: Cluster\nmetadata:\n  name: \${CLUSTER_NAME}\n  namespace: clusters\nspec: {paused: ${flavor === "paused"}}\n`;
    writeFileSync(join(folder, "templates", "cluster-template.yaml"), cluster("default"));
    writeFileSync(join(folder, "templates", "cluster-template-paused.yaml"), cluster("paused"));
    const shared = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shared, namespace: clusters}\n";
    writeFileSync(join(folder, "shared.yaml"), shared);
    const problems: InputProblem[] = [];
    const configurations = await readConfigurations([folder], problems);
    expect(problems).toEqual([]);
    expect(configurations.map((c) => [c.stack, c.resources.map((r) => r.address)])).toEqual([
      [folder.split("/").pop(), ["ConfigMap/clusters/shared"]],
      ["templates/cluster-template-paused.yaml", ["Cluster/clusters/${CLUSTER_NAME}"]],
      ["templates/cluster-template.yaml", ["Cluster/clusters/${CLUSTER_NAME}"]],
    ]);
    // Outside the templates, an object written twice is still one.
    writeFileSync(join(folder, "again.yaml"), shared.replace("namespace: clusters}", "namespace: clusters}\ndata: {x: z}"));
    const again: InputProblem[] = [];
    await readConfigurations([folder], again);
    expect(again.map((problem) => problem.message)).toEqual([expect.stringMatching(/^ConfigMap\/clusters\/shared is written twice/)]);
  });

  it("takes a folder's file of objects the API server refuses for what they hold for a manifest, in a folder and beside Terraform", async () => {
    const repository = mkdtempSync(join(tmpdir(), "eds-refused-in-folder-"));
    const deployment = (spec: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: team}\nspec: {${spec}selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: web}]}}}\n`;
    mkdirSync(join(repository, "k8s"));
    // A field of the wrong type: no patch writes one, and kubectl's apply is refused.
    writeFileSync(join(repository, "k8s", "typed.yaml"), deployment('replicas: "2", '));
    // A version no longer served, and a patch that lacks what the API server requires (kustomize merges it): only the first is a problem.
    writeFileSync(
      join(repository, "k8s", "removed.yaml"),
      "apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: nightly, namespace: team}\nspec: {schedule: '0 2 * * *', jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: c, image: c}]}}}}}\n",
    );
    writeFileSync(
      join(repository, "k8s", "patch.yaml"),
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: team}\nspec: {replicas: 3}\n",
    );
    // A strategic merge patch ($patch: replace), though the schema takes it: a patch, not an object.
    writeFileSync(
      join(repository, "k8s", "replace-settings.yaml"),
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: team}\ndata:\n  $patch: replace\n  level: info\n",
    );
    // An object that carries a patch (Kyverno's patchStrategicMerge) is an object all the same.
    writeFileSync(
      join(repository, "k8s", "mutate.yaml"),
      "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: drop-cache}\nspec:\n  rules:\n    - name: drop\n      mutate:\n        patchStrategicMerge:\n          spec: {volumes: [{name: cache, $patch: delete}]}\n",
    );
    // A patch of a Flux HelmRelease lacks what Flux's CRD requires (spec.interval): left out too.
    writeFileSync(
      join(repository, "k8s", "release-patch.yaml"),
      "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: metallb, namespace: team}\nspec: {values: {speaker: {enabled: false}}}\n",
    );
    // A value another tool fills before kubectl applies it (Flux's substitution, SOPS's ciphertext) is no refusal: the object is read.
    writeFileSync(
      join(repository, "k8s", "filled.yaml"),
      "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, namespace: team}\nspec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: '${PVC_SIZE}'}}}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: key, namespace: team}\ndata: {key: 'ENC[AES256_GCM,data:AAAA,iv:BBBB,tag:CCCC,type:str]'}\n",
    );
    // Beside Terraform, YAML that does not parse is another tool's (Ansible's Jinja).
    writeFileSync(join(repository, "k8s", "playbook.yml"), "- hosts: all\n  vars: {{ settings }}\n");
    const messages = async () => {
      const problems: InputProblem[] = [];
      const read = await readConfigurations([repository], problems);
      const addresses = read.flatMap((configuration) => configuration.resources.map((resource) => resource.address));
      expect(addresses).toEqual(expect.arrayContaining(["PersistentVolumeClaim/team/data", "Secret/team/key"]));
      expect(addresses).not.toContain("HelmRelease/team/metallb");
      expect(addresses).not.toContain("ConfigMap/team/settings");
      expect(addresses.some((address) => address.startsWith("ClusterPolicy/") && address.endsWith("/drop-cache"))).toBe(true);
      return problems.map((problem) => `${problem.file.split("/").pop()}:${problem.line} ${problem.message}`);
    };
    const refused = [
      "removed.yaml:1 document 1: batch/v1beta1 CronJob is no longer served since Kubernetes 1.25, which the API server refuses: write batch/v1 (the object is judged as one)",
      "typed.yaml:4 document 1: spec.replicas is a text where an integer is expected, which the API server refuses",
    ];
    const inFolder = await messages();
    expect(inFolder.filter((message) => !message.startsWith("playbook.yml"))).toEqual(refused);
    expect(inFolder.some((message) => message.startsWith("playbook.yml"))).toBe(true);
    writeFileSync(join(repository, "main.tf"), 'resource "terraform_data" "a" {}\n');
    expect(await messages()).toEqual(refused);
  });

  it("creates a Fleet bundle's objects that name no namespace in the one its fleet.yaml gives, and names a bundle of a chart as a source", async () => {
    const repository = mkdtempSync(join(tmpdir(), "eds-fleet-"));
    const configMap = (name: string, namespace?: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}${namespace ? `, namespace: ${namespace}` : ""}}\n`;
    // A bundle's folder and the folders below it that hold no fleet.yaml of their own (docs: "fleet.yaml").
    mkdirSync(join(repository, "apps", "web", "config"), { recursive: true });
    writeFileSync(join(repository, "apps", "fleet.yaml"), "defaultNamespace: apps\n");
    writeFileSync(join(repository, "apps", "a.yaml"), `${configMap("a")}---\n${configMap("written", "other")}`);
    writeFileSync(join(repository, "apps", "web", "config", "b.yaml"), configMap("b"));
    mkdirSync(join(repository, "apps", "db"));
    writeFileSync(join(repository, "apps", "db", "fleet.yml"), "namespace: data\n");
    writeFileSync(join(repository, "apps", "db", "c.yaml"), `${configMap("c")}---\n${configMap("moved", "other")}`);
    mkdirSync(join(repository, "vault"));
    writeFileSync(join(repository, "vault", "fleet.yaml"), "defaultNamespace: vault\nhelm:\n  chart: vault\n  repo: https://helm.example.fr\n");
    writeFileSync(join(repository, "vault", "values.yaml"), "server: {ha: {enabled: true}}\n");
    writeFileSync(join(repository, "plain.yaml"), configMap("plain"));
    const problems: InputProblem[] = [];
    const [read] = await readConfigurations([repository], problems);
    expect(problems).toEqual([]);
    expect(read!.resources.map((r) => r.address)).toEqual([
      "ConfigMap/apps/a",
      "ConfigMap/other/written",
      "ConfigMap/data/c",
      // `namespace` assigns every object to it, one that names another too.
      "ConfigMap/data/moved",
      "ConfigMap/apps/b",
      "ConfigMap/default/plain",
    ]);
    expect(read!.leftToTheirTools).toEqual([
      {
        file: join(repository, "vault"),
        message:
          "a Fleet bundle of a Helm chart (fleet.yaml helm.chart): what it deploys is the chart's output; check what it renders (helm template <release> <chart> | eds check -)",
      },
    ]);
    // Beside Terraform too.
    writeFileSync(join(repository, "main.tf"), 'resource "terraform_data" "a" {}\n');
    const besideTerraform = await readConfigurations([repository], problems);
    expect(besideTerraform.flatMap((c) => c.resources.map((r) => r.address))).toContain("ConfigMap/apps/b");
  });

  it("creates the objects of a Flux Kustomization's path in its targetNamespace, as the kustomization Flux generates there sets it", async () => {
    const repository = mkdtempSync(join(tmpdir(), "eds-flux-target-"));
    const configMap = (name: string, namespace?: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}${namespace ? `, namespace: ${namespace}` : ""}}\n`;
    const fluxKustomization = (name: string, path: string, targetNamespace: string) =>
      `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec: {targetNamespace: ${targetNamespace}, path: "${path}", interval: 10m, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}\n`;
    // The Kustomization in a file a kustomization names (a ks.yaml beside the app's folder), its path through a
    // variable its parent substitutes; a folder below holding its own kustomization is applied as that one renders it.
    mkdirSync(join(repository, "clusters", "lyon", "apps", "web", "app", "nested"), { recursive: true });
    mkdirSync(join(repository, "clusters", "lyon", "apps", "web", "app", "rendered", "unnamed"), { recursive: true });
    writeFileSync(join(repository, "clusters", "lyon", "apps", "web", "kustomization.yaml"), "resources: [ks.yaml]\n");
    writeFileSync(join(repository, "clusters", "lyon", "apps", "web", "ks.yaml"), fluxKustomization("web", "./clusters/${CLUSTER_NAME}/apps/web/app", "web"));
    writeFileSync(join(repository, "clusters", "lyon", "apps", "web", "app", "a.yaml"), `${configMap("a")}---\n${configMap("moved", "other")}`);
    writeFileSync(join(repository, "clusters", "lyon", "apps", "web", "app", "nested", "b.yaml"), configMap("b"));
    writeFileSync(join(repository, "clusters", "lyon", "apps", "web", "app", "rendered", "kustomization.yaml"), "resources: []\n");
    writeFileSync(join(repository, "clusters", "lyon", "apps", "web", "app", "rendered", "unnamed", "c.yaml"), configMap("c"));
    // A Kustomization read as an object, its path to a folder of its own kustomization: that one's namespace is no part here.
    mkdirSync(join(repository, "db", "kustomized", "below"), { recursive: true });
    writeFileSync(join(repository, "db", "ks.yaml"), fluxKustomization("db", "./db/kustomized", "data"));
    writeFileSync(join(repository, "db", "kustomized", "kustomization.yaml"), "resources: []\n");
    writeFileSync(join(repository, "db", "kustomized", "below", "d.yaml"), configMap("d"));
    writeFileSync(join(repository, "plain.yaml"), configMap("plain"));
    const problems: InputProblem[] = [];
    const [read] = await readConfigurations([repository], problems);
    expect(problems).toEqual([]);
    expect(read!.resources.map((r) => r.address).sort()).toEqual([
      "ConfigMap/default/c",
      "ConfigMap/default/d",
      "ConfigMap/default/plain",
      "ConfigMap/web/a",
      "ConfigMap/web/b",
      // Kustomize's namespace transformer sets the namespace of every namespaced object, one that names another too.
      "ConfigMap/web/moved",
      "Kustomization/flux-system/db",
    ]);
    // Beside Terraform too.
    writeFileSync(join(repository, "main.tf"), 'resource "terraform_data" "a" {}\n');
    const besideTerraform = await readConfigurations([repository], problems);
    expect(besideTerraform.flatMap((c) => c.resources.map((r) => r.address))).toContain("ConfigMap/web/b");
  });

  it("reads a Flux Kustomization's path from the root of the Git repository, where a folder below it is checked", async () => {
    const repository = mkdtempSync(join(tmpdir(), "eds-flux-repository-"));
    mkdirSync(join(repository, ".git"));
    mkdirSync(join(repository, "deploy", "flux"), { recursive: true });
    mkdirSync(join(repository, "deploy", "apps"));
    writeFileSync(
      join(repository, "deploy", "flux", "ks.yaml"),
      "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: web, namespace: flux-system}\nspec: {targetNamespace: web, path: ./deploy/apps, interval: 10m, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}\n",
    );
    writeFileSync(join(repository, "deploy", "apps", "a.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
    const [read] = await readConfigurations([join(repository, "deploy")]);
    expect(read!.resources.map((r) => r.address)).toContain("ConfigMap/web/a");
  });

  it("reads on beside a file a kustomization names: a folder there holding a kustomization of its own is named apart", async () => {
    // A Flux layout: the parent names each app's sync.yaml, a Flux Kustomization that points at the app's manifests folder.
    const repository = mkdtempSync(join(tmpdir(), "eds-kustomize-beside-"));
    mkdirSync(join(repository, "apps", "sonarr", "manifests"), { recursive: true });
    writeFileSync(join(repository, "apps", "kustomization.yaml"), "resources: [sonarr/sync.yaml]\n");
    writeFileSync(
      join(repository, "apps", "sonarr", "sync.yaml"),
      "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: sonarr, namespace: flux-system}\nspec: {path: ./apps/sonarr/manifests, interval: 10m}\n",
    );
    writeFileSync(join(repository, "apps", "sonarr", "manifests", "kustomization.yaml"), "resources: [deployment.yaml]\n");
    writeFileSync(
      join(repository, "apps", "sonarr", "manifests", "deployment.yaml"),
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: sonarr, namespace: media}\nspec: {replicas: 1}\n",
    );
    writeFileSync(join(repository, "namespace.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: media}\n");
    const problems: InputProblem[] = [];
    const [read] = await readConfigurations([repository], problems);
    expect(problems).toEqual([]);
    expect(read!.leftToTheirTools?.map((source) => source.file)).toEqual([join(repository, "apps"), join(repository, "apps", "sonarr", "manifests")]);
  });

  it("names an OpenStack Heat template as a source it does not read, in a folder of manifests, beside Terraform and given alone", async () => {
    const heat = "# The web tier\nheat_template_version: 2018-08-31\nresources:\n  ssh:\n    type: OS::Neutron::SecurityGroup\n";
    const note = {
      message: "an OpenStack Heat template: its stack's resources are declared in Heat's language, which eds check does not read, and are not judged",
    };
    const manifests = mkdtempSync(join(tmpdir(), "eds-heat-"));
    writeFileSync(join(manifests, "stack.yaml"), heat);
    writeFileSync(join(manifests, "cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: team}\n");
    const problems: InputProblem[] = [];
    const [read] = await readConfigurations([manifests], problems);
    // Among objects, it is no "not a Kubernetes object" problem: it is another tool's, and said to be unjudged.
    expect(problems).toEqual([]);
    expect(read!.resources.map((r) => r.address)).toEqual(["ConfigMap/team/a"]);
    expect(read!.leftToTheirTools).toEqual([{ file: join(manifests, "stack.yaml"), ...note }]);
    // Beside Terraform, where the other YAML of no object is skipped unsaid.
    const terraform = mkdtempSync(join(tmpdir(), "eds-heat-"));
    writeFileSync(join(terraform, "main.tf"), 'resource "terraform_data" "a" {}\n');
    mkdirSync(join(terraform, "heat"));
    writeFileSync(join(terraform, "heat", "stack.yml"), heat);
    const configurations = await readConfigurations([terraform], problems);
    expect(problems).toEqual([]);
    expect(configurations.flatMap((c) => c.leftToTheirTools ?? [])).toEqual([{ file: join(terraform, "heat", "stack.yml"), ...note }]);
    // Alone, in its folder or named: nothing else to judge, so an input problem.
    rmSync(join(manifests, "cm.yaml"));
    const alone: InputProblem[] = [];
    await readConfigurations([manifests], alone);
    expect(alone).toEqual([{ file: join(manifests, "stack.yaml"), ...note }]);
    const named: InputProblem[] = [];
    await readConfigurations([join(manifests, "stack.yaml")], named);
    expect(named).toEqual([{ file: join(manifests, "stack.yaml"), ...note }]);
  });

  it("names a file SOPS or git-crypt encrypted, and a ytt template, as sources it does not read, never as objects", async () => {
    const folder = mkdtempSync(join(tmpdir(), "eds-other-tools-"));
    // As `sops --encrypt` writes a Secret: every value ENC[…], the keys in clear, and its metadata under `sops`.
    const enc = (data: string) => `ENC[AES256_GCM,data:${data},iv:AAAA,tag:BBBB,type:str]`;
    writeFileSync(
      join(folder, "token.sops.yaml"),
      `apiVersion: ${enc("djE=")}\nkind: ${enc("U2VjcmV0")}\nmetadata:\n  name: ${enc("dG9rZW4=")}\n  namespace: ${enc("YXBwcw==")}\nsops:\n  mac: ${enc("bWFj")}\n  version: 3.8.1\n`,
    );
    writeFileSync(join(folder, "locked.yaml"), "\0GITCRYPT\0\u0001\u0002binary");
    writeFileSync(
      join(folder, "registry.yaml"),
      '#@ load("@ytt:data", "data")\napiVersion: v1\nkind: Secret\nmetadata:\n  name: registry\n  namespace: apps\nstringData:\n  password: #@ data.values.password\n',
    );
    writeFileSync(join(folder, "cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: apps}\n");
    // An overlay a Secret carries is text in a block scalar, not an annotation of the file: the Secret is an object.
    writeFileSync(
      join(folder, "overlay.yaml"),
      'apiVersion: v1\nkind: Secret\nmetadata: {name: overlay, namespace: apps}\nstringData:\n  overlay.yml: |\n    #@ load("@ytt:overlay", "overlay")\n    a: 1\n',
    );
    const problems: InputProblem[] = [];
    const [read] = await readConfigurations([folder], problems);
    expect(problems).toEqual([]);
    expect(read!.resources.map((r) => r.address)).toEqual(["ConfigMap/apps/a", "Secret/apps/overlay"]);
    expect(read!.leftToTheirTools).toEqual([
      { file: join(folder, "locked.yaml"), message: "encrypted by git-crypt: what it holds is checked once the repository is unlocked (git-crypt unlock)" },
      { file: join(folder, "registry.yaml"), message: "a ytt template (its #@ annotations are ytt's): check what it renders (ytt -f <folder> | eds check -)" },
      {
        file: join(folder, "token.sops.yaml"),
        message: "encrypted by SOPS (its values are ENC[…]): check what it decrypts to (sops --decrypt <file> | eds check -)",
      },
    ]);
    const named: InputProblem[] = [];
    await readConfigurations([join(folder, "token.sops.yaml")], named);
    expect(named.map((problem) => problem.message)).toEqual([expect.stringMatching(/^encrypted by SOPS/)]);
  });

  it("names a Terraform file git-crypt encrypted, refuses no reference it may declare, and says so of what reads one", async () => {
    const folder = mkdtempSync(join(tmpdir(), "eds-git-crypt-"));
    writeFileSync(join(folder, "main.tf"), 'resource "terraform_data" "a" {\n  input = [var.secret, local.key, module.vault]\n}\n');
    writeFileSync(join(folder, "secrets.tf"), "\0GITCRYPT\0\u0001\u0002binary");
    const problems: InputProblem[] = [];
    const [configuration] = await readConfigurations([folder], problems);
    // What reads a name the encrypted file may declare fails here with that reason, not as a key a map lacks.
    expect(configuration!.evaluationFailures).toEqual(
      ["var.secret", "local.key", "module.vault"].map(
        (name, i) =>
          `terraform_data.a.input[${i}] (${join(folder, "main.tf")}:2: ${name} is declared in no file read here: secrets.tf, which could not be read, may declare it)`,
      ),
    );
    expect(problems).toEqual([
      { file: join(folder, "secrets.tf"), message: "encrypted by git-crypt: what it holds is checked once the repository is unlocked (git-crypt unlock)" },
    ]);
  });

  it("reads a repository's manifests beside its Terraform and in its Terraform folders, not the YAML the Terraform reads or renders", async () => {
    const repository = mkdtempSync(join(tmpdir(), "eds-mixed-"));
    mkdirSync(join(repository, "infra", "manifests"), { recursive: true });
    writeFileSync(
      join(repository, "infra", "main.tf"),
      'resource "kubernetes_config_map_v1" "settings" {\n  metadata {\n    name = "settings"\n  }\n  data = {\n    job = file("${path.module}/manifests/job.yaml")\n  }\n}\nresource "terraform_data" "off" {\n  count = 0\n  input = templatefile("${path.module}/manifests/template.yaml", { name = "x" })\n}\n',
    );
    // Read by the Terraform with file(), or a template it renders in a block of no instance, which the check does not
    // evaluate and which names it: not applied by kubectl.
    writeFileSync(join(repository, "infra", "manifests", "job.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: read-by-terraform}\n");
    writeFileSync(join(repository, "infra", "manifests", "template.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\n");
    // Applied by kubectl from the Terraform's folder, which Terraform never reads.
    writeFileSync(
      join(repository, "infra", "manifests", "binding.yaml"),
      "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: admin}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects: [{kind: ServiceAccount, name: admin, namespace: kube-system}]\n",
    );
    mkdirSync(join(repository, "k8s"));
    writeFileSync(
      join(repository, "k8s", "pod.yaml"),
      "apiVersion: v1\nkind: Pod\nmetadata: {name: agent, namespace: ops}\nspec:\n  containers: [{name: c, image: registry.example.fr/c:1.0.0, securityContext: {privileged: true}}]\n",
    );
    // Other tools' YAML beside the Terraform is theirs, not an input problem: a chart, Ansible's Jinja.
    mkdirSync(join(repository, "charts", "web", "templates"), { recursive: true });
    writeFileSync(join(repository, "charts", "web", "Chart.yaml"), "apiVersion: v2\nname: web\nversion: 1.0.0\n");
    writeFileSync(join(repository, "charts", "web", "templates", "cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: {{ .Release.Name }}}\n");
    mkdirSync(join(repository, "ansible"));
    writeFileSync(join(repository, "ansible", "vars.yml"), "url: {{ host }}\n");
    const problems: InputProblem[] = [];
    const configurations = await readConfigurations([repository], problems);
    expect(problems).toEqual([]);
    // The Terraform folder's manifests are a stack of their own: another folder's objects of the same name are no duplicates.
    expect(configurations.map((c) => [c.stack, c.resources.map((r) => r.address)])).toEqual([
      ["infra", ["kubernetes_config_map_v1.settings"]],
      ["infra manifests", ["ClusterRoleBinding/admin"]],
      [expect.stringMatching(/^eds-mixed-/), ["Pod/ops/agent"]],
    ]);
    const run = runPolicies(configurations, { policies: allPolicies, settings: fixtureSettings });
    const privileged = run.outcomes.filter((o) => o.policyId === "k8s-no-privileged" && o.status === "violation");
    expect(privileged.map((o) => o.address)).toEqual(["Pod/ops/agent"]);
    // The chart is named in the report, with the command that renders what it applies; Ansible's YAML is no one's here.
    expect(run.configurations[2]!.leftToTheirTools).toEqual([{ file: join(repository, "charts", "web"), message: expect.stringContaining("helm template") }]);
    // The Terraform folder checked alone: its manifests beside its root module, under a stack of their own.
    const alone = await readConfigurations([join(repository, "infra")], problems);
    expect(alone.map((c) => [c.stack, c.resources.map((r) => r.address)])).toEqual([
      ["infra", ["kubernetes_config_map_v1.settings"]],
      ["infra manifests", ["ClusterRoleBinding/admin"]],
    ]);
  });

  it("leaves a CustomResourceDefinition's versions (its schemas) unparsed, every line keeping its number, and nothing else", () => {
    const schema = (indent: string) => [
      `${indent}- name: v1`,
      `${indent}  served: true`,
      `${indent}  # storage version`,
      "",
      `${indent}  schema:`,
      `${indent}    openAPIV3Schema: {type: object}`,
    ];
    const crd = (versions: string[], kind = "CustomResourceDefinition") => [
      "apiVersion: apiextensions.k8s.io/v1",
      `kind: ${kind}`,
      "metadata:",
      "  name: workflows.argoproj.io",
      "spec:",
      "  group: argoproj.io",
      "  versions:",
      ...versions,
      "  scope: Namespaced",
    ];
    const pod = [
      "apiVersion: v1",
      "kind: Pod",
      "metadata: {name: web, namespace: apps}",
      "spec:",
      "  containers:",
      "    - {name: web, image: registry.example.fr/web:1.0}",
    ];
    const text = [...crd(schema("  ")), "---", ...crd(schema("    ")), "---", ...pod].join("\n");
    const kept = withCrdSchemasLeftOut(text);
    expect(kept.split("\n")).toHaveLength(text.split("\n").length);
    const objects = writtenObjects("crds.yaml", kept, [], "named");
    expect(objects.map(({ manifest }) => (manifest.spec as { versions?: unknown }).versions)).toEqual([[], [], undefined]);
    expect(objects.map(({ manifest }) => (manifest.spec as { scope?: unknown }).scope)).toEqual(["Namespaced", "Namespaced", undefined]);
    expect(objects.map(({ line }) => line)).toEqual(writtenObjects("crds.yaml", text, [], "named").map(({ line }) => line));
    // Versions in flow style, another kind, and a CRD's text inside a block scalar are read as written.
    for (const other of [
      crd([]).join("\n").replace("  versions:", "  versions: [{name: v1, served: true}]"),
      crd(schema("  "), "Kind").join("\n"),
      ["apiVersion: v1", "kind: ConfigMap", "metadata: {name: crds}", "data:", "  crd.yaml: |", ...crd(schema("  ")).map((line) => `    ${line}`)].join("\n"),
    ])
      expect(withCrdSchemasLeftOut(other)).toBe(other);
  });

  it("leaves a CRD's versions out as its objects are read, and a CRD whose spec holds none as written", () => {
    const crd = [
      "apiVersion: apiextensions.k8s.io/v1",
      "kind: CustomResourceDefinition",
      "metadata: {name: workflows.argoproj.io}",
      "spec:",
      "  group: argoproj.io",
      "  versions:",
      "    - name: v1",
      "      schema: {openAPIV3Schema: {type: object}}",
    ].join("\n");
    expect(writtenObjects("crds.yaml", crd, [], "named").map(({ manifest }) => (manifest.spec as { versions?: unknown }).versions)).toEqual([[]]);
    // A v1beta1 CRD names its one version under spec (version), its metadata after it: nothing is left out.
    const beta = [
      "apiVersion: apiextensions.k8s.io/v1beta1",
      "kind: CustomResourceDefinition",
      "spec:",
      "  group: argoproj.io",
      "  version: v1alpha1",
      "metadata:",
      "  name: workflows.argoproj.io",
    ].join("\n");
    expect(withCrdSchemasLeftOut(beta)).toBe(beta);
  });

  it("reads a NetworkPolicy's rules with their ports, as the provider's typed NetworkPolicy keeps them (ports, not port)", () => {
    const policy = (ports: string) =>
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: portal}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n  ingress: [{${ports}}]\n`;
    const deny =
      "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: portal}\nspec: {podSelector: {}, policyTypes: [Ingress, Egress]}\n";
    const namespace = "apiVersion: v1\nkind: Namespace\nmetadata: {name: portal}\n";
    const { configuration } = read([namespace, deny, policy("ports: [{port: 8443, protocol: TCP}]")].join("---\n"));
    const web = configuration!.resources.find((r) => r.address === "NetworkPolicy/portal/web")!;
    expect(web.values.spec).toEqual([
      { pod_selector: [{ match_labels: { app: "web" } }], policy_types: ["Ingress"], ingress: [{ ports: [{ port: 8443, protocol: "TCP" }] }] },
    ]);
    // A rule without a peer on one port admits any source on that port only; on every port, it is an allow-all.
    const verdict = (ports: string) => {
      const { configuration: withRule } = read([namespace, deny, policy(ports)].join("---\n"));
      const run = runPolicies([withRule!], {
        policies: allPolicies.filter((p) => p.metadata.id === "k8s-namespace-network-policy"),
        settings: fixtureSettings,
      });
      return run.outcomes.map((o) => o.status);
    };
    expect(verdict("ports: [{port: 8443, protocol: TCP}]")).toEqual(["compliant"]);
    expect(verdict("from: []")).toEqual(["violation"]);
  });

  it("judges a manifest that a file provisioner copies to a machine as written, though the Terraform names it", async () => {
    // Copied as a file, from a folder (named file by file where kubectl applies them), from path.root, and by a module.
    const repository = mkdtempSync(join(tmpdir(), "eds-copied-"));
    mkdirSync(join(repository, "assets", "addons"), { recursive: true });
    writeFileSync(
      join(repository, "main.tf"),
      [
        'resource "terraform_data" "cni" {',
        '  provisioner "file" {',
        '    source      = "assets/cni.yaml"',
        '    destination = "/home/debian/cni.yaml"',
        "  }",
        '  provisioner "file" {',
        '    source      = "${path.module}/assets/addons/"',
        '    destination = "/home/debian/addons"',
        "  }",
        '  provisioner "file" {',
        '    source      = "${path.root}/assets/flannel.yaml"',
        '    destination = "/home/debian/flannel.yaml"',
        "  }",
        '  provisioner "remote-exec" {',
        '    inline = ["kubectl apply -f /home/debian/cni.yaml -f /home/debian/flannel.yaml -f /home/debian/addons/dns.yaml"]',
        "  }",
        "}",
        'resource "kubernetes_config_map_v1" "kept" {',
        "  metadata {",
        '    name = "kept"',
        "  }",
        '  data = { "template.yaml" = "read elsewhere" }',
        "}",
      ].join("\n"),
    );
    const privilegedPod = (name: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: kube-system}\nspec:\n  containers: [{name: c, image: registry.example.fr/c:1.0.0, securityContext: {privileged: true}}]\n`;
    writeFileSync(join(repository, "assets", "cni.yaml"), privilegedPod("cni"));
    writeFileSync(join(repository, "assets", "flannel.yaml"), privilegedPod("flannel"));
    // A child module's provisioner, its path given from its own folder.
    mkdirSync(join(repository, "modules", "storage"), { recursive: true });
    writeFileSync(join(repository, "cluster.tf"), 'module "storage" {\n  source = "./modules/storage"\n}\n');
    writeFileSync(
      join(repository, "modules", "storage", "main.tf"),
      'resource "terraform_data" "csi" {\n  provisioner "file" {\n    source      = "${path.module}/csi.yaml"\n    destination = "/home/debian/csi.yaml"\n  }\n}\n',
    );
    writeFileSync(join(repository, "modules", "storage", "csi.yaml"), privilegedPod("csi"));
    writeFileSync(join(repository, "assets", "addons", "dns.yaml"), privilegedPod("dns"));
    // Named by the Terraform and copied by nothing: the Terraform's, as before.
    writeFileSync(join(repository, "assets", "template.yaml"), privilegedPod("template"));
    const problems: InputProblem[] = [];
    const configurations = await readConfigurations([repository], problems);
    expect(problems).toEqual([]);
    const run = runPolicies(configurations, { policies: allPolicies, settings: fixtureSettings });
    const privileged = run.outcomes.filter((o) => o.policyId === "k8s-no-privileged" && o.status === "violation");
    expect(privileged.map((o) => o.address).sort()).toEqual(["Pod/kube-system/cni", "Pod/kube-system/csi", "Pod/kube-system/dns", "Pod/kube-system/flannel"]);
  });

  it("judges each Terraform folder's manifests as a stack of its own, a shell's ${VAR} in them included, and lists a link that leads nowhere", async () => {
    const repository = mkdtempSync(join(tmpdir(), "eds-environments-"));
    const pod = (privileged: boolean) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: app, namespace: ops}\nspec:\n  containers: [{name: c, image: registry.example.fr/c:1.0.0, command: [sh, -c, 'exec agent --node \${NODE_NAME}'], securityContext: {privileged: ${privileged}}}]\n`;
    for (const [environment, privileged] of [
      ["dev", true],
      ["prod", false],
    ] as const) {
      mkdirSync(join(repository, "envs", environment, "k8s"), { recursive: true });
      writeFileSync(join(repository, "envs", environment, "main.tf"), 'resource "terraform_data" "x" {}\n');
      writeFileSync(join(repository, "envs", environment, "k8s", "app.yaml"), pod(privileged));
    }
    symlinkSync(join(repository, "nowhere.yaml"), join(repository, "envs", "dev", "values.yaml"));
    // JSON in a Terraform folder is the Terraform's (a synthesized stack's policy context), even when it reads as an object.
    writeFileSync(join(repository, "envs", "prod", "policy-context.json"), '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "context"}}\n');
    const problems: InputProblem[] = [];
    const configurations = await readConfigurations([join(repository, "envs")], problems);
    expect(problems).toEqual([]);
    expect(configurations.map((c) => [c.stack, c.resources.map((r) => r.address)])).toEqual([
      ["dev", ["terraform_data.x"]],
      ["prod", ["terraform_data.x"]],
      ["dev manifests", ["Pod/ops/app"]],
      ["prod manifests", ["Pod/ops/app"]],
      ["envs", []],
    ]);
    const run = runPolicies(configurations, { policies: allPolicies, settings: fixtureSettings });
    expect(run.outcomes.filter((o) => o.policyId === "k8s-no-privileged" && o.status === "violation").map((o) => o.stack)).toEqual(["dev manifests"]);
    expect(configurations.at(-1)!.leftToTheirTools).toEqual([
      { file: join(repository, "envs", "dev", "values.yaml"), message: expect.stringMatching(/ENOENT/) },
    ]);
  });

  it("names the charts it installs whose templates are not rendered: a helm_release's and a GitOps controller's, not the raw chart's", async () => {
    const application = [
      "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: csi, namespace: argocd}",
      "spec: {project: default, destination: {server: https://kubernetes.default.svc, namespace: storage},",
      "  source: {repoURL: https://charts.example.fr, chart: csi-driver, targetRevision: 0.2.3}}",
    ].join("\n");
    const { configuration } = read(application);
    expect(runPolicies([configuration!], { policies: allPolicies, settings: fixtureSettings }).configurations[0]!.chartsNotRendered).toEqual([
      "Application/argocd/csi (an Argo CD Application, the chart csi-driver 0.2.3 from https://charts.example.fr)",
    ]);
    const folder = mkdtempSync(join(tmpdir(), "eds-charts-"));
    writeFileSync(
      join(folder, "main.tf"),
      [
        'resource "helm_release" "web" {\n  name = "web"\n  repository = "oci://registry.example.fr/charts"\n  chart = "web"\n  version = "1.2.3"\n}',
        'resource "helm_release" "objects" {\n  name = "objects"\n  chart = "raw"\n  values = [yamlencode({ resources = [] })]\n}',
        'data "helm_template" "rendered" {\n  name = "rendered"\n  chart = "web"\n}',
      ].join("\n"),
    );
    const configurations = await readConfigurations([folder], []);
    expect(runPolicies(configurations, { policies: allPolicies, settings: fixtureSettings }).configurations[0]!.chartsNotRendered).toEqual([
      "helm_release.web (the chart web 1.2.3 from oci://registry.example.fr/charts)",
    ]);
  });

  it("names the namespaces its objects sit in that it neither declares nor has Helm create", async () => {
    const objects = [
      "apiVersion: v1\nkind: Namespace\nmetadata: {name: declared}",
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: declared}",
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, namespace: elsewhere}",
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}",
      // Cluster-scoped: in no namespace.
      "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: reader}\nrules: []",
      // A NetworkPolicy and a custom resource count too.
      "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: isolated}\nspec: {podSelector: {}, policyTypes: [Ingress]}",
      "apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: portal, namespace: certificates}\nspec: {secretName: portal-tls, issuerRef: {name: internal}}",
    ].join("\n---\n");
    const { configuration } = read(objects, { namespace: "team" });
    const [summary] = runPolicies([configuration!], { policies: allPolicies, settings: fixtureSettings }).configurations;
    expect(summary!.namespacesNotDeclared).toEqual(["certificates", "elsewhere", "isolated", "team"]);
    // So are Kubernetes' other cluster-scoped kinds and well-known projects' cluster-scoped custom resources.
    const clusterScoped = [
      "apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: envoy}\nspec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}",
      "apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: deny-world}\nspec: {endpointSelector: {}}",
      "apiVersion: storage.k8s.io/v1\nkind: CSIDriver\nmetadata: {name: cinder.csi.openstack.org}\nspec: {attachRequired: true}",
    ].join("\n---\n");
    const alone = runPolicies([read(clusterScoped, { namespace: "team" }).configuration!], { policies: allPolicies, settings: fixtureSettings });
    expect(alone.configurations[0]!.namespacesNotDeclared ?? []).toEqual([]);
    // In Terraform too: a chart installed in a namespace Helm creates (create_namespace) is in one declared here.
    const folder = mkdtempSync(join(tmpdir(), "eds-namespaces-"));
    writeFileSync(
      join(folder, "main.tf"),
      ["made", "existing"]
        .map(
          (name) =>
            `resource "helm_release" "${name}" {\n  name = "${name}"\n  chart = "x"\n  namespace = "${name}"\n  create_namespace = ${name === "made"}\n}\n`,
        )
        .join("\n"),
    );
    const configurations = await readConfigurations([folder], []);
    expect(runPolicies(configurations, { policies: allPolicies, settings: fixtureSettings }).configurations[0]!.namespacesNotDeclared).toEqual(["existing"]);
  });

  it("does not judge manifests by the policies on a Terraform root module's own blocks (its backend, its state encryption)", () => {
    const { configuration } = read(rendered, { namespace: "team" });
    const outcomes = runPolicies([configuration!], { policies: allPolicies, settings: fixtureSettings }).outcomes;
    expect(outcomes.filter((o) => ["state-backend-on-provider", "state-encrypted-client-side"].includes(o.policyId))).toEqual([]);
  });
});

/** The discovery documents kubectl needs to map ConfigMaps, Pods and Deployments to their API paths, and nothing else. */
async function discoveryServer(): Promise<{ kubeconfig: string; close: () => void }> {
  const apps = { groupVersion: "apps/v1", version: "v1" };
  const samples = { groupVersion: "example.com/v1", version: "v1" };
  const documents: Record<string, object> = {
    "/api": { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [] },
    "/apis": {
      kind: "APIGroupList",
      apiVersion: "v1",
      groups: [
        { name: "apps", versions: [apps], preferredVersion: apps },
        { name: "example.com", versions: [samples], preferredVersion: samples },
      ],
    },
    "/api/v1": {
      kind: "APIResourceList",
      groupVersion: "v1",
      resources: [
        { name: "configmaps", singularName: "configmap", namespaced: true, kind: "ConfigMap", verbs: ["create"] },
        { name: "pods", singularName: "pod", namespaced: true, kind: "Pod", verbs: ["create"] },
      ],
    },
    "/apis/apps/v1": {
      kind: "APIResourceList",
      groupVersion: "apps/v1",
      resources: [{ name: "deployments", singularName: "deployment", namespaced: true, kind: "Deployment", verbs: ["create"] }],
    },
    "/apis/example.com/v1": {
      kind: "APIResourceList",
      groupVersion: "example.com/v1",
      resources: [{ name: "samples", singularName: "sample", namespaced: true, kind: "Sample", verbs: ["create"] }],
    },
  };
  const server = createServer((request, response) => {
    const document = documents[new URL(request.url ?? "/", "http://localhost").pathname];
    response.writeHead(document ? 200 : 404, { "content-type": "application/json" });
    response.end(JSON.stringify(document ?? { kind: "Status", apiVersion: "v1", status: "Failure", code: 404 }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kubeconfig = join(mkdtempSync(join(tmpdir(), "eds-kubectl-")), "config");
  writeFileSync(
    kubeconfig,
    `apiVersion: v1\nkind: Config\nclusters: [{name: t, cluster: {server: "${url}"}}]\nusers: [{name: t, user: {}}]\ncontexts: [{name: t, context: {cluster: t, user: t}}]\ncurrent-context: t\n`,
  );
  return { kubeconfig, close: () => server.close() };
}

describe("Kubernetes manifests, read as kubectl reads them (runs the real kubectl: apt-get install kubernetes-client)", () => {
  // YAML 1.1 as sigs.k8s.io/yaml reads it over go-yaml v2: booleans, octal, binary and underscored integers, merge
  // keys and anchors, a List's items, documents of comments only.
  const manifests = [
    "# Source: web/templates/config.yaml",
    "apiVersion: v1",
    "kind: ConfigMap",
    "metadata: {name: settings, namespace: team}",
    "data:",
    "  mode: '0400'",
    "  'on': 'yes'",
    "  text: |",
    "    two",
    "    lines",
    // kubectl decodes the first document between two separators: what follows `...` is not applied.
    "...",
    "apiVersion: v1",
    "kind: ConfigMap",
    "metadata: {name: not-applied, namespace: team}",
    "---",
    "# Source: web/templates/empty.yaml",
    "---",
    "apiVersion: v1",
    "kind: List",
    "items:",
    "  - apiVersion: apps/v1",
    "    kind: Deployment",
    "    metadata: {name: web, namespace: team, labels: &labels {app: web, tier: front}}",
    "    spec:",
    "      replicas: 0_2",
    "      selector: {matchLabels: {<<: *labels}}",
    "      template:",
    "        metadata: {labels: {<<: *labels, extra: 'y'}}",
    "        spec:",
    "          containers:",
    "            - name: web",
    "              image: registry.example.fr/web:1.0.0",
    "              securityContext: {privileged: yes, runAsNonRoot: on, allowPrivilegeEscalation: NO, runAsUser: 010}",
    "          volumes:",
    "            - {name: secret, secret: {secretName: web, defaultMode: 0440}}",
    // A merge key written after a field overrides it; a key written twice takes the later value.
    "            - name: cache",
    "              emptyDir: {medium: Disk, <<: {medium: Memory}, sizeLimit: 1Gi, sizeLimit: 2Gi}",
    "---# a separator with a comment",
    // A typed list: an item that names no kind or apiVersion takes the list's.
    "apiVersion: v1",
    "kind: PodList",
    "items:",
    "  - metadata: {name: probe, namespace: team}",
    "    spec:",
    "      containers:",
    "        - {name: probe, image: registry.example.fr/probe:1.0.0, securityContext: {privileged: false, <<: {privileged: true}}}",
    // A merge key tagged !!merge is one however it is quoted; one tagged !!str is a key named <<, which kubectl drops.
    "        - {name: tagged, image: registry.example.fr/probe:1.0.0, securityContext: {privileged: false, !!merge '<<': {privileged: true}}}",
    // Continuation lines of quoted scalars and flow sequences at or left of their key's column, which go-yaml takes.
    "---",
    "apiVersion: v1",
    "kind: Pod",
    "metadata:",
    "  name: continued",
    "  namespace: team",
    "  annotations:",
    "    single: 'one",
    "    two'",
    "spec:",
    "  containers:",
    "    - name: app",
    "      image: registry.example.fr/app:1.0.0",
    '      args: ["--a=1",',
    '      "--b=2"]',
    "      command:",
    '        - "exec server \\',
    '      --c=3"',
    // Scalars YAML 1.1 reads as numbers, booleans and null, in a custom resource, whose fields take any type (in a
    // built-in kind, a number or a boolean where the schema takes a text is refused: refusedBySchema).
    "---",
    "apiVersion: example.com/v1",
    "kind: Sample",
    "metadata: {name: scalars, namespace: team}",
    "spec:",
    "  flag: y",
    "  values: [0400, 0b101, 1_000, 0o17, 080, 0x1F, +12, '1:20', -0400, 0.5e3, ~, Off, N]",
    "",
  ].join("\n");

  it("gives the objects kubectl gives, value for value", async () => {
    const kubectl = tool("kubectl", "kubernetes-client");
    const file = join(mkdtempSync(join(tmpdir(), "eds-kubectl-")), "rendered.yaml");
    writeFileSync(file, manifests);
    const server = await discoveryServer();
    try {
      // Not spawnSync: the discovery server answers from this process's event loop.
      const run = await new Promise<{ stdout: string; stderr: string }>((resolve) =>
        execFile(
          kubectl,
          ["create", "--dry-run=client", "--validate=false", "-o", "json", "-f", file],
          { env: { ...process.env, KUBECONFIG: server.kubeconfig } },
          (_, stdout, stderr) => resolve({ stdout, stderr }),
        ),
      );
      expect(run.stderr).toBe("");
      // kubectl prints one JSON object per object, one after the other; it puts each in the context's namespace.
      const printed = JSON.parse(`[${run.stdout.replace(/\n\}\n\{/g, "\n},\n{")}]`) as Record<string, any>[];
      const problems: InputProblem[] = [];
      const ours = writtenObjects("rendered.yaml", manifests, problems, "named").map((object) => object.manifest);
      expect(problems).toEqual([]);
      expect(printed.length).toBe(5);
      expect(ours).toEqual(printed);
      expect(printed[4]!.spec).toEqual({ flag: true, values: [256, 5, 1000, 15, 80, 31, 12, "1:20", -256, 500, null, false, false] });
      expect(printed[1]!.spec.template.spec.volumes[1].emptyDir).toEqual({ medium: "Memory", sizeLimit: "2Gi" });
      expect(printed[2]).toMatchObject({
        kind: "Pod",
        apiVersion: "v1",
        spec: { containers: [{ securityContext: { privileged: true } }, { securityContext: { privileged: true } }] },
      });
      expect(printed[3]).toMatchObject({
        metadata: { annotations: { single: "one two" } },
        spec: { containers: [{ args: ["--a=1", "--b=2"], command: ["exec server --c=3"] }] },
      });
    } finally {
      server.close();
    }
  });

  it("takes the later of a key written twice, as kubectl takes it", () => {
    expect(parseKubernetesYaml("a: 1\na: 2\n")).toEqual({ a: 2 });
  });
});

describe("edge cases, each as kubectl v1.32 reads it (create --dry-run=client -o json)", () => {
  const readEdge = (text: string) => {
    const problems: InputProblem[] = [];
    const configuration = manifestConfiguration("r", [{ file: "r.yaml", text }], "default", problems, "named");
    return { configuration, addresses: configuration?.resources.map((r) => r.address), problems: problems.map((p) => `${p.line}: ${p.message}`) };
  };

  // Values as kubectl v1.32 gives them (create --dry-run=client -o json).
  it("merges a list of maps earlier-first, drops underscores in hex, expands an anchor used 300 times", () => {
    expect(parseKubernetesYaml("s: {<<: [{privileged: false}, {privileged: true, runAsUser: 0}]}")).toEqual({ s: { privileged: false, runAsUser: 0 } });
    expect(parseKubernetesYaml("a: [0x_1F, -0x1f]")).toEqual({ a: [31, -31] });
    const uses = Array.from({ length: 300 }, (_, i) => `  k${i}: *v`).join("\n");
    expect(parseKubernetesYaml(`base: &v x\nm:\n${uses}\n`)).toMatchObject({ m: { k0: "x", k299: "x" } });
  });

  it("reads the documents after one whose continuation lines are read again indented, at their own lines", () => {
    const continued = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: first, namespace: t}\ndata:\n  text: "one \\\n  two"\n';
    const { addresses, configuration } = readEdge(`${continued}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: second, namespace: t}\n`);
    expect(addresses).toEqual(["ConfigMap/t/first", "ConfigMap/t/second"]);
    expect(configuration?.resources.map((resource) => resource.line)).toEqual([1, 8]);
  });

  it("keeps a typed list's item of its own kind, and refuses a List item with no kind", () => {
    expect(readEdge("apiVersion: v1\nkind: PodList\nitems:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: cm, namespace: t}}\n").addresses).toEqual([
      "ConfigMap/t/cm",
    ]);
    expect(readEdge("apiVersion: v1\nkind: List\nitems:\n  - {metadata: {name: cm, namespace: t}}\n").problems).toEqual([
      "4: document 1, item 1: not a Kubernetes object (an apiVersion and a kind were expected)",
    ]);
  });

  it("keeps cluster-scoped objects out of namespaces, and names a finding's field as written", () => {
    const text = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: crb}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: host}
spec:
  capacity: {storage: 1Gi}
  hostPath: {path: /var/data}
---
apiVersion: v1
kind: Pod
metadata: {name: ipc, namespace: team}
spec:
  hostIPC: true
  containers: [{name: a, image: registry.example.fr/a:1.0.0}]
`;
    const { configuration, addresses } = readEdge(text);
    expect(addresses).toEqual(["ClusterRoleBinding/crb", "PersistentVolume/host", "Pod/team/ipc"]);
    const found = runPolicies([configuration!], { policies: allPolicies, settings: fixtureSettings }).outcomes.filter(
      (o) => o.status === "violation" && ["k8s-no-host-path", "k8s-no-host-namespaces"].includes(o.policyId),
    );
    expect(found.map((o) => `${o.address} ${o.path} :${o.line}`).sort()).toEqual(["PersistentVolume/host spec.hostPath :11", "Pod/team/ipc spec.hostIPC :17"]);
  });

  it("keeps the cluster-scoped kinds of well-known projects out of namespaces (Karpenter, Kueue, Tekton, Gatekeeper)", () => {
    const kinds = [
      ["karpenter.sh/v1", "NodePool"],
      ["karpenter.k8s.aws/v1", "EC2NodeClass"],
      ["kueue.x-k8s.io/v1beta1", "ClusterQueue"],
      ["templates.gatekeeper.sh/v1", "ConstraintTemplate"],
      ["constraints.gatekeeper.sh/v1beta1", "K8sRequiredLabels"],
    ];
    const { addresses } = readEdge(kinds.map(([apiVersion, kind]) => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: main}\n`).join("---\n"));
    expect(addresses).toEqual(kinds.map(([, kind]) => `${kind}/main`));
  });

  it("keeps the other cluster-scoped kinds of Karpenter, Kueue and Tekton out of namespaces", () => {
    const kinds = [
      ["karpenter.sh/v1", "NodeClaim"],
      ["kueue.x-k8s.io/v1beta1", "ResourceFlavor"],
      ["tekton.dev/v1beta1", "ClusterTask"],
    ];
    const { addresses } = readEdge(kinds.map(([apiVersion, kind]) => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: main}\n`).join("---\n"));
    expect(addresses).toEqual(kinds.map(([, kind]) => `${kind}/main`));
  });

  it("gives a kubectl_manifest's override_namespace to a namespaced object only, not to a cluster-scoped one", async () => {
    const folder = mkdtempSync(join(tmpdir(), "eds-kubectl-override-"));
    const manifest = (name: string, apiVersion: string, kind: string) =>
      `resource "kubectl_manifest" "${name}" {\n  override_namespace = "apps"\n  yaml_body          = <<-EOT\n    apiVersion: ${apiVersion}\n    kind: ${kind}\n    metadata:\n      name: main\n  EOT\n}\n`;
    writeFileSync(join(folder, "main.tf"), manifest("pool", "karpenter.sh/v1", "NodePool") + manifest("settings", "v1", "ConfigMap"));
    const [configuration] = await readConfigurations([folder]);
    const namespaceOf = (address: string) => {
      const values = configuration!.resources.find((resource) => resource.address === address)!.values as Record<string, any>;
      return values.manifest?.metadata?.namespace ?? values.metadata?.[0]?.namespace;
    };
    expect([namespaceOf("kubectl_manifest.pool"), namespaceOf("kubectl_manifest.settings")]).toEqual([undefined, "apps"]);
  });

  it("reports, in a folder, a document that is not an object beside one that is", async () => {
    const folder = mkdtempSync(join(tmpdir(), "eds-manifests-"));
    writeFileSync(
      join(folder, "web.yaml"),
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: team}\n---\nkind: ConfigMap\nmetadata: {name: x}\n",
    );
    const problems: InputProblem[] = [];
    await readConfigurations([folder], problems);
    expect(problems.map((p) => `${p.line}: ${p.message}`)).toEqual(["5: document 2: not a Kubernetes object (an apiVersion and a kind were expected)"]);
  });

  it("applies keys and merges in the order written, a key written again after a merge winning", () => {
    expect(parseKubernetesYaml("s: {privileged: true, <<: {privileged: false}, privileged: true}\n")).toEqual({ s: { privileged: true } });
    expect(parseKubernetesYaml("s: {<<: {privileged: true}, privileged: false, <<: {privileged: true}}\n")).toEqual({ s: { privileged: true } });
  });

  it("reads Go's integer prefixes in capitals, and underscores everywhere", () => {
    expect(parseKubernetesYaml("a: [0X1F, 0B101, 0O17, 0_, 1_000.5]\n")).toEqual({ a: [31, 5, 15, 0, 1000.5] });
  });

  it("makes a values document unknown when a template directive writes a key", () => {
    const release = {
      address: "helm_release.traefik",
      mode: "managed",
      type: "helm_release",
      name: "traefik",
      provider: "helm",
      stack: "s",
      file: "main.tf",
      line: 1,
      values: {
        chart: "traefik",
        values: ['{"tlsOptions":{"default":{"minVersion":"VersionTLS12","%{ if var.legacy }minVersion%{ else }note%{ endif }":"VersionTLS10"}}}'],
      },
    } as TfResource;
    expect(helmValues(release)).toBeUndefined();
  });

  it("refuses what go-yaml refuses, with its reason: an anchor within itself, a merge of a scalar, a key that is a map or null", () => {
    expect(() => parseKubernetesYaml("metadata: &m {labels: *m}\n")).toThrow("anchor 'm' value contains itself");
    // A cloud-config's too: a cycle would never end.
    expect(() => parsePyYaml("self: &loop [*loop]\n")).toThrow(/refers to its anchor from inside the anchor's own value/);
    expect(() => parseKubernetesYaml("a: {<<: x}\n")).toThrow("map merge requires map or sequence of maps as the value");
    expect(() => parseKubernetesYaml("a: {<<: [{b: 1}, x]}\n")).toThrow("map merge requires map or sequence of maps as the value");
    expect(() => parseKubernetesYaml("? {a: 1}\n: x\n")).toThrow("a map or list as a key, which kubectl refuses");
    expect(() => parseKubernetesYaml("~: x\n")).toThrow("a null key, which kubectl refuses");
    // A key tagged !!str is a key named <<, not a merge.
    expect(parseKubernetesYaml("a: {privileged: true, !!str <<: {privileged: false}}\n")).toEqual({ a: { privileged: true, "<<": { privileged: false } } });
  });

  it("applies only the first document of what lies between two separators: one after `...` is not applied", () => {
    const text =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: t}\n...\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, namespace: t}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: t}\n";
    expect(readEdge(text).addresses).toEqual(["ConfigMap/t/a", "ConfigMap/t/c"]);
  });
});
