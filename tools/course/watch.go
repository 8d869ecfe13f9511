package main

// `course watch [dayN]` is the learner's main screen. It runs the tests of
// one day folder, and again whenever a .go file of that folder is saved,
// and shows on one screen: how far the day is (TODOs done, tests passing),
// the next TODO to write (where, what, and the lesson's link), and the
// first failing test's assertion. `h` adds the TODO's hint, `q` quits.
//
// Saves are found by polling the folder's modification times twice a
// second: a day folder has a few dozen files, so a poll costs well under a
// millisecond, works the same on every OS and file system (network and
// container mounts included, where change notifications are unreliable),
// and needs no new dependency.
//
// Without a terminal (stdin or stdout redirected, as in CI or an editor's
// task runner) or with -once, it runs the tests once, prints one screen and
// exits: status 0 when the day is green, 1 otherwise.

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/fatih/color"
	"github.com/mattn/go-isatty"
)

// pollInterval is how often watch looks for saved files.
const pollInterval = 500 * time.Millisecond

// testLimit bounds one run of a day's tests.
const testLimit = 10 * time.Minute

// maxFailureLines is the most lines of a failing test the screen shows.
const maxFailureLines = 15

func cmdWatch(root string, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("watch", flag.ContinueOnError)
	fl.SetOutput(stderr)
	once := fl.Bool("once", false, "run the tests once, print one screen and exit (the default without a terminal)")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./tools/course watch [-once] [dayN]")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	rest := fl.Args()
	if len(rest) > 0 { // allow "watch day2 -once" too
		if err := fl.Parse(rest[1:]); err != nil {
			return 2
		}
		rest = append(rest[:1], fl.Args()...)
	}
	if len(rest) > 1 {
		fl.Usage()
		return 2
	}
	setupColor()
	c, err := loadCourse(root)
	if err != nil {
		fmt.Fprintln(stderr, "course watch: cannot read the TODO list from solutions/:")
		printErr(stderr, err)
		return 1
	}
	var day int
	if len(rest) == 1 {
		if day, err = parseDay(rest[0]); err != nil {
			fmt.Fprintln(stderr, "course watch:", err)
			return 2
		}
	} else if day, err = currentDay(root, c); err != nil {
		fmt.Fprintln(stderr, "course watch:", err)
		return 1
	}
	if day > c.LastStage() || !dayExists(root, day) {
		fmt.Fprintf(stderr, "course watch: there is no %s/ folder (the course has days 1–%d)\n", stageDir(day), c.LastStage())
		return 1
	}
	w := &watcher{root: root, course: c, day: day, runTests: runDayTests}

	interactive := !*once && isTerminal(os.Stdin) && isTerminal(os.Stdout) && stdout == io.Writer(os.Stdout)
	if !interactive {
		fmt.Fprintf(stderr, "testing %s/ …\n", stageDir(day))
		s := w.screen(w.runTests(context.Background(), root, stageDir(day)), false)
		renderScreen(stdout, s)
		if s.green {
			return 0
		}
		return 1
	}

	restore, keysNeedEnter := cbreak(int(os.Stdin.Fd()))
	defer restore()
	keys := make(chan byte)
	go readKeys(os.Stdin, keys)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	ticker := time.NewTicker(pollInterval)
	defer ticker.Stop()
	w.keysNeedEnter = keysNeedEnter
	return w.loop(context.Background(), color.Output, keys, ticker.C, sigs)
}

// isTerminal reports whether f is a terminal.
func isTerminal(f *os.File) bool {
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}

// readKeys sends every byte read from r to keys, until r fails.
func readKeys(r io.Reader, keys chan<- byte) {
	buf := make([]byte, 1)
	for {
		if n, err := r.Read(buf); err != nil {
			return
		} else if n == 1 {
			keys <- buf[0]
		}
	}
}

// A dayRun is the outcome of one run of a day's tests.
type dayRun struct {
	report  *testReport
	stderr  string
	err     error // nil when go test exited with status 0
	elapsed time.Duration
	at      time.Time
}

// runDayTests runs the tests of a day folder with `go test -json`, without
// the interop tests (they need root). Cancelling ctx stops go and the test
// binaries it started. Results come from the go command's test cache when
// a package did not change, so a save re-runs only what it touched.
func runDayTests(ctx context.Context, root, dir string) dayRun {
	ctx, cancel := context.WithTimeout(ctx, testLimit)
	defer cancel()
	start := time.Now()
	cmd := exec.Command("go", "test", "-json", "-skip", "Interop", "./"+dir+"/...")
	cmd.Dir = root
	ownGroup(cmd)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Start()
	if err == nil {
		stop := context.AfterFunc(ctx, func() { killGroup(cmd) })
		err = cmd.Wait()
		stop()
	}
	if ctx.Err() == context.DeadlineExceeded {
		err = fmt.Errorf("go test was stopped after %v", testLimit)
	} else if ctx.Err() != nil {
		err = ctx.Err()
	}
	return dayRun{report: parseTestJSON(stdout.Bytes()), stderr: stderr.String(), err: err,
		elapsed: time.Since(start), at: time.Now()}
}

// A watcher is the state of one watch session.
type watcher struct {
	root     string
	course   *Course
	day      int
	runTests func(ctx context.Context, root, dir string) dayRun

	keysNeedEnter bool // keys are read a line at a time (no cbreak mode)
	showHint      bool
}

// A screen is everything watch shows, computed from the course, the
// learner's folder and one test run.
type screen struct {
	day, lastDay int
	todos        []TODO
	open         map[string]stubLoc
	tested       bool // false while the first run is still going
	pass, total  int
	buildFailed  bool
	failTitle    string
	failLines    []string
	rerun        string // the go test command that runs the failing test alone
	green        bool
	next         *TODO
	nextLoc      stubLoc
	hint         []string // shown after `h`
	status       string   // the last line: what watch is doing
	keys         string   // the keys line, empty without a terminal
}

// screen builds the screen for a run (nil while the first run goes on).
func (w *watcher) screen(run dayRun, running bool) screen {
	dir := stageDir(w.day)
	s := screen{day: w.day, lastDay: w.course.LastStage(), todos: dayTODOs(w.course, w.day)}
	open, err := findStubs(w.root, dir, s.todos)
	if err != nil {
		s.failTitle, s.failLines = "cannot read "+dir+"/", []string{err.Error()}
	}
	s.open = open
	for i, t := range s.todos {
		if loc, ok := open[t.ID]; ok {
			s.next, s.nextLoc = &s.todos[i], loc
			break
		}
	}
	if w.showHint && s.next != nil {
		var b bytes.Buffer
		hints := s.nextLoc.Hints
		if len(hints) == 0 {
			hints = solutionHints(w.root, *s.next)
		}
		printHintBody(&b, hints, lessonSection(w.root, *s.next), *s.next)
		s.hint = splitLines(b.String())
	}
	if run.report != nil {
		s.tested = true
		var fail int
		s.pass, fail, _ = run.report.count()
		s.total = s.pass + fail
		broken := run.report.packagesFailedOutsideTests()
		s.buildFailed = run.err != nil && len(broken) > 0
		switch {
		case len(broken) > 0:
			s.failTitle, s.failLines = failedPackage(run, broken[0])
		case fail > 0:
			s.failTitle, s.failLines, s.rerun = firstFailure(run.report, s.next, s.nextLoc)
		case run.err != nil:
			s.failTitle = "go test failed"
			s.failLines = limitLines(splitLines(strings.TrimSpace(run.stderr+"\n"+run.report.otherLines.String()+"\n"+run.err.Error())), maxFailureLines)
		}
		s.green = run.err == nil && fail == 0 && len(open) == 0 && s.total > 0 && err == nil
		s.status = fmt.Sprintf("tested at %s in %.1fs", run.at.Format("15:04:05"), run.elapsed.Seconds())
	}
	if running {
		s.status = "testing " + dir + "/ …"
	}
	return s
}

// pkgDir turns an import path of the module into a folder, e.g.
// "day2-ip-icmp/checksum".
func pkgDir(importPath string) string {
	return strings.TrimPrefix(importPath, modulePath+"/")
}

// failedPackage describes a package that failed outside its tests: a build
// error, most often, while the learner is half-way through a TODO.
func failedPackage(run dayRun, pkg string) (string, []string) {
	out := run.report.pkgOutputOf(pkg)
	if out == "" {
		out = strings.TrimSpace(run.stderr)
	}
	lines := splitLines(out)
	title := pkgDir(pkg) + " does not build"
	if !strings.Contains(out, "[build failed]") && !strings.Contains(out, "[setup failed]") {
		title = pkgDir(pkg) + " failed outside its tests"
		return title, limitLines(strings.Split(relevantLines(out, maxFailureLines), "\n"), maxFailureLines)
	}
	var kept []string
	for _, l := range lines {
		if strings.HasPrefix(l, "FAIL\t") || strings.HasPrefix(l, "FAIL ") {
			continue
		}
		kept = append(kept, l)
	}
	return title, limitLines(kept, maxFailureLines)
}

// firstFailure picks the failing test to show and returns its title, its
// output trimmed to the assertion, and the command that runs it alone. It
// prefers a test that ran into the next TODO's stub in the stub's own
// package, then any test that ran into it, then the first failing test;
// packages are taken in path order, tests in the order they ran.
func firstFailure(r *testReport, next *TODO, loc stubLoc) (title string, lines []string, rerun string) {
	leaves := r.failedLeaves()
	if len(leaves) == 0 {
		return "", nil, ""
	}
	sort.SliceStable(leaves, func(i, j int) bool { return leaves[i].Package < leaves[j].Package })
	best, score := leaves[0], -1
	for _, t := range leaves {
		sc := 0
		if next != nil {
			out := t.Output.String()
			if strings.Contains(out, fmt.Sprintf("TODO(day%d): %s ", next.Day, next.ID)) ||
				strings.Contains(out, fmt.Sprintf("TODO(day%d) %s ", next.Day, next.ID)) {
				sc = 1
				if pkgDir(t.Package) == filepathDir(loc.File) {
					sc = 2
				}
			}
		}
		if sc > score {
			best, score = t, sc
		}
	}
	top, _, _ := strings.Cut(best.Name, "/")
	rerun = fmt.Sprintf("go test -run '^%s$' ./%s", top, pkgDir(best.Package))
	title = best.Name + "  (" + pkgDir(best.Package) + ")"
	if best.Action == "" {
		title += " — did not finish"
	}
	return title, assertionLines(best.Output.String(), maxFailureLines), rerun
}

// filepathDir is path.Dir for the slash paths of stubLoc.
func filepathDir(p string) string {
	if i := strings.LastIndex(p, "/"); i >= 0 {
		return p[:i]
	}
	return "."
}

// assertionLines turns a failing test's output into at most n labelled
// lines: the go test framing (=== RUN, --- FAIL) goes, testify's blocks
// keep their labels (Error, Messages, expected/actual) but lose the Error
// Trace of absolute paths and the Test line that repeats the title, and
// indentation is shortened. A panic's output starts at the panic.
func assertionLines(out string, n int) []string {
	if strings.Contains(out, "panic:") {
		return limitLines(strings.Split(relevantLines(out, n), "\n"), n)
	}
	var lines []string
	skipping := false // inside testify's Error Trace
	for _, l := range splitLines(out) {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "=== ") || strings.HasPrefix(t, "--- FAIL") ||
			strings.HasPrefix(t, "--- PASS") || strings.HasPrefix(t, "--- SKIP") {
			continue
		}
		if rest, ok := strings.CutPrefix(l, "        \t"); ok { // a testify block
			label, value, _ := strings.Cut(rest, "\t")
			label = strings.TrimSpace(label)
			value = strings.TrimLeft(value, "\t")
			switch {
			case label == "":
				if !skipping {
					lines = append(lines, "            "+value)
				}
			case label == "Error Trace:" || label == "Test:":
				skipping = true
			default:
				skipping = false
				lines = append(lines, fmt.Sprintf("  %-9s %s", label, value))
			}
			continue
		}
		skipping = false
		if strings.HasSuffix(t, ":") && strings.Contains(t, ".go:") && !strings.Contains(t, " ") {
			lines = append(lines, "at "+strings.TrimSuffix(t, ":")) // the t.Errorf location testify prints alone
			continue
		}
		lines = append(lines, strings.TrimPrefix(l, "    "))
	}
	return limitLines(lines, n)
}

// maxLineWidth is the most characters of one line of a failure the screen
// shows: a hex dump or a long log line is cut, not wrapped over the screen.
const maxLineWidth = 160

// limitLines keeps at most n lines, the last saying how many it left out,
// and cuts lines longer than maxLineWidth.
func limitLines(lines []string, n int) []string {
	var out []string
	for i, l := range lines {
		if i == n-1 && len(lines) > n {
			return append(out, fmt.Sprintf("… %d more lines (run the test alone to see them)", len(lines)-n+1))
		}
		if r := []rune(l); len(r) > maxLineWidth {
			l = string(r[:maxLineWidth-1]) + "…"
		}
		out = append(out, l)
	}
	return out
}

// plural returns one when n is 1, else many with n filled in.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return fmt.Sprintf(many, n)
}

// bar draws a progress bar of width cells.
func bar(done, total, width int) string {
	filled := 0
	if total > 0 {
		filled = done * width / total
	}
	return color.GreenString(strings.Repeat("█", filled)) + color.New(color.Faint).Sprint(strings.Repeat("░", width-filled))
}

// renderScreen writes one screen.
func renderScreen(w io.Writer, s screen) {
	bold, cyan, green, red, yellow, faint := color.New(color.Bold), color.New(color.FgCyan),
		color.New(color.FgGreen), color.New(color.FgRed), color.New(color.FgYellow), color.New(color.Faint)
	dir := stageDir(s.day)
	fmt.Fprintf(w, "%s  %s\n\n", bold.Sprintf("Go TCP/IP Camp · day %d · %s/", s.day, dir), faint.Sprint(s.status))

	done := len(s.todos) - len(s.open)
	fmt.Fprintf(w, "  TODOs  %s  %d/%d done\n", bar(done, len(s.todos), 24), done, len(s.todos))
	switch {
	case !s.tested:
		fmt.Fprintf(w, "  tests  %s  …\n", bar(0, 1, 24))
	case s.buildFailed:
		fmt.Fprintf(w, "  tests  %s  %s\n", bar(s.pass, s.total, 24), red.Sprintf("%d/%d passing, a package does not build", s.pass, s.total))
	default:
		fmt.Fprintf(w, "  tests  %s  %d/%d passing\n", bar(s.pass, s.total, 24), s.pass, s.total)
	}
	fmt.Fprintln(w)

	if s.green {
		green.Add(color.Bold).Fprintf(w, "%s is green: %s and %s.\n", dir,
			plural(s.total, "its test passes", "all %d tests pass"), plural(len(s.todos), "its TODO is done", "all %d TODOs are done"))
		fmt.Fprintf(w, "  run the demo   %s\n", bold.Sprintf("go run ./%s/cmd/demo", dir))
		if s.day < s.lastDay {
			nd := s.day + 1
			fmt.Fprintf(w, "  next day       read %s, then %s\n", cyan.Sprint(lessonPath(nd)), bold.Sprintf("go run ./tools/course watch day%d", nd))
		} else {
			fmt.Fprintln(w, "  That was the last day: the stack is complete. Well done.")
		}
	} else if s.next != nil {
		t := s.next
		fmt.Fprintf(w, "%s %s %s — %s\n", yellow.Add(color.Bold).Sprint("Next TODO"), bold.Sprintf("%d.%d", t.Day, t.Step), bold.Sprint(t.ID), t.Description)
		fmt.Fprintf(w, "  %-9s %s\n", "write it", s.nextLoc.String())
		fmt.Fprintf(w, "  %-9s %s\n", "lesson", cyan.Sprintf("%s#%s", lessonPath(t.Day), t.ID))
	} else if s.tested {
		fmt.Fprintf(w, "%s all %d TODOs of %s are written, but tests still fail.\n", yellow.Add(color.Bold).Sprint("Almost:"), len(s.todos), dir)
	}
	if len(s.hint) > 0 {
		fmt.Fprintln(w)
		for _, l := range s.hint {
			fmt.Fprintln(w, l)
		}
	}
	if s.failTitle != "" {
		fmt.Fprintln(w)
		fmt.Fprintf(w, "%s %s\n", red.Add(color.Bold).Sprint("First failure:"), s.failTitle)
		for _, l := range s.failLines {
			fmt.Fprintln(w, "  "+l)
		}
		if s.rerun != "" {
			fmt.Fprintf(w, "  %s %s\n", faint.Sprint("alone:"), s.rerun)
		}
	}
	if s.keys != "" {
		fmt.Fprintln(w)
		fmt.Fprintln(w, faint.Sprint(s.keys))
	}
}

// clearScreen moves the cursor home and clears the terminal.
const clearScreen = "\x1b[H\x1b[2J"

// loop is the interactive session: it re-runs the tests when a file is
// saved (checked on every tick), redraws, and answers keys, until q, a
// signal, or the end of keys. It returns the exit status: 0 when the day
// was green at the end.
func (w *watcher) loop(ctx context.Context, out io.Writer, keys <-chan byte, ticks <-chan time.Time, sigs <-chan os.Signal) int {
	ctx, stopAll := context.WithCancel(ctx)
	defer stopAll()
	dir := stageDir(w.day)
	type done struct {
		gen int
		run dayRun
	}
	results := make(chan done)
	var (
		gen      int
		inFlight int
		cancel   context.CancelFunc = func() {}
		last     dayRun
		running  bool
		saved    = folderStamps(w.root, dir)
	)
	start := func() {
		cancel()
		gen++
		var runCtx context.Context
		runCtx, cancel = context.WithCancel(ctx)
		g := gen
		inFlight++
		running = true
		go func() { results <- done{g, w.runTests(runCtx, w.root, dir)} }()
	}
	draw := func() {
		s := w.screen(last, running)
		s.keys = w.keysLine(s)
		fmt.Fprint(out, clearScreen)
		renderScreen(out, s)
	}
	finish := func() int {
		cancel()
		stopAll()
		for inFlight > 0 {
			<-results
			inFlight--
		}
		if last.report != nil && w.screen(last, false).green {
			return 0
		}
		return 1
	}
	start()
	draw()
	for {
		select {
		case r := <-results:
			inFlight--
			if r.gen != gen {
				continue // a run cancelled by a later save
			}
			if errors.Is(r.run.err, context.Canceled) {
				continue
			}
			running, last = false, r.run
			draw()
		case now := <-ticks:
			_ = now
			if snap := folderStamps(w.root, dir); !sameStamps(snap, saved) {
				saved = snap
				start()
				draw()
			}
		case k, ok := <-keys:
			if !ok {
				return finish()
			}
			switch k {
			case 'q', 'Q', 4: // 4 is Ctrl-D
				fmt.Fprintln(out)
				return finish()
			case 'h', 'H', '?':
				w.showHint = !w.showHint
				draw()
			case 'r', 'R':
				start()
				draw()
			}
		case <-sigs:
			fmt.Fprintln(out)
			return finish()
		}
	}
}

// keysLine is the last line of an interactive screen.
func (w *watcher) keysLine(s screen) string {
	var parts []string
	if s.next != nil {
		if w.showHint {
			parts = append(parts, "h hides the hint")
		} else {
			parts = append(parts, "h hint")
		}
	}
	parts = append(parts, "r re-run", "q quit")
	enter := ""
	if w.keysNeedEnter {
		enter = " (then Enter)"
	}
	return fmt.Sprintf("%s%s — watching %s/ for saved .go files", strings.Join(parts, " · "), enter, stageDir(w.day))
}

// A fileStamp is what polling compares: a save changes the modification
// time or the size (or both).
type fileStamp struct {
	mod  time.Time
	size int64
}

// folderStamps returns the stamps of the .go files under root/dir.
func folderStamps(root, dir string) map[string]fileStamp {
	out := map[string]fileStamp{}
	filepath.WalkDir(filepath.Join(root, dir), func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return nil // a file removed while walking: the next poll sees it
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && p != filepath.Join(root, dir) {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".go") {
			if fi, err := d.Info(); err == nil {
				out[p] = fileStamp{fi.ModTime(), fi.Size()}
			}
		}
		return nil
	})
	return out
}

// sameStamps reports whether two sets of stamps are equal.
func sameStamps(a, b map[string]fileStamp) bool {
	if len(a) != len(b) {
		return false
	}
	for p, s := range a {
		if t, ok := b[p]; !ok || !t.mod.Equal(s.mod) || t.size != s.size {
			return false
		}
	}
	return true
}
