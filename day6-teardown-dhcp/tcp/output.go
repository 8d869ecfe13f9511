// Generated from solutions/tcp/output.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/tcp/output.go instead and regenerate; `course check` fails when the two drift.

package tcp

// output sends what the send window allows: new data, in segments of at
// most the peer's MSS, and the FIN once all data is out. It arms the
// retransmission timer for what is in flight, and the persist timer when
// the peer's window is closed. c.mu is held.
func (c *conn) output() {
	switch c.state {
	case StateEstablished, StateCloseWait, StateFinWait1, StateLastAck, StateClosing:
	default:
		return
	}
	defer c.armPersist()
	for {
		inFlight := int(c.sndNxt.Sub(c.sndUna))
		unsent := len(c.sndBuf) - inFlight
		usable := int(c.sendWindow()) - inFlight
		n := min(unsent, usable, c.maxSegment())
		if n <= 0 {
			break
		}
		flags := FlagACK
		if n == unsent {
			flags |= FlagPSH // the last of what the program wrote: deliver it
		}
		c.sendSegment(flags, c.sndNxt, c.sndBuf[inFlight:inFlight+n], noOptions())
		c.startRTT(c.sndNxt.Add(uint32(n)))
		c.sndNxt = c.sndNxt.Add(uint32(n))
	}
	allSent := int(c.sndNxt.Sub(c.sndUna)) == len(c.sndBuf)
	if c.finOut && allSent {
		c.sendSegment(FlagFIN|FlagACK, c.sndNxt, nil, noOptions())
		c.sndNxt = c.sndNxt.Add(1)
	}
	if c.sndNxt != c.sndUna && (!c.rtxTimer.Armed() || c.probing) {
		c.probing = false
		c.rtxTimer.Reset(c.rto)
	}
}

// armPersist starts the persist timer when data waits behind a closed
// window and nothing is in flight to bring an ACK that opens it.
func (c *conn) armPersist() {
	if c.sndWnd == 0 && len(c.sndBuf) > int(c.sndNxt.Sub(c.sndUna)) && c.sndNxt == c.sndUna && !c.rtxTimer.Armed() {
		c.probing = true
		c.rtxTimer.Reset(c.rto)
	}
}
