import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import {
  eachLinuxContainer,
  givenByOperator,
  isWindowsPod,
  leftToOperatorViolation,
  type PodSpecAt,
  podSecurityField,
  podSpecs,
  securityField,
  shown,
  writtenWorkloadTypes,
} from "../../lib/kubernetes";
import { attributePath, block, isUnknown, isUnset } from "../../lib/values";

const confined = ["RuntimeDefault", "Localhost"];

/** A known profile that confines nothing (Unconfined, or none), with the path of its type; undefined otherwise. */
function unconfined(profile: { value: unknown; path: string }): { type: unknown; path: string } | undefined {
  const type = block(profile.value)?.type;
  if (isUnknown(profile.value) || isUnknown(type) || confined.includes(type as string)) return undefined;
  return { type, path: block(profile.value) ? attributePath(profile.path, 0, "type") : profile.path };
}

/**
 * The profile an operator that completes a pod gives it where its template writes no pod security context (Elastic's
 * WithPodSecurityContext sets one only on a nil context), or where it sets the pod's security context itself
 * (CloudNativePG's poolers run their Cluster's): undefined when it gives none.
 */
const givenToPod = (pod: PodSpecAt): { readonly operator: string; readonly value: unknown } | undefined => {
  const completion = pod.completedByOperator;
  const profile = completion?.podSeccompProfile;
  if (profile === undefined || (!completion!.podSecurityContextFixed && !isUnset(pod.spec.security_context))) return undefined;
  return { operator: completion!.operator, value: profile };
};

export default resourcePolicy(
  {
    id: "k8s-seccomp-profile",
    title: "Every container runs under a seccomp profile",
    description:
      "Flags every container and init container whose seccomp profile (its own, else the pod's) is missing or Unconfined, and a pod security context that sets an Unconfined profile itself, which Pod Security admission refuses whatever the containers set, since a container that sets none (one kubectl debug adds) runs under it; RuntimeDefault and Localhost pass. A Windows pod (spec.os.name windows), where the API refuses the field, is not judged. A pod left to an operator that gives it a profile where its template writes no pod security context (Elastic's, by the stack's version), or that sets its security context itself (a CloudNativePG Pooler's, its Cluster's profile), is judged by that profile, and so is a container whose security context the operator gives (a Pooler's PgBouncer).",
    rationale: "Without seccomp a container may call every system call of the node's kernel, the widest attack surface there is for a container escape.",
    remediation: 'Set security_context.seccomp_profile.type = "RuntimeDefault" on the pod (or on each container).',
    severity: "high",
    references: [cite("k8s-pss", "Restricted: Seccomp", "secondary"), cite("cis-kubernetes", "5.7.2", "unverified")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  writtenWorkloadTypes,
  (resource, context) => [
    ...podSpecs(resource)
      .filter((pod) => !isWindowsPod(pod) && podSecurityField(pod, "seccomp_profile").value !== undefined)
      .flatMap((pod): Violation[] => {
        const found = unconfined(podSecurityField(pod, "seccomp_profile"));
        return found
          ? [
              {
                message: `pod: seccomp profile type is ${shown(found.type)}, which every container that sets none runs under: must be RuntimeDefault or Localhost`,
                path: found.path,
              },
            ]
          : [];
      }),
    ...eachLinuxContainer((at) => {
      const profile = securityField(at, "seccomp_profile");
      // A profile the pod sets is judged on the pod; only a container left with none is the container's.
      if (profile.inherited && profile.value !== undefined) return undefined;
      // The profile an operator gives the container itself, else the one it gives its pod.
      const own = profile.value === undefined ? givenByOperator(at, "seccomp_profile") : undefined;
      const toPod = own?.value === undefined && profile.value === undefined ? givenToPod(at.pod) : undefined;
      const given = own?.value !== undefined ? own : toPod;
      if (given)
        return confined.includes(given.value as string)
          ? undefined
          : leftToOperatorViolation(
              at.label,
              "seccomp_profile",
              given,
              "must be RuntimeDefault or Localhost",
              profile.path,
              toPod ? "its pod its security context" : undefined,
            );
      const found = unconfined(profile);
      // Neither the container nor its pod sets one: the finding is placed where one setting covers every container.
      const where = profile.inherited && profile.value === undefined ? " in its own security context and in its pod's" : "";
      return found && { message: `${at.label}: seccomp profile type is ${shown(found.type)}${where}, must be RuntimeDefault or Localhost`, path: found.path };
    })(resource, context),
  ],
);
