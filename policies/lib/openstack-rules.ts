import type { TfResource } from "../engine/model";
import type { Violation } from "../engine/policy";
import { coversAllPorts, coversPort, publicRemote } from "./openstack";
import { isUnknown } from "./values";

/** Violations of an ingress rule open to the whole IPv4 Internet on a given port (or on every port). */
export function publicIngressOn(rule: TfResource, port: number | "all", service: string): Violation[] {
  if (rule.values.direction !== "ingress" || publicRemote(rule) !== "ipv4") return [];
  const opened = port === "all" ? coversAllPorts(rule) : coversPort(rule, port);
  return opened ? [{ message: `ingress from 0.0.0.0/0 opens ${service} to the whole Internet`, path: "remote_ip_prefix" }] : [];
}

/** Violations of a FWaaS allow rule whose `field` (source or destination) is missing or the whole Internet. */
export function firewallAllowsAny(rule: TfResource, field: "source_ip_address" | "destination_ip_address", side: string): Violation[] {
  const address = rule.values[field];
  if ((rule.values.action ?? "deny") !== "allow" || isUnknown(address)) return [];
  return address === undefined || address === "" || address === "0.0.0.0/0" || address === "::/0"
    ? [{ message: `the rule allows traffic ${side === "source" ? "from" : "to"} ${address ? String(address) : `any ${side}`}`, path: field }]
    : [];
}
