// Reads a JSON list of Pod objects on its input and writes the checks of Kubernetes' Pod Security admission
// (k8s.io/pod-security-admission/policy): {"checks": [...], "pods": [...]}. Each check with its level, the policy
// version it is first made at and the checks it overrides; for each pod, the checks that forbid it at the levels baseline
// and restricted of version "latest", {"baseline": {id: "reason: detail"}, "restricted": {...}}. Each level's checks
// are attributed to their ids here (the evaluator's results carry none), and the attribution is held to the evaluator's
// own results.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
)

type check struct {
	ID        policy.CheckID   `json:"id"`
	Level     api.Level        `json:"level"`
	Since     string           `json:"since"`
	Overrides []policy.CheckID `json:"overrides,omitempty"`
}

type verdicts struct {
	Baseline   map[policy.CheckID]string `json:"baseline"`
	Restricted map[policy.CheckID]string `json:"restricted"`
}

// latest is the newest version of a check, the one the level version "latest" runs.
func latest(check policy.Check) policy.VersionedCheck {
	return check.Versions[len(check.Versions)-1]
}

// checksOf lists the checks a level runs: for restricted, its own and the baseline checks none of them overrides.
func checksOf(level api.Level, checks []policy.Check) []policy.Check {
	overridden := map[policy.CheckID]bool{}
	for _, check := range checks {
		for _, id := range latest(check).OverrideCheckIDs {
			overridden[id] = true
		}
	}
	var run []policy.Check
	for _, check := range checks {
		if check.Level == level || (level == api.LevelRestricted && check.Level == api.LevelBaseline && !overridden[check.ID]) {
			run = append(run, check)
		}
	}
	return run
}

func text(result policy.CheckResult) string {
	return result.ForbiddenReason + ": " + result.ForbiddenDetail
}

// forbidding runs a level's checks one by one, by id, and holds what they forbid to what the evaluator forbids.
func forbidding(level api.Level, checks []policy.Check, evaluator policy.Evaluator, pod *corev1.Pod) map[policy.CheckID]string {
	found := map[policy.CheckID]string{}
	var texts []string
	for _, check := range checksOf(level, checks) {
		if result := latest(check).CheckPod(&pod.ObjectMeta, &pod.Spec); !result.Allowed {
			found[check.ID] = text(result)
			texts = append(texts, text(result))
		}
	}
	var evaluated []string
	for _, result := range evaluator.EvaluatePod(api.LevelVersion{Level: level, Version: api.LatestVersion()}, &pod.ObjectMeta, &pod.Spec) {
		if !result.Allowed {
			evaluated = append(evaluated, text(result))
		}
	}
	if len(texts) != len(evaluated) || (len(texts) > 0 && !reflect.DeepEqual(sorted(texts), sorted(evaluated))) {
		fail(fmt.Errorf("pod %s, level %s: the checks by id forbid %q, the evaluator %q", pod.Name, level, texts, evaluated))
	}
	return found
}

func sorted(texts []string) map[string]int {
	counts := map[string]int{}
	for _, each := range texts {
		counts[each]++
	}
	return counts
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

func main() {
	var pods []corev1.Pod
	if err := json.NewDecoder(os.Stdin).Decode(&pods); err != nil {
		fail(err)
	}
	checks := policy.DefaultChecks()
	evaluator, err := policy.NewEvaluator(checks, nil)
	if err != nil {
		fail(err)
	}
	var out struct {
		Checks []check    `json:"checks"`
		Pods   []verdicts `json:"pods"`
	}
	for _, each := range checks {
		first := each.Versions[0].MinimumVersion
		out.Checks = append(out.Checks, check{ID: each.ID, Level: each.Level, Since: fmt.Sprintf("%d.%d", first.Major(), first.Minor()), Overrides: latest(each).OverrideCheckIDs})
	}
	for i := range pods {
		out.Pods = append(out.Pods, verdicts{
			Baseline:   forbidding(api.LevelBaseline, checks, evaluator, &pods[i]),
			Restricted: forbidding(api.LevelRestricted, checks, evaluator, &pods[i]),
		})
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fail(err)
	}
}
