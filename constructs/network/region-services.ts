import type { FlowRule } from "./security-group";
import { groupedBy } from "../../lib/groups";

/** A service reached over HTTPS: where it answers. */
export interface HttpsEndpoint {
  readonly url: string;
  readonly cidr: string;
}

/** The region's container registry: its host, the port it answers HTTPS on (@default 443), its addresses. */
export interface RegistryEndpoint {
  readonly host: string;
  readonly port?: number;
  readonly cidr: string;
}

/**
 * The registry as an image's name starts with it: the host, and the port when it is not HTTPS's default; containerd
 * pulls `host:port/…` from https://host:port/v2 (docs.rke2.io, install/private_registry: "the registry hostname and
 * optional port"; distribution/reference, regexp.go domainAndPort).
 */
export const registryAddress = ({ host, port = 443 }: Pick<RegistryEndpoint, "host" | "port">): string => (port === 443 ? host : `${host}:${port}`);

/**
 * The services outside the private network that hosts of the region reach, each declared in the environment file.
 * Every egress rule of the bastion and of the Kubernetes nodes comes from here: nothing reaches the Internet directly.
 */
export interface RegionServices {
  /** Resolvers (IPv4 addresses). @default - none */
  readonly dns?: readonly string[];
  /** Time servers (IPv4 addresses), SecNumCloud 12.8. @default - none */
  readonly ntp?: readonly string[];
  /** In-region package and artifact mirrors, by what they serve (debian, rke2, ...). @default - none */
  readonly mirrors?: readonly (HttpsEndpoint & { readonly name: string })[];
  /** In-region HTTPS proxy. @default - none */
  readonly proxy?: HttpsEndpoint;
  /** The region's container registry. @default - none */
  readonly registry?: RegistryEndpoint;
  /** The central log store, reached with syslog over TLS. @default - none */
  readonly logStore?: { readonly host: string; readonly port: number; readonly cidr: string; readonly caCertificate?: string };
  /** The region's identity provider (OIDC issuer): the API server fetches its signing keys. @default - none */
  readonly identityProvider?: HttpsEndpoint;
  /** The provider's APIs. */
  readonly apis: { readonly identity: string; readonly objectStorage: string; readonly keyManager: string; readonly otherApis: string };
  /** The names of the provider's APIs: its catalogue's zone, and the hosts of its identity and S3 endpoints. @default - none */
  readonly apiNames?: readonly string[];
}

/**
 * The names outside the cluster that its pods may resolve: the provider's APIs, the identity provider, the log store,
 * the registry, the mirrors and the proxy, each once (a name within another's zone is that zone's). The cluster DNS
 * answers these only (see coreDnsAllowList).
 */
export function resolvableNames(services: RegionServices): string[] {
  const host = (url: string) => new URL(url).hostname;
  return [
    ...new Set([
      ...(services.apiNames ?? []),
      ...(services.identityProvider ? [host(services.identityProvider.url)] : []),
      ...(services.logStore ? [services.logStore.host] : []),
      ...(services.registry ? [services.registry.host] : []),
      ...(services.mirrors ?? []).map((mirror) => host(mirror.url)),
      ...(services.proxy ? [host(services.proxy.url)] : []),
    ]),
  ]
    .filter((name, _, names) => !/^[\d.]+$/.test(name) && !names.some((zone) => name.endsWith(`.${zone}`)))
    .sort();
}

const port = (url: string): number => Number(new URL(url).port || 443);

/**
 * One flow per address and port of the mirrors, naming every mirror served there: mirrors usually share one server,
 * and a security group holds one rule per flow (Neutron refuses a second of the same key), whose description keeps
 * 255 characters.
 */
function mirrorFlows(mirrors: readonly (HttpsEndpoint & { readonly name: string })[]): FlowRule[] {
  const served = groupedBy(mirrors, (mirror) => `${mirror.cidr} ${port(mirror.url)}`);
  return [...served.values()].map((group) => {
    const names = group.map((mirror) => mirror.name);
    const hosts = [...new Set(group.map((mirror) => new URL(mirror.url).host))];
    const listed = names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)} mirrors` : `${names[0]} mirror`;
    return https(`Mirror-${group[0]!.name}`, group[0]!.cidr, port(group[0]!.url), `Software from the in-region ${listed} on ${hosts.join(", ")}`);
  });
}

/** A flow out to a service over TCP. */
const https = (id: string, cidr: string, ports: number, why: string): FlowRule => ({ id, direction: "egress", protocol: "tcp", ports, peer: { cidr }, why });

/** The egress rules towards every service the region declares, each with its reason: the bastion and the nodes reach them all. */
export function serviceFlows(services: RegionServices): FlowRule[] {
  return [
    ...(services.dns ?? []).flatMap((ip, i): FlowRule[] => [
      { id: `DnsUdp${i}`, direction: "egress", protocol: "udp", ports: 53, peer: { cidr: `${ip}/32` }, why: `Name resolution through ${ip}` },
      {
        id: `DnsTcp${i}`,
        direction: "egress",
        protocol: "tcp",
        ports: 53,
        peer: { cidr: `${ip}/32` },
        why: `Name resolution through ${ip} (large answers)`,
      },
    ]),
    ...(services.ntp ?? []).map(
      (ip, i): FlowRule => ({
        id: `Ntp${i}`,
        direction: "egress",
        protocol: "udp",
        ports: 123,
        peer: { cidr: `${ip}/32` },
        why: `Clock synchronisation with ${ip} (SecNumCloud 12.8)`,
      }),
    ),
    ...mirrorFlows(services.mirrors ?? []),
    ...(services.proxy ? [https("Proxy", services.proxy.cidr, port(services.proxy.url), `The in-region proxy ${services.proxy.url}`)] : []),
    ...(services.registry
      ? [
          https(
            "Registry",
            services.registry.cidr,
            services.registry.port ?? 443,
            `Container images from the region's registry ${registryAddress(services.registry)}`,
          ),
        ]
      : []),
    ...(services.logStore
      ? [https("LogStore", services.logStore.cidr, services.logStore.port, `Logs to the central store ${services.logStore.host} (syslog over TLS)`)]
      : []),
    https("Identity", services.apis.identity, 443, "Tokens from the provider's identity API (Keystone)"),
    https("ObjectStorage", services.apis.objectStorage, 443, "The provider's object storage API (state, backups)"),
    https("KeyManager", services.apis.keyManager, 443, "The provider's key manager API (Barbican)"),
    ...(services.identityProvider
      ? [
          https(
            "IdentityProvider",
            services.identityProvider.cidr,
            port(services.identityProvider.url),
            `The region's identity provider ${services.identityProvider.url}`,
          ),
        ]
      : []),
    https("OpenStackApis", services.apis.otherApis, 443, "The provider's other APIs, for OpenTofu (compute, network, storage, load balancer)"),
  ];
}
