//camp:file solutions

package camptest

import (
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/go-tcpip-camp/camp/solutions/stack"
)

// recorder is a testing.TB whose cleanups and errors the test runs and
// reads itself.
type recorder struct {
	testing.TB
	cleanups []func()
	errs     []string
}

func (r *recorder) Helper()          {}
func (r *recorder) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recorder) runCleanups() {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
}

// checkLeakFound starts a stack that is not closed and checks that
// CheckLeaks names its goroutines; then it closes the stack.
func checkLeakFound(t *testing.T) {
	r := &recorder{TB: t}
	CheckLeaks(r)
	s := stack.New(stack.Options{})
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	r.runCleanups()
	s.Close()
	if len(r.errs) != 1 {
		t.Fatalf("a stack left running is not reported as a leak: %q", r.errs)
	}
	t.Logf("what a leak looks like:\n%s", r.errs[0])
	if !strings.Contains(r.errs[0], "still run after the stack was closed") || !strings.Contains(r.errs[0], "stack.(*Stack).") {
		t.Errorf("the report does not name the stack's goroutines:\n%s", r.errs[0])
	}
}

// checkNoLeak closes the stack in a cleanup, as NewStack does, and checks
// that nothing is reported.
func checkNoLeak(t *testing.T) {
	r := &recorder{TB: t}
	CheckLeaks(r)
	s := stack.New(stack.Options{})
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	r.Cleanup(func() { s.Close() })
	r.runCleanups()
	if len(r.errs) != 0 {
		t.Errorf("a closed stack is reported as a leak: %q", r.errs)
	}
}

func TestCheckLeaksOutsideABubble(t *testing.T) {
	defer func(g time.Duration) { leakGrace = g }(leakGrace)
	leakGrace = 100 * time.Millisecond
	t.Run("leak", checkLeakFound)
	t.Run("none", checkNoLeak)
}

func TestCheckLeaksInABubble(t *testing.T) {
	t.Run("leak", func(t *testing.T) { synctest.Test(t, checkLeakFound) })
	t.Run("none", func(t *testing.T) { synctest.Test(t, checkNoLeak) })
}
