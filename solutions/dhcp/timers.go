//camp:file 6

package dhcp

import (
	"math/rand/v2"
	"time"

	"github.com/go-tcpip-camp/camp/solutions/logging"
)

// The retransmission of RFC 2131 §4.1: with no answer, a client sends its
// message again after 4 seconds, then 8, 16, 32 and 64, each randomised by
// up to a second either way so that clients that booted together (after a
// power cut) do not keep colliding; then every 64 seconds.
const (
	firstRetry = 4 * time.Second
	maxRetry   = 64 * time.Second
	jitter     = time.Second
	// maxRequests is how many DHCPREQUESTs REQUESTING sends before it
	// gives up on its offer and starts over (§4.4.1 says "after
	// employing the retransmission algorithm"; 4, 8, 16 and 32 seconds).
	maxRequests = 5
	// minRenewRetry is the shortest wait between two DHCPREQUESTs in
	// RENEWING and REBINDING (§4.4.5).
	minRenewRetry = 60 * time.Second
)

// backoff returns how long to wait for an answer to the message just sent
// (c.tries counts it). c.mu is held.
func (c *Client) backoff() time.Duration {
	now := c.stack.Now()
	switch c.state {
	case StateRenewing:
		// Half the time left until T2, but at least a minute (§4.4.5).
		return max(c.lease.Start.Add(c.lease.T2).Sub(now)/2, minRenewRetry)
	case StateRebinding:
		// Half the time left until the lease ends, at least a minute.
		return max(c.lease.Start.Add(c.lease.Time).Sub(now)/2, minRenewRetry)
	}
	d := min(firstRetry<<min(c.tries-1, 4), maxRetry)
	return d - jitter + rand.N(2*jitter+1)
}

// retransmit runs, in the softirq, when the retransmission timer expires:
// no answer came.
func (c *Client) retransmit() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped {
		return
	}
	switch c.state {
	case StateRequesting:
		if c.tries >= maxRequests {
			c.log.Warnf(logging.DHCP, "%s: no DHCPACK for %v after %d requests: starting over",
				c.dev.Name(), c.offer.YIAddr, c.tries)
			c.discover()
			return
		}
		c.transmit()
	case StateSelecting, StateRenewing, StateRebinding:
		c.transmit()
	}
}

// armLeaseTimers arms T1, T2 and the end of the lease, each counted from
// when the request that got the lease was sent (§4.4.1). An infinite lease
// arms none. c.mu is held.
func (c *Client) armLeaseTimers() {
	if c.lease.Time == Infinite {
		c.renew.Stop()
		c.rebind.Stop()
		c.expire.Stop()
		return
	}
	now := c.stack.Now()
	c.renew.Reset(c.lease.Start.Add(c.lease.T1).Sub(now))
	c.rebind.Reset(c.lease.Start.Add(c.lease.T2).Sub(now))
	c.expire.Reset(c.lease.Start.Add(c.lease.Time).Sub(now))
}

// timeout runs, in the softirq, when a lease timer expires: T1 moves to
// RENEWING, T2 to REBINDING, the end of the lease to INIT (next is the
// state the timer leads to).
func (c *Client) timeout(next State) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped || !c.holdsLease() {
		return
	}
	//camp:todo 6.15 dhcp-renew: at T1 ask our server (RENEWING), at T2 any server (REBINDING), each with a new transaction; when the lease ends, drop the address and start over
	switch next {
	case StateRenewing:
		if c.state != StateBound {
			return
		}
		c.log.Infof(logging.DHCP, "%s: T1: renewing the lease of %v with %v", c.dev.Name(), c.lease.Addr, c.lease.Server)
	case StateRebinding:
		if c.state == StateRebinding {
			return
		}
		c.log.Infof(logging.DHCP, "%s: T2: %v did not renew the lease of %v: asking any server", c.dev.Name(), c.lease.Server, c.lease.Addr)
	default:
		c.log.Warnf(logging.DHCP, "%s: the lease of %v has expired: address removed, starting over", c.dev.Name(), c.lease.Addr)
		c.retry.Stop()
		c.unconfigure()
		c.discover()
		return
	}
	//camp:mistake 6.15 renew-keeps-xid: the renewal reuses the old transaction id, so an answer to a stale retransmission of the old exchange can be taken for the answer to this one
	c.xid = rand.Uint32()
	//camp:instead
	//camp:end
	c.begun = c.stack.Now()
	c.tries = 0
	c.setState(next)
	c.transmit()
	//camp:stub
	// // Hint: a new c.xid (rand.Uint32), c.begun and c.tries for the new exchange; c.setState(next), then c.transmit();
	// // Hint: at the end of the lease: c.unconfigure(), then c.discover().
	// c.stack.Report(todo.New(6, "dhcp-renew"))
	//camp:end
}
