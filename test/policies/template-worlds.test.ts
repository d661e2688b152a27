import { describe, expect, it } from "vitest";
import { templateWorlds } from "../../policies/lib/template-worlds";

describe("the worlds a text known in part renders in, one per branch of each conditional known only at apply", () => {
  it("gives the text with each branch of a conditional on quoted templates, the parts known only at apply in them kept", () => {
    const text = '#cloud-config\n${var.hardened ? "profile\\u003a cis\\ntoken\\u003a ${random_password.t.result}\\n" : ""}cni: canal\n';
    expect(templateWorlds(text)).toEqual(["#cloud-config\nprofile: cis\ntoken: ${random_password.t.result}\ncni: canal\n", "#cloud-config\ncni: canal\n"]);
  });

  it("gives every combination of a few conditionals, the first's branch changing first", () => {
    const text = '${var.a ? "a" : "A"}-${var.b ? "b" : "B"}';
    expect(templateWorlds(text)).toEqual(["a-b", "A-b", "a-B", "A-B"]);
  });

  it("gives none for a text without such a conditional, or with more than four, or one it cannot parse", () => {
    expect(templateWorlds("cni: canal\n")).toBeUndefined();
    expect(templateWorlds("token: ${var.token}\n")).toBeUndefined();
    // A conditional on references is a value known only at apply, not text in two ways.
    expect(templateWorlds("token: ${var.a ? var.b : var.c}\n")).toBeUndefined();
    expect(templateWorlds(Array.from({ length: 5 }, (_, i) => `\${var.x${i} ? "a" : "b"}`).join(" "))).toBeUndefined();
    expect(templateWorlds("${(a template directive known only at apply)} ? x")).toBeUndefined();
  });
});
