import { clusterNetworks } from "../../constructs/kubernetes/defaults";
import { block, canonical, contains, overlaps, wholeFamily } from "../../lib/cidr";
import type { ConfigIssue } from "../../lib/issues";
import type { EnvironmentValidator } from "./context";

/**
 * CIDRs are written with their network address; subnets lie inside the range and do not overlap; no address the pods
 * reach as it is (the range and its subnets, the administrators' networks, the mirrors, the proxy, the provider's APIs, resolvers and time
 * servers, the registry, the log store and the identity provider) lies in the cluster's own pod or
 * Service network, where the nodes would route it into the cluster.
 */
export const validateNetworkPlan: EnvironmentValidator = ({ env, source }) => {
  const issues: ConfigIssue[] = [];
  const { network, kubernetes } = env;
  const written: [readonly (string | number)[], string][] = [
    [["network", "range"], network.range],
    ...Object.entries(network.subnets).map(([name, cidr]): [string[], string] => [["network", "subnets", name], cidr]),
    ...network.adminCidrs.map((cidr, i): [(string | number)[], string] => [["network", "adminCidrs", i], cidr]),
    ...network.mirrors.map((mirror, i): [(string | number)[], string] => [["network", "mirrors", i, "cidr"], mirror.cidr]),
  ];
  for (const [path, cidr] of written) {
    if (canonical(cidr) !== cidr) issues.push(source.issueAt(path, `"${cidr}" is not a network address; write ${canonical(cidr)}`));
  }
  const { provider, registry, logging, platform } = env;
  const reached: [readonly (string | number)[], string][] = [
    ...written,
    ...(network.proxy ? [[["network", "proxy", "cidr"], network.proxy.cidr] as [string[], string]] : []),
    ...Object.entries(provider.apiEndpoints).map(([name, cidr]): [string[], string] => [["provider", "apiEndpoints", name], cidr]),
    ...provider.dnsNameservers.map((ip, i): [(string | number)[], string] => [["provider", "dnsNameservers", i], `${ip}/32`]),
    ...provider.ntpServers.map((ip, i): [(string | number)[], string] => [["provider", "ntpServers", i], `${ip}/32`]),
    ...(registry ? [[["registry", "cidr"], registry.cidr] as [string[], string]] : []),
    ...(logging.store ? [[["logging", "store", "cidr"], logging.store.cidr] as [string[], string]] : []),
    ...(platform ? [[["platform", "identity", "issuerCidr"], platform.identity.issuerCidr] as [string[], string]] : []),
  ];
  // The whole Internet as an administrators' network has an error of its own.
  for (const [path, cidr] of reached.filter(([, cidr]) => wholeFamily(cidr) === undefined)) {
    for (const [name, clusterCidr] of Object.entries(clusterNetworks)) {
      if (overlaps(block(cidr), block(clusterCidr)))
        issues.push(source.issueAt(path, `${cidr} overlaps the cluster's ${name} network ${clusterCidr}, where the nodes route it into the cluster`));
    }
  }

  // See the hosts' apt sources (constructs/host/hardened-host.ts, aptConfig): the security suite is a separate archive.
  const debian = network.mirrors.findIndex((mirror) => mirror.name === "debian");
  if (debian >= 0 && !network.mirrors.some((mirror) => mirror.name === "debian-security"))
    issues.push(
      source.issueAt(
        ["network", "mirrors", debian],
        "a debian mirror needs a debian-security mirror beside it: the hosts' security updates (<codename>-security) come from Debian's separate security archive",
      ),
    );
  const range = block(network.range);
  const subnets = Object.entries(network.subnets).map(([name, cidr]) => ({ name, block: block(cidr) }));
  for (const subnet of subnets) {
    if (!contains(range, subnet.block)) {
      issues.push(source.issueAt(["network", "subnets", subnet.name], `${subnet.block.cidr} lies outside the region's range ${network.range}`));
    }
  }
  for (const [i, a] of subnets.entries()) {
    for (const b of subnets.slice(i + 1)) {
      if (overlaps(a.block, b.block)) {
        issues.push(source.issueAt(["network", "subnets", b.name], `${b.block.cidr} overlaps subnet ${a.name} (${a.block.cidr}); subnets must be disjoint`));
      }
    }
  }
  // Each node takes an address of the nodes' subnet, beside what is not a node's: the network and broadcast addresses,
  // the gateway, the DHCP port (enableDhcp), and the API load balancer's VIP with an Octavia amphora port for each of an
  // active-standby pair.
  const nodes = block(network.subnets.nodes);
  const room = nodes.last - nodes.first + 1 - 7;
  const wanted = kubernetes.controlPlane.count + kubernetes.nodeGroups.reduce((sum, group) => sum + group.count, 0);
  if (wanted > room) {
    const largest = kubernetes.nodeGroups.reduce((best, group, i) => (group.count > kubernetes.nodeGroups[best]!.count ? i : best), 0);
    issues.push(
      source.issueAt(
        ["kubernetes", "nodeGroups", largest, "count"],
        `${wanted} nodes do not fit the nodes' subnet ${nodes.cidr}, which has ${room} addresses for them`,
      ),
    );
  }
  return issues;
};
