import clientsVerifyTls from "./clients-verify-tls";
import computeSecgroupNoPublicIngress from "./compute-secgroup-no-public-ingress";
import defaultSecgroupUnused from "./default-secgroup-unused";
import externalNetworkBastionOrIngressOnly from "./external-network-bastion-or-ingress-only";
import floatingIpBastionOrIngressOnly from "./floating-ip-bastion-or-ingress-only";
import firewallRuleNoAnyDestination from "./fw-rule-no-any-destination";
import firewallRuleNoAnySource from "./fw-rule-no-any-source";
import networkNotShared from "./network-not-shared";
import portSecurityEnabled from "./port-security-enabled";
import secgroupDeleteDefaultRules from "./secgroup-delete-default-rules";
import secgroupDescribed from "./secgroup-described";
import secgroupNoPublicEgress from "./secgroup-no-public-egress";
import secgroupNoPublicHttps from "./secgroup-no-public-https";
import secgroupNoPublicIngressAnyPort from "./secgroup-no-public-ingress-any-port";
import secgroupNoPublicIngressIpv6 from "./secgroup-no-public-ingress-ipv6";
import secgroupNoPublicRdp from "./secgroup-no-public-rdp";
import secgroupNoPublicSsh from "./secgroup-no-public-ssh";
import secgroupPublicIcmpErrorsOnly from "./secgroup-public-icmp-errors-only";
import secgroupPublicWebPortsOnly from "./secgroup-public-web-ports-only";
import secgroupRuleHasRemote from "./secgroup-rule-has-remote";
import tlsKeysAndCertificates from "./tls-keys-and-certificates";
import tlsVersionsAndSuites from "./tls-versions-and-suites";

export const networkPolicies = [
  clientsVerifyTls,
  computeSecgroupNoPublicIngress,
  defaultSecgroupUnused,
  externalNetworkBastionOrIngressOnly,
  floatingIpBastionOrIngressOnly,
  firewallRuleNoAnyDestination,
  firewallRuleNoAnySource,
  networkNotShared,
  portSecurityEnabled,
  secgroupDeleteDefaultRules,
  secgroupDescribed,
  secgroupNoPublicEgress,
  secgroupNoPublicHttps,
  secgroupNoPublicIngressAnyPort,
  secgroupNoPublicIngressIpv6,
  secgroupNoPublicRdp,
  secgroupNoPublicSsh,
  secgroupPublicIcmpErrorsOnly,
  secgroupPublicWebPortsOnly,
  secgroupRuleHasRemote,
  tlsKeysAndCertificates,
  tlsVersionsAndSuites,
];
