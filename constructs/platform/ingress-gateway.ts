import { ClusterRoleBindingV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-binding-v1";
import { ClusterRoleV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-v1";
import { RoleBindingV1 } from "@cdktf/provider-kubernetes/lib/role-binding-v1";
import { Construct } from "constructs";
import { declareException } from "../exceptions";
import { deployTimeSecrets, requireSecret } from "./deploy-time-secrets";
import { declareFlow, type FlowEndpoint, zone } from "../flows";
import { HelmComponent, imageParts } from "./helm-component";
import { labelKeys } from "./private/restricted-pod";
import { mebibytes, millicores } from "../../lib/quantities";
import { anssiTls12GoSuites, minimumTlsVersion } from "../../lib/tls-suites";
import { type NamespaceQuota, Peer, type SecureNamespace } from "./secure-namespace";

export interface IngressGatewayProps {
  /** Label of the workspaces' nodes, which its pods keep off (on Magnum they carry no taint). */
  readonly workspacesNodeLabel: readonly [string, string];
  /** The ingress namespace: Traefik and the projects' sign-in proxies (oauth2-proxy). */
  readonly namespace: SecureNamespace;
  readonly chartRepository: string;
  /** The region's domain: tools are published as <tool>.<project>.<domain>, and members sign in on those hosts. */
  readonly domain: string;
  /** The DMZ subnet (id, for Octavia, and CIDR, for the NetworkPolicy that admits the load balancer). */
  readonly dmzSubnet: { readonly id: string; readonly cidr: string };
  /** Where the API servers answer (the nodes subnet), for the controller that watches Ingresses. */
  readonly apiServerCidr: string;
  readonly oidc: { readonly issuerUrl: string; readonly issuerCidr: string; readonly clientId: string };
  readonly images: { readonly traefik: string; readonly oauth2Proxy: string };
}

/** Port on which Traefik serves HTTPS, and on which the DMZ load balancer reaches it. */
const httpsPort = 8443;
const oauth2ProxyPort = 4180;
/** The Middleware that sets the security headers of every response of the entrance. */
const securityHeaders = "security-headers";

/**
 * The entrance's TLS, for every route (Traefik's TLS option named default): TLS 1.2 and 1.3 only, and for TLS 1.2 the
 * ANSSI's suites that Go implements (anssiTls12GoSuites). Left unset, Traefik offers every suite tls.CipherSuites() lists (pkg/tls/tlsmanager.go,
 * DefaultTLSOptions), CBC with SHA-1 among them. A client naming no host the entrance serves is refused (sniStrict)
 * rather than given the default certificate.
 */
const entranceTls = { minVersion: minimumTlsVersion, cipherSuites: anssiTls12GoSuites, sniStrict: true };

/**
 * The identity headers oauth2-proxy writes (v7.12.0 pkg/apis/options/legacy_options.go: X-Auth-Request-* with
 * set-xauthrequest, X-Forwarded-* with pass-user-headers). A request's own are removed at the entrance, before the
 * sign-in, so that a tool reading any of them reads the proxy's or nothing: the sign-in's ForwardAuth replaces only
 * the headers it copies (authResponseHeaders). Every spelling with `_` for `-` too: Go matches header names by case
 * only, while servers that read headers as CGI variables (HTTP_X_AUTH_REQUEST_GROUPS) take both for one
 * (oauth2-proxy CVE-2025-64484, fixed in its own stripping in v7.13.0).
 */
const identityHeaders = [
  "X-Auth-Request-User",
  "X-Auth-Request-Email",
  "X-Auth-Request-Preferred-Username",
  "X-Auth-Request-Groups",
  "X-Auth-Request-Access-Token",
  "X-Forwarded-User",
  "X-Forwarded-Email",
  "X-Forwarded-Preferred-Username",
  "X-Forwarded-Groups",
  "X-Forwarded-Access-Token",
];

/** A header's name with each `-` kept or written `_`: X-Auth-Request-User, X_Auth-Request-User, ... X_Auth_Request_User. */
function spellings(header: string): string[] {
  return header
    .split("-")
    .reduce((prefixes: string[], word, i) => (i === 0 ? [word] : prefixes.flatMap((prefix) => [`${prefix}-${word}`, `${prefix}_${word}`])), []);
}

/** Labels of the Traefik pods, as the chart sets them. */
const traefikPods = { "app.kubernetes.io/name": "traefik" };
/** Traefik's ServiceAccount: the chart names it after the release (traefik.serviceAccountName, fullname). */
const traefikServiceAccount = "traefik";
/** The ClusterRole of what Traefik reads cluster-wide, and its binding. */
const traefikRole = "eds-entrance";
/** The ClusterRole that reads Secrets, bound in each namespace the entrance serves, and the exception it needs. */
const certificatesRole = "eds-entrance-certificates";
export const entranceCertificatesException = "entrance-certificates";
/** Labels of every project's sign-in proxy: the chart's name label, the same for each release. */
const oauth2ProxyPods = { "app.kubernetes.io/name": "oauth2-proxy" };
/** A project's sign-in proxy: the release, and the Service the chart names after it (it contains the chart's name). */
const signInProxyOf = (projectId: string) => `oauth2-proxy-${projectId}`;
/**
 * A project's session cookie, and the parts oauth2-proxy splits a session of more than 4,000 bytes into, `<name>_<n>`
 * (oauth2-proxy pkg/sessions/cookie/session_store.go, splitCookie): four parts hold more than any header admits.
 */
const sessionCookieNamesOf = (cookie: string) => [cookie, ...[0, 1, 2, 3].map((part) => `${cookie}_${part}`)];
/** What each sign-in proxy's two pods may use: oauth2-proxy with sessions in cookies needs a few tens of MiB. */
const signInProxyPods = { replicas: 2, limits: { cpu: "100m", memory: "128Mi" }, requests: { cpu: "10m", memory: "32Mi" } } as const;

/**
 * The entrance's namespace: Traefik's pods, and the two pods of each active project's sign-in proxy, whose limits
 * the quota must hold (the API server refuses a pod past it), with the one more pod each proxy starts while an
 * upgrade rolls out (a Deployment's default maxSurge, 25 % of two pods, rounds up to one): the releases wait for
 * their rollouts, and Terraform applies many at once.
 */
export function entranceNamespaceQuota(activeProjects: number): NamespaceQuota {
  const proxies = activeProjects * (signInProxyPods.replicas + 1);
  return {
    cpu: `${4000 + proxies * millicores(signInProxyPods.limits.cpu)}m`,
    memory: `${8192 + proxies * mebibytes(signInProxyPods.limits.memory)}Mi`,
    storage: "20Gi",
    pods: 20 + proxies,
    loadBalancers: 1,
    nodePorts: IngressGateway.exposedPorts,
  };
}

/**
 * The region's entrance: Traefik (maintained, Kubernetes Ingress and Gateway API; ingress-nginx is retired upstream),
 * published through an internal Octavia load balancer in the DMZ (the OpenStack cloud provider's annotations), with
 * TLS certificates from the region's internal CA (cert-manager, per Ingress), and a sign-in proxy per project
 * (oauth2-proxy) deciding, request by request, whether the signed-in person belongs to the project's group: being
 * signed in is not enough to open a project's workspace, and a project's session is good for that project only.
 */
export class IngressGateway extends Construct {
  static readonly ingressClass = "traefik";
  /** The ports the entrance's LoadBalancer Service exposes: websecure only (web is not exposed). */
  static readonly exposedPorts = 1;
  readonly traefik: HelmComponent;
  /** The Traefik objects the chart installs with itself (extraObjects): its middlewares and the sign-in routes. */
  private readonly traefikObjects: Record<string, unknown>[] = [];
  /**
   * The namespaces whose Ingresses Traefik serves: its own (the sign-in's) and each project's. It watches these only,
   * and reads Secrets (the TLS certificates) only there.
   */
  private readonly servedNamespaces: string[];

  constructor(
    scope: Construct,
    id: string,
    private readonly props: IngressGatewayProps,
  ) {
    super(scope, id);
    const { namespace } = props;
    this.servedNamespaces = [namespace.name];
    requireSecret(this, namespace.name, deployTimeSecrets.entranceClient);
    const traefik = imageParts(props.images.traefik);
    this.traefik = new HelmComponent(this, "Traefik", {
      avoidNodes: props.workspacesNodeLabel,
      component: "traefik",
      chartRepository: props.chartRepository,
      namespace,
      images: [props.images.traefik],
      values: {
        image: { registry: traefik.registry, repository: traefik.repository, tag: HelmComponent.tagOf("traefik", props.images.traefik) },
        deployment: { replicas: 2 },
        ingressClass: { enabled: true, isDefaultClass: true, name: IngressGateway.ingressClass },
        // The chart's RBAC reads every Secret of the cluster (templates/rbac/clusterrole.yaml at 37.3.0), and Traefik
        // would hold them all in memory; its namespaced RBAC turns IngressClasses off, and with them every Ingress
        // naming one (Traefik v3.6.0, ingress provider: shouldProcessIngress). So the roles are ours (below), and
        // Traefik watches the namespaces it serves only: its informers are then per namespace (ingress/client.go, WatchAll).
        rbac: { enabled: false },
        providers: {
          kubernetesIngress: { enabled: true, namespaces: this.servedNamespaces },
          kubernetesCRD: { enabled: true, allowCrossNamespace: false, namespaces: [namespace.name] },
        },
        ports: {
          web: { expose: { default: false } },
          websecure: {
            port: httpsPort,
            exposedPort: 443,
            expose: { default: true },
            tls: { enabled: true },
            // On every route of the entrance, the sign-in's included (the chart's --entryPoints.websecure.http.middlewares).
            middlewares: [`${namespace.name}-${securityHeaders}@kubernetescrd`],
          },
        },
        service: {
          type: "LoadBalancer",
          // Keep the load balancer's own address as the source, so the NetworkPolicy below can admit it.
          spec: { externalTrafficPolicy: "Local" },
          annotations: {
            "service.beta.kubernetes.io/openstack-internal-load-balancer": "true",
            "loadbalancer.openstack.org/subnet-id": props.dmzSubnet.id,
            // With the Local policy only the nodes running Traefik answer; every node is a member of the pool, so the
            // load balancer must probe them (healthCheckNodePort) to send nothing to the others. The OpenStack cloud
            // controller creates no monitor unless told (cloud-provider-openstack v1.34.1, loadbalancer.go:
            // enable-health-monitor defaults to create-monitor, false; its docs: "required for ... Local").
            "loadbalancer.openstack.org/enable-health-monitor": "true",
          },
        },
        // The chart sets no seccomp profile (values.yaml at 37.3.0: podSecurityContext and securityContext have none),
        // which the restricted profile of the namespace requires: Helm merges this into the chart's own context.
        podSecurityContext: { seccompProfile: { type: "RuntimeDefault" } },
        logs: { access: { enabled: true, format: "json" } },
        tlsOptions: { default: entranceTls },
        extraObjects: this.traefikObjects,
      },
    });
    // Browsers keep to HTTPS for a year (HSTS), sniff no content type, send no referrer to another site, and frame the
    // tools only in their own pages (RStudio frames its panes, so not DENY) (ANSSI, recommandations TLS; OWASP headers).
    // No request brings its own identity headers in.
    this.traefikObjects.push({
      apiVersion: "traefik.io/v1alpha1",
      kind: "Middleware",
      metadata: { name: securityHeaders, namespace: namespace.name },
      spec: {
        headers: {
          stsSeconds: 31536000,
          stsIncludeSubdomains: true,
          contentTypeNosniff: true,
          referrerPolicy: "same-origin",
          customFrameOptionsValue: "SAMEORIGIN",
          // An empty value removes the request's header (traefik v3.6 pkg/middlewares/headers/header.go), and the
          // entry point's middlewares come before each route's (pkg/server/aggregator.go, applyModel).
          customRequestHeaders: Object.fromEntries(identityHeaders.flatMap(spellings).map((header) => [header, ""])),
        },
      },
    });
    this.grantTraefik();

    namespace.allowIngress("from-dmz-load-balancer", Peer.cidrs(props.dmzSubnet.cidr), {
      pods: traefikPods,
      ports: [{ port: httpsPort }],
      why: "User traffic from the internal Octavia load balancer in the DMZ (its own address, externalTrafficPolicy Local)",
    });
    namespace.allowEgress("traefik-to-api-server", Peer.cidrs(props.apiServerCidr), {
      pods: traefikPods,
      ports: [{ port: 6443 }],
      why: "Traefik watches Ingresses, Services and Middlewares",
    });
    namespace.allowEgress("traefik-to-oauth2-proxy", Peer.pods(namespace, oauth2ProxyPods), {
      pods: traefikPods,
      ports: [{ port: oauth2ProxyPort }],
      why: "Every request is authorised by oauth2-proxy first (ForwardAuth)",
    });
    namespace.allowIngress("oauth2-proxy-from-traefik", Peer.pods(namespace, traefikPods), {
      pods: oauth2ProxyPods,
      ports: [{ port: oauth2ProxyPort }],
      why: "Authorisation requests and sign-in pages, from Traefik only",
    });
    const signIn = namespace.pods("the sign-in proxy (oauth2-proxy)", oauth2ProxyPods);
    declareFlow(this, { id: "dmz-to-entrance", from: zone("dmz"), to: this.entrance, port: httpsPort, why: "Users arrive through the DMZ load balancer" });
    declareFlow(this, { id: "entrance-to-sign-in", from: this.entrance, to: signIn, port: oauth2ProxyPort, why: "Every request is authorised first" });
    declareFlow(this, { id: "sign-in-to-identity-provider", from: signIn, to: zone("identityProvider"), port: 443, why: "Sign-in with the identity provider" });
    namespace.allowEgress("oauth2-proxy-to-identity-provider", Peer.cidrs(props.oidc.issuerCidr), {
      pods: oauth2ProxyPods,
      ports: [{ port: 443 }],
      why: "Sign-in and token checks with the region's identity provider",
    });
  }

  /**
   * What the chart's ClusterRole grants Traefik v3.6 with the Ingress and CRD providers (templates/rbac/clusterrole.yaml
   * at 37.3.0), but Secrets: those it reads only in the namespaces it serves, through a binding in each.
   */
  private grantTraefik(): void {
    const namespace = this.props.namespace.name;
    const read = ["get", "list", "watch"];
    new ClusterRoleV1(this, "TraefikRole", {
      metadata: { name: traefikRole },
      rule: [
        { apiGroups: [""], resources: ["configmaps", "nodes", "services"], verbs: read },
        { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["list", "watch"] },
        { apiGroups: [""], resources: ["pods"], verbs: ["get"] },
        { apiGroups: ["extensions", "networking.k8s.io"], resources: ["ingressclasses", "ingresses"], verbs: read },
        { apiGroups: ["extensions", "networking.k8s.io"], resources: ["ingresses/status"], verbs: ["update"] },
        {
          apiGroups: ["traefik.io"],
          resources: [
            "ingressroutes",
            "ingressroutetcps",
            "ingressrouteudps",
            "middlewares",
            "middlewaretcps",
            "serverstransports",
            "serverstransporttcps",
            "tlsoptions",
            "tlsstores",
            "traefikservices",
          ],
          verbs: read,
        },
      ],
    });
    new ClusterRoleBindingV1(this, "TraefikBinding", {
      metadata: { name: traefikRole },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: traefikRole },
      subject: [{ kind: "ServiceAccount", name: traefikServiceAccount, namespace }],
    });
    const certificates = new ClusterRoleV1(this, "CertificatesRole", {
      metadata: { name: certificatesRole },
      rule: [{ apiGroups: [""], resources: ["secrets"], verbs: read }],
    });
    declareException(certificates, {
      id: entranceCertificatesException,
      policy: "k8s-rbac-no-secret-reads",
      reason:
        "Traefik reads the TLS certificates of the tools it serves, which cert-manager writes as Secrets; bound only in its own namespace and in each project's, whose Secrets it lists (names cannot narrow a list)",
    });
    this.bindCertificates(this.props.namespace);
  }

  /** Lets Traefik read the Secrets of a namespace it serves. */
  private bindCertificates(served: SecureNamespace): void {
    new RoleBindingV1(served, "EntranceCertificates", {
      metadata: { name: certificatesRole, namespace: served.ref },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: certificatesRole },
      subject: [{ kind: "ServiceAccount", name: traefikServiceAccount, namespace: this.props.namespace.name }],
    });
  }

  /**
   * Publishes a project's tools on their hosts, <tool>.<project>.<domain>, behind a sign-in proxy of the project's own:
   * a ForwardAuth middleware asks it whether the request's session is a member's, chained after the redirect to its
   * sign-in, and each host sends its sign-in paths to it. Returns the Ingress annotations that apply both middlewares.
   *
   * Why a proxy per project: a session reaches the tools with every request, where code a member changes can read it.
   * oauth2-proxy signs its cookie with the cookie's name (pkg/encryption/utils.go: SignedValue, Validate), so a
   * session made for one project's cookie is refused under another's, and a proxy admits its project's group only
   * (--allowed-group: at the callback, and at each /oauth2/auth through provider Authorize). With one proxy for all,
   * a session caught in project A's tools opened project B for anyone in both.
   */
  projectAccess(projectNamespace: SecureNamespace, projectId: string, membersGroup: string, hosts: readonly string[]): Record<string, string> {
    const name = `project-${projectId}`;
    const namespace = this.props.namespace.name;
    const proxy = signInProxyOf(projectId);
    const projectDomain = `${projectId}.${this.props.domain}`;
    const outside = hosts.filter((host) => !host.endsWith(`.${projectDomain}`));
    if (outside.length > 0)
      throw new Error(`project ${projectId}: hosts ${outside.join(", ")} are not under ${projectDomain}, which its sign-in cookie covers`);
    this.servedNamespaces.push(projectNamespace.name);
    this.bindCertificates(projectNamespace);
    const cookie = `_eds_${projectId}`;
    new HelmComponent(this, `SignIn-${projectId}`, {
      avoidNodes: this.props.workspacesNodeLabel,
      component: "oauth2Proxy",
      name: proxy,
      chartRepository: this.props.chartRepository,
      namespace: this.props.namespace,
      images: [this.props.images.oauth2Proxy],
      values: {
        image: { repository: imageParts(this.props.images.oauth2Proxy).fullRepository, tag: HelmComponent.tagOf("oauth2Proxy", this.props.images.oauth2Proxy) },
        replicaCount: signInProxyPods.replicas,
        resources: { limits: signInProxyPods.limits, requests: signInProxyPods.requests },
        // The client and the cookie key are the entrance's, for every project: the cookie's name keeps sessions apart.
        config: { existingSecret: deployTimeSecrets.entranceClient.name, configFile: "" },
        extraArgs: {
          provider: "oidc",
          "oidc-issuer-url": this.props.oidc.issuerUrl,
          "oidc-groups-claim": "groups",
          "allowed-group": membersGroup,
          // With an allowed group, oauth2-proxy asks the identity provider for a `groups` scope too (v7.12.0
          // providers/oidc.go), which Keycloak refuses unless the realm defines one (invalid_scope, oauth2-proxy issue
          // #1604). The groups come from the token's claim (oidc-groups-claim), as before: ask for the usual scopes.
          scope: "openid email profile",
          "email-domain": "*",
          upstream: "static://202",
          "reverse-proxy": true,
          "set-xauthrequest": true,
          "skip-provider-button": true,
          "cookie-secure": true,
          // The groups a request is judged by are the session's: by default read once at sign-in and kept a week (no
          // refresh, a 168h cookie). Refreshed every 15 minutes with the refresh token (the OIDC provider reads the
          // groups again, and a refused refresh ends the session), a member removed from a project's group loses its
          // tools within 15 minutes; a session lasts a working day (oauth2-proxy docs, configuration: cookie-refresh).
          "cookie-refresh": "15m",
          "cookie-expire": "12h",
          "cookie-name": cookie,
          // Sent to the project's own hosts only, and redirects after sign-in only to them.
          "cookie-domain": `.${projectDomain}`,
          "whitelist-domain": `.${projectDomain}`,
        },
        securityContext: { enabled: true },
      },
    });
    // The sign-in runs on the tool's own host: the errors middleware asks the proxy for it with the tool's Host and
    // rd={url}, the absolute URL asked for (traefik pkg/middlewares/customerrors; whitelist-domain admits it), and
    // oauth2-proxy sends the identity provider back to /oauth2/callback of that host (it builds the redirect URL from
    // the request). Each host routes /oauth2/ to the proxy, as oauth2-proxy's Traefik guide does; without it, the
    // callback met the tool's ForwardAuth and started the sign-in again.
    const labels = { [labelKeys.project]: projectId };
    this.traefikObjects.push({
      apiVersion: "traefik.io/v1alpha1",
      kind: "IngressRoute",
      metadata: { name: `${name}-sign-in-paths`, namespace, labels },
      spec: {
        entryPoints: ["websecure"],
        routes: hosts.map((host) => ({ kind: "Rule", match: `Host(\`${host}\`) && PathPrefix(\`/oauth2/\`)`, services: [{ name: proxy, port: 80 }] })),
        // The certificate is the tool's, found by its name among those of the Ingresses (Traefik's default TLS store).
        tls: {},
      },
    });
    this.traefikObjects.push({
      apiVersion: "traefik.io/v1alpha1",
      kind: "Middleware",
      metadata: { name: `${name}-sign-in`, namespace, labels },
      // The errors middleware answers with the original status and the sign-in's headers (customerrors: a code
      // modifier): a browser does not follow the identity provider's Location on a 401, so 401 becomes 302.
      spec: { errors: { status: ["401"], statusRewrites: { "401": 302 }, service: { name: proxy, port: 80 }, query: "/oauth2/sign_in?rd={url}" } },
    });
    this.traefikObjects.push({
      apiVersion: "traefik.io/v1alpha1",
      kind: "Middleware",
      metadata: { name, namespace, labels },
      spec: {
        forwardAuth: {
          address: `http://${proxy}.${namespace}.svc.cluster.local/oauth2/auth`,
          trustForwardHeader: false,
          // Who is signed in, never what a request sent itself (Traefik deletes each listed header before copying the
          // answer's). Not X-Auth-Request-Groups: every group of the member, other projects' included, for code the
          // project's members write to read.
          authResponseHeaders: ["X-Auth-Request-User", "X-Auth-Request-Email"],
          // A refresh answers /oauth2/auth with the new session's cookie; Traefik hands the browser only the cookies
          // listed here (traefik v3.6 pkg/middlewares/auth/forward.go, buildModifier). Without them the browser kept the
          // sign-in's cookie, and every request after 15 minutes refreshed again at the identity provider.
          addAuthCookiesToResponse: sessionCookieNamesOf(cookie),
        },
      },
    });
    return {
      "traefik.ingress.kubernetes.io/router.entrypoints": "websecure",
      "traefik.ingress.kubernetes.io/router.tls": "true",
      "traefik.ingress.kubernetes.io/router.middlewares": `${namespace}-${name}-sign-in@kubernetescrd,${namespace}-${name}@kubernetescrd`,
      "cert-manager.io/cluster-issuer": "eds-internal-ca",
    };
  }

  /** Lets Traefik forward to some pods of a namespace (the other side's ingress policy must admit it too). */
  allowBackend(name: string, to: Peer, ports: readonly number[], why: string): void {
    this.props.namespace.allowEgress(name, to, { pods: traefikPods, ports: ports.map((port) => ({ port })), why });
  }

  /** The entrance's pods, as one end of a declared flow. */
  get entrance(): FlowEndpoint {
    return this.props.namespace.pods("the entrance (Traefik)", traefikPods);
  }

  /** Who may open connections to a published backend: the Traefik pods. */
  get peer(): Peer {
    return Peer.pods(this.props.namespace, traefikPods);
  }
}
