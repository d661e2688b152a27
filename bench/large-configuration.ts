// The large configuration the check benchmarks read: public-code shapes (OpenStack and Kubernetes, with references).

/** Ten resources per group: network, security group and two rules, port, instance, floating IP, volume, namespace, deployment. */
export function generate(resources: number): Record<string, unknown> {
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

/** A Terraform JSON value as HCL native syntax: blocks (lists of objects) as nested blocks, the rest as attributes. */
function hclBody(body: Record<string, unknown>, indent: string): string {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    const isBlockList = Array.isArray(value) && value.length > 0 && value.every((item) => item !== null && typeof item === "object" && !Array.isArray(item));
    if (isBlockList) for (const item of value as Record<string, unknown>[]) lines.push(`${indent}${key} {`, hclBody(item, `${indent}  `), `${indent}}`);
    else lines.push(`${indent}${key} = ${JSON.stringify(value)}`);
  }
  return lines.join("\n");
}

/** The resources of a generated configuration as HCL, split into `files` files of about the same size. */
export function asHclFiles(configuration: Record<string, unknown>, files: number): string[] {
  const blocks: string[] = [];
  for (const [type, byName] of Object.entries(configuration.resource as Record<string, Record<string, Record<string, unknown>>>))
    for (const [name, body] of Object.entries(byName)) blocks.push(`resource "${type}" "${name}" {\n${hclBody(body, "  ")}\n}\n`);
  const size = Math.ceil(blocks.length / files);
  return Array.from({ length: files }, (_, i) => blocks.slice(i * size, (i + 1) * size).join("\n"));
}
