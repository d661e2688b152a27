import { Testing, TerraformStack } from "cdktf";
import type { Construct } from "constructs";

/** A synthesized Terraform JSON document, with helpers to read resources and follow references. */
export class TerraformJson {
  constructor(
    readonly document: Record<string, any>,
    /** The stack it was synthesized from, when built by `of`: its constructs' metadata. */
    readonly stack?: TerraformStack,
  ) {}

  /** Synthesizes whatever `build` adds to a fresh stack. */
  static of(build: (scope: Construct) => void): TerraformJson {
    const app = Testing.app();
    const stack = new TerraformStack(app, "test");
    build(stack);
    return new TerraformJson(JSON.parse(Testing.synth(stack)), stack);
  }

  static parse(text: string): TerraformJson {
    return new TerraformJson(JSON.parse(text));
  }

  /** Every resource of a type, as [name, body]. */
  resources(type: string): [string, Record<string, any>][] {
    return Object.entries(this.document.resource?.[type] ?? {});
  }

  /** Every resource of every type, as [type, body]. */
  everyResource(): [string, Record<string, any>][] {
    return Object.entries(this.document.resource ?? {}).flatMap(([type, resources]) =>
      Object.values(resources as object).map((body): [string, Record<string, any>] => [type, body]),
    );
  }

  /** The only resource of a type; fails when there is not exactly one. */
  only(type: string): Record<string, any> {
    const all = this.resources(type);
    if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
    return all[0]![1];
  }

  /** The resource whose `name` attribute (or meta.name for Barbican orders) is `name`. */
  named(type: string, name: string): Record<string, any> {
    const found = this.resources(type).find(([, body]) => body.name === name || body.meta?.name === name);
    if (!found)
      throw new Error(
        `no ${type} named ${name}; names: ${this.resources(type)
          .map(([, b]) => b.name)
          .join(", ")}`,
      );
    return found[1];
  }

  /** `${type.name.attr}` of a resource body, as written in references to it. */
  ref(type: string, body: Record<string, any>, attribute = "id"): string {
    const entry = this.resources(type).find(([, candidate]) => candidate === body);
    if (!entry) throw new Error(`resource not in the document`);
    return `\${${type}.${entry[0]}.${attribute}}`;
  }

  /** Follows a reference such as `${openstack_networking_port_v2.x.id}` to the resource body it names. */
  deref(reference: string): { type: string; body: Record<string, any> } {
    const match = /^\$\{(?:data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)\./.exec(reference);
    if (!match) throw new Error(`not a reference: ${reference}`);
    const [, type, name] = match;
    const section = reference.startsWith("${data.") ? this.document.data : this.document.resource;
    const body = section?.[type!]?.[name!];
    if (!body) throw new Error(`dangling reference: ${reference}`);
    return { type: type!, body };
  }

  /** Every resource body of every type, as [type, name, body]. */
  all(): [string, string, Record<string, any>][] {
    return Object.entries(this.document.resource ?? {}).flatMap(([type, byName]) =>
      Object.entries(byName as Record<string, Record<string, any>>).map(([name, body]): [string, string, Record<string, any>] => [type, name, body]),
    );
  }
}
