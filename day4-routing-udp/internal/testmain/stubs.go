// Generated from solutions/internal/testmain/stubs.go by "go run ./tools/course gen".
// Learners: this is your copy for day 4 — write its TODOs here. Course authors: edit
// solutions/internal/testmain/stubs.go instead and regenerate; `course check` fails when the two drift.

package testmain

import (
	"bufio"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// A Stub is a TODO still open in a day folder: a todo.New call in the code
// that the learner has not yet replaced.
type Stub struct {
	Day         int
	Step        int    // the S of step N.S, or 0 when the TODO comment is gone
	ID          string // the TODO's id, also its anchor in the lesson
	Description string // from the TODO comment; "" when the comment is gone
	File        string // slash path from the module root, e.g. "day5-tcp/tcp/options.go"
	Line        int    // the TODO comment's line, or the stub's when the comment is gone
}

// StepName returns "5.1", or "5.?" when the step is not known.
func (s Stub) StepName() string {
	if s.Step == 0 {
		return strconv.Itoa(s.Day) + ".?"
	}
	return strconv.Itoa(s.Day) + "." + strconv.Itoa(s.Step)
}

var (
	// stubCall is a stub's call, e.g. `todo.New(5, "tcp-options")`.
	stubCall = regexp.MustCompile(`\btodo\.New\(\s*(\d+)\s*,\s*"([a-z0-9]+(?:-[a-z0-9]+)*)"\s*\)`)
	// todoComment is the comment gen writes above a stub:
	// "// TODO(day5): 5.1 tcp-options — parse the options." (older
	// comments have no step).
	todoComment = regexp.MustCompile(`^\s*//\s*TODO\(day(\d+)\):\s*(?:(\d+)\.(\d+)\s+)?([a-z0-9]+(?:-[a-z0-9]+)*)\s*(?:—|--|-|:)\s*(.*)$`)
)

// OpenStubs finds the open TODO stubs in the Go files (tests excluded) of
// dir and its subfolders, ordered by day and step (those whose step is not
// known last, in file order). It also returns how many Go files it read. A
// TODO counts once, even if its stub calls todo.New twice.
func OpenStubs(dir string) ([]Stub, int, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, 0, err
	}
	place := PlaceOf(dir)
	var stubs []Stub
	files := 0
	seen := map[string]bool{}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != dir && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return fs.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		files++
		found, err := scanFile(path)
		if err != nil {
			return err
		}
		for _, s := range found {
			if key := strconv.Itoa(s.Day) + "/" + s.ID; !seen[key] {
				seen[key] = true
				s.File = place.rel(path)
				stubs = append(stubs, s)
			}
		}
		return nil
	})
	sort.SliceStable(stubs, func(i, j int) bool {
		a, b := stubs[i], stubs[j]
		if a.Day != b.Day {
			return a.Day < b.Day
		}
		if (a.Step == 0) != (b.Step == 0) {
			return b.Step == 0
		}
		return a.Step < b.Step
	})
	return stubs, files, err
}

// scanFile returns the stubs of one Go file, in file order, with the step
// and description of their TODO comments. Lines that are comments are not
// stubs (solutions/ keeps its stubs commented out).
func scanFile(path string) ([]Stub, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	type comment struct {
		step int
		desc string
		line int
	}
	comments := map[string]comment{} // "day/id" -> its TODO comment
	var stubs []Stub
	inBlock := false // inside a /* */ comment
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 4<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if m := todoComment.FindStringSubmatch(line); m != nil {
			day, _ := strconv.Atoi(m[1])
			step, _ := strconv.Atoi(m[3])
			if m[2] != "" && m[2] != m[1] {
				step = 0 // "TODO(day5): 4.2 …" names another day's step: do not trust it
			}
			comments[strconv.Itoa(day)+"/"+m[4]] = comment{step, strings.TrimSpace(m[5]), n}
			continue
		}
		code := codeOf(line, &inBlock)
		for _, m := range stubCall.FindAllStringSubmatch(code, -1) {
			day, _ := strconv.Atoi(m[1])
			stubs = append(stubs, Stub{Day: day, ID: m[2], Line: n})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for i, s := range stubs {
		if c, ok := comments[strconv.Itoa(s.Day)+"/"+s.ID]; ok {
			stubs[i].Step, stubs[i].Description, stubs[i].Line = c.step, c.desc, c.line
		}
	}
	return stubs, nil
}

// codeOf returns the code of a line with its comments removed. inBlock
// carries a /* */ comment over from line to line. String literals are not
// parsed: a "//" inside one cuts the rest of the line, which at worst hides
// a stub written after a URL on the same line.
func codeOf(line string, inBlock *bool) string {
	var b strings.Builder
	for line != "" {
		if *inBlock {
			end := strings.Index(line, "*/")
			if end < 0 {
				return b.String()
			}
			line, *inBlock = line[end+2:], false
			continue
		}
		lc, bc := strings.Index(line, "//"), strings.Index(line, "/*")
		switch {
		case lc >= 0 && (bc < 0 || lc < bc):
			b.WriteString(line[:lc])
			return b.String()
		case bc >= 0:
			b.WriteString(line[:bc])
			line, *inBlock = line[bc+2:], true
		default:
			b.WriteString(line)
			return b.String()
		}
	}
	return b.String()
}
