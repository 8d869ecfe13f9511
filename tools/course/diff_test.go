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

func TestUnifiedDiff(t *testing.T) {
	a := strings.Split("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15", "\n")
	b := strings.Split("1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16", "\n")
	got := unifiedDiff("a.go", "b.go", a, b, 3)
	assert.Equal(t, []string{
		"--- a.go",
		"+++ b.go",
		"@@ -2,7 +2,7 @@",
		" 2",
		" 3",
		" 4",
		"-5",
		"+five",
		" 6",
		" 7",
		" 8",
		"@@ -13,3 +13,4 @@",
		" 13",
		" 14",
		" 15",
		"+16",
	}, got)
}

func TestUnifiedDiffMergesCloseHunks(t *testing.T) {
	a := []string{"a", "b", "c", "d", "e", "f", "g", "h"}
	b := []string{"a", "B", "c", "d", "e", "f", "G", "h"}
	assert.Equal(t, []string{"--- x", "+++ y", "@@ -1,8 +1,8 @@",
		" a", "-b", "+B", " c", " d", " e", " f", "-g", "+G", " h"}, unifiedDiff("x", "y", a, b, 3))
}

func TestUnifiedDiffEdgeCases(t *testing.T) {
	assert.Nil(t, unifiedDiff("x", "y", []string{"same"}, []string{"same"}, 3), "equal files print nothing")
	assert.Equal(t, []string{"--- /dev/null", "+++ new", "@@ -0,0 +1,2 @@", "+x", "+y"},
		unifiedDiff("/dev/null", "new", nil, []string{"x", "y"}, 3))
	assert.Equal(t, []string{"--- old", "+++ /dev/null", "@@ -1 +0,0 @@", "-x"},
		unifiedDiff("old", "/dev/null", []string{"x"}, nil, 3))
}

func TestDiffLinesIsMinimal(t *testing.T) {
	a := strings.Split("the quick brown fox jumps over the lazy dog", " ")
	b := strings.Split("the slow brown fox walks over the dog", " ")
	ops := diffLines(a, b)
	var kept, changed int
	var gotA, gotB []string
	for _, o := range ops {
		if o.kind == ' ' {
			kept++
		} else {
			changed++
		}
		if o.kind != '+' {
			gotA = append(gotA, o.text)
		}
		if o.kind != '-' {
			gotB = append(gotB, o.text)
		}
	}
	assert.Equal(t, a, gotA, "the script replays a")
	assert.Equal(t, b, gotB, "the script replays b")
	assert.Equal(t, 6, kept, "the longest common subsequence: the brown fox over the dog")
	assert.Equal(t, 5, changed)
}

func TestCmdDiff(t *testing.T) {
	color.NoColor = true
	root := fixtureRepo(t, nil)
	var out, errOut bytes.Buffer
	require.Equal(t, 0, cmdGen(root, nil, &out, &errOut), errOut.String())

	// The learner solves add-numbers and adds a scratch file.
	p := filepath.Join(root, "day1-device/stack/stack.go")
	src, err := os.ReadFile(p)
	require.NoError(t, err)
	src = bytes.Replace(src, []byte("\t// TODO(day1): 1.1 add-numbers — add the two numbers.\n\t// Lesson: docs/day1-device.md#add-numbers\n\t// Hint: use +.\n\treturn 0, todo.New(1, \"add-numbers\")\n"), []byte("\treturn a + b, nil\n"), 1)
	require.NoError(t, os.WriteFile(p, src, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(root, "day1-device/stack/notes.txt"), []byte("mine\n"), 0o644))

	out.Reset()
	require.Equal(t, 0, cmdDiff(root, []string{"day1", "stack/stack.go"}, &out, &errOut), errOut.String())
	assert.Equal(t, `--- day1-device/stack/stack.go	(yours)
+++ day1-device/stack/stack.go	(solution)
@@ -5,10 +5,6 @@
 // Package stack is a tiny stack.
 package stack
 
-import (
-	"github.com/go-tcpip-camp/camp/day1-device/todo"
-)
-
 // Add adds.
 func Add(a, b int) (int, error) {
 	return a + b, nil
@@ -16,9 +12,7 @@
 
 // Sub subtracts.
 func Sub(a, b int) (int, error) {
-	// TODO(day1): 1.2 sub-numbers — subtract b from a.
-	// Lesson: docs/day1-device.md#sub-numbers
-	return 0, todo.New(1, "sub-numbers")
+	return a - b, nil
 }
 
 // Greet greets.
`, out.String())

	out.Reset()
	require.Equal(t, 0, cmdDiff(root, []string{"1"}, &out, &errOut), errOut.String())
	assert.Contains(t, out.String(), "--- day1-device/stack/notes.txt\t(yours)\n+++ /dev/null\n@@ -1 +0,0 @@\n-mine\n")
	assert.NotContains(t, out.String(), "todo/todo.go", "identical files do not show")
	assert.NotContains(t, out.String(), "Generated from", "headers are the same on both sides")

	assert.Equal(t, 2, cmdDiff(root, []string{"day9"}, &out, &errOut))
	assert.Equal(t, 1, cmdDiff(root, []string{"day1", "nope.go"}, &out, &errOut))
}

func TestDiffColours(t *testing.T) {
	color.NoColor = false
	defer func() { color.NoColor = true }()
	var out bytes.Buffer
	printDiff(&out, map[string][]byte{"f": []byte("a\n")}, map[string][]byte{"f": []byte("b\n")})
	assert.Contains(t, out.String(), "\x1b[31m-a")
	assert.Contains(t, out.String(), "\x1b[32m+b")
	assert.Contains(t, out.String(), "\x1b[36m@@ -1 +1 @@")
}
