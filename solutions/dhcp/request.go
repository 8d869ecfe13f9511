//camp:file 6

package dhcp

import (
	"context"
	"math"
	"math/rand/v2"
	"net/netip"
	"time"

	"github.com/go-tcpip-camp/camp/solutions/ipv4"
	"github.com/go-tcpip-camp/camp/solutions/logging"
)

// paramRequest is the parameter request list (option 55) of our
// DHCPDISCOVER and DHCPREQUEST: the options we use. Servers send the
// lease time, T1 and T2 anyway.
var paramRequest = []OptionCode{OptSubnetMask, OptRouter, OptDNS, OptHostName}

// build makes the message of type t that the client sends in its current
// state, following RFC 2131 §4.4.1 and Table 5 (which fields and options a
// client's message carries). c.mu is held.
func (c *Client) build(t MessageType) (Message, error) {
	//camp:todo 6.11 dhcp-request: fill the client's message: op, xid, secs, chaddr, the broadcast flag before we have an address, and the options of Table 5 for the type and the state
	m := Message{
		Op:     OpRequest,
		XID:    c.xid,
		CHAddr: c.mac,
		Options: Options{
			Type: t,
			// The client identifier (RFC 2132 §9.14): the hardware type,
			// then the hardware address.
			ClientID: append([]byte{htypeEthernet}, c.mac[:]...),
		},
	}
	if t == Release {
		// A DHCPRELEASE says which address goes back to which server, and
		// nothing else: ciaddr and the server identifier (Table 5).
		m.CIAddr = c.lease.Addr.Addr()
		m.Options.ServerID = c.lease.Server
		return m, nil
	}
	m.Secs = uint16(min(c.stack.Now().Sub(c.begun)/time.Second, math.MaxUint16))
	m.Options.HostName = c.cfg.HostName
	m.Options.ParamRequest = paramRequest
	switch c.state {
	case StateSelecting, StateRequesting:
		if c.cfg.Broadcast {
			m.Flags = FlagBroadcast
		}
		if t == Request {
			// SELECTING's request names the offer it takes, so that
			// every server that made one knows which was chosen.
			m.Options.RequestedIP = c.offer.YIAddr
			//camp:mistake 6.11 request-without-server-id: SELECTING's DHCPREQUEST lacks option 54, so no server learns which offer was taken: the chosen one may not commit it, and the others keep theirs reserved
			m.Options.ServerID = c.offer.Options.ServerID
			//camp:instead
			//camp:end
		}
	case StateRenewing, StateRebinding:
		// We have an address: it goes in ciaddr, and the server
		// answers it by unicast.
		m.CIAddr = c.lease.Addr.Addr()
		//camp:mistake 6.11 renew-with-server-id: RENEWING's and REBINDING's DHCPREQUEST carry option 54 as SELECTING's does, which RFC 2131 Table 5 forbids: a server that sees it takes the client for one in SELECTING
		//camp:instead
		// m.Options.ServerID = c.lease.Server
		//camp:end
	}
	return m, nil
	//camp:stub
	// // Hint: Op, XID, Secs (since c.begun), CHAddr; Options.Type, ClientID (1, then the MAC), HostName, ParamRequest;
	// // Hint: SELECTING/REQUESTING: the broadcast flag if c.cfg.Broadcast, and a REQUEST names c.offer's YIAddr and ServerID;
	// // Hint: RENEWING/REBINDING: CIAddr; a RELEASE has only CIAddr and ServerID (c.lease).
	// return Message{}, todo.New(6, "dhcp-request")
	//camp:end
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
