/**
 * The flow analysis on what Neutron and Kubernetes do beyond the rules of a group: port forwarding, allowed address
 * pairs, subnets not declared here, groups a port-groups association adds, stateless groups, and a selector a plan lists
 * as an empty list. Each case gave the wrong answer before the flows followed it.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyseFlows } from "../../policies/flows/analyse";
import type { Endpoint, FlowContext, FlowRequirement } from "../../policies/flows/requirements";
import { readConfigurations } from "../../policies/inputs/read";
import { configuration, group, members, type Resources, router, rule } from "./flow-builders";

function verdicts(resources: Resources, requirements: readonly Omit<FlowRequirement, "why">[], data: Resources = {}, extra: Partial<FlowContext> = {}) {
  const context: FlowContext = { zones: {}, roles: {}, intended: requirements.map((r) => ({ why: "test", ...r })), ...extra };
  return Object.fromEntries(analyseFlows([configuration(resources, data)], context).verdicts.map((v) => [v.requirement.id, v.status]));
}

describe("OpenStack: what Neutron lets through and the flows say is closed", () => {
  it("the Internet reaches a port through a floating IP's port forwarding (openstack_networking_portforwarding_v2)", () => {
    // Neutron's port forwarding DNATs floating-IP:2222 to the internal port's 10.40.0.10:22, keeping the client's
    // address: the internal port's security groups decide, and web admits SSH from anywhere.
    const resources: Resources = {
      openstack_networking_router_v2: router,
      openstack_networking_subnet_v2: { s: { cidr: "10.40.0.0/24" } },
      openstack_networking_secgroup_v2: { web: group("web") },
      openstack_networking_secgroup_rule_v2: { ssh: rule("web", "ingress", { port_range_min: 22, port_range_max: 22, remote_ip_prefix: "0.0.0.0/0" }) },
      openstack_networking_port_v2: {
        p: {
          name: "p",
          security_group_ids: ["${openstack_networking_secgroup_v2.web.id}"],
          fixed_ip: [{ subnet_id: "${openstack_networking_subnet_v2.s.id}", ip_address: "10.40.0.10" }],
        },
      },
      openstack_networking_floatingip_v2: { f: { pool: "ext" } },
      openstack_networking_portforwarding_v2: {
        pf: {
          floatingip_id: "${openstack_networking_floatingip_v2.f.id}",
          internal_port_id: "${openstack_networking_port_v2.p.id}",
          internal_ip_address: "10.40.0.10",
          internal_port: 22,
          external_port: 2222,
          protocol: "tcp",
        },
      },
    };
    expect(verdicts(resources, [])["internet-to-web"]).toBe("violated");
  });

  it("a destination's allowed address pair (a database VIP) is an address it is reached at", () => {
    // The database holds the VIP 10.40.9.10 by an allowed address pair (keepalived, Patroni); the application's egress
    // is opened to that VIP only. Neutron delivers packets to the VIP to the port that holds it and lets them out of app
    // by its egress rule, whose remote is the VIP: the flow is possible.
    const resources: Resources = {
      openstack_networking_subnet_v2: { app: { cidr: "10.40.2.0/24" }, db: { cidr: "10.40.3.0/24" } },
      openstack_networking_secgroup_v2: { app: group("app"), db: group("db") },
      openstack_networking_secgroup_rule_v2: {
        toVip: rule("app", "egress", { port_range_min: 5432, port_range_max: 5432, remote_ip_prefix: "10.40.9.10/32" }),
        fromApp: rule("db", "ingress", { port_range_min: 5432, port_range_max: 5432, remote_group_id: "${openstack_networking_secgroup_v2.app.id}" }),
      },
      openstack_networking_port_v2: {
        app: { security_group_ids: ["${openstack_networking_secgroup_v2.app.id}"], fixed_ip: [{ subnet_id: "${openstack_networking_subnet_v2.app.id}" }] },
        db: {
          security_group_ids: ["${openstack_networking_secgroup_v2.db.id}"],
          fixed_ip: [{ subnet_id: "${openstack_networking_subnet_v2.db.id}" }],
          allowed_address_pairs: [{ ip_address: "10.40.9.10" }],
        },
      },
    };
    expect(verdicts(resources, [{ id: "app-to-db", from: members("app"), to: members("db"), port: 5432, expect: "possible" }])["app-to-db"]).toBe("holds");
  });

  it("a source's allowed address pair is an address it may send from, which a destination's prefix may admit", () => {
    // ops holds 10.40.9.10 by an address pair; db admits 10.40.9.0/24 (meant for the load balancers). Neutron's
    // anti-spoofing lets ops send from 10.40.9.10 (iptables_firewall.py, _spoofing_rule: the pairs' addresses RETURN), and
    // db's rule matches that source: ops reaches the database.
    const resources: Resources = {
      openstack_networking_subnet_v2: { ops: { cidr: "10.40.2.0/24" }, db: { cidr: "10.40.3.0/24" } },
      openstack_networking_secgroup_v2: { ops: group("ops", { delete_default_rules: false }), db: group("db") },
      openstack_networking_secgroup_rule_v2: {
        fromBalancers: rule("db", "ingress", { port_range_min: 5432, port_range_max: 5432, remote_ip_prefix: "10.40.9.0/24" }),
      },
      openstack_networking_port_v2: {
        ops: {
          security_group_ids: ["${openstack_networking_secgroup_v2.ops.id}"],
          fixed_ip: [{ subnet_id: "${openstack_networking_subnet_v2.ops.id}" }],
          allowed_address_pairs: [{ ip_address: "10.40.9.10" }],
        },
        db: { security_group_ids: ["${openstack_networking_secgroup_v2.db.id}"], fixed_ip: [{ subnet_id: "${openstack_networking_subnet_v2.db.id}" }] },
      },
    };
    expect(verdicts(resources, [{ id: "ops-to-db", from: members("ops"), to: members("db"), port: 5432, expect: "impossible" }])["ops-to-db"]).toBe("violated");
  });

  it("a port on a network whose subnets the configuration does not declare may have any address, not none", () => {
    // The application's port is on an existing network (a data source): Neutron gives it an address of that network's
    // subnet, which the flows cannot see. db admits 10.0.0.0/8, which may well hold it: the forbidden flow may be
    // possible, and cannot be declared impossible.
    const resources: Resources = {
      openstack_networking_subnet_v2: { db: { cidr: "10.40.3.0/24" } },
      openstack_networking_secgroup_v2: { app: group("app", { delete_default_rules: false }), db: group("db") },
      openstack_networking_secgroup_rule_v2: {
        fromPrivate: rule("db", "ingress", { port_range_min: 5432, port_range_max: 5432, remote_ip_prefix: "10.0.0.0/8" }),
      },
      openstack_networking_port_v2: {
        app: { network_id: "${data.openstack_networking_network_v2.existing.id}", security_group_ids: ["${openstack_networking_secgroup_v2.app.id}"] },
        db: { security_group_ids: ["${openstack_networking_secgroup_v2.db.id}"], fixed_ip: [{ subnet_id: "${openstack_networking_subnet_v2.db.id}" }] },
      },
    };
    const data: Resources = { openstack_networking_network_v2: { existing: { name: "private" } } };
    const status = verdicts(resources, [{ id: "app-to-db", from: members("app"), to: members("db"), port: 5432, expect: "impossible" }], data)["app-to-db"];
    expect(status).not.toBe("holds");
  });

  it("groups a port-groups association adds to an instance's own port (looked up) are that instance's", () => {
    // The instance joins its network by uuid; Nova makes its port, looked up by device_id, and the association adds
    // the web group (SSH from anywhere) to it. The floating IP is bound to the instance: the Internet reaches SSH.
    const resources: Resources = {
      openstack_networking_router_v2: router,
      openstack_networking_secgroup_v2: { web: group("web") },
      openstack_networking_secgroup_rule_v2: { ssh: rule("web", "ingress", { port_range_min: 22, port_range_max: 22, remote_ip_prefix: "0.0.0.0/0" }) },
      openstack_compute_instance_v2: { vm: { name: "vm", network: [{ uuid: "00000000-0000-0000-0000-000000000002" }] } },
      openstack_networking_port_secgroup_associate_v2: {
        a: { port_id: "${data.openstack_networking_port_v2.vm.id}", security_group_ids: ["${openstack_networking_secgroup_v2.web.id}"] },
      },
      openstack_compute_floatingip_associate_v2: { f: { floating_ip: "203.0.113.10", instance_id: "${openstack_compute_instance_v2.vm.id}" } },
    };
    const data: Resources = { openstack_networking_port_v2: { vm: { device_id: "${openstack_compute_instance_v2.vm.id}" } } };
    const [statuses] = [verdicts(resources, [], data)];
    // Whatever the group is called in the verdicts, some forbidden flow from the Internet must be possible.
    expect(
      Object.entries(statuses)
        .filter(([id]) => id.startsWith("internet-to-"))
        .map(([, s]) => s),
    ).toContain("violated");
  });

  it("a stateless group (stateful = false) lets no reply back without a rule for it", () => {
    // With stateful = false the iptables driver marks the port's traffic --notrack (iptables_firewall.py,
    // _get_jump_rules), so RELATED,ESTABLISHED never matches; OVN maps such rules to allow-stateless ACLs. db lets
    // nothing out, so PostgreSQL's SYN-ACK never leaves it: the connection the flow needs cannot be made.
    const resources: Resources = {
      openstack_networking_subnet_v2: { app: { cidr: "10.40.2.0/24" }, db: { cidr: "10.40.3.0/24" } },
      openstack_networking_secgroup_v2: { app: group("app", { stateful: false }), db: group("db", { stateful: false }) },
      openstack_networking_secgroup_rule_v2: {
        toDb: rule("app", "egress", { port_range_min: 5432, port_range_max: 5432, remote_ip_prefix: "10.40.3.0/24" }),
        fromApp: rule("db", "ingress", { port_range_min: 5432, port_range_max: 5432, remote_ip_prefix: "10.40.2.0/24" }),
      },
      openstack_networking_port_v2: {
        app: { security_group_ids: ["${openstack_networking_secgroup_v2.app.id}"], fixed_ip: [{ subnet_id: "${openstack_networking_subnet_v2.app.id}" }] },
        db: { security_group_ids: ["${openstack_networking_secgroup_v2.db.id}"], fixed_ip: [{ subnet_id: "${openstack_networking_subnet_v2.db.id}" }] },
      },
    };
    const status = verdicts(resources, [{ id: "app-to-db", from: members("app"), to: members("db"), port: 5432, expect: "possible" }])["app-to-db"];
    expect(status).not.toBe("holds");
  });
});

describe("Kubernetes: what a plan writes", () => {
  const deployment = (namespaceName: string, labels: Record<string, string>) => ({
    metadata: { name: Object.values(labels).join("-"), namespace: namespaceName },
    spec: { selector: { match_labels: labels }, template: { metadata: { labels }, spec: { container: [{ name: "app", image: "registry.example.fr/app" }] } } },
  });
  /** The policy as `terraform show -json` lists it: every nested block left unwritten is an empty list. */
  const planned = (peer: Record<string, unknown>): Resources => ({
    kubernetes_namespace_v1: { elsewhere: { metadata: { name: "elsewhere", labels: {} } } },
    kubernetes_deployment_v1: {
      db: deployment("default", { role: "db" }),
      frontend: deployment("default", { role: "frontend" }),
      lookalike: deployment("elsewhere", { role: "frontend" }),
    },
    kubernetes_network_policy_v1: {
      p: {
        metadata: [{ name: "p", namespace: "default" }],
        spec: [
          {
            pod_selector: [{ match_labels: { role: "db" }, match_expressions: [] }],
            policy_types: ["Ingress"],
            ingress: [{ from: [peer], ports: [{ port: "5432", protocol: "TCP" }] }],
            egress: [],
          },
        ],
      },
    },
  });
  const requirements = [
    {
      id: "frontend",
      from: { name: "frontend", pods: { namespace: "default", labels: { role: "frontend" } } } as Endpoint,
      to: { name: "db", pods: { namespace: "default", labels: { role: "db" } } } as Endpoint,
      port: 5432,
      expect: "possible" as const,
    },
    {
      id: "lookalike",
      from: { name: "lookalike", pods: { namespace: "elsewhere", labels: { role: "frontend" } } } as Endpoint,
      to: { name: "db", pods: { namespace: "default", labels: { role: "db" } } } as Endpoint,
      port: 5432,
      expect: "impossible" as const,
    },
  ];

  it("a peer whose namespace_selector the plan lists as [] has a podSelector alone: the policy's own namespace", () => {
    // The provider sends a NetworkPolicyPeer's namespaceSelector only when its list is not empty
    // (structure_network_policy.go, expandNetworkPolicyPeer: `ok && len(v) > 0`): this peer is a podSelector alone,
    // which Kubernetes reads in the policy's namespace. A pod of another namespace with those labels is not admitted.
    const peer = { ip_block: [], namespace_selector: [], pod_selector: [{ match_labels: { role: "frontend" }, match_expressions: [] }] };
    expect(verdicts(planned(peer), requirements)).toEqual({ frontend: "holds", lookalike: "holds" });
  });

  it("the same policy read from `terraform show -json` output", async () => {
    const folder = mkdtempSync(join(tmpdir(), "eds-flows-plan-"));
    const resources = planned({ ip_block: [], namespace_selector: [], pod_selector: [{ match_labels: { role: "frontend" }, match_expressions: [] }] });
    const planResources = Object.entries(resources).flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, values]) => ({
        address: `${type}.${name}`,
        mode: "managed",
        type,
        name,
        provider_name: "registry.terraform.io/hashicorp/kubernetes",
        values,
      })),
    );
    const plan = {
      format_version: "1.2",
      terraform_version: "1.11.4",
      planned_values: { root_module: { resources: planResources } },
      resource_changes: planResources.map((r) => ({
        address: r.address,
        mode: r.mode,
        type: r.type,
        name: r.name,
        change: { actions: ["create"], after: r.values, after_unknown: {} },
      })),
      configuration: { root_module: {} },
    };
    const file = join(folder, "plan.json");
    writeFileSync(file, JSON.stringify(plan));
    const configurations = await readConfigurations([file]);
    const context: FlowContext = { zones: {}, roles: {}, intended: requirements.map((r) => ({ why: "test", ...r })) };
    const statuses = Object.fromEntries(analyseFlows(configurations, context).verdicts.map((v) => [v.requirement.id, v.status]));
    expect(statuses).toEqual({ frontend: "holds", lookalike: "holds" });
  });
});
