// Generated from solutions/ipv4/autoconf.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/ipv4/autoconf.go instead and regenerate; `course check` fails when the two drift.

package ipv4

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/logging"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/stack"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/todo"
)

// What IP does for a host that learns its address from the network (DHCP,
// RFC 2131), before it has one and when it loses it.
//
// A host with no address cannot take part in IP as Days 2 to 4 built it:
// input drops every datagram on a device without an interface, output needs
// a route, and a route needs an interface. Yet DHCP must talk before the
// address exists. RFC 2131 §4.1 asks for "creative use of the client's
// TCP/IP software and liberal interpretation of RFC 1122", and says which:
//
//   - The client sends from 0.0.0.0, "this host on this network", which RFC
//     1122 §3.2.1.3 allows as a source address only while a host is
//     learning its own, to the limited broadcast 255.255.255.255: [Layer.Broadcast]
//     sends on a device chosen by the caller, without a route.
//   - The client "SHOULD accept and forward to the IP layer any IP packets
//     delivered to the client's hardware address before the IP address is
//     configured", because a server may answer by unicast to the address it
//     is offering, sent to the client's MAC. deliverUnconfigured does that,
//     for UDP only: DHCP is the one protocol that needs it, and nothing
//     else should reach a host that has no address.
//
// Once DHCP has a lease it configures the address with AddInterface, and
// when the lease ends it takes it off again with [Layer.RemoveInterface].

// deliverUnconfigured handles a datagram that came in on a device with no
// IPv4 address yet. UDP gets it whatever its destination, with a nil
// interface; everything else is not for us.
func (l *Layer) deliverUnconfigured(dev *stack.Device, h Header, payload []byte) error {
	// TODO(day6): 6.12 ip-unconfigured — on a device with no address yet, hand UDP datagrams to UDP (with a nil interface) whatever their destination; drop fragments and every other protocol.
	// Lesson: docs/day6-teardown-dhcp.md#ip-unconfigured
	// Hint: h.IsFragment(), h.Protocol == ProtocolUDP, l.handler(ProtocolUDP); count each drop in l.stats
	// Hint: as deliver does, and call the handler with a nil *Interface.
	return todo.New(6, "ip-unconfigured")
}

// Broadcast sends payload in a datagram of protocol proto to the limited
// broadcast address 255.255.255.255, out of dev, without consulting the
// routing table: a limited broadcast never leaves its own link, and while
// dev has no address there is no route to consult. src is the source
// address: the zero Addr means dev's address, or 0.0.0.0 if dev has none
// (RFC 1122 §3.2.1.3: 0.0.0.0 is a legal source only while a host learns
// its address, as DHCP does).
func (l *Layer) Broadcast(dev *stack.Device, proto Protocol, payload []byte, src netip.Addr) error {
	l.stats.outRequests.Add(1)
	iface := l.interfaceOn(dev)
	if iface == nil {
		// An unnumbered interface, for this datagram only: the device and
		// no address. It is not added to the layer's interfaces.
		iface = &Interface{dev: dev}
	}
	if !src.IsValid() {
		src = iface.Addr()
		if !src.IsValid() {
			src = netip.IPv4Unspecified()
		}
	}
	if !src.Is4() {
		l.stats.outDiscards.Add(1)
		return l.stack.Report(fmt.Errorf("%w: source %v", ErrBadAddress, src))
	}
	return l.stack.Report(l.send(iface, LimitedBroadcast, proto, payload, 0, src, LimitedBroadcast))
}

// InterfaceOn returns dev's interface, or nil while dev has no address.
func (l *Layer) InterfaceOn(dev *stack.Device) *Interface { return l.interfaceOn(dev) }

// RemoveInterface takes iface's address off its device, with every route
// that leaves by it (its interface route, and a default route through a
// gateway on its subnet), as `ip addr del` does. DHCP calls it when a lease
// ends. It fails with [ErrBadAddress] if iface is not one of the layer's
// interfaces.
func (l *Layer) RemoveInterface(iface *Interface) error {
	l.mu.Lock()
	i := slices.Index(l.ifaces, iface)
	if i < 0 {
		l.mu.Unlock()
		return fmt.Errorf("%w: %v is not configured", ErrBadAddress, iface)
	}
	l.ifaces = slices.Delete(l.ifaces, i, i+1)
	l.removeRoutesOf(iface)
	l.publish()
	l.mu.Unlock()
	l.log.Infof(logging.IP, "interface %s down, its routes removed", iface)
	return nil
}
