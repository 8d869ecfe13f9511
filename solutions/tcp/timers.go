//camp:file 5

package tcp

import (
	"time"

	"github.com/go-tcpip-camp/camp/solutions/logging"
	"github.com/go-tcpip-camp/camp/solutions/seqnum"
)

// startRTT times the segment ending at end, if no segment is being timed
// (RFC 6298 §3: one measurement per round trip is enough).
func (c *conn) startRTT(end seqnum.Value) {
	if !c.rttTiming {
		c.rttTiming, c.rttSeq, c.rttStart = true, end, c.l.stack.Now()
	}
}

// sampleRTT ends the timing if ack covers the timed segment, and updates
// the RTO from the measurement.
func (c *conn) sampleRTT(ack seqnum.Value) {
	//camp:from 6
	if c.tsOK {
		c.sampleTimestampRTT()
		return
	}
	//camp:end
	if !c.rttTiming || ack.LessThan(c.rttSeq) {
		return
	}
	c.rttTiming = false
	c.updateRTO(c.l.stack.Now().Sub(c.rttStart))
	//camp:from 6
	c.floorRTO()
	//camp:end
}

// updateRTO folds the round-trip time r into the smoothed estimates and
// computes the retransmission timeout (RFC 6298 §2):
//
//	first:  SRTT = R, RTTVAR = R/2
//	then:   RTTVAR = 3/4 RTTVAR + 1/4 |SRTT − R|,  SRTT = 7/8 SRTT + 1/8 R
//	RTO = SRTT + 4 RTTVAR, at least MinRTO (1 s), at most MaxRTO (60 s)
func (c *conn) updateRTO(r time.Duration) {
	//camp:todo 5.11 tcp-rto: RFC 6298's estimator: smooth the round-trip time and its variation, then RTO = SRTT + 4·RTTVAR within [MinRTO, MaxRTO]
	if c.srtt == 0 {
		c.srtt, c.rttvar = r, r/2
	} else {
		diff := c.srtt - r
		if diff < 0 {
			diff = -diff
		}
		//camp:mistake 5.11 srtt-before-rttvar: SRTT is updated before RTTVAR, so RTTVAR measures the deviation from the new SRTT instead of the old one (RFC 6298 §2.3 orders them)
		c.rttvar = (3*c.rttvar + diff) / 4
		c.srtt = (7*c.srtt + r) / 8
		//camp:instead
		// c.srtt = (7*c.srtt + r) / 8
		// diff = c.srtt - r
		// if diff < 0 {
		// 	diff = -diff
		// }
		// c.rttvar = (3*c.rttvar + diff) / 4
		//camp:end
	}
	//camp:mistake 5.11 rto-not-clamped: RTO = SRTT + 4·RTTVAR without the [MinRTO, MaxRTO] bounds, so a fast LAN gives an RTO of microseconds and a burst of spurious retransmissions
	c.rto = min(max(c.srtt+4*c.rttvar, MinRTO), MaxRTO)
	//camp:instead
	// c.rto = c.srtt + 4*c.rttvar
	//camp:end
	//camp:stub
	// // Hint: c.srtt, c.rttvar and c.rto; the first measurement sets SRTT = R and RTTVAR = R/2.
	// c.l.stack.Report(todo.New(5, "tcp-rto"))
	//camp:end
}

// onRtxTimer runs when the retransmission (or persist) timer expires.
func (c *conn) onRtxTimer() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.probing {
		c.probe()
		return
	}
	if c.sndNxt == c.sndUna {
		return
	}
	c.retries++
	limit := MaxRetries
	if c.state == StateSynSent || c.state == StateSynReceived {
		limit = MaxSynRetries
	}
	if c.retries > limit {
		c.log.Warnf(logging.TCP, "%v: no answer after %d retransmissions: giving up", c.id, c.retries-1)
		if c.state == StateSynSent {
			c.l.stats.attemptFails.Add(1)
		}
		c.sendRST()
		//camp:from 6
		c.abort(c.timedOut())
		//camp:else
		// c.abort(errTimedOut)
		//camp:end
		return
	}
	// Karn's rule: a segment sent twice cannot be timed; and back off.
	c.rttTiming = false
	c.rto = min(2*c.rto, MaxRTO)
	c.log.Debugf(logging.TCP, "%v: retransmission timeout, next in %v", c.id, c.rto)
	//camp:from 6
	c.l.stats.timeouts.Add(1)
	c.cwndOnLoss(true)
	c.sackOnTimeout()
	//camp:end
	c.recovering, c.recoverSeq = true, c.sndNxt
	c.retransmit()
	c.rtxTimer.Reset(c.rto)
}

// retransmit sends again the oldest unacknowledged segment: the SYN, data
// from SND.UNA, or the FIN.
func (c *conn) retransmit() {
	c.l.stats.retransSegs.Add(1)
	switch c.state {
	case StateSynSent:
		c.sendSegment(FlagSYN, c.iss, nil, c.synOptions())
		return
	case StateSynReceived:
		c.sendSegment(FlagSYN|FlagACK, c.iss, nil, c.synOptions())
		return
	}
	inFlight := int(c.sndNxt.Sub(c.sndUna))
	n := min(inFlight, len(c.sndBuf), c.sndMSS)
	if n > 0 {
		//camp:from 6
		c.l.stats.retransBytes.Add(uint64(n))
		//camp:end
		c.sendSegment(FlagACK|FlagPSH, c.sndUna, c.sndBuf[:n], noOptions())
		return
	}
	if c.finOut {
		c.sendSegment(FlagFIN|FlagACK, c.sndUna, nil, noOptions())
	}
}

// duplicateAck counts ACKs that acknowledge nothing new while data is in
// flight; the third means a segment was lost and the ones after it
// arrived: send it again now, not after a timeout (fast retransmit, RFC
// 5681 §3.2).
func (c *conn) duplicateAck() {
	//camp:from 6
	if c.sackOK {
		return // sackArrives counts them, by RFC 6675's definition
	}
	//camp:end
	c.dupAcks++
	// Once recovering (RFC 6582 §3.2), more duplicate ACKs are the
	// segments behind the hole arriving: the hole was sent again already.
	if c.dupAcks == 3 && !c.recovering {
		c.log.Debugf(logging.TCP, "%v: three duplicate ACKs: fast retransmit", c.id)
		c.rttTiming = false
		//camp:from 6
		c.cwndOnLoss(false)
		//camp:end
		c.recovering, c.recoverSeq = true, c.sndNxt
		c.retransmit()
	}
	//camp:from 6
	if c.dupAcks > 3 {
		c.cwndOnDupAck()
	}
	//camp:end
}

// probe runs when the persist timer expires: the peer's window is closed
// and we have data. A window update from the peer may have been lost, so
// ask: send a segment with an old sequence number, which the peer answers
// with an ACK that carries its window (Linux probes this way). Back off
// like retransmissions, without ever giving up while the peer answers.
func (c *conn) probe() {
	if c.sndWnd != 0 || c.state == StateClosed {
		c.probing = false
		c.output()
		return
	}
	// A peer that answers keeps the count at 0 (segmentArrives); one that
	// is gone is given up on as a silent peer is.
	c.retries++
	if c.retries > MaxRetries {
		c.log.Warnf(logging.TCP, "%v: no answer to %d window probes: giving up", c.id, c.retries-1)
		c.sendRST()
		//camp:from 6
		c.abort(c.timedOut())
		//camp:else
		// c.abort(errTimedOut)
		//camp:end
		return
	}
	c.log.Debugf(logging.TCP, "%v: zero window: probe", c.id)
	c.sendSegment(FlagACK, c.sndUna.Add(^uint32(0)), nil, noOptions())
	c.rto = min(2*c.rto, MaxRTO)
	c.rtxTimer.Reset(c.rto)
}

//camp:from 6

// enterTimeWait moves to TIME-WAIT, or stays there, for 2×MSL from now:
// long enough for the peer to get our last ACK again if it was lost, and
// for the network to forget this connection's segments before the
// four-tuple is used again (RFC 9293 §3.6.1). Meanwhile the connection
// stays in the table, so that the four-tuple cannot be reused.
func (c *conn) enterTimeWait() {
	//camp:todo 6.2 tcp-time-wait: stop retransmitting, move to TIME-WAIT and (re)start the wait timer for 2×MSL; the connection stays in the table until it expires
	c.rtxTimer.Stop()
	//camp:mistake 6.2 time-wait-aborts: the connection is aborted "since it is over" instead of waiting in TIME-WAIT, so its four-tuple is free at once and a repeated FIN meets a reset (Day 5's close again)
	c.setState(StateTimeWait)
	//camp:instead
	// c.abort(nil)
	//camp:end
	//camp:mistake 6.2 time-wait-one-msl: TIME-WAIT lasts one MSL, not two: old segments of the connection may still be in the network when its four-tuple is used again
	c.waitTimer.Reset(2 * c.l.opts.MSL)
	//camp:instead
	// c.waitTimer.Reset(c.l.opts.MSL)
	//camp:end
	//camp:stub
	// // Hint: c.rtxTimer.Stop(), c.setState(StateTimeWait), c.waitTimer.Reset(…); the MSL is c.l.opts.MSL.
	// c.l.stack.Report(todo.New(6, "tcp-time-wait"))
	//camp:end
}

// onWaitTimer runs when TIME-WAIT, or a FIN-WAIT-2 of a closed
// connection, has lasted long enough: the connection is gone.
func (c *conn) onWaitTimer() {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch c.state {
	case StateTimeWait, StateFinWait2:
		c.abort(nil)
	}
}

//camp:end
