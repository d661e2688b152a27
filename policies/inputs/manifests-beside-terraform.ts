import { readFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import type { InputProblem, TfConfiguration } from "../engine/model";
import { displayPath } from "../../lib/paths";
import { escapedForRegExp } from "../../lib/regexp";
import { addToGroup } from "../../lib/groups";

/** A manifest file as the YAML reader takes it, with its path as found. */
type ManifestText = { readonly file: string; readonly text: string; readonly path: string };

/**
 * The Kubernetes manifests of a repository beside its Terraform, and in its Terraform folders: what kubectl applies
 * from there. A file the Terraform reads is the Terraform's: one its functions read as the check evaluated them
 * (`filesRead`), or one a Terraform file of a folder above it names, by its file name, or by the folder it sits in
 * below that one followed by an interpolation or a pattern (`templates/${var.name}.yaml`,
 * `fileset(path.module, "k8s/*.yaml")`), for the calls the check does not
 * evaluate (a block whose count is 0, an output, a path known only in CI), unless a `file` provisioner copies it to a
 * machine as it is written, for a tool there to apply (`kubectl apply -f` on the host). Each Terraform folder's manifests are a stack
 * of their own (`envs/dev manifests`, `envs/prod manifests`: two clusters, whose objects of one name are no duplicates);
 * the others, the repository's. What each stack's files hold that kubectl would refuse (an object written twice, a
 * version the API server no longer serves) is reported in `problems`.
 */
export function manifestsBesideTerraform(
  root: string,
  files: readonly string[],
  owners: ReadonlyMap<string, readonly string[]>,
  filesRead: ReadonlySet<string>,
  /** Whether a provisioner copies the file to a machine as it is written, where the Terraform does not read it. */
  copiedVerbatim: (file: string) => boolean,
  /** The names of a folder's Terraform files, as Terraform lists a module's. */
  terraformFiles: (folder: string) => readonly string[],
  /** A manifest file's text, as the folder's reading has it. */
  manifestText: (file: string) => string,
  configure: (stack: string, texts: readonly ManifestText[], problems: InputProblem[]) => TfConfiguration | undefined,
): { configurations: TfConfiguration[]; problems: InputProblem[] } {
  const terraformText = new Map<string, string>();
  const textOf = (folder: string): string => {
    if (!terraformText.has(folder))
      terraformText.set(
        folder,
        terraformFiles(folder)
          .map((name) => readFileSync(join(folder, name), "utf8"))
          .join("\n"),
      );
    return terraformText.get(folder)!;
  };
  const readByTerraform = (file: string, folders: readonly string[]): boolean =>
    filesRead.has(resolve(file)) ||
    (!copiedVerbatim(resolve(file)) &&
      folders.some((folder) => {
        const text = textOf(folder);
        const below = relative(folder, dirname(file)).split(sep).join("/");
        return text.includes(basename(file)) || (below !== "" && new RegExp(`(?:^|[/"'}])${escapedForRegExp(below)}/(?:\\$\\{|[*?[{])`).test(text));
      }));
  const stacks = new Map<string, ManifestText[]>();
  for (const file of files) {
    const folders = owners.get(file) ?? [];
    if (readByTerraform(file, folders)) continue;
    const owner = folders[0];
    const stack = owner === undefined ? basename(resolve(root)) : `${relative(root, owner).split(sep).join("/") || basename(resolve(root))} manifests`;
    addToGroup(stacks, stack, { file: displayPath(file), text: manifestText(file), path: file });
  }
  const problems: InputProblem[] = [];
  const configurations = [...stacks].flatMap(([stack, texts]) => configure(stack, texts, problems) ?? []);
  return { configurations, problems };
}
