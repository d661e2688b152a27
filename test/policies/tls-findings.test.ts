import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allPolicies } from "../../policies/rules/index";
import { findingsOf, fixturesDir } from "./fixture-runner";

/**
 * The findings of one policy on one of its fixtures, as `<address> <path>: <message>`, sorted. The fixture runner checks
 * which resources a policy flags; these say where in each it points, and why, which a report's line and reader rely on.
 */
async function findings(policyId: string, fixture: string): Promise<string[]> {
  const policies = allPolicies.filter((policy) => policy.metadata.id === policyId);
  const found = await findingsOf({ policyId, kind: "fail", name: fixture, file: join(fixturesDir, policyId, fixture) }, policies);
  return found.map((outcome) => `${outcome.address} ${outcome.path}: ${outcome.message}`).sort();
}

describe("k8s-ingress-tls points its findings at what decides them", () => {
  it("at the annotations that turn ingress-nginx's redirect off, or that are known only at apply; at the tls block an Ingress lacks", async () => {
    expect(await findings("k8s-ingress-tls", "fail/redirect-turned-off.tf")).toEqual([
      'kubernetes_ingress_v1.bad_no_redirect metadata[0].annotations: nginx.ingress.kubernetes.io/ssl-redirect is "false": the hosts are served over plain HTTP as well as over TLS',
    ]);
    // Without a tls block, the redirect turned off changes nothing: the Ingress has no TLS to redirect to.
    expect(await findings("k8s-ingress-tls", "fail/redirect-turned-off-without-tls.yaml")).toEqual([
      "Ingress/portal/bad-plain spec.tls: the Ingress has no tls block: it serves its hosts over plain HTTP",
    ]);
    expect(await findings("k8s-ingress-tls", "unknown/traefik-annotations-from-a-variable.tf")).toEqual([
      "kubernetes_ingress_v1.bad_annotations_from_a_variable metadata[0].annotations: the Ingress's traefik.ingress.kubernetes.io/router.tls annotations are not known here: it depends on ${var.annotations}, given no value (no default, tfvars file, --var, --var-file or TF_VAR_): terraform plan asks for it; give the values a deployment uses to judge it",
    ]);
  });
});

describe("tls-versions-and-suites points its findings at what decides them", () => {
  it("at the argument of an Octavia listener the cloud's default or a value known only at apply leaves open", async () => {
    const paths = (await findings("tls-versions-and-suites", "unknown/octavia-cloud-defaults.tf")).map((finding) => finding.split(":")[0]);
    expect(paths).toEqual([
      "openstack_lb_listener_v2.bad_cloud_defaults tls_ciphers",
      "openstack_lb_listener_v2.bad_cloud_defaults tls_versions",
      "openstack_lb_listener_v2.bad_empty_versions tls_versions",
      "openstack_lb_listener_v2.bad_expression tls_ciphers",
      "openstack_lb_listener_v2.bad_expression_beside_suites tls_ciphers",
      "openstack_lb_listener_v2.bad_from_variable tls_versions",
    ]);
  });

  it("at the values document or the settings of a Traefik release that are not known here", async () => {
    const said = await findings("tls-versions-and-suites", "unknown/known-at-apply.tf");
    expect(said.filter((finding) => finding.startsWith("helm_release.bad_values ") || finding.startsWith("helm_release.bad_settings"))).toEqual([
      "helm_release.bad_settings_from_a_variable set: set is not known here: it depends on ${var.settings}, given no value (no default, tfvars file, --var, --var-file or TF_VAR_): terraform plan asks for it; give the values a deployment uses to judge it",
      "helm_release.bad_values values[0]: values[0] is not known here: it depends on ${var.v}, given no value (no default, tfvars file, --var, --var-file or TF_VAR_): terraform plan asks for it; give the values a deployment uses to judge it",
    ]);
  });

  it("at the user_data of an RKE2 node and the label of a Magnum cluster, naming the component each flag is for", async () => {
    expect(await findings("tls-versions-and-suites", "fail/kubernetes-components.tf")).toEqual([
      "openstack_compute_instance_v2.bad_rke2_api_server_tls10_first user_data: kube-apiserver accepts VersionTLS10: only VersionTLS12 and VersionTLS13 are accepted",
      "openstack_compute_instance_v2.bad_rke2_cloud_controller_tls10 user_data: the cloud controller manager accepts VersionTLS10: only VersionTLS12 and VersionTLS13 are accepted",
      "openstack_compute_instance_v2.bad_rke2_controller_manager_tls11 user_data: kube-controller-manager accepts VersionTLS11: only VersionTLS12 and VersionTLS13 are accepted",
      "openstack_compute_instance_v2.bad_rke2_etcd_cbc user_data: etcd offers TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: only ECDHE with AES-GCM or ChaCha20-Poly1305 is accepted",
      "openstack_compute_instance_v2.bad_rke2_kubelet_rsa_appended user_data: the kubelet offers TLS_RSA_WITH_AES_128_GCM_SHA256: only ECDHE with AES-GCM or ChaCha20-Poly1305 is accepted",
      "openstack_compute_instance_v2.bad_rke2_scheduler_rsa user_data: kube-scheduler offers TLS_RSA_WITH_AES_256_GCM_SHA384: only ECDHE with AES-GCM or ChaCha20-Poly1305 is accepted",
      "openstack_containerinfra_cluster_v1.bad_cluster_kubelet_cbc labels.kubelet_tls_cipher_suites: the kubelet offers TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA: only ECDHE with AES-GCM or ChaCha20-Poly1305 is accepted",
      "openstack_containerinfra_clustertemplate_v1.bad_cbc_api_server labels.api_server_tls_cipher_suites: kube-apiserver offers TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: only ECDHE with AES-GCM or ChaCha20-Poly1305 is accepted",
      "openstack_containerinfra_clustertemplate_v1.bad_empty_suites labels.api_server_tls_cipher_suites: kube-apiserver is given no suite: it falls back to Go's list, with CBC suites and SHA-1 MACs in it",
    ]);
  });

  it("at the tlsOptions of a Traefik release that keeps Traefik's default TLS options, saying why it keeps them", async () => {
    expect(await findings("tls-versions-and-suites", "fail/traefik-defaults.tf")).toContain(
      "helm_release.bad_traefik values.tlsOptions: Traefik keeps its default TLS options: every suite Go's crypto/tls lists, CBC with SHA-1 among them; write tlsOptions.default with minVersion and cipherSuites",
    );
    expect(await findings("tls-versions-and-suites", "fail/traefik-default-option-in-a-namespace-not-watched.tf")).toEqual([
      "helm_release.bad_watching_others values.tlsOptions.default: Traefik keeps its default TLS options: every suite Go's crypto/tls lists, CBC with SHA-1 among them: the TLS options named default are TLSOption objects in edge, which its kubernetesCRD provider alone reads, and it does not watch them",
    ]);
    expect(await findings("tls-versions-and-suites", "fail/default-in-chart-and-manifest.tf")).toEqual([
      "helm_release.bad_traefik values.tlsOptions.default: TLS options named default are applied in ingress, team: Traefik then ignores them all and serves its own default, with every suite Go lists",
      "kubernetes_manifest.bad_default_in_team manifest.metadata.name: TLS options named default are applied in ingress, team: Traefik then ignores them all and serves its own default, with every suite Go lists",
    ]);
  });
});

describe("kubernetes-authorization-enforced points a kubelet's finding at what decides it", () => {
  it("at the K3s spec's kubeletArgs for a flag, at its files for a drop-in they write", async () => {
    const found = (await findings("kubernetes-authorization-enforced", "fail/cluster-api.yaml")).filter((line) => line.includes("bad-k3s-workers"));
    expect(found.map((line) => line.split(":")[0])).toEqual([
      "KThreesConfigTemplate/clusters/bad-k3s-workers spec.template.spec.agentConfig.kubeletArgs",
      "KThreesConfigTemplate/clusters/bad-k3s-workers-drop-in spec.template.spec.files",
    ]);
  });
});

describe("the Talos policies read a machine configuration an instance's user data writes out, at its user_data", () => {
  it("as it is where Talos generates nothing for a setting or takes its own default, not evaluable where it generates one; a worker is no control plane", async () => {
    expect(await findings("talos-authorization-enforced", "fail/written-out-in-user-data.tf")).toEqual([
      "openstack_compute_instance_v2.bad_control_plane_written_out user_data: machine.kubelet.extraArgs: the kubelet accepts anonymous requests (anonymous-auth=true)",
      "openstack_compute_instance_v2.bad_worker_written_out user_data: the kubelet serves its read-only port without authentication or authorization (readOnlyPort: 10255 in machine.kubelet.extraConfig): whoever reaches it reads the node's pods and their specs",
    ]);
    // Left out of the v1alpha1 configuration, the audit policy is Talos's own; a document of Talos 1.14 is generated.
    expect(await findings("talos-audit-log-enabled", "fail/written-out-in-user-data.tf")).toEqual([
      "openstack_compute_instance_v2.bad_audit_written_out user_data: the audit policy (cluster.apiServer.auditPolicy) does not record reads of secrets nor changes of role bindings: they reach no rule, or one at level None",
    ]);
    expect(await findings("talos-audit-log-enabled", "unknown/written-out-in-user-data.tf")).toEqual([
      "openstack_compute_instance_v2.bad_control_plane_written_out user_data: the Talos machine configuration the instance's user data writes out is not read for a document Talos generates: what the API server records cannot be told",
    ]);
  });
});

describe("kubernetes-version-supported points a Cluster API object's finding at the field that gives its version", () => {
  it("a control plane's spec.version, a MachineDeployment's template, a Cluster's topology", async () => {
    expect((await findings("kubernetes-version-supported", "fail/cluster-api-versions.yaml")).map((finding) => finding.split(":")[0])).toEqual([
      "Cluster/clusters/bad-topology spec.topology.version",
      "KThreesControlPlane/clusters/bad-k3s-control-plane spec.version",
      "KubeadmControlPlane/clusters/bad-control-plane spec.version",
      "MachineDeployment/clusters/bad-workers spec.template.spec.version",
      "RKE2ControlPlane/clusters/bad-rke2-control-plane spec.version",
    ]);
  });
});

describe("talos-tls-versions-and-suites says once what one untold patch leaves untold", () => {
  it("the controller manager and the scheduler together, the kubelet apart", async () => {
    const found = await findings("talos-tls-versions-and-suites", "unknown/tls-elsewhere.tf");
    const waits =
      ": it depends on ${var.control_plane_patches}, given no value (no default, tfvars file, --var, --var-file or TF_VAR_): terraform plan asks for it; give the values a deployment uses to judge it";
    expect(found.filter((finding) => finding.startsWith("data.talos_machine_configuration.bad_control_plane_patches"))).toEqual([
      `data.talos_machine_configuration.bad_control_plane_patches config_patches: the config patches are not known here: what kube-controller-manager and kube-scheduler accept cannot be told${waits}`,
      `data.talos_machine_configuration.bad_control_plane_patches config_patches: the config patches are not known here: what the kubelet accepts cannot be told${waits}`,
    ]);
  });
});

describe("tls-versions-and-suites points a Cluster API RKE2 object's finding at the field that writes its component's flags", () => {
  it("the kubelet's, the API server's and etcd's extraArgs", async () => {
    expect((await findings("tls-versions-and-suites", "fail/rke2-cluster-api-nodes.yaml")).map((finding) => finding.split(":")[0])).toEqual([
      "RKE2ConfigTemplate/clusters/bad-rke2-workers spec.template.spec.agentConfig.kubelet.extraArgs",
      "RKE2ConfigTemplate/clusters/bad-rke2-workers spec.template.spec.agentConfig.kubelet.extraArgs",
      "RKE2ControlPlane/clusters/bad-rke2-control-plane spec.serverConfig.etcd.customConfig.extraArgs",
      "RKE2ControlPlane/clusters/bad-rke2-control-plane spec.serverConfig.kubeAPIServer.extraArgs",
    ]);
  });
});
