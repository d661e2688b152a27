// Entry point of `npx cdktf synth` (cdktf.json "app"): the same path as `eds synth` on the default region, with its
// validation and policies, into the folder cdktf asks for.
import { projectRoot } from "../lib/paths";
import { compileCacheHooks, main } from "./cli";

void main(["synth", "--out", process.env.CDKTF_OUTDIR ?? "cdktf.out"], undefined, compileCacheHooks(projectRoot)).then((code) => {
  process.exitCode = code;
});
