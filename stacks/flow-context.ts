import type { IConstruct } from "constructs";
import type { RegionConfig } from "../config/resolve";
import { declaredFlows, type RegionZone } from "../constructs/flows";
import { clusterNetworks } from "../constructs/kubernetes/defaults";
import type { FlowContext } from "../policies/flows/requirements";
import { PlatformStack } from "./platform-stack";

const host = (ip: string): string => (ip.includes("/") ? ip : `${ip}/32`);

/** The region's address zones, from its environment: the networks of its people and subnets, and every service it declares. */
function regionZones(config: RegionConfig): Partial<Record<RegionZone, string[]>> {
  const { services, network } = config;
  const zones: Partial<Record<RegionZone, string[]>> = {
    administrators: [...network.adminCidrs],
    dmz: [network.subnets.dmz],
    nodes: [network.subnets.nodes],
    // The Kubernetes API answers on a load balancer in the nodes subnet (Magnum's or the RKE2 servers').
    apiServer: [network.subnets.nodes],
    identity: [services.apis.identity],
    objectStorage: [services.apis.objectStorage],
    keyManager: [services.apis.keyManager],
    otherApis: [services.apis.otherApis],
    identityProvider: services.identityProvider ? [services.identityProvider.cidr] : config.platform ? [config.platform.identity.issuerCidr] : [],
    logStore: services.logStore ? [services.logStore.cidr] : [],
    registry: services.registry ? [services.registry.cidr] : [],
    mirrors: (services.mirrors ?? []).map((mirror) => mirror.cidr),
    proxy: services.proxy ? [services.proxy.cidr] : [],
    dns: (services.dns ?? []).map(host),
    ntp: (services.ntp ?? []).map(host),
  };
  return Object.fromEntries(Object.entries(zones).filter(([, cidrs]) => cidrs.length > 0));
}

/** What the flow check needs of a region: its zones, its roles (from the platform), and the flows its constructs declared. */
export function flowContext(config: RegionConfig, stacks: readonly IConstruct[]): FlowContext {
  const platform = stacks.find((stack): stack is PlatformStack => stack instanceof PlatformStack);
  return {
    zones: regionZones(config),
    podNetwork: [clusterNetworks.pods],
    roles: platform ? platform.platform.flowRoles : {},
    intended: stacks.flatMap((stack) => declaredFlows(stack)).map((flow) => ({ ...flow, expect: "possible" as const })),
  };
}
