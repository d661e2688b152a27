import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { appliedObjects, helmReleaseType, isKind } from "../../lib/helm";
import { withV1 } from "../../lib/kubernetes";
import { goDurationHours } from "../../lib/schedules";
import { block, isUnknown, isUnset, keyPath, literalBool, literalNumber, literalString } from "../../lib/values";

/** Three years, the longest a server certificate may last (ANSSI TLS recommendations, R24-R30). */
const maximumHours = 3 * 365 * 24;

/** What a certificate's lifetime gives: a violation past three years, not evaluable when it cannot be read. */
function lifetimeViolations(written: unknown, what: string, path: string): Violation[] {
  if (isUnset(written)) return [];
  if (isUnknown(written)) return [{ message: `${what} is known only at apply`, path, outcome: "cannot-evaluate" }];
  // cert-manager reads durations as metav1.Duration, through Go's time.ParseDuration.
  const hours = goDurationHours(String(written));
  if (hours === undefined) return [{ message: `${what} "${String(written)}" is not a duration Go reads`, path, outcome: "cannot-evaluate" }];
  return hours > maximumHours
    ? [{ message: `${what} is ${String(written)}, ${hours} hours: a server certificate lasts three years (26280 hours) at most`, path }]
    : [];
}

/** A CA flag: true, false, or not evaluable (the Kubernetes provider reads "true" as true, morph.go). */
function caFlag(value: unknown, path: string): boolean | Violation {
  if (isUnknown(value)) return { message: "whether the certificate is a CA's is known only at apply", path, outcome: "cannot-evaluate" };
  return literalBool(value) === true;
}

/**
 * A cert-manager Certificate, or a CertificateRequest, that is not a CA's: it may last three years at most. Unset,
 * cert-manager issues it for 90 days (its API reference, CertificateSpec.duration). Its key cannot be weak: cert-manager's
 * webhook refuses an RSA key under 2048 bits and an ECDSA key of another size than 256, 384 or 521.
 */
function certificateViolations(manifest: Record<string, unknown>, at: string): Violation[] {
  const spec = block(manifest.spec) ?? {};
  const ca = caFlag(spec.isCA, `${at}.isCA`);
  if (ca !== false) return ca === true ? [] : [ca];
  return lifetimeViolations(spec.duration, "the certificate's duration", `${at}.duration`);
}

/** cert-manager's ingress-shim makes a Certificate for an annotated Ingress or Gateway, for the duration it names (DurationAnnotationKey). */
const durationAnnotation = "cert-manager.io/duration";

const privateKeyType = "tls_private_key";
const certificateTypes = ["tls_self_signed_cert", "tls_locally_signed_cert"];
const ingressTypes = withV1("kubernetes_ingress");

export default resourcePolicy(
  {
    id: "tls-keys-and-certificates",
    title: "TLS keys are long enough, and server certificates last three years at most",
    description:
      "Flags tls_private_key resources of ECDSA on P-224 (the TLS provider's default curve) or of RSA under 2048 bits, tls_self_signed_cert and tls_locally_signed_cert of a server (not a CA) valid for more than three years, and cert-manager Certificates and CertificateRequests of a server (objects, raw chart, YAML), and the cert-manager.io/duration annotations of Ingresses and Gateways, of more than three years. Ephemeral tls_private_key blocks are not read.",
    rationale:
      "The ANSSI's rules (RGS B1, the TLS recommendations) ask for elliptic curves of 256 bits and RSA moduli of 2048 bits at least, and server certificates of three years at most: a longer one outlives the keys' rotation and the revocation checks clients make.",
    remediation:
      'Write ecdsa_curve = "P256" (or P384) or rsa_bits = 3072 on tls_private_key, validity_period_hours of 26280 at most, and a duration of 26280h at most (cert-manager renews before it ends).',
    severity: "medium",
    references: [cite("anssi", "TLS R3-R30"), cite("secnumcloud-3.2", "10.2.a")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [privateKeyType, ...certificateTypes, ...ingressTypes, "kubernetes_manifest", helmReleaseType],
  (resource): Violation[] => {
    const { values } = resource;
    if (resource.type === privateKeyType) {
      const algorithm = literalString(values.algorithm);
      // The TLS provider's defaults (resource_private_key.go): ecdsa_curve P224, rsa_bits 2048.
      if (algorithm === "ECDSA" && (isUnset(values.ecdsa_curve) || literalString(values.ecdsa_curve) === "P224"))
        return [
          { message: "the key is ECDSA on P-224 (the TLS provider's default curve): the rules ask for a curve of 256 bits at least", path: "ecdsa_curve" },
        ];
      const bits = literalNumber(values.rsa_bits);
      return algorithm === "RSA" && bits !== undefined && bits < 2048 ? [{ message: `the key is RSA of ${bits} bits: 2048 at least`, path: "rsa_bits" }] : [];
    }
    if (certificateTypes.includes(resource.type)) {
      const ca = caFlag(values.is_ca_certificate, "is_ca_certificate");
      if (ca !== false) return ca === true ? [] : [ca];
      const hours = literalNumber(values.validity_period_hours);
      return hours !== undefined && hours > maximumHours
        ? [
            {
              message: `the certificate is valid for ${hours} hours: a server certificate lasts three years (26280 hours) at most`,
              path: "validity_period_hours",
            },
          ]
        : [];
    }
    if (ingressTypes.includes(resource.type)) {
      const annotations = block(values.metadata)?.annotations as Record<string, unknown> | undefined;
      return lifetimeViolations(
        annotations?.[durationAnnotation],
        `the ${durationAnnotation} annotation`,
        keyPath("metadata[0].annotations", durationAnnotation),
      );
    }
    const isCertificate = (manifest: Record<string, unknown>) =>
      isKind(manifest, "Certificate", "cert-manager.io") || isKind(manifest, "CertificateRequest", "cert-manager.io");
    // The gateway-shim reads the annotations of a Gateway as ingress-shim reads an Ingress's (cert-manager, "Annotated
    // Gateway resource": "You can generally tune Certificate requests by adding annotations to Ingress and Gateway").
    return appliedObjects(resource).flatMap(({ manifest, at }) =>
      isCertificate(manifest)
        ? certificateViolations(manifest, `${at}.spec`)
        : isKind(manifest, "Gateway", "gateway.networking.k8s.io")
          ? lifetimeViolations(
              manifest.metadata?.annotations?.[durationAnnotation],
              `the ${durationAnnotation} annotation`,
              keyPath(`${at}.metadata.annotations`, durationAnnotation),
            )
          : [],
    );
  },
);
