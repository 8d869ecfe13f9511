// Generated from solutions/stack/protocol.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/stack/protocol.go instead and regenerate; `course check` fails when the two drift.

package stack

import (
	"fmt"
	"sync"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/logging"
)

// A Handler is a protocol's input routine: the soft interrupt calls it with
// each frame of the protocol's type, and the device it came in on. It
// returns an error, with the reason, for a frame it drops; the stack counts
// and logs it. The handler borrows data until it returns: what it keeps
// longer, it copies (from Day 6 on, the driver writes later frames into
// the same memory once the handler is done).
type Handler func(dev *Device, data []byte) error

// protocol is one registered protocol and its input queue.
type protocol struct {
	typ     ProtocolType
	handler Handler
	queue   *queue
}

// RegisterProtocol makes h the input routine for frames of type typ. Each
// type has one handler: registering a type twice fails with
// [ErrDuplicateProtocol].
func (s *Stack) RegisterProtocol(typ ProtocolType, h Handler) error {
	if h == nil {
		return fmt.Errorf("register protocol %s: %w", typ, ErrNoHandler)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed.Load() {
		return ErrClosed
	}
	return s.Report(s.registerProtocol(typ, h))
}

// registerProtocol adds the protocol with an empty queue; s.mu is held.
func (s *Stack) registerProtocol(typ ProtocolType, h Handler) error {
	for _, p := range s.protocols {
		if p.typ == typ {
			return fmt.Errorf("register protocol %s: %w", typ, ErrDuplicateProtocol)
		}
	}
	s.protocols = append(s.protocols, &protocol{typ: typ, handler: h, queue: newQueue(s.queueLen)})
	s.log.Infof(logging.Stack, "registered protocol %s", typ)
	return nil
}

// protocol returns the protocol registered for typ, or nil.
func (s *Stack) protocol(typ ProtocolType) *protocol {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, p := range s.protocols {
		if p.typ == typ {
			return p
		}
	}
	return nil
}

// protocolList returns the registered protocols in registration order.
//
// The softirq calls it for every batch of input, so it does not copy the
// list: protocols are only ever added, never removed or moved, so the list
// as it is now, cut at its length, stays valid while registerProtocol
// appends to it (the append writes past that length, or into a new array).
// The caller must not change the slice.
func (s *Stack) protocolList() []*protocol {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.protocols[:len(s.protocols):len(s.protocols)]
}

// entry is one queued frame.
type entry struct {
	dev  *Device
	data []byte
	meta FrameMeta // what the driver knows of it; its block is held while queued and handled (block.go)
}

// queue is a bounded first-in first-out queue of frames, safe for one
// producer (the interrupt goroutine) and one consumer (the softirq).
//
// It is a ring: entries go in at the tail and come out at the head, which
// goes round the slice, so no entry is moved and nothing is allocated once
// the ring has grown to the largest backlog seen (doubling, up to limit).
type queue struct {
	mu      sync.Mutex
	ring    []entry // ring[head], ring[head+1] … (modulo len(ring)) are queued
	head    int     // the oldest entry
	n       int     // how many entries are queued
	limit   int
	handled *FrameBlock // the block of the entry popped last, released at the next pop
}

func newQueue(limit int) *queue { return &queue{limit: limit} }

// push appends e and reports whether there was room.
func (q *queue) push(e entry) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.n >= q.limit {
		return false
	}
	if q.n == len(q.ring) {
		q.grow()
	}
	if e.dev != nil {
		e.meta = e.dev.TakeInputMeta() // its block released once the handler is done with the frame
	}
	q.ring[(q.head+q.n)%len(q.ring)] = e
	q.n++
	return true
}

// grow doubles the ring (up to limit), the queued entries first in order.
func (q *queue) grow() {
	ring := make([]entry, min(max(2*len(q.ring), 16), q.limit))
	for i := range q.n {
		ring[i] = q.ring[(q.head+i)%len(q.ring)]
	}
	q.ring, q.head = ring, 0
}

// len returns how many entries wait in the queue.
func (q *queue) len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.n
}

// pop removes the oldest entry and reports whether there was one.
func (q *queue) pop() (entry, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	// The soft interrupt pops the next entry only after the handler of
	// the last one returned: that frame's memory may be used again.
	if q.handled != nil {
		q.handled.Release()
		q.handled = nil
	}
	if q.n == 0 {
		return entry{}, false
	}
	e := q.ring[q.head]
	q.ring[q.head] = entry{} // the queue no longer keeps the frame
	q.handled = e.meta.Block
	if e.dev != nil {
		e.dev.handlingChecksum.Store(uint32(e.meta.Checksum)) // for the handler, next
	}
	q.head = (q.head + 1) % len(q.ring)
	q.n--
	return e, true
}
