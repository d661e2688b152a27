// How the kubelet and containerd read a container's image: github.com/distribution/reference's ParseNormalizedNamed,
// which the kubelet's applyDefaultImageTag calls through pkg/util/parsers ParseImageName (a text it refuses fails the
// container with InvalidImageName) and containerd's CRI PullImage through ParseDockerRef. Like the kubelet, the program
// links crypto/sha256 and crypto/sha512, so that go-digest knows the sha256, sha384 and sha512 digests. Reads a JSON list
// of image texts on stdin; writes, for each, the error the parser stops with, or the reference's domain and path
// (reference.Domain and reference.Path: the domain empty where the name's first component is no valid domain but a
// valid path component) with its tag and digest when it has them. Built by scripts/go-reference.ts, for the tests and
// scripts/refresh-image-corpus.ts, with Debian's golang-go and golang-github-distribution-reference-dev; run.ts builds
// it also with this import changed to github.com/docker/distribution/reference (golang-github-docker-distribution-dev,
// what the kubelet read with up to Kubernetes 1.28). GOPATH mode: no module download.
package main

import (
	_ "crypto/sha256"
	_ "crypto/sha512"
	"encoding/json"
	"io"
	"os"

	"github.com/distribution/reference"
)

type reading struct {
	Error  *string `json:"error,omitempty"`
	Domain *string `json:"domain,omitempty"`
	Path   *string `json:"path,omitempty"`
	Tag    *string `json:"tag,omitempty"`
	Digest *string `json:"digest,omitempty"`
}

func read(text string) reading {
	named, err := reference.ParseNormalizedNamed(text)
	if err != nil {
		message := err.Error()
		return reading{Error: &message}
	}
	domain, path := reference.Domain(named), reference.Path(named)
	result := reading{Domain: &domain, Path: &path}
	if tagged, ok := named.(reference.Tagged); ok {
		tag := tagged.Tag()
		result.Tag = &tag
	}
	if digested, ok := named.(reference.Digested); ok {
		digest := digested.Digest().String()
		result.Digest = &digest
	}
	return result
}

func main() {
	data, err := io.ReadAll(os.Stdin)
	if err != nil {
		panic(err)
	}
	var texts []string
	if err := json.Unmarshal(data, &texts); err != nil {
		panic(err)
	}
	readings := make([]reading, len(texts))
	for i, text := range texts {
		readings[i] = read(text)
	}
	output, _ := json.Marshal(readings)
	os.Stdout.Write(append(output, '\n'))
}
