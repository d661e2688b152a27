import { describe, expect, it } from "vitest";
import { yamlDecodedInPart } from "../../policies/inputs/decoded-in-part";

const asWritten = (part: string) => part;

describe("yamldecode of a text known in part", () => {
  it("keeps each part known only at apply where it stands, alone or within a scalar, and the known text as Terraform decodes it", () => {
    expect(yamlDecodedInPart("kind: Pod\nmode: 0400\nimage: registry.example.fr/app:${tag}\nprivileged: ${ctx.privileged}\n", asWritten)).toEqual({
      kind: "Pod",
      mode: 400,
      image: "registry.example.fr/app:${tag}",
      privileged: "${ctx.privileged}",
    });
    expect(yamlDecodedInPart("items:\n  - ${first}\n  - second\n", asWritten)).toEqual({ items: ["${first}", "second"] });
  });

  it("writes literal text that looks like a template in Terraform's JSON form, escaped", () => {
    expect(yamlDecodedInPart('note: "$${text} %%{ directive }"\nvalue: ${x}\n', asWritten)).toEqual({
      note: "$${text} %%{ directive }",
      value: "${x}",
    });
  });

  it("writes each part as it is asked to", () => {
    expect(yamlDecodedInPart("privileged: ${ctx.privileged}\n", (part) => `\${(${part.slice(2, -1)})}`)).toEqual({ privileged: "${(ctx.privileged)}" });
  });

  it("gives nothing where a part is not a scalar's text, sits in a key, or where nothing is unknown", () => {
    expect(yamlDecodedInPart("metadata:\n  name: app\n  ${extra}\n", asWritten)).toBeUndefined();
    expect(yamlDecodedInPart("labels:\n  ${key}: value\n", asWritten)).toBeUndefined();
    expect(yamlDecodedInPart("kind: Pod\n", asWritten)).toBeUndefined();
    expect(yamlDecodedInPart("a: ${x}\n---\nb: 1\n", asWritten)).toBeUndefined();
  });
});
