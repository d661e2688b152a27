import { describe, expect, it } from "vitest";
import { recoverUnknowns } from "../../policies/inputs/plan-unknowns";
import { knownAfterApply } from "../../policies/lib/values";
import type { SchemaBlock } from "../../policies/schema/provider-schema";

// Shapes as Terraform 1.11 writes them: jsonconfig/expression.go (marshalExpressions: an argument's constant or
// references; NestingList and NestingSet blocks as lists, NestingSingle as one object; nothing for `dynamic` blocks).
const reference = (...references: string[]) => ({ references });
const constant = (value: unknown) => ({ constant_value: value });

const schema: SchemaBlock = {
  attributes: {
    port_id: { type: "string" },
    remote_ip_prefix: { type: "string" },
    security_group_ids: { type: ["set", "string"] },
    labels: { type: ["map", "string"] },
  },
  block_types: {
    rule: { nesting_mode: "set", block: { attributes: { name: { type: "string" }, target_id: { type: "string" } } } },
    network: { nesting_mode: "list", block: { attributes: { uuid: { type: "string" }, port: { type: "string" }, mac: { type: "string", computed: true } } } },
  },
};

describe("values a plan leaves until apply", () => {
  it("become the reference the configuration reads only where it is one identifier of one thing", () => {
    const recovered = recoverUnknowns(
      {},
      { port_id: true, remote_ip_prefix: true },
      {
        port_id: reference("openstack_networking_port_v2.app[0].id", "openstack_networking_port_v2.app[0]", "openstack_networking_port_v2.app"),
        // "${openstack_networking_floatingip_v2.peer.address}/32": what the template makes of an address is not it.
        remote_ip_prefix: reference("openstack_networking_floatingip_v2.peer.address", "openstack_networking_floatingip_v2.peer"),
      },
      schema,
    );
    expect(recovered).toEqual({ port_id: "${openstack_networking_port_v2.app[0].id}", remote_ip_prefix: knownAfterApply });
    const twoThings = recoverUnknowns({}, { port_id: true }, { port_id: reference("a_b.x.id", "a_b.x", "a_b.y.id", "a_b.y") }, schema);
    expect(twoThings.port_id).toBe(knownAfterApply);
  });

  it("keep their shape: a map or set planned wholly unknown is not a reference, and a set may hold more than it reads", () => {
    const recovered = recoverUnknowns(
      {},
      { labels: true, security_group_ids: true },
      {
        labels: reference("openstack_networking_network_v2.net.id", "openstack_networking_network_v2.net"),
        security_group_ids: reference("openstack_networking_secgroup_v2.app.id", "openstack_networking_secgroup_v2.app"),
      },
      schema,
    );
    expect(recovered).toEqual({ labels: knownAfterApply, security_group_ids: ["${openstack_networking_secgroup_v2.app.id}", knownAfterApply] });
    // Without a schema, a value wholly unknown has no known shape.
    expect(recoverUnknowns({}, { port_id: true }, { port_id: reference("a_b.x.id", "a_b.x") }, undefined)).toEqual({ port_id: knownAfterApply });
  });

  it("keep what is known beside them: a list's literal elements, an object's other entries", () => {
    const recovered = recoverUnknowns(
      { ids: ["default", null], input: { name: "n" } },
      { ids: [false, true], input: { port_id: true, acl: true } },
      { ids: reference("a_b.x.id", "a_b.x"), input: reference("a_b.x.id", "a_b.x") },
      undefined,
    );
    // An entry that holds an identifier reads it; any other, such as an ACL templated on it, is something else.
    expect(recovered).toEqual({ ids: ["default", "${a_b.x.id}"], input: { name: "n", port_id: "${a_b.x.id}", acl: knownAfterApply } });
    // A manifest's keys are anyone's: a ConfigMap's `client_id` templated on an id is not that id.
    const configMap = { apiVersion: "v1", kind: "ConfigMap", data: { client_id: null } };
    expect(
      recoverUnknowns({ manifest: configMap }, { manifest: { data: { client_id: true } } }, { manifest: reference("a_b.x.id", "a_b.x") }, undefined),
    ).toEqual({ manifest: { ...configMap, data: { client_id: knownAfterApply } } });
    // `uuid()` reads nothing: jsonconfig writes `{}`.
    expect(recoverUnknowns({}, { name: true }, { name: {} }, undefined)).toEqual({ name: knownAfterApply });
  });

  it("leave unset what the configuration does not write (the provider computes it), but not what a dynamic block writes", () => {
    const recovered = recoverUnknowns(
      { name: "vm", network: [{ uuid: null }] },
      // mac: only the provider writes it, in a dynamic block as anywhere.
      { id: true, network: [{ uuid: true, mac: true }] },
      { name: constant("vm") },
      schema,
    );
    expect(recovered).toEqual({ name: "vm", network: [{ uuid: knownAfterApply }] });
    // A dynamic block over a collection of unknown length is planned wholly unknown (hcl ext/dynblock's unknown body).
    expect(recoverUnknowns({ name: "vm" }, { network: true }, { name: constant("vm") }, schema)).toEqual({ name: "vm", network: knownAfterApply });
    // A known collection is marked `[]`: nothing in it is left until apply, and nothing is added.
    expect(recoverUnknowns({ name: "vm" }, { rule: [], labels: {} }, { name: constant("vm") }, schema)).toEqual({ name: "vm" });
  });

  it("match a set's planned blocks to the configuration's by their constants, not by position", () => {
    // A set is planned in its own order: here the second block written comes first.
    const expressions = {
      rule: [
        { name: constant("first"), target_id: reference("a_b.one.id", "a_b.one") },
        { name: constant("second"), target_id: reference("a_b.two.id", "a_b.two") },
      ],
    };
    const planned = { rule: [{ name: "second" }, { name: "first" }] };
    expect(recoverUnknowns(planned, { rule: [{ target_id: true }, { target_id: true }] }, expressions, schema)).toEqual({
      rule: [
        { name: "second", target_id: "${a_b.two.id}" },
        { name: "first", target_id: "${a_b.one.id}" },
      ],
    });
    // Two blocks the constants cannot tell apart: neither reference is given to either.
    const alike = { rule: [{ target_id: reference("a_b.one.id", "a_b.one") }, { target_id: reference("a_b.two.id", "a_b.two") }] };
    expect(recoverUnknowns({ rule: [{}, {}] }, { rule: [{ target_id: true }, { target_id: true }] }, alike, schema)).toEqual({
      rule: [{ target_id: knownAfterApply }, { target_id: knownAfterApply }],
    });
  });

  it("take a list's blocks in order, unless a dynamic block adds some the configuration does not list", () => {
    const expressions = { network: [{ port: reference("a_b.one.id", "a_b.one") }] };
    expect(recoverUnknowns({ network: [{}] }, { network: [{ port: true }] }, expressions, schema)).toEqual({ network: [{ port: "${a_b.one.id}" }] });
    // A static block and a dynamic one: jsonconfig lists the static one only, and which planned block it is is not known.
    expect(recoverUnknowns({ network: [{}, {}] }, { network: [{ port: true }, { port: true }] }, expressions, schema)).toEqual({
      network: [{ port: knownAfterApply }, { port: knownAfterApply }],
    });
  });
});
