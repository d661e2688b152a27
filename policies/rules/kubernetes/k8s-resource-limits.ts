import { cite, resourcePolicy } from "../../engine/policy";
import { quantity } from "../../../lib/quantities";
import { eachContainer, workloadTypes } from "../../lib/kubernetes";
import { attributePath, block, isUnknown, isUnset } from "../../lib/values";

const limited = ["cpu", "memory"] as const;

export default resourcePolicy(
  {
    id: "k8s-resource-limits",
    title: "Every container has CPU and memory limits",
    description:
      "Flags every container and init container without resources.limits.cpu or resources.limits.memory, or with one of 0, which the kubelet reads as no limit.",
    rationale:
      "A container without limits can starve its node, and with it the other workloads of the warehouse: a runaway query or an attack becomes an outage.",
    remediation: "Set resources.limits.cpu and resources.limits.memory on every container and init container.",
    severity: "medium",
    references: [cite("nsa-cisa-kubernetes", "resource limits, LimitRange", "secondary"), cite("anssi", "FT-082", "unverified")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  workloadTypes,
  eachContainer((at) => {
    const resources = at.container.resources;
    const limits = isUnknown(resources) ? resources : block(resources)?.limits;
    if (isUnknown(limits)) return undefined;
    return limited.map((kind) => {
      const value = block(limits)?.[kind];
      const path = attributePath(at.path, "resources", 0, "limits", kind);
      if (isUnset(value)) return { message: `${at.label}: no ${kind} limit (resources.limits.${kind} is unset)`, path };
      // The kubelet sets no limit for a zero one (kuberuntime_container_linux.go, calculateLinuxResources: a memory
      // limit only when not 0; MilliCPUToQuota gives no quota for 0).
      return quantity(value) === 0 ? { message: `${at.label}: its ${kind} limit is 0, which the kubelet reads as no limit`, path } : undefined;
    });
  }),
);
