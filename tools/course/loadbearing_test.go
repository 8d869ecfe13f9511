package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNamedTODOs(t *testing.T) {
	out := "stack.go:12: TODO(day1): add-numbers is not implemented yet — see docs/day1-device.md#add-numbers\n" +
		"This test checks TODO(day2) check-positive — see docs/day2-ip-icmp.md#check-positive\n" +
		"lesson: docs/day3-ethernet-arp.md#udp-send\n" +
		"add-numbers-twice is a word, TODO(day1): sub-numbers-x is another id\n"
	assert.Equal(t, []string{"day1 add-numbers", "day1 sub-numbers-x", "day2 check-positive", "day3 udp-send"}, namedTODOs(out))
	assert.True(t, namesTODO(out, 1, "add-numbers"))
	assert.False(t, namesTODO(out, 1, "sub-numbers"), "a longer id is another TODO")
	assert.False(t, namesTODO(out, 2, "add-numbers"), "the day counts")
	assert.False(t, namesTODO("the sum is add-numbers\n", 1, "add-numbers"), "a bare word is not the TODO as a learner sees it")
}

func TestStopWhenNamed(t *testing.T) {
	stop := stopWhenNamed(1, "sub-numbers")
	events := []testEvent{
		{Action: "run", Package: "p", Test: "TestA"},
		{Action: "output", Package: "p", Test: "TestA", Output: "TODO(day1): add-numbers is not implemented yet\n"},
		{Action: "fail", Package: "p", Test: "TestA"},
		{Action: "output", Package: "p", Test: "TestB/one", Output: "TODO(day1): sub-numbers is not implemented yet\n"},
		{Action: "fail", Package: "p", Test: "TestB/one"},
		{Action: "fail", Package: "p", Test: "TestB"},
	}
	var stopped []int
	for i, ev := range events {
		if stop(ev) {
			stopped = append(stopped, i)
		}
	}
	assert.Equal(t, []int{5}, stopped, "only at the end of the top-level test whose output (a subtest's here) names the TODO")
	assert.True(t, stopWhenNamed(1, "x")(testEvent{Action: "output", Package: "p", Test: "TestC", Output: "panic: boom\n"}), "a panic settles the proof")
}

func TestJudgeLoadBearing(t *testing.T) {
	sub := TODO{Day: 1, Step: 2, ID: "sub-numbers", File: "solutions/stack/stack.go", Line: 21}
	t.Run("proven, by the test whose parent names the TODO", func(t *testing.T) {
		rep := parseTestJSON(testJSON(
			"output p TestA flaky\\n", "fail p TestA",
			"output p TestB/one got 0, want 2\\n", "fail p TestB/one",
			"output p TestB This test checks TODO(day1) sub-numbers — see docs/day1-device.md#sub-numbers\\n", "fail p TestB",
		))
		v := judgeLoadBearing(sub, rep, errors.New("exit status 1"))
		assert.Empty(t, v.problems)
		require.Len(t, v.caughtBy, 1)
		assert.Equal(t, "TestB/one", v.caughtBy[0].Name)
		assert.True(t, v.final)
	})
	t.Run("wrong TODO", func(t *testing.T) {
		rep := parseTestJSON(testJSON(
			"output p TestA TODO(day1): add-numbers is not implemented yet\\n", "fail p TestA",
			"output p TestC flaky\\n", "fail p TestC",
		))
		v := judgeLoadBearing(sub, rep, errors.New("exit status 1"))
		assert.Empty(t, v.caughtBy)
		require.Len(t, v.problems, 1)
		assert.Equal(t, "tests fail with only TODO sub-numbers stubbed, but none names it, so none proves it load-bearing: p TestA (names only day1 add-numbers); p TestC (names no TODO)", v.problems[0])
		assert.False(t, v.final, "another run may still find a test that names it")
	})
	t.Run("panic", func(t *testing.T) {
		rep := parseTestJSON(testJSON(
			"output p TestA panic: runtime error: index out of range\\n", "fail p TestA", "fail p",
		))
		v := judgeLoadBearing(sub, rep, errors.New("exit status 2"))
		require.NotEmpty(t, v.problems)
		assert.Contains(t, v.problems[0], "with only TODO sub-numbers stubbed a test panics (in p TestA): a stub must fail politely, never panic")
		assert.True(t, v.final)
	})
	t.Run("timeout", func(t *testing.T) {
		rep := parseTestJSON(testJSON(
			"output p TestA panic: test timed out after 2s\\n", "fail p TestA", "fail p",
		))
		v := judgeLoadBearing(sub, rep, errors.New("exit status 2"))
		require.NotEmpty(t, v.problems)
		assert.Contains(t, v.problems[0], "with only TODO sub-numbers stubbed a test times out: a stub must fail politely, never block")
		assert.True(t, v.final)
	})
	t.Run("build failure", func(t *testing.T) {
		rep := parseTestJSON(testJSON(
			"output p - p/stack.go:3:1: undefined: x\\n", "fail p",
		))
		v := judgeLoadBearing(sub, rep, errors.New("exit status 1"))
		require.Len(t, v.problems, 2, "the problem, then the output")
		assert.Equal(t, "with only TODO sub-numbers stubbed package p fails outside any test (does the stub compile? does TestMain fail?)", v.problems[0])
		assert.Contains(t, v.problems[1], "undefined: x")
		assert.True(t, v.final)
	})
}

// loadBearingFixture adds, to the synthetic course, tests of stage 1 that
// make each branch of the load-bearing proof happen for one TODO:
// sub-numbers is proven by TestSub's todo.Covers-like note, panics,
// blocks, or makes a test fail that names only add-numbers.
func loadBearingFixture(subTest string) map[string]string {
	return map[string]string{
		"solutions/stack/sub_test.go": "package stack\n\nimport (\n\t\"testing\"\n\t\"time\"\n)\n\nvar _ = time.Hour\n\n" + subTest,
	}
}

// TestProveLoadBearing runs the load-bearing proof of the fixture's
// sub-numbers with the go command, once per branch: skipped with -short.
func TestProveLoadBearing(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test")
	}
	cases := []struct {
		name    string
		extra   map[string]string
		proven  string // the test that catches it, or ""
		problem string
	}{
		{"proven by the test that names it", loadBearingFixture(`func TestSub(t *testing.T) {
	if n, err := Sub(3, 1); err != nil || n != 2 {
		t.Fatalf("Sub(3, 1) = %d, %v: see TODO(day1) sub-numbers", n, err)
	}
}
`), "TestSub", ""},
		{"wrong TODO", loadBearingFixture(`func TestSub(t *testing.T) {
	if _, err := Sub(3, 1); err != nil {
		t.Fatal("see TODO(day1): add-numbers")
	}
}
`), "", "but none names it, so none proves it load-bearing: github.com/go-tcpip-camp/camp/day1-device/stack TestSub (names only day1 add-numbers)"},
		{"panic", loadBearingFixture(`func TestSub(t *testing.T) {
	if _, err := Sub(3, 1); err != nil {
		panic(err)
	}
}
`), "", "with only TODO sub-numbers stubbed a test panics"},
		{"timeout", loadBearingFixture(`func TestSub(t *testing.T) {
	if _, err := Sub(3, 1); err != nil {
		time.Sleep(time.Hour)
	}
}
`), "", "with only TODO sub-numbers stubbed a test times out"},
		{"build failure", map[string]string{"solutions/stack/stack.go": strings.Replace(fixtureStack,
			"\t// return 0, todo.New(1, \"sub-numbers\")", "\t// _ = undefinedName\n\t// return 0, todo.New(1, \"sub-numbers\")", 1)},
			"", "with only TODO sub-numbers stubbed package github.com/go-tcpip-camp/camp/day1-device/stack fails outside any test (does the stub compile?"},
	}
	t.Setenv("TMPDIR", t.TempDir())
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, root := loadFixture(t, tc.extra)
			sub, ok := c.todo("sub-numbers")
			require.True(t, ok)
			files, err := c.Generate(1, SingleStub("sub-numbers"))
			require.NoError(t, err)
			mod, err := newTempModule(root)
			require.NoError(t, err)
			defer mod.remove()
			require.NoError(t, mod.write(files))
			v := proveLoadBearing(mod.dir, mod.env(), files, sub, 3*time.Second)
			if tc.proven != "" {
				assert.Empty(t, v.problems)
				require.Len(t, v.caughtBy, 1, "caught by")
				assert.Equal(t, tc.proven, v.caughtBy[0].Name, "caught by")
				return
			}
			assert.Empty(t, v.caughtBy, "caught by")
			assert.Contains(t, strings.Join(v.problems, "\n"), tc.problem)
		})
	}
}

// TestCheckLoadBearingVerbose: with -v the report names the test that
// caught the TODO (go command: skipped with -short).
func TestCheckLoadBearingVerbose(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test")
	}
	root := fixtureRepo(t, nil)
	t.Setenv("TMPDIR", t.TempDir())
	var out bytes.Buffer
	ck := &checker{root: root, out: &out, rows: map[int]*stageRow{}, verbose: true, onlyTODO: "add-numbers"}
	ck.checkMarkers()
	ck.passed, ck.failed = 0, 0 // the fixture's udp-send has no anchor
	assert.True(t, ck.runLoadBearingOnly(time.Now(), []int{1, 2, 3}), out.String())
	assert.Contains(t, out.String(), "• day1-device: TODO 1.1 add-numbers is load-bearing ... ok (caught by github.com/go-tcpip-camp/camp/day1-device/stack TestAdd in ")
	assert.Contains(t, out.String(), "\n1 passed, 0 failed\n")
}
