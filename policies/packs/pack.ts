import type { EnforcementLevel, FrameworkId } from "../engine/policy";

/**
 * A framework pack: the framework's identity and the titles of the controls our policies cite. Which policies belong
 * to the pack is not listed here: it follows from the policies' own references, so the citation lives in one place.
 */
export interface Pack {
  readonly id: FrameworkId;
  readonly title: string;
  readonly version: string;
  /** Who publishes the framework and where to read it. */
  readonly source: string;
  /** Section → short paraphrase of the control. Every section a policy cites must be here. */
  readonly controls: Readonly<Record<string, string>>;
  /** Levels this pack sets for some policies, instead of their default. */
  readonly levels?: Readonly<Record<string, Exclude<EnforcementLevel, "remediate">>>;
}
