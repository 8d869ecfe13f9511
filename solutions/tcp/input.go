//camp:file 5

package tcp

import (
	"slices"

	"github.com/go-tcpip-camp/camp/solutions/logging"
	"github.com/go-tcpip-camp/camp/solutions/seqnum"
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

	//camp:from 6
	// TIME-WAIT: the peer's FIN came again, because our ACK of it was lost.
	// It is old (it ends at RCV.NXT), so the sequence check below would
	// refuse it; it is answered here instead.
	if c.state == StateTimeWait && seg.Flags&(FlagFIN|FlagRST) == FlagFIN && seg.Seq.Add(seg.seqLen()) == c.rcvNxt {
		//camp:todo 6.3 tcp-time-wait-fin: acknowledge the retransmitted FIN again and restart the 2×MSL wait (RFC 9293 §3.10.7.4, eighth step)
		c.ackNow = true
		//camp:mistake 6.3 time-wait-fin-no-restart: the repeated FIN is acknowledged but the 2×MSL wait is not restarted, so the connection may be gone when the peer's next FIN comes
		c.enterTimeWait()
		//camp:instead
		//camp:end
		//camp:mistake 6.3 time-wait-fin-no-flush: the ACK is made due (ackNow) but nothing sends it, so the peer's FIN is never acknowledged
		c.flush()
		//camp:instead
		//camp:end
		return nil
		//camp:stub
		// // Hint: make an ACK due (c.ackNow), c.enterTimeWait() restarts the timer, c.flush() sends.
		// c.l.stack.Report(todo.New(6, "tcp-time-wait-fin"))
		// return nil
		//camp:end
	}
	//camp:end

	//camp:from 6
	// Before the sequence number: the timestamps (PAWS, RFC 7323 §5) and
	// the SACK blocks, whatever the segment's fate.
	if !c.timestampsArrive(seg) {
		c.flush()
		return nil
	}
	c.sackArrives(seg)
	//camp:end

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
		//camp:from 6
		//camp:todo 6.5 tcp-rst-exact: RFC 5961 §3: only a RST at exactly RCV.NXT resets; one elsewhere in the window is answered with a challenge ACK and dropped
		//camp:mistake 6.5 rst-anywhere-in-window: any RST in the window resets the connection, so a blind attacker needs to guess the sequence number only within a window, not exactly (RFC 5961 §3)
		if seg.Seq != c.rcvNxt {
			c.challengeAck()
			c.flush()
			return nil
		}
		//camp:instead
		//camp:end
		//camp:stub
		// // Hint: compare seg.Seq with c.rcvNxt; c.challengeAck() then c.flush() answer, and return nil drops.
		// c.l.stack.Report(todo.New(6, "tcp-rst-exact"))
		//camp:end
		//camp:end
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
	//camp:from 6
	c.tsInBurst = true // one clock read for the segments sent now (tsNow)
	c.sackRecovery()
	//camp:end
	c.output()
	//camp:from 6
	c.armProbe()
	c.tsInBurst, c.tsBurstSet = false, false
	//camp:end
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
	//camp:todo 5.6 tcp-seq-check: the acceptability test: does any part of the segment fall within the receive window?
	n, wnd := seg.seqLen(), c.rcvWnd()
	switch {
	//camp:mistake 5.6 zero-window-refuses-acks: the first row of the table is forgotten, so while our receive window is 0 no segment is acceptable, not even the peer's ACKs and window updates
	case n == 0 && wnd == 0:
		return seg.Seq == c.rcvNxt
	//camp:instead
	//camp:end
	case n == 0:
		return seg.Seq.InWindow(c.rcvNxt, wnd)
	case wnd == 0:
		return false
	}
	//camp:mistake 5.6 last-byte-off-by-one: the last byte taken as SEG.SEQ+SEG.LEN, one past it, so a segment received already whose last byte is RCV.NXT−1 counts as acceptable: it is not acknowledged again, and a peer whose ACK was lost retransmits it until it gives up
	first, last := seg.Seq, seg.Seq.Add(n-1)
	//camp:instead
	// first, last := seg.Seq, seg.Seq.Add(n)
	//camp:end
	//camp:mistake 5.6 seq-check-plain-compare: sequence numbers compared with < and <=, which breaks where they wrap around 2³²: RCV.NXT+RCV.WND becomes small and no data is acceptable
	return first.InWindow(c.rcvNxt, wnd) || last.InWindow(c.rcvNxt, wnd)
	//camp:instead
	// end := c.rcvNxt.Add(wnd)
	// return c.rcvNxt <= first && first < end || c.rcvNxt <= last && last < end
	//camp:end
	//camp:stub
	// // Hint: seg.seqLen() is SEG.LEN, c.rcvWnd() is RCV.WND; seqnum.Value.InWindow(first, size) tests one byte.
	// c.l.stack.Report(todo.New(5, "tcp-seq-check"))
	// return false
	//camp:end
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
	//camp:todo 5.5 tcp-syn-sent: check the ACK (it must acknowledge our SYN), take a RST with a good ACK as "refused", and on a SYN record the peer's sequence number and MSS, then become ESTABLISHED (SYN+ACK) or SYN-RECEIVED (a simultaneous open)
	ackOK := false
	//camp:mistake 5.5 rst-refuses-without-ack-check: a RST in SYN-SENT is taken before its ACK is checked, so anyone who sees the SYN can refuse the connection with a forged reset
	if seg.Flags&FlagACK != 0 {
		if seg.Ack.LessThanEq(c.iss) || seg.Ack.GreaterThan(c.sndNxt) {
			if seg.Flags&FlagRST == 0 {
				c.l.resetAck(seg)
			}
			return
		}
		ackOK = true
	}
	if seg.Flags&FlagRST != 0 {
		if ackOK {
			c.l.stats.attemptFails.Add(1)
			c.log.Infof(logging.TCP, "%v: connection refused", c.id)
			c.abort(errRefused)
		}
		return
	}
	//camp:instead
	// if seg.Flags&FlagRST != 0 {
	// 	c.l.stats.attemptFails.Add(1)
	// 	c.log.Infof(logging.TCP, "%v: connection refused", c.id)
	// 	c.abort(errRefused)
	// 	return
	// }
	// if seg.Flags&FlagACK != 0 {
	// 	if seg.Ack.LessThanEq(c.iss) || seg.Ack.GreaterThan(c.sndNxt) {
	// 		c.l.resetAck(seg)
	// 		return
	// 	}
	// 	ackOK = true
	// }
	//camp:end
	if seg.Flags&FlagSYN == 0 {
		return
	}
	c.irs = seg.Seq
	c.rcvNxt = seg.Seq.Add(1)
	c.peerSynOptions(seg.Options)
	c.sndWnd, c.sndWl1, c.sndWl2 = c.windowOf(seg), seg.Seq, seg.Ack
	if ackOK {
		c.sndUna = seg.Ack
		c.rtxTimer.Stop()
		c.retries = 0
		c.sampleRTT(seg.Ack)
	}
	if c.sndUna.GreaterThan(c.iss) {
		c.setState(StateEstablished)
		c.ackNow = true
		return
	}
	c.setState(StateSynReceived)
	c.sendSegment(FlagSYN|FlagACK, c.iss, nil, c.synOptions())
	//camp:stub
	// // Hint: seg.Ack must satisfy ISS < SEG.ACK ≤ SND.NXT (else c.l.resetAck(seg), unless it is a RST);
	// // Hint: a RST with a good ACK: c.abort(errRefused);
	// // Hint: c.irs, c.rcvNxt, c.peerSynOptions(seg.Options) (MSS, window scale), c.sndWnd = c.windowOf(seg),
	// // Hint: then c.setState(StateEstablished) and c.ackNow = true.
	// c.l.stack.Report(todo.New(5, "tcp-syn-sent"))
	//camp:end
}

// reset handles an acceptable RST (the second check): the peer says the
// connection is gone.
func (c *conn) reset() {
	//camp:from 6
	//camp:todo 6.4 tcp-rst-states: end the connection as its state says: a passive SYN-RECEIVED just goes (its listener goes on), an active one was refused; ESTABLISHED, FIN-WAIT-1/2 and CLOSE-WAIT fail Read and Write with ECONNRESET; CLOSING, LAST-ACK and TIME-WAIT simply close
	switch c.state {
	case StateSynReceived:
		//camp:mistake 6.4 syn-received-as-established: a RST in a passive SYN-RECEIVED is taken as an established connection's reset, so EstabResets counts a connection that never was
		if c.listener != nil {
			// Passive open: the peer gave up; the listener goes on.
			c.abort(nil)
			return
		}
		//camp:instead
		// c.l.stats.estabResets.Add(1)
		// c.log.Infof(logging.TCP, "%v: reset by the peer", c.id)
		// c.abort(errReset)
		// return
		//camp:end
		c.l.stats.attemptFails.Add(1)
		c.abort(errRefused)
	case StateEstablished, StateFinWait1, StateFinWait2, StateCloseWait:
		c.l.stats.estabResets.Add(1)
		c.log.Infof(logging.TCP, "%v: reset by the peer", c.id)
		c.abort(errReset)
	default: // CLOSING, LAST-ACK, TIME-WAIT: our side is closed already
		c.abort(nil)
	}
	//camp:stub
	// // Hint: c.abort(err) ends the connection; errRefused and errReset are the errors; c.listener != nil marks a passive open.
	// c.l.stack.Report(todo.New(6, "tcp-rst-states"))
	//camp:end
	//camp:else
	// c.log.Infof(logging.TCP, "%v: reset by the peer", c.id)
	// c.abort(errReset)
	//camp:end
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
	//camp:todo 5.7 tcp-ack: an ACK beyond SND.NXT is answered and dropped; one that acknowledges new data advances SND.UNA, frees the send buffer (waking writers) and restarts the retransmission timer; then update the send window by the WL1/WL2 rule
	if seg.Ack.GreaterThan(c.sndNxt) {
		c.ackNow = true
		return false
	}
	if seg.Ack.GreaterThan(c.sndUna) {
		c.acked(seg.Ack)
		//camp:mistake 5.7 every-old-ack-is-duplicate: every segment whose ACK is SND.UNA counts as a duplicate ACK, data and window updates too, so a busy two-way connection retransmits what was never lost
	} else if seg.Ack == c.sndUna && len(seg.payload) == 0 && c.windowOf(seg) == c.sndWnd && c.sndNxt != c.sndUna {
		//camp:instead
		// } else if seg.Ack == c.sndUna {
		//camp:end
		c.duplicateAck()
	}
	//camp:mistake 5.7 window-from-every-segment: no WL1/WL2 rule, so every acceptable segment sets SND.WND, and an old ACK delivered late closes a window that is open
	if c.sndWl1.LessThan(seg.Seq) || (c.sndWl1 == seg.Seq && c.sndWl2.LessThanEq(seg.Ack)) {
		if c.sndWnd == 0 && seg.Window > 0 {
			c.probing = false
			c.rtxTimer.Stop()
		}
		c.sndWnd, c.sndWl1, c.sndWl2 = c.windowOf(seg), seg.Seq, seg.Ack
		c.wake()
	}
	//camp:instead
	// if c.sndWnd == 0 && seg.Window > 0 {
	// 	c.probing = false
	// 	c.rtxTimer.Stop()
	// }
	// c.sndWnd, c.sndWl1, c.sndWl2 = c.windowOf(seg), seg.Seq, seg.Ack
	// c.wake()
	//camp:end
	return c.ackClosing()
	//camp:stub
	// // Hint: seqnum.Value has GreaterThan and LessThanEq; c.acked(seg.Ack) frees what is acknowledged;
	// // Hint: the window is updated if SND.WL1 < SEG.SEQ, or SND.WL1 = SEG.SEQ and SND.WL2 ≤ SEG.ACK;
	// // Hint: c.windowOf(seg) is SEG.WND in bytes (the field, scaled);
	// // Hint: then c.ackClosing() moves the closing states on.
	// c.l.stack.Report(todo.New(5, "tcp-ack"))
	// return false
	//camp:end
}

// ackClosing moves the closing states on once our FIN is acknowledged, and
// reports whether the segment's processing goes on.
func (c *conn) ackClosing() bool {
	//camp:from 6
	//camp:todo 6.1 tcp-fin-acked: once our FIN is acknowledged FIN-WAIT-1 becomes FIN-WAIT-2 (bounded by FinWait2Timeout if the program closed), CLOSING becomes TIME-WAIT, LAST-ACK becomes CLOSED; in CLOSING and LAST-ACK nothing more of the segment counts
	finAcked := c.finOut && c.sndUna == c.sndNxt && len(c.sndBuf) == 0
	switch c.state {
	case StateFinWait1:
		if finAcked {
			c.setState(StateFinWait2)
			//camp:mistake 6.1 fin-wait-2-timer-after-close-write: the FIN-WAIT-2 timer is armed after CloseWrite too, so a half-closed connection whose program still reads is ended after a minute
			if c.closed {
				c.waitTimer.Reset(FinWait2Timeout)
			}
			//camp:instead
			// c.waitTimer.Reset(FinWait2Timeout)
			//camp:end
		}
	case StateClosing:
		if finAcked {
			c.enterTimeWait()
		}
		return false
	case StateLastAck:
		if finAcked {
			//camp:mistake 6.1 last-ack-keeps-connection: LAST-ACK ends with setState(CLOSED) instead of abort, so the connection stays in the table with its four-tuple, and the peer's next SYN from that port is reset
			c.abort(nil)
			//camp:instead
			// c.setState(StateClosed)
			//camp:end
		}
		return false
	}
	return true
	//camp:stub
	// // Hint: our FIN is acknowledged when c.finOut, SND.UNA = SND.NXT and c.sndBuf is empty;
	// // Hint: switch on c.state; c.setState, c.waitTimer.Reset(FinWait2Timeout), c.enterTimeWait() and c.abort(nil).
	// c.l.stack.Report(todo.New(6, "tcp-fin-acked"))
	// return true
	//camp:end
	//camp:else
	// // Day 5's simpler close: no TIME-WAIT (Day 6 explains why there
	// // should be one); the connection is gone once both FINs are acknowledged.
	// finAcked := c.finOut && c.sndUna == c.sndNxt && len(c.sndBuf) == 0
	// switch c.state {
	// case StateFinWait1:
	// 	if finAcked {
	// 		c.setState(StateFinWait2)
	// 	}
	// case StateClosing, StateLastAck:
	// 	if finAcked {
	// 		if c.ackNow {
	// 			c.sendAck() // the ACK of the peer's FIN, if it is still owed (a simultaneous close)
	// 		}
	// 		c.abort(nil)
	// 	}
	// 	return false
	// }
	// return true
	//camp:end
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
	//camp:from 6
	c.cwndOnAck(n, !ack.LessThan(c.recoverSeq))
	c.softErr = nil // data got through: a soft ICMP error from before is out of date (Linux forgets it too)
	//camp:end
	if c.sndUna == c.sndNxt {
		c.rtxTimer.Stop()
	} else {
		c.rtxTimer.Reset(c.rto)
	}
	if c.recovering {
		if ack.LessThan(c.recoverSeq) {
			//camp:from 6
			if !c.sackOK { // with SACK, sackRecovery knows every hole
				c.retransmit() // a partial ACK: the next hole
			}
			//camp:else
			// c.retransmit() // a partial ACK: the next hole
			//camp:end
		} else {
			c.recovering = false
			//camp:from 6
			c.recoveryEnds()
			//camp:end
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
	//camp:from 6
	if c.closed && len(seg.payload) > 0 {
		// The program closed: nobody will ever read this. Tell the peer
		// at once, with a reset, as for data left unread at Close
		// (RFC 1122 §4.2.2.13; Linux does the same).
		c.log.Infof(logging.TCP, "%v: %d bytes after Close: reset", c.id, len(seg.payload))
		c.sendRST()
		c.abort(nil)
		return
	}
	//camp:end
	//camp:todo 5.8 tcp-text: append data that starts at RCV.NXT to the receive buffer and advance RCV.NXT, then take in the out-of-order data that now follows; keep data that starts beyond RCV.NXT for later
	if seg.Seq != c.rcvNxt {
		c.keepOutOfOrder(seg)
		return
	}
	c.rcvBuf = append(c.rcvBuf, seg.payload...)
	c.rcvNxt = c.rcvNxt.Add(uint32(len(seg.payload)))
	//camp:mistake 5.8 no-drain-out-of-order: the data kept out of order is never taken in when the gap before it fills, so the ACK stays at the end of the gap and the peer must send it all again
	c.drainOutOfOrder()
	//camp:instead
	// // (the out-of-order data stays where it is)
	//camp:end
	c.wake()
	//camp:stub
	// // Hint: c.rcvBuf, c.rcvNxt; c.keepOutOfOrder(seg) and c.drainOutOfOrder() handle the rest.
	// c.l.stack.Report(todo.New(5, "tcp-text"))
	//camp:end
}

// keepOutOfOrder keeps data that arrived beyond RCV.NXT until the gap
// before it is filled. It keeps each byte once: the new data is merged
// with every block it overlaps or touches into one block, so the blocks
// stay sorted and apart, and what they hold is bounded by the window
// (trim cut everything beyond it), however the peer cuts its segments.
func (c *conn) keepOutOfOrder(seg segment) {
	start, end := seg.Seq, seg.Seq.Add(uint32(len(seg.payload)))
	finAt, hasFin := end, seg.Flags&FlagFIN != 0
	//camp:from 6
	c.noteOutOfOrder(start)
	//camp:end
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
	//camp:todo 5.9 tcp-fin: a FIN takes one sequence number and is acknowledged; the program reads end of file after the data; ESTABLISHED becomes CLOSE-WAIT, FIN-WAIT-1 CLOSING, and in FIN-WAIT-2 the close is complete
	c.rcvFin = true
	//camp:mistake 5.9 fin-not-counted: RCV.NXT does not move past the FIN, so the FIN is never acknowledged: the peer sends it again and again, and an active closer is reset
	c.rcvNxt = c.rcvNxt.Add(1)
	//camp:instead
	// // (RCV.NXT stays before the FIN)
	//camp:end
	c.ackNow = true
	switch c.state {
	case StateSynReceived, StateEstablished:
		c.setState(StateCloseWait)
	case StateFinWait1:
		c.setState(StateClosing)
	case StateFinWait2:
		//camp:from 6
		c.enterTimeWait()
		//camp:else
		// c.sendAck() // Day 5: acknowledge the FIN, and the connection is gone
		// c.abort(nil)
		//camp:end
	}
	c.wake()
	//camp:stub
	// // Hint: c.rcvFin, c.rcvNxt, c.ackNow; c.setState moves the state; in FIN-WAIT-2, c.sendAck() then c.abort(nil): the connection is over.
	// c.l.stack.Report(todo.New(5, "tcp-fin"))
	//camp:end
}
