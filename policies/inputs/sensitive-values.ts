/**
 * Sensitive values (developer.hashicorp.com/terraform/language/values/outputs#sensitive): a variable declared
 * `sensitive = true`, an attribute the provider's schema marks sensitive (the OpenStack provider's carried schema: a
 * keypair's private_key, a cluster's kubeconfig, a user's password), `sensitive(...)`, and any value an expression
 * makes of one (a local value, a function's result, a template), unless `nonsensitive` takes the mark off. A root
 * module's output whose value is sensitive must be declared so: Terraform refuses it otherwise at plan ("Output refers
 * to sensitive values", internal/tofu/node_output.go, for root module outputs only). A module's output carries the
 * marks of its value, which is not traced into the module here; declared sensitive, it marks nothing its caller reads
 * (terraform 1.11 plans `module.x.token` into a root output not declared sensitive where the module's output is).
 */
import type { InputProblem } from "../engine/model";
import { literalBool, named } from "../lib/values";
import type { ReferenceSchemas } from "../schema/reference-schemas";
import { type BlockLines, lineOf, withLine } from "./block-lines";
import type { Expression } from "./hcl-expression";
import { builtInName } from "./hcl-functions";
import { ValueSources } from "./value-sources";

interface ModuleFileDocument {
  readonly document: Record<string, unknown>;
  readonly file: string;
  readonly lines?: BlockLines;
}

/** The names a traversal reads from its root variable, an index as 0: `a.b[k].c` as `["a", "b", 0, "c"]`; undefined for any other expression. */
function traversal(part: Expression): (string | number)[] | undefined {
  if (part.kind === "variable") return [part.name];
  if (part.kind === "attribute") return traversal(part.of)?.concat(part.name);
  return part.kind === "index" ? traversal(part.of)?.concat(0) : undefined;
}

/**
 * The sensitive attribute of a resource or a data source a traversal reads (`openstack_compute_keypair_v2.admin.private_key`,
 * `data.openstack_containerinfra_cluster_v1.c.kubeconfig`, an instance's `x[0].private_key`), as a message names it.
 */
function sensitiveAttribute(steps: readonly (string | number)[], schemas: ReferenceSchemas): string | undefined {
  const data = steps[0] === "data";
  const [type, name, ...rest] = data ? steps.slice(1) : steps;
  if (typeof type !== "string" || typeof name !== "string" || !type.includes("_")) return undefined;
  const attribute = rest.find((step): step is string => typeof step === "string");
  if (attribute === undefined || rest.indexOf(attribute) > 1) return undefined;
  const schema = schemas.of(data ? `data.${type}` : type, type.slice(0, type.indexOf("_")));
  return schema?.block.attributes?.[attribute]?.sensitive === true
    ? `${data ? "data." : ""}${type}.${name}.${attribute}, which ${schema.from} marks sensitive`
    : undefined;
}

/** A root module's outputs whose value is sensitive and that are not declared sensitive, as Terraform refuses them. */
export function sensitiveOutputRefusals(files: readonly ModuleFileDocument[], schemas: ReferenceSchemas): InputProblem[] {
  const outputs = files.flatMap(({ document, file, lines }) =>
    [...named(document.output)].filter(([, body]) => literalBool(body.sensitive) !== true).map(([name, body]) => ({ name, body, file, lines })),
  );
  if (outputs.length === 0) return [];
  const variables = new Set(
    files.flatMap(({ document }) => [...named(document.variable)].filter(([, body]) => literalBool(body.sensitive) === true).map(([name]) => name)),
  );
  const sources = new ValueSources(files, {
    mayRead: () => true,
    sourceOf: (part, localSource) => {
      if (part.kind === "call") return builtInName(part.name) === "sensitive" ? "sensitive(...)" : undefined;
      const steps = traversal(part);
      if (!steps || part.kind === "variable") return undefined;
      if (steps[0] === "var" && typeof steps[1] === "string") return variables.has(steps[1]) ? `var.${steps[1]}, declared sensitive` : undefined;
      if (steps[0] === "local" && typeof steps[1] === "string") return localSource(steps[1]);
      return sensitiveAttribute(steps, schemas);
    },
    stopsAt: (part) => part.kind === "call" && ["nonsensitive", "issensitive"].includes(builtInName(part.name)),
  });
  return outputs.flatMap(({ name, body, file, lines }) => {
    const source = sources.sourcesIn(body.value)[0]?.source;
    return source
      ? [
          {
            ...withLine({ file, line: lineOf(lines, `output.${name}`) }),
            message: `output.${name}: its value is sensitive (${source}), and the output is not declared sensitive (sensitive = true): Terraform refuses it in a root module ("Output refers to sensitive values")`,
          },
        ]
      : [];
  });
}
