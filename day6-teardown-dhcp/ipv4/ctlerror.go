// Generated from solutions/ipv4/ctlerror.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/ipv4/ctlerror.go instead and regenerate; `course check` fails when the two drift.

package ipv4

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/logging"
)

// ICMP errors for the upper protocols (ready-made on Day 6).
//
// A router that cannot forward one of our datagrams, or the host it was
// for, may answer with an ICMP error message: Destination Unreachable,
// Time Exceeded, Parameter Problem. The message quotes our datagram: its
// IP header and at least the first 8 bytes of its payload (RFC 792), which
// for UDP and TCP hold both ports and, for TCP, the sequence number. That
// quote is all there is to say which socket the error is about, so IP's
// protocol table has two entries per protocol, as a kernel's has (Linux's
// struct net_protocol has a handler and an err_handler): the input routine
// for datagrams, and the error routine for errors about the datagrams the
// protocol sent. The ICMP layer parses the message and says what it means
// (a [ControlError]); [Layer.DeliverError] checks the quote and hands it to
// the quoted protocol's [ErrorHandler]; the protocol finds the socket.

// ErrBadQuote is the reason an ICMP error is dropped when its quote is not
// the start of a datagram this host sent.
var ErrBadQuote = errors.New("ipv4: ICMP error quotes no datagram of ours")

// A ControlError is an ICMP error about a datagram this host sent, as the
// ICMP layer reads it, handed to the protocol that sent the datagram.
type ControlError struct {
	From netip.Addr // who sent the ICMP message: a router on the path, or the destination
	// Err says what went wrong, wrapping the errno a kernel socket
	// reports for it (errors.Is(err, syscall.ECONNREFUSED) for a port
	// unreachable).
	Err error
	// Hard is true when the destination will not take the datagram however
	// often it is sent again: port or protocol unreachable, or forbidden by
	// a filter (RFC 1122 §4.2.3.9 calls these hard errors). The others
	// (no route, TTL exceeded …) are soft: they may pass.
	Hard bool
	// MTU is, for "fragmentation needed and DF set", the largest datagram
	// the path takes from now on (RFC 1191); 0 for every other error.
	MTU int

	Quoted    Header // the header of our datagram, as the error quotes it
	Transport []byte // the quoted start of its payload: at least 8 bytes
}

// An ErrorHandler is an upper protocol's routine for the ICMP errors about
// the datagrams it sent. It runs on the soft interrupt's goroutine.
type ErrorHandler func(e ControlError)

// RegisterErrorHandler makes h the receiver of ICMP errors about the
// datagrams of protocol p.
func (l *Layer) RegisterErrorHandler(p Protocol, h ErrorHandler) error {
	if h == nil {
		return fmt.Errorf("ipv4: register %s error handler: nil handler", p)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, dup := l.errHandlers[p]; dup {
		return fmt.Errorf("ipv4: register %s error handler: %w", p, ErrProtocolInUse)
	}
	if l.errHandlers == nil {
		l.errHandlers = make(map[Protocol]ErrorHandler)
	}
	l.errHandlers[p] = h
	return nil
}

// DeliverError hands e to the error handler of the protocol its quote
// names. It fails with [ErrBadQuote] when the quoted datagram's source is
// not one of our addresses (we did not send it: a forged or misdirected
// error), and with [ErrUnknownProtocol] when no protocol takes errors.
func (l *Layer) DeliverError(e ControlError) error {
	if l.interfaceWithAddr(e.Quoted.Src) == nil {
		return fmt.Errorf("%w: its source %v is not one of our addresses", ErrBadQuote, e.Quoted.Src)
	}
	if e.Quoted.FragOff != 0 {
		return fmt.Errorf("%w: it quotes a fragment other than the first (no ports in it)", ErrBadQuote)
	}
	l.mu.RLock()
	h := l.errHandlers[e.Quoted.Protocol]
	l.mu.RUnlock()
	if h == nil {
		return fmt.Errorf("%w: no error handler for %s", ErrUnknownProtocol, e.Quoted.Protocol)
	}
	l.log.Debugf(logging.IP, "ICMP error from %v to %s about %v → %v: %v", e.From, e.Quoted.Protocol, e.Quoted.Src, e.Quoted.Dst, e.Err)
	h(e)
	return nil
}
