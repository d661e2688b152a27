import { allPorts, IntervalSet } from "../../lib/interval-set";
import type { Protocol } from "./requirements";

/** Ports per protocol. */
export type Ports = ReadonlyMap<Protocol, IntervalSet>;

/** What lets a flow through: the addresses it covers (for flows to or from outside), on which ports, and the rule that does. */
export interface Grant {
  readonly addresses: IntervalSet;
  readonly ports: Ports;
  readonly because: string;
}

export const noPorts: Ports = new Map();
export const everyPort: Ports = new Map<Protocol, IntervalSet>([
  ["TCP", allPorts],
  ["UDP", allPorts],
]);

export const portsFor = (protocol: Protocol, set: IntervalSet): Ports => new Map([[protocol, set]]);

export function unionPorts(a: Ports, b: Ports): Ports {
  const result = new Map(a);
  for (const [protocol, set] of b) result.set(protocol, (result.get(protocol) ?? IntervalSet.none).union(set));
  return result;
}

export function intersectPorts(a: Ports, b: Ports): Ports {
  const result = new Map<Protocol, IntervalSet>();
  for (const [protocol, set] of a) {
    const both = set.intersect(b.get(protocol) ?? IntervalSet.none);
    if (!both.isEmpty) result.set(protocol, both);
  }
  return result;
}

/** Whether `a` opens every port `b` does. */
export const coversPorts = (a: Ports, b: Ports): boolean => [...b].every(([protocol, set]) => (a.get(protocol) ?? IntervalSet.none).covers(set));

export const hasAnyPort = (ports: Ports): boolean => [...ports.values()].some((set) => !set.isEmpty);

/** Whether the ports include `port` of `protocol`, or any port when `port` is undefined. */
export const includesPort = (ports: Ports, port: number | undefined, protocol: Protocol): boolean =>
  port === undefined ? hasAnyPort(ports) : (ports.get(protocol)?.has(port) ?? false);

/** "TCP 443, 8080-8090; UDP 53", for the matrix. */
export function describePorts(ports: Ports): string {
  const parts = [...ports.entries()]
    .filter(([, set]) => !set.isEmpty)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([protocol, set]) =>
      set.covers(allPorts)
        ? `${protocol} any`
        : `${protocol} ${set.ranges.map(([first, last]) => (first === last ? `${first}` : `${first}-${last}`)).join(", ")}`,
    );
  return parts.join("; ");
}
