import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { isMap, isScalar, isSeq, parseDocument, visit, type Document } from "yaml";
import { carveSubnets, loadAddressingPlan, rangeFor, recordRange } from "../config/addressing-plan";
import { ConfigError } from "../lib/issues";
import { placeholder, placeholdersIn } from "../config/placeholders";
import { regionId } from "../lib/zod-types";

export interface NewRegionOptions {
  readonly id: string;
  readonly name: string;
  /** Region whose choices are copied. @default - the built-in minimal template (foundation only) */
  readonly from?: string;
  /** Provider profile of environments/providers/ to use instead of the reference region's. */
  readonly provider?: string;
  /** The environments folder. */
  readonly directory: string;
}

export interface NewRegionResult {
  readonly file: string;
  readonly range: string;
  /** Whether the range was newly allocated from the plan's pool (and recorded in the plan). */
  readonly allocated: boolean;
  /** What a person must still fill in. */
  readonly placeholders: readonly string[];
}

/** What only a person can decide for a new region: left as placeholders that fail validation until filled. */
const decisions = {
  adminCidrs: placeholder("the administrators' networks allowed to reach the bastion, as CIDRs"),
  login: placeholder("an administrator's personal login, such as jdupont"),
  sshKey: placeholder("that administrator's SSH public key (ssh-ed25519 ...)"),
  sncReference: placeholder("the SecNumCloud qualification reference of the offer"),
  sncUntil: placeholder("the end of validity of the qualification, YYYY-MM-DD"),
  hdsCertificate: placeholder("the HDS certificate number of the host"),
  hdsUntil: placeholder("the end of validity of the HDS certificate, YYYY-MM-DD"),
  approver: placeholder("who approves this exception or deviation for the region"),
  expires: placeholder("the last day of the approval, YYYY-MM-DD"),
  controller: placeholder("who is responsible for the warehouse, as patients know it"),
  dpoEmail: placeholder("the e-mail address of the data protection officer, published for patients"),
  dpoAddress: placeholder("the postal address of the data protection officer, published for patients"),
  mission: placeholder("the controller's public task or legitimate interest, in plain language, published for patients"),
  article6: placeholder("the basis of GDPR Art. 6(1): public-task, or legitimate-interest (not for a public body's tasks)"),
  healthData: placeholder("the exception of GDPR Art. 9(2) for health data: substantial-public-interest, public-health or research"),
  recipientFr: placeholder("a category of recipients of the data, in French, published for patients"),
  recipientEn: placeholder("the same category of recipients, in English"),
};

/** A placeholder, quoted for YAML. */
const q = (what: string): string => JSON.stringify(placeholder(what));

/** The built-in starting point: a minimal environment, which synthesizes the foundation once filled in. */
const template = (id: string): string => `id: ${id}
name: ${id}
provider:
  name: ${q("the provider profile's name")}
  authUrl: ${q("the Keystone v3 URL of the qualified provider")}
  region: ${q("the OpenStack region")}
  externalNetwork: ${q("the external network's name")}
  flavors:
    bastion: ${q("the bastion's flavor")}
    kubernetesControlPlane: ${q("the control plane's flavor")}
    kubernetesNode: ${q("the nodes' flavor")}
  images:
    bastion: ${q("a hardened image for the bastion")}
    kubernetes: ${q("the nodes' image: Debian for RKE2, or the Cluster API driver's image with Magnum")}
  encryptedVolumeTypes: [${q("the provider's encrypted volume types")}]
  objectStorage:
    s3Endpoint: ${q("the S3 endpoint of the object storage")}
  apiEndpoints:
    identity: ${q("the addresses of the identity API, as a CIDR")}
    objectStorage: ${q("the addresses of the object storage API, as a CIDR")}
    keyManager: ${q("the addresses of the key manager API, as a CIDR")}
    otherApis: ${q("the addresses of the other OpenStack APIs, as a CIDR")}
  qualification:
    secNumCloud:
      offer: ${q("the qualified offer's name")}
      reference: x
      validUntil: x
    hds:
      certificate: x
      validUntil: x
network:
  range: x
  subnets: {}
  adminCidrs: []
  mirrors:
    - name: rke2
      url: ${q("the URL of the in-region RKE2 mirror")}
      cidr: ${q("its addresses, as a CIDR")}
bastion:
  administrators: []
registry:
  host: ${q("the host name of the region's container registry")}
  cidr: ${q("its addresses, as a CIDR")}
`;

const fail = (file: string, message: string): never => {
  throw new ConfigError([{ file, path: [], line: 1, column: 1, message }]);
};

/** Replaces the reference region's id and name in every string value (resource names, DNS names, buckets). */
function renameEverywhere(document: Document, from: { id: string; name: string }, to: { id: string; name: string }): void {
  visit(document, {
    Scalar(key, node) {
      if (key === "key" || typeof node.value !== "string") return;
      node.value = node.value.split(from.id).join(to.id).split(from.name).join(to.name);
    },
  });
}

/**
 * Writes environments/<id>.yaml for a new region: the reference region's choices (or the built-in template) under the
 * new id and name, its range from the national addressing plan with the subnets carved from it, and placeholders for
 * what only a person can decide (administrators' networks, SSH keys, qualification evidence, exceptions' approvers).
 */
export function newRegion(options: NewRegionOptions): NewRegionResult {
  const directory = resolve(options.directory);
  const target = join(directory, `${options.id}.yaml`);
  const shown = relative(process.cwd(), target) || target;
  if (!regionId.safeParse(options.id).success)
    fail(shown, `"${options.id}" is not a valid region id: expected lower-case letters, digits and hyphens, such as pays-de-la-loire`);
  if (options.name.trim() === "") fail(shown, "the display name is empty");
  if (existsSync(target)) fail(shown, `region ${options.id} already exists; edit the file, or choose another id`);
  const plan = loadAddressingPlan(directory);
  const allocation = rangeFor(plan, options.id);
  if (!allocation) fail(plan.file, `the addressing plan is full: no free /16 is left in the pool ${plan.pool} for ${options.id}`);
  const { range, allocated } = allocation!;

  let document: Document;
  if (options.from) {
    const reference = join(directory, `${options.from}.yaml`);
    if (!existsSync(reference)) fail(shown, `no region ${options.from} to copy from (${relative(process.cwd(), reference)} does not exist)`);
    document = parseDocument(readFileSync(reference, "utf8"));
    renameEverywhere(document, { id: options.from, name: String(document.get("name")) }, { id: options.id, name: options.name });
  } else {
    document = parseDocument(template(options.id));
  }
  if (options.provider) {
    const profile = join(directory, "providers", `${options.provider}.yaml`);
    if (!existsSync(profile)) fail(shown, `no provider profile ${options.provider} (${relative(process.cwd(), profile)} does not exist)`);
    const contents = parseDocument(readFileSync(profile, "utf8")).contents;
    if (contents) contents.commentBefore = ` provider profile ${options.provider}`;
    document.set("provider", contents);
  }

  document.set("id", options.id);
  document.set("name", options.name);
  document.setIn(["network", "range"], range);
  document.setIn(["network", "subnets"], carveSubnets(range));
  document.setIn(["network", "adminCidrs"], [decisions.adminCidrs]);
  document.setIn(["bastion", "administrators"], [{ login: decisions.login, sshPublicKeys: [decisions.sshKey] }]);
  document.setIn(["provider", "qualification", "secNumCloud", "reference"], decisions.sncReference);
  document.setIn(["provider", "qualification", "secNumCloud", "validUntil"], decisions.sncUntil);
  document.setIn(["provider", "qualification", "hds", "certificate"], decisions.hdsCertificate);
  document.setIn(["provider", "qualification", "hds", "validUntil"], decisions.hdsUntil);
  // Projects and databases are the new region's own; whom patients write to is a person's decision.
  for (const list of ["projects", "datasets"]) if (document.has(list)) document.set(list, document.createNode([]));
  if (document.has("transparency")) {
    document.setIn(["transparency", "controller"], decisions.controller);
    document.setIn(["transparency", "contact", "email"], decisions.dpoEmail);
    document.setIn(["transparency", "contact", "postalAddress"], decisions.dpoAddress);
    // Why the data may be used and who receives it are the new region's controller's, not the reference region's.
    for (const lang of ["fr", "en"]) document.setIn(["transparency", "lawfulBasis", "mission", lang], decisions.mission);
    document.setIn(["transparency", "lawfulBasis", "article6"], decisions.article6);
    document.setIn(["transparency", "lawfulBasis", "healthData"], decisions.healthData);
    document.setIn(["transparency", "recipients"], document.createNode([{ fr: decisions.recipientFr, en: decisions.recipientEn }]));
  }
  // An approval is a person's decision for this region: the reference region's approvers gave none for it.
  for (const list of ["suppressions", "approvals", "deviations"]) {
    const entries = document.get(list);
    if (!isSeq(entries)) continue;
    entries.items.forEach((entry, i) => {
      document.setIn([list, i, "approver"], decisions.approver);
      if (isMap(entry) && entry.has("expires")) document.setIn([list, i, "expires"], decisions.expires);
    });
  }
  // The reference region's header comment describes that region: drop it, wherever the parser attached it.
  if (document.contents) document.contents.commentBefore = null;
  const first = isMap(document.contents) ? document.contents.items[0] : undefined;
  if (first && isScalar(first.key)) first.key.commentBefore = null;
  document.commentBefore = ` yaml-language-server: $schema=./schema.json\n ${options.name}: written by eds new-region${options.from ? ` from ${options.from}` : ""}. Replace every "<fill in: ...>" before synthesizing.`;

  const text = document.toString({ lineWidth: 0 });
  writeFileSync(target, text);
  if (allocated) recordRange(directory, options.id, range);
  const placeholders = [...new Set(placeholdersIn(document.toJS()).map((p) => p.what))];
  return { file: shown, range, allocated, placeholders };
}
