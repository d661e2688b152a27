import { cite, resourcePolicy } from "../../engine/policy";
import { capabilityList, eachLinuxContainer, writtenWorkloadTypes } from "../../lib/kubernetes";
import { attributePath, literalString } from "../../lib/values";

const allowed = "NET_BIND_SERVICE";

export default resourcePolicy(
  {
    id: "k8s-capabilities-restricted",
    title: "Containers add back no capability but NET_BIND_SERVICE",
    description:
      "Flags every capability in security_context.capabilities.add of a container or init container other than NET_BIND_SERVICE. A Windows pod (spec.os.name windows), where the API refuses the field, is not judged, as Pod Security admission's restricted check does not judge it (check_capabilities_restricted.go, capabilitiesRestricted_1_25).",
    rationale:
      "Capabilities such as SYS_ADMIN, NET_ADMIN or SYS_PTRACE give a container powers over the node's kernel and network; the restricted profile allows only binding to low ports.",
    remediation: "Remove every capability but NET_BIND_SERVICE from security_context.capabilities.add.",
    severity: "high",
    references: [cite("k8s-pss", "Restricted: Capabilities", "secondary"), cite("cis-kubernetes", "5.2.9", "unverified")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  writtenWorkloadTypes,
  eachLinuxContainer((at) => {
    const add = capabilityList(at, "add");
    return add.items.map((capability, i) => {
      const name = literalString(capability);
      return name !== undefined && name !== allowed
        ? { message: `${at.label}: adds capability ${name}; only ${allowed} may be added`, path: attributePath(add.path, i) }
        : undefined;
    });
  }),
);
