// Generated from solutions/cmd/demo/dhcpd.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/cmd/demo/dhcpd.go instead and regenerate; `course check` fails when the two drift.

package main

import (
	"errors"
	"net"
	"net/netip"
	"sync"
	"time"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/dhcp"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/ethernet"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/ipv4"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/logging"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/stack"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/udp"
)

// dhcpd is a DHCP server just big enough for the demo, on a UDP socket of
// the stack: it leases addresses from a small pool for an hour, names
// itself as the router and the name server, and takes addresses back on
// DHCPRELEASE. A real server also checks that an address is free, keeps
// its leases on disk, handles relays, and much more.
type dhcpd struct {
	conn   *udp.Conn
	stack  *stack.Stack
	log    *logging.Logger
	server netip.Addr // our address: the server identifier, the router
	mask   netip.Addr
	pool   []netip.Addr

	mu       sync.Mutex
	leases   map[ethernet.MAC]netip.Addr
	released chan netip.Addr // the addresses given back (buffered, never blocks)
}

// serve answers the clients until the socket is closed.
func (s *dhcpd) serve() {
	buf := make([]byte, 1500)
	for {
		n, _, err := s.conn.ReadFrom(buf)
		if errors.Is(err, net.ErrClosed) {
			return
		}
		if err != nil {
			continue
		}
		m, err := dhcp.Parse(buf[:n])
		if err != nil {
			s.log.Warnf(logging.App, "dhcpd: drop: %v", s.stack.Report(err))
			continue
		}
		if m.Op != dhcp.OpRequest {
			continue
		}
		s.answer(m)
	}
}

// answer handles one client message.
func (s *dhcpd) answer(m dhcp.Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	addr, known := s.leases[m.CHAddr]
	if !known && len(s.pool) > 0 {
		addr = s.pool[0]
	}
	switch m.Options.Type {
	case dhcp.Discover:
		if !addr.IsValid() {
			return // the pool is empty: stay silent, the client will ask again
		}
		s.reply(m, dhcp.Offer, addr)
	case dhcp.Request:
		if id := m.Options.ServerID; id.IsValid() && id != s.server {
			return // the client chose another server's offer
		}
		asked := m.Options.RequestedIP
		if !asked.IsValid() {
			asked = m.CIAddr // RENEWING and REBINDING
		}
		if !addr.IsValid() || asked != addr {
			s.reply(m, dhcp.Nak, netip.Addr{})
			return
		}
		if !known {
			s.pool = s.pool[1:]
			s.leases[m.CHAddr] = addr
		}
		s.reply(m, dhcp.Ack, addr)
	case dhcp.Release:
		if known && m.CIAddr == addr {
			delete(s.leases, m.CHAddr)
			s.pool = append(s.pool, addr)
			s.log.Infof(logging.App, "dhcpd: %v released by %v", addr, m.CHAddr)
			select {
			case s.released <- addr:
			default:
			}
		}
	}
}

// reply sends a message of type t to the client of m: by unicast to its
// address if it has one, else by broadcast (the socket's broadcast device
// is the link), which reaches a client that has no address yet.
func (s *dhcpd) reply(m dhcp.Message, t dhcp.MessageType, addr netip.Addr) {
	r := dhcp.Message{Op: dhcp.OpReply, XID: m.XID, Flags: m.Flags, CHAddr: m.CHAddr, YIAddr: addr,
		Options: dhcp.Options{Type: t, ServerID: s.server}}
	if t != dhcp.Nak {
		r.Options.LeaseTime = time.Hour
		r.Options.SubnetMask = s.mask
		r.Options.Routers = []netip.Addr{s.server}
		r.Options.DNS = []netip.Addr{s.server}
	}
	to := netip.AddrPortFrom(ipv4.LimitedBroadcast, dhcp.ClientPort)
	if m.CIAddr.IsValid() && !m.CIAddr.IsUnspecified() {
		to = netip.AddrPortFrom(m.CIAddr, dhcp.ClientPort)
	}
	s.log.Infof(logging.App, "dhcpd: %v of %v to %v", t, addr, m.CHAddr)
	if _, err := s.conn.WriteTo(r.Append(nil), net.UDPAddrFromAddrPort(to)); err != nil {
		s.log.Warnf(logging.App, "dhcpd: %v: %v", t, err)
	}
}
