// Generated from solutions/tcp/sack.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/tcp/sack.go instead and regenerate; `course check` fails when the two drift.

package tcp

import (
	"slices"
	"time"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/logging"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/seqnum"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/stack"
)

// Loss recovery with SACK and timestamps (ready-made on Day 6).
//
// A cumulative ACK says only "everything before N arrived". When several
// segments of one window are lost, the sender learns of the first hole
// from three duplicate ACKs, and of each next one only when the repair of
// the previous one is acknowledged: one hole per round trip (NewReno,
// RFC 6582). At 2 % loss a window of 700 segments has 14 holes, so
// recovery takes 14 round trips, and one lost repair waits for the
// retransmission timer.
//
// Selective acknowledgments (SACK, RFC 2018) let the receiver also say
// which blocks it holds beyond the hole, in an option of each ACK (most
// recently received block first, up to three or four). The sender keeps
// them on a scoreboard (RFC 6675) and knows every hole at once:
//
//   - a hole with more than two segments' worth of SACKed data above it
//     is lost (IsLost); three duplicate ACKs, or the first byte lost, start
//     a recovery: ssthresh and cwnd become half the flight, once per
//     window;
//   - RACK's rule (RFC 8985 §6.2) adds time to the count: a segment is
//     lost once data sent after it has arrived, so during a recovery every
//     hole below the highest SACKed block is lost, and outside one a hole
//     with SACKed data above it is lost when a reordering window (a
//     quarter of SRTT) has passed without it;
//   - pipe, the data still in the network, is what is neither SACKed nor
//     lost, plus the repairs sent: as ACKs report data delivered, PRR
//     (prr.go) says how much may go, and NextSeg picks it: the first lost
//     byte not yet repaired, else new data, else a hole below the highest
//     SACKed byte;
//   - a repair that is itself lost would wait for the timer; instead,
//     when ACKs go on coming and a repair is older than a round trip and a
//     quarter (and 2 ms), its bytes count as lost again (after RACK).
//
// Timestamps (RFC 7323) put our clock in every segment (TSval) and echo
// the peer's (TSecr). Every ACK of new data then measures a round trip,
// retransmissions too, where Karn's rule had to skip them; and a segment
// whose TSval is older than the last one taken in order is an old
// duplicate from a previous turn of the sequence space, dropped (PAWS).

// recovery is a connection's SACK and timestamps state (conn embeds it).
type recovery struct {
	// sackOK and tsOK: offered in our SYN, then whether both SYNs carried
	// the option.
	sackOK, tsOK bool

	// Timestamps (RFC 7323 §4, §5).
	tsOffset    uint32       // added to our clock: a keyed hash of the two addresses (Layer.tsOffset)
	tsInBurst   bool         // flush is sending: tsNow reads the clock once for all it sends
	tsBurstSet  bool         // tsBurst is read, for the current flush
	tsBurst     uint32       // the clock, read once for the segments flush sends together
	tsRecent    uint32       // TS.Recent: the peer's TSval we echo
	lastAckSent seqnum.Value // Last.ACK.sent: the ACK field of our last segment
	tsEcr       uint32       // the TSecr of the segment being processed; 0 for none

	// The receiver's side: where the latest out-of-order segments began,
	// most recent first, so that their blocks are reported first.
	recentOOO [4]seqnum.Value
	nRecent   int
	sackBuf   [4]SACKBlock

	// The sender's scoreboard (RFC 6675 §3): the SACKed blocks above
	// SND.UNA, sorted and apart; the repairs sent in this recovery, with
	// when; and whether a timeout made everything unSACKed lost.
	sacked  []seqRange
	rtxd    []rtxRange
	rtoLost bool

	// The tail loss probe (armProbe): its timer, and whether a probe
	// waits for its ACK.
	probeTimer *stack.Timer
	probeOut   bool
	// Set by a probe timeout that found SACKed data above a hole: every
	// unSACKed byte before probeLine is lost (onProbeTimer).
	probeLine    seqnum.Value
	probeLineSet bool
	// The probe timer counts down RACK's reordering window instead
	// (armProbe): a hole below SACKed data is lost when it ends.
	rackArmed bool

	// Proportional Rate Reduction (RFC 6937, prr.go): the data in
	// flight when the recovery began (RecoverFS), the data the peer has
	// received since (prr_delivered) and what we sent (prr_out); and
	// what the segment being processed delivered (DeliveredData).
	recoverFS, prrDelivered, prrOut, delivered uint32
}

// seqRange is the sequence numbers from start up to, not including, end.
type seqRange struct{ start, end seqnum.Value }

// rtxRange is a repair: a range sent again, at a time.
type rtxRange struct {
	seqRange
	at time.Time
}

// offerSACKAndTimestamps readies a new connection to offer SACK and
// timestamps in its SYN, unless the layer's options say not to.
func (c *conn) offerSACKAndTimestamps() {
	c.sackOK, c.tsOK = !c.l.opts.NoSACK, !c.l.opts.NoTimestamps
	c.tsOffset = c.l.tsOffset(c.id)
	c.probeTimer = c.l.stack.NewTimer("tcp probe "+c.id.String(), c.onProbeTimer)
}

// agreeSACKAndTimestamps takes in the peer's SYN options: each option is
// used only if both SYNs carried it (RFC 2018 §2, RFC 7323 §3.2). With
// timestamps, every segment carries 12 bytes of options, which the MSS
// does not count (RFC 6691): each segment carries 12 bytes less data.
func (c *conn) agreeSACKAndTimestamps(o HeaderOptions) {
	c.sackOK = c.sackOK && o.SACKPermitted
	c.tsOK = c.tsOK && o.HasTimestamps
	if c.tsOK {
		c.tsRecent = o.TSVal
		c.sndMSS -= tsSpace
	}
}

// tsSpace is the room Timestamps take in a segment: two NOPs, the option.
const tsSpace = 2 + lenTimestamps

// tsNow is our timestamp clock: milliseconds (RFC 7323 §5.4 asks for a
// tick of 1 ms to 1 s), from a start of its own for each pair of hosts
// (Layer.tsOffset).
//
// A burst of segments sent together (flush) carries one reading of the
// clock, taken when its first segment is built: the segments leave within
// microseconds, and a timestamp counts milliseconds. A flush that sends
// nothing reads no clock.
func (c *conn) tsNow() uint32 {
	if !c.tsInBurst {
		return c.l.tsClock() + c.tsOffset
	}
	if !c.tsBurstSet {
		c.tsBurst, c.tsBurstSet = c.l.tsClock(), true
	}
	return c.tsBurst + c.tsOffset
}

// tsClock is the timestamp clock before the offset: the wall clock's
// milliseconds, read as the layer's start plus the monotonic time since
// (Stack.Since), which costs one clock read per segment instead of two.
func (l *Layer) tsClock() uint32 {
	return uint32(l.tsEpoch.UnixMilli() + int64(l.stack.Since(l.tsEpoch)/time.Millisecond))
}

// segmentOptions are the options of a segment that is not a SYN: the
// timestamps, and in an ACK without data, while data waits out of order,
// the SACK blocks (a data segment carries none: they would not fit
// beside a full segment's data).
func (c *conn) segmentOptions(h Header, dataLen int) HeaderOptions {
	o := h.Options
	if c.tsOK {
		o.HasTimestamps, o.TSVal, o.TSEcr = true, c.tsNow(), c.tsRecent
	}
	if h.Flags&FlagACK != 0 {
		c.lastAckSent = h.Ack
		if c.sackOK && len(c.ooo) > 0 && dataLen == 0 && h.Flags&FlagRST == 0 {
			o.SACK = c.sackBlocks()
		}
	}
	return o
}

// noteOutOfOrder remembers that an out-of-order segment starting at seq
// arrived: its block is reported first (RFC 2018 §4).
func (c *conn) noteOutOfOrder(seq seqnum.Value) {
	copy(c.recentOOO[1:], c.recentOOO[:len(c.recentOOO)-1])
	c.recentOOO[0] = seq
	c.nRecent = min(c.nRecent+1, len(c.recentOOO))
}

// sackBlocks returns the blocks of data held out of order, at most three
// beside timestamps (40 bytes of options), four without: first the block
// of the latest segment to arrive, then those of the segments before it,
// then the others, highest first.
func (c *conn) sackBlocks() []SACKBlock {
	most := 4
	if c.tsOK {
		most = 3
	}
	blocks := c.sackBuf[:0]
	add := func(o oooSegment) {
		b := SACKBlock{o.seq, o.end()}
		if !o.seq.LessThan(o.end()) || len(blocks) == most || slices.Contains(blocks, b) {
			return
		}
		blocks = append(blocks, b)
	}
	for _, seq := range c.recentOOO[:c.nRecent] {
		for _, o := range c.ooo {
			if o.seq.LessThanEq(seq) && seq.LessThan(o.end()) {
				add(o)
			}
		}
	}
	for i := len(c.ooo) - 1; i >= 0; i-- {
		add(c.ooo[i])
	}
	return blocks
}

// timestampsArrive checks and takes in a segment's timestamps (RFC 7323
// §5.3): it reports false for a segment that PAWS rejects, whose TSval is
// older than TS.Recent (an ACK is due: the peer learns where we are).
// TS.Recent moves to the segment's TSval when the segment is acceptable
// and begins at or before the last ACK we sent: what our next ACK echoes
// is then the time of the oldest segment it acknowledges.
func (c *conn) timestampsArrive(seg segment) bool {
	c.tsEcr = 0
	if !c.tsOK || !seg.Options.HasTimestamps {
		return true
	}
	if seg.Flags&FlagRST == 0 && int32(seg.Options.TSVal-c.tsRecent) < 0 {
		c.log.Debugf(logging.TCP, "%v: PAWS: TSval %d older than %d: dropped", c.id, seg.Options.TSVal, c.tsRecent)
		c.ackNow = true
		return false
	}
	if seg.Flags&FlagACK != 0 {
		c.tsEcr = seg.Options.TSEcr
	}
	if seg.Seq.LessThanEq(c.lastAckSent) && c.acceptable(seg) {
		c.tsRecent = seg.Options.TSVal
	}
	return true
}

// sampleTimestampRTT measures a round trip from the TSecr of an ACK of
// new data (RFC 7323 §4: RTTM): every such ACK gives one, retransmitted
// data too, since the echo says which transmission came back.
func (c *conn) sampleTimestampRTT() {
	if c.tsEcr == 0 {
		return
	}
	ms := int32(c.tsNow() - c.tsEcr)
	if ms < 0 {
		return
	}
	c.rttTiming = false
	c.updateRTO(time.Duration(ms) * time.Millisecond)
	c.floorRTO()
}

// floorRTO computes the RTO again after updateRTO, with the layer's
// minimum (Options.MinRTO, 200 ms unless set) instead of RFC 6298's 1 s.
func (c *conn) floorRTO() {
	c.rto = min(max(c.srtt+4*c.rttvar, c.l.opts.MinRTO), MaxRTO)
}

// sackArrives takes in the SACK blocks of an ACK: the scoreboard forgets
// what the ACK covers and adds the blocks (those below the ACK, a D-SACK
// of RFC 2883, or beyond SND.NXT are ignored). An ACK that does not move
// SND.UNA but SACKs new data is a duplicate ACK (RFC 6675 §2), whatever
// its window.
func (c *conn) sackArrives(seg segment) {
	c.delivered = 0
	if !c.sackOK || seg.Flags&FlagACK == 0 || seg.Ack.LessThan(c.sndUna) || seg.Ack.GreaterThan(c.sndNxt) {
		return
	}
	if seg.Ack.GreaterThan(c.sndUna) {
		c.probeOut = false
	}
	before := c.sackedBytes()
	defer func() { c.delivered = seg.Ack.Sub(c.sndUna) + c.sackedBytes() - before }()
	c.forgetBelow(seg.Ack)
	grew := false
	for _, b := range seg.sack {
		left, right := b.Left, b.Right
		if left.LessThan(seg.Ack) {
			left = seg.Ack
		}
		if !left.LessThan(right) || right.GreaterThan(c.sndNxt) {
			continue
		}
		if c.addSACKed(left, right) {
			grew = true
		}
	}
	if grew {
		c.probeOut = false
		if seg.Ack == c.sndUna && c.sndNxt != c.sndUna {
			c.dupAcks++
		}
	}
}

// forgetBelow drops from the scoreboard what lies before ack.
func (c *conn) forgetBelow(ack seqnum.Value) {
	i := 0
	for i < len(c.sacked) && c.sacked[i].end.LessThanEq(ack) {
		i++
	}
	c.sacked = c.sacked[i:]
	if len(c.sacked) > 0 && c.sacked[0].start.LessThan(ack) {
		c.sacked[0].start = ack
	}
	c.rtxd = slices.DeleteFunc(c.rtxd, func(r rtxRange) bool { return r.end.LessThanEq(ack) })
	if c.probeLineSet && c.probeLine.LessThanEq(ack) {
		c.probeLineSet = false
	}
}

// addSACKed adds [left, right) to the scoreboard, merged with the blocks
// it overlaps or touches; it reports whether any byte was new.
func (c *conn) addSACKed(left, right seqnum.Value) bool {
	i := 0
	for i < len(c.sacked) && c.sacked[i].end.LessThan(left) {
		i++
	}
	j, start, end := i, left, right
	for j < len(c.sacked) && c.sacked[j].start.LessThanEq(right) {
		if c.sacked[j].start.LessThan(start) {
			start = c.sacked[j].start
		}
		if c.sacked[j].end.GreaterThan(end) {
			end = c.sacked[j].end
		}
		j++
	}
	if j-i == 1 && c.sacked[i].start.LessThanEq(left) && right.LessThanEq(c.sacked[i].end) {
		return false
	}
	c.sacked = slices.Replace(c.sacked, i, j, seqRange{start, end})
	return true
}

// lossLine is where loss begins: every unSACKed byte before it is lost
// (RFC 6675's IsLost: more than two segments' worth of data, or three
// blocks, SACKed above it). After a timeout, everything that was in
// flight then and is not SACKed is lost; after a probe timeout or the
// reordering window, and throughout a recovery, every unSACKed byte below
// the highest SACKed block (RACK, RFC 8985 §6.2: it was sent before data
// that has arrived).
func (c *conn) lossLine() seqnum.Value {
	line := c.sndUna
	if c.rtoLost && c.recoverSeq.GreaterThan(line) {
		line = c.recoverSeq
	}
	if c.probeLineSet && c.probeLine.GreaterThan(line) && c.probeLine.LessThanEq(c.sndNxt) {
		line = c.probeLine
	}
	if c.recovering && len(c.sacked) > 0 && c.sacked[len(c.sacked)-1].start.GreaterThan(line) {
		line = c.sacked[len(c.sacked)-1].start
	}
	var above uint32
	for k := len(c.sacked) - 1; k >= 0; k-- {
		above += c.sacked[k].end.Sub(c.sacked[k].start)
		if above > 2*uint32(c.sndMSS) || len(c.sacked)-k >= 3 {
			if c.sacked[k].start.GreaterThan(line) {
				line = c.sacked[k].start
			}
			break
		}
	}
	return line
}

// holes calls f for each unSACKed range between SND.UNA and SND.NXT, in
// order, until f returns false.
func (c *conn) holes(f func(start, end seqnum.Value) bool) {
	at := c.sndUna
	for _, s := range c.sacked {
		if at.LessThan(s.start) && !f(at, s.start) {
			return
		}
		at = s.end
	}
	if at.LessThan(c.sndNxt) {
		f(at, c.sndNxt)
	}
}

// repairWindow is how long a repair is taken to be in flight: a round
// trip and a quarter, and 2 ms for a coarse clock or a busy machine.
func (c *conn) repairWindow() time.Duration {
	return c.srtt + c.srtt/4 + 2*time.Millisecond
}

// inFlightRepair returns the end of a repair sent within repairWindow
// that covers seq.
func (c *conn) inFlightRepair(seq seqnum.Value, now time.Time) (seqnum.Value, bool) {
	for _, r := range c.rtxd {
		if r.start.LessThanEq(seq) && seq.LessThan(r.end) && now.Sub(r.at) < c.repairWindow() {
			return r.end, true
		}
	}
	return 0, false
}

// pipe is RFC 6675's estimate of the data in the network: the unSACKed
// bytes not yet lost, and the repairs still in flight.
func (c *conn) pipe(line seqnum.Value, now time.Time) uint32 {
	var pipe uint32
	c.holes(func(start, end seqnum.Value) bool {
		if line.LessThan(end) {
			pipe += end.Sub(max32(start, line))
		}
		for _, r := range c.rtxd {
			s, e := max32(r.start, start), min32(r.end, min32(end, line))
			if s.LessThan(e) && now.Sub(r.at) < c.repairWindow() {
				pipe += e.Sub(s)
			}
		}
		return true
	})
	return pipe
}

func max32(a, b seqnum.Value) seqnum.Value {
	if a.GreaterThan(b) {
		return a
	}
	return b
}

func min32(a, b seqnum.Value) seqnum.Value {
	if a.LessThan(b) {
		return a
	}
	return b
}

// nextSeg is RFC 6675's NextSeg: what to send next, and whether it is a
// repair: (1) the first lost byte not being repaired; (2) new data the
// peer's window allows; (3) an unSACKed byte below the highest SACKed one,
// not being repaired.
func (c *conn) nextSeg(line seqnum.Value, now time.Time) (seqnum.Value, int, bool) {
	if s, n := c.holeToRepair(c.sndUna, line, now); n > 0 {
		return s, n, true
	}
	inFlight := int(c.sndNxt.Sub(c.sndUna))
	if n := min(len(c.sndBuf)-inFlight, int(c.sndWnd)-inFlight, c.maxSegment()); n > 0 {
		return c.sndNxt, n, false
	}
	if len(c.sacked) > 0 {
		if s, n := c.holeToRepair(line, c.sacked[len(c.sacked)-1].start, now); n > 0 {
			return s, n, true
		}
	}
	return 0, 0, false
}

// holeToRepair returns the first unSACKed range in [from, to) that no
// repair in flight covers, at most a segment long.
func (c *conn) holeToRepair(from, to seqnum.Value, now time.Time) (seq seqnum.Value, n int) {
	c.holes(func(start, end seqnum.Value) bool {
		start, end = max32(start, from), min32(end, to)
		for start.LessThan(end) {
			if e, ok := c.inFlightRepair(start, now); ok {
				start = e
				continue
			}
			stop := end
			for _, r := range c.rtxd {
				if start.LessThan(r.start) && r.start.LessThan(stop) {
					stop = r.start
				}
			}
			seq, n = start, min(int(stop.Sub(start)), c.maxSegment())
			return false
		}
		return true
	})
	return seq, n
}

// sackRecovery runs after every segment: it starts a recovery when the
// scoreboard shows a loss (RFC 6675 §5), and during one sends what PRR
// allows (or, after a timeout, what pipe lets cwnd take): repairs first,
// then new data.
func (c *conn) sackRecovery() {
	if !c.sackOK || c.sndNxt == c.sndUna {
		return
	}
	switch c.state {
	case StateEstablished, StateCloseWait, StateFinWait1, StateClosing, StateLastAck:
	default:
		return
	}
	now := c.l.stack.Now()
	line := c.lossLine()
	if !c.recovering {
		if c.dupAcks < 3 && !c.sndUna.LessThan(line) {
			return
		}
		c.log.Debugf(logging.TCP, "%v: SACK recovery from %d to %d", c.id, uint32(c.sndUna), uint32(c.sndNxt))
		c.l.stats.sackRecoveries.Add(1)
		c.cwndOnLoss(false)
		c.cwnd = c.ssthresh // pipe counts what left the network: no inflation
		c.recovering, c.recoverSeq = true, c.sndNxt
		c.rttTiming = false
		c.rtxd = c.rtxd[:0]
		c.prrStart()
		// The first lost segment goes at once, whatever pipe says
		// (RFC 6675 §5, step 4.3).
		if seq, n, repair := c.nextSeg(line, now); n > 0 && repair {
			c.sendFromScoreboard(seq, min(n, c.sndMSS), true, now)
		}
	}
	if c.rtoLost {
		c.sendAfterTimeout(line, now)
		return
	}
	c.sendPRR(line, now)
}

// sendAfterTimeout sends, after a retransmission timeout, what pipe lets
// cwnd take: cwnd starts again from one segment, in slow start (RFC 5681
// §3.1, RFC 6675 §5.1).
func (c *conn) sendAfterTimeout(line seqnum.Value, now time.Time) {
	cwnd, mss := c.congestionWindow(), uint32(c.sndMSS)
	for range 1024 {
		pipe := c.pipe(line, now)
		if pipe+mss > cwnd {
			return
		}
		seq, n, repair := c.nextSeg(line, now)
		if n <= 0 {
			return
		}
		if !repair { // whole segments, as many as cwnd has room for
			n = min(n, max(int(cwnd-pipe)/c.sndMSS*c.sndMSS, c.sndMSS))
		}
		c.sendFromScoreboard(seq, n, repair, now)
	}
}

// sendFromScoreboard sends n bytes from seq: a repair, remembered with its
// time, or new data.
func (c *conn) sendFromScoreboard(seq seqnum.Value, n int, repair bool, now time.Time) {
	off := int(seq.Sub(c.sndUna))
	if off >= len(c.sndBuf) { // the hole is our FIN
		if c.finOut {
			c.l.stats.retransSegs.Add(1)
			c.sendSegment(FlagFIN|FlagACK, seq, nil, noOptions())
		}
		c.addRepair(seq, seq.Add(1), now)
		return
	}
	n = min(n, len(c.sndBuf)-off)
	if c.recovering {
		c.prrOut += uint32(n)
	}
	if repair {
		c.l.stats.retransSegs.Add(1)
		c.l.stats.retransBytes.Add(uint64(n))
		c.sendSegment(FlagACK, seq, c.sndBuf[off:off+n], noOptions())
		c.addRepair(seq, seq.Add(uint32(n)), now)
		return
	}
	flags := FlagACK
	if off+n == len(c.sndBuf) {
		flags |= FlagPSH
	}
	c.sendSegment(flags, seq, c.sndBuf[off:off+n], noOptions())
	c.sndNxt = seq.Add(uint32(n))
}

// addRepair remembers a repair of [start, end) sent at now, in place of
// the older repairs it overlaps.
func (c *conn) addRepair(start, end seqnum.Value, now time.Time) {
	n := len(c.rtxd)
	c.rtxd = slices.DeleteFunc(c.rtxd, func(r rtxRange) bool { return r.start.LessThan(end) && start.LessThan(r.end) })
	if len(c.rtxd) < n {
		c.l.stats.lostRetransmits.Add(1) // a repair of these bytes went before
	}
	c.rtxd = append(c.rtxd, rtxRange{seqRange{start, end}, now})
}

// sackOnTimeout is the retransmission timer's part: after a timeout the
// congestion window starts again from one segment, in slow start, and
// with SACK everything unSACKed that was in flight counts as lost (RFC
// 6675 §5.1); the segment at SND.UNA, which the timer sends again, is the
// first repair.
func (c *conn) sackOnTimeout() {
	if c.state == StateSynSent || c.state == StateSynReceived {
		return
	}
	c.rtoLost = true
	if !c.sackOK {
		return
	}
	c.rtxd = c.rtxd[:0]
	n := max(min(int(c.sndNxt.Sub(c.sndUna)), len(c.sndBuf), c.sndMSS), 1)
	c.addRepair(c.sndUna, c.sndUna.Add(uint32(n)), c.l.stack.Now())
}

// recoveryEnds forgets the recovery's repairs once SND.UNA passes the
// point it began from.
func (c *conn) recoveryEnds() {
	c.rtoLost, c.probeLineSet = false, false
	c.rtxd = c.rtxd[:0]
	c.recoverFS = 0
}

// The tail loss probe (RFC 8985 §7). When the last segments of a flight
// are lost, nothing behind them brings a SACK, and only the retransmission
// timer (200 ms at least) would find the loss. Instead, when no ACK has
// come for a probe timeout, PTO = 2·SRTT + 2 ms (probeTimeout), send
// the last segment again. Its ACK carries the SACK blocks that start a
// fast recovery. (RFC 8985 prefers new data, when there is some; but a
// receiver answers a duplicate at once, where new data may wait for its
// delayed ACK: Linux delays ACKs while its reader lags, up to 40 ms, and
// with the window in flight each wait was a stall.) During a
// recovery the same timer finds repairs lost with every ACK behind them:
// all repairs in flight count as lost, and the first hole goes again.
//
// When the timer finds SACKed data above a hole, the hole is lost: the
// data sent after it arrived two round trips ago (RACK's rule, RFC 8985
// §6.2; the reordering window, shorter, usually finds it first). In a small
// window, fewer than three segments follow a lost one, too few for
// IsLost; resending the last segment, which the peer has already, would
// bring back the same SACK and leave the hole to the retransmission
// timer. So the probe starts a recovery instead (or, during one, repairs
// the first hole below the highest SACKed block).

// probeTimeout is PTO (RFC 8985 §7.2): two round trips, and ptoSlack
// for the timer and the peer's scheduling; with a single segment in
// flight, whose ACK the peer may delay, MinRTO more (Linux's
// tcp_schedule_loss_probe does the same, its slack TCP_TIMEOUT_MIN: two
// ticks of its clock).
func (c *conn) probeTimeout() time.Duration {
	pto := 2*c.srtt + ptoSlack
	if c.flightSize() <= uint32(c.sndMSS) {
		pto += c.l.opts.MinRTO
	}
	return pto
}

// ptoSlack is what the probe timeout adds to two round trips.
const ptoSlack = 2 * time.Millisecond

// armProbe (re)starts the probe timer after a flush, if data is in flight
// and no recovery or probe is under way. When a SACK shows a hole that is
// not yet lost (too little SACKed above it for IsLost), the timer counts
// down RACK's reordering window instead, once, from the first such ACK.
func (c *conn) armProbe() {
	if c.probeTimer == nil {
		return
	}
	if c.sackOK && !c.recovering && len(c.sacked) > 0 && !c.probing && c.state != StateClosed {
		if !c.rackArmed {
			c.rackArmed = true
			c.probeTimer.Reset(c.reorderWindow())
		}
		return
	}
	c.rackArmed = false
	pto := c.probeTimeout()
	if !c.sackOK || c.sndNxt == c.sndUna || c.probeOut || c.probing || pto >= c.rto {
		c.probeTimer.Stop()
		return
	}
	c.probeTimer.Reset(pto)
}

// reorderWindow is how long a hole below SACKed data may wait for its
// segment, which the network may only have reordered, before it counts
// as lost: RACK's reo_wnd (RFC 8985 §6.2), a quarter of the round trip,
// and at least minReorderWindow.
func (c *conn) reorderWindow() time.Duration {
	return max(c.srtt/4, minReorderWindow)
}

// minReorderWindow bounds the reordering window from below: timestamps
// tick in milliseconds, so on a path shorter than that SRTT is a rough
// guess.
const minReorderWindow = 250 * time.Microsecond

// onProbeTimer sends the tail loss probe.
func (c *conn) onProbeTimer() {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch c.state {
	case StateEstablished, StateCloseWait, StateFinWait1, StateClosing, StateLastAck:
	default:
		return
	}
	if c.sndNxt == c.sndUna || c.probing {
		return
	}
	if c.rackArmed {
		// The reordering window is over and the hole is still there:
		// it is lost, and a recovery repairs it.
		c.rackArmed = false
		if !c.recovering && len(c.sacked) > 0 {
			c.probeLine, c.probeLineSet = c.sacked[len(c.sacked)-1].start, true
			c.sackRecovery()
		}
		// The tail loss probe watches what is in flight now.
		if c.recovering || len(c.sacked) == 0 {
			c.armProbe()
		} else if pto := c.probeTimeout(); pto < c.rto {
			c.probeTimer.Reset(pto)
		}
		return
	}
	c.probeOut = true
	c.l.stats.lossProbes.Add(1)
	now := c.l.stack.Now()
	if len(c.sacked) > 0 {
		c.probeLine, c.probeLineSet = c.sacked[len(c.sacked)-1].start, true
	}
	if c.recovering {
		c.rtxd = c.rtxd[:0]
		if seq, n, repair := c.nextSeg(c.lossLine(), now); n > 0 && repair {
			c.sendFromScoreboard(seq, min(n, c.sndMSS), true, now)
			return
		}
	} else if c.probeLineSet {
		c.sackRecovery() // the hole is before the loss line: a recovery starts, and repairs it at once
		return
	}
	n := min(int(c.sndNxt.Sub(c.sndUna)), c.sndMSS)
	c.sendFromScoreboard(c.sndNxt.Add(^uint32(n-1)), n, true, now)
}
