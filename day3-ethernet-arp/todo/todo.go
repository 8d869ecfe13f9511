// Generated from solutions/todo/todo.go by "go run ./tools/course gen".
// Learners: this is your copy for day 3 — write its TODOs here. Course authors: edit
// solutions/todo/todo.go instead and regenerate; `course check` fails when the two drift.

// Package todo marks the parts of the stack a learner writes.
//
// In a day folder, every unfinished part of the stack is a stub that
// returns (or reports) an error made by [New]. The error names the TODO and
// the lesson that explains it, for example
//
//	TODO(day1): loopback-transmit is not implemented yet — see docs/day1-device.md#loopback-transmit
//
// A stub never panics and never blocks: it fails politely, the stack logs it
// in a colour of its own, and the tests print every TODO the stack hit, so a
// failing test tells the learner which TODO to write next.
//
// In solutions/ this package is only used by the commented-out stub lines
// that the course tool turns into code (see docs/course-markers.md).
package todo

import (
	"errors"
	"fmt"
)

// ErrTODO is wrapped by every error that [New] returns, so
// errors.Is(err, todo.ErrTODO) reports whether err comes from an unfinished
// part of the stack.
var ErrTODO = errors.New("not implemented yet")

// Error is the error a TODO stub returns. It names the day and the TODO.
type Error struct {
	Day int    // the course day, 1 to 6
	ID  string // the TODO's name, also its anchor in the day's lesson
}

// New returns the error for the TODO id of the given day.
func New(day int, id string) error {
	return &Error{Day: day, ID: id}
}

// Lesson returns the path of the lesson that explains the TODO, with the
// TODO's anchor, for example "docs/day1-device.md#loopback-transmit".
func (e *Error) Lesson() string {
	return Lesson(e.Day) + "#" + e.ID
}

func (e *Error) Error() string {
	return fmt.Sprintf("TODO(day%d): %s is not implemented yet — see %s", e.Day, e.ID, e.Lesson())
}

// Unwrap makes errors.Is(err, ErrTODO) true.
func (e *Error) Unwrap() error { return ErrTODO }

// Lesson returns the path of a day's lesson, relative to the repository
// root, or "docs/README.md" for a day the course does not have.
func Lesson(day int) string {
	switch day {
	case 1:
		return "docs/day1-device.md"
	case 2:
		return "docs/day2-ip-icmp.md"
	case 3:
		return "docs/day3-ethernet-arp.md"
	case 4:
		return "docs/day4-routing-udp.md"
	case 5:
		return "docs/day5-tcp.md"
	case 6:
		return "docs/day6-teardown-dhcp.md"
	}
	return "docs/README.md"
}

// TB is the part of testing.TB that [Covers] needs. The todo package is part
// of the stack, so it does not import package testing.
type TB interface {
	Helper()
	Cleanup(func())
	Failed() bool
	Logf(format string, args ...any)
}

// Covers tells a test which TODOs of the given day it checks. When the test
// fails, it says so, naming each TODO and its lesson: a learner whose code
// runs without hitting a stub, but does the wrong thing, still learns where
// to look. Call it at the top of a test:
//
//	todo.Covers(t, 2, "icmp-echo-reply")
//
// The course tool relies on it too: a common mistake (docs/course-markers.md)
// counts as caught only when a failing test's output names the mistake's TODO.
func Covers(t TB, day int, ids ...string) {
	t.Helper()
	t.Cleanup(func() {
		if !t.Failed() {
			return
		}
		for _, id := range ids {
			e := &Error{Day: day, ID: id}
			t.Logf("This test checks TODO(day%d) %s — see %s", day, id, e.Lesson())
		}
	})
}
