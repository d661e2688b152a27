/**
 * Text Terraform must pass on as written. Terraform reads every string of a configuration as a template, so a shell
 * script's `${reason}` would be an interpolation (and `${#reason}` a syntax error that stops the apply); `$${` and `%%{`
 * are its escapes (developer.hashicorp.com/terraform/language/expressions/strings, "Escape Sequences").
 */
export const terraformLiteral = (text: string): string => text.replace(/([$%])\{/g, (_, sigil: string) => `${sigil}${sigil}{`);

/** The text Terraform gives of a literal written in a configuration: its escapes `$${` and `%%{` read (terraformLiteral's inverse). */
export const literalText = (written: string): string => written.replace(/([$%])\1\{/g, "$1{");

/**
 * Whether a string of a Terraform configuration holds an interpolation or a directive: `${` not escaped as `$${`, or `%{`
 * not escaped as `%%{` (`%${x}` interpolates, `$%{` opens a directive).
 */
export const isTerraformTemplate = (text: string): boolean => /(^|[^$])\$\{|(^|[^%])%\{/.test(text);

/** A number as Terraform reads one written as text ("22", "+22", ".5", "5.", "1e3": go-cty's ParseNumberVal), else undefined. */
export const numberFromText = (text: string): number | undefined => (/^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(text) ? Number(text) : undefined);

/**
 * A value in Terraform JSON form, to be read as written: every string, and every object key (a template too), with
 * its `${` and `%{` escaped.
 */
export const terraformLiteralValue = (value: unknown): unknown =>
  typeof value === "string"
    ? terraformLiteral(value)
    : Array.isArray(value)
      ? value.map(terraformLiteralValue)
      : value !== null && typeof value === "object"
        ? Object.fromEntries(Object.entries(value).map(([key, item]) => [terraformLiteral(key), terraformLiteralValue(item)]))
        : value;
