import type { DecodedText } from "../inputs/text-sources";
import type { ResourceGraph } from "./graph";
import type { BlockMode } from "../lib/values";

/** A value an operator takes from a setting of its own that is not known here, and why (its configuration is elsewhere). */
export interface NotKnownHere {
  readonly unknown: string;
}

/**
 * The fields of the security context an operator gives a container, as the policies name them; a field it leaves out
 * stays unset. A string is a value known only at apply: the expression it depends on (a version given by a variable).
 */
export interface GivenSecurityContext {
  readonly allow_privilege_escalation?: boolean | string | NotKnownHere;
  readonly privileged?: boolean | string | NotKnownHere;
  readonly read_only_root_filesystem?: boolean | string | NotKnownHere;
  readonly run_as_non_root?: boolean | string | NotKnownHere;
  /** capabilities.drop */
  readonly drop?: readonly string[] | string | NotKnownHere;
  /** seccomp_profile.type */
  readonly seccomp_profile?: string | NotKnownHere;
}

/** What an operator fills in the pod templates it completes, where they leave it unset (its main containers' images too). */
export interface OperatorCompletion {
  /** Who fills it, for messages ("Elastic's operator"). */
  readonly operator: string;
  /** Whether it mounts the service account's token where the template says nothing. */
  readonly tokenMounted: boolean;
  /**
   * Set when its pods need the token it mounts, which the object cannot turn off: they call the API for their work
   * (Patroni keeps a PostgreSQL cluster's leader lock there; MinIO's sidecar watches its tenant); or, per pod template
   * in the order they are written (the last for the rest), whether each does (a Zalando cluster's pooler does not).
   */
  readonly tokenNeeded?: true | readonly boolean[];
  /**
   * Which containers it gives a security context: none; those that write none (`unwritten`: a security context written
   * in part is not completed); or those named as its own, whose security context a template's merges with its own.
   */
  readonly containerSecurityContexts: "none" | "unwritten" | readonly string[];
  /** The security context it gives them, per pod template in the order they are written. */
  readonly given: readonly GivenSecurityContext[];
  /**
   * The seccomp profile type it gives a pod whose template writes no security context, or whose security context it
   * sets itself (podSecurityContextFixed) (a string known only at apply: the expression it depends on); undefined: none.
   */
  readonly podSeccompProfile?: string | NotKnownHere;
  /**
   * Set when the object cannot write its pods' security context, which the operator sets: what a container would
   * inherit from it is asked of the container's own (a Crunchy PostgresCluster's added containers).
   */
  readonly podSecurityContextFixed?: true;
  /**
   * Set when the view holds each of its containers' resources as the pods get them: the operator's own from the object's
   * fields or its defaults, the others as written. Only then are their limits judged (an operator whose defaults are
   * not read here, prometheus-operator's, is not judged for them).
   */
  readonly resourcesAsViewed?: true;
  /**
   * Whether it gives a container of this name the limits the template leaves unset, where the template names it to
   * change it (Elastic's own init containers, prometheus-operator's config reloaders): those are the operator's, not
   * judged.
   */
  readonly resourcesGivenTo?: (name: string) => boolean;
  /**
   * The CPU and memory limits it gives a container (not an init container) that leaves one unset, each its setting's
   * value (empty: none), or why that is not known here; per pod template in the order they are written (the last for
   * the rest), as `given`.
   */
  readonly defaultLimits?: readonly (DefaultLimits | NotKnownHere)[];
  /**
   * What it gives, read from its own configuration or another object where this configuration holds it
   * (ResourceGraph.resolved sets it over the rest): Zalando's spilo_privileged, default_cpu_limit and the like, the
   * security context of the CloudNativePG Cluster a Pooler serves.
   */
  readonly bySettings?: (graph: ResourceGraph) => Partial<Pick<OperatorCompletion, "given" | "defaultLimits" | "podSeccompProfile">>;
}

/** The default CPU and memory limits an operator gives (OperatorCompletion.defaultLimits). */
export interface DefaultLimits {
  readonly cpu: DefaultLimit;
  readonly memory: DefaultLimit;
}

/** A default limit an operator gives, and the setting it comes from, for a message. */
export interface DefaultLimit {
  readonly value: unknown;
  readonly from: string;
}

/** One resource, data source or ephemeral resource of a Terraform configuration, whatever form it was read from. */
export interface TfResource {
  /** Terraform address: `type.name`, `data.type.name`, `ephemeral.type.name`, with `module.x.` in front inside a module. */
  readonly address: string;
  readonly mode: BlockMode;
  readonly type: string;
  readonly name: string;
  /**
   * The arguments as written. Nested blocks may be objects or arrays of objects (read them with `blocks()`); a value
   * not known before apply is an interpolation string such as "${openstack_networking_port_v2.x.id}".
   */
  readonly values: Readonly<Record<string, unknown>>;
  /** Provider short name, such as "openstack" or "kubernetes". */
  readonly provider: string;
  /** The stack (cdktf.out) or configuration the resource belongs to. */
  readonly stack: string;
  /** File it was read from, relative to the working directory. */
  readonly file: string;
  /** Line of the block in that file, when the file has lines to give. */
  readonly line?: number;
  /**
   * The lines of the blocks of the file it was read from, with those of its arguments where the file is in the native
   * syntax (block-lines.ts, argumentLine): a finding points at the argument it names.
   */
  readonly argumentLines?: ReadonlyMap<string, number>;
  /**
   * Set when the values are the policies' typed reading of a Kubernetes object written as a manifest (a
   * kubernetes_manifest, an object of the raw chart): the object is sent as written, without the defaults the provider's
   * typed resources add to what they send.
   */
  readonly fromManifest?: true;
  /**
   * A custom resource read as the workload whose pods it runs (a KEDA ScaledJob, an Argo Rollout or Workflow, a Knative
   * Service), as it is written: the fields of its own (a trigger's connection string, a workflow's parameters) are
   * judged there.
   */
  readonly customResource?: Readonly<Record<string, unknown>>;
  /**
   * The pod templates of a custom resource whose operator completes them, filling some of what they leave unset
   * (Elastic's Elasticsearch, Kibana, Beat...), read as a Deployment whose spec.template lists them: the policies that
   * judge what a pod writes judge them, and what they leave unset only where the operator does not fill it.
   */
  readonly completedPodTemplates?: {
    readonly values: Readonly<Record<string, unknown>>;
    /** What the operator fills where they leave it unset. */
    readonly completion: OperatorCompletion;
  };
  /**
   * The arguments as the configuration writes them, where the policies read another shape (a kubernetes_manifest read
   * as the typed resource of its kind): a reference to the resource (`kubernetes_manifest.b.manifest.metadata.name`)
   * reads them, as Terraform does.
   */
  readonly writtenValues?: Readonly<Record<string, unknown>>;
  /**
   * Where a finding's path is written, for a resource read from a file of another shape than the one the policies judge
   * (a Kubernetes manifest in YAML): the path as the file writes it, and the line of the field or of its nearest
   * written parent; and the names of the policies' reading the file writes otherwise (`allow_privilege_escalation` is
   * `allowPrivilegeEscalation`), which the finding's message takes.
   */
  readonly written?: (path: string) => {
    readonly path: string;
    /** The file the path is written in, where it is not the resource's (a manifest decoded from a file's text: TfResource.textSources). */
    readonly file?: string;
    readonly line?: number;
    /**
     * The line a text the field holds starts on, where the file's lines are the text's one for one (a YAML literal
     * block): a finding at a line of the text (Violation.lineInValue) points at that line of the file.
     */
    readonly textLine?: number;
    readonly names?: ReadonlyMap<string, string>;
  };
  /**
   * Where the value of each argument written as one variable is set, by the argument's path (`data.password`:
   * `var.db_password, set in terraform.tfvars`): a finding on such a value says where to change it.
   */
  readonly valuesFrom?: ReadonlyMap<string, ValueOrigin>;
  /**
   * Where the arguments whose value is a text a function read from a file (`yaml_body = file("app.yaml")`), or what
   * yamldecode or jsondecode gave of one (`manifest = yamldecode(file("app.yaml"))`), are written, by the argument's
   * path: a finding on a field of a manifest points at its line in that file. Asked once the configuration is read.
   */
  readonly textSources?: ReadonlyMap<string, () => DecodedText | undefined>;
  /**
   * What each value not known here that reads a part of a local or of an iterator's element is read from, by the
   * value's path (`spec[0].container[0].security_context[0].privileged`: `${var.priv}` for `${local.sc.privileged}`,
   * where `sc = { privileged = var.priv }`): a finding says what it waits on (policies/inputs/read-from.ts).
   */
  readonly readFrom?: ReadonlyMap<string, string>;
  /**
   * The paths of the values whose own evaluation fails with the values given here (`var.eks["image"]` with a default
   * of `{}`: "Invalid index"): terraform plan stops on them. Why each fails is in TfConfiguration.evaluationFailures.
   */
  readonly failingValues?: ReadonlySet<string>;
}

/**
 * Where a block nested in a `terraform` block is written (its backend, its encryption block): the `terraform` block's
 * file and line, and how the lines of what it nests are found, for a finding that names an argument of it.
 */
export interface TerraformBlockPlace {
  readonly file: string;
  readonly line?: number;
  /** The lines of the file's blocks, with those of their arguments (block-lines.ts, argumentLine). */
  readonly argumentLines?: ReadonlyMap<string, number>;
  /** The key of the `terraform` block among them (`terraform`, or its occurrence in the file: `terraform#1`). */
  readonly terraformBlock?: string;
  /** The path of the nested block in it (`encryption`, `backend.s3`, `cloud`), which a finding's path starts from. */
  readonly nestedPath?: string;
}

/** A provider configuration block. */
export interface TfProviderBlock {
  readonly name: string;
  readonly alias?: string;
  readonly values: Readonly<Record<string, unknown>>;
  readonly file: string;
  readonly line?: number;
  /** The lines of its arguments (as TfResource.argumentLines), for the first block of its name in its file: the others share its address. */
  readonly argumentLines?: ReadonlyMap<string, number>;
  /** The instance a block with for_each configures (OpenTofu 1.9+), as its address writes it: `["fr-sbg-1"]`. */
  readonly instance?: string;
}

/** A provider configuration's address: `provider.openstack`, `provider.openstack.by_region["fr-sbg-1"]`. */
export const providerAddress = ({ name, alias, instance }: Pick<TfProviderBlock, "name" | "alias" | "instance">): string =>
  `provider.${name}${alias ? `.${alias}` : ""}${instance ?? ""}`;

/** One Terraform configuration: a cdktf stack, a folder of .tf/.tf.json files, or a plan. */
export interface TfConfiguration {
  readonly stack: string;
  readonly files: readonly string[];
  readonly resources: readonly TfResource[];
  readonly providers: readonly TfProviderBlock[];
  /**
   * The backend; undefined when none is declared (Terraform then keeps a local state); "unknown" when the input does
   * not record it (a plan).
   */
  readonly backend?: (TerraformBlockPlace & { readonly type: string; readonly values: Readonly<Record<string, unknown>> }) | "unknown";
  /**
   * The module calls whose source is not a local folder (a registry, Git, an archive): what they declare was not read.
   * Absent when there are none.
   */
  readonly externalModules?: readonly { readonly address: string; readonly source: string; readonly file: string; readonly line?: number }[];
  /** OpenTofu's `terraform.encryption` block as written; undefined when absent, "unknown" when the input does not record it (a plan). */
  readonly encryption?: Readonly<Record<string, unknown>> | "unknown";
  /** Where the `terraform` block that holds the encryption block is written. */
  readonly encryptionAt?: TerraformBlockPlace;
  /**
   * Where the root module's first `terraform` block is written (files in name order): a finding on a backend or an
   * encryption block that is not there points at it, where one would be added. Absent when the module writes none.
   */
  readonly terraformAt?: { readonly file: string; readonly line?: number };
  /**
   * The root module's variables that declare a default, as written, where they are declared: a default is written in
   * the configuration whatever value a deployment gives. Absent when none does.
   */
  readonly variableDefaults?: readonly { readonly name: string; readonly value: unknown; readonly file: string; readonly line?: number }[];
  /**
   * The provider version constraints its modules write (`terraform.required_providers`), the root's and every local
   * module's: Terraform installs a version that meets them all. Absent when none is written.
   */
  readonly providerRequirements?: readonly ProviderRequirement[];
  /**
   * A module judged alone: a folder found in a repository that declares no backend, no state encryption and no provider,
   * holds no dependency lock file, and that no folder beside it calls (a module published for others to call, or one that Terragrunt calls). Its
   * resources are judged with its variables' defaults; where its state lives is its caller's choice, so the policies on
   * a root module's own blocks (rootModulePolicy) do not judge it.
   */
  readonly moduleAlone?: true;
  /**
   * Kubernetes manifests (YAML that kubectl or Helm applies), not Terraform: there is no root module, so the policies
   * on a root module's own blocks (rootModulePolicy) do not judge them.
   */
  readonly manifests?: true;
  /**
   * Folders of another tool's sources beside a repository's Terraform, left to it: a Helm chart, a Kustomize folder,
   * each with the command that renders what it applies.
   */
  readonly leftToTheirTools?: readonly InputProblem[];
  /**
   * The resources and module calls whose count, for_each or lifecycle.enabled makes no instance with the values given
   * (`count = var.enabled ? 1 : 0`), by address: Terraform creates none of them, so no policy judged them.
   */
  readonly leftOutByCount?: readonly string[];
  /**
   * The variables given no value, as references from the root (`var.network_id`, `module.db.var.password`): a root
   * module's with no default that no tfvars file, --var, --var-file or TF_VAR_ sets, which `terraform plan` asks for,
   * and a module's input its caller gives from these alone; and the locals and called modules' outputs whose value
   * waits on them alone, known values beside (`local.rules`, `module.cfg.output.config`: waitingName). What depends on
   * them is known at plan, not here.
   */
  readonly givenNoValue?: readonly string[];
  /**
   * The files its functions read that are not there (`file("config.yml")` beside a `config.yml.sample`): terraform plan
   * stops on each, and what depends on them is not known here.
   */
  readonly filesNotHere?: readonly string[];
  /**
   * The locals, called modules' outputs and module inputs whose value waits on one of those files (`local.config`,
   * `module.cfg.output.config`, `module.groups.var.config`), as givenNoValue names them.
   */
  readonly waitingOnFilesNotHere?: readonly string[];
  /**
   * The locals, called modules' outputs and module inputs whose value waits on data sources, which Terraform reads at plan
   * (when their arguments are known) and the check does not (`local.subnet = cidrsubnet(data.x.y.cidr, 4, 1)`), as
   * givenNoValue names them.
   */
  readonly waitingOnDataSources?: readonly string[];
  /**
   * The locals, called modules' outputs and module inputs whose value waits on the outputs of a module terraform init
   * has not installed here (TfConfiguration.externalModules), as givenNoValue names them.
   */
  readonly waitingOnModulesNotInstalled?: readonly string[];
  /**
   * The locals, called modules' outputs and module inputs whose evaluation fails with the values given here (a key a map
   * lacks, a function refusing its argument), or that wait on one that does, as givenNoValue names them, and the values of
   * resources that fail so themselves (`kubernetes_deployment_v1.app.spec[0].replicas`, TfResource.failingValues):
   * terraform plan stops on such an error, and what depends on them is not known here.
   */
  readonly failingHere?: readonly string[];
  /**
   * The names of failingHere whose own expression names what Terraform refuses (a variable not declared, an attribute
   * the block's schema does not have), which an input problem says: Terraform stops on them, whatever the
   * values given.
   */
  readonly refusedHere?: readonly string[];
  /** Each name of failingHere whose own evaluation failed, with its place and the error: `local.config (main.tf:3: no attribute or key "arn")`. */
  readonly evaluationFailures?: readonly string[];
  /**
   * Where something waits (givenNoValue, waitingOnFilesNotHere, failingHere), the variables, locals and called modules' outputs
   * whose value is known here, as givenNoValue names them: a value that reads them beside what waits (`${var.enabled ?
   * var.cidr : local.fallback}`) waits on no more than that.
   */
  readonly knownHere?: readonly string[];
  /**
   * Where something waits, every variable, local and called module's output the evaluation read, as givenNoValue names
   * them: a name a module's value holds that the module never read is its caller's, in the caller's words of an input
   * known in part (`"${var.base}/24"` given as `cidr`).
   */
  readonly readHere?: readonly string[];
}

/**
 * One provider version constraint, as written in a `required_providers` block; or the version a root module's
 * dependency lock file selects (`locked`), which is the one Terraform installs.
 */
export interface ProviderRequirement {
  /** The provider's local name, such as `openstack` (for a lock file's entry, the type its address ends with). */
  readonly name: string;
  /** Its version constraint, where one is written; a lock file's entry holds one version, an exact constraint. */
  readonly version?: string;
  /** Its source address (`terraform-provider-openstack/openstack`), where one is written (Terraform 0.13+). */
  readonly source?: string;
  readonly file: string;
  readonly line?: number;
  /** Recorded by the dependency lock file (`.terraform.lock.hcl`), not written in a module. */
  readonly locked?: true;
}

/** Input that cannot be checked as written (a file that does not parse, a resource declared twice, a stray block): reported on its own, while everything else is checked. */
/** Where a value written as one variable is set: in words for a finding, and the root module's variable whose default it is, if it is one. */
export interface ValueOrigin {
  /** `var.db_password, set in terraform.tfvars`, `module.db's var.password, given var.db_password, its default (variables.tf:4)`. */
  readonly said: string;
  /** The root module's variable whose default the value is, followed through the module calls that pass it on: `var.db_password`. */
  readonly rootDefault?: string;
}

export interface InputProblem {
  readonly file: string;
  /** The line (1-based) of what the message names, where the file has lines to give. */
  readonly line?: number;
  readonly message: string;
}

/** A place as a message names it: `variables.tf:4`, or the file alone. */
export const placeText = ({ file, line }: { readonly file: string; readonly line?: number }): string => (line === undefined ? file : `${file}:${line}`);

/**
 * The address of an object's earlier copy, where manifests write it twice with different contents: judged apart from
 * the later one, so that its findings point at it, and still the same object to a suppression (objectOfCopy).
 */
export const earlierCopyAddress = (address: string, file: string, line: number | undefined): string => `${address} (first copy, ${file}:${line})`;

/** The object an address names, an earlier copy's included (earlierCopyAddress). */
export const objectOfCopy = (address: string): string => address.replace(/ \(first copy, .*\)$/, "");

/**
 * The address of an object a node's setup writes for K3s, RKE2 or its kubelet to run: the resource's, what writes it
 * (its user_data, or its provisioner), the file's path, and the object's place among those of the file, where it is
 * known (`instance.user_data["/var/lib/.../app.yaml"][0]`, `terraform_data.k3s.provisioner["/var/lib/.../app.yaml"][0]`).
 */
export const autoDeployedAddress = (server: string, writer: "user_data" | "provisioner", path: string, index?: number): string =>
  `${server}.${writer}[${JSON.stringify(path)}]${index === undefined ? "" : `[${index}]`}`;

/**
 * The address of an object a ConfigMap's or a Secret's data holds for a controller to apply (Cluster API's, Sveltos): the holder's, the key
 * (`*` where the data's keys are not known), and the object's place among those of the value, where it is known
 * (`kubernetes_config_map_v1.cni.data["cni.yaml"][0]`).
 */
export const heldObjectAddress = (holder: string, key: string | undefined, index?: number): string =>
  `${holder}.data[${key === undefined ? "*" : JSON.stringify(key)}]${index === undefined ? "" : `[${index}]`}`;

/** Where a resource's block is written, for a note: its file and line (`main.tf:12`), or its file where no line is known. */
export const blockPlace = ({ file, line }: Pick<TfResource, "file" | "line">): string => (line ? `${file}:${line}` : file);

/** The ConfigMap or Secret whose data holds the object at an address (heldObjectAddress), or undefined for any other address. */
export const holdingResource = (address: string): string | undefined => /^(.+)\.data\[(?:\*|"(?:[^"\\]|\\.)*")\](?:\[\d+\])?$/.exec(address)?.[1];

/** The resource whose setup writes the object at an address (autoDeployedAddress), or undefined for any other address. */
export const writingServer = (address: string): string | undefined => /^(.+)\.(?:user_data|provisioner)\["/.exec(address)?.[1];
