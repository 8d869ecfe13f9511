// Generated from solutions/ipv4/iface.go by "go run ./tools/course gen".
// Learners: this is your copy for day 2 — write its TODOs here. Course authors: edit
// solutions/ipv4/iface.go instead and regenerate; `course check` fails when the two drift.

package ipv4

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/go-tcpip-camp/camp/day2-ip-icmp/logging"
	"github.com/go-tcpip-camp/camp/day2-ip-icmp/stack"
	"github.com/go-tcpip-camp/camp/day2-ip-icmp/todo"
)

// LimitedBroadcast is 255.255.255.255, "every host on this link"
// (RFC 919, RFC 1122 §3.2.1.3). Routers never forward it.
var LimitedBroadcast = netip.AddrFrom4([4]byte{255, 255, 255, 255})

// The errors of the IP layer's own calls (the wire format's are in header.go).
var (
	ErrBadAddress    = errors.New("ipv4: not a usable IPv4 interface address")
	ErrAddressInUse  = errors.New("ipv4: address already assigned")
	ErrNoInterface   = errors.New("ipv4: network unreachable: no interface for the destination")
	ErrTooBig        = errors.New("ipv4: datagram larger than the device MTU")
	ErrProtocolInUse = errors.New("ipv4: upper protocol already registered")

	// Reasons for dropping a datagram that arrived (the header's own
	// reasons are ErrTooShort, ErrVersion … in header.go).
	ErrFragment        = errors.New("ipv4: fragment dropped (this stack does not reassemble)")
	ErrNotForUs        = errors.New("ipv4: not addressed to this host")
	ErrUnknownProtocol = errors.New("ipv4: no upper protocol registered")
)

// An Interface is an IPv4 address with its prefix, bound to a device: what
// `ip addr add 192.0.2.2/24 dev net1` makes. A device may carry several.
type Interface struct {
	dev       *stack.Device
	prefix    netip.Prefix // the address and the prefix length, as configured
	broadcast netip.Addr   // the directed broadcast address; invalid for /31 and /32
}

// Device returns the device the interface is bound to.
func (i *Interface) Device() *stack.Device { return i.dev }

// Addr returns the interface's address.
func (i *Interface) Addr() netip.Addr { return i.prefix.Addr() }

// Prefix returns the interface's address with its prefix length, as
// configured, for example 192.0.2.2/24.
func (i *Interface) Prefix() netip.Prefix { return i.prefix }

// Network returns the subnet the interface is on, for example 192.0.2.0/24.
func (i *Interface) Network() netip.Prefix { return i.prefix.Masked() }

// Broadcast returns the subnet's directed broadcast address (all host bits
// set, RFC 919), or the zero Addr for a /31 or /32, which have none
// (RFC 3021).
func (i *Interface) Broadcast() netip.Addr { return i.broadcast }

func (i *Interface) String() string {
	return fmt.Sprintf("%s on %s", i.prefix, i.dev.Name())
}

// AddInterface binds the address p.Addr(), on the subnet of p's length, to
// dev. The address must be an IPv4 unicast address not already assigned
// on this stack.
func (l *Layer) AddInterface(dev *stack.Device, p netip.Prefix) (*Interface, error) {
	if dev == nil || !p.IsValid() || !p.Addr().Is4() {
		return nil, fmt.Errorf("%w: %v", ErrBadAddress, p)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	iface, err := l.addInterface(dev, p)
	if err != nil {
		return nil, l.stackReport(err)
	}
	l.log.Infof(logging.IP, "interface %s up, broadcast %v", iface, iface.broadcast)
	return iface, nil
}

// addInterface checks the address, works out the broadcast address and
// adds the interface; l.mu is held.
func (l *Layer) addInterface(dev *stack.Device, p netip.Prefix) (*Interface, error) {
	// TODO(day2): 2.4 ip-iface — refuse unusable or already assigned addresses, work out the directed broadcast address, add the interface.
	// Lesson: docs/day2-ip-icmp.md#ip-iface
	// Hint: p.Masked() is the network address; the broadcast address has every host bit set.
	return nil, todo.New(2, "ip-iface")
}

// Interfaces returns the layer's interfaces in the order they were added.
func (l *Layer) Interfaces() []*Interface {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return append([]*Interface(nil), l.ifaces...)
}

// interfaceWithAddr returns the interface whose address is a, or nil.
func (l *Layer) interfaceWithAddr(a netip.Addr) *Interface {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return withAddr(l.ifaces, a)
}

// withAddr returns the interface of ifaces whose address is a, or nil.
func withAddr(ifaces []*Interface, a netip.Addr) *Interface {
	for _, i := range ifaces {
		if i.Addr() == a {
			return i
		}
	}
	return nil
}

// interfaceOn returns the first interface bound to dev, or nil.
func (l *Layer) interfaceOn(dev *stack.Device) *Interface {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return onDevice(l.ifaces, dev)
}

// onDevice returns the first interface of ifaces bound to dev, or nil.
func onDevice(ifaces []*Interface, dev *stack.Device) *Interface {
	for _, i := range ifaces {
		if i.dev == dev {
			return i
		}
	}
	return nil
}

// stackReport hands err to the stack, which remembers TODO errors.
func (l *Layer) stackReport(err error) error {
	return l.stack.Report(err)
}
