//camp:file 6

package tcp

// Congestion control (RFC 5681, with the NewReno recovery of RFC 6582).
//
// The peer's window says how much the peer can take; it says nothing of
// the path between us. A sender that fills a 1 MiB window at once on a
// path that holds 100 KiB loses most of it, sends it again, and loses
// again. So the sender keeps a second window of its own, cwnd, the
// congestion window, and never has more than min(SND.WND, cwnd) in flight
// (sendWindow):
//
//   - slow start: cwnd begins at ten segments (RFC 6928) and grows by a
//     segment for each segment acknowledged, doubling every round trip,
//     until it reaches ssthresh;
//   - congestion avoidance: above ssthresh it grows by one segment per
//     round trip;
//   - a loss seen by three duplicate ACKs halves it (fast recovery, the
//     lost segment sent again at once); a loss seen by the retransmission
//     timer shrinks it to one segment: the path may have changed.
//
// During a fast recovery each further duplicate ACK means a segment left
// the network, so cwnd grows by one to let a new one in; a partial ACK
// shows the next hole (sent again at once, timers.go) and deflates cwnd by
// what it acknowledged. With SACK (sack.go) the scoreboard's pipe replaces
// the inflation, Proportional Rate Reduction (prr.go) paces what goes out
// during the recovery, and cwnd is ssthresh when it ends. After a timeout,
// the repairs go out in slow start, from one segment.

// initialCwnd is the congestion window of a new connection (RFC 6928):
// ten segments, within 2 to 14,600 bytes' worth.
func (c *conn) initialCwnd() uint32 {
	mss := uint32(c.sndMSS)
	return min(10*mss, max(2*mss, 14600))
}

// congestionWindow returns the window the sender may fill: cwnd in whole
// segments, at least one. cwnd counts bytes and grows by fractions of a
// segment in congestion avoidance; filled to the byte, each ACK's
// fraction would leave as a small segment of its own (a few hundred
// bytes, after every ACK: half the segments of a transfer in
// congestion avoidance), and each is one more packet to carry and to
// lose. Linux counts cwnd in segments.
func (c *conn) congestionWindow() uint32 {
	cwnd, mss := c.cwndBytes(), uint32(c.sndMSS)
	if mss == 0 {
		return cwnd
	}
	return max(cwnd/mss*mss, mss)
}

// cwndBytes returns cwnd, to the byte, starting it on first use (the MSS
// is known only once the SYNs are exchanged).
func (c *conn) cwndBytes() uint32 {
	if c.cwnd == 0 {
		c.cwnd, c.ssthresh = c.initialCwnd(), ^uint32(0)
	}
	return c.cwnd
}

// flightSize is the data sent and not yet acknowledged.
func (c *conn) flightSize() uint32 { return c.sndNxt.Sub(c.sndUna) }

// cwndOnAck grows or deflates cwnd for an ACK of n new bytes, up to ack.
// It runs before acked decides whether a recovery ends.
func (c *conn) cwndOnAck(n uint32, recoveryEnds bool) {
	cwnd, mss := c.cwndBytes(), uint32(c.sndMSS)
	switch {
	case c.recovering && !recoveryEnds && c.rtoLost: // after a timeout: slow start
		if cwnd < c.ssthresh {
			c.cwnd = cwnd + min(n, mss)
		}
	case c.recovering && !recoveryEnds && c.sackOK:
		// A partial ACK with SACK: cwnd stays at ssthresh; pipe
		// (sack.go) says how much of it is in use.
	case c.recovering && !recoveryEnds: // a partial ACK
		c.cwnd = max(cwnd, n) - n + mss
	case c.recovering && c.sackOK && !c.rtoLost:
		// Everything up to the loss is in: leave the recovery at
		// ssthresh (RFC 5681 §3.2 step 6, RFC 6937 §3).
		c.cwnd = c.ssthresh
	case c.recovering: // everything up to the loss is in: leave recovery
		c.cwnd = min(c.ssthresh, max(c.flightSize(), mss)+mss)
	case cwnd < c.ssthresh: // slow start
		c.cwnd = cwnd + min(n, c.ackedSegments())
	default: // congestion avoidance: a segment per cwnd acknowledged, a round trip's worth
		c.cwnd = cwnd + max(uint32(uint64(mss)*uint64(min(n, cwnd))/uint64(cwnd)), 1)
	}
}

// ackedSegments bounds what one ACK may count in slow start (RFC 3465
// §2.2, byte counting): two segments, since a receiver that delays its
// ACKs acknowledges two at a time (or more: a stretch ACK, when it takes
// in a burst at once); or, on a device that cuts large segments (GSO),
// one large segment, which stands for many the peer took in at once and
// acknowledges with one ACK. Counting one MSS per ACK would make slow
// start add a segment per round trip there, and grow by half or less
// where ACKs are delayed. Congestion avoidance counts every byte
// acknowledged (RFC 5681 §3.1): a segment more for each cwnd of them.
func (c *conn) ackedSegments() uint32 {
	return uint32(max(c.gsoSegment, 2*c.sndMSS))
}

// autosize bounds a large (GSO) segment to a quarter of cwnd, in whole
// segments, as Linux sizes its TSO segments: a window sent as one 64 KiB
// packet is lost whole when that packet is, with nothing behind it to
// bring duplicate ACKs or SACKs, and only the timer repairs it.
func (c *conn) autosize(gso int) int {
	mss := c.sndMSS
	if gso <= mss {
		return gso
	}
	return min(gso, max(int(c.congestionWindow())/4/mss*mss, mss))
}

// deferForGSO returns the window output may fill, w, or, to wait for the
// ACKs that make room for a whole large segment, only what is in flight.
// Over a device that cuts large segments (GSO), an ACK that frees two
// segments' worth of cwnd would otherwise send a two-segment packet at
// once, and a flow sends as many packets as its ACKs, most of them small:
// each one more trip through the device and the peer's stack, and, where
// loss strikes packets rather than frames, one more packet to lose.
// Linux defers the same way (tcp_tso_should_defer), while it is limited by
// cwnd and not recovering; data that fits the room whole goes at once.
func (c *conn) deferForGSO(w uint32) uint32 {
	inFlight := int(c.flightSize())
	room := int(w) - inFlight
	seg := c.maxSegment()
	if seg <= c.sndMSS || inFlight == 0 || room <= 0 || c.recovering || c.sndWnd < c.congestionWindow() {
		return w
	}
	if unsent := len(c.sndBuf) - inFlight; room < seg && room < unsent {
		return uint32(inFlight)
	}
	return w
}

// cwndOnLoss shrinks cwnd for a loss: to half the flight and three
// segments more (the three that left the network, as the duplicate ACKs
// say) for a fast retransmit; to one segment after a timeout. A loss
// found while recovering from an earlier one does not halve it again.
func (c *conn) cwndOnLoss(timeout bool) {
	mss := uint32(c.sndMSS)
	c.cwndBytes()
	if c.recovering && !timeout {
		return
	}
	c.ssthresh = max(c.flightSize()/2, 2*mss)
	if timeout {
		c.cwnd = mss
	} else {
		c.cwnd = c.ssthresh + 3*mss
	}
}

// cwndOnDupAck inflates cwnd during a fast recovery: a duplicate ACK means
// one more segment has left the network.
func (c *conn) cwndOnDupAck() {
	if c.recovering && !c.rtoLost {
		c.cwnd = c.cwndBytes() + uint32(c.sndMSS)
	}
}
