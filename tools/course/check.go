package main

// `course check` proves the course is right (docs/course-markers.md, "What
// `course check` proves, and how"). Each numbered item below is one
// check in the final "N passed, M failed" line, which adds ", K skipped
// (interop: why)" when interop tests skipped (no privilege, say):
//
//  1. the markers are valid (every stage generates) and every TODO has an
//     anchor in its lesson;
//  2. no drift: every day folder is byte for byte what gen writes;
//  3. solutions/ and tools/ are gofmt-clean and pass go vet;
//  4. solutions/ and tools/ pass go test -race (4b: the full-size tests —
//     those that ask camptest.FullSize, which -race and -short shrink —
//     pass once without either);
//  5. every stage vets as generated, and solutions/ and every stage vet for
//     darwin and windows too;
//  6. per stage: its tests fail as committed (day N's TODOs stubbed), and
//     every failing test names a TODO(dayN) and its lesson — no panics, no
//     timeouts;
//  7. per stage: filled (day N's TODOs solved) its tests pass;
//  8. per TODO: with only that TODO stubbed, a root-free test of its stage
//     fails and its output names the TODO (loadbearing.go) — no panics, no
//     timeouts;
//  9. every package of solutions/ that parses wire bytes has a fuzz target,
//     and every fuzz target replays its seed corpus, then explores FuzzExecs
//     inputs, without a failure (fuzz.go);
// 10. per mistake (//camp:mistake): filled stage N with only that mistake
//     applied fails a root-free test within 60 s, and the test names the
//     mistake's TODO;
// 11. per stage with interop tests: filled, they pass (they skip without the
//     privilege to make network namespaces; the final line counts them),
//     one stage at a time after the rest (stageinterop.go).
//
// 3–9 run go commands, concurrently, in a pool of runtime.NumCPU() workers.
// 7 and 8 run in temporary modules, one per worker, reused between jobs so
// the build cache stays warm.

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"
)

// checker holds the state of one `course check` run.
type checker struct {
	root     string
	verbose  bool
	only     int // -stage: check only this stage (0: all)
	skipRace bool
	timing   bool // print how long each check took
	out      io.Writer
	// mistakeLimit bounds the test that catches a mistake (0: mistakeLimit).
	mistakeLimit time.Duration
	// loadBearingLimit bounds each test binary of a load-bearing proof (0: loadBearingLimit).
	loadBearingLimit time.Duration
	mistakesOnly     bool   // -mistakes: only check 1 and the mistake proofs
	onlyMistake      string // -mistake ID: only check 1 and that mistake's proof
	onlyTODO         string // -todo ID: only check 1 and that TODO's load-bearing proof
	loadBearingOnly  bool   // -load-bearing: only check 1 and the load-bearing proofs

	mu             sync.Mutex // guards everything below and the output
	passed, failed int
	rows           map[int]*stageRow
	skipped        map[string]map[string]int // kind ("interop", "fuzz") -> reason -> how many skipped, for the final line

	course  *Course
	learner map[int]map[string][]byte // stage -> files, as gen writes them
	filled  map[int]map[string][]byte
}

// stageRow is one line of the final table.
type stageRow struct {
	filledPass, filledTotal int
	filledRan               bool
	todos                   int
	loadBearing             int
	learnerFailing          int
	learnerNamesTODOs       bool
	learnerRan              bool
	mistakes                int
	mistakesCaught          int
}

func cmdCheck(root string, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("check", flag.ContinueOnError)
	fl.SetOutput(stderr)
	ck := &checker{root: root, out: stdout, rows: map[int]*stageRow{}, timing: true}
	fl.BoolVar(&ck.verbose, "v", false, "print the full output of failing go commands")
	fl.IntVar(&ck.only, "stage", 0, "check only this stage (and the checks of solutions/ and tools/)")
	fl.BoolVar(&ck.skipRace, "skip-race", false, "run the tests of solutions/ and tools/ without -race (development only)")
	fl.BoolVar(&ck.mistakesOnly, "mistakes", false, "run only the marker check and the mistake proofs (with -stage, of that stage)")
	fl.StringVar(&ck.onlyMistake, "mistake", "", "run only the marker check and the proof of this mistake")
	fl.StringVar(&ck.onlyTODO, "todo", "", "run only the marker check and the load-bearing proof of this TODO")
	fl.BoolVar(&ck.loadBearingOnly, "load-bearing", false, "run only the marker check and the load-bearing proofs (with -stage, of that stage)")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "course check: unexpected argument %q\n", fl.Arg(0))
		return 2
	}
	if ck.only < 0 || ck.only > maxDay {
		fmt.Fprintf(stderr, "course check: -stage %d: stages are 1–%d\n", ck.only, maxDay)
		return 2
	}
	ck.mistakesOnly = ck.mistakesOnly || ck.onlyMistake != ""
	if ck.mistakesOnly && (ck.onlyTODO != "" || ck.loadBearingOnly) {
		fmt.Fprintln(stderr, "course check: -todo and -mistake(s) exclude each other")
		return 2
	}
	if ck.run() {
		return 0
	}
	return 1
}

// report records the result of one check, started at start, and prints its
// progress line.
func (ck *checker) report(start time.Time, name string, ok bool, summary string, details []string) {
	ck.mu.Lock()
	defer ck.mu.Unlock()
	status := "ok"
	if ok {
		ck.passed++
	} else {
		ck.failed++
		status = "FAILED"
	}
	if took := time.Since(start); ck.timing && took >= time.Second {
		summary = strings.TrimPrefix(summary+", "+took.Round(time.Second).String(), ", ")
	}
	if summary != "" {
		status += " (" + summary + ")"
	}
	fmt.Fprintf(ck.out, "• %s ... %s\n", name, status)
	for _, d := range details {
		for _, l := range strings.Split(strings.TrimRight(d, "\n"), "\n") {
			fmt.Fprintf(ck.out, "    %s\n", l)
		}
	}
}

// tail shortens command output for a report unless -v is given: to its
// last 40 lines, or, when it panicked or timed out, to 40 lines from the
// panic message (the goroutine dump below it is long and less telling).
func (ck *checker) tail(s string) string {
	if ck.verbose {
		return strings.TrimRight(s, "\n")
	}
	return relevantLines(s, 40)
}

func (ck *checker) row(s int) *stageRow {
	if ck.rows[s] == nil {
		ck.rows[s] = &stageRow{}
	}
	return ck.rows[s]
}

// run runs every check and reports whether all passed.
func (ck *checker) run() bool {
	start := time.Now()
	fmt.Fprintf(ck.out, "course check in %s\n", ck.root)
	stagesToCheck := ck.checkMarkers()
	if ck.onlyTODO != "" || ck.loadBearingOnly {
		return ck.runLoadBearingOnly(start, stagesToCheck)
	}
	if !ck.mistakesOnly {
		ck.checkDrift(stagesToCheck)
	}

	// The rest runs go commands: one pool for all of them, the slowest
	// (the race tests) first.
	var jobs []func(*worker)
	if !ck.mistakesOnly {
		jobs = append(jobs, ck.checkTests, ck.checkFullSize, ck.checkFormatVet, func(*worker) { ck.checkStageVet(stagesToCheck) })
		jobs = append(jobs, ck.checkRootless) // rootless.go
	}
	for _, s := range stagesToCheck {
		ck.row(s).todos = 0
		if !ck.mistakesOnly {
			jobs = append(jobs, func(*worker) { ck.checkLearnerRun(s) }, func(w *worker) { ck.checkFilled(w, s) })
		}
		for _, t := range ck.course.todos {
			if t.Day == s {
				ck.row(s).todos++
				if !ck.mistakesOnly {
					jobs = append(jobs, func(w *worker) { ck.checkLoadBearing(w, t) })
				}
			}
		}
		for _, m := range ck.course.mistakes {
			if m.Day == s && (ck.onlyMistake == "" || m.ID == ck.onlyMistake) {
				ck.row(s).mistakes++
				jobs = append(jobs, func(w *worker) { ck.checkMistake(w, m) })
			}
		}
	}
	if ck.mistakesOnly {
		// no fuzzing
	} else if targets, err := fuzzTargets(ck.root); err != nil {
		ck.report(time.Now(), "find the fuzz targets of solutions/", false, "", []string{err.Error()})
	} else {
		jobs = append(jobs, func(*worker) { ck.checkFuzzCoverage(targets) })
		for _, f := range targets {
			jobs = append(jobs, func(*worker) { ck.checkFuzz(f) })
		}
	}
	runPool(ck.root, runtime.NumCPU(), jobs)
	if !ck.mistakesOnly {
		// The stages' interop tests, one stage at a time, alone.
		var interop []func(*worker)
		for _, s := range stagesToCheck {
			interop = append(interop, func(w *worker) { ck.checkStageInterop(w, s) })
		}
		runPool(ck.root, 1, interop)
		ck.checkSkipsInCI()
	}

	ck.printTable(stagesToCheck)
	fmt.Fprintf(ck.out, "(%s)\n", time.Since(start).Round(time.Second))
	fmt.Fprintln(ck.out, ck.finalLine())
	return ck.failed == 0
}

// runLoadBearingOnly runs the load-bearing proofs of the checked stages,
// or only that of the TODO named by -todo.
func (ck *checker) runLoadBearingOnly(start time.Time, stagesToCheck []int) bool {
	var jobs []func(*worker)
	for _, s := range stagesToCheck {
		for _, t := range ck.course.todos {
			if t.Day == s && (ck.onlyTODO == "" || t.ID == ck.onlyTODO) {
				ck.row(s).todos++
				jobs = append(jobs, func(w *worker) { ck.checkLoadBearing(w, t) })
			}
		}
	}
	if ck.onlyTODO != "" && len(jobs) == 0 && ck.learner != nil {
		ck.report(start, "TODO "+ck.onlyTODO, false, "", []string{fmt.Sprintf("-todo %s: no //camp:todo of the checked stages has that id", ck.onlyTODO)})
	}
	runPool(ck.root, runtime.NumCPU(), jobs)
	fmt.Fprintf(ck.out, "(%s)\n", time.Since(start).Round(time.Second))
	fmt.Fprintln(ck.out, ck.finalLine())
	return ck.failed == 0
}

// worker is one goroutine of the pool, with its own temporary module.
type worker struct {
	root string
	mod  *tempModule
	err  error
}

// module returns the worker's temporary module, creating it on first use.
func (w *worker) module() (*tempModule, error) {
	if w.mod == nil && w.err == nil {
		w.mod, w.err = newTempModule(w.root)
	}
	return w.mod, w.err
}

// runPool runs jobs on n workers and waits for all of them.
func runPool(root string, n int, jobs []func(*worker)) {
	ch := make(chan func(*worker))
	var wg sync.WaitGroup
	for range max(n, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &worker{root: root}
			for job := range ch {
				job(w)
			}
			if w.mod != nil {
				w.mod.remove()
			}
		}()
	}
	for _, j := range jobs {
		ch <- j
	}
	close(ch)
	wg.Wait()
}

// checkMarkers is check 1. It builds the learner and filled version of every
// stage and returns the stages the remaining checks look at.
func (ck *checker) checkMarkers() []int {
	start := time.Now()
	var problems []string
	c, err := loadCourse(ck.root)
	if err != nil {
		problems = append(problems, strings.Split(err.Error(), "\n")...)
		ck.report(start, "markers and lesson anchors", false, "", problems)
		ck.course = &Course{}
		return nil
	}
	ck.course = c
	ck.learner, ck.filled = map[int]map[string][]byte{}, map[int]map[string][]byte{}
	last := c.LastStage()
	for s := 1; s <= last; s++ {
		for _, m := range []Mode{Learner, Filled} {
			files, err := c.Generate(s, m)
			if err != nil {
				problems = append(problems, strings.Split(err.Error(), "\n")...)
				continue
			}
			if m == Learner {
				ck.learner[s] = files
			} else {
				ck.filled[s] = files
			}
		}
	}
	problems = append(problems, checkAnchors(ck.root, c.TODOs())...)
	problems = append(problems, checkMistakeLists(ck.root, c.Mistakes())...)
	ck.report(start, "markers and lesson anchors", len(problems) == 0,
		fmt.Sprintf("%d stages, %d TODOs", last, len(c.todos)), problems)

	if ck.only > last {
		ck.report(start, fmt.Sprintf("stage %d", ck.only), false, "", []string{fmt.Sprintf("-stage %d: the markers name days 1–%d only", ck.only, last)})
		return nil
	}
	var out []int
	for s := 1; s <= last; s++ {
		if ck.only == 0 || ck.only == s {
			out = append(out, s)
		}
	}
	return out
}

// checkDrift is check 2: the day folders on disk are exactly what gen writes.
func (ck *checker) checkDrift(stagesToCheck []int) {
	start := time.Now()
	const fix = " — run go run ./tools/course gen"
	var problems []string
	if ck.learner == nil {
		ck.report(start, "drift", false, "", []string{"cannot compare: the markers are not valid (see above)"})
		return
	}
	check := map[int]bool{}
	for _, s := range stagesToCheck {
		check[s] = true
	}
	for _, st := range stages {
		if ck.only != 0 && st.Day != ck.only {
			continue
		}
		want := ck.learner[st.Day] // nil for stages after the last one
		if st.Day <= ck.course.LastStage() && (!check[st.Day] || want == nil) {
			continue // not checked, or it did not generate (check 1 says why)
		}
		onDisk, err := stageFiles(ck.root, st.Dir)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		seen := map[string]bool{}
		for _, p := range onDisk {
			seen[p] = true
			b, ok := want[p]
			if !ok {
				problems = append(problems, p+" is not written by gen (an extra file)"+fix)
				continue
			}
			got, err := os.ReadFile(filepath.Join(ck.root, filepath.FromSlash(p)))
			if err != nil {
				problems = append(problems, err.Error())
			} else if !bytes.Equal(got, b) {
				problems = append(problems, fmt.Sprintf("%s differs from what gen writes (line %d)%s", p, firstDiffLine(got, b), fix))
			}
		}
		var missing []string
		for p := range want {
			if !seen[p] {
				missing = append(missing, p+" is missing"+fix)
			}
		}
		sort.Strings(missing)
		problems = append(problems, missing...)
	}
	ck.report(start, "drift", len(problems) == 0, "", problems)
}

// firstDiffLine returns the 1-based number of the first line where a and b differ.
func firstDiffLine(a, b []byte) int {
	line := 1
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return line
		}
		if a[i] == '\n' {
			line++
		}
	}
	return line
}

// checkFormatVet is check 3: gofmt and go vet of solutions/ and tools/.
func (ck *checker) checkFormatVet(*worker) {
	start := time.Now()
	var problems []string
	for _, dir := range []string{solutionsDir, "tools"} {
		problems = append(problems, unformatted(ck.root, dir)...)
	}
	r := runGo(ck.root, 10*time.Minute, checkEnv(), "vet", "./"+solutionsDir+"/...", "./tools/...")
	if r.err != nil {
		problems = append(problems, r.command()+": "+r.err.Error(), ck.tail(r.output()))
	}
	ck.report(start, "gofmt and go vet of solutions/ and tools/", len(problems) == 0, "", problems)
}

// unformatted lists the Go files under root/dir that gofmt would change.
func unformatted(root, dir string) []string {
	var out []string
	filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // a missing folder has nothing to format
		}
		if strings.HasPrefix(d.Name(), ".") && p != filepath.Join(root, dir) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		src, err := os.ReadFile(p)
		if err != nil {
			out = append(out, err.Error())
			return nil
		}
		formatted, err := format.Source(src)
		if err != nil {
			out = append(out, fmt.Sprintf("%s: %v", filepath.ToSlash(rel), err))
		} else if !bytes.Equal(src, formatted) {
			out = append(out, filepath.ToSlash(rel)+" is not gofmt-clean (run gofmt -w "+filepath.ToSlash(rel)+")")
		}
		return nil
	})
	return out
}

// checkTests is check 4: go test -race of solutions/ and tools/.
func (ck *checker) checkTests(*worker) {
	start := time.Now()
	args := []string{"test", "-json", "-count=1"}
	name := "go test -race of solutions/ and tools/"
	if ck.skipRace {
		name = "go test of solutions/ and tools/ (-skip-race)"
	} else {
		args = append(args, "-race")
	}
	args = append(args, "./"+solutionsDir+"/...", "./tools/...")
	r := runGo(ck.root, 30*time.Minute, checkEnv(), args...)
	rep := parseTestJSON(r.stdout)
	ck.noteInteropSkips(rep)
	pass, fail, skip := rep.count()
	var problems []string
	if r.err != nil {
		problems = append(problems, ck.describeFailures(r, rep)...)
	}
	if pass+fail == 0 {
		problems = append(problems, "no tests ran")
	}
	ck.report(start, name, len(problems) == 0, fmt.Sprintf("%d passed, %d failed, %d skipped", pass, fail, skip), problems)
}

// checkFullSize is check 4b: the tests that ask camptest.FullSize (100 MB
// over the in-memory link, the lossy links, the huge write, the interop
// bulk runs), which -race and -short shrink or skip, run once at full size
// without -race (fullsize.go finds them).
func (ck *checker) checkFullSize(*worker) {
	start := time.Now()
	name := "full-size tests of solutions/ (no -race)"
	tests, err := fullSizeTests(ck.root)
	if err != nil {
		ck.report(start, name, false, "", []string{err.Error()})
		return
	}
	if len(tests) == 0 {
		ck.report(start, name, false, "", []string{"no test of solutions/ calls camptest.FullSize: the large transfers must ask it, so that they run here at full size"})
		return
	}
	r := runGo(ck.root, 20*time.Minute, checkEnv(), fullSizeArgs(tests)...)
	rep := parseTestJSON(r.stdout)
	ck.noteInteropSkips(rep)
	pass, fail, skip := rep.count()
	var problems []string
	if r.err != nil {
		problems = append(problems, ck.describeFailures(r, rep)...)
	}
	if pass+fail == 0 {
		problems = append(problems, "no full-size test ran")
	}
	ok := len(problems) == 0
	if ck.verbose {
		var names []string
		for dir, ts := range tests {
			for _, t := range ts {
				names = append(names, dir+" "+t)
			}
		}
		sort.Strings(names)
		problems = append(problems, "full-size tests: "+strings.Join(names, ", "))
	}
	ck.report(start, name, ok, fmt.Sprintf("%d passed, %d failed, %d skipped", pass, fail, skip), problems)
}

// describeFailures explains a failed go test run: its failing tests with
// the tail of their output, and packages that failed outside any test.
func (ck *checker) describeFailures(r goResult, rep *testReport) []string {
	out := []string{r.command() + ": " + r.err.Error()}
	for _, t := range rep.failedLeaves() {
		out = append(out, fmt.Sprintf("%s %s failed:", t.Package, t.Name), indent(ck.tail(t.Output.String())))
	}
	var depsOnly []string
	for _, p := range rep.packagesFailedOutsideTests() {
		if text := rep.pkgOutputOf(p); text != "" {
			out = append(out, fmt.Sprintf("package %s failed outside any test:", p), indent(ck.tail(text)))
		} else {
			depsOnly = append(depsOnly, p)
		}
	}
	if len(depsOnly) > 0 {
		out = append(out, "packages that failed to build because a dependency did: "+strings.Join(depsOnly, ", "))
	}
	if len(rep.tests) == 0 && len(rep.pkgFailed) == 0 {
		out = append(out, indent(ck.tail(rep.allOutput()+string(r.stderr))))
	} else if s := strings.TrimSpace(string(r.stderr)); s != "" {
		out = append(out, indent(ck.tail(s)))
	}
	return out
}

func indent(s string) string {
	return "  " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n  ")
}

// checkStageVet is check 5: every stage vets as generated, and solutions/
// and every stage vet for darwin and windows as well.
func (ck *checker) checkStageVet(stagesToCheck []int) {
	start := time.Now()
	if ck.learner == nil {
		ck.report(start, "go vet of the stages (linux, darwin, windows)", false, "", []string{"cannot vet: the markers are not valid (see above)"})
		return
	}
	var pkgs []string
	for _, s := range stagesToCheck {
		pkgs = append(pkgs, "./"+stageDir(s)+"/...")
	}
	var problems []string
	for _, goos := range []string{"", "darwin", "windows"} {
		args := append([]string{"vet"}, pkgs...)
		var env []string
		what := "as generated"
		if goos != "" {
			args = append(args, "./"+solutionsDir+"/...")
			env = []string{"GOOS=" + goos}
			what = "GOOS=" + goos
		}
		if len(args) == 1 {
			continue
		}
		r := runGo(ck.root, 15*time.Minute, checkEnv(env...), args...)
		if r.err != nil {
			problems = append(problems, fmt.Sprintf("%s (%s): %v", r.command(), what, r.err), ck.tail(r.output()))
		}
	}
	ck.report(start, "go vet of the stages (linux, darwin, windows)", len(problems) == 0, "", problems)
}

// goTestArgs are the arguments of a stage's test run.
func goTestArgs(s int, timeout string, extra ...string) []string {
	// -short: the stage runs prove the TODOs; the full-size transfers run
	// once, on solutions/, in checkFullSize.
	args := []string{"test", "-json", "-count=1", "-short", "-timeout", timeout, "-skip", "Interop"}
	return append(append(args, extra...), "./"+stageDir(s)+"/...")
}

// checkLearnerRun is check 6: the committed stage fails, politely, naming
// its own day's TODOs.
func (ck *checker) checkLearnerRun(s int) {
	start := time.Now()
	name := stageDir(s) + ": tests fail politely with the TODOs stubbed"
	r := runGo(ck.root, 10*time.Minute, checkEnv(), goTestArgs(s, "120s")...)
	rep := parseTestJSON(r.stdout)
	problems, offenders, failing, named := judgeLearnerRun(s, rep, r.err == nil)
	for _, t := range offenders {
		problems = append(problems, fmt.Sprintf("output of %s %s:", t.Package, t.Name), indent(ck.tail(t.Output.String())))
	}
	for _, p := range rep.packagesFailedOutsideTests() {
		if text := rep.pkgOutputOf(p); text != "" {
			problems = append(problems, fmt.Sprintf("output of package %s:", p), indent(ck.tail(text)))
		}
	}
	if len(rep.tests) == 0 && r.err != nil {
		problems = append(problems, indent(ck.tail(rep.allOutput()+string(r.stderr))))
	}
	ck.mu.Lock()
	row := ck.row(s)
	row.learnerRan, row.learnerFailing, row.learnerNamesTODOs = true, failing, named
	ck.mu.Unlock()
	ck.report(start, name, len(problems) == 0, fmt.Sprintf("%d failing tests", failing), problems)
}

// judgeLearnerRun applies check 6 to a test run of stage day with its
// TODOs stubbed. It returns the problems found, the failing tests that do
// not name their TODO, the number of failing (leaf) tests and whether all
// of them name a TODO(dayN) and its lesson.
func judgeLearnerRun(day int, rep *testReport, exitedOK bool) (problems []string, offenders []*testResult, failing int, allNamed bool) {
	todoTag, lessonTag := fmt.Sprintf("TODO(day%d)", day), fmt.Sprintf("docs/day%d-", day)
	all := rep.allOutput()
	pass, fail, _ := rep.count()
	if exitedOK {
		problems = append(problems, fmt.Sprintf("all %d tests pass with day %d's TODOs stubbed: the tests do not notice the TODOs (a course bug)", pass, day))
	}
	if pass+fail == 0 && len(rep.pkgFailed) == 0 {
		problems = append(problems, "no tests ran")
	}
	if strings.Contains(all, "panic:") {
		var where []string
		for _, t := range rep.tests {
			if strings.Contains(t.Output.String(), "panic:") {
				where = append(where, t.Package+" "+t.Name)
			}
		}
		in := ""
		if len(where) > 0 {
			in = " (in " + strings.Join(where, ", ") + ")"
		}
		problems = append(problems, "the output contains \"panic:\""+in+": a stub must fail politely, never panic or block")
	}
	if strings.Contains(all, "test timed out") {
		problems = append(problems, "a test timed out: a stub must never block")
	}
	leaves := rep.failedLeaves()
	allNamed = true
	for _, t := range leaves {
		out := t.Output.String()
		if strings.Contains(out, todoTag) && strings.Contains(out, lessonTag) {
			continue
		}
		allNamed = false
		offenders = append(offenders, t)
		earlier := ""
		for d := 1; d < day; d++ {
			if strings.Contains(out, fmt.Sprintf("TODO(day%d)", d)) {
				earlier = fmt.Sprintf("TODO(day%d)", d)
			}
		}
		if earlier != "" {
			problems = append(problems, fmt.Sprintf("%s %s names only an earlier day's %s: earlier days are complete in this stage", t.Package, t.Name, earlier))
		} else {
			problems = append(problems, fmt.Sprintf("%s %s fails without naming %s and its lesson %s…", t.Package, t.Name, todoTag, lessonTag))
		}
	}
	if pkgs := rep.packagesFailedOutsideTests(); len(pkgs) > 0 {
		allNamed = false
		problems = append(problems, fmt.Sprintf("package %s failed outside any test (does it build? does TestMain fail?)", strings.Join(pkgs, ", ")))
	}
	return problems, offenders, len(leaves), allNamed && len(leaves) > 0
}

// checkFilled is check 7: the filled stage passes its tests.
func (ck *checker) checkFilled(w *worker, s int) {
	start := time.Now()
	name := stageDir(s) + ": tests pass filled"
	files := ck.filled[s]
	if files == nil {
		ck.report(start, name, false, "", []string{"the filled stage does not generate (see check 1)"})
		return
	}
	mod, err := w.module()
	if err == nil {
		err = mod.write(files)
	}
	if err != nil {
		ck.report(start, name, false, "", []string{err.Error()})
		return
	}
	r := runGo(mod.dir, 15*time.Minute, mod.env(), goTestArgs(s, "300s")...)
	rep := parseTestJSON(r.stdout)
	pass, fail, skip := rep.count()
	var problems []string
	if r.err != nil {
		problems = append(problems, ck.describeFailures(r, rep)...)
	}
	if pass == 0 {
		problems = append(problems, "no test passed: a stage needs at least one test")
	}
	ck.mu.Lock()
	row := ck.row(s)
	row.filledRan, row.filledPass, row.filledTotal = true, pass, pass+fail
	ck.mu.Unlock()
	ck.report(start, name, len(problems) == 0, fmt.Sprintf("%d/%d passed, %d skipped", pass, pass+fail, skip), problems)
}

// printTable prints the per-stage summary.
func (ck *checker) printTable(stagesToCheck []int) {
	if len(stagesToCheck) == 0 {
		return
	}
	fmt.Fprintln(ck.out)
	tw := tabwriter.NewWriter(ck.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "stage\ttests (filled pass/total)\tTODOs\tload-bearing\tmistakes caught\tlearner run")
	for _, s := range stagesToCheck {
		r := ck.row(s)
		tests, learner := "-", "-"
		if r.filledRan {
			tests = fmt.Sprintf("%d/%d", r.filledPass, r.filledTotal)
		}
		if r.learnerRan {
			named := "all name their TODO"
			if !r.learnerNamesTODOs {
				named = "NOT all name a TODO"
			}
			learner = fmt.Sprintf("%d failing, %s", r.learnerFailing, named)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d/%d\t%d/%d\t%s\n", stageDir(s), tests, r.todos, r.loadBearing, r.todos, r.mistakesCaught, r.mistakes, learner)
	}
	tw.Flush()
}

// The mistake proofs (check 10): for every //camp:mistake, filled stage N
// with only that mistake applied must fail a root-free test, within
// mistakeLimit, and the failing test's output must name the mistake's TODO.

// mistakeLimit bounds how long the test that catches a mistake may run: a
// learner's bug must fail a test within it, never hang until go test's
// 10-minute timeout.
const mistakeLimit = 60 * time.Second

// testPlan says which tests of a stage build to run to prove a TODO
// load-bearing or a mistake caught: first (if any) the tests whose source
// names the TODO, in the packages that hold them; then every package whose
// tests can see the change, the changed file's own package first, then its
// importers, nearest first. Package paths are "./dayN-…/pkg", as go test
// takes them in the stage's module.
type testPlan struct {
	namingTests []string // top-level test functions that name the TODO
	namingPkgs  []string
	pkgs        []string
}

// planMistake is the plan of a mistake's proof.
func planMistake(files map[string][]byte, stage int, m Mistake) testPlan {
	return planTests(files, stage, m.File, m.TODO)
}

// planTests computes the plan for a change in file (a "solutions/…" path)
// that TODO todoID must be named for, from the generated files of the stage
// (paths from the module root, as Generate returns them). Only the files'
// imports and test functions are parsed: it costs milliseconds.
func planTests(files map[string][]byte, stage int, file, todoID string) testPlan {
	prefix := stageDir(stage) + "/"
	own := prefix + path.Dir(strings.TrimPrefix(file, solutionsDir+"/"))
	importers := map[string]map[string]bool{}     // package -> packages whose non-test files import it
	testImporters := map[string]map[string]bool{} // package -> packages whose test files import it
	var testFiles []string
	var names []string
	for p := range files {
		names = append(names, p)
	}
	sort.Strings(names)
	fset := token.NewFileSet()
	for _, p := range names {
		if !strings.HasSuffix(p, ".go") || !strings.HasPrefix(p, prefix) {
			continue
		}
		f, err := parser.ParseFile(fset, p, files[p], parser.ImportsOnly)
		if err != nil {
			continue
		}
		isTest := strings.HasSuffix(p, "_test.go")
		if isTest {
			testFiles = append(testFiles, p)
		}
		for _, im := range f.Imports {
			ip, _ := strconv.Unquote(im.Path.Value)
			dep, ok := strings.CutPrefix(ip, modulePath+"/")
			if !ok {
				continue
			}
			into := importers
			if isTest {
				into = testImporters
			}
			if into[dep] == nil {
				into[dep] = map[string]bool{}
			}
			into[dep][path.Dir(p)] = true
		}
	}
	// Breadth first through the importers: every package that links the
	// mistake's package, nearest first.
	dist := map[string]int{own: 0}
	queue := []string{own}
	for len(queue) > 0 {
		q := queue[0]
		queue = queue[1:]
		for _, imp := range sortedKeys(importers[q]) {
			if _, seen := dist[imp]; !seen {
				dist[imp] = dist[q] + 1
				queue = append(queue, imp)
			}
		}
	}
	// A package's tests see the mistake if the package links it, or if
	// its test files import a package that does.
	testDist := map[string]int{}
	for pkg, d := range dist {
		testDist[pkg] = d
		for _, imp := range sortedKeys(testImporters[pkg]) {
			if old, ok := testDist[imp]; !ok || d+1 < old {
				testDist[imp] = d + 1
			}
		}
	}
	hasTests := map[string]bool{}
	for _, p := range testFiles {
		hasTests[path.Dir(p)] = true
	}
	var pkgs []string
	for pkg := range testDist {
		if hasTests[pkg] {
			pkgs = append(pkgs, pkg)
		}
	}
	sort.Slice(pkgs, func(i, j int) bool {
		if testDist[pkgs[i]] != testDist[pkgs[j]] {
			return testDist[pkgs[i]] < testDist[pkgs[j]]
		}
		return pkgs[i] < pkgs[j]
	})
	var plan testPlan
	naming := map[string]bool{}
	quoted := strconv.Quote(todoID)
	for _, pkg := range pkgs {
		plan.pkgs = append(plan.pkgs, "./"+pkg)
		for _, p := range testFiles {
			if path.Dir(p) != pkg || !bytes.Contains(files[p], []byte(quoted)) {
				continue
			}
			f, err := parser.ParseFile(fset, p, files[p], 0)
			if err != nil {
				continue
			}
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || fd.Recv != nil || !strings.HasPrefix(fd.Name.Name, "Test") {
					continue
				}
				body := files[p][fset.Position(fd.Pos()).Offset:fset.Position(fd.End()).Offset]
				if bytes.Contains(body, []byte(quoted)) {
					if !naming[fd.Name.Name] {
						naming[fd.Name.Name] = true
						plan.namingTests = append(plan.namingTests, fd.Name.Name)
					}
					if len(plan.namingPkgs) == 0 || plan.namingPkgs[len(plan.namingPkgs)-1] != "./"+pkg {
						plan.namingPkgs = append(plan.namingPkgs, "./"+pkg)
					}
				}
			}
		}
	}
	return plan
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// mistakeTestArgs are the arguments of one run of a mistake proof: one
// package at a time (-p 1, in the plan's order), stopping at the first
// failure, each test binary bounded by the limit. go vet is off: check 5
// vets every stage once, and a mistake's wrong lines are not for vet to
// judge (they are wrong on purpose), only the tests.
func mistakeTestArgs(limit time.Duration, run string, pkgs []string) []string {
	args := []string{"test", "-json", "-count=1", "-short", "-vet=off", "-p", "1", "-failfast", "-timeout", limit.String(), "-skip", "Interop"}
	if run != "" {
		args = append(args, "-run", run)
	}
	return append(args, pkgs...)
}

// stopAtTopLevelFail stops a mistake run when a top-level test fails: its
// subtests' failures come first, and the test's own cleanups (todo.Covers
// logs the TODO there) print after them.
func stopAtTopLevelFail(ev testEvent) bool {
	return ev.Action == "fail" && ev.Test != "" && !strings.Contains(ev.Test, "/")
}

// mistakeVerdict is the judgement of one run of a mistake proof.
type mistakeVerdict struct {
	caughtBy *testResult // the failing leaf test, or nil
	elapsed  time.Duration
	problems []string
	final    bool // no need for another run: caught, timed out or broken
}

// judgeMistake judges a with-mistake run. exitErr is the run's error.
func judgeMistake(m Mistake, rep *testReport, exitErr error, limit time.Duration) mistakeVerdict {
	all := rep.allOutput()
	byName := map[string]*testResult{}
	for _, t := range rep.tests {
		byName[t.Package+"\x00"+t.Name] = t
	}
	timedOut := strings.Contains(all, "panic: test timed out") || (exitErr != nil && strings.Contains(exitErr.Error(), "killed after"))
	var v mistakeVerdict
	for _, t := range rep.failedLeaves() {
		if t.Action != "fail" {
			continue // never finished: a timeout or a panic, judged below
		}
		// The leaf and the tests above it: todo.Covers logs in the test
		// that called it, which may be a parent of the failing subtest.
		out := t.Output.String()
		top := t
		for name := t.Name; strings.Contains(name, "/"); {
			name = name[:strings.LastIndex(name, "/")]
			if p := byName[t.Package+"\x00"+name]; p != nil {
				out += p.Output.String()
				top = p
			}
		}
		v.caughtBy, v.elapsed, v.final = t, max(t.Elapsed, top.Elapsed), true
		where := fmt.Sprintf("%s %s", t.Package, t.Name)
		if v.elapsed > limit {
			v.problems = append(v.problems, fmt.Sprintf("caught by %s only after %v: a test must catch a mistake within %v (bound it: frame counts, fake time, a context deadline)", where, v.elapsed.Round(time.Millisecond), limit))
		}
		if !strings.Contains(out, m.TODO) {
			v.problems = append(v.problems, fmt.Sprintf("caught by %s, but its output does not name TODO %s: call todo.Covers(t, %d, %q) in that test, or name the TODO in the assertion", where, m.TODO, m.Day, m.TODO),
				indent(relevantLines(out, 15)))
		}
		return v
	}
	switch {
	case timedOut:
		v.final = true
		v.problems = append(v.problems, fmt.Sprintf("no test failed within %v: with mistake %s applied a test hangs — bound it (frame counts, fake time, a context deadline) so that it fails naming TODO %s", limit, m.ID, m.TODO),
			indent(relevantLines(all, 15)))
	case len(rep.packagesFailedOutsideTests()) > 0 || (exitErr != nil && len(rep.tests) == 0):
		v.final = true
		v.problems = append(v.problems, fmt.Sprintf("filled stage %d with mistake %s applied fails outside any test (does it build? does a test binary panic?)", m.Day, m.ID),
			indent(relevantLines(all, 15)))
	}
	return v
}

// checkMistake is check 10 for one mistake.
func (ck *checker) checkMistake(w *worker, m Mistake) {
	start := time.Now()
	name := fmt.Sprintf("%s: mistake %d.%d %s is caught", stageDir(m.Day), m.Day, m.Step, m.ID)
	files, err := ck.course.Generate(m.Day, WithMistake(m.ID))
	var mod *tempModule
	if err == nil {
		mod, err = w.module()
	}
	if err == nil {
		err = mod.write(files)
	}
	if err != nil {
		ck.report(start, name, false, "", strings.Split(err.Error(), "\n"))
		return
	}
	limit := ck.mistakeLimit
	if limit == 0 {
		limit = mistakeLimit
	}
	plan := planMistake(files, m.Day, m)
	// First the tests that name the TODO, then every package the mistake
	// can reach; each run stops at its first failing test.
	var v mistakeVerdict
	if len(plan.namingTests) > 0 {
		run := "^(" + strings.Join(plan.namingTests, "|") + ")$"
		r := runGoUntil(mod.dir, 5*time.Minute, mod.env(), stopAtTopLevelFail, mistakeTestArgs(limit, run, plan.namingPkgs)...)
		v = judgeMistake(m, parseTestJSON(r.stdout), r.err, limit)
	}
	if !v.final && len(plan.pkgs) > 0 {
		r := runGoUntil(mod.dir, 10*time.Minute, mod.env(), stopAtTopLevelFail, mistakeTestArgs(limit, "", plan.pkgs)...)
		v = judgeMistake(m, parseTestJSON(r.stdout), r.err, limit)
	}
	if v.caughtBy == nil && len(v.problems) == 0 {
		v.problems = append(v.problems, fmt.Sprintf("not caught: no root-free test of stage %d fails with mistake %s applied (%s:%d): write a test that catches it and calls todo.Covers(t, %d, %q)",
			m.Day, m.ID, m.File, m.Line, m.Day, m.TODO))
	}
	summary := ""
	if v.caughtBy != nil && ck.verbose {
		summary = fmt.Sprintf("by %s %s in %v", v.caughtBy.Package, v.caughtBy.Name, v.elapsed.Round(time.Millisecond))
	}
	ck.mu.Lock()
	if len(v.problems) == 0 {
		ck.row(m.Day).mistakesCaught++
	}
	ck.mu.Unlock()
	ck.report(start, name, len(v.problems) == 0, summary, v.problems)
}
