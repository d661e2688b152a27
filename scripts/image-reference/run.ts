// The reference the image reader is held to (policies/lib/kubernetes.ts, parseImage): the program beside this file
// (main.go), built with Go over one of two libraries that read an image the same way but for a few texts:
// - "runtime": github.com/distribution/reference, which the kubelet reads a container's image with since Kubernetes
//   1.29 (pkg/util/parsers, ParseImageName) and containerd's CRI since 1.7 (PullImage, ParseDockerRef); Debian's
//   golang-github-distribution-reference-dev, in Debian 13 and later;
// - "legacy": github.com/docker/distribution/reference, which the kubelet read with up to Kubernetes 1.28; Debian's
//   golang-github-docker-distribution-dev, in Debian 12 too.
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { debianVersions, goReferenceAvailable, runGoReference } from "../go-reference";

/** An image as ParseNormalizedNamed reads it: the error it stops with, or its domain, path, tag and digest. */
export type ImageReading = { readonly error: string } | { readonly domain: string; readonly path: string; readonly tag?: string; readonly digest?: string };

/** Whether two readings agree: both refuse the text (whatever their words), or both read the same parts. */
export const sameImageReading = (a: ImageReading, b: ImageReading): boolean => ("error" in a && "error" in b) || isDeepStrictEqual(a, b);

export type ImageLibrary = "runtime" | "legacy";

const libraries: Record<ImageLibrary, { readonly importPath: string; readonly debianPackage: string }> = {
  runtime: { importPath: "github.com/distribution/reference", debianPackage: "golang-github-distribution-reference-dev" },
  legacy: { importPath: "github.com/docker/distribution/reference", debianPackage: "golang-github-docker-distribution-dev" },
};

/** The Debian package a library's source comes in. */
export const imageLibraryPackage = (library: ImageLibrary): string => libraries[library].debianPackage;

export const imageReferenceAvailable = (library: ImageLibrary): boolean => goReferenceAvailable([libraries[library].importPath]);

export const imageReferenceVersions = (): string => debianVersions([libraries.runtime.debianPackage, libraries.legacy.debianPackage, "golang-go"]);

/** Each text as a library's ParseNormalizedNamed reads it. */
export function imageReference(texts: readonly string[], library: ImageLibrary): ImageReading[] {
  const importLine = (path: string) => `\t"${path}"\n`;
  return JSON.parse(
    runGoReference(join(import.meta.dirname, "main.go"), JSON.stringify(texts), (source) => {
      if (!source.includes(importLine(libraries.runtime.importPath))) throw new Error("main.go no longer imports the library where run.ts expects it");
      return source.replace(importLine(libraries.runtime.importPath), importLine(libraries[library].importPath));
    }),
  );
}
