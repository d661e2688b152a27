import * as z from "zod";

/** A region id: lower-case words joined by hyphens, used in resource names, buckets and DNS names. */
export const regionId = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, { error: "expected a lower-case id of letters, digits and hyphens, such as nouvelle-aquitaine" })
  .max(32, { error: "expected at most 32 characters" });

/** A resource-name fragment (flavors, images, volumes, containers). */
export const name = z.string().min(1, { error: "expected a non-empty name" });

export const cidr = z.cidrv4({ error: "expected an IPv4 CIDR such as 10.40.0.0/24" });

export const isoDate = z.iso.date({ error: "expected a date written YYYY-MM-DD" });

export const httpsUrl = z.url({ protocol: /^https$/, error: "expected an https:// URL" });

/** DNS labels in lower case, then a top-level domain of letters: `registry.region.example.fr`. */
const dnsName = String.raw`([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}`;

export const hostname = z.string().regex(new RegExp(`^(?=.{1,253}$)${dnsName}$`), {
  error: "expected a DNS host name such as registry.region.example.fr (no scheme, no path)",
});

/**
 * A container registry as an image names it: a DNS host name, an IPv4 address, `localhost` or a bracketed IPv6 address,
 * with a port when the registry listens on another than 443 (`registry.example.fr:5000`), as the image's domain is
 * written (distribution/reference, regexp.go domainAndPort).
 */
export const registryHost = z
  .string()
  .regex(new RegExp(String.raw`^(?:(?=[^:]{1,253}(?::|$))${dnsName}|(?:\d{1,3}\.){3}\d{1,3}|localhost|\[[0-9a-f:]+\])(?::\d{1,5})?$`), {
    error: "expected a registry host such as registry.region.example.fr, with its port if not 443 (registry.region.example.fr:5000); no scheme, no path",
  });

export const positiveInt = z.number().int({ error: "expected a whole number" }).positive({ error: "expected a number above 0" });

export const port = positiveInt.max(65535, { error: "expected a port, 1 to 65535" });
