// Generated from solutions/tcp/buffers.go by "go run ./tools/course gen".
// Learners: this is your copy for day 5 — write its TODOs here. Course authors: edit
// solutions/tcp/buffers.go instead and regenerate; `course check` fails when the two drift.

package tcp

import "sync"

// The buffers' memory.
//
// The send buffer, sndBuf, holds the bytes from SND.UNA on: Write appends at its end, ACKs
// free its front. Both ends move forward, so the buffer slides along an
// array (sndMem) and, when its end reaches the array's end, the data still
// held moves back to the array's start. A move costs a copy of what is
// held, so it is made only once the freed front is at least that large:
// then every byte written is moved at most once more, however the writes
// and ACKs interleave. Otherwise the array is replaced by one twice the
// size needed.
//
// A connection that has sent everything gives its array back (releaseSend):
// a thousand idle connections must not hold a megabyte each. Arrays over
// 64 KiB come from per-size pools on the layer, so a connection that
// empties its buffer and fills it again, as a bulk sender does all the
// time, takes back an array instead of allocating one (what Linux's skb
// allocator does for its socket buffers).
//
// The receive buffer, rcvBuf, is the same kind of queue: segments append
// at its end (text, in input.go), Read takes from its front, and it
// slides back along its array (rcvMem) by the same rule (readDone). A
// connection keeps its receive array until it ends: a reader that keeps
// up empties the buffer after nearly every segment, and giving the array
// back each time would cost an allocation per segment. (Linux would take
// memory back from idle connections under pressure, tcp_mem; this stack
// keeps no such account.)

// smallSend is the largest array a connection keeps while it has nothing
// to send, and allocates itself.
const smallSend = 64 << 10

// bulkRecv is the receive array's size past which its connection is
// taken for a bulk receiver, and given an array of 2 × RcvBufSize, the
// size append never finds full: readDone slides the data back to the
// start whenever what was read in front is at least what is left, so the
// data never starts further in than RcvBufSize, and the window keeps it
// under RcvBufSize bytes long. Growing by halves instead would copy the
// buffer again at every step, and leave garbage behind each time.
const bulkRecv = 64 << 10

// sendPools holds the send arrays larger than smallSend, one pool per
// power of two from 128 KiB (2 × smallSend) to 2 × SndBufSize.
type sendPools struct {
	pools [8]sync.Pool // of *[]byte; 8 classes reach 16 MiB
}

// get returns an empty array of size bytes at least, size a power of two
// from 2 × smallSend on. Pool k holds arrays of 2 × smallSend << k bytes
// or more (put), so pool k serves every size up to that.
func (p *sendPools) get(size int) []byte {
	k := 0
	for s := 2 * smallSend; s < size; s *= 2 {
		k++
	}
	if b, ok := p.pools[k].Get().(*[]byte); ok {
		return (*b)[:0]
	}
	return make([]byte, 0, size)
}

// put gives b back to the pool of the largest class it holds; an array
// under 2 × smallSend is left to the garbage collector.
func (p *sendPools) put(b []byte) {
	if cap(b) < 2*smallSend {
		return
	}
	k := 0
	for s := 4 * smallSend; s <= cap(b) && k < len(p.pools)-1; s *= 2 {
		k++
	}
	b = b[:0]
	p.pools[k].Put(&b)
}

// sameArray reports whether a and b are slices of one array, ending at its
// end as every slice here does: then their last elements are one.
func sameArray(a, b []byte) bool {
	return cap(a) > 0 && cap(b) > 0 && &a[:cap(a)][cap(a)-1] == &b[:cap(b)][cap(b)-1]
}

// readDone takes the n bytes Read copied out off the front of the receive
// buffer. c.mu is held.
func (c *conn) readDone(n int) {
	if !sameArray(c.rcvBuf, c.rcvMem) {
		// append found no room and moved the data to a new array, which
		// starts with it: nothing was read since.
		c.rcvMem = c.rcvBuf
		if cap(c.rcvMem) > bulkRecv && cap(c.rcvMem) < 2*RcvBufSize {
			// A bulk receiver: an array of twice the buffer, once, is
			// one that append never finds full again.
			mem := make([]byte, len(c.rcvBuf), 2*RcvBufSize)
			copy(mem, c.rcvBuf)
			c.rcvBuf, c.rcvMem = mem, mem
		}
	}
	c.rcvBuf = c.rcvBuf[n:]
	if freed := cap(c.rcvMem) - cap(c.rcvBuf); freed >= len(c.rcvBuf) {
		c.rcvBuf = append(c.rcvMem[:0], c.rcvBuf...) // no more to move than was freed
	}
}

// appendSend appends p to the send buffer (see above). c.mu is held.
func (c *conn) appendSend(p []byte) {
	need := len(c.sndBuf) + len(p)
	if need > cap(c.sndBuf) {
		freed := cap(c.sndMem) - cap(c.sndBuf) // bytes before SND.UNA's
		switch {
		case need <= cap(c.sndMem) && freed >= len(c.sndBuf):
			c.sndBuf = append(c.sndMem[:0], c.sndBuf...)
		case 2*need <= smallSend:
			// Small enough to keep while idle (releaseSend): not from the pools.
			c.sndMem = append(make([]byte, 0, 2*need), c.sndBuf...)
			c.sndBuf = c.sndMem
		default:
			size := 2 * smallSend
			for size < 2*need {
				size *= 2
			}
			mem := append(c.l.sendPools.get(size), c.sndBuf...)
			c.l.sendPools.put(c.sndMem)
			c.sndBuf, c.sndMem = mem, mem
		}
	}
	c.sndBuf = append(c.sndBuf, p...)
}

// releaseSend empties the send buffer, giving back a large array.
func (c *conn) releaseSend() {
	if cap(c.sndMem) > smallSend {
		c.l.sendPools.put(c.sndMem)
		c.sndBuf, c.sndMem = nil, nil
		return
	}
	c.sndBuf = c.sndMem[:0]
}
