import { dirname } from "node:path";
import { type Document, LineCounter, visit } from "yaml";
import { earlierCopyAddress, type InputProblem, type TfConfiguration, type TfResource } from "../engine/model";
import { isKind, isMap } from "../lib/helm";
import { holdsYttAnnotations } from "../lib/ytt";
import { pathWithin } from "../../lib/paths";
import { encryptedBy, encryptedNote } from "../../lib/encrypted";
import { kubernetesValue, kubernetesYamlDocuments, startsChunk, withKubectlSeparators, type YamlValueError } from "../lib/go-yaml";
import { groupOf } from "../lib/kubernetes";
import { operatorMade } from "./operator-services";
import { asTypedResource, pathText, placedIn, removedVersion, unservedKind, writtenManifestPath } from "./kubernetes-manifest";
import { type Refusal, refusedBySchema } from "./kubernetes-openapi";
import { literalBlockTextLine, writtenLine } from "../lib/yaml-lines";

/** Kubernetes manifests: what `kubectl apply -f` and `helm template` read and write. */
export const isManifestFile = (name: string): boolean => /\.ya?ml$/.test(name);

/** How findings and problems name what `eds check -` reads. */
export const standardInput = "(standard input)";

/** Files kubectl reads in a folder (`kubectl apply -f <folder>`: .json, .yaml and .yml, hidden ones too). */
export const isManifestFileInFolder = (name: string): boolean => /\.(ya?ml|json)$/.test(name);

/** Whether a JSON document is a Kubernetes object or list, which kubectl applies, rather than Terraform or a plan. */
export const isKubernetesJson = (document: unknown): boolean =>
  isMap(document) && typeof document.kind === "string" && (typeof document.apiVersion === "string" || Array.isArray(document.items));

/** One file of manifests, as given: its name as reported, and its text. */
export interface ManifestText {
  readonly file: string;
  readonly text: string;
  /**
   * The namespace another tool than kubectl creates the objects of this file in (Fleet's, Flux's): those that name none, or
   * every namespaced one (`forced`).
   */
  readonly namespace?: { readonly namespace: string; readonly forced: boolean };
}

/**
 * Kubernetes objects written as YAML (`kubectl apply -f`, the output of `helm template`, `kubectl get -o yaml`) read as
 * the policies judge a `kubernetes_manifest`: each object as the typed resource of its kind, so that a chart's pods are
 * judged once rendered. YAML is read as kubectl reads it (sigs.k8s.io/yaml, over go-yaml v2, see kubernetesValue:
 * `privileged: yes` is true, merge keys apply where they are written, a key written twice takes the later value); a
 * list (`List`, `PodList`) holds its objects in `items` (listItems). An object that names no namespace, or an empty
 * one, is created in the one kubectl or Helm is given (`namespace`). Each object's address is `Kind/namespace/name`
 * (`Kind/name` when cluster-scoped), and its line the line its object starts.
 *
 * In a folder given to check, a file none of whose documents is a Kubernetes object (a chart's values, a CI workflow)
 * is not a manifest and is left out, and beside Terraform so is one that does not parse (ManifestReading); a named
 * file must hold objects, at least one. An object the API server refuses for a field it holds (one of the wrong type)
 * is an object all the same: its file is a manifest (one that lacks a required field may be a kustomize patch). A
 * document that does not parse, that is not an object, or that holds Go template actions (a chart's source, or another
 * tool's, not its output) is an input problem, and so is an object written twice in two forms: kubectl would apply the later over the earlier, unless the API server
 * refuses the change (a Pod's spec cannot change), so both copies are judged, each at its own lines, the earlier under an
 * address of its own. Two identical copies are one object, which kubectl applies unchanged the second time.
 */
export function manifestConfiguration(
  stack: string,
  texts: readonly ManifestText[],
  namespace: string,
  problems: InputProblem[],
  reading: ManifestReading,
): TfConfiguration | undefined {
  const resources = new Map<string, TfResource>();
  const earlierCopies: TfResource[] = [];
  const files: string[] = [];
  const read = texts.map(({ file, text, namespace: own }) => ({
    file,
    objects: manifestObjects(stack, file, text, own ?? { namespace, forced: false }, problems, reading),
  }));
  const addressed = groupQualified(read.flatMap(({ objects }) => objects));
  for (const { file, objects } of read) {
    if (objects.length > 0) files.push(file);
    for (const object of objects.map(addressed)) {
      const earlier = resources.get(object.address);
      // A copy the later one repeats adds nothing to judge, and kubectl applies it unchanged: it is checked once, unsaid.
      // Another is named apart, so that its findings point at it.
      const differs = earlier !== undefined && JSON.stringify(earlier.values) !== JSON.stringify(object.values);
      if (earlier && differs) {
        problems.push({
          file,
          line: object.line,
          message: `${object.address} is written twice (first at ${earlier.file}:${earlier.line}): kubectl applies the later over the earlier, or keeps the earlier where the API server refuses the change (a Pod's spec); both are checked${checkedApart(earlier.file!, file)}`,
        });
        earlierCopies.push({ ...earlier, address: earlierCopyAddress(earlier.address, earlier.file, earlier.line) });
      }
      resources.set(object.address, object);
    }
  }
  if (files.length === 0) return undefined;
  return { stack, files, resources: [...earlierCopies, ...resources.values()], providers: [], backend: undefined, manifests: true };
}

/**
 * For an object written in two files of one folder, or in two folders neither of which holds the other, how to check them
 * apart: a folder of samples holds examples applied one at a time, and two applications of a GitOps repository (Argo
 * CD's, Flux's) each apply their own folder: the same object in both is no duplicate there.
 */
function checkedApart(earlier: string, later: string): string {
  const [first, second] = [dirname(earlier), dirname(later)];
  const apart = (a: string, b: string, what: string) =>
    `. Where ${a} and ${b} are applied apart (${what}), check each as a path of its own: eds check ${a} ${b}`;
  if (first === second) return earlier === later ? "" : apart(earlier, later, "two samples of one folder");
  if (pathWithin(first, second) !== undefined || pathWithin(second, first) !== undefined) return "";
  return apart(first, second, "two applications of a GitOps repository");
}

/**
 * Objects of one kind and name in two API groups are two objects (the API server keys an object by its group, resource,
 * namespace and name: k8s.io/apiserver's registry stores each group's resource apart, and kubectl apply finds an
 * object by its REST mapping, group included): Talos's talos.dev ServiceAccount beside a core ServiceAccount, Cluster
 * API's Cluster beside CloudNativePG's. Where their `Kind/namespace/name` addresses meet, each of a named group is
 * addressed `Kind.group/namespace/name` (kubectl's `kind.group` form), the core group's keeping its own; an address
 * no other group's object shares stays as it is.
 */
function groupQualified(objects: readonly ManifestObject[]): (object: ManifestObject) => TfResource {
  const groups = new Map<string, Set<string>>();
  for (const { resource, group } of objects) groups.set(resource.address, (groups.get(resource.address) ?? new Set()).add(group));
  return ({ resource, group }) => {
    if (group === "" || (groups.get(resource.address)?.size ?? 0) < 2) return resource;
    const [kind, ...rest] = resource.address.split("/");
    return { ...resource, address: [`${kind}.${group}`, ...rest].join("/") };
  };
}

/**
 * Whether a document is a chart's template rather than its output: a `{{` outside every string of it (`name: {{
 * .Release.Name }}`, which YAML reads as maps, or does not read). In a string (`summary: "{{ $value }}"`, a Prometheus
 * rule's annotation) or a comment (an example a configuration leaves commented out), it is text kubectl applies or
 * skips as it is.
 */
function holdsTemplateActions(document: Document.Parsed, text: string): boolean {
  const [start, , end] = document.range;
  // Looked for in the document's own text: a search of the whole file from each document is quadratic in the documents.
  const first = text.slice(start, end).indexOf("{{");
  if (first === -1) return false;
  const strings: [number, number][] = [];
  visit(document, {
    Scalar(_, node) {
      if (typeof node.value === "string" && node.range) strings.push([node.range[0], node.range[1]]);
    },
  });
  const inString = (at: number) => strings.some(([from, to]) => from <= at && at < to);
  for (let at = start + first; at !== -1 && at < end; at = text.indexOf("{{", at + 2)) if (!inString(at) && !inComment(text, at, inString)) return true;
  return false;
}

const templateActionsSaid =
  "holds Go template actions ({{ }}), a source a tool renders (a Helm chart's, an installer's addon): render it (helm template for a chart), then check its output";

/**
 * Whether YAML stops on a Go template action, its own line holding one (`image: "{{ .Images.Get "csi" }}"`: the quotes
 * inside the action close the string): the document is a template, not YAML that is wrong.
 */
function breaksOnTemplateAction(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const lineEnd = text.indexOf("\n", offset);
  return /\{\{-?\s*(?:[.$]|(?:if|range|with|end|else|include|template|define|block)\b)[^}]*\}\}/.test(
    text.slice(lineStart, lineEnd === -1 ? undefined : lineEnd),
  );
}

/** Whether a position is in a YAML comment: after a `#` that starts its line or follows a space, outside a string. */
function inComment(text: string, at: number, inString: (at: number) => boolean): boolean {
  const lineStart = text.lastIndexOf("\n", at - 1) + 1;
  for (const match of text.slice(lineStart, at).matchAll(/(?:^|\s)#/g)) if (!inString(lineStart + match.index + match[0].length - 1)) return true;
  return false;
}

/**
 * The objects a document holds, as kubectl decodes them (k8s.io/apimachinery unstructured: an object with `items` is a
 * list, and an item that names no kind or apiVersion takes the list's kind without "List" and its apiVersion), or why
 * one is not an object kubectl applies, with the path of the field that says why.
 */
type ListItem =
  | { readonly object: Record<string, unknown>; readonly index?: number }
  | {
      readonly problem: string;
      readonly index?: number;
      readonly path?: readonly (string | number)[];
      /**
       * An object the API server refuses for what it holds (refusedShape: a field of the wrong type, a kind its group does
       * not serve), not for what it lacks, as a patch does: its file is a manifest.
       */
      readonly refused?: true;
    };

/** Kinds of the core and RBAC groups whose fields are at the top level, with no spec (Kubernetes API reference). */
const kindsWithoutSpec: ReadonlySet<string> = new Set([
  "ConfigMap",
  "Secret",
  "ServiceAccount",
  "Endpoints",
  "Role",
  "ClusterRole",
  "RoleBinding",
  "ClusterRoleBinding",
]);

/**
 * Why the API server refuses an object of its own groups whose shape is wrong, where the check would judge nothing: a
 * kind its group does not serve (`v1` Deployment: "no matches for kind"), a metadata or a spec that is not an object
 * (json: cannot unmarshal array into Go struct field), a field its OpenAPI schema refuses or a pod with no containers
 * (refusedBySchema). Undefined for any other object.
 */
function refusedShape(object: Record<string, unknown>): Refusal | undefined {
  if (holdsPatchDirective(object))
    return { path: [], message: "a strategic merge patch (a $patch directive), which kustomize or kubectl patch merges into an object", lacking: true };
  const group = groupOf(String(object.apiVersion));
  const unserved = unservedKind(object);
  if (unserved) return { path: [], message: unserved };
  if (group.includes(".") && !group.endsWith(".k8s.io")) return fluxObjectLacking(object);
  if (object.spec !== undefined && object.spec !== null && (group === "" || group === "rbac.authorization.k8s.io") && kindsWithoutSpec.has(String(object.kind)))
    return {
      path: ["spec"],
      message: `a ${String(object.kind)} has no spec (its fields are at the top level): kubectl's strict field validation refuses an unknown field`,
    };
  for (const field of ["metadata", "spec"])
    if (object[field] !== undefined && object[field] !== null && !isMap(object[field]))
      return { path: [], message: `its ${field} is not an object, which the API server refuses` };
  // A version no longer served is a problem of its own (removedVersion), whose schema is not the one to hold it to.
  return removedVersion(object) ? undefined : refusedBySchema(object);
}

/**
 * Whether a key is a directive of a strategic merge patch (k8s.io/apimachinery, util/strategicpatch: $patch,
 * $retainKeys, $setElementOrder/<field>, $deleteFromPrimitiveList/<field>): a document that holds one is a patch, which
 * kustomize or kubectl patch merges into an object, not an object to apply.
 */
const isPatchDirective = (key: string): boolean =>
  key === "$patch" || key === "$retainKeys" || key.startsWith("$setElementOrder/") || key.startsWith("$deleteFromPrimitiveList/");

/** Whether a value holds a patch directive (isPatchDirective), but in a patch an object carries (Kyverno's patchStrategicMerge). */
function holdsPatchDirective(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(holdsPatchDirective);
  if (!isMap(value)) return false;
  return Object.entries(value).some(([key, item]) => isPatchDirective(key) || (!/^patch(?:es)?StrategicMerge$/.test(key) && holdsPatchDirective(item)));
}

/**
 * The fields Flux's CustomResourceDefinitions require of a HelmRelease and a Kustomization, which a patch kustomize
 * merges into one leaves out (helm-controller api/v2 HelmRelease: spec.interval, and of a chart template its chart and
 * sourceRef; kustomize-controller api/v1 Kustomization: spec.interval, prune and sourceRef; each `+required`, and so in
 * their v2beta1 and v1beta2 forms).
 */
const fluxRequired: readonly { readonly group: string; readonly kind: string; readonly fields: readonly string[] }[] = [
  { group: "helm.toolkit.fluxcd.io", kind: "HelmRelease", fields: ["interval"] },
  { group: "kustomize.toolkit.fluxcd.io", kind: "Kustomization", fields: ["interval", "prune", "sourceRef"] },
];

/** Why the API server refuses a Flux object for what it lacks (fluxRequired); a HelmRelease's chart template too. */
function fluxObjectLacking(object: Record<string, unknown>): Refusal | undefined {
  const required = fluxRequired.find(({ group, kind }) => isKind(object, kind, group));
  if (!required) return undefined;
  const spec = isMap(object.spec) ? object.spec : {};
  const chart = isMap(spec.chart) && isMap(spec.chart.spec) ? spec.chart.spec : undefined;
  const missing = [
    ...required.fields.filter((field) => spec[field] === undefined).map((field) => ["spec", field]),
    ...(chart && required.kind === "HelmRelease"
      ? ["chart", "sourceRef"].filter((field) => chart[field] === undefined).map((field) => ["spec", "chart", "spec", field])
      : []),
  ][0];
  return missing && { path: missing.slice(0, -1), message: `${missing.join(".")} is not written, and Flux's ${required.kind} requires it`, lacking: true };
}

/**
 * API groups of the configuration files other tools read, which no API server serves: Skaffold's, kind's, k3d's and
 * ctlptl's cluster configurations, kustomize's Kustomization and Component, the configuration files of the cluster's own
 * components (kubeadm, the kubelet, kube-proxy, the scheduler, the API server's admission, encryption and audit
 * configurations), a credential plugin's output, Backstage's catalog; and the core group's Config, a kubeconfig.
 */
const toolConfigurationGroups: ReadonlySet<string> = new Set([
  "skaffold",
  "kind.x-k8s.io",
  "k3d.io",
  "ctlptl.dev",
  "kustomize.config.k8s.io",
  "kubeadm.k8s.io",
  "kubelet.config.k8s.io",
  "kubeproxy.config.k8s.io",
  "kubescheduler.config.k8s.io",
  "apiserver.config.k8s.io",
  "apiserver.k8s.io",
  "audit.k8s.io",
  "pod-security.admission.config.k8s.io",
  "eventratelimit.admission.k8s.io",
  "client.authentication.k8s.io",
  "backstage.io",
]);

/**
 * What a manifest file is when its text is another tool's source rather than objects kubectl applies, given alone or met
 * in a folder: a file git-crypt encrypted, or SOPS with its apiVersion and kind (lib/encrypted); an OpenStack Heat
 * template, whose top level names heat_template_version, which Heat requires of every template (docs.openstack.org/heat,
 * hot_spec: "Template structure"), its stack's resources in Heat's language; a ytt template, whose `#@` comments are
 * ytt's annotations (carvel.dev/ytt/docs: `#@ load(...)`, `#@data/values`, `#@overlay/match`), its values filled in when
 * ytt renders it. Asked once of each file: where a folder's files are met, and of a file named or the standard input.
 */
export function otherToolsSource(text: string): string | undefined {
  const encryption = encryptedBy(text);
  // SOPS may leave what names an object in clear (encrypted_regex: ^(data|stringData)$, as Flux decrypts at apply):
  // that is an object, judged with ciphertext for its values.
  if (encryption === "git-crypt" || (encryption === "SOPS" && /^(?:apiVersion|kind)[ \t]*:[ \t]*ENC\[/m.test(text))) return encryptedNote(encryption);
  if (/^heat_template_version[ \t]*:/m.test(text))
    return "an OpenStack Heat template: its stack's resources are declared in Heat's language, which eds check does not read, and are not judged";
  if (holdsYttAnnotations(text)) return "a ytt template (its #@ annotations are ytt's): check what it renders (ytt -f <folder> | eds check -)";
  return undefined;
}

const isToolConfiguration = ({ apiVersion, kind }: Record<string, unknown>): boolean =>
  toolConfigurationGroups.has(String(apiVersion).split("/")[0]!) || (apiVersion === "v1" && kind === "Config");

/** An item the API server refuses, as listItems says it: refused for what it holds, unless for what it lacks. */
const refusalItem = ({ message, path, lacking }: Refusal, index?: number): ListItem => ({
  problem: message,
  path,
  ...(index === undefined ? {} : { index }),
  ...(lacking ? {} : { refused: true as const }),
});

function listItems(value: unknown): ListItem[] {
  const isObject = (item: unknown): item is Record<string, unknown> => isMap(item) && typeof item.apiVersion === "string" && typeof item.kind === "string";
  const notObject = "not a Kubernetes object (an apiVersion and a kind were expected)";
  if (!isMap(value) || !Array.isArray(value.items)) {
    if (!isObject(value)) return [{ problem: notObject }];
    if (isToolConfiguration(value))
      return [{ problem: `a configuration file another tool reads (${String(value.apiVersion)} ${String(value.kind)}), not an object kubectl applies` }];
    const refused = refusedShape(value);
    return refused ? [refusalItem(refused)] : [{ object: value }];
  }
  const itemKind = typeof value.kind === "string" && value.kind !== "List" ? value.kind.replace(/List$/, "") : undefined;
  return value.items.map((item, index): ListItem => {
    if (!isMap(item)) return { index, problem: notObject };
    if (Array.isArray(item.items)) return { index, problem: "a list inside a list, which kubectl refuses" };
    const object = { ...item, kind: item.kind ?? itemKind, apiVersion: item.apiVersion ?? value.apiVersion };
    if (!isObject(object)) return { index, problem: notObject };
    const refused = refusedShape(object);
    return refused ? refusalItem(refused, index) : { object, index };
  });
}

/** The objects a document holds that kubectl applies (listItems), those the API server refuses left out. */
export const appliedItems = (document: unknown): Record<string, unknown>[] => listItems(document).flatMap((item) => ("object" in item ? [item.object] : []));

/** An object a manifest file holds, as written, with its line and where its document writes it. */
export interface WrittenObject {
  readonly manifest: Record<string, unknown>;
  readonly line: number;
  readonly document: Document.Parsed;
  /** Its path in the document: `["items", 2]` for a list's third item. */
  readonly at: (string | number)[];
  readonly lineCounter: LineCounter;
}

/** Where an offset is, and a message that names its column. */
function atOffset(lineCounter: LineCounter, offset: number, message: string): { line: number; message: string } {
  const at = lineCounter.linePos(offset);
  return { line: at.line, message: `column ${at.col}: ${message}` };
}

/**
 * Whether a .json file that is not valid JSON is read by kubectl as JSON (its YAMLOrJSONDecoder takes a text opening with
 * a brace for JSON): its problem is then named as JSON's, at the place the YAML reader stopped. JSON's own message may
 * quote the text, which a report must not carry.
 */
const invalidJson = (file: string, written: string): boolean => {
  if (!/\.json$/i.test(file) || !/^\s*\{/.test(written)) return false;
  try {
    JSON.parse(written);
    return false;
  } catch {
    return true;
  }
};

/**
 * How a file of YAML or JSON is read, which decides what of it is an input problem: a file named to check ("named")
 * must hold Kubernetes objects, and everything else in it is a problem; one of a folder of manifests ("folder") that
 * holds no object is another tool's, though a document that does not parse is a problem; one beside Terraform
 * ("beside"), where YAML is as often Ansible's or a chart's, is another tool's unless it holds an object, its syntax too.
 */
export type ManifestReading = "named" | "folder" | "beside";

/**
 * The objects of a manifest file as kubectl decodes them, before they are placed in a namespace; what is not one goes to
 * `problems` as `reading` says (see manifestConfiguration for what a folder's files may hold).
 */
export function writtenObjects(file: string, written: string, problems: InputProblem[], reading: ManifestReading): WrittenObject[] {
  const lineCounter = new LineCounter();
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;
  const { documents, text } = kubernetesYamlDocuments(withCrdSchemasLeftOut(withKubectlSeparators(written)), lineCounter);
  const found: WrittenObject[] = [];
  // What does not parse, and what parses to something that is no object, each reported as the file is read.
  const unread: InputProblem[] = [];
  const notObjects: InputProblem[] = [];
  let refusedObjects = 0;
  for (const [i, document] of documents.entries()) {
    if (!startsChunk(text, documents[i - 1], document)) continue;
    const line = lineOf(document.contents?.range?.[0] ?? document.range[0]);
    const where = `document ${i + 1}`;
    const error = document.errors[0];
    if (holdsTemplateActions(document, text) || (error && breaksOnTemplateAction(text, error.pos[0]))) {
      unread.push({ file, line, message: `${where} ${templateActionsSaid}` });
      continue;
    }
    if (error) {
      unread.push({ file, ...atOffset(lineCounter, error.pos[0], invalidJson(file, written) ? "not valid JSON" : `not valid YAML: ${error.message}`) });
      continue;
    }
    let value: unknown;
    try {
      value = kubernetesValue(document);
    } catch (error) {
      const { offset } = error as Partial<YamlValueError>;
      const message = `${where}: ${(error as Error).message}`;
      unread.push({ file, ...(offset === undefined ? { line, message } : atOffset(lineCounter, offset, message)) });
      continue;
    }
    // A template that renders to nothing leaves a document of comments only, which kubectl skips.
    if (value === null || value === undefined) continue;
    for (const item of listItems(value)) {
      const at = item.index === undefined ? [] : ["items", item.index];
      const itemLine = item.index === undefined ? line : lineOf((document.getIn(at, true) as { range?: number[] } | undefined)?.range?.[0] ?? 0);
      const place = item.index === undefined ? where : `${where}, item ${item.index + 1}`;
      if ("problem" in item) {
        const fieldLine = item.path && item.path.length > 0 ? writtenLine(document, [...at, ...item.path], lineCounter) : undefined;
        notObjects.push({ file, line: fieldLine ?? itemLine, message: `${place}: ${item.problem}` });
        if (item.refused) refusedObjects++;
      } else {
        const removed = removedVersion(item.object);
        if (removed) notObjects.push({ file, line: writtenLine(document, [...at, "apiVersion"], lineCounter) ?? itemLine, message: `${place}: ${removed}` });
        found.push({ manifest: item.object, line: itemLine, document, at, lineCounter });
      }
    }
  }
  const holdsObjects = found.length > 0 || refusedObjects > 0;
  if (reading !== "beside" || holdsObjects) problems.push(...unread);
  if (reading === "named" || holdsObjects) problems.push(...notObjects);
  if (reading === "named" && found.length === 0 && unread.length === 0 && notObjects.length === 0)
    problems.push({ file, message: "holds no Kubernetes object: kubectl would apply nothing (did the command that wrote it fail?)" });
  return found;
}

/**
 * The text with the versions of each CustomResourceDefinition written in block style left out (`versions: []`, its
 * lines kept empty, so that every line keeps its number): they hold the resource's OpenAPI schemas, megabytes that no
 * policy reads (an install of Argo Workflows writes 8 CRDs of 2.8 MB, whose parsing took 9 of its 10 seconds). A CRD
 * is found by its top-level `apiVersion: apiextensions.k8s.io/...` and `kind: CustomResourceDefinition`, its versions
 * under its top-level `spec:`; a CRD written otherwise is parsed whole.
 */
export function withCrdSchemasLeftOut(text: string): string {
  if (!text.includes("CustomResourceDefinition")) return text;
  return text
    .split(/^(?=---(?:[ \t#\r]|$))/m)
    .map((document) => {
      if (!/^kind:[ \t]*(["']?)CustomResourceDefinition\1[ \t]*(?:#.*)?\r?$/m.test(document)) return document;
      if (!/^apiVersion:[ \t]*["']?apiextensions\.k8s\.io\//m.test(document)) return document;
      const lines = document.split("\n");
      const spec = lines.findIndex((line) => /^spec:[ \t]*(?:#.*)?\r?$/.test(line));
      if (spec === -1) return document;
      const indentOf = (line: string) => line.length - line.trimStart().length;
      const isContent = (line: string) => line.trim() !== "" && !line.trimStart().startsWith("#");
      const firstChild = lines.slice(spec + 1).find(isContent);
      if (firstChild === undefined || indentOf(firstChild) === 0) return document;
      const indent = indentOf(firstChild);
      let at = spec + 1;
      for (; at < lines.length; at++) {
        const line = lines[at]!;
        if (!isContent(line)) continue;
        if (indentOf(line) < indent) return document;
        if (indentOf(line) === indent && /^versions:[ \t]*(?:#.*)?\r?$/.test(line.slice(indent))) break;
      }
      if (at === lines.length) return document;
      lines[at] = `${" ".repeat(indent)}versions: []`;
      // The value: lines more indented than the key, and a sequence written at the key's indentation.
      for (let next = at + 1; next < lines.length; next++) {
        const line = lines[next]!;
        if (isContent(line) && (indentOf(line) < indent || (indentOf(line) === indent && !line.slice(indent).startsWith("-")))) break;
        lines[next] = "";
      }
      return lines.join("\n");
    })
    .join("");
}

/** An object read from a file, and the API group of its apiVersion ("" for the core group). */
interface ManifestObject {
  readonly resource: TfResource;
  readonly group: string;
}

function manifestObjects(
  stack: string,
  file: string,
  text: string,
  { namespace, forced }: { readonly namespace: string; readonly forced: boolean },
  problems: InputProblem[],
  reading: ManifestReading,
): ManifestObject[] {
  return writtenObjects(file, text, problems, reading).flatMap(({ manifest, line, document, at, lineCounter }) => {
    const placed = placedIn(forced && isMap(manifest.metadata) ? { ...manifest, metadata: { ...manifest.metadata, namespace: "" } } : manifest, namespace);
    const metadata = isMap(placed.metadata) ? placed.metadata : {};
    // `kubectl create` names an object that gives only generateName with that prefix and a random suffix; one without
    // either is refused by the API server. Each is an object of its own, named by where it is written.
    const name =
      typeof metadata.name === "string"
        ? metadata.name
        : typeof metadata.generateName === "string"
          ? `${metadata.generateName}(generated, ${file}:${line})`
          : `(unnamed, ${file}:${line})`;
    const address = [placed.kind, ...(typeof metadata.namespace === "string" ? [metadata.namespace] : []), name].join("/");
    const typed = asTypedResource({
      address,
      mode: "managed",
      type: "kubernetes_manifest",
      name,
      values: { manifest: placed },
      provider: "kubernetes",
      stack,
      file,
      line,
      written: (typedPath) => {
        const { path, names } = writtenManifestPath(manifest, typedPath);
        const inDocument = [...at, ...path];
        const textLine = literalBlockTextLine(document, inDocument, lineCounter);
        return { path: pathText(path), line: writtenLine(document, inDocument, lineCounter) ?? line, ...(textLine ? { textLine } : {}), names };
      },
    });
    const group = groupOf(String(manifest.apiVersion));
    return [{ resource: typed, group }, ...operatorMade(typed).map((service) => ({ resource: service, group: "" }))];
  });
}
