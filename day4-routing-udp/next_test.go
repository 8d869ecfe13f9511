// Generated from solutions/next_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 4 — write its TODOs here. Course authors: edit
// solutions/next_test.go instead and regenerate; `course check` fails when the two drift.

// Package day is the day folder's own test: it says which TODO to write
// next. It is the first package `go test ./dayN-...` runs, so a learner
// reads, on the first lines of the run, the next TODO, where it is and where
// the lesson explains it; below come the failing tests of the other
// packages, grouped by the TODO they ran into (see internal/testmain).
//
// In solutions/ and in a finished day folder there is no TODO left, and
// the test passes.
package day

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-tcpip-camp/camp/day4-routing-udp/internal/testmain"
	"github.com/go-tcpip-camp/camp/day4-routing-udp/todo"
)

func TestMain(m *testing.M) { os.Exit(testmain.Run(m)) }

// TestNextTODO fails while a TODO stub is left in this folder, naming the
// first one in the lesson's order.
func TestNextTODO(t *testing.T) {
	stubs, files, err := testmain.OpenStubs(".")
	if err != nil {
		t.Fatalf("reading the Go files of this folder: %v", err)
	}
	if files == 0 {
		t.Fatal("found no Go file in this folder: run the test from the day folder (go test ./dayN-...)")
	}
	if len(stubs) > 0 {
		t.Error(nextMessage(stubs))
	}
}

// TestEveryTestPackageHasTestMain keeps plain `go test` short everywhere:
// a test package without a TestMain that calls testmain.Run would print
// every failing test in full (see internal/testmain).
func TestEveryTestPackageHasTestMain(t *testing.T) {
	withTests := map[string]bool{} // folders with tests
	withMain := map[string]bool{}  // folders whose tests call testmain.Run
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != "." && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		dir := filepath.ToSlash(filepath.Dir(path))
		withTests[dir] = true
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(src), "testmain.Run(m)") || strings.Contains(string(src), "os.Exit(Run(m))") {
			withMain[dir] = true
		}
		return nil
	})
	if err != nil {
		t.Fatalf("reading the test files of this folder: %v", err)
	}
	if len(withTests) == 0 {
		t.Fatal("found no test file in this folder")
	}
	for dir := range withTests {
		if !withMain[dir] {
			t.Errorf("%s has tests but no main_test.go with func TestMain(m *testing.M) { os.Exit(testmain.Run(m)) }: copy one from another package (docs/course-markers.md)", dir)
		}
	}
}

// nextMessage says which TODO to write next, and which are left.
func nextMessage(stubs []testmain.Stub) string {
	next := stubs[0]
	var b strings.Builder
	fmt.Fprintf(&b, "%sTODO(day%d) %s %s — %s:%d\n", testmain.Headline, next.Day, next.StepName(), next.ID, next.File, next.Line)
	desc := next.Description
	if desc == "" {
		desc = "(its TODO comment is gone: the lesson explains it)"
	}
	for _, l := range wrap(desc, 120) {
		b.WriteString("    " + l + "\n")
	}
	fmt.Fprintf(&b, "    Lesson: %s#%s\n", todo.Lesson(next.Day), next.ID)
	if len(stubs) == 1 {
		b.WriteString("    It is the last TODO of this folder.")
		return b.String()
	}
	// The open TODOs, on at most two lines.
	lines := []string{fmt.Sprintf("Open (%d):", len(stubs))}
	for i, s := range stubs {
		item := " " + s.StepName() + " " + s.ID
		if i < len(stubs)-1 {
			item += ","
		}
		room := 110
		if len(lines) == 2 && i < len(stubs)-1 {
			room -= len(moreTODOs(len(stubs))) // the second line must keep room to say how many more
		}
		if last := &lines[len(lines)-1]; len(*last)+len(item) <= room {
			*last += item
			continue
		}
		if len(lines) == 2 {
			lines[1] += moreTODOs(len(stubs) - i)
			break
		}
		lines = append(lines, strings.TrimSpace(item))
	}
	b.WriteString("    " + strings.Join(lines, "\n    "))
	return b.String()
}

// moreTODOs says how many more TODOs are open than the list shows.
func moreTODOs(n int) string {
	return fmt.Sprintf(" +%d more (go run ./tools/course todos)", n)
}

// wrap splits s into lines of at most n characters, between words.
func wrap(s string, n int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && len([]rune(line))+1+len([]rune(w)) > n {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

func TestNextMessage(t *testing.T) {
	stubs := []testmain.Stub{
		{Day: 5, Step: 1, ID: "tcp-options", Description: "read the options one by one.", File: "day5-tcp/tcp/options.go", Line: 124},
		{Day: 5, Step: 3, ID: "tcp-closed-rst", File: "day5-tcp/tcp/layer.go", Line: 184},
	}
	want := `Next: TODO(day5) 5.1 tcp-options — day5-tcp/tcp/options.go:124
    read the options one by one.
    Lesson: docs/day5-tcp.md#tcp-options
    Open (2): 5.1 tcp-options, 5.3 tcp-closed-rst`
	if got := nextMessage(stubs); got != want {
		t.Errorf("nextMessage:\n%s\nwant:\n%s", got, want)
	}
	var many []testmain.Stub
	for i := 1; i <= 14; i++ {
		many = append(many, testmain.Stub{Day: 6, Step: i, ID: fmt.Sprintf("tcp-some-long-todo-%d", i)})
	}
	lines := strings.Split(nextMessage(many), "\n")
	if len(lines) != 5 || !strings.HasSuffix(lines[4], "more (go run ./tools/course todos)") || len(lines[4]) > 4+110 {
		t.Errorf("14 open TODOs take two lines, the second ending with how many more:\n%s", strings.Join(lines, "\n"))
	}
	if got := nextMessage(stubs[1:]); !strings.Contains(got, "(its TODO comment is gone") || !strings.HasSuffix(got, "It is the last TODO of this folder.") {
		t.Errorf("a stub without its comment, the last one:\n%s", got)
	}
}
