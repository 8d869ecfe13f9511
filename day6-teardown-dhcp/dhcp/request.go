// Generated from solutions/dhcp/request.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/dhcp/request.go instead and regenerate; `course check` fails when the two drift.

package dhcp

import (
	"context"
	"math/rand/v2"
	"net/netip"
	"time"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/ipv4"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/logging"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/todo"
)

// paramRequest is the parameter request list (option 55) of our
// DHCPDISCOVER and DHCPREQUEST: the options we use. Servers send the
// lease time, T1 and T2 anyway.
var paramRequest = []OptionCode{OptSubnetMask, OptRouter, OptDNS, OptHostName}

// build makes the message of type t that the client sends in its current
// state, following RFC 2131 §4.4.1 and Table 5 (which fields and options a
// client's message carries). c.mu is held.
func (c *Client) build(t MessageType) (Message, error) {
	// TODO(day6): 6.11 dhcp-request — fill the client's message: op, xid, secs, chaddr, the broadcast flag before we have an address, and the options of Table 5 for the type and the state.
	// Lesson: docs/day6-teardown-dhcp.md#dhcp-request
	// Hint: Op, XID, Secs (since c.begun), CHAddr; Options.Type, ClientID (1, then the MAC), HostName, ParamRequest;
	// Hint: SELECTING/REQUESTING: the broadcast flag if c.cfg.Broadcast, and a REQUEST names c.offer's YIAddr and ServerID;
	// Hint: RENEWING/REBINDING: CIAddr; a RELEASE has only CIAddr and ServerID (c.lease).
	return Message{}, todo.New(6, "dhcp-request")
}

// transmit builds and sends the message of the current state, and arms
// the retransmission timer: DHCPDISCOVER in SELECTING, DHCPREQUEST in
// REQUESTING, RENEWING and REBINDING. c.mu is held.
func (c *Client) transmit() {
	t := Request
	if c.state == StateSelecting {
		t = Discover
	}
	m, err := c.build(t)
	if err != nil {
		c.stack.Report(err)
		c.log.Warnf(logging.DHCP, "%s: %v: %v", c.dev.Name(), t, err)
		return
	}
	dst := ipv4.LimitedBroadcast
	if c.state == StateRenewing {
		dst = c.lease.Server // RENEWING asks our server, by unicast
	}
	c.tries++
	wait := c.backoff()
	switch t {
	case Discover:
		c.log.Infof(logging.DHCP, "%s: DHCPDISCOVER to %v port %d, next try in %v (xid=%#08x)",
			c.dev.Name(), dst, ServerPort, wait.Round(time.Millisecond), c.xid)
	default:
		addr := m.Options.RequestedIP
		if !addr.IsValid() {
			addr = m.CIAddr
		}
		c.log.Infof(logging.DHCP, "%s: DHCPREQUEST for %v to %v port %d in %v, next try in %v (xid=%#08x)",
			c.dev.Name(), addr, dst, ServerPort, c.state, wait.Round(time.Millisecond), c.xid)
	}
	c.send(m, dst) // a failure is logged; the retransmission tries again
	c.retry.Reset(wait)
}

// resolve finds the hardware address of the next hop to the server, so
// that the DHCPRELEASE leaves at once. c.mu is not held.
func (c *Client) resolve(ctx context.Context, iface *ipv4.Interface, server netip.Addr) {
	if c.cfg.Resolver == nil {
		return
	}
	r, err := c.ip.Lookup(server)
	if err != nil {
		return
	}
	if _, err := c.cfg.Resolver.Resolve(ctx, iface, r.NextHop(server)); err != nil {
		c.log.Warnf(logging.DHCP, "%s: cannot reach %v to release the lease: %v", c.dev.Name(), server, err)
	}
}

// release sends a DHCPRELEASE of the lease to its server, by unicast
// (RFC 2131 §4.4.6). c.mu is held.
func (c *Client) release() error {
	c.xid = rand.Uint32()
	m, err := c.build(Release)
	if err != nil {
		return c.stack.Report(err)
	}
	c.log.Infof(logging.DHCP, "%s: DHCPRELEASE of %v to %v port %d (xid=%#08x)",
		c.dev.Name(), m.CIAddr, c.lease.Server, ServerPort, c.xid)
	return c.send(m, c.lease.Server)
}
