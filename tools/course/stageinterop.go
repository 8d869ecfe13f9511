package main

// The interop tests of the stages (check 11), and the skipped interop
// tests that the final line reports.
//
// An interop test (`TestInterop…`, or any test of an `interop` package)
// talks to the Linux kernel through a TAP device in a network namespace of
// its own. It needs Linux and the privilege to make the namespace; without
// it, it skips (and fails with CI=true). `course check` counts those skips
// and says why on its final line, so that a local run without the
// privilege does not pass for a full proof.

import (
	"fmt"
	"os"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"
)

// isInteropTest reports whether test name of package pkg is an interop test.
func isInteropTest(pkg, name string) bool {
	return strings.Contains(name, "Interop") || path.Base(pkg) == "interop"
}

// skipMessage finds the message of a t.Skip in a test's output: the text
// of the last "file_test.go:NN: …" line.
var skipMessage = regexp.MustCompile(`(?m)^\s+\S+\.go:\d+: (.*)$`)

// skipReason returns why a skipped test skipped, in short: its t.Skip
// message up to the first ": " (the rest is the how-to), or "no reason
// given".
func skipReason(out string) string {
	ms := skipMessage.FindAllStringSubmatch(out, -1)
	if len(ms) == 0 {
		return "no reason given"
	}
	msg := strings.TrimSpace(ms[len(ms)-1][1])
	if short, _, ok := strings.Cut(msg, ": "); ok && short != "" {
		msg = short
	}
	if len(msg) > 80 {
		msg = msg[:77] + "…"
	}
	return msg
}

// interopSkips counts the skipped interop tests of a run (subtests
// included) by reason.
func interopSkips(rep *testReport) map[string]int {
	out := map[string]int{}
	for _, t := range rep.tests {
		if t.Action == "skip" && isInteropTest(t.Package, t.Name) {
			out[skipReason(t.Output.String())]++
		}
	}
	return out
}

// noteInteropSkips adds the skipped interop tests of a run to the final
// line's count.
func (ck *checker) noteInteropSkips(rep *testReport) {
	for r, n := range interopSkips(rep) {
		ck.noteSkips("interop", r, n)
	}
}

// noteSkip counts one thing of a kind ("interop", "fuzz") that did not run,
// and why, for the final line.
func (ck *checker) noteSkip(kind, reason string) { ck.noteSkips(kind, reason, 1) }

func (ck *checker) noteSkips(kind, reason string, n int) {
	ck.mu.Lock()
	defer ck.mu.Unlock()
	if ck.skipped == nil {
		ck.skipped = map[string]map[string]int{}
	}
	if ck.skipped[kind] == nil {
		ck.skipped[kind] = map[string]int{}
	}
	ck.skipped[kind][reason] += n
}

// finalLine is the last line of `course check`: "N passed, M failed", and
// when interop tests (or fuzz targets that do not build on this system)
// skipped, how many and why, e.g. "12 passed, 0 failed, 30 skipped
// (interop: needs root)".
func (ck *checker) finalLine() string {
	ck.mu.Lock()
	defer ck.mu.Unlock()
	line := fmt.Sprintf("%d passed, %d failed", ck.passed, ck.failed)
	total := 0
	var kinds []string
	for kind, reasons := range ck.skipped {
		var rs []string
		for r, n := range reasons {
			total += n
			rs = append(rs, r)
		}
		sort.Slice(rs, func(i, j int) bool {
			if a, b := reasons[rs[i]], reasons[rs[j]]; a != b {
				return a > b
			}
			return rs[i] < rs[j]
		})
		kinds = append(kinds, kind+": "+strings.Join(rs, "; "))
	}
	if total == 0 {
		return line
	}
	sort.Strings(kinds)
	return fmt.Sprintf("%s, %d skipped (%s)", line, total, strings.Join(kinds, "; "))
}

// checkSkipsInCI fails the check when interop tests (or fuzz targets)
// skipped with CI=true: CI must run them all (the interop tests themselves
// fail there rather than skip; this catches a skip that slipped past them).
func (ck *checker) checkSkipsInCI() {
	if os.Getenv("CI") != "true" {
		return
	}
	ck.mu.Lock()
	total := 0
	var details []string
	for kind, reasons := range ck.skipped {
		for r, n := range reasons {
			total += n
			details = append(details, fmt.Sprintf("%d skipped (%s): %s", n, kind, r))
		}
	}
	ck.mu.Unlock()
	sort.Strings(details)
	ck.report(time.Now(), "CI=true: no interop test or fuzz target skipped", total == 0, "", details)
}

// interopPackages returns the packages ("./dayN-…/pkg") of a generated
// stage whose test files hold interop tests.
func interopPackages(files map[string][]byte, s int) []string {
	prefix := stageDir(s) + "/"
	seen := map[string]bool{}
	var out []string
	for p, b := range files {
		if !strings.HasPrefix(p, prefix) || !strings.HasSuffix(p, "_test.go") {
			continue
		}
		dir := path.Dir(p)
		if seen[dir] {
			continue
		}
		if path.Base(dir) == "interop" || interopFunc.Match(b) {
			seen[dir] = true
			out = append(out, "./"+dir)
		}
	}
	sort.Strings(out)
	return out
}

var interopFunc = regexp.MustCompile(`(?m)^func Test\w*Interop\w*\(`)

// stageInteropArgs are the arguments of a stage's interop run: -short (the
// full-size transfers are proven once, on solutions/), only the interop
// tests.
func stageInteropArgs(pkgs []string) []string {
	args := []string{"test", "-json", "-count=1", "-short", "-timeout", "300s", "-run", "Interop"}
	return append(args, pkgs...)
}

// checkStageInterop is check 11 for one stage: filled, its interop tests
// pass — the learner's proof that their own stack talks to the kernel. Run
// after the pool, one stage at a time, with nothing else heavy beside it:
// the kernel's timers do not wait for a busy CPU. Without the privilege
// the tests skip, and the final line says so.
func (ck *checker) checkStageInterop(w *worker, s int) {
	files := ck.filled[s]
	pkgs := interopPackages(files, s)
	if files == nil || len(pkgs) == 0 {
		return // no interop tests on this day (or check 1 already failed)
	}
	start := time.Now()
	name := stageDir(s) + ": interop tests pass filled"
	mod, err := w.module()
	if err == nil {
		err = mod.write(files)
	}
	if err != nil {
		ck.report(start, name, false, "", []string{err.Error()})
		return
	}
	r := runGo(mod.dir, 15*time.Minute, mod.env(), stageInteropArgs(pkgs)...)
	rep := parseTestJSON(r.stdout)
	ck.noteInteropSkips(rep)
	pass, fail, skip := rep.count()
	var problems []string
	if r.err != nil {
		problems = append(problems, ck.describeFailures(r, rep)...)
	}
	if pass+fail+skip == 0 {
		problems = append(problems, "no interop test ran")
	}
	ck.report(start, name, len(problems) == 0, fmt.Sprintf("%d passed, %d failed, %d skipped", pass, fail, skip), problems)
}
