// Generated from solutions/internal/ladder/recorder.go by "go run ./tools/course gen".
// Learners: this is your copy for day 5 — write its TODOs here. Course authors: edit
// solutions/internal/ladder/recorder.go instead and regenerate; `course check` fails when the two drift.

// Package ladder draws what two TCP endpoints exchanged as a ladder
// diagram in the terminal, the way RFC 9293 draws its examples (§3.5,
// Figures 6 to 13): one column per end, time going down, an arrow per
// segment labelled with its flags, SEQ, ACK, WND and LEN, and each end's
// state changes written in its column.
//
// The diagram is drawn from the stack's own trace (tcp.Options.Trace): a
// [Recorder] keeps the events of every connection of the stacks it is
// installed on, and [Render] draws one connection's.
package ladder

import (
	"net/netip"
	"sync"

	"github.com/go-tcpip-camp/camp/day5-tcp/tcp"
)

// An Event is a tcp.TraceEvent with the name of the stack that saw it.
type Event struct {
	tcp.TraceEvent
	Stack string // the name given to Recorder.Tracer; "" if none
	N     int    // the event's number in its recorder, from 0: see Recorder.Mark
}

// A Trace is what a Recorder kept of one connection.
type Trace struct {
	Events []Event
	// From is the number (Event.N) of the first event to draw: the events
	// before it are there for the ISNs and the states.
	From int
	// Skipped counts the segments left out between the first events (the
	// handshake, kept to know the ISNs) and the last ones.
	Skipped int
}

// Limits of what a Recorder keeps, so that a long transfer does not pile
// up in memory.
const (
	keepFirst = 16   // events at the start of each connection, always kept
	keepLast  = 1024 // the most recent events of each connection
	keepConns = 1024 // connections, the least recently active forgotten first
)

// A Recorder keeps the trace events of the stacks it is installed on (with
// Tracer), connection by connection. Install one Recorder on both stacks
// of a connection: it then knows whether each segment sent arrived, and
// draws one that did not as lost. It is safe for concurrent use.
type Recorder struct {
	mu     sync.Mutex
	n      int // events recorded so far
	conns  map[connKey]*connLog
	frozen bool
}

// connKey names a connection by its two ends, the smaller first.
type connKey struct{ a, b netip.AddrPort }

func keyOf(x, y netip.AddrPort) connKey {
	if y.Compare(x) < 0 {
		x, y = y, x
	}
	return connKey{x, y}
}

// connLog is what a Recorder keeps of one connection.
type connLog struct {
	first   []Event
	last    []Event // a ring of keepLast events once full
	next    int     // where the next event goes in last, once full
	skipped int     // segments that fell out of last
	traced  map[netip.AddrPort]bool
	latest  int // N of the connection's latest segment
}

// NewRecorder returns an empty recorder.
func NewRecorder() *Recorder {
	return &Recorder{conns: make(map[connKey]*connLog)}
}

// Tracer returns the function to set as tcp.Options.Trace of the stack
// named name ("alice"); the name heads that end's column.
func (r *Recorder) Tracer(name string) func(tcp.TraceEvent) {
	return func(e tcp.TraceEvent) { r.record(Event{TraceEvent: e, Stack: name}) }
}

// Freeze stops the recording: what happens after (a test's stacks closing,
// say) is not kept.
func (r *Recorder) Freeze() {
	r.mu.Lock()
	r.frozen = true
	r.mu.Unlock()
}

// Mark returns the number the next event will have: Conn(a, b, Mark())
// later returns only what happened after this call.
func (r *Recorder) Mark() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n
}

func (r *Recorder) record(e Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.frozen {
		return
	}
	e.N = r.n
	r.n++
	k := keyOf(e.Local, e.Remote)
	c := r.conns[k]
	if c == nil {
		if len(r.conns) >= keepConns {
			r.forgetOldest()
		}
		c = &connLog{traced: make(map[netip.AddrPort]bool)}
		r.conns[k] = c
	}
	c.traced[e.Local] = true
	if e.Kind != tcp.TraceState {
		c.latest = e.N
	}
	switch {
	case len(c.first) < keepFirst:
		c.first = append(c.first, e)
	case len(c.last) < keepLast:
		c.last = append(c.last, e)
	default:
		if c.isRow(c.last[c.next]) {
			c.skipped++
		}
		c.last[c.next] = e
		c.next = (c.next + 1) % keepLast
	}
}

// isRow reports whether e is a segment's row in a ladder: its sending,
// or its arrival from an end that is not traced.
func (c *connLog) isRow(e Event) bool {
	return e.Kind == tcp.TraceSend || (e.Kind == tcp.TraceReceive && !c.traced[e.Remote])
}

// forgetOldest drops the connection whose latest segment is the oldest;
// r.mu is held.
func (r *Recorder) forgetOldest() {
	var oldest connKey
	n := -1
	for k, c := range r.conns {
		if n < 0 || c.latest < n {
			oldest, n = k, c.latest
		}
	}
	delete(r.conns, oldest)
}

// trace returns what c kept, to be drawn from event number since on; r.mu
// is held.
func (c *connLog) trace(since int) Trace {
	t := Trace{From: since}
	if since <= 0 && c.skipped > 0 {
		// Events fell out between the first ones and the last: draw the
		// last only (the first still give the ISNs), and count the
		// segments of the first among those not shown.
		t.From = c.last[c.next].N
		t.Skipped = c.skipped
		for _, e := range c.first {
			if c.isRow(e) {
				t.Skipped++
			}
		}
	}
	t.Events = append(t.Events, c.first...)
	t.Events = append(t.Events, c.last[c.next:]...)
	t.Events = append(t.Events, c.last[:c.next]...)
	return t
}

// Conn returns the trace of the connection between a and b (in either
// order), from event number since on (0: all of it; or a Mark).
func (r *Recorder) Conn(a, b netip.AddrPort, since int) Trace {
	r.mu.Lock()
	defer r.mu.Unlock()
	if c := r.conns[keyOf(a, b)]; c != nil {
		return c.trace(since)
	}
	return Trace{}
}

// Latest returns the trace of the connection that sent or received a
// segment last, and how many connections the recorder knows.
func (r *Recorder) Latest() (Trace, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var last *connLog
	for _, c := range r.conns {
		if last == nil || c.latest > last.latest {
			last = c
		}
	}
	if last == nil {
		return Trace{}, 0
	}
	return last.trace(0), len(r.conns)
}
