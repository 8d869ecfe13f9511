// Generated from solutions/tcp/timers.go by "go run ./tools/course gen".
// Learners: this is your copy for day 5 — write its TODOs here. Course authors: edit
// solutions/tcp/timers.go instead and regenerate; `course check` fails when the two drift.

package tcp

import (
	"time"

	"github.com/go-tcpip-camp/camp/day5-tcp/logging"
	"github.com/go-tcpip-camp/camp/day5-tcp/seqnum"
	"github.com/go-tcpip-camp/camp/day5-tcp/todo"
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
	if !c.rttTiming || ack.LessThan(c.rttSeq) {
		return
	}
	c.rttTiming = false
	c.updateRTO(c.l.stack.Now().Sub(c.rttStart))
}

// updateRTO folds the round-trip time r into the smoothed estimates and
// computes the retransmission timeout (RFC 6298 §2):
//
//	first:  SRTT = R, RTTVAR = R/2
//	then:   RTTVAR = 3/4 RTTVAR + 1/4 |SRTT − R|,  SRTT = 7/8 SRTT + 1/8 R
//	RTO = SRTT + 4 RTTVAR, at least MinRTO (1 s), at most MaxRTO (60 s)
func (c *conn) updateRTO(r time.Duration) {
	// TODO(day5): 5.11 tcp-rto — RFC 6298's estimator: smooth the round-trip time and its variation, then RTO = SRTT + 4·RTTVAR within [MinRTO, MaxRTO].
	// Lesson: docs/day5-tcp.md#tcp-rto
	// Hint: c.srtt, c.rttvar and c.rto; the first measurement sets SRTT = R and RTTVAR = R/2.
	c.l.stack.Report(todo.New(5, "tcp-rto"))
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
		c.abort(errTimedOut)
		return
	}
	// Karn's rule: a segment sent twice cannot be timed; and back off.
	c.rttTiming = false
	c.rto = min(2*c.rto, MaxRTO)
	c.log.Debugf(logging.TCP, "%v: retransmission timeout, next in %v", c.id, c.rto)
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
	c.dupAcks++
	// Once recovering (RFC 6582 §3.2), more duplicate ACKs are the
	// segments behind the hole arriving: the hole was sent again already.
	if c.dupAcks == 3 && !c.recovering {
		c.log.Debugf(logging.TCP, "%v: three duplicate ACKs: fast retransmit", c.id)
		c.rttTiming = false
		c.recovering, c.recoverSeq = true, c.sndNxt
		c.retransmit()
	}
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
		c.abort(errTimedOut)
		return
	}
	c.log.Debugf(logging.TCP, "%v: zero window: probe", c.id)
	c.sendSegment(FlagACK, c.sndUna.Add(^uint32(0)), nil, noOptions())
	c.rto = min(2*c.rto, MaxRTO)
	c.rtxTimer.Reset(c.rto)
}
