//camp:file 6

package stack

import (
	"fmt"
	"sync/atomic"
)

// A FrameBlock counts the frames carved out of one block of receive
// memory that the stack still holds, so that the driver can use the block
// again once none is left, instead of leaving it to the garbage collector
// and taking fresh memory. Linux frees each sk_buff when its last user
// lets go of it (kfree_skb), and the page allocator hands the page out
// again; here the count does that job for a whole block of frames.
//
// The rule that makes this safe is the one every layer of the stack keeps
// from Day 6 on: a protocol handler borrows the frame it is given until it
// returns, and copies whatever it keeps longer (TCP's receive buffer, UDP's
// queue, IP reassembly, ICMP's ping replies all hold copies). A handler
// that kept a slice of a recycled frame would later find other frames'
// bytes in it.
//
// Every hold is given back by one release:
//   - the driver holds the block once while it carves from it, and once
//     for each frame carved out of it (HoldN: the frames' holds may be
//     taken in advance and the unused ones given back together);
//   - a frame's hold goes with the frame: to the driver's ring, then to
//     the stack's input queue if [Stack.Input] queues it (SetInputMeta);
//     the soft interrupt releases it when the protocol's handler has
//     returned, the driver when the frame is dropped before that.
//
// A frame that a wire hands to something other than the stack (a test's
// capture) keeps its hold for as long as it lives: its block is then never
// used again, and the garbage collector frees it with the frame.
type FrameBlock struct {
	refs  atomic.Int32
	empty func() // called once the count falls to zero
}

// NewFrameBlock returns a block with no holds. empty is called, on
// whichever goroutine lets go last, each time the count falls to zero: the
// driver puts the block back on its free list there.
func NewFrameBlock(empty func()) *FrameBlock { return &FrameBlock{empty: empty} }

// Hold counts one more user of the block.
func (b *FrameBlock) Hold() { b.refs.Add(1) }

// HoldN counts n more users at once.
func (b *FrameBlock) HoldN(n int32) { b.refs.Add(n) }

// Release counts one user fewer; the last one hands the block back.
func (b *FrameBlock) Release() { b.ReleaseN(1) }

// ReleaseN counts n users fewer at once.
func (b *FrameBlock) ReleaseN(n int32) {
	switch n := b.refs.Add(-n); {
	case n == 0:
		b.empty()
	case n < 0:
		panic("stack: FrameBlock released more often than held")
	}
}

// FrameMeta is what a driver knows of a received frame besides its bytes.
// Linux keeps such facts in the frame's sk_buff; our frames are bare
// slices, so the driver hands them over beside the frame (SetInputMeta),
// the input queue keeps them with it, and the protocol handler finds them
// on the device (InputChecksum). The zero value is a frame the driver
// knows nothing of.
type FrameMeta struct {
	// Block is the recycled block the frame was carved out of, held for
	// it (nil: memory of its own, which the garbage collector frees).
	Block *FrameBlock
	// Checksum is what is known of the TCP or UDP checksum of the IPv4
	// datagram in the frame (Linux: skb->ip_summed).
	Checksum RxChecksum
}

// RxChecksum is what a driver knows of the transport checksum of a frame
// it received. Only a driver whose "hardware" checked the checksum, or
// knows it was never computed, says more than ChecksumNone: a TAP with
// virtio-net headers (device/tap_offload_linux.go), and only for a whole
// IPv4 datagram, never a fragment, whose TCP or UDP checksum field is
// where the transport protocol looks for it.
type RxChecksum uint32

const (
	// ChecksumNone: nothing is known; the transport protocol checks the
	// checksum itself. Every frame from the Link, a plain TAP, a capture.
	ChecksumNone RxChecksum = iota
	// ChecksumUnnecessary: the hardware has checked the checksum, and it
	// is right (Linux: CHECKSUM_UNNECESSARY).
	ChecksumUnnecessary
	// ChecksumPartial: the checksum was never computed, because the
	// datagram never crossed a wire (the kernel built it for us, in
	// memory): its field holds only the pseudo-header's sum. Its bytes
	// are as the sender wrote them, so the transport protocol takes it as
	// checked; whoever sends it on must finish the checksum first (Linux:
	// CHECKSUM_PARTIAL).
	ChecksumPartial
)

// String returns the name Linux gives the state, for logs and tests:
// "none", "unnecessary" or "partial".
func (c RxChecksum) String() string {
	switch c {
	case ChecksumNone:
		return "none"
	case ChecksumUnnecessary:
		return "unnecessary"
	case ChecksumPartial:
		return "partial"
	}
	return fmt.Sprintf("RxChecksum(%d)", uint32(c))
}

// SetInputMeta hands the stack what the driver knows of the next frame the
// device's interrupt handler passes to [Stack.Input], with the frame's hold
// of its block if m.Block is not nil. If Input queues the frame, the queue
// takes m over, to keep with the frame and to release the hold when the
// handler is done; [Device.TakeInputMeta] then returns the zero FrameMeta.
// Otherwise the driver gets m back from TakeInputMeta and releases the
// hold.
//
// Both are called by the driver's interrupt handler, on its goroutine,
// around its call of Input: the device has one frame in hand at a time.
func (d *Device) SetInputMeta(m FrameMeta) {
	d.inputBlock.Store(m.Block)
	d.inputChecksum.Store(uint32(m.Checksum))
}

// TakeInputMeta returns what SetInputMeta handed over if Input did not
// take it, and clears it.
func (d *Device) TakeInputMeta() FrameMeta {
	return FrameMeta{Block: d.inputBlock.Swap(nil), Checksum: RxChecksum(d.inputChecksum.Swap(0))}
}

// InputChecksum returns what the driver said of the TCP or UDP checksum of
// the frame a protocol handler is handling now, from this device
// ([FrameMeta]). The soft interrupt sets it as it takes each frame out of
// the input queue; it means nothing outside a handler's call.
func (d *Device) InputChecksum() RxChecksum { return RxChecksum(d.handlingChecksum.Load()) }
