import { htmlReporter } from "./html";
import { jsonReporter } from "./json";
import { junitReporter } from "./junit";
import { markdownReporter } from "./markdown";
import type { Reporter } from "./report";
import { sarifReporter } from "./sarif";
import { textReporter } from "./text";

export type { ReportContext, Reporter } from "./report";

export const reporters: Readonly<Record<string, Reporter>> = {
  text: textReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  junit: junitReporter,
  markdown: markdownReporter,
  html: htmlReporter,
};

export const formats = Object.keys(reporters);
