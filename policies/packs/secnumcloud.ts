import { manual, outOfScope, type Pack, partial } from "./pack";

export const secNumCloudPack: Pack = {
  id: "secnumcloud-3.2",
  title: "SecNumCloud",
  version: "3.2 (8 March 2022)",
  source: "ANSSI, référentiel d'exigences SecNumCloud v3.2 (cyber.gouv.fr)",
  controls: {
    "5.3": partial(
      "Risks are assessed and accepted risks are reviewed",
      "RSSI",
      "The policies check that every approved exception names its approver and has not expired; check that the risk analysis covers the warehouse and that the accepted risks were reviewed within the year",
    ),
    "9.3.d-f": partial(
      "Access rights can be listed per resource and user; incompatible rights are listed and reviewed",
      "RSSI",
      "The policies check that no role or binding grants escalation, cluster-admin or everyone; check that the rights per resource and user are listed (the RBAC bindings, the identity provider's groups) and that the list of incompatible rights was reviewed",
    ),
    "9.6.e": "Administration interfaces reachable from a public network authenticate before any interaction",
    "9.6.h": partial(
      "Administration flows are authenticated and encrypted",
      "regional infra team",
      "The policies check Magnum's TLS setting (which the Cluster API driver does not read: it always serves TLS), and that Terraform's providers and state backend verify the certificates of the APIs they call, over HTTPS; check with a TLS scanner that the Kubernetes API accepts only TLS with client authentication, and that the bastion is reached by SSH only",
    ),
    "10.1.a": "Data at rest is encrypted, with at least one key per customer for block storage",
    "10.2.a": partial(
      "Data in transit is encrypted following the ANSSI cryptographic rules",
      "regional infra team",
      "The policies check that every ingress host is served over TLS and every Gateway API route on a plain HTTP listener redirects to HTTPS, Magnum's TLS setting, and the TLS versions and suites of the load balancers' listeners, of the entrance (Traefik) and of the Kubernetes components (API server, kubelet, controller manager, scheduler, etcd) against the ANSSI TLS recommendations; check with a TLS scanner the endpoints whose TLS is left to defaults (the components with no TLS flags, the warehouse, a listener left to the cloud's defaults), and that no listener serves plain HTTP but to redirect",
    ),
    "10.3.a": manual(
      "Only salted password hashes are stored",
      "RSSI",
      "Check that the identity provider stores salted, slow password hashes (its password policy's hash algorithm) and that bastion accounts have no password (keys only)",
    ),
    "10.5.a": partial(
      "Keys are managed following the key-management rules",
      "RSSI",
      "The policies check that no key is imported through the configuration (it is generated in the key manager); check the key-management policy: one key per use (volumes, objects, state, pseudonymisation), their algorithms and their rotation",
    ),
    "10.5.c": "Keys and secrets are held in a suitable security container",
    "10.5.d": "Administration secrets are held in a security container",
    "12.5.a": "Data is backed up daily under a backup and restore policy",
    "12.6.b": "Security-relevant activity and changes of access rights are logged",
    "12.6.c": partial(
      "Logged events are kept at least six months",
      "regional infra team",
      "The policies check the declared retention; check that the log store applies it (its retention setting, and its oldest record), since every record only carries the retention the store must apply",
    ),
    "12.9.a": manual(
      "Logs can be analysed looking back six months",
      "RSSI",
      "Run a search in the log store over the last six months (an API audit event and a workspace access of that period) and record the query and its result",
    ),
    "12.10": "Software installation and its sources are controlled",
    "12.10.a-c": "Software installation and configuration are controlled",
    "12.11.a": partial(
      "Technical vulnerabilities of software and systems are monitored and handled",
      "regional infra team",
      "The policies check that Kubernetes is a supported version; check that the region's registry scans the mirrored images and the hosts' packages are patched (unattended security updates), and that findings are handled",
    ),
    "12.11": partial(
      "Technical vulnerabilities are monitored and handled",
      "regional infra team",
      "The policies check that images are pinned by digest and never latest, so that what was scanned is what runs; check that the registry scans them and that findings are handled",
    ),
    "12.12": partial(
      "Administration uses dedicated, hardened means",
      "RSSI",
      "The policies check that SSH reaches the hosts only through the bastion; check that administrators work from dedicated, hardened workstations, which no configuration here holds",
    ),
    "12.14": "Outbound flows are controlled",
    "13.1.a": "A mapping of networks and allowed flows is kept, with their justification",
    "13.1.b": manual(
      "The mapping is reviewed every year",
      "RSSI",
      "Check that the flow matrix (`eds flows --all --format markdown`) was reviewed within the year, and record the review's date",
    ),
    "13.2.a": "Flows are separated by sensitivity, nature and owner",
    "13.2.c": partial(
      "Administration flows travel in an encrypted tunnel where the network is shared",
      "regional infra team",
      "The policies check that SSH is not open to the Internet; check that the administrators' networks reach the bastion through an encrypted tunnel (a VPN) where they cross a shared network",
    ),
    "13.2.e": "Administration interfaces accept only the flows of the authorised flow matrix",
    "17.5.a": manual(
      "The infrastructure configuration is backed up offline",
      "regional infra team",
      "Check that the repository and the state bucket are copied to a store apart from the provider's live object storage (offline, or object-locked), and that a copy restores",
    ),
    "19.2.b": "Customer data is stored and processed in the EU",
    "19.2.d": partial(
      "Technical data stays in the EU",
      "RSSI",
      "The policies check that images come from the region's registry and that the state stays on the provider's object storage; check that the log store, the identity provider and any monitoring are hosted in the EU",
    ),
    "19.4.a": "Data is securely erased at the end of the contract, for example by destroying keys",
    "Annex 2 b-c": "The customer uses an offer on ANSSI's list of qualified services, named in the contract",
    "Annex 2 i": partial(
      "Cloud console and API are administered from dedicated administration terminals",
      "RSSI",
      "The policies check that the bastion admits SSH from the administration networks only; check that those networks hold only dedicated administration terminals",
    ),
    "9.2.b": manual(
      "Accounts are nominative; a shared account is reached only after a nominative sign-in",
      "RSSI",
      "Check that every administrator has their own bastion account (bastion.administrators) and identity-provider account, and that no credential in the vault is shared",
    ),
    "9.5.b": manual(
      "Accounts lock after a limited number of failed attempts",
      "RSSI",
      "Check the identity provider's brute-force protection (failure threshold, lock-out) in the administrators' and the researchers' realms",
    ),
    "9.6.a": manual(
      "Administrator accounts live in a directory apart from the users'",
      "RSSI",
      "Check administrators and researchers sit in separate realms or directories of the identity provider",
    ),
    "9.6.f": manual(
      "Administration interfaces require strong multi-factor authentication",
      "RSSI",
      "Check the administrators' realm requires OTP or WebAuthn for every administration role, kubectl's OIDC sign-in included",
    ),
    "12.3.a": manual(
      "Production is separated from development and test",
      "regional infra team",
      "Check non-production regions use other OpenStack projects, networks and credentials, and hold no production data",
    ),
    "12.5.c": manual(
      "Restores are tested regularly",
      "regional infra team",
      "Check that the platform's quarterly restore drill of the warehouse succeeded (`kubectl -n restore-drill get jobs`, and its log line in the log store); run `eds restore-drill --env <region>` at least once a year for the volumes and the table-by-table comparison, and record the date, what was restored and the gaps as this answer's evidence",
    ),
    "12.5.d": partial(
      "Backups follow the localisation rules of live data, at a site far enough away, over an encrypted link",
      "RSSI",
      "The policies check that backups go to the provider's object storage, in a qualified region, over verified TLS; check in the provider's documentation that its object storage keeps the backup containers at another site or availability zone than the volumes",
    ),
    "12.8.a-b": manual(
      "Clocks are synchronised to the same internal time sources and every event is timestamped",
      "regional infra team",
      "Check on a host and a node that chrony follows the region's NTP servers (cloud-init configures it) and that the log store timestamps in UTC",
    ),
    "12.9.c": manual(
      "Security alerts are acknowledged at least daily",
      "RSSI",
      "Check the security team's alert log: every alert of the period acknowledged within a day",
    ),
    "13.3.a": manual(
      "Detection probes watch every interconnection with third-party or public networks",
      "RSSI",
      "Check the provider's or the region's network detection covers the bastion's and the DMZ's entries and feeds the SIEM",
    ),
    "19.6.a-b": outOfScope(
      "The provider's head office and main establishment are in the EU; non-EU shareholding is capped",
      "checked by ANSSI for the qualification; the region records the qualification and its validity (policy secnumcloud-qualification-valid)",
    ),
    "12.2": outOfScope(
      "Physical security of the provider's data centres",
      "the qualified provider's duty, audited for its SecNumCloud qualification; nothing of it is configured here",
      "secondary",
    ),
  },
};
