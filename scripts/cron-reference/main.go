// How the programs that run backups read a schedule and a retention: robfig/cron v3 (Velero, Kubernetes' CronJobs and
// the Percona operators parse five fields with ParseStandard; CloudNativePG parses seconds first, the weekday optional)
// and Go's time.ParseDuration (Velero's ttl). Reads {"crons": [{"spec", "dialect"}], "durations": [...]} as JSON on
// stdin; writes, for each schedule, the error it stops with or how many times it runs on each day of two fortnights
// (from Monday 2026-01-05 and Monday 2026-06-29, 00:00 UTC) with the longest wait between two runs in them (from each
// one's start to its end), and for each
// duration, the error or its hours. Built by scripts/go-reference.ts, for the tests and scripts/refresh-cron-corpus.ts,
// with Debian's golang-go and golang-github-robfig-cron-dev (GOPATH mode: no module download).
package main

import (
	"encoding/json"
	"io"
	"os"
	"time"

	"github.com/robfig/cron"
)

type schedule struct {
	Spec    string `json:"spec"`
	Dialect string `json:"dialect"`
}

type input struct {
	Crons     []schedule `json:"crons"`
	Durations []string   `json:"durations"`
}

type cronReading struct {
	Error       *string `json:"error,omitempty"`
	RunsPerDay  []int   `json:"runsPerDay,omitempty"`
	LongestWait *int64  `json:"longestWaitSeconds,omitempty"`
}

type durationReading struct {
	Error *string  `json:"error,omitempty"`
	Hours *float64 `json:"hours,omitempty"`
}

var secondsFirst = cron.NewParser(cron.Second | cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.DowOptional | cron.Descriptor)

func read(s schedule) cronReading {
	parse := cron.ParseStandard
	if s.Dialect == "seconds first" {
		parse = secondsFirst.Parse
	}
	parsed, err := parse(s.Spec)
	if err != nil {
		message := err.Error()
		return cronReading{Error: &message}
	}
	// Two fortnights from a Monday, in winter and in summer: a schedule limited to some months runs in one of them only.
	runs := []int{}
	longest := int64(0)
	for _, start := range []time.Time{time.Date(2026, time.January, 5, 0, 0, 0, 0, time.UTC), time.Date(2026, time.June, 29, 0, 0, 0, 0, time.UTC)} {
		end := start.AddDate(0, 0, 14)
		days := make([]int, 14)
		previous := start
		for at := parsed.Next(start.Add(-time.Nanosecond)); !at.IsZero() && at.Before(end); at = parsed.Next(at) {
			days[int(at.Sub(start)/(24*time.Hour))]++
			if wait := int64(at.Sub(previous) / time.Second); wait > longest {
				longest = wait
			}
			previous = at
		}
		if wait := int64(end.Sub(previous) / time.Second); wait > longest {
			longest = wait
		}
		runs = append(runs, days...)
	}
	return cronReading{RunsPerDay: runs, LongestWait: &longest}
}

func main() {
	data, err := io.ReadAll(os.Stdin)
	if err != nil {
		panic(err)
	}
	var in input
	if err := json.Unmarshal(data, &in); err != nil {
		panic(err)
	}
	crons := make([]cronReading, len(in.Crons))
	for i, s := range in.Crons {
		crons[i] = read(s)
	}
	durations := make([]durationReading, len(in.Durations))
	for i, text := range in.Durations {
		parsed, err := time.ParseDuration(text)
		if err != nil {
			message := err.Error()
			durations[i].Error = &message
		} else {
			hours := parsed.Hours()
			durations[i].Hours = &hours
		}
	}
	output, _ := json.Marshal(map[string]any{"crons": crons, "durations": durations})
	os.Stdout.Write(append(output, '\n'))
}
