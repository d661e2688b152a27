// The reference the policies that re-implement the Pod Security Standards are held to: the program beside this file
// (main.go), built with Go over k8s.io/pod-security-admission's policy package, the code the API server's PodSecurity
// admission runs. Debian does not package it nor k8s.io/api: gopath.sh lays them out in a GOPATH from git directories
// of the upstream repositories, named to the reference by the environment variable EDS_POD_SECURITY_GOPATH; the
// libraries they import come from Debian (debianPackages).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { debianVersions, goReferenceAvailable, runGoReference } from "../go-reference";

/** What Pod Security admission forbids in a pod at one level of version "latest": each check's id, with its reason and detail. */
export type Forbidden = Readonly<Record<string, string>>;

export interface PodSecurityVerdicts {
  readonly baseline: Forbidden;
  readonly restricted: Forbidden;
}

/** A check of Pod Security admission: its level, the policy version it is first made at ("1.0"), the checks it overrides. */
export interface PodSecurityCheck {
  readonly id: string;
  readonly level: "baseline" | "restricted";
  readonly since: string;
  readonly overrides?: readonly string[];
}

/** What the reference writes: Pod Security admission's checks, and what they forbid in each pod. */
export interface PodSecurityReading {
  readonly checks: readonly PodSecurityCheck[];
  readonly pods: readonly PodSecurityVerdicts[];
}

/** The Debian packages of the libraries the policy package, k8s.io/api and k8s.io/apimachinery import. */
const debianPackages = [
  "golang-github-go-logr-logr-dev",
  "golang-github-gogo-protobuf-dev",
  "golang-github-google-gofuzz-dev",
  "golang-github-json-iterator-go-dev",
  "golang-golang-x-exp-dev",
  "golang-golang-x-net-dev",
  "golang-gopkg-inf.v0-dev",
  "golang-k8s-klog-dev",
  "golang-k8s-sigs-json-dev",
  "golang-k8s-sigs-structured-merge-diff-dev",
  "golang-k8s-utils-dev",
];

/** A folder of each of debianPackages (a /v2 import path is read from the folder without it, as GOPATH mode does). */
const debianImports = [
  "github.com/go-logr/logr",
  "github.com/gogo/protobuf/proto",
  "github.com/google/gofuzz",
  "github.com/json-iterator/go",
  "golang.org/x/exp/slices",
  "golang.org/x/net/http2",
  "gopkg.in/inf.v0",
  "k8s.io/klog",
  "sigs.k8s.io/json",
  "sigs.k8s.io/structured-merge-diff",
  "k8s.io/utils/strings",
];

export const podSecurityGopathVariable = "EDS_POD_SECURITY_GOPATH";

/** The GOPATH gopath.sh laid out, where the environment names one that holds the policy package. */
function podSecurityGopath(): string | undefined {
  const gopath = process.env[podSecurityGopathVariable];
  return gopath && existsSync(join(gopath, "src", "k8s.io", "pod-security-admission", "policy")) ? gopath : undefined;
}

/** Why the reference cannot be built here, or undefined where it can. */
export function podSecurityReferenceMissing(): string | undefined {
  if (podSecurityGopath() === undefined) return `${podSecurityGopathVariable} names no GOPATH laid out by scripts/pod-security-reference/gopath.sh`;
  if (!goReferenceAvailable(debianImports)) return `the reference needs apt-get install golang-go ${debianPackages.join(" ")}`;
  return undefined;
}

/** The commits of the sources gopath.sh laid out and the versions of the Debian packages, as the corpus records them. */
export function podSecurityReferenceVersions(): string {
  const sources = readFileSync(join(podSecurityGopath()!, "SOURCES"), "utf8").trim().split("\n").join(", ");
  return `${sources}; ${debianVersions([...debianPackages, "golang-go"])}`;
}

/** Pod Security admission's checks, and what they forbid in each pod (a Pod object as the API reads it) at baseline and restricted. */
export const podSecurityReference = (pods: readonly unknown[]): PodSecurityReading =>
  JSON.parse(runGoReference(join(import.meta.dirname, "main.go"), JSON.stringify(pods), undefined, [podSecurityGopath()!]));
