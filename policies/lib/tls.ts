/**
 * What the ANSSI's TLS recommendations (Recommandations de sécurité relatives à TLS, v1.2, 2020) accept: TLS 1.2 and
 * 1.3 only (R3, R4), ephemeral (EC)DHE key exchange for forward secrecy (R6, R7), and AES or ChaCha20 in an AEAD mode,
 * GCM, CCM but not CCM-8, or ChaCha20-Poly1305 (R9-R11). CBC suites are accepted there only with encrypt_then_mac,
 * which neither Go's crypto/tls nor the suites' names promise, so none is accepted here.
 */

/** TLS 1.3's suites, every one AEAD (RFC 8446 B.4), but CCM-8. */
const tls13Suites = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_CCM_SHA256"];

/**
 * The accepted suites that Go's crypto/tls implements, by the IANA names Traefik's cipherSuites takes (pkg/tls/cipher.go,
 * with Go's legacy names for ChaCha20: TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305 is the _SHA256 one): TLS 1.2's ECDHE suites
 * with AES-GCM or ChaCha20-Poly1305, and TLS 1.3's. Go has no DHE and no CCM suite, which the ANSSI accepts too: Traefik
 * refuses a TLS option that names one, and closes the routes that use it.
 */
export const anssiGoSuites: ReadonlySet<string> = new Set([
  "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
  ...tls13Suites.filter((suite) => !suite.includes("_CCM")),
  "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
  "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
]);

/** The same suites by OpenSSL's names, which Octavia's tls_ciphers takes (an OpenSSL cipher string, colon-separated). */
export const anssiOpensslSuites: ReadonlySet<string> = new Set([
  "ECDHE-ECDSA-AES128-GCM-SHA256",
  "ECDHE-ECDSA-AES256-GCM-SHA384",
  "ECDHE-ECDSA-AES128-CCM",
  "ECDHE-ECDSA-AES256-CCM",
  "ECDHE-ECDSA-CHACHA20-POLY1305",
  "ECDHE-RSA-AES128-GCM-SHA256",
  "ECDHE-RSA-AES256-GCM-SHA384",
  "ECDHE-RSA-CHACHA20-POLY1305",
  "DHE-RSA-AES128-GCM-SHA256",
  "DHE-RSA-AES256-GCM-SHA384",
  "DHE-RSA-AES128-CCM",
  "DHE-RSA-AES256-CCM",
  "DHE-RSA-CHACHA20-POLY1305",
  ...tls13Suites,
]);

/** The TLS versions accepted, as Octavia names them (octavia-lib constants: SSLv3, TLSv1, TLSv1.1, TLSv1.2, TLSv1.3). */
export const anssiOctaviaVersions: ReadonlySet<string> = new Set(["TLSv1.2", "TLSv1.3"]);

/** Traefik's TLS versions (its TLSOption's minVersion and maxVersion, Go's names), oldest first. */
export const traefikVersions = ["VersionTLS10", "VersionTLS11", "VersionTLS12", "VersionTLS13"] as const;

/**
 * An OpenSSL cipher string's suites, or undefined when it holds an expression only OpenSSL expands (`HIGH:!aNULL`,
 * `ECDHE+AESGCM`, `DEFAULT`): a keyword, an alias or an operator (openssl-ciphers(1), CIPHER LIST FORMAT).
 */
export function opensslSuites(cipherString: string): string[] | undefined {
  const parts = cipherString.split(/[:, ]+/).filter((part) => part !== "");
  return parts.every((part) => /^[A-Z0-9]+(-[A-Z0-9]+)+$|^TLS_[A-Z0-9_]+$/.test(part)) ? parts : undefined;
}
