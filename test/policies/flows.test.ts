import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { flowsOfPaths } from "../../policies/check";
import { analyseFlows, matrixGroupLimit } from "../../policies/flows/analyse";
import { flowsDot, flowsFail, flowsSummary, flowsText, withNothingToCheck } from "../../policies/flows/report";
import type { Endpoint, FlowContext, FlowRequirement } from "../../policies/flows/requirements";
import { defaultSettings } from "../../policies/settings";
import { stackFoldersOf, synthesizeRegions } from "../../stacks/synthesize";
import { testToday } from "../helpers/environments";
import { configuration, group, members, type Resources, router, rule } from "./flow-builders";

const namespace = (name: string, labels: Record<string, string> = {}) => ({ metadata: { name, labels } });
const deployment = (namespaceName: string, labels: Record<string, string>) => ({
  metadata: { name: Object.values(labels).join("-"), namespace: namespaceName },
  spec: { selector: { match_labels: labels }, template: { metadata: { labels }, spec: { container: [{ name: "app", image: "registry.example.fr/app" }] } } },
});
const pods = (name: string, namespaceName: string, labels?: Record<string, string>): Endpoint => ({
  name,
  pods: { namespace: namespaceName, ...(labels ? { labels } : {}) },
});
const zoneEndpoint = (zone: string): Endpoint => ({ name: zone, zone });

/** An ingress rule of the group `group` (a reference to its id) that opens SSH to every address. */
const sshFromAnywhere = (group: string) => ({
  security_group_id: group,
  direction: "ingress",
  ethertype: "IPv4",
  protocol: "tcp",
  port_range_min: 22,
  port_range_max: 22,
  remote_ip_prefix: "0.0.0.0/0",
});

/** Judges requirements on resources; returns each requirement's status by id. */
/** The database group's rule that admits PostgreSQL from the members of the app group. */
const postgresFromApp = {
  security_group_id: "${openstack_networking_secgroup_v2.db.id}",
  direction: "ingress",
  ethertype: "IPv4",
  protocol: "tcp",
  port_range_min: 5432,
  port_range_max: 5432,
  remote_group_id: "${openstack_networking_secgroup_v2.app.id}",
};

function verdicts(
  resources: Resources,
  requirements: readonly Omit<FlowRequirement, "why">[],
  zones: Record<string, string[]> = {},
  roles: FlowContext["roles"] = {},
) {
  const context: FlowContext = { zones, roles, intended: requirements.map((r) => ({ why: "test", ...r })) };
  const analysis = analyseFlows([configuration(resources)], context);
  return Object.fromEntries(analysis.verdicts.map((v) => [v.requirement.id, v.status]));
}

describe("NetworkPolicy semantics, on the upstream documentation's examples (concepts/services-networking/network-policies)", () => {
  // The page's test-network-policy: role=db pods of default take 6379 from 172.17.0.0/16 but 172.17.1.0/24, from
  // namespaces labelled project=myproject, and from role=frontend pods of default; they send only to 10.0.0.0/24:5978.
  const cluster: Resources = {
    kubernetes_namespace_v1: { myproject: namespace("myproject", { project: "myproject" }), elsewhere: namespace("elsewhere", { project: "other" }) },
    kubernetes_deployment_v1: {
      db: deployment("default", { role: "db" }),
      frontend: deployment("default", { role: "frontend" }),
      other: deployment("default", { role: "other" }),
      guest: deployment("myproject", { role: "guest" }),
      stranger: deployment("elsewhere", { role: "stranger" }),
    },
    kubernetes_network_policy_v1: {
      test: {
        metadata: { name: "test-network-policy", namespace: "default" },
        spec: {
          pod_selector: { match_labels: { role: "db" } },
          policy_types: ["Ingress", "Egress"],
          ingress: [
            {
              from: [
                { ip_block: { cidr: "172.17.0.0/16", except: ["172.17.1.0/24"] } },
                { namespace_selector: { match_labels: { project: "myproject" } } },
                { pod_selector: { match_labels: { role: "frontend" } } },
              ],
              ports: [{ protocol: "TCP", port: "6379" }],
            },
          ],
          egress: [{ to: [{ ip_block: { cidr: "10.0.0.0/24" } }], ports: [{ protocol: "TCP", port: "5978" }] }],
        },
      },
    },
  };
  const db = pods("db", "default", { role: "db" });
  const zones = { docker: ["172.17.0.0/16"], dockerOther: ["172.17.2.0/24"], dockerExcept: ["172.17.1.0/24"], services: ["10.0.0.0/24"] };

  it("admits the listed sources on the listed port only, and nothing else", () => {
    expect(
      verdicts(
        cluster,
        [
          { id: "frontend", from: pods("frontend", "default", { role: "frontend" }), to: db, port: 6379, expect: "possible" },
          { id: "frontend-other-port", from: pods("frontend", "default", { role: "frontend" }), to: db, port: 6380, expect: "impossible" },
          { id: "other-pod", from: pods("other", "default", { role: "other" }), to: db, port: 6379, expect: "impossible" },
          { id: "labelled-namespace", from: pods("guest", "myproject"), to: db, port: 6379, expect: "possible" },
          { id: "other-namespace", from: pods("stranger", "elsewhere"), to: db, port: 6379, expect: "impossible" },
        ],
        zones,
      ),
    ).toEqual({ frontend: "holds", "frontend-other-port": "holds", "other-pod": "holds", "labelled-namespace": "holds", "other-namespace": "holds" });
  });

  it("cannot judge a flow to or from a pod on the node's network, to which NetworkPolicies may not apply", () => {
    const onHost = deployment("default", { role: "agent" });
    const withAgent: Resources = {
      ...cluster,
      kubernetes_deployment_v1: {
        ...(cluster.kubernetes_deployment_v1 as object),
        agent: { ...onHost, spec: { ...onHost.spec, template: { ...onHost.spec.template, spec: { ...onHost.spec.template.spec, host_network: true } } } },
      },
    };
    const agent = pods("agent", "default", { role: "agent" });
    expect(
      verdicts(
        withAgent,
        [
          { id: "agent-to-db", from: agent, to: db, port: 6379, expect: "impossible" },
          { id: "db-to-agent", from: db, to: agent, port: 9100, expect: "impossible" },
          { id: "frontend-to-db", from: pods("frontend", "default", { role: "frontend" }), to: db, port: 6379, expect: "possible" },
        ],
        zones,
      ),
    ).toEqual({ "agent-to-db": "not-evaluable", "db-to-agent": "not-evaluable", "frontend-to-db": "holds" });
  });

  it("cannot judge a flow to or from a pod whose labels are known only at apply, its own or its namespace's", () => {
    const frontend = deployment("default", { role: "frontend" });
    const withUnknownLabels: Resources = {
      ...cluster,
      kubernetes_deployment_v1: {
        ...(cluster.kubernetes_deployment_v1 as object),
        frontend: { ...frontend, spec: { ...frontend.spec, template: { ...frontend.spec.template, metadata: { labels: "${var.labels}" } } } },
      },
    };
    expect(
      verdicts(
        withUnknownLabels,
        [{ id: "frontend-to-db", from: pods("frontend", "default", { role: "frontend" }), to: db, port: 6379, expect: "possible" }],
        zones,
      ),
    ).toEqual({ "frontend-to-db": "not-evaluable" });
  });

  it("takes the ipBlock's except out of its CIDR", () => {
    expect(
      verdicts(
        cluster,
        [
          { id: "whole-block", from: zoneEndpoint("docker"), to: db, port: 6379, expect: "possible" },
          { id: "inside", from: zoneEndpoint("dockerOther"), to: db, port: 6379, expect: "possible" },
          { id: "except", from: zoneEndpoint("dockerExcept"), to: db, port: 6379, expect: "impossible" },
        ],
        zones,
      ),
    ).toEqual({ "whole-block": "violated", inside: "holds", except: "holds" });
  });

  it("matches an ipBlock against pods too, when it holds some of the pod network (Calico turns a block into Nets)", () => {
    const denyAll = (name: string) => ({ metadata: { name: "deny", namespace: name }, spec: { pod_selector: {}, policy_types: ["Ingress", "Egress"] } });
    const block = (cidr: string) => [{ ip_block: { cidr } }];
    const resources: Resources = {
      kubernetes_namespace_v1: { a: namespace("project-a"), b: namespace("project-b") },
      kubernetes_deployment_v1: { a: deployment("project-a", { app: "tools" }), b: deployment("project-b", { app: "tools" }) },
      kubernetes_network_policy_v1: {
        denyA: denyAll("project-a"),
        denyB: denyAll("project-b"),
        out: { metadata: { name: "out", namespace: "project-a" }, spec: { pod_selector: {}, policy_types: ["Egress"], egress: [{ to: block("10.0.0.0/8") }] } },
        in: {
          metadata: { name: "in", namespace: "project-b" },
          spec: { pod_selector: {}, policy_types: ["Ingress"], ingress: [{ from: block("10.0.0.0/8") }] },
        },
      },
    };
    const requirement = { id: "a-to-b", from: pods("a", "project-a"), to: pods("b", "project-b"), port: 8888, expect: "impossible" as const, why: "test" };
    const statusWith = (podNetwork?: string[]) =>
      analyseFlows([configuration(resources)], { zones: {}, roles: {}, intended: [requirement], ...(podNetwork ? { podNetwork } : {}) }).verdicts[0]!.status;
    expect(statusWith(["10.100.0.0/16"])).toBe("violated");
    // A pod network the blocks do not hold: the blocks admit no pod.
    expect(statusWith(["172.20.0.0/16"])).toBe("holds");
  });

  it("lets an isolated pod send only where its egress rules say, and leaves a pod no policy selects free", () => {
    expect(
      verdicts(
        cluster,
        [
          { id: "db-to-services", from: db, to: zoneEndpoint("services"), port: 5978, expect: "possible" },
          { id: "db-to-services-80", from: db, to: zoneEndpoint("services"), port: 80, expect: "impossible" },
          { id: "db-to-internet", from: db, to: { name: "the Internet", internet: true }, expect: "impossible" },
          {
            id: "frontend-to-internet",
            from: pods("frontend", "default", { role: "frontend" }),
            to: { name: "the Internet", internet: true },
            expect: "impossible",
          },
        ],
        zones,
      ),
    ).toEqual({ "db-to-services": "holds", "db-to-services-80": "holds", "db-to-internet": "holds", "frontend-to-internet": "violated" });
  });

  it("reads a namespaceSelector and a podSelector in one peer as AND, in two peers as OR", () => {
    const policy = (from: unknown[]) => ({
      kubernetes_namespace_v1: { alice: namespace("alice", { user: "alice" }) },
      kubernetes_deployment_v1: {
        db: deployment("default", { role: "db" }),
        client: deployment("alice", { role: "client" }),
        tool: deployment("alice", { role: "tool" }),
      },
      kubernetes_network_policy_v1: {
        p: {
          metadata: { name: "p", namespace: "default" },
          spec: { pod_selector: { match_labels: { role: "db" } }, policy_types: ["Ingress"], ingress: [{ from }] },
        },
      },
    });
    const requirements = [
      { id: "client", from: pods("client", "alice", { role: "client" }), to: db, port: 5432, expect: "possible" as const },
      { id: "tool", from: pods("tool", "alice", { role: "tool" }), to: db, port: 5432, expect: "impossible" as const },
    ];
    const and = [{ namespace_selector: { match_labels: { user: "alice" } }, pod_selector: { match_labels: { role: "client" } } }];
    const or = [{ namespace_selector: { match_labels: { user: "alice" } } }, { pod_selector: { match_labels: { role: "client" } } }];
    expect(verdicts(policy(and), requirements)).toEqual({ client: "holds", tool: "holds" });
    expect(verdicts(policy(or), requirements)).toEqual({ client: "holds", tool: "violated" });
  });

  it("reads an empty namespaceSelector as every namespace, and a podSelector alone as the policy's own namespace", () => {
    const admitting = (from: unknown[]): Resources => ({
      ...cluster,
      kubernetes_deployment_v1: { ...(cluster.kubernetes_deployment_v1 as object), lookalike: deployment("elsewhere", { role: "frontend" }) },
      kubernetes_network_policy_v1: {
        p: {
          metadata: { name: "p", namespace: "default" },
          spec: { pod_selector: { match_labels: { role: "db" } }, policy_types: ["Ingress"], ingress: [{ from }] },
        },
      },
    });
    const stranger = { id: "stranger", from: pods("stranger", "elsewhere", { role: "stranger" }), to: db, port: 6379, expect: "possible" as const };
    expect(verdicts(admitting([{ namespace_selector: {} }]), [stranger])).toEqual({ stranger: "holds" });
    // A pod of another namespace with the selected labels is not one of them.
    const lookalike = { id: "lookalike", from: pods("lookalike", "elsewhere", { role: "frontend" }), to: db, port: 6379, expect: "impossible" as const };
    expect(verdicts(admitting([{ pod_selector: { match_labels: { role: "frontend" } } }]), [lookalike])).toEqual({ lookalike: "holds" });
  });

  it("opens a port range to its end_port, and names toward addresses the block it reaches", () => {
    const ranged: Resources = {
      ...cluster,
      kubernetes_network_policy_v1: {
        p: {
          metadata: { name: "p", namespace: "default" },
          spec: {
            pod_selector: { match_labels: { role: "db" } },
            policy_types: ["Egress"],
            egress: [{ ports: [{ protocol: "TCP", port: "8000", end_port: 8100 }] }],
          },
        },
      },
    };
    expect(
      verdicts(
        ranged,
        [
          { id: "inside", from: db, to: zoneEndpoint("services"), port: 8100, expect: "possible" },
          { id: "beyond", from: db, to: zoneEndpoint("services"), port: 8101, expect: "impossible" },
        ],
        zones,
      ),
    ).toEqual({ inside: "holds", beyond: "holds" });
    // A rule with no peers reaches every address: toward a zone, the zone's.
    const [verdict] = analyseFlows([configuration(ranged)], {
      zones,
      roles: {},
      intended: [{ id: "to-services", why: "test", from: db, to: zoneEndpoint("services"), port: 8080, expect: "impossible" }],
    }).verdicts;
    expect(verdict?.status).toBe("violated");
    expect(verdict?.detail).toContain("default/kubernetes_deployment_v1.db → 10.0.0.0/24 (TCP 8000-8100)");
  });

  it("resolves a named port on the receiving pod, and a name it does not have opens nothing", () => {
    const withPort = (workload: ReturnType<typeof deployment>, name: string, containerPort: number) => ({
      ...workload,
      spec: {
        ...workload.spec,
        template: {
          ...workload.spec.template,
          spec: { container: [{ ...workload.spec.template.spec.container[0], port: [{ name, container_port: containerPort }] }] },
        },
      },
    });
    const named: Resources = {
      kubernetes_deployment_v1: {
        db: withPort(deployment("default", { role: "db" }), "redis", 6379),
        // The sender's own port of that name is not the one opened.
        frontend: withPort(deployment("default", { role: "frontend" }), "redis", 7000),
        other: deployment("default", { role: "other" }),
      },
      kubernetes_network_policy_v1: {
        in: {
          metadata: { name: "in", namespace: "default" },
          spec: { pod_selector: { match_labels: { role: "db" } }, policy_types: ["Ingress"], ingress: [{ ports: [{ port: "redis" }] }] },
        },
        out: {
          metadata: { name: "out", namespace: "default" },
          spec: { pod_selector: { match_labels: { role: "frontend" } }, policy_types: ["Egress"], egress: [{ ports: [{ port: "redis" }] }] },
        },
      },
    };
    const frontend = pods("frontend", "default", { role: "frontend" });
    expect(
      verdicts(named, [
        { id: "redis", from: frontend, to: db, port: 6379, expect: "possible" },
        { id: "other-port", from: frontend, to: db, port: 9999, expect: "impossible" },
        { id: "no-such-name", from: frontend, to: pods("other", "default", { role: "other" }), port: 7000, expect: "impossible" },
      ]),
    ).toEqual({ redis: "holds", "other-port": "holds", "no-such-name": "holds" });
  });

  it("applies Ingress always and Egress when egress rules are written, when a policy names no policy_types", () => {
    const untyped = (spec: Record<string, unknown>): Resources => ({
      ...cluster,
      kubernetes_network_policy_v1: {
        p: { metadata: { name: "p", namespace: "default" }, spec: { pod_selector: { match_labels: { role: "db" } }, ...spec } },
      },
    });
    const requirements = [
      { id: "services", from: db, to: zoneEndpoint("services"), port: 443, expect: "possible" as const },
      { id: "internet", from: db, to: { name: "the Internet", internet: true } as Endpoint, expect: "impossible" as const },
    ];
    // Only ingress rules: egress stays free.
    expect(verdicts(untyped({ ingress: [{ from: [{ pod_selector: {} }] }] }), requirements, zones)).toEqual({ services: "holds", internet: "violated" });
    // Egress rules: egress is isolated to them.
    expect(verdicts(untyped({ egress: [{ to: [{ ip_block: { cidr: "10.0.0.0/24" } }] }] }), requirements, zones)).toEqual({
      services: "holds",
      internet: "holds",
    });
  });

  it("cannot judge a flow from a namespace whose labels are known only at apply", () => {
    const withUnknownNamespace: Resources = {
      ...cluster,
      kubernetes_namespace_v1: { ...(cluster.kubernetes_namespace_v1 as object), guests: { metadata: { name: "guests", labels: "${var.labels}" } } },
      kubernetes_deployment_v1: { ...(cluster.kubernetes_deployment_v1 as object), visitor: deployment("guests", { role: "visitor" }) },
    };
    expect(verdicts(withUnknownNamespace, [{ id: "visitor-to-db", from: pods("visitor", "guests"), to: db, port: 6379, expect: "impossible" }], zones)).toEqual(
      { "visitor-to-db": "not-evaluable" },
    );
  });

  it("judges only ingestion's pods out of the forbidden flows to pseudonymisation, and no pod as reaching itself", () => {
    const resources = (ingress: unknown[]): Resources => ({
      kubernetes_deployment_v1: { ingest: deployment("ingest", { app: "ingest" }), pseudo: deployment("pseudo", { app: "pseudo" }) },
      kubernetes_network_policy_v1: {
        p: { metadata: { name: "p", namespace: "pseudo" }, spec: { pod_selector: {}, policy_types: ["Ingress"], ingress: [{ from: ingress }] } },
      },
    });
    const roles = { ingestion: pods("ingestion", "ingest"), pseudonymisation: pods("pseudonymisation", "pseudo") };
    const fromIngest = { namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "ingest" } } };
    expect(verdicts(resources([fromIngest]), [], {}, roles)).toEqual({ "only-ingestion-to-pseudonymisation": "holds" });
    // Its own namespace's pods are admitted: the service is the only one there, and it does not count as reaching itself.
    expect(verdicts(resources([fromIngest, { pod_selector: {} }]), [], {}, roles)).toEqual({ "only-ingestion-to-pseudonymisation": "holds" });
  });

  it("judges a workspace against the other projects' workspaces, not against its own namespace", () => {
    const workspace = (name: string) => namespace(name, { "eds-regional/kind": "workspace" });
    const ownNamespaceOnly = (name: string) => ({
      metadata: { name: "own", namespace: name },
      spec: { pod_selector: {}, policy_types: ["Ingress"], ingress: [{ from: [{ pod_selector: {} }] }] },
    });
    const resources = (policies: Resources[string]): Resources => ({
      kubernetes_namespace_v1: { a: workspace("project-a"), b: workspace("project-b") },
      kubernetes_deployment_v1: {
        tools: deployment("project-a", { app: "tools" }),
        notebook: deployment("project-a", { app: "notebook" }),
        other: deployment("project-b", { app: "tools" }),
      },
      kubernetes_network_policy_v1: policies,
    });
    const roles = { workspaces: { name: "workspaces", pods: { namespaceLabels: { "eds-regional/kind": "workspace" } } } as Endpoint };
    expect(verdicts(resources({ a: ownNamespaceOnly("project-a"), b: ownNamespaceOnly("project-b") }), [], {}, roles)).toMatchObject({
      "workspace-to-other-workspace": "holds",
    });
    expect(verdicts(resources({ a: ownNamespaceOnly("project-a") }), [], {}, roles)).toMatchObject({ "workspace-to-other-workspace": "violated" });
  });
});

describe("the pitfalls a resource-by-resource check misses", () => {
  const workspaceNamespace = namespace("project-a", { "eds-regional/kind": "workspace" });
  const workspaces: Endpoint = { name: "workspaces", pods: { namespaceLabels: { "eds-regional/kind": "workspace" } } };
  const internetFromWorkspaces = [{ id: "out", from: workspaces, to: { name: "the Internet", internet: true } as Endpoint, expect: "impossible" as const }];
  const withPolicy = (spec: Record<string, unknown>): Resources => ({
    kubernetes_namespace_v1: { ws: workspaceNamespace },
    kubernetes_deployment_v1: { tools: deployment("project-a", { app: "tools" }) },
    kubernetes_network_policy_v1: { p: { metadata: { name: "p", namespace: "project-a" }, spec } },
  });

  it("a default-deny policy whose selector matches no pod protects nothing", () => {
    const deny = (labels: Record<string, string>) => withPolicy({ pod_selector: { match_labels: labels }, policy_types: ["Egress"] });
    expect(verdicts(deny({ app: "tool" }), internetFromWorkspaces)).toEqual({ out: "violated" });
    expect(verdicts(deny({ app: "tools" }), internetFromWorkspaces)).toEqual({ out: "holds" });
  });

  it("an egress rule to 0.0.0.0/0 with private ranges in `except` reopens the Internet", () => {
    const egress = (ipBlock: Record<string, unknown>) => withPolicy({ pod_selector: {}, policy_types: ["Egress"], egress: [{ to: [{ ip_block: ipBlock }] }] });
    expect(verdicts(egress({ cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] }), internetFromWorkspaces)).toEqual({
      out: "violated",
    });
    expect(verdicts(egress({ cidr: "10.0.0.0/8" }), internetFromWorkspaces)).toEqual({ out: "holds" });
    // The flows are IPv4: an IPv6 block, or one the API server refuses, is not judged either way.
    expect(verdicts(egress({ cidr: "::/0" }), internetFromWorkspaces)).toEqual({ out: "not-evaluable" });
    expect(verdicts(egress({ cidr: "0.0.0.0/0", except: ["10.0.0.0/33"] }), internetFromWorkspaces)).toEqual({ out: "not-evaluable" });
  });

  it("a namespace label that no selector matches blocks the flow it was meant to open", () => {
    const airlock = (kind: string): Resources => ({
      ...withPolicy({ pod_selector: {}, policy_types: ["Egress"], egress: [{ to: [{ namespace_selector: {} }], ports: [{ port: "8080" }] }] }),
      kubernetes_network_policy_v1: {
        p: { metadata: { name: "p", namespace: "project-a" }, spec: { pod_selector: {}, policy_types: ["Egress"], egress: [{ ports: [{ port: "8080" }] }] } },
        a: {
          metadata: { name: "a", namespace: "airlock" },
          spec: { pod_selector: {}, policy_types: ["Ingress"], ingress: [{ from: [{ namespace_selector: { match_labels: { "eds-regional/kind": kind } } }] }] },
        },
      },
    });
    const submit = [{ id: "submit", from: workspaces, to: pods("airlock", "airlock"), port: 8080, expect: "possible" as const }];
    expect(verdicts(airlock("workspaces"), submit)).toEqual({ submit: "violated" });
    expect(verdicts(airlock("workspace"), submit)).toEqual({ submit: "holds" });
  });

  it("a security group that names another group admits its members only", () => {
    const group = (name: string, extra: Record<string, unknown> = {}) => ({ name, description: name, delete_default_rules: true, ...extra });
    const port = (group: string, subnet: string) => ({
      name: group,
      security_group_ids: [`\${openstack_networking_secgroup_v2.${group}.id}`],
      fixed_ip: [{ subnet_id: `\${openstack_networking_subnet_v2.${subnet}.id}` }],
    });
    const resources: Resources = {
      openstack_networking_subnet_v2: { app: { cidr: "10.40.2.0/24" }, db: { cidr: "10.40.3.0/24" } },
      openstack_networking_secgroup_v2: { db: group("db"), app: group("app"), other: group("other") },
      openstack_networking_secgroup_rule_v2: {
        in: postgresFromApp,
        appOut: {
          security_group_id: "${openstack_networking_secgroup_v2.app.id}",
          direction: "egress",
          ethertype: "IPv4",
          protocol: "tcp",
          port_range_min: 5432,
          port_range_max: 5432,
          remote_ip_prefix: "10.40.3.0/24",
        },
        otherOut: {
          security_group_id: "${openstack_networking_secgroup_v2.other.id}",
          direction: "egress",
          ethertype: "IPv4",
          protocol: "tcp",
          remote_ip_prefix: "10.40.0.0/16",
        },
      },
      openstack_networking_port_v2: { db: port("db", "db"), app: port("app", "app"), other: port("other", "app") },
    };
    const members = (name: string): Endpoint => ({ name, securityGroup: name });
    expect(
      verdicts(resources, [
        { id: "app", from: members("app"), to: members("db"), port: 5432, expect: "possible" },
        { id: "other", from: members("other"), to: members("db"), port: 5432, expect: "impossible" },
      ]),
    ).toEqual({
      app: "holds",
      other: "holds",
      "internet-to-db": "holds",
      "db-to-internet": "holds",
      "internet-to-app": "holds",
      "app-to-internet": "holds",
      "internet-to-other": "holds",
      "other-to-internet": "holds",
    });
  });

  it("takes a remote group looked up as the default group for the project's default group its members carry", () => {
    const resources: Resources = {
      openstack_networking_subnet_v2: { s: { cidr: "10.40.2.0/24" } },
      openstack_networking_secgroup_v2: { db: { name: "db", description: "db", delete_default_rules: true } },
      openstack_networking_secgroup_rule_v2: {
        in: {
          security_group_id: "${openstack_networking_secgroup_v2.db.id}",
          direction: "ingress",
          ethertype: "IPv4",
          protocol: "tcp",
          port_range_min: 5432,
          port_range_max: 5432,
          remote_group_id: "${data.openstack_networking_secgroup_v2.default.id}",
        },
      },
      openstack_networking_port_v2: {
        db: {
          name: "db",
          fixed_ip: [{ subnet_id: "${openstack_networking_subnet_v2.s.id}" }],
          security_group_ids: ["${openstack_networking_secgroup_v2.db.id}"],
        },
        app: { name: "app", fixed_ip: [{ subnet_id: "${openstack_networking_subnet_v2.s.id}" }] },
      },
    };
    const data: Resources = { openstack_networking_secgroup_v2: { default: { name: "default" } } };
    const context: FlowContext = {
      zones: {},
      roles: {},
      intended: [
        {
          id: "app-to-db",
          why: "test",
          from: { name: "app", securityGroup: "default" },
          to: { name: "db", securityGroup: "db" },
          port: 5432,
          expect: "possible",
        },
      ],
    };
    const verdict = analyseFlows([configuration(resources, data)], context).verdicts.find((v) => v.requirement.id === "app-to-db");
    expect(verdict?.status).toBe("holds");
  });

  it("gives a port with no fixed_ip an address of its network's subnet, as Neutron does", () => {
    const group = (name: string) => ({ name, description: name, delete_default_rules: true });
    const rule = (owner: string, direction: string, prefix: string) => ({
      security_group_id: `\${openstack_networking_secgroup_v2.${owner}.id}`,
      direction,
      ethertype: "IPv4",
      protocol: "tcp",
      port_range_min: 5432,
      port_range_max: 5432,
      remote_ip_prefix: prefix,
    });
    const resources: Resources = {
      openstack_networking_network_v2: { apps: { name: "apps" }, data: { name: "data" } },
      openstack_networking_subnet_v2: {
        apps: { network_id: "${openstack_networking_network_v2.apps.id}", cidr: "10.40.2.0/24" },
        data: { network_id: "${openstack_networking_network_v2.data.id}", cidr: "10.40.3.0/24" },
      },
      openstack_networking_secgroup_v2: { db: group("db"), app: group("app") },
      openstack_networking_secgroup_rule_v2: { in: rule("db", "ingress", "10.40.2.0/24"), out: rule("app", "egress", "10.40.3.0/24") },
      openstack_networking_port_v2: {
        db: { name: "db", network_id: "${openstack_networking_network_v2.data.id}", security_group_ids: ["${openstack_networking_secgroup_v2.db.id}"] },
        app: { name: "app", network_id: "${openstack_networking_network_v2.apps.id}", security_group_ids: ["${openstack_networking_secgroup_v2.app.id}"] },
      },
    };
    const members = (name: string): Endpoint => ({ name, securityGroup: name });
    expect(verdicts(resources, [{ id: "app-to-db", from: members("app"), to: members("db"), port: 5432, expect: "possible" }])["app-to-db"]).toBe("holds");
  });

  it("Neutron's default egress rules and a floating IP open the region to and from the Internet", () => {
    const resources = (deleteDefaultRules: boolean, floatingIp: boolean): Resources => ({
      openstack_networking_router_v2: { r: { name: "r", external_network_id: "00000000-0000-0000-0000-000000000001" } },
      openstack_networking_subnet_v2: { s: { cidr: "10.40.0.0/24" } },
      openstack_networking_secgroup_v2: { web: { name: "web", description: "web", delete_default_rules: deleteDefaultRules } },
      openstack_networking_secgroup_rule_v2: {
        ssh: sshFromAnywhere("${openstack_networking_secgroup_v2.web.id}"),
      },
      openstack_networking_port_v2: {
        p: {
          name: "p",
          security_group_ids: ["${openstack_networking_secgroup_v2.web.id}"],
          fixed_ip: [{ subnet_id: "${openstack_networking_subnet_v2.s.id}" }],
        },
      },
      ...(floatingIp ? { openstack_networking_floatingip_v2: { f: { pool: "ext", port_id: "${openstack_networking_port_v2.p.id}" } } } : {}),
    });
    expect(verdicts(resources(false, true), [])).toEqual({ "internet-to-web": "violated", "web-to-internet": "violated" });
    // The Internet is named, not listed as the fifty CIDRs of every public address.
    const details = analyseFlows([configuration(resources(false, true))], { zones: {}, roles: {}, intended: [] }).verdicts.map((v) => v.detail);
    expect(details).toEqual([
      expect.stringContaining("the Internet (every public address) → openstack_networking_port_v2.p (TCP 22)"),
      expect.stringContaining("openstack_networking_port_v2.p → the Internet (every public address) (TCP any; UDP any)"),
    ]);
    expect(verdicts(resources(true, false), [])).toEqual({ "internet-to-web": "holds", "web-to-internet": "holds" });
  });

  it("an address group admits the addresses it holds; one the configuration does not declare may hold any", () => {
    const fromAddressGroup = (group: string, addresses?: string[]): Resources => ({
      openstack_networking_router_v2: { r: { name: "r", external_network_id: "00000000-0000-0000-0000-000000000001" } },
      ...(addresses ? { openstack_networking_address_group_v2: { admins: { name: "admins", addresses } } } : {}),
      openstack_networking_secgroup_v2: { web: { name: "web", description: "web", delete_default_rules: true } },
      openstack_networking_secgroup_rule_v2: {
        ssh: {
          security_group_id: "${openstack_networking_secgroup_v2.web.id}",
          direction: "ingress",
          ethertype: "IPv4",
          protocol: "tcp",
          port_range_min: 22,
          port_range_max: 22,
          remote_address_group_id: group,
        },
      },
      openstack_networking_port_v2: { p: { name: "p", network_id: "n", security_group_ids: ["${openstack_networking_secgroup_v2.web.id}"] } },
      openstack_networking_floatingip_v2: { f: { pool: "ext", port_id: "${openstack_networking_port_v2.p.id}" } },
    });
    const declared = "${openstack_networking_address_group_v2.admins.id}";
    expect(verdicts(fromAddressGroup(declared, ["192.0.2.0/28", "0.0.0.0/0"]), [])).toEqual({ "internet-to-web": "violated", "web-to-internet": "holds" });
    expect(verdicts(fromAddressGroup(declared, ["10.40.0.0/24"]), [])).toEqual({ "internet-to-web": "holds", "web-to-internet": "holds" });
    // Neutron reads an address written alone as its /32.
    expect(verdicts(fromAddressGroup(declared, ["198.51.100.7"]), [])["internet-to-web"]).toBe("violated");
    // Its IPv6 addresses admit no IPv4 address; its IPv4 ones are judged.
    expect(verdicts(fromAddressGroup(declared, ["2001:db8::/64", "198.51.100.0/24"]), [])["internet-to-web"]).toBe("violated");
    expect(verdicts(fromAddressGroup("00000000-0000-0000-0000-0000000000b1"), [])["internet-to-web"]).toBe("not-evaluable");
  });

  it("a port on an external network has an address of the Internet, with no floating IP and no router", () => {
    const onPublicNetwork = (external: boolean): Resources => ({
      openstack_networking_network_v2: { public: { name: "public", external } },
      openstack_networking_secgroup_v2: { web: { name: "web", description: "web", delete_default_rules: true } },
      openstack_networking_secgroup_rule_v2: { ssh: sshFromAnywhere("${openstack_networking_secgroup_v2.web.id}") },
      openstack_networking_port_v2: {
        p: { name: "p", network_id: "${openstack_networking_network_v2.public.id}", security_group_ids: ["${openstack_networking_secgroup_v2.web.id}"] },
      },
    });
    expect(verdicts(onPublicNetwork(true), [])).toEqual({ "internet-to-web": "violated", "web-to-internet": "holds" });
    const detail = analyseFlows([configuration(onPublicNetwork(true))], { zones: {}, roles: {}, intended: [] }).verdicts[0]!.detail;
    expect(detail).toContain("openstack_networking_port_v2.p (TCP 22)");
    expect(verdicts(onPublicNetwork(false), [])).toEqual({ "internet-to-web": "holds", "web-to-internet": "holds" });
  });

  it("a flow between members needs both ends: the source's egress and the destination's ingress", () => {
    const group = (name: string) => ({ name, description: name, delete_default_rules: true });
    const rule = (owner: string, direction: string, remote: Record<string, unknown>) => ({
      security_group_id: `\${openstack_networking_secgroup_v2.${owner}.id}`,
      direction,
      ethertype: "IPv4",
      protocol: "tcp",
      port_range_min: 5432,
      port_range_max: 5432,
      ...remote,
    });
    const port = (groups: string[], subnet: string) => ({
      security_group_ids: groups.map((name) => `\${openstack_networking_secgroup_v2.${name}.id}`),
      fixed_ip: [{ subnet_id: `\${openstack_networking_subnet_v2.${subnet}.id}` }],
    });
    const tiers = (rules: Resources[string], appGroups = ["app"]): Resources => ({
      openstack_networking_subnet_v2: { app: { cidr: "10.40.2.0/24" }, db: { cidr: "10.40.3.0/24" } },
      openstack_networking_secgroup_v2: { db: group("db"), app: group("app"), ops: group("ops") },
      openstack_networking_secgroup_rule_v2: rules,
      openstack_networking_port_v2: { db: port(["db"], "db"), app: port(appGroups, "app") },
    });
    const appToDb = [
      { id: "app-to-db", from: { name: "app", securityGroup: "app" }, to: { name: "db", securityGroup: "db" }, port: 5432, expect: "possible" as const },
    ];
    const fromApp = rule("db", "ingress", { remote_group_id: "${openstack_networking_secgroup_v2.app.id}" });
    const toDb = rule("app", "egress", { remote_ip_prefix: "10.40.3.0/24" });
    expect(verdicts(tiers({ fromApp, toDb }), appToDb)["app-to-db"]).toBe("holds");
    // The source's group lets nothing out.
    expect(verdicts(tiers({ fromApp }), appToDb)["app-to-db"]).toBe("violated");
    // A port in two groups is a member of each: a remote group admits it by the one it names.
    expect(verdicts(tiers({ fromApp, toDb }, ["ops", "app"]), appToDb)["app-to-db"]).toBe("holds");
    // A rule of the destination known only at apply may open what the known rules keep closed.
    expect(verdicts(tiers({ toDb, maybe: rule("db", "ingress", { remote_ip_prefix: "${var.app_cidr}" }) }), appToDb)["app-to-db"]).toBe("not-evaluable");
    // An instance on a network (no port of ours) may have any of its addresses, which a prefix may hold.
    const { openstack_networking_port_v2: ports, ...rest } = tiers({ fromAppSubnet: rule("db", "ingress", { remote_ip_prefix: "10.40.2.0/24" }), toDb });
    const withInstance: Resources = {
      ...rest,
      openstack_networking_port_v2: { db: ports!.db! },
      openstack_compute_instance_v2: { app: { name: "app", security_groups: ["app"], network: [{ uuid: "00000000-0000-0000-0000-000000000002" }] } },
    };
    expect(verdicts(withInstance, appToDb)["app-to-db"]).toBe("holds");
  });

  it("follows a member's IPv6 rules only toward a member that has an IPv6 address too", () => {
    const dualStack = (dbOnIpv6: boolean): Resources => ({
      openstack_networking_subnet_v2: { v4: { cidr: "10.40.2.0/24" }, v6: { cidr: "2001:db8:42::/64", ip_version: 6 } },
      openstack_networking_secgroup_v2: {
        app: { name: "app", description: "app", delete_default_rules: true },
        db: { name: "db", description: "db", delete_default_rules: true },
      },
      openstack_networking_secgroup_rule_v2: {
        // The only way out of app is over IPv6, which the flows do not follow.
        out: { security_group_id: "${openstack_networking_secgroup_v2.app.id}", direction: "egress", ethertype: "IPv6", remote_ip_prefix: "::/0" },
        in: postgresFromApp,
      },
      openstack_networking_port_v2: {
        app: {
          security_group_ids: ["${openstack_networking_secgroup_v2.app.id}"],
          fixed_ip: [{ subnet_id: "${openstack_networking_subnet_v2.v4.id}" }, { subnet_id: "${openstack_networking_subnet_v2.v6.id}" }],
        },
        db: {
          security_group_ids: ["${openstack_networking_secgroup_v2.db.id}"],
          fixed_ip: [{ subnet_id: "${openstack_networking_subnet_v2.v4.id}" }, ...(dbOnIpv6 ? [{ subnet_id: "${openstack_networking_subnet_v2.v6.id}" }] : [])],
        },
      },
    });
    const appToDb = [
      { id: "app-to-db", from: { name: "app", securityGroup: "app" }, to: { name: "db", securityGroup: "db" }, port: 5432, expect: "impossible" as const },
    ];
    expect(verdicts(dualStack(false), appToDb)["app-to-db"]).toBe("holds");
    expect(verdicts(dualStack(true), appToDb)["app-to-db"]).toBe("not-evaluable");
  });

  it("judges only the groups that have members; a flow from a group without any is not evaluable", () => {
    const resources: Resources = {
      openstack_networking_router_v2: { r: { name: "r", external_network_id: "00000000-0000-0000-0000-000000000001" } },
      openstack_networking_secgroup_v2: { unused: { name: "unused", description: "unused" } },
      openstack_networking_secgroup_rule_v2: { ssh: sshFromAnywhere("${openstack_networking_secgroup_v2.unused.id}") },
    };
    const needed = { id: "needed", from: { name: "unused", securityGroup: "unused" }, to: zoneEndpoint("admins"), port: 22, expect: "possible" as const };
    expect(verdicts(resources, [needed], { admins: ["192.0.2.0/24"] })).toEqual({ needed: "not-evaluable" });
  });

  it("draws who reaches whom: never two address zones, and security groups while they are few enough", () => {
    const groups = (count: number): Resources => {
      const names = Array.from({ length: count }, (_, i) => `g${i}`);
      return {
        openstack_networking_router_v2: { r: { name: "r", external_network_id: "00000000-0000-0000-0000-000000000001" } },
        openstack_networking_secgroup_v2: Object.fromEntries(names.map((name) => [name, { name, description: name }])),
        openstack_networking_port_v2: Object.fromEntries(
          names.map((name) => [name, { network_id: "n", security_group_ids: [`\${openstack_networking_secgroup_v2.${name}.id}`] }]),
        ),
      };
    };
    const matrix = (count: number) => analyseFlows([configuration(groups(count))], { zones: { admins: ["192.0.2.0/24"] }, roles: {}, intended: [] }).matrix;
    expect(matrix(1)).toEqual([
      { from: "members of g0", to: "admins", ports: "TCP any; UDP any" },
      { from: "members of g0", to: "the Internet", ports: "TCP any; UDP any" },
    ]);
    expect(new Set(matrix(matrixGroupLimit).map((cell) => cell.from)).size).toBe(matrixGroupLimit);
    expect(matrix(matrixGroupLimit + 1)).toEqual([]);
  });

  it("a port on an external network reaches the Internet with no router, and its IPv6 address with no floating IP", () => {
    const onPublicNetwork = (rules: Resources[string], deleteDefaultRules: boolean, subnet?: Record<string, unknown>): Resources => ({
      openstack_networking_network_v2: { public: { name: "public", external: true } },
      ...(subnet ? { openstack_networking_subnet_v2: { s: { network_id: "${openstack_networking_network_v2.public.id}", ...subnet } } } : {}),
      openstack_networking_secgroup_v2: { web: { name: "web", description: "web", delete_default_rules: deleteDefaultRules } },
      openstack_networking_secgroup_rule_v2: rules,
      openstack_networking_port_v2: {
        p: { name: "p", network_id: "${openstack_networking_network_v2.public.id}", security_group_ids: ["${openstack_networking_secgroup_v2.web.id}"] },
      },
    });
    expect(verdicts(onPublicNetwork({}, false), [])).toEqual({ "internet-to-web": "holds", "web-to-internet": "violated" });
    const sshOverIpv6 = { ssh: { ...sshFromAnywhere("${openstack_networking_secgroup_v2.web.id}"), ethertype: "IPv6", remote_ip_prefix: "::/0" } };
    const ipv6 = { "internet-to-web": "not-evaluable", "web-to-internet": "holds" };
    expect(verdicts(onPublicNetwork(sshOverIpv6, true, { cidr: "2001:db8::/64", ip_version: 6 }), [])).toEqual(ipv6);
    // A subnet is IPv6 by its ip_version (one taken from a subnet pool writes no CIDR), or by its CIDR when its
    // ip_version is known only at apply.
    expect(verdicts(onPublicNetwork(sshOverIpv6, true, { ip_version: 6, subnetpool_id: "00000000-0000-0000-0000-0000000000a6" }), [])).toEqual(ipv6);
    expect(verdicts(onPublicNetwork(sshOverIpv6, true, { cidr: "2001:db8::/64", ip_version: "${var.ip_version}" }), [])).toEqual(ipv6);
    expect(verdicts(onPublicNetwork(sshOverIpv6, true, { cidr: "192.0.2.0/24" }), [])).toEqual({ "internet-to-web": "holds", "web-to-internet": "holds" });
  });

  it("a group keeps Neutron's default egress rules unless it deletes them, and only a router with a gateway leads out", () => {
    const resources = (group: Record<string, unknown>): Resources => ({
      openstack_networking_secgroup_v2: { web: { name: "web", description: "web", ...group } },
      openstack_networking_port_v2: { p: { name: "p", network_id: "n", security_group_ids: ["${openstack_networking_secgroup_v2.web.id}"] } },
    });
    const statuses = (resource: Resources, data: Resources = {}) =>
      Object.fromEntries(
        analyseFlows([configuration(resource, data)], { zones: {}, roles: {}, intended: [] }).verdicts.map((v) => [v.requirement.id, v.status]),
      );
    const router = (extra: Record<string, unknown>) => ({ openstack_networking_router_v2: { r: { name: "r", ...extra } } });
    const gateway = router({ external_network_id: "00000000-0000-0000-0000-000000000001" });
    expect(statuses({ ...resources({}), ...gateway })).toEqual({ "internet-to-web": "holds", "web-to-internet": "violated" });
    expect(statuses({ ...resources({}), ...router({}) })).toEqual({ "internet-to-web": "holds", "web-to-internet": "holds" });
    // A router looked up may have a gateway: that matters only when the rules let something out.
    const lookedUp = { openstack_networking_router_v2: { existing: { name: "region" } } };
    expect(statuses(resources({}), lookedUp)).toEqual({ "internet-to-web": "holds", "web-to-internet": "not-evaluable" });
    expect(statuses(resources({ delete_default_rules: true }), lookedUp)).toEqual({ "internet-to-web": "holds", "web-to-internet": "holds" });
  });
});

describe("the project's default security group, which Neutron and Nova give what names no group", () => {
  const router = { r: { name: "r", external_network_id: "00000000-0000-0000-0000-000000000001" } };
  const withFloatingIp = { openstack_networking_floatingip_v2: { f: { pool: "ext", port_id: "${openstack_networking_port_v2.p.id}" } } };

  it("lets a port created without groups out to the Internet, and in from its own members only", () => {
    const port = (extra: Record<string, unknown>): Resources => ({
      openstack_networking_router_v2: router,
      openstack_networking_port_v2: { p: { name: "p", network_id: "n", ...extra } },
      ...withFloatingIp,
    });
    const analysis = analyseFlows([configuration(port({}))], { zones: {}, roles: {}, intended: [] });
    expect(Object.fromEntries(analysis.verdicts.map((v) => [v.requirement.id, v.status]))).toEqual({
      "internet-to-default": "holds",
      "default-to-internet": "violated",
    });
    expect(analysis.verdicts[1]!.detail).toContain("through the project's default security group (Neutron's), every packet out");
    // no_security_groups: no group at all, so nothing passes, and no group is judged.
    expect(verdicts(port({ no_security_groups: true }), [])).toEqual({});
    // Port security off: no group may be applied, everything passes; such ports are judged together.
    const open = analyseFlows([configuration(port({ port_security_enabled: false }))], { zones: {}, roles: {}, intended: [] });
    expect(Object.fromEntries(open.verdicts.map((v) => [v.requirement.id, v.status]))).toEqual({
      "internet-to-unfiltered": "violated",
      "unfiltered-to-internet": "violated",
    });
    expect(open.verdicts[0]!.detail).toContain("through openstack_networking_port_v2.p (port security disabled)");
    // A port takes its network's port security when it sets none.
    const onOpenNetwork: Resources = {
      openstack_networking_router_v2: router,
      openstack_networking_network_v2: { n: { name: "n", port_security_enabled: false } },
      openstack_networking_port_v2: { p: { name: "p", network_id: "${openstack_networking_network_v2.n.id}" } },
      ...withFloatingIp,
    };
    expect(verdicts(onOpenNetwork, [])).toEqual({ "internet-to-unfiltered": "violated", "unfiltered-to-internet": "violated" });
    // So does the port Nova creates for an instance that joins that network.
    const instanceOnOpenNetwork: Resources = {
      openstack_networking_router_v2: router,
      openstack_networking_network_v2: { n: { name: "n", port_security_enabled: false } },
      openstack_compute_instance_v2: { vm: { name: "vm", network: [{ uuid: "${openstack_networking_network_v2.n.id}" }] } },
      openstack_networking_floatingip_v2: { f: { pool: "ext" } },
      openstack_compute_floatingip_associate_v2: {
        a: { floating_ip: "${openstack_networking_floatingip_v2.f.address}", instance_id: "${openstack_compute_instance_v2.vm.id}" },
      },
    };
    expect(verdicts(instanceOnOpenNetwork, [])).toEqual({ "internet-to-unfiltered": "violated", "unfiltered-to-internet": "violated" });
  });

  it('is the group a data source named "default" looks up, with the rules written for it; another looked-up group may open anything', () => {
    const lookedUp: Resources = {
      openstack_networking_router_v2: router,
      openstack_networking_secgroup_rule_v2: {
        ssh: sshFromAnywhere("${data.openstack_networking_secgroup_v2.existing.id}"),
      },
      openstack_networking_port_v2: { p: { name: "p", network_id: "n", security_group_ids: ["${data.openstack_networking_secgroup_v2.existing.id}"] } },
      ...withFloatingIp,
    };
    const judged = (name: string) =>
      Object.fromEntries(
        analyseFlows([configuration(lookedUp, { openstack_networking_secgroup_v2: { existing: { name } } })], {
          zones: {},
          roles: {},
          intended: [],
        }).verdicts.map((v) => [v.requirement.id, v.status]),
      );
    expect(judged("default")).toEqual({ "internet-to-default": "violated", "default-to-internet": "violated" });
    // An existing group's own rules are not in the configuration: the SSH rule is seen, what else it allows is not known.
    expect(judged("legacy")).toEqual({ "internet-to-legacy": "violated", "legacy-to-internet": "not-evaluable" });
  });

  it("leaves a port whose groups a port-groups association enforces, and stays on one whose association only adds", () => {
    const associated = (enforce: boolean): Resources => ({
      openstack_networking_router_v2: router,
      openstack_networking_secgroup_v2: { web: { name: "web", description: "web", delete_default_rules: true } },
      openstack_networking_secgroup_rule_v2: { ssh: sshFromAnywhere("${openstack_networking_secgroup_v2.web.id}") },
      openstack_networking_port_v2: { p: { name: "p", network_id: "n" } },
      openstack_networking_port_secgroup_associate_v2: {
        a: { port_id: "${openstack_networking_port_v2.p.id}", security_group_ids: ["${openstack_networking_secgroup_v2.web.id}"], enforce },
      },
      ...withFloatingIp,
    });
    // The provider sets the port's groups to the association's with enforce, and adds them otherwise
    // (resource_openstack_networking_port_secgroup_associate_v2.go).
    expect(verdicts(associated(true), [])).toEqual({ "internet-to-web": "violated", "web-to-internet": "holds" });
    expect(verdicts(associated(false), [])).toEqual({
      "internet-to-default": "violated",
      "default-to-internet": "violated",
      "internet-to-web": "violated",
      // The port keeps the default group's way out.
      "web-to-internet": "violated",
    });
  });

  it("takes a router looked up, not declared, for one that may have a gateway: the way out is not evaluable, not closed", () => {
    const resources: Resources = { openstack_compute_instance_v2: { vm: { name: "vm" } } };
    const statuses = (data: Resources) =>
      Object.fromEntries(
        analyseFlows([configuration(resources, data)], { zones: {}, roles: {}, intended: [] }).verdicts.map((v) => [v.requirement.id, v.status]),
      );
    expect(statuses({})["default-to-internet"]).toBe("holds");
    expect(statuses({ openstack_networking_router_v2: { existing: { name: "region" } } })["default-to-internet"]).toBe("not-evaluable");
  });

  it('is an instance\'s when it names none, or names "default" without declaring it', () => {
    const instance = (securityGroups?: string[]): Resources => ({
      openstack_networking_router_v2: router,
      openstack_compute_instance_v2: { vm: { name: "vm", ...(securityGroups ? { security_groups: securityGroups } : {}) } },
    });
    expect(verdicts(instance(), [])).toEqual({ "internet-to-default": "holds", "default-to-internet": "violated" });
    expect(verdicts(instance(["default"]), [])).toEqual({ "internet-to-default": "holds", "default-to-internet": "violated" });
  });

  it("counts no member as reaching itself, and a looked-up group's own rules, unknown, both ways", () => {
    const alone: Resources = {
      openstack_networking_router_v2: router,
      openstack_networking_subnet_v2: { s: { cidr: "10.40.0.0/24" } },
      openstack_networking_port_v2: { p: { name: "p", fixed_ip: [{ subnet_id: "${openstack_networking_subnet_v2.s.id}" }] } },
      ...withFloatingIp,
    };
    const members: Endpoint = { name: "default", securityGroup: "default" };
    expect(verdicts(alone, [{ id: "self", from: members, to: members, expect: "impossible" }])).toMatchObject({ self: "holds" });
    const inLookedUp = (declared: Resources): Resources => ({
      openstack_networking_router_v2: router,
      ...declared,
      openstack_networking_port_v2: { p: { name: "p", network_id: "n", security_group_ids: ["${data.openstack_networking_secgroup_v2.existing.id}"] } },
      ...withFloatingIp,
    });
    const statuses = (resources: Resources) =>
      Object.fromEntries(
        analyseFlows([configuration(resources, { openstack_networking_secgroup_v2: { existing: { name: "legacy" } } })], {
          zones: {},
          roles: {},
          intended: [],
        }).verdicts.map((v) => [v.requirement.id, v.status]),
      );
    expect(statuses(inLookedUp({}))).toEqual({ "internet-to-legacy": "not-evaluable", "legacy-to-internet": "not-evaluable" });
    // Two groups of that name are declared: which one it finds is not known, so neither stands for it.
    const twice = (name: string) => ({ name: "legacy", description: name, delete_default_rules: true });
    expect(statuses(inLookedUp({ openstack_networking_secgroup_v2: { a: twice("a"), b: twice("b") } }))).toEqual({
      "internet-to-legacy": "not-evaluable",
      "legacy-to-internet": "not-evaluable",
    });
  });

  it("is not an instance's that names a group called default which the configuration declares", () => {
    const resources: Resources = {
      openstack_networking_router_v2: router,
      openstack_networking_secgroup_v2: { own: { name: "default", description: "ours", delete_default_rules: true } },
      openstack_compute_instance_v2: { vm: { name: "vm", security_groups: ["default"] } },
    };
    expect(verdicts(resources, [])).toEqual({ "internet-to-default": "holds", "default-to-internet": "holds" });
  });
});

describe("an instance behind a floating IP", () => {
  /** The instance joins group "web" (by `securityGroups`), whose one ingress rule is `rule`; a router opens the way out. */
  const exposed = (rule: Record<string, unknown>, group: { name?: string; securityGroups?: string[] } = {}): Resources => ({
    openstack_networking_router_v2: { r: { name: "r", external_network_id: "00000000-0000-0000-0000-000000000001" } },
    openstack_networking_secgroup_v2: { web: { name: group.name ?? "web", description: "web", delete_default_rules: true } },
    openstack_networking_secgroup_rule_v2: {
      rule: { security_group_id: "${openstack_networking_secgroup_v2.web.id}", direction: "ingress", ethertype: "IPv4", protocol: "tcp", ...rule },
    },
    openstack_compute_instance_v2: { vm: { name: "vm", security_groups: group.securityGroups ?? ["web"] } },
    openstack_compute_floatingip_associate_v2: { f: { floating_ip: "203.0.113.10", instance_id: "${openstack_compute_instance_v2.vm.id}" } },
  });
  const ssh = { port_range_min: 22, port_range_max: 22 };

  it("joins a group it names by a reference to it, even when the group's name is known only at apply", () => {
    const byReference = exposed(
      { ...ssh, remote_ip_prefix: "0.0.0.0/0" },
      { name: "${var.prefix}-web", securityGroups: ["${openstack_networking_secgroup_v2.web.name}"] },
    );
    // Named by its address: a module's groups, made twice, share a block name, not an address.
    expect(verdicts(byReference, [])).toEqual({
      "internet-to-openstack_networking_secgroup_v2.web": "violated",
      "openstack_networking_secgroup_v2.web-to-internet": "holds",
    });
  });

  it("through a rule of protocol 0, which Neutron's iptables driver writes without a protocol: every port", () => {
    expect(verdicts(exposed({ protocol: "0", remote_ip_prefix: "0.0.0.0/0" }), [])).toEqual({
      "internet-to-web": "violated",
      "web-to-internet": "holds",
    });
    // GRE (47) and SCTP carry traffic the flows do not model port by port: what they let through is not evaluable.
    expect(verdicts(exposed({ protocol: "47", remote_ip_prefix: "0.0.0.0/0" }), [])).toEqual({
      "internet-to-web": "not-evaluable",
      "web-to-internet": "holds",
    });
    expect(verdicts(exposed({ protocol: "sctp", remote_ip_prefix: "0.0.0.0/0" }), [])).toEqual({
      "internet-to-web": "not-evaluable",
      "web-to-internet": "holds",
    });
  });

  it("through a rule whose remote is empty: the provider sends none, and Neutron reads any address", () => {
    expect(verdicts(exposed({ protocol: "tcp", port_range_min: 22, port_range_max: 22, remote_ip_prefix: "" }), [])).toEqual({
      "internet-to-web": "violated",
      "web-to-internet": "holds",
    });
  });

  it("through a rule whose remote is one address, which Neutron reads as its /32 (convert_ip_prefix_to_cidr)", () => {
    expect(verdicts(exposed({ ...ssh, remote_ip_prefix: "203.0.113.5" }), [])).toEqual({ "internet-to-web": "violated", "web-to-internet": "holds" });
    expect(verdicts(exposed({ ...ssh, remote_ip_prefix: "10.0.0.5" }), [])).toEqual({ "internet-to-web": "holds", "web-to-internet": "holds" });
  });

  it("on a dual-stack network: IPv6 subnets and prefixes admit no IPv4 address, the IPv4 rules are judged", () => {
    const {
      openstack_compute_instance_v2: _instance,
      openstack_compute_floatingip_associate_v2: _association,
      ...resources
    } = exposed({
      ...ssh,
      remote_ip_prefix: "0.0.0.0/0",
    });
    const dualStack: Resources = {
      ...resources,
      openstack_networking_secgroup_rule_v2: {
        ...resources.openstack_networking_secgroup_rule_v2,
        // Neutron refuses an IPv6 prefix on an IPv4 rule: it opens nothing.
        mismatched: { security_group_id: "${openstack_networking_secgroup_v2.web.id}", direction: "ingress", protocol: "tcp", remote_ip_prefix: "::/0" },
      },
      openstack_networking_subnet_v2: {
        v4: { network_id: "n", cidr: "192.168.42.0/24" },
        v6: { network_id: "n", cidr: "2001:db8:42::/64", ip_version: 6 },
      },
      openstack_networking_port_v2: {
        web: {
          network_id: "n",
          security_group_ids: ["${openstack_networking_secgroup_v2.web.id}"],
          fixed_ip: [{ subnet_id: "${openstack_networking_subnet_v2.v4.id}" }, { subnet_id: "${openstack_networking_subnet_v2.v6.id}" }],
        },
      },
      openstack_networking_floatingip_v2: { f: { pool: "ext-net", port_id: "${openstack_networking_port_v2.web.id}" } },
    };
    const [verdict] = analyseFlows([configuration(dualStack)], { zones: {}, roles: {}, intended: [] }).verdicts;
    expect(verdict?.status).toBe("violated");
    expect(verdict?.detail).toContain("openstack_networking_port_v2.web (TCP 22) through openstack_networking_secgroup_rule_v2.rule");
    expect(verdict?.detail).not.toContain("mismatched");
  });

  it("bound through its own port looked up as a data source (device_id), is reachable as through the instance", () => {
    const { openstack_compute_floatingip_associate_v2: _byInstance, ...resources } = exposed({ ...ssh, remote_ip_prefix: "0.0.0.0/0" });
    const lookedUp = {
      ...resources,
      openstack_networking_floatingip_associate_v2: { f: { floating_ip: "203.0.113.10", port_id: "${data.openstack_networking_port_v2.vm.id}" } },
    };
    const data = { openstack_networking_port_v2: { vm: { device_id: "${openstack_compute_instance_v2.vm.id}" } } };
    const statuses = analyseFlows([configuration(lookedUp, data)], { zones: {}, roles: {}, intended: [] }).verdicts.map(
      (v) => `${v.requirement.id} ${v.status}`,
    );
    expect(statuses).toEqual(["internet-to-web violated", "web-to-internet holds"]);
  });

  it("behind a rule known only at apply: a forbidden flow only that rule could open is not evaluable, not possible", () => {
    expect(verdicts(exposed({ ...ssh, remote_ip_prefix: "${var.admin_cidr}" }), [])).toEqual({
      "internet-to-web": "not-evaluable",
      "web-to-internet": "holds",
    });
    expect(verdicts(exposed({ ...ssh, remote_ip_prefix: "0.0.0.0/0" }), [])).toMatchObject({ "internet-to-web": "violated" });
  });

  it("through an IPv6 rule, which the flows do not follow: not evaluable where the member has an IPv6 address", () => {
    const sshOverIpv6 = { ...ssh, ethertype: "IPv6", remote_ip_prefix: "::/0" };
    const onNetwork = (ipVersion: number, cidr: string): Resources => {
      const resources = exposed(sshOverIpv6);
      return {
        ...resources,
        openstack_networking_network_v2: { n: { name: "n" } },
        openstack_networking_subnet_v2: { s: { network_id: "${openstack_networking_network_v2.n.id}", ip_version: ipVersion, cidr } },
        openstack_compute_instance_v2: {
          vm: { ...resources.openstack_compute_instance_v2!.vm, network: [{ uuid: "${openstack_networking_network_v2.n.id}" }] },
        },
      };
    };
    // IPv6 is routed from the Internet without floating IP: the rule may open SSH, which the IPv4 rules keep closed.
    const analysis = analyseFlows([configuration(onNetwork(6, "2001:db8::/64"))], { zones: {}, roles: {}, intended: [] });
    const inward = analysis.verdicts.find((v) => v.requirement.id === "internet-to-web");
    expect(inward?.status).toBe("not-evaluable");
    expect(inward?.detail).toContain("openstack_networking_secgroup_rule_v2.rule (an IPv6 rule: the flows follow IPv4 only)");
    // Without an IPv6 address the rule lets nothing in; without a router there is no way in.
    expect(verdicts(onNetwork(4, "192.0.2.0/24"), [])).toMatchObject({ "internet-to-web": "holds" });
    const { openstack_networking_router_v2: _router, ...noRouter } = onNetwork(6, "2001:db8::/64");
    expect(verdicts(noRouter, [])).toMatchObject({ "internet-to-web": "holds" });
    // A port on an IPv6 subnet too, by its fixed IP.
    const { openstack_compute_instance_v2: _vm, openstack_compute_floatingip_associate_v2: _fip, ...rest } = onNetwork(6, "2001:db8::/64");
    const port = {
      ...rest,
      openstack_networking_port_v2: {
        p: {
          network_id: "${openstack_networking_network_v2.n.id}",
          security_group_ids: ["${openstack_networking_secgroup_v2.web.id}"],
          fixed_ip: [{ subnet_id: "${openstack_networking_subnet_v2.s.id}" }],
        },
      },
    };
    expect(verdicts(port, [])).toMatchObject({ "internet-to-web": "not-evaluable" });
  });

  it("through an instance's network joined beside its ports, and an interface attached by network (the default group)", () => {
    const open = exposed({ ...ssh, remote_ip_prefix: "0.0.0.0/0" });
    const mixed: Resources = {
      ...open,
      openstack_networking_secgroup_v2: {
        ...open.openstack_networking_secgroup_v2,
        internal: { name: "internal", description: "internal", delete_default_rules: true },
      },
      openstack_networking_port_v2: {
        p: { network_id: "00000000-0000-0000-0000-000000000002", security_group_ids: ["${openstack_networking_secgroup_v2.internal.id}"] },
      },
      openstack_compute_instance_v2: {
        vm: {
          ...open.openstack_compute_instance_v2!.vm,
          network: [{ port: "${openstack_networking_port_v2.p.id}" }, { uuid: "00000000-0000-0000-0000-000000000003" }],
        },
      },
    };
    // Nova makes the second network's port with the instance's groups: web, whose rule opens SSH to the floating IP.
    expect(verdicts(mixed, [])).toMatchObject({ "internet-to-web": "violated" });
    const attached: Resources = {
      ...mixed,
      openstack_compute_interface_attach_v2: {
        extra: { instance_id: "${openstack_compute_instance_v2.vm.id}", network_id: "00000000-0000-0000-0000-000000000004" },
      },
    };
    // Its port has no group of ours: Neutron's default group, which lets every packet out through the router.
    expect(verdicts(attached, [])).toMatchObject({ "default-to-internet": "violated" });
    expect(verdicts(mixed, [])).not.toHaveProperty("default-to-internet");
    // A network block whose port is empty joins the network by itself too.
    const emptyPort: Resources = {
      ...mixed,
      openstack_compute_instance_v2: {
        vm: {
          ...open.openstack_compute_instance_v2!.vm,
          network: [{ port: "${openstack_networking_port_v2.p.id}" }, { uuid: "00000000-0000-0000-0000-000000000003", port: "" }],
        },
      },
    };
    expect(verdicts(emptyPort, [])).toMatchObject({ "internet-to-web": "violated" });
    // An interface attached by a port is that port's, with its groups; one attached to a network without port security has none.
    const byPort: Resources = {
      ...mixed,
      openstack_compute_interface_attach_v2: {
        extra: { instance_id: "${openstack_compute_instance_v2.vm.id}", port_id: "${openstack_networking_port_v2.p.id}" },
      },
    };
    expect(verdicts(byPort, [])).not.toHaveProperty("default-to-internet");
    const unfiltered: Resources = {
      ...attached,
      openstack_networking_network_v2: { open: { name: "open", port_security_enabled: false } },
      openstack_compute_interface_attach_v2: {
        extra: { instance_id: "${openstack_compute_instance_v2.vm.id}", network_id: "${openstack_networking_network_v2.open.id}" },
      },
    };
    expect(verdicts(unfiltered, [])).toMatchObject({ "unfiltered-to-internet": "violated" });
    expect(verdicts(unfiltered, [])).not.toHaveProperty("default-to-internet");
  });

  it("through a rule another stack of the region adds to the group, looked up there by name", () => {
    const { openstack_networking_secgroup_rule_v2: _rule, ...declared } = exposed({ ...ssh, remote_ip_prefix: "0.0.0.0/0" });
    const otherStack = configuration(
      {
        openstack_networking_secgroup_rule_v2: {
          ssh: { ...sshFromAnywhere("${data.openstack_networking_secgroup_v2.web.id}") },
        },
      },
      { openstack_networking_secgroup_v2: { web: { name: "web" } } },
    );
    const statuses = (configurations: ReturnType<typeof configuration>[]) =>
      Object.fromEntries(analyseFlows(configurations, { zones: {}, roles: {}, intended: [] }).verdicts.map((v) => [v.requirement.id, v.status]));
    expect(statuses([configuration(declared)])).toMatchObject({ "internet-to-web": "holds" });
    expect(statuses([configuration(declared), otherStack])).toMatchObject({ "internet-to-web": "violated" });
  });

  it("through a remote group whose members' allowed address pairs hold public addresses, which Neutron admits too", () => {
    const fromFront = exposed({ ...ssh, remote_group_id: "${openstack_networking_secgroup_v2.front.id}" });
    const withPairs = (pairs: string[]): Resources => ({
      ...fromFront,
      openstack_networking_secgroup_v2: {
        ...fromFront.openstack_networking_secgroup_v2,
        front: { name: "front", description: "front", delete_default_rules: true },
      },
      openstack_networking_port_v2: {
        front: {
          network_id: "00000000-0000-0000-0000-000000000002",
          security_group_ids: ["${openstack_networking_secgroup_v2.front.id}"],
          allowed_address_pairs: pairs.map((ip_address) => ({ ip_address })),
        },
      },
    });
    expect(verdicts(withPairs([]), [])).toMatchObject({ "internet-to-web": "holds" });
    expect(verdicts(withPairs(["198.51.100.0/24"]), [])).toMatchObject({ "internet-to-web": "violated" });
    // A pair written as one address is that address (a /32).
    expect(verdicts(withPairs(["198.51.100.7"]), [])).toMatchObject({ "internet-to-web": "violated" });
    // A private pair is no address of the Internet.
    expect(verdicts(withPairs(["10.0.0.0/8"]), [])).toMatchObject({ "internet-to-web": "holds" });
  });

  it("behind a remote group this configuration does not declare: its members pass, never the Internet", () => {
    expect(verdicts(exposed({ ...ssh, remote_ip_prefix: "0.0.0.0/0" }), [])).toMatchObject({ "internet-to-web": "violated" });
    expect(verdicts(exposed({ ...ssh, remote_group_id: "${var.admin_group_id}" }), [])).toMatchObject({ "internet-to-web": "holds" });
  });

  it("on the protocol the flow names, by the rule's protocol name or number; a range of 0 to 0 is every port; ICMP opens none", () => {
    const toWeb = (port: number, protocol: "TCP" | "UDP") => ({
      id: `${protocol} ${port}`,
      from: { name: "the Internet", internet: true } as Endpoint,
      to: { name: "web", securityGroup: "web" } as Endpoint,
      port,
      protocol,
      expect: "impossible" as const,
    });
    const anywhere = { remote_ip_prefix: "0.0.0.0/0" };
    expect(verdicts(exposed({ ...anywhere, protocol: "udp", port_range_min: 53, port_range_max: 53 }), [toWeb(53, "TCP"), toWeb(53, "UDP")])).toMatchObject({
      "TCP 53": "holds",
      "UDP 53": "violated",
    });
    expect(verdicts(exposed({ ...anywhere, ...ssh, protocol: "6" }), [toWeb(22, "TCP")])).toMatchObject({ "TCP 22": "violated" });
    // The provider sends no range for 0 and 0 (omitempty): Neutron opens every port of the protocol.
    expect(verdicts(exposed({ ...anywhere, port_range_min: 0, port_range_max: 0 }), [toWeb(443, "TCP")])).toMatchObject({ "TCP 443": "violated" });
    expect(verdicts(exposed({ ...anywhere, protocol: "icmp" }), [])).toEqual({ "internet-to-web": "holds", "web-to-internet": "holds" });
    // An IPv6 rule known only at apply is an IPv6 rule still: nothing to a member without an IPv6 address.
    expect(verdicts(exposed({ ...ssh, ethertype: "IPv6", remote_ip_prefix: "${var.admin_cidr_v6}" }), [])).toEqual({
      "internet-to-web": "holds",
      "web-to-internet": "holds",
    });
  });
});

describe("a Magnum cluster's nodes and the Internet: Magnum's security groups let every packet out, the router and its firewall decide", () => {
  const nodesSubnet = "${openstack_networking_subnet_v2.nodes.id}";
  const allowRule = (extra: Record<string, unknown>) => ({ action: "allow", source_ip_address: "10.0.16.0/20", ...extra });
  const denyRest = { action: "deny", protocol: "any", source_ip_address: "10.0.16.0/20" };
  /** A cluster on the nodes subnet, behind a router with a gateway, and a firewall group on that router's interface. */
  const region = (
    options: { group?: Record<string, unknown>; rules?: Record<string, Record<string, unknown>>; gateway?: boolean; cluster?: Record<string, unknown> } = {},
  ): Resources => {
    const rules = options.rules ?? { api: allowRule({ protocol: "tcp", destination_ip_address: "192.0.2.64/29", destination_port: "443" }), rest: denyRest };
    const policy = "${openstack_fw_policy_v2.p.id}";
    return {
      openstack_networking_subnet_v2: { nodes: { network_id: "n", cidr: "10.0.16.0/20" } },
      openstack_networking_router_v2: options.gateway === false ? { r: { name: "r" } } : router,
      openstack_networking_router_interface_v2: { ri: { router_id: "${openstack_networking_router_v2.r.id}", subnet_id: nodesSubnet } },
      openstack_containerinfra_clustertemplate_v1: { t: { name: "t", image: "ubuntu-2404-kube-v1.35.5", coe: "kubernetes", fixed_subnet: nodesSubnet } },
      openstack_containerinfra_cluster_v1: { c: options.cluster ?? { name: "c", cluster_template_id: "${openstack_containerinfra_clustertemplate_v1.t.id}" } },
      openstack_fw_rule_v2: rules,
      openstack_fw_policy_v2: { p: { name: "p", rules: Object.keys(rules).map((name) => `\${openstack_fw_rule_v2.${name}.id}`) } },
      openstack_fw_group_v2: {
        g: options.group ?? {
          ingress_firewall_policy_id: policy,
          egress_firewall_policy_id: policy,
          ports: ["${openstack_networking_router_interface_v2.ri.port_id}"],
        },
      },
    };
  };
  const nodesToInternet = (resources: Resources) => {
    const analysis = analyseFlows([configuration(resources)], { zones: { otherApis: ["192.0.2.64/29"] }, roles: {}, intended: [] });
    const verdict = analysis.verdicts.find((v) => v.requirement.id === "openstack_containerinfra_cluster_v1.c-nodes-to-internet")!;
    return `${verdict.status}: ${verdict.detail}`;
  };

  it("holds where the firewall group on the nodes subnet's router interface denies what is not the region's services", () => {
    expect(nodesToInternet(region())).toBe("holds: no path on any port; stopped by openstack_fw_group_v2.g");
  });

  it("is violated without a firewall group, through the router's gateway", () => {
    const { openstack_fw_group_v2: _, ...unfiltered } = region();
    expect(nodesToInternet(unfiltered)).toMatch(
      /^violated: possible on any port: the nodes of openstack_containerinfra_cluster_v1\.c → the Internet \(every public address\) \(TCP any; UDP any\) through the security groups Magnum gives the nodes of openstack_containerinfra_cluster_v1\.c \(every packet out\) and openstack_networking_router_v2\.r \(no firewall group on its interface to openstack_networking_subnet_v2\.nodes\)$/,
    );
  });

  it("is violated where a rule before the denial lets a port out to every address, or where one of the group's two policies is not written", () => {
    const open = region({ rules: { web: allowRule({ protocol: "tcp", destination_port: "443" }), rest: denyRest } });
    expect(nodesToInternet(open)).toMatch(
      /^violated: possible on any port: .* \(TCP 443\) through .* and openstack_fw_rule_v2\.web and openstack_networking_router_v2\.r$/,
    );
    // The port written as a number is the same string argument, as Terraform converts it.
    const byNumber = region({ rules: { web: allowRule({ protocol: "tcp", destination_port: 443 }), rest: denyRest } });
    expect(nodesToInternet(byNumber)).toBe(nodesToInternet(open));
    // Which of the two FWaaS applies to what leaves the subnet is not assumed: a group with one policy leaves the other way open.
    const oneWay = region({
      group: { egress_firewall_policy_id: "${openstack_fw_policy_v2.p.id}", ports: ["${openstack_networking_router_interface_v2.ri.port_id}"] },
    });
    expect(nodesToInternet(oneWay)).toMatch(/through .* and openstack_fw_group_v2\.g \(no ingress_firewall_policy\)/);
    // A rule that decides part of the traffic (one source among others, a disabled one) leaves the rest to the next.
    const partial = region({ rules: { other: { action: "deny", protocol: "any", source_ip_address: "10.0.16.0/24" }, off: { ...denyRest, enabled: false } } });
    expect(nodesToInternet(partial)).toBe("holds: no path on any port; stopped by openstack_fw_group_v2.g");
    const allowedFirst = region({ rules: { off: { ...denyRest, enabled: false }, all: allowRule({ protocol: "any" }) } });
    expect(nodesToInternet(allowedFirst)).toMatch(/^violated: .*\(TCP any; UDP any\) through .* and openstack_fw_rule_v2\.all/);
  });

  it("is not evaluable where a rule's address is known only at apply, and holds with no router to the Internet", () => {
    // An action known only at apply may be allow.
    const unknownAction = region({ rules: { web: { ...denyRest, action: "${var.action}" } } });
    expect(nodesToInternet(unknownAction)).toMatch(/^not-evaluable: .*openstack_fw_rule_v2\.web \(known only at apply\)$/);
    const unknown = region({ rules: { web: allowRule({ destination_ip_address: "${var.allowed}" }), rest: denyRest } });
    expect(nodesToInternet(unknown)).toBe(
      "not-evaluable: no path on any port through the known rules, but what the flows cannot judge may open it: openstack_fw_rule_v2.web (known only at apply)",
    );
    const { openstack_fw_group_v2: _, ...unfiltered } = region({ gateway: false });
    expect(nodesToInternet(unfiltered)).toBe(
      "holds: no path on any port; stopped by no router with an external gateway on openstack_networking_subnet_v2.nodes",
    );
  });

  it("is violated where the cluster names no network: Magnum makes one, with a router to the external network", () => {
    const ownNetwork = region({ cluster: { name: "c", cluster_template_id: "template-made-elsewhere" } });
    expect(nodesToInternet(ownNetwork)).toMatch(/^violated: .* through .* and the network Magnum makes for openstack_containerinfra_cluster_v1\.c/);
  });
});

describe("the flows of a repository", () => {
  it("are judged root module by root module: one's router gives another no way out", async () => {
    const repository = mkdtempSync(join(tmpdir(), "eds-flows-repository-"));
    const root = (folder: string, text: string) => {
      mkdirSync(join(repository, folder));
      writeFileSync(join(repository, folder, "main.tf"), `provider "openstack" {}\n${text}`);
    };
    root(
      "gateway",
      'resource "openstack_networking_router_v2" "r" {\n  name                = "r"\n  external_network_id = "00000000-0000-0000-0000-000000000001"\n}\n',
    );
    root(
      "servers",
      [
        'resource "openstack_networking_secgroup_v2" "web" {\n  name        = "web"\n  description = "web"\n}',
        'resource "openstack_compute_instance_v2" "vm" {\n  name            = "vm"\n  security_groups = ["web"]\n}',
      ].join("\n"),
    );
    const analyses = await flowsOfPaths([repository], { settings: defaultSettings(testToday) });
    expect(analyses.map(({ subject, analysis }) => [subject, analysis.verdicts.map((v) => `${v.requirement.id} ${v.status}`)])).toEqual([
      [`${repository}: gateway`, []],
      [`${repository}: servers`, ["internet-to-web holds", "web-to-internet holds"]],
    ]);
  });
});

describe("what the check reports", () => {
  it("forbids a workspace every service zone the region declares", () => {
    const zones = { objectStorage: ["10.50.1.0/24"], keyManager: ["10.50.2.0/24"], identity: ["10.50.3.0/24"], apiServer: ["10.50.4.0/24"] };
    const workspaces: Endpoint = { name: "workspaces", pods: { namespaceLabels: { "eds-regional/kind": "workspace" } } };
    expect(Object.keys(verdicts({}, [], zones, { workspaces }))).toEqual([
      "workspace-to-internet",
      "workspace-to-objectStorage",
      "workspace-to-keyManager",
      "workspace-to-identity",
      "workspace-to-apiServer",
      "workspace-to-other-workspace",
    ]);
  });

  it("fails a region where a forbidden flow is possible, as one where a needed flow is not", () => {
    const resources: Resources = {
      openstack_networking_router_v2: { r: { name: "r", external_network_id: "00000000-0000-0000-0000-000000000001" } },
      openstack_networking_secgroup_v2: { web: { name: "web", description: "web", delete_default_rules: true } },
      openstack_networking_secgroup_rule_v2: { ssh: sshFromAnywhere("${openstack_networking_secgroup_v2.web.id}") },
      openstack_networking_port_v2: { p: { name: "p", network_id: "n", security_group_ids: ["${openstack_networking_secgroup_v2.web.id}"] } },
      openstack_networking_floatingip_v2: { f: { pool: "ext", port_id: "${openstack_networking_port_v2.p.id}" } },
    };
    const region = { subject: "region", analysis: analyseFlows([configuration(resources)], { zones: {}, roles: {}, intended: [] }) };
    expect(flowsFail([region])).toBe(true);
    expect(flowsSummary(region)).toBe("flows region: FAIL (0 of 0 needed flows possible, 1 of 2 forbidden flows impossible)");
  });
});

describe("the flows of a synthesized region", () => {
  const outdir = join(mkdtempSync(join(tmpdir(), "eds-flows-")), "out");
  const result = synthesizeRegions({ outdir, today: testToday });
  const folders = result.regions.flatMap((region) => stackFoldersOf(result, region));
  const analyse = () => flowsOfPaths(folders, { settings: defaultSettings(testToday) });

  it("makes every flow its constructs need possible and every forbidden flow impossible", async () => {
    const { analysis } = (await analyse())[0]!;
    const byStatus = (status: string) => analysis.verdicts.filter((v) => v.status === status).map((v) => v.requirement.id);
    expect(byStatus("violated")).toEqual([]);
    expect(byStatus("not-evaluable")).toEqual([]);
    // The default region runs Magnum, whose nodes' security groups let every packet out: the firewall group on the nodes
    // subnet's router interface keeps them from the Internet.
    const nodes = analysis.verdicts.find((v) => v.requirement.id.endsWith("-nodes-to-internet"))!;
    expect(nodes).toMatchObject({
      status: "holds",
      detail: expect.stringMatching(/^no path on any port; stopped by openstack_fw_group_v2\.Eds_NodesEgress_Group_/),
    });
    expect(byStatus("holds")).toEqual(
      expect.arrayContaining([
        "administrators-to-bastion",
        "ingestion-to-pseudonymisation",
        "workspace-to-internet",
        "workspace-to-other-workspace",
        "only-ingestion-to-pseudonymisation",
      ]),
    );
    expect(analysis.verdicts.filter((v) => v.requirement.id.endsWith("-to-airlock")).length).toBeGreaterThan(0);
  });

  it("lets the nodes of Magnum reach the Internet once the firewall group on their subnet's router interface is gone", async () => {
    const foundation = folders.find((folder) => folder.endsWith("-foundation"))!;
    const file = join(foundation, "cdk.tf.json");
    const written = readFileSync(file, "utf8");
    const document = JSON.parse(written);
    delete document.resource.openstack_fw_group_v2;
    writeFileSync(file, JSON.stringify(document));
    const { analysis } = (await analyse())[0]!;
    writeFileSync(file, written);
    const violated = analysis.verdicts.filter((v) => v.status === "violated");
    expect(violated.map((v) => v.requirement.id)).toEqual([expect.stringMatching(/-nodes-to-internet$/)]);
    expect(violated[0]!.detail).toMatch(
      /through the security groups Magnum gives the nodes of .* \(every packet out\) and openstack_networking_router_v2\.Eds_Network_Router_/,
    );
  });

  it("names the NetworkPolicy whose loss blocks a needed flow", async () => {
    const platform = folders.find((folder) => folder.endsWith("-platform"))!;
    const file = join(platform, "cdk.tf.json");
    const document = JSON.parse(readFileSync(file, "utf8"));
    const policies = document.resource.kubernetes_network_policy_v1;
    const submissions = Object.keys(policies).find((name) => name.startsWith("Eds_Namespace-airlock_Ingress-submissions-from-workspaces"))!;
    delete policies[submissions];
    writeFileSync(file, JSON.stringify(document));
    const { analysis } = (await analyse())[0]!;
    const blocked = analysis.verdicts.filter((v) => v.status === "violated");
    expect(blocked.map((v) => v.requirement.id)).toEqual([expect.stringMatching(/-to-airlock$/)]);
    expect(blocked[0]!.detail).toMatch(/stopped by kubernetes_network_policy_v1\.Eds_Namespace-airlock_DefaultDeny/);
  });
});

describe("the flows, case by case: protocols, remote groups, members' addresses, IPv6, selectors and the report", () => {
  const onSubnet = (groups: string[], subnet: string, extra: Record<string, unknown> = {}) => ({
    security_group_ids: groups.map((name) => `\${openstack_networking_secgroup_v2.${name}.id}`),
    fixed_ip: [{ subnet_id: `\${openstack_networking_subnet_v2.${subnet}.id}` }],
    ...extra,
  });
  /** An instance in group web behind a floating IP, web's one ingress rule being `extra` (TCP unless it says otherwise). */
  const exposed = (extra: Record<string, unknown>): Resources => ({
    openstack_networking_router_v2: router,
    openstack_networking_secgroup_v2: { web: group("web") },
    openstack_networking_secgroup_rule_v2: { rule: rule("web", "ingress", extra) },
    openstack_compute_instance_v2: { vm: { name: "vm", security_groups: ["web"] } },
    openstack_compute_floatingip_associate_v2: { f: { floating_ip: "203.0.113.10", instance_id: "${openstack_compute_instance_v2.vm.id}" } },
  });
  const fromInternet = (port: number, protocol: "TCP" | "UDP" = "TCP") => ({
    id: `${protocol} ${port}`,
    from: { name: "the Internet", internet: true } as Endpoint,
    to: members("web"),
    port,
    protocol,
    expect: "impossible" as const,
  });

  it("reads UDP by its protocol number 17, as TCP by 6", () => {
    const dns = exposed({ protocol: "17", port_range_min: 53, port_range_max: 53, remote_ip_prefix: "0.0.0.0/0" });
    expect(verdicts(dns, [fromInternet(53, "UDP"), fromInternet(53, "TCP")])).toMatchObject({ "UDP 53": "violated", "TCP 53": "holds" });
  });

  it("cannot judge a rule whose port_range_max, protocol or ethertype is known only at apply", () => {
    const anywhere = { remote_ip_prefix: "0.0.0.0/0" };
    // Judged with the unknown left out, each would open SSH: a range 22-22, every protocol, an IPv4 rule.
    for (const unknown of [
      { port_range_min: 22, port_range_max: "${var.last_port}" },
      { protocol: "${var.protocol}", port_range_min: 22, port_range_max: 22 },
      { port_range_min: 22, port_range_max: 22, ethertype: "${var.ethertype}" },
    ])
      expect(verdicts(exposed({ ...anywhere, ...unknown }), [fromInternet(22)]), JSON.stringify(unknown)).toMatchObject({
        "TCP 22": "not-evaluable",
        "internet-to-web": "not-evaluable",
      });
  });

  it("reads an empty or null remote group as no remote: any address, the Internet's too", () => {
    for (const remote_group_id of ["", null])
      expect(verdicts(exposed({ port_range_min: 22, port_range_max: 22, remote_group_id }), [fromInternet(22)])).toMatchObject({ "TCP 22": "violated" });
  });

  it("admits a member by the addresses of its subnet only: another subnet's port is not in the prefix", () => {
    const resources: Resources = {
      openstack_networking_subnet_v2: { app: { cidr: "10.40.2.0/24" }, db: { cidr: "10.40.3.0/24" }, other: { cidr: "10.40.4.0/24" } },
      openstack_networking_secgroup_v2: {
        app: group("app", { delete_default_rules: false }),
        db: group("db"),
        other: group("other", { delete_default_rules: false }),
      },
      openstack_networking_secgroup_rule_v2: {
        fromApps: rule("db", "ingress", { port_range_min: 5432, port_range_max: 5432, remote_ip_prefix: "10.40.2.0/24" }),
      },
      openstack_networking_port_v2: { app: onSubnet(["app"], "app"), db: onSubnet(["db"], "db"), other: onSubnet(["other"], "other") },
    };
    expect(
      verdicts(resources, [
        { id: "app", from: members("app"), to: members("db"), port: 5432, expect: "possible" },
        { id: "other", from: members("other"), to: members("db"), port: 5432, expect: "impossible" },
      ]),
    ).toMatchObject({ app: "holds", other: "holds" });
  });

  it("opens by a remote-group rule its own ports only, whatever the source lets out", () => {
    const resources: Resources = {
      openstack_networking_subnet_v2: { app: { cidr: "10.40.2.0/24" }, db: { cidr: "10.40.3.0/24" } },
      openstack_networking_secgroup_v2: { app: group("app", { delete_default_rules: false }), db: group("db") },
      openstack_networking_secgroup_rule_v2: { fromApp: postgresFromApp },
      openstack_networking_port_v2: { app: onSubnet(["app"], "app"), db: onSubnet(["db"], "db") },
    };
    expect(
      verdicts(resources, [
        { id: "postgres", from: members("app"), to: members("db"), port: 5432, expect: "possible" },
        { id: "ssh", from: members("app"), to: members("db"), port: 22, expect: "impossible" },
      ]),
    ).toMatchObject({ postgres: "holds", ssh: "holds" });
  });

  it("reaches the Internet from an instance joined to an external network by uuid, with no floating IP", () => {
    const resources: Resources = {
      openstack_networking_network_v2: { public: { name: "public", external: true } },
      openstack_networking_secgroup_v2: { web: group("web") },
      openstack_networking_secgroup_rule_v2: { ssh: rule("web", "ingress", { port_range_min: 22, port_range_max: 22, remote_ip_prefix: "0.0.0.0/0" }) },
      openstack_compute_instance_v2: { vm: { name: "vm", security_groups: ["web"], network: [{ uuid: "${openstack_networking_network_v2.public.id}" }] } },
    };
    expect(verdicts(resources, [])).toEqual({ "internet-to-web": "violated", "web-to-internet": "holds" });
  });

  it("gives an interface attached to a network whose subnets are not declared any address, which a prefix may admit", () => {
    const resources: Resources = {
      openstack_networking_subnet_v2: { db: { cidr: "10.40.3.0/24" } },
      openstack_networking_secgroup_v2: { db: group("db") },
      openstack_networking_secgroup_rule_v2: {
        fromPrivate: rule("db", "ingress", { port_range_min: 5432, port_range_max: 5432, remote_ip_prefix: "10.0.0.0/8" }),
      },
      openstack_networking_port_v2: { db: onSubnet(["db"], "db") },
      openstack_compute_instance_v2: { vm: { name: "vm", network: [{ port: "${openstack_networking_port_v2.db.id}" }] } },
      openstack_compute_interface_attach_v2: {
        extra: { instance_id: "${openstack_compute_instance_v2.vm.id}", network_id: "00000000-0000-0000-0000-000000000004" },
      },
    };
    expect(verdicts(resources, [{ id: "attached-to-db", from: members("default"), to: members("db"), port: 5432, expect: "impossible" }])).toMatchObject({
      "attached-to-db": "violated",
    });
  });

  it("takes no router looked up for a gateway, even where a plan lists what it read, an empty external network", () => {
    const resources: Resources = {
      openstack_networking_secgroup_v2: { web: group("web", { delete_default_rules: false }) },
      openstack_networking_port_v2: { p: { name: "p", network_id: "n", security_group_ids: ["${openstack_networking_secgroup_v2.web.id}"] } },
    };
    const statuses = Object.fromEntries(
      analyseFlows([configuration(resources, { openstack_networking_router_v2: { existing: { name: "region", external_network_id: "" } } })], {
        zones: {},
        roles: {},
        intended: [],
      }).verdicts.map((v) => [v.requirement.id, v.status]),
    );
    expect(statuses["web-to-internet"]).toBe("not-evaluable");
  });

  it("admits through a remote group the address pairs of every member of it, not only the last one's", () => {
    const pairs = (ip_address: string) => ({
      network_id: "n",
      security_group_ids: ["${openstack_networking_secgroup_v2.front.id}"],
      allowed_address_pairs: [{ ip_address }],
    });
    const resources: Resources = {
      ...exposed({ port_range_min: 22, port_range_max: 22, remote_group_id: "${openstack_networking_secgroup_v2.front.id}" }),
      openstack_networking_secgroup_v2: { web: group("web"), front: group("front") },
      openstack_networking_port_v2: { a: pairs("198.51.100.7"), b: pairs("10.0.0.5") },
    };
    expect(verdicts(resources, [])).toMatchObject({ "internet-to-web": "violated" });
  });

  it("needs every member of the source group to reach the destination, not one of them", () => {
    const resources: Resources = {
      openstack_networking_subnet_v2: { app: { cidr: "10.40.2.0/24" }, db: { cidr: "10.40.3.0/24" }, other: { cidr: "10.40.4.0/24" } },
      openstack_networking_secgroup_v2: { app: group("app", { delete_default_rules: false }), db: group("db") },
      openstack_networking_secgroup_rule_v2: {
        fromApps: rule("db", "ingress", { port_range_min: 5432, port_range_max: 5432, remote_ip_prefix: "10.40.2.0/24" }),
      },
      // The second port of app sits on another subnet, which db does not admit.
      openstack_networking_port_v2: { app: onSubnet(["app"], "app"), stray: onSubnet(["app"], "other"), db: onSubnet(["db"], "db") },
    };
    const [verdict] = analyseFlows([configuration(resources)], {
      zones: {},
      roles: {},
      intended: [{ id: "app-to-db", why: "test", from: members("app"), to: members("db"), port: 5432, expect: "possible" }],
    }).verdicts;
    expect(verdict?.status).toBe("violated");
    expect(verdict?.detail).toContain("openstack_networking_port_v2.stray cannot on TCP 5432");
  });

  it("cannot judge a flow between pods whose destination's namespace has a policy known only at apply", () => {
    const resources: Resources = {
      kubernetes_deployment_v1: { client: deployment("apps", { app: "client" }), db: deployment("data", { app: "db" }) },
      kubernetes_network_policy_v1: {
        unknown: {
          metadata: { name: "unknown", namespace: "data" },
          spec: { pod_selector: { match_labels: "${var.selected}" }, policy_types: ["Ingress"] },
        },
      },
    };
    expect(verdicts(resources, [{ id: "client-to-db", from: pods("client", "apps"), to: pods("db", "data"), port: 5432, expect: "impossible" }])).toEqual({
      "client-to-db": "not-evaluable",
    });
  });

  it("cannot judge a flow between members whose source has an egress rule known only at apply", () => {
    const resources: Resources = {
      openstack_networking_subnet_v2: { app: { cidr: "10.40.2.0/24" }, db: { cidr: "10.40.3.0/24" } },
      openstack_networking_secgroup_v2: { app: group("app"), db: group("db") },
      openstack_networking_secgroup_rule_v2: {
        fromApp: postgresFromApp,
        maybeOut: rule("app", "egress", { port_range_min: 5432, port_range_max: 5432, remote_ip_prefix: "${var.database_cidr}" }),
      },
      openstack_networking_port_v2: { app: onSubnet(["app"], "app"), db: onSubnet(["db"], "db") },
    };
    expect(verdicts(resources, [{ id: "app-to-db", from: members("app"), to: members("db"), port: 5432, expect: "impossible" }])).toMatchObject({
      "app-to-db": "not-evaluable",
    });
  });

  it("follows a member's IPv6 rules toward the Internet only, not toward an IPv4 zone", () => {
    const resources: Resources = {
      openstack_networking_router_v2: router,
      openstack_networking_subnet_v2: { v6: { network_id: "n", cidr: "2001:db8:42::/64", ip_version: 6 }, v4: { network_id: "n", cidr: "10.40.2.0/24" } },
      openstack_networking_secgroup_v2: { web: group("web") },
      openstack_networking_secgroup_rule_v2: {
        ssh6: rule("web", "ingress", { ethertype: "IPv6", port_range_min: 22, port_range_max: 22, remote_ip_prefix: "::/0" }),
      },
      openstack_networking_port_v2: {
        p: onSubnet(["web"], "v4", {
          fixed_ip: [{ subnet_id: "${openstack_networking_subnet_v2.v4.id}" }, { subnet_id: "${openstack_networking_subnet_v2.v6.id}" }],
        }),
      },
    };
    expect(
      verdicts(resources, [{ id: "admins-to-web", from: zoneEndpoint("admins"), to: members("web"), port: 22, expect: "impossible" }], {
        admins: ["192.0.2.0/24"],
      }),
    ).toMatchObject({ "admins-to-web": "holds", "internet-to-web": "not-evaluable" });
  });
  it("cannot judge the IPv6 rules of a member behind a router looked up, which may have a gateway", () => {
    const resources: Resources = {
      openstack_networking_subnet_v2: { v6: { network_id: "n", cidr: "2001:db8:42::/64", ip_version: 6 } },
      openstack_networking_secgroup_v2: { web: group("web") },
      openstack_networking_secgroup_rule_v2: {
        ssh6: rule("web", "ingress", { ethertype: "IPv6", port_range_min: 22, port_range_max: 22, remote_ip_prefix: "::/0" }),
      },
      openstack_networking_port_v2: { p: onSubnet(["web"], "v6") },
    };
    const statuses = (data: Resources) =>
      Object.fromEntries(
        analyseFlows([configuration(resources, data)], { zones: {}, roles: {}, intended: [] }).verdicts.map((v) => [v.requirement.id, v.status]),
      );
    expect(statuses({})).toMatchObject({ "internet-to-web": "holds" });
    expect(statuses({ openstack_networking_router_v2: { existing: { name: "region" } } })).toMatchObject({ "internet-to-web": "not-evaluable" });
  });
  it("cannot judge a flow to a zone the region does not declare, and says so", () => {
    const [verdict] = analyseFlows([configuration({ kubernetes_deployment_v1: { db: deployment("data", { app: "db" }) } })], {
      zones: { admins: ["192.0.2.0/24"] },
      roles: {},
      intended: [{ id: "db-to-nowhere", why: "test", from: pods("db", "data"), to: zoneEndpoint("nowhere"), port: 443, expect: "impossible" }],
    }).verdicts;
    expect(verdict).toMatchObject({ status: "not-evaluable", detail: 'the region declares no zone "nowhere"' });
  });

  it("names why a flow between pods and instances, or between two zones, is not judged", () => {
    const resources: Resources = {
      kubernetes_deployment_v1: { db: deployment("data", { app: "db" }) },
      openstack_networking_secgroup_v2: { web: group("web") },
      openstack_compute_instance_v2: { vm: { name: "vm", security_groups: ["web"] } },
    };
    const details = analyseFlows([configuration(resources)], {
      zones: { admins: ["192.0.2.0/24"], logs: ["198.51.100.0/24"] },
      roles: {},
      intended: [
        { id: "pods-to-vm", why: "test", from: pods("db", "data"), to: members("web"), port: 443, expect: "impossible" },
        { id: "zones", why: "test", from: zoneEndpoint("admins"), to: zoneEndpoint("logs"), port: 443, expect: "impossible" },
      ],
    }).verdicts.map((v) => [v.requirement.id, v.status, v.detail]);
    expect(details).toEqual(
      expect.arrayContaining([
        ["pods-to-vm", "not-evaluable", "flows between pods and instances are not modelled: the pods' addresses are the cluster's"],
        ["zones", "not-evaluable", "a flow between two address zones does not cross the region"],
      ]),
    );
  });

  it("draws no endpoint reaching itself in the matrix", () => {
    const resources: Resources = {
      openstack_networking_subnet_v2: { s: { cidr: "10.40.0.0/24" } },
      openstack_networking_port_v2: {
        a: { name: "a", fixed_ip: [{ subnet_id: "${openstack_networking_subnet_v2.s.id}" }] },
        b: { name: "b", fixed_ip: [{ subnet_id: "${openstack_networking_subnet_v2.s.id}" }] },
      },
    };
    // Its two members reach each other through the default group: a self-pair would have ports to draw.
    expect(verdicts(resources, [{ id: "each-other", from: members("default"), to: members("default"), port: 22, expect: "possible" }])).toMatchObject({
      "each-other": "holds",
    });
    const { matrix } = analyseFlows([configuration(resources)], { zones: {}, roles: {}, intended: [] });
    expect(matrix.filter((cell) => cell.from === cell.to)).toEqual([]);
  });

  it("names the policy that stops pods from reaching addresses", () => {
    const resources: Resources = {
      kubernetes_deployment_v1: { tools: deployment("project-a", { app: "tools" }) },
      kubernetes_network_policy_v1: { deny: { metadata: { name: "deny", namespace: "project-a" }, spec: { pod_selector: {}, policy_types: ["Egress"] } } },
    };
    const [verdict] = analyseFlows([configuration(resources)], {
      zones: {},
      roles: {},
      intended: [{ id: "out", why: "test", from: pods("tools", "project-a"), to: { name: "the Internet", internet: true }, expect: "impossible" }],
    }).verdicts;
    expect(verdict).toMatchObject({ status: "holds", detail: "no path on any port; stopped by kubernetes_network_policy_v1.deny" });
  });

  it("cannot judge a policy whose peer selector, policy types or rule is known only at apply", () => {
    const policy = (spec: Record<string, unknown>): Resources => ({
      kubernetes_deployment_v1: { client: deployment("apps", { app: "client" }), db: deployment("data", { app: "db" }) },
      kubernetes_network_policy_v1: { p: { metadata: { name: "p", namespace: "data" }, spec: { pod_selector: {}, ...spec } } },
    });
    const clientToDb = [{ id: "client-to-db", from: pods("client", "apps"), to: pods("db", "data"), port: 5432, expect: "impossible" as const }];
    for (const spec of [
      { policy_types: ["Ingress"], ingress: [{ from: [{ pod_selector: { match_labels: "${var.clients}" } }] }] },
      { policy_types: ["${var.policy_type}"] },
      { policy_types: ["Ingress"], ingress: [{ from: [{ ip_block: { cidr: "${var.cidr}" } }] }] },
    ])
      expect(verdicts(policy(spec), clientToDb), JSON.stringify(spec)).toEqual({ "client-to-db": "not-evaluable" });
  });

  it("selects a namespace no resource declares by its kubernetes.io/metadata.name label", () => {
    const resources: Resources = {
      kubernetes_deployment_v1: { ingest: deployment("ingest", { app: "ingest" }), pseudo: deployment("pseudo", { app: "pseudo" }) },
      kubernetes_network_policy_v1: {
        p: {
          metadata: { name: "p", namespace: "pseudo" },
          spec: {
            pod_selector: {},
            policy_types: ["Ingress"],
            ingress: [{ from: [{ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "ingest" } } }] }],
          },
        },
      },
    };
    expect(verdicts(resources, [{ id: "ingest", from: pods("ingest", "ingest"), to: pods("pseudo", "pseudo"), port: 8443, expect: "possible" }])).toEqual({
      ingest: "holds",
    });
  });
  it("cannot judge a pod that a known policy isolates while another of its namespace is known only at apply", () => {
    const resources: Resources = {
      kubernetes_deployment_v1: { client: deployment("apps", { app: "client" }), db: deployment("data", { app: "db" }) },
      kubernetes_network_policy_v1: {
        deny: { metadata: { name: "deny", namespace: "data" }, spec: { pod_selector: {}, policy_types: ["Ingress"] } },
        maybe: {
          metadata: { name: "maybe", namespace: "data" },
          spec: { pod_selector: {}, policy_types: ["Ingress"], ingress: [{ from: [{ namespace_selector: { match_labels: "${var.allowed}" } }] }] },
        },
      },
    };
    expect(verdicts(resources, [{ id: "client-to-db", from: pods("client", "apps"), to: pods("db", "data"), port: 5432, expect: "impossible" }])).toEqual({
      "client-to-db": "not-evaluable",
    });
  });

  it("reaches every block of a rule's peers together: a zone two blocks cover is reached", () => {
    const resources: Resources = {
      kubernetes_deployment_v1: { db: deployment("data", { app: "db" }) },
      kubernetes_network_policy_v1: {
        out: {
          metadata: { name: "out", namespace: "data" },
          spec: {
            pod_selector: {},
            policy_types: ["Egress"],
            egress: [{ to: [{ ip_block: { cidr: "198.51.100.0/25" } }, { ip_block: { cidr: "198.51.100.128/25" } }], ports: [{ port: "443" }] }],
          },
        },
      },
    };
    expect(
      verdicts(resources, [{ id: "backups", from: pods("db", "data"), to: zoneEndpoint("backups"), port: 443, expect: "possible" }], {
        backups: ["198.51.100.0/24"],
      }),
    ).toEqual({ backups: "holds" });
  });

  it("never reads a namespaceSelector as admitting addresses outside the cluster", () => {
    const resources: Resources = {
      kubernetes_deployment_v1: { db: deployment("data", { app: "db" }) },
      kubernetes_network_policy_v1: {
        out: {
          metadata: { name: "out", namespace: "data" },
          spec: { pod_selector: {}, policy_types: ["Egress"], egress: [{ to: [{ namespace_selector: {} }] }] },
        },
      },
    };
    expect(verdicts(resources, [{ id: "out", from: pods("db", "data"), to: { name: "the Internet", internet: true }, expect: "impossible" }])).toEqual({
      out: "holds",
    });
  });

  it("opens every port of a protocol a port entry names alone, and a named port of that protocol", () => {
    const dns = deployment("kube-system", { app: "dns" });
    const resources: Resources = {
      kubernetes_deployment_v1: {
        client: deployment("apps", { app: "client" }),
        dns: {
          ...dns,
          spec: {
            ...dns.spec,
            template: {
              ...dns.spec.template,
              spec: { container: [{ name: "dns", image: "registry.example.fr/dns", port: [{ name: "dns", container_port: 53, protocol: "UDP" }] }] },
            },
          },
        },
      },
      kubernetes_network_policy_v1: {
        out: {
          metadata: { name: "out", namespace: "apps" },
          spec: { pod_selector: {}, policy_types: ["Egress"], egress: [{ ports: [{ protocol: "UDP", port: "dns" }] }] },
        },
        in: {
          metadata: { name: "in", namespace: "kube-system" },
          spec: { pod_selector: {}, policy_types: ["Ingress"], ingress: [{ ports: [{ protocol: "UDP" }] }] },
        },
      },
    };
    const client = pods("client", "apps");
    const toDns = pods("dns", "kube-system");
    expect(
      verdicts(
        resources,
        [
          { id: "udp", from: client, to: toDns, port: 53, protocol: "UDP", expect: "possible" },
          { id: "tcp", from: client, to: toDns, port: 53, protocol: "TCP", expect: "impossible" },
          { id: "admins-udp-high", from: zoneEndpoint("admins"), to: toDns, port: 5353, protocol: "UDP", expect: "possible" },
          { id: "admins-tcp", from: zoneEndpoint("admins"), to: toDns, port: 53, protocol: "TCP", expect: "impossible" },
        ],
        { admins: ["192.0.2.0/24"] },
      ),
    ).toEqual({ udp: "holds", tcp: "holds", "admins-udp-high": "holds", "admins-tcp": "holds" });
  });
  it("reads namespaceSelector expressions as Kubernetes does: NotIn and DoesNotExist select a namespace without the key (L01-L06)", () => {
    const resources = (expression: Record<string, unknown>): Resources => ({
      kubernetes_namespace_v1: {
        tools: namespace("tools", { team: "ops" }),
        lab: namespace("lab", { "eds-regional/kind": "workspace", team: "research" }),
      },
      kubernetes_deployment_v1: {
        db: deployment("data", { app: "db" }),
        tool: deployment("tools", { app: "tool" }),
        notebook: deployment("lab", { app: "notebook" }),
      },
      kubernetes_network_policy_v1: {
        p: {
          metadata: { name: "p", namespace: "data" },
          spec: { pod_selector: {}, policy_types: ["Ingress"], ingress: [{ from: [{ namespace_selector: { match_expressions: [expression] } }] }] },
        },
      },
    });
    const requirements = [
      { id: "tools", from: pods("tool", "tools"), to: pods("db", "data"), port: 5432, expect: "possible" as const },
      { id: "lab", from: pods("notebook", "lab"), to: pods("db", "data"), port: 5432, expect: "possible" as const },
    ];
    const judged = (expression: Record<string, unknown>) => verdicts(resources(expression), requirements);
    const reaches = (tools: boolean, lab: boolean) => ({ tools: tools ? "holds" : "violated", lab: lab ? "holds" : "violated" });
    expect(judged({ key: "eds-regional/kind", operator: "NotIn", values: ["workspace"] })).toEqual(reaches(true, false));
    expect(judged({ key: "eds-regional/kind", operator: "DoesNotExist", values: [] })).toEqual(reaches(true, false));
    expect(judged({ key: "eds-regional/kind", operator: "Exists", values: [] })).toEqual(reaches(false, true));
    expect(judged({ key: "team", operator: "In", values: ["ops", "finance"] })).toEqual(reaches(true, false));
    // An operator the API server refuses selects nothing here.
    expect(judged({ key: "team", operator: "Gt", values: ["1"] })).toEqual(reaches(false, false));
  });
  it("forbids pods outside ingestion's namespace the pseudonymisation service only when ingestion has one namespace (R04)", () => {
    const roles = {
      ingestion: { name: "ingestion", pods: { namespaceLabels: { "eds-regional/kind": "ingestion" } } } as Endpoint,
      pseudonymisation: pods("pseudonymisation", "pseudo"),
    };
    expect(verdicts({}, [], {}, roles)).toEqual({});
  });
  it("reports a needed flow made impossible as a failure, counts what is not evaluable, and lists only what does not hold (RP2-RP8)", () => {
    const resources: Resources = {
      openstack_networking_secgroup_v2: { web: group("web") },
      openstack_networking_secgroup_rule_v2: { maybe: rule("web", "ingress", { port_range_min: 22, port_range_max: 22, remote_ip_prefix: "${var.admins}" }) },
      openstack_networking_port_v2: { p: { name: "p", network_id: "n", security_group_ids: ["${openstack_networking_secgroup_v2.web.id}"] } },
      openstack_networking_floatingip_v2: { f: { pool: "ext", port_id: "${openstack_networking_port_v2.p.id}" } },
      openstack_networking_router_v2: router,
    };
    const analysis = analyseFlows([configuration(resources)], {
      zones: { admins: ["192.0.2.0/24"] },
      roles: {},
      intended: [{ id: "web-to-admins", why: "test", from: members("web"), to: zoneEndpoint("admins"), port: 443, expect: "possible" }],
    });
    const region = { subject: "region", analysis };
    // The needed flow is violated (web lets nothing out), internet-to-web is not evaluable, web-to-internet holds.
    expect(flowsSummary(region)).toBe("flows region: FAIL (0 of 1 needed flows possible, 1 of 2 forbidden flows impossible, 1 not evaluable)");
    expect(flowsFail([region])).toBe(true);
    expect(withNothingToCheck([region])).toEqual([]);
    // One verdict is something to check already.
    expect(withNothingToCheck([{ subject: "one", analysis: { ...analysis, verdicts: analysis.verdicts.slice(0, 1) } }])).toEqual([]);
    expect(withNothingToCheck([{ subject: "none", analysis: { ...analysis, verdicts: [] } }]).map((r) => r.subject)).toEqual(["none"]);
    const text = flowsText([region]);
    expect(text).toMatch(/^VIOLATED {2}needed {4}web-to-admins: /m);
    expect(text).toMatch(/^unknown {3}forbidden internet-to-web: /m);
    expect(text).not.toContain("web-to-internet");
    expect(flowsText([region], { all: true })).toMatch(/^ok {8}forbidden web-to-internet: /m);
  });
  it("draws a forbidden flow that is possible in red (RP6)", () => {
    const resources: Resources = {
      openstack_networking_router_v2: router,
      openstack_networking_secgroup_v2: { web: group("web") },
      openstack_networking_secgroup_rule_v2: { ssh: sshFromAnywhere("${openstack_networking_secgroup_v2.web.id}") },
      openstack_networking_port_v2: { p: { name: "p", network_id: "n", security_group_ids: ["${openstack_networking_secgroup_v2.web.id}"] } },
      openstack_networking_floatingip_v2: { f: { pool: "ext", port_id: "${openstack_networking_port_v2.p.id}" } },
    };
    const dot = flowsDot({ subject: "region", analysis: analyseFlows([configuration(resources)], { zones: {}, roles: {}, intended: [] }) });
    expect(dot).toContain('"the Internet" -> "members of web" [label="TCP 22", color=red, fontcolor=red];');
  });
});
