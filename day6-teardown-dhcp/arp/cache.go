// Generated from solutions/arp/cache.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/arp/cache.go instead and regenerate; `course check` fails when the two drift.

package arp

import (
	"fmt"
	"net"
	"net/netip"
	"time"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/ethernet"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/stack"
)

// State is the state of a neighbour cache entry. The states are those of
// RFC 4861 §7.3.2, IPv6's neighbour unreachability detection (NUD), which
// Linux applies to ARP too (`ip neigh` shows them). The transitions, as in
// RFC 4861's Appendix C, with the step of Day 3 that makes each:
//
//	state        event                                        new state
//	(none)       send [3.6]: broadcast a request, queue it    INCOMPLETE
//	INCOMPLETE   send [3.6]: queue it                         INCOMPLETE
//	INCOMPLETE   timer [3.7]: fewer than Retries requests     INCOMPLETE: ask again
//	INCOMPLETE   timer [3.7]: Retries requests unanswered     FAILED: queue dropped, waiters woken
//	INCOMPLETE   a reply for us [3.5]                         REACHABLE: queue sent
//	INCOMPLETE   another ARP packet from it [3.5]             STALE: queue sent
//	REACHABLE    timer [3.9]: ReachableTime without news      STALE
//	STALE        send [3.6]: sent at once                     DELAY
//	DELAY        timer [3.9]: DelayFirstProbe without news    PROBE: a request to its MAC
//	PROBE        timer [3.9]: fewer than UnicastProbes        PROBE: another request to its MAC
//	PROBE        timer [3.9]: UnicastProbes unanswered        INCOMPLETE: a broadcast request
//	REACHABLE, STALE, DELAY, PROBE:
//	             a reply for us [3.5], or Layer.Confirm       REACHABLE
//	             an ARP packet with another MAC [3.5]         STALE
//	             send [3.6]: sent at once                     (unchanged, but STALE: DELAY)
//	STALE, FAILED  timer: unused for StaleTime                (none): forgotten
//	FAILED       send [3.6]: broadcast a request, queue it    INCOMPLETE
//	STATIC: added by hand (Linux's PERMANENT), never expires, never overwritten by the wire.
//
// An entry in REACHABLE, STALE, DELAY or PROBE has a hardware address, and
// datagrams go to it at once: the cache never makes a neighbour that keeps
// answering wait, and never drops what is sent to it. A request from a
// neighbour (rather than a reply to ours) says where the neighbour is, not
// that it hears us: it makes a new entry STALE.
type State int

// The states of a cache entry.
const (
	StateIncomplete State = iota // a request is out, the answer not in yet
	StateReachable               // the neighbour answered (or TCP confirmed it) less than ReachableTime ago
	StateStale                   // the address is used, but not known to work: the next send checks it
	StateDelay                   // sent to while STALE: waiting DelayFirstProbe for a confirmation
	StateProbe                   // asking the known address by unicast, Retransmit apart
	StateFailed                  // the neighbour did not answer: datagrams for it were dropped
	StateStatic                  // configured by hand (Linux's PERMANENT)
)

// String returns the state's name as `ip neigh` prints it.
func (s State) String() string {
	switch s {
	case StateIncomplete:
		return "INCOMPLETE"
	case StateReachable:
		return "REACHABLE"
	case StateStale:
		return "STALE"
	case StateDelay:
		return "DELAY"
	case StateProbe:
		return "PROBE"
	case StateFailed:
		return "FAILED"
	case StateStatic:
		return "PERMANENT"
	}
	return fmt.Sprintf("State(%d)", int(s))
}

// GoString is what %#v prints: a failing test names the state.
func (s State) GoString() string { return s.String() }

// hasMAC reports whether an entry in state s holds a hardware address that
// datagrams can be sent to.
func (s State) hasMAC() bool {
	return s != StateIncomplete && s != StateFailed
}

// Options tune the ARP layer. The zero value means the defaults below,
// which are Linux's (/proc/sys/net/ipv4/neigh/<dev>/…).
type Options struct {
	// ReachableTime is how long an answer (or a confirmation from TCP)
	// keeps an entry REACHABLE; then it goes STALE, and is checked the
	// next time it is used. Default 30 s, Linux's base_reachable_time_ms.
	// (Linux draws the real time at random between 0.5 and 1.5 times that,
	// so that hosts do not check their neighbours in step; we use it as
	// it is, so that a test can predict it.)
	ReachableTime time.Duration
	// DelayFirstProbe is how long an entry used while STALE waits for a
	// confirmation from TCP before it probes; default 5 s
	// (delay_first_probe_time, RFC 4861's DELAY_FIRST_PROBE_TIME).
	DelayFirstProbe time.Duration
	// Retransmit is the time between requests (and probes) for an address
	// that does not answer; default 1 s (retrans_time_ms, RFC 4861's
	// RetransTimer).
	Retransmit time.Duration
	// Retries is how many requests are broadcast for an INCOMPLETE entry
	// before giving up; default 3 (mcast_solicit).
	Retries int
	// UnicastProbes is how many requests go straight to the known MAC of
	// an entry in PROBE before it is asked for again by broadcast; default
	// 3 (ucast_solicit, RFC 4861's MAX_UNICAST_SOLICIT).
	UnicastProbes int
	// StaleTime is how long an unused STALE or FAILED entry is kept
	// before it is forgotten; default 60 s (gc_staletime).
	StaleTime time.Duration
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
	if o.ReachableTime <= 0 {
		o.ReachableTime = 30 * time.Second
	}
	if o.DelayFirstProbe <= 0 {
		o.DelayFirstProbe = 5 * time.Second
	}
	if o.Retransmit <= 0 {
		o.Retransmit = time.Second
	}
	if o.Retries <= 0 {
		o.Retries = 3
	}
	if o.UnicastProbes <= 0 {
		o.UnicastProbes = 3
	}
	if o.StaleTime <= 0 {
		o.StaleTime = 60 * time.Second
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
	MAC    ethernet.MAC // zero while INCOMPLETE or FAILED
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
	tries   int          // requests (or probes) sent in this state
	timer   *stack.Timer // the next step of the state machine (see State)
	pending [][]byte     // datagrams waiting for the address
	waiters []chan struct{}

	// confirmed is when the neighbour was last known to hear us: an ARP
	// reply to us, or a confirmation from TCP (Layer.Confirm). A
	// REACHABLE entry stays so until ReachableTime after it.
	confirmed time.Time

	hw net.HardwareAddr // mac as a device takes it (hardwareAddr)
}

// hardwareAddr returns e's MAC as a device takes it. A net.HardwareAddr
// is a slice, so making one allocates: it is made once per MAC learned and
// shared by every datagram sent to it, which is safe because nobody writes
// into it (a new MAC gets a new slice).
func (e *entry) hardwareAddr() net.HardwareAddr {
	if len(e.hw) != len(e.mac) || ethernet.MAC(e.hw) != e.mac {
		e.hw = e.mac.HardwareAddr()
	}
	return e.hw
}

// snapshot returns the entry as an Entry.
func (e *entry) snapshot() Entry {
	return Entry{Addr: e.addr, MAC: e.mac, State: e.state, Device: e.dev.Name()}
}
