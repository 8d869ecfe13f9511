// Generated from solutions/internal/testmain/parse.go by "go run ./tools/course gen".
// Learners: this is your copy for day 1 — write its TODOs here. Course authors: edit
// solutions/internal/testmain/parse.go instead and regenerate; `course check` fails when the two drift.

package testmain

import (
	"regexp"
	"strings"
)

// This file reads the output of a test binary run without -v: a
// "--- FAIL: TestX (0.01s)" line per failed test, its log indented four
// spaces deeper than the line, subtests nested four spaces deeper, an
// Example's got/want at column 0, and, if the binary panicked or timed out,
// "panic: …" with the goroutine traces at the end.

// A test is one test or subtest of the output, with its own log.
type test struct {
	name     string // "TestX/sub"
	failed   bool
	lines    []string // its own log, with the nesting indentation removed
	parent   *test
	children []*test
}

// failedLeaf reports whether t failed and none of its subtests did: the
// test to judge (its failing subtests say more than it does).
func (t *test) failedLeaf() bool {
	if !t.failed {
		return false
	}
	for _, c := range t.children {
		if c.failed {
			return false
		}
	}
	return true
}

// top returns the name of the top-level test t belongs to.
func (t *test) top() string {
	name, _, _ := strings.Cut(t.name, "/")
	return name
}

// output is a test binary's output, read.
type output struct {
	tests    []*test  // every test, in order of appearance
	panic    []string // from the "panic:" or "fatal error:" line to the end
	panicked *test    // the test running when it panicked, if known
	stray    []string // lines that belong to no test
}

var header = regexp.MustCompile(`^--- (FAIL|PASS|SKIP|BENCH): (\S+)(?: \(.*\))?$`)

// parse reads a test binary's output.
func parse(text string) *output {
	out := &output{}
	var open []*test // open[d] is the test at nesting depth d
	var last *test   // the test whose header came last
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for i, line := range lines {
		if strings.HasPrefix(line, "panic: ") || strings.HasPrefix(line, "fatal error: ") {
			out.panic = lines[i:]
			out.panicked = last
			break
		}
		body := strings.TrimLeft(line, " ")
		indent := len(line) - len(body)
		if m := header.FindStringSubmatch(body); m != nil && indent%4 == 0 {
			depth := indent / 4
			if depth > len(open) {
				depth = len(open) // a header deeper than its parent: keep it as deep as possible
			}
			t := &test{name: m[2], failed: m[1] == "FAIL"}
			open = open[:depth]
			if depth > 0 {
				t.parent = open[depth-1]
				t.parent.children = append(t.parent.children, t)
			}
			open = append(open, t)
			out.tests = append(out.tests, t)
			last = t
			continue
		}
		switch {
		case line == "FAIL" || line == "PASS":
			open = nil
			continue
		case strings.TrimSpace(line) == "" && indent == len(line) && indent < 4:
			continue // an empty line between blocks
		case indent == 0:
			// Column 0: an Example's got/want, or output a test printed
			// itself (fmt.Println) or the race detector's report.
			if len(open) > 0 && strings.HasPrefix(open[0].name, "Example") {
				open[0].lines = append(open[0].lines, line)
			} else {
				out.stray = append(out.stray, line)
			}
			continue
		}
		placed := false
		for d := len(open) - 1; d >= 0; d-- {
			if indent >= 4*(d+1) {
				open[d].lines = append(open[d].lines, line[4*(d+1):])
				placed = true
				break
			}
		}
		if !placed {
			out.stray = append(out.stray, line)
		}
	}
	return out
}

// An entry is one t.Log/t.Error call of a test: "file_test.go:12: text" and
// the lines that continue it (indented four more spaces).
type entry struct {
	loc  string   // "file_test.go:12", or "" for got/want lines
	text []string // the first line's text, then the continuation lines (unindented)
}

var entryStart = regexp.MustCompile(`^([\w.+\-]+\.go:\d+): ?(.*)$`)

// entries splits a test's own log into its t.Log calls.
func entries(lines []string) []entry {
	var out []entry
	for _, l := range lines {
		if m := entryStart.FindStringSubmatch(l); m != nil {
			out = append(out, entry{loc: m[1], text: []string{m[2]}})
			continue
		}
		if len(out) == 0 {
			out = append(out, entry{})
		}
		e := &out[len(out)-1]
		e.text = append(e.text, strings.TrimPrefix(l, "    "))
	}
	return out
}

// testify returns the fields of a testify failure ("Error Trace:",
// "Error:", "Test:", "Messages:" …), each with its lines, and whether e is
// one.
func (e entry) testify() (map[string][]string, bool) {
	fields := map[string][]string{}
	key := ""
	for _, l := range e.text[1:] {
		if !strings.HasPrefix(l, "\t") {
			if key == "" {
				continue
			}
			fields[key] = append(fields[key], strings.TrimSpace(l))
			continue
		}
		name, value, ok := strings.Cut(l[1:], "\t")
		if ok && strings.HasSuffix(strings.TrimSpace(name), ":") {
			key = strings.TrimSuffix(strings.TrimSpace(name), ":")
			fields[key] = append(fields[key], strings.TrimRight(value, " \t"))
			continue
		}
		if ok && strings.TrimSpace(name) == "" && key != "" { // a continuation: "\t    \tvalue"
			fields[key] = append(fields[key], strings.TrimRight(value, " \t"))
		}
	}
	_, isErr := fields["Error"]
	return fields, isErr
}

// stubHit is one mention of a stub's error, as todo.Error prints it.
var stubHit = regexp.MustCompile(`TODO\(day(\d+)\): ([a-z0-9]+(?:-[a-z0-9]+)*) is not implemented yet(?: — see (\S+))?`)

// A hit is the stub a test ran into.
type hit struct {
	day    string
	id     string
	lesson string // "docs/day5-tcp.md#tcp-options", if printed
}

// firstHit returns the first stub mentioned in t's log, or in its parents'
// own logs (a parent's stack report covers its subtests).
func firstHit(t *test) (hit, bool) {
	for ; t != nil; t = t.parent {
		for _, l := range t.lines {
			if m := stubHit.FindStringSubmatch(l); m != nil {
				return hit{m[1], m[2], strings.TrimRight(m[3], ".,;:)")}, true
			}
		}
	}
	return hit{}, false
}
