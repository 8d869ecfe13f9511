package main

// This file runs go commands, reads the output of `go test -json`, and
// builds the temporary modules in which `check` tests the filled and
// single-stub builds of a stage.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// goResult is the outcome of one go command.
type goResult struct {
	args   []string
	stdout []byte
	stderr []byte
	err    error // nil when the command exited with status 0
}

// output is stdout and stderr together, for reports.
func (r goResult) output() string {
	return strings.TrimRight(string(r.stdout)+string(r.stderr), "\n")
}

func (r goResult) command() string { return "go " + strings.Join(r.args, " ") }

// runGo runs the go command in dir with the user's environment plus env
// (entries like "GOOS=windows"; they win over the user's). A command that
// runs longer than limit is killed.
func runGo(dir string, limit time.Duration, env []string, args ...string) goResult {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		err = fmt.Errorf("killed after %v: %w", limit, ctx.Err())
	}
	return goResult{args: args, stdout: stdout.Bytes(), stderr: stderr.Bytes(), err: err}
}

// runGoUntilFail runs `go test -json …` like runGo, but stops the whole
// run (go and its test binaries) as soon as one test fails: the
// load-bearing proofs need one failing test, not all of them, so a TODO
// that breaks everything costs seconds, not a full run.
func runGoUntilFail(dir string, limit time.Duration, env []string, args ...string) goResult {
	return runGoUntil(dir, limit, env, func(ev testEvent) bool { return ev.Action == "fail" && ev.Test != "" }, args...)
}

// runGoUntil runs `go test -json …` like runGo, but stops the whole run
// (go and its test binaries) at the first event for which stop is true.
func runGoUntil(dir string, limit time.Duration, env []string, stop func(testEvent) bool, args ...string) goResult {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	ownGroup(cmd)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		return goResult{args: args, err: err}
	}
	if err := cmd.Start(); err != nil {
		return goResult{args: args, err: err}
	}
	stopKill := context.AfterFunc(ctx, func() { killGroup(cmd) })
	defer stopKill()
	var stdout bytes.Buffer
	failed := false
	sc := bufio.NewScanner(pipe)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		stdout.Write(line)
		stdout.WriteByte('\n')
		var ev testEvent
		if !failed && json.Unmarshal(line, &ev) == nil && stop(ev) {
			failed = true
			killGroup(cmd)
		}
	}
	err = cmd.Wait()
	if ctx.Err() != nil {
		err = fmt.Errorf("killed after %v: %w", limit, ctx.Err())
	} else if failed {
		err = fmt.Errorf("stopped at the first failing test: %w", err)
	}
	return goResult{args: args, stdout: stdout.Bytes(), stderr: stderr.Bytes(), err: err}
}

// testEvent is one line of `go test -json` (see `go doc test2json`).
type testEvent struct {
	Action     string
	Package    string
	ImportPath string // build events (Go 1.24+) name the package here
	Test       string
	Output     string
	Elapsed    float64 // seconds, on pass/fail/skip events
}

// testResult is one test (or subtest) of a `go test -json` run.
type testResult struct {
	Package string
	Name    string // "TestX" or "TestX/sub"
	Action  string // "pass", "fail", "skip", or "" if it never finished
	Output  strings.Builder
	Elapsed time.Duration // as go test reports it when the test ends
}

// testReport is a whole `go test -json` run.
type testReport struct {
	tests      []*testResult
	byKey      map[string]*testResult
	pkgOutput  map[string]*strings.Builder // output outside any test
	pkgFailed  map[string]bool
	otherLines strings.Builder // lines that are not JSON: build errors and the like
}

// parseTestJSON reads the output of `go test -json`.
func parseTestJSON(b []byte) *testReport {
	r := &testReport{byKey: map[string]*testResult{}, pkgOutput: map[string]*strings.Builder{}, pkgFailed: map[string]bool{}}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 1024*1024), 64*1024*1024)
	for sc.Scan() {
		line := sc.Bytes()
		var ev testEvent
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &ev) != nil {
			r.otherLines.Write(line)
			r.otherLines.WriteByte('\n')
			continue
		}
		if ev.Package == "" {
			// "p [p.test]" is p built for its tests: still package p.
			ev.Package, _, _ = strings.Cut(ev.ImportPath, " [")
		}
		if ev.Test == "" {
			switch ev.Action {
			case "output", "build-output":
				if r.pkgOutput[ev.Package] == nil {
					r.pkgOutput[ev.Package] = &strings.Builder{}
				}
				r.pkgOutput[ev.Package].WriteString(ev.Output)
			case "fail", "build-fail":
				r.pkgFailed[ev.Package] = true
			}
			continue
		}
		key := ev.Package + "\x00" + ev.Test
		t := r.byKey[key]
		if t == nil {
			t = &testResult{Package: ev.Package, Name: ev.Test}
			r.byKey[key] = t
			r.tests = append(r.tests, t)
		}
		switch ev.Action {
		case "output":
			t.Output.WriteString(ev.Output)
		case "pass", "fail", "skip":
			t.Action = ev.Action
			t.Elapsed = time.Duration(ev.Elapsed * float64(time.Second))
		}
	}
	return r
}

// count returns the passed, failed and skipped top-level tests.
func (r *testReport) count() (pass, fail, skip int) {
	for _, t := range r.tests {
		if strings.Contains(t.Name, "/") {
			continue
		}
		switch t.Action {
		case "pass":
			pass++
		case "fail", "":
			fail++
		case "skip":
			skip++
		}
	}
	return pass, fail, skip
}

// failedLeaves returns the failed tests that have no failed subtests: for a
// test with failing subtests, the subtests are the ones to judge. A test
// that never finished (a panic or a timeout) counts as failed.
func (r *testReport) failedLeaves() []*testResult {
	failedParent := map[string]bool{}
	for _, t := range r.tests {
		if t.Action == "fail" || t.Action == "" {
			for name := t.Name; strings.Contains(name, "/"); {
				name = name[:strings.LastIndex(name, "/")]
				failedParent[t.Package+"\x00"+name] = true
			}
		}
	}
	var out []*testResult
	for _, t := range r.tests {
		if (t.Action == "fail" || t.Action == "") && !failedParent[t.Package+"\x00"+t.Name] {
			out = append(out, t)
		}
	}
	return out
}

// anyTestFailed reports whether at least one test (not just a package) failed.
func (r *testReport) anyTestFailed() bool {
	for _, t := range r.tests {
		if t.Action == "fail" {
			return true
		}
	}
	return false
}

// packagesFailedOutsideTests lists packages that failed without a failing
// test: build errors, a failing TestMain, a panic or a timeout.
func (r *testReport) packagesFailedOutsideTests() []string {
	withFailingTest := map[string]bool{}
	for _, t := range r.tests {
		if t.Action == "fail" {
			withFailingTest[t.Package] = true
		}
	}
	var out []string
	for p := range r.pkgFailed {
		if !withFailingTest[p] {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// pkgOutputOf returns what package p printed outside its tests, or "" when
// that is only the "FAIL p [build failed]" line of a package whose
// dependency did not build (the dependency's own output has the errors).
func (r *testReport) pkgOutputOf(p string) string {
	b := r.pkgOutput[p]
	if b == nil {
		return ""
	}
	s := strings.TrimSpace(b.String())
	if !strings.Contains(s, "\n") && strings.HasPrefix(s, "FAIL") && strings.HasSuffix(s, "[build failed]") {
		return ""
	}
	return s
}

// allOutput is every line the run printed, in a readable (non-JSON) form.
func (r *testReport) allOutput() string {
	var b strings.Builder
	b.WriteString(r.otherLines.String())
	pkgs := make([]string, 0, len(r.pkgOutput))
	for p := range r.pkgOutput {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	for _, t := range r.tests {
		b.WriteString(t.Output.String())
	}
	for _, p := range pkgs {
		b.WriteString(r.pkgOutput[p].String())
	}
	return b.String()
}

// tail returns at most n last lines of s, saying how many it left out.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if n <= 0 || len(lines) <= n {
		return strings.Join(lines, "\n")
	}
	return fmt.Sprintf("… (%d lines above; -v prints all)\n", len(lines)-n) + strings.Join(lines[len(lines)-n:], "\n")
}

// relevantLines returns at most n lines of s: from a few lines before the
// first "panic:" if there is one, else the last n.
func relevantLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if strings.Contains(l, "panic:") && len(lines) > n {
			start := max(0, i-min(5, n/4))
			end := min(len(lines), start+n)
			out := strings.Join(lines[start:end], "\n")
			if start > 0 {
				out = fmt.Sprintf("… (%d lines above)\n", start) + out
			}
			if end < len(lines) {
				out += fmt.Sprintf("\n… (%d lines below; -v prints all)", len(lines)-end)
			}
			return out
		}
	}
	return tail(s, n)
}

// A tempModule is a scratch copy of the course module (go.mod and go.sum)
// into which one stage build at a time is written. Each worker of `check`
// owns one and reuses it, so the go build cache recognises packages that
// did not change between two builds.
type tempModule struct {
	dir     string
	written []string // stage folders currently written
}

// newTempModule creates a temporary module with root's go.mod and go.sum.
func newTempModule(root string) (*tempModule, error) {
	dir, err := os.MkdirTemp("", "course-check-")
	if err != nil {
		return nil, err
	}
	for _, name := range []string{"go.mod", "go.sum"} {
		b, err := os.ReadFile(filepath.Join(root, name))
		if os.IsNotExist(err) && name == "go.sum" {
			continue
		}
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, name), b, 0o644)
		}
		if err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	return &tempModule{dir: dir}, nil
}

// write replaces the module's stage folders with files (paths relative to
// the module root, as Generate returns them).
func (m *tempModule) write(files map[string][]byte) error {
	for _, d := range m.written {
		if err := os.RemoveAll(filepath.Join(m.dir, d)); err != nil {
			return err
		}
	}
	m.written = m.written[:0]
	tops := map[string]bool{}
	for p, b := range files {
		full := filepath.Join(m.dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, b, 0o644); err != nil {
			return err
		}
		top, _, _ := strings.Cut(p, "/")
		if !tops[top] {
			tops[top] = true
			m.written = append(m.written, top)
		}
	}
	return nil
}

// env is the environment of go commands run in a temporary module: no
// workspace, go.mod may be updated in the copy, and -trimpath (checkEnv).
func (m *tempModule) env() []string {
	return checkEnv("GOWORK=off", "GOFLAGS=-mod=mod")
}

// checkEnv is the environment `course check` gives its go commands: env
// plus -trimpath in GOFLAGS (added to the user's GOFLAGS, and to a GOFLAGS
// entry of env). Without -trimpath the go command keys a compiled package
// by its folder as well as its source, so a stage's packages compiled in
// one worker's temporary module (course-check-…) were compiled again in
// the other's, and in every run again (new temporary folders), and so was
// solutions/ in every fresh clone; with it, a package compiles once for
// its source, whichever folder holds it, and stays in the build cache
// between runs. Learners' commands (progress, watch) are left as they are.
func checkEnv(env ...string) []string {
	flags := os.Getenv("GOFLAGS")
	var out []string
	for _, e := range env {
		if v, ok := strings.CutPrefix(e, "GOFLAGS="); ok {
			flags += " " + v
			continue
		}
		out = append(out, e)
	}
	if !strings.Contains(" "+flags+" ", " -trimpath ") && !strings.Contains(flags, "-trimpath=") {
		flags += " -trimpath"
	}
	return append(out, "GOFLAGS="+strings.Join(strings.Fields(flags), " "))
}

func (m *tempModule) remove() { os.RemoveAll(m.dir) }
