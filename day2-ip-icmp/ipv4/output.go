// Generated from solutions/ipv4/output.go by "go run ./tools/course gen".
// Learners: this is your copy for day 2 — write its TODOs here. Course authors: edit
// solutions/ipv4/output.go instead and regenerate; `course check` fails when the two drift.

package ipv4

import (
	"net/netip"

	"github.com/go-tcpip-camp/camp/day2-ip-icmp/logging"
	"github.com/go-tcpip-camp/camp/day2-ip-icmp/stack"
	"github.com/go-tcpip-camp/camp/day2-ip-icmp/todo"
)

// Output sends payload to dst in a datagram of protocol proto. src is the
// source address; the zero Addr means the address of the interface the
// datagram leaves by. It fails with [ErrNoInterface] when no interface
// reaches dst and with [ErrTooBig] when the datagram is larger than that
// interface's MTU and may not be fragmented.
//
// On Days 2 and 3 the stack never fragments: every datagram it sends has
// the Don't Fragment flag set (as Linux does for path MTU discovery,
// RFC 1191). From Day 4 on, only TCP's segments carry DF, and a bigger
// datagram of another protocol is sent in fragments (fragment.go).
func (l *Layer) Output(proto Protocol, payload []byte, src, dst netip.Addr) error {
	l.stats.outRequests.Add(1)
	iface, err := l.interfaceFor(dst)
	if err != nil {
		l.stats.outNoRoutes.Add(1)
		l.log.Warnf(logging.IP, "out %v → %v proto=%s: %v", src, dst, proto, err)
		return l.stack.Report(err)
	}
	next := dst // on the interface's own subnet, the next hop is the destination itself
	if !src.IsValid() {
		src = iface.Addr()
	}
	return l.stack.Report(l.send(iface, next, proto, payload, src, dst))
}

// interfaceFor returns the interface whose subnet holds dst: the
// interface a datagram to dst leaves by on Day 2 and 3. From Day 4 on, the
// routing table decides, and interfaceFor finds the interface that reaches
// a gateway.
func (l *Layer) interfaceFor(dst netip.Addr) (*Interface, error) {
	// TODO(day2): 2.6 ip-iface-select — find the interface whose subnet holds dst (or whose broadcast address dst is).
	// Lesson: docs/day2-ip-icmp.md#ip-iface-select
	// Hint: Interface.Network().Contains(dst); return an error wrapping ErrNoInterface when none does.
	return nil, todo.New(2, "ip-iface-select")
}

// send builds the datagram and hands it to the interface's device, for
// the neighbour next: the destination itself when it is on the interface's
// subnet, else the router that forwards it (Day 4).
func (l *Layer) send(iface *Interface, next netip.Addr, proto Protocol, payload []byte, src, dst netip.Addr) error {
	// TODO(day2): 2.7 ip-output — build the header (next ID, TTL 64, DF), refuse datagrams over the device MTU, transmit the datagram.
	// Lesson: docs/day2-ip-icmp.md#ip-output
	// Hint: l.id.Add(1) numbers datagrams; Header.Append writes the header, then append the payload;
	// Hint: l.transmit(iface, next, datagram) sends it.
	return todo.New(2, "ip-output")
}

// transmit hands a finished datagram to the device of iface, for the
// neighbour next.
func (l *Layer) transmit(iface *Interface, next netip.Addr, datagram []byte) error {
	dev := iface.dev
	if err := dev.Transmit(stack.ProtocolIPv4, datagram, nil); err != nil {
		l.stats.outDiscards.Add(1)
		return err
	}
	return nil
}
