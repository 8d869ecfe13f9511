// Generated from solutions/tcp/tcb.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/tcp/tcb.go instead and regenerate; `course check` fails when the two drift.

package tcp

import (
	"errors"
	"net/netip"
	"os"
	"sync"
	"syscall"
	"time"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/logging"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/seqnum"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/stack"
)

// Buffer sizes and limits of a connection.
const (
	// SndBufSize bounds the bytes a connection holds to send: written and
	// not yet acknowledged. A Write blocks while it is full, until ACKs
	// free room.
	SndBufSize = 1 << 20
	// RcvBufSize is the receive buffer: the most data received and not yet
	// read. Its free space is the window the connection advertises. The
	// window field has 16 bits, so without the window scale option (RFC
	// 7323) a window is at most 65535 bytes: one round trip carries at most
	// 64 KiB, whatever the link.
	// With the option (Day 6) the peer shifts our window field left by
	// rcvWindowShift, and the buffer is larger.
	RcvBufSize = 1 << 20
	// DefaultMSS is the peer's MSS when its SYN carries no MSS option
	// (RFC 9293 §3.7.1: 536 for IPv4).
	DefaultMSS = 536
	// MaxRetries bounds the retransmissions of one segment; one more and
	// the connection is aborted with ETIMEDOUT.
	MaxRetries = 8
	// MaxSynRetries bounds the retransmissions of a SYN.
	MaxSynRetries = 5
	// ChallengeACKInterval is the least time between two ACKs sent in
	// answer to segments the connection does not accept.
	ChallengeACKInterval = 500 * time.Millisecond
	// FinWait2Timeout bounds FIN-WAIT-2 for a connection the program has
	// closed: a peer that never sends its FIN does not keep it forever
	// (Linux's tcp_fin_timeout is 60 s too).
	FinWait2Timeout = 60 * time.Second
)

// rcvWindowShift is the window scale we offer in our SYN: the smallest
// shift that lets the window field say RcvBufSize (65535<<5 is 2 MiB).
const rcvWindowShift = 5

// The retransmission timeout's bounds and start (RFC 6298 §2).
const (
	InitialRTO = time.Second
	MinRTO     = time.Second
	MaxRTO     = 60 * time.Second
)

// Errors a connection reports, as the kernel's sockets do.
var (
	errReset       = os.NewSyscallError("read", syscall.ECONNRESET)
	errRefused     = os.NewSyscallError("connect", syscall.ECONNREFUSED)
	errTimedOut    = os.NewSyscallError("read", syscall.ETIMEDOUT)
	errStackClosed = errors.New("tcp: the stack was closed")
)

// segment is a received segment with the addresses of its datagram.
type segment struct {
	Header
	payload  []byte
	src, dst netip.Addr
	sack     []SACKBlock // the SACK option's blocks (ParseSACK), if any
}

// seqLen is SEG.LEN: the sequence numbers the segment occupies, its data
// and one each for SYN and FIN.
func (s segment) seqLen() uint32 {
	n := uint32(len(s.payload))
	if s.Flags&FlagSYN != 0 {
		n++
	}
	if s.Flags&FlagFIN != 0 {
		n++
	}
	return n
}

// conn is a connection's transmission control block (TCB, RFC 9293 §3.3.1):
// its state, its two sequence spaces with their variables named as in the
// RFC, its buffers and timers. c.mu guards everything in it.
type conn struct {
	l   *Layer
	id  fourTuple
	log *logging.Logger

	mu       sync.Mutex
	state    State
	listener *Listener // the listener that made it, until Accept takes it

	// Send sequence space.
	//
	//	     1         2          3          4
	//	---------|----------|----------|----------
	//	      SND.UNA    SND.NXT    SND.UNA
	//	                           +SND.WND
	//	1 - acknowledged   2 - sent, not yet acknowledged
	//	3 - allowed to be sent     4 - not allowed yet
	iss    seqnum.Value
	sndUna seqnum.Value
	sndNxt seqnum.Value
	sndWnd uint32
	sndWl1 seqnum.Value // SEG.SEQ of the segment that last updated SND.WND
	sndWl2 seqnum.Value // SEG.ACK of the segment that last updated SND.WND
	sndMSS int          // the most data the peer takes in one segment
	sndBuf []byte       // the data from SND.UNA on: sent and unacknowledged, then unsent
	sndMem []byte       // sndBuf's whole array, from its start (sndbuf.go)
	segBuf []byte       // where sendSegment builds each segment, used again
	finOut bool         // the program closed sending: a FIN follows sndBuf

	// The window scale (RFC 7323): the peer's window fields are shifted
	// left by sndShift, ours right by rcvShift; both 0 unless both SYNs
	// carried the option.
	sndShift, rcvShift uint8

	// Receive sequence space.
	//
	//	    1          2          3
	//	---------|----------|----------
	//	      RCV.NXT    RCV.NXT
	//	                +RCV.WND
	//	1 - acknowledged   2 - allowed   3 - not allowed yet
	irs     seqnum.Value
	rcvNxt  seqnum.Value
	rcvBuf  []byte       // received in order, not yet read
	rcvMem  []byte       // rcvBuf's whole array, from its start (buffers.go)
	ooo     []oooSegment // received beyond RCV.NXT, in sequence order
	rcvFin  bool         // the peer's FIN came: after rcvBuf, end of file
	lastWnd uint32       // the window last advertised

	// Retransmission (RFC 6298) and the other timers.
	rto       time.Duration
	srtt      time.Duration
	rttvar    time.Duration
	rttTiming bool         // a segment is being timed
	rttSeq    seqnum.Value // the sequence number whose ACK ends the timing
	rttStart  time.Time
	retries   int // retransmissions of the oldest segment so far
	dupAcks   int
	// Loss recovery (after RFC 6582, NewReno): after a retransmission,
	// until SND.UNA passes recoverSeq, each ACK that moves SND.UNA forward
	// but not past it shows the next hole: send that segment again at
	// once, not after another timeout.
	recovering bool
	recoverSeq seqnum.Value
	rtxTimer   *stack.Timer // retransmission, or zero-window probing
	probing    bool         // rtxTimer is the persist timer
	cwnd       uint32       // the congestion window (congestion.go); 0 until first used
	ssthresh   uint32       // the slow start threshold
	gsoSegment int          // maxSegment, once computed
	gsoMTU     int          // the MTU of the device that cuts large segments; 0 without GSO (offload.go)
	recovery                // SACK and timestamps (sack.go)
	waitTimer  *stack.Timer // TIME-WAIT and FIN-WAIT-2
	softErr    error        // the last soft ICMP error, named if the connection times out (icmp_errors.go)

	ackNow        bool      // an ACK is due once the arriving segment is processed
	ackQueued     bool      // the ACK waits for the end of the softirq's batch
	lastChallenge time.Time // when challengeAck last let an ACK out

	// The program's side.
	err      error         // why the connection died, for Read and Write
	closed   bool          // Close was called
	wait     chan struct{} // closed and replaced at every change; waiters watch it
	waiting  bool          // someone watches wait
	rd, wd   stack.Deadline
	accepted bool
}

// oooSegment is data received out of order, kept until the gap before it
// is filled.
type oooSegment struct {
	seq  seqnum.Value
	data []byte
	fin  bool // a FIN follows the data
}

// end is the sequence number after the block's data.
func (o oooSegment) end() seqnum.Value { return o.seq.Add(uint32(len(o.data))) }

// newConn returns a CLOSED connection for the four-tuple id.
func (l *Layer) newConn(id fourTuple) *conn {
	c := &conn{l: l, id: id, log: l.log, rto: InitialRTO, sndMSS: DefaultMSS, rcvShift: rcvWindowShift, wait: make(chan struct{})}
	c.rtxTimer = l.stack.NewTimer("tcp rtx "+id.String(), c.onRtxTimer)
	c.waitTimer = l.stack.NewTimer("tcp wait "+id.String(), c.onWaitTimer)
	c.offerSACKAndTimestamps()
	return c
}

// setState moves the connection to state s and wakes its waiters.
func (c *conn) setState(s State) {
	if c.state == s {
		return
	}
	c.log.Infof(logging.TCP, "%v: %v → %v", c.id, c.state, s)
	if c.l.opts.Trace != nil {
		c.l.trace(TraceEvent{Kind: TraceState, Local: c.id.local, Remote: c.id.remote, State: c.state, To: s})
	}
	c.state = s
	c.wake()
}

// wake tells every goroutine waiting on the connection that something
// changed; they look again. With nobody waiting (most of the time, in a
// transfer) there is nothing to do.
func (c *conn) wake() {
	if !c.waiting {
		return
	}
	close(c.wait)
	c.wait = make(chan struct{})
	c.waiting = false
}

// waitChan returns the channel that the next wake closes.
func (c *conn) waitChan() chan struct{} {
	c.waiting = true
	return c.wait
}

// abort ends the connection at once: timers stop, it leaves the table, and
// the program's calls fail with err (nil: a normal end).
func (c *conn) abort(err error) {
	if c.err == nil {
		c.err = err
	}
	c.rtxTimer.Stop()
	c.waitTimer.Stop()
	c.probeTimer.Stop()
	c.releaseSend()
	if c.listener != nil && !c.accepted {
		c.listener.dropChild(c)
	}
	c.setState(StateClosed)
	c.l.forget(c)
	c.wake()
}

// sendWindow is how many bytes may be in flight: the peer's window, SND.WND,
// and on Day 6 no more than the congestion window either.
func (c *conn) sendWindow() uint32 {
	return c.deferForGSO(min(c.sndWnd, c.congestionWindow()))
}

// maxSegment is the most data one segment carries: the peer's MSS, or on
// Day 6, over a device that cuts large segments itself (GSO), up to 64 KiB
// at a time, which the device sends as MSS-sized segments.
func (c *conn) maxSegment() int {
	if c.gsoSegment == 0 {
		c.gsoSegment = c.sndMSS
		if r, err := c.l.ip.Lookup(c.id.remote.Addr()); err == nil {
			dev := r.Iface.Device()
			// Only if the device's cuts are the peer's MSS: the device
			// cuts at its MTU, less the headers and their options
			// (timestamps take tsSpace of each segment).
			opts := 0
			if c.tsOK {
				opts = tsSpace
			}
			c.gsoMTU = 0
			if g := dev.GSOMaxSize(); g > dev.MTU() && c.sndMSS+opts == mssOf(dev.MTU()) {
				c.gsoSegment = mssOf(g) - opts
				c.gsoMTU = dev.MTU()
			}
		}
	}
	return c.autosize(c.gsoSegment)
}

// rcvWnd is RCV.WND: the free space of the receive buffer, as much of it
// as the window field can say.
func (c *conn) rcvWnd() uint32 {
	return uint32(min(RcvBufSize-len(c.rcvBuf), 0xffff<<c.rcvShift))
}

// windowOf is the window a segment offers, SEG.WND in bytes: its window
// field shifted by the peer's window scale, except in a SYN, whose window
// is never scaled (RFC 7323 §2.2).
func (c *conn) windowOf(seg segment) uint32 {
	if seg.Flags&FlagSYN != 0 {
		return uint32(seg.Window)
	}
	return uint32(seg.Window) << c.sndShift
}

// peerSynOptions takes in the options of the peer's SYN: the largest
// segment it takes, and its window scale. Windows are scaled only if both
// SYNs carry the option (RFC 7323 §1.3): from a peer that sent none, we
// take and give plain 16-bit windows.
func (c *conn) peerSynOptions(o HeaderOptions) {
	if o.MSS != 0 {
		c.sndMSS = int(o.MSS)
	}
	c.agreeSACKAndTimestamps(o)
	if o.WindowScale < 0 || rcvWindowShift == 0 {
		c.sndShift, c.rcvShift = 0, 0
		return
	}
	c.sndShift = uint8(o.WindowScale)
}

// sendSegment sends one segment of this connection with sequence number
// seq, the current acknowledgment and window.
func (c *conn) sendSegment(flags Flags, seq seqnum.Value, data []byte, opts HeaderOptions) error {
	h := Header{
		SrcPort: c.id.local.Port(), DstPort: c.id.remote.Port(),
		Seq: seq, Flags: flags, Options: opts,
	}
	if flags&FlagACK != 0 {
		h.Ack = c.rcvNxt
		c.ackNow = false
	}
	if flags&FlagSYN == 0 {
		// MSS, window scale and SACK-permitted are options of SYNs only
		// (RFC 9293 §3.7.1, RFC 7323 §2.2, RFC 2018 §2): a receiver may
		// ignore them anywhere else, or take them for an attack.
		h.Options.MSS, h.Options.WindowScale, h.Options.SACKPermitted = 0, -1, false
	}
	if flags&FlagSYN == 0 {
		h.Options = c.segmentOptions(h, len(data))
	}
	wnd := c.rcvWnd()
	if flags&FlagSYN != 0 {
		wnd = min(wnd, 0xffff) // a SYN's window is not scaled
		h.Window = uint16(wnd)
	} else {
		h.Window = uint16(wnd >> c.rcvShift)
		wnd = uint32(h.Window) << c.rcvShift
	}
	c.lastWnd = wnd
	if c.l.opts.Trace != nil {
		c.l.trace(TraceEvent{Kind: TraceSend, Local: c.id.local, Remote: c.id.remote, Header: h, Len: len(data), State: c.state})
	}
	var err error
	if c.partialChecksum(h, len(data)) {
		// The device cuts this segment and sums each piece: only the
		// pseudo-header is summed here (offload.go).
		c.segBuf, err = c.l.sendPartial(c.segBuf, c.id.local.Addr(), c.id.remote.Addr(), h, data)
		return err
	}
	c.segBuf, err = c.l.send(c.segBuf, c.id.local.Addr(), c.id.remote.Addr(), h, data)
	return err
}

// sendAck sends an empty segment that acknowledges what has arrived.
func (c *conn) sendAck() error {
	return c.sendSegment(FlagACK, c.sndNxt, nil, noOptions())
}

// sendRST resets the connection on the wire.
func (c *conn) sendRST() {
	c.l.stats.outRsts.Add(1)
	c.sendSegment(FlagRST|FlagACK, c.sndNxt, nil, noOptions())
}

// noOptions is the Options of a segment that carries none.
func noOptions() HeaderOptions { return HeaderOptions{WindowScale: -1} }

// synOptions are the options of our SYN: our MSS, from the MTU of the
// route's interface, and our window scale, unless the peer's SYN came
// without one.
func (c *conn) synOptions() HeaderOptions {
	o := noOptions()
	o.MSS = uint16(c.l.mssFor(c.id.remote.Addr()))
	if c.rcvShift > 0 {
		o.WindowScale = int(c.rcvShift)
	}
	c.lastAckSent = c.rcvNxt
	o.SACKPermitted = c.sackOK
	if c.tsOK {
		o.HasTimestamps, o.TSVal, o.TSEcr = true, c.tsNow(), c.tsRecent
	}
	return o
}

// mssFor returns the MSS for a connection to dst: the MTU of the route's
// interface less the IPv4 and TCP headers.
func (l *Layer) mssFor(dst netip.Addr) int {
	mtu := 1500
	if r, err := l.ip.Lookup(dst); err == nil {
		mtu = r.Iface.Device().MTU()
	}
	return mssOf(mtu)
}

// mssOf is the most TCP data an IPv4 datagram of mtu bytes carries: the
// MTU less the IPv4 and TCP headers, without options.
func mssOf(mtu int) int { return min(mtu, 65535) - 20 - MinHeaderLen }
