// Generated from solutions/internal/camptest/camptest.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/internal/camptest/camptest.go instead and regenerate; `course check` fails when the two drift.

// Package camptest has the helpers every test of the course shares.
//
// The most important one is [NewStack]: it gives a test a stack whose log
// is kept in memory and, when the test fails, prints the TODO stubs the
// stack ran into, then the end of its log. So a learner whose test fails
// reads first *which TODO* is missing and where its lesson is.
package camptest

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/logging"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/stack"
)

// LogTail is how many lines of a failed test's stack log are printed.
const LogTail = 40

// NewStack returns a new, not yet started stack for t. Its logger keeps
// in memory, without colour or timestamps, the lines at info level and
// above, which include every dropped frame with its reason. The stack is
// closed when the test ends; if the test failed, the TODOs it hit and the
// tail of its log are printed.
//
// Inside a testing/synctest bubble, call NewStack inside the bubble so that
// the stack's goroutines and channels belong to it.
//
// The test also fails if a goroutine of the stack outlives it (see
// CheckLeaks).
func NewStack(t testing.TB) *stack.Stack {
	t.Helper()
	CheckLeaks(t)
	buf := &syncBuffer{}
	log := logging.New(buf, logging.LevelInfo)
	log.SetColor(false)
	log.SetTimestamps(false)
	log.SetDumps(false)
	s := stack.New(stack.Options{Logger: log})
	t.Cleanup(func() {
		_ = s.Close() // a stack the test closed itself says ErrClosed: fine
		if t.Failed() {
			t.Log(Report(s, buf.String()))
		}
	})
	return s
}

// Start starts s and fails the test, naming the TODO, if it cannot.
func Start(t testing.TB, s *stack.Stack) {
	t.Helper()
	if err := s.Start(); err != nil {
		t.Fatalf("starting the stack: %v", err)
	}
}

// Report says which TODO stubs s hit, then shows the last lines of log.
func Report(s *stack.Stack, log string) string {
	var b strings.Builder
	todos := s.TODOs()
	if len(todos) == 0 {
		b.WriteString("This stack hit no TODO stub (if the test has several stacks, look at the others' reports too): the failure above comes from code that runs but does something else than the test expects.\n")
	} else {
		b.WriteString("The stack hit these unfinished TODOs (the first is usually the one to write next):\n")
		for _, e := range todos {
			fmt.Fprintf(&b, "    %v\n", e)
		}
	}
	lines := strings.Split(strings.TrimRight(log, "\n"), "\n")
	if len(lines) > LogTail {
		lines = lines[len(lines)-LogTail:]
	}
	fmt.Fprintf(&b, "Stack log (last %d lines):\n", len(lines))
	for _, l := range lines {
		b.WriteString("    " + l + "\n")
	}
	return b.String()
}

// syncBuffer keeps the last lines of a stack's log, safe for the stack's
// goroutines. Only the tail is ever printed, so a long transfer's log does
// not pile up in memory. A line that repeats the one before it is counted,
// not kept: a thousand identical drops take two lines of the tail, not all
// of it.
type syncBuffer struct {
	mu      sync.Mutex
	lines   []string
	next    int    // where the next line goes once the ring is full
	last    string // the last line kept
	repeats int    // how many times last came again since it was kept
}

// keepLines bounds the lines a syncBuffer keeps.
const keepLines = 4 * LogTail

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, line := range strings.SplitAfter(string(p), "\n") {
		if line == "" {
			continue
		}
		if line == b.last {
			b.repeats++
			continue
		}
		b.flushRepeats()
		b.keep(line)
		b.last = line
	}
	return len(p), nil
}

// flushRepeats keeps a line that says how often the last line repeated;
// b.mu is held.
func (b *syncBuffer) flushRepeats() {
	if b.repeats > 0 {
		b.keep(fmt.Sprintf("(the line above %d more times)\n", b.repeats))
		b.repeats = 0
	}
}

// keep puts line in the ring; b.mu is held.
func (b *syncBuffer) keep(line string) {
	if len(b.lines) < keepLines {
		b.lines = append(b.lines, line)
		return
	}
	b.lines[b.next] = line
	b.next = (b.next + 1) % keepLines
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.flushRepeats()
	b.last = "" // a line after this one is news again
	return strings.Join(b.lines[b.next:], "") + strings.Join(b.lines[:b.next], "")
}
