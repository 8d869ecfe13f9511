// Generated from solutions/seqnum/seqnum.go by "go run ./tools/course gen".
// Learners: this is your copy for day 5 — write its TODOs here. Course authors: edit
// solutions/seqnum/seqnum.go instead and regenerate; `course check` fails when the two drift.

// Package seqnum does arithmetic on TCP sequence numbers (RFC 9293 §3.4):
// 32-bit counters that wrap around from 2^32-1 to 0, and that are
// therefore compared by how far apart they are, not by their size.
//
// # Why plain < is wrong
//
// Every byte a TCP connection sends has a sequence number, and the numbers
// count up from a random start (the ISN, RFC 6528) modulo 2^32 (RFC 9293
// §3.4: "all arithmetic dealing with sequence numbers must be performed
// modulo 2^32"). A connection that starts at 4294967000 has sent byte
// 4294967295 after 296 bytes and byte 0 right after it. Compared as plain
// uint32 values, 0 < 4294967295, so a receiver using < thinks the newer
// byte is older: it drops new data as a duplicate and takes an ACK of new
// data for an old one, and the connection stalls at the wrap. On a fast
// link this is no corner case: at 1 Gbit/s the numbers wrap every 34
// seconds.
//
// # Serial number arithmetic
//
// The fix is RFC 1982's serial number arithmetic: v is before w when going
// forward from v to w is the shorter way round the circle of 2^32 numbers,
// that is when w−v, computed modulo 2^32, is between 1 and 2^31−1. Go's
// uint32 subtraction already wraps modulo 2^32, and converting the
// difference v−w to int32 maps the short way forward to a positive number
// and the short way back to a negative one, so
//
//	v is before w  ⇔  int32(v−w) < 0
//
// For 0 and 4294967295 this gives int32(0−4294967295) = int32(1) = 1 > 0:
// 0 comes after 4294967295, one step later, as it should.
//
// The rule is right only while the two numbers are less than 2^31 apart.
// Numbers exactly 2^31 apart are each "before" the other, and numbers
// further apart compare the wrong way round (RFC 1982 §3.2 leaves such
// comparisons undefined). TCP keeps within the limit by never letting more
// than 2^30 bytes be outstanding: a window is at most 2^30 bytes even with
// window scaling (RFC 7323 §2.3), which is why the shift is at most 14.
// Segments that are older still, duplicates that wandered the network
// from an earlier incarnation of the connection, are why TCP waits out the
// maximum segment lifetime (RFC 9293 §3.4.2, §3.4.3, and TIME-WAIT in
// §3.6), and why fast links need the timestamps option (PAWS, RFC 7323 §5).
//
// # Ranges and windows
//
// The receive and send windows are ranges of sequence numbers, and a range
// may cross 0. [Value.InRange] and [Value.InWindow] measure offsets from
// the start of the range, v−first modulo 2^32, which is wrap-safe for any
// range shorter than 2^32: no comparison of two arbitrary numbers is
// needed at all.
package seqnum

import "strconv"

// Value is a sequence number: a position in a connection's 32-bit,
// wrapping sequence space (RFC 9293 §3.4). Compare values with the
// methods of this package, never with <, <=, > or >=, which go wrong
// where the numbers wrap from 2^32-1 to 0 (see the package doc). == and !=
// are fine.
type Value uint32

// Add returns the sequence number n positions after v, modulo 2^32:
// Value(4294967295).Add(1) is 0.
func (v Value) Add(n uint32) Value {
	return v + Value(n)
}

// Sub returns the distance from w forward to v, v−w modulo 2^32: how many
// sequence numbers lie from w up to (not including) v. If w is before v,
// this is the number of bytes between them, so, for example,
// SND.NXT.Sub(SND.UNA) is the number of bytes sent and not yet
// acknowledged. If w is after v, the result is large (2^32 minus the
// distance back).
func (v Value) Sub(w Value) uint32 {
	return uint32(v - w)
}

// LessThan reports whether v comes before w: whether w is reached by going
// forward from v fewer than 2^31 steps (RFC 1982 §3.2). The answer is
// meaningful only while v and w are less than 2^31 apart; see the package
// doc.
func (v Value) LessThan(w Value) bool {
	// The signed difference: negative when going back from v to w is the
	// short way round. uint32 subtraction wraps modulo 2^32, and int32
	// reads the top half of the circle as negative.
	return int32(v-w) < 0
}

// LessThanEq reports whether v is w or comes before it (RFC 9293's "=<").
func (v Value) LessThanEq(w Value) bool {
	return v == w || v.LessThan(w)
}

// GreaterThan reports whether v comes after w; w.LessThan(v).
func (v Value) GreaterThan(w Value) bool {
	return w.LessThan(v)
}

// GreaterThanEq reports whether v is w or comes after it.
func (v Value) GreaterThanEq(w Value) bool {
	return v == w || w.LessThan(v)
}

// InRange reports whether a ≤ v < b: whether v is one of the b−a sequence
// numbers that start at a. The range may cross 0: Value(1).InRange(
// 4294967290, 10) is true. If a == b the range is empty and InRange
// reports false. The range is read going forward from a, so if b comes
// before a it is the long way round the circle; keep ranges shorter than
// 2^31, as TCP's are.
//
// An acknowledgment is acceptable in SYN-SENT, for example, when
// ISS < SEG.ACK ≤ SND.NXT (RFC 9293 §3.10.7.3), which is
// SEG.ACK.InRange(ISS.Add(1), SND.NXT.Add(1)).
func (v Value) InRange(a, b Value) bool {
	// The offset of v from a and the length of the range, both counted
	// forward from a, so the wrap at 0 does not matter.
	return v.Sub(a) < b.Sub(a)
}

// InWindow reports whether v is one of the size sequence numbers that
// start at first: first ≤ v < first+size. A window of size 0 holds no
// number. The window may cross 0.
//
// This is the receive window test of RFC 9293 §3.10.7.4:
// RCV.NXT ≤ SEG.SEQ < RCV.NXT+RCV.WND is
// SEG.SEQ.InWindow(RCV.NXT, RCV.WND).
func (v Value) InWindow(first Value, size uint32) bool {
	return v.Sub(first) < size
}

// Max returns whichever of a and b comes later in sequence space. a and b
// must be less than 2^31 apart.
func Max(a, b Value) Value {
	if a.LessThan(b) {
		return b
	}
	return a
}

// Min returns whichever of a and b comes earlier in sequence space. a and
// b must be less than 2^31 apart.
func Min(a, b Value) Value {
	if b.LessThan(a) {
		return b
	}
	return a
}

// String returns v in decimal, as tcpdump prints absolute sequence
// numbers.
func (v Value) String() string {
	return strconv.FormatUint(uint64(v), 10)
}

// GoString is what %#v prints, and so what a failing test shows: the
// number in decimal, as tcpdump prints it, not in hex.
func (v Value) GoString() string { return v.String() }
