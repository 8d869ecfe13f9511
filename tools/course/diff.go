package main

// `course diff dayN [path]` shows a learner how their day folder differs
// from the filled build of that stage (the solution pruned to day N), as a
// coloured unified diff. Both sides carry the same generated header, so
// headers never show up in it.
//
// The line diff is Myers' O(ND) algorithm ("An O(ND) Difference Algorithm
// and Its Variations", 1986): find the shortest edit script by exploring
// diagonals, remember each round's furthest reaching points, then walk back.

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/fatih/color"
)

func cmdDiff(root string, args []string, stdout, stderr io.Writer) int {
	if len(args) < 1 || len(args) > 2 {
		fmt.Fprintln(stderr, "usage: go run ./tools/course diff dayN [path]")
		return 2
	}
	day, err := parseDay(args[0])
	if err != nil {
		fmt.Fprintln(stderr, "course diff:", err)
		return 2
	}
	setupColor()
	c, err := loadCourse(root)
	if err != nil {
		printErr(stderr, err)
		return 1
	}
	if day > c.LastStage() {
		fmt.Fprintf(stderr, "course diff: the course has days 1–%d so far\n", c.LastStage())
		return 1
	}
	filled, err := c.Generate(day, Filled)
	if err != nil {
		printErr(stderr, err)
		return 1
	}
	dir := stageDir(day)
	prefix := dir + "/"
	if len(args) == 2 {
		p := path.Clean(filepath.ToSlash(args[1]))
		if !strings.HasPrefix(p+"/", prefix) {
			p = path.Join(dir, p)
		}
		prefix = p
	}
	within := func(p string) bool {
		return p == prefix || strings.HasPrefix(p, strings.TrimSuffix(prefix, "/")+"/")
	}
	yours := map[string][]byte{}
	onDisk, err := stageFiles(root, dir)
	if err != nil {
		fmt.Fprintln(stderr, "course diff:", err)
		return 1
	}
	for _, p := range onDisk {
		if within(p) {
			b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
			if err != nil {
				fmt.Fprintln(stderr, "course diff:", err)
				return 1
			}
			yours[p] = b
		}
	}
	solution := map[string][]byte{}
	for p, b := range filled {
		if within(p) {
			solution[p] = b
		}
	}
	if len(yours) == 0 && len(solution) == 0 {
		fmt.Fprintf(stderr, "course diff: nothing at %s\n", prefix)
		return 1
	}
	if learner, err := c.Generate(day, Learner); err == nil && untouched(yours, learner, within) {
		first := ""
		if todos := dayTODOs(c, day); len(todos) > 0 {
			first = fmt.Sprintf("; start with `go run ./tools/course hint %d.%d`", todos[0].Day, todos[0].Step)
		}
		fmt.Fprintf(stdout, "%s is untouched (exactly as generated): no code of yours to compare with the solution yet%s\n", prefix, first)
		return 0
	}
	printDiff(stdout, yours, solution)
	return 0
}

// untouched reports whether yours holds exactly the files of the learner
// build (those within the compared path), unchanged.
func untouched(yours, learner map[string][]byte, within func(string) bool) bool {
	n := 0
	for p, b := range learner {
		if !within(p) {
			continue
		}
		n++
		if y, ok := yours[p]; !ok || !bytes.Equal(y, b) {
			return false
		}
	}
	return n == len(yours)
}

// printDiff prints the unified diff of every file of a (yours) against b
// (the solution), in path order, in colour.
func printDiff(w io.Writer, a, b map[string][]byte) {
	red, green, cyan := color.New(color.FgRed), color.New(color.FgGreen), color.New(color.FgCyan)
	names := map[string]bool{}
	for p := range a {
		names[p] = true
	}
	for p := range b {
		names[p] = true
	}
	sorted := make([]string, 0, len(names))
	for p := range names {
		sorted = append(sorted, p)
	}
	sort.Strings(sorted)
	for _, p := range sorted {
		aName, bName := p+"\t(yours)", p+"\t(solution)"
		if _, ok := a[p]; !ok {
			aName = "/dev/null"
		}
		if _, ok := b[p]; !ok {
			bName = "/dev/null"
		}
		for _, line := range unifiedDiff(aName, bName, splitLines(string(a[p])), splitLines(string(b[p])), 3) {
			switch {
			case strings.HasPrefix(line, "---"), strings.HasPrefix(line, "+++"), strings.HasPrefix(line, "@@"):
				cyan.Fprintln(w, line)
			case strings.HasPrefix(line, "-"):
				red.Fprintln(w, line)
			case strings.HasPrefix(line, "+"):
				green.Fprintln(w, line)
			default:
				fmt.Fprintln(w, line)
			}
		}
	}
}

// splitLines splits text into lines without their newlines.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// An op is one line of an edit script: ' ' kept, '-' only in a, '+' only in b.
type op struct {
	kind byte
	text string
}

// diffLines returns a shortest edit script turning a into b (Myers).
func diffLines(a, b []string) []op {
	n, m := len(a), len(b)
	if n == 0 || m == 0 { // a file only on one side
		var ops []op
		for _, l := range a {
			ops = append(ops, op{'-', l})
		}
		for _, l := range b {
			ops = append(ops, op{'+', l})
		}
		return ops
	}
	// v[k] is the furthest x reached on diagonal k = x - y; trace[d] is a
	// copy of v before round d, used to walk back from (n, m).
	off := n + m + 1
	v := make([]int, 2*off+1)
	var trace [][]int
	for d := 0; d <= n+m; d++ {
		trace = append(trace, append([]int(nil), v...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1] // down: a line of b inserted
			} else {
				x = v[off+k-1] + 1 // right: a line of a deleted
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1 // follow the snake of equal lines
			}
			v[off+k] = x
			if x >= n && y >= m {
				return backtrack(a, b, trace, off)
			}
		}
	}
	return nil // not reached: d = n+m always reaches the end
}

// backtrack walks the trace from (len(a), len(b)) back to (0, 0).
func backtrack(a, b []string, trace [][]int, off int) []op {
	var ops []op
	x, y := len(a), len(b)
	for d := len(trace) - 1; d >= 0; d-- {
		v := trace[d]
		k := x - y
		var prevK int
		if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := v[off+prevK]
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			ops = append(ops, op{' ', a[x-1]})
			x, y = x-1, y-1
		}
		if d > 0 {
			if x == prevX {
				ops = append(ops, op{'+', b[y-1]})
			} else {
				ops = append(ops, op{'-', a[x-1]})
			}
		}
		x, y = prevX, prevY
	}
	for i, j := 0, len(ops)-1; i < j; i, j = i+1, j-1 {
		ops[i], ops[j] = ops[j], ops[i]
	}
	return ops
}

// unifiedDiff returns the lines of a unified diff of a and b with the given
// lines of context, or nothing when they are equal.
func unifiedDiff(aName, bName string, a, b []string, context int) []string {
	ops := diffLines(a, b)
	// Group the changes into hunks: changes closer than 2*context lines
	// share a hunk.
	var changes []int
	for i, o := range ops {
		if o.kind != ' ' {
			changes = append(changes, i)
		}
	}
	if len(changes) == 0 {
		return nil
	}
	out := []string{"--- " + aName, "+++ " + bName}
	for i := 0; i < len(changes); {
		j := i
		for j+1 < len(changes) && changes[j+1]-changes[j] <= 2*context {
			j++
		}
		start, end := max(0, changes[i]-context), min(len(ops), changes[j]+context+1)
		// Line numbers of the hunk's first line in a and b.
		aLine, bLine := 1, 1
		for _, o := range ops[:start] {
			if o.kind != '+' {
				aLine++
			}
			if o.kind != '-' {
				bLine++
			}
		}
		var body []string
		aLen, bLen := 0, 0
		for _, o := range ops[start:end] {
			body = append(body, string(o.kind)+o.text)
			if o.kind != '+' {
				aLen++
			}
			if o.kind != '-' {
				bLen++
			}
		}
		out = append(out, fmt.Sprintf("@@ -%s +%s @@", hunkRange(aLine, aLen), hunkRange(bLine, bLen)))
		out = append(out, body...)
		i = j + 1
	}
	return out
}

// hunkRange formats "start,len" as unified diffs do: an empty range names
// the line before it.
func hunkRange(start, n int) string {
	if n == 0 {
		start--
	}
	if n == 1 {
		return fmt.Sprint(start)
	}
	return fmt.Sprintf("%d,%d", start, n)
}
