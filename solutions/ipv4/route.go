//camp:file 4

package ipv4

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"

	"github.com/go-tcpip-camp/camp/solutions/logging"
)

// ErrBadRoute is returned for a route that cannot be added.
var ErrBadRoute = errors.New("ipv4: bad route")

// A Route says where datagrams for a range of destinations go: out of an
// interface, either straight to the destination (an on-link route, as for
// the interface's own subnet) or to a gateway, a router on that interface's
// subnet that forwards them further. The route to 0.0.0.0/0 matches every
// destination: it is the default route.
type Route struct {
	Prefix  netip.Prefix // the destinations, masked: 192.0.2.0/24, 0.0.0.0/0 …
	Gateway netip.Addr   // the router to hand datagrams to; the zero Addr for on-link routes
	Iface   *Interface   // the interface they leave by
}

// NextHop returns the neighbour a datagram to dst is handed to on this
// route: the gateway, or dst itself on an on-link route.
func (r Route) NextHop(dst netip.Addr) netip.Addr {
	if r.Gateway.IsValid() {
		return r.Gateway
	}
	return dst
}

// String returns the route as `ip route` prints it:
//
//	192.0.2.0/24 dev net1 src 192.0.2.2
//	default via 192.0.2.1 dev net1
func (r Route) String() string {
	if r.Iface == nil {
		return r.Prefix.String() + " (no interface)"
	}
	dst := r.Prefix.String()
	if r.Prefix.Bits() == 0 {
		dst = "default"
	}
	if r.Gateway.IsValid() {
		return fmt.Sprintf("%s via %v dev %s", dst, r.Gateway, r.Iface.dev.Name())
	}
	return fmt.Sprintf("%s dev %s src %v", dst, r.Iface.dev.Name(), r.Iface.Addr())
}

// AddRoute adds a route to the destinations of prefix through gateway. If
// gateway is the zero Addr the route is on-link and iface says which
// interface; otherwise iface may be nil and is found from the gateway, which
// must be on the subnet of one of the interfaces. A route for a prefix that
// has one already replaces it.
func (l *Layer) AddRoute(prefix netip.Prefix, gateway netip.Addr, iface *Interface) error {
	if !prefix.IsValid() || !prefix.Addr().Is4() {
		return fmt.Errorf("%w: destination %v", ErrBadRoute, prefix)
	}
	if gateway.IsValid() && !gateway.Is4() {
		return fmt.Errorf("%w: gateway %v", ErrBadRoute, gateway)
	}
	if gateway.IsValid() && iface == nil {
		var err error
		if iface, err = l.interfaceFor(gateway); err != nil {
			return fmt.Errorf("%w: gateway %v is on no interface's subnet", ErrBadRoute, gateway)
		}
	}
	if gateway.IsValid() && iface != nil && !iface.Network().Contains(gateway) {
		return fmt.Errorf("%w: gateway %v is not on %v's subnet", ErrBadRoute, gateway, iface)
	}
	if iface == nil {
		return fmt.Errorf("%w: %v: an on-link route needs an interface", ErrBadRoute, prefix)
	}
	r := Route{Prefix: prefix.Masked(), Gateway: gateway, Iface: iface}
	l.mu.Lock()
	l.routes = slices.DeleteFunc(l.routes, func(o Route) bool { return o.Prefix == r.Prefix })
	l.routes = append(l.routes, r)
	l.mu.Unlock()
	l.log.Infof(logging.IP, "route: %v", r)
	return nil
}

// SetDefaultGateway makes gateway the router for every destination no
// other route covers: the route to 0.0.0.0/0.
func (l *Layer) SetDefaultGateway(gateway netip.Addr) error {
	if !gateway.Is4() {
		return fmt.Errorf("%w: gateway %v", ErrBadRoute, gateway)
	}
	return l.AddRoute(netip.PrefixFrom(netip.IPv4Unspecified(), 0), gateway, nil)
}

// Routes returns the routing table, like `ip route show`.
func (l *Layer) Routes() []Route {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return slices.Clone(l.routes)
}

// Lookup returns the route for dst: of the routes whose prefix holds dst,
// the one with the longest prefix, the most specific (RFC 1812 §5.2.4.3).
// With no route, it fails with an error wrapping [ErrNoInterface] ("network
// unreachable", as the kernel's ENETUNREACH says).
func (l *Layer) Lookup(dst netip.Addr) (Route, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	//camp:todo 4.2 route-lookup: of the routes whose prefix contains dst, return the one with the longest prefix; none is "network unreachable"
	best := -1
	for i, r := range l.routes {
		//camp:mistake 4.2 route-first-match: the first route that contains dst is taken, not the longest prefix, which is right only when routes were added from narrow to broad
		if r.Prefix.Contains(dst) && (best < 0 || r.Prefix.Bits() > l.routes[best].Prefix.Bits()) {
			//camp:instead
			// if r.Prefix.Contains(dst) && best < 0 {
			//camp:end
			best = i
		}
	}
	if best < 0 {
		return Route{}, fmt.Errorf("%w: no route to %v", ErrNoInterface, dst)
	}
	return l.routes[best], nil
	//camp:stub
	// // Hint: netip.Prefix has Contains and Bits; the default route 0.0.0.0/0 contains every address.
	// return Route{}, todo.New(4, "route-lookup")
	//camp:end
}

// removeRoutesOf removes the routes that leave by iface; l.mu is held.
func (l *Layer) removeRoutesOf(iface *Interface) {
	l.routes = slices.DeleteFunc(l.routes, func(r Route) bool { return r.Iface == iface })
}
