import { describe, expect, it } from "vitest";
import { Airlock } from "../../constructs/platform/airlock";
import { SecureNamespace } from "../../constructs/platform/secure-namespace";
import { RegionalEdsPlatform, type RegionalEdsPlatformProps } from "../../constructs/regional-eds/regional-eds-platform";
import { TerraformJson } from "../helpers/terraform";

const digest = (c: string) => `sha256:${c.repeat(64)}`;
const props: RegionalEdsPlatformProps = {
  regionId: "test",
  volumeType: "encrypted-ssd",
  domain: "eds.test.example.fr",
  identity: { adminGroup: "eds-operators", groupsPrefix: "oidc:" },
  serviceCidrs: { keyManager: "192.0.2.80/32", objectStorage: "192.0.2.81/32" },
  dmzCidr: "10.40.1.0/24",
  mirrorCidrs: ["10.50.0.0/24"],
  masterKeyRef: "https://key-manager.example.fr/v1/secrets/00000000-0000-0000-0000-000000000000",
  pseudonymisation: {
    image: `registry.example.fr/eds/pseudonymisation@${digest("a")}`,
    replicas: 2,
    optOutList: { container: "opt-out", object: "objectors.csv" },
  },
  airlock: { image: `registry.example.fr/eds/airlock@${digest("b")}`, requiredApprovals: 2, reviewersGroup: "reviewers" },
  logStore: { host: "logs.example.fr", port: 6514, cidr: "192.0.2.90/32", shipperImage: `registry.example.fr/eds/fluent-bit@${digest("c")}` },
  logRetentionDays: 365,
  projects: [
    {
      id: "cardio",
      expiry: "2028-03-31",
      membersGroup: "project-cardio",
      tools: [
        { kind: "jupyterlab", image: `registry.example.fr/eds/jupyterlab@${digest("d")}` },
        { kind: "rstudio", image: `registry.example.fr/eds/rstudio@${digest("e")}` },
      ],
      resources: { cpu: "8", memory: "32Gi", storageGiB: 100 },
    },
  ],
};

const tf = TerraformJson.of((scope) => new RegionalEdsPlatform(scope, "Eds", props));
const byName = (type: string, name: string, namespace?: string) =>
  tf
    .resources(type)
    .map(([, body]) => body)
    .find(
      (body) =>
        body.metadata.name === name &&
        (namespace === undefined || body.metadata.namespace === namespace || tf.deref(body.metadata.namespace).body.metadata.name === namespace),
    )!;
const namespaceOf = (body: Record<string, any>): string => tf.deref(body.metadata.namespace).body.metadata.name;
const policiesIn = (namespace: string) =>
  tf
    .resources("kubernetes_network_policy_v1")
    .map(([, body]) => body)
    .filter((body) => namespaceOf(body) === namespace);

describe("every namespace", () => {
  const namespaces = tf.resources("kubernetes_namespace_v1").map(([, body]) => body.metadata);

  it("enforces the restricted Pod Security profile, except the logging namespace, which still audits and warns", () => {
    expect(namespaces.map((m) => m.name).sort()).toEqual(["airlock", "ingestion", "ingress", "logging", "project-cardio", "pseudonymisation"]);
    for (const metadata of namespaces) {
      expect(metadata.labels["pod-security.kubernetes.io/enforce"]).toBe(metadata.name === "logging" ? "privileged" : "restricted");
      expect(metadata.labels["pod-security.kubernetes.io/audit"]).toBe("restricted");
      expect(metadata.labels["pod-security.kubernetes.io/warn"]).toBe("restricted");
    }
  });

  it("denies all traffic by default, allows cluster DNS, and has a quota and a limit range", () => {
    for (const { name } of namespaces) {
      const policies = policiesIn(name);
      const deny = policies.find((p) => p.metadata.name === "default-deny")!;
      expect(deny.spec).toEqual({ pod_selector: {}, policy_types: ["Ingress", "Egress"] });
      const dns = policies.find((p) => p.metadata.name === "allow-dns")!;
      expect(dns.spec.egress[0].ports.map((p: { port: string; protocol: string }) => `${p.port}/${p.protocol}`)).toEqual(["53/UDP", "53/TCP"]);
      expect(dns.spec.egress[0].to[0].namespace_selector.match_labels).toEqual({ "kubernetes.io/metadata.name": "kube-system" });
      const quota = tf
        .resources("kubernetes_resource_quota_v1")
        .map(([, b]) => b)
        .find((b) => namespaceOf(b) === name)!;
      expect(quota.spec.hard).toMatchObject({ "services.loadbalancers": "0", "services.nodeports": "0" });
      expect(tf.resources("kubernetes_limit_range_v1").some(([, b]) => namespaceOf(b) === name)).toBe(true);
      expect(tf.resources("kubernetes_default_service_account_v1").find(([, b]) => namespaceOf(b) === name)![1].automount_service_account_token).toBe(false);
    }
  });
});

describe("the encrypted storage class", () => {
  it("is the default class and binds Cinder volumes of the encrypted type", () => {
    const storageClass = tf.only("kubernetes_storage_class_v1");
    expect(storageClass).toMatchObject({ storage_provisioner: "cinder.csi.openstack.org", parameters: { type: "encrypted-ssd" }, reclaim_policy: "Retain" });
    expect(storageClass.metadata.annotations["storageclass.kubernetes.io/is-default-class"]).toBe("true");
  });
});

describe("access control", () => {
  it("binds only identity-provider groups, never cluster-admin", () => {
    const bindings = [...tf.resources("kubernetes_cluster_role_binding_v1"), ...tf.resources("kubernetes_role_binding_v1")].map(([, b]) => b);
    expect(bindings.length).toBeGreaterThanOrEqual(2);
    for (const binding of bindings) {
      expect(binding.role_ref.name).not.toBe("cluster-admin");
      for (const subject of binding.subject) expect(subject).toMatchObject({ kind: "Group", name: expect.stringMatching(/^oidc:/) });
    }
    const members = tf.only("kubernetes_role_binding_v1");
    expect(members.subject[0].name).toBe("oidc:project-cardio");
  });
});

describe("the pseudonymisation service", () => {
  const deployment = byName("kubernetes_deployment_v1", "pseudonymisation");
  const spec = deployment.spec.template.spec;

  it("runs two replicas on different nodes, with a disruption budget and probes", () => {
    expect(deployment.spec.replicas).toBe("2");
    expect(spec.affinity.pod_anti_affinity.required_during_scheduling_ignored_during_execution[0].topology_key).toBe("kubernetes.io/hostname");
    expect(byName("kubernetes_pod_disruption_budget_v1", "pseudonymisation").spec.min_available).toBe("1");
    expect(spec.container[0].readiness_probe.http_get.path).toBe("/healthz");
    expect(spec.container[0].liveness_probe).toBeDefined();
  });

  it("runs under the restricted profile, read-only, with limits, from the pinned image", () => {
    const [container] = spec.container;
    expect(container.image).toBe(props.pseudonymisation.image);
    expect(container.security_context).toEqual({
      privileged: false,
      allow_privilege_escalation: false,
      read_only_root_filesystem: true,
      run_as_non_root: true,
      capabilities: { drop: ["ALL"] },
      seccomp_profile: { type: "RuntimeDefault" },
    });
    expect(spec.security_context).toMatchObject({ run_as_non_root: true, run_as_user: "10001", seccomp_profile: { type: "RuntimeDefault" } });
    expect(spec.automount_service_account_token).toBe(false);
    expect(container.resources.limits).toEqual({ cpu: "1", memory: "512Mi" });
    expect(container.resources.requests).toEqual({ cpu: "250m", memory: "256Mi" });
  });

  it("holds a reference to the master key, never the key, and one pseudonym space per project", () => {
    const config = byName("kubernetes_config_map_v1", "pseudonymisation");
    expect(config.data["master-key-ref"]).toBe(props.masterKeyRef);
    expect(JSON.parse(config.data["projects.json"])).toEqual([{ id: "cardio", context: "eds:test:cardio:v1", expiry: "2028-03-31" }]);
    expect(config.data["opt-out-list"]).toBe("swift://test-opt-out/objectors.csv");
    expect(spec.container[0].env_from[0].secret_ref.name).toBe("pseudonymisation-keystone");
  });

  it("is reachable only from the ingestion namespace, and reaches only the key manager and object storage besides DNS", () => {
    const policies = policiesIn("pseudonymisation").filter((p) => !["default-deny", "allow-dns"].includes(p.metadata.name));
    const ingress = policies.filter((p) => p.spec.policy_types[0] === "Ingress");
    expect(ingress).toHaveLength(1);
    expect(ingress[0]!.spec.ingress[0].from[0].namespace_selector.match_labels).toEqual({ "kubernetes.io/metadata.name": "ingestion" });
    expect(ingress[0]!.spec.pod_selector.match_labels).toEqual({ "app.kubernetes.io/name": "pseudonymisation" });
    const egress = policies
      .filter((p) => p.spec.policy_types[0] === "Egress")
      .flatMap((p) => p.spec.egress[0].to.map((t: { ip_block: { cidr: string } }) => t.ip_block.cidr));
    expect(egress.sort()).toEqual(["192.0.2.80/32", "192.0.2.81/32"]);
  });
});

describe("an analysis workspace", () => {
  const namespace = "project-cardio";

  it("gets its own namespace with the project's quota and expiry", () => {
    const metadata = tf
      .resources("kubernetes_namespace_v1")
      .map(([, b]) => b.metadata)
      .find((m) => m.name === namespace)!;
    expect(metadata.labels).toMatchObject({ "eds-regional/kind": "workspace", "eds-regional/project": "cardio", "eds-regional/expiry": "2028-03-31" });
    const quota = tf
      .resources("kubernetes_resource_quota_v1")
      .map(([, b]) => b)
      .find((b) => namespaceOf(b) === namespace)!;
    expect(quota.spec.hard).toMatchObject({ "limits.cpu": "8", "limits.memory": "32Gi", "requests.storage": "200Gi" });
  });

  it("mounts its home on the encrypted class and the extract read-only", () => {
    for (const name of ["home", "extract"]) expect(byName("kubernetes_persistent_volume_claim_v1", name, namespace).spec.storage_class_name).toBe("encrypted");
    const jupyter = byName("kubernetes_deployment_v1", "jupyterlab", namespace).spec.template.spec;
    expect(jupyter.container[0].volume_mount).toContainEqual({ name: "extract", mount_path: "/data/extract", read_only: true });
    const volume = jupyter.volume.find((v: { name: string }) => v.name === "extract");
    expect(volume.persistent_volume_claim.read_only).toBe(true);
    expect(tf.deref(volume.persistent_volume_claim.claim_name).body.metadata.name).toBe("extract");
  });

  it("publishes each tool as a ClusterIP service behind the ingress with OIDC", () => {
    const services = tf
      .resources("kubernetes_service_v1")
      .map(([, b]) => b)
      .filter((b) => namespaceOf(b) === namespace);
    expect(services.map((s) => s.spec.type)).toEqual(["ClusterIP", "ClusterIP"]);
    const ingress = byName("kubernetes_ingress_v1", "jupyterlab", namespace);
    expect(ingress.metadata.annotations["nginx.ingress.kubernetes.io/auth-url"]).toBe("https://auth.eds.test.example.fr/oauth2/auth");
    expect(ingress.spec.rule[0].host).toBe("jupyterlab.cardio.eds.test.example.fr");
  });

  it("has no Internet egress: only DNS, the airlock and the in-region mirror", () => {
    const egress = policiesIn(namespace).filter((p) => p.spec.policy_types.includes("Egress") && p.metadata.name !== "default-deny");
    const destinations = egress.flatMap((p) =>
      p.spec.egress.flatMap((rule: { to: Record<string, any>[] }) =>
        rule.to.map((to) => to.ip_block?.cidr ?? to.namespace_selector?.match_labels["kubernetes.io/metadata.name"]),
      ),
    );
    expect(destinations.sort()).toEqual(["10.50.0.0/24", "airlock", "kube-system"]);
  });
});

describe("the airlock", () => {
  it("needs the approval of at least two distinct reviewers, and the submitter cannot approve", () => {
    const config = byName("kubernetes_config_map_v1", "airlock");
    expect(config.data).toMatchObject({
      "required-approvals": "2",
      "distinct-reviewers": "true",
      "submitter-may-approve": "false",
      "reviewers-group": "oidc:reviewers",
    });
  });

  it("accepts submissions only from workspace namespaces and reviewers only through the ingress", () => {
    const ingress = policiesIn("airlock").filter((p) => p.spec.ingress);
    const sources = ingress.map((p) => p.spec.ingress[0].from[0].namespace_selector.match_labels);
    expect(sources).toContainEqual({ "eds-regional/kind": "workspace" });
    expect(sources).toContainEqual({ "kubernetes.io/metadata.name": "ingress" });
    expect(sources).toHaveLength(2);
  });

  it("fails when a single reviewer would be enough", () => {
    expect(() =>
      TerraformJson.of((scope) => {
        const namespace = new SecureNamespace(scope, "Ns", { name: "airlock", quota: { cpu: "1", memory: "1Gi", storage: "1Gi" } });
        new Airlock(scope, "Airlock", {
          ...props.airlock,
          requiredApprovals: 1,
          reviewersGroup: "r",
          namespace,
          regionId: "t",
          stagingContainer: "a",
          releaseContainer: "b",
          workspaceNamespaceLabels: {},
          ingressNamespace: "ingress",
          objectStorageCidr: "192.0.2.1/32",
        });
      }),
    ).toThrow(/requiredApprovals must be at least 2, got 1/);
  });
});

describe("the log shipper", () => {
  const daemonSet = tf.only("kubernetes_daemon_set_v1");
  it("reads the nodes' logs read-only and ships them over TLS to the log store only", () => {
    const spec = daemonSet.spec.template.spec;
    expect(spec.volume).toContainEqual({ name: "node-logs", host_path: { path: "/var/log", type: "Directory" } });
    expect(spec.container[0].volume_mount).toContainEqual({ name: "node-logs", mount_path: "/var/log", read_only: true });
    expect(spec.container[0].security_context).toMatchObject({
      allow_privilege_escalation: false,
      read_only_root_filesystem: true,
      capabilities: { drop: ["ALL"] },
    });
    const config = byName("kubernetes_config_map_v1", "log-shipper").data["fluent-bit.conf"];
    expect(config).toMatch(/Host\s+logs\.example\.fr/);
    expect(config).toMatch(/tls\.verify\s+On/);
    expect(config).toMatch(/retention_days 365/);
    expect(config).toContain("/var/log/kubernetes/audit/*.log");
    const egress = policiesIn("logging").filter((p) => p.metadata.name === "allow-log-store")[0];
    expect(egress!.spec.egress[0]).toEqual({ to: [{ ip_block: { cidr: "192.0.2.90/32" } }], ports: [{ port: "6514", protocol: "TCP" }] });
  });
});
