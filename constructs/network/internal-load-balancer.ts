import { Construct } from "constructs";
import { LbListenerV2 } from "../../.gen/providers/openstack/lb-listener-v2/index";
import { LbLoadbalancerV2 } from "../../.gen/providers/openstack/lb-loadbalancer-v2/index";
import { LbMemberV2 } from "../../.gen/providers/openstack/lb-member-v2/index";
import { LbMonitorV2 } from "../../.gen/providers/openstack/lb-monitor-v2/index";
import { LbPoolV2 } from "../../.gen/providers/openstack/lb-pool-v2/index";

export interface InternalLoadBalancerProps {
  readonly name: string;
  readonly description: string;
  /** Subnet of the virtual address: private, so the balancer is reachable only from inside the region. */
  readonly subnetId: string;
  /** TCP ports balanced to the same port of every member. */
  readonly ports: readonly number[];
  /** Fixed addresses of the members (ports on the members' subnet). */
  readonly memberAddresses: readonly string[];
  readonly memberSubnetId: string;
  /**
   * How long a connection may stay idle, both sides, before the balancer cuts it. Octavia's default is 50 s
   * (octavia/common/constants.py, DEFAULT_TIMEOUT_CLIENT_DATA and _MEMBER_DATA): a quiet watch, a `kubectl exec` or
   * `logs -f`, or an agent's tunnel to the supervisor would be cut after it. Default: one hour.
   */
  readonly idleTimeoutSeconds?: number;
}

/**
 * An Octavia load balancer with a private virtual address and no floating IP: TCP pass-through on each port, with a
 * TCP health monitor so a dead member leaves the pool.
 */
export class InternalLoadBalancer extends Construct {
  readonly resource: LbLoadbalancerV2;

  constructor(scope: Construct, id: string, props: InternalLoadBalancerProps) {
    super(scope, id);
    const idleTimeoutMs = (props.idleTimeoutSeconds ?? 3600) * 1000;
    this.resource = new LbLoadbalancerV2(this, "Resource", {
      name: props.name,
      description: props.description,
      vipSubnetId: props.subnetId,
      adminStateUp: true,
    });
    for (const port of props.ports) {
      const listener = new LbListenerV2(this, `Listener-${port}`, {
        name: `${props.name}-${port}`,
        loadbalancerId: this.resource.id,
        protocol: "TCP",
        protocolPort: port,
        timeoutClientData: idleTimeoutMs,
        timeoutMemberData: idleTimeoutMs,
      });
      const pool = new LbPoolV2(this, `Pool-${port}`, { name: `${props.name}-${port}`, listenerId: listener.id, protocol: "TCP", lbMethod: "ROUND_ROBIN" });
      new LbMonitorV2(this, `Monitor-${port}`, { poolId: pool.id, type: "TCP", delay: 10, timeout: 5, maxRetries: 3 });
      for (const [i, address] of props.memberAddresses.entries()) {
        new LbMemberV2(this, `Member-${port}-${i}`, { poolId: pool.id, address, protocolPort: port, subnetId: props.memberSubnetId });
      }
    }
  }

  /** The private virtual address. */
  get address(): string {
    return this.resource.vipAddress;
  }
}
