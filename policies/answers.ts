/**
 * Manual answers to the controls the policies cannot settle (or settle in part): who checked what, when, and with
 * which evidence, recorded in a YAML file of the repository (compliance/answers.yaml) and shown in the reports' framework
 * view. An answer older than a year is stale: the frameworks ask for yearly reviews (SecNumCloud 13.1.b, 9.4).
 */
import { addDays } from "../lib/dates";

/** One manual answer: who checked which control of which framework, when, what they found and the evidence. */
export interface Answer {
  /** The region whose check it is: it answers for that region's runs only. */
  readonly region: string;
  readonly framework: string;
  readonly control: string;
  readonly answeredBy: string;
  readonly date: string;
  readonly evidence: string;
  readonly statement: string;
}

/** An answer's state on a day: current, or stale when more than a year old. */
export const answerState = (answer: Answer, today: string): "current" | "stale" => (addDays(answer.date, 365) < today ? "stale" : "current");
