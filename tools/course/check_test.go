package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testJSON builds `go test -json` output from events written as
// "action package test output" lines ("-" for an empty field).
func testJSON(lines ...string) []byte {
	var b strings.Builder
	for _, l := range lines {
		f := strings.SplitN(l, " ", 4)
		for len(f) < 4 {
			f = append(f, "-")
		}
		field := func(s string) string {
			if s == "-" {
				return ""
			}
			return strings.ReplaceAll(s, `\n`, "\n")
		}
		ev := map[string]string{"Action": field(f[0]), "Package": field(f[1]), "Test": field(f[2]), "Output": field(f[3])}
		b.WriteString(`{"Action":"` + ev["Action"] + `","Package":"` + ev["Package"] + `"`)
		if ev["Test"] != "" {
			b.WriteString(`,"Test":"` + ev["Test"] + `"`)
		}
		if ev["Output"] != "" {
			b.WriteString(`,"Output":` + quoteJSON(ev["Output"]))
		}
		b.WriteString("}\n")
	}
	return []byte(b.String())
}

func quoteJSON(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

func TestParseTestJSON(t *testing.T) {
	rep := parseTestJSON(append(testJSON(
		"run p TestA",
		"output p TestA A says hi\\n",
		"pass p TestA",
		"run p TestB",
		"run p TestB/one",
		"output p TestB/one one failed\\n",
		"fail p TestB/one",
		"run p TestB/two",
		"pass p TestB/two",
		"fail p TestB",
		"run p TestC",
		"skip p TestC",
		"output p - FAIL\\n",
		"fail p",
		"fail q",
	), []byte(`{"ImportPath":"r [r.test]","Action":"build-output","Output":"r.go:1: undefined: x\n"}
{"ImportPath":"r [r.test]","Action":"build-fail"}
{"Action":"output","Package":"r","Output":"FAIL\tr [build failed]\n"}
{"Action":"fail","Package":"r"}
{"Action":"output","Package":"s","Output":"FAIL\ts [build failed]\n"}
{"Action":"fail","Package":"s"}
# q
q/q.go:1: syntax error
`)...))
	pass, fail, skip := rep.count()
	assert.Equal(t, [3]int{1, 1, 1}, [3]int{pass, fail, skip}, "top-level tests only")
	leaves := rep.failedLeaves()
	require.Len(t, leaves, 1)
	assert.Equal(t, "TestB/one", leaves[0].Name)
	assert.Equal(t, "one failed\n", leaves[0].Output.String())
	assert.True(t, rep.anyTestFailed())
	assert.Equal(t, []string{"q", "r", "s"}, rep.packagesFailedOutsideTests())
	assert.Equal(t, "r.go:1: undefined: x\nFAIL\tr [build failed]", rep.pkgOutputOf("r"), "build output of the test variant belongs to the package")
	assert.Equal(t, "", rep.pkgOutputOf("s"), "only failed because a dependency did")
	assert.Contains(t, rep.allOutput(), "syntax error")
	assert.Contains(t, rep.allOutput(), "A says hi")
}

func TestJudgeLearnerRun(t *testing.T) {
	good := "    stack_test.go:9: TODO(day2): check-positive is not implemented yet — see docs/day2-ip-icmp.md#check-positive\\n"
	tests := []struct {
		name     string
		events   []string
		exitedOK bool
		problems []string // fragments, one per expected problem
		failing  int
		named    bool
	}{
		{"every failing test names its TODO", []string{"output p TestA " + good, "fail p TestA", "pass p TestB", "fail p"}, false, nil, 1, true},
		{"all pass: a course bug", []string{"pass p TestA"}, true, []string{"all 1 tests pass with day 2's TODOs stubbed"}, 0, false},
		{"failing test without TODO", []string{"output p TestA want 1, got 2\\n", "fail p TestA", "fail p"}, false, []string{"p TestA fails without naming TODO(day2)"}, 1, false},
		{"names only an earlier day", []string{"output p TestA TODO(day1): x — see docs/day1-device.md#x\\n", "fail p TestA", "fail p"}, false, []string{"p TestA names only an earlier day's TODO(day1)"}, 1, false},
		{"leaf subtests are judged", []string{"output p TestA/sub " + good, "fail p TestA/sub", "output p TestA/other nope\\n", "fail p TestA/other", "fail p TestA", "fail p"}, false, []string{"p TestA/other fails without naming"}, 2, false},
		{"panic", []string{"output p TestA " + good, "output p TestA panic: boom\\n", "fail p TestA", "fail p"}, false, []string{`contains "panic:"`}, 1, true},
		{"timeout", []string{"output p TestA " + good, "fail p TestA", "output p - panic: test timed out after 2m0s\\n", "fail p"}, false, []string{`contains "panic:"`, "a test timed out"}, 1, true},
		{"build failure", []string{"fail p"}, false, []string{"package p failed outside any test"}, 0, false},
		{"no tests", nil, true, []string{"all 0 tests pass", "no tests ran"}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			problems, offenders, failing, named := judgeLearnerRun(2, parseTestJSON(testJSON(tt.events...)), tt.exitedOK)
			require.Len(t, problems, len(tt.problems), "%q", problems)
			for i, p := range tt.problems {
				assert.Contains(t, problems[i], p)
			}
			assert.Equal(t, tt.failing, failing)
			assert.Equal(t, tt.named, named)
			if !tt.named && failing > 0 {
				assert.NotEmpty(t, offenders)
			}
		})
	}
}

func TestLessonAnchors(t *testing.T) {
	md := "# Day 1: the device\n\n## 1.4 `loopback-transmit`\n\n## Device, open!\n\n## Device, open!\n\n" +
		"<a id=\"device-open\"></a>\n\n```go\n## not-a-heading\n```\n\n### [Linked](http://x) heading ###\n"
	got := lessonAnchors(md)
	for _, want := range []string{"day-1-the-device", "14-loopback-transmit", "device-open", "device-open-1", "linked-heading"} {
		assert.True(t, got[want], "anchor %q in %v", want, got)
	}
	assert.False(t, got["not-a-heading"], "headings in code blocks do not count")
	assert.Equal(t, "loopback-transmit", githubSlug("`loopback-transmit`"))
	assert.Equal(t, "ipv4-parse-step-22", githubSlug("ipv4-parse (step 2.2)"))
}

func TestCheckAnchors(t *testing.T) {
	root := fixtureRepo(t, nil)
	c, err := loadCourse(root)
	require.NoError(t, err)
	problems := checkAnchors(root, c.TODOs())
	// add-numbers: heading "Add numbers"; sub-numbers: <a id>;
	// check-positive: heading in backticks; udp-send: only inside a code
	// block, so missing.
	require.Len(t, problems, 1)
	assert.Equal(t, `solutions/udp/udp.go:12: TODO "udp-send" has no anchor in docs/day3-ethernet-arp.md (add a heading or <a id="udp-send"></a>)`, problems[0])
}

func TestFirstDiffLine(t *testing.T) {
	assert.Equal(t, 3, firstDiffLine([]byte("a\nb\nc\n"), []byte("a\nb\nX\n")))
	assert.Equal(t, 1, firstDiffLine([]byte("x"), []byte("y")))
	assert.Equal(t, 2, firstDiffLine([]byte("a\n"), []byte("a\nb\n")))
}

func TestCheckDrift(t *testing.T) {
	root := fixtureRepo(t, nil)
	var out, errOut bytes.Buffer
	require.Equal(t, 0, cmdGen(root, nil, &out, &errOut), errOut.String())
	writeTree(t, root, map[string]string{"day2-ip-icmp/extra.go": "package extra\n"})
	p := filepath.Join(root, "day1-device/stack/stack.go")
	src, err := os.ReadFile(p)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(p, bytes.Replace(src, []byte("// Add adds."), []byte("// Add adds!"), 1), 0o644))
	require.NoError(t, os.Remove(filepath.Join(root, "day3-ethernet-arp/udp/udp.go")))

	out.Reset()
	ck := &checker{root: root, out: &out, rows: map[int]*stageRow{}}
	stagesToCheck := ck.checkMarkers()
	assert.Equal(t, []int{1, 2, 3}, stagesToCheck)
	ck.checkDrift(stagesToCheck)
	assert.Equal(t, 2, ck.failed, "anchors (udp-send) and drift")
	const fix = " — run go run ./tools/course gen"
	assert.Contains(t, out.String(), "• drift ... FAILED\n"+
		"    day1-device/stack/stack.go differs from what gen writes (line 12)"+fix+"\n"+
		"    day2-ip-icmp/extra.go is not written by gen (an extra file)"+fix+"\n"+
		"    day3-ethernet-arp/udp/udp.go is missing"+fix+"\n")
}

// TestStageRuns runs checks 6–8 on the fixture with the go command, in
// temporary modules: skipped with -short.
func TestStageRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test")
	}
	root := fixtureRepo(t, map[string]string{"docs/day3-ethernet-arp.md": "## udp-send\n"})
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var out, errOut bytes.Buffer
	require.Equal(t, 0, cmdGen(root, nil, &out, &errOut), errOut.String())
	out.Reset()
	ck := &checker{root: root, out: &out, rows: map[int]*stageRow{}}
	ck.checkMarkers()
	add, _ := ck.course.todo("add-numbers")
	sub, _ := ck.course.todo("sub-numbers")
	runPool(root, 2, []func(*worker){
		func(*worker) { ck.checkLearnerRun(1) },
		func(w *worker) { ck.checkFilled(w, 1) },
		func(w *worker) { ck.checkLoadBearing(w, add) },
		func(w *worker) { ck.checkLoadBearing(w, sub) },
	})
	text := out.String()
	assert.Contains(t, text, "• day1-device: tests fail politely with the TODOs stubbed ... ok (1 failing tests)")
	assert.Contains(t, text, "• day1-device: tests pass filled ... ok (1/1 passed, 0 skipped)")
	assert.Contains(t, text, "• day1-device: TODO 1.1 add-numbers is load-bearing ... ok")
	assert.Contains(t, text, "• day1-device: TODO 1.2 sub-numbers is load-bearing ... FAILED\n"+
		"    no root-free test fails with only TODO sub-numbers stubbed (solutions/stack/stack.go:21)")
	assert.Equal(t, 4, ck.passed, text) // markers + three above
	assert.Equal(t, 1, ck.failed, text)
	row := ck.rows[1]
	assert.Equal(t, stageRow{filledPass: 1, filledTotal: 1, filledRan: true, loadBearing: 1, learnerFailing: 1, learnerNamesTODOs: true, learnerRan: true}, *row)
	entries, err := filepath.Glob(filepath.Join(tmp, "course-check-*"))
	require.NoError(t, err)
	assert.Empty(t, entries, "temporary modules are removed")
}

func TestRelevantLines(t *testing.T) {
	var lines []string
	for i := range 100 {
		lines = append(lines, fmt.Sprint("line ", i))
	}
	assert.Equal(t, "… (97 lines above; -v prints all)\nline 97\nline 98\nline 99", relevantLines(strings.Join(lines, "\n"), 3))
	lines[50] = "panic: boom"
	assert.Equal(t, "… (49 lines above)\nline 49\npanic: boom\nline 51\nline 52\n… (47 lines below; -v prints all)",
		relevantLines(strings.Join(lines, "\n"), 4))
	assert.Equal(t, "a\npanic: x", relevantLines("a\npanic: x\n", 40), "short output is kept whole")
}

// proofFixture adds four mistakes to the synthetic course, one for each
// way a proof can end: caught (by a subtest, the TODO named by its parent's
// cleanup), not caught, caught only by go test's timeout (a hang), and
// caught by a test that does not name the TODO.
var proofFixture = map[string]string{
	"solutions/stack/mul.go": `package stack

// Mul multiplies.
func Mul(a, b int) int {
	//camp:mistake 1.1 mul-adds: adds instead of multiplying
	return a * b
	//camp:instead
	// return a + b
	//camp:end
}

// Twice doubles.
func Twice(a int) int {
	//camp:mistake 1.1 twice-adds: adds instead of multiplying, which no test can tell
	return a * 2
	//camp:instead
	// return a + a
	//camp:end
}

// Inc increments.
func Inc(a int) int {
	//camp:mistake 1.2 inc-loops: loops for ever
	return a + 1
	//camp:instead
	// for {
	// }
	//camp:end
}

// Dec decrements.
func Dec(a int) int {
	//camp:mistake 1.2 dec-forgets: forgets to decrement
	return a - 1
	//camp:instead
	// return a
	//camp:end
}
`,
	"solutions/stack/mul_test.go": `package stack

import "testing"

func TestMul(t *testing.T) {
	t.Cleanup(func() {
		if t.Failed() {
			t.Log("This test checks TODO", "add-numbers")
		}
	})
	t.Run("two-three", func(t *testing.T) {
		if got := Mul(2, 3); got != 6 {
			t.Errorf("Mul(2, 3) = %d, want 6", got)
		}
	})
}

func TestTwice(t *testing.T) {
	if got := Twice(2); got != 4 {
		t.Errorf("Twice(2) = %d, want 4", got)
	}
}

func TestInc(t *testing.T) {
	if got := Inc(1); got != 2 {
		t.Errorf("Inc(1) = %d, want 2 (TODO %s)", got, "sub-numbers")
	}
}

func TestDec(t *testing.T) {
	if got := Dec(1); got != 0 {
		t.Errorf("Dec(1) = %d, want 0", got)
	}
}
`,
}

func TestPlanMistake(t *testing.T) {
	c, _ := loadFixture(t, map[string]string{
		"solutions/stack/mul.go":      proofFixture["solutions/stack/mul.go"],
		"solutions/stack/mul_test.go": proofFixture["solutions/stack/mul_test.go"],
		"solutions/udp/udp_test.go":   "package udp\n\nimport \"testing\"\n\nfunc TestSend(t *testing.T) { _ = Send() }\n",
		"solutions/todo/todo_test.go": "package todo\n\nimport \"testing\"\n\nfunc TestNew(t *testing.T) {}\n",
	})
	ms := c.Mistakes()
	require.Len(t, ms, 4)
	files, err := c.Generate(3, Filled)
	require.NoError(t, err)
	plan := planMistake(files, 3, Mistake{Day: 3, ID: "x", TODO: "add-numbers", File: "solutions/stack/mul.go"})
	assert.Equal(t, []string{"./day3-ethernet-arp/stack", "./day3-ethernet-arp/udp"}, plan.pkgs,
		"the mistake's package first, then its importers; todo does not import stack")
	assert.Equal(t, []string{"TestMul"}, plan.namingTests, "tests whose source names the TODO run first")
	assert.Equal(t, []string{"./day3-ethernet-arp/stack"}, plan.namingPkgs)

	plan = planMistake(files, 3, Mistake{Day: 3, ID: "x", TODO: "udp-send", File: "solutions/udp/udp.go"})
	assert.Equal(t, []string{"./day3-ethernet-arp/udp"}, plan.pkgs, "no package imports udp")
	assert.Empty(t, plan.namingTests)
}

func TestJudgeMistake(t *testing.T) {
	m := Mistake{Day: 2, Step: 1, ID: "m", TODO: "check-positive", File: "solutions/stack/stack.go", Line: 9}
	named := "    x_test.go:9: This test checks TODO(day2) check-positive\\n"
	tests := []struct {
		name     string
		events   []string
		exitErr  error
		caughtBy string
		final    bool
		problems []string
	}{
		{"caught and named", []string{"output p TestA " + named, "fail p TestA"}, fmt.Errorf("stopped"), "TestA", true, nil},
		{"caught by a subtest, named by its parent", []string{"output p TestA/sub want 1\\n", "fail p TestA/sub", "output p TestA " + named, "fail p TestA"}, fmt.Errorf("stopped"), "TestA/sub", true, nil},
		{"caught without naming the TODO", []string{"output p TestA want 1, got 2\\n", "fail p TestA"}, fmt.Errorf("stopped"), "TestA", true,
			[]string{"caught by p TestA, but its output does not name TODO check-positive: call todo.Covers(t, 2, \"check-positive\")", "want 1, got 2"}},
		{"not caught (yet)", []string{"pass p TestA"}, nil, "", false, nil},
		{"a hang", []string{"run p TestA", "output p - panic: test timed out after 1m0s\\n", "fail p"}, fmt.Errorf("exit status 1"), "", true,
			[]string{"no test failed within 1m0s: with mistake m applied a test hangs", "panic: test timed out"}},
		{"killed", nil, fmt.Errorf("killed after 10m0s: context deadline exceeded"), "", true, []string{"no test failed within 1m0s", ""}},
		{"does not build", []string{"output p - p.go:1: undefined: x\\n", "fail p"}, fmt.Errorf("exit status 1"), "", true,
			[]string{"fails outside any test", "undefined: x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := judgeMistake(m, parseTestJSON(testJSON(tt.events...)), tt.exitErr, time.Minute)
			if tt.caughtBy == "" {
				assert.Nil(t, v.caughtBy, "caught by")
			} else if assert.NotNil(t, v.caughtBy, "caught by") {
				assert.Equal(t, tt.caughtBy, v.caughtBy.Name, "caught by")
			}
			assert.Equal(t, tt.final, v.final, "final (no second run)")
			require.Len(t, v.problems, len(tt.problems), "%q", v.problems)
			for i, p := range tt.problems {
				assert.Contains(t, v.problems[i], p)
			}
		})
	}
	slow := parseTestJSON(append(testJSON("output p TestA "+named), []byte(`{"Action":"fail","Package":"p","Test":"TestA","Elapsed":75.5}`+"\n")...))
	v := judgeMistake(m, slow, fmt.Errorf("stopped"), time.Minute)
	require.Len(t, v.problems, 1, "%q", v.problems)
	assert.Contains(t, v.problems[0], "caught by p TestA only after 1m15.5s: a test must catch a mistake within 1m0s")
}

// TestMistakeProofs runs check 10 on the fixture's four mistakes with the
// go command: skipped with -short.
func TestMistakeProofs(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test")
	}
	root := fixtureRepo(t, proofFixture)
	t.Setenv("TMPDIR", t.TempDir())
	var out, errOut bytes.Buffer
	require.Equal(t, 0, cmdGen(root, nil, &out, &errOut), errOut.String())
	out.Reset()
	ck := &checker{root: root, out: &out, rows: map[int]*stageRow{}, verbose: true, mistakeLimit: 3 * time.Second}
	ck.checkMarkers()
	ck.passed, ck.failed = 0, 0 // the fixture's udp-send has no anchor
	var jobs []func(*worker)
	for _, m := range ck.course.Mistakes() {
		jobs = append(jobs, func(w *worker) { ck.checkMistake(w, m) })
	}
	runPool(root, 2, jobs)
	text := out.String()
	assert.Contains(t, text, "• day1-device: mistake 1.1 mul-adds is caught ... ok (by github.com/go-tcpip-camp/camp/day1-device/stack TestMul/two-three in ")
	assert.Contains(t, text, "• day1-device: mistake 1.1 twice-adds is caught ... FAILED")
	assert.Contains(t, text, "    not caught: no root-free test of stage 1 fails with mistake twice-adds applied (solutions/stack/mul.go:14)")
	assert.Contains(t, text, "• day1-device: mistake 1.2 inc-loops is caught ... FAILED")
	assert.Contains(t, text, "    no test failed within 3s: with mistake inc-loops applied a test hangs")
	assert.Contains(t, text, "• day1-device: mistake 1.2 dec-forgets is caught ... FAILED")
	assert.Contains(t, text, "    caught by github.com/go-tcpip-camp/camp/day1-device/stack TestDec, but its output does not name TODO sub-numbers")
	assert.Equal(t, 1, ck.passed, text)
	assert.Equal(t, 3, ck.failed, text)
	assert.Equal(t, 1, ck.rows[1].mistakesCaught)
}
