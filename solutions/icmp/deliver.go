//camp:file 6

package icmp

import (
	"errors"
	"fmt"
	"syscall"

	"github.com/go-tcpip-camp/camp/solutions/ipv4"
	"github.com/go-tcpip-camp/camp/solutions/logging"
)

// ICMP errors to the sockets (ready-made on Day 6).
//
// An error message about one of our UDP or TCP datagrams is read here: what
// it means to a socket (the errno a kernel socket reports, and whether it
// is hard or soft, RFC 1122 §4.2.3.9), and for "fragmentation needed" the
// path MTU (RFC 1191). IP then checks the quote and hands it to the
// protocol named in it (ipv4.Layer.DeliverError), which finds the socket.

// ErrParameterProblem is the reason given for a Parameter Problem message.
var ErrParameterProblem = errors.New("icmp: parameter problem")

// typeSourceQuench is the obsolete Source Quench message (type 4).
const typeSourceQuench Type = 4

// unreachable says, for each Destination Unreachable code, the errno a
// socket reports and whether the error is hard: the destination will not
// take the datagram, however often it is sent. The codes are RFC 792's
// (0–5), RFC 1122 §3.2.2.1's (6–12) and RFC 1812 §5.2.7.1's (13–15); the
// errnos and the hard ones are Linux's (icmp_err_convert), except that
// "source host isolated" (8) says EHOSTUNREACH, as ENONET exists only on
// Linux. RFC 1122 §4.2.3.9 names codes 2–4 hard for TCP; Linux counts 4
// ("fragmentation needed") soft, as path MTU discovery answers it, and
// the codes a filter sends (9, 10, 13) hard.
var unreachable = [...]struct {
	errno syscall.Errno
	hard  bool
}{
	0:  {syscall.ENETUNREACH, false},  // net unreachable
	1:  {syscall.EHOSTUNREACH, false}, // host unreachable
	2:  {syscall.ENOPROTOOPT, true},   // protocol unreachable
	3:  {syscall.ECONNREFUSED, true},  // port unreachable
	4:  {syscall.EMSGSIZE, false},     // fragmentation needed and DF set
	5:  {syscall.EOPNOTSUPP, false},   // source route failed
	6:  {syscall.ENETUNREACH, true},   // destination network unknown
	7:  {syscall.EHOSTDOWN, true},     // destination host unknown
	8:  {syscall.EHOSTUNREACH, true},  // source host isolated
	9:  {syscall.ENETUNREACH, true},   // network administratively prohibited
	10: {syscall.EHOSTUNREACH, true},  // host administratively prohibited
	11: {syscall.ENETUNREACH, false},  // network unreachable for the type of service
	12: {syscall.EHOSTUNREACH, false}, // host unreachable for the type of service
	13: {syscall.EHOSTUNREACH, true},  // communication administratively prohibited
	14: {syscall.EHOSTUNREACH, true},  // host precedence violation
	15: {syscall.EHOSTUNREACH, true},  // precedence cutoff in effect
}

// plateaus are RFC 1191 §7's table of the MTUs in common use, largest
// first: a router too old to say the next-hop MTU (it sends 0) makes us
// guess the next plateau below the datagram that did not pass.
var plateaus = [...]int{65535, 32000, 17914, 8166, 4352, 2002, 1492, 1006, 508, 296, 68}

// plateauBelow returns the largest plateau smaller than size, or 68, the
// least MTU of an IPv4 link (RFC 791).
func plateauBelow(size int) int {
	for _, p := range plateaus {
		if p < size {
			return p
		}
	}
	return plateaus[len(plateaus)-1]
}

// errorToSocket passes an ICMP error about a UDP or TCP datagram (any
// protocol but ICMP), whose quote reportError has parsed (qh, qp), to IP,
// which hands it to that protocol. A quote that is not the start of a
// datagram of ours is dropped and counted (InErrors), as reportError
// counts one it cannot parse.
func (l *Layer) errorToSocket(h ipv4.Header, m Message, err error, qh ipv4.Header, qp []byte) {
	e := ipv4.ControlError{From: h.Src, Quoted: qh, Transport: qp}
	switch m.Type {
	case TypeDestinationUnreachable:
		if int(m.Code) >= len(unreachable) {
			l.log.Infof(logging.ICMP, "%v: code %d means nothing to a socket", err, m.Code)
			return
		}
		u := unreachable[m.Code]
		e.Err, e.Hard = fmt.Errorf("%w: %w", err, u.errno), u.hard
		if UnreachableCode(m.Code) == UnreachableFragmentationNeeded {
			// RFC 1191 §4: the next-hop MTU is in the low 16 bits of
			// the "unused" field; a router older than RFC 1191 leaves
			// it 0, and we guess from the size of our datagram.
			e.MTU = int(uint16(m.Rest))
			if e.MTU == 0 {
				e.MTU = plateauBelow(int(qh.TotalLen))
			}
		}
	case TypeTimeExceeded:
		e.Err = fmt.Errorf("%w: %w", err, syscall.EHOSTUNREACH)
	case TypeParameterProblem:
		e.Err = fmt.Errorf("%w: %w", err, syscall.EPROTO)
	default:
		return
	}
	if derr := l.ip.DeliverError(e); derr != nil {
		if errors.Is(derr, ipv4.ErrBadQuote) {
			l.stats.inErrors.Add(1)
		}
		l.log.Infof(logging.ICMP, "%v: dropped: %v", err, derr)
	}
}
