import type { IConstruct } from "constructs";

/**
 * A flow a construct needs end to end (the workspace's tools reach the airlock's submission port, the nodes reach the
 * log store), declared beside the rules that open it. Synthesis hands them to the flow check (`eds flows`), which
 * proves them possible through every NetworkPolicy and security group on the way, and proves the frameworks'
 * forbidden flows impossible.
 */
export interface DeclaredFlow {
  /** Stable id, unique in the region. */
  readonly id: string;
  readonly from: FlowEndpoint;
  readonly to: FlowEndpoint;
  readonly port: number;
  /** @default "TCP" */
  readonly protocol?: "TCP" | "UDP";
  readonly why: string;
}

/** Pods (by namespace and labels, or by the labels of their namespaces), members of a security group, or a declared zone. */
export type FlowEndpoint = { readonly name: string } & (
  | {
      readonly pods: {
        readonly namespace?: string;
        readonly namespaceLabels?: Readonly<Record<string, string>>;
        readonly labels?: Readonly<Record<string, string>>;
      };
    }
  | { readonly securityGroup: string }
  | { readonly zone: string }
);

/** The address zones a region declares (synthesis fills them from the environment file). */
export type RegionZone =
  | "administrators"
  | "dmz"
  | "nodes"
  | "apiServer"
  | "identity"
  | "objectStorage"
  | "keyManager"
  | "otherApis"
  | "identityProvider"
  | "logStore"
  | "registry"
  | "mirrors"
  | "proxy"
  | "dns"
  | "ntp";

export const zone = (name: RegionZone): FlowEndpoint => ({ name, zone: name });

const metadataType = "eds-regional/flow";

export function declareFlow(scope: IConstruct, flow: DeclaredFlow): void {
  scope.node.addMetadata(metadataType, flow, { stackTrace: false });
}

/** Every flow declared under `scope`, by id. */
export function declaredFlows(scope: IConstruct): DeclaredFlow[] {
  return scope.node
    .findAll()
    .flatMap((construct) => construct.node.metadata.filter((entry) => entry.type === metadataType).map((entry) => entry.data as DeclaredFlow))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
