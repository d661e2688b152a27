// Configurations of one shape, many times over, for the scaling benchmark: each repeats a unit that makes policies
// look up other objects of the configuration (a namespace, a source, a cluster), where a lookup that scans the whole
// configuration makes the check quadratic.

type Resources = Record<string, Record<string, unknown>>;

const digest = `sha256:${"a".repeat(64)}`;
const backend = { backend: { s3: { bucket: "b", key: "k", use_lockfile: true } } };
const restricted = { "pod-security.kubernetes.io/enforce": "restricted" };
const manifest = (body: Record<string, unknown>) => ({ manifest: body });

/** A shape: what it repeats, and its i-th unit, as Terraform JSON (resources by type, then by name) or as YAML documents. */
type Shape = { what: string } & ({ unit: (i: number) => Resources } | { yaml: (i: number) => string });

/** One unit of each shape, the i-th. */
export const shapes: Record<string, Shape> = {
  "network-policies": {
    what: "NetworkPolicies in one namespace, four a unit",
    unit: (i) => ({
      kubernetes_namespace_v1: { apps: { metadata: [{ name: "apps", labels: restricted }] } },
      kubernetes_network_policy_v1: Object.fromEntries(
        [0, 1, 2, 3].map((j) => [
          `np${i}_${j}`,
          {
            metadata: [{ name: `np-${i}-${j}`, namespace: "apps" }],
            spec: [
              {
                pod_selector: [{ match_labels: { app: `a${i}-${j}` } }],
                policy_types: ["Ingress"],
                ingress: [{ from: [{ ip_block: [{ cidr: "10.0.0.0/8" }] }] }],
              },
            ],
          },
        ]),
      ),
    }),
  },
  "helm-namespaces": {
    what: "Helm releases, each with its namespace and a ConfigMap there",
    unit: (i) => ({
      kubernetes_namespace_v1: { [`ns${i}`]: { metadata: [{ name: `ns-${i}`, labels: restricted }] } },
      helm_release: {
        [`r${i}`]: {
          name: `r${i}`,
          chart: "nginx",
          repository: "oci://registry.example.fr/charts",
          version: "1.0.0",
          namespace: `ns-${i}`,
          create_namespace: true,
        },
      },
      kubernetes_config_map_v1: { [`cm${i}`]: { metadata: [{ name: `cm-${i}`, namespace: `ns-${i}` }], data: { a: "b" } } },
    }),
  },
  "bound-volumes": {
    what: "claims binding persistent volumes by name",
    unit: (i) => ({
      kubernetes_persistent_volume_v1: {
        [`pv${i}`]: {
          metadata: [{ name: `pv-${i}` }],
          spec: [
            {
              capacity: { storage: "1Gi" },
              access_modes: ["ReadWriteOnce"],
              storage_class_name: "",
              persistent_volume_source: [{ csi: [{ driver: "cinder.csi.openstack.org", volume_handle: `h${i}` }] }],
            },
          ],
        },
      },
      kubernetes_persistent_volume_claim_v1: {
        [`pvc${i}`]: {
          metadata: [{ name: `pvc-${i}`, namespace: "apps" }],
          spec: [{ storage_class_name: "", volume_name: `pv-${i}`, access_modes: ["ReadWriteOnce"], resources: [{ requests: { storage: "1Gi" } }] }],
        },
      },
    }),
  },
  "flux-releases": {
    what: "Flux HelmReleases, each with its HelmRepository and a ConfigMap",
    unit: (i) => ({
      kubernetes_manifest: {
        [`repo${i}`]: manifest({
          apiVersion: "source.toolkit.fluxcd.io/v1",
          kind: "HelmRepository",
          metadata: { name: `repo${i}`, namespace: "apps" },
          spec: { url: "oci://registry.example.fr/charts", type: "oci" },
        }),
        [`release${i}`]: manifest({
          apiVersion: "helm.toolkit.fluxcd.io/v2",
          kind: "HelmRelease",
          metadata: { name: `release${i}`, namespace: "apps" },
          spec: { chart: { spec: { chart: "nginx", version: "1.0.0", sourceRef: { kind: "HelmRepository", name: `repo${i}` } } } },
        }),
        [`cm${i}`]: manifest({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm${i}`, namespace: "apps" }, data: { a: "b" } }),
      },
    }),
  },
  "database-clusters": {
    what: "CloudNativePG Clusters, each with its Pooler",
    unit: (i) => ({
      kubernetes_manifest: {
        [`cluster${i}`]: manifest({
          apiVersion: "postgresql.cnpg.io/v1",
          kind: "Cluster",
          metadata: { name: `db${i}`, namespace: "apps" },
          spec: {
            instances: 3,
            imageName: `registry.example.fr/postgresql:16.4@${digest}`,
            storage: { size: "1Gi", storageClass: "block-encrypted-ssd" },
            backup: { barmanObjectStore: { destinationPath: "s3://backups/", endpointURL: "https://s3.example.fr" } },
          },
        }),
        [`pooler${i}`]: manifest({
          apiVersion: "postgresql.cnpg.io/v1",
          kind: "Pooler",
          metadata: { name: `pool${i}`, namespace: "apps" },
          spec: { cluster: { name: `db${i}` }, instances: 1, type: "rw", pgbouncer: { poolMode: "session" } },
        }),
      },
    }),
  },
  "manifest-documents": {
    what: "YAML documents in one file: a Deployment, its ConfigMap and its Service",
    yaml: (i) =>
      [
        `apiVersion: apps/v1
kind: Deployment
metadata: {name: app${i}, namespace: apps}
spec:
  selector: {matchLabels: {app: app${i}}}
  template:
    metadata: {labels: {app: app${i}}}
    spec:
      automountServiceAccountToken: false
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: app
          image: registry.example.fr/app:1.0@${digest}
          envFrom: [{configMapRef: {name: settings${i}}}]
          securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
          resources: {limits: {cpu: "1", memory: 1Gi}}
`,
        `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings${i}, namespace: apps}\ndata: {mode: read-only}\n`,
        `apiVersion: v1\nkind: Service\nmetadata: {name: app${i}, namespace: apps}\nspec: {selector: {app: app${i}}, ports: [{port: 80}]}\n`,
      ].join("---\n"),
  },
  "servers-by-group-name": {
    what: "servers naming one security group, each with a port and a floating IP",
    unit: (i) => ({
      openstack_networking_secgroup_v2: { web: { name: "web", description: "Web tier" } },
      openstack_networking_port_v2: { [`port${i}`]: { network_id: "net", security_group_ids: ["${openstack_networking_secgroup_v2.web.id}"] } },
      openstack_compute_instance_v2: {
        [`vm${i}`]: { name: `vm${i}`, flavor_name: "s1.small", security_groups: ["web"], network: [{ port: `\${openstack_networking_port_v2.port${i}.id}` }] },
      },
      openstack_networking_floatingip_v2: { [`fip${i}`]: { pool: "ext-net", port_id: `\${openstack_networking_port_v2.port${i}.id}` } },
    }),
  },
  "rancher-nodes": {
    what: "RKE2 and K3s servers whose cloud-config writes their configuration, an audit policy and a manifest, and echoes a key",
    unit: (i) => ({
      openstack_compute_instance_v2: Object.fromEntries(
        (["rke2", "k3s"] as const).map((distribution) => [
          `${distribution}${i}`,
          {
            name: `${distribution}-${i}`,
            flavor_name: "s1.large",
            user_data: [
              "#cloud-config",
              "write_files:",
              `  - path: /etc/rancher/${distribution}/config.yaml`,
              "    content: |",
              "      profile: cis",
              "      secrets-encryption: true",
              `      kube-apiserver-arg: [audit-policy-file=/etc/rancher/${distribution}/audit-policy.yaml, audit-log-path=/var/log/audit.log]`,
              `  - path: /etc/rancher/${distribution}/audit-policy.yaml`,
              "    content: |",
              "      apiVersion: audit.k8s.io/v1",
              "      kind: Policy",
              "      rules: [{level: Metadata}]",
              `  - path: /var/lib/rancher/${distribution}/server/manifests/ns${i}.yaml`,
              "    content: |",
              `      {apiVersion: v1, kind: Namespace, metadata: {name: ns${i}, labels: {pod-security.kubernetes.io/enforce: restricted}}}`,
              "runcmd:",
              `  - "echo 'node-label: [unit=${i}]' >> /etc/rancher/${distribution}/config.yaml"`,
              `  - curl -sfL https://get.${distribution}.io | sh -`,
            ].join("\n"),
          },
        ]),
      ),
    }),
  },
};

/** The file of `count` units of a shape: a Terraform JSON configuration, or a stream of YAML documents. */
export function fileOf(name: string, count: number): { name: string; text: string } {
  const shape = shapes[name]!;
  if ("yaml" in shape) return { name: `${name}-${count}.yaml`, text: Array.from({ length: count }, (_, i) => shape.yaml(i)).join("---\n") };
  const resource: Resources = {};
  for (let i = 0; i < count; i++) for (const [type, byName] of Object.entries(shape.unit(i))) resource[type] = Object.assign(resource[type] ?? {}, byName);
  return { name: `${name}-${count}.tf.json`, text: JSON.stringify({ terraform: backend, resource }) };
}
