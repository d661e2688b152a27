#!/bin/sh
# Lays out the GOPATH the Pod Security reference (main.go beside this file) is built over, from git directories of
# kubernetes/pod-security-admission, kubernetes/api, kubernetes/component-base and kubernetes/apimachinery (clones or
# bare mirrors), with no module download; the rest comes from Debian's Go packages (run.ts, debianPackages).
# - pod-security-admission, api and component-base at their newest commit: the checks as they stand.
# - apimachinery at v0.26.15, the newest release whose code Debian 12's Go 1.19 builds; the checks read only core/v1's
#   fields, which are the newest api's, and decode them with encoding/json.
# - core/v1's toleration.go is left out: it needs an apimachinery package v0.26 lacks, and no check calls it.
# - the standard library's `slices` (Go 1.21), which policy/registry.go sorts with, is golang.org/x/exp/slices.
# The commits are written to GOPATH/SOURCES, which the corpus records. GOPATH is a folder of the reference's own: its
# src/k8s.io and src/slices are laid out afresh.
# Usage: gopath.sh GOPATH PSA_GIT_DIR API_GIT_DIR COMPONENT_BASE_GIT_DIR APIMACHINERY_GIT_DIR
set -eu
[ $# -eq 5 ] || { echo "usage: $0 GOPATH PSA_GIT_DIR API_GIT_DIR COMPONENT_BASE_GIT_DIR APIMACHINERY_GIT_DIR" >&2; exit 2; }
gopath=$1
apimachinery_release=v0.26.15
k8s=$gopath/src/k8s.io
rm -rf "$k8s" "$gopath/src/slices" "$gopath/SOURCES"
mkdir -p "$k8s/pod-security-admission" "$k8s/api" "$k8s/component-base" "$k8s/apimachinery"

# extract GIT_DIR REVISION FOLDER [PATH...]: the tree of REVISION (only PATHs, if given) into FOLDER.
extract() {
  git_dir=$1 revision=$2 folder=$3
  shift 3
  git --git-dir="$git_dir" archive "$revision" "$@" | tar -x -C "$folder"
  echo "k8s.io/$(basename "$folder") $(git --git-dir="$git_dir" rev-parse "$revision^{commit}")" >>"$gopath/SOURCES"
}
extract "$2" HEAD "$k8s/pod-security-admission" api policy
extract "$3" HEAD "$k8s/api"
extract "$4" HEAD "$k8s/component-base" version
extract "$5" "$apimachinery_release" "$k8s/apimachinery"
rm -rf "$k8s/api/core/v1/toleration.go" "$k8s/component-base/version/verflag"
ln -s /usr/share/gocode/src/golang.org/x/exp/slices "$gopath/src/slices"
