// Generated from solutions/stack/block.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/stack/block.go instead and regenerate; `course check` fails when the two drift.

package stack

import "sync/atomic"

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
// Every Hold is paired with one Release:
//   - the driver holds the block once while it writes into it, and once
//     for each frame carved out of it until its interrupt handler has
//     passed the frame to [Stack.Input];
//   - [Stack.Input] holds it for a frame it queues, and the soft interrupt
//     releases it when the protocol's handler has returned.
//
// A frame the stack drops before queuing it, or that a wire hands to
// something other than the stack (a test's capture), is simply never held
// by the stack: its block is then used again only after the driver's own
// holds are gone, or, if the driver never gets them back, collected.
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

// Release counts one user fewer; the last one hands the block back.
func (b *FrameBlock) Release() {
	switch n := b.refs.Add(-1); {
	case n == 0:
		b.empty()
	case n < 0:
		panic("stack: FrameBlock released more often than held")
	}
}

// SetInputBlock tells the stack which block the frames the device's
// interrupt handler passes to [Stack.Input] from now on were carved out of
// (nil: memory of their own, which the garbage collector frees). The
// driver sets it before handing a frame to Input and clears it after, on
// the goroutine that runs its interrupt handler. A frame someone else
// passes to Input at the same moment is counted against the block too,
// which only keeps the block from its free list a little longer.
func (d *Device) SetInputBlock(b *FrameBlock) { d.inputBlock.Store(b) }
