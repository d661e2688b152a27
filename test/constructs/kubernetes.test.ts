import { describe, expect, it } from "vitest";
import { KubernetesCluster } from "../../constructs/kubernetes/kubernetes-cluster";
import { IsolatedNetwork } from "../../constructs/network/isolated-network";
import { TerraformJson } from "../helpers/terraform";

const subnets = { admin: "10.40.0.0/24", dmz: "10.40.1.0/24", data: "10.40.2.0/24", nodes: "10.40.16.0/20" };

const tf = TerraformJson.of((scope) => {
  const network = new IsolatedNetwork(scope, "Network", { namePrefix: "test", subnets, externalNetwork: "ext-net" });
  new KubernetesCluster(scope, "Kubernetes", {
    namePrefix: "test",
    network,
    image: "fedora-coreos-40",
    volumeType: "encrypted-ssd",
    controlPlaneFlavor: "c2.medium",
    nodeGroups: [
      { name: "workers", count: 3, flavor: "r2.large" },
      { name: "workspaces", count: 2, flavor: "r2.xlarge" },
    ],
    sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleOnlyKey01 one@example.fr",
  });
});

describe("KubernetesCluster", () => {
  const template = tf.only("openstack_containerinfra_clustertemplate_v1");
  const cluster = tf.only("openstack_containerinfra_cluster_v1");

  it("keeps TLS on, nodes without floating IPs and the API private", () => {
    expect(template).toMatchObject({ coe: "kubernetes", tls_disabled: false, floating_ip_enabled: false, master_lb_enabled: true, public: false });
    expect(template.labels.master_lb_floating_ip_enabled).toBe("false");
    expect(cluster).toMatchObject({ floating_ip_enabled: false, master_lb_enabled: true });
    expect(cluster.labels.master_lb_floating_ip_enabled).toBe("false");
  });

  it("puts every node volume on the encrypted volume type", () => {
    for (const label of ["boot_volume_type", "etcd_volume_type", "docker_volume_type"]) expect(template.labels[label]).toBe("encrypted-ssd");
    expect(template.volume_driver).toBe("cinder");
    const nodeGroup = tf.only("openstack_containerinfra_nodegroup_v1");
    expect(nodeGroup.labels).toMatchObject({ boot_volume_type: "encrypted-ssd", docker_volume_type: "encrypted-ssd" });
  });

  it("places the cluster on the nodes subnet of the region's network", () => {
    for (const body of [template, cluster]) {
      expect(tf.deref(body.fixed_subnet).body.name).toBe("test-nodes");
      expect(tf.deref(body.fixed_network).body.name).toBe("test-network");
    }
    expect(cluster.cluster_template_id).toBe(tf.ref("openstack_containerinfra_clustertemplate_v1", template));
  });

  it("turns on API audit logging", () => {
    expect(template.labels).toMatchObject({ audit_log_enabled: "true", audit_log_maxage: "30" });
  });

  it("makes the first node group the default group and the others Magnum node groups", () => {
    expect(cluster).toMatchObject({ node_count: 3, flavor: "r2.large", master_count: 3, master_flavor: "c2.medium" });
    const nodeGroup = tf.only("openstack_containerinfra_nodegroup_v1");
    expect(nodeGroup).toMatchObject({ name: "workspaces", node_count: 2, flavor_id: "r2.xlarge", role: "workspaces" });
    expect(nodeGroup.cluster_id).toBe(tf.ref("openstack_containerinfra_cluster_v1", cluster));
  });

  it("installs the administrators' key on the nodes through a keypair", () => {
    const keypair = tf.only("openstack_compute_keypair_v2");
    expect(cluster.keypair).toBe(tf.ref("openstack_compute_keypair_v2", keypair, "name"));
  });
});
