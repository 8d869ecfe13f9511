// Generated from solutions/internal/camptest/leak.go by "go run ./tools/course gen".
// Learners: this is your copy for day 2 — write its TODOs here. Course authors: edit
// solutions/internal/camptest/leak.go instead and regenerate; `course check` fails when the two drift.

package camptest

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// LeakGrace is how long, in real time, a test outside a synctest bubble
// gives the stack's goroutines to end once its stacks are closed. Inside a
// bubble no real time passes: synctest.Wait lets every goroutine that can
// run, run first.
const LeakGrace = 2 * time.Second

// leakGrace is LeakGrace, shortened by camptest's own test.
var leakGrace = LeakGrace

// modulePath starts the name of every function of the course's packages:
// solutions/ and the day folders alike.
const modulePath = "github.com/go-tcpip-camp/camp/"

// watched remembers the tests whose goroutines are already watched: one
// check per test, however many stacks it builds.
var watched sync.Map // testing.TB → struct{}

// CheckLeaks makes t fail if, once t and its cleanups are done (and so
// every stack NewStack gave it is closed), a goroutine running the stack's
// code is still alive: a goroutine the stack started that Close did not
// stop, or a program's call (Read, Accept …) that closing the stack did not
// wake. NewStack calls it, so every test built on camptest is watched; a
// test that builds stacks some other way may call it itself, first.
//
// A goroutine is the stack's if one of its frames is a function of the
// course's packages other than test code (packages named …_test) and
// camptest. Goroutines the test itself runs, in its own code, are its own
// business: synctest, for one, fails a bubble they outlive.
func CheckLeaks(t testing.TB) {
	t.Helper()
	if _, dup := watched.LoadOrStore(t, struct{}{}); dup {
		return
	}
	self, bubble := currentGoroutine()
	before := map[string]bool{}
	if bubble == "" {
		for _, g := range goroutines() {
			before[g.id] = true
		}
	}
	// Registered before the stacks' own cleanups, so it runs after them:
	// cleanups run last-registered first.
	t.Cleanup(func() {
		defer watched.Delete(t)
		var leaked []goroutine
		if bubble != "" {
			synctest.Wait() // whatever can still end, ends
			leaked = stackGoroutines(self, bubble, nil)
		} else {
			deadline := time.Now().Add(leakGrace)
			for {
				leaked = stackGoroutines(self, "", before)
				if len(leaked) == 0 || time.Now().After(deadline) {
					break
				}
				time.Sleep(10 * time.Millisecond)
			}
		}
		if len(leaked) > 0 {
			t.Errorf("%s", leakReport(leaked))
		}
	})
}

// leakReport says which goroutines outlived their stack, with the top
// frames of each.
func leakReport(leaked []goroutine) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d goroutine(s) of the stack still run after the stack was closed: whatever the stack starts must end when Close returns, and closing it must wake every blocked call.\n", len(leaked))
	for i, g := range leaked {
		if i == 5 {
			fmt.Fprintf(&b, "… and %d more\n", len(leaked)-i)
			break
		}
		b.WriteString(g.top(8))
	}
	return b.String()
}

// A goroutine is one goroutine of a runtime.Stack dump.
type goroutine struct {
	id, header string
	bubble     string // "synctest bubble N", or "" outside any bubble
	lines      []string
}

// top returns the header and the first n frames of g.
func (g goroutine) top(n int) string {
	var b strings.Builder
	b.WriteString("    " + g.header + "\n")
	frames := 0
	for i := 0; i < len(g.lines) && frames < n; i++ {
		l := g.lines[i]
		indent := "            " // a file:line under its function
		if !strings.HasPrefix(l, "\t") {
			frames++
			indent = "        "
		}
		b.WriteString(indent + strings.TrimSpace(l) + "\n")
	}
	return b.String()
}

// runsStackCode reports whether a frame of g is a function of the course's
// packages other than test code and camptest.
func (g goroutine) runsStackCode() bool {
	for _, l := range g.lines {
		if strings.HasPrefix(l, "\t") || strings.HasPrefix(l, "created by ") {
			continue // a file:line, or who started it (not what it runs)
		}
		i := strings.Index(l, modulePath)
		if i < 0 {
			continue
		}
		fn := l[i+len(modulePath):]
		pkg := fn
		if j := strings.Index(fn, "."); j >= 0 {
			pkg = fn[:j]
		}
		if strings.HasSuffix(pkg, "_test") || strings.HasSuffix(pkg, "/camptest") {
			continue
		}
		return true
	}
	return false
}

// stackGoroutines returns the goroutines, other than self, in the given
// bubble ("" for none) and not in skip, that run the stack's code.
func stackGoroutines(self, bubble string, skip map[string]bool) []goroutine {
	var out []goroutine
	for _, g := range goroutines() {
		if g.id == self || g.bubble != bubble || skip[g.id] || !g.runsStackCode() {
			continue
		}
		out = append(out, g)
	}
	return out
}

// currentGoroutine returns the calling goroutine's id and bubble.
func currentGoroutine() (id, bubble string) {
	buf := make([]byte, 1<<10)
	buf = buf[:runtime.Stack(buf, false)]
	g := parseGoroutine(string(buf))
	return g.id, g.bubble
}

// goroutines returns every goroutine of the process.
func goroutines() []goroutine {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var out []goroutine
	for _, block := range bytes.Split(buf, []byte("\n\n")) {
		if g := parseGoroutine(string(block)); g.id != "" {
			out = append(out, g)
		}
	}
	return out
}

// parseGoroutine parses one goroutine of a dump:
//
//	goroutine 9 [chan receive (durable), synctest bubble 1]:
//	pkg.function(...)
//		/path/file.go:12 +0x1d
func parseGoroutine(block string) goroutine {
	lines := strings.Split(strings.TrimSpace(block), "\n")
	header := lines[0]
	rest, ok := strings.CutPrefix(header, "goroutine ")
	if !ok {
		return goroutine{}
	}
	id, status, _ := strings.Cut(rest, " ")
	g := goroutine{id: id, header: header, lines: lines[1:]}
	if i := strings.Index(status, "synctest bubble "); i >= 0 {
		g.bubble = strings.TrimRight(status[i:], "]:")
	}
	return g
}
