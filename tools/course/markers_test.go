package main

import (
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hdr is the generated header, written out once here so the goldens below
// stay readable; TestHeader checks it word for word.
func hdr(rel string, day int) string {
	return "// Generated from solutions/" + rel + " by \"go run ./tools/course gen\".\n" +
		"// Learners: this is your copy for day " + string(rune('0'+day)) + " — write its TODOs here. Course authors: edit\n" +
		"// solutions/" + rel + " instead and regenerate; `course check` fails when the two drift.\n\n"
}

const stackDay1Learner = `// Package stack is a tiny stack.
package stack

import (
	"github.com/go-tcpip-camp/camp/day1-device/todo"
)

// Add adds.
func Add(a, b int) (int, error) {
	// TODO(day1): 1.1 add-numbers — add the two numbers.
	// Lesson: docs/day1-device.md#add-numbers
	// Hint: use +.
	return 0, todo.New(1, "add-numbers")
}

// Sub subtracts.
func Sub(a, b int) (int, error) {
	// TODO(day1): 1.2 sub-numbers — subtract b from a.
	// Lesson: docs/day1-device.md#sub-numbers
	return 0, todo.New(1, "sub-numbers")
}

// Greet greets.
func Greet(name string) string {
	return "hello, " + name
}

// Check checks.
func Check(x int) error {
	_ = x
	return nil
}
`

const stackDay1Filled = `// Package stack is a tiny stack.
package stack

// Add adds.
func Add(a, b int) (int, error) {
	return a + b, nil
}

// Sub subtracts.
func Sub(a, b int) (int, error) {
	return a - b, nil
}

// Greet greets.
func Greet(name string) string {
	return "hello, " + name
}

// Check checks.
func Check(x int) error {
	_ = x
	return nil
}
`

const stackDay1SingleSub = `// Package stack is a tiny stack.
package stack

import (
	"github.com/go-tcpip-camp/camp/day1-device/todo"
)

// Add adds.
func Add(a, b int) (int, error) {
	return a + b, nil
}

// Sub subtracts.
func Sub(a, b int) (int, error) {
	// TODO(day1): 1.2 sub-numbers — subtract b from a.
	// Lesson: docs/day1-device.md#sub-numbers
	return 0, todo.New(1, "sub-numbers")
}

// Greet greets.
func Greet(name string) string {
	return "hello, " + name
}

// Check checks.
func Check(x int) error {
	_ = x
	return nil
}
`

const stackDay2Learner = `// Package stack is a tiny stack.
package stack

import (
	"fmt"

	"github.com/go-tcpip-camp/camp/day2-ip-icmp/todo"
)

// Add adds.
func Add(a, b int) (int, error) {
	return a + b, nil
}

// Sub subtracts.
func Sub(a, b int) (int, error) {
	return a - b, nil
}

// Greet greets.
func Greet(name string) string {
	if name == "" {
		return fmt.Sprint("hello, nobody")
	}
	return "hello, " + name
}

// Check checks.
func Check(x int) error {
	// TODO(day2): 2.1 check-positive — reject negative numbers.
	// Lesson: docs/day2-ip-icmp.md#check-positive
	_ = x
	return todo.New(2, "check-positive")
}
`

const stackDay2Filled = `// Package stack is a tiny stack.
package stack

import (
	"errors"
	"fmt"
)

// Add adds.
func Add(a, b int) (int, error) {
	return a + b, nil
}

// Sub subtracts.
func Sub(a, b int) (int, error) {
	return a - b, nil
}

// Greet greets.
func Greet(name string) string {
	if name == "" {
		return fmt.Sprint("hello, nobody")
	}
	return "hello, " + name
}

// Check checks.
func Check(x int) error {
	if x < 0 {
		return errors.New("negative")
	}
	return nil
}
`

const udpDay3Learner = `// Package udp sends datagrams.
package udp

import (
	"github.com/go-tcpip-camp/camp/day3-ethernet-arp/todo"
)

// Send sends.
func Send() error {
	// TODO(day3): 3.1 udp-send — add the ports.
	// Lesson: docs/day3-ethernet-arp.md#udp-send
	return todo.New(3, "udp-send")
}
`

const udpDay3Filled = `// Package udp sends datagrams.
package udp

import (
	"github.com/go-tcpip-camp/camp/day3-ethernet-arp/stack"
)

// Send sends.
func Send() error {
	_, err := stack.Add(1, 2)
	return err
}
`

func TestGenerateGolden(t *testing.T) {
	c, _ := loadFixture(t, nil)
	tests := []struct {
		name  string
		stage int
		mode  Mode
		path  string
		want  string
	}{
		{"day1 learner: day-1 TODOs stubbed, day-2 blocks dropped, else restored", 1, Learner, "day1-device/stack/stack.go", hdr("stack/stack.go", 1) + stackDay1Learner},
		{"day1 filled: no stubs, unused imports pruned", 1, Filled, "day1-device/stack/stack.go", hdr("stack/stack.go", 1) + stackDay1Filled},
		{"day1 single stub", 1, SingleStub("sub-numbers"), "day1-device/stack/stack.go", hdr("stack/stack.go", 1) + stackDay1SingleSub},
		{"day2 learner: day 1 filled, todo inside from stubbed", 2, Learner, "day2-ip-icmp/stack/stack.go", hdr("stack/stack.go", 2) + stackDay2Learner},
		{"day2 filled", 2, Filled, "day2-ip-icmp/stack/stack.go", hdr("stack/stack.go", 2) + stackDay2Filled},
		{"day3 learner: same stack as day 2 filled", 3, Learner, "day3-ethernet-arp/stack/stack.go", hdr("stack/stack.go", 3) + stackDay2Filled},
		{"day3 learner: file marker, import pruned, todo added", 3, Learner, "day3-ethernet-arp/udp/udp.go", hdr("udp/udp.go", 3) + udpDay3Learner},
		{"day3 filled: import path rewritten", 3, Filled, "day3-ethernet-arp/udp/udp.go", hdr("udp/udp.go", 3) + udpDay3Filled},
		{"todo package copied with header", 2, Learner, "day2-ip-icmp/todo/todo.go", hdr("todo/todo.go", 2) + fixtureTodo},
		{"test file copied with header", 1, Learner, "day1-device/stack/stack_test.go", hdr("stack/stack_test.go", 1) + fixtureStackTest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, err := c.Generate(tt.stage, tt.mode)
			require.NoError(t, err)
			require.Contains(t, files, tt.path)
			assert.Equal(t, tt.want, string(files[tt.path]))
		})
	}
}

func TestGenerateFileSets(t *testing.T) {
	c, _ := loadFixture(t, nil)
	tests := []struct {
		stage int
		want  []string
	}{
		{1, []string{"day1-device/stack/stack.go", "day1-device/stack/stack_test.go", "day1-device/stack/testdata/fuzz/FuzzAdd/seed", "day1-device/todo/todo.go"}},
		{2, []string{"day2-ip-icmp/stack/stack.go", "day2-ip-icmp/stack/stack_test.go", "day2-ip-icmp/stack/testdata/fuzz/FuzzAdd/seed", "day2-ip-icmp/todo/todo.go"}},
		{3, []string{"day3-ethernet-arp/stack/stack.go", "day3-ethernet-arp/stack/stack_test.go", "day3-ethernet-arp/stack/testdata/fuzz/FuzzAdd/seed",
			"day3-ethernet-arp/todo/todo.go", "day3-ethernet-arp/udp/testdata/packet.bin", "day3-ethernet-arp/udp/udp.go"}},
	}
	for _, tt := range tests {
		for _, m := range []Mode{Learner, Filled} {
			files, err := c.Generate(tt.stage, m)
			require.NoError(t, err)
			var got []string
			for p := range files {
				got = append(got, p)
			}
			sort.Strings(got)
			assert.Equal(t, tt.want, got, "stage %d %s", tt.stage, m)
		}
	}
	files, err := c.Generate(3, Learner)
	require.NoError(t, err)
	assert.Equal(t, "\x00\x01", string(files["day3-ethernet-arp/udp/testdata/packet.bin"]), "non-Go files are copied verbatim")
	assert.Equal(t, 3, c.LastStage())
}

func TestGenerateFromFS(t *testing.T) {
	fsys := fstest.MapFS{
		"todo/todo.go": {Data: []byte(fixtureTodo)},
		"a/a.go":       {Data: []byte("package a\n\nfunc F() {\n\t//camp:from 2\n\tprintln()\n\t//camp:end\n}\n")},
	}
	files, err := Generate(fsys, 1, Learner)
	require.NoError(t, err)
	assert.Equal(t, hdr("a/a.go", 1)+"package a\n\nfunc F() {\n}\n", string(files["day1-device/a/a.go"]))
	files, err = Generate(fsys, 2, Learner)
	require.NoError(t, err)
	assert.Equal(t, hdr("a/a.go", 2)+"package a\n\nfunc F() {\n\tprintln()\n}\n", string(files["day2-ip-icmp/a/a.go"]))

	_, err = Generate(fsys, 1, SingleStub("nope"))
	assert.ErrorContains(t, err, `stage 1 has no TODO "nope"`)
}

func TestTODOs(t *testing.T) {
	c, _ := loadFixture(t, nil)
	assert.Equal(t, []TODO{
		{Day: 1, Step: 1, ID: "add-numbers", Description: "add the two numbers", File: "solutions/stack/stack.go", Line: 11},
		{Day: 1, Step: 2, ID: "sub-numbers", Description: "subtract b from a", File: "solutions/stack/stack.go", Line: 21},
		{Day: 2, Step: 1, ID: "check-positive", Description: "reject negative numbers", File: "solutions/stack/stack.go", Line: 41},
		{Day: 3, Step: 1, ID: "udp-send", Description: "add the ports", File: "solutions/udp/udp.go", Line: 12},
	}, c.TODOs())
}

func TestUncomment(t *testing.T) {
	tests := []struct{ in, want string }{
		{"\t// return x", "\treturn x"},
		{"\t// // Hint: h", "\t// Hint: h"},
		{"\t//\treturn x", "\treturn x"},
		{"\t//  two spaces", "\t two spaces"},
		{"\t//", "\t"},
		{"", ""},
		{"// top", "top"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, uncomment(tt.in), "uncomment(%q)", tt.in)
	}
}

// A file with one line marked, for the malformed cases below.
func malformed(body string) string {
	return "package a\n\nfunc F() error {\n" + body + "\treturn nil\n}\n"
}

func TestMalformedMarkers(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // "line: reason fragment"
	}{
		{"unknown marker", malformed("\t//camp:form 2\n"), []string{"4: unknown marker //camp:form"}},
		{"day outside 1-6", malformed("\t//camp:from 7\n\t//camp:end\n"), []string{"4: malformed from marker"}},
		{"day zero in todo", malformed("\t//camp:todo 0.1 x: y\n\t//camp:stub\n\t// return todo.New(0, \"x\")\n\t//camp:end\n"), []string{"4: todo marker names day 0"}},
		{"file day outside", "//camp:file 9\n\npackage a\n", []string{"1: malformed file marker"}},
		{"block not closed", malformed("\t//camp:from 2\n"), []string{"4: from block not closed"}},
		{"end without block", malformed("\t//camp:end\n"), []string{"4: //camp:end with no open block"}},
		{"else without block", malformed("\t//camp:else\n"), []string{"4: //camp:else with no open block"}},
		{"stub without block", malformed("\t//camp:stub\n"), []string{"4: //camp:stub with no open block"}},
		{"else in todo", malformed("\t//camp:todo 1.1 x: y\n\t//camp:else\n\t//camp:stub\n\t// return todo.New(1, \"x\")\n\t//camp:end\n"), []string{"5: //camp:else inside a todo block"}},
		{"stub in from", malformed("\t//camp:from 2\n\t//camp:stub\n\t//camp:end\n"), []string{"5: //camp:stub inside a from block"}},
		{"todo without stub", malformed("\t//camp:todo 1.1 x: y\n\tprintln()\n\t//camp:end\n"), []string{`4: todo block "x" has no //camp:stub`}},
		{"stub without todo.New", malformed("\t//camp:todo 1.1 x: y\n\t//camp:stub\n\t// return nil\n\t//camp:end\n"), []string{`4: the stub of TODO "x" lacks todo.New(1, "x")`}},
		{"stub with wrong day", malformed("\t//camp:todo 1.1 x: y\n\t//camp:stub\n\t// return todo.New(2, \"x\")\n\t//camp:end\n"), []string{`4: the stub of TODO "x" lacks todo.New(1, "x")`}},
		{"stub with wrong id", malformed("\t//camp:todo 1.1 x: y\n\t//camp:stub\n\t// return todo.New(1, \"z\")\n\t//camp:end\n"), []string{`4: the stub of TODO "x" lacks`}},
		{"malformed id", malformed("\t//camp:todo 1.1 Bad_ID: y\n\t//camp:stub\n\t// return todo.New(1, \"Bad_ID\")\n\t//camp:end\n"), []string{`4: malformed TODO id "Bad_ID"`}},
		{"malformed todo", malformed("\t//camp:todo 1 x y\n\t//camp:stub\n\t//camp:end\n"), []string{"4: malformed todo marker"}},
		{"step zero", malformed("\t//camp:todo 1.0 x: y\n\t//camp:stub\n\t// return todo.New(1, \"x\")\n\t//camp:end\n"), []string{"4: todo marker names step 0"}},
		{"no description", malformed("\t//camp:todo 1.1 x:\n\t//camp:stub\n\t// return todo.New(1, \"x\")\n\t//camp:end\n"), []string{`4: todo marker "x" has no description`}},
		{"inner block earlier", malformed("\t//camp:from 3\n\t//camp:from 2\n\t//camp:end\n\t//camp:end\n"), []string{"5: block of day 2 inside its outer block of day 3"}},
		{"todo earlier than from", malformed("\t//camp:from 3\n\t//camp:todo 2.1 x: y\n\t//camp:stub\n\t// return todo.New(2, \"x\")\n\t//camp:end\n\t//camp:end\n"), []string{"5: block of day 2 inside its outer block of day 3"}},
		{"block earlier than file", "//camp:file 3\n\npackage a\n\n//camp:from 2\n\n//camp:end\n", []string{"5: block of day 2 inside its file of day 3"}},
		{"code in else", malformed("\t//camp:from 2\n\t//camp:else\n\tprintln()\n\t//camp:end\n"), []string{"6: non-comment line in a else section"}},
		{"code in stub", malformed("\t//camp:todo 1.1 x: y\n\t//camp:stub\n\treturn todo.New(1, \"x\")\n\t//camp:end\n"), []string{"6: non-comment line in a stub section"}},
		{"marker in stub", malformed("\t//camp:todo 1.1 x: y\n\t//camp:stub\n\t//camp:from 2\n\t// return todo.New(1, \"x\")\n\t//camp:end\n"), []string{"6: marker //camp:from inside a stub section"}},
		{"file marker below package", "package a\n\n//camp:file 2\n", []string{"3: file marker below the package clause"}},
		{"second file marker", "//camp:file 2\n//camp:file 3\n\npackage a\n", []string{"2: second file marker"}},
		{"file marker touches package doc", "//camp:file 2\n// Package a is a.\npackage a\n", []string{"1: top-level marker touches the comment on line 2"}},
		{"top-level marker touches doc comment", "package a\n\n//camp:from 2\n// F is f.\nfunc F() {}\n\n//camp:end\n", []string{"3: top-level marker touches the comment on line 4"}},
		{"top-level marker below a comment", "package a\n\n// F is f.\n//camp:from 2\nfunc F() {}\n\n//camp:end\n", []string{"4: top-level marker touches the comment on line 3"}},
		{"top-level else runs into a declaration", "package a\n\n//camp:from 2\nfunc F() {}\n\n//camp:else\n// func G() {}\n//camp:end\nfunc H() {}\n", []string{"8: top-level else/stub section runs into line 9"}},
		{"block marker above package", "//camp:from 2\n\npackage a\n\n//camp:end\n", []string{"1: block marker above the package clause"}},
		{"else with arguments", malformed("\t//camp:from 2\n\t//camp:else 3\n\t//camp:end\n"), []string{"5: malformed marker"}},
		{"several mistakes are all reported", malformed("\t//camp:bogus\n\t//camp:end\n\t//camp:from 9\n\t//camp:end\n"), []string{"4: unknown marker", "5: //camp:end with no open block", "6: malformed from marker"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(fstest.MapFS{"a/a.go": {Data: []byte(tt.src)}})
			require.Error(t, err)
			for _, w := range tt.want {
				line, reason, _ := strings.Cut(w, ": ")
				assert.Contains(t, err.Error(), "solutions/a/a.go:"+line+": "+reason)
			}
			assert.Len(t, strings.Split(err.Error(), "\n"), len(tt.want), "exactly the expected errors:\n%v", err)
		})
	}
}

func TestValidTopLevelMarkers(t *testing.T) {
	// A blank line between a top-level marker and a comment, and an else
	// section followed by a blank line, are fine.
	src := "//camp:file 2\n\n// Package a is a.\npackage a\n\n//camp:from 3\n\n// F is f.\nfunc F() {}\n\n//camp:else\n// func G() {}\n//camp:end\n\nfunc H() {}\n"
	c, err := Load(fstest.MapFS{"a/a.go": {Data: []byte(src)}})
	require.NoError(t, err)
	files, err := c.Generate(2, Learner)
	require.NoError(t, err)
	assert.Equal(t, hdr("a/a.go", 2)+"// Package a is a.\npackage a\n\nfunc G() {}\n\nfunc H() {}\n", string(files["day2-ip-icmp/a/a.go"]))
	files, err = c.Generate(3, Learner)
	require.NoError(t, err)
	assert.Equal(t, hdr("a/a.go", 3)+"// Package a is a.\npackage a\n\n// F is f.\nfunc F() {}\n\nfunc H() {}\n", string(files["day3-ethernet-arp/a/a.go"]))
	_, err = c.Generate(1, Learner)
	require.NoError(t, err)
}

func TestDuplicateIDsAndSteps(t *testing.T) {
	todo := func(day, step int, id string) string {
		d, s := string(rune('0'+day)), string(rune('0'+step))
		return "\t//camp:todo " + d + "." + s + " " + id + ": do it\n\t//camp:stub\n\t// return todo.New(" + d + ", \"" + id + "\")\n\t//camp:end\n"
	}
	_, err := Load(fstest.MapFS{
		"a/a.go": {Data: []byte(malformed(todo(1, 1, "x") + todo(1, 2, "y")))},
		"b/b.go": {Data: []byte(malformed(todo(1, 3, "x") + todo(1, 2, "z")))},
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `solutions/b/b.go:4: duplicate TODO id "x" (first at solutions/a/a.go:4)`)
	assert.Contains(t, err.Error(), `solutions/b/b.go:8: duplicate step 1.2 (first at solutions/a/a.go:8, TODO "y")`)
}

func TestInvalidGoIsReported(t *testing.T) {
	_, err := Generate(fstest.MapFS{"a/a.go": {Data: []byte("package a\nfunc {\n")}}, 1, Learner)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "solutions/a/a.go: stage 1 (learner): generated code does not parse: 2:6")

	_, err = Load(fstest.MapFS{"a/a.go": {Data: []byte("pkg a\n")}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "solutions/a/a.go:1:1: expected 'package'")
}

// fixtureMistakes adds mistake blocks to the synthetic course: one in code
// of day 1 outside any TODO, one inside the solution of a day-2 TODO.
var fixtureMistakes = map[string]string{
	"solutions/stack/mul.go": `package stack

// Mul multiplies.
func Mul(a, b int) int {
	//camp:mistake 1.1 mul-adds: adds instead of multiplying
	return a * b
	//camp:instead
	// // wrong on purpose
	// return a + b
	//camp:end
}
`,
	"solutions/stack/neg.go": `package stack

import "errors"

// Neg negates a positive number.
func Neg(x int) (int, error) {
	//camp:from 2
	//camp:todo 2.2 neg-positive: negate positive numbers only
	//camp:mistake 2.2 neg-accepts-zero: zero passes the check
	if x <= 0 {
		//camp:instead
		// if x < 0 {
		//camp:end
		return 0, errors.New("not positive")
	}
	return -x, nil
	//camp:stub
	// return 0, todo.New(2, "neg-positive")
	//camp:end
	//camp:else
	// return -x, nil
	//camp:end
}
`,
}

func TestMistakesList(t *testing.T) {
	c, _ := loadFixture(t, fixtureMistakes)
	assert.Equal(t, []Mistake{
		{Day: 1, Step: 1, ID: "mul-adds", Description: "adds instead of multiplying", File: "solutions/stack/mul.go", Line: 5, TODO: "add-numbers"},
		{Day: 2, Step: 2, ID: "neg-accepts-zero", Description: "zero passes the check", File: "solutions/stack/neg.go", Line: 9, TODO: "neg-positive"},
	}, c.Mistakes())
	assert.Len(t, c.TODOs(), 5, "a mistake is not a TODO")
}

func TestGenerateMistakes(t *testing.T) {
	c, _ := loadFixture(t, fixtureMistakes)
	body := func(stage int, m Mode, rel string) string {
		t.Helper()
		files, err := c.Generate(stage, m)
		require.NoError(t, err, "stage %d %s", stage, m)
		src := string(files[stageDir(stage)+"/"+rel])
		require.NotEmpty(t, src, "stage %d %s has %s", stage, m, rel)
		assert.NotContains(t, src, "camp:", "stage %d %s: every marker is removed", stage, m)
		return src
	}
	for stage := 1; stage <= 3; stage++ {
		for _, m := range []Mode{Learner, Filled} {
			got := body(stage, m, "stack/mul.go")
			assert.Contains(t, got, "\treturn a * b\n}", "stage %d %s keeps the correct lines", stage, m)
			assert.NotContains(t, got, "a + b", "stage %d %s drops the instead lines", stage, m)
			assert.NotContains(t, got, "wrong on purpose", "stage %d %s drops the instead lines", stage, m)
		}
	}
	assert.Contains(t, body(1, WithMistake("mul-adds"), "stack/mul.go"), "func Mul(a, b int) int {\n\t// wrong on purpose\n\treturn a + b\n}",
		"filled stage 1 with the mistake: its instead lines, uncommented, replace the correct ones")

	assert.Contains(t, body(2, Filled, "stack/neg.go"), "\tif x <= 0 {\n\t\treturn 0, errors.New", "filled stage 2 keeps the correct line")
	assert.Contains(t, body(3, Learner, "stack/neg.go"), "\tif x <= 0 {\n\t\treturn 0, errors.New", "stage 3 keeps the correct line")
	assert.Contains(t, body(2, Learner, "stack/neg.go"), `return 0, todo.New(2, "neg-positive")`, "stage 2 stubs the TODO around the mistake")
	assert.Contains(t, body(1, Learner, "stack/neg.go"), "\treturn -x, nil\n}", "stage 1 has the else lines")
	withMistake := body(2, WithMistake("neg-accepts-zero"), "stack/neg.go")
	assert.Contains(t, withMistake, "\tif x < 0 {\n\t\treturn 0, errors.New", "the mistake's line replaces the correct one")
	assert.Contains(t, body(2, WithMistake("neg-accepts-zero"), "stack/mul.go"), "\treturn a * b\n", "another stage's mistake keeps its correct lines")

	_, err := c.Generate(1, WithMistake("neg-accepts-zero"))
	assert.ErrorContains(t, err, `stage 1 has no mistake "neg-accepts-zero"`)
	_, err = c.Generate(2, WithMistake("nope"))
	assert.ErrorContains(t, err, `stage 2 has no mistake "nope"`)
}

func TestMalformedMistakes(t *testing.T) {
	const todo11 = "\t//camp:todo 1.1 x: y\n\tprintln()\n\t//camp:stub\n\t// return todo.New(1, \"x\")\n\t//camp:end\n"
	tests := []struct {
		name string
		src  string
		want []string // "line: reason fragment"
	}{
		{"no instead", malformed(todo11 + "\t//camp:mistake 1.1 m: d\n\tprintln()\n\t//camp:end\n"), []string{`9: mistake block "m" has no //camp:instead section`}},
		{"code in instead", malformed(todo11 + "\t//camp:mistake 1.1 m: d\n\tprintln()\n\t//camp:instead\n\tprint()\n\t//camp:end\n"), []string{"12: non-comment line in a instead section"}},
		{"marker in instead", malformed(todo11 + "\t//camp:mistake 1.1 m: d\n\tprintln()\n\t//camp:instead\n\t//camp:from 2\n\t//camp:end\n"), []string{"12: marker //camp:from inside a instead section"}},
		{"block in mistake", malformed(todo11 + "\t//camp:mistake 1.1 m: d\n\t//camp:from 2\n\t//camp:end\n\t//camp:instead\n\t// print()\n\t//camp:end\n"), []string{"10: marker //camp:from inside a mistake block (line 9)"}},
		{"changes nothing", malformed(todo11 + "\t//camp:mistake 1.1 m: d\n\t//camp:instead\n\t//camp:end\n"), []string{`9: mistake block "m" changes nothing`}},
		{"step with no TODO", malformed(todo11 + "\t//camp:mistake 1.2 m: d\n\tprintln()\n\t//camp:instead\n\t// print()\n\t//camp:end\n"), []string{`9: mistake "m" names step 1.2, which has no TODO`}},
		{"malformed id", malformed(todo11 + "\t//camp:mistake 1.1 Bad_M: d\n\tprintln()\n\t//camp:instead\n\t// print()\n\t//camp:end\n"), []string{`9: malformed mistake id "Bad_M"`}},
		{"malformed marker", malformed(todo11 + "\t//camp:mistake 1.1 m d\n\tprintln()\n\t//camp:instead\n\t// print()\n\t//camp:end\n"), []string{"9: malformed mistake marker"}},
		{"no description", malformed(todo11 + "\t//camp:mistake 1.1 m:\n\tprintln()\n\t//camp:instead\n\t// print()\n\t//camp:end\n"), []string{`9: mistake marker "m" has no description`}},
		{"duplicate id", malformed(todo11 + "\t//camp:mistake 1.1 m: d\n\tprintln()\n\t//camp:instead\n\t// print()\n\t//camp:end\n\t//camp:mistake 1.1 m: e\n\tprintln()\n\t//camp:instead\n\t// print()\n\t//camp:end\n"), []string{`14: duplicate mistake id "m" (first at solutions/a/a.go:9)`}},
		{"inside another TODO", malformed("\t//camp:todo 1.1 x: y\n\t//camp:mistake 1.2 m: d\n\tprintln()\n\t//camp:instead\n\t// print()\n\t//camp:end\n\t//camp:stub\n\t// return todo.New(1, \"x\")\n\t//camp:end\n\t//camp:todo 1.2 z: y\n\t//camp:stub\n\t// return todo.New(1, \"z\")\n\t//camp:end\n"), []string{"5: mistake 1.2 m sits inside the solution of TODO 1.1 x"}},
		{"inside a later day's block", malformed(todo11 + "\t//camp:from 2\n\t//camp:mistake 1.1 m: d\n\tprintln()\n\t//camp:instead\n\t// print()\n\t//camp:end\n\t//camp:end\n"), []string{"10: block of day 1 inside its outer block of day 2"}},
		{"instead in a todo", malformed("\t//camp:todo 1.1 x: y\n\t//camp:instead\n\t//camp:stub\n\t// return todo.New(1, \"x\")\n\t//camp:end\n"), []string{"5: //camp:instead inside a todo block (line 4): instead belongs to mistake blocks"}},
		{"stub in a mistake", malformed(todo11 + "\t//camp:mistake 1.1 m: d\n\tprintln()\n\t//camp:stub\n\t// print()\n\t//camp:end\n"), []string{"11: //camp:stub inside a mistake block (line 9)", `9: mistake block "m" has no //camp:instead`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(fstest.MapFS{"a/a.go": {Data: []byte(tt.src)}})
			require.Error(t, err)
			for _, w := range tt.want {
				line, reason, _ := strings.Cut(w, ": ")
				assert.Contains(t, err.Error(), "solutions/a/a.go:"+line+": "+reason)
			}
			assert.Len(t, strings.Split(err.Error(), "\n"), len(tt.want), "exactly the expected errors:\n%v", err)
		})
	}
}

// A test of the course's own tooling, marked to stay out of every stage.
const toolingTest = "//camp:file solutions\n\npackage stack\n\nimport \"testing\"\n\nfunc TestTooling(t *testing.T) {}\n"

func TestSolutionsOnlyFiles(t *testing.T) {
	c, _ := loadFixture(t, map[string]string{
		"solutions/stack/tooling_test.go":      toolingTest,
		"solutions/helper/helper.go":           "//camp:file 2\n\npackage helper\n\n// H helps.\nfunc H() {}\n",
		"solutions/helper/helper_test.go":      "//camp:file solutions\n\npackage helper\n\nimport \"testing\"\n\nfunc TestH(t *testing.T) { H() }\n",
		"solutions/helper/main_test.go":        "//camp:file solutions\n\npackage helper\n\nimport (\n\t\"os\"\n\t\"testing\"\n)\n\nfunc TestMain(m *testing.M) { os.Exit(m.Run()) }\n",
		"solutions/helper/testdata/golden.txt": "for the helper's tests only\n",
	})
	for s := 1; s <= 3; s++ {
		for _, m := range []Mode{Learner, Filled} {
			files, err := c.Generate(s, m)
			require.NoError(t, err)
			dir := stageDir(s)
			assert.NotContains(t, files, dir+"/stack/tooling_test.go", "stage %d %s: a solutions-only test is in no stage", s, m)
			assert.Contains(t, files, dir+"/stack/stack_test.go", "stage %d %s: the stack's own test stays", s, m)
			assert.NotContains(t, files, dir+"/helper/helper_test.go", "stage %d %s", s, m)
			assert.NotContains(t, files, dir+"/helper/main_test.go", "stage %d %s", s, m)
			assert.NotContains(t, files, dir+"/helper/testdata/golden.txt", "stage %d %s: testdata of a package whose tests are all solutions-only", s, m)
			if s >= 2 {
				assert.Contains(t, files, dir+"/helper/helper.go", "stage %d %s: the helper's code stays", s, m)
			}
		}
	}
	assert.Equal(t, 3, c.LastStage(), "a solutions-only file names no day")
	assert.Len(t, c.TODOs(), 4)
}

func TestMalformedSolutionsOnlyFiles(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string // "path:line: reason fragment"
	}{
		{"not a test file", map[string]string{"a/a.go": "//camp:file solutions\n\npackage a\n"},
			[]string{"solutions/a/a.go:1: //camp:file solutions on a file that is not a test"}},
		{"misspelt", map[string]string{"a/a_test.go": "//camp:file solution\n\npackage a\n"},
			[]string{`solutions/a/a_test.go:1: malformed file marker "//camp:file solution": want //camp:file N with a day 1–6, or //camp:file solutions`}},
		{"with a day too", map[string]string{"a/a_test.go": "//camp:file 3\n//camp:file solutions\n\npackage a\n"},
			[]string{"solutions/a/a_test.go:2: second file marker (the first is on line 1)"}},
		{"a block inside", map[string]string{"a/a_test.go": "//camp:file solutions\n\npackage a\n\nfunc F() {\n\t//camp:from 2\n\tprintln()\n\t//camp:end\n}\n"},
			[]string{"solutions/a/a_test.go:6: //camp:from in a file marked //camp:file solutions (line 1): no stage has the file"}},
		{"a TODO inside", map[string]string{"a/a_test.go": "//camp:file solutions\n\npackage a\n\nfunc F() error {\n\t//camp:todo 1.1 x: y\n\treturn nil\n\t//camp:stub\n\t// return todo.New(1, \"x\")\n\t//camp:end\n}\n"},
			[]string{"solutions/a/a_test.go:6: //camp:todo in a file marked //camp:file solutions (line 1)"}},
		{"main_test.go left behind", map[string]string{
			"a/a.go":         "package a\n",
			"a/a_test.go":    "//camp:file solutions\n\npackage a\n",
			"a/main_test.go": "package a\n",
		}, []string{"solutions/a/main_test.go:1: every other test file of solutions/a is marked //camp:file solutions: mark this one so too, or every stage links a test binary that runs no test"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for p, src := range tt.files {
				fsys[p] = &fstest.MapFile{Data: []byte(src)}
			}
			_, err := Load(fsys)
			require.Error(t, err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.Len(t, strings.Split(err.Error(), "\n"), len(tt.want), "exactly the expected errors:\n%v", err)
		})
	}

	// A package with other tests keeps its main_test.go.
	_, err := Load(fstest.MapFS{
		"a/a.go":         {Data: []byte("package a\n")},
		"a/a_test.go":    {Data: []byte("//camp:file solutions\n\npackage a\n")},
		"a/b_test.go":    {Data: []byte("package a\n")},
		"a/main_test.go": {Data: []byte("package a\n")},
	})
	assert.NoError(t, err, "a package with a test of its own in the stages keeps its main_test.go")
}
