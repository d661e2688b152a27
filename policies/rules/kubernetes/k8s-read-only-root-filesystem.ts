import { cite, resourcePolicy } from "../../engine/policy";
import { containerSecurityField, eachLinuxContainer, requireFlag, writtenWorkloadTypes } from "../../lib/kubernetes";

export default resourcePolicy(
  {
    id: "k8s-read-only-root-filesystem",
    title: "Every container has a read-only root file system",
    description:
      "Flags every container and init container whose security_context does not set read_only_root_filesystem = true. A Windows pod (spec.os.name windows), where the API refuses the field, is not judged.",
    rationale:
      "A writable image lets an intruder drop tools and alter binaries that then survive inside the container; writable paths should be explicit volumes.",
    remediation: "Set read_only_root_filesystem = true and mount an empty_dir volume on each path the program must write.",
    severity: "medium",
    references: [cite("nsa-cisa-kubernetes", "immutable container file systems", "secondary"), cite("anssi", "FT-082", "unverified")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  writtenWorkloadTypes,
  eachLinuxContainer((at) => requireFlag(at, "read_only_root_filesystem", containerSecurityField(at, "read_only_root_filesystem"), true)),
);
