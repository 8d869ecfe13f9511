package stack

import (
	"fmt"
	"sync"

	"github.com/go-tcpip-camp/camp/solutions/logging"
)

// A Handler is a protocol's input routine: the soft interrupt calls it with
// each frame of the protocol's type, and the device it came in on. It
// returns an error, with the reason, for a frame it drops; the stack counts
// and logs it. The handler owns data.
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
	if s.closed {
		return ErrClosed
	}
	return s.Report(s.registerProtocol(typ, h))
}

// registerProtocol adds the protocol with an empty queue; s.mu is held.
func (s *Stack) registerProtocol(typ ProtocolType, h Handler) error {
	//camp:todo 1.8 protocol-register: refuse a type that is already registered, else add it to s.protocols with an empty queue
	//camp:mistake 1.8 protocol-register-twice: a type already registered is added again, so its second handler never sees a frame and the mistake goes unnoticed
	for _, p := range s.protocols {
		if p.typ == typ {
			return fmt.Errorf("register protocol %s: %w", typ, ErrDuplicateProtocol)
		}
	}
	//camp:instead
	//camp:end
	s.protocols = append(s.protocols, &protocol{typ: typ, handler: h, queue: newQueue(s.queueLen)})
	s.log.Infof(logging.Stack, "registered protocol %s", typ)
	return nil
	//camp:stub
	// // Hint: newQueue(s.queueLen) makes a queue.
	// return todo.New(1, "protocol-register")
	//camp:end
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
func (s *Stack) protocolList() []*protocol {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]*protocol(nil), s.protocols...)
}

// entry is one queued frame.
type entry struct {
	dev  *Device
	data []byte
}

// queue is a bounded first-in first-out queue of frames, safe for one
// producer (the interrupt goroutine) and one consumer (the softirq).
type queue struct {
	mu      sync.Mutex
	entries []entry
	limit   int
}

func newQueue(limit int) *queue { return &queue{limit: limit} }

// push appends e and reports whether there was room.
func (q *queue) push(e entry) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.entries) >= q.limit {
		return false
	}
	q.entries = append(q.entries, e)
	return true
}

//camp:from 6

// len returns how many entries wait in the queue.
func (q *queue) len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.entries)
}

//camp:end

// pop removes the oldest entry and reports whether there was one.
func (q *queue) pop() (entry, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.entries) == 0 {
		return entry{}, false
	}
	e := q.entries[0]
	q.entries[0] = entry{}
	q.entries = q.entries[1:]
	return e, true
}
