import { ClusterRoleBindingV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-binding-v1";
import { ClusterRoleV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-v1";
import { RoleBindingV1 } from "@cdktf/provider-kubernetes/lib/role-binding-v1";
import { Construct } from "constructs";
import { declareException } from "../exceptions";
import { deployTimeSecrets, requireSecret } from "./deploy-time-secrets";
import { declareFlow, type FlowEndpoint, zone } from "../flows";
import { HelmComponent, imageParts } from "./helm-component";
import { labelKeys } from "./private/restricted-pod";
import { Peer, type SecureNamespace } from "./secure-namespace";

export interface IngressGatewayProps {
  /** Label of the workspaces' nodes, which its pods keep off (on Magnum they carry no taint). */
  readonly workspacesNodeLabel: readonly [string, string];
  /** The ingress namespace: Traefik and oauth2-proxy. */
  readonly namespace: SecureNamespace;
  readonly chartRepository: string;
  /** The region's domain: tools are published as <tool>.<project>.<domain>, sign-in as auth.<domain>. */
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

/** Labels of the Traefik pods, as the chart sets them. */
const traefikPods = { "app.kubernetes.io/name": "traefik" };
/** Traefik's ServiceAccount: the chart names it after the release (traefik.serviceAccountName, fullname). */
const traefikServiceAccount = "traefik";
/** The ClusterRole of what Traefik reads cluster-wide, and its binding. */
const traefikRole = "eds-entrance";
/** The ClusterRole that reads Secrets, bound in each namespace the entrance serves, and the exception it needs. */
const certificatesRole = "eds-entrance-certificates";
export const entranceCertificatesException = "entrance-certificates";
const oauth2ProxyPods = { "app.kubernetes.io/name": "oauth2-proxy" };
/** oauth2-proxy's session cookie, and the parts it splits a session of more than 4,000 bytes into, `<name>_<n>`
 * (oauth2-proxy pkg/sessions/cookie/session_store.go, splitCookie): four parts hold more than any header admits. */
const sessionCookie = "_oauth2_proxy";
const sessionCookieNames = [sessionCookie, ...[0, 1, 2, 3].map((part) => `${sessionCookie}_${part}`)];

/**
 * The region's entrance: Traefik (maintained, Kubernetes Ingress and Gateway API; ingress-nginx is retired upstream),
 * published through an internal Octavia load balancer in the DMZ (the OpenStack cloud provider's annotations), with
 * TLS certificates from the region's internal CA (cert-manager, per Ingress), and oauth2-proxy deciding, request by
 * request, whether the signed-in person belongs to the group a route requires. Each project gets its own
 * ForwardAuth middleware naming its members' group: being signed in is not enough to open a project's workspace.
 */
export class IngressGateway extends Construct {
  static readonly ingressClass = "traefik";
  /** The ports the entrance's LoadBalancer Service exposes: websecure only (web is not exposed). */
  static readonly exposedPorts = 1;
  readonly traefik: HelmComponent;
  readonly oauth2Proxy: HelmComponent;
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
    const oauth2Proxy = imageParts(props.images.oauth2Proxy);
    this.oauth2Proxy = new HelmComponent(this, "OAuth2Proxy", {
      avoidNodes: props.workspacesNodeLabel,
      component: "oauth2Proxy",
      chartRepository: props.chartRepository,
      namespace,
      images: [props.images.oauth2Proxy],
      values: {
        image: { repository: oauth2Proxy.fullRepository, tag: HelmComponent.tagOf("oauth2Proxy", props.images.oauth2Proxy) },
        replicaCount: 2,
        config: { existingSecret: deployTimeSecrets.entranceClient.name, configFile: "" },
        extraArgs: {
          provider: "oidc",
          "oidc-issuer-url": props.oidc.issuerUrl,
          "oidc-groups-claim": "groups",
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
          "cookie-name": sessionCookie,
          "cookie-domain": `.${props.domain}`,
          "whitelist-domain": `.${props.domain}`,
        },
        ingress: {
          enabled: true,
          className: IngressGateway.ingressClass,
          hosts: [`auth.${props.domain}`],
          path: "/oauth2",
          annotations: { "cert-manager.io/cluster-issuer": "eds-internal-ca" },
          tls: [{ hosts: [`auth.${props.domain}`], secretName: "auth-tls" }],
        },
        securityContext: { enabled: true },
      },
    });
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
        extraObjects: this.traefikObjects,
      },
      dependsOn: [this.oauth2Proxy.release],
    });
    // Browsers keep to HTTPS for a year (HSTS), sniff no content type, send no referrer to another site, and frame the
    // tools only in their own pages (RStudio frames its panes, so not DENY) (ANSSI, recommandations TLS; OWASP headers).
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
        },
      },
    });
    this.traefikObjects.push({
      apiVersion: "traefik.io/v1alpha1",
      kind: "Middleware",
      metadata: { name: "sign-in", namespace: namespace.name },
      // The errors middleware answers with the original status and the sign-in's headers (customerrors: a code
      // modifier): a browser does not follow the identity provider's Location on a 401, so 401 becomes 302.
      spec: {
        errors: { status: ["401"], statusRewrites: { "401": 302 }, service: { name: "oauth2-proxy", port: 80 }, query: "/oauth2/sign_in?rd={url}" },
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
   * Publishes a project's tools on their hosts: a ForwardAuth middleware that admits only the members' group
   * (oauth2-proxy's allowed_groups), chained after the sign-in redirect, and the sign-in's own paths on each host.
   * Returns the Ingress annotations that apply both middlewares.
   */
  projectAccess(projectNamespace: SecureNamespace, projectId: string, membersGroup: string, hosts: readonly string[]): Record<string, string> {
    const name = `project-${projectId}`;
    this.servedNamespaces.push(projectNamespace.name);
    this.bindCertificates(projectNamespace);
    // The sign-in runs on the tool's own host: the errors middleware asks oauth2-proxy for it with the tool's Host and
    // rd={url}, the absolute URL asked for (traefik pkg/middlewares/customerrors; whitelist-domain admits it), and
    // oauth2-proxy sends the identity provider back to /oauth2/callback of that host (it builds the redirect URL from
    // the request). Each host routes /oauth2/ to oauth2-proxy, as oauth2-proxy's Traefik guide does; without it, the
    // callback met the tool's ForwardAuth and started the sign-in again.
    this.traefikObjects.push({
      apiVersion: "traefik.io/v1alpha1",
      kind: "IngressRoute",
      metadata: { name: `${name}-sign-in`, namespace: this.props.namespace.name, labels: { [labelKeys.project]: projectId } },
      spec: {
        entryPoints: ["websecure"],
        routes: hosts.map((host) => ({
          kind: "Rule",
          match: `Host(\`${host}\`) && PathPrefix(\`/oauth2/\`)`,
          services: [{ name: "oauth2-proxy", port: 80 }],
        })),
        // The certificate is the tool's, found by its name among those of the Ingresses (Traefik's default TLS store).
        tls: {},
      },
    });
    this.traefikObjects.push({
      apiVersion: "traefik.io/v1alpha1",
      kind: "Middleware",
      metadata: { name, namespace: this.props.namespace.name, labels: { [labelKeys.project]: projectId } },
      spec: {
        forwardAuth: {
          address: `http://oauth2-proxy.${this.props.namespace.name}.svc.cluster.local/oauth2/auth?allowed_groups=${encodeURIComponent(membersGroup)}`,
          trustForwardHeader: false,
          authResponseHeaders: ["X-Auth-Request-User", "X-Auth-Request-Email", "X-Auth-Request-Groups"],
          // A refresh answers /oauth2/auth with the new session's cookie; Traefik hands the browser only the cookies
          // listed here (traefik v3.6 pkg/middlewares/auth/forward.go, buildModifier). Without them the browser kept the
          // sign-in's cookie, and every request after 15 minutes refreshed again at the identity provider.
          addAuthCookiesToResponse: sessionCookieNames,
        },
      },
    });
    const namespace = this.props.namespace.name;
    return {
      "traefik.ingress.kubernetes.io/router.entrypoints": "websecure",
      "traefik.ingress.kubernetes.io/router.tls": "true",
      "traefik.ingress.kubernetes.io/router.middlewares": `${namespace}-sign-in@kubernetescrd,${namespace}-${name}@kubernetescrd`,
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
