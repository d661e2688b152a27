import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "@bufbuild/cel";
import { CustomResourceDefinition } from "kubernetes-models/apiextensions.k8s.io/v1";
import { DaemonSet, Deployment } from "kubernetes-models/apps/v1";
import { CronJob, Job } from "kubernetes-models/batch/v1";
import { Ingress, NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1";
import { StorageClass } from "kubernetes-models/storage.k8s.io/v1";
import { ConfigMap, LimitRange, Namespace, PersistentVolumeClaim, ResourceQuota, Service, ServiceAccount } from "kubernetes-models/v1";
import { ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding } from "kubernetes-models/admissionregistration.k8s.io/v1";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { clusterNetworks } from "../../constructs/kubernetes/defaults";
import { airlockApi, airlockValidations } from "../../constructs/platform/airlock";
import { dataNamespaceQuota } from "../../constructs/platform/data-tier";
import { requiredSecrets, secretsChecklist } from "../../constructs/platform/deploy-time-secrets";
import { structuredDataId } from "../../constructs/platform/log-shipper";
import chartSecurityDefaults from "./chart-defaults/security-contexts.json";
import fluentBitProperties from "./fluent-bit-properties.json";
import { components } from "../../constructs/platform/helm-component";
import { RegionalEdsPlatform } from "../../constructs/regional-eds/regional-eds-platform";
import {
  chartValuesProblems,
  chartsWithSchema,
  chartsWithValuesRead,
  customResourceKinds,
  customResourceProblems,
  valuesNotRead,
} from "../helpers/custom-resources";
import { kinds, kubernetesFieldNames, kubernetesObjects, unknownFields } from "../helpers/kubernetes-objects";
import { digest, props } from "../helpers/platform";
import { TerraformJson } from "../helpers/terraform";
import { mebibytes, millicores } from "../../lib/quantities";
import { shellcheck, tool } from "../helpers/validators";
import { runPolicies } from "../../policies/engine/run";
import { readConfigurations } from "../../policies/inputs/read";
import { packsOf } from "../../policies/packs/index";
import { allPolicies } from "../../policies/rules/index";
import { fixtureSettings } from "../policies/fixture-runner";

const tf = TerraformJson.of((scope) => new RegionalEdsPlatform(scope, "Eds", props));
const bodies = (type: string) => tf.resources(type).map(([, body]) => body);
const namespaceOf = (body: Record<string, any>): string => tf.deref(body.metadata.namespace).body.metadata.name;
const named = (type: string, name: string, namespace: string) => bodies(type).find((body) => body.metadata.name === name && namespaceOf(body) === namespace)!;
const policiesIn = (namespace: string) => bodies("kubernetes_network_policy_v1").filter((body) => namespaceOf(body) === namespace);
const releases = bodies("helm_release");
const release = (chart: string) => releases.find((body) => body.chart === chart)!;
const valuesOf = (chart: string) => parse(release(chart).values[0]);
const manifests: Record<string, any>[] = valuesOf("raw").resources;
const manifest = (kind: string, name: string) => manifests.find((m) => m.kind === kind && m.metadata.name === name)!;
/** What a NetworkPolicy allows, in one line per rule: direction, peers, ports. */
const flows = (namespace: string) =>
  policiesIn(namespace).flatMap((policy) => {
    const rules = policy.spec.ingress ?? policy.spec.egress ?? [];
    return rules.map((rule: any) => `${policy.spec.policy_types[0]} ${JSON.stringify(rule.from ?? rule.to)} ${JSON.stringify(rule.ports)}`);
  });

describe("every namespace", () => {
  const namespaces = bodies("kubernetes_namespace_v1").map((body) => body.metadata);

  it("enforces Pod Security restricted, except the two whose node access is a declared exception", () => {
    for (const { name, labels } of namespaces) {
      expect(labels["pod-security.kubernetes.io/audit"], name).toBe("restricted");
      expect(labels["pod-security.kubernetes.io/enforce"], name).toBe(["logging", "openstack-cloud-provider"].includes(name) ? "privileged" : "restricted");
    }
    const declared = tf.resources("kubernetes_namespace_v1").length;
    expect(declared).toBeGreaterThan(10);
  });

  it("denies all traffic by default, allows cluster DNS, and has a quota; only the ingress may publish a load balancer", () => {
    // The quota counts a node port for each port of a LoadBalancer Service (pkg/quota/v1/evaluator/core/services.go):
    // the entrance's Service exposes the Traefik ports marked expose.default.
    const exposed = Object.values(valuesOf("traefik").ports as Record<string, { expose?: { default?: boolean } }>).filter((port) => port.expose?.default);
    expect(valuesOf("traefik").service.type).toBe("LoadBalancer");
    expect(exposed.length).toBeGreaterThan(0);
    for (const { name } of namespaces) {
      const policies = policiesIn(name);
      expect(policies.find((p) => p.metadata.name === "default-deny")!.spec).toMatchObject({ pod_selector: {}, policy_types: ["Ingress", "Egress"] });
      // Every pod of the namespace reaches the cluster DNS, and only it, on 53: the kube-dns pods of kube-system.
      expect(policies.find((p) => p.metadata.name === "allow-dns")!.spec, name).toEqual({
        pod_selector: {},
        policy_types: ["Egress"],
        egress: [
          {
            to: [
              {
                namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "kube-system" } },
                pod_selector: { match_labels: { "k8s-app": "kube-dns" } },
              },
            ],
            ports: [
              { port: "53", protocol: "UDP" },
              { port: "53", protocol: "TCP" },
            ],
          },
        ],
      });
      const quota = named("kubernetes_resource_quota_v1", "quota", name);
      expect(quota.spec.hard["services.loadbalancers"], name).toBe(name === "ingress" ? "1" : "0");
      expect(quota.spec.hard["services.nodeports"], name).toBe(name === "ingress" ? String(exposed.length) : "0");
    }
  });
});

describe("the components", () => {
  it("come from the region's OCI registry at the catalogue's pinned version, installed atomically", () => {
    expect(releases.map((r) => r.chart).sort()).toEqual(
      ["cert-manager", "cloudnative-pg", "oauth2-proxy", "openstack-cinder-csi", "openstack-cloud-controller-manager", "raw", "traefik", "velero"].sort(),
    );
    for (const r of releases) {
      expect(r.repository, r.chart).toBe("oci://registry.example.fr/charts");
      expect(r.version).toBe(Object.values(components).find((c) => c.chart === r.chart)!.version);
      expect(r).toMatchObject({ atomic: true, wait: true });
    }
  });

  it("run images pinned by digest from the region's registry, never a tag alone", () => {
    for (const r of releases) {
      const images = [...r.values[0].matchAll(/registry\.example\.fr\/[^\s"']+|(?<=tag: )\S+/g)].map((m) => m[0]);
      for (const reference of images.filter((i) => i.includes("@") || i.startsWith("v"))) expect(reference, r.chart).toMatch(/@sha256:[0-9a-f]{64}$/);
    }
    expect(valuesOf("traefik").image).toEqual({ registry: "registry.example.fr", repository: "traefik/traefik", tag: `v3.6.0@${digest("1")}` });
  });

  it("pull every image their templates can run from the region's registry: none from the chart's defaults", () => {
    // Images a chart names that no pod of the platform runs, each with the setting that turns its pod off.
    const notRun: Record<string, Record<string, readonly [string, unknown] | string>> = {
      "cert-manager": {
        "startupapicheck.image": ["startupapicheck.enabled", false],
        // An argument of the controller, for ACME issuers' solver pods: the region's issuers are CA issuers.
        "acmesolver.image": "no ACME issuer",
      },
      velero: { "kubectl.image": ["upgradeCRDs", false] },
      "oauth2-proxy": { "initContainers.waitForRedis.image": ["redis.enabled", undefined] },
      // Marketplace metadata (Azure, OCI), read by no template that runs a pod.
      traefik: {
        "global.azure.images.hub.image": "",
        "global.azure.images.proxy.image": "",
        "oci_meta.images.hub.image": "",
        "oci_meta.images.proxy.image": "",
      },
    };
    const at = (object: any, path: string) => path.split(".").reduce((value, key) => value?.[key], object);
    for (const r of releases) {
      const read: string[] = JSON.parse(readFileSync(join(import.meta.dirname, "chart-schemas", `${r.chart}.values-read.json`), "utf8")).read;
      const images = [
        ...new Set(read.filter((key) => /(^|\.)image\.(repository|registry)$/.test(key)).map((key) => key.replace(/\.(repository|registry)$/, ""))),
      ];
      const values = parse(r.values[0]);
      for (const image of images) {
        const off = notRun[r.chart]?.[image];
        if (Array.isArray(off)) expect(at(values, off[0]), `${r.chart} ${image}: ${off[0]}`).toBe(off[1]);
        else if (off === undefined)
          expect(`${at(values, `${image}.registry`) ?? ""}/${at(values, `${image}.repository`)}`, `${r.chart} ${image}`).toMatch(/registry\.example\.fr\//);
      }
    }
    // The Cinder CSI driver's sidecars, at the chart's tags, pinned by the region's digests.
    expect(valuesOf("openstack-cinder-csi").csi.attacher.image).toEqual({
      repository: "registry.example.fr/sig-storage/csi-attacher",
      tag: `v4.10.0@${digest("f")}`,
    });
  });

  it("install their custom resources after the operators that define them", () => {
    const depends: string[] = release("raw").depends_on;
    for (const chart of ["cert-manager", "traefik", "cloudnative-pg", "openstack-cinder-csi"]) {
      expect(
        depends.some((d) => d === `helm_release.${tf.resources("helm_release").find(([, b]) => b.chart === chart)![0]}`),
        chart,
      ).toBe(true);
    }
  });
});

describe("the entrance", () => {
  const traefik = valuesOf("traefik");

  it("is published through an internal Octavia load balancer in the DMZ, admitted by its own address, sent only to the nodes running Traefik", () => {
    expect(traefik.service).toMatchObject({
      type: "LoadBalancer",
      spec: { externalTrafficPolicy: "Local" },
      annotations: {
        "service.beta.kubernetes.io/openstack-internal-load-balancer": "true",
        "loadbalancer.openstack.org/subnet-id": props.subnets.dmz.id,
        "loadbalancer.openstack.org/enable-health-monitor": "true",
      },
    });
    expect(flows("ingress")).toContain(`Ingress [{"ip_block":{"cidr":"10.40.1.0/24"}}] [{"port":"8443","protocol":"TCP"}]`);
  });

  it("reads Secrets only in the namespaces it serves, and watches only those", () => {
    // The chart's own ClusterRole reads every Secret of the cluster: it is off, and the roles are the platform's.
    expect(traefik.rbac).toEqual({ enabled: false });
    const projects = [...new Set(bodies("kubernetes_ingress_v1").map(namespaceOf))];
    expect(projects.length).toBeGreaterThan(0);
    expect(traefik.providers.kubernetesIngress.namespaces.slice().sort()).toEqual(["ingress", ...projects].sort());
    expect(traefik.providers.kubernetesCRD.namespaces).toEqual(["ingress"]);
    const isTraefik = (subject: any) => subject.kind === "ServiceAccount" && subject.name === "traefik" && subject.namespace === "ingress";
    const rolesNamed = (name: string) => bodies("kubernetes_cluster_role_v1").filter((role) => role.metadata.name === name);
    const readsSecrets = (name: string) => rolesNamed(name).some((role) => role.rule.some((rule: any) => rule.resources.includes("secrets")));
    const clusterWide = bodies("kubernetes_cluster_role_binding_v1").filter((binding) => binding.subject.some(isTraefik));
    expect(clusterWide.map((binding) => binding.role_ref.name)).toEqual(["eds-entrance"]);
    expect(readsSecrets("eds-entrance")).toBe(false);
    expect(rolesNamed("eds-entrance")[0]!.rule).toEqual(
      expect.arrayContaining([expect.objectContaining({ api_groups: ["extensions", "networking.k8s.io"], resources: ["ingressclasses", "ingresses"] })]),
    );
    const inNamespaces = bodies("kubernetes_role_binding_v1").filter((binding) => binding.subject.some(isTraefik));
    expect(inNamespaces.map((binding) => namespaceOf(binding)).sort()).toEqual(traefik.providers.kubernetesIngress.namespaces.slice().sort());
    for (const binding of inNamespaces) expect(readsSecrets(binding.role_ref.name)).toBe(true);
  });

  it("lets into a project's tools only the members of its group, whoever else is signed in", () => {
    const proxy = releases.find((body) => body.name === "oauth2-proxy-cardio")!;
    expect(proxy.chart).toBe("oauth2-proxy");
    const args = parse(proxy.values[0]).extraArgs;
    // The project's proxy admits its group only: at the callback, and at each /oauth2/auth (provider Authorize).
    expect(args["allowed-group"]).toBe("project-cardio");
    // Not the `groups` scope oauth2-proxy adds to its default when a group is allowed: Keycloak refuses a scope the
    // realm does not define, and every sign-in would fail.
    expect(args.scope.split(" ").sort()).toEqual(["email", "openid", "profile"]);
    const middleware = traefik.extraObjects.find((m: any) => m.metadata.name === "project-cardio");
    expect(middleware.spec.forwardAuth.address).toBe("http://oauth2-proxy-cardio.ingress.svc.cluster.local/oauth2/auth");
    expect(middleware.spec.forwardAuth.trustForwardHeader).toBe(false);
    // The tools learn who is signed in, not the member's other groups (other projects' among them).
    expect(middleware.spec.forwardAuth.authResponseHeaders).toEqual(["X-Auth-Request-User", "X-Auth-Request-Email"]);
    // The session a refresh writes reaches the browser: Traefik passes on only the auth cookies it is told the names of,
    // and oauth2-proxy names them after cookie-name, split into <name>_0, <name>_1... above 4,000 bytes.
    const cookieName = args["cookie-name"];
    expect(middleware.spec.forwardAuth.addAuthCookiesToResponse).toEqual([
      cookieName,
      `${cookieName}_0`,
      `${cookieName}_1`,
      `${cookieName}_2`,
      `${cookieName}_3`,
    ]);
    const ingresses = bodies("kubernetes_ingress_v1").filter((body) => namespaceOf(body) === "project-cardio");
    expect(ingresses).toHaveLength(2);
    for (const ingress of ingresses) {
      expect(ingress.metadata.annotations["traefik.ingress.kubernetes.io/router.middlewares"]).toBe(
        "ingress-project-cardio-sign-in@kubernetescrd,ingress-project-cardio@kubernetescrd",
      );
      expect(ingress.metadata.annotations["cert-manager.io/cluster-issuer"]).toBe("eds-internal-ca");
    }
    expect(parse(proxy.values[0]).config.existingSecret).toBe("oauth2-proxy-client");
  });

  it("signs members in on the tool's own host: its /oauth2/ paths reach the project's proxy before the tool's ForwardAuth, and the redirect is followed", () => {
    const ingresses = bodies("kubernetes_ingress_v1").filter((body) => namespaceOf(body) === "project-cardio");
    const routes = traefik.extraObjects
      .filter((object: any) => object.kind === "IngressRoute")
      .flatMap((object: any) => object.spec.routes.map((route: any) => ({ ...route, tls: object.spec.tls, entryPoints: object.spec.entryPoints })));
    for (const ingress of ingresses) {
      const host = ingress.spec.rule[0].host;
      const route = routes.find((candidate: any) => candidate.match === `Host(\`${host}\`) && PathPrefix(\`/oauth2/\`)`);
      expect(route, host).toBeDefined();
      expect(route).toMatchObject({ services: [{ name: "oauth2-proxy-cardio", port: 80 }], tls: {}, entryPoints: ["websecure"] });
      expect(route.middlewares).toBeUndefined();
      // Traefik tries the router with the longest rule first (its default priority); the tool's Ingress makes
      // Host(`host`) && PathPrefix(`/`), so the callback is not sent to the ForwardAuth that started the sign-in.
      expect(route.match.length).toBeGreaterThan(`Host(\`${host}\`) && PathPrefix(\`/\`)`.length);
    }
    // The sign-in answers a redirect to the identity provider; the errors middleware keeps the 401 unless told otherwise.
    const signIn = traefik.extraObjects.find((object: any) => object.kind === "Middleware" && object.metadata.name === "project-cardio-sign-in");
    expect(signIn.spec.errors).toMatchObject({ status: ["401"], statusRewrites: { "401": 302 }, service: { name: "oauth2-proxy-cardio", port: 80 } });
  });

  it("keeps a project's session to that project: a proxy, a cookie name and a cookie domain of its own", () => {
    // A session reaches the tools with each request; oauth2-proxy signs its cookie with the cookie's name, so a session
    // caught in one project's tools is refused by another's proxy, and the browser sends it to the project's hosts only.
    const other = { ...props.projects[0]!, id: "neuro-2027-long-project-id-of-forty-char", membersGroup: "project-neuro" };
    expect(other.id).toHaveLength(40);
    const two = TerraformJson.of((scope) => new RegionalEdsPlatform(scope, "Eds", { ...props, projects: [props.projects[0]!, other] }));
    const proxies = two
      .resources("helm_release")
      .map(([, body]) => body)
      .filter((body) => body.chart === "oauth2-proxy");
    expect(proxies.map((body) => body.name).sort()).toEqual(["oauth2-proxy-cardio", `oauth2-proxy-${other.id}`]);
    // Helm refuses a release name of more than 53 characters (helm pkg/chartutil, validate_name.go).
    for (const body of proxies) expect(body.name.length).toBeLessThanOrEqual(53);
    const argsOf = (project: string) => parse(proxies.find((body) => body.name === `oauth2-proxy-${project}`)!.values[0]).extraArgs;
    expect(argsOf("cardio")["cookie-name"]).not.toBe(argsOf(other.id)["cookie-name"]);
    const extraObjects = parse(
      two
        .resources("helm_release")
        .map(([, body]) => body)
        .find((body) => body.chart === "traefik")!.values[0],
    ).extraObjects;
    for (const [project, group] of [
      ["cardio", "project-cardio"],
      [other.id, "project-neuro"],
    ] as const) {
      const args = argsOf(project);
      expect(args["allowed-group"]).toBe(group);
      expect(args["cookie-domain"]).toBe(args["whitelist-domain"]);
      const hosts = bodiesIn(two, `project-${project}`, "kubernetes_ingress_v1").map((body) => body.spec.rule[0].host as string);
      const covered = (host: string) => host.endsWith(args["cookie-domain"]);
      expect(hosts.length).toBeGreaterThan(0);
      expect(hosts.every(covered)).toBe(true);
      const otherHosts = two
        .resources("kubernetes_ingress_v1")
        .map(([, body]) => body.spec.rule[0].host as string)
        .filter((host) => !hosts.includes(host));
      expect(otherHosts.filter(covered)).toEqual([]);
      const forwardAuth = extraObjects.find((m: any) => m.metadata.name === `project-${project}`).spec.forwardAuth;
      expect(forwardAuth.address).toBe(`http://oauth2-proxy-${project}.ingress.svc.cluster.local/oauth2/auth`);
      expect(forwardAuth.addAuthCookiesToResponse[0]).toBe(args["cookie-name"]);
    }
  });

  it("reads a member's groups again every 15 minutes, and ends sessions after a working day", () => {
    const minutes = (duration: string) => {
      const [, amount, unit] = /^(\d+)([mh])$/.exec(duration) ?? [];
      return Number(amount) * (unit === "h" ? 60 : 1);
    };
    const args = valuesOf("oauth2-proxy").extraArgs;
    expect(minutes(args["cookie-refresh"])).toBeLessThanOrEqual(15);
    expect(minutes(args["cookie-expire"])).toBeLessThanOrEqual(12 * 60);
    // oauth2-proxy refuses to start when the refresh is not shorter than the cookie's life (pkg/validation/cookie.go).
    expect(minutes(args["cookie-refresh"])).toBeLessThan(minutes(args["cookie-expire"]));
  });

  it("offers TLS 1.2 and 1.3 only, with forward-secret AEAD suites, on every route of the entrance (Traefik's default TLS option)", () => {
    const tls = traefik.tlsOptions.default;
    expect(tls.minVersion).toBe("VersionTLS12");
    expect(tls.maxVersion).toBeUndefined();
    expect(tls.cipherSuites.length).toBeGreaterThan(0);
    for (const suite of tls.cipherSuites) expect(suite).toMatch(/^TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305(_SHA256)?)$/);
    expect(tls.sniStrict).toBe(true);
    // No route picks another option (an Ingress's router.tls.options annotation, an IngressRoute's tls.options): each
    // takes the default. The Ingresses are there to be looked at.
    const ingresses = bodies("kubernetes_ingress_v1");
    expect(ingresses.length).toBeGreaterThan(0);
    for (const ingress of ingresses) expect(Object.keys(ingress.metadata.annotations ?? {}).filter((key) => key.endsWith("router.tls.options"))).toEqual([]);
    const routes = [...manifests, ...traefik.extraObjects].filter((object: any) => object.kind === "IngressRoute");
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) expect(route.spec.tls?.options).toBeUndefined();
  });

  it("tells browsers to keep to HTTPS for a year, and drops the identity headers a request brings, on every route of the entrance, the sign-in's included", () => {
    expect(traefik.ports.websecure.middlewares).toEqual(["ingress-security-headers@kubernetescrd"]);
    const headers = traefik.extraObjects.find((m: any) => m.kind === "Middleware" && m.metadata.name === "security-headers").spec.headers;
    expect(headers.stsSeconds).toBeGreaterThanOrEqual(31536000);
    // A request's own identity headers are removed before the sign-in, which replaces only the user and the e-mail:
    // a member could otherwise send X-Auth-Request-Groups with another project's group to a tool that reads it.
    const removed = Object.keys(headers.customRequestHeaders).filter((name) => headers.customRequestHeaders[name] === "");
    expect(removed).toEqual(
      expect.arrayContaining(["X-Auth-Request-Groups", "X-Auth-Request-User", "X-Auth-Request-Email", "X-Forwarded-Groups", "X-Forwarded-User"]),
    );
    // With `_` for `-` too, which servers reading CGI-style variables take for the same header (oauth2-proxy
    // CVE-2025-64484); Go matches names by case only.
    expect(removed).toEqual(
      expect.arrayContaining(["X_Auth_Request_Groups", "X-Auth_Request-Groups", "X_Forwarded_User", "X_Auth_Request_Preferred_Username"]),
    );
    expect(removed).toHaveLength(84);
    expect(headers).toMatchObject({ contentTypeNosniff: true, customFrameOptionsValue: "SAMEORIGIN" });
  });

  it("issues TLS certificates from internal authorities generated in the cluster", () => {
    expect(manifest("ClusterIssuer", "eds-internal-ca").spec).toEqual({ ca: { secretName: "eds-internal-ca" } });
    expect(manifest("Certificate", "eds-internal-ca").spec).toMatchObject({ isCA: true, issuerRef: { name: "eds-self-signed" } });
  });
});

describe("the operators' role", () => {
  const operator = bodies("kubernetes_cluster_role_v1").find((body) => body.metadata.name === "eds-operator")!;
  const grants = (resource: string, verb: string) =>
    operator.rule.some((rule: { resources: string[]; verbs: string[] }) => rule.resources.includes(resource) && rule.verbs.includes(verb));

  it("scales and restarts workloads, and can write none: a pod template would run any image with the namespace's secrets", () => {
    expect(grants("deployments/scale", "patch")).toBe(true);
    expect(grants("pods", "delete")).toBe(true);
    for (const resource of ["pods", "deployments", "daemonsets", "statefulsets", "jobs", "cronjobs"])
      for (const verb of ["create", "update", "patch"]) expect(grants(resource, verb), `${verb} ${resource}`).toBe(false);
    expect(grants("secrets", "get")).toBe(false);
  });
});

describe("the warehouse", () => {
  const cluster = manifest("Cluster", "warehouse");

  it("is a replicated PostgreSQL cluster on the encrypted class, never on a workspace's node", () => {
    expect(cluster.spec).toMatchObject({ instances: 3, storage: { size: "500Gi", storageClass: "encrypted" }, imageName: props.images.postgres });
    expect(cluster.spec.affinity.podAntiAffinityType).toBe("required");
    expect(cluster.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions).toEqual([
      { key: "eds.region/role", operator: "NotIn", values: ["workspaces"] },
    ]);
  });

  it("rebuilds each active project's extract every night, as its one-off job builds it, so that an objection reaches it the next night", () => {
    const jobs = bodies("kubernetes_job_v1").filter((body) => body.metadata.name.startsWith("extract-"));
    const nightly = bodies("kubernetes_cron_job_v1").filter((body) => body.metadata.name.startsWith("extract-"));
    expect(nightly.map((body) => body.metadata.name).sort()).toEqual(jobs.map((body) => body.metadata.name.replace(/-[0-9a-f]{10}$/, "-nightly")).sort());
    for (const cron of nightly) {
      const job = jobs.find((body) => body.metadata.name.replace(/-[0-9a-f]{10}$/, "-nightly") === cron.metadata.name)!;
      expect(cron.spec).toMatchObject({ schedule: "30 1 * * *", timezone: "Etc/UTC", concurrency_policy: "Forbid" });
      expect(cron.spec.job_template.spec).toEqual(job.spec);
    }
  });

  it("accepts certificates only: each project's role reaches its own database, archived projects cannot log in, dropped ones are gone", () => {
    expect(cluster.spec.postgresql.pg_hba).toEqual([
      "hostssl warehouse pseudonymisation all cert",
      "hostssl all extract_builder all cert",
      "hostssl project_cardio project_cardio all cert",
      "hostssl project_diabete project_diabete all cert",
      "host all all all reject",
    ]);
    const roles = Object.fromEntries(cluster.spec.managed.roles.map((r: any) => [r.name, r]));
    expect(roles.project_cardio).toMatchObject({ login: true, ensure: "present" });
    expect(roles.project_diabete).toMatchObject({ login: false, ensure: "present" });
    expect(roles.project_asthme).toMatchObject({ ensure: "absent" });
    expect(manifest("Database", "extract-asthme").spec.ensure).toBe("absent");
    expect(manifest("Database", "extract-cardio").spec).toMatchObject({ name: "project_cardio", ensure: "present" });
  });

  it("has its client certificates asked for by the platform alone: cert-manager's rights stay out of the built-in edit and admin roles", () => {
    // With the chart's default, binding either role in any namespace would let its holder have the data tier's CA sign
    // a certificate for any database role (charts/cert-manager templates/rbac.yaml, aggregate-to-edit/admin).
    expect(valuesOf("cert-manager").global.rbac.aggregateClusterRoles).toBe(false);
  });

  it("lets the warehouse's instances alone reach the object storage, for the backups: not the extract builders, whose role reads everything", () => {
    const toBackups = policiesIn("data").find((policy) => policy.metadata.name === "instances-to-backups")!;
    expect(toBackups.spec.pod_selector).toEqual({ match_labels: { "cnpg.io/cluster": "warehouse" } });
    const toObjectStorage = policiesIn("data").filter((policy) =>
      (policy.spec.egress ?? []).some((rule: any) => rule.to.some((peer: any) => peer.ip_block?.cidr === "192.0.2.72/29")),
    );
    expect(toObjectStorage.map((policy) => policy.metadata.name)).toEqual(["instances-to-backups"]);
  });

  it("gives every client certificate of the warehouse 90 days and a new key at each renewal: a copied key soon stops working", () => {
    const clients = manifests.filter((m) => m.kind === "Certificate" && m.spec.usages?.includes("client auth"));
    expect(clients.length).toBeGreaterThan(1);
    for (const certificate of clients) {
      expect(certificate.spec.duration, certificate.metadata.name).toBe("2160h");
      expect(certificate.spec.privateKey.rotationPolicy, certificate.metadata.name).toBe("Always");
    }
  });

  it("archives WAL continuously and takes daily base backups to the backup container, kept for the declared retention", () => {
    expect(cluster.spec.backup).toMatchObject({
      retentionPolicy: "35d",
      barmanObjectStore: { destinationPath: "s3://test-backups/warehouse", endpointURL: "https://s3.example.fr", wal: { compression: "gzip" } },
    });
    expect(manifest("ScheduledBackup", "warehouse-daily").spec).toMatchObject({ schedule: "0 0 2 * * *", cluster: { name: "warehouse" } });
    expect(flows("data")).toContain(`Egress [{"ip_block":{"cidr":"192.0.2.72/29"}}] [{"port":"443","protocol":"TCP"}]`);
  });

  it("builds the active project's extract from its declared categories, with a job that reads the warehouse", () => {
    const script = bodies("kubernetes_config_map_v1").find((b) => b.metadata.name === "extract-cardio")!.data["build-extract.sh"];
    expect(script).toContain("pg_dump --no-owner --no-privileges --schema=hospital_stays --schema=diagnoses");
    expect(script).toContain("GRANT SELECT ON ALL TABLES IN SCHEMA diagnoses TO project_cardio;");
    expect(bodies("kubernetes_job_v1").map((job) => job.metadata.name)).toEqual([expect.stringMatching(/^extract-cardio-/)]);
  });
});

/** The bodies of a type that a synthesized platform puts in a namespace. */
const bodiesIn = (synthesized: TerraformJson, namespace: string, type: string) =>
  synthesized
    .resources(type)
    .map(([, body]) => body)
    .filter((body) => synthesized.deref(body.metadata.namespace).body.metadata.name === namespace);

describe("the entrance's quota", () => {
  it("holds Traefik's pods and each active project's sign-in proxy, rolling out an upgrade, however many projects", () => {
    for (const count of [1, 25]) {
      const active = props.projects[0]!;
      const projects = Array.from({ length: count }, (_, i) => ({ ...active, id: `project-${i}`, membersGroup: `project-${i}` }));
      const synthesized = TerraformJson.of((scope) => new RegionalEdsPlatform(scope, "Eds", { ...props, projects }));
      const inIngress = (type: string) => bodiesIn(synthesized, "ingress", type);
      const hard = inIngress("kubernetes_resource_quota_v1")[0]!.spec.hard;
      // A container without limits gets the namespace's default ones (its LimitRange): Traefik's chart sets none.
      const defaults = inIngress("kubernetes_limit_range_v1")[0]!.spec.limit[0].default;
      const charts = synthesized
        .resources("helm_release")
        .map(([, body]) => body)
        .filter((body) => body.namespace === "ingress")
        .map((body) => ({ chart: body.chart, values: parse(body.values[0]) }));
      // And the pod each proxy adds while an upgrade rolls out (maxSurge 25 % of two, rounded up): Terraform upgrades
      // many releases at once, and each waits for its rollout.
      const pods = charts.map(({ chart, values }) =>
        chart === "traefik"
          ? { count: values.deployment.replicas, limits: defaults }
          : { count: values.replicaCount + Math.ceil(values.replicaCount / 4), limits: values.resources.limits },
      );
      expect(pods.filter((_, i) => charts[i]!.chart === "oauth2-proxy")).toHaveLength(count);
      const sum = (of: (limits: Record<string, string>) => number) => pods.reduce((total, pod) => total + pod.count * of(pod.limits), 0);
      expect(sum((limits) => millicores(limits.cpu!))).toBeLessThanOrEqual(millicores(hard["limits.cpu"]));
      expect(sum((limits) => mebibytes(limits.memory!))).toBeLessThanOrEqual(mebibytes(hard["limits.memory"]));
      expect(pods.reduce((total, pod) => total + pod.count, 0)).toBeLessThanOrEqual(Number(hard.pods));
    }
  });
});

describe("the logging namespace's quota", () => {
  it("holds a log shipper on every node, however many nodes: past it, the last nodes' logs would go nowhere", () => {
    for (const nodeCount of [props.cluster.nodeCount, 40]) {
      const synthesized = TerraformJson.of((scope) => new RegionalEdsPlatform(scope, "Eds", { ...props, cluster: { ...props.cluster, nodeCount } }));
      const inLogging = (type: string) => bodiesIn(synthesized, "logging", type);
      const hard = inLogging("kubernetes_resource_quota_v1")[0]!.spec.hard;
      const [shipper, ...others] = inLogging("kubernetes_daemon_set_v1");
      expect(others).toEqual([]);
      expect(inLogging("kubernetes_deployment_v1")).toEqual([]);
      const limits = shipper!.spec.template.spec.container[0].resources.limits;
      expect(nodeCount * millicores(limits.cpu)).toBeLessThanOrEqual(millicores(hard["limits.cpu"]));
      expect(nodeCount * mebibytes(limits.memory)).toBeLessThanOrEqual(mebibytes(hard["limits.memory"]));
      expect(nodeCount).toBeLessThanOrEqual(Number(hard.pods));
    }
  });
});

describe("the data namespace's quota", () => {
  const limitsCpu = (hard: Record<string, string>) => Number(hard["limits.cpu"]);

  it("holds every warehouse instance and each active project's extract jobs running at once, however many projects", async () => {
    const many = TerraformJson.of((scope) => {
      const active = props.projects[0]!;
      const projects = Array.from({ length: 25 }, (_, i) => ({ ...active, id: `project-${i}`, membersGroup: `project-${i}` }));
      new RegionalEdsPlatform(scope, "Eds", { ...props, projects });
    });
    for (const [synthesized, activeProjects] of [
      [tf, 1],
      [many, 25],
    ] as const) {
      const cluster = (parse(synthesized.resources("helm_release").find(([, b]) => b.chart === "raw")![1].values[0]).resources as any[]).find(
        (m) => m.kind === "Cluster",
      );
      const quota = bodiesIn(synthesized, "data", "kubernetes_resource_quota_v1")[0]!;
      // The one-off extract jobs and the nightly rebuilds, which may run at once, as k8s-quota-fits counts them.
      const jobs = [
        ...synthesized.resources("kubernetes_job_v1").map(([, body]) => body.spec),
        ...bodiesIn(synthesized, "data", "kubernetes_cron_job_v1").map((body) => body.spec.job_template.spec),
      ].map((spec) => spec.template.spec.container[0].resources.limits.cpu);
      expect(jobs).toHaveLength(2 * activeProjects);
      const needed = cluster.spec.instances * Number(cluster.spec.resources.limits.cpu) + jobs.reduce((sum, cpu) => sum + Number(cpu), 0);
      expect(limitsCpu(quota.spec.hard)).toBe(needed);
      expect(Number(quota.spec.hard.pods)).toBeGreaterThanOrEqual(cluster.spec.instances + jobs.length);
    }
    // And the policy that judges it agrees, for the namespace of 25 projects.
    const file = join(mkdtempSync(join(tmpdir(), "eds-quota-")), "platform.tf.json");
    writeFileSync(file, JSON.stringify(many.document));
    const quotaPolicy = allPolicies.filter((policy) => policy.metadata.id === "k8s-quota-fits");
    const run = runPolicies(await readConfigurations([file]), { policies: quotaPolicy, settings: fixtureSettings });
    expect(run.outcomes.filter((outcome) => outcome.status !== "compliant").map((outcome) => outcome.message)).toEqual([]);
  });

  it("is the sum of the figures the pods declare", () => {
    expect(dataNamespaceQuota(3, 500, 2)).toEqual({ cpu: "10", memory: "28Gi", storage: "1650Gi", pods: 9 });
  });
});

describe("the pseudonymisation service", () => {
  it("is called by the ingestion namespace only, and reaches only Keystone, Barbican, the object storage and the warehouse", () => {
    expect(
      flows("pseudonymisation")
        .filter((f) => !f.includes("kube-dns"))
        .sort(),
    ).toEqual(
      [
        `Ingress [{"namespace_selector":{"match_labels":{"kubernetes.io/metadata.name":"ingestion"}},"pod_selector":{}}] [{"port":"8080","protocol":"TCP"}]`,
        `Egress [{"ip_block":{"cidr":"192.0.2.64/29"}},{"ip_block":{"cidr":"192.0.2.80/29"}},{"ip_block":{"cidr":"192.0.2.72/29"}}] [{"port":"443","protocol":"TCP"}]`,
        `Egress [{"namespace_selector":{"match_labels":{"kubernetes.io/metadata.name":"data"}},"pod_selector":{"match_labels":{"cnpg.io/cluster":"warehouse"}}}] [{"port":"5432","protocol":"TCP"}]`,
      ].sort(),
    );
    expect(flows("ingestion").filter((f) => !f.includes("kube-dns"))).toEqual([
      `Egress [{"namespace_selector":{"match_labels":{"kubernetes.io/metadata.name":"pseudonymisation"}},"pod_selector":{"match_labels":{"app.kubernetes.io/name":"pseudonymisation"}}}] [{"port":"8080","protocol":"TCP"}]`,
    ]);
  });

  it("never runs on a workspace's node", () => {
    const deployment = named("kubernetes_deployment_v1", "pseudonymisation", "pseudonymisation");
    expect(
      deployment.spec.template.spec.affinity.node_affinity.required_during_scheduling_ignored_during_execution.node_selector_term[0].match_expressions,
    ).toEqual([{ key: "eds.region/role", operator: "NotIn", values: ["workspaces"] }]);
  });
});

describe("the pods that hold a credential", () => {
  it("never run on a workspace's node, where a kubelet could read their Secrets after an escape from a workspace", () => {
    const podSpecs = [
      ...bodies("kubernetes_deployment_v1").map((body) => ({ body, pod: body.spec.template.spec })),
      ...bodies("kubernetes_job_v1").map((body) => ({ body, pod: body.spec.template.spec })),
      ...bodies("kubernetes_cron_job_v1").map((body) => ({ body, pod: body.spec.job_template.spec.template.spec })),
    ];
    const holding = podSpecs.filter(
      ({ body, pod }) =>
        !namespaceOf(body).startsWith("project-") &&
        ((pod.volume ?? []).some((volume: Record<string, unknown>) => volume.secret) ||
          (pod.container ?? []).some((container: Record<string, any>) =>
            (container.env_from ?? []).some((source: Record<string, unknown>) => source.secret_ref),
          )),
    );
    expect(holding.map(({ body }) => body.metadata.name)).toEqual(expect.arrayContaining(["pseudonymisation", "airlock-submit", "airlock-release"]));
    expect(holding.some(({ body }) => body.metadata.name.startsWith("extract-"))).toBe(true);
    for (const { body, pod } of holding)
      expect(
        pod.affinity?.node_affinity?.required_during_scheduling_ignored_during_execution?.node_selector_term?.[0]?.match_expressions,
        body.metadata.name,
      ).toEqual([{ key: "eds.region/role", operator: "NotIn", values: ["workspaces"] }]);
  });
});

describe("an analysis workspace", () => {
  const deployment = named("kubernetes_deployment_v1", "workspace", "project-cardio");
  const pod = deployment.spec.template.spec;
  const quota = named("kubernetes_resource_quota_v1", "quota", "project-cardio").spec.hard;

  it("runs its tools in one pod that fits the project's quota and shares one home volume", () => {
    expect(pod.container.map((c: any) => c.name)).toEqual(["jupyterlab", "rstudio"]);
    const cpu = pod.container.reduce((sum: number, c: any) => sum + Number(c.resources.limits.cpu.replace("m", "")), 0);
    const memory = pod.container.reduce((sum: number, c: any) => sum + Number(c.resources.limits.memory.replace("Mi", "")), 0);
    expect(cpu).toBeLessThanOrEqual(Number(quota["limits.cpu"]) * 1000);
    expect(memory).toBeLessThanOrEqual(32 * 1024);
    expect(bodies("kubernetes_persistent_volume_claim_v1").filter((c) => namespaceOf(c) === "project-cardio")).toHaveLength(1);
  });

  it("runs on the tainted workspaces' nodes", () => {
    expect(pod.node_selector).toEqual({ "eds.region/role": "workspaces" });
    expect(pod.toleration).toEqual([{ key: "eds.region/workspaces", operator: "Equal", value: "true", effect: "NoSchedule" }]);
  });

  it("proves its project to the warehouse with a certificate and to the airlock with an audience-bound token", () => {
    const env = Object.fromEntries(pod.container[0].env.map((e: any) => [e.name, e.value]));
    expect(env).toMatchObject({ PGDATABASE: "project_cardio", PGUSER: "project_cardio", PGSSLMODE: "verify-full" });
    expect(manifest("Certificate", "postgres-client-project-cardio")).toMatchObject({
      metadata: { namespace: "project-cardio" },
      spec: { commonName: "project_cardio" },
    });
    const token = pod.volume.find((v: any) => v.name === "airlock-token").projected[0].sources[0].service_account_token;
    expect(token).toEqual({ audience: "eds-airlock", expiration_seconds: 600, path: "token" });
    // The certificate's key is readable by the tools' user only; a memory-backed /tmp cannot fill the node's memory.
    expect(pod.volume.find((v: any) => v.name === "extract-client").secret.default_mode).toBe("0400");
    expect(pod.volume.find((v: any) => v.name === "tmp").empty_dir).toEqual({ medium: "Memory", size_limit: "64Mi" });
    expect(pod.automount_service_account_token).toBe(false);
  });

  it("is reached by the entrance's Traefik pods only, on its tools' ports: never around the sign-in", () => {
    const ingress = policiesIn("project-cardio").filter((policy) => policy.spec.policy_types[0] === "Ingress" && policy.spec.ingress);
    expect(ingress.map((policy) => policy.metadata.name)).toEqual(["from-ingress"]);
    expect(ingress[0]!.spec.pod_selector).toEqual({ match_labels: { "app.kubernetes.io/name": "workspace", "eds-regional/project": "cardio" } });
    expect(ingress[0]!.spec.ingress.map((rule: any) => rule.from)).toEqual([
      [
        {
          namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "ingress" } },
          pod_selector: { match_labels: { "app.kubernetes.io/name": "traefik" } },
        },
      ],
    ]);
  });

  it("reaches nothing but DNS, its extract, the airlock's submission port and the mirror", () => {
    const egress = flows("project-cardio").filter((f) => f.startsWith("Egress") && !f.includes("kube-dns"));
    expect(egress.sort()).toEqual(
      [
        `Egress [{"namespace_selector":{"match_labels":{"kubernetes.io/metadata.name":"data"}},"pod_selector":{"match_labels":{"cnpg.io/cluster":"warehouse"}}}] [{"port":"5432","protocol":"TCP"}]`,
        `Egress [{"namespace_selector":{"match_labels":{"kubernetes.io/metadata.name":"airlock"}},"pod_selector":{}}] [{"port":"8080","protocol":"TCP"}]`,
        `Egress [{"ip_block":{"cidr":"192.0.2.104/30"}}] [{"port":"443","protocol":"TCP"}]`,
      ].sort(),
    );
  });

  it("gives each project its own derivation context, so that pseudonyms cannot be linked across projects", () => {
    const projects = JSON.parse(named("kubernetes_config_map_v1", "pseudonymisation", "pseudonymisation").data["projects.json"]);
    const contexts = projects.map((project: any) => project.context);
    expect(new Set(contexts).size).toBe(projects.length);
    for (const project of projects) expect(project.context).toBe(`eds:test:${project.id}:v1`);
  });

  it("is backed up with the other volumes, on the declared schedule and retention, as Cinder backups kept apart from the volumes", () => {
    const velero = valuesOf("velero");
    // Snapshots of Cinder volumes: no node agent, which would run as root on every node and read every pod's volumes.
    expect(velero.deployNodeAgent).toBe(false);
    const schedule = velero.schedules.volumes;
    expect(schedule).toMatchObject({ schedule: "0 2 * * *", template: { ttl: "840h", snapshotVolumes: true, volumeSnapshotLocations: ["cinder"] } });
    expect(schedule.template.includedNamespaces).toEqual(["ingestion", "project-cardio"]);
    expect(schedule.template.excludedResources).toEqual(["secrets"]);
    // The plugin's default method is a snapshot, which stays in the volumes' storage backend.
    expect(velero.configuration.volumeSnapshotLocation).toEqual([
      // Hours to finish, not the plugin's 5 minutes, past which Velero loses the backup's id and no TTL deletes it.
      {
        name: "cinder",
        provider: "community.openstack.org/openstack-cinder",
        config: { region: "fr-test-1", method: "backup", backupTimeout: "6h", volumeTimeout: "6h" },
      },
    ]);
  });
});

describe("the platform's pods, where the workspaces' nodes carry no taint (Magnum's node groups get labels only)", () => {
  const [key, value] = props.cluster.workspacesNodes.label;
  const avoids = (affinity: any): boolean => JSON.stringify(affinity ?? {}).includes(JSON.stringify({ key, operator: "NotIn", values: [value] }));

  it("keep off the workspaces' nodes, a workspace's own and the DaemonSets that run everywhere excepted", () => {
    const podSpecs = ["kubernetes_deployment_v1", "kubernetes_job_v1", "kubernetes_cron_job_v1", "kubernetes_stateful_set_v1"].flatMap((type) =>
      bodies(type)
        .filter((body) => !namespaceOf(body).startsWith("project-"))
        .map((body) => [`${type} ${body.metadata.name}`, (body.spec.template ?? body.spec.job_template.spec.template).spec] as const),
    );
    expect(podSpecs.length).toBeGreaterThan(5);
    for (const [name, spec] of podSpecs) expect(avoids(spec.affinity), name).toBe(true);
    // The charts' pods, at every place each chart reads an affinity from (components' affinities).
    for (const [component, { chart, affinities }] of Object.entries(components)) {
      const release = releases.find((body) => body.chart === chart);
      if (!release) continue;
      const values = valuesOf(chart);
      for (const path of affinities) expect(avoids(path.reduce((at: any, step) => at?.[step], values)), `${component} ${path.join(".")}`).toBe(true);
    }
  });
});

describe("the admission webhooks", () => {
  it("admit the API server from the nodes' subnet and from the pod network, where its overlay address lies, on their port only", () => {
    const webhookPolicies = bodies("kubernetes_network_policy_v1").filter((body) => body.metadata.name === "webhook-from-api-server");
    expect(webhookPolicies).toHaveLength(2);
    for (const body of webhookPolicies) {
      const [rule] = body.spec.ingress;
      expect(rule.from.map((peer: { ip_block: { cidr: string } }) => peer.ip_block.cidr)).toEqual([props.subnets.nodes, clusterNetworks.pods]);
      expect(rule.ports).toHaveLength(1);
    }
  });
});

describe("the charts' pods in restricted namespaces, as their templates write them from their defaults and our values", () => {
  /** Helm's merge of the values given over the chart's: maps key by key, anything else replaced. */
  const merged = (defaults: any, given: any): any =>
    given !== null && typeof given === "object" && !Array.isArray(given) && defaults !== null && typeof defaults === "object" && !Array.isArray(defaults)
      ? Object.fromEntries([...new Set([...Object.keys(defaults), ...Object.keys(given)])].map((key) => [key, merged(defaults[key], given[key])]))
      : (given ?? defaults);
  type Pod = { name: string; pod: object; containers: { name: string; securityContext: object }[]; initContainers?: object[] };
  const withoutEnabled = ({ enabled, ...context }: Record<string, unknown>) => context;
  /** Each chart's pods, with the security contexts its templates take from these values (the charts at their pinned versions). */
  const podsOf: Record<string, (values: any) => Pod[]> = {
    // templates/_podtemplate.tpl: podSecurityContext for the pod, securityContext for the traefik container.
    traefik: (v) => [{ name: "traefik", pod: v.podSecurityContext, containers: [{ name: "traefik", securityContext: v.securityContext }] }],
    // templates/deployment.yaml: securityContext without its "enabled" switch, when enabled.
    "oauth2-proxy": (v) => [
      {
        name: "oauth2-proxy",
        pod: v.podSecurityContext,
        containers: [{ name: "oauth2-proxy", securityContext: v.securityContext.enabled ? withoutEnabled(v.securityContext) : {} }],
      },
    ],
    // templates/deployment.yaml, webhook-deployment.yaml, cainjector-deployment.yaml (startupapicheck is off).
    "cert-manager": (v) =>
      [
        ["cert-manager", v],
        ["webhook", v.webhook],
        ["cainjector", v.cainjector],
      ].map(([name, part]) => ({ name, pod: part.securityContext, containers: [{ name, securityContext: part.containerSecurityContext }] })),
    "cloudnative-pg": (v) => [{ name: "manager", pod: v.podSecurityContext, containers: [{ name: "manager", securityContext: v.containerSecurityContext }] }],
    // templates/deployment.yaml: podSecurityContext merged with securityContext, init containers as written.
    velero: (v) => [
      {
        name: "velero",
        // Sprig's merge keeps its first argument's keys: podSecurityContext wins over the older securityContext.
        pod: { ...v.securityContext, ...v.podSecurityContext },
        containers: [{ name: "velero", securityContext: v.containerSecurityContext }],
        initContainers: v.initContainers,
      },
    ],
  };
  const { "//": _source, ...defaults } = chartSecurityDefaults as Record<string, any>;

  /** What the policies of the Pod Security Standards find on a chart's pods, run on them as manifests. */
  const podSecurityFindings = async (chart: string, values: Record<string, any>) => {
    const manifests = Object.fromEntries(
      podsOf[chart]!(values).map(({ name, pod, containers, initContainers }) => [
        name.replace(/-/g, "_"),
        {
          manifest: {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name, namespace: "restricted" },
            spec: {
              selector: { matchLabels: { name } },
              template: {
                metadata: { labels: { name } },
                spec: {
                  securityContext: pod,
                  containers: containers.map(({ name: container, securityContext }) => ({
                    name: container,
                    image: "registry.example.fr/x:1",
                    securityContext,
                  })),
                  ...(initContainers ? { initContainers } : {}),
                },
              },
            },
          },
        },
      ]),
    );
    const file = join(mkdtempSync(join(tmpdir(), "eds-chart-pods-")), "pods.tf.json");
    writeFileSync(file, JSON.stringify({ resource: { kubernetes_manifest: manifests } }));
    const run = runPolicies(await readConfigurations([file]), {
      policies: allPolicies.filter((policy) => packsOf(policy).includes("k8s-pss")),
      settings: fixtureSettings,
    });
    return run.outcomes.filter((outcome) => outcome.status !== "compliant").map((outcome) => `${outcome.policyId} ${outcome.address}: ${outcome.message}`);
  };

  it("covers every chart the platform installs in a namespace that enforces the restricted profile", () => {
    const restricted = bodies("kubernetes_namespace_v1")
      .map((body) => body.metadata)
      .filter((metadata) => metadata.labels["pod-security.kubernetes.io/enforce"] === "restricted")
      .map((metadata) => metadata.name);
    const charts = releases.filter((release) => restricted.includes(release.namespace) && release.chart !== "raw").map((release) => release.chart);
    expect([...new Set(charts)].sort()).toEqual(Object.keys(podsOf).sort());
    expect(Object.keys(defaults).sort()).toEqual(Object.keys(podsOf).sort());
  });

  it.each(Object.keys(podsOf))("%s meets the restricted Pod Security profile its namespace enforces", async (chart) => {
    expect(await podSecurityFindings(chart, merged(defaults[chart], valuesOf(chart)))).toEqual([]);
  });

  it("would not on the charts' defaults alone for Traefik (no seccomp profile) and Velero (no security context), so the check can fail", async () => {
    expect((await podSecurityFindings("traefik", defaults.traefik)).some((finding) => finding.startsWith("k8s-seccomp-profile"))).toBe(true);
    const { initContainers } = valuesOf("velero");
    const bare = initContainers.map(({ securityContext, ...container }: Record<string, unknown>) => container);
    expect((await podSecurityFindings("velero", { ...defaults.velero, initContainers: bare })).length).toBeGreaterThan(0);
    expect(valuesOf("velero").upgradeCRDs).toBe(false);
  });
});

describe("the airlock", () => {
  const validations = airlockValidations({ requiredApprovals: 2, reviewersGroup: "oidc:reviewers", groupsPrefix: "oidc:" }, "airlock");
  const toCel = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(toCel) : value && typeof value === "object" ? new Map(Object.entries(value).map(([k, v]) => [k, toCel(v)])) : value;
  const request = {
    spec: { project: "project-cardio", objects: [{ name: "results.csv", sha256: "a".repeat(64) }], summary: "Table 2", approvals: [] as unknown[] },
    metadata: { namespace: "project-cardio" },
  };
  const namespaceObject = { metadata: { labels: { "eds-regional/kind": "workspace" }, annotations: { "eds-regional/members-group": "project-cardio" } } };
  /** The messages of the rules that refuse an operation, evaluated by a CEL engine as the API server would. */
  const refusals = (operation: string, user: string, groups: string[], object: unknown, oldObject?: unknown) =>
    validations
      .filter(
        (v) =>
          run(v.expression, {
            request: toCel({ operation, userInfo: { username: user, groups } }),
            object: toCel(object),
            oldObject: toCel(oldObject ?? null),
            namespaceObject: toCel(namespaceObject),
          } as never) !== true,
      )
      .map((v) => v.message);
  const withApprovals = (...reviewers: string[]) => ({ ...request, spec: { ...request.spec, approvals: reviewers.map((reviewer) => ({ reviewer })) } });
  const submitter = "system:serviceaccount:airlock:airlock-submit";
  const releaser = "system:serviceaccount:airlock:airlock-release";

  it("accepts a request filed by the airlock for the namespace it comes from, and no other", () => {
    expect(refusals("CREATE", submitter, [], request)).toEqual([]);
    expect(refusals("CREATE", "alice@example.fr", ["oidc:project-cardio"], request)).toHaveLength(1);
    expect(refusals("CREATE", submitter, [], { ...request, spec: { ...request.spec, project: "project-other" } })).toHaveLength(1);
    expect(refusals("CREATE", submitter, [], withApprovals("mallory@example.fr"))).toHaveLength(1);
  });

  it("accepts a reviewer's own approval, once, and refuses a forged, repeated or self-serving one", () => {
    expect(refusals("UPDATE", "rita@example.fr", ["oidc:reviewers"], withApprovals("rita@example.fr"), request)).toEqual([]);
    expect(refusals("UPDATE", "rita@example.fr", ["oidc:reviewers"], withApprovals("someone-else@example.fr"), request)).not.toEqual([]);
    expect(
      refusals("UPDATE", "rita@example.fr", ["oidc:reviewers"], withApprovals("rita@example.fr", "rita@example.fr"), withApprovals("rita@example.fr")),
    ).not.toEqual([]);
    expect(refusals("UPDATE", "paul@example.fr", ["oidc:researchers"], withApprovals("paul@example.fr"), request)).not.toEqual([]);
    expect(refusals("UPDATE", "mina@example.fr", ["oidc:reviewers", "oidc:project-cardio"], withApprovals("mina@example.fr"), request)).toEqual([
      "a member of the project never approves the project's own results",
    ]);
    const edited = {
      ...withApprovals("rita@example.fr"),
      spec: { ...withApprovals("rita@example.fr").spec, objects: [{ name: "results.csv", sha256: "b".repeat(64) }] },
    };
    expect(refusals("UPDATE", "rita@example.fr", ["oidc:reviewers"], edited, request)).not.toEqual([]);
  });

  it("lets the release job mark a request released only after two distinct approvals", () => {
    const released = (approvals: string[]) => ({
      ...withApprovals(...approvals),
      spec: { ...withApprovals(...approvals).spec, release: { releasedBy: releaser, objects: request.spec.objects } },
    });
    expect(refusals("UPDATE", releaser, [], released(["rita@example.fr"]), withApprovals("rita@example.fr"))).not.toEqual([]);
    expect(refusals("UPDATE", releaser, [], released(["rita@example.fr", "remy@example.fr"]), withApprovals("rita@example.fr", "remy@example.fr"))).toEqual([]);
    expect(
      refusals(
        "UPDATE",
        "rita@example.fr",
        ["oidc:reviewers"],
        released(["rita@example.fr", "remy@example.fr"]),
        withApprovals("rita@example.fr", "remy@example.fr"),
      ),
    ).not.toEqual([]);
  });

  it("lets out the approved bytes only: the release record names every object with the digest of what was copied", () => {
    const approved = withApprovals("rita@example.fr", "remy@example.fr");
    const releasing = (objects: unknown[] | undefined) => ({
      ...approved,
      spec: { ...approved.spec, release: { releasedBy: releaser, ...(objects ? { objects } : {}) } },
    });
    const digestRule = "the release job records every object it copied with the SHA-256 of the bytes it copied, and each is the approved one";
    expect(refusals("UPDATE", releaser, [], releasing([{ name: "results.csv", sha256: "a".repeat(64) }]), approved)).toEqual([]);
    // The object written again after approval: its bytes' digest is not the approved one.
    expect(refusals("UPDATE", releaser, [], releasing([{ name: "results.csv", sha256: "c".repeat(64) }]), approved)).toEqual([digestRule]);
    expect(refusals("UPDATE", releaser, [], releasing([{ name: "other.csv", sha256: "a".repeat(64) }]), approved)).toEqual([digestRule]);
    expect(refusals("UPDATE", releaser, [], releasing(undefined), approved)).toEqual([digestRule]);
    // A record that names one approved object twice and leaves another out is refused too (and the schema refuses a
    // name twice: a list keyed by name).
    const two = { ...approved, spec: { ...approved.spec, objects: [...approved.spec.objects, { name: "table-2.csv", sha256: "d".repeat(64) }] } };
    const recorded = (objects: unknown[]) => ({ ...two, spec: { ...two.spec, release: { releasedBy: releaser, objects } } });
    expect(refusals("UPDATE", releaser, [], recorded([approved.spec.objects[0], approved.spec.objects[0]]), two)).toEqual([digestRule]);
    expect(refusals("UPDATE", releaser, [], recorded(two.spec.objects), two)).toEqual([]);
  });

  it("requires the digest of each object in the request's schema, as the API server validates it", () => {
    const crd = bodies("kubernetes_manifest")
      .map((body) => body.manifest)
      .find((m) => m.kind === "CustomResourceDefinition" && m.spec.names.kind === "AirlockRequest");
    const spec = crd.spec.versions[0].schema.openAPIV3Schema.properties.spec;
    for (const objects of [spec.properties.objects, spec.properties.release.properties.objects]) {
      expect(objects.items.required).toEqual(["name", "sha256"]);
      expect(new RegExp(objects.items.properties.sha256.pattern).test("a".repeat(64))).toBe(true);
      expect(new RegExp(objects.items.properties.sha256.pattern).test("results.csv")).toBe(false);
      expect(objects.maxItems).toBeGreaterThan(0);
      expect(objects).toMatchObject({ "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"] });
    }
    expect(spec.properties.approvals).toMatchObject({ maxItems: 10, "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["reviewer"] });
  });

  it("is enforced by the API server: the policy and its binding deny, for these objects", () => {
    const admission = bodies("kubernetes_manifest").map((body) => body.manifest);
    const policy = admission.find((m) => m.kind === "ValidatingAdmissionPolicy");
    expect(policy.spec.failurePolicy).toBe("Fail");
    // Every filing and every change of an airlock request, whatever its path (PATCH and apply arrive as UPDATE); the
    // definition has no subresource, and only cluster-admin may delete.
    expect(policy.spec.matchConstraints).toEqual({
      resourceRules: [{ apiGroups: [airlockApi.group], resources: [airlockApi.plural], apiVersions: [airlockApi.version], operations: ["CREATE", "UPDATE"] }],
    });
    expect(policy.spec.validations).toEqual(airlockValidations({ requiredApprovals: 2, reviewersGroup: "oidc:reviewers", groupsPrefix: "oidc:" }, "airlock"));
    expect(admission.find((m) => m.kind === "ValidatingAdmissionPolicyBinding").spec).toEqual({ policyName: "airlock-requests", validationActions: ["Deny"] });
  });

  it("takes submissions from workspace namespaces only; approvals never go through a port a workspace reaches", () => {
    expect(flows("airlock").filter((f) => f.startsWith("Ingress"))).toEqual([
      `Ingress [{"namespace_selector":{"match_labels":{"eds-regional/kind":"workspace"}},"pod_selector":{}}] [{"port":"8080","protocol":"TCP"}]`,
    ]);
    const reviewerBinding = bodies("kubernetes_cluster_role_binding_v1").find((b) => b.metadata.name === "eds-airlock-reviewer")!;
    expect(reviewerBinding.subject).toEqual([{ kind: "Group", name: "oidc:reviewers", api_group: "rbac.authorization.k8s.io" }]);
  });
});

describe("the Secrets the platform reads", () => {
  /** Every Secret a pod, an Ingress, a chart or a custom resource names, as namespace/name. */
  const referenced = (): string[] => {
    const found = new Set<string>();
    const visit = (value: unknown, namespace: string, key = ""): void => {
      if (Array.isArray(value)) for (const item of value) visit(item, namespace, key);
      else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) visit(v, namespace, k);
      else if (
        typeof value === "string" &&
        /^(secret_?name|existingSecret|extraSecretRef|serverTLSSecret|serverCASecret|clientCASecret|replicationTLSSecret)$/i.test(key)
      )
        found.add(`${namespace}/${value}`);
    };
    const byName = (refs: any[] | undefined, namespace: string) => {
      for (const ref of refs ?? []) if (ref?.name) found.add(`${namespace}/${ref.name}`);
    };
    for (const [type, body] of tf.everyResource()) {
      if (!type.startsWith("kubernetes_") || !body.metadata?.namespace) continue;
      const namespace = namespaceOf(body);
      visit(body.spec, namespace);
      const pods = [body.spec?.template?.spec, body.spec?.job_template?.spec?.template?.spec].filter(Boolean);
      for (const container of pods.flatMap((pod) => pod.container ?? [])) {
        byName(
          (container.env_from ?? []).map((e: any) => e.secret_ref),
          namespace,
        );
        byName(
          (container.env ?? []).map((e: any) => e.value_from?.secret_key_ref),
          namespace,
        );
      }
    }
    for (const r of releases) {
      const values = parse(r.values[0]);
      if (r.chart === "raw") continue;
      visit({ ...values, secret: undefined }, r.namespace);
      if (values.secret?.create === false) found.add(`${r.namespace}/${values.secret.name}`);
    }
    // Manifests a job applies (the restore drill's copy) are kept as JSON in its ConfigMap.
    const applied = bodies("kubernetes_config_map_v1").flatMap((body) =>
      Object.values(body.data ?? {}).flatMap((text) => {
        const object = (() => {
          try {
            return JSON.parse(String(text));
          } catch {
            return undefined;
          }
        })();
        return object?.apiVersion && object?.kind ? [object] : [];
      }),
    );
    for (const m of [...manifests, ...applied]) {
      // A ClusterIssuer's Secret lives in cert-manager's own namespace (its --cluster-resource-namespace).
      visit(m.spec, m.metadata.namespace ?? "cert-manager");
      const stores = [m.spec?.backup?.barmanObjectStore, ...(m.spec?.externalClusters ?? []).map((source: any) => source.barmanObjectStore)];
      for (const credential of stores.flatMap((store) => Object.values(store?.s3Credentials ?? {})) as any[])
        found.add(`${m.metadata.namespace}/${credential.name}`);
    }
    return [...found].sort();
  };
  /** Secrets the cluster makes itself: cert-manager Certificates, and Ingresses that ask cert-manager for theirs. */
  const issued = new Set([
    ...manifests.filter((m) => m.kind === "Certificate").map((m) => `${m.metadata.namespace}/${m.spec.secretName}`),
    ...bodies("kubernetes_ingress_v1")
      .filter((body) => body.metadata.annotations?.["cert-manager.io/cluster-issuer"])
      .flatMap((body) => body.spec.tls.map((tls: any) => `${namespaceOf(body)}/${tls.secret_name}`)),
    ...releases
      .map((r) => ({ namespace: r.namespace, ingress: parse(r.values[0]).ingress }))
      .filter(({ ingress }) => ingress?.annotations?.["cert-manager.io/cluster-issuer"])
      .flatMap(({ namespace, ingress }) => ingress.tls.map((tls: any) => `${namespace}/${tls.secretName}`)),
  ]);
  const listed = requiredSecrets(tf.stack!).map((secret) => `${secret.namespace}/${secret.name}`);

  it("are issued in the cluster or listed for the deployer, and the list names no Secret nothing reads", () => {
    const missing = referenced().filter((secret) => !issued.has(secret) && !listed.includes(secret));
    expect(missing).toEqual([]);
    expect(listed.filter((secret) => !referenced().includes(secret))).toEqual([]);
    expect(listed).toEqual(
      expect.arrayContaining([
        "ingress/oauth2-proxy-client",
        "data/warehouse-backup-s3",
        "velero/velero-openstack",
        "pseudonymisation/pseudonymisation-keystone",
      ]),
    );
  });

  /** The access rules of the application credential a Secret holds. */
  const accessRulesOf = (name: string) => requiredSecrets(tf.stack!).find((secret) => secret.name === name)!.accessRules!;

  it("limit the pseudonymisation service's credential to reading keys and the objectors' list, never writing it", () => {
    expect(accessRulesOf("pseudonymisation-keystone")).toEqual([
      { service: "key-manager", method: "GET", path: "/v1/secrets/*" },
      { service: "key-manager", method: "GET", path: "/v1/secrets/*/payload" },
      { service: "object-store", method: "GET", path: "/v1/*/test-opt-out/objectors.csv" },
      { service: "object-store", method: "HEAD", path: "/v1/*/test-opt-out/objectors.csv" },
    ]);
  });

  it("limit each airlock credential to its own containers: the submission service cannot write where results are released", () => {
    const environment = bodies("kubernetes_deployment_v1").find((body) => body.metadata.name === "airlock-submit")!.spec.template.spec.container[0].env;
    const containerOf = (name: string) => environment.find((variable: any) => variable.name === name).value;
    const [staging, release] = [containerOf("AIRLOCK_STAGING_CONTAINER"), containerOf("AIRLOCK_RELEASE_CONTAINER")];
    // Keystone's matching of a rule's path: `*` is one segment, `**` any number of them (access_rules_config).
    const admits = (name: string, method: string, path: string) =>
      accessRulesOf(name).some((rule) => {
        const pattern = rule.path
          .split("/")
          .map((segment) => (segment === "**" ? ".*" : segment === "*" ? "[^/]+" : segment))
          .join("/");
        return rule.method === method && new RegExp(`^${pattern}$`).test(path);
      });
    const object = (container: string) => `/v1/AUTH_0123/${container}/results/table.csv`;
    expect(admits("airlock-submit-keystone", "PUT", object(staging))).toBe(true);
    expect(admits("airlock-submit-keystone", "PUT", object(release))).toBe(false);
    expect(admits("airlock-submit-keystone", "GET", object(staging))).toBe(false);
    expect(admits("airlock-release-keystone", "GET", object(staging))).toBe(true);
    expect(admits("airlock-release-keystone", "PUT", object(release))).toBe(true);
    expect(admits("airlock-release-keystone", "PUT", object(staging))).toBe(false);
    expect(secretsChecklist("test-platform", requiredSecrets(tf.stack!))).toContain(
      `openstack application credential create airlock-submit-keystone --access-rules '${JSON.stringify(accessRulesOf("airlock-submit-keystone"))}'`,
    );
  });

  it("make the keys a credential reads private to its own user: every credential of the project reads a key without an ACL", () => {
    const sections = secretsChecklist("test-platform", requiredSecrets(tf.stack!)).split(/^## /m);
    // python-barbicanclient's `acl submit`: --project-access turns it on, --no-project-access off (a flag, no value).
    const withAcl = sections.filter((section) => /openstack acl submit --no-project-access --user <[^>]+> <[^>]+>\n/.test(section));
    expect(withAcl.map((section) => section.split("\n")[0])).toEqual(["pseudonymisation/pseudonymisation-keystone"]);
    expect(withAcl[0]!.indexOf("openstack acl submit")).toBeLessThan(withAcl[0]!.indexOf("openstack application credential create"));
  });

  it("come with a checklist of commands that carries no value", () => {
    const checklist = secretsChecklist("test-platform", requiredSecrets(tf.stack!));
    expect(checklist).toContain("kubectl -n openstack-cloud-provider create secret generic cloud-config \\\n  --from-file=cloud.conf=<file from the vault>");
    expect(checklist).not.toContain("--from-literal");
    expect(checklist.match(/--from-file=[^\n]*/g)!.every((option) => option.includes("<"))).toBe(true);
  });

  it("have their values typed with echo off and handed to kubectl on its input, never on a command line the bastion records", () => {
    const kubectl = tool("kubectl", "kubernetes-client");
    const checklist = secretsChecklist("test-platform", requiredSecrets(tf.stack!));
    const blocks = [...checklist.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!);
    const command = blocks.find((block) => block.includes("create secret generic oauth2-proxy-client"))!;
    const script = `${blocks[0]}${command}`;
    expect(shellcheck(script, "secret.sh").output).toBe("");
    // Stand-ins record every command line as auditd's execve rules do, and the terminal's echo as stty sets it; kubectl
    // itself builds the Secret (client dry run).
    const bin = mkdtempSync(join(tmpdir(), "eds-secrets-"));
    const commandLines = join(bin, "command-lines.log");
    writeFileSync(join(bin, "stty"), `#!/bin/sh\necho "stty $*" >> ${commandLines}\n`, { mode: 0o755 });
    writeFileSync(join(bin, "kubectl"), `#!/bin/sh\necho "kubectl $*" >> ${commandLines}\nexec ${kubectl} "$@" --dry-run=client -o json\n`, { mode: 0o755 });
    const values = ["example-client", "Example Secret=with spaces ", "0123456789abcdef0123456789abcdef"];
    const run = spawnSync("sh", ["-e", "-c", script], { input: `${values.join("\n")}\n`, encoding: "utf8", env: { PATH: `${bin}:/usr/bin:/bin`, HOME: bin } });
    expect(run.status, run.stderr).toBe(0);
    const secret = JSON.parse(run.stdout);
    expect(secret.metadata).toMatchObject({ name: "oauth2-proxy-client", namespace: "ingress" });
    expect(Object.fromEntries(Object.entries(secret.data).map(([key, value]) => [key, Buffer.from(value as string, "base64").toString()]))).toEqual({
      "client-id": values[0],
      "client-secret": values[1],
      "cookie-secret": values[2],
    });
    const recorded = readFileSync(commandLines, "utf8");
    for (const value of values) expect(recorded).not.toContain(value.trim());
    expect(recorded.split("\n").filter((line) => line.startsWith("stty"))).toEqual([
      "stty -echo",
      "stty echo",
      "stty -echo",
      "stty echo",
      "stty -echo",
      "stty echo",
    ]);
  });
});

/** The sections of a Fluent Bit classic configuration: kind, properties by lower-case key (the last wins), and the Wildcard lines. */
function fluentBitSections(text: string) {
  const sections: { kind: "service" | "input" | "filter" | "output"; properties: Record<string, string>; wildcards: string[] }[] = [];
  for (const line of text.split("\n")) {
    const header = /^\[([A-Z]+)\]$/.exec(line.trim());
    if (header) sections.push({ kind: header[1]!.toLowerCase() as "input", properties: {}, wildcards: [] });
    else if (line.trim() !== "") {
      const [key = "", ...value] = line.trim().split(/\s+/);
      sections.at(-1)!.properties[key.toLowerCase()] = value.join(" ");
      if (key.toLowerCase() === "wildcard") sections.at(-1)!.wildcards.push(value.join(" "));
    }
  }
  return sections;
}

describe("the log shipper of a region whose log store has its own authority", () => {
  const caCertificate = "-----BEGIN CERTIFICATE-----\nRVhBTVBMRS1PTkxZLU5PVC1BLUNFUlRJRklDQVRF\n-----END CERTIFICATE-----\n";
  const withCa = TerraformJson.of((scope) => new RegionalEdsPlatform(scope, "Eds", { ...props, logStore: { ...props.logStore, caCertificate } }));
  const configMap = withCa.resources("kubernetes_config_map_v1").find(([, body]) => body.metadata.name === "log-shipper")![1];
  const shipper = withCa.resources("kubernetes_daemon_set_v1").find(([, body]) => body.metadata.name === "log-shipper")![1].spec.template.spec;

  it("verifies the store against that authority, from a file of its own configuration", () => {
    const output = fluentBitSections(configMap.data["fluent-bit.conf"]).find((section) => section.kind === "output")!.properties;
    const mount = shipper.container[0].volume_mount.find((m: any) => m.name === "config").mount_path;
    expect(output["tls.verify"]).toBe("On");
    expect(output["tls.ca_file"]).toBe(`${mount}/log-store-ca.pem`);
    expect(configMap.data["log-store-ca.pem"]).toBe(caCertificate);
    expect(
      fluentBitSections(named("kubernetes_config_map_v1", "log-shipper", "logging").data["fluent-bit.conf"]).find((s) => s.kind === "output")!.properties[
        "tls.ca_file"
      ],
    ).toBeUndefined();
  });
});

describe("the log shipper", () => {
  const config = named("kubernetes_config_map_v1", "log-shipper", "logging").data["fluent-bit.conf"];
  const shipper = named("kubernetes_daemon_set_v1", "log-shipper", "logging").spec.template.spec;

  it("starts: no parsers file hidden by its configuration mount, and a message for every syslog record", () => {
    expect(config).not.toMatch(/Parsers_File/);
    expect(config).toMatch(/multiline\.parser cri, docker/);
    expect(config).toMatch(/Syslog_Message_Key {2}log/);
    expect(shipper.container[0].volume_mount.find((m: any) => m.name === "config").mount_path).toBe("/fluent-bit/etc/eds");
  });

  it("starts: every property of its inputs, filters and output is one Fluent Bit accepts (it refuses to start on any other)", () => {
    const sections = fluentBitSections(config).filter((section) => section.kind !== "service");
    expect(sections.map((section) => `${section.kind} ${section.properties.name}`)).toContain("output syslog");
    for (const section of sections) {
      const { generic, plugins }: { generic: Record<string, string[]>; plugins: Record<string, string[]> } = fluentBitProperties;
      const accepted = new Set([...(generic[section.kind] ?? []), ...(plugins[section.properties.name!] ?? [])]);
      expect(
        Object.keys(section.properties).filter((key) => !accepted.has(key)),
        `${section.kind} ${section.properties.name}`,
      ).toEqual([]);
    }
    // The check can fail: the option a first version wrote, which Fluent Bit's syslog output does not know.
    expect(fluentBitProperties.plugins.syslog).not.toContain("syslog_hostname");
  });

  it("sends each record's source, region and retention to the store, not only its text", () => {
    const output = fluentBitSections(config).find((section) => section.properties.name === "syslog")!.properties;
    expect(output).toMatchObject({ syslog_message_key: "log", syslog_appname_key: "source", syslog_sd_key: structuredDataId, syslog_hostname_preset: "test" });
    const nest = fluentBitSections(config).find((section) => section.properties.name === "nest")!;
    expect(nest.properties).toMatchObject({ operation: "nest", nest_under: structuredDataId });
    expect(nest.wildcards).toEqual(["region", "retention_days"]);
    expect(config).toMatch(/Match {2}audit\.\*\n {4}Record source kube-apiserver-audit/);
    expect(config).toMatch(/Record retention_days 365/);
  });

  it("ships an API audit event whole, however long: a CRD written at the RequestResponse level, an airlock release", () => {
    const sizeOf = (size: string) => Number.parseInt(size, 10) * ({ k: 1024, M: 1024 ** 2 } as Record<string, number>)[size.replace(/^\d+/, "")]!;
    const audit = fluentBitSections(config).find((section) => section.properties.tag === "audit.*")!.properties;
    const output = fluentBitSections(config).find((section) => section.properties.name === "syslog")!.properties;
    // Past its buffer, tail stops following the file (32 KiB by default); the syslog output cuts a message to 2,048
    // bytes in RFC 5424 when it is given no size (fluent-bit v4.2.8 in_tail, out_syslog).
    expect(sizeOf(audit.buffer_max_size!)).toBeGreaterThanOrEqual(2 * 1.5 * 1024 ** 2);
    expect(audit.skip_long_lines ?? "Off").toBe("Off");
    expect(sizeOf(output.syslog_maxsize!)).toBeGreaterThanOrEqual(sizeOf(audit.buffer_max_size!));
  });

  it("keeps each input's read positions on the node, so that a replaced shipper resumes where it stopped", () => {
    const inputs = fluentBitSections(config).filter((section) => section.kind === "input");
    expect(inputs.length).toBeGreaterThan(0);
    for (const input of inputs) {
      const database = input.properties.db!;
      const mount = shipper.container[0].volume_mount.find((m: any) => database.startsWith(`${m.mount_path}/`));
      const volume = shipper.volume.find((v: any) => v.name === mount.name);
      // An emptyDir goes with the pod: the next one would start at the files' end (tail's default).
      expect(volume.host_path, input.properties.tag).toMatchObject({ path: "/var/lib/eds-log-shipper" });
      expect(mount.read_only ?? false).toBe(false);
    }
  });

  it("ships workload logs and the API audit log from where the cluster writes it, over verified TLS, from every node", () => {
    expect(config).toMatch(/Path {13}\/var\/lib\/rancher\/rke2\/server\/logs\/\*\.log/);
    expect(config).toMatch(/tls\.verify {10}On/);
    expect(shipper.toleration).toEqual([{ key: "CriticalAddonsOnly", operator: "Exists", effect: "NoExecute" }]);
  });
});

describe("the manifests applied as they are, checked against the Kubernetes API's own schemas (kubernetes-models)", () => {
  const models: Record<string, (manifest: object) => { validate(): void }> = {
    ValidatingAdmissionPolicy: (m) => new ValidatingAdmissionPolicy(m as never),
    ValidatingAdmissionPolicyBinding: (m) => new ValidatingAdmissionPolicyBinding(m as never),
    CustomResourceDefinition: (m) => new CustomResourceDefinition(m as never),
  };

  it.each(bodies("kubernetes_manifest").map((body) => [body.manifest.kind, body.manifest]))("%s is valid", (kind, manifest) => {
    expect(() => models[kind as string]!(manifest).validate()).not.toThrow();
  });

  it("would refuse a broken one, so the checks above can fail", () => {
    const policy = bodies("kubernetes_manifest").find((body) => body.manifest.kind === "ValidatingAdmissionPolicy")!.manifest;
    const broken = { ...policy, spec: { ...policy.spec, validations: [{ expression: 42 }] } };
    expect(() => new ValidatingAdmissionPolicy(broken).validate()).toThrow(/expression must be string/);
  });
});

describe("the custom resources, checked against their CRDs' schemas at the pinned chart versions (test/constructs/crd-schemas)", () => {
  // The chart renders each Velero schedule's spec from these keys of its values (charts/velero/templates/schedule.yaml).
  const schedules = Object.entries(valuesOf("velero").schedules as Record<string, Record<string, unknown>>).map(
    ([name, { schedule, template, paused, useOwnerReferencesInBackup, skipImmediately, ...rest }]) => ({
      apiVersion: "velero.io/v1",
      kind: "Schedule",
      metadata: { name },
      spec: { schedule, template, paused, useOwnerReferencesInBackup, skipImmediately },
      chartKeysNotRead: Object.keys(rest).filter((key) => !["labels", "annotations", "disabled"].includes(key)),
    }),
  );
  // The chart renders a TLSOption per key of tlsOptions, its spec from the key's fields but labels (templates/tlsoption.yaml).
  const tlsOptions = Object.entries(valuesOf("traefik").tlsOptions as Record<string, Record<string, unknown>>).map(([name, { labels, ...spec }]) => ({
    apiVersion: "traefik.io/v1alpha1",
    kind: "TLSOption",
    metadata: { name, ...(labels ? { labels } : {}) },
    spec,
  }));
  const objects = [...manifests, ...(valuesOf("traefik").extraObjects as Record<string, any>[]), ...schedules, ...tlsOptions];
  const custom = objects.filter((object) => customResourceProblems(object as never) !== undefined);

  it("covers every kind of custom resource the platform writes", () => {
    const written = new Set(objects.map((object) => `${object.apiVersion} ${object.kind}`).filter((kind) => !/^(v1|[a-z.]+\.k8s\.io\/v1) /.test(kind)));
    expect([...written].sort()).toEqual(customResourceKinds());
  });

  it.each(custom.map((object) => [`${object.kind} ${object.metadata.name}`, object]))("%s has no field its operator would not see", (_, object) => {
    const { chartKeysNotRead, ...resource } = object as { chartKeysNotRead?: string[] };
    expect(customResourceProblems(resource as never)).toEqual([]);
    expect(chartKeysNotRead ?? []).toEqual([]);
  });

  it("would report a field the API server prunes, so the checks above can fail", () => {
    const cluster = manifests.find((m) => m.kind === "Cluster")!;
    const misspelled = { ...cluster, spec: { ...cluster.spec, backup: { ...cluster.spec.backup, retentionPolicies: "30d" } } };
    expect(customResourceProblems(misspelled as never)).toEqual(["/spec/backup: field retentionPolicies is not in the schema (the API server prunes it)"]);
  });
});

describe("the Helm values, checked against the values schema of the charts that ship one (test/constructs/chart-schemas)", () => {
  const checked = releases.filter((release) => chartValuesProblems(release.chart, {}) !== undefined);

  it("covers every chart with a schema", () => {
    expect([...new Set(checked.map((release) => release.chart))].sort()).toEqual(chartsWithSchema());
  });

  it.each(checked.map((release) => [release.chart, release]))("%s takes its values", (chart, release) => {
    expect(chartValuesProblems(chart as string, parse((release as { values: string[] }).values[0]!))).toEqual([]);
  });

  it.each(releases.map((release) => [release.chart, release]))("%s: every value it sets is one its templates read", (chart, release) => {
    expect(valuesNotRead(chart as string, parse((release as { values: string[] }).values[0]!))).toEqual([]);
  });

  it("covers every chart the platform installs, and would report a value no template reads", () => {
    expect([...new Set(releases.map((release) => release.chart))].sort()).toEqual(chartsWithValuesRead());
    expect(valuesNotRead("oauth2-proxy", { config: { existingSecret: "x" }, extraArgs: { provider: "oidc" }, ingres: { enabled: true } })).toEqual([
      "ingres.enabled",
    ]);
  });

  it("would refuse a key the chart does not know, so the checks above can fail", () => {
    expect(chartValuesProblems("cert-manager", { ...valuesOf("cert-manager"), installCRD: true })).toEqual(["/: key installCRD is not one the chart accepts"]);
    expect(chartValuesProblems("traefik", { ...valuesOf("traefik"), image: { ...valuesOf("traefik").image, digests: "x" } })).toEqual([
      "/image: key digests is not one the chart accepts",
    ]);
  });
});

/** The platform on a Magnum cluster: no cloud-provider components, and a Corefile to give kubeadm's CoreDNS. */
const magnumProps = {
  ...props,
  cluster: { ...props.cluster, engine: "magnum-cluster-api", volumeType: "encrypted-ssd", dnsCorefile: ".:53 {\n    errors\n}\n" },
} as const;

describe("the cluster DNS", () => {
  it("is given its Corefile on Magnum, taking the key from kubeadm, and left to the cluster on RKE2", () => {
    const magnum = TerraformJson.of((scope) => new RegionalEdsPlatform(scope, "Eds", magnumProps));
    expect(magnum.only("kubernetes_config_map_v1_data")).toMatchObject({
      metadata: { name: "coredns", namespace: "kube-system" },
      data: { Corefile: magnumProps.cluster.dnsCorefile },
      force: true,
    });
    expect(tf.resources("kubernetes_config_map_v1_data")).toEqual([]);
  });
});

describe("every typed resource, converted as the provider sends it, checked against the Kubernetes API's schemas (kubernetes-models)", () => {
  // Both engines: the RKE2 platform of this file, and one on Magnum (no cloud-provider components).
  const magnum = TerraformJson.of((scope) => new RegionalEdsPlatform(scope, "Eds", magnumProps));
  const objects = [...kubernetesObjects(tf), ...kubernetesObjects(magnum)];
  const known = kubernetesFieldNames();
  const modelOf: Record<string, new (object: never) => { validate(): void }> = {
    Namespace,
    ConfigMap,
    Service,
    ServiceAccount,
    ResourceQuota,
    LimitRange,
    PersistentVolumeClaim,
    Deployment,
    DaemonSet,
    Job,
    CronJob,
    NetworkPolicy,
    Ingress,
    ClusterRole,
    ClusterRoleBinding,
    Role,
    RoleBinding,
    PodDisruptionBudget,
    StorageClass,
  };

  it("covers every kubernetes_* type the platform writes", () => {
    const written = new Set(Object.keys(tf.document.resource).filter((type) => type.startsWith("kubernetes_") && type !== "kubernetes_manifest"));
    expect([...written].filter((type) => !(type in kinds))).toEqual([]);
    expect(objects.length).toBeGreaterThan(100);
  });

  it("gives valid objects, with no field the API does not know", () => {
    const problems = objects.flatMap(({ address, object }) => {
      const unknown = unknownFields(object, known).map((field) => `${address}: unknown field ${field}`);
      try {
        new modelOf[object.kind]!(object as never).validate();
        return unknown;
      } catch (error) {
        return [...unknown, `${address}: ${(error as Error).message.split("\n")[0]}`];
      }
    });
    expect(problems).toEqual([]);
  });

  it("would refuse a resource the API refuses, so the check can fail", () => {
    const deployment = objects.find(({ object }) => object.kind === "Deployment")!.object;
    expect(() => new Deployment({ ...deployment, spec: { ...deployment.spec, replicas: "two" } } as never).validate()).toThrow(/replicas must be integer/);
    // A list block left singular misses the API's required plural; a misspelt field is no field of any schema.
    const { containers, ...withoutPlural } = deployment.spec.template.spec;
    const singular = {
      ...deployment,
      spec: { ...deployment.spec, template: { ...deployment.spec.template, spec: { ...withoutPlural, container: containers } } },
    };
    expect(() => new Deployment(singular as never).validate()).toThrow(/spec must have required property containers/);
    expect(unknownFields({ spec: { template: { spec: { containres: [] } } } }, known)).toEqual([".spec.template.spec.containres"]);
  });
});
