// Generated from solutions/internal/camptest/metawire.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/internal/camptest/metawire.go instead and regenerate; `course check` fails when the two drift.

package camptest

import (
	"sync"
	"testing"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/stack"
)

// A MetaWire is the test's hand on a wire that says what it knows of each
// frame it delivers (a device.MetaWire), as a TAP with offloads does:
// Deliver hands the stack a frame together with a [stack.FrameMeta] (its
// checksum checked, say). It keeps every frame the stack sends.
type MetaWire struct {
	mu     sync.Mutex
	rx     func([]byte, stack.FrameMeta)
	frames [][]byte
}

// NewMetaWire returns a MetaWire for a stack's Ethernet device.
func NewMetaWire() *MetaWire { return &MetaWire{} }

// Open opens the wire for a receiver that wants the frames only.
func (w *MetaWire) Open(rx func([]byte)) error {
	return w.OpenMeta(func(f []byte, _ stack.FrameMeta) { rx(f) })
}

// OpenMeta opens the wire: Deliver calls rx.
func (w *MetaWire) OpenMeta(rx func([]byte, stack.FrameMeta)) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.rx = rx
	return nil
}

// WriteFrame keeps a copy of a frame the stack sends.
func (w *MetaWire) WriteFrame(frame []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.frames = append(w.frames, append([]byte(nil), frame...))
	return nil
}

// Close closes the wire: Deliver then fails the test.
func (w *MetaWire) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.rx = nil
	return nil
}

// Deliver hands the stack a copy of frame, with m.
func (w *MetaWire) Deliver(t testing.TB, frame []byte, m stack.FrameMeta) {
	t.Helper()
	w.mu.Lock()
	rx := w.rx
	w.mu.Unlock()
	if rx == nil {
		t.Fatal("MetaWire.Deliver: the stack has not opened the wire (or has closed it)")
	}
	rx(append([]byte(nil), frame...), m)
}

// Packets returns the frames the stack sent since the last call, oldest
// first, decoded by gopacket as Ethernet frames.
func (w *MetaWire) Packets() []gopacket.Packet {
	w.mu.Lock()
	frames := w.frames
	w.frames = nil
	w.mu.Unlock()
	var out []gopacket.Packet
	for _, f := range frames {
		out = append(out, gopacket.NewPacket(f, layers.LayerTypeEthernet, gopacket.Default))
	}
	return out
}
