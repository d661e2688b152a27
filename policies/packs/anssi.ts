import { manual, type Pack, partial } from "./pack";

export const anssiPack: Pack = {
  id: "anssi",
  title: "ANSSI guides (secure administration PA-022, hygiene, TLS, logging)",
  version: "PA-022 of 11 May 2021; hygiene guide 2017; TLS and logging recommendations",
  source: "ANSSI (cyber.gouv.fr)",
  controls: {
    "PA-022 R9-R10": "Administration hosts have no Internet access",
    "PA-022 R15-R16": "Administration resources sit on a dedicated, filtered network",
    "PA-022 R16": "Filtering at the perimeter and inside the administration network",
    "PA-022 R17-R20": "Local filtering on administered resources; no lateral administration flows",
    "PA-022 R34-R38": partial(
      "No default or shared passwords; secrets in a vault; strong authentication",
      "RSSI",
      "The policies check that no password or secret is written in the configuration; check that administrators authenticate with a second factor and that no account is shared",
    ),
    "PA-022 R39-R40": "Least privilege; rights granted to groups",
    "FT-082": "Docker container security recommendations (list not read: references unverified)",
    "Hygiene 23": "Internet-facing services are partitioned from the rest",
    "Hygiene 34": "A software update policy is defined and applied",
    "Hygiene 37": "A backup policy covers critical components",
    "TLS R3-R30": partial(
      "TLS configured following the ANSSI recommendations",
      "RSSI",
      "The policies check that TLS is not turned off, and the versions and suites the load balancers, the entrance (Traefik) and the Kubernetes components (API server, kubelet, controller manager, scheduler, etcd) are configured with; check with a TLS scanner the endpoints whose TLS is left to defaults (the components with no TLS flags, the warehouse, a listener left to the cloud's defaults); the policies check the certificates' keys and lifetimes the configuration writes (tls_private_key but its ephemeral blocks, tls certificates, cert-manager), so check the others and the signatures (R24-R30)",
    ),
    "Logging R25": partial(
      "Log retention follows the regulation that applies",
      "RSSI",
      "The policies check the declared retention; check that the log store applies it (its retention setting, and its oldest record)",
      "secondary",
    ),
    "PA-022 R43-R44": manual(
      "Updates come through relay servers and are validated before they are rolled out",
      "regional infra team",
      "Check packages and images come from the region's mirrors and registry and reach production after a non-production region",
    ),
    "PA-022 R64-R69": manual(
      "Third-party administrators get on-demand accounts, strong authentication and traced access",
      "RSSI",
      "Check vendor accounts on the bastion and the identity provider carry an end date and were removed after their intervention",
    ),
  },
};
