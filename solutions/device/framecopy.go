//camp:file 3

package device

// copyBlockLen is the size of the blocks a [frameCopier] carves frames out
// of: 64 KiB holds 43 full-size Ethernet frames.
const copyBlockLen = 64 << 10

// copyAloneLen is the length from which a frame is copied into memory of
// its own rather than into a block: a 64 KiB frame from a TAP with offloads
// would leave most of a block unused.
const copyAloneLen = copyBlockLen / 16

// A frameCopier copies received frames into memory the stack may keep: a
// wire's own buffer is used again for the next frame (a TAP reads every
// frame into the same buffer; the sender of a frame on a [Link] reuses its
// buffer once WriteFrame returns).
//
// One allocation per frame would cost as much as the rest of the receive
// path, so the copier carves frames out of 64 KiB blocks, one after the
// other, and takes a new block when the current one is full, as Linux's
// page_frag allocator carves packet buffers out of pages. Each frame is
// capped at its own length (block[off:off+n:off+n]): appending to it
// copies, and never writes over the next frame.
//
// The price: a frame keeps its whole block alive. Go's garbage collector
// frees a block only when no frame carved out of it is referenced, so one
// small frame kept for a long time holds 64 KiB. That is acceptable here
// because nothing above the device keeps a received frame for long: a
// frame waits in the device's ring and a protocol's input queue (both
// bounded), and every layer that keeps data longer keeps a copy of it —
// TCP copies the payload into its receive buffer (and out-of-order data
// into blocks of its own), UDP queues a copy of each datagram for its
// socket, IP reassembly copies each fragment's payload, and ARP queues
// copies of the datagrams waiting for an address. A new consumer that
// keeps frames must copy what it keeps, too; from Day 6 on it has no
// choice, as a block is used again once its frames are done (Day 6's
// recycle.go), and a frame kept would be written over.
//
// A frameCopier is not safe for concurrent use: a [Link] uses its own under
// its lock, a TAP's reader goroutine its own.
type frameCopier struct {
	free []byte // the unused end of the current block
	//camp:from 6
	block  *recycledBlock      // the block free is the end of, when the copier recycles (recycle.go)
	unused int32               // holds on block taken in advance and not yet handed to a frame
	spare  chan *recycledBlock // blocks whose frames are all done, to be carved again
	size   int                 // the size of the blocks it takes: the largest asked for yet (nextBlock)
	//camp:end
}

// copy returns a copy of the frame head+rest (head may be empty) that the
// receiver may keep: the pieces of a frame given in two (PartsWriter) are
// joined by this copy, which the frame needs anyway.
func (c *frameCopier) copy(head, rest []byte) []byte {
	n := len(head) + len(rest)
	var b []byte
	switch {
	case n >= copyAloneLen:
		b = make([]byte, n)
	case n > len(c.free):
		c.free = make([]byte, copyBlockLen) // the old block is the GC's once its frames are
		fallthrough
	default:
		b = c.free[:n:n]
		c.free = c.free[n:]
	}
	copy(b[copy(b, head):], rest)
	return b
}

// room returns the free end of the current block, n bytes long, taking a
// new block if the current one has less left: a TAP reads its next frame
// straight into it, and keeps what it read with take. The frame is then
// never copied at all, as a network card writes a packet by DMA into a
// buffer the driver gave it in advance.
func (c *frameCopier) room(n int) []byte {
	if len(c.free) < n {
		//camp:from 6
		if c.spare != nil {
			c.nextBlock(max(copyBlockLen, 4*n))
			return c.free[:n]
		}
		//camp:end
		c.free = make([]byte, max(copyBlockLen, 4*n))
	}
	return c.free[:n]
}

// take keeps the first n bytes of the room as a frame of its own.
func (c *frameCopier) take(n int) []byte {
	b := c.free[:n:n]
	c.free = c.free[n:]
	return b
}
