// Generated from solutions/next_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 2 — write its TODOs here. Course authors: edit
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

	"github.com/go-tcpip-camp/camp/day2-ip-icmp/internal/testmain"
	"github.com/go-tcpip-camp/camp/day2-ip-icmp/todo"
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
	var open []string
	for _, s := range stubs {
		open = append(open, s.StepName()+" "+s.ID)
	}
	left := wrap(fmt.Sprintf("Open (%d): %s", len(stubs), strings.Join(open, ", ")), 120)
	if len(left) > 2 {
		left = append(left[:1], "… and more: go run ./tools/course todos lists them all")
	}
	b.WriteString("    " + strings.Join(left, "\n    "))
	return b.String()
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
