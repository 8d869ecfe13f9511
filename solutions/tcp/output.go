//camp:file 5

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
	//camp:todo 5.10 tcp-output: send the unsent data that fits the peer's window, in segments of at most its MSS, then the FIN when the program closed and all data is out; keep the retransmission timer armed while anything is in flight
	for {
		inFlight := int(c.sndNxt.Sub(c.sndUna))
		unsent := len(c.sndBuf) - inFlight
		usable := int(c.sendWindow()) - inFlight
		//camp:mistake 5.10 window-ignored: segments are cut to the MSS but the peer's window is not counted, so the stack sends more than the peer can take
		n := min(unsent, usable, c.maxSegment())
		//camp:instead
		// n := min(unsent, c.maxSegment())
		// _ = usable
		//camp:end
		if n <= 0 {
			break
		}
		flags := FlagACK
		if n == unsent {
			flags |= FlagPSH // the last of what the program wrote: deliver it
		}
		//camp:mistake 5.10 send-from-snd-una: each segment's data is taken from the start of sndBuf, which is SND.UNA, so data in flight goes out again under a new sequence number
		c.sendSegment(flags, c.sndNxt, c.sndBuf[inFlight:inFlight+n], noOptions())
		//camp:instead
		// c.sendSegment(flags, c.sndNxt, c.sndBuf[:n], noOptions())
		//camp:end
		c.startRTT(c.sndNxt.Add(uint32(n)))
		c.sndNxt = c.sndNxt.Add(uint32(n))
	}
	allSent := int(c.sndNxt.Sub(c.sndUna)) == len(c.sndBuf)
	if c.finOut && allSent {
		c.sendSegment(FlagFIN|FlagACK, c.sndNxt, nil, noOptions())
		c.sndNxt = c.sndNxt.Add(1)
	}
	//camp:mistake 5.10 rtx-timer-restarted: the retransmission timer is restarted on every output, so while the program keeps writing a lost segment is never retransmitted in time
	if c.sndNxt != c.sndUna && (!c.rtxTimer.Armed() || c.probing) {
		c.probing = false
		c.rtxTimer.Reset(c.rto)
	}
	//camp:instead
	// if c.sndNxt != c.sndUna {
	// 	c.probing = false
	// 	c.rtxTimer.Reset(c.rto)
	// }
	//camp:end
	//camp:stub
	// // Hint: in flight is SND.NXT − SND.UNA; what may be sent is min(unsent, c.sendWindow() − in flight, c.maxSegment());
	// // Hint: c.sendSegment sends, c.rtxTimer.Reset(c.rto) arms the timer.
	// c.l.stack.Report(todo.New(5, "tcp-output"))
	//camp:end
}

// armPersist starts the persist timer when data waits behind a closed
// window and nothing is in flight to bring an ACK that opens it.
func (c *conn) armPersist() {
	if c.sndWnd == 0 && len(c.sndBuf) > int(c.sndNxt.Sub(c.sndUna)) && c.sndNxt == c.sndUna && !c.rtxTimer.Armed() {
		c.probing = true
		c.rtxTimer.Reset(c.rto)
	}
}
