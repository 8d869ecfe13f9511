// Generated from solutions/tcp/output.go by "go run ./tools/course gen".
// Learners: this is your copy for day 5 — write its TODOs here. Course authors: edit
// solutions/tcp/output.go instead and regenerate; `course check` fails when the two drift.

package tcp

import "github.com/go-tcpip-camp/camp/day5-tcp/todo"

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
	// TODO(day5): 5.10 tcp-output — send the unsent data that fits the peer's window, in segments of at most its MSS, then the FIN when the program closed and all data is out; keep the retransmission timer armed while anything is in flight.
	// Lesson: docs/day5-tcp.md#tcp-output
	// Hint: in flight is SND.NXT − SND.UNA; what may be sent is min(unsent, c.sendWindow() − in flight, c.maxSegment());
	// Hint: c.sendSegment sends, c.rtxTimer.Reset(c.rto) arms the timer.
	c.l.stack.Report(todo.New(5, "tcp-output"))
}

// armPersist starts the persist timer when data waits behind a closed
// window and nothing is in flight to bring an ACK that opens it.
func (c *conn) armPersist() {
	if c.sndWnd == 0 && len(c.sndBuf) > int(c.sndNxt.Sub(c.sndUna)) && c.sndNxt == c.sndUna && !c.rtxTimer.Armed() {
		c.probing = true
		c.rtxTimer.Reset(c.rto)
	}
}
