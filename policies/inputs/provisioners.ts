/**
 * What Terraform refuses in a resource's provisioners before it plans: a provisioner Terraform 0.15 removed (chef,
 * habitat, puppet, salt-masterless: "The "chef" provisioner has been removed"), and in one of its own an argument it
 * does not take ("Unsupported argument"), a map or a list written as a block, the form of Terraform 0.11 ("Unsupported
 * block type"), or a required argument not written ("Missing required argument"). The arguments are those of
 * Terraform's built-in provisioners (internal/builtin/provisioners: local-exec, remote-exec, file), beside what every
 * provisioner takes (when, on_failure, a connection block); each refusal checked with terraform validate 1.11.
 */
import { closest } from "../../lib/did-you-mean";
import { provisionersOf, writtenAsBlock } from "../lib/values";

type ArgumentKind = "string" | "bool" | "list" | "map";

const builtIn: Readonly<Record<string, { readonly arguments: Readonly<Record<string, ArgumentKind>>; readonly required: readonly string[] }>> = {
  "local-exec": { arguments: { command: "string", interpreter: "list", working_dir: "string", environment: "map", quiet: "bool" }, required: ["command"] },
  "remote-exec": { arguments: { inline: "list", script: "string", scripts: "list" }, required: [] },
  file: { arguments: { source: "string", content: "string", destination: "string" }, required: ["destination"] },
};

const everyProvisioner = ["when", "on_failure", "connection"];

const removed = new Set(["chef", "habitat", "puppet", "salt-masterless"]);

/** The refusals of a resource's provisioners, each at its path in the resource (`provisioner.local-exec[0].environment`). */
export function provisionerRefusals(values: Readonly<Record<string, unknown>>): { readonly path: string; readonly message: string }[] {
  return provisionersOf(values).flatMap(({ type, path, body }) => {
    if (removed.has(type)) return [{ path, message: `the "${type}" provisioner was removed in Terraform 0.15 (deprecated since 0.13.4), which refuses it` }];
    const schema = builtIn[type];
    if (!schema) return [];
    const names = [...Object.keys(schema.arguments), ...everyProvisioner];
    const refusals = Object.entries(body).flatMap(([name, value]) => {
      const kind = schema.arguments[name];
      if (kind === "map" || kind === "list")
        return writtenAsBlock(value)
          ? [
              {
                path: `${path}.${name}`,
                message: `${name} is written as a block (${name} { ... }, the form of Terraform 0.11), which Terraform 0.12 and later refuse ("Unsupported block type"): write the argument ${name} = ${kind === "map" ? "{ ... }" : "[ ... ]"}`,
              },
            ]
          : [];
      if (kind !== undefined || everyProvisioner.includes(name)) return [];
      const hint = closest(name, names);
      return [
        {
          path: `${path}.${name}`,
          message: `the ${type} provisioner takes no argument ${name} ("Unsupported argument")${hint ? `: did you mean ${hint}?` : ""}`,
        },
      ];
    });
    const missing = schema.required.filter((name) => body[name] === undefined);
    return [
      ...refusals,
      ...missing.map((name) => ({
        path,
        message: `the ${type} provisioner requires the argument ${name}, which is not written ("Missing required argument")`,
      })),
    ];
  });
}
