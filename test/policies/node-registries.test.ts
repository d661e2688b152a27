import { describe, expect, it } from "vitest";
import { registriesFault, registryTransportViolations } from "../../policies/lib/node-registries";
import type { RancherNode } from "../../policies/lib/rancher-node";

const node = (values: Record<string, unknown>, files: RancherNode["files"], configUnread?: string): RancherNode => ({
  name: "RKE2",
  role: "agent",
  values,
  files,
  expanded: new Set(),
  ...(configUnread ? { configUnread } : {}),
});

describe("what a K3s or RKE2 registries file lets through", () => {
  it("says each mirror endpoint over plain HTTP and each registry whose certificate is not checked", () => {
    expect(
      registriesFault({
        mirrors: { "docker.io": { endpoint: ["https://registry.example.fr", "HTTP://cache.example.fr"] }, "*": { endpoint: ["https://registry.example.fr"] } },
        configs: { "registry.example.fr": { tls: { insecure_skip_verify: "true" } }, "cache.example.fr": { tls: { ca_file: "/etc/ca.crt" } } },
      }),
    ).toBe(
      "pulls the images of docker.io over plain HTTP from HTTP://cache.example.fr, and takes any certificate from registry.example.fr (insecure_skip_verify): whoever is on the way may serve other images, which the nodes then run",
    );
    expect(
      registriesFault({ mirrors: { "docker.io": { endpoint: ["https://registry.example.fr"] } }, configs: { x: { tls: { insecure_skip_verify: false } } } }),
    ).toBeUndefined();
    expect(registriesFault({ mirrors: { "docker.io": { endpoint: "${var.mirrors}" } } })).toEqual({
      unknown: "the endpoints of the mirror of docker.io are known only at apply",
    });
  });

  it("reads the file private-registry names, else the distribution's own; none written is nothing to say unless a configuration not read may name one", () => {
    const insecure = "configs:\n  registry.example.fr:\n    tls:\n      insecure_skip_verify: true\n";
    expect(
      registryTransportViolations(node({ "private-registry": "/opt/registries.yaml" }, [{ path: "/opt/registries.yaml", content: insecure }])),
    ).toHaveLength(1);
    expect(
      registryTransportViolations(node({ "private-registry": "/opt/registries.yaml" }, [{ path: "/etc/rancher/rke2/registries.yaml", content: insecure }])),
    ).toEqual([]);
    expect(registryTransportViolations(node({}, []))).toEqual([]);
    expect(registryTransportViolations(node({}, [], "a configuration file is not read"))).toMatchObject([{ outcome: "cannot-evaluate" }]);
    expect(registryTransportViolations(node({ "private-registry": "${var.registries}" }, []))).toMatchObject([{ outcome: "cannot-evaluate" }]);
  });
});
