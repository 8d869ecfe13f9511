//camp:file 6

package tcp

import (
	"time"

	"github.com/go-tcpip-camp/camp/solutions/seqnum"
)

// Proportional Rate Reduction (RFC 6937), ready-made on Day 6.
//
// A loss halves the congestion window: ssthresh becomes half of what was
// in flight (congestion.go). How the sender gets there during the
// recovery is PRR's business. RFC 6675 alone sets cwnd to ssthresh at
// once and sends whenever pipe, the data still in the network, is below
// it: after a loss of a quarter of the window, pipe is three quarters of
// the old window, far above the new one, so the sender falls silent for
// half a round trip, then sends in a burst; after a loss of most of the
// window (a 64 KiB GSO segment lost whole), pipe is far below, and the
// whole difference leaves at once.
//
// PRR spreads the reduction over the round trip instead, ACK by ACK:
//
//   - while pipe is above ssthresh, for every byte the peer reports
//     received (DeliveredData: what the ACK moved SND.UNA by, and what it
//     SACKed anew), send ssthresh/RecoverFS of a byte, RecoverFS being
//     the flight when the recovery began. By the end of the round trip
//     the sender has sent ssthresh: the new window, reached smoothly,
//     with the ACK clock still running;
//   - once pipe is below ssthresh (heavy loss), grow back towards it as
//     slow start would, never sending more than was delivered plus one
//     segment per ACK (the slow-start reduction bound, PRR-SSRB);
//   - the first repair goes at once whatever the numbers say, and when
//     the recovery ends cwnd is ssthresh.
//
// Linux runs PRR for every recovery (tcp_cwnd_reduction). After a
// retransmission timeout there is no PRR: cwnd starts again from one
// segment in slow start.

// prrStart begins PRR's accounting when a recovery starts: what was in
// flight, nothing delivered or sent yet. What the ACK that started the
// recovery delivered counts towards it.
func (c *conn) prrStart() {
	c.recoverFS, c.prrDelivered, c.prrOut = max(c.flightSize(), 1), 0, 0
}

// sackedBytes is the data the scoreboard holds as SACKed.
func (c *conn) sackedBytes() uint32 {
	var n uint32
	for _, s := range c.sacked {
		n += s.end.Sub(s.start)
	}
	return n
}

// prrSendCount is RFC 6937's sndcnt: how much the sender may send in
// answer to what was just delivered, given pipe.
func (c *conn) prrSendCount(pipe uint32) int {
	mss := uint64(c.sndMSS)
	delivered, out, ssthresh := uint64(c.prrDelivered), uint64(c.prrOut), uint64(c.ssthresh)
	var sndcnt int64
	if pipe > c.ssthresh {
		// Proportional: CEIL(prr_delivered × ssthresh / RecoverFS) − prr_out.
		fs := uint64(max(c.recoverFS, 1))
		sndcnt = int64((delivered*ssthresh+fs-1)/fs) - int64(out)
	} else {
		// Slow-start reduction bound: MIN(ssthresh − pipe,
		// MAX(prr_delivered − prr_out, DeliveredData) + MSS); an ACK that
		// delivered nothing earns no extra segment.
		limit := max(int64(delivered)-int64(out), int64(c.delivered))
		if c.delivered > 0 {
			limit += int64(mss)
		}
		sndcnt = min(int64(ssthresh)-int64(pipe), limit)
	}
	return int(max(sndcnt, 0))
}

// sendPRR sends, during a SACK recovery, what PRR allows for the data the
// segment being processed delivered: repairs first, then new data (RFC
// 6675's NextSeg), whole segments only. cwnd is what is then in flight,
// pipe + sndcnt, so that output adds nothing more.
func (c *conn) sendPRR(line seqnum.Value, now time.Time) {
	if c.recoverFS == 0 {
		// A recovery begun elsewhere (the timer, during the handshake,
		// sets recovering): PRR starts from here.
		c.prrStart()
	}
	c.prrDelivered += c.delivered
	pipe := c.pipe(line, now)
	budget := c.prrSendCount(pipe)
	c.delivered = 0
	for range 1024 {
		if budget < c.sndMSS {
			break
		}
		seq, n, repair := c.nextSeg(line, now)
		if n <= 0 {
			break
		}
		n = min(n, budget/c.sndMSS*c.sndMSS)
		c.sendFromScoreboard(seq, n, repair, now)
		budget -= n
	}
	c.cwnd = max(c.pipe(line, now), uint32(c.sndMSS))
}
