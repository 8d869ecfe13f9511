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

// fixtureLesson1 is a day-1 lesson with the sections a real lesson has.
const fixtureLesson1 = `# Day 1

<a id="add-numbers"></a>
### 1.1 add-numbers — ` + "`stack/stack.go`" + `

**Where:** ` + "`Add`" + `.

**What.** Add a and b,
and return the sum.

**Tests.** TestAdd.

**Hints.** The + operator.

<a id="sub-numbers"></a>
### 1.2 sub-numbers

Subtract b from a.

More text.
`

// genFixture writes the synthetic repository with the day-1 lesson above,
// generates its day folders and returns its root.
func genFixture(t *testing.T) string {
	t.Helper()
	color.NoColor = true
	root := fixtureRepo(t, map[string]string{"docs/day1-device.md": fixtureLesson1})
	var out, errOut bytes.Buffer
	require.Equal(t, 0, cmdGen(root, nil, &out, &errOut), errOut.String())
	return root
}

// solve replaces a stub line of a generated file with code, as a learner
// would, and removes the todo import when asked.
func solve(t *testing.T, root, file, stub, code string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(file))
	src, err := os.ReadFile(p)
	require.NoError(t, err)
	require.Contains(t, string(src), stub, "the fixture's stub in %s", file)
	src = bytes.Replace(src, []byte(stub), []byte(code), 1)
	require.NoError(t, os.WriteFile(p, src, 0o644))
}

func TestFindStubs(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"day2-x/a/a.go": `package a

func f(x int) error {
	if x > 0 {
		return nil
	}
	// TODO(day2): 2.1 open-one — do it.
	// Lesson: docs/day2-x.md#open-one
	// Hint: first hint;
	// Hint: second hint.
	_ = x
	return todo.New(2, "open-one")
}

func g() error {
	return todo.New(2, "no-comment")
}

func h() error {
	// return todo.New(2, "commented-out")
	/* todo.New(2, "in-a-block-comment") */
	s := "todo.New(2, \"in-a-string\")"
	_ = s
	return nil
}
`,
		"day2-x/b/notes.txt": `todo.New(2, "not-go")`,
		"day2-x/b/b_test.go": "package b\n\nvar errStub = todo.New(2, \"in-a-test\") // what the stack does with a stub's error\n",
		"day2-x/c/c.go": `package c

func k(b []byte) {
	// TODO(day2): 2.6 wrapped — the stub wraps its call in an if.
	// Hint: wrapped hint.
	if len(b) > 0 {
		report(todo.New(2, "wrapped"))
	}
}

func m() error {
	// Hint: not this one.
	x := 1
	// Hint: bare hint.
	return todo.New(2, "bare")
}
`,
	})
	todos := []TODO{
		{Day: 2, Step: 1, ID: "open-one"},
		{Day: 2, Step: 2, ID: "no-comment"},
		{Day: 2, Step: 3, ID: "commented-out"},
		{Day: 2, Step: 4, ID: "in-a-block-comment"},
		{Day: 2, Step: 5, ID: "not-go"},
		{Day: 2, Step: 6, ID: "wrapped"},
		{Day: 2, Step: 7, ID: "bare"},
		{Day: 2, Step: 8, ID: "in-a-test"},
		{Day: 3, Step: 1, ID: "open-one"}, // the same id on another day is another call
	}
	got, err := findStubs(root, "day2-x", todos)
	require.NoError(t, err)
	assert.Equal(t, map[string]stubLoc{
		"open-one":   {File: "day2-x/a/a.go", Line: 7, CallLine: 12, Hints: []string{"first hint;", "second hint."}},
		"no-comment": {File: "day2-x/a/a.go", Line: 16, CallLine: 16},
		"wrapped":    {File: "day2-x/c/c.go", Line: 4, CallLine: 7, Hints: []string{"wrapped hint."}},
		"bare":       {File: "day2-x/c/c.go", Line: 15, CallLine: 15, Hints: []string{"bare hint."}},
	}, got, "open stubs: only calls in code count, not in tests; a string is code too (no stub does that)")
	assert.Equal(t, "day2-x/a/a.go:7", got["open-one"].String())
}

func TestWithoutComments(t *testing.T) {
	src := "a // b\n/* c\nd */ e \"// f\"\n"
	assert.Equal(t, "a     \n    \n     e \"// f\"\n", string(withoutComments([]byte(src))), "comments blanked, lines and strings kept")
	assert.Equal(t, "x := `", string(withoutComments([]byte("x := `"))), "a file that does not scan is not a problem")
}

func TestLessonSection(t *testing.T) {
	root := genFixture(t)
	c, err := loadCourse(root)
	require.NoError(t, err)
	add, _ := findTODO(c, "add-numbers")
	assert.Equal(t, []string{"What. Add a and b,", "and return the sum.", "", "Hints. The + operator."}, lessonSection(root, add),
		"What and Hints paragraphs, bold marks removed")
	sub, _ := findTODO(c, "1.2")
	assert.Equal(t, []string{"Subtract b from a."}, lessonSection(root, sub), "without What or Hints: the first paragraph")
	udp, _ := findTODO(c, "udp-send")
	assert.Nil(t, lessonSection(root, udp), "an anchor only inside a code block is no anchor")
}

func TestSolutionHints(t *testing.T) {
	root := genFixture(t)
	c, err := loadCourse(root)
	require.NoError(t, err)
	add, _ := findTODO(c, "add-numbers")
	assert.Equal(t, []string{"use +."}, solutionHints(root, add))
	sub, _ := findTODO(c, "sub-numbers")
	assert.Nil(t, solutionHints(root, sub))
}

func TestFindTODO(t *testing.T) {
	c, _ := loadFixture(t, nil)
	for _, key := range []string{"2.1", "check-positive", " check-positive "} {
		got, ok := findTODO(c, key)
		assert.True(t, ok, key)
		assert.Equal(t, "check-positive", got.ID, key)
	}
	for _, key := range []string{"9.9", "2", "check", ""} {
		_, ok := findTODO(c, key)
		assert.False(t, ok, "%q names no TODO", key)
	}
}

func TestCurrentDay(t *testing.T) {
	root := genFixture(t)
	c, err := loadCourse(root)
	require.NoError(t, err)
	day, err := currentDay(root, c)
	require.NoError(t, err)
	assert.Equal(t, 1, day, "untouched: day 1")

	solve(t, root, "day1-device/stack/stack.go", `return 0, todo.New(1, "add-numbers")`, "return a + b, nil")
	day, _ = currentDay(root, c)
	assert.Equal(t, 1, day, "one of two TODOs done: still day 1")

	solve(t, root, "day1-device/stack/stack.go", `return 0, todo.New(1, "sub-numbers")`, `// return 0, todo.New(1, "sub-numbers")`+"\n\treturn a - b, nil")
	day, _ = currentDay(root, c)
	assert.Equal(t, 2, day, "day 1 done (a stub left in a comment is done): day 2")

	for _, d := range []string{"day2-ip-icmp", "day3-ethernet-arp"} {
		require.NoError(t, os.RemoveAll(filepath.Join(root, d)))
	}
	day, _ = currentDay(root, c)
	assert.Equal(t, 1, day, "every TODO of the folders there done: the last folder")

	require.NoError(t, os.RemoveAll(filepath.Join(root, "day1-device")))
	_, err = currentDay(root, c)
	assert.ErrorContains(t, err, "no day folder")
}

func TestCmdHint(t *testing.T) {
	root := genFixture(t)
	var out, errOut bytes.Buffer
	require.Equal(t, 0, cmdHint(root, []string{"1.1"}, &out, &errOut), errOut.String())
	assert.Equal(t, `1.1 add-numbers — add the two numbers
  where     day1-device/stack/stack.go:14
  lesson    docs/day1-device.md#add-numbers

Hints
  use +.

From the lesson (docs/day1-device.md#add-numbers)
  What. Add a and b,
  and return the sum.

  Hints. The + operator.
`, out.String())

	// Done: the hints come from solutions/, the path is the stub's file.
	solve(t, root, "day1-device/stack/stack.go", `return 0, todo.New(1, "add-numbers")`, "return a + b, nil")
	out.Reset()
	require.Equal(t, 0, cmdHint(root, []string{"add-numbers"}, &out, &errOut), errOut.String())
	assert.Contains(t, out.String(), "  where     day1-device/stack/stack.go  (done: your code replaced the stub)\n")
	assert.Contains(t, out.String(), "Hints\n  use +.\n")

	out.Reset()
	require.Equal(t, 0, cmdHint(root, []string{"udp-send"}, &out, &errOut), errOut.String())
	assert.Contains(t, out.String(), "No hint written for udp-send: read docs/day3-ethernet-arp.md#udp-send.\n")

	errOut.Reset()
	assert.Equal(t, 2, cmdHint(root, []string{"nope"}, &out, &errOut))
	assert.Contains(t, errOut.String(), `no TODO "nope"`)
	assert.Equal(t, 2, cmdHint(root, nil, &out, &errOut), "an ID is required")
}

func TestCmdTodos(t *testing.T) {
	root := genFixture(t)
	solve(t, root, "day1-device/stack/stack.go", `return 0, todo.New(1, "add-numbers")`, "return a + b, nil")
	require.NoError(t, os.RemoveAll(filepath.Join(root, "day3-ethernet-arp")))
	var out, errOut bytes.Buffer
	require.Equal(t, 0, cmdTodos(root, nil, &out, &errOut), errOut.String())
	assert.Equal(t, ""+
		"day1-device/  1/2 done  docs/day1-device.md\n"+
		"  1.1   done add-numbers              day1-device/stack/stack.go                    add the two numbers\n"+
		"  1.2   open sub-numbers              day1-device/stack/stack.go:22                 subtract b from a\n"+
		"\n"+
		"day2-ip-icmp/  0/1 done  docs/day2-ip-icmp.md\n"+
		"  2.1   open check-positive           day2-ip-icmp/stack/stack.go:34                reject negative numbers\n"+
		"\n"+
		"day3-ethernet-arp/  (no such folder)\n"+
		"  3.1     -  udp-send                 day3-ethernet-arp/udp/udp.go                  add the ports\n",
		out.String())

	out.Reset()
	require.Equal(t, 0, cmdTodos(root, []string{"-day", "2"}, &out, &errOut), errOut.String())
	assert.True(t, strings.HasPrefix(out.String(), "day2-ip-icmp/"), out.String())
	assert.Equal(t, 2, cmdTodos(root, []string{"extra"}, &out, &errOut))
}

func TestCmdDiffUntouched(t *testing.T) {
	root := genFixture(t)
	var out, errOut bytes.Buffer
	require.Equal(t, 0, cmdDiff(root, []string{"day1"}, &out, &errOut), errOut.String())
	assert.Equal(t, "day1-device/ is untouched (exactly as generated): no code of yours to compare with the solution yet; start with `go run ./tools/course hint 1.1`\n", out.String())

	solve(t, root, "day1-device/stack/stack.go", `return 0, todo.New(1, "add-numbers")`, "return a + b, nil")
	out.Reset()
	require.Equal(t, 0, cmdDiff(root, []string{"day1"}, &out, &errOut), errOut.String())
	assert.Contains(t, out.String(), "--- day1-device/stack/stack.go\t(yours)", "a touched day shows its diff")
	out.Reset()
	require.Equal(t, 0, cmdDiff(root, []string{"day1", "todo/todo.go"}, &out, &errOut), errOut.String())
	assert.Contains(t, out.String(), "day1-device/todo/todo.go is untouched", "an untouched file of a touched day")
}
