import * as z from "zod";
import { closest } from "./did-you-mean";
import type { ConfigIssue } from "./issues";
import type { YamlSource } from "./yaml-source";

/**
 * How a YAML document of ours is checked against its schema: with each issue's input, for the messages, and without
 * zod's compiled fast path, which compiles a parser per object schema with new Function (zod/v4/core/schemas.js,
 * $ZodObjectJIT): worth it for a schema parsed many times, a cost for one parsed once per run, as every one of ours.
 */
export const yamlParseOptions = { reportInput: true, jitless: true } as const;

const show = (value: unknown): string => {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

const article = (type: string): string => (type === "array" ? "a list" : type === "object" ? "a mapping" : `a ${type}`);

type SchemaNode = { properties?: Record<string, SchemaNode>; items?: SchemaNode; anyOf?: SchemaNode[] };

/** The keys the schema allows at `path`, for "did you mean" hints. */
export function allowedKeysAt(schema: SchemaNode, path: readonly (string | number)[]): string[] {
  let node: SchemaNode | undefined = schema;
  for (const segment of path) {
    node = typeof segment === "number" ? node?.items : node?.properties?.[segment];
    node = node?.anyOf?.find((option) => option.properties || option.items) ?? node;
  }
  return Object.keys(node?.properties ?? {});
}

/** Turns zod's issues into messages for the region's infra team, located in the YAML file. */
export function toConfigIssues(issues: readonly z.core.$ZodIssue[], source: YamlSource, schema: z.ZodType): ConfigIssue[] {
  let jsonSchema: SchemaNode | undefined;
  const keysAt = (path: readonly (string | number)[]): string[] => {
    jsonSchema ??= z.toJSONSchema(schema, { io: "input" }) as SchemaNode;
    return allowedKeysAt(jsonSchema, path);
  };
  return issues.flatMap((issue): ConfigIssue[] => {
    const path = issue.path.filter((part): part is string | number => typeof part !== "symbol");
    const input = (issue as { input?: unknown }).input;
    switch (issue.code) {
      case "unrecognized_keys": {
        const allowed = keysAt(path);
        return issue.keys.map((key) => {
          const hint = closest(key, allowed);
          const expected = hint ? `did you mean "${hint}"?` : `expected one of: ${allowed.join(", ")}`;
          return source.issueAt([...path, key], `unknown key "${key}"; ${expected}`, { onKey: true });
        });
      }
      case "invalid_type":
        return [
          source.issueAt(
            path,
            input === undefined
              ? // A schema's own message says what to write; zod's default only names the type.
                `required, but missing; ${issue.message.startsWith("Invalid input") ? `expected ${article(issue.expected)}` : issue.message}`
              : `expected ${article(issue.expected)}, got ${show(input)}`,
          ),
        ];
      case "invalid_value":
        return [source.issueAt(path, `expected one of ${issue.values.map((v) => show(v)).join(", ")}, got ${show(input)}`)];
      default: {
        const message = issue.message.replace(/^Too small: expected (\w+) to have >=(\d+) items?$/, "expected at least $2 item(s)");
        return [source.issueAt(path, input === undefined || typeof input === "object" ? message : `${message}, got ${show(input)}`)];
      }
    }
  });
}
