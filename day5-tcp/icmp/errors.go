// Generated from solutions/icmp/errors.go by "go run ./tools/course gen".
// Learners: this is your copy for day 5 — write its TODOs here. Course authors: edit
// solutions/icmp/errors.go instead and regenerate; `course check` fails when the two drift.

package icmp

import (
	"net/netip"
	"time"

	"github.com/go-tcpip-camp/camp/day5-tcp/ipv4"
	"github.com/go-tcpip-camp/camp/day5-tcp/logging"
)

// The rate limit of ICMP errors (RFC 1812 §4.3.2.8, RFC 1122 §3.2.2): a
// token bucket that holds ErrorBurst tokens and gains one every
// ErrorInterval. An error costs a token; with none left, it is not sent.
// (Linux's defaults are similar: icmp_msgs_per_sec 1000, burst 50.)
const (
	ErrorBurst    = 10
	ErrorInterval = 10 * time.Millisecond
)

// Unreachable sends a Destination Unreachable with the given code about
// the datagram (h, payload) to its sender. It implements ipv4.ErrorSender.
func (l *Layer) Unreachable(code uint8, h ipv4.Header, payload []byte) {
	l.sendError(TypeDestinationUnreachable, code, h, payload)
}

// TimeExceeded sends a Time Exceeded (TTL exceeded in transit) about the
// datagram (h, payload) to its sender. It implements ipv4.ErrorSender.
func (l *Layer) TimeExceeded(h ipv4.Header, payload []byte) {
	l.sendError(TypeTimeExceeded, uint8(TimeExceededTTL), h, payload)
}

// ReassemblyTimeExceeded sends a Time Exceeded, fragment reassembly time
// exceeded (code 1), about a datagram whose fragments did not all arrive
// in time; h and payload are its first fragment's (RFC 1122 §3.3.2). It
// implements ipv4.ErrorSender.
func (l *Layer) ReassemblyTimeExceeded(h ipv4.Header, payload []byte) {
	l.sendError(TypeTimeExceeded, uint8(TimeExceededReassembly), h, payload)
}

// sendError sends an ICMP error about a datagram, if RFC 1122 allows it and
// the rate limit has room.
func (l *Layer) sendError(typ Type, code uint8, h ipv4.Header, payload []byte) {
	if reason := l.mayNotReport(h, payload); reason != "" {
		l.stats.outDrops.Add(1)
		l.log.Infof(logging.ICMP, "no %v about %v → %v: %s", typ, h.Src, h.Dst, reason)
		return
	}
	if !l.takeToken() {
		l.stats.outRateLimited.Add(1)
		l.log.Infof(logging.ICMP, "no %v to %v: rate limited", typ, h.Src)
		return
	}
	quote, err := h.Append(nil, len(payload))
	if err != nil {
		return
	}
	quote = append(quote, payload[:min(len(payload), QuoteLen)]...)
	msg, err := Message{Type: typ, Code: code, Data: quote}.Append(nil)
	if err != nil {
		return
	}
	l.stats.outMsgs.Add(1)
	l.stats.outErrors.Add(1)
	l.log.Infof(logging.ICMP, "out %v (code %d) → %v about %v → %v proto=%s", typ, code, h.Src, h.Src, h.Dst, h.Protocol)
	if err := l.ip.Output(ipv4.ProtocolICMP, msg, netip.Addr{}, h.Src); err != nil {
		l.log.Debugf(logging.ICMP, "sending %v to %v: %v", typ, h.Src, err)
	}
}

// mayNotReport returns why RFC 1122 §3.2.2 forbids an ICMP error about the
// datagram (h, payload), or "" if it allows one. Errors are never sent
// about an ICMP error (two hosts could bounce errors forever), about a
// datagram sent to a broadcast or multicast address (every host on a link
// would answer one datagram at once), about a fragment other than the
// first, or to a source that is not one host.
func (l *Layer) mayNotReport(h ipv4.Header, payload []byte) string {
	switch {
	case h.Protocol == ipv4.ProtocolICMP && len(payload) > 0 && isError(Type(payload[0])):
		return "it is about an ICMP error"
	case l.ip.IsBroadcast(h.Dst) || h.Dst.IsMulticast():
		return "it was sent to a broadcast or multicast address"
	case h.FragOff != 0:
		return "it is not the first fragment"
	case h.Src.IsUnspecified() || l.ip.IsBroadcast(h.Src) || h.Src.IsMulticast() || !h.Src.Is4():
		return "its source is not a single host"
	}
	return ""
}

// isError reports whether t is an ICMP error message type.
func isError(t Type) bool {
	switch t {
	case TypeDestinationUnreachable, TypeRedirect, TypeTimeExceeded, TypeParameterProblem, 4 /* source quench */ :
		return true
	}
	return false
}

// takeToken takes a token from the rate limit's bucket, refilled by the
// stack's clock, and reports whether there was one.
func (l *Layer) takeToken() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.stack.Now()
	if l.tokensAt.IsZero() {
		l.tokens, l.tokensAt = ErrorBurst, now
	}
	if gained := int(now.Sub(l.tokensAt) / ErrorInterval); gained > 0 {
		l.tokens = min(ErrorBurst, l.tokens+gained)
		l.tokensAt = l.tokensAt.Add(time.Duration(gained) * ErrorInterval)
	}
	if l.tokens == 0 {
		return false
	}
	l.tokens--
	return true
}
