// What kubectl sends for each YAML text: sigs.k8s.io/yaml's YAMLToJSON over go-yaml v2, the conversion kubectl applies
// to a manifest before the API server decodes it (k8s.io/apimachinery util/yaml, NewYAMLOrJSONDecoder). Reads a JSON
// array of texts on stdin, writes a JSON array of {"json": "..."} or {"error": "..."}, one per text.
// Built by scripts/go-reference.ts, for the tests and scripts/refresh-yaml-corpus.ts, with Debian's golang-go,
// golang-k8s-sigs-yaml-dev and golang-gopkg-yaml.v2-dev (GOPATH mode: no module download).
package main

import (
	"encoding/json"
	"io"
	"os"

	"sigs.k8s.io/yaml"
)

type result struct {
	JSON  *string `json:"json,omitempty"`
	Error *string `json:"error,omitempty"`
}

func main() {
	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		panic(err)
	}
	var texts []string
	if err := json.Unmarshal(input, &texts); err != nil {
		panic(err)
	}
	results := make([]result, len(texts))
	for i, text := range texts {
		converted, err := yaml.YAMLToJSON([]byte(text))
		if err != nil {
			message := err.Error()
			results[i].Error = &message
		} else {
			written := string(converted)
			results[i].JSON = &written
		}
	}
	output, _ := json.Marshal(results)
	os.Stdout.Write(append(output, '\n'))
}
