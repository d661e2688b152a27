import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A Kubernetes API endpoint for the real kubectl to talk to in the tests, where no API server can run (no etcd, no
 * kube-apiserver on the machine): it serves the discovery documents kubectl needs to map `deployment`, `rolebinding`
 * and CloudNativePG's `clusters.postgresql.cnpg.io` to their API paths, the namespaces with their labels, the
 * workspace Deployments, their scale subresource, the members' RoleBindings and the tools' Ingresses, and clusters that become ready after
 * some reads; it records every request as the API server's authorizer would see it (verb, resource, subresource,
 * namespace, name), so a test can hold a Role to what kubectl really asks.
 */

export interface ApiRequest {
  readonly verb: string;
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string;
  readonly namespace?: string;
  readonly name?: string;
  /** The label selector of a list, as sent. */
  readonly labelSelector?: string;
}

export interface RecordingApiServer {
  readonly url: string;
  readonly requests: ApiRequest[];
  /** A kubeconfig file's text that points kubectl at this server. */
  readonly kubeconfig: string;
  close(): Promise<void>;
}

export interface ClusterState {
  /** Namespaces with their labels; each has a Deployment `workspace`, a RoleBinding `workspace-members` and the Ingresses `jupyterlab` and `rstudio`. */
  readonly namespaces?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Namespaces whose scale subresource answers 500, as an API server in trouble would. */
  readonly failingNamespaces?: readonly string[];
  /** How many reads of a cluster created through the endpoint show it not ready yet. @default - never ready */
  readonly clusterReadyAfterReads?: number;
  /** Creating a cluster answers 403, as an API server would to a role without the right. */
  readonly refuseClusterCreation?: boolean;
}

const resourceLists: Record<string, object> = {
  "/api/v1": {
    kind: "APIResourceList",
    groupVersion: "v1",
    resources: [{ name: "namespaces", singularName: "namespace", namespaced: false, kind: "Namespace", shortNames: ["ns"], verbs: ["get", "list"] }],
  },
  "/apis/apps/v1": {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: "apps/v1",
    resources: [
      { name: "deployments", singularName: "deployment", namespaced: true, kind: "Deployment", shortNames: ["deploy"], verbs: ["get", "list", "patch"] },
      { name: "deployments/scale", singularName: "", namespaced: true, group: "autoscaling", version: "v1", kind: "Scale", verbs: ["get", "patch", "update"] },
    ],
  },
  "/apis/postgresql.cnpg.io/v1": {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: "postgresql.cnpg.io/v1",
    resources: [{ name: "clusters", singularName: "cluster", namespaced: true, kind: "Cluster", verbs: ["create", "get", "list", "delete"] }],
  },
  "/apis/networking.k8s.io/v1": {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: "networking.k8s.io/v1",
    resources: [{ name: "ingresses", singularName: "ingress", namespaced: true, kind: "Ingress", shortNames: ["ing"], verbs: ["get", "list", "delete"] }],
  },
  "/apis/rbac.authorization.k8s.io/v1": {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: "rbac.authorization.k8s.io/v1",
    resources: [{ name: "rolebindings", singularName: "rolebinding", namespaced: true, kind: "RoleBinding", verbs: ["get", "list", "delete"] }],
  },
};

const groups = ["apps", "networking.k8s.io", "postgresql.cnpg.io", "rbac.authorization.k8s.io"].map((name) => ({
  name,
  versions: [{ groupVersion: `${name}/v1`, version: "v1" }],
  preferredVersion: { groupVersion: `${name}/v1`, version: "v1" },
}));

/** The Ingresses of every workspace namespace: its tools'. */
const workspaceIngresses = ["jupyterlab", "rstudio"];

/** `a=b,c=d` selects objects whose labels hold every pair (the only form the tests use). */
const selects = (selector: string, labels: Readonly<Record<string, string>>): boolean =>
  selector.split(",").every((term) => {
    const [key, value] = term.split("=");
    return labels[key!] === value;
  });

const verbOf = (method: string, name: string | undefined): string =>
  ({ GET: name ? "get" : "list", PATCH: "patch", PUT: "update", DELETE: "delete", POST: "create" })[method] ?? method.toLowerCase();

/** Starts the server on a free local port. */
export async function recordingApiServer(state: ClusterState): Promise<RecordingApiServer> {
  const requests: ApiRequest[] = [];
  const removedBindings = new Set<string>();
  /** Ingresses deleted, by namespace/name. */
  const removedIngresses = new Set<string>();
  /** Clusters created, by namespace/name, with the reads each has had. */
  const clusters = new Map<string, number>();
  const server: Server = createServer((request: IncomingMessage, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const send = (status: number, body: object) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    const notFound = () => send(404, { kind: "Status", apiVersion: "v1", status: "Failure", reason: "NotFound", code: 404 });
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (url.pathname === "/api") return send(200, { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [] });
      if (url.pathname === "/apis") return send(200, { kind: "APIGroupList", apiVersion: "v1", groups });
      const list = resourceLists[url.pathname];
      if (list) return send(200, list);
      // /api/v1/<resource>[/<name>] or /apis/<group>/v1/namespaces/<ns>/<resource>/<name>[/<subresource>]
      const match = /^\/(?:api\/v1|apis\/([^/]+)\/v1)(?:\/namespaces\/([^/]+)(?=\/))?\/([^/]+)(?:\/([^/]+))?(?:\/([^/]+))?$/.exec(url.pathname);
      if (!match) return notFound();
      const [, group = "", namespace, resource = "", name, subresource] = match;
      const labelSelector = url.searchParams.get("labelSelector") ?? undefined;
      requests.push({
        verb: verbOf(request.method ?? "GET", name),
        group,
        resource,
        ...(subresource ? { subresource } : {}),
        ...(namespace ? { namespace } : {}),
        ...(name ? { name } : {}),
        ...(labelSelector ? { labelSelector } : {}),
      });
      if (resource === "namespaces" && !name) {
        const items = Object.entries(state.namespaces ?? {})
          .filter(([, labels]) => !labelSelector || selects(labelSelector, labels))
          .map(([namespaceName, labels]) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name: namespaceName, labels } }));
        return send(200, { kind: "NamespaceList", apiVersion: "v1", metadata: { resourceVersion: "1" }, items });
      }
      if (resource === "clusters" && namespace) {
        const key = (clusterName: string) => `${namespace}/${clusterName}`;
        if (request.method === "POST") {
          if (state.refuseClusterCreation) return send(403, { kind: "Status", apiVersion: "v1", status: "Failure", reason: "Forbidden", code: 403 });
          const created = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { metadata: { name: string } };
          clusters.set(key(created.metadata.name), 0);
          return send(201, { ...created, metadata: { ...created.metadata, namespace } });
        }
        if (!name || !clusters.has(key(name))) return notFound();
        if (request.method === "DELETE") {
          clusters.delete(key(name));
          return send(200, { kind: "Status", apiVersion: "v1", status: "Success", code: 200 });
        }
        const reads = clusters.get(key(name))! + 1;
        clusters.set(key(name), reads);
        const ready = reads > (state.clusterReadyAfterReads ?? Number.POSITIVE_INFINITY) ? 1 : 0;
        return send(200, {
          apiVersion: "postgresql.cnpg.io/v1",
          kind: "Cluster",
          metadata: { name, namespace },
          status: { instances: 1, readyInstances: ready },
        });
      }
      if (!namespace || !(namespace in (state.namespaces ?? {}))) return notFound();
      if (resource === "deployments" && name === "workspace") {
        if (subresource === "scale") {
          if (state.failingNamespaces?.includes(namespace)) return send(500, { kind: "Status", apiVersion: "v1", status: "Failure", code: 500 });
          return send(200, { kind: "Scale", apiVersion: "autoscaling/v1", metadata: { name, namespace }, spec: { replicas: 0 }, status: { replicas: 1 } });
        }
        return send(200, { kind: "Deployment", apiVersion: "apps/v1", metadata: { name, namespace }, spec: { replicas: 1 } });
      }
      if (resource === "ingresses") {
        const left = workspaceIngresses.filter((ingress) => !removedIngresses.has(`${namespace}/${ingress}`));
        if (!name) {
          const items = left.map((ingress) => ({ apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: ingress, namespace } }));
          return send(200, { kind: "IngressList", apiVersion: "networking.k8s.io/v1", metadata: { resourceVersion: "1" }, items });
        }
        if (request.method === "DELETE" && left.includes(name)) {
          removedIngresses.add(`${namespace}/${name}`);
          return send(200, { kind: "Status", apiVersion: "v1", status: "Success", code: 200 });
        }
        return notFound();
      }
      if (resource === "rolebindings" && name === "workspace-members" && !removedBindings.has(namespace)) {
        removedBindings.add(namespace);
        return send(200, { kind: "Status", apiVersion: "v1", status: "Success", code: 200 });
      }
      return notFound();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kubeconfig = [
    "apiVersion: v1",
    "kind: Config",
    `clusters: [{ name: test, cluster: { server: "${url}" } }]`,
    "users: [{ name: test, user: {} }]",
    "contexts: [{ name: test, context: { cluster: test, user: test } }]",
    "current-context: test",
    "",
  ].join("\n");
  return { url, requests, kubeconfig, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
