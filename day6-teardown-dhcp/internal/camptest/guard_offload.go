// Generated from solutions/internal/camptest/guard_offload.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/internal/camptest/guard_offload.go instead and regenerate; `course check` fails when the two drift.

package camptest

import (
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/device"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/stack"
)

// The storm guard passes on what the wire it guards can do (Day 6), so
// that the stacks of the tests take the same paths as the demo's and the
// benchmarks': the Ethernet header and the datagram written as two pieces
// (device.PartsWriter), received frames carved out of blocks used again
// and handed over with what the wire knows of them (device.MetaWire), and
// whole TCP segments on a Link with offloads (GSOMaxSize).

// WriteFrameParts is WriteFrame for a frame given in two pieces.
func (w *guardedWire) WriteFrameParts(head, payload []byte) error {
	frame := append(append(make([]byte, 0, len(head)+len(payload)), head...), payload...)
	if !w.guard.allow(frame) {
		return nil // lost on the wire, as a switch drops a broadcast storm
	}
	if pw, ok := w.Wire.(device.PartsWriter); ok {
		return pw.WriteFrameParts(head, payload)
	}
	return w.Wire.WriteFrame(frame)
}

// OpenMeta opens the guarded wire for a receiver that takes each frame with
// what the wire knows of it, or nothing if it knows nothing.
func (w *guardedWire) OpenMeta(rx func([]byte, stack.FrameMeta)) error {
	if mw, ok := w.Wire.(device.MetaWire); ok {
		return mw.OpenMeta(rx)
	}
	return w.Wire.Open(func(f []byte) { rx(f, stack.FrameMeta{}) })
}

// GSOMaxSize is the guarded wire's, or 0: no segment larger than a frame.
func (w *guardedWire) GSOMaxSize() int {
	if g, ok := w.Wire.(interface{ GSOMaxSize() int }); ok {
		return g.GSOMaxSize()
	}
	return 0
}
