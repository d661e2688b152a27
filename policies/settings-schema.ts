/** The zod schema of the policy settings, and the reader of a `--settings` file. */
import { describeFsError } from "../lib/errors";
import { readInputText } from "../lib/files";
import * as z from "zod";
import { ConfigError } from "../lib/issues";
import { displayPath } from "../lib/paths";
import { parseYamlSource } from "../lib/yaml-source";
import { toConfigIssues, yamlParseOptions } from "../lib/zod-issues";
import { cidr, hostname, isoDate, name, positiveInt, registryHost } from "../lib/zod-types";
import { closest } from "../lib/did-you-mean";
import { allPolicies } from "./rules/index";
import { locatedSuppressions, type PolicySettings } from "./settings";

/** The known policy ids, for exceptions that name one. */
const policyIds = (): readonly string[] => allPolicies.map((policy) => policy.metadata.id);

/**
 * An approved, expiring exception to one policy. All fields are required: an exception without its reason, approver
 * or expiry date is refused. An expired exception no longer applies and is itself reported as a violation.
 */
export const suppressionSchema = z.strictObject({
  policy: z
    .string()
    .regex(/^[a-z0-9-]+$/, { error: "expected a policy id such as secgroup-no-public-https (see eds policies)" })
    .refine((id) => policyIds().includes(id), {
      error: (issue) => {
        const near = closest(String(issue.input), policyIds());
        return `expected a known policy id (${near ? `did you mean ${near}?` : "see eds policies"})`;
      },
    }),
  // Required: an exception that forgot its resource would silence the policy everywhere.
  resource: z
    .string({ error: 'expected the resource address or glob (* and ?) the exception covers; write "*" to mean every resource' })
    .min(1)
    .meta({ description: 'Resource address or glob (* and ?) the exception covers; "*" for every resource, written on purpose.' }),
  reason: z.string().min(20, { error: "expected a reason of at least 20 characters that an auditor can check" }),
  approver: z.string().min(3, { error: "expected the name or role of who approved the exception" }),
  expires: isoDate.meta({ description: "Last day the exception applies." }),
});

export const suppressionsSchema = z
  .array(suppressionSchema)
  .default([])
  .meta({ description: "Approved exceptions to policies, each with reason, approver and expiry." });

const labels = z.record(z.string(), z.string());
const endpointSchema = z.union([
  z.strictObject({
    name: z.string(),
    pods: z.strictObject({
      namespace: name.optional(),
      namespaceLabels: labels.optional(),
      exceptNamespaces: z.array(name).optional(),
      labels: labels.optional(),
    }),
  }),
  z.strictObject({ name: z.string(), securityGroup: z.string() }),
  z.strictObject({ name: z.string(), zone: z.string() }),
  z.strictObject({ name: z.string(), internet: z.literal(true) }),
]);

/** What the flow check (`eds flows`) needs of a region: its address zones, who plays which role, the flows its constructs need. */
export const flowContextSchema = z
  .strictObject({
    zones: z.record(z.string(), z.array(cidr)).default({}),
    podNetwork: z.array(cidr).optional(),
    roles: z.record(z.string(), endpointSchema).default({}),
    intended: z
      .array(
        z.strictObject({
          id: z.string(),
          from: endpointSchema,
          to: endpointSchema,
          port: z.number().int().min(1).max(65535),
          protocol: z.enum(["TCP", "UDP"]).optional(),
          why: z.string(),
          expect: z.literal("possible").default("possible"),
        }),
      )
      .default([]),
  })
  .meta({ description: "The region's address zones, roles and intended flows, written by eds synth for the flow check." });

/** The settings file of a standalone `eds check`: what the policies need besides the Terraform. */
export const policySettingsSchema = z
  .strictObject({
    allowedRegistries: z.array(registryHost).default([]).meta({
      description: "Registries images may come from, by exact host: an entry without a port admits the host on any port, one with a port that port only.",
    }),
    encryptedVolumeTypes: z.array(name).default([]).meta({ description: "Cinder volume types the provider encrypts." }),
    adminCidrs: z
      .array(cidr)
      .default([])
      .meta({ description: "Administrators' networks allowed to reach the bastion over SSH. Empty: the bastion's SSH rules are not evaluable." }),
    qualifiedRegions: z.array(name).default([]).meta({ description: "OpenStack regions covered by the qualification. Empty: not evaluable." }),
    externalNetworks: z.array(name).default([]).meta({
      description:
        "Names of the cloud's external (public) networks, which the configuration may join by name without declaring them: what joins one has an address of the Internet.",
    }),
    identityHosts: z.array(hostname).default([]).meta({
      description:
        "Hosts of the qualified provider's identity service (Keystone, its auth_url), where the OpenStack provider must sign in. Empty: not evaluable.",
    }),
    objectStorageHosts: z
      .array(hostname)
      .default([])
      .meta({ description: "Hosts of the qualified provider's object storage (its S3 API), where the Terraform state must go. Empty: not evaluable." }),
    qualification: z
      .strictObject({
        secNumCloud: z.strictObject({ reference: name, validUntil: isoDate }).optional(),
        hds: z.strictObject({ certificate: name, validUntil: isoDate }).optional(),
      })
      .optional()
      .meta({ description: "Qualification evidence of the provider; undeclared, its validity is not evaluable." }),
    logRetentionDays: positiveInt.optional().meta({ description: "Declared retention of security and access logs, in days; undeclared, not evaluable." }),
    backupSchedule: z
      .enum(["hourly", "daily"])
      .optional()
      .meta({ description: "Declared backup frequency: every backup job must run at least this often. @default daily" }),
    backupRetentionDays: positiveInt.optional().meta({ description: "Declared retention of backups, in days." }),
    magnumDriver: z.enum(["magnum-cluster-api", "magnum-capi-helm"]).default("magnum-cluster-api").meta({
      description:
        "The Magnum driver the cloud runs for Cluster API images: vexxhost's magnum-cluster-api or openstack's magnum-capi-helm. Both take images of os_distro ubuntu and flatcar, and the cloud's configuration enables one: the Magnum policies read labels, defaults and the Kubernetes version as it does. @default magnum-cluster-api",
    }),
    exposedNamespaces: z.array(name).default(["ingress"]).meta({ description: "Namespaces allowed to publish LoadBalancer or NodePort Services." }),
    suppressions: suppressionsSchema,
    flows: flowContextSchema.optional(),
  })
  .meta({ title: "EDS Régional policy settings" });

/** Reads a `--settings` file; bad content throws a ConfigError naming file, path and line. */
export function loadSettingsFile(path: string, today: string): PolicySettings {
  const file = displayPath(path);
  let text: string;
  try {
    text = readInputText(path);
  } catch (error) {
    throw new ConfigError([{ file, path: [], line: 1, column: 1, message: `cannot read the file: ${describeFsError(error)}` }]);
  }
  const parsed = parseYamlSource(file, text, "policy settings such as allowedRegistries and encryptedVolumeTypes");
  if (!parsed.source) throw new ConfigError(parsed.issues);
  const result = policySettingsSchema.safeParse(parsed.source.data, yamlParseOptions);
  if (!result.success) throw new ConfigError(toConfigIssues(result.error.issues, parsed.source, policySettingsSchema));
  const { suppressions, ...rest } = result.data;
  return { today, ...rest, suppressions: locatedSuppressions(suppressions, parsed.source, ["suppressions"]), source: file };
}

const policyContextSchema = z.strictObject({
  region: z.string(),
  sourceSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  settings: policySettingsSchema.extend({
    suppressions: z.array(suppressionSchema.extend({ location: z.string().optional() })),
    source: z.string().optional(),
  }),
});

/** A policy context file's content (context.ts), or what is wrong with it. */
export function parsePolicyContext(text: string): z.output<typeof policyContextSchema> | { problem: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { problem: (error as Error).message };
  }
  // Parsed once per stack: without zod's compiled fast path, as the YAML documents are (yamlParseOptions).
  const result = policyContextSchema.safeParse(data, { jitless: true });
  return result.success ? result.data : { problem: result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ") };
}
