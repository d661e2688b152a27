import { describe, expect, it } from "vitest";
import { auditPolicyFault } from "../../policies/lib/kubernetes-audit";

const policy = (...rules: unknown[]) => ({ apiVersion: "audit.k8s.io/v1", kind: "Policy", rules });

describe("auditPolicyFault judges what an audit policy records of reads of secrets and changes of role bindings", () => {
  it("accepts a policy whose first rule an ordinary user's request matches records it", () => {
    expect(auditPolicyFault(policy({ level: "None", users: ["system:kube-proxy"] }, { level: "Metadata" }))).toBeUndefined();
  });

  it("names what reaches level None, or no rule", () => {
    expect(auditPolicyFault(policy({ level: "None", resources: [{ group: "", resources: ["secrets"] }] }, { level: "Metadata" }))).toBe(
      "does not record reads of secrets: they reach no rule, or one at level None",
    );
    expect(auditPolicyFault(policy())).toBe("does not record reads of secrets nor changes of role bindings: it has no rule");
  });

  it("names a level the API server refuses", () => {
    expect(auditPolicyFault(policy({ level: "metadata" }))).toMatch(/^sets level "metadata" in rule 1, which the API server refuses/);
  });

  it("says the level is not known here where the rule a request matches takes it from a placeholder", () => {
    expect(auditPolicyFault(policy({ level: "${AUDIT_LEVEL}" }))).toEqual({ unknown: "the level it records reads of secrets at is known only at apply" });
    expect(auditPolicyFault(policy({ level: "Metadata", resources: [{ group: "", resources: ["secrets"] }] }, { level: "${AUDIT_LEVEL}" }))).toEqual({
      unknown: "the level it records changes of role bindings at is known only at apply",
    });
  });
});
