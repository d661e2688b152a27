// The command line's documentation and option definitions, in one table. It imports nothing, so `eds --help` and
// argument errors cost no more than reading this file.

export const reportFormats = ["text", "json", "sarif", "junit", "markdown", "html"] as const;

export interface OptionHelp {
  readonly type: "string" | "boolean";
  readonly multiple?: boolean;
  readonly short?: string;
  /** Placeholder of the value in the synopsis, such as <file>. */
  readonly value?: string;
  readonly description: string;
}

export interface CommandHelp {
  /** Positional arguments, as written in the synopsis. */
  readonly arguments?: string;
  readonly summary: string;
  readonly options: Readonly<Record<string, OptionHelp>>;
  readonly examples: readonly string[];
}

const envOption: OptionHelp = {
  type: "string",
  multiple: true,
  value: "<region|file>",
  description: "a region id (environments/<id>.yaml) or an environment file; repeat for several regions",
};

export const commandHelp = {
  synth: {
    summary: "validate the environments, synthesize each region's stacks, run every policy on them",
    options: {
      env: { ...envOption, description: `${envOption.description} (default: the default region)` },
      all: { type: "boolean", description: "every region of environments/" },
      out: {
        type: "string",
        value: "<dir>",
        description: "output folder, replaced only when everything succeeded; a folder of other files is refused (default: cdktf.out)",
      },
      "local-state": { type: "boolean", description: "keep the (still encrypted) Terraform state in a local file, for trying things out" },
    },
    examples: ["eds synth", "eds synth --env bretagne --out /tmp/bretagne.out", "eds synth --all"],
  },
  check: {
    arguments: "<path>...",
    summary:
      "run the policies on Terraform: a cdktf.out folder, a stack folder, cdk.tf.json, .tf or .tf.json files (and OpenTofu's .tofu and .tofu.json), a folder of root modules, a plan in JSON; variables, locals, count, for_each, dynamic blocks and local modules are evaluated as Terraform would before plan. Kubernetes manifests too: .yaml files, a folder of them, or - for the standard input (helm template's output). Each path is judged as a configuration of its own, as each Terraform root module is: give the folder of manifests that are applied together (a namespace and its NetworkPolicies in two files)",
    options: {
      format: { type: "string", value: `<${reportFormats.join("|")}>`, description: "report format (default: text)" },
      output: { type: "string", value: "<file>", description: "write the report to this file instead of the standard output" },
      settings: { type: "string", value: "<file.yaml>", description: "policy settings for input synthesized elsewhere (allowed registries, exceptions, ...)" },
      env: { type: "string", value: "<region|file>", description: "use a region's settings and exceptions for input that does not carry its own" },
      pack: { type: "string", multiple: true, value: "<name>", description: "only the policies of this pack; repeat for several" },
      answers: { type: "string", value: "<file.yaml>", description: "manual answers for the HTML report's framework view (default: compliance/answers.yaml)" },
      "var-file": {
        type: "string",
        multiple: true,
        value: "<file.tfvars>",
        description: "values for the root modules' variables, after terraform.tfvars and *.auto.tfvars; repeat for several (with --var, the later wins)",
      },
      var: {
        type: "string",
        multiple: true,
        value: "<name=value>",
        description: "a value for a root module's variable, like terraform -var; repeat for several (with --var-file, the later wins)",
      },
      strict: {
        type: "boolean",
        description:
          "a mandatory policy that cannot evaluate a value (known only at apply) fails, instead of reporting it as not evaluable; so does a source left to another tool (a chart, a Kustomize folder, a Terragrunt unit, a Heat template) or a file that could not be used (a link that leads nowhere), as input not checked (exit 2): name the folders to check, and check what the sources render apart",
      },
      namespace: {
        type: "string",
        value: "<name>",
        description: "the namespace Kubernetes manifests are applied in, like kubectl -n: where an object that names none is created (default: default)",
      },
    },
    examples: [
      "eds check cdktf.out",
      "eds check ./infra --var-file prod.tfvars --strict",
      "eds check cdktf.out/stacks/bretagne-platform --format sarif --output eds.sarif",
      "eds check ./terraform --settings policy-settings.yaml",
      "helm template traefik ./charts/traefik --namespace entrance | eds check - --namespace entrance",
    ],
  },
  policies: {
    summary: "list every policy with its packs and framework references",
    options: { format: { type: "string", value: "<text|markdown>", description: "output format (default: text)" } },
    examples: ["eds policies", "eds policies --format markdown > policies/CATALOGUE.md"],
  },
  "new-region": {
    summary: "write environments/<id>.yaml on the national addressing plan, with placeholders for what a person decides",
    options: {
      id: { type: "string", value: "<id>", description: "the new region's id (lower-case words joined by hyphens)" },
      name: { type: "string", value: "<display name>", description: "the region's name as people write it" },
      from: { type: "string", value: "<region>", description: "the region to clone (default: the built-in template)" },
      provider: { type: "string", value: "<profile>", description: "a provider profile of environments/providers/" },
    },
    examples: ['eds new-region --id occitanie --name "Occitanie" --from nouvelle-aquitaine'],
  },
  diff: {
    arguments: "<region-a> <region-b>",
    summary: "how two regions differ (configuration and resources), beyond their names and address plans",
    options: {},
    examples: ["eds diff nouvelle-aquitaine bretagne"],
  },
  report: {
    arguments: "[<path>...]",
    summary: "the evidence bundle for an audit: every report, the configuration, the environment files, commit, version and a SHA-256 manifest, in one archive",
    options: {
      bundle: { type: "string", value: "<file.tar.gz>", description: "where to write the archive (required)" },
    },
    examples: ["eds report cdktf.out --bundle evidence-2026-11-29.tar.gz", "tar -xzf evidence.tar.gz && sha256sum -c MANIFEST.sha256"],
  },
  flows: {
    arguments: "[<path>...]",
    summary: "who can reach what: the needed flows proved possible and the forbidden ones impossible, through every security group and NetworkPolicy",
    options: {
      format: { type: "string", value: "<text|json|markdown|svg>", description: "output format (default: text); svg draws the region's zones and flows" },
      output: { type: "string", value: "<file>", description: "write the result to this file instead of the standard output" },
      all: { type: "boolean", description: "list every flow, not only the violated and the unknown ones (text)" },
    },
    examples: [
      "eds flows",
      "eds flows cdktf.out --format markdown --output flows.md",
      "eds flows cdktf.out/stacks/bretagne-platform cdktf.out/stacks/bretagne-foundation --format svg --output bretagne.svg",
    ],
  },
  "restore-drill": {
    summary: "print the restore drill of a region: volumes with Velero, the warehouse from its WAL archive, compare, record",
    options: { env: { type: "string", value: "<region|file>", description: "the region (default: the default region)" } },
    examples: ["eds restore-drill --env bretagne > drill.md"],
  },
  transparency: {
    summary: "the public site for patients and researchers: databases and projects in French and English, how to object, a DCAT-AP catalogue",
    options: {
      env: { type: "string", value: "<region|file>", description: "the region (default: the default region)" },
      all: { type: "boolean", description: "the national directory of every region of environments/ (with environments/directory.yaml)" },
      out: { type: "string", value: "<dir>", description: "the folder to write the site into, replaced only when the whole site is written (required)" },
    },
    examples: ["eds transparency --out site", "eds transparency --env bretagne --out /tmp/bretagne-site", "eds transparency --all --out annuaire"],
  },
  "plan-summary": {
    arguments: "<plan.json>...",
    summary: "a Markdown summary of Terraform plans for reviewers, destroys of data-bearing resources first",
    options: {},
    examples: ["tofu show -json plan.out > plan.json && eds plan-summary plan.json"],
  },
} satisfies Record<string, CommandHelp>;

export type CommandName = keyof typeof commandHelp;

export const isCommand = (name: string): name is CommandName => Object.hasOwn(commandHelp, name);

const helpOption: OptionHelp = { type: "boolean", short: "h", description: "show this help" };

const synopsisOf = (name: string, help: CommandHelp): string =>
  [
    `eds ${name}`,
    help.arguments,
    ...Object.entries(help.options).map(([flag, option]) => `[--${flag}${option.value ? ` ${option.value}` : ""}]${option.multiple ? "..." : ""}`),
  ]
    .filter(Boolean)
    .join(" ");

/** The whole command line, for `eds --help`. */
export function usage(): string {
  const width = Math.max(...Object.keys(commandHelp).map((name) => name.length));
  return [
    "usage: eds <command> [options]          (eds help <command> for its options and examples; eds --version)",
    "",
    "commands:",
    ...Object.entries(commandHelp).map(([name, help]) => `  ${name.padEnd(width)}  ${help.summary}`),
    "",
    "exit codes: 0 fine, 1 a mandatory policy failed, 2 bad input or usage, 3 internal error (EDS_DEBUG=1 shows details)",
  ].join("\n");
}

/** One command's synopsis, options and examples, for `eds help <command>` and `eds <command> --help`. */
export function usageOf(name: CommandName): string {
  const help: CommandHelp = commandHelp[name];
  const options = { ...help.options, help: helpOption };
  const width = Math.max(...Object.entries(options).map(([flag, option]) => `--${flag} ${option.value ?? ""}`.length));
  return [
    `usage: ${synopsisOf(name, help)}`,
    "",
    help.summary,
    "",
    "options:",
    ...Object.entries(options).map(([flag, option]) => `  ${`--${flag} ${option.value ?? ""}`.padEnd(width)}  ${option.description}`),
    "",
    "examples:",
    ...help.examples.map((example) => `  ${example}`),
  ].join("\n");
}
