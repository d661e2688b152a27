import { readFileSync } from "node:fs";
import { join } from "node:path";
import { groupedBy } from "../../lib/groups";
import { describe, expect, it } from "vitest";
import { policyCatalogue } from "../../policies/catalogue";
import { allPacks, packIds, packsOf, selectPolicies } from "../../policies/packs/index";
import { packControls } from "../../policies/packs/pack";
import { allPolicies } from "../../policies/rules/index";

/**
 * The exact policies of each pack, by level. Adding, removing or re-levelling a policy changes this list on purpose,
 * so that the change is reviewed.
 */
const pinned: Record<string, Record<string, string[]>> = {
  "secnumcloud-3.2": {
    mandatory: [
      "backups-cover-data",
      "backups-on-provider",
      "bastion-ssh-admin-cidrs-only",
      "clients-verify-tls",
      "compute-secgroup-no-public-ingress",
      "data-resources-protected",
      "default-secgroup-unused",
      "external-network-bastion-or-ingress-only",
      "floating-ip-bastion-or-ingress-only",
      "fw-rule-no-any-destination",
      "fw-rule-no-any-source",
      "helm-release-pinned",
      "instance-boot-volume-encrypted",
      "instance-no-admin-pass",
      "instance-user-data-no-secrets",
      "k3s-audit-log-enabled",
      "k3s-network-policy-enforced",
      "k3s-secrets-encrypted",
      "k8s-configmap-no-secrets",
      "k8s-env-no-literal-secrets",
      "k8s-gateway-tls",
      "k8s-image-allowed-registry",
      "k8s-image-no-latest-tag",
      "k8s-ingress-tls",
      "k8s-namespace-network-policy",
      "k8s-network-policy-no-public-cidr",
      "k8s-no-binding-to-default-service-account",
      "k8s-no-binding-to-everyone",
      "k8s-no-cluster-admin-binding",
      "k8s-no-default-namespace",
      "k8s-rbac-no-escalation-paths",
      "k8s-rbac-no-secret-reads",
      "k8s-rbac-no-wildcards",
      "k8s-secret-no-literal-data",
      "k8s-service-not-exposed",
      "keymanager-secret-no-payload",
      "kthrees-audit-log-enabled",
      "kthrees-network-policy-enforced",
      "kthrees-secrets-encrypted",
      "kubeadm-audit-log-enabled",
      "kubeadm-secrets-encrypted",
      "kubernetes-authorization-enforced",
      "kubernetes-version-supported",
      "log-retention-minimum",
      "magnum-audit-log-enabled",
      "magnum-labels-known",
      "magnum-network-policy-enforced",
      "magnum-no-floating-ip",
      "magnum-node-volumes-encrypted",
      "magnum-private-api",
      "magnum-tls-enabled",
      "module-sources-checked",
      "network-not-shared",
      "no-credentials-in-local-files",
      "no-literal-secret-arguments",
      "node-registries-verify-tls",
      "openstack-cluster-private-api",
      "openstack-machine-no-floating-ip",
      "openstack-machine-port-security",
      "openstack-machine-volumes-encrypted",
      "port-security-enabled",
      "provider-no-literal-credentials",
      "provider-schema-conformance",
      "region-qualified",
      "rke2-audit-log-enabled",
      "rke2-control-plane-audit-log-enabled",
      "rke2-control-plane-network-policy-enforced",
      "rke2-control-plane-secrets-encrypted",
      "rke2-network-policy-enforced",
      "rke2-secrets-encrypted",
      "secgroup-delete-default-rules",
      "secgroup-no-public-egress",
      "secgroup-no-public-ingress-any-port",
      "secgroup-no-public-ingress-ipv6",
      "secgroup-no-public-rdp",
      "secgroup-no-public-ssh",
      "secgroup-public-icmp-errors-only",
      "secgroup-public-web-ports-only",
      "secgroup-rule-has-remote",
      "secnumcloud-qualification-valid",
      "state-backend-on-provider",
      "state-encrypted-client-side",
      "suppression-not-expired",
      "talos-api-access-restricted",
      "talos-audit-log-enabled",
      "talos-authorization-enforced",
      "talos-kubernetes-version-supported",
      "talos-network-policy-enforced",
      "talos-secrets-encrypted",
      "talos-tls-versions-and-suites",
      "tls-keys-and-certificates",
      "tls-versions-and-suites",
      "vault-listener-tls",
      "volume-claim-encrypted-class",
      "volume-encrypted-type",
    ],
    advisory: ["container-versioned", "k8s-image-pinned-digest", "secgroup-described", "secgroup-no-public-https"],
  },
  "hds-2": {
    mandatory: [
      "backups-cover-data",
      "backups-on-provider",
      "data-resources-protected",
      "hds-certificate-valid",
      "instance-boot-volume-encrypted",
      "network-not-shared",
      "openstack-machine-volumes-encrypted",
      "region-qualified",
      "secgroup-no-public-ingress-any-port",
      "secgroup-public-web-ports-only",
      "state-encrypted-client-side",
      "suppression-not-expired",
    ],
    advisory: ["container-versioned"],
  },
  "cnil-eds-2021": {
    mandatory: [
      "container-private",
      "floating-ip-bastion-or-ingress-only",
      "hds-certificate-valid",
      "k3s-audit-log-enabled",
      "k8s-service-not-exposed",
      "keymanager-secret-no-payload",
      "kthrees-audit-log-enabled",
      "kubeadm-audit-log-enabled",
      "magnum-audit-log-enabled",
      "network-not-shared",
      "rke2-audit-log-enabled",
      "rke2-control-plane-audit-log-enabled",
      "secnumcloud-qualification-valid",
      "share-access-restricted",
      "talos-audit-log-enabled",
      "volume-claim-encrypted-class",
      "volume-encrypted-type",
    ],
    advisory: ["spe-access-log-retention"],
  },
  anssi: {
    mandatory: [
      "backups-cover-data",
      "bastion-ssh-admin-cidrs-only",
      "compute-secgroup-no-public-ingress",
      "default-secgroup-unused",
      "external-network-bastion-or-ingress-only",
      "floating-ip-bastion-or-ingress-only",
      "fw-rule-no-any-source",
      "helm-release-pinned",
      "instance-no-admin-pass",
      "k8s-configmap-no-secrets",
      "k8s-drop-all-capabilities",
      "k8s-env-no-literal-secrets",
      "k8s-no-binding-to-default-service-account",
      "k8s-no-binding-to-everyone",
      "k8s-no-cluster-admin-binding",
      "k8s-no-host-namespaces",
      "k8s-no-privileged",
      "k8s-rbac-no-escalation-paths",
      "k8s-rbac-no-secret-reads",
      "k8s-rbac-no-wildcards",
      "k8s-read-only-root-filesystem",
      "k8s-resource-limits",
      "k8s-run-as-non-root",
      "k8s-secret-no-literal-data",
      "kubernetes-authorization-enforced",
      "kubernetes-version-supported",
      "log-retention-minimum",
      "magnum-labels-known",
      "magnum-no-floating-ip",
      "magnum-private-api",
      "magnum-tls-enabled",
      "no-credentials-in-local-files",
      "no-literal-secret-arguments",
      "openstack-cluster-private-api",
      "openstack-machine-no-floating-ip",
      "openstack-machine-port-security",
      "port-security-enabled",
      "provider-no-literal-credentials",
      "provider-schema-conformance",
      "secgroup-delete-default-rules",
      "secgroup-no-public-egress",
      "secgroup-no-public-ingress-any-port",
      "secgroup-no-public-ingress-ipv6",
      "secgroup-no-public-rdp",
      "secgroup-no-public-ssh",
      "secgroup-public-icmp-errors-only",
      "secgroup-public-web-ports-only",
      "talos-api-access-restricted",
      "talos-authorization-enforced",
      "talos-kubernetes-version-supported",
      "talos-tls-versions-and-suites",
      "tls-keys-and-certificates",
      "tls-versions-and-suites",
    ],
    advisory: ["secgroup-no-public-https"],
  },
  "k8s-pss": {
    mandatory: [
      "k3s-pod-security-not-bypassed",
      "k8s-capabilities-restricted",
      "k8s-drop-all-capabilities",
      "k8s-lsm-confinement-kept",
      "k8s-namespace-restricted-pss",
      "k8s-no-host-namespaces",
      "k8s-no-host-path",
      "k8s-no-host-ports",
      "k8s-no-host-process",
      "k8s-no-privilege-escalation",
      "k8s-no-privileged",
      "k8s-no-probe-host",
      "k8s-no-unsafe-sysctls",
      "k8s-proc-mount-default",
      "k8s-restricted-volume-types",
      "k8s-run-as-non-root",
      "k8s-seccomp-profile",
      "kthrees-pod-security-not-bypassed",
      "rke2-control-plane-pod-security-not-bypassed",
      "rke2-pod-security-not-bypassed",
      "talos-pod-security-not-bypassed",
    ],
  },
  "cis-kubernetes": {
    mandatory: [
      "k3s-audit-log-enabled",
      "k3s-network-policy-enforced",
      "k3s-pod-security-not-bypassed",
      "k3s-secrets-encrypted",
      "k8s-capabilities-restricted",
      "k8s-drop-all-capabilities",
      "k8s-env-no-literal-secrets",
      "k8s-image-allowed-registry",
      "k8s-image-no-latest-tag",
      "k8s-namespace-network-policy",
      "k8s-namespace-restricted-pss",
      "k8s-network-policy-no-public-cidr",
      "k8s-no-binding-to-default-service-account",
      "k8s-no-cluster-admin-binding",
      "k8s-no-default-namespace",
      "k8s-no-host-namespaces",
      "k8s-no-host-path",
      "k8s-no-host-ports",
      "k8s-no-privilege-escalation",
      "k8s-no-privileged",
      "k8s-no-service-account-token",
      "k8s-rbac-no-escalation-paths",
      "k8s-rbac-no-secret-reads",
      "k8s-rbac-no-wildcards",
      "k8s-run-as-non-root",
      "k8s-seccomp-profile",
      "k8s-secret-no-literal-data",
      "kthrees-audit-log-enabled",
      "kthrees-network-policy-enforced",
      "kthrees-pod-security-not-bypassed",
      "kthrees-secrets-encrypted",
      "kubeadm-audit-log-enabled",
      "kubeadm-secrets-encrypted",
      "kubernetes-authorization-enforced",
      "magnum-audit-log-enabled",
      "magnum-network-policy-enforced",
      "rke2-audit-log-enabled",
      "rke2-control-plane-audit-log-enabled",
      "rke2-control-plane-network-policy-enforced",
      "rke2-control-plane-pod-security-not-bypassed",
      "rke2-control-plane-secrets-encrypted",
      "rke2-network-policy-enforced",
      "rke2-pod-security-not-bypassed",
      "rke2-secrets-encrypted",
      "talos-audit-log-enabled",
      "talos-authorization-enforced",
      "talos-network-policy-enforced",
      "talos-pod-security-not-bypassed",
      "talos-secrets-encrypted",
    ],
    advisory: ["k8s-image-pinned-digest"],
  },
  "nsa-cisa-kubernetes": {
    mandatory: [
      "k8s-namespace-network-policy",
      "k8s-no-service-account-token",
      "k8s-quota-fits",
      "k8s-read-only-root-filesystem",
      "k8s-resource-limits",
      "k8s-service-not-exposed",
    ],
  },
  "ehds-spe": {
    mandatory: [
      "k3s-network-policy-enforced",
      "k8s-namespace-network-policy",
      "k8s-network-policy-no-public-cidr",
      "kthrees-network-policy-enforced",
      "magnum-network-policy-enforced",
      "rke2-control-plane-network-policy-enforced",
      "rke2-network-policy-enforced",
      "secgroup-no-public-egress",
      "talos-network-policy-enforced",
    ],
    advisory: ["spe-access-log-retention"],
  },
};

describe("packs", () => {
  it.each(allPacks.map((pack) => [pack.id]))("%s has exactly the pinned policies at the pinned levels", (id) => {
    const { policies, levels } = selectPolicies([id]);
    const actual = Object.fromEntries(
      [...groupedBy(policies, (policy) => levels.get(policy.metadata.id)!)].map(([level, ofLevel]) => [level, ofLevel.map((p) => p.metadata.id)]),
    );
    expect(actual).toEqual(pinned[id]);
  });

  it("puts every policy in at least one pack", () => {
    for (const policy of allPolicies) expect(packsOf(policy).length, policy.metadata.id).toBeGreaterThan(0);
  });

  it("knows every section a policy cites, so a typo in a reference fails", () => {
    for (const policy of allPolicies) {
      for (const reference of policy.metadata.references) {
        const pack = allPacks.find((p) => p.id === reference.framework)!;
        expect(pack.controls[reference.section], `${policy.metadata.id} cites ${reference.framework} "${reference.section}"`).toBeTruthy();
      }
    }
  });

  it("gives each control a coverage its policies agree with: automated and partial ones cited, manual and out-of-scope ones not", () => {
    for (const pack of allPacks) {
      for (const control of packControls(pack, allPolicies)) {
        const where = `${pack.id} "${control.section}" (${control.coverage})`;
        expect(control.policies.length > 0, where).toBe(control.coverage === "automated" || control.coverage === "partial");
        if (control.coverage === "manual" || control.coverage === "partial") {
          expect(control.detail?.procedure?.length, `${where} procedure`).toBeGreaterThan(20);
          expect(control.detail?.answeredBy, `${where} answered by`).toBeTruthy();
        }
        if (control.coverage === "out-of-scope") expect(control.detail?.why?.length, `${where} why`).toBeGreaterThan(20);
      }
    }
  });

  it("lists, besides the automated controls, those a person answers for and those that are not ours", () => {
    const coverage = (id: string) => new Set(packControls(allPacks.find((pack) => pack.id === id)!, allPolicies).map((control) => control.coverage));
    for (const id of ["secnumcloud-3.2", "hds-2", "ehds-spe"]) expect([...coverage(id)].sort(), id).toEqual(["automated", "manual", "out-of-scope", "partial"]);
    for (const id of ["cnil-eds-2021", "anssi"]) expect(coverage(id), id).toContain("manual");
  });

  it("selects the union of packs, at the strongest level, and refuses an unknown pack", () => {
    expect(selectPolicies().policies).toHaveLength(allPolicies.length);
    expect(selectPolicies(["ehds-spe", "hds-2"]).policies.length).toBe(
      new Set([...selectPolicies(["ehds-spe"]).policies, ...selectPolicies(["hds-2"]).policies]).size,
    );
    expect(() => selectPolicies(["iso-27001"])).toThrow(`unknown pack iso-27001; packs: ${packIds.join(", ")}`);
  });
});

describe("policies/CATALOGUE.md", () => {
  it("is the output of eds policies --format markdown (regenerate it after changing a policy)", () => {
    expect(readFileSync(join(import.meta.dirname, "..", "..", "policies", "CATALOGUE.md"), "utf8")).toBe(policyCatalogue("markdown"));
  });
});
