//camp:file 6

package tcp

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"syscall"

	"github.com/go-tcpip-camp/camp/solutions/ipv4"
	"github.com/go-tcpip-camp/camp/solutions/logging"
	"github.com/go-tcpip-camp/camp/solutions/seqnum"
)

// ICMP errors for TCP connections (ready-made on Day 6).
//
// A router or the peer's host may answer one of our segments with an ICMP
// error. It quotes the segment's IP header and its first 8 bytes: both
// ports and the sequence number, enough to find the connection. What TCP
// does with it (RFC 1122 §4.2.3.9, RFC 5927):
//
//   - First, the sequence number must be one in flight, SND.UNA ≤ SEQ <
//     SND.NXT (RFC 5927 §4.1). Anyone can send an ICMP message, and an
//     attacker off the path who guesses the four-tuple could otherwise
//     end connections or shrink their segments at will (the "blind"
//     attacks of RFC 5927); guessing a sequence number in flight too is
//     far harder. Errors that fail the check are ignored and counted
//     (OutOfWindowICMPs).
//   - A hard error (port or protocol unreachable, forbidden by a filter)
//     while the connection is being opened ends the attempt at once:
//     Dial fails with ECONNREFUSED for a closed port, as the kernel's
//     connect does, not after a minute of SYNs sent again.
//   - Every other error, and every error on an established connection, is
//     soft: routes come back, and on an established connection even a
//     "hard" error may be forged or out of date (RFC 5927 §5.2, and Linux
//     does the same). The connection remembers it and goes on; if it
//     later times out, the timeout error names it (RFC 1122 §4.2.3.9:
//     "make the information available to the application"), so a program
//     learns "no route to host", not just "timed out".
//   - "Fragmentation needed" is path MTU discovery (RFC 1191): our
//     segments leave with Don't Fragment set, and a router whose next link
//     is too small for one drops it and says which size would have
//     passed. The connection lowers its segment size to fit and sends
//     what was in flight again, in smaller segments.
//   - Source Quench is ignored (RFC 6633); the ICMP layer drops it.

// MinPathMTU is the least path MTU a "fragmentation needed" may lower a
// connection to: 576 bytes, the datagram every IPv4 host must take (RFC
// 1122 §3.3.2, RFC 791), so a segment carries at least 536 bytes, the default MSS
// (RFC 9293 §3.7.1). A smaller report (RFC 1191 allows down to 68) is
// taken as 576: a forged error cannot make a connection crawl along in
// tiny segments. (Linux's floor is net.ipv4.route.min_pmtu, 552; below
// it Linux also stops setting DF, which this stack does not do.)
const MinPathMTU = 576

// registerICMPErrors makes the layer the receiver of ICMP errors about
// TCP segments.
func (l *Layer) registerICMPErrors() error {
	return l.ip.RegisterErrorHandler(ipv4.ProtocolTCP, l.icmpError)
}

// icmpError finds the connection an ICMP error is about, by the quoted
// four-tuple, and hands it the error with the quoted sequence number.
func (l *Layer) icmpError(e ipv4.ControlError) {
	sport := binary.BigEndian.Uint16(e.Transport[0:])
	dport := binary.BigEndian.Uint16(e.Transport[2:])
	seq := seqnum.Value(binary.BigEndian.Uint32(e.Transport[4:]))
	t := fourTuple{local: netip.AddrPortFrom(e.Quoted.Src, sport), remote: netip.AddrPortFrom(e.Quoted.Dst, dport)}
	l.mu.Lock()
	c := l.conns[t]
	l.mu.Unlock()
	if c == nil {
		l.log.Infof(logging.TCP, "%v: %v: no such connection", t, e.Err)
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.icmpError(e, seq)
}

// icmpError takes in an ICMP error about the segment of sequence number
// seq. c.mu is held.
func (c *conn) icmpError(e ipv4.ControlError, seq seqnum.Value) {
	if seq.LessThan(c.sndUna) || !seq.LessThan(c.sndNxt) {
		c.l.stats.outOfWindowICMPs.Add(1)
		c.log.Infof(logging.TCP, "%v: %v: ignored, sequence number %d is not in flight (%d to %d)", c.id, e.Err, uint32(seq), uint32(c.sndUna), uint32(c.sndNxt))
		return
	}
	if e.MTU > 0 {
		c.pathMTU(e.MTU)
		return
	}
	if e.Hard && (c.state == StateSynSent || c.state == StateSynReceived) {
		c.log.Infof(logging.TCP, "%v: %v: the connection cannot be opened", c.id, e.Err)
		if c.listener != nil {
			c.abort(nil) // a passive open: the half-open connection goes, the listener goes on
			return
		}
		c.l.stats.attemptFails.Add(1)
		c.abort(e.Err)
		return
	}
	c.log.Infof(logging.TCP, "%v: %v: a soft error, remembered", c.id, e.Err)
	c.softErr = e.Err
}

// pathMTU lowers the segment size for a path whose MTU is mtu, and sends
// what is in flight again at the new size: the router dropped the segments
// too large for it. RFC 1191 §6.4 allows the retransmission at once rather
// than after the timer, and says it is no sign of congestion: cwnd stays.
// (It suggests sending one segment and letting the ACKs bring out the
// rest; Linux, tcp_simple_retransmit, sends all of them within cwnd at
// once, as we do: the flight was within cwnd already.) A burst of large
// segments brings one error each: only the first lowers the size and
// sends again, the others are ignored (RFC 1191 §6.4: "One MUST not
// retransmit in response to every Datagram Too Big message").
func (c *conn) pathMTU(mtu int) {
	if !c.state.synchronized() {
		return // a SYN is small; the MSS is settled once both SYNs are in
	}
	mss := mssOf(max(mtu, MinPathMTU))
	if c.tsOK {
		mss -= tsSpace // as the peer's MSS, less the room timestamps take (agreeSACKAndTimestamps)
	}
	if mss >= c.sndMSS {
		return // an error about a segment sent before the last lowering, or a bogus MTU
	}
	if mtu < MinPathMTU {
		c.log.Infof(logging.TCP, "%v: a router says path MTU %d, below the floor: taken as %d", c.id, mtu, MinPathMTU)
	}
	c.log.Infof(logging.TCP, "%v: path MTU %d: segments of %d bytes, not %d", c.id, max(mtu, MinPathMTU), mss, c.sndMSS)
	c.sndMSS = mss
	c.gsoSegment = 0 // maxSegment computes it again
	c.rttTiming = false
	end := c.sndUna.Add(uint32(min(int(c.sndNxt.Sub(c.sndUna)), len(c.sndBuf))))
	for seq := c.sndUna; seq.LessThan(end); {
		n := min(int(end.Sub(seq)), mss)
		off := int(seq.Sub(c.sndUna))
		if !c.isSACKed(seq, seq.Add(uint32(n))) {
			c.l.stats.retransSegs.Add(1)
			c.sendSegment(FlagACK, seq, c.sndBuf[off:off+n], noOptions())
		}
		seq = seq.Add(uint32(n))
	}
	if c.sndNxt != c.sndUna {
		c.rtxTimer.Reset(c.rto)
	}
}

// isSACKed reports whether the peer's SACK blocks cover [start, end).
func (c *conn) isSACKed(start, end seqnum.Value) bool {
	for _, r := range c.sacked {
		if r.start.LessThanEq(start) && end.LessThanEq(r.end) {
			return true
		}
	}
	return false
}

// timedOut is the error of a connection whose retransmissions ran out:
// ETIMEDOUT, naming the last soft ICMP error if there was one.
func (c *conn) timedOut() error {
	if c.softErr == nil {
		return errTimedOut
	}
	op := "read"
	if c.state == StateSynSent {
		op = "connect"
	}
	return &timeoutError{op: op, icmp: c.softErr}
}

// timeoutError is a timeout after a soft ICMP error: errors.Is finds both
// syscall.ETIMEDOUT and the ICMP error's errno (EHOSTUNREACH …) in it.
type timeoutError struct {
	op   string // the system call the kernel would name: connect or read
	icmp error
}

func (e *timeoutError) Error() string {
	return fmt.Sprintf("%s: %v (the last ICMP error: %v)", e.op, syscall.ETIMEDOUT, e.icmp)
}

func (e *timeoutError) Unwrap() []error { return []error{syscall.ETIMEDOUT, e.icmp} }

// Timeout reports true: net.Error's Timeout() holds, as for ETIMEDOUT.
func (e *timeoutError) Timeout() bool { return true }
