import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ConfigIssue } from "../../lib/issues";
import { loadEnvironments, loadWithPeers } from "../../config/load";
import {
  defaultEnvironmentText,
  editedEnvironment,
  environmentFolder,
  issuesAfterEdit,
  loadIssues,
  minimalEnvironment,
  onlyIssue,
  testToday,
} from "../helpers/environments";

/** The one issue of loading a single file. */
const issueOf = (text: string, name = "nouvelle-aquitaine.yaml"): ConfigIssue => onlyIssue(loadIssues({ [name]: text }));

describe("loading environment files", () => {
  it("accepts the minimal environment and fills in secure defaults", () => {
    const folder = environmentFolder({ "minimal.yaml": minimalEnvironment });
    const [region] = loadEnvironments([join(folder, "minimal.yaml")], { today: testToday });
    const { config } = region!;
    expect(config.bastion).toMatchObject({ flavor: "s1.small", image: "debian-12-hardened" });
    expect(config.provider.services).toEqual({ magnum: "none", octavia: true, barbican: true, designate: false, fwaas: false });
    expect(config.kubernetes.engine).toBe("rke2");
    expect(config.bastion.administrators.map((admin) => admin.login)).toEqual(["ops-minimal"]);
    expect(config.kubernetes.nodeGroups).toEqual([{ name: "workers", count: 3, flavor: "r2.large", role: "workers" }]);
    expect(config.state.bucket).toBe("minimal-terraform-state");
    expect(config.provider.qualifiedRegions).toEqual(["fr-test-1"]);
    // The names the cluster DNS forwards: the catalogue's zone is the authUrl's host without its first label.
    expect(config.services.apiNames).toEqual(["cloud.example.fr", "identity.cloud.example.fr", "s3.cloud.example.fr"]);
  });

  it("takes the zone of the catalogue's endpoints as declared, when the provider's APIs are not under its identity's", () => {
    const folder = environmentFolder({ "minimal.yaml": minimalEnvironment.replace(/^(\s*)authUrl: (.*)$/m, "$1authUrl: $2\n$1apiZone: api.example.fr") });
    const [region] = loadEnvironments([join(folder, "minimal.yaml")], { today: testToday });
    // The identity and S3 endpoints are resolved too, under that zone or not.
    expect(region!.config.services.apiNames).toEqual(["api.example.fr", "identity.cloud.example.fr", "s3.cloud.example.fr"]);
  });

  it("fails on a YAML syntax error, with its line", () => {
    const issue = issueOf("id: nouvelle-aquitaine\nname: [unclosed\nprovider: {}\n");
    expect(issue.message).toMatch(/^invalid YAML: /);
    expect(issue.line).toBeGreaterThanOrEqual(2);
  });

  it("fails on an alias to no anchor, aliases that expand without end, and several documents, as invalid YAML", () => {
    expect(issueOf("id: nouvelle-aquitaine\nname: *nowhere\n").message).toMatch(/^invalid YAML: Unresolved alias/);
    const laughs = ["a: &a [x, x, x, x, x, x, x, x, x]", "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]", "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]"];
    expect(issueOf(`${[...laughs, "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]"].join("\n")}\n`).message).toMatch(/^invalid YAML: Excessive alias count/);
    expect(issueOf("id: a\n---\nid: b\n").message).toBe("invalid YAML: the file holds several YAML documents (---); expected one");
  });

  it("takes a file beside the named one that is no region (a compose file, notes) for no peer", () => {
    const folder = environmentFolder({
      "nouvelle-aquitaine.yaml": defaultEnvironmentText(),
      "docker-compose.yml": "services:\n  web:\n    image: nginx\n",
      "notes.yaml": "- [unclosed\n",
    });
    expect(loadWithPeers([join(folder, "nouvelle-aquitaine.yaml")], { today: testToday }).regions.map((region) => region.config.id)).toEqual([
      "nouvelle-aquitaine",
    ]);
  });

  it("refuses a log store authority that is not one PEM certificate, naming the field", () => {
    const issue = issueOf(editedEnvironment((doc) => doc.setIn(["logging", "store", "caCertificate"], "not a certificate")));
    expect(issue).toMatchObject({ path: ["logging", "store", "caCertificate"], message: expect.stringMatching(/expected one PEM certificate/) });
  });

  it("fails on an empty file", () => {
    expect(issueOf("# only a comment\n")).toMatchObject({
      line: 1,
      column: 1,
      message: expect.stringMatching(/^the file is empty; expected a region environment/),
    });
  });

  it("fails on a wrong type, naming the path, the line and what was expected", () => {
    const text = editedEnvironment((doc) => doc.setIn(["kubernetes", "nodeGroups", 0, "count"], "three"));
    const issue = issueOf(text);
    expect(issue.path).toEqual(["kubernetes", "nodeGroups", 0, "count"]);
    expect(issue.message).toBe('expected a number, got "three"');
    expect(text.split("\n")[issue.line - 1]).toContain("count: three");
  });

  it("fails on an unknown key and suggests the closest one", () => {
    const text = editedEnvironment((doc) => {
      doc.setIn(["network", "adminCidr"], ["192.0.2.0/28"]);
    });
    const issues = loadIssues({ "nouvelle-aquitaine.yaml": text });
    const unknown = issues.find((issue) => issue.message.startsWith("unknown key"))!;
    expect(unknown.message).toBe('unknown key "adminCidr"; did you mean "adminCidrs"?');
    expect(unknown.path).toEqual(["network", "adminCidr"]);
    expect(text.split("\n")[unknown.line - 1]).toMatch(/^\s*adminCidr:/);
  });

  it("fails on a missing required key", () => {
    const issue = issueOf(editedEnvironment((doc) => doc.deleteIn(["bastion", "administrators"])));
    expect(issue).toMatchObject({ path: ["bastion", "administrators"], message: "required, but missing; expected a list" });
  });

  it("fails on an invalid CIDR", () => {
    const issue = issueOf(editedEnvironment((doc) => doc.setIn(["network", "subnets", "dmz"], "10.40.1/24")));
    expect(issue).toMatchObject({ path: ["network", "subnets", "dmz"], message: 'expected an IPv4 CIDR such as 10.40.0.0/24, got "10.40.1/24"' });
  });

  it("fails on a CIDR that is not a network address", () => {
    const issue = issueOf(editedEnvironment((doc) => doc.setIn(["network", "subnets", "dmz"], "10.40.1.7/24")));
    expect(issue.message).toBe('"10.40.1.7/24" is not a network address; write 10.40.1.0/24');
  });

  it("fails on overlapping subnets", () => {
    const issue = issueOf(editedEnvironment((doc) => doc.setIn(["network", "subnets", "data"], "10.40.0.128/25")));
    expect(issue).toMatchObject({
      path: ["network", "subnets", "data"],
      message: "10.40.0.128/25 overlaps subnet admin (10.40.0.0/24); subnets must be disjoint",
    });
  });

  it("fails on a subnet outside the region's range", () => {
    const issue = issueOf(editedEnvironment((doc) => doc.setIn(["network", "subnets", "data"], "10.50.2.0/24")));
    expect(issue.message).toBe("10.50.2.0/24 lies outside the region's range 10.40.0.0/16");
  });

  it("fails on an address the pods reach that lies in the cluster's own pod network", () => {
    const issue = issueOf(editedEnvironment((doc) => doc.setIn(["network", "mirrors", 0, "cidr"], "10.100.7.0/24")));
    expect(issue).toMatchObject({
      path: ["network", "mirrors", 0, "cidr"],
      message: "10.100.7.0/24 overlaps the cluster's pods network 10.100.0.0/16, where the nodes route it into the cluster",
    });
  });

  it("fails on a debian mirror without its debian-security companion: the hosts would take no security update", () => {
    const issue = issueOf(
      editedEnvironment((doc) => {
        const mirrors = doc.getIn(["network", "mirrors"]) as { items: { get(key: string): unknown }[] };
        const index = mirrors.items.findIndex((mirror) => mirror.get("name") === "debian-security");
        doc.deleteIn(["network", "mirrors", index]);
      }),
    );
    expect(issue).toMatchObject({ path: ["network", "mirrors", 0], message: expect.stringMatching(/needs a debian-security mirror beside it/) });
  });

  it("fails on the log store in the cluster's Service network: the log shipper would never reach it", () => {
    const issue = issueOf(editedEnvironment((doc) => doc.setIn(["logging", "store", "cidr"], "10.254.0.10/32")));
    expect(issue).toMatchObject({
      path: ["logging", "store", "cidr"],
      message: expect.stringMatching(/overlaps the cluster's services network 10\.254\.0\.0\/16/),
    });
  });

  it("fails on more nodes than the nodes' subnet has addresses for, naming the largest group", () => {
    const issue = issueOf(editedEnvironment((doc) => doc.setIn(["kubernetes", "nodeGroups", 0, "count"], 100000)));
    expect(issue).toMatchObject({
      path: ["kubernetes", "nodeGroups", 0, "count"],
      message: expect.stringMatching(/^1000\d\d nodes do not fit the nodes' subnet 10\.40\.16\.0\/20, which has 4089 addresses for them$/),
    });
  });

  it("counts the nodes against the addresses left for them, at the boundary", () => {
    // A /28 holds 16 addresses, 7 of which are not a node's: 9 nodes fit, 10 do not. The region has 3 members of the
    // control plane and 2 workspace nodes beside its workers.
    const sized = (nodes: number) =>
      issuesAfterEdit((doc) => {
        doc.setIn(["network", "subnets", "nodes"], "10.40.16.0/28");
        doc.setIn(["kubernetes", "nodeGroups", 0, "count"], nodes - 5);
      });
    expect(sized(9).filter((issue) => issue.message.includes("do not fit"))).toEqual([]);
    expect(sized(10).map((issue) => issue.message)).toContain("10 nodes do not fit the nodes' subnet 10.40.16.0/28, which has 9 addresses for them");
  });

  it("fails on a port beyond 65535", () => {
    const issue = issueOf(editedEnvironment((doc) => doc.setIn(["logging", "store", "port"], 70000)));
    expect(issue).toMatchObject({ path: ["logging", "store", "port"], message: expect.stringMatching(/expected a port, 1 to 65535/) });
  });

  it("fails on 0.0.0.0/0 as an administrators' network", () => {
    const text = editedEnvironment((doc) => doc.setIn(["network", "adminCidrs", 1], "0.0.0.0/0"));
    const issue = issueOf(text);
    expect(issue).toMatchObject({
      path: ["network", "adminCidrs", 1],
      message: "0.0.0.0/0 opens the bastion to the whole Internet; list the administrators' networks instead",
    });
    expect(text.split("\n")[issue.line - 1]).toContain("0.0.0.0/0");
  });

  it("fails on a past validity date of the qualification or the certificate", () => {
    const issues = loadIssues({
      "nouvelle-aquitaine.yaml": editedEnvironment((doc) => {
        doc.setIn(["provider", "qualification", "secNumCloud", "validUntil"], "2026-11-27");
        doc.setIn(["provider", "qualification", "hds", "validUntil"], "2020-01-01");
      }),
    });
    expect(issues.map((issue) => issue.message)).toEqual([
      "the SecNumCloud qualification EXAMPLE-SNC-2025-001 expired on 2026-11-27 (today is 2026-11-28); renew the evidence or move the region to a qualified offer",
      "the HDS certificate EXAMPLE-HDS-0042 expired on 2020-01-01 (today is 2026-11-28); renew the evidence or move the region to a qualified offer",
    ]);
  });

  it("accepts a validity date of today", () => {
    expect(
      loadIssues({ "nouvelle-aquitaine.yaml": editedEnvironment((doc) => doc.setIn(["provider", "qualification", "hds", "validUntil"], testToday)) }),
    ).toEqual([]);
  });

  it("fails on an administrator declared twice, or with a system login", () => {
    const twice = issueOf(
      editedEnvironment((doc) => doc.setIn(["bastion", "administrators", 1, "login"], doc.getIn(["bastion", "administrators", 0, "login"]))),
    );
    expect(twice).toMatchObject({ path: ["bastion", "administrators", 1, "login"], message: '"ops-camille" is declared twice' });
    const system = issueOf(editedEnvironment((doc) => doc.setIn(["bastion", "administrators", 0, "login"], "root")));
    expect(system.message).toMatch(/^expected a personal login, not a system one/);
  });

  it("fails on a Magnum driver the project does not know", () => {
    const issue = issueOf(editedEnvironment((doc) => doc.setIn(["provider", "services", "magnum"], "k8s_fedora_coreos_v1")));
    expect(issue).toMatchObject({ path: ["provider", "services", "magnum"], message: 'expected one of "cluster-api", "none", got "k8s_fedora_coreos_v1"' });
  });

  it("fails when a cluster built from instances has no RKE2 mirror to install from", () => {
    const issue = issueOf(
      editedEnvironment((doc) => doc.setIn(["network", "mirrors"], []), "bretagne"),
      "bretagne.yaml",
    );
    expect(issue).toMatchObject({ path: ["network", "mirrors"], message: expect.stringMatching(/declare a mirror named "rke2"/) });
  });

  it("fails when Magnum's Cluster API driver would get a template without resolvers, which fails every cluster", () => {
    const issue = issueOf(
      editedEnvironment((doc) => doc.deleteIn(["provider", "dnsNameservers"]), "nouvelle-aquitaine"),
      "nouvelle-aquitaine.yaml",
    );
    expect(issue).toMatchObject({ path: ["provider", "dnsNameservers"], message: expect.stringMatching(/no dns_nameserver .*declare the region's resolvers/) });
  });

  it("fails when the id does not match the file name", () => {
    expect(issueOf(minimalEnvironment, "other.yaml").message).toBe('id "minimal" must match the file name (other); rename one of them');
  });

  it("fails on duplicate region ids across files", () => {
    const issues = loadIssues({
      "a.yaml": minimalEnvironment.replace("id: minimal", "id: a"),
      "b.yaml": minimalEnvironment.replace("id: minimal", "id: a").replace(/10\.99\./g, "10.98."),
    });
    expect(issues.map((issue) => issue.message)).toContain(`region id "a" is already used by ${issues[0]!.file.replace(/b\.yaml$/, "a.yaml")}`);
  });

  it("fails on overlapping address ranges between regions", () => {
    const issues = loadIssues({
      "a.yaml": minimalEnvironment.replace("id: minimal", "id: a"),
      "b.yaml": minimalEnvironment
        .replace("id: minimal", "id: b")
        .replace("range: 10.99.0.0/16", "range: 10.98.0.0/15")
        .replace(/10\.99\.(\d+)\.0\/(2\d)/g, "10.98.$1.0/$2"),
    });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      path: ["network", "range"],
      message: expect.stringMatching(/^10\.98\.0\.0\/15 overlaps the range 10\.99\.0\.0\/16 of .*a\.yaml; regions must not share addresses$/),
    });
  });

  it("reports every problem of every file in one pass", () => {
    const issues = loadIssues({
      "a.yaml": minimalEnvironment.replace("id: minimal", "id: a").replace("adminCidrs: [192.0.2.0/28]", "adminCidrs: [0.0.0.0/0]"),
      "b.yaml": "",
    });
    expect(issues.map((issue) => issue.file.split("/").pop())).toEqual(["a.yaml", "b.yaml"]);
  });

  describe("shared settings across regions", () => {
    const region = (id: string, octet: number, extra = "") =>
      minimalEnvironment.replace("id: minimal", `id: ${id}`).replace(/10\.99\./g, `10.${octet}.`) + extra;

    it("fails when a region sets a shared setting differently without recording a deviation", () => {
      const issues = loadIssues({ "a.yaml": region("a", 90), "b.yaml": region("b", 91), "c.yaml": region("c", 92, "logging:\n  retentionDays: 200\n") });
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({
        path: ["logging", "retentionDays"],
        message: "logging.retentionDays is 200 while 2 of 3 regions use 365; use the national value, or record a deviation with its reason and approver",
      });
      expect(issues[0]!.file).toMatch(/c\.yaml$/);
    });

    it("accepts the difference with a deviation that gives its reason and approver", () => {
      const deviation =
        "deviations:\n  - setting: logging.retentionDays\n    reason: the regional log store keeps two hundred days until its extension\n    approver: RSSI example region\n";
      expect(
        loadIssues({ "a.yaml": region("a", 90), "b.yaml": region("b", 91), "c.yaml": region("c", 92, `logging:\n  retentionDays: 200\n${deviation}`) }),
      ).toEqual([]);
    });

    it("fails on a deviation that is not needed", () => {
      const deviation =
        "deviations:\n  - setting: kubernetes.version\n    reason: pinned to the version the provider certified last\n    approver: RSSI example region\n";
      const issues = loadIssues({ "a.yaml": region("a", 90), "b.yaml": region("b", 91, deviation) });
      expect(issues.map((i) => i.message)).toEqual(['the deviation for kubernetes.version is not needed: the region uses the national value "v1.35.5"']);
    });
  });
});
