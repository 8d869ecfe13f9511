//camp:file 3

package device

import (
	"errors"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-tcpip-camp/camp/solutions/stack"
)

// ErrWireClosed is returned when writing to a wire that is closed.
var ErrWireClosed = errors.New("device: wire is closed")

// A Link is an in-memory Ethernet segment: every frame written to one of
// its ports is delivered to every other open port, in order, like a hub.
// Stacks joined by a Link talk to each other on any operating system,
// without root; it is what most tests and the demo use.
//
// Delivery never blocks the sender: the frame goes straight into each
// receiving device's ring, which drops and counts what does not fit.
//
// A Link can also be faulty, deterministically: with [Faults] it drops,
// duplicates, reorders and corrupts frames at given rates, drawing from a
// random source seeded by Faults.Seed, so a failing test fails the same way
// every time.
type Link struct {
	mu     sync.Mutex
	ports  []*linkPort
	faults Faults
	rng    *rand.Rand
	held   []byte      // a frame held back to be delivered after the next (reordering)
	from   *linkPort   // the port that sent held
	flush  *time.Timer // delivers held if no next frame comes soon
	copier frameCopier // the receiving ports' copies of each frame
	//camp:from 6
	recycler frameCopier // the copies for ports that release their frames (OpenMeta)
	offload  bool        // large TCP segments cross whole, checksums left partial (linkoffload.go)
	//camp:end
	stats linkCounters
}

// Faults are the rates, from 0 to 1, at which a faulty Link misbehaves.
type Faults struct {
	Seed      uint64  // seeds the random choices: same seed, same faults
	Drop      float64 // frames lost
	Duplicate float64 // frames delivered twice
	Reorder   float64 // frames delivered after the frame that follows them
	Corrupt   float64 // frames with one byte changed
}

// LinkStats count what a Link did.
type LinkStats struct {
	Frames, Dropped, Duplicated, Reordered, Corrupted uint64
}

type linkCounters struct {
	frames, dropped, duplicated, reordered, corrupted atomic.Uint64
}

// ReorderDelay is how long a faulty link holds a frame back at most when
// no later frame comes to overtake it.
const ReorderDelay = time.Millisecond

// NewLink returns a perfect link.
func NewLink() *Link { return NewFaultyLink(Faults{}) }

// NewFaultyLink returns a link that misbehaves as f says.
func NewFaultyLink(f Faults) *Link {
	l := &Link{faults: f, rng: rand.New(rand.NewPCG(f.Seed, f.Seed^0x9e3779b97f4a7c15))}
	//camp:from 6
	l.recycler.recycle()
	//camp:end
	return l
}

// NewPort returns a new port of the link, a Wire for [NewEthernet].
func (l *Link) NewPort() Wire {
	p := &linkPort{link: l}
	l.mu.Lock()
	l.ports = append(l.ports, p)
	l.mu.Unlock()
	return p
}

// Stats returns a snapshot of the link's counters.
func (l *Link) Stats() LinkStats {
	c := &l.stats
	return LinkStats{Frames: c.frames.Load(), Dropped: c.dropped.Load(), Duplicated: c.duplicated.Load(),
		Reordered: c.reordered.Load(), Corrupted: c.corrupted.Load()}
}

// send carries one frame, head+rest (head may be empty), from port from,
// applying the faults. The frame is the sender's: it is copied for each
// receiving port, and before a fault changes it or holds it back.
func (l *Link) send(from *linkPort, head, rest []byte) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if from.rx == nil {
		return ErrWireClosed
	}
	l.stats.frames.Add(1)
	f := l.faults
	if f.Drop > 0 && l.rng.Float64() < f.Drop {
		l.stats.dropped.Add(1)
		return nil
	}
	if f.Corrupt > 0 && l.rng.Float64() < f.Corrupt && len(head)+len(rest) > 0 {
		l.stats.corrupted.Add(1)
		frame := append(append([]byte(nil), head...), rest...)
		head, rest = nil, frame
		frame[l.rng.IntN(len(frame))] ^= byte(1 + l.rng.IntN(255))
	}
	if f.Reorder > 0 && l.held == nil && l.rng.Float64() < f.Reorder {
		l.stats.reordered.Add(1)
		l.held, l.from = append(append([]byte(nil), head...), rest...), from
		l.flush = time.AfterFunc(ReorderDelay, l.flushHeld)
		return nil
	}
	copies := 1
	if f.Duplicate > 0 && l.rng.Float64() < f.Duplicate {
		l.stats.duplicated.Add(1)
		copies = 2
	}
	for range copies {
		l.deliver(from, head, rest)
	}
	if l.held != nil {
		l.flush.Stop()
		l.deliver(l.from, nil, l.held)
		l.held, l.from = nil, nil
	}
	return nil
}

// flushHeld delivers a frame held back for reordering that no later frame
// overtook.
func (l *Link) flushHeld() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.held != nil {
		l.deliver(l.from, nil, l.held)
		l.held, l.from = nil, nil
	}
}

// deliver hands a copy of frame to every open port but from; l.mu is held.
// Each port gets a copy of its own: its stack keeps the frame, and may
// change it.
func (l *Link) deliver(from *linkPort, head, rest []byte) {
	for _, p := range l.ports {
		if p == from {
			continue
		}
		//camp:from 6
		if l.offload && len(head)+len(rest) > maxFrameLen {
			p.receiveLarge(&l.recycler, head, rest) // linkoffload.go
			continue
		}
		if p.receiveRecycled(&l.recycler, head, rest) {
			continue
		}
		//camp:end
		p.receive(l.copier.copy(head, rest))
	}
}

// linkPort is one port of a Link. Its receiver is guarded by the Link's
// lock, which every delivery holds: once Close returns, no frame arrives.
type linkPort struct {
	link *Link
	rx   func([]byte) // nil while closed
	//camp:from 6
	rxMeta func([]byte, stack.FrameMeta) // set instead of rx by OpenMeta
	//camp:end
}

func (p *linkPort) Open(rx func([]byte)) error {
	p.link.mu.Lock()
	p.rx = rx
	p.link.mu.Unlock()
	return nil
}

func (p *linkPort) Close() error {
	p.link.mu.Lock()
	p.rx = nil
	//camp:from 6
	p.rxMeta = nil
	//camp:end
	p.link.mu.Unlock()
	return nil
}

// receive passes frame to the port's receiver, if the port is open; the
// Link's lock is held.
func (p *linkPort) receive(frame []byte) {
	if p.rx != nil {
		p.rx(frame)
	}
}

// WriteFrame sends frame to the other ports; they receive copies of it.
func (p *linkPort) WriteFrame(frame []byte) error {
	return p.link.send(p, nil, frame)
}

//camp:from 6

// WriteFrameParts sends the frame head+payload to the other ports, joined
// in the copy each receives (PartsWriter).
func (p *linkPort) WriteFrameParts(head, payload []byte) error {
	return p.link.send(p, head, payload)
}

//camp:end

//camp:from 6

// OpenMeta is Open for a receiver that releases each frame's block once
// the frame is done (MetaWire): the Link carves those frames out of blocks
// it uses again (recycle.go), and on an offload Link says which checksums
// are partial (linkoffload.go).
func (p *linkPort) OpenMeta(rx func([]byte, stack.FrameMeta)) error {
	p.link.mu.Lock()
	p.rx = func(f []byte) { rx(f, stack.FrameMeta{}) } // what send checks
	p.rxMeta = rx
	p.link.mu.Unlock()
	return nil
}

// receiveRecycled hands a port opened with OpenMeta a copy of the frame
// carved out of one of c's recycled blocks, and reports whether the port
// was opened so; the Link's lock is held.
func (p *linkPort) receiveRecycled(c *frameCopier, head, rest []byte) bool {
	if p.rxMeta == nil {
		return false
	}
	f, b := c.carve(head, rest)
	p.rxMeta(f, stack.FrameMeta{Block: b})
	return true
}

//camp:end
