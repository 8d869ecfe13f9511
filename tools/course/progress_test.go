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
	assert.Equal(t, 2, cmdProgress(root, []string{"extra"}, &out, &errOut))
}
