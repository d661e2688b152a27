import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { containers, podSpecs, writtenWorkloadTypes } from "../../lib/kubernetes";
import { attributePath, block, isUnset, keyPath, literalString } from "../../lib/values";

/**
 * The SELinux types the Baseline profile allows as of Kubernetes 1.31 (pod-security-admission,
 * policy/check_seLinuxOptions.go); user and role may not be set at all.
 */
const allowedSeLinuxTypes: ReadonlySet<string> = new Set(["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"]);

/**
 * AppArmor profiles the Baseline profile allows (policy/check_appArmorProfile.go, allowedProfileType): the runtime's, or
 * one on the node.
 */
const allowedAppArmorType = (type: string): boolean => type === "RuntimeDefault" || type === "Localhost";
const allowedAppArmorAnnotation = (value: string): boolean => value === "" || value === "runtime/default" || value.startsWith("localhost/");
const appArmorAnnotationPrefix = "container.apparmor.security.beta.kubernetes.io/";

/** What is wrong with one security context's SELinux options and AppArmor profile, `who` naming it in messages. */
function contextViolations(context: Record<string, unknown> | undefined, who: string, path: string): Violation[] {
  const found: Violation[] = [];
  const selinux = block(context?.se_linux_options);
  const seLinuxPath = attributePath(path, "se_linux_options", 0);
  const type = literalString(selinux?.type);
  if (type !== undefined && !allowedSeLinuxTypes.has(type))
    found.push({ message: `${who}: SELinux type ${type} is not a container type`, path: attributePath(seLinuxPath, "type") });
  for (const field of ["user", "role"] as const) {
    const value = literalString(selinux?.[field]);
    if (value) found.push({ message: `${who}: SELinux ${field} ${value} may not be set`, path: attributePath(seLinuxPath, field) });
  }
  const appArmor = block(context?.app_armor_profile);
  // A profile written without its type is none the profile allows either (allowedProfileType compares the empty type),
  // and the API server refuses it.
  const appArmorType = appArmor && (isUnset(appArmor.type) ? "" : literalString(appArmor.type));
  if (appArmorType !== undefined && !allowedAppArmorType(appArmorType))
    found.push({
      message: appArmorType === "" ? `${who}: AppArmor profile sets no type` : `${who}: AppArmor profile ${appArmorType} lifts the confinement`,
      path: attributePath(path, "app_armor_profile", 0, "type"),
    });
  return found;
}

export default resourcePolicy(
  {
    id: "k8s-lsm-confinement-kept",
    title: "Pods keep the node's SELinux and AppArmor confinement",
    description:
      "Flags SELinux options that set a user, a role or a type other than the container types, and AppArmor profiles (fields or annotations) other than the runtime's default or a profile on the node (a profile field that names no type among them), in every pod and container of every kind of workload.",
    rationale:
      "SELinux and AppArmor confine what a compromised container can do to the node; a custom type such as spc_t or an unconfined profile lifts that confinement as surely as privileged mode does.",
    remediation: "Remove se_linux_options user, role and custom types, and the unconfined AppArmor profile; let the runtime apply its default confinement.",
    severity: "high",
    references: [cite("k8s-pss", "Baseline: SELinux; AppArmor", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  writtenWorkloadTypes,
  (resource) => [
    ...podSpecs(resource).flatMap((pod) => {
      const annotations = pod.metadata.value?.annotations;
      const written = (typeof annotations === "object" && annotations !== null ? annotations : {}) as Record<string, unknown>;
      // Only AppArmor's annotations are read: another one known only at apply (a checksum of a config) is none of this policy's.
      const appArmorKeys = Object.keys(written).filter((key) => key.startsWith(appArmorAnnotationPrefix));
      const annotated = appArmorKeys.flatMap((key): Violation[] => {
        const profile = literalString(written[key]);
        return profile !== undefined && !allowedAppArmorAnnotation(profile)
          ? [
              {
                message:
                  profile === "unconfined"
                    ? `pod: AppArmor annotation ${key} is ${profile}, which lifts the confinement`
                    : `pod: AppArmor annotation ${key} is ${profile}, no profile the API server accepts (runtime/default, localhost/<name>, unconfined)`,
                path: keyPath(attributePath(pod.metadata.path, "annotations"), key),
              },
            ]
          : [];
      });
      return [...contextViolations(block(pod.spec.security_context), "pod", attributePath(pod.path, "security_context", 0)), ...annotated];
    }),
    ...containers(resource).flatMap((at) => contextViolations(block(at.container.security_context), at.label, attributePath(at.path, "security_context", 0))),
  ],
);
