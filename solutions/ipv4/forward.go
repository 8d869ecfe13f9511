//camp:file 4

package ipv4

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/go-tcpip-camp/camp/solutions/logging"
)

// ErrTTLExceeded is the reason a datagram whose Time to Live ran out is
// dropped by a forwarding stack.
var ErrTTLExceeded = errors.New("ipv4: time to live exceeded in transit")

// The codes of ICMP Destination Unreachable that IP itself sends (RFC 792;
// the ICMP package names them all).
const (
	unreachableNet      = 0 // no route to the destination network
	unreachableFragNeed = 4 // too big for the next link, and DF is set
)

// ErrorSender sends the ICMP error messages that IP and the transport
// protocols need; the ICMP layer is one (icmp.New sets it). Each reports a
// problem with the datagram whose header is h and payload is payload to
// that datagram's sender.
type ErrorSender interface {
	// Unreachable sends a Destination Unreachable with the given code.
	Unreachable(code uint8, h Header, payload []byte)
	// TimeExceeded sends a Time Exceeded, TTL exceeded in transit.
	TimeExceeded(h Header, payload []byte)
	// ReassemblyTimeExceeded sends a Time Exceeded, fragment reassembly
	// time exceeded (code 1): h and payload are the first fragment's.
	ReassemblyTimeExceeded(h Header, payload []byte)
}

// SetErrorSender makes e the sender of ICMP errors.
func (l *Layer) SetErrorSender(e ErrorSender) {
	l.mu.Lock()
	l.errors = e
	l.mu.Unlock()
}

// SendUnreachable reports that the datagram (h, payload) could not be
// delivered, with a Destination Unreachable of the given code; nothing
// happens if the stack has no ICMP layer. UDP uses it for port unreachable.
func (l *Layer) SendUnreachable(code uint8, h Header, payload []byte) {
	l.mu.RLock()
	e := l.errors
	l.mu.RUnlock()
	if e != nil {
		e.Unreachable(code, h, payload)
	}
}

// IsBroadcast reports whether a is the limited broadcast address or the
// directed broadcast address of one of the layer's interfaces.
func (l *Layer) IsBroadcast(a netip.Addr) bool {
	if a == LimitedBroadcast {
		return true
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	for _, i := range l.ifaces {
		if i.broadcast.IsValid() && a == i.broadcast {
			return true
		}
	}
	return false
}

// SetForwarding turns forwarding on or off (off by default, as in Linux's
// net.ipv4.ip_forward). A stack that forwards is a router: datagrams for
// other hosts that reach it are sent on towards their destination, by the
// routing table, instead of being dropped.
func (l *Layer) SetForwarding(on bool) {
	l.forwarding.Store(on)
	l.log.Infof(logging.IP, "forwarding %v", map[bool]string{true: "on", false: "off"}[on])
}

// forward sends a datagram that is not for us on towards its destination
// (RFC 1812 §5.2): decrement the TTL (and answer Time Exceeded when it runs
// out), find the route, and send the datagram, unchanged but for its TTL and
// checksum, to the next hop. Broadcasts are never forwarded, nor datagrams
// whose source is not a unicast address.
func (l *Layer) forward(h Header, payload []byte, in *Interface) error {
	//camp:from 6
	finishChecksum(in.dev, h, payload) // the kernel may have left it to us (offload.go)
	//camp:end
	if l.IsBroadcast(h.Dst) || h.Dst.IsMulticast() || h.Src.IsUnspecified() || l.IsBroadcast(h.Src) || h.Src.IsMulticast() {
		l.stats.inAddrErrors.Add(1)
		return fmt.Errorf("%w: %v → %v is not forwarded", ErrNotForUs, h.Src, h.Dst)
	}
	if h.TTL <= 1 {
		l.stats.inHdrErrors.Add(1)
		l.sendTimeExceeded(h, payload)
		return fmt.Errorf("%w: %v → %v", ErrTTLExceeded, h.Src, h.Dst)
	}
	r, err := l.Lookup(h.Dst)
	if err != nil {
		l.stats.outNoRoutes.Add(1)
		l.SendUnreachable(unreachableNet, h, payload)
		return err
	}
	h.TTL--
	total := int(h.TotalLen)
	if total > r.Iface.dev.MTU() && h.Flags&FlagDF == 0 {
		// RFC 1812 §5.2.6: a router fragments what it may.
		l.stats.forwDatagrams.Add(1)
		l.log.Infof(logging.IP, "forward %v → %v ttl=%d in fragments: %s → %s (mtu %d)", h.Src, h.Dst, h.TTL, in.dev.Name(), r.Iface.dev.Name(), r.Iface.dev.MTU())
		return l.fragment(r.Iface, r.NextHop(h.Dst), h, payload, r.Iface.dev.MTU())
	}
	if total > r.Iface.dev.MTU() {
		l.stats.fragFails.Add(1)
		l.stats.outDiscards.Add(1)
		l.SendUnreachable(unreachableFragNeed, h, payload)
		return fmt.Errorf("%w: forwarding %d bytes to %v, %s has mtu %d", ErrTooBig, total, h.Dst, r.Iface.dev.Name(), r.Iface.dev.MTU())
	}
	datagram, err := h.Append(make([]byte, 0, total), len(payload))
	if err != nil {
		return err
	}
	datagram = append(datagram, payload...)
	l.stats.forwDatagrams.Add(1)
	l.log.Infof(logging.IP, "forward %v → %v ttl=%d: %s → %s", h.Src, h.Dst, h.TTL, in.dev.Name(), r.Iface.dev.Name())
	return l.transmit(r.Iface, r.NextHop(h.Dst), datagram)
}

// sendTimeExceeded reports a TTL that ran out, if the stack has ICMP.
func (l *Layer) sendTimeExceeded(h Header, payload []byte) {
	l.mu.RLock()
	e := l.errors
	l.mu.RUnlock()
	if e != nil {
		e.TimeExceeded(h, payload)
	}
}

// sendReassemblyTimeExceeded reports a datagram whose reassembly timed
// out, if the stack has ICMP; h and payload are its first fragment's.
func (l *Layer) sendReassemblyTimeExceeded(h Header, payload []byte) {
	l.mu.RLock()
	e := l.errors
	l.mu.RUnlock()
	if e != nil {
		e.ReassemblyTimeExceeded(h, payload)
	}
}
