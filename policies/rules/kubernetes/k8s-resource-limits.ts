import { cite, notKnownOf, resourcePolicy } from "../../engine/policy";
import { quantity } from "../../../lib/quantities";
import { eachContainer, forTemplate, writtenWorkloadTypes } from "../../lib/kubernetes";
import { containerDefaults, containerDefaultsNotKnown } from "../../lib/limit-ranges";
import { emptyResources } from "../../lib/zalando-postgres";
import { attributePath, block, isUnknown, isUnset, literalString } from "../../lib/values";

const limited = ["cpu", "memory"] as const;

export default resourcePolicy(
  {
    id: "k8s-resource-limits",
    title: "Every container has CPU and memory limits",
    description:
      "Flags every container and init container without resources.limits.cpu or resources.limits.memory, unless a LimitRange of its namespace gives it one at admission, or with one of 0, which the kubelet reads as no limit; in the pods of a CloudNativePG Cluster (its resources, for its postgres and bootstrap containers), of a CloudNativePG Pooler (its template's pgbouncer container's, none where the template writes none; its template's pod resources for the bootstrap controller), of a MinIO tenant (a pool's resources for its minio container, the sideCars' for the operator's sidecar and init container, its KES server's for kes), of a Zalando postgresql (its resources for the Spilo container, each sidecar's own, else the operator's default_cpu_limit and default_memory_limit, which come before any LimitRange; its connectionPooler's for its connection pooler, else the operator's connection_pooler_default_cpu_limit and connection_pooler_default_memory_limit; the operator's logical_backup_cpu_limit and logical_backup_memory_limit for its logical backup, else its pods' defaults) of a Crunchy PostgresCluster (an instance set's resources for its database and startup containers, its sidecars' for the certificate copier, the backups' pgBackRest sidecars' for pgBackRest's server and reloader, the pgMonitor exporter's for the exporter, repoHost's for a dedicated repository host's server, PgBouncer's for PgBouncer, and the containers the cluster adds; a PGAdmin's for pgAdmin and its startup container), of Strimzi's components (a KafkaConnect's, KafkaMirrorMaker2's, KafkaBridge's or KafkaNodePool's resources for its container, and a rack-aware Connect's or Bridge's init container, a Kafka's entity operators', Cruise Control's and Kafka exporter's sections' for theirs), of prometheus-operator's objects (its main container spec.resources', a Prometheus's Thanos sidecar spec.thanos.resources', each under the patch of a spec container of its name; its config reloaders the operator's flags' where the spec writes none), and of Elastic's objects (the product's container: its template's resources, else the operator's defaults, a memory limit alone for most kinds, with the resources shorthand's limits over them; the operator's own init containers keep its limits where the template writes none; its stack monitoring sidecars have none unless the template names them with some), as in a workload's.",
    rationale:
      "A container without limits can starve its node, and with it the other workloads of the warehouse: a runaway query or an attack becomes an outage.",
    remediation:
      "Set resources.limits.cpu and resources.limits.memory on every container and init container, or give their namespace a LimitRange whose Container item has a default (or max) for both.",
    severity: "medium",
    references: [cite("nsa-cisa-kubernetes", "resource limits, LimitRange", "secondary"), cite("anssi", "FT-082", "unverified")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  writtenWorkloadTypes,
  (resource, context) =>
    eachContainer((at) => {
      // An operator's pod is judged only where its view holds each container's resources as the pods get them.
      const completion = at.pod.completedByOperator;
      if (completion && !completion.resourcesAsViewed) return undefined;
      const resources = at.container.resources;
      const givenByOperator = completion?.resourcesGivenTo?.(literalString(at.container.name) ?? "") === true;
      const limits = isUnknown(resources) ? resources : block(resources)?.limits;
      if (isUnknown(limits)) return undefined;
      return limited.map((kind) => {
        const written = block(limits)?.[kind];
        // A limit the operator gives its own container where the template leaves it unset is its.
        if (givenByOperator && isUnset(written)) return undefined;
        const path = attributePath(at.path, "resources", 0, "limits", kind);
        // A limit left unset is the operator's, where it gives its containers one (an init container keeps its own);
        // else it is given at admission by the namespace's LimitRange, if one has it (the LimitRanger plugin). The
        // namespace is read only then: one known only at apply changes no limit a container writes.
        const operator = isUnset(written) && !at.init ? completion : undefined;
        const given = operator?.defaultLimits && forTemplate(operator.defaultLimits, at.pod);
        if (given && "unknown" in given)
          return {
            message: `${at.label}: no ${kind} limit written, and the one ${operator!.operator} gives is not known here: ${given.unknown}`,
            path,
            outcome: "cannot-evaluate",
          };
        const fromOperator = given && !isUnset(given[kind].value) && !emptyResources.has(String(given[kind].value)) ? given[kind] : undefined;
        const defaults = isUnset(written) && !fromOperator ? containerDefaults(resource, context.graph) : undefined;
        if (defaults === "unknown")
          return {
            message: `${at.label}: no ${kind} limit written, and whether a LimitRange gives one is known only at apply`,
            path,
            outcome: "cannot-evaluate",
            ...notKnownOf(containerDefaultsNotKnown(resource, context.graph)),
          };
        const value = isUnset(written) ? (fromOperator?.value ?? defaults?.limit[kind]) : written;
        if (isUnset(value)) {
          const operatorNone = given ? `, nor ${operator!.operator}: its ${given[kind].from} sets none` : "";
          return {
            message: `${at.label}: no ${kind} limit (resources.limits.${kind} is unset, and no LimitRange of its namespace gives one${operatorNone})`,
            path,
          };
        }
        const from = value === written ? "its" : fromOperator ? `${operator!.operator}'s ${fromOperator.from}` : "the LimitRange's default";
        // The kubelet sets no limit for a zero one (kuberuntime_container_linux.go, calculateLinuxResources: a memory
        // limit only when not 0; MilliCPUToQuota gives no quota for 0).
        return quantity(value) === 0 ? { message: `${at.label}: ${from} ${kind} limit is 0, which the kubelet reads as no limit`, path } : undefined;
      });
    })(resource, context),
);
