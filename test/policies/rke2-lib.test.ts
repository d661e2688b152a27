import { describe, expect, it } from "vitest";
import { componentArgs } from "../../policies/lib/rke2";

/** The values componentArgs gives each flag of one component's written arguments. */
const argsOf = (written: string[]) => Object.fromEntries(componentArgs({ "kube-apiserver-arg": written }, "kube-apiserver-arg"));

describe("componentArgs reads a component's arguments as k3s's GetArgs passes them", () => {
  it("keeps every copy of a flag in order, the text after the first = as its value", () => {
    expect(argsOf(["--audit-log-maxage=5", "audit-log-maxage=40", "feature-gates=A=true"])).toEqual({
      "audit-log-maxage": ["5", "40"],
      "feature-gates": ["A=true"],
    });
  });

  it("reads a flag written without = as true", () => {
    expect(argsOf(["anonymous-auth", "profiling=false"])).toEqual({ "anonymous-auth": ["true"], profiling: ["false"] });
  });

  it("appends a flag+= value and puts a flag-= value first, trimming every trailing + and -", () => {
    expect(argsOf(["audit-log-maxage=40", "audit-log-maxage-=5", "audit-log-maxage+=60"])).toEqual({ "audit-log-maxage": ["5", "40", "60"] });
    expect(argsOf(["audit-log-maxage=40", "audit-log-maxage--=5"])).toEqual({ "audit-log-maxage": ["5", "40"] });
  });

  it("skips an argument with no flag name", () => {
    expect(argsOf(["=value", "--"])).toEqual({});
  });
});
