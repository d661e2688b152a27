import { describe, expect, it } from "vitest";
import {
  block,
  blocks,
  dependsOn,
  interpolationsOf,
  isResourceReference,
  isUnknownValue,
  namesRead,
  readsInstanceKey,
  referencesRead,
} from "../../policies/lib/values";

describe("nested blocks as Terraform JSON writes them", () => {
  it("are an object or a list of objects, the first block first; nothing else in the list is a block", () => {
    const rules = [
      { direction: "ingress", port_range_min: 22 },
      { direction: "ingress", port_range_min: 443 },
    ];
    expect(blocks(rules[0])).toEqual([rules[0]]);
    expect(block(rules)).toEqual(rules[0]);
    expect(blocks([rules[0], [rules[1]], "${var.rule}", null])).toEqual([rules[0]]);
  });
});

describe("a whole value that is one reference to a resource", () => {
  it("names a resource or data source type, <provider>_<name>, or one inside a called module, down to an attribute", () => {
    for (const text of [
      "${openstack_networking_network_v2.internal.id}",
      "${data.openstack_images_image_v2.debian.id}",
      "${openstack_compute_instance_v2.node[0].access_ip_v4}",
      '${openstack_compute_instance_v2.node["a"].network[0].fixed_ip_v4}',
      "${openstack_compute_instance_v2.node.*.id}",
      "${module.network[0].openstack_networking_network_v2.internal.id}",
    ])
      expect(isResourceReference(text), text).toBe(true);
  });

  it("is not a variable, a local, an iteration's value, a module's output, a function or a template: those are unknown values", () => {
    for (const text of [
      "${var.network_id}",
      "${local.network.id}",
      "${each.value.id}",
      "${count.index}",
      "${path.module}",
      "${terraform.workspace}",
      "${self.id}",
      "${module.network.id}",
      "${data.http.admin_cidr.response_body}",
      "${upper(openstack_networking_network_v2.internal.name)}",
      "${openstack_networking_network_v2.internal.id}-port",
    ]) {
      expect(isResourceReference(text), text).toBe(false);
      expect(isUnknownValue(text), text).toBe(true);
    }
  });
});

describe("the names an expression reads alone", () => {
  it("are its variables, locals and modules' outputs, where each interpolation reads nothing else, through functions, conditions and for expressions", () => {
    expect(namesRead("${var.source}")).toEqual(["var.source"]);
    expect(namesRead("${cidrsubnet(var.base, 8, 1)}")).toEqual(["var.base"]);
    expect(namesRead('${var.base != "" ? var.base : "192.0.2.0/24"}')).toEqual(["var.base", "var.base"]);
    expect(namesRead("${var.a}-${local.b}")).toEqual(["var.a", "local.b"]);
    expect(namesRead("${{ for server in var.servers : server.name => server }}")).toEqual(["var.servers"]);
    expect(namesRead("${module.cfg.config.groups}")).toEqual(["module.cfg.output.config"]);
  });

  it("are none where one reads anything else, or nothing", () => {
    for (const text of ["${path.root}", "${var.a}-${terraform_data.x.id}", "${each.value}", "${[for x in [1] : x.a]}", "plain", "${1 + 2}"])
      expect(namesRead(text), text).toBeUndefined();
  });

  it("tell an instance's each or count.index, which the reader follows to the count or for_each, from the rest", () => {
    expect(referencesRead("${each.value}")?.map(readsInstanceKey)).toEqual([true]);
    expect(referencesRead("10.0.${count.index}.0/24-${var.zone}")?.map(readsInstanceKey)).toEqual([true, false]);
    expect(referencesRead("${each.value}-${path.module}")?.map(readsInstanceKey)).toEqual([true, false]);
  });

  it("read from the root of each reference, for expressions' own names left out", () => {
    expect(referencesRead('${"${path.root}/${var.file}"}')).toEqual(["path.root", "var.file"]);
    expect(referencesRead("${[for r in var.rules : r.port]}")).toEqual(["var.rules"]);
    expect(referencesRead("${1 + 2}")).toBeUndefined();
    // An interpolation runs to the brace that closes it: what an object written inside it is followed by counts too.
    expect(referencesRead("${merge(var.a, { x = 1 }, terraform_data.b.id)}")).toEqual(["var.a", "terraform_data.b.id"]);
    expect(namesRead("${merge(var.a, { x = 1 }, terraform_data.b.id)}")).toBeUndefined();
    expect(referencesRead("$${var.escaped}")).toBeUndefined();
  });

  it("end at an index, or are read through it, the index left out", () => {
    const text =
      '${data.talos_machine_configuration.nodes["cp-0"].machine_configuration} ${openstack_containerinfra_cluster_v1.k8s.kubeconfig[0].raw_config} ${var.list[0]}';
    expect(referencesRead(text)).toEqual(["data.talos_machine_configuration.nodes", "openstack_containerinfra_cluster_v1.k8s.kubeconfig", "var.list"]);
    expect(referencesRead(text, true)).toEqual([
      "data.talos_machine_configuration.nodes.machine_configuration",
      "openstack_containerinfra_cluster_v1.k8s.kubeconfig.raw_config",
      "var.list",
    ]);
  });

  it("leave out the literal text of quoted strings, not the expressions in them", () => {
    expect(referencesRead('${yamldecode(templatefile("pod.yaml.tftpl", { ctx = var.sc }))}')).toEqual(["var.sc"]);
    expect(namesRead('${yamldecode(templatefile("pod.yaml.tftpl", { ctx = var.sc }))}')).toEqual(["var.sc"]);
    expect(referencesRead('${"a.b ${lookup(var.m, "c.d")} %{if local.on}e.f%{endif}"}')).toEqual(["var.m", "local.on"]);
    expect(namesRead('${lookup(var.m, "a.b")}')).toEqual(["var.m"]);
    expect(namesRead('${yamldecode(templatefile("${path.module}/pod.yaml.tftpl", { ctx = var.sc }))}')).toEqual(["var.sc"]);
    expect(referencesRead('${"say \\"g.h\\" $${var.text} %%{if var.text}"}')).toBeUndefined();
    expect(referencesRead('${"i.j"}')).toBeUndefined();
  });
});

describe("the interpolations of a value, as its messages quote them", () => {
  it("takes each one whole, past the braces of objects and the strings and interpolations written within it", () => {
    expect(interpolationsOf("${var.a}-${var.b}")).toEqual(["${var.a}", "${var.b}"]);
    expect(interpolationsOf('${merge(var.b, { c = "}" })}/x')).toEqual(['${merge(var.b, { c = "}" })}']);
    expect(interpolationsOf('${var.on ? templatefile("${local.dir}/a.tftpl", { n = var.n }) : ""}')).toEqual([
      '${var.on ? templatefile("${local.dir}/a.tftpl", { n = var.n }) : ""}',
    ]);
    expect(interpolationsOf('${"a\\"b"}${var.c}')).toEqual(['${"a\\"b"}', "${var.c}"]);
    expect(interpolationsOf("${var.open")).toEqual(["${var.open"]);
  });

  it("never quotes the literal text around them", () => {
    expect(dependsOn("password=hunter2-${var.suffix}")).toBe("${var.suffix}");
  });
});
