package main

// The load-bearing proofs (check 8): with only TODO X stubbed, stage N must
// fail a root-free test whose output names X — as a learner would see it.
// A test that fails for another reason (a flaky one, or one that names
// another TODO) proves nothing about X.

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// todoMention finds the TODOs an output names, in the forms a learner sees:
// a stub's error ("TODO(day1): loopback-transmit is not implemented yet"),
// todo.Covers's note ("This test checks TODO(day1) loopback-transmit") and
// a lesson link ("docs/day1-device.md#loopback-transmit").
var todoMention = regexp.MustCompile(`TODO\(day(\d)\):? ([a-z0-9]+(?:-[a-z0-9]+)*)|docs/day(\d)-[a-z0-9-]+\.md#([a-z0-9]+(?:-[a-z0-9]+)*)`)

// namedTODOs returns the TODOs out names, as "dayN id", sorted, each once.
func namedTODOs(out string) []string {
	seen := map[string]bool{}
	var names []string
	for _, m := range todoMention.FindAllStringSubmatch(out, -1) {
		day, id := m[1], m[2]
		if day == "" {
			day, id = m[3], m[4]
		}
		if k := "day" + day + " " + id; !seen[k] {
			seen[k] = true
			names = append(names, k)
		}
	}
	sort.Strings(names)
	return names
}

// namesTODO reports whether out names TODO id of day.
func namesTODO(out string, day int, id string) bool {
	want := fmt.Sprintf("day%d %s", day, id)
	for _, n := range namedTODOs(out) {
		if n == want {
			return true
		}
	}
	return false
}

// outputWithParents is the output of test t and of the tests above it:
// todo.Covers logs in the test that called it, which may be a parent of
// the failing subtest.
func outputWithParents(rep *testReport, t *testResult) string {
	out := t.Output.String()
	for name := t.Name; strings.Contains(name, "/"); {
		name = name[:strings.LastIndex(name, "/")]
		if p := rep.byKey[t.Package+"\x00"+name]; p != nil {
			out += p.Output.String()
		}
	}
	return out
}

// stopWhenNamed returns a stop function for runGoUntil that stops a run
// when a top-level test fails naming TODO id of day (in its own output or
// its subtests'), or when a test binary panics or times out: either settles
// the proof.
func stopWhenNamed(day int, id string) func(testEvent) bool {
	outputs := map[string]*strings.Builder{} // package + top-level test -> output
	return func(ev testEvent) bool {
		if ev.Test == "" {
			return false
		}
		top, _, _ := strings.Cut(ev.Test, "/")
		key := ev.Package + "\x00" + top
		if outputs[key] == nil {
			outputs[key] = &strings.Builder{}
		}
		if ev.Action == "output" {
			outputs[key].WriteString(ev.Output)
			return strings.Contains(ev.Output, "panic: ")
		}
		if ev.Action != "fail" || ev.Test != top {
			return false
		}
		return namesTODO(outputs[key].String(), day, id)
	}
}

// loadBearingLimit bounds each test binary of a load-bearing proof (go
// test's -timeout): a stub must fail politely, never block.
const loadBearingLimit = 120 * time.Second

// loadBearingVerdict is the judgement of one run of a load-bearing proof.
type loadBearingVerdict struct {
	caughtBy []*testResult // failing tests whose output names the TODO
	problems []string
	final    bool // no need for another run: proven, or broken (panic, timeout, build)
}

// judgeLoadBearing judges a single-stub run of TODO t's stage. exitErr is
// the run's error.
func judgeLoadBearing(t TODO, rep *testReport, exitErr error) loadBearingVerdict {
	var v loadBearingVerdict
	all := rep.allOutput() + (func() string {
		if exitErr != nil {
			return exitErr.Error()
		}
		return ""
	})()
	timedOut := strings.Contains(all, "panic: test timed out") || (exitErr != nil && strings.Contains(exitErr.Error(), "killed after"))
	broken := false
	switch {
	case timedOut:
		broken = true
		v.problems = append(v.problems, fmt.Sprintf("with only TODO %s stubbed a test times out: a stub must fail politely, never block", t.ID),
			indent(relevantLines(all, 15)))
	case strings.Contains(all, "panic: "):
		broken = true
		var where []string
		for _, r := range rep.tests {
			if strings.Contains(r.Output.String(), "panic: ") {
				where = append(where, r.Package+" "+r.Name)
			}
		}
		in := ""
		if len(where) > 0 {
			in = " (in " + strings.Join(where, ", ") + ")"
		}
		v.problems = append(v.problems, fmt.Sprintf("with only TODO %s stubbed a test panics%s: a stub must fail politely, never panic", t.ID, in),
			indent(relevantLines(all, 15)))
	}
	if pkgs := rep.packagesFailedOutsideTests(); len(pkgs) > 0 || (exitErr != nil && len(rep.tests) == 0) {
		broken = true
		what := "the run"
		if len(pkgs) > 0 {
			what = "package " + strings.Join(pkgs, ", ")
		}
		v.problems = append(v.problems, fmt.Sprintf("with only TODO %s stubbed %s fails outside any test (does the stub compile? does TestMain fail?)", t.ID, what),
			indent(relevantLines(all, 15)))
	}
	var others []string
	for _, r := range rep.failedLeaves() {
		if r.Action != "fail" {
			continue // never finished: judged above
		}
		out := outputWithParents(rep, r)
		if strings.Contains(out, "panic: ") {
			continue // a panic proves nothing: reported above as a problem
		}
		if namesTODO(out, t.Day, t.ID) {
			v.caughtBy = append(v.caughtBy, r)
			continue
		}
		names := "no TODO"
		if n := namedTODOs(out); len(n) > 0 {
			names = "only " + strings.Join(n, ", ")
		}
		others = append(others, fmt.Sprintf("%s %s (names %s)", r.Package, r.Name, names))
	}
	if len(v.caughtBy) == 0 && len(others) > 0 {
		sort.Strings(others)
		if len(others) > 5 {
			others = append(others[:5], fmt.Sprintf("and %d more", len(others)-5))
		}
		v.problems = append(v.problems, fmt.Sprintf("tests fail with only TODO %s stubbed, but none names it, so none proves it load-bearing: %s", t.ID, strings.Join(others, "; ")))
	}
	// A test that fails naming another TODO does not settle it (the next
	// run may still find one that names this one); a panic, a time-out or
	// a build failure does.
	v.final = broken || len(v.caughtBy) > 0
	return v
}

// loadBearingArgs are the arguments of one run of a load-bearing proof:
// root-free and -short, without the day folder's own test (it fails while
// any stub is open, so it proves nothing about one), each test binary
// bounded. No -failfast: a failing test that does not name the TODO must
// not stop its package before one that does. go vet is off: check 5 vets
// every stage with its stubs, check 7 every stage filled, and a single-stub
// build is made of those two.
func loadBearingArgs(limit time.Duration, run string, pkgs []string) []string {
	args := []string{"test", "-json", "-count=1", "-short", "-vet=off", "-timeout", limit.String(), "-skip", "Interop|^TestNextTODO$"}
	if run != "" {
		args = append(args, "-run", run)
	}
	return append(args, pkgs...)
}

// proveLoadBearing runs the proof of TODO t in dir, the stage's module with
// only t stubbed (files are its generated files): first the tests whose
// source names t (todo.Covers), then, if none of them settles it, every
// package of the stage. Each run stops at the first test that fails naming
// t.
func proveLoadBearing(dir string, env []string, files map[string][]byte, t TODO, limit time.Duration) loadBearingVerdict {
	plan := planTests(files, t.Day, t.File, t.ID)
	var v loadBearingVerdict
	if len(plan.namingTests) > 0 {
		run := "^(" + strings.Join(plan.namingTests, "|") + ")$"
		r := runGoUntil(dir, 5*time.Minute, env, stopWhenNamed(t.Day, t.ID), loadBearingArgs(limit, run, plan.namingPkgs)...)
		v = judgeLoadBearing(t, parseTestJSON(r.stdout), stoppedIsFine(r.err))
	}
	if !v.final {
		r := runGoUntil(dir, 10*time.Minute, env, stopWhenNamed(t.Day, t.ID), loadBearingArgs(limit, "", []string{"./" + stageDir(t.Day) + "/..."})...)
		v = judgeLoadBearing(t, parseTestJSON(r.stdout), stoppedIsFine(r.err))
	}
	if len(v.caughtBy) == 0 && len(v.problems) == 0 {
		v.problems = append(v.problems, fmt.Sprintf("no root-free test fails with only TODO %s stubbed (%s:%d): write a test that catches it and calls todo.Covers(t, %d, %q)", t.ID, t.File, t.Line, t.Day, t.ID))
	}
	return v
}

// stoppedIsFine drops the error of a run that runGoUntil stopped on
// purpose (the killed go command's status says nothing more), but keeps a
// time-out.
func stoppedIsFine(err error) error {
	if err != nil && strings.HasPrefix(err.Error(), "stopped at the first failing test") {
		return nil
	}
	return err
}

// checkLoadBearing is check 8 for one TODO.
func (ck *checker) checkLoadBearing(w *worker, t TODO) {
	start := time.Now()
	name := fmt.Sprintf("%s: TODO %d.%d %s is load-bearing", stageDir(t.Day), t.Day, t.Step, t.ID)
	files, err := ck.course.Generate(t.Day, SingleStub(t.ID))
	var mod *tempModule
	if err == nil {
		mod, err = w.module()
	}
	if err == nil {
		err = mod.write(files)
	}
	if err != nil {
		ck.report(start, name, false, "", strings.Split(err.Error(), "\n"))
		return
	}
	limit := ck.loadBearingLimit
	if limit == 0 {
		limit = loadBearingLimit
	}
	v := proveLoadBearing(mod.dir, mod.env(), files, t, limit)
	summary := ""
	if len(v.caughtBy) > 0 && ck.verbose {
		var by []string
		for _, r := range v.caughtBy {
			by = append(by, r.Package+" "+r.Name+" in "+strconv.FormatFloat(r.Elapsed.Seconds(), 'f', 2, 64)+"s")
		}
		summary = "caught by " + strings.Join(by, ", ")
	}
	ck.mu.Lock()
	if len(v.problems) == 0 {
		ck.row(t.Day).loadBearing++
	}
	ck.mu.Unlock()
	ck.report(start, name, len(v.problems) == 0, summary, v.problems)
}
