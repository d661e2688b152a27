/**
 * The TLS 1.2 suites the region's endpoints offer: those of the ANSSI's TLS recommendations (R6-R11: ephemeral ECDHE,
 * AES-GCM or ChaCha20-Poly1305) that Go's crypto/tls implements, strongest first. TLS 1.3's suites are Go's own and not
 * configurable. ChaCha20's are named as Go first named them (TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305): every reader
 * takes these names, Traefik (pkg/tls/cipher.go), the Kubernetes components (component-base cli/flag
 * ciphersuites_flag.go keeps them for compatibility) and etcd, whose 3.4 map has no other (client/pkg/tlsutil
 * cipher_suites.go).
 */
export const anssiTls12GoSuites: readonly string[] = [
  "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
  "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
  "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
];

/** The lowest TLS version the region's endpoints accept (ANSSI TLS R3, R4), as Go's components name it. */
export const minimumTlsVersion = "VersionTLS12";
