package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fatih/color"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStubbedTODOs(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"a/a.go":      "package a\n\nfunc f() error { return todo.New(1, \"still-stubbed\") }\n",
		"b/b.go":      "package b\n\nfunc g() error { return todo.New( 1 ,\n\t\"spaced\" ) }\n",
		"b/notes.txt": "todo.New(1, \"done-but-noted\")\n",
	})
	todos := []TODO{
		{Day: 1, Step: 1, ID: "still-stubbed"},
		{Day: 1, Step: 2, ID: "spaced"},
		{Day: 1, Step: 3, ID: "done-but-noted"}, // only Go files count
		{Day: 1, Step: 4, ID: "solved"},
		{Day: 2, Step: 1, ID: "still"}, // a prefix of an id, and another day
	}
	got, err := stubbedTODOs(dir, todos)
	require.NoError(t, err)
	assert.Equal(t, map[string]bool{"still-stubbed": true, "spaced": true, "done-but-noted": false, "solved": false, "still": false}, got)
}

func TestPrintProgress(t *testing.T) {
	color.NoColor = true
	next := TODO{Day: 1, Step: 2, ID: "sub-numbers"}
	var out bytes.Buffer
	printProgress(&out, []dayProgress{
		{day: 1, pass: 1, total: 3, done: 1, todoTotal: 2, next: &next},
		{day: 2, pass: 4, total: 4, done: 1, todoTotal: 1},
		{day: 3, buildFailed: true, done: 1, todoTotal: 1},
	})
	assert.Equal(t, ""+
		"day                 tests                 TODOs   next\n"+
		"day1-device         1/3                   1/2     1.2 sub-numbers  docs/day1-device.md#sub-numbers\n"+
		"day2-ip-icmp        4/4                   1/1     done\n"+
		"day3-ethernet-arp   0/0, build fails      1/1     done\n", out.String())
}

func TestSetupColor(t *testing.T) {
	color.NoColor = true
	t.Setenv("NO_COLOR", "")
	t.Setenv("FORCE_COLOR", "1")
	setupColor()
	assert.False(t, color.NoColor)
	color.NoColor = true
	t.Setenv("NO_COLOR", "1")
	setupColor()
	assert.True(t, color.NoColor, "NO_COLOR wins")
}

// TestCmdProgress runs the go command on the fixture: skipped with -short.
func TestCmdProgress(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test")
	}
	color.NoColor = true
	root := fixtureRepo(t, nil)
	var out, errOut bytes.Buffer
	require.Equal(t, 0, cmdGen(root, nil, &out, &errOut), errOut.String())
	// Solve add-numbers by hand in day 1.
	p := filepath.Join(root, "day1-device/stack/stack.go")
	src, err := os.ReadFile(p)
	require.NoError(t, err)
	src = bytes.Replace(src, []byte("return 0, todo.New(1, \"add-numbers\")"), []byte("return a + b, nil"), 1)
	require.NoError(t, os.WriteFile(p, src, 0o644))

	out.Reset()
	require.Equal(t, 0, cmdProgress(root, []string{"-day", "1"}, &out, &errOut), errOut.String())
	assert.Equal(t, ""+
		"day                 tests                 TODOs   next\n"+
		"day1-device         1/1                   1/2     1.2 sub-numbers  docs/day1-device.md#sub-numbers\n", out.String())

	out.Reset()
	require.Equal(t, 0, cmdProgress(root, nil, &out, &errOut), errOut.String())
	assert.Equal(t, 2, strings.Count(out.String(), "\n"), "by default only the current day, day 1 (a TODO open):\n%s", out.String())
	assert.Contains(t, out.String(), "day1-device ")

	out.Reset()
	require.Equal(t, 0, cmdProgress(root, []string{"-all"}, &out, &errOut), errOut.String())
	for _, d := range []string{"day1-device ", "day2-ip-icmp ", "day3-ethernet-arp "} {
		assert.Contains(t, out.String(), d, "-all shows every day")
	}
	// Delete the stub of sub-numbers and write nothing useful: its stub is
	// gone, but TestSub, which names it, fails, so it is not done.
	src, err = os.ReadFile(p)
	require.NoError(t, err)
	src = bytes.Replace(src, []byte("return 0, todo.New(1, \"sub-numbers\")"), []byte("_ = todo.New\n\treturn 0, nil"), 1)
	require.NoError(t, os.WriteFile(p, src, 0o644))
	writeTree(t, root, map[string]string{"day1-device/stack/sub_test.go": "package stack\n\nimport \"testing\"\n\n" +
		"func TestSub(t *testing.T) {\n\tconst id = \"sub-numbers\"\n\tif n, _ := Sub(3, 1); n != 2 {\n\t\tt.Fatalf(\"Sub(3, 1) = %d, want 2 (%s)\", n, id)\n\t}\n}\n"})
	out.Reset()
	require.Equal(t, 0, cmdProgress(root, []string{"-day", "1"}, &out, &errOut), errOut.String())
	assert.Equal(t, ""+
		"day                 tests                 TODOs   next\n"+
		"day1-device         1/2                   1/2     1.2 sub-numbers  docs/day1-device.md#sub-numbers  (stub gone, but its tests fail)\n", out.String())

	assert.Equal(t, 2, cmdProgress(root, []string{"extra"}, &out, &errOut))
}

func TestCatchingTests(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"day1-device/stack/a_test.go": "package stack\n\nfunc TestA(t *testing.T) {\n\ttodo.Covers(t, 1, \"add-numbers\")\n}\n\n" +
			"func TestBoth(t *testing.T) {\n\ttodo.Covers(t, 1, \"add-numbers\", \"sub-numbers\")\n}\n\n" +
			"func helper() string { return \"sub-numbers\" }\n\n// TestNone mentions add-numbers only here.\nfunc TestNone(t *testing.T) {}\n",
		"day1-device/stack/stack.go": "package stack\n\nvar x = \"add-numbers\"\n",
		"day1-device/udp/u_test.go":  "package udp\n\nfunc TestSub(t *testing.T) { _ = \"sub-numbers\" }\n",
	})
	todos := []TODO{{Day: 1, Step: 1, ID: "add-numbers"}, {Day: 1, Step: 2, ID: "sub-numbers"}, {Day: 1, Step: 3, ID: "none"}}
	got, err := catchingTests(root, "day1-device", todos)
	require.NoError(t, err)
	stack, udp := modulePath+"/day1-device/stack", modulePath+"/day1-device/udp"
	assert.Equal(t, map[string][]testRef{
		"add-numbers": {{stack, "TestA"}, {stack, "TestBoth"}},
		"sub-numbers": {{stack, "TestBoth"}, {udp, "TestSub"}},
	}, got, "test functions whose source names the id in quotes; not helpers, comments or non-test files")
}

func TestCatchingTestsPass(t *testing.T) {
	add := TODO{Day: 1, Step: 1, ID: "add-numbers"}
	refs := []testRef{{"p", "TestA"}, {"p", "TestInteropA"}}
	pass := parseTestJSON(testJSON("run p TestA", "pass p TestA", "run p TestB", "output p TestB TODO(day1): sub-numbers is not implemented yet\\n", "fail p TestB"))
	assert.True(t, catchingTestsPass(pass, add, refs), "its test passes (the interop one did not run); another TODO's failure does not count")

	failing := parseTestJSON(testJSON("run p TestA", "output p TestA got 0\\n", "fail p TestA"))
	assert.False(t, catchingTestsPass(failing, add, refs), "a test that names it in its source fails")

	named := parseTestJSON(testJSON("run p TestA", "pass p TestA", "run q TestZ", "output q TestZ This test checks TODO(day1) add-numbers — see docs/day1-device.md#add-numbers\\n", "fail q TestZ"))
	assert.False(t, catchingTestsPass(named, add, refs), "a failing test whose output names it")

	build := parseTestJSON(testJSON("output p - p/x.go:1: syntax error\\n", "fail p"))
	assert.False(t, catchingTestsPass(build, add, refs), "its package does not build")
	assert.True(t, catchingTestsPass(build, add, nil), "no test names it, and no failing test's output does")
}
