// Generated from solutions/internal/camptest/storm.go by "go run ./tools/course gen".
// Learners: this is your copy — fill in its TODO(day3) parts. Course authors: edit
// solutions/internal/camptest/storm.go instead and regenerate; `course check` fails when the two drift.

package camptest

import (
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/go-tcpip-camp/camp/day3-ethernet-arp/stack"
)

// StormFrames is how many frames a guarded device or wire carries at one
// instant of a testing/synctest bubble's clock before the test calls it a
// storm. Inside a bubble the clock stands still while any goroutine can
// run, so two stacks that answer each other for ever (an echo reply sent
// as an echo request, an ARP request answered by a request) would keep
// the clock still and hang the test until go test's 10-minute timeout. A
// working stack sends a few frames per instant, a few thousand in a bulk
// transfer; a storm sends any number.
//
// Outside a bubble the clock moves between any two frames, and the guard
// never trips: real-time tests bound themselves with deadlines.
const StormFrames = 20000

// A stormGuard counts the frames of one instant and fails the test, once,
// when they are more than StormFrames; it drops the frames past the bound,
// which breaks the loop and lets the bubble's clock move again.
type stormGuard struct {
	t     testing.TB
	where string // "the loopback", "the link"...

	mu      sync.Mutex
	at      time.Time // the instant being counted
	n       int       // frames at that instant
	tripped bool
}

// allow reports whether one more frame may pass.
func (g *stormGuard) allow(frame []byte) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if now := time.Now(); !now.Equal(g.at) {
		g.at, g.n = now, 0
	}
	g.n++
	if g.n <= StormFrames {
		return true
	}
	if !g.tripped {
		g.tripped = true
		g.t.Errorf("storm: more than %d frames on %s without the clock moving — the stacks keep answering each other, for ever.\n"+
			"Look for a reply that is itself a request (an ICMP echo reply that keeps type 8, an ARP reply that keeps operation 1),\n"+
			"or an answer to something that must not be answered. The frames past the bound are dropped; the last one was:\n%s",
			StormFrames, g.where, hexPrefix(frame, 64))
	}
	return false
}

// hexPrefix prints the first n bytes of b in hex, with the length.
func hexPrefix(b []byte, n int) string {
	if len(b) <= n {
		return fmt.Sprintf("    % x (%d bytes)", b, len(b))
	}
	return fmt.Sprintf("    % x … (%d bytes)", b[:n], len(b))
}

// NewLoopback registers on s a loopback device for t: like the course's
// device.NewLoopback, every frame the stack transmits on it comes back as
// input through its interrupt, but a storm (see StormFrames) fails the
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
