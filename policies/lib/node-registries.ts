import { goParseBool } from "../../lib/go-parse-bool";
import type { Violation } from "../engine/policy";
import { userDataNotEvaluable, writtenFileViolations } from "./cloud-init";
import { type RancherNode, unsettled } from "./rancher-node";
import { isMap, isUnknown, list, literalString } from "./values";

/**
 * Where a K3s or RKE2 node reads the registries its containerd pulls images from: the file private-registry names, else
 * /etc/rancher/k3s/registries.yaml or /etc/rancher/rke2/registries.yaml (docs.k3s.io, installation/private-registry;
 * docs.rke2.io, install/private_registry).
 */
const registriesPath = (node: RancherNode): unknown =>
  node.values["private-registry"] ?? `/etc/rancher/${node.name === "K3s" ? "k3s" : "rke2"}/registries.yaml`;

/** Whether a setting of the registries file is on: a YAML true, or the strings Go's boolean parser reads as one. */
const isOn = (value: unknown): boolean => value === true || goParseBool(String(value)) === true;

/**
 * What a registries file lets through, in words after its name: each mirror endpoint over plain http:// (containerd
 * then pulls the images of that registry unencrypted), and each registry whose configs' tls sets insecure_skip_verify
 * (containerd then takes any certificate); not known where an endpoint, or the switch, is known only at apply.
 */
export function registriesFault(document: unknown): string | { readonly unknown: string } | undefined {
  if (!isMap(document)) return undefined;
  const faults: string[] = [];
  for (const [registry, mirror] of Object.entries(isMap(document.mirrors) ? document.mirrors : {})) {
    const endpoints = isMap(mirror) ? mirror.endpoint : undefined;
    if (isUnknown(endpoints) || list(endpoints).some(isUnknown)) return { unknown: `the endpoints of the mirror of ${registry} are known only at apply` };
    for (const endpoint of list(endpoints)
      .map(String)
      .filter((written) => /^http:\/\//i.test(written)))
      faults.push(`pulls the images of ${registry} over plain HTTP from ${endpoint}`);
  }
  for (const [registry, config] of Object.entries(isMap(document.configs) ? document.configs : {})) {
    const skip = isMap(config) && isMap(config.tls) ? config.tls.insecure_skip_verify : undefined;
    if (isUnknown(skip)) return { unknown: `whether the certificate of ${registry} is checked is known only at apply` };
    if (isOn(skip)) faults.push(`takes any certificate from ${registry} (insecure_skip_verify)`);
  }
  return faults.length === 0 ? undefined : `${faults.join(", and ")}: whoever is on the way may serve other images, which the nodes then run`;
}

/**
 * How a K3s or RKE2 node's containerd reaches its registries (registriesFault on the file it reads, registriesPath):
 * nothing to say where no such file is written (it pulls over HTTPS, checking certificates); not evaluable where the
 * file's name is known only at apply, or left to configuration files not read, or the file is not read.
 */
export function registryTransportViolations(node: RancherNode): Violation[] {
  const path = registriesPath(node);
  if (isUnknown(path) || node.expanded.has(String(path)))
    return userDataNotEvaluable(`${node.name}'s private-registry is known only at apply: which registries file it reads cannot be told`);
  const file = node.files.find((written) => written.path === literalString(path));
  if (file) return writtenFileViolations("registries configuration", file, registriesFault);
  return node.values["private-registry"] === undefined && node.configUnread
    ? unsettled(node, "private-registry", "which registries file containerd reads")
    : [];
}
