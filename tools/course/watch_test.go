package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fatih/color"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testifyFailure is the output of a failing testify assertion, as go test
// prints it.
const testifyFailure = "=== RUN   TestParse\n" +
	"    header_test.go:88: \n" +
	"        \tError Trace:\t/home/me/camp/day2-ip-icmp/ipv4/header_test.go:40\n" +
	"        \t            \t\t\t\t/home/me/camp/day2-ip-icmp/ipv4/header_test.go:88\n" +
	"        \tError:      \tNot equal: \n" +
	"        \t            \texpected: 64\n" +
	"        \t            \tactual  : 0\n" +
	"        \tTest:       \tTestParse\n" +
	"        \tMessages:   \tTTL\n" +
	"    camptest.go:48: The stack hit these unfinished TODOs:\n" +
	"            TODO(day2): ipv4-parse is not implemented yet — see docs/day2-ip-icmp.md#ipv4-parse\n" +
	"--- FAIL: TestParse (0.00s)\n"

func TestAssertionLines(t *testing.T) {
	assert.Equal(t, []string{
		"at header_test.go:88",
		"  Error:    Not equal: ",
		"            expected: 64",
		"            actual  : 0",
		"  Messages: TTL",
		"camptest.go:48: The stack hit these unfinished TODOs:",
		"        TODO(day2): ipv4-parse is not implemented yet — see docs/day2-ip-icmp.md#ipv4-parse",
	}, assertionLines(testifyFailure, 15), "framing, Error Trace and Test lines go; labels stay")

	got := assertionLines(testifyFailure, 4)
	assert.Len(t, got, 4, "at most n lines")
	assert.Equal(t, "… 4 more lines (run the test alone to see them)", got[3])

	long := assertionLines("    x_test.go:1: "+strings.Repeat("ab", 100)+"\n", 15)
	require.Len(t, long, 1)
	assert.Equal(t, maxLineWidth, len([]rune(long[0])), "a long line is cut")
	assert.True(t, strings.HasSuffix(long[0], "…"))

	panicked := "=== RUN   TestX\nsome log\npanic: runtime error: index out of range [3] with length 2\n\ngoroutine 7 [running]:\n"
	assert.Contains(t, assertionLines(panicked, 15), "panic: runtime error: index out of range [3] with length 2", "a panic is shown")
}

// jsonRun builds the `go test -json` output of a run from (package, test,
// action, output) rows; an empty action is an output line.
func jsonRun(t *testing.T, rows ...[4]string) []byte {
	t.Helper()
	var b bytes.Buffer
	for _, r := range rows {
		ev := map[string]string{"Package": modulePath + "/" + r[0], "Action": r[2]}
		if r[1] != "" {
			ev["Test"] = r[1]
		}
		if r[2] == "" {
			ev["Action"], ev["Output"] = "output", r[3]
		}
		line, err := json.Marshal(ev)
		require.NoError(t, err)
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func TestFirstFailurePrefersTheNextTODO(t *testing.T) {
	stub := "    x.go:1: TODO(day1): sub-numbers is not implemented yet — see docs/day1-device.md#sub-numbers\n"
	rep := parseTestJSON(jsonRun(t,
		[4]string{"day1-device/a", "TestA", "", "    a_test.go:3: something else\n"},
		[4]string{"day1-device/a", "TestA", "fail", ""},
		[4]string{"day1-device/z", "TestOther", "", stub},
		[4]string{"day1-device/z", "TestOther", "fail", ""},
		[4]string{"day1-device/stack", "TestSub", "", "=== RUN   TestSub\n"},
		[4]string{"day1-device/stack", "TestSub/neg", "", stub},
		[4]string{"day1-device/stack", "TestSub/neg", "fail", ""},
		[4]string{"day1-device/stack", "TestSub", "fail", ""},
		[4]string{"day1-device/stack", "TestAdd", "pass", ""},
	))
	next := &TODO{Day: 1, Step: 2, ID: "sub-numbers"}
	title, lines, rerun := firstFailure(rep, next, stubLoc{File: "day1-device/stack/stack.go"})
	assert.Equal(t, "TestSub/neg  (day1-device/stack)", title, "the stub's own package first")
	assert.Equal(t, []string{"x.go:1: TODO(day1): sub-numbers is not implemented yet — see docs/day1-device.md#sub-numbers"}, lines)
	assert.Equal(t, "go test -run '^TestSub$' ./day1-device/stack", rerun)

	title, _, _ = firstFailure(rep, next, stubLoc{File: "day1-device/elsewhere/e.go"})
	assert.Equal(t, "TestSub/neg  (day1-device/stack)", title, "then any test that hit the stub, packages in path order")

	title, lines, _ = firstFailure(rep, nil, stubLoc{})
	assert.Equal(t, "TestA  (day1-device/a)", title, "no next TODO: the first failing test")
	assert.Equal(t, []string{"a_test.go:3: something else"}, lines)
}

// fixedScreen is a screen with every part filled in.
func fixedScreen() screen {
	todos := []TODO{
		{Day: 2, Step: 1, ID: "checksum", Description: "add up the words"},
		{Day: 2, Step: 2, ID: "ipv4-parse", Description: "validate the header"},
		{Day: 2, Step: 3, ID: "ip-output", Description: "send a datagram"},
	}
	return screen{
		day: 2, lastDay: 6, todos: todos,
		open:   map[string]stubLoc{"ipv4-parse": {File: "day2-ip-icmp/ipv4/header.go", Line: 186}, "ip-output": {}},
		tested: true, pass: 45, total: 71,
		next: &todos[1], nextLoc: stubLoc{File: "day2-ip-icmp/ipv4/header.go", Line: 186},
		failTitle: "TestParse  (day2-ip-icmp/ipv4)", failLines: assertionLines(testifyFailure, 15),
		rerun:  "go test -run '^TestParse$' ./day2-ip-icmp/ipv4",
		status: "tested at 10:00:00 in 1.5s",
		keys:   "h hint · r re-run · q quit",
	}
}

func TestRenderScreen(t *testing.T) {
	color.NoColor = true
	var out bytes.Buffer
	renderScreen(&out, fixedScreen())
	assert.Equal(t, `Go TCP/IP Camp · day 2 · day2-ip-icmp/  tested at 10:00:00 in 1.5s

  TODOs  ████████░░░░░░░░░░░░░░░░  1/3 done
  tests  ███████████████░░░░░░░░░  45/71 passing

Next TODO 2.2 ipv4-parse — validate the header
  write it  day2-ip-icmp/ipv4/header.go:186
  lesson    docs/day2-ip-icmp.md#ipv4-parse

First failure: TestParse  (day2-ip-icmp/ipv4)
  at header_test.go:88
    Error:    Not equal: 
              expected: 64
              actual  : 0
    Messages: TTL
  camptest.go:48: The stack hit these unfinished TODOs:
          TODO(day2): ipv4-parse is not implemented yet — see docs/day2-ip-icmp.md#ipv4-parse
  alone: go test -run '^TestParse$' ./day2-ip-icmp/ipv4

h hint · r re-run · q quit
`, out.String())
	assert.LessOrEqual(t, strings.Count(out.String(), "\n"), 24, "one screen fits a 24-line terminal")
}

func TestRenderScreenGreen(t *testing.T) {
	color.NoColor = true
	s := fixedScreen()
	s.open, s.next, s.pass, s.failTitle, s.failLines, s.rerun, s.green, s.keys = nil, nil, 71, "", nil, "", true, ""
	var out bytes.Buffer
	renderScreen(&out, s)
	assert.Equal(t, `Go TCP/IP Camp · day 2 · day2-ip-icmp/  tested at 10:00:00 in 1.5s

  TODOs  ████████████████████████  3/3 done
  tests  ████████████████████████  71/71 passing

day2-ip-icmp is green: all 71 tests pass and all 3 TODOs are done.
  run the demo   go run ./day2-ip-icmp/cmd/demo
  next day       read docs/day3-ethernet-arp.md, then go run ./tools/course watch day3
`, out.String())

	s.day, s.lastDay = 6, 6
	out.Reset()
	renderScreen(&out, s)
	assert.Contains(t, out.String(), "That was the last day", "no next day after the last one")
}

func TestRenderScreenStates(t *testing.T) {
	color.NoColor = true
	s := fixedScreen()
	s.tested, s.failTitle, s.status = false, "", "testing day2-ip-icmp/ …"
	var out bytes.Buffer
	renderScreen(&out, s)
	assert.Contains(t, out.String(), "  tests  ░░░░░░░░░░░░░░░░░░░░░░░░  …\n", "before the first run")

	s = fixedScreen()
	s.buildFailed = true
	out.Reset()
	renderScreen(&out, s)
	assert.Contains(t, out.String(), "45/71 passing, a package does not build")

	s = fixedScreen()
	s.open, s.next = nil, nil
	out.Reset()
	renderScreen(&out, s)
	assert.Contains(t, out.String(), "Almost: all 3 TODOs of day2-ip-icmp are written, but tests still fail.\n")

	color.NoColor = false
	defer func() { color.NoColor = true }()
	out.Reset()
	renderScreen(&out, fixedScreen())
	assert.Contains(t, out.String(), "\x1b[", "colour when asked for")
}

func TestWatcherScreen(t *testing.T) {
	root := genFixture(t)
	c, err := loadCourse(root)
	require.NoError(t, err)
	w := &watcher{root: root, course: c, day: 1}
	run := dayRun{report: parseTestJSON(jsonRun(t,
		[4]string{"day1-device/stack", "TestAdd", "", "    stack_test.go:5: TODO(day1): add-numbers is not implemented yet — see docs/day1-device.md#add-numbers\n"},
		[4]string{"day1-device/stack", "TestAdd", "fail", ""},
		[4]string{"day1-device/stack", "TestGreet", "pass", ""},
		[4]string{"day1-device/stack", "", "fail", ""},
	)), err: errors.New("exit status 1"), at: time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC), elapsed: 1500 * time.Millisecond}

	s := w.screen(run, false)
	assert.Equal(t, 1, s.pass, "passing tests")
	assert.Equal(t, 2, s.total, "tests")
	assert.False(t, s.green)
	require.NotNil(t, s.next)
	assert.Equal(t, "add-numbers", s.next.ID)
	assert.Equal(t, "day1-device/stack/stack.go:14", s.nextLoc.String())
	assert.Equal(t, "TestAdd  (day1-device/stack)", s.failTitle)
	assert.Equal(t, "tested at 10:00:00 in 1.5s", s.status)
	assert.Nil(t, s.hint, "no hint until h")

	w.showHint = true
	s = w.screen(run, true)
	assert.Equal(t, "testing day1-device/ …", s.status)
	assert.Equal(t, []string{"Hints", "  use +.", "", "From the lesson (docs/day1-device.md#add-numbers)",
		"  What. Add a and b,", "  and return the sum.", "", "  Hints. The + operator."}, s.hint)

	// A package that does not build comes first.
	broken := dayRun{report: parseTestJSON(jsonRun(t,
		[4]string{"day1-device/stack", "", "", "# " + modulePath + "/day1-device/stack\nday1-device/stack/stack.go:17:9: undefined: sum\n"},
		[4]string{"day1-device/stack", "", "", "FAIL\t" + modulePath + "/day1-device/stack [build failed]\n"},
		[4]string{"day1-device/stack", "", "fail", ""},
	)), err: errors.New("exit status 1")}
	s = w.screen(broken, false)
	assert.True(t, s.buildFailed)
	assert.Equal(t, "day1-device/stack does not build", s.failTitle)
	assert.Equal(t, []string{"# " + modulePath + "/day1-device/stack", "day1-device/stack/stack.go:17:9: undefined: sum"}, s.failLines)

	// Green: every TODO done, every test passing.
	solve(t, root, "day1-device/stack/stack.go", `return 0, todo.New(1, "add-numbers")`, "return a + b, nil")
	solve(t, root, "day1-device/stack/stack.go", `return 0, todo.New(1, "sub-numbers")`, "return a - b, nil")
	s = w.screen(dayRun{report: parseTestJSON(jsonRun(t, [4]string{"day1-device/stack", "TestAdd", "pass", ""}))}, false)
	assert.True(t, s.green)
	assert.Nil(t, s.next)
}

// syncBuffer is a bytes.Buffer safe for the watch loop's goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func TestWatchLoop(t *testing.T) {
	root := genFixture(t)
	c, err := loadCourse(root)
	require.NoError(t, err)
	var mu sync.Mutex
	runs := 0
	cancelled := make(chan struct{})
	w := &watcher{root: root, course: c, day: 1, runTests: func(ctx context.Context, _, dir string) dayRun {
		mu.Lock()
		runs++
		n := runs
		mu.Unlock()
		if n == 3 { // the third run is still going when q is pressed
			<-ctx.Done()
			close(cancelled)
			return dayRun{err: ctx.Err()}
		}
		return dayRun{report: parseTestJSON(jsonRun(t, [4]string{"day1-device/stack", "TestAdd", "pass", ""}))}
	}}
	keys, ticks := make(chan byte), make(chan time.Time)
	var out syncBuffer
	status := make(chan int)
	go func() { status <- w.loop(context.Background(), &out, keys, ticks, nil) }()

	// tick polls the folder once and returns when the loop has handled the
	// poll (the key after it is read only then), so the test never writes
	// a file while the loop is still looking at the folder.
	tick := func() {
		ticks <- time.Time{}
		keys <- 0 // ignored
	}
	keys <- 'h'
	tick() // nothing saved: no run
	require.NoError(t, os.WriteFile(filepath.Join(root, "day1-device/stack/extra.go"), []byte("package stack\n"), 0o644))
	tick()      // a new file: a run
	keys <- 'x' // other keys are ignored
	tick()
	require.NoError(t, os.WriteFile(filepath.Join(root, "day1-device/stack/extra.go"), []byte("package stack // saved\n"), 0o644))
	tick()
	keys <- 'q'
	select {
	case st := <-status:
		assert.Equal(t, 1, st, "not green: TODOs are open")
	case <-time.After(10 * time.Second):
		t.Fatal("the loop did not end after q")
	}
	select {
	case <-cancelled:
	default:
		t.Error("q did not cancel the running tests")
	}
	mu.Lock()
	assert.Equal(t, 3, runs, "one run at the start, one per save")
	mu.Unlock()
	got := out.String()
	assert.Contains(t, got, clearScreen, "each screen clears the terminal")
	assert.Contains(t, got, "From the lesson (docs/day1-device.md#add-numbers)", "h shows the hint")
	assert.Contains(t, got, "h hides the hint")
	assert.Contains(t, got, "testing day1-device/ …")

	// The end of input ends the loop too.
	keys = make(chan byte)
	close(keys)
	w.runTests = func(context.Context, string, string) dayRun { return dayRun{report: parseTestJSON(nil)} }
	assert.Equal(t, 1, w.loop(context.Background(), &out, keys, nil, nil))
}

// TestCmdWatchOnce runs the go command on the fixture: skipped with -short.
func TestCmdWatchOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test")
	}
	root := genFixture(t)
	var out, errOut bytes.Buffer
	// go test's stdin is not a terminal and out is a buffer: one run, no keys.
	require.Equal(t, 1, cmdWatch(root, nil, &out, &errOut), errOut.String())
	assert.Contains(t, out.String(), "Go TCP/IP Camp · day 1 · day1-device/", "the first unfinished day")
	assert.Contains(t, out.String(), "Next TODO 1.1 add-numbers — add the two numbers\n  write it  day1-device/stack/stack.go:14\n")
	assert.Contains(t, out.String(), "First failure: TestAdd  (day1-device/stack)\n")
	assert.NotContains(t, out.String(), clearScreen, "no terminal, no clearing")
	assert.NotContains(t, out.String(), "q quit", "no keys without a terminal")

	solve(t, root, "day1-device/stack/stack.go", `return 0, todo.New(1, "add-numbers")`, "return a + b, nil")
	solve(t, root, "day1-device/stack/stack.go", `return 0, todo.New(1, "sub-numbers")`, "return a - b, nil")
	solve(t, root, "day1-device/stack/stack.go", "import (\n\t\"github.com/go-tcpip-camp/camp/day1-device/todo\"\n)\n", "")
	out.Reset()
	require.Equal(t, 0, cmdWatch(root, []string{"day1", "-once"}, &out, &errOut), errOut.String())
	assert.Contains(t, out.String(), "day1-device is green: its test passes and all 2 TODOs are done.\n")
	assert.Contains(t, out.String(), "go run ./day1-device/cmd/demo")
	assert.Contains(t, out.String(), "go run ./tools/course watch day2")

	assert.Equal(t, 2, cmdWatch(root, []string{"day9"}, &out, &errOut))
	assert.Equal(t, 2, cmdWatch(root, []string{"day1", "day2"}, &out, &errOut))
}
