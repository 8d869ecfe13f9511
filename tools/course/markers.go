package main

// This file reads the //camp: markers of one solution file into a small tree
// and checks them against docs/course-markers.md. Every mistake is reported
// as "solutions/<path>:<line>: reason", and all of them are collected, so a
// course author fixes a file in one go.

import (
	"fmt"
	"go/parser"
	"go/token"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// markerPrefix starts every marker line (after optional indentation).
const markerPrefix = "//camp:"

// solutionsOnlyWord is the argument of the file marker that keeps a test
// file out of every stage: //camp:file solutions.
const solutionsOnlyWord = "solutions"

// kind tells the three sorts of node apart.
type kind int

const (
	textNode    kind = iota // an ordinary line of the solution
	fromNode                // //camp:from N … [//camp:else …] //camp:end
	todoNode                // //camp:todo N.S id: description … //camp:stub … //camp:end
	mistakeNode             // //camp:mistake N.S id: description … //camp:instead … //camp:end
)

// A node is one line of a solution file, or one block with the lines inside it.
type node struct {
	kind   kind
	line   int    // 1-based line of the text, or of the block's opening marker
	text   string // textNode: the line as written
	indent string // blocks: the white space before the opening marker
	day    int    // blocks: the day named by the opening marker
	body   []*node
	// alt holds the commented-out lines of a from block's else section, of
	// a todo block's stub section or of a mistake block's instead section,
	// as written in solutions/.
	alt    []string
	hasAlt bool // the block has an else/stub/instead marker

	bad bool // the opening marker is malformed (already reported)

	// todo and mistake blocks only
	step int
	id   string
	desc string
}

// A sourceFile is one parsed Go file of solutions/.
type sourceFile struct {
	rel string // slash-separated path below solutions/, e.g. "stack/device.go"
	day int    // the day the file first appears (its //camp:file marker, or 1)
	// solutionsOnly: the file is marked //camp:file solutions, a test of
	// the course's own tooling that no stage has (course check runs it in
	// solutions/ only).
	solutionsOnly bool
	pkgName       string // the name in its package clause
	nodes         []*node
}

// A TODO is one exercise of the course, as listed by `course todos`.
type TODO struct {
	Day         int
	Step        int
	ID          string
	Description string
	File        string // "solutions/<path>"
	Line        int    // line of the //camp:todo marker
}

// A Mistake is a plausible learner mistake written beside the solution of a
// TODO: course check proves that some test of the TODO's stage catches it.
type Mistake struct {
	Day         int
	Step        int
	ID          string
	Description string
	File        string // "solutions/<path>"
	Line        int    // line of the //camp:mistake marker
	TODO        string // id of the TODO N.S names (set by Load)
}

// A markerError is a mistake at one line of a solution file.
type markerError struct {
	file string // "solutions/<path>"
	line int
	msg  string
}

func (e *markerError) Error() string { return fmt.Sprintf("%s:%d: %s", e.file, e.line, e.msg) }

var (
	// todoArgs matches the arguments of a todo marker: "N.S id: description".
	todoArgs = regexp.MustCompile(`^(\d+)\.(\d+)\s+([^\s:]+):\s*(.*)$`)
	// validID is lowercase words (letters and digits) joined by "-".
	validID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	// directive matches comment lines that are directives (//go:build,
	// //go:generate, //camp:…), which gofmt never mixes into doc comments.
	directive = regexp.MustCompile(`^//[a-z0-9]+:\S`)
)

// stubCall returns a pattern for the call a stub must contain.
func stubCall(day int, id string) *regexp.Regexp {
	return regexp.MustCompile(`todo\.New\(\s*` + strconv.Itoa(day) + `\s*,\s*"` + regexp.QuoteMeta(id) + `"\s*\)`)
}

// parseFile reads the markers of one solution file. It returns the file even
// when it also returns errors, so that more files can be checked.
func parseFile(rel string, src []byte) (*sourceFile, []error) {
	name := solutionsDir + "/" + rel
	f := &sourceFile{rel: rel, day: 1}
	var errs []error
	fail := func(line int, format string, args ...any) {
		errs = append(errs, &markerError{name, line, fmt.Sprintf(format, args...)})
	}

	// The package clause splits the file: the file marker goes above it,
	// block markers below it. The solution is plain Go, so go/parser finds it.
	fset := token.NewFileSet()
	pf, err := parser.ParseFile(fset, name, src, parser.PackageClauseOnly|parser.ParseComments)
	if err != nil {
		return f, []error{fmt.Errorf("%v (a solution file must be valid Go)", err)}
	}
	f.pkgName = pf.Name.Name
	pkgLine := fset.Position(pf.Package).Line

	lines := strings.Split(string(src), "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1] // the newline ending the last line
	}

	// isComment reports whether line i (0-based) is a comment that gofmt
	// could merge with a marker: a // comment that is not a directive.
	isComment := func(i int) bool {
		if i < 0 || i >= len(lines) {
			return false
		}
		t := strings.TrimSpace(lines[i])
		return strings.HasPrefix(t, "//") && !directive.MatchString(t)
	}

	// stack holds the open blocks; inAlt is true once the innermost block
	// has reached its else/stub section.
	var stack []*node
	inAlt := false
	altLine := make([]bool, len(lines)) // lines of else/stub sections
	var topLevel []int                  // 0-based lines of markers at column 0
	fileMarkerLine := 0
	appendNode := func(n *node) {
		if len(stack) == 0 {
			f.nodes = append(f.nodes, n)
		} else {
			top := stack[len(stack)-1]
			top.body = append(top.body, n)
		}
	}
	// outerDay is the day a new block must not be earlier than.
	outerDay := func() (int, string) {
		if len(stack) > 0 {
			return stack[len(stack)-1].day, "its outer block"
		}
		return f.day, "its file"
	}

	for i, raw := range lines {
		ln := i + 1
		trimmed := strings.TrimSpace(raw)
		if !strings.HasPrefix(trimmed, markerPrefix) {
			if inAlt {
				top := stack[len(stack)-1]
				if trimmed != "" && !strings.HasPrefix(trimmed, "//") {
					fail(ln, "non-comment line in a %s section: write its lines as // comments", altName(top))
				}
				top.alt = append(top.alt, raw)
				altLine[i] = true
				continue
			}
			appendNode(&node{kind: textNode, line: ln, text: raw})
			continue
		}

		// A marker line.
		if strings.HasPrefix(raw, markerPrefix) {
			topLevel = append(topLevel, i)
		}
		word, args, _ := strings.Cut(strings.TrimPrefix(trimmed, markerPrefix), " ")
		args = strings.TrimSpace(args)
		if inAlt && word != "end" {
			fail(ln, "marker //camp:%s inside a %s section: %s sections hold only comment lines", word, altName(stack[len(stack)-1]), altName(stack[len(stack)-1]))
			continue
		}
		switch word {
		case "file":
			day, ok := parseMarkerDay(args)
			only := args == solutionsOnlyWord
			switch {
			case !ok && !only:
				fail(ln, "malformed file marker %q: want //camp:file N with a day 1–%d, or //camp:file %s", trimmed, maxDay, solutionsOnlyWord)
			case ln > pkgLine:
				fail(ln, "file marker below the package clause: put it among the comment lines above `package`")
			case fileMarkerLine != 0:
				fail(ln, "second file marker (the first is on line %d)", fileMarkerLine)
			case only && !strings.HasSuffix(rel, "_test.go"):
				fail(ln, "//camp:file %s on a file that is not a test: every stage needs all of a package's code; only _test.go files (tests of the course's own tooling) may stay out of every stage", solutionsOnlyWord)
				fileMarkerLine = ln
			case only:
				f.solutionsOnly, fileMarkerLine = true, ln
			default:
				f.day, fileMarkerLine = day, ln
			}

		case "from", "todo", "mistake":
			n := &node{kind: fromNode, line: ln, indent: raw[:len(raw)-len(strings.TrimLeft(raw, " \t"))]}
			if len(stack) > 0 && stack[len(stack)-1].kind == mistakeNode {
				fail(ln, "marker //camp:%s inside a mistake block (line %d): a mistake block holds only plain lines", word, stack[len(stack)-1].line)
			}
			if word == "from" {
				day, ok := parseMarkerDay(args)
				if !ok {
					fail(ln, "malformed from marker %q: want //camp:from N with a day 1–%d", trimmed, maxDay)
				}
				n.day = day
			} else {
				n.kind = todoNode
				if word == "mistake" {
					n.kind = mistakeNode
				}
				parseTodoMarker(n, args, func(format string, a ...any) { fail(ln, format, a...) })
				if word == "mistake" && n.day != 0 {
					checkMistakePlace(n, stack, func(format string, a ...any) { fail(ln, format, a...) })
				}
			}
			if ln < pkgLine {
				fail(ln, "block marker above the package clause")
			}
			if f.solutionsOnly {
				fail(ln, "//camp:%s in a file marked //camp:file %s (line %d): no stage has the file, so its blocks would never be resolved", word, solutionsOnlyWord, fileMarkerLine)
			}
			if outer, what := outerDay(); n.day != 0 && n.day < outer {
				fail(ln, "block of day %d inside %s of day %d: an inner block's day must be no earlier", n.day, what, outer)
			}
			if n.day == 0 { // already reported; keep the nesting intact
				n.day, _ = outerDay()
				n.bad = true
			}
			appendNode(n)
			stack = append(stack, n)

		case "else", "stub", "instead":
			if args != "" {
				fail(ln, "malformed marker %q: //camp:%s takes no arguments", trimmed, word)
			}
			want := map[string]kind{"else": fromNode, "stub": todoNode, "instead": mistakeNode}[word]
			if len(stack) == 0 {
				fail(ln, "//camp:%s with no open block", word)
				continue
			}
			top := stack[len(stack)-1]
			if top.kind != want {
				fail(ln, "//camp:%s inside a %s block (line %d): %s", word, blockName(top), top.line,
					map[string]string{"else": "else belongs to from blocks", "stub": "stub belongs to todo blocks", "instead": "instead belongs to mistake blocks"}[word])
				continue
			}
			top.hasAlt, inAlt = true, true

		case "end":
			if args != "" {
				fail(ln, "malformed marker %q: //camp:end takes no arguments", trimmed)
			}
			if len(stack) == 0 {
				fail(ln, "//camp:end with no open block")
				continue
			}
			top := stack[len(stack)-1]
			stack, inAlt = stack[:len(stack)-1], false
			endFail := func(format string, a ...any) {
				errs = append(errs, &markerError{name, top.line, fmt.Sprintf(format, a...)})
			}
			switch top.kind {
			case todoNode:
				checkStub(top, endFail)
			case mistakeNode:
				checkInstead(top, endFail)
			}

		default:
			fail(ln, "unknown marker //camp:%s (markers are file, from, else, todo, stub, mistake, instead, end)", word)
		}
	}
	for _, n := range stack {
		fail(n.line, "%s block not closed: add //camp:end", blockName(n))
	}
	checkTopLevel(lines, topLevel, altLine, isComment, fail)
	return f, errs
}

// checkTopLevel reports top-level markers that gofmt would move. gofmt
// rewrites the doc comment of a declaration and moves directive-like lines
// (//camp:… included) to its end, so a marker must not touch an ordinary
// comment line — except the lines of its own else/stub section — and an
// else/stub section must not run straight into a declaration.
func checkTopLevel(lines []string, topLevel []int, altLine []bool, isComment func(int) bool, fail func(int, string, ...any)) {
	for _, i := range topLevel {
		for _, j := range []int{i - 1, i + 1} {
			if isComment(j) && !altLine[j] {
				fail(i+1, "top-level marker touches the comment on line %d: leave a blank line between them (gofmt would move the marker into that doc comment)", j+1)
				break
			}
		}
		// An end closing a top-level else/stub section: the comment group
		// it ends must not be the doc comment of what follows.
		if i == 0 || !altLine[i-1] || strings.TrimSpace(lines[i-1]) == "" {
			continue
		}
		j := i + 1
		for j < len(lines) && strings.HasPrefix(lines[j], "//") {
			j++
		}
		if j < len(lines) && strings.TrimSpace(lines[j]) != "" {
			fail(i+1, "top-level else/stub section runs into line %d: leave a blank line after //camp:end (gofmt would rewrite the section as a doc comment)", j+1)
		}
	}
}

// parseMarkerDay parses the day argument of a file or from marker.
func parseMarkerDay(s string) (int, bool) {
	d, err := strconv.Atoi(s)
	return d, err == nil && d >= 1 && d <= maxDay
}

// parseTodoMarker fills in day, step, id and description of a todo block.
func parseTodoMarker(n *node, args string, fail func(string, ...any)) {
	m := todoArgs.FindStringSubmatch(args)
	if m == nil {
		fail("malformed %s marker: want //camp:%s N.S id: description", blockName(n), blockName(n))
		return
	}
	day, _ := strconv.Atoi(m[1])
	step, _ := strconv.Atoi(m[2])
	if day < 1 || day > maxDay {
		fail("%s marker names day %d, outside 1–%d", blockName(n), day, maxDay)
	} else {
		n.day = day
	}
	if step < 1 {
		fail("%s marker names step %d: steps start at 1", blockName(n), step)
	}
	if !validID.MatchString(m[3]) {
		fail("malformed %s id %q: want lowercase words joined by -", map[kind]string{todoNode: "TODO", mistakeNode: "mistake"}[n.kind], m[3])
	}
	if strings.TrimSpace(m[4]) == "" {
		fail("%s marker %q has no description", blockName(n), m[3])
	}
	n.step, n.id, n.desc = step, m[3], strings.TrimSpace(m[4])
}

// checkStub reports a todo block without a stub section, or whose stub does
// not call todo.New with the block's own day and id.
func checkStub(n *node, fail func(string, ...any)) {
	if !n.hasAlt {
		fail("todo block %q has no //camp:stub section", n.id)
		return
	}
	if n.id == "" || n.bad {
		return // the marker itself is malformed, already reported
	}
	var stub strings.Builder
	for _, l := range n.alt {
		stub.WriteString(uncomment(l) + "\n")
	}
	if !stubCall(n.day, n.id).MatchString(stub.String()) {
		fail("the stub of TODO %q lacks todo.New(%d, %q): a stub must fail with its own day and id", n.id, n.day, n.id)
	}
}

// checkMistakePlace reports a mistake block placed where filled stage N
// does not have its lines: inside a block of a later day, or inside the
// solution of another TODO than the one it names.
func checkMistakePlace(n *node, stack []*node, fail func(string, ...any)) {
	for i := len(stack) - 1; i >= 0; i-- {
		o := stack[i]
		if o.kind == todoNode && o.day == n.day && o.step != n.step && !o.bad {
			fail("mistake %d.%d %s sits inside the solution of TODO %d.%d %s: a mistake names the TODO whose lines it changes", n.day, n.step, n.id, o.day, o.step, o.id)
			return
		}
	}
}

// checkInstead reports a mistake block without an instead section, or with
// an empty one (a mistake that changes nothing proves nothing).
func checkInstead(n *node, fail func(string, ...any)) {
	if !n.hasAlt {
		fail("mistake block %q has no //camp:instead section", n.id)
		return
	}
	for _, l := range n.alt {
		if strings.TrimSpace(uncomment(l)) != "" {
			return
		}
	}
	if len(n.body) == 0 {
		fail("mistake block %q changes nothing: write the correct lines above //camp:instead and the wrong ones below it", n.id)
	}
}

func blockName(n *node) string {
	switch n.kind {
	case todoNode:
		return "todo"
	case mistakeNode:
		return "mistake"
	}
	return "from"
}

func altName(n *node) string {
	switch n.kind {
	case todoNode:
		return "stub"
	case mistakeNode:
		return "instead"
	}
	return "else"
}

// uncomment turns a commented-out line of an else or stub section back into
// code: it keeps the indentation, removes the leading "//" and then one space
// or tab, so "\t// // Hint" becomes "\t// Hint". Blank lines stay blank.
func uncomment(line string) string {
	rest := strings.TrimLeft(line, " \t")
	indent := line[:len(line)-len(rest)]
	after, ok := strings.CutPrefix(rest, "//")
	if !ok {
		return line
	}
	if after != "" && (after[0] == ' ' || after[0] == '\t') {
		after = after[1:]
	}
	return indent + after
}

// mistakes returns the mistake blocks of a file, in file order.
func (f *sourceFile) mistakes() []Mistake {
	var out []Mistake
	var walk func([]*node)
	walk = func(ns []*node) {
		for _, n := range ns {
			if n.kind == mistakeNode {
				out = append(out, Mistake{Day: n.day, Step: n.step, ID: n.id, Description: n.desc,
					File: solutionsDir + "/" + f.rel, Line: n.line})
			}
			walk(n.body)
		}
	}
	walk(f.nodes)
	return out
}

// checkMistakes reports duplicate mistake ids and mistakes whose step names
// no TODO, and fills in the TODO of each mistake.
func checkMistakes(ms []Mistake, todos []TODO) []error {
	var errs []error
	byStep := map[[2]int]TODO{}
	for _, t := range todos {
		byStep[[2]int{t.Day, t.Step}] = t
	}
	byID := map[string]Mistake{}
	for i, m := range ms {
		if m.ID == "" || m.Day == 0 {
			continue // malformed marker, already reported
		}
		if first, ok := byID[m.ID]; ok {
			errs = append(errs, &markerError{m.File, m.Line, fmt.Sprintf("duplicate mistake id %q (first at %s:%d)", m.ID, first.File, first.Line)})
		} else {
			byID[m.ID] = m
		}
		t, ok := byStep[[2]int{m.Day, m.Step}]
		if !ok {
			errs = append(errs, &markerError{m.File, m.Line, fmt.Sprintf("mistake %q names step %d.%d, which has no TODO", m.ID, m.Day, m.Step)})
			continue
		}
		ms[i].TODO = t.ID
	}
	return errs
}

// todos returns the TODO blocks of a file, in file order.
func (f *sourceFile) todos() []TODO {
	var out []TODO
	var walk func([]*node)
	walk = func(ns []*node) {
		for _, n := range ns {
			if n.kind == todoNode {
				out = append(out, TODO{Day: n.day, Step: n.step, ID: n.id, Description: n.desc,
					File: solutionsDir + "/" + f.rel, Line: n.line})
			}
			walk(n.body)
		}
	}
	walk(f.nodes)
	return out
}

// checkTODOs reports duplicate ids and duplicate (day, step) pairs across the
// whole course, naming the first occurrence.
func checkTODOs(all []TODO) []error {
	var errs []error
	byID := map[string]TODO{}
	byStep := map[[2]int]TODO{}
	for _, t := range all {
		if t.ID == "" || t.Day == 0 {
			continue // malformed marker, already reported
		}
		if first, ok := byID[t.ID]; ok {
			errs = append(errs, &markerError{t.File, t.Line, fmt.Sprintf("duplicate TODO id %q (first at %s:%d)", t.ID, first.File, first.Line)})
		} else {
			byID[t.ID] = t
		}
		k := [2]int{t.Day, t.Step}
		if first, ok := byStep[k]; ok {
			errs = append(errs, &markerError{t.File, t.Line, fmt.Sprintf("duplicate step %d.%d (first at %s:%d, TODO %q)", t.Day, t.Step, first.File, first.Line, first.ID)})
		} else {
			byStep[k] = t
		}
	}
	return errs
}

// sortTODOs orders TODOs by day and step, the order they are taught in.
func sortTODOs(ts []TODO) {
	sort.SliceStable(ts, func(i, j int) bool {
		if ts[i].Day != ts[j].Day {
			return ts[i].Day < ts[j].Day
		}
		return ts[i].Step < ts[j].Step
	})
}

// sortMistakes orders mistakes by day and step, keeping file order within a step.
func sortMistakes(ms []Mistake) {
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].Day != ms[j].Day {
			return ms[i].Day < ms[j].Day
		}
		return ms[i].Step < ms[j].Step
	})
}

// hasMistake reports whether the course has the mistake id on day stage.
func (c *Course) hasMistake(stage int, id string) bool {
	for _, m := range c.mistakes {
		if m.ID == id && m.Day == stage {
			return true
		}
	}
	return false
}

// Mode says which TODOs of the stage's own day a build stubs.
type Mode struct {
	kind modeKind
	id   string
}

type modeKind int

const (
	learnerMode modeKind = iota
	filledMode
	singleStubMode
	mistakeMode
)

var (
	// Learner stubs every TODO of the stage's day: the committed day folder.
	Learner = Mode{kind: learnerMode}
	// Filled stubs nothing: the solution pruned to the stage's day.
	Filled = Mode{kind: filledMode}
)

// SingleStub stubs only the TODO id (of the stage's day).
func SingleStub(id string) Mode { return Mode{kind: singleStubMode, id: id} }

// WithMistake stubs nothing and applies the mistake id: its instead lines
// replace its correct lines. Every other mistake keeps its correct lines.
func WithMistake(id string) Mode { return Mode{kind: mistakeMode, id: id} }

func (m Mode) String() string {
	switch m.kind {
	case filledMode:
		return "filled"
	case singleStubMode:
		return "single-stub " + m.id
	case mistakeMode:
		return "mistake " + m.id
	}
	return "learner"
}

// stubs reports whether a TODO of the stage's own day is stubbed.
func (m Mode) stubs(id string) bool {
	switch m.kind {
	case filledMode, mistakeMode:
		return false
	case singleStubMode:
		return id == m.id
	}
	return true
}

// resolve returns the lines of the file in the given stage and mode, with
// every marker line removed. It does not look at imports.
func (f *sourceFile) resolve(stage int, m Mode) []string {
	var out []string
	var walk func([]*node)
	walk = func(ns []*node) {
		for _, n := range ns {
			switch n.kind {
			case textNode:
				out = append(out, n.text)
			case fromNode:
				if stage >= n.day {
					walk(n.body)
				} else {
					for _, l := range n.alt {
						out = append(out, uncomment(l))
					}
				}
			case todoNode:
				switch {
				case stage < n.day:
					// a later day's TODO: left out
				case stage == n.day && m.stubs(n.id):
					out = append(out, stubComment(n)...)
					for _, l := range n.alt {
						out = append(out, uncomment(l))
					}
				default:
					walk(n.body)
				}
			case mistakeNode:
				if m.kind == mistakeMode && m.id == n.id {
					for _, l := range n.alt {
						out = append(out, uncomment(l))
					}
				} else {
					walk(n.body)
				}
			}
		}
	}
	walk(f.nodes)
	return out
}

// stubComment is the generated comment above a stubbed TODO. Its first line,
// "// TODO(dayN): N.S id — description", is also read by the day folder's
// own test (next_test.go, through solutions/internal/testmain) to name the
// next TODO with its step and description: keep the two in step.
func stubComment(n *node) []string {
	desc := n.desc
	if !strings.HasSuffix(desc, ".") && !strings.HasSuffix(desc, "!") && !strings.HasSuffix(desc, "?") {
		desc += "."
	}
	return []string{
		fmt.Sprintf("%s// TODO(day%d): %d.%d %s — %s", n.indent, n.day, n.day, n.step, n.id, desc),
		fmt.Sprintf("%s// Lesson: %s#%s", n.indent, lessonPath(n.day), n.id),
	}
}

// maxMarkerDay returns the highest day named by any marker of the file.
func (f *sourceFile) maxMarkerDay() int {
	max := f.day
	var walk func([]*node)
	walk = func(ns []*node) {
		for _, n := range ns {
			if n.kind != textNode && n.day > max {
				max = n.day
			}
			walk(n.body)
		}
	}
	walk(f.nodes)
	return max
}
