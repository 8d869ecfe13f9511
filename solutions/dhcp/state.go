//camp:file 6

package dhcp

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/go-tcpip-camp/camp/solutions/logging"
)

// State is a state of the client, as RFC 2131 §4.4 (Figure 5) names them.
//
//	INIT ──DISCOVER──► SELECTING ──OFFER, send REQUEST──► REQUESTING ──ACK──► BOUND
//	  ▲                                                      │                  │ T1
//	  ├──────────────── NAK, or no ACK after 5 requests ─────┘                  ▼
//	  ├──────────────── NAK ◄──────────────── RENEWING (REQUEST by unicast) ──ACK──► BOUND
//	  │                                           │ T2
//	  │                                           ▼
//	  └──────── NAK, or the lease ends ◄── REBINDING (REQUEST by broadcast) ──ACK──► BOUND
//
// INIT-REBOOT and REBOOTING, for a client that remembers a lease from an
// earlier run, are left out: this client always starts in INIT.
type State int

// The states.
const (
	StateInit       State = iota // no lease, not asking (yet, or any more)
	StateSelecting               // DHCPDISCOVER sent, waiting for offers
	StateRequesting              // an offer taken, DHCPREQUEST sent, waiting for DHCPACK
	StateBound                   // the address is ours until T1
	StateRenewing                // after T1: asking our server to extend the lease
	StateRebinding               // after T2: asking any server
)

var stateNames = [...]string{"INIT", "SELECTING", "REQUESTING", "BOUND", "RENEWING", "REBINDING"}

func (s State) String() string {
	if s >= 0 && int(s) < len(stateNames) {
		return stateNames[s]
	}
	return fmt.Sprintf("State(%d)", int(s))
}

// GoString is what %#v prints: a failing test names the state.
func (s State) GoString() string { return s.String() }

// Reasons a well-formed message is dropped by the state machine.
var (
	ErrNotOurs    = errors.New("dhcp: not a reply to our transaction")
	ErrUnexpected = errors.New("dhcp: message not expected in this state")
	ErrBadOffer   = errors.New("dhcp: offer without an address or a server identifier")
	ErrBadAck     = errors.New("dhcp: ACK without an address or a lease time")
)

// discover starts over: a new transaction, from INIT to SELECTING with a
// broadcast DHCPDISCOVER (RFC 2131 §4.4.1). c.mu is held.
func (c *Client) discover() {
	c.xid = rand.Uint32()
	c.begun = c.stack.Now()
	c.tries = 0
	c.offer = Message{}
	c.setState(StateSelecting)
	c.transmit()
}

// input runs the state machine on a message from a server; c.mu is held.
// It returns the reason a message is dropped.
func (c *Client) input(m Message) error {
	if m.Op != OpReply || m.XID != c.xid || m.CHAddr != c.mac {
		return fmt.Errorf("%w: %v (we are %v with xid=%#08x)", ErrNotOurs, m, c.mac, c.xid)
	}
	switch m.Options.Type {
	case Offer:
		if c.state == StateSelecting {
			return c.selectOffer(m)
		}
		if c.state == StateRequesting {
			// RFC 2131 §4.4.1 lets a client wait for several offers; this
			// one takes the first and lets later ones go.
			c.log.Infof(logging.DHCP, "%s: DHCPOFFER of %v from %v ignored: already requesting %v",
				c.dev.Name(), m.YIAddr, m.Options.ServerID, c.offer.YIAddr)
			c.stats.ignored.Add(1)
			return nil
		}
	case Ack, Nak:
		switch c.state {
		case StateRequesting:
			// Only the server we chose answers our request (§4.3.2).
			if id := m.Options.ServerID; id.IsValid() && id != c.offer.Options.ServerID {
				return fmt.Errorf("%w: %v from %v, we asked %v", ErrNotOurs, m.Options.Type, id, c.offer.Options.ServerID)
			}
			return c.bind(m)
		case StateRenewing, StateRebinding:
			return c.bind(m)
		}
	}
	return fmt.Errorf("%w: %v in %v", ErrUnexpected, m.Options.Type, c.state)
}

// selectOffer takes an offer in SELECTING: it remembers it and requests
// it, moving to REQUESTING (RFC 2131 §4.4.1). c.mu is held.
func (c *Client) selectOffer(m Message) error {
	//camp:todo 6.13 dhcp-select: check the offer has an address and a server identifier, remember it in c.offer, move to REQUESTING and transmit the DHCPREQUEST (a fresh count of tries)
	if !m.YIAddr.Is4() || m.YIAddr.IsUnspecified() || !m.Options.ServerID.IsValid() {
		return fmt.Errorf("%w: %v", ErrBadOffer, m)
	}
	c.log.Infof(logging.DHCP, "%s: DHCPOFFER of %v from %v", c.dev.Name(), m.YIAddr, m.Options.ServerID)
	c.offer = m
	c.tries = 0
	//camp:mistake 6.13 transmit-before-state: transmit is called before the move to REQUESTING, so it builds the message of SELECTING: another DHCPDISCOVER instead of the DHCPREQUEST
	c.setState(StateRequesting)
	c.transmit()
	//camp:instead
	// c.transmit()
	// c.setState(StateRequesting)
	//camp:end
	return nil
	//camp:stub
	// // Hint: m.YIAddr and m.Options.ServerID must be set; c.setState(StateRequesting), then c.transmit()
	// // Hint: builds and sends the message the new state calls for and arms the retransmission.
	// return todo.New(6, "dhcp-select")
	//camp:end
}

// bind handles a DHCPACK or DHCPNAK to our DHCPREQUEST, in REQUESTING,
// RENEWING or REBINDING (RFC 2131 §4.4.1, §4.4.5). c.mu is held.
func (c *Client) bind(m Message) error {
	//camp:todo 6.14 dhcp-bind: on a NAK, drop any address and start over; on an ACK, make the lease, configure it, arm the lease timers and move to BOUND
	if m.Options.Type == Nak {
		c.stats.naks.Add(1)
		c.log.Warnf(logging.DHCP, "%s: DHCPNAK from %v in %v: %q; starting over", c.dev.Name(), m.Options.ServerID, c.state, m.Options.Message)
		c.retry.Stop()
		//camp:mistake 6.14 nak-keeps-address: a DHCPNAK in RENEWING starts over but leaves the address configured, an address the server just said is not ours
		c.unconfigure()
		//camp:instead
		//camp:end
		c.discover()
		return nil
	}
	l, err := c.leaseFrom(m)
	if err != nil {
		return err
	}
	c.log.Infof(logging.DHCP, "%s: DHCPACK of %v from %v", c.dev.Name(), m.YIAddr, l.Server)
	if err := c.configure(l); err != nil {
		return err
	}
	c.retry.Stop()
	c.armLeaseTimers()
	c.stats.leases.Add(1)
	c.setState(StateBound)
	c.log.Infof(logging.DHCP, "%s: bound to %v — renewal in %v, rebinding in %v, lease %v",
		c.dev.Name(), l.Addr, l.T1, l.T2, l.Time)
	return nil
	//camp:stub
	// // Hint: c.unconfigure() and c.discover() start over; c.leaseFrom(m) makes the lease,
	// // Hint: c.configure(l) sets it up, c.armLeaseTimers() arms T1, T2 and the expiry; stop c.retry.
	// return todo.New(6, "dhcp-bind")
	//camp:end
}
