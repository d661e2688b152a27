import { join } from "node:path";
import * as z from "zod";
import { name } from "../lib/zod-types";
import { bilingual, siteUrl } from "./schema/transparency";
import { readValidatedYaml } from "./yaml-file";

/** The file, in the environments folder, that describes the national directory of every region (eds transparency --all). */
export const directoryFileName = "directory.yaml";

const directorySchema = z.strictObject({
  title: bilingual.meta({ description: "Title of the national directory." }),
  description: bilingual,
  publisher: name.meta({ description: "Who publishes the national directory (dct:publisher of the catalogue)." }),
  contact: z.email({ error: "expected an e-mail address" }),
  siteUrl: siteUrl.meta({ description: "Public address of the national directory, the base of its catalogue's identifiers." }),
});

/** The national directory: who publishes it, where, under which title. */
export type Directory = z.output<typeof directorySchema> & { readonly file: string };

export function loadDirectory(folder: string): Directory {
  const { file, data } = readValidatedYaml(
    join(folder, directoryFileName),
    directorySchema,
    "the national directory (title, description, publisher, contact, siteUrl)",
  );
  return { file, ...data };
}
