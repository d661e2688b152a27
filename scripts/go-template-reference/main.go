// How Argo CD's ApplicationSet controller fills a Go template with a list generator's element (argo-cd
// applicationset/utils/utils.go, Replace: text/template with the spec's goTemplateOptions, executed over the element
// decoded from JSON into a map). Reads {"cases": [{"template", "element", "options"}]} as JSON on stdin, the element as
// JSON text; writes, for each case, the text the template prints or the error it stops with. Built by
// scripts/go-reference.ts for the tests, with Go's standard library alone.
package main

import (
	"bytes"
	"encoding/json"
	"os"
	"text/template"
)

type testCase struct {
	Template string   `json:"template"`
	Element  string   `json:"element"`
	Options  []string `json:"options"`
}

type reading struct {
	Output *string `json:"output,omitempty"`
	Error  *string `json:"error,omitempty"`
}

func read(c testCase) reading {
	var element map[string]interface{}
	if err := json.Unmarshal([]byte(c.Element), &element); err != nil {
		message := err.Error()
		return reading{Error: &message}
	}
	parsed, err := template.New("").Option(c.Options...).Parse(c.Template)
	if err != nil {
		message := err.Error()
		return reading{Error: &message}
	}
	var out bytes.Buffer
	if err := parsed.Execute(&out, element); err != nil {
		message := err.Error()
		return reading{Error: &message}
	}
	output := out.String()
	return reading{Output: &output}
}

func main() {
	var input struct {
		Cases []testCase `json:"cases"`
	}
	if err := json.NewDecoder(os.Stdin).Decode(&input); err != nil {
		panic(err)
	}
	readings := make([]reading, 0, len(input.Cases))
	for _, c := range input.Cases {
		readings = append(readings, read(c))
	}
	if err := json.NewEncoder(os.Stdout).Encode(readings); err != nil {
		panic(err)
	}
}
