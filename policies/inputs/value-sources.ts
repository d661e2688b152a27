import { blocks, templateStrings } from "../lib/values";
import { type Expression, parseTemplate, someExpression } from "./hcl-expression";

/** A file of a module, as read: its document. */
interface ModuleDocument {
  readonly document: Record<string, unknown>;
  readonly file: string;
}

/** A template of a written value, parsed, with where it sits in the value (`["rule", 0, "cidr"]`). */
export interface PlacedTemplate {
  readonly expression: Expression;
  readonly segments: readonly (string | number)[];
}

/** How the values of one kind are found in expressions: ephemeral values, sensitive values. */
export interface SourceKind {
  /** Whether a template's text may read such a value (a cheap test before parsing it). */
  mayRead(text: string): boolean;
  /**
   * The value of the kind a part of an expression reads, as a message names it, or undefined; `localSource` gives
   * what a local value reads, as `local.name, from <its source>`.
   */
  sourceOf(part: Expression, localSource: (name: string) => string | undefined): string | undefined;
  /** A part whose value is none of the kind whatever it reads (`ephemeralasnull(...)`, `nonsensitive(...)`). */
  stopsAt(part: Expression): boolean;
}

/**
 * The values of a kind a module's written values read, through its local values: Terraform carries the mark of an
 * ephemeral or a sensitive value through every expression made of it (a function's result, a template, a local).
 */
export class ValueSources {
  private readonly parsed = new Map<string, Expression | undefined>();
  private readonly localSources = new Map<string, string | undefined>();
  /** Each local value of the module, by its name: its written body and its file. */
  readonly localBodies: ReadonlyMap<string, { readonly body: unknown; readonly file: string }>;

  constructor(
    files: readonly ModuleDocument[],
    private readonly kind: SourceKind,
  ) {
    this.localBodies = new Map(
      files.flatMap(({ document, file }) =>
        blocks(document.locals).flatMap((locals) => Object.entries(locals).map(([name, body]) => [name, { body, file }] as const)),
      ),
    );
  }

  /** The templates of a written value that `mayRead` lets through, parsed; one Terraform cannot read is reported where it is evaluated. */
  templatesIn(value: unknown, mayRead: (text: string) => boolean): PlacedTemplate[] {
    const texts = typeof value === "string" ? [{ text: value, segments: [] }] : value !== null && typeof value === "object" ? templateStrings(value) : [];
    return texts.flatMap(({ text, segments }) => {
      const expression = mayRead(text) ? this.expressionOf(text) : undefined;
      return expression ? [{ expression, segments }] : [];
    });
  }

  /** Each template of a written value that reads a value of the kind, with the first it reads. */
  sourcesIn(value: unknown): { source: string; segments: readonly (string | number)[] }[] {
    return this.templatesIn(value, (text) => this.kind.mayRead(text)).flatMap(({ expression, segments }) => {
      let source: string | undefined;
      someExpression(
        expression,
        (part) => {
          source = this.kind.sourceOf(part, (name) => this.localSource(name));
          return source !== undefined;
        },
        (part) => this.kind.stopsAt(part),
      );
      return source === undefined ? [] : [{ source, segments }];
    });
  }

  /** What a local value reads of the kind, named through it (`local.pw, from var.password`). */
  private localSource(name: string): string | undefined {
    if (this.localSources.has(name)) return this.localSources.get(name);
    // A local that reads itself reads nothing more: Terraform refuses the cycle, where it is evaluated.
    this.localSources.set(name, undefined);
    const read = this.sourcesIn(this.localBodies.get(name)?.body)[0]?.source;
    const source = read && `local.${name}, from ${read.replace(/^local\.[^,]*, from /, "")}`;
    this.localSources.set(name, source);
    return source;
  }

  private expressionOf(text: string): Expression | undefined {
    if (!this.parsed.has(text))
      try {
        this.parsed.set(text, parseTemplate(text));
      } catch {
        this.parsed.set(text, undefined);
      }
    return this.parsed.get(text);
  }
}
