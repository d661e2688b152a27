/**
 * Terraform's and OpenTofu's version constraints (`required_providers`, `required_version`): conditions separated by
 * commas, each an operator (`=` or none, `!=`, `>`, `>=`, `<`, `<=`, `~>`) and a version of up to three numbers with an
 * optional prerelease suffix (developer.hashicorp.com/terraform/language/expressions/version-constraints, and OpenTofu's
 * website/docs/language/expressions/version-constraints.mdx). `~>` lets only the rightmost written number grow:
 * `~> 1.0.4` is `>= 1.0.4, < 1.1.0`, `~> 1.1` is `>= 1.1.0, < 2.0.0`. A prerelease is matched by an exact condition only.
 */

type Numbers = readonly [number, number, number];

interface Version {
  readonly numbers: Numbers;
  readonly prerelease: string;
  /** How many numbers were written (1 to 3): `~>` increments the one before the last. */
  readonly written: number;
}

const versionPattern = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;
const conditionPattern = /^(=|!=|>=|<=|>|<|~>)?\s*(\S+)$/;

function parseVersion(text: string): Version | undefined {
  const match = versionPattern.exec(text.trim());
  if (!match) return undefined;
  const written = match.slice(1, 4).filter((part) => part !== undefined).length;
  return { numbers: [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)], prerelease: match[4] ?? "", written };
}

const compareNumbers = (a: Numbers, b: Numbers): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** Semantic versioning's order, for what constraints need: a prerelease comes before its release. */
function compareVersions(a: Version, b: Version): number {
  const byNumbers = compareNumbers(a.numbers, b.numbers);
  if (byNumbers !== 0 || a.prerelease === b.prerelease) return byNumbers;
  if (a.prerelease === "") return 1;
  if (b.prerelease === "") return -1;
  return a.prerelease < b.prerelease ? -1 : 1;
}

interface Condition {
  readonly operator: "=" | "!=" | ">" | ">=" | "<" | "<=" | "~>";
  readonly bound: Version;
}

/** A constraint's conditions; undefined when one of them cannot be read. */
function conditionsOf(constraint: string): Condition[] | undefined {
  const conditions: Condition[] = [];
  for (const part of constraint.split(",")) {
    const match = conditionPattern.exec(part.trim());
    const bound = match ? parseVersion(match[2]!) : undefined;
    if (!match || !bound) return undefined;
    conditions.push({ operator: (match[1] ?? "=") as Condition["operator"], bound });
  }
  return conditions;
}

/** Whether `version` (such as "3.4.0") meets every condition of `constraint`; undefined when the constraint cannot be read. */
export function allowsVersion(constraint: string, version: string): boolean | undefined {
  const candidate = parseVersion(version);
  const conditions = conditionsOf(constraint);
  if (!candidate || !conditions) return undefined;
  let allowed = true;
  for (const { operator, bound } of conditions) {
    const order = compareVersions(candidate, bound);
    if (operator === "=") allowed &&= order === 0;
    else if (operator === "!=") allowed &&= order !== 0;
    else if (candidate.prerelease !== "") allowed = false;
    else if (operator === ">") allowed &&= order > 0;
    else if (operator === ">=") allowed &&= order >= 0;
    else if (operator === "<") allowed &&= order < 0;
    else if (operator === "<=") allowed &&= order <= 0;
    else allowed &&= order >= 0 && compareNumbers(candidate.numbers, pessimisticCeiling(bound)) < 0;
  }
  return allowed;
}

/** The first version `~> bound` excludes: the number before the last written one, plus one. */
function pessimisticCeiling(bound: Version): Numbers {
  const [major, minor] = bound.numbers;
  if (bound.written === 3) return [major, minor + 1, 0];
  return [major + 1, 0, 0];
}

/**
 * Whether a constraint admits no version from `floor` up, by one of its conditions alone (an upper bound below the
 * floor: `< 0.12`, `~> 0.11.0`, `= 0.11.14`); false where it cannot be read or some condition might admit one.
 */
export function admitsNoneFrom(constraint: string, floor: string): boolean {
  const lowest = parseVersion(floor);
  const conditions = conditionsOf(constraint);
  if (!lowest || !conditions) return false;
  return conditions.some(({ operator, bound }) => {
    const order = compareVersions(bound, lowest);
    if (operator === "=" || operator === "<=") return order < 0;
    if (operator === "<") return order <= 0;
    if (operator === "~>") return compareNumbers(pessimisticCeiling(bound), lowest.numbers) <= 0;
    return false;
  });
}
