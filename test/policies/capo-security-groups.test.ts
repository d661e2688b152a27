import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkPaths } from "../../policies/check";
import { readConfigurations } from "../../policies/inputs/read";
import { securityGroupRuleType } from "../../policies/lib/openstack";
import { fixtureSettings } from "./fixture-runner";

/** A file of one object whose spec is the YAML given, indented as the spec's fields (or, for a template, its template's). */
function clusterFile(apiVersion: string, spec: string, kind = "OpenStackCluster"): string {
  const folder = mkdtempSync(join(tmpdir(), "eds-capo-"));
  const file = join(folder, "cluster.yaml");
  const body = kind === "OpenStackClusterTemplate" ? `spec:\n  template:\n    spec:\n${spec.replace(/^/gm, "    ")}` : `spec:\n${spec}`;
  writeFileSync(file, `apiVersion: infrastructure.cluster.x-k8s.io/${apiVersion}\nkind: ${kind}\nmetadata:\n  name: w\n  namespace: c\n${body}\n`);
  return file;
}

/** The security group rules read from a file, each as `address: arguments`. */
async function rulesOf(file: string): Promise<string[]> {
  const [configuration] = await readConfigurations([file], []);
  return (configuration?.resources ?? [])
    .filter((resource) => resource.type === securityGroupRuleType)
    .map(({ address, values }) => `${address}: ${JSON.stringify(values)}`);
}

const own = (group: string) => [
  `OpenStackCluster/c/w.managedSecurityGroups.${group}["Full open, IPv4"]: {"direction":"egress","ethertype":"IPv4","description":"Full open","security_group_id":"(the cluster's ${group} group)"}`,
  `OpenStackCluster/c/w.managedSecurityGroups.${group}["Full open, IPv6"]: {"direction":"egress","ethertype":"IPv6","description":"Full open","security_group_id":"(the cluster's ${group} group)"}`,
];
const kubernetesApi =
  'OpenStackCluster/c/w.managedSecurityGroups.controlplane["Kubernetes API"]: {"direction":"ingress","ethertype":"IPv4","description":"Kubernetes API","protocol":"tcp","port_range_min":6443,"port_range_max":6443,"security_group_id":"(the cluster\'s controlplane group)"}';

describe("the security group rules CAPO creates for a cluster", () => {
  it("are none where the cluster's groups are the configuration's own (managedSecurityGroups unset, or false in v1alpha7)", async () => {
    expect(await rulesOf(clusterFile("v1beta1", "  bastion: {}"))).toEqual([]);
    expect(await rulesOf(clusterFile("v1alpha7", "  managedSecurityGroups: false\n  bastion:\n    enabled: true"))).toEqual([]);
  });

  it("are CAPO's own in the control plane's and workers' groups for an empty managedSecurityGroups, and in v1alpha7 for true, with the NodePorts open to all", async () => {
    const expected = [...own("controlplane"), kubernetesApi, ...own("worker")];
    expect(await rulesOf(clusterFile("v1beta2", "  managedSecurityGroups: {}"))).toEqual(expected);
    const nodePorts = (["tcp", "udp"] as const).map(
      (protocol) =>
        `OpenStackCluster/c/w.managedSecurityGroups.worker["Node Port Services, ${protocol}"]: {"direction":"ingress","ethertype":"IPv4","description":"Node Port Services","protocol":"${protocol}","port_range_min":30000,"port_range_max":32767,"security_group_id":"(the cluster's worker group)"}`,
    );
    expect(await rulesOf(clusterFile("v1alpha7", "  managedSecurityGroups: true"))).toEqual([...expected, ...nodePorts]);
  });

  it("add the bastion's group, SSH from anywhere, when the bastion runs: an object unless enabled: false, or enabled: true in v1alpha7", async () => {
    const withBastion = (api: string, bastion: string) =>
      rulesOf(clusterFile(api, `  managedSecurityGroups: ${api === "v1alpha7" ? "true" : "{}"}\n${bastion}`));
    const bastionRules = (rules: string[]) => rules.filter((rule) => rule.includes(".bastion["));
    expect((await bastionRules(await withBastion("v1beta1", "  bastion:\n    spec: {}"))).map((rule) => rule.split(":")[0])).toEqual([
      'OpenStackCluster/c/w.managedSecurityGroups.bastion["Full open, IPv4"]',
      'OpenStackCluster/c/w.managedSecurityGroups.bastion["Full open, IPv6"]',
      'OpenStackCluster/c/w.managedSecurityGroups.bastion["SSH"]',
    ]);
    expect(bastionRules(await withBastion("v1beta1", "  bastion:\n    enabled: false"))).toEqual([]);
    expect(bastionRules(await withBastion("v1alpha7", "  bastion:\n    instance: {}"))).toEqual([]);
    expect(bastionRules(await withBastion("v1alpha7", "  bastion:\n    enabled: true"))).toHaveLength(3);
  });

  it("open the API load balancer's additional ports from anywhere, where the load balancer is enabled (v1beta2 under apiServer)", async () => {
    const additional = async (api: string, spec: string) =>
      (await rulesOf(clusterFile(api, `  managedSecurityGroups: {}\n${spec}`))).filter((rule) => rule.includes("Additional port"));
    expect(await additional("v1beta2", "  apiServer:\n    managedLoadBalancer:\n      additionalPorts: [8443]")).toEqual([
      'OpenStackCluster/c/w.managedSecurityGroups.controlplane["Additional port 8443"]: {"direction":"ingress","ethertype":"IPv4","description":"Additional port","protocol":"tcp","port_range_min":8443,"port_range_max":8443,"security_group_id":"(the cluster\'s controlplane group)"}',
    ]);
    expect(await additional("v1beta1", "  apiServerLoadBalancer:\n    additionalPorts: [8443]")).toHaveLength(1);
    expect(await additional("v1beta1", "  apiServerLoadBalancer:\n    enabled: false\n    additionalPorts: [8443]")).toEqual([]);
    // v1beta2 reads no apiServerLoadBalancer (the API server prunes it).
    expect(await additional("v1beta2", "  apiServerLoadBalancer:\n    additionalPorts: [8443]")).toEqual([]);
  });

  it("add the specification's rules to their groups, one per managed group a rule admits, and none without an etherType", async () => {
    const spec = [
      "  managedSecurityGroups:",
      "    allNodesSecurityGroupRules:",
      "      - name: bgp",
      "        direction: ingress",
      "        etherType: IPv4",
      "        protocol: tcp",
      "        portRangeMin: 179",
      "        portRangeMax: 179",
      "        remoteManagedGroups: [controlplane, worker]",
      "    workerNodesSecurityGroupRules:",
      "      - name: office",
      "        direction: ingress",
      "        etherType: IPv4",
      "        remoteIPPrefix: 192.0.2.0/24",
      "      - name: refused",
      "        direction: ingress",
      "        remoteIPPrefix: 0.0.0.0/0",
    ].join("\n");
    const written = (await rulesOf(clusterFile("v1beta1", spec))).filter((rule) => rule.includes("SecurityGroupRules["));
    expect(written).toEqual([
      'OpenStackCluster/c/w.managedSecurityGroups.controlplane["allNodesSecurityGroupRules[0], from controlplane"]: {"direction":"ingress","ethertype":"IPv4","protocol":"tcp","port_range_min":179,"port_range_max":179,"remote_group_id":"(the cluster\'s controlplane group)","security_group_id":"(the cluster\'s controlplane group)"}',
      'OpenStackCluster/c/w.managedSecurityGroups.controlplane["allNodesSecurityGroupRules[0], from worker"]: {"direction":"ingress","ethertype":"IPv4","protocol":"tcp","port_range_min":179,"port_range_max":179,"remote_group_id":"(the cluster\'s worker group)","security_group_id":"(the cluster\'s controlplane group)"}',
      'OpenStackCluster/c/w.managedSecurityGroups.worker["allNodesSecurityGroupRules[0], from controlplane"]: {"direction":"ingress","ethertype":"IPv4","protocol":"tcp","port_range_min":179,"port_range_max":179,"remote_group_id":"(the cluster\'s controlplane group)","security_group_id":"(the cluster\'s worker group)"}',
      'OpenStackCluster/c/w.managedSecurityGroups.worker["allNodesSecurityGroupRules[0], from worker"]: {"direction":"ingress","ethertype":"IPv4","protocol":"tcp","port_range_min":179,"port_range_max":179,"remote_group_id":"(the cluster\'s worker group)","security_group_id":"(the cluster\'s worker group)"}',
      'OpenStackCluster/c/w.managedSecurityGroups.worker["workerNodesSecurityGroupRules[0]"]: {"direction":"ingress","ethertype":"IPv4","remote_ip_prefix":"192.0.2.0/24","security_group_id":"(the cluster\'s worker group)"}',
    ]);
    // v1beta2 names the list of every node's rules clusterNodesSecurityGroupRules.
    const v1beta2 = spec.replace("allNodesSecurityGroupRules", "clusterNodesSecurityGroupRules");
    expect((await rulesOf(clusterFile("v1beta2", v1beta2))).filter((rule) => rule.includes("clusterNodesSecurityGroupRules[0]"))).toHaveLength(4);
    expect((await rulesOf(clusterFile("v1beta1", v1beta2))).filter((rule) => rule.includes("clusterNodesSecurityGroupRules[0]"))).toEqual([]);
  });

  it("are those of the clusters an OpenStackClusterTemplate gives, and none for a specification known only at apply", async () => {
    expect(await rulesOf(clusterFile("v1beta1", "  managedSecurityGroups: {}", "OpenStackClusterTemplate"))).toHaveLength(5);
    expect(await rulesOf(clusterFile("v1beta1", "  managedSecurityGroups: ${MANAGED_GROUPS}"))).toEqual([]);
  });

  it("are judged as the provider's rules, a finding pointing at the field that asks for the rule", async () => {
    const file = clusterFile(
      "v1beta1",
      [
        "  disableAPIServerFloatingIP: true",
        "  managedSecurityGroups:",
        "    workerNodesSecurityGroupRules:",
        "      - name: nodeport",
        "        description: A NodePort",
        "        direction: ingress",
        "        etherType: IPv4",
        "        protocol: tcp",
        "        portRangeMin: 30080",
        "        portRangeMax: 30080",
        "        remoteIPPrefix: 0.0.0.0/0",
      ].join("\n"),
    );
    const report = await checkPaths([file], { settings: fixtureSettings });
    const said = report.outcomes
      .filter((outcome) => outcome.policyId === "secgroup-public-web-ports-only" && outcome.status === "violation")
      .map(({ address, path, line, message }) => `${address} ${path} ${line}: ${message}`);
    expect(said).toEqual([
      'OpenStackCluster/c/w.managedSecurityGroups.controlplane["Kubernetes API"] spec.managedSecurityGroups 8: ingress from any address reaches 6443 (the Kubernetes API): only 80 and 443 may face the Internet',
      'OpenStackCluster/c/w.managedSecurityGroups.worker["workerNodesSecurityGroupRules[0]"] spec.managedSecurityGroups.workerNodesSecurityGroupRules[0].portRangeMin 15: ingress from 0.0.0.0/0 reaches 30080: only 80 and 443 may face the Internet',
    ]);
  });

  it("are those of what a ClusterClass makes of a cluster template it patches, for each Cluster using it, in place of the template's own", async () => {
    const folder = mkdtempSync(join(tmpdir(), "eds-capo-class-"));
    const file = join(folder, "class.yaml");
    const infra = "infrastructure.cluster.x-k8s.io/v1beta2";
    writeFileSync(
      file,
      [
        `apiVersion: ${infra}`,
        "kind: OpenStackClusterTemplate",
        "metadata: { name: t, namespace: c }",
        "spec:",
        "  template:",
        "    spec:",
        "      managedSecurityGroups: {}",
        "---",
        "apiVersion: cluster.x-k8s.io/v1beta2",
        "kind: ClusterClass",
        "metadata: { name: k, namespace: c }",
        "spec:",
        `  infrastructure: { templateRef: { apiVersion: ${infra}, kind: OpenStackClusterTemplate, name: t } }`,
        "  patches:",
        "    - name: bastion",
        "      enabledIf: '{{ .bastion }}'",
        "      definitions:",
        `        - selector: { apiVersion: ${infra}, kind: OpenStackClusterTemplate, matchResources: { infrastructureCluster: true } }`,
        "          jsonPatches:",
        "            - { op: add, path: /spec/template/spec/bastion, value: { spec: { flavor: m1.small } } }",
        ...["one", "two"].flatMap((name) => [
          "---",
          "apiVersion: cluster.x-k8s.io/v1beta2",
          "kind: Cluster",
          `metadata: { name: ${name}, namespace: c }`,
          `spec: { topology: { classRef: { name: k }, version: v1.33.1, variables: [{ name: bastion, value: ${name === "one"} }] } }`,
        ]),
      ].join("\n"),
    );
    const rules = (await rulesOf(file)).map((rule) => rule.slice(0, rule.indexOf(": ")));
    const of = (cluster: string) => `OpenStackClusterTemplate/c/t (as ClusterClass c/k makes it for Cluster c/${cluster}).managedSecurityGroups`;
    // Only the Cluster whose variable turns the bastion on gets its group, with SSH from anywhere; the template's own rules are gone.
    expect(rules.filter((rule) => rule.includes(".bastion["))).toEqual([
      `${of("one")}.bastion["Full open, IPv4"]`,
      `${of("one")}.bastion["Full open, IPv6"]`,
      `${of("one")}.bastion["SSH"]`,
    ]);
    expect(rules.filter((rule) => rule.startsWith("OpenStackClusterTemplate/c/t.managedSecurityGroups"))).toEqual([]);
    expect(rules.filter((rule) => rule.startsWith(of("two")))).toHaveLength(5);
    // The bastion's rules point at the patch that adds the bastion (line 20); the others at the template's groups (line 7).
    const [configuration] = await readConfigurations([file], []);
    const lineOf = (address: string) => configuration?.resources.find((resource) => resource.address === address)?.line;
    expect([lineOf(`${of("one")}.bastion["SSH"]`), lineOf(`${of("one")}.controlplane["Kubernetes API"]`)]).toEqual([20, 7]);
  });
});
