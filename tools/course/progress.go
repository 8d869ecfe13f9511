package main

// `course progress` is for learners: it runs the tests of the current day
// folder (the first with an open TODO), of one day (-day N) or of every day
// (-all), and shows, day by day, how many tests pass, how many TODOs are
// done and which TODO to write next.
//
// A TODO counts as done when its stub call, todo.New(N, "id"), no longer
// appears in the code of the learner's day folder (learner.go) AND the
// tests that catch it pass: a stub deleted and replaced by nothing (or by
// a wrong guess) is not done. The tests that catch a TODO are found in two
// cheap ways that need no load-bearing proof: statically, the test
// functions of the day folder whose source names the TODO's id in quotes
// (todo.Covers(t, N, "id"), the tests the load-bearing proof runs first);
// and in the run itself, every failing test whose output names the TODO
// (the stub's error, todo.Covers's note or its lesson link), as
// `course check` requires of the test that proves the TODO load-bearing.
// Both read only what the learner's own folder holds, so a test the
// learner renamed or added still counts. The list of TODOs comes from the
// markers in solutions/.

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/fatih/color"
)

// setupColor makes fatih/color follow the conventions: NO_COLOR turns
// colour off (fatih/color checks it, and whether stdout is a terminal) and
// FORCE_COLOR=1 turns it on, for CI logs that understand colour.
func setupColor() {
	if os.Getenv("FORCE_COLOR") != "" && os.Getenv("FORCE_COLOR") != "0" && os.Getenv("NO_COLOR") == "" {
		color.NoColor = false
	}
}

// dayProgress is one line of the progress table.
type dayProgress struct {
	day             int
	pass, total     int
	buildFailed     bool
	done, todoTotal int
	next            *TODO // the lowest step not done
	nextWritten     bool  // next's stub is gone, but a test that catches it fails
}

func cmdProgress(root string, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("progress", flag.ContinueOnError)
	fl.SetOutput(stderr)
	only := fl.Int("day", 0, "show only this day (default: the current day, the first with an open TODO)")
	all := fl.Bool("all", false, "test every day folder (minutes)")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: go run ./tools/course progress [-day N | -all]")
		return 2
	}
	setupColor()
	c, err := loadCourse(root)
	if err != nil {
		fmt.Fprintln(stderr, "course progress: cannot read the TODO list from solutions/:")
		printErr(stderr, err)
		return 1
	}
	if *only == 0 && !*all {
		if *only, err = currentDay(root, c); err != nil {
			fmt.Fprintln(stderr, "course progress:", err)
			return 1
		}
	}
	var rows []dayProgress
	for _, st := range stages {
		if *only != 0 && st.Day != *only {
			continue
		}
		if fi, err := os.Stat(filepath.Join(root, st.Dir)); err != nil || !fi.IsDir() {
			continue
		}
		fmt.Fprintf(stderr, "testing %s/ …\n", st.Dir)
		r := runGo(root, 10*time.Minute, nil, "test", "-json", "-count=1", "-skip", "Interop", "./"+st.Dir+"/...")
		rep := parseTestJSON(r.stdout)
		p := dayProgress{day: st.Day}
		var fail int
		p.pass, fail, _ = rep.count()
		p.total = p.pass + fail
		p.buildFailed = r.err != nil && len(rep.packagesFailedOutsideTests()) > 0
		var todos []TODO
		for _, t := range c.TODOs() {
			if t.Day == st.Day {
				todos = append(todos, t)
			}
		}
		stubbed, err := stubbedTODOs(filepath.Join(root, st.Dir), todos)
		if err != nil {
			fmt.Fprintln(stderr, "course progress:", err)
			return 1
		}
		catching, err := catchingTests(root, st.Dir, todos)
		if err != nil {
			fmt.Fprintln(stderr, "course progress:", err)
			return 1
		}
		p.todoTotal = len(todos)
		for i, t := range todos { // sorted by step
			if !stubbed[t.ID] && catchingTestsPass(rep, t, catching[t.ID]) {
				p.done++
				continue
			}
			if p.next == nil {
				p.next, p.nextWritten = &todos[i], !stubbed[t.ID]
			}
		}
		rows = append(rows, p)
	}
	if len(rows) == 0 {
		fmt.Fprintln(stderr, "course progress: no day folder found (run it inside the course repository)")
		return 1
	}
	printProgress(stdout, rows)
	return 0
}

// printProgress prints the progress table in colour.
func printProgress(w io.Writer, rows []dayProgress) {
	green, yellow, red := color.New(color.FgGreen), color.New(color.FgYellow), color.New(color.FgRed)
	bold, cyan := color.New(color.Bold), color.New(color.FgCyan)
	// Each cell is padded before it is coloured: a tabwriter would count
	// the colour escapes as text and misalign the columns.
	pad := func(s string, n int) string { return s + strings.Repeat(" ", max(0, n-len([]rune(s)))) }
	fmt.Fprintln(w, bold.Sprint(pad("day", 20)+pad("tests", 22)+pad("TODOs", 8)+"next"))
	for _, p := range rows {
		day := pad(stageDir(p.day), 20)
		tests := pad(fmt.Sprintf("%d/%d", p.pass, p.total), 22)
		switch {
		case p.buildFailed:
			tests = red.Sprint(pad(fmt.Sprintf("%d/%d, build fails", p.pass, p.total), 22))
		case p.total > 0 && p.pass == p.total:
			tests = green.Sprint(tests)
		case p.pass > 0:
			tests = yellow.Sprint(tests)
		default:
			tests = red.Sprint(tests)
		}
		todos := pad(fmt.Sprintf("%d/%d", p.done, p.todoTotal), 8)
		if p.done == p.todoTotal {
			todos = green.Sprint(todos)
		} else {
			todos = yellow.Sprint(todos)
		}
		next := green.Sprint("done")
		if p.next != nil {
			next = fmt.Sprintf("%d.%d %s  %s", p.next.Day, p.next.Step, bold.Sprint(p.next.ID),
				cyan.Sprintf("%s#%s", lessonPath(p.next.Day), p.next.ID))
			if p.nextWritten {
				next += yellow.Sprint("  (stub gone, but its tests fail)")
			}
		}
		fmt.Fprintln(w, day+tests+todos+next)
	}
}

// stubbedTODOs reports which of todos still have their stub call in the
// code (not the comments) of the Go files under dir.
func stubbedTODOs(dir string, todos []TODO) (map[string]bool, error) {
	open, err := findStubs(filepath.Dir(dir), filepath.Base(dir), todos)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, t := range todos {
		_, out[t.ID] = open[t.ID]
	}
	return out, nil
}

// testRef is one top-level test: its package's import path and its name.
type testRef struct{ Package, Name string }

// catchingTests finds, in the test files of the day folder dir (relative
// to root), the top-level test functions whose source names each TODO's
// id in quotes, as todo.Covers(t, N, "id") does.
func catchingTests(root, dir string, todos []TODO) (map[string][]testRef, error) {
	out := map[string][]testRef{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
			return fs.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(fset, p, src, parser.SkipObjectResolution)
		if err != nil {
			return nil // a file that does not parse fails its package's build: the run says so
		}
		rel, _ := filepath.Rel(root, filepath.Dir(p))
		pkg := modulePath + "/" + filepath.ToSlash(rel)
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || !strings.HasPrefix(fd.Name.Name, "Test") || fd.Name.Name == "TestMain" {
				continue
			}
			body := src[fset.Position(fd.Pos()).Offset:fset.Position(fd.End()).Offset]
			for _, t := range todos {
				if bytes.Contains(body, []byte(strconv.Quote(t.ID))) {
					out[t.ID] = append(out[t.ID], testRef{pkg, fd.Name.Name})
				}
			}
		}
		return nil
	})
	return out, err
}

// catchingTestsPass reports whether the run rep shows TODO t's tests
// passing: each test that names it in its source passed (or did not run:
// an interop test, say), not one failing test's output names it, and no
// package of those tests failed to build.
func catchingTestsPass(rep *testReport, t TODO, tests []testRef) bool {
	for _, ref := range tests {
		r := rep.byKey[ref.Package+"\x00"+ref.Name]
		switch {
		case r == nil && rep.pkgFailed[ref.Package]:
			return false // it did not build, or its binary died before it
		case r == nil:
			continue // not run (an interop test, skipped here)
		case r.Action == "fail" || r.Action == "":
			return false
		}
	}
	for _, r := range rep.failedLeaves() {
		if namesTODO(outputWithParents(rep, r), t.Day, t.ID) {
			return false
		}
	}
	return true
}
