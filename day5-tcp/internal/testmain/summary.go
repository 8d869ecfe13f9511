// Generated from solutions/internal/testmain/summary.go by "go run ./tools/course gen".
// Learners: this is your copy for day 5 — write its TODOs here. Course authors: edit
// solutions/internal/testmain/summary.go instead and regenerate; `course check` fails when the two drift.

package testmain

import (
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Headline starts a test's message that the summary prints first and as it
// is, without the test's name or file:line: the day folder's own test
// (next_test.go) says "Next: TODO(day5) 5.1 …" this way, so that the first
// line of `go test ./day5-tcp/...` names the TODO to write next.
const Headline = "Next: "

// Limits of a package's summary.
const (
	width         = 150 // longest line, in characters, before it is cut with "…"
	namesShown    = 3   // test names listed per stub, at most
	detailLines   = 12  // lines of the first other failure
	logLinesShown = 5   // lines of a stack log tail
	strayShown    = 12  // lines of output that belong to no test
	raceLines     = 12  // lines of a data race report
)

// Summarise turns the output of a failed test binary run without -v into
// the compact report Run prints. place locates the package (to find the
// day's stubs and shorten paths); how says how the binary ended if it did
// not exit by itself ("signal: killed"), else "".
func Summarise(raw []byte, place Place, how string) string {
	out := parse(string(raw))
	var b strings.Builder
	line := func(indent int, s string) {
		b.WriteString(strings.Repeat("    ", indent) + cut(s, width-4*indent) + "\n")
	}

	for _, s := range out.stray {
		if strings.HasPrefix(s, "-test.shuffle ") {
			line(0, s) // the seed that reproduces the order
		}
	}

	// Sort the failed leaves into the stubs they ran into, a headline, and
	// the other failures.
	type group struct {
		hit   hit
		tests []*test
	}
	var groups []*group
	byID := map[string]*group{}
	var others []*test
	for _, t := range out.tests {
		if !t.failedLeaf() {
			continue
		}
		if h := headlineOf(t); h != nil {
			for _, l := range h {
				b.WriteString(cut(l, width) + "\n")
			}
			continue
		}
		h, ok := firstHit(t)
		if !ok {
			if t == out.panicked && len(t.lines) == 0 {
				continue // the panic report below names it
			}
			others = append(others, t)
			continue
		}
		key := h.day + "/" + h.id
		g := byID[key]
		if g == nil {
			g = &group{hit: h}
			byID[key] = g
			groups = append(groups, g)
		}
		g.tests = append(g.tests, t)
	}

	// The stubs, in the order the lesson teaches them.
	stubs := map[string]Stub{}
	if len(groups) > 0 && place.Day != "" {
		found, _, _ := OpenStubs(place.Day)
		for _, s := range found {
			stubs[strconv.Itoa(s.Day)+"/"+s.ID] = s
		}
	}
	rank := func(g *group) (int, int) {
		s, ok := stubs[g.hit.day+"/"+g.hit.id]
		if !ok || s.Step == 0 {
			return 1, 0
		}
		return 0, s.Step
	}
	sort.SliceStable(groups, func(i, j int) bool {
		ki, si := rank(groups[i])
		kj, sj := rank(groups[j])
		if ki != kj {
			return ki < kj
		}
		return si < sj
	})
	for i, g := range groups {
		what := "TODO(day" + g.hit.day + ")"
		s, known := stubs[g.hit.day+"/"+g.hit.id]
		if known && s.Step != 0 {
			what += " " + s.StepName()
		}
		what += " " + g.hit.id
		if known {
			what += ", " + s.File + ":" + strconv.Itoa(s.Line) + ","
		}
		n := len(g.tests)
		// As many test names as fit on the line.
		head := fmt.Sprintf("%s stopped %d %s", what, n, plural(n, "test", "tests"))
		for k := namesShown; k > 0; k-- {
			h := head + ": " + names(g.tests, k)
			if len([]rune(h)) <= width {
				head = h
				break
			}
		}
		line(0, head)
		if i == 0 { // one assertion per package: the first stub's
			if a := assertion(g.tests[0], g.hit); a != "" {
				line(1, "e.g. "+a)
			}
		}
	}

	if len(others) > 0 {
		first := others[0]
		head := "FAILED " + first.name
		if first == out.panicked {
			head += " (then it panicked, see below)"
		}
		line(0, head)
		for _, l := range details(first) {
			line(1, l)
		}
		if len(others) > 1 {
			line(0, fmt.Sprintf("also failed (%d): %s", len(others)-1, names(others[1:], namesShown)))
		}
	}

	if len(out.panic) > 0 {
		for _, l := range panicReport(out, place) {
			line(0, l)
		}
	}

	if len(groups) == 0 && len(others) == 0 && len(out.panic) == 0 && b.Len() == 0 || how != "" {
		// Nothing recognisable failed (a TestMain, os.Exit in a test, a
		// killed binary): show the end of the output as it is.
		stray := out.stray
		if len(out.tests) == 0 && len(out.panic) == 0 {
			stray = strings.Split(strings.TrimRight(string(raw), "\n"), "\n")
		}
		if len(stray) > strayShown {
			line(0, fmt.Sprintf("… (%d lines above; go test -v prints them)", len(stray)-strayShown))
			stray = stray[len(stray)-strayShown:]
		}
		for _, l := range stray {
			if strings.TrimSpace(l) != "" {
				line(0, l)
			}
		}
	} else if race := raceReport(out.stray); len(race) > 0 {
		for _, l := range race {
			line(0, l)
		}
	} else if n := strayCount(out.stray); n > 0 && len(out.panic) == 0 {
		line(0, fmt.Sprintf("(and %d lines printed outside any test's log: go test -v shows them)", n))
	}
	if how != "" {
		line(0, "The test binary ended with "+how+".")
	}
	return b.String()
}

// raceReport returns the start of the race detector's first report, if
// the output has one: the two accesses and where they were made.
func raceReport(stray []string) []string {
	for i, l := range stray {
		if l != "WARNING: DATA RACE" {
			continue
		}
		var out []string
		for _, r := range stray[i:] {
			if strings.HasPrefix(r, "=====") || len(out) == raceLines {
				break
			}
			out = append(out, r)
		}
		return append(out, "    … go test -v prints the whole report")
	}
	return nil
}

// headlineOf returns the lines of t's Headline message, if it has one.
func headlineOf(t *test) []string {
	for _, e := range entries(t.lines) {
		if len(e.text) > 0 && strings.HasPrefix(e.text[0], Headline) {
			return e.text
		}
	}
	return nil
}

// strayCount counts the non-empty stray lines, leaving out the shuffle seed
// (already printed).
func strayCount(stray []string) int {
	n := 0
	for _, s := range stray {
		if strings.TrimSpace(s) != "" && !strings.HasPrefix(s, "-test.shuffle ") {
			n++
		}
	}
	return n
}

// names lists tests by their top-level name, in order, with how many
// subtests (or fuzz inputs) of each failed: "TestA, TestB (7), +3 more".
func names(tests []*test, max int) string {
	var order []string
	count := map[string]int{}
	for _, t := range tests {
		top := t.top()
		if count[top] == 0 {
			order = append(order, top)
		}
		count[top]++
	}
	var parts []string
	for i, n := range order {
		if i == max {
			parts = append(parts, fmt.Sprintf("+%d more", len(order)-max))
			break
		}
		if count[n] > 1 {
			n += " (" + strconv.Itoa(count[n]) + ")"
		}
		parts = append(parts, n)
	}
	return strings.Join(parts, ", ")
}

// assertion returns t's first failed assertion in one line, without the
// stub's lesson link (the line above has it).
func assertion(t *test, h hit) string {
	for u := t; u != nil; u = u.parent {
		for _, e := range entries(u.lines) {
			if s := oneLine(e); s != "" {
				return strings.ReplaceAll(s, " — see "+h.lesson, "")
			}
		}
	}
	return ""
}

// oneLine renders an assertion in one line, or "" for an entry that is not
// one (a stack report, a todo.Covers note).
func oneLine(e entry) string {
	if len(e.text) == 0 || isReport(e) {
		return ""
	}
	if e.loc == "" { // an Example
		return "got/want: " + squash(e.text)
	}
	if f, ok := e.testify(); ok {
		s := e.loc + ": " + squash(errorLines(f["Error"]))
		if m := f["Messages"]; len(m) > 0 {
			s += " | " + squash(m)
		}
		return s
	}
	return locPrefix(e) + squash(e.text)
}

// locPrefix returns "file_test.go:12: " for an entry logged by a test, and
// "" for one logged by a helper of the course (camptest.go, todo.go): the
// helper's file and line say nothing to a learner.
func locPrefix(e entry) string {
	file, _, _ := strings.Cut(e.loc, ":")
	if !strings.HasSuffix(file, "_test.go") {
		return ""
	}
	return e.loc + ": "
}

// details renders a failed test's log for a reader: its assertions with
// their labels, without testify's traces, and the end of its stack log.
func details(t *test) []string {
	var out []string
	var es []entry
	for u := t; u != nil; u = u.parent {
		if es = entries(u.lines); len(es) > 0 {
			break
		}
	}
	for _, e := range es {
		if len(e.text) == 0 {
			continue
		}
		switch f, ok := e.testify(); {
		case ok:
			errs := errorLines(f["Error"])
			out = append(out, e.loc+": "+firstOr(errs, ""))
			for _, l := range errs[min(1, len(errs)):] {
				out = append(out, "    "+l)
			}
			if m := f["Messages"]; len(m) > 0 {
				out = append(out, "    Messages: "+squash(m))
			}
		case isReport(e):
			out = append(out, report(e)...)
		case e.loc == "":
			out = append(out, e.text...)
		default:
			out = append(out, locPrefix(e)+e.text[0])
			for _, l := range e.text[1:] {
				out = append(out, "    "+l)
			}
		}
	}
	for len(out) > 0 && strings.TrimSpace(out[len(out)-1]) == "" {
		out = out[:len(out)-1]
	}
	if len(out) > detailLines {
		out = append(out[:detailLines-1], fmt.Sprintf("… (%d more lines: go test -v -run '^%s$' shows them)", len(out)-detailLines+1, t.top()))
	}
	return out
}

// isReport reports whether e is a stack report of camptest (the stubs a
// stack hit and the tail of its log).
func isReport(e entry) bool {
	for _, l := range e.text {
		if strings.HasPrefix(strings.TrimSpace(l), "Stack log") {
			return true
		}
	}
	return false
}

var logHeader = regexp.MustCompile(`^Stack log \(last (\d+) lines\):`)

// report shortens a stack report: the lines before its log as they are,
// then only the last lines of the log.
func report(e entry) []string {
	var out []string
	for i, l := range e.text {
		if m := logHeader.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
			log := e.text[i+1:]
			for len(log) > 0 && strings.TrimSpace(log[len(log)-1]) == "" {
				log = log[:len(log)-1]
			}
			if len(log) > logLinesShown {
				out = append(out, fmt.Sprintf("Stack log (last %d of %d lines):", logLinesShown, len(log)))
				log = log[len(log)-logLinesShown:]
			} else {
				out = append(out, strings.TrimSpace(l))
			}
			return append(out, log...)
		}
		out = append(out, l) // the helper's file:line says nothing to a learner: left out
	}
	return out
}

// errorLines returns the lines of testify's Error field up to its diff
// (the expected/actual lines above it say the same, shorter).
func errorLines(lines []string) []string {
	var out []string
	for _, l := range lines {
		if strings.TrimSpace(l) == "Diff:" {
			break
		}
		out = append(out, l)
	}
	for len(out) > 0 && strings.TrimSpace(out[len(out)-1]) == "" {
		out = out[:len(out)-1]
	}
	return out
}

// panicReport says what panicked or timed out, and where.
func panicReport(out *output, place Place) []string {
	msg := strings.TrimPrefix(out.panic[0], "panic: ")
	msg = strings.TrimSuffix(strings.TrimSuffix(msg, " [recovered]"), " [recovered, repanicked]")
	var res []string
	if strings.HasPrefix(msg, "test timed out after") {
		var running []string
		for _, l := range out.panic[1:] {
			if l == "" {
				break
			}
			if t := strings.TrimSpace(l); t != "running tests:" {
				running = append(running, t)
			}
		}
		head := "TIMEOUT: " + msg
		if len(running) > 0 {
			head += ", running " + strings.Join(running, ", ")
		}
		res = append(res, head)
	} else {
		head := "PANIC"
		if out.panicked != nil {
			head += " in " + out.panicked.name
		}
		res = append(res, head+": "+msg)
		for _, l := range out.panic[1:] {
			if strings.HasPrefix(l, "\tpanic: ") || l == "" || strings.HasPrefix(l, "goroutine ") {
				break
			}
			res = append(res, "    "+l) // a message of several lines
			if len(res) > 4 {
				break
			}
		}
	}
	if at := frames(out.panic, place); at != "" {
		res = append(res, "    at "+at)
	}
	res = append(res, "    The tests after it did not run; go test -v prints the whole trace.")
	return res
}

var frameLine = regexp.MustCompile(`^\t(.+\.go):(\d+)(?: \+0x[0-9a-f]+)?$`)

// frames finds where a panic happened in the course's code: the first frame
// in a _test.go file and, if the panic came from deeper, the first frame of
// the module before it.
func frames(trace []string, place Place) string {
	var inModule, inTest string
	for _, l := range trace {
		m := frameLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		file := m[1]
		rel := place.rel(file)
		if place.Root == "" || rel == filepath.ToSlash(file) {
			continue // not in the module: the runtime, testing, a library
		}
		where := rel + ":" + m[2]
		if strings.HasSuffix(file, "_test.go") {
			inTest = where
			break
		}
		if inModule == "" {
			inModule = where
		}
	}
	switch {
	case inTest == "" && inModule == "":
		return ""
	case inTest == "":
		return inModule
	case inModule == "":
		return inTest + " (the first frame in a _test.go file)"
	}
	return inModule + ", called from " + inTest
}

// squash joins lines into one, with single spaces.
func squash(lines []string) string {
	var parts []string
	for _, l := range lines {
		if f := strings.Join(strings.Fields(l), " "); f != "" {
			parts = append(parts, f)
		}
	}
	return strings.Join(parts, " ")
}

// cut shortens s to n characters, ending it with "…".
func cut(s string, n int) string {
	r := []rune(s)
	if n < 10 || len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func firstOr(s []string, def string) string {
	if len(s) == 0 {
		return def
	}
	return s[0]
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
