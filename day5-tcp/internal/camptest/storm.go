// Generated from solutions/internal/camptest/storm.go by "go run ./tools/course gen".
// Learners: this is your copy for day 5 — write its TODOs here. Course authors: edit
// solutions/internal/camptest/storm.go instead and regenerate; `course check` fails when the two drift.

package camptest

import (
	"fmt"
	"hash/fnv"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/go-tcpip-camp/camp/day5-tcp/stack"
)

// StormRepeats is how many times one frame may pass a guarded device or
// wire at one instant of a testing/synctest bubble's clock before the test
// calls it a storm. Inside a bubble the clock stands still while any
// goroutine can run, so two stacks that answer each other for ever (an
// echo reply sent as an echo request, an ARP request answered by a
// request, a segment retransmitted with a zero timeout) keep the clock
// still and would hang the test until go test's 10-minute timeout.
//
// A storm repeats itself: the same frame (its IPv4 Identification and
// header checksum aside), again and again. A bulk transfer sends tens of
// thousands of frames at one instant too, but all different; the most
// alike a working stack sends are duplicate ACKs, one per segment in
// flight, a few hundred.
//
// Outside a bubble the clock moves between any two frames, and the guard
// never trips: real-time tests bound themselves with deadlines.
const StormRepeats = 2000

// A stormGuard counts the frames of one instant and fails the test, once,
// when one of them passed more than StormRepeats times; it drops that
// frame from then on, which breaks the loop and lets the bubble's clock
// move again.
type stormGuard struct {
	t     testing.TB
	where string // "the loopback", "an Ethernet link"...
	ipAt  int    // where the IPv4 header starts in a frame: 0, or 14 after Ethernet's

	mu         sync.Mutex
	at         time.Time         // the instant being counted
	seen       map[uint64]uint32 // how often each frame passed at that instant
	tripped    bool
	tcpOptions TCPOptionRules // every segment's options where RFCs allow them (tcpwire.go)
}

// allow reports whether one more frame may pass.
func (g *stormGuard) allow(frame []byte) bool {
	g.checkTCPOptions(frame)
	g.mu.Lock()
	defer g.mu.Unlock()
	if now := time.Now(); !now.Equal(g.at) || g.seen == nil {
		g.at, g.seen = now, make(map[uint64]uint32)
	}
	k := g.key(frame)
	g.seen[k]++
	if g.seen[k] <= StormRepeats {
		return true
	}
	if !g.tripped {
		g.tripped = true
		g.t.Errorf("storm: the same frame went on %s more than %d times without the clock moving — the stacks keep answering each other, for ever.\n"+
			"Look for a reply that is itself a request (an ICMP echo reply that keeps type 8, an ARP reply that keeps operation 1),\n"+
			"an answer to something that must not be answered, or a retransmission that does not wait. From now on the frame is dropped; it is:\n%s",
			g.where, StormRepeats, hexPrefix(frame, 64))
	}
	return false
}

// key hashes the first bytes of frame, where the headers are, leaving out
// the IPv4 Identification and header checksum, which change from one copy
// of a storm's frame to the next.
func (g *stormGuard) key(frame []byte) uint64 {
	const headers = 128
	b := make([]byte, min(len(frame), headers))
	copy(b, frame)
	if ip := g.ipAt; len(b) >= ip+ipv4HeaderLen && b[ip]>>4 == 4 && (ip == 0 || b[12] == 0x08 && b[13] == 0x00) {
		clear(b[ip+4 : ip+6])   // Identification
		clear(b[ip+10 : ip+12]) // Header Checksum
	}
	h := fnv.New64a()
	h.Write(b)
	return h.Sum64() ^ uint64(len(frame))
}

// ipv4HeaderLen is the length of an IPv4 header without options.
const ipv4HeaderLen = 20

// hexPrefix prints the first n bytes of b in hex, with the length.
func hexPrefix(b []byte, n int) string {
	if len(b) <= n {
		return fmt.Sprintf("    % x (%d bytes)", b, len(b))
	}
	return fmt.Sprintf("    % x … (%d bytes)", b[:n], len(b))
}

// NewLoopback registers on s a loopback device for t: like the course's
// device.NewLoopback, every frame the stack transmits on it comes back as
// input through its interrupt, but a storm (see StormRepeats) fails the
// test, saying so, instead of hanging it. Tests of the protocols above the
// device use it; the device's own tests use the real one.
func NewLoopback(t testing.TB, s *stack.Stack) *stack.Device {
	t.Helper()
	dev, err := s.RegisterDevice(stack.DeviceConfig{
		Type:   stack.DeviceLoopback,
		MTU:    65535,
		Flags:  stack.FlagLoopback,
		Driver: &guardedLoopback{guard: stormGuard{t: t, where: "the loopback"}},
	})
	if err != nil {
		t.Fatalf("registering a loopback device: %v", err)
	}
	return dev
}

// guardedLoopback is NewLoopback's driver.
type guardedLoopback struct {
	guard stormGuard
	mu    sync.Mutex
	ring  []Frame
}

func (*guardedLoopback) Open(*stack.Device) error { return nil }

func (l *guardedLoopback) Close(*stack.Device) error {
	l.mu.Lock()
	l.ring = nil
	l.mu.Unlock()
	return nil
}

func (l *guardedLoopback) Transmit(dev *stack.Device, typ stack.ProtocolType, data []byte, _ net.HardwareAddr) error {
	if !l.guard.allow(data) {
		return nil // dropped, as a switch drops a broadcast storm
	}
	l.mu.Lock()
	l.ring = append(l.ring, Frame{Type: typ, Data: append([]byte(nil), data...)})
	l.mu.Unlock()
	dev.RaiseIRQ()
	return nil
}

func (l *guardedLoopback) HandleIRQ(dev *stack.Device) error {
	l.mu.Lock()
	frames := l.ring
	l.ring = nil
	l.mu.Unlock()
	for _, f := range frames {
		if err := dev.Stack().Input(dev, f.Type, f.Data); err != nil {
			return err
		}
	}
	return nil
}
