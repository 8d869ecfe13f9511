//camp:file solutions

package testmain

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) { os.Exit(Run(m)) }

// demoEnv makes the TestDemo… tests below fail on purpose: they run only
// in a child that TestRunSummarises starts, to see what Run prints.
const demoEnv = "CAMP_TESTMAIN_DEMO"

func demo(t *testing.T, name string) {
	if os.Getenv(demoEnv) != name {
		t.Skip("runs only inside TestRunSummarises")
	}
}

func TestDemoStub(t *testing.T) {
	demo(t, "stub")
	for _, c := range []string{"one", "two", "three"} {
		t.Run(c, func(t *testing.T) {
			t.Errorf("Received unexpected error: TODO(day9): demo-stub is not implemented yet — see docs/day9-demo.md#demo-stub")
		})
	}
}

func TestDemoOther(t *testing.T) {
	demo(t, "stub")
	assert.Equal(t, 8, 0, "reply type")
}

func TestDemoPanic(t *testing.T) {
	demo(t, "panic")
	var m map[string]int
	m["x"]++ // panics: assignment to entry in nil map
}

func TestDemoHang(t *testing.T) {
	demo(t, "hang")
	select {} // until the child's -test.timeout
}

// runDemo runs this test binary again on the TestDemo… tests with the demo
// named name, as go test would, and returns what it printed and its exit code.
func runDemo(t *testing.T, name string, args ...string) (string, int) {
	t.Helper()
	exe, err := os.Executable()
	require.NoError(t, err)
	cmd := exec.Command(exe, append([]string{"-test.run=^TestDemo"}, args...)...)
	// This test may itself run in Run's child: the demo must not.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, childEnv+"=") && !strings.HasPrefix(kv, SummaryEnv+"=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, demoEnv+"="+name)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return string(out), exit.ExitCode()
	}
	require.NoError(t, err, "running the demo: %s", out)
	return string(out), 0
}

func TestRunSummarises(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the test binary five times")
	}
	if filepath.Base(PlaceOf(".").Day) != "solutions" {
		// A learner's go test need not spend seconds on the course's tools.
		t.Skip("a check of the course itself: it runs in solutions/")
	}
	t.Run("stubs and an assertion", func(t *testing.T) {
		out, code := runDemo(t, "stub")
		assert.Equal(t, 1, code, "the exit status of a failing run is kept")
		assert.Contains(t, out, "TODO(day9) demo-stub stopped 3 tests: TestDemoStub (3)\n", "one line for the three subtests that hit the stub:\n%s", out)
		assert.Contains(t, out, "    e.g. testmain_test.go:", "and one of their assertions:\n%s", out)
		assert.Contains(t, out, "FAILED TestDemoOther\n    testmain_test.go:", "the other failure is shown:\n%s", out)
		assert.Contains(t, out, "expected: 8", "with its labelled values:\n%s", out)
		assert.Contains(t, out, "Messages: reply type", "and its message:\n%s", out)
		assert.NotContains(t, out, "Error Trace:", "testify's traces are left out:\n%s", out)
		assert.Less(t, strings.Count(out, "\n"), 12, "the summary is short:\n%s", out)
	})
	t.Run("arguments written otherwise than go test writes them", func(t *testing.T) {
		out, code := runDemo(t, "stub", "-test.count", "1") // Run summarises, after flag.Parse
		assert.Equal(t, 1, code)
		assert.Contains(t, out, "TODO(day9) demo-stub stopped 3 tests: TestDemoStub (3)\n", "summarised all the same:\n%s", out)
	})
	t.Run("verbose is unchanged", func(t *testing.T) {
		out, code := runDemo(t, "stub", "-test.v=true")
		assert.Equal(t, 1, code)
		assert.Contains(t, out, "=== RUN   TestDemoStub/one", "-v prints every test:\n%s", out)
		assert.Contains(t, out, "Error Trace:", "-v prints testify's output as it is:\n%s", out)
	})
	t.Run("a panic", func(t *testing.T) {
		out, code := runDemo(t, "panic")
		assert.NotEqual(t, 0, code)
		assert.Contains(t, out, "PANIC in TestDemoPanic: assignment to entry in nil map", "the panic message and its test:\n%s", out)
		assert.Regexp(t, `at solutions/internal/testmain/testmain_test\.go:\d+ \(the first frame in a _test\.go file\)|at day\d-[a-z-]+/internal/testmain/testmain_test\.go:\d+`, out, "where it panicked:\n%s", out)
		assert.NotContains(t, out, "goroutine ", "no goroutine dump:\n%s", out)
	})
	t.Run("a timeout", func(t *testing.T) {
		// Only the hanging test runs, and the clock has a second: on a
		// busy machine the other demo tests alone took over 300 ms.
		out, code := runDemo(t, "hang", "-test.run=^TestDemoHang$", "-test.timeout=1s")
		assert.NotEqual(t, 0, code)
		assert.Contains(t, out, "TIMEOUT: test timed out after 1s, running TestDemoHang", "the timeout and the test it stopped:\n%s", out)
		assert.Contains(t, out, "testmain_test.go:", "where the test waited:\n%s", out)
	})
}

func TestSummarisingFlags(t *testing.T) {
	cases := []struct {
		args []string
		env  string
		want bool
	}{
		{nil, "", true},
		{[]string{"-test.run=X", "-test.short", "-test.timeout=2m", "-test.count=1"}, "", true},
		{[]string{"-test.v=false"}, "", true},
		{[]string{"-test.v=true"}, "", false},
		{[]string{"-test.v=test2json"}, "", false}, // go test -json
		{[]string{"-test.fuzz=FuzzX"}, "", false},
		{[]string{"-test.fuzzworker"}, "", false},
		{[]string{"-test.bench=."}, "", false},
		{[]string{"-test.list=."}, "", false},
		{[]string{"-test.cpuprofile=cpu.out"}, "", false},
		{[]string{"-test.coverprofile=c.out"}, "", false},
		{nil, "off", false},
	}
	for _, c := range cases {
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		fs.String("test.v", "false", "")
		for _, name := range []string{"test.run", "test.timeout", "test.fuzz", "test.bench", "test.list", "test.cpuprofile", "test.coverprofile"} {
			fs.String(name, "", "")
		}
		fs.Bool("test.short", false, "")
		fs.Bool("test.fuzzworker", false, "")
		fs.Int("test.count", 1, "")
		require.NoError(t, fs.Parse(c.args))
		assert.Equal(t, c.want, summarising(fs.Lookup, c.env), "args %q, %s=%q", c.args, SummaryEnv, c.env)
		// init decides before flag.Parse, from the arguments as go test
		// writes them: the same way.
		lookup, ok := goTestFlags(c.args)
		if assert.True(t, ok, "goTestFlags reads %q, written as go test writes them", c.args) {
			assert.Equal(t, c.want, summarising(lookup, c.env), "read by goTestFlags: args %q, %s=%q", c.args, SummaryEnv, c.env)
		}
	}
}

func TestGoTestFlagsLeavesOtherArgumentsToFlagParse(t *testing.T) {
	for _, args := range [][]string{
		{"-test.run", "X"},             // a value in an argument of its own
		{"-test.short=true", "extra"},  // go test ... -args extra
		{"--test.v"},                   // two dashes
		{"-test.count=1", "-custom=1"}, // a flag of the test's own
	} {
		_, ok := goTestFlags(args)
		assert.False(t, ok, "args %q are left to flag.Parse", args)
	}
}

// A failed run of a package, as a test binary prints it without -v (taken
// from day 2's icmp package, shortened).
const icmpRun = `--- FAIL: TestParseGolden (0.00s)
    message_test.go:69: 
        	Error Trace:	/m/day2-ip-icmp/icmp/message_test.go:69
        	Error:      	Received unexpected error:
        	            	TODO(day2): checksum is not implemented yet — see docs/day2-ip-icmp.md#checksum
        	Test:       	TestParseGolden
        	Messages:   	Parse of a valid echo request
--- FAIL: TestParseErrors (0.00s)
    --- FAIL: TestParseErrors/short (0.00s)
        message_test.go:90: TODO(day2): checksum is not implemented yet — see docs/day2-ip-icmp.md#checksum
    --- FAIL: TestParseErrors/bad_checksum (0.00s)
        message_test.go:90: TODO(day2): checksum is not implemented yet — see docs/day2-ip-icmp.md#checksum
--- FAIL: TestPingGetsTheReply (0.00s)
    layer_test.go:132: 
        	Error Trace:	/m/day2-ip-icmp/icmp/layer_test.go:40
        	            				/m/day2-ip-icmp/icmp/layer_test.go:132
        	Error:      	Received unexpected error:
        	            	TODO(day2): ip-iface is not implemented yet — see docs/day2-ip-icmp.md#ip-iface
        	Test:       	TestPingGetsTheReply
    camptest.go:48: The stack hit these unfinished TODOs (the first is usually the one to write next):
            TODO(day2): ip-iface is not implemented yet — see docs/day2-ip-icmp.md#ip-iface
        Stack log (last 4 lines):
            INFO  device  registered net0 (point-to-point, mtu 1500, 0)
            INFO  stack   registered protocol ipv4
            WARN  stack    TODO(day2): ip-iface is not implemented yet — see docs/day2-ip-icmp.md#ip-iface 
            INFO  stack   closed
        
--- FAIL: TestEchoReplyKeepsTheData (0.01s)
    layer_test.go:99: 
        	Error Trace:	/m/day2-ip-icmp/icmp/layer_test.go:99
        	Error:      	Not equal: 
        	            	expected: "hello"
        	            	actual  : "hellp"
        	            	
        	            	Diff:
        	            	--- Expected
        	            	+++ Actual
        	            	@@ -1 +1 @@
        	            	-hello
        	            	+hellp
        	Test:       	TestEchoReplyKeepsTheData
        	Messages:   	the reply's data
    todo.go:104: This test checks TODO(day2) icmp-echo-reply — see docs/day2-ip-icmp.md#icmp-echo-reply
    camptest.go:48: This stack hit no TODO stub: the failure above comes from code that runs but does something else than the test expects.
        Stack log (last 8 lines):
            INFO  one
            INFO  two
            INFO  three
            INFO  four
            INFO  five
            INFO  six
            INFO  seven
            INFO  eight
        
--- FAIL: TestEchoToBroadcast (0.00s)
    layer_test.go:150: a reply went out to 192.0.2.255
--- FAIL: ExampleParse (0.00s)
got:
TODO(day2): checksum is not implemented yet — see docs/day2-ip-icmp.md#checksum
want:
type=echo code=0 id=0x1234 seq=1 len=5
FAIL
`

func TestSummariseGroupsByStub(t *testing.T) {
	got := Summarise([]byte(icmpRun), Place{}, "")
	want := `TODO(day2) checksum stopped 4 tests: TestParseGolden, TestParseErrors (2), ExampleParse
    e.g. message_test.go:69: Received unexpected error: TODO(day2): checksum is not implemented yet | Parse of a valid echo request
TODO(day2) ip-iface stopped 1 test: TestPingGetsTheReply
FAILED TestEchoReplyKeepsTheData
    layer_test.go:99: Not equal:
        expected: "hello"
        actual  : "hellp"
        Messages: the reply's data
    This test checks TODO(day2) icmp-echo-reply — see docs/day2-ip-icmp.md#icmp-echo-reply
    This stack hit no TODO stub: the failure above comes from code that runs but does something else than the test expects.
    Stack log (last 5 of 8 lines):
        INFO  four
        INFO  five
        INFO  six
        INFO  seven
        INFO  eight
also failed (1): TestEchoToBroadcast
`
	assert.Equal(t, want, got)
}

func TestSummariseNamesTheStubsPlace(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(root, "go.mod"), []byte("module m\n"), 0o644))
	writeFile(t, root, "day2-ip-icmp/checksum/checksum.go", "package checksum\n\nfunc Compute() error {\n\t// TODO(day2): 2.1 checksum — add the words.\n\treturn todo.New(2, \"checksum\")\n}\n")
	writeFile(t, root, "day2-ip-icmp/ipv4/iface.go", "package ipv4\n\nfunc Add() error {\n\t// TODO(day2): 2.4 ip-iface — add it.\n\treturn todo.New(2, \"ip-iface\")\n}\n")
	place := PlaceOf(filepath.Join(root, "day2-ip-icmp", "icmp"))
	got := Summarise([]byte(icmpRun), place, "")
	assert.Contains(t, got, "TODO(day2) 2.1 checksum, day2-ip-icmp/checksum/checksum.go:4, stopped 4 tests: TestParseGolden, TestParseErrors (2), ExampleParse\n")
	assert.Contains(t, got, "TODO(day2) 2.4 ip-iface, day2-ip-icmp/ipv4/iface.go:4, stopped 1 test: TestPingGetsTheReply\n")
}

func TestSummariseOrdersStubsByStep(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(root, "go.mod"), []byte("module m\n"), 0o644))
	writeFile(t, root, "d/a.go", "package a\n\n// TODO(day2): 2.9 late — x.\nvar _ = todo.New(2, \"late\")\n\n// TODO(day2): 2.1 early — y.\nvar _ = todo.New(2, \"early\")\n")
	run := "--- FAIL: TestA (0.00s)\n    a_test.go:1: TODO(day2): late is not implemented yet\n--- FAIL: TestB (0.00s)\n    a_test.go:2: TODO(day2): early is not implemented yet\nFAIL\n"
	got := Summarise([]byte(run), PlaceOf(filepath.Join(root, "d")), "")
	assert.Less(t, strings.Index(got, "2.1 early"), strings.Index(got, "2.9 late"), "the lesson's order, not the tests':\n%s", got)
}

func TestSummariseHeadline(t *testing.T) {
	run := "--- FAIL: TestNextTODO (0.00s)\n    next_test.go:33: Next: TODO(day2) 2.1 checksum — day2-ip-icmp/checksum/checksum.go:88\n            add the words.\n            Lesson: docs/day2-ip-icmp.md#checksum\nFAIL\n"
	assert.Equal(t, "Next: TODO(day2) 2.1 checksum — day2-ip-icmp/checksum/checksum.go:88\n    add the words.\n    Lesson: docs/day2-ip-icmp.md#checksum\n",
		Summarise([]byte(run), Place{}, ""), "the headline is printed as it is, first")
}

func TestSummariseManyStubs(t *testing.T) {
	var run strings.Builder
	for _, id := range []string{"a", "b", "c", "d", "e"} {
		run.WriteString("--- FAIL: Test" + strings.ToUpper(id) + " (0.00s)\n    x_test.go:1: TODO(day5): " + id + " is not implemented yet\n")
	}
	got := Summarise([]byte(run.String()), Place{}, "")
	assert.Equal(t, 5+1, strings.Count(got, "\n"), "a line per stub, and one assertion:\n%s", got)
	assert.Contains(t, got, "TODO(day5) e stopped 1 test: TestE\n")
}

func TestSummariseUnknownFailure(t *testing.T) {
	got := Summarise([]byte("setting up: no such file\nFAIL\n"), Place{}, "")
	assert.Equal(t, "setting up: no such file\nFAIL\n", got, "output that is not a test's is shown as it is")
	got = Summarise(nil, Place{}, "signal: killed")
	assert.Equal(t, "The test binary ended with signal: killed.\n", got)
}

func TestSummarisePanicFrames(t *testing.T) {
	run := `--- FAIL: TestExchange (0.00s)
panic: runtime error: index out of range [4] with length 0 [recovered]
	panic: runtime error: index out of range [4] with length 0

goroutine 7 [running]:
testing.tRunner.func1.2({0x5d0f20, 0xc0000a8030})
	/usr/local/go/src/testing/testing.go:1734 +0x21c
panic({0x5d0f20?, 0xc0000a8030?})
	/usr/local/go/src/runtime/panic.go:792 +0x132
m/day6-teardown-dhcp/dhcp.(*Options).Router(...)
	/m/day6-teardown-dhcp/dhcp/options.go:45
m/day6-teardown-dhcp/dhcp_test.TestExchange(0xc000003c00)
	/m/day6-teardown-dhcp/dhcp/exchange_test.go:45 +0x1d
testing.tRunner(0xc000003c00, 0x6184a8)
	/usr/local/go/src/testing/testing.go:1792 +0xf4
`
	got := Summarise([]byte(run), Place{Root: "/m", Day: "/m/day6-teardown-dhcp"}, "")
	assert.Equal(t, `PANIC in TestExchange: runtime error: index out of range [4] with length 0
    at day6-teardown-dhcp/dhcp/options.go:45, called from day6-teardown-dhcp/dhcp/exchange_test.go:45
    The tests after it did not run; go test -v prints the whole trace.
`, got)
}

// A binary built with -trimpath (course check builds so) names its files
// by import path: the place is found all the same.
func TestSummariseFindsThePanicInATrimmedTrace(t *testing.T) {
	root := t.TempDir()
	for _, f := range []string{"day6-teardown-dhcp/dhcp/options.go", "day6-teardown-dhcp/dhcp/exchange_test.go"} {
		require.NoError(t, os.MkdirAll(filepath.Join(root, filepath.Dir(f)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(root, f), nil, 0o644))
	}
	run := `--- FAIL: TestExchange (0.00s)
panic: runtime error: index out of range [4] with length 0 [recovered]
	panic: runtime error: index out of range [4] with length 0

goroutine 7 [running]:
testing.tRunner.func1.2({0x5d0f20, 0xc0000a8030})
	testing/testing.go:1734 +0x21c
panic({0x5d0f20?, 0xc0000a8030?})
	runtime/panic.go:792 +0x132
example.com/camp/day6-teardown-dhcp/dhcp.(*Options).Router(...)
	example.com/camp/day6-teardown-dhcp/dhcp/options.go:45
example.com/camp/day6-teardown-dhcp/dhcp_test.TestExchange(0xc000003c00)
	example.com/camp/day6-teardown-dhcp/dhcp/exchange_test.go:45 +0x1d
testing.tRunner(0xc000003c00, 0x6184a8)
	testing/testing.go:1792 +0xf4
`
	got := Summarise([]byte(run), Place{Root: root, Day: filepath.Join(root, "day6-teardown-dhcp")}, "")
	assert.Contains(t, got, "at day6-teardown-dhcp/dhcp/options.go:45, called from day6-teardown-dhcp/dhcp/exchange_test.go:45",
		"the frames are named from the module root, as without -trimpath")
}

func TestCaptureKeepsHeadAndTail(t *testing.T) {
	c := capture{headMax: 100, tailMax: 50}
	c.Write(bytes.Repeat([]byte("a"), 100))
	c.Write(bytes.Repeat([]byte("b"), 60))
	c.Write([]byte("panic: end\n"))
	got := string(c.bytes())
	assert.Equal(t, strings.Repeat("a", 100)+"\n[testmain: 21 bytes of output left out here]\n"+strings.Repeat("b", 39)+"panic: end\n", got,
		"the first 100 bytes, the last 50, and what was left out between them")
	small := capture{headMax: 100, tailMax: 50}
	small.Write([]byte("ok\n"))
	assert.Equal(t, "ok\n", string(small.bytes()), "short output is kept whole")
}

func TestOpenStubs(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(root, "go.mod"), []byte("module m\n"), 0o644))
	writeFile(t, root, "day5-tcp/tcp/options.go", `package tcp

func parse() error {
	// TODO(day5): 5.1 tcp-options — read the options one by one.
	// Lesson: docs/day5-tcp.md#tcp-options
	// Hint: return todo.New(5, "in-a-comment") is not a stub.
	return todo.New(5, "tcp-options")
}

func other() error {
	return todo.New(5, "tcp-rto") // its TODO comment was deleted
}

/* a block comment: todo.New(5, "commented-out")
*/
func again() error { return todo.New(5, "tcp-options") }
`)
	writeFile(t, root, "day5-tcp/tcp/input.go", "package tcp\n\nfunc input() {\n\t// TODO(day5): 5.6 tcp-seq-check — the acceptability test.\n\tc.l.stack.Report(todo.New(5, \"tcp-seq-check\"))\n}\n")
	writeFile(t, root, "day5-tcp/tcp/options_test.go", "package tcp\n\nvar _ = todo.New(5, \"in-a-test\")\n")
	writeFile(t, root, "day5-tcp/tcp/testdata/x.go", "package x\n\nvar _ = todo.New(5, \"in-testdata\")\n")
	writeFile(t, root, "day5-tcp/ipv4/done.go", "package ipv4\n\n// TODO(day5): 5.2 written — a comment the learner kept.\nfunc done() {}\n")

	stubs, files, err := OpenStubs(filepath.Join(root, "day5-tcp"))
	require.NoError(t, err)
	assert.Equal(t, 3, files, "the Go files read, tests and testdata left out")
	assert.Equal(t, []Stub{
		{Day: 5, Step: 1, ID: "tcp-options", Description: "read the options one by one.", File: "day5-tcp/tcp/options.go", Line: 4},
		{Day: 5, Step: 6, ID: "tcp-seq-check", Description: "the acceptability test.", File: "day5-tcp/tcp/input.go", Line: 4},
		{Day: 5, Step: 0, ID: "tcp-rto", File: "day5-tcp/tcp/options.go", Line: 11},
	}, stubs, "open stubs by step; one whose comment is gone comes last, at its own line")
	assert.Equal(t, "5.1", stubs[0].StepName())
	assert.Equal(t, "5.?", stubs[2].StepName())
}

func TestPlaceOf(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(root, "go.mod"), []byte("module m\n"), 0o644))
	require.NoError(t, os.MkdirAll(filepath.Join(root, "day5-tcp", "tcp"), 0o755))
	p := PlaceOf(filepath.Join(root, "day5-tcp", "tcp"))
	assert.Equal(t, Place{Root: root, Day: filepath.Join(root, "day5-tcp")}, p)
	assert.Equal(t, "day5-tcp/tcp/x.go", p.rel(filepath.Join(root, "day5-tcp", "tcp", "x.go")))
	assert.Equal(t, "/usr/lib/go/x.go", p.rel("/usr/lib/go/x.go"), "a path outside the module stays as it is")
}

func writeFile(t *testing.T, root, rel, text string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
}

func TestSummariseFitsTheNames(t *testing.T) {
	var run strings.Builder
	for i := range 9 {
		run.WriteString("--- FAIL: TestAVeryLongTestNameThatTakesRoomNumber" + strings.Repeat("x", i) + " (0.00s)\n    x_test.go:1: TODO(day5): tcp-options is not implemented yet\n")
	}
	got := Summarise([]byte(run.String()), Place{}, "")
	first, _, _ := strings.Cut(got, "\n")
	assert.LessOrEqual(t, len([]rune(first)), width, "the line fits: %q", first)
	assert.Regexp(t, `^TODO\(day5\) tcp-options stopped 9 tests: TestAVeryLongTestNameThatTakesRoomNumber, .*\+\d more$`, first, "as many names as fit, then how many more")
}

func TestSummariseRace(t *testing.T) {
	run := `==================
WARNING: DATA RACE
Write at 0x00c000012345 by goroutine 8:
  m/day1-device/stack.(*Stack).count()
      /m/day1-device/stack/stats.go:12 +0x44

Previous read at 0x00c000012345 by goroutine 7:
  m/day1-device/stack.(*Stack).Stats()
      /m/day1-device/stack/stats.go:20 +0x3a
==================
--- FAIL: TestStats (0.00s)
    testing.go:1617: race detected during execution of test
FAIL
`
	got := Summarise([]byte(run), Place{}, "")
	assert.Contains(t, got, "FAILED TestStats\n    race detected during execution of test\n", "the test, without testing.go's line")
	assert.Contains(t, got, "WARNING: DATA RACE\nWrite at 0x00c000012345 by goroutine 8:\n", "and the race detector's report")
	assert.Contains(t, got, "/m/day1-device/stack/stats.go:20 +0x3a\n", "with both accesses")
}
