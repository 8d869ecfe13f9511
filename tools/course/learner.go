package main

// This file reads a learner's day folder: which TODOs are still open, where
// their stubs are, the hints written above them, and the lesson paragraph
// that explains them. `watch`, `hint`, `todos` and `progress` share it.
//
// A TODO is open while its stub call, todo.New(N, "id"), is in the code of
// the learner's day folder; a call left in a comment does not count. The
// stub is found by that call, not by the comment above it, so a learner
// who moves code around, or a change to the generated comment, does not
// lose it. Line numbers are the learner's: they differ from solutions/.

import (
	"bufio"
	"bytes"
	"fmt"
	"go/scanner"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// A stubLoc is where an open TODO's stub is in the learner's day folder.
type stubLoc struct {
	File     string   // slash path from the repository root, e.g. "day2-ip-icmp/checksum/checksum.go"
	Line     int      // the TODO(dayN) comment above the stub, or the call when there is none
	CallLine int      // the todo.New call
	Hints    []string // the stub's "// Hint:" lines, without the prefix
}

// String is "file:line", the form editors and terminals open.
func (l stubLoc) String() string { return fmt.Sprintf("%s:%d", l.File, l.Line) }

// findStubs returns, for each of todos whose stub call is still in the code
// of the Go files under root/dir, where that stub is. A TODO missing from the
// result is done. When a call appears twice, the first (by path) counts.
// Test files do not count: a test may call todo.New itself, to see what the
// stack does with a stub's error, and that call is no open TODO.
func findStubs(root, dir string, todos []TODO) (map[string]stubLoc, error) {
	out := map[string]stubLoc{}
	files, err := stageFiles(root, dir)
	if err != nil {
		return nil, err
	}
	pats := make([]*regexp.Regexp, len(todos))
	for i, t := range todos {
		pats[i] = stubCall(t.Day, t.ID)
	}
	for _, p := range files {
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			continue
		}
		src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil {
			return nil, err
		}
		if !bytes.Contains(src, []byte("todo.New")) {
			continue
		}
		code := withoutComments(src)
		var lines []string
		for i, t := range todos {
			if _, ok := out[t.ID]; ok {
				continue
			}
			m := pats[i].FindIndex(code)
			if m == nil {
				continue
			}
			if lines == nil {
				lines = strings.Split(string(src), "\n")
			}
			call := bytes.Count(code[:m[0]], []byte("\n")) + 1
			out[t.ID] = stubAt(p, lines, call, t)
		}
	}
	return out, nil
}

// withoutComments returns src with every comment blanked out (newlines
// kept), so that positions and line numbers still match src.
func withoutComments(src []byte) []byte {
	out := bytes.Clone(src)
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(file, src, nil, scanner.ScanComments) // errors are fine: a learner's file may not compile
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok != token.COMMENT {
			continue
		}
		start := file.Offset(pos)
		for i := start; i < start+len(lit) && i < len(out); i++ {
			if out[i] != '\n' {
				out[i] = ' '
			}
		}
	}
	return out
}

// stubAt reads the stub whose todo.New call is on line call (1-based) of
// lines: the TODO(dayN) comment above it (the stub may wrap the call in an
// if) and the Hint lines between the two. It looks up at most 25 lines,
// stopping at a blank line or a func. Without that comment, the hints are
// the comment lines right above the call.
func stubAt(file string, lines []string, call int, t TODO) stubLoc {
	loc := stubLoc{File: file, Line: call, CallLine: call}
	marker := fmt.Sprintf("TODO(day%d)", t.Day)
	first := call // the first line (1-based) whose hints count
	for i := call - 2; i >= 0 && i >= call-26; i-- {
		s := strings.TrimSpace(lines[i])
		if s == "" || strings.HasPrefix(lines[i], "func ") {
			break
		}
		if strings.HasPrefix(s, "//") && strings.Contains(s, marker) && strings.Contains(s, t.ID) {
			loc.Line, first = i+1, i+1
			break
		}
	}
	if loc.Line == call {
		for first > 1 && strings.HasPrefix(strings.TrimSpace(lines[first-2]), "//") {
			first--
		}
	}
	for i := first - 1; i < call-1; i++ {
		if h, ok := hintLine(lines[i]); ok {
			loc.Hints = append(loc.Hints, h)
		}
	}
	return loc
}

// hintLine returns the text of a "// Hint: …" comment line.
func hintLine(line string) (string, bool) {
	s, ok := strings.CutPrefix(strings.TrimSpace(line), "//")
	if !ok {
		return "", false
	}
	h, ok := strings.CutPrefix(strings.TrimSpace(s), "Hint:")
	return strings.TrimSpace(h), ok
}

// solutionHints returns the Hint lines of a TODO's stub section in
// solutions/, for a TODO whose stub the learner has already replaced.
func solutionHints(root string, t TODO) []string {
	f, err := os.Open(filepath.Join(root, filepath.FromSlash(t.File)))
	if err != nil {
		return nil
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	depth, inStub := 0, false
	var hints []string
scan:
	for n := 1; sc.Scan(); n++ {
		if n < t.Line {
			continue
		}
		s := strings.TrimSpace(sc.Text())
		word, _, _ := strings.Cut(strings.TrimPrefix(s, markerPrefix), " ")
		if strings.HasPrefix(s, markerPrefix) {
			switch word {
			case "todo", "from":
				depth++
			case "end":
				depth--
			case "stub":
				inStub = depth == 1
			}
			if depth == 0 {
				break scan
			}
			continue
		}
		if inStub && depth == 1 {
			if h, ok := hintLine(uncomment(sc.Text())); ok {
				hints = append(hints, h)
			}
		}
	}
	return hints
}

// lessonSection returns the paragraphs of the lesson that explain a TODO:
// under the TODO's anchor, those that start with "What" or "Hint" (the
// first paragraph when none does), with Markdown's bold marks removed. The
// section ends at the next anchor or heading.
func lessonSection(root string, t TODO) []string {
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(lessonPath(t.Day))))
	if err != nil {
		return nil
	}
	lines := strings.Split(string(b), "\n")
	start := -1
	anchor := `id="` + t.ID + `"`
	fence := ""
	for i, l := range lines {
		if t := strings.TrimSpace(l); fence != "" {
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		} else if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = t[:3]
			continue
		}
		if strings.Contains(l, anchor) {
			start = i + 1
			break
		}
		if m := heading.FindStringSubmatch(l); m != nil && githubSlug(m[1]) == t.ID {
			start = i + 1
			break
		}
	}
	if start < 0 {
		return nil
	}
	var paras [][]string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, cur)
			cur = nil
		}
	}
	for i := start; i < len(lines); i++ {
		l := lines[i]
		if heading.MatchString(l) {
			if i == start { // the section's own heading, right under the anchor
				continue
			}
			break
		}
		if idAttr.MatchString(l) {
			break
		}
		if strings.TrimSpace(l) == "" {
			flush()
			continue
		}
		cur = append(cur, strings.ReplaceAll(l, "**", ""))
	}
	flush()
	var out []string
	for _, p := range paras {
		if strings.HasPrefix(p[0], "What") || strings.HasPrefix(p[0], "Hint") {
			if len(out) > 0 {
				out = append(out, "")
			}
			out = append(out, p...)
		}
	}
	if len(out) == 0 && len(paras) > 0 {
		out = paras[0]
	}
	return out
}

// dayTODOs returns the TODOs of one day, by step.
func dayTODOs(c *Course, day int) []TODO {
	var out []TODO
	for _, t := range c.TODOs() {
		if t.Day == day {
			out = append(out, t)
		}
	}
	return out
}

// dayExists reports whether the day folder is in the repository.
func dayExists(root string, day int) bool {
	fi, err := os.Stat(filepath.Join(root, stageDir(day)))
	return err == nil && fi.IsDir()
}

// currentDay is the day a learner is on: the first day folder with an open
// TODO, or the last day folder when every TODO is done. It does not run
// tests, so it is instant; a day whose TODOs are all written but whose
// tests still fail is not "current" (`course progress -all` shows it).
func currentDay(root string, c *Course) (int, error) {
	last := 0
	for _, st := range stages {
		if st.Day > c.LastStage() || !dayExists(root, st.Day) {
			continue
		}
		last = st.Day
		todos := dayTODOs(c, st.Day)
		open, err := findStubs(root, st.Dir, todos)
		if err != nil {
			return 0, err
		}
		if len(open) > 0 {
			return st.Day, nil
		}
	}
	if last == 0 {
		return 0, fmt.Errorf("no day folder found in %s", root)
	}
	return last, nil
}

// findTODO finds a TODO by its step ("2.1") or its id ("checksum").
func findTODO(c *Course, key string) (TODO, bool) {
	key = strings.TrimSpace(key)
	for _, t := range c.TODOs() {
		if key == t.ID || key == strconv.Itoa(t.Day)+"."+strconv.Itoa(t.Step) {
			return t, true
		}
	}
	return TODO{}, false
}
