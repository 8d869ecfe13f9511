// Generated from solutions/tcp/input.go by "go run ./tools/course gen".
// Learners: this is your copy for day 5 — write its TODOs here. Course authors: edit
// solutions/tcp/input.go instead and regenerate; `course check` fails when the two drift.

package tcp

import (
	"slices"

	"github.com/go-tcpip-camp/camp/day5-tcp/logging"
	"github.com/go-tcpip-camp/camp/day5-tcp/seqnum"
	"github.com/go-tcpip-camp/camp/day5-tcp/todo"
)

// segmentArrives processes a segment for an existing connection, in the
// order of RFC 9293 §3.10.7.3 (SYN-SENT) and §3.10.7.4 (every other state).
// c.mu is held.
func (c *conn) segmentArrives(seg segment) error {
	switch c.state {
	case StateClosed:
		return c.l.noConnection(seg)
	case StateSynSent:
		c.synSent(seg)
		c.flush()
		return nil
	}

	// A SYN again in SYN-RECEIVED: our SYN+ACK was lost. Send it again.
	if c.state == StateSynReceived && seg.Flags&(FlagSYN|FlagACK|FlagRST) == FlagSYN && seg.Seq == c.irs {
		c.sendSegment(FlagSYN|FlagACK, c.iss, nil, c.synOptions())
		return nil
	}

	// First, check the sequence number.
	if !c.acceptable(seg) {
		switch {
		case seg.Flags&FlagRST != 0:
		case len(seg.payload) > 0 && seg.Flags&FlagSYN == 0:
			// Data we hold already: a retransmission whose ACK was
			// lost. Each must be answered, or the peer sends it again
			// until it gives up; an ACK is never answered with data,
			// so no loop can start (Linux does not rate-limit these).
			c.ackNow = true
		default:
			c.challengeAck() // tell the peer where we are
		}
		// RFC 9293 §3.10.7.4: "special allowance should be made to accept
		// valid ACKs" even when the segment is not acceptable, as when our
		// window is zero: the ACK and the window update still count.
		if seg.Flags&(FlagACK|FlagSYN|FlagRST) == FlagACK && c.state != StateSynReceived {
			c.ack(seg)
		}
		c.flush()
		return nil
	}
	c.trim(&seg)

	// Second, the RST bit.
	if seg.Flags&FlagRST != 0 {
		c.reset()
		return nil
	}

	// Third, security and precedence: not used. Fourth, a SYN in a
	// synchronized state: RFC 5961 §4 says answer with a challenge ACK.
	if seg.Flags&FlagSYN != 0 {
		c.challengeAck()
		c.flush()
		return nil
	}

	// Fifth, the ACK field.
	if seg.Flags&FlagACK == 0 {
		return nil
	}
	if !c.ack(seg) {
		c.flush()
		return nil
	}
	// While the peer's window is closed, our retransmissions are window
	// probes; a peer that answers them is alive (RFC 1122 §4.2.2.17), so
	// they must not run out as if it were not.
	if c.sndWnd == 0 {
		c.retries = 0
	}

	// Sixth, the URG bit: urgent data is delivered as ordinary data.
	// Seventh, the segment text.
	switch c.state {
	case StateEstablished, StateFinWait1, StateFinWait2:
		c.text(seg)
	}

	// Eighth, the FIN bit.
	if seg.Flags&FlagFIN != 0 && c.rcvNxt == seg.Seq.Add(uint32(len(seg.payload))) {
		c.fin()
	}
	c.flush()
	return nil
}

// challengeAck makes an ACK due in answer to a segment we do not accept:
// out of the window, a RST not exactly at RCV.NXT, a SYN on an open
// connection. At most one every ChallengeACKInterval (RFC 5961 §7; Linux's
// tcp_invalid_ratelimit is 500 ms): otherwise two confused ends could
// answer each other's answers forever.
func (c *conn) challengeAck() {
	now := c.l.stack.Now()
	if !c.lastChallenge.IsZero() && now.Sub(c.lastChallenge) < ChallengeACKInterval {
		return
	}
	c.lastChallenge = now
	c.ackNow = true
}

// flush sends what the segment made due: new data the window now allows,
// and an ACK if one is owed and no segment carried it. The ACK waits until
// the softirq has taken in everything that arrived with this segment
// (Layer.sendAcks): a burst of 40 segments then costs one ACK, not 40,
// and no ACK waits for a timer (RFC 1122 §4.2.3.2 allows delaying an ACK;
// this delays it by microseconds). Data sent meanwhile carries the ACK.
func (c *conn) flush() {
	if c.state == StateClosed {
		return
	}
	c.output()
	if c.ackNow && !c.ackQueued {
		c.ackQueued = true
		c.l.ackMu.Lock()
		c.l.acks = append(c.l.acks, c)
		c.l.ackMu.Unlock()
	}
}

// sendAcks sends the ACKs that flush left for the end of the softirq's
// batch; the stack calls it when its input queues are empty.
func (l *Layer) sendAcks() {
	l.ackMu.Lock()
	acks := l.acks
	l.acks = nil
	l.ackMu.Unlock()
	for _, c := range acks {
		c.mu.Lock()
		c.ackQueued = false
		if c.ackNow && c.state != StateClosed {
			c.sendAck()
		}
		c.mu.Unlock()
	}
}

// acceptable is the first check of §3.10.7.4: does any part of the segment
// fall in the receive window? Four cases, by SEG.LEN and RCV.WND:
//
//	len  wnd   acceptable if
//	 0    0    SEG.SEQ = RCV.NXT
//	 0   >0    RCV.NXT ≤ SEG.SEQ < RCV.NXT+RCV.WND
//	>0    0    never
//	>0   >0    the first or the last byte is in the window
func (c *conn) acceptable(seg segment) bool {
	// TODO(day5): 5.6 tcp-seq-check — the acceptability test: does any part of the segment fall within the receive window?
	// Lesson: docs/day5-tcp.md#tcp-seq-check
	// Hint: seg.seqLen() is SEG.LEN, c.rcvWnd() is RCV.WND; seqnum.Value.InWindow(first, size) tests one byte.
	c.l.stack.Report(todo.New(5, "tcp-seq-check"))
	return false
}

// trim cuts from an acceptable segment the data before RCV.NXT, already
// received, and the data beyond the window, not allowed yet (RFC 9293
// §3.10.7.4: "segments with higher beginning sequence numbers may be held
// for later processing").
func (c *conn) trim(seg *segment) {
	if seg.Flags&(FlagSYN|FlagRST) != 0 {
		// A SYN here is answered, not stored; a RST's data is never
		// delivered, and its sequence number must stay as it came: the
		// exact-RST check of Day 6 compares it with RCV.NXT.
		return
	}
	if before := c.rcvNxt.Sub(seg.Seq); seg.Seq.LessThan(c.rcvNxt) {
		if int(before) >= len(seg.payload) {
			seg.payload = nil
		} else {
			seg.payload = seg.payload[before:]
		}
		seg.Seq = c.rcvNxt
	}
	if room := c.rcvWnd() - seg.Seq.Sub(c.rcvNxt); uint32(len(seg.payload)) > room {
		seg.payload = seg.payload[:room]
		seg.Flags &^= FlagFIN // the FIN comes after the data we cut
	}
}

// synSent processes a segment in SYN-SENT (RFC 9293 §3.10.7.3).
func (c *conn) synSent(seg segment) {
	// TODO(day5): 5.5 tcp-syn-sent — check the ACK (it must acknowledge our SYN), take a RST with a good ACK as "refused", and on a SYN record the peer's sequence number and MSS, then become ESTABLISHED (SYN+ACK) or SYN-RECEIVED (a simultaneous open).
	// Lesson: docs/day5-tcp.md#tcp-syn-sent
	// Hint: seg.Ack must satisfy ISS < SEG.ACK ≤ SND.NXT (else c.l.resetAck(seg), unless it is a RST);
	// Hint: a RST with a good ACK: c.abort(errRefused);
	// Hint: c.irs, c.rcvNxt, c.peerSynOptions(seg.Options) (MSS, window scale), c.sndWnd = c.windowOf(seg),
	// Hint: then c.setState(StateEstablished) and c.ackNow = true.
	c.l.stack.Report(todo.New(5, "tcp-syn-sent"))
}

// reset handles an acceptable RST (the second check): the peer says the
// connection is gone.
func (c *conn) reset() {
	c.log.Infof(logging.TCP, "%v: reset by the peer", c.id)
	c.abort(errReset)
}

// ack processes the ACK field (the fifth check). It reports whether the
// segment's processing goes on.
func (c *conn) ack(seg segment) bool {
	if c.state == StateSynReceived {
		if !seg.Ack.GreaterThan(c.sndUna) || seg.Ack.GreaterThan(c.sndNxt) {
			c.l.resetAck(seg)
			return false
		}
		c.sndWnd, c.sndWl1, c.sndWl2 = c.windowOf(seg), seg.Seq, seg.Ack
		c.setState(StateEstablished)
		if c.listener != nil {
			c.listener.ready(c)
		}
	}
	// TODO(day5): 5.7 tcp-ack — an ACK beyond SND.NXT is answered and dropped; one that acknowledges new data advances SND.UNA, frees the send buffer (waking writers) and restarts the retransmission timer; then update the send window by the WL1/WL2 rule.
	// Lesson: docs/day5-tcp.md#tcp-ack
	// Hint: seqnum.Value has GreaterThan and LessThanEq; c.acked(seg.Ack) frees what is acknowledged;
	// Hint: the window is updated if SND.WL1 < SEG.SEQ, or SND.WL1 = SEG.SEQ and SND.WL2 ≤ SEG.ACK;
	// Hint: c.windowOf(seg) is SEG.WND in bytes (the field, scaled);
	// Hint: then c.ackClosing() moves the closing states on.
	c.l.stack.Report(todo.New(5, "tcp-ack"))
	return false
}

// ackClosing moves the closing states on once our FIN is acknowledged, and
// reports whether the segment's processing goes on.
func (c *conn) ackClosing() bool {
	// Day 5's simpler close: no TIME-WAIT (Day 6 explains why there
	// should be one); the connection is gone once both FINs are acknowledged.
	finAcked := c.finOut && c.sndUna == c.sndNxt && len(c.sndBuf) == 0
	switch c.state {
	case StateFinWait1:
		if finAcked {
			c.setState(StateFinWait2)
		}
	case StateClosing, StateLastAck:
		if finAcked {
			if c.ackNow {
				c.sendAck() // the ACK of the peer's FIN, if it is still owed (a simultaneous close)
			}
			c.abort(nil)
		}
		return false
	}
	return true
}

// acked takes in an ACK of new data: SND.UNA moves to ack.
func (c *conn) acked(ack seqnum.Value) {
	n := ack.Sub(c.sndUna)
	data := min(int(n), len(c.sndBuf))
	c.sndBuf = c.sndBuf[data:]
	if len(c.sndBuf) == 0 {
		c.releaseSend()
	}
	c.sndUna = ack
	c.dupAcks = 0
	c.retries = 0
	// New data acknowledged: the next hop to the peer hears us, so ARP need
	// not ask it (RFC 4861 §7.3.1; Linux's dst_confirm). Ready-made, no TODO.
	c.l.ip.ConfirmNeighbour(c.id.remote.Addr())
	c.sampleRTT(ack)
	if c.sndUna == c.sndNxt {
		c.rtxTimer.Stop()
	} else {
		c.rtxTimer.Reset(c.rto)
	}
	if c.recovering {
		if ack.LessThan(c.recoverSeq) {
			c.retransmit() // a partial ACK: the next hole
		} else {
			c.recovering = false
		}
	}
	c.wake() // room in the send buffer
}

// text takes in the segment's data (the seventh step): data at RCV.NXT is
// appended to the receive buffer, with whatever waited out of order behind
// it; data beyond RCV.NXT waits. Either way an ACK is due.
func (c *conn) text(seg segment) {
	if len(seg.payload) == 0 && seg.Flags&FlagFIN == 0 {
		return
	}
	c.ackNow = true
	// TODO(day5): 5.8 tcp-text — append data that starts at RCV.NXT to the receive buffer and advance RCV.NXT, then take in the out-of-order data that now follows; keep data that starts beyond RCV.NXT for later.
	// Lesson: docs/day5-tcp.md#tcp-text
	// Hint: c.rcvBuf, c.rcvNxt; c.keepOutOfOrder(seg) and c.drainOutOfOrder() handle the rest.
	c.l.stack.Report(todo.New(5, "tcp-text"))
}

// keepOutOfOrder keeps data that arrived beyond RCV.NXT until the gap
// before it is filled. It keeps each byte once: the new data is merged
// with every block it overlaps or touches into one block, so the blocks
// stay sorted and apart, and what they hold is bounded by the window
// (trim cut everything beyond it), however the peer cuts its segments.
func (c *conn) keepOutOfOrder(seg segment) {
	start, end := seg.Seq, seg.Seq.Add(uint32(len(seg.payload)))
	finAt, hasFin := end, seg.Flags&FlagFIN != 0
	// Blocks [i, j) overlap or touch the new data.
	i := 0
	for i < len(c.ooo) && c.ooo[i].end().LessThan(start) {
		i++
	}
	j := i
	first, last := start, end
	for j < len(c.ooo) && c.ooo[j].seq.LessThanEq(end) {
		o := c.ooo[j]
		if o.seq.LessThan(first) {
			first = o.seq
		}
		if o.end().GreaterThan(last) {
			last = o.end()
		}
		if o.fin {
			finAt, hasFin = o.end(), true
		}
		j++
	}
	if j-i == 1 && c.ooo[i].seq == first && c.ooo[i].end() == last {
		return // nothing new: every byte is kept already
	}
	if j-i == 1 && c.ooo[i].seq == first && !start.LessThan(first) {
		// The common case: the data goes on from one block's end.
		o := &c.ooo[i]
		o.data = append(o.data, seg.payload[o.end().Sub(start):]...)
		o.fin = hasFin && finAt == last
		return
	}
	data := make([]byte, last.Sub(first))
	for _, o := range c.ooo[i:j] {
		copy(data[o.seq.Sub(first):], o.data)
	}
	copy(data[start.Sub(first):], seg.payload)
	c.ooo = slices.Replace(c.ooo, i, j, oooSegment{seq: first, data: data, fin: hasFin && finAt == last})
}

// drainOutOfOrder moves the out-of-order data that now starts at or
// before RCV.NXT into the receive buffer.
func (c *conn) drainOutOfOrder() {
	for len(c.ooo) > 0 && c.ooo[0].seq.LessThanEq(c.rcvNxt) {
		o := c.ooo[0]
		c.ooo = c.ooo[1:]
		skip := c.rcvNxt.Sub(o.seq)
		if int(skip) > len(o.data) || (int(skip) == len(o.data) && !o.fin) {
			continue // all old
		}
		room := int(c.rcvWnd())
		data := o.data[skip:]
		if len(data) > room {
			data, o.fin = data[:room], false
		}
		c.rcvBuf = append(c.rcvBuf, data...)
		c.rcvNxt = c.rcvNxt.Add(uint32(len(data)))
		if o.fin {
			c.fin()
		}
	}
}

// fin takes in the peer's FIN (the eighth step): RCV.NXT moves past it, the
// program will read end of file after the data, and the state moves on.
func (c *conn) fin() {
	if c.rcvFin {
		return
	}
	// TODO(day5): 5.9 tcp-fin — a FIN takes one sequence number and is acknowledged; the program reads end of file after the data; ESTABLISHED becomes CLOSE-WAIT, FIN-WAIT-1 CLOSING, and in FIN-WAIT-2 the close is complete.
	// Lesson: docs/day5-tcp.md#tcp-fin
	// Hint: c.rcvFin, c.rcvNxt, c.ackNow; c.setState moves the state; in FIN-WAIT-2, c.sendAck() then c.abort(nil): the connection is over.
	c.l.stack.Report(todo.New(5, "tcp-fin"))
}
