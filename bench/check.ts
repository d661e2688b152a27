// Cost of `eds check` on a large configuration: 50,000 resources (OpenStack and Kubernetes, with references), in every
// report format, beside reading and parsing the same file with plain node; whole processes, as CI pays them.
// Usage: npm run bench:check [-- resources runs]   (needs the build: npm ci or npm run build)
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { formats } from "../policies/reporters/index";
import { formatMs, pair } from "./stats";

const total = Number(process.argv[2] ?? 50_000);
const runs = Number(process.argv[3] ?? 3);

/** Ten resources per group: network, security group and two rules, port, instance, floating IP, volume, namespace, deployment. */
function generate(resources: number): Record<string, unknown> {
  const resource: Record<string, Record<string, unknown>> = {};
  const add = (type: string, name: string, body: unknown) => {
    resource[type] ??= {};
    resource[type][name] = body;
  };
  for (let i = 0; i < resources / 10; i++) {
    add("openstack_networking_network_v2", `net${i}`, { name: `net-${i}` });
    add("openstack_networking_secgroup_v2", `sg${i}`, { name: `sg-${i}`, description: "Application tier", delete_default_rules: i % 7 !== 0 });
    add("openstack_networking_secgroup_rule_v2", `in${i}`, {
      security_group_id: `\${openstack_networking_secgroup_v2.sg${i}.id}`,
      direction: "ingress",
      ethertype: "IPv4",
      protocol: "tcp",
      port_range_min: 443,
      port_range_max: 443,
      remote_ip_prefix: i % 11 === 0 ? "0.0.0.0/0" : "192.0.2.0/24",
      description: "Users reach the portal",
    });
    add("openstack_networking_secgroup_rule_v2", `out${i}`, {
      security_group_id: `\${openstack_networking_secgroup_v2.sg${i}.id}`,
      direction: "egress",
      ethertype: "IPv4",
      protocol: "tcp",
      port_range_min: 5432,
      port_range_max: 5432,
      remote_ip_prefix: "10.40.2.0/24",
      description: "Database",
    });
    add("openstack_networking_port_v2", `port${i}`, {
      name: `port-${i}`,
      network_id: `\${openstack_networking_network_v2.net${i}.id}`,
      security_group_ids: [`\${openstack_networking_secgroup_v2.sg${i}.id}`],
    });
    add("openstack_compute_instance_v2", `vm${i}`, {
      name: `vm-${i}`,
      flavor_name: "s1.small",
      metadata: { role: i % 100 === 0 ? "bastion" : "application" },
      block_device: [
        {
          source_type: "image",
          uuid: "00000000-0000-0000-0000-000000000001",
          destination_type: "volume",
          boot_index: 0,
          volume_size: 20,
          volume_type: "encrypted-ssd",
        },
      ],
      network: [{ port: `\${openstack_networking_port_v2.port${i}.id}` }],
    });
    add("openstack_networking_floatingip_v2", `fip${i}`, { pool: "ext-net", port_id: `\${openstack_networking_port_v2.port${i}.id}` });
    add("openstack_blockstorage_volume_v3", `vol${i}`, {
      name: `vol-${i}`,
      size: 10,
      volume_type: i % 13 === 0 ? "standard" : "encrypted-ssd",
      metadata: { backup_policy: "daily" },
    });
    add("kubernetes_namespace_v1", `ns${i}`, { metadata: [{ name: `project-${i}`, labels: { "pod-security.kubernetes.io/enforce": "restricted" } }] });
    add("kubernetes_deployment_v1", `app${i}`, {
      metadata: [{ name: "app", namespace: `\${kubernetes_namespace_v1.ns${i}.metadata[0].name}` }],
      spec: [
        {
          template: [
            {
              spec: [
                {
                  automount_service_account_token: false,
                  security_context: [{ run_as_non_root: true, seccomp_profile: [{ type: "RuntimeDefault" }] }],
                  container: [
                    {
                      name: "app",
                      image: `registry.example.fr/app@sha256:${"a".repeat(64)}`,
                      security_context: [{ allow_privilege_escalation: false, read_only_root_filesystem: true, capabilities: [{ drop: ["ALL"] }] }],
                      resources: [{ limits: { cpu: "1", memory: "1Gi" } }],
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
  }
  return { terraform: { backend: { s3: { bucket: "b", key: "k", use_lockfile: true } } }, resource };
}

const file = join(mkdtempSync(join(tmpdir(), "eds-bench-check-")), "large.tf.json");
writeFileSync(file, JSON.stringify(generate(total)));
const settings = join(dirname(file), "settings.yaml");
writeFileSync(settings, "allowedRegistries: [registry.example.fr]\nencryptedVolumeTypes: [encrypted-ssd]\n");

console.log(`check benchmark: ${total} resources, whole processes, ${runs} runs each in turn, medians`);
for (const format of formats) {
  const check = [process.execPath, "bin/eds", "check", file, "--settings", settings, "--format", format, "--output", join(dirname(file), `report.${format}`)];
  const { a, b, ratio } = pair(check, [process.execPath, "bench/json-parse.mjs", file], runs, [0, 1]);
  console.log(`  eds check --format ${format.padEnd(8)}: ${formatMs(a)}  vs JSON.parse of the file ${formatMs(b)}  ratio ${ratio.toFixed(1)}x  (target ≤ 3x)`);
}
