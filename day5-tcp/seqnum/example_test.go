// Generated from solutions/seqnum/example_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 5 — write its TODOs here. Course authors: edit
// solutions/seqnum/example_test.go instead and regenerate; `course check` fails when the two drift.

package seqnum_test

import (
	"fmt"

	"github.com/go-tcpip-camp/camp/day5-tcp/seqnum"
)

func ExampleValue_LessThan() {
	last := seqnum.Value(4294967295) // the last number before the wrap
	next := last.Add(1)              // the byte sent right after it
	fmt.Println(next)
	fmt.Println("plain <:  ", last < next)
	fmt.Println("LessThan: ", last.LessThan(next))
	// Output:
	// 0
	// plain <:   false
	// LessThan:  true
}

func ExampleValue_InWindow() {
	// A receiver expects byte 4294967290 next and has room for 100 bytes,
	// so its window crosses 0 (RFC 9293 §3.10.7.4: RCV.NXT ≤ SEG.SEQ <
	// RCV.NXT+RCV.WND).
	rcvNxt, rcvWnd := seqnum.Value(4294967290), uint32(100)
	for _, seq := range []seqnum.Value{4294967289, 4294967290, 0, 93, 94} {
		fmt.Println(seq, seq.InWindow(rcvNxt, rcvWnd))
	}
	// Output:
	// 4294967289 false
	// 4294967290 true
	// 0 true
	// 93 true
	// 94 false
}

func ExampleValue_Sub() {
	// Bytes in flight: sent (up to SND.NXT) but not yet acknowledged
	// (from SND.UNA), across the wrap.
	sndUna, sndNxt := seqnum.Value(4294967000), seqnum.Value(704)
	fmt.Println(sndNxt.Sub(sndUna))
	// Output:
	// 1000
}

func ExampleValue_InRange() {
	// In SYN-SENT an ACK is acceptable when ISS < SEG.ACK ≤ SND.NXT
	// (RFC 9293 §3.10.7.3).
	iss := seqnum.Value(4294967295)
	sndNxt := iss.Add(1) // the SYN occupies one sequence number
	for _, ack := range []seqnum.Value{iss, sndNxt, sndNxt.Add(1)} {
		fmt.Println(ack, ack.InRange(iss.Add(1), sndNxt.Add(1)))
	}
	// Output:
	// 4294967295 false
	// 0 true
	// 1 false
}
