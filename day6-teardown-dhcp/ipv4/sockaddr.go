// Generated from solutions/ipv4/sockaddr.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/ipv4/sockaddr.go instead and regenerate; `course check` fails when the two drift.

package ipv4

import (
	"net"
	"net/netip"
	"strconv"
)

// AddrPort converts the address a program gives a socket call of Go's net
// package (the IP and port of a *net.UDPAddr or *net.TCPAddr) into the
// stack's: an IPv4 address, IPv4-mapped forms accepted and a nil IP meaning
// any address (0.0.0.0), and a port from 0 to 65535. UDP and TCP sockets
// both use it.
func AddrPort(ip net.IP, port int) (netip.AddrPort, error) {
	if ip == nil {
		ip = net.IPv4zero
	}
	where := net.JoinHostPort(ip.String(), strconv.Itoa(port))
	addr, ok := netip.AddrFromSlice(ip)
	if !ok || !addr.Unmap().Is4() {
		return netip.AddrPort{}, &net.AddrError{Err: "not an IPv4 address", Addr: where}
	}
	if port < 0 || port > 65535 {
		return netip.AddrPort{}, &net.AddrError{Err: "invalid port", Addr: where}
	}
	return netip.AddrPortFrom(addr.Unmap(), uint16(port)), nil
}
