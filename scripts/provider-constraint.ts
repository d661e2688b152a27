import { readFileSync } from "node:fs";

const cdktfJson = new URL("../cdktf.json", import.meta.url);

/** The OpenStack provider the project is built against, as cdktf.json declares it (`<namespace>/<name>@<constraint>`). */
export function openstackProvider(): { source: string; name: string; constraint: string; outputDir: string } {
  const { codeMakerOutput, terraformProviders } = JSON.parse(readFileSync(cdktfJson, "utf8")) as { codeMakerOutput: string; terraformProviders: string[] };
  const match = /^((?:[^/]+\/)?([^@/]+))@(.+)$/.exec(terraformProviders[0] ?? "");
  if (!match) throw new Error("cdktf.json: terraformProviders[0] must read <namespace>/<name>@<constraint>");
  return { source: match[1]!, name: match[2]!, constraint: match[3]!, outputDir: codeMakerOutput };
}
