// Generated from solutions/stack/timer.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/stack/timer.go instead and regenerate; `course check` fails when the two drift.

package stack

import (
	"sync"
	"time"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/logging"
)

// A Timer runs a function of a protocol once, some time from now: ARP
// retransmits a request and forgets old entries, TCP retransmits segments,
// DHCP renews its lease.
//
// As in a kernel, a timer's function does not run on a goroutine of its
// own: when the timer expires it is queued and the soft interrupt raised,
// and the softirq goroutine runs it between two input frames. So a timer
// function never runs at the same time as a protocol's input routine, and
// when the stack is closed no timer function runs any more.
//
// Timers read time with the stack's clock: in a testing/synctest bubble,
// a 30-second ARP expiry takes no real time at all.
type Timer struct {
	s    *Stack
	name string
	f    func()

	mu    sync.Mutex
	t     *time.Timer // made by the first Reset, reset by the next ones
	when  time.Time   // when the current arming expires
	armed uint64      // generation of the current arming; 0 when stopped
	gen   uint64      // counts armings, so that a late expiry of an old one is ignored
}

// expiry is one expired arming of a timer, waiting for the softirq.
type expiry struct {
	t   *Timer
	gen uint64
}

// NewTimer returns a stopped timer that runs f when it expires. name is for
// the logs ("arp expiry", "tcp rto" …).
func (s *Stack) NewTimer(name string, f func()) *Timer {
	return &Timer{s: s, name: name, f: f}
}

// AfterFunc returns a timer that runs f once, d from now.
func (s *Stack) AfterFunc(name string, d time.Duration, f func()) *Timer {
	t := s.NewTimer(name, f)
	t.Reset(d)
	return t
}

// Reset (re)arms the timer to expire d from now, cancelling an earlier
// arming that has not run yet.
//
// TCP re-arms its retransmission timer at every ACK, so Reset makes one
// Go timer, the first time, and moves it from then on, instead of making a
// new one each time.
func (t *Timer) Reset(d time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.gen++
	t.armed = t.gen
	t.when = t.s.Now().Add(d)
	if t.t == nil {
		t.t = time.AfterFunc(d, t.fire)
	} else {
		t.t.Reset(d)
	}
}

// fire runs on the Go runtime's timer goroutine when the Go timer goes off,
// and queues the current arming for the softirq. The Go timer may have been
// moved, by a Reset, just as it went off for an earlier arming: fire then
// finds that the current arming is not due yet, and leaves it to the
// timer's next going off.
func (t *Timer) fire() {
	t.mu.Lock()
	gen := t.armed
	due := gen != 0 && !t.s.Now().Before(t.when)
	t.mu.Unlock()
	if due {
		t.s.expire(expiry{t: t, gen: gen})
	}
}

// Stop cancels the timer. It reports whether it was armed; after Stop
// returns, f does not run for an earlier arming.
func (t *Timer) Stop() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	was := t.armed != 0
	t.armed = 0
	if t.t != nil {
		t.t.Stop()
	}
	return was
}

// Armed reports whether the timer will run.
func (t *Timer) Armed() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.armed != 0
}

// expire queues an expired timer for the softirq; it runs on the Go
// runtime's timer goroutine and must not block.
func (s *Stack) expire(e expiry) {
	s.timerMu.Lock()
	s.expired = append(s.expired, e)
	s.timerMu.Unlock()
	s.raiseSoftIRQ()
}

// runTimers runs the functions of the timers that expired; the softirq
// goroutine calls it.
func (s *Stack) runTimers() {
	s.timerMu.Lock()
	due := s.expired
	s.expired = nil
	s.timerMu.Unlock()
	for _, e := range due {
		e.t.mu.Lock()
		current := e.t.armed == e.gen
		if current {
			e.t.armed = 0
		}
		e.t.mu.Unlock()
		if !current {
			continue // stopped or re-armed since
		}
		s.log.Debugf(logging.Stack, "timer: %s expired", e.t.name)
		e.t.f()
	}
}
