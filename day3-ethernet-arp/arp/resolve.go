// Generated from solutions/arp/resolve.go by "go run ./tools/course gen".
// Learners: this is your copy for day 3 — write its TODOs here. Course authors: edit
// solutions/arp/resolve.go instead and regenerate; `course check` fails when the two drift.

package arp

import (
	"net/netip"

	"github.com/go-tcpip-camp/camp/day3-ethernet-arp/ethernet"
	"github.com/go-tcpip-camp/camp/day3-ethernet-arp/ipv4"
	"github.com/go-tcpip-camp/camp/day3-ethernet-arp/logging"
	"github.com/go-tcpip-camp/camp/day3-ethernet-arp/stack"
	"github.com/go-tcpip-camp/camp/day3-ethernet-arp/todo"
)

// Send transmits an IPv4 datagram on iface's device to the neighbour next:
// at once if its hardware address is in the cache, otherwise once ARP has
// found it. It is the ipv4.Neighbours method IP output calls on devices
// that need ARP. Broadcast datagrams go to the Ethernet broadcast address,
// without ARP.
//
// While an address is being resolved, up to Options.QueueLen datagrams
// wait for it; the oldest is dropped to make room for a newer one. If the
// neighbour never answers, they are dropped and counted, and the failure is
// logged: as with a real network card, sending is not waiting.
func (l *Layer) Send(iface *ipv4.Interface, next netip.Addr, datagram []byte) error {
	dev := iface.Device()
	if next == ipv4.LimitedBroadcast || next == iface.Broadcast() {
		return dev.Transmit(stack.ProtocolIPv4, datagram, dev.Broadcast())
	}
	return l.stack.Report(l.send(iface, next, datagram))
}

func (l *Layer) send(iface *ipv4.Interface, next netip.Addr, datagram []byte) error {
	// TODO(day3): 3.6 arp-resolve — send to a neighbour whose MAC we have at once (a STALE one moves to DELAY); else queue a copy of the datagram (bounded, oldest dropped), first asking by broadcast for a neighbour unknown or FAILED.
	// Lesson: docs/day3-ethernet-arp.md#arp-resolve
	// Hint: l.cache (under l.mu) says what we know of next; l.startResolving makes it
	// Hint: INCOMPLETE and broadcasts the first request; e.state.hasMAC() says whether e.mac
	// Hint: can be used; e.timer.Reset(l.opts.DelayFirstProbe) arms DELAY's timer;
	// Hint: e.pending holds waiting datagrams.
	return todo.New(3, "arp-resolve")
}

// startResolving makes addr's entry INCOMPLETE (a new one, or one that
// FAILED before) and broadcasts the first request for it; l.mu is held.
func (l *Layer) startResolving(iface *ipv4.Interface, addr netip.Addr) (*entry, error) {
	if _, err := ourMAC(iface.Device()); err != nil {
		return nil, err
	}
	e := l.cache[addr]
	if e == nil {
		e = &entry{addr: addr}
		e.timer = l.stack.NewTimer("arp "+addr.String(), func() { l.timeout(e) })
		l.cache[addr] = e
	}
	e.state, e.mac, e.tries = StateIncomplete, ethernet.MAC{}, 0
	e.dev, e.src = iface.Device(), iface.Addr()
	l.request(e, ethernet.Broadcast())
	return e, nil
}

// request sends a request for e's address to dst (broadcast, or the known
// MAC when probing), counts it in e.tries and arms the timer for the
// next; l.mu is held.
func (l *Layer) request(e *entry, dst ethernet.MAC) {
	e.tries++
	e.timer.Reset(l.opts.Retransmit)
	mac, err := ourMAC(e.dev)
	if err != nil {
		return
	}
	l.stats.outRequests.Add(1)
	if err := l.transmit(e.dev, Request(mac, e.src, e.addr), dst); err != nil {
		l.log.Warnf(logging.ARP, "%s: request for %v: %v", e.dev.Name(), e.addr, err)
	}
}

// timeout runs, in the softirq, when an entry's timer expires, and takes
// the entry's next step (see State).
func (l *Layer) timeout(e *entry) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.cache[e.addr] != e {
		return // replaced or removed since the timer was armed
	}
	switch e.state {
	case StateIncomplete:
		l.retry(e)
	case StateReachable, StateDelay, StateProbe:
		l.recheck(e)
	case StateStale, StateFailed:
		// Unused for StaleTime (a send would have moved a STALE entry
		// on): forget it, as Linux's garbage collector does after
		// gc_staletime.
		delete(l.cache, e.addr)
		l.stats.expired.Add(1)
		l.log.Infof(logging.ARP, "cache: %v forgotten (%v, unused for %v)", e.addr, e.state, l.opts.StaleTime)
	}
}

// retry is the timer of an INCOMPLETE entry; l.mu is held.
func (l *Layer) retry(e *entry) {
	// TODO(day3): 3.7 arp-timer — an INCOMPLETE entry asks again until Retries requests went unanswered, then gives up: it becomes FAILED, its datagrams are dropped and counted, its waiters woken.
	// Lesson: docs/day3-ethernet-arp.md#arp-timer
	// Hint: e.tries counts the requests sent; l.request(e, ethernet.Broadcast()) sends another;
	// Hint: giving up: e.state = StateFailed, e.timer.Reset(l.opts.StaleTime), count
	// Hint: l.stats.failures and l.stats.unreachable (the datagrams), close each waiter.
	l.stack.Report(todo.New(3, "arp-timer"))
}

// recheck is the timer of an entry in REACHABLE, DELAY or PROBE: neighbour
// unreachability detection (RFC 4861 §7.3); l.mu is held.
func (l *Layer) recheck(e *entry) {
	// TODO(day3): 3.9 arp-nud — REACHABLE goes STALE once ReachableTime passed since the last confirmation; DELAY goes to PROBE; PROBE asks the known MAC by unicast until UnicastProbes went unanswered, then becomes INCOMPLETE and asks by broadcast.
	// Lesson: docs/day3-ethernet-arp.md#arp-nud
	// Hint: l.stack.Now() is the time; e.confirmed is when the neighbour was last confirmed;
	// Hint: e.timer.Reset(d) arms the next step; l.request(e, dst) asks and counts e.tries.
	l.stack.Report(todo.New(3, "arp-nud"))
}
