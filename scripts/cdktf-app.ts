// Entry point of `npx cdktf synth` (cdktf.json "app"): the same path as `eds synth` on the default region, with its
// validation and policies, into the folder cdktf asks for.
import { main } from "./cli";

void main(["synth", "--out", process.env.CDKTF_OUTDIR ?? "cdktf.out"]).then((code) => {
  process.exitCode = code;
});
