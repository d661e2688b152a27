import { describe, expect, it } from "vitest";
import { isTerraformTemplate, numberFromText, terraformLiteral } from "../../lib/terraform-literal";

describe("Terraform's templates and numbers written as text", () => {
  it.each(["${var.x}", "a${b}", "%{ if x }y%{ endif }", "10.0.0.0%${var.bits}", "$%{ if x }y%{ endif }"])("%s is a template", (text) =>
    expect(isTerraformTemplate(text)).toBe(true),
  );

  it.each(["$${var.x}", "%%{ if x }", "plain", "50%", "$5", terraformLiteral("${#reason} and %{x}")])("%s is text", (text) =>
    expect(isTerraformTemplate(text)).toBe(false),
  );

  it.each([
    ["22", 22],
    ["+22", 22],
    ["-1.5", -1.5],
    [".5", 0.5],
    ["5.", 5],
    ["1e3", 1000],
  ])("%s reads as %d, as go-cty parses it", (text, expected) => expect(numberFromText(text)).toBe(expected));

  it.each(["", " 22", "0x10", "22a", "1e", "."])("%j is no number", (text) => expect(numberFromText(text)).toBeUndefined());
});
