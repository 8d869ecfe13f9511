// Generated from solutions/arp/cache.go by "go run ./tools/course gen".
// Learners: this is your copy for day 3 — write its TODOs here. Course authors: edit
// solutions/arp/cache.go instead and regenerate; `course check` fails when the two drift.

package arp

import (
	"fmt"
	"net/netip"
	"time"

	"github.com/go-tcpip-camp/camp/day3-ethernet-arp/ethernet"
	"github.com/go-tcpip-camp/camp/day3-ethernet-arp/stack"
)

// State is the state of a neighbour cache entry.
//
//	           Send to an unknown address: request sent
//	(none) ───────────────────────────────────────────► INCOMPLETE ──┐
//	  ▲                                                     │        │ no reply after
//	  │ expired (Timeout)              reply (or request)   │        │ Retries requests:
//	  │                                 from the neighbour  ▼        │ queued datagrams dropped
//	  └──────────────────────────────────────────────── RESOLVED     ▼
//	                                                               (none)
//	STATIC: added by hand, never expires, never overwritten by the wire.
type State int

// The states of a cache entry.
const (
	StateIncomplete State = iota // a request is out, the answer not in yet
	StateResolved                // the hardware address is known (until Timeout)
	StateStatic                  // configured by hand
)

func (s State) String() string {
	switch s {
	case StateIncomplete:
		return "incomplete"
	case StateResolved:
		return "resolved"
	case StateStatic:
		return "static"
	}
	return fmt.Sprintf("State(%d)", int(s))
}

// GoString is what %#v prints: a failing test names the state.
func (s State) GoString() string { return s.String() }

// Options tune the ARP layer. The zero value means the defaults below.
type Options struct {
	// Timeout is how long a resolved entry is trusted without news from
	// the neighbour before it is forgotten; default 30 s (Linux keeps
	// entries reachable for 15–45 s, base_reachable_time 30 s).
	Timeout time.Duration
	// Retransmit is the time between requests for an address that does
	// not answer; default 1 s (Linux's retrans_time).
	Retransmit time.Duration
	// Retries is how many requests are sent before giving up; default 3
	// (Linux's mcast_solicit).
	Retries int
	// QueueLen bounds the datagrams kept per neighbour while its address is
	// being resolved; the oldest is dropped to make room; default 3
	// (Linux's unres_qlen is a few packets too).
	QueueLen int
	// MaxEntries bounds the neighbour cache; default 512 (Linux's
	// gc_thresh3 is 1024). While it is full, a sender that a packet for us
	// names is not added (the request is still answered): a peer sending
	// requests from ever new addresses cannot make the cache grow without
	// end. Resolving an address we send to is never refused.
	MaxEntries int
}

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.Retransmit <= 0 {
		o.Retransmit = time.Second
	}
	if o.Retries <= 0 {
		o.Retries = 3
	}
	if o.QueueLen <= 0 {
		o.QueueLen = 3
	}
	if o.MaxEntries <= 0 {
		o.MaxEntries = 512
	}
	return o
}

// Entry is a snapshot of one neighbour cache entry, as `ip neigh` shows it.
type Entry struct {
	Addr   netip.Addr
	MAC    ethernet.MAC // zero while incomplete
	State  State
	Device string
}

func (e Entry) String() string {
	return fmt.Sprintf("%v dev %s lladdr %v %s", e.Addr, e.Device, e.MAC, e.State)
}

// entry is one neighbour in the cache.
type entry struct {
	addr    netip.Addr
	mac     ethernet.MAC
	state   State
	dev     *stack.Device
	src     netip.Addr   // our address the requests are sent from
	tries   int          // requests sent while incomplete
	timer   *stack.Timer // retransmission while incomplete, expiry while resolved
	pending [][]byte     // datagrams waiting for the address
	waiters []chan struct{}
}

// snapshot returns the entry as an Entry.
func (e *entry) snapshot() Entry {
	return Entry{Addr: e.addr, MAC: e.mac, State: e.state, Device: e.dev.Name()}
}
